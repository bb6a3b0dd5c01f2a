"""Lesson 00: the greeting panel (the widget check) and the two warm-up checks."""

import numpy as np
import pytest

from utils.checks import ExerciseError
from utils.data import load_digits
from utils.lessons import lesson00


def test_the_greeting_panel_greets_as_many_times_as_the_slider_says():
    box = lesson00.greeting_panel()
    assert "course-widget" in box._dom_classes
    box.controls["times"].value = 3
    assert lesson00.greeting(3) in box.text_output.value and "👋👋👋" in box.text_output.value


@pytest.mark.parametrize("bad", [-1, 21, "2", 1.5, True])
def test_the_greeting_refuses_anything_but_a_small_whole_number(bad):
    with pytest.raises(ValueError, match="times"):
        lesson00.greeting(bad)


def test_the_greeting_panel_is_registered():
    assert lesson00.greeting_panel in lesson00.PANELS


@pytest.fixture(scope="module")
def x_train():
    return load_digits().x_train


def test_exercise_0_1_accepts_every_way_of_counting_the_images(x_train):
    for answer in (x_train.shape[0], len(x_train), np.int64(1347), np.array([1347]), [1347]):
        assert lesson00.check_batch_size(answer), answer
    # Review r9: one rule for sizes, positions and lengths in every check: an int (Keras refuses 14.0).
    assert "a float" in lesson00.check_batch_size(1347.0).message


@pytest.mark.parametrize(
    "wrong, words",
    [
        (64, "pixels in ONE image"),
        (450, "TEST split"),
        (1797, "whole dataset"),
        (8, "height"),
        (1, "number of channels"),  # review r19: x_train.shape[3] got only the generic message
        (1347 * 64, "x_train.size"),
        (1346, "different"),
        (1347.5, "not a whole number"),
    ],
)
def test_exercise_0_1_explains_typical_wrong_counts(wrong, words):
    result = lesson00.check_batch_size(wrong)
    assert result.status == "wrong" and words in result.message


def test_exercise_0_2_accepts_the_photo_shape_in_any_container():
    for answer in (
        (250, 64, 48, 3),
        [250, 64, 48, 3],
        np.zeros((250, 64, 48, 3), "uint8").shape,
        (np.int64(250), 64, 48, 3),
        np.array([250, 64, 48, 3]),
    ):
        assert lesson00.check_photo_shape(answer), answer


@pytest.mark.parametrize(
    "wrong, words",
    [
        ((64, 48, 3), "ONE photo"),
        ((None, 64, 48, 3), "250 photos"),
        ((250, 48, 64, 3), "swapped"),
        ((250, 3, 64, 48), "channels-first"),
        ((250, 64, 48), "channel axis is missing"),
        ((250, 64, 48, 1), "one channel"),
        ((250, 64, 48, 4), "RGBA"),
        ((250, 9216), "flattened"),
        ((100, 64, 48, 3), "not 100"),
        ((250.0, 64, 48, 3), "whole number"),
        ("(250, 64, 48, 3)", "tuple"),
    ],
)
def test_exercise_0_2_explains_typical_wrong_shapes(wrong, words):
    result = lesson00.check_photo_shape(wrong)
    assert result.status == "wrong" and words in result.message


@pytest.mark.parametrize(
    "check, wrong", [(lesson00.check_batch_size, 64), (lesson00.check_photo_shape, (64, 48, 3))]
)
def test_wrong_answers_raise_in_strict_mode(strict, check, wrong):
    with pytest.raises(ExerciseError):
        check(wrong)


@pytest.mark.parametrize("check", [lesson00.check_batch_size, lesson00.check_photo_shape])
def test_the_placeholder_is_not_attempted(check):
    result = check(...)
    assert result.status == "not attempted" and result.hint


@pytest.mark.parametrize("single", [250, 250.0, np.int64(250), np.array(250)])
def test_exercise_0_2_a_single_number_is_not_told_about_keras_none(single):
    """Issue 21: the message used to say a shape looks like (None, 8, 8, 1), wrong for a data array."""
    result = lesson00.check_photo_shape(single)
    assert result.status == "wrong" and "one number" in result.message and "None" not in result.message


def test_the_greeting_claims_widgets_work_only_after_the_slider_moved():
    box = lesson00.greeting_panel()
    assert box.controls["times"].value == 0 and "Widgets work" not in box.text_output.value
    assert "nothing has moved yet" in box.text_output.value
    # Review r19: the same text is printed by a plain cell, where no widget exists, so it claims nothing.
    assert "rendered" not in lesson00.greeting(0) and "kernel" not in lesson00.greeting(0)
    box.controls["times"].value = 2
    assert "Widgets work" in box.text_output.value
