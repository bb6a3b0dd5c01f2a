"""Checks of lesson 00's exercises (re-exported by :mod:`utils.checks`).

Each check computes its expected answer itself (from Keras or utils.shapes), so the
notebook never shows the answer next to the check.
"""

from __future__ import annotations

from typing import Any

from utils.checks.core import (
    CheckResult,
    _normalise,
    check_value,
)

__all__ = [
    "check_lesson00_batch_size",
]


def check_lesson00_batch_size(answer: Any) -> CheckResult:
    """Lesson 00 warm-up: how many images are in the digits training split."""
    from utils.data import load_digits

    expected = len(load_digits().x_train)
    return check_value(
        "Exercise 0.1", answer, expected,
        hint="`x_train.shape[0]` is the number of images: the first axis counts samples.",
        explain=lambda a: ("that is the number of pixels per image, not the number of images."
                           if _normalise(a) == 64 else None),
    )
