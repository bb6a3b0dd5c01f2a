"""Review cases for lessons 00-03 (issue 21), each labelled by the truth: the check must agree.

Every case was a check false positive (a wrong answer accepted) or a wrong message before the fix.
Run: ``pytest tests/review_cases/test_review_issue21_lessons_00_03.py`` (collected by make test).
"""

import math

import pytest

from utils.lessons import lesson00, lesson02, lesson03

CORRECT, WRONG = True, False

CASES = [
    # (label, check, answers, truth, words the verdict must contain or None)
    ("0.2 a single number", lesson00.check_photo_shape, (250,), WRONG, "one number"),
    ("0.2 the right shape", lesson00.check_photo_shape, ((250, 64, 48, 3),), CORRECT, None),
    ("2.3 a one-element list", lesson02.check_position_function,
     (lambda r, co, ch, h, w, c: [(r * w + co) * c + ch],), WRONG, "not a number"),
    ("2.3 the formula", lesson02.check_position_function,
     (lambda r, co, ch, h, w, c: (r * w + co) * c + ch,), CORRECT, None),
    *[(f"3.4 span {span}", lesson03.check_dilated_signal,
       ((None, 63 - span, 8), (None, math.ceil((63 - span) / 3), 8), (None, 17, 8)), span == 11,
       None if span == 11 else "conv1d_shape (the Conv1D's output)") for span in (10, 11, 12, 15, 3)],
    ("3.4 right conv, floored pooling", lesson03.check_dilated_signal,
     ((None, 52, 8), (None, 17, 8)), WRONG, "rounds UP"),
]


@pytest.mark.parametrize("label, check, answers, truth, words", CASES, ids=[c[0] for c in CASES])
def test_the_check_agrees_with_the_truth(label, check, answers, truth, words):
    result = check(*answers)
    assert result.correct is truth, result.text()
    assert words is None or words in result.text()
    if not truth:
        assert "conv1d_shape is right" not in result.text() or answers[0] == (None, 52, 8)
