"""Lesson 01: the batch-shape widget, the reshape figure and the exercise checks."""

import html

import keras
import numpy as np
import pytest
from matplotlib.figure import Figure

from utils import checks, plots, widgets
from utils.checks import ExerciseError
from utils.data import load_digits


@pytest.fixture(scope="module")
def x_train():
    return load_digits().x_train


# --- widget -----------------------------------------------------------------

def test_batch_report_shows_the_data_shape_the_keras_shape_and_the_counts():
    text = widgets.batch_shape_report(batch=32, height=8, width=8, channels=1)
    assert "(32, 8, 8, 1)" in text and "(None, 8, 8, 1)" in text
    assert "8*8*1 = 64" in text and "32*64 = 2,048" in text


@pytest.mark.parametrize("one", [(8, 8, 1), (32, 32, 3), (5, 7, 2)])
def test_batch_report_prints_the_shape_keras_input_really_has(one):
    text = widgets.batch_shape_report(4, *one)
    assert f"-> {keras.Input(shape=one).shape}" in text


def test_changing_only_the_batch_size_keeps_the_keras_shape_and_per_image_count():
    a = widgets.batch_shape_report(1, 8, 8, 1).splitlines()
    b = widgets.batch_shape_report(5, 8, 8, 1).splitlines()
    changed = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    assert changed == [0, 1, 4]


@pytest.mark.parametrize("bad", [{"batch": 0}, {"height": -1}, {"channels": 1.5}, {"width": True}])
def test_impossible_sizes_raise_a_value_error_naming_the_argument(bad):
    values = dict(batch=2, height=8, width=8, channels=1)
    values.update(bad)
    name = next(iter(bad))
    with pytest.raises(ValueError, match=name):
        widgets.batch_shape_report(**values)


def test_moving_the_first_slider_changes_the_text_to_the_new_report():
    box = widgets.batch_shape_widget()
    assert "course-widget" in box._dom_classes
    first = next(iter(box.controls.values()))
    assert first.description == "batch size"
    before = box.text_output.value
    first.value += 1
    values = {name: c.value for name, c in box.controls.items()}
    assert box.text_output.value != before
    assert html.escape(widgets.batch_shape_report(**values)) in box.text_output.value


def test_an_impossible_setting_shows_a_friendly_message_in_the_panel():
    box = widgets.batch_shape_widget()
    box.controls["batch"].min = 0
    box.controls["batch"].value = 0
    assert "course-error" in box.text_output.value and "batch" in box.text_output.value


# --- figure -----------------------------------------------------------------

def test_reshape_grids_draws_one_panel_per_block_of_a_3d_array():
    a = np.arange(24).reshape(2, 3, 4)
    fig = plots.reshape_grids({"a": a, "a.reshape(4, 6)": a.reshape(4, 6), "flat": a.reshape(-1)})
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2 + 1 + 1


@pytest.mark.parametrize("bad", [{}, {"x": np.zeros((2, 2))}, {"x": np.arange(16).reshape(2, 2, 2, 2)},
                                 {"x": np.arange(200)}])
def test_reshape_grids_rejects_what_it_cannot_draw(bad):
    with pytest.raises(ValueError):
        plots.reshape_grids(bad)


# --- checks -----------------------------------------------------------------

def test_exercise_1_1_accepts_any_way_of_writing_the_batch_shape(x_train):
    assert checks.check_lesson01_batch_shape(x_train[:32].shape)
    assert checks.check_lesson01_batch_shape([32, 8, 8, 1])
    assert checks.check_lesson01_batch_shape((np.int64(32), 8, 8, 1))


@pytest.mark.parametrize("answer, words", [
    ((8, 8, 1), "ONE digit"),
    ((None, 8, 8, 1), "holds 32 images"),
    ((32, 1, 8, 8), "channels-first"),
    ((32, 8, 8), "channel axis is missing"),
    ((16, 8, 8, 1), "not 16"),
])
def test_exercise_1_1_explains_typical_wrong_shapes(answer, words):
    result = checks.check_lesson01_batch_shape(answer)
    assert result.status == "wrong" and words in result.message


def test_exercise_1_1_asks_for_the_shape_when_given_the_array(x_train):
    assert ".shape" in checks.check_lesson01_batch_shape(x_train[:32]).message


def test_exercise_1_2_accepts_any_keras_input_for_rgb_32_by_32():
    assert checks.check_lesson01_rgb_input(keras.Input(shape=(32, 32, 3)))
    assert checks.check_lesson01_rgb_input(keras.layers.Input((32, 32, 3), name="rgb"))


@pytest.mark.parametrize("make, words", [
    (lambda: keras.Input(shape=(100, 32, 32, 3)), "shape of ONE"),
    (lambda: keras.Input(shape=(32, 32, 3), batch_size=16), "fixed to 16"),
    (lambda: keras.Input(shape=(3, 32, 32)), "channels-first"),
    (lambda: keras.Input(shape=(32, 32, 1)), "3 channels"),
    (lambda: (32, 32, 3), "that is a shape"),
])
def test_exercise_1_2_explains_typical_wrong_inputs(make, words):
    result = checks.check_lesson01_rgb_input(make())
    assert result.status == "wrong" and words in result.message


def test_exercise_1_3_accepts_size_or_product_of_the_shape(x_train):
    assert checks.check_lesson01_element_count(x_train.size)
    assert checks.check_lesson01_element_count(np.prod(x_train.shape))


@pytest.mark.parametrize("wrong, words", [(1347, "number of images"), (64, "ONE image"),
                                          (1347 * 64 * 4, "bytes")])
def test_exercise_1_3_explains_images_pixels_and_bytes(wrong, words):
    result = checks.check_lesson01_element_count(wrong)
    assert result.status == "wrong" and words in result.message


def test_exercise_1_4_accepts_the_value_however_it_was_computed():
    assert checks.check_lesson01_reshape_value(13)
    assert checks.check_lesson01_reshape_value(np.arange(24).reshape(2, 3, 4).reshape(4, 6)[2, 1])


def test_exercise_1_4_recognises_column_major_thinking():
    result = checks.check_lesson01_reshape_value(6)
    assert result.status == "wrong" and "column-major" in result.message
    assert checks.check_lesson01_reshape_value(9).status == "wrong"


@pytest.mark.parametrize("check, wrong", [
    (checks.check_lesson01_batch_shape, (8, 8, 1)),
    (checks.check_lesson01_rgb_input, (32, 32, 3)),
    (checks.check_lesson01_element_count, 64),
    (checks.check_lesson01_reshape_value, 6),
])
def test_wrong_answers_raise_in_strict_mode(strict, check, wrong):
    with pytest.raises(ExerciseError):
        check(wrong)


@pytest.mark.parametrize("check", [
    checks.check_lesson01_batch_shape, checks.check_lesson01_rgb_input,
    checks.check_lesson01_element_count, checks.check_lesson01_reshape_value,
])
def test_the_placeholder_is_not_attempted(check):
    result = check(...)
    assert result.status == "not attempted" and result.hint
