"""Checks of lesson 05's exercises (re-exported by :mod:`utils.checks`).

Each check computes its expected answer itself (from Keras or utils.shapes), so the
notebook never shows the answer next to the check.
"""

from __future__ import annotations

from typing import Any

from utils.checks.core import (
    CheckResult,
    NotAttempted,
    _layer_names,
    _normalise,
    run_check,
)

__all__ = [
    "check_lesson05_keepdims_shape",
    "check_lesson05_gap_function",
    "check_lesson05_any_size_model",
]


def check_lesson05_keepdims_shape(answer: Any) -> CheckResult:
    """Exercise 5.1: output shape of ``GlobalMaxPooling2D(keepdims=True)`` on ``(None, 7, 7, 512)``.

    >>> check_lesson05_keepdims_shape((None, 1, 1, 512)).correct
    True
    """
    import keras

    shape = (None, 7, 7, 512)
    expected = _normalise(keras.layers.GlobalMaxPooling2D(keepdims=True).compute_output_shape(shape))

    def judge(ans):
        if isinstance(ans, (str, bytes)) or not hasattr(ans, "__len__"):
            return f"a shape is a tuple such as (None, 3, 3, 8); you gave {ans!r}."
        got = _normalise(tuple(ans))
        if got == expected:
            return None
        return {
            (None, 512): "that is the shape WITHOUT keepdims; keepdims=True keeps height and width as 1s.",
            (1, 1, 512): "right sizes, but the batch axis comes first: (None, ...).",
            shape: "global pooling collapses each whole 7x7 map into one number per channel.",
            (None, 512, 1, 1): "Keras is channels-last by default: channels stay the LAST axis.",
        }.get(got, f"you gave {got!r}: keep the batch axis, make height and width 1, keep the channels.")

    return run_check("Exercise 5.1", answer, judge,
                     hint="Without keepdims the output is (None, 512). keepdims=True keeps the "
                          "pooled axes with size 1.")


def check_lesson05_gap_function(fn: Any) -> CheckResult:
    """Exercise 5.2: a NumPy ``global_average_pool(x)`` turning ``(N, H, W, C)`` into ``(N, C)``.

    >>> import numpy as np
    >>> check_lesson05_gap_function(lambda x: np.asarray(x).mean(axis=(1, 2))).correct
    True
    """
    import numpy as np

    rng = np.random.default_rng(5)
    cases = [rng.normal(size=shape).astype("float32")
             for shape in [(2, 4, 4, 3), (1, 7, 5, 8), (3, 1, 1, 2), (2, 6, 6, 1)]]

    def judge(f):
        if not callable(f):
            return f"expected a function global_average_pool(x), got {f!r}."
        for x in cases:
            try:
                got = f(x.copy())
            except Exception as exc:
                return f"global_average_pool on shape {x.shape} raised {type(exc).__name__}: {exc}"
            if got is Ellipsis:
                raise NotAttempted
            got = np.asarray(got)
            want = x.mean(axis=(1, 2))
            if got.shape != want.shape:
                if got.shape == x.shape[:3]:
                    return "you averaged over the channels (last axis); average over height and width."
                if got.shape == (x.shape[0], 1, 1, x.shape[3]):
                    return "that is the keepdims=True shape; return (N, C) as GlobalAveragePooling2D does."
                return f"for an input of shape {x.shape} the output must be {want.shape}, got {got.shape}."
            if np.allclose(got, x.max(axis=(1, 2))) and not np.allclose(got, want):
                return "that is the maximum (GlobalMaxPooling2D); this exercise asks for the mean."
            if not np.allclose(got, want, atol=1e-5):
                return (f"right shape, wrong values for an input of shape {x.shape}: average over "
                        "axes 1 and 2 (height, width) together.")
        return None

    return run_check("Exercise 5.2", fn, judge,
                     hint="NumPy's mean takes a tuple of axes: x.mean(axis=(1, 2)).")


def check_lesson05_any_size_model(model: Any) -> CheckResult:
    """Exercise 5.3: a GAP-head model for digits that accepts ANY image size.

    Judged by properties: output ``(None, 10)``, a GlobalAveragePooling2D layer, unknown
    height and width at the input, and it runs on 8x8 and 20x20 images.
    """
    import numpy as np

    def judge(m):
        if not hasattr(m, "count_params") or not hasattr(m, "layers"):
            return f"expected a Keras model, got {type(m).__name__}."
        problems = []
        names = _layer_names(m)
        if "GlobalAveragePooling2D" not in names:
            problems.append(f"the model should contain a GlobalAveragePooling2D layer (it has {names}).")
        if "Flatten" in names:
            problems.append("a Flatten layer needs a fixed image size; GAP replaces it.")
        if _normalise(tuple(m.output_shape)) != (None, 10):
            problems.append(f"output shape is {_normalise(tuple(m.output_shape))}, expected (None, 10).")
        in_shape = _normalise(tuple(m.input_shape))
        if len(in_shape) != 4 or in_shape[1:3] != (None, None):
            return problems + [f"the input shape is {in_shape}: use keras.Input(shape=(None, None, 1)) "
                               "so height and width can change."]
        if problems:
            return problems
        channels = in_shape[3] or 1
        for side in (8, 20):
            out = np.asarray(m(np.zeros((2, side, side, channels), "float32"), training=False))
            if out.shape != (2, 10):
                problems.append(f"on two {side}x{side} images the output has shape {out.shape}, "
                                "expected (2, 10).")
        return problems

    return run_check("Exercise 5.3", model, judge,
                     hint="keras.Input(shape=(None, None, 1)), a Conv2D or two, "
                          "GlobalAveragePooling2D(), Dense(10, activation='softmax').")
