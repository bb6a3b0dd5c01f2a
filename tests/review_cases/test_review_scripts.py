"""The reviews' case scripts that run as programs (each exits 1 when a check accepts a WRONG answer or
rejects a right one): run by make test, so a regression in a check cannot go unnoticed."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.mark.parametrize("script", ["lesson04_cases.py", "lesson05_cases.py", "learner_00_03_r6_cases.py",
                                    "learner_04_08_r6_cases.py", "learner_00_03_r7_cases.py",
                                    "learner_04_08_r7_cases.py", "learner_00_03_r8_cases.py",
                                    "learner_00_03_r9_cases.py", "learner_04_08_r9_cases.py",
                                    "learner_00_03_r10_cases.py", "learner_04_08_r10_cases.py",
                                    "learner_00_03_r11_cases.py", "learner_04_08_r11_cases.py",
                                    "learner_00_03_r12_cases.py", "learner_04_08_r12_cases.py",
                                    "learner_00_03_r18_cases.py", "learner_04_08_r18_cases.py",
                                    "learner_00_03_r19_cases.py", "learner_04_08_r19_cases.py",
                                    "learner_00_03_r20_cases.py", "learner_04_08_r20_cases.py"])
def test_a_reviews_case_script_finds_every_check_agreeing_with_the_truth(script):
    # The r10-r12 04-08 scripts' full modes retrain capstone designs for minutes: their light mode skips
    # them (tests/test_lesson_08_capstone_design_a_head.py covers those checks).
    env = {**os.environ, "CASES_LIGHT": "1"}
    done = subprocess.run([sys.executable, str(HERE / script)], capture_output=True, text=True, timeout=600,
                          cwd=HERE.parents[1], env=env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    # The scripts mark a disagreement with FAIL, BAD or MISMATCH at the start of its line (or "<-- MISMATCH").
    assert "ok" in done.stdout
    assert not re.search(r"^\s*(FAIL|BAD|MISMATCH)\b|<-- MISMATCH", done.stdout, re.M), done.stdout[-2000:]
