"""Shared test set-up: import utils from the repo root, quiet TensorFlow, lenient checks,
reproducible property tests, and the ``slow`` mark on the tests `make check` leaves out."""

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (derandomize): a failure in CI reproduces
# locally, and a run never fails by luck. `HYPOTHESIS_PROFILE=explore pytest ...` searches afresh
# (random draws, more examples) when hunting for new failures; hypothesis prints the seed to replay.
settings.register_profile("course", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, database=None, print_blob=True,
                          max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "course"))

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def lenient_checks(monkeypatch):
    """Tests start in the learner's (lenient) mode; a test opts into strict mode itself."""
    monkeypatch.delenv("COURSE_STRICT_CHECKS", raising=False)


@pytest.fixture
def strict(monkeypatch):
    """Strict mode, as CI runs solutions/: a wrong answer raises ExerciseError."""
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")


# Tests measured at over ~2 s on 2 busy cores (pytest --durations, 2026-12-06) that carry no mark of
# their own: they train a model, start kernels or subprocesses. Matched on "file::test" prefixes, so
# parametrized cases follow their test. `make check` deselects them (-m "not slow"); `make test` runs all.
SLOW = (
    # filled from measurements below
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.startswith(SLOW):
            item.add_marker(pytest.mark.slow)
