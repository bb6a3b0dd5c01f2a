# Two commands do all the set-up:  `make lab` opens the course, `make test` runs every check.
# Each creates .venv from the requirements the first time (and again when they change).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
# Hide TensorFlow's C++ start-up noise in every process and kernel we start.
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONDONTWRITEBYTECODE := 1
# The test targets call tools/run_tests.py, the one entry point that also works without make (Windows):
# it sets each step's environment itself and runs notebooks offline through tools/offline.py.
TESTS  := $(PY) tools/run_tests.py

.PHONY: help lab check test lint unit backends notebooks colab lessons bench site venv clean

help:
	@echo "make lab      open the course in JupyterLab (creates .venv the first time)"
	@echo "make check    lint + fast unit tests (no lesson training, browser, site or notebook)"
	@echo "make test     everything: lint, unit tests (browser, site), the Keras tests on JAX and PyTorch,"
	@echo "              every notebook offline on TensorFlow, JAX and PyTorch, and under Colab's versions"
	@echo "make colab    run every notebook under Colab's versions (builds .venv/colab once)"
	@echo "make lessons  regenerate lessons/ from solutions/ after editing a solution"
	@echo "make bench    time every notebook and widget against the budgets (not part of test)"
	@echo "make site     build the course website into build/site/ (checked by make test)"

$(VENV)/.runtime: requirements.txt
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if (3, 11) <= v <= (3, 13) else "The course needs Python 3.11 to 3.13 (numpy 2.4, matplotlib 3.11, scikit-learn 1.9 and TensorFlow 2.21 publish wheels for those), found %d.%d: run make with PYTHON=python3.12 (or another 3.11-3.13)" % v)' 
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Colab still ships ipywidgets 7: a side copy lets the tests drive every widget with it too.
IPYWIDGETS7 := ipywidgets==7.8.5 ipython_genutils==0.2.0

# PyTorch: PyPI's Linux wheel is the CUDA build (several GB); on Linux the CPU build comes first from
# PyTorch's own index (the version is requirements-dev.txt's), unless torch is already installed.
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu

# make check needs only lint and pytest on top of the runtime: no other backend, browser or website.
$(VENV)/.check: $(VENV)/.runtime requirements-check.txt
	$(PY) -m pip install --quiet -r requirements-check.txt
	touch $@

$(VENV)/.dev: $(VENV)/.check requirements-dev.txt
	$(PY) -c 'import torch' 2>/dev/null || [ "$$(uname -s)" != Linux ] || \
	  $(PY) -m pip install --quiet --retries 1 --timeout 15 "$$(grep -E '^torch[~=<>]' requirements-dev.txt)" \
	    --index-url $(TORCH_INDEX) || echo "PyTorch's CPU index is unreachable here: torch comes from the default index"
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps --upgrade --target $(VENV)/ipywidgets7 $(IPYWIDGETS7)
	touch $@

venv: $(VENV)/.dev

# Jupyter refuses to start as root (containers, some VMs) unless told it is fine.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(VENV)/.runtime
	$(BIN)/jupyter lab --notebook-dir=. $(ROOT_FLAG) $(LAB_ARGS) lessons/00_welcome_and_setup.ipynb

# Only the standard library: regenerating lessons never installs the course's environment.
lessons:
	$(PYTHON) tools/build_lessons.py

lint: $(VENV)/.check
	$(TESTS) lint

# Fast feedback for contributors: lint + unit tests that neither train, drive a browser, build the site
# nor run a notebook (pytest -m "not slow and not browser and not site"). make test keeps everything.
check: $(VENV)/.check
	$(TESTS) check

unit: $(VENV)/.dev
	$(TESTS) unit

# The tests that run through Keras' backend, again on JAX and PyTorch (COURSE_BACKENDS chooses).
backends: $(VENV)/.dev
	$(TESTS) backends

notebooks: $(VENV)/.dev
	$(TESTS) notebooks

# Colab's versions (tests/colab-requirements.txt + colab-constraints.txt) in .venv/colab, rebuilt only
# when they change; lessons and solutions run from a private /content with a stand-in google.colab.
colab: $(VENV)/.dev
	$(TESTS) colab

test: lint unit backends notebooks colab

bench: $(VENV)/.dev
	$(PY) tools/bench.py --readme

# The website: each lesson executed once (offline-guarded kernels, cached in build/site-cache/),
# rendered by Sphinx + MyST-NB into build/site/. tests/test_site.py (in `make unit`) checks it in Chromium.
site: $(VENV)/.dev
	$(PY) tools/site.py

clean:
	rm -rf build .pytest_cache .ruff_cache
