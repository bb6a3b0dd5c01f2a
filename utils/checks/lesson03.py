"""Checks of lesson 03's exercises (re-exported by :mod:`utils.checks`).

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
    run_check,
)

__all__ = [
    "check_lesson03_conv_shape",
    "check_lesson03_out_len",
    "L03_EXERCISE_CHAIN",
    "check_lesson03_smallest_input",
]


def check_lesson03_conv_shape(answer: Any) -> CheckResult:
    """Exercise 3.1: ``model.output_shape`` of ``Conv2D(8, 5, strides=2)`` on 32x32x3 images.

    >>> check_lesson03_conv_shape((None, 14, 14, 8)).correct
    True
    """
    import keras

    from utils.shapes import conv_output_length

    i, k, s, filters, channels = 32, 5, 2, 8, 3
    expected = _normalise(keras.layers.Conv2D(filters, k, strides=s)
                          .compute_output_shape((None, i, i, channels)))
    side = expected[1]
    known = {
        conv_output_length(i, k, s, "same"): "that is padding='same' (ceil(i / s)); Conv2D's "
                                             "default padding is 'valid' (no zeros added).",
        (i - k) // s: "you forgot the `+ 1`: the first window position counts too.",
        conv_output_length(i, k): "you ignored the stride: with strides=2 the window jumps 2 pixels.",
    }

    def judge(ans):
        if isinstance(ans, (str, bytes)) or not hasattr(ans, "__len__"):
            return f"a shape is a tuple such as (None, 10, 10, 4); you gave {ans!r}."
        got = _normalise(tuple(ans))
        if got == expected:
            return None
        if got == expected[1:]:
            return "right sizes, but write the batch axis first: (None, height, width, channels)."
        if len(got) != 4:
            return f"the output has 4 axes (batch, height, width, channels); you gave {len(got)}."
        if any(isinstance(v, float) and not v.is_integer() for v in got[1:3]):
            return ("sizes are whole numbers: the floor in floor((i - k) / s) + 1 drops the "
                    "pixels the last window cannot reach.")
        if got[1:3] == (side, side) and got[3] != filters:
            return f"the spatial size is right, but a Conv2D outputs one channel per filter ({filters})."
        if got[1] in known:
            return known[got[1]]
        return f"you gave {got!r}; use o = floor((i + 2p - k) / s) + 1 on each of height and width."

    return run_check("Exercise 3.1", answer, judge,
                     hint="i=32, k=5, s=2, p=0 ('valid'). Then the channels: one per filter.")


def _lesson03_out_len_cases() -> list:
    """(args, expected) for out_len(i, k, s, p): valid, same and explicit p, all possible."""
    from utils.shapes import conv_output_length

    cases = []
    for i in (1, 5, 6, 7, 8, 28, 32):
        for k in (1, 2, 3, 5):
            for s in (1, 2, 3):
                for p in ("valid", "same", 0, 1, 2):
                    try:
                        cases.append(((i, k, s, p), conv_output_length(i, k, s, p)))
                    except ValueError:
                        continue
    return cases


def check_lesson03_out_len(fn: Any) -> CheckResult:
    """Exercise 3.2: a function ``out_len(i, k, s, p)`` for "valid", "same" and an int p.

    >>> check_lesson03_out_len(lambda i, k, s, p: -(-i // s) if p == "same"
    ...     else (i + 2 * (0 if p == "valid" else p) - k) // s + 1).correct
    True
    """
    cases = _lesson03_out_len_cases()

    def judge(f):
        if not callable(f):
            return f"expected a function out_len(i, k, s, p), got {f!r}."
        failed, kinds, results = [], set(), []
        for args, want in cases:
            try:
                got = f(*args)
            except Exception as exc:
                failed.append(f"out_len{args!r} raised {type(exc).__name__}: {exc}")
                kinds.add("error")
                continue
            if got is Ellipsis:
                raise NotAttempted
            results.append((got, want))
            if not _values_equal(got, want, 0.0):
                failed.append(f"out_len{args!r} returned {got!r}, expected {want!r}")
                kinds.add("same" if args[3] == "same" else "valid" if args[3] in ("valid", 0) else "int")
        if not failed:
            return None
        if any(isinstance(g, float) and not g.is_integer() for g, _ in results):
            advice = "some results are not whole numbers: use floor division `//` (the floor)."
        elif results and all(_values_equal(g, w - 1, 0.0) for g, w in results):
            advice = "every answer is one too small: add 1 for the first window position."
        elif kinds == {"same"}:
            advice = "'valid' and int p work; for 'same' the length is ceil(i / s), i.e. -(-i // s)."
        elif kinds == {"int"}:
            advice = "'valid' works; an int p adds p zeros on EACH side, so use i + 2 * p."
        else:
            advice = f"{len(failed)} of {len(cases)} cases are wrong, for example:"
        return [advice] + failed[:3]

    return run_check("Exercise 3.2", fn, judge,
                     hint="p == 'same' -> ceil(i / s); otherwise turn 'valid' into p = 0 and use "
                          "(i + 2 * p - k) // s + 1.")


#: Exercise 3.3's chain: (Keras layer, kind, window, stride), all "valid".
L03_EXERCISE_CHAIN = (("Conv2D(8, 5)", "conv", 5, 1), ("MaxPooling2D(2)", "pool", 2, 2),
                      ("Conv2D(16, 3, strides=2)", "conv", 3, 2), ("MaxPooling2D(2)", "pool", 2, 2))


def _lesson03_chain_failure(size: int) -> str | None:
    """None if a size x size image passes :data:`L03_EXERCISE_CHAIN`, else where it fails."""
    from utils.shapes import conv_output_length, pool_output_length

    n = size
    for layer, (name, kind, window, stride) in enumerate(L03_EXERCISE_CHAIN, start=1):
        if window > n:
            return f"layer {layer}, {name}, gets a {n}x{n} map: too small for a {window}x{window} window"
        n = (conv_output_length(n, window, stride) if kind == "conv"
             else pool_output_length(n, window, stride))
    return None


def check_lesson03_smallest_input(answer: Any) -> CheckResult:
    """Exercise 3.3: the smallest square image that survives :data:`L03_EXERCISE_CHAIN`.

    >>> check_lesson03_smallest_input(14).correct
    True
    """
    expected = next(n for n in range(1, 1000) if _lesson03_chain_failure(n) is None)

    def judge(ans):
        a = _normalise(ans)
        if isinstance(a, float) and a.is_integer():
            a = int(a)
        if isinstance(a, bool) or not isinstance(a, int):
            return f"give one whole number (the image side in pixels); you gave {ans!r}."
        if a < 1:
            return f"an image side is at least 1 pixel; you gave {a}."
        if a == expected:
            return None
        failure = _lesson03_chain_failure(a)
        if failure:
            return f"a {a}x{a} image does not survive: {failure}."
        return f"a {a}x{a} image survives, but so does a smaller one: keep going down."

    return run_check("Exercise 3.3", answer, judge,
                     hint="Work backwards from the last layer: it needs at least 2 inputs, so the "
                          "layer before must output at least 2, ...; or loop over sizes.")
