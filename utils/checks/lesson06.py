"""Checks of lesson 06's exercises (re-exported by :mod:`utils.checks`).

Each check computes its expected answer itself (from Keras or utils.shapes), so the
notebook never shows the answer next to the check.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from utils.checks.core import (
    CheckResult,
    NotAttempted,
    _layer_names,
    _normalise,
    run_check,
)

__all__ = [
    "check_lesson06_flatten_mb",
    "check_lesson06_channels_last",
    "check_lesson06_variable_length_model",
]


def _lesson06_mb_mistake(got: Any, height: int, width: int, channels: int, units: int) -> str:
    """Name the usual slip behind a wrong megabyte count, or return ''."""
    from utils.shapes import dense_params

    n_in = height * width * channels
    params = dense_params(n_in, units)
    known = [
        (params, "that is the number of parameters; each float32 takes 4 bytes, "
                 "and 1 MB is 1,000,000 bytes."),
        (params * 4, "that is the number of bytes: divide by 1,000,000 to get MB."),
        (params * 4 / 2**20, "that is MiB (2**20 bytes); this course uses MB = 1,000,000 bytes."),
        (n_in * units * 4 / 1e6, "you forgot the bias: Dense has one bias per unit."),
        (params * 8 / 1e6, "that is float64 (8 bytes); Keras weights are float32, 4 bytes each."),
        (dense_params(channels, units) * 4 / 1e6,
         "that is the size after GlobalAveragePooling2D (channels values), not after Flatten."),
    ]
    for value, why in known:
        if isinstance(got, numbers.Real) and math.isclose(float(got), value, rel_tol=1e-6):
            return why
    return ""


def check_lesson06_flatten_mb(fn: Any) -> CheckResult:
    """Lesson 06: ``fn(height, width, channels, units)`` -> MB of float32 weights of Dense after Flatten."""
    from utils.shapes import dense_params

    cases = [(7, 7, 512, 4096), (224, 224, 64, 4096), (5, 3, 2, 10), (1, 1, 1, 1)]

    def judge(f):
        if not callable(f):
            return f"expected a function of (height, width, channels, units), got {f!r}."
        for args in cases:
            call = f"{getattr(f, '__name__', 'f')}{args}"
            got = f(*args)
            if got is Ellipsis:
                raise NotAttempted
            want = dense_params(args[0] * args[1] * args[2], args[3]) * 4 / 1e6
            if not isinstance(got, numbers.Real) or isinstance(got, bool):
                return f"{call} returned {got!r}; expected a number of megabytes."
            if not math.isclose(float(got), want, rel_tol=1e-6):
                why = _lesson06_mb_mistake(got, *args)
                return f"{call} returned {got!r}, expected {want:,.6g}." + (f" Likely {why}" if why else "")
        return None

    return run_check(
        "Exercise 6.1", fn, judge,
        hint="Flatten gives height*width*channels values; Dense(units) has one weight per "
             "(value, unit) pair plus one bias per unit; 4 bytes each; MB = 1e6 bytes.",
    )


def check_lesson06_channels_last(answer: Any, x_chw: Any) -> CheckResult:
    """Lesson 06: ``answer`` must be ``x_chw`` (N, C, H, W) with the channels moved last."""
    import numpy as np

    source = np.asarray(x_chw)
    expected = np.transpose(source, (0, 2, 3, 1))

    def judge(ans):
        if not hasattr(ans, "shape"):
            return f"expected a NumPy array, got {type(ans).__name__}."
        ans = np.asarray(ans)
        if ans.shape == source.shape and np.array_equal(ans, source):
            return f"this is still channels-first {source.shape}: the channels must move to the end."
        if ans.shape != expected.shape:
            return (f"the shape is {ans.shape}, expected {expected.shape} = "
                    "(images, height, width, channels).")
        if np.array_equal(ans, expected):
            return None
        if np.array_equal(ans, source.reshape(expected.shape)):
            return ("the shape is right but the pixels are scrambled: reshape keeps the memory "
                    "order and only relabels the axes. Move the axis with np.transpose.")
        if np.array_equal(ans, np.transpose(source, (0, 3, 2, 1))):
            return ("height and width are swapped (the picture is flipped over its diagonal): "
                    "the axes order is (0, 2, 3, 1).")
        return "the shape is right but the values are not the original pixels in channels-last order."

    return run_check(
        "Exercise 6.2", answer, judge,
        hint="np.transpose(x, axes) puts old axis axes[i] at position i; channels sit on axis 1 "
             "now and must end up last.",
    )


def check_lesson06_variable_length_model(model: Any, vocab_size: int = 50) -> CheckResult:
    """Lesson 06: a Conv1D model that takes token sequences of ANY length and outputs (batch, 1)."""
    import numpy as np

    def judge(m):
        if not hasattr(m, "count_params") or not hasattr(m, "layers"):
            return f"expected a Keras model, got {type(m).__name__}."
        problems = []
        in_shape = _normalise(tuple(m.input_shape)) if hasattr(m, "input_shape") else None
        if in_shape is not None and len(in_shape) == 2 and in_shape[1] is not None:
            problems.append(f"its input has a fixed length ({in_shape}): write "
                            "keras.Input(shape=(None,)) so any length fits.")
        if "Conv1D" not in _layer_names(m):
            problems.append(f"the model should contain a Conv1D layer (it has {_layer_names(m)}).")
        out = _normalise(tuple(m.output_shape))
        if out != (None, 1):
            problems.append(f"output shape is {out}, expected (None, 1): one probability per sequence.")
        if problems:
            return problems
        rng = np.random.default_rng(0)
        for batch, length in ((2, 7), (3, 61)):
            tokens = rng.integers(1, vocab_size, size=(batch, length)).astype("int32")
            try:
                shape = tuple(np.asarray(m(tokens)).shape)
            except Exception as exc:
                from utils.errors import diagnose

                if "is not in [0" in str(exc):
                    return (f"token ids go up to {vocab_size - 1}: give Embedding "
                            f"input_dim={vocab_size} (the vocabulary size).")
                return (f"calling it on {batch} sequences of length {length} failed: "
                        f"{diagnose(exc).what}")
            if shape != (batch, 1):
                return (f"on {batch} sequences of length {length} it returned shape {shape}, "
                        f"expected ({batch}, 1).")
        return None

    return run_check(
        "Exercise 6.3", model, judge,
        hint="keras.Input(shape=(None,)) -> Embedding -> Conv1D -> a global pooling layer "
             "-> Dense(1, activation='sigmoid'). Which layer needs a fixed length?",
    )
