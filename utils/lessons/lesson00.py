"""Lesson 00 · Welcome and set-up: the widget check and the two warm-up exercises.

>>> greeting(0).startswith("Slider at 0: nothing has moved yet.")
True
"""

from __future__ import annotations

import numbers
from typing import Any

from utils import checks, panel
from utils._validate import Whole, validated

__all__ = ["PANELS", "greeting", "greeting_panel", "check_batch_size", "check_photo_shape"]


@validated
def greeting(times: Whole(0, 20)) -> str:
    """The widget check's text. The slider starts at 0, so any other value proves that a slider move
    reached the kernel.

    >>> greeting(1)
    'Widgets work: the kernel saw the slider move to 1. 👋'
    """
    if times == 0:
        # Also printed by a plain cell (and on GitHub), where no widget exists: claim nothing.
        return "Slider at 0: nothing has moved yet. Drag the slider: if this line changes, widgets work."
    return f"Widgets work: the kernel saw the slider move to {times}. " + "👋" * times


def greeting_panel() -> panel.Panel:
    """One slider, starting at 0 (not moved), whose text changes when it moves."""
    return panel.Panel(greeting, times=panel.slider("times", 0, 0, 5))


greeting_panel.needs_kernel = True  # it tests the kernel's link: the website shows it static, never replayed

PANELS = [greeting_panel]


def check_batch_size(answer: Any) -> checks.CheckResult:
    """Exercise 0.1: how many images the digits training split holds (any whole-number form)."""
    from utils.data import load_digits

    split = load_digits()
    n_train, n_test, pixels = len(split.x_train), len(split.x_test), split.x_train[0].size
    known = {
        pixels: f"{pixels} is the number of pixels in ONE image (8*8*1), read from the other axes. "
                "The first axis counts images.",
        n_test: f"{n_test} is the size of the TEST split (x_test); the question asks about x_train.",
        n_train + n_test: f"{n_train + n_test} is the whole dataset, training and test splits together.",
        8: "8 is the height (or width) of one image, axis 1 or 2; the first axis, axis 0, counts images.",
        split.x_train.shape[-1]: f"{split.x_train.shape[-1]} is the number of channels, the last axis (grey "
                                 "images have one); the first axis, axis 0, counts images.",
        split.x_train.size: f"{split.x_train.size} is x_train.size, the number of ALL pixels of all images "
                            f"({n_train} images x {pixels} pixels each); the first axis, .shape[0], counts "
                            "the images.",
    }
    return checks.check_value("Exercise 0.1", answer, n_train, explain=known.get, floats=False,
                              hint="An array's .shape is a tuple with one entry per axis; which axis counts "
                                   "the samples?")


#: Exercise 0.2: 250 colour photos, each 64 pixels tall and 48 wide, stored like the digits.
PHOTOS, PHOTO_HEIGHT, PHOTO_WIDTH, PHOTO_CHANNELS = 250, 64, 48, 3


def check_photo_shape(answer: Any) -> checks.CheckResult:
    """Exercise 0.2 (transfer): the shape of an array holding 250 RGB photos of 64x48 pixels.

    >>> check_photo_shape((250, 64, 48, 3)).correct
    True
    """
    n, h, w, c = PHOTOS, PHOTO_HEIGHT, PHOTO_WIDTH, PHOTO_CHANNELS
    known = {
        (h, w, c): "that is the shape of ONE photo; the array of all photos puts their number first.",
        (None, h, w, c): "None is how Keras writes 'any batch size' for a model; this array is real "
                         f"data, and it holds {n} photos.",
        (n, w, h, c): "height and width are swapped: the photos are 64 pixels tall (rows) and 48 wide "
                      "(columns), and rows come first.",
        (n, c, h, w): "that is channels-first order; the digits (and Keras) put the channels last.",
        (n, h, w): "the channel axis is missing: a colour photo has 3 numbers per pixel (red, green, blue).",
        (n, h, w, 1): "that is one channel (grey, like the digits); colour photos have 3: red, green, blue.",
        (n, h, w, 4): "4 channels is RGBA (red, green, blue plus alpha, the transparency); these are RGB "
                      "photos: 3 channels.",
        (n, h * w * c): "that is a flattened array (lesson 02); stored like the digits, each photo keeps "
                        "its axes.",
    }

    def not_a_tuple(answer: Any) -> str | None:  # a text or one number is no shape (no Keras None here)
        if isinstance(answer, (str, bytes)):
            return (f"you gave a text ({answer!r}); write the tuple itself, without quotes: "
                    "(number of photos, height, width, channels).")
        if isinstance(answer, numbers.Number) or getattr(answer, "ndim", None) == 0:
            return (f"you gave one number ({answer!r}); a shape has one entry per axis. Write a tuple: "
                    "(number of photos, height, width, channels).")
        return None

    def otherwise(got: tuple) -> str:
        if len(got) == 4 and got[1:] == (h, w, c):
            return f"the photo axes are right, but the array holds {n} photos, not {got[0]}."
        return f"you gave {got}; an array of images is (number of images, height, width, channels)."

    judge = checks.judge_against((n, h, w, c), read=checks.as_shape, known=known, before=not_a_tuple,
                                 otherwise=otherwise)
    return checks.run_check("Exercise 0.2", answer, judge,
                            hint="Write the digits' shape (1347, 8, 8, 1) and ask what each entry means; "
                                 "then fill in the photos.")
