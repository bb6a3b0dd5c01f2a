"""Checks of lesson 04's exercises (re-exported by :mod:`utils.checks`).

Each check computes its expected answer itself (from Keras or utils.shapes), so the
notebook never shows the answer next to the check.
"""

from __future__ import annotations

from typing import Any

from utils.checks.core import (
    CheckResult,
    NotAttempted,
    _normalise,
    check_value,
    run_check,
)

__all__ = [
    "check_lesson04_flatten_length",
    "check_lesson04_dense_params",
    "check_lesson04_param_function",
]


#: The model of exercises 4.1 and 4.2: 28x28x1 -> Conv2D(16, 3) -> MaxPooling2D(2) -> Flatten -> Dense(64).
L04_SIDE, L04_FILTERS, L04_UNITS = 28, 16, 64


def _lesson04_flat_length() -> int:
    from utils.shapes import conv_output_length, flatten_output_shape, pool_output_length

    side = pool_output_length(conv_output_length(L04_SIDE, 3), 2)
    return flatten_output_shape((None, side, side, L04_FILTERS))[1]


def check_lesson04_flatten_length(answer: Any) -> CheckResult:
    """Exercise 4.1: Flatten's output length in the 28x28 model (Conv2D(16, 3) valid, MaxPooling2D(2)).

    >>> check_lesson04_flatten_length(13 * 13 * 16).correct
    True
    """
    expected = _lesson04_flat_length()
    f, s = L04_FILTERS, L04_SIDE

    def explain(ans):
        if isinstance(ans, (tuple, list)):
            return "that is a shape; give the flat length, a single number."
        return {
            (s - 2) ** 2 * f: "you forgot MaxPooling2D(2): it halves height and width (26 -> 13).",
            (s // 2) ** 2 * f: "that is padding='same'; Conv2D's default is 'valid': 28 -> 26 first.",
            s * s * f: "the 3x3 'valid' conv shrinks 28 to 26 and the pooling halves it to 13.",
            expected // f: "that is height*width only: multiply by the 16 channels too.",
            s * s: "that is the number of input pixels; trace the shape through the conv and the pool.",
        }.get(_normalise(ans))

    return check_value("Exercise 4.1", answer, expected, explain=explain,
                       hint="valid conv: 28 - 3 + 1; MaxPooling2D(2) halves (rounding down); "
                            "Flatten multiplies height*width*channels.")


def check_lesson04_dense_params(answer: Any) -> CheckResult:
    """Exercise 4.2: parameters of the Dense(64) right after Flatten in the exercise 4.1 model.

    >>> check_lesson04_dense_params(2704 * 64 + 64).correct
    True
    """
    from utils.shapes import dense_params

    flat = _lesson04_flat_length()
    expected = dense_params(flat, L04_UNITS)

    def explain(ans):
        return {
            flat * L04_UNITS: "you forgot the biases: one extra parameter per unit (64).",
            flat + L04_UNITS: "a Dense layer has one weight per (input, unit) PAIR: multiply.",
            dense_params((L04_SIDE - 2) ** 2 * L04_FILTERS, L04_UNITS):
                "that uses the length before MaxPooling2D; the Dense sees the pooled, flattened map.",
            dense_params(L04_SIDE * L04_SIDE, L04_UNITS):
                "that connects the raw 28*28 pixels; the Dense sees the flattened feature map.",
            dense_params(flat, 10): "that is the last Dense(10); the question asks for the Dense(64).",
        }.get(_normalise(ans))

    return check_value("Exercise 4.2", answer, expected, explain=explain,
                       hint="inputs * units + units (one bias per unit); the inputs are "
                            "Flatten's length from exercise 4.1.")


def check_lesson04_param_function(fn: Any) -> CheckResult:
    """Exercise 4.3: ``dense_params_for_side(side)`` for the lesson's digits model.

    The model is ``Conv2D(32, 3, padding="same") -> MaxPooling2D(2) -> Flatten ->
    Dense(10)`` on ``side x side x 1`` images.

    >>> check_lesson04_param_function(lambda side: (side // 2) ** 2 * 32 * 10 + 10).correct
    True
    """
    from utils.widgets import flatten_head_sizes

    sides = (8, 16, 28, 64, 224, 9, 15)
    expected = {s: flatten_head_sizes(s)["dense_params"] for s in sides}

    def judge(f):
        if not callable(f):
            return f"expected a function dense_params_for_side(side), got {f!r}."
        got = {}
        for s in sides:
            try:
                value = f(s)
            except Exception as exc:
                return f"dense_params_for_side({s}) raised {type(exc).__name__}: {exc}"
            if value is Ellipsis:
                raise NotAttempted
            got[s] = _normalise(value)
        wrong = [s for s in sides if got[s] != expected[s]]
        if not wrong:
            return None
        if all(got[s] == expected[s] - 10 for s in sides):
            return "every answer is 10 short: add the Dense layer's 10 biases."
        if all(s % 2 for s in wrong):
            return (f"right for even sides, wrong for odd ones ({wrong}): MaxPooling2D(2) rounds "
                    "down, e.g. 9 -> 4. Use integer division side // 2.")
        if all(isinstance(got[s], float) for s in wrong):
            return "parameter counts are whole numbers: use // (integer division), not /."
        return [f"dense_params_for_side({s}) returned {got[s]!r}, expected {expected[s]:,}"
                for s in wrong[:3]]

    return run_check("Exercise 4.3", fn, judge,
                     hint="'same' keeps side; MaxPooling2D(2) gives side // 2; Flatten gives "
                          "(side // 2)**2 * 32 values; a Dense(10) has values*10 + 10 parameters.")
