"""Checks of lesson 02's exercises (re-exported by :mod:`utils.checks`).

Each check computes its expected answer itself (from Keras or utils.shapes), so the
notebook never shows the answer next to the check.
"""

from __future__ import annotations

from typing import Any

from utils.checks.core import (
    CheckResult,
    NotAttempted,
    _normalise,
    _values_equal,
    check_value,
    run_check,
)

__all__ = [
    "check_lesson02_flat_length",
    "check_lesson02_flat_position",
    "check_lesson02_position_function",
    "check_lesson02_element_at",
]


def check_lesson02_flat_length(answer: Any) -> CheckResult:
    """Exercise 2.1: the length of Flatten's output for a ``(None, 7, 7, 64)`` feature map.

    >>> check_lesson02_flat_length(7 * 7 * 64).correct
    True
    """
    from utils.shapes import flatten_output_shape

    h, w, c = 7, 7, 64
    expected = flatten_output_shape((None, h, w, c))[1]

    def explain(ans):
        if isinstance(ans, (tuple, list)):
            return "that is a shape; give the flat length, a single number (the last entry)."
        return {
            h * w: "that is height*width: every pixel has 64 channel values, multiply them in too.",
            w * c: "you multiplied only one spatial axis: use height AND width.",
            h + w + c: "Flatten multiplies the sizes, it does not add them.",
        }.get(_normalise(ans))

    return check_value("Exercise 2.1", answer, expected, explain=explain,
                       hint="Flatten keeps the batch axis and multiplies all the others.")


def check_lesson02_flat_position(answer: Any) -> CheckResult:
    """Exercise 2.2: the flat position of element ``[row=2, col=1, channel=3]`` of a (5, 4, 8) map.

    >>> check_lesson02_flat_position(75).correct
    True
    """
    from utils.shapes import flat_index

    (r, c, ch), (h, w, cs) = (2, 1, 3), (5, 4, 8)
    expected = flat_index(r, c, ch, h, w, cs)

    def explain(ans):
        return {
            (ch * h + r) * w + c: ("that is channels-first order (a plain reshape of a (C, H, W) "
                                   "array); Keras Flatten puts channels last, so channel changes fastest."),
            (c * h + r) * cs + ch: "you walked down columns first; row-major order walks along rows first.",
            expected + 1: "positions count from 0, as Python indices do.",
        }.get(_normalise(ans))

    return check_value("Exercise 2.2", answer, expected, explain=explain,
                       hint="Either use the formula (row*width + col)*channels + channel, or flatten "
                            "np.arange(5*4*8).reshape(1, 5, 4, 8) and look up x[0, 2, 1, 3].")


def _lesson02_position_cases() -> list:
    from utils.shapes import flat_index

    cases = []
    for h, w, cs in [(2, 3, 4), (5, 4, 8), (1, 6, 1), (4, 1, 3), (3, 3, 2)]:
        for r in range(h):
            for c in range(w):
                for ch in range(cs):
                    cases.append(((r, c, ch, h, w, cs), flat_index(r, c, ch, h, w, cs)))
    return cases


def check_lesson02_position_function(answer: Any) -> CheckResult:
    """Exercise 2.3: a function ``position(row, col, ch, h, w, c)`` giving Flatten's flat index.

    >>> check_lesson02_position_function(lambda r, co, ch, h, w, c: (r * w + co) * c + ch).correct
    True
    """
    cases = _lesson02_position_cases()

    def judge(fn):
        if not callable(fn):
            return f"expected a function, got {fn!r}."
        failures = []
        channels_first = True
        for args, want in cases:
            try:
                got = fn(*args)
            except Exception as exc:
                return f"position{args} raised {type(exc).__name__}: {exc}"
            if got is Ellipsis:
                raise NotAttempted
            r, c, ch, h, w, _ = args
            channels_first = channels_first and _normalise(got) == (ch * h + r) * w + c
            if not _values_equal(got, want, 0.0):
                failures.append(f"position{args} returned {got!r}, expected {want!r}")
        if not failures:
            return None
        if channels_first:
            return ("your function gives channels-first positions (channel slowest); Keras "
                    "Flatten puts channels last, so the channel changes fastest.")
        more = [f"... and {len(failures) - 3} more of {len(cases)} cases"] if len(failures) > 3 else []
        return failures[:3] + more

    return run_check("Exercise 2.3", answer, judge,
                     hint="Count whole pixels first (row*w + col), then each pixel holds c numbers.")


def check_lesson02_element_at(answer: Any) -> CheckResult:
    """Exercise 2.4: which ``(row, col, channel)`` sits at flat position 50 of a (4, 4, 8) map.

    >>> check_lesson02_element_at((1, 2, 2)).correct
    True
    """
    from utils.shapes import unflat_index

    index, (h, w, cs) = 50, (4, 4, 8)
    expected = unflat_index(index, h, w, cs)
    ch_first, rest = divmod(index, h * w)
    channels_first = (rest // w, rest % w, ch_first)

    def judge(ans):
        if isinstance(ans, (str, bytes)) or not hasattr(ans, "__len__") or len(ans) != 3:
            return f"give three numbers (row, col, channel); you gave {ans!r}."
        got = _normalise(tuple(ans))
        if got == expected:
            return None
        if got == channels_first:
            return ("that is where position 50 is in channels-first order; Keras Flatten "
                    "puts channels last, so divide by the number of channels first.")
        if got == tuple(reversed(expected)):
            return "the numbers are right but reversed: answer in the order (row, col, channel)."
        return f"position 50 does not hold element {got}."

    return run_check("Exercise 2.4", answer, judge,
                     hint="channel = 50 % 8, pixel = 50 // 8; then row = pixel // 4, col = pixel % 4. "
                          "Or use utils.shapes.unflat_index.")
