# Two commands do all the set-up:  `make lab` opens the course, `make test` runs every check.
# Each creates .venv from the requirements the first time (and again when they change).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
# Hide TensorFlow's C++ start-up noise in every process and kernel we start.
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONDONTWRITEBYTECODE := 1
# Notebook kernels run with a socket guard: any non-loopback connection fails (offline proof).
OFFLINE := PYTHONPATH=$(CURDIR)/tests/offline COURSE_OFFLINE_GUARD=1
NBVAL   := -p no:cacheprovider --nbval-lax --nbval-current-env --nbval-cell-timeout=600 -n 2 --dist loadscope

.PHONY: help lab test lint unit notebooks lessons bench venv clean

help:
	@echo "make lab      open the course in JupyterLab (creates .venv the first time)"
	@echo "make test     lint, unit tests, notebook hygiene, lessons sync, run every notebook, browser test"
	@echo "make lessons  regenerate lessons/ from solutions/ after editing a solution"
	@echo "make bench    time every notebook and widget against the budgets (not part of test)"

$(VENV)/.runtime: requirements.txt
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if (3, 10) <= v <= (3, 13) else "TensorFlow 2.21 needs Python 3.10 to 3.13, found %d.%d: run make with PYTHON=python3.12 (or another 3.10-3.13)" % v)' 
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Colab still ships ipywidgets 7: a side copy lets the tests drive every widget with it too.
IPYWIDGETS7 := ipywidgets==7.8.5 ipython_genutils==0.2.0

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps --upgrade --target $(VENV)/ipywidgets7 $(IPYWIDGETS7)
	touch $@

venv: $(VENV)/.dev

# Jupyter refuses to start as root (containers, some VMs) unless told it is fine.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(VENV)/.runtime
	$(BIN)/jupyter lab --notebook-dir=. $(ROOT_FLAG) $(LAB_ARGS) lessons/00_welcome_and_setup.ipynb

lessons: $(VENV)/.dev
	$(PY) tools/build_lessons.py

lint: $(VENV)/.dev
	$(BIN)/ruff check utils tools tests
	$(BIN)/nbqa ruff lessons solutions

unit: $(VENV)/.dev
	$(PY) tools/build_lessons.py --check
	$(PY) -m pytest -n 2 tests

notebooks: $(VENV)/.dev
	COURSE_STRICT_CHECKS=1 $(OFFLINE) $(PY) -m pytest $(NBVAL) solutions
	COURSE_STRICT_CHECKS=0 $(OFFLINE) $(PY) -m pytest $(NBVAL) lessons

test: lint unit notebooks

bench: $(VENV)/.dev
	$(PY) tools/bench.py --readme

clean:
	rm -rf build .pytest_cache .ruff_cache
