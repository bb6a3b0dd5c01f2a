"""Lesson 00 · Welcome and set-up: the widget check and the two warm-up exercises.

>>> greeting(2).startswith("Widgets work")
True
"""

from __future__ import annotations

from typing import Any

from utils import checks, panel

__all__ = ["PANELS", "greeting", "greeting_panel", "check_batch_size", "check_photo_shape"]


# ---------------------------------------------------------------------------
# The widget check
# ---------------------------------------------------------------------------


def greeting(times: int) -> str:
    """Update function of the widget check: proves that a slider reaches the kernel.

    ``times`` is a whole number from 1 to 20.

    >>> greeting(1)
    'Widgets work: the kernel saw the slider at 1. 👋'
    """
    if isinstance(times, bool) or not isinstance(times, int) or not 1 <= times <= 20:
        raise ValueError(f"times must be a whole number from 1 to 20, got times={times!r}.")
    return f"Widgets work: the kernel saw the slider at {times}. " + "👋" * times


def greeting_panel() -> panel.Panel:
    """One slider whose text changes when it moves."""
    return panel.Panel(greeting, times=panel.slider("times", 1, 1, 5))


PANELS = [greeting_panel]


# ---------------------------------------------------------------------------
# Exercise checks
# ---------------------------------------------------------------------------


def check_batch_size(answer: Any) -> checks.CheckResult:
    """Exercise 0.1: how many images the digits training split holds.

    Accepts any whole-number form (``x_train.shape[0]``, ``len(x_train)``, ``np.int64``, ...).
    """
    from utils.data import load_digits

    split = load_digits()
    n_train, n_test = len(split.x_train), len(split.x_test)
    pixels = split.x_train[0].size

    def explain(value: int) -> str | None:
        return {
            pixels: f"{pixels} is the number of pixels in ONE image (8*8*1), read from the other axes. "
            "The first axis counts images.",
            n_test: f"{n_test} is the size of the TEST split (x_test); the question asks about x_train.",
            n_train + n_test: f"{n_train + n_test} is the whole dataset, training and test splits together.",
            8: "8 is the height (or width) of one image, axis 1 or 2; the first axis, axis 0, counts images.",
        }.get(value)

    return checks.check_value(
        "Exercise 0.1",
        answer,
        n_train,
        explain=explain,
        hint="An array's .shape is a tuple with one entry per axis; which axis counts the samples?",
    )


#: Exercise 0.2: 250 colour photos, each 64 pixels tall and 48 wide, stored like the digits.
PHOTOS, PHOTO_HEIGHT, PHOTO_WIDTH, PHOTO_CHANNELS = 250, 64, 48, 3


def check_photo_shape(answer: Any) -> checks.CheckResult:
    """Exercise 0.2 (transfer): the shape of an array holding 250 RGB photos of 64x48 pixels.

    >>> check_photo_shape((250, 64, 48, 3)).correct
    True
    """
    n, h, w, c = PHOTOS, PHOTO_HEIGHT, PHOTO_WIDTH, PHOTO_CHANNELS
    expected = (n, h, w, c)
    known = {
        (h, w, c): "that is the shape of ONE photo; the array of all photos puts their number first.",
        (None, h, w, c): (
            "None is how Keras writes 'any batch size' for a model; this array is real "
            f"data, and it holds {n} photos."
        ),
        (n, w, h, c): (
            "height and width are swapped: the photos are 64 pixels tall (rows) and 48 wide "
            "(columns), and rows come first."
        ),
        (n, c, h, w): "that is channels-first order; the digits (and Keras) put the channels last.",
        (n, h, w): "the channel axis is missing: a colour photo has 3 numbers per pixel (red, green, blue).",
        (n, h, w, 1): "that is one channel (grey, like the digits); colour photos have 3: red, green, blue.",
        (
            n,
            h * w * c,
        ): "that is a flattened array (lesson 02); stored like the digits, each photo keeps its axes.",
    }

    def otherwise(got: tuple) -> str:
        if len(got) == 4 and got[1:] == expected[1:]:
            return f"the photo axes are right, but the array holds {n} photos, not {got[0]}."
        return f"you gave {got}; an array of images is (number of images, height, width, channels)."

    return checks.run_check(
        "Exercise 0.2",
        answer,
        checks.judge_against(expected, read=checks.as_shape, known=known, otherwise=otherwise),
        hint="Write the digits' shape (1347, 8, 8, 1) and ask what each entry means; then fill in the "
        "photos.",
    )
