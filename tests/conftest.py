"""Shared test set-up: import utils from the repo root, quiet TensorFlow, lenient checks."""

import os
import sys
from pathlib import Path

import pytest

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
