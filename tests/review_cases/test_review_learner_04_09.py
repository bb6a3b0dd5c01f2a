"""The independent learner review of lessons 04-09 (tests/review_cases/learner_04_09_cases.py), as a test.

Every case is an answer a learner could give, run through the lesson's own check: labels starting with
WRONG must be rejected, every other answer accepted, and no check may raise. ``--fast`` leaves out the
capstone's design checks, which train models (tests/test_lesson_08_* covers those).
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_every_reviewed_answer_gets_the_verdict_its_label_says():
    run = subprocess.run([sys.executable, str(Path(__file__).with_name("learner_04_09_cases.py")), "--fast"],
                         cwd=ROOT, capture_output=True, text=True, timeout=1800,
                         env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "COURSE_STRICT_CHECKS": "0"})
    assert run.returncode == 0, run.stderr[-3000:]
    summary = ast.literal_eval(next(line for line in run.stdout.splitlines()
                                    if line.startswith("SUMMARY:")).split(":", 1)[1].strip())
    problems = [line for line in run.stdout.splitlines() if line.startswith(("[FALSE", "[RAISE"))]
    assert summary["ok"] > 100 and problems == [], problems
