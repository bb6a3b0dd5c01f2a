"""Checks of lesson 01's exercises (re-exported by :mod:`utils.checks`).

Each check computes its expected answer itself (from Keras or utils.shapes), so the
notebook never shows the answer next to the check.
"""

from __future__ import annotations

from typing import Any

from utils.checks.core import (
    CheckResult,
    _normalise,
    check_value,
    run_check,
)

__all__ = [
    "check_lesson01_batch_shape",
    "check_lesson01_rgb_input",
    "check_lesson01_element_count",
    "check_lesson01_reshape_value",
]


def _lesson01_digits():
    from utils.data import load_digits

    return load_digits()


def check_lesson01_batch_shape(answer: Any) -> CheckResult:
    """Exercise 1.1: the shape of a batch of the first 32 training digits.

    >>> check_lesson01_batch_shape((32, 8, 8, 1)).correct
    True
    """
    expected = _normalise(_lesson01_digits().x_train[:32].shape)
    n, h, w, c = expected
    known = {
        (h, w, c): "that is the shape of ONE digit: a batch puts the number of images first.",
        (None, h, w, c): ("None is how Keras writes 'any batch size' before it sees data; this "
                          f"batch is real data and holds {n} images."),
        (n, h, w): f"the channel axis is missing: the course's digits keep a last axis of size {c}.",
        (n, c, h, w): "that is channels-first order; Keras (and this data) put channels last.",
        (n, h * w * c): "that is a flattened batch (lesson 02); the batch keeps its image axes.",
    }

    def judge(ans):
        if hasattr(ans, "ndim") and getattr(ans, "ndim", 0) > 1:
            return "you passed the array itself; pass its shape (the `.shape` attribute)."
        if isinstance(ans, (str, bytes)) or not hasattr(ans, "__len__"):
            return f"a shape is a tuple such as (10, 8, 8, 1); you gave {ans!r}."
        got = _normalise(tuple(ans))
        if got == expected:
            return None
        if got in known:
            return known[got]
        if len(got) == 4 and got[1:] == expected[1:]:
            return f"the image axes are right, but the batch holds {n} images, not {got[0]}."
        return f"you gave {got!r}; a batch is (number of images, height, width, channels)."

    return run_check("Exercise 1.1", answer, judge,
                     hint="Slice the first 32 images with `x_train[:32]` and read its `.shape`.")


def check_lesson01_rgb_input(answer: Any) -> CheckResult:
    """Exercise 1.2: a ``keras.Input`` for RGB images of 32x32 pixels, any batch size.

    >>> import keras
    >>> check_lesson01_rgb_input(keras.Input(shape=(32, 32, 3))).correct
    True
    """
    expected = (None, 32, 32, 3)

    def judge(ans):
        if isinstance(ans, (tuple, list)):
            return ("that is a shape; pass the tensor that keras.Input(shape=...) returns, "
                    "e.g. rgb_inputs = keras.Input(shape=...).")
        shape = getattr(ans, "shape", None)
        if shape is None or not hasattr(ans, "dtype"):
            return f"expected the result of keras.Input(...), got {type(ans).__name__}."
        got = _normalise(tuple(shape))
        if got == expected:
            return None
        if len(got) == 5 and got[2:] == expected[1:]:
            return ("you put a batch axis inside shape=: keras.Input takes the shape of ONE "
                    "image, and Keras adds the batch axis (None) itself.")
        if len(got) == 4 and got[1:] == expected[1:]:
            return (f"the batch axis is fixed to {got[0]}: leave batch_size out so the model "
                    "accepts batches of any size.")
        if got == (None, 3, 32, 32):
            return "that is channels-first order; Keras puts channels last: (height, width, channels)."
        if got == (None, 32, 32, 1):
            return "that is one channel (grey); RGB images have 3 channels: red, green, blue."
        if got == (None, 32, 32):
            return "the channel axis is missing: an RGB image has 3 numbers per pixel."
        return f"your input has shape {got}; an RGB image of 32x32 pixels is (32, 32, 3)."

    return run_check("Exercise 1.2", answer, judge,
                     hint="keras.Input(shape=(height, width, channels)): no batch axis in `shape`.")


def check_lesson01_element_count(answer: Any) -> CheckResult:
    """Exercise 1.3: how many numbers (elements) ``x_train`` holds."""
    x_train = _lesson01_digits().x_train
    n, h, w, c = x_train.shape
    per_image = h * w * c

    def explain(ans):
        ans = _normalise(ans)
        if ans == n:
            return "that is the number of images; each image holds more numbers than one."
        if ans == per_image:
            return "that is the number of pixels in ONE image; multiply by the number of images."
        if ans == x_train.nbytes:
            return (f"that is the number of bytes: each float32 element takes {x_train.itemsize} "
                    "bytes. Count elements, not bytes.")
        return None

    return check_value("Exercise 1.3", answer, int(x_train.size), explain=explain,
                       hint="Multiply all entries of the shape, or use the array's `.size`.")


def check_lesson01_reshape_value(answer: Any) -> CheckResult:
    """Exercise 1.4: the value of ``np.arange(24).reshape(2, 3, 4).reshape(4, 6)[2, 1]``."""
    import numpy as np

    expected = int(np.arange(24).reshape(2, 3, 4).reshape(4, 6)[2, 1])
    column_major = int(np.arange(24).reshape((4, 6), order="F")[2, 1])

    def explain(ans):
        if _normalise(ans) == column_major:
            return ("that is column-major (Fortran) order, where the FIRST axis changes fastest. "
                    "NumPy and Keras use row-major order: the last axis changes fastest.")
        return None

    return check_value("Exercise 1.4", answer, expected, explain=explain,
                       hint="Reshape keeps the order 0, 1, 2, ... and fills rows of 6 one after the other.")
