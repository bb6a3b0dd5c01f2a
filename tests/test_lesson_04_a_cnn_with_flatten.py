"""Lesson 04 (a CNN with Flatten): update function, figures and exercise checks."""

import time

import keras
import pytest
from matplotlib.figure import Figure

from utils import checks, plots, shapes, widgets
from utils.checks import ExerciseError


def digits_cnn(side: int, filters: int = 32) -> keras.Sequential:
    """The lesson's model, as the notebook writes it."""
    return keras.Sequential([
        keras.Input(shape=(side, side, 1)),
        keras.layers.Conv2D(filters, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])


# --- shape math behind the slider -------------------------------------------

@pytest.mark.parametrize("side, filters", [(8, 32), (9, 32), (16, 8), (30, 64), (64, 16)])
def test_flatten_head_sizes_agree_with_keras(side, filters):
    model = digits_cnn(side, filters)
    sizes = widgets.flatten_head_sizes(side, filters)
    assert tuple(model.layers[1].output.shape[1:]) == sizes["pool_shape"]
    assert model.layers[2].output.shape[1] == sizes["flatten_length"]
    assert model.layers[0].count_params() == sizes["conv_params"]
    assert model.layers[3].count_params() == sizes["dense_params"]


def test_dense_params_grow_with_the_square_of_the_side_while_conv_params_stay():
    small, big = widgets.flatten_head_sizes(8), widgets.flatten_head_sizes(16)
    assert big["flatten_length"] == 4 * small["flatten_length"]
    assert big["dense_params"] - 10 == 4 * (small["dense_params"] - 10)
    assert big["conv_params"] == small["conv_params"] == 320


def test_flatten_growth_text_follows_the_side_slider():
    assert "4*4*32 = 512" in widgets.flatten_growth(8)
    assert "8*8*32 = 2,048" in widgets.flatten_growth(16)
    assert "x4" in widgets.flatten_growth(16)
    assert widgets.flatten_growth(8) != widgets.flatten_growth(16)


def test_flatten_growth_widget_moves_with_its_first_slider():
    box = widgets.flatten_growth_widget()
    first = next(iter(box.controls.values()))
    assert first.description.startswith("image side")
    first.value = first.value + first.step
    assert "2,048" in box.text_output.value


def test_flatten_growth_rejects_impossible_settings_with_a_friendly_message():
    with pytest.raises(ValueError, match="side=1"):
        widgets.flatten_growth(1)
    with pytest.raises(ValueError, match="filters=0"):
        widgets.flatten_head_sizes(8, filters=0)


def test_flatten_growth_is_fast_enough_for_a_slider():
    start = time.perf_counter()
    for side in range(8, 225, 8):
        widgets.flatten_growth(side)
    assert (time.perf_counter() - start) / 28 < 0.02


def test_vgg16_head_numbers_from_the_formula():
    flat = shapes.flatten_output_shape((None, 7, 7, 512))[1]
    assert flat == 25088
    assert shapes.dense_params(flat, 4096) == 102_764_544
    assert shapes.dense_params(4096, 4096) == 16_781_312
    assert shapes.dense_params(4096, 1000) == 4_097_000
    assert 14_714_688 + 102_764_544 + 16_781_312 + 4_097_000 == 138_357_544
    dense = keras.layers.Dense(7)
    dense.build((None, 5))
    assert dense.count_params() == shapes.dense_params(5, 7)


# --- figures ----------------------------------------------------------------

def test_params_vs_side_returns_a_figure_and_validates_lengths():
    fig = plots.params_vs_side([8, 16, 24], {"Dense": [5130, 20490, 46090], "Conv": [320] * 3},
                               highlight=16, log=True)
    assert isinstance(fig, Figure)
    with pytest.raises(ValueError, match="'Dense' has 2 values"):
        plots.params_vs_side([8, 16, 24], {"Dense": [1, 2]})


# --- exercise checks --------------------------------------------------------

def test_exercise_4_1_accepts_the_flatten_length_as_any_integer_type():
    import numpy as np

    assert checks.check_lesson04_flatten_length(2704).correct
    assert checks.check_lesson04_flatten_length(np.int64(13 * 13 * 16)).correct


def test_exercise_4_1_matches_keras():
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Conv2D(16, 3),
                              keras.layers.MaxPooling2D(2), keras.layers.Flatten()])
    assert checks.check_lesson04_flatten_length(model.output_shape[1]).correct


@pytest.mark.parametrize("wrong, words", [(26 * 26 * 16, "MaxPooling2D"), (14 * 14 * 16, "same"),
                                          (13 * 13, "channels")])
def test_exercise_4_1_explains_typical_mistakes(wrong, words, strict):
    with pytest.raises(ExerciseError, match=words):
        checks.check_lesson04_flatten_length(wrong)


def test_exercise_4_1_placeholder_is_not_attempted():
    assert checks.check_lesson04_flatten_length(...).status == "not attempted"


def test_exercise_4_2_accepts_the_dense_count_from_keras_or_arithmetic():
    dense = keras.layers.Dense(64)
    dense.build((None, 2704))
    assert checks.check_lesson04_dense_params(dense.count_params()).correct
    assert checks.check_lesson04_dense_params(2704 * 64 + 64).correct


@pytest.mark.parametrize("wrong, words", [(2704 * 64, "biases"), (2704 + 64, "PAIR"),
                                          (26 * 26 * 16 * 64 + 64, "before MaxPooling2D")])
def test_exercise_4_2_explains_typical_mistakes(wrong, words, strict):
    with pytest.raises(ExerciseError, match=words):
        checks.check_lesson04_dense_params(wrong)


def test_exercise_4_2_placeholder_is_not_attempted():
    assert checks.check_lesson04_dense_params(...).status == "not attempted"


def test_exercise_4_3_accepts_different_correct_functions():
    def explicit(side):
        pooled = side // 2
        return pooled * pooled * 32 * 10 + 10

    def with_shapes(side):
        pooled = shapes.pool_output_length(shapes.conv_output_length(side, 3, padding="same"), 2)
        return shapes.dense_params(pooled * pooled * 32, 10)

    assert checks.check_lesson04_param_function(explicit).correct
    assert checks.check_lesson04_param_function(with_shapes).correct


def test_exercise_4_3_explains_a_missing_bias_and_a_missing_floor(strict):
    with pytest.raises(ExerciseError, match="10 short"):
        checks.check_lesson04_param_function(lambda side: (side // 2) ** 2 * 320)
    with pytest.raises(ExerciseError, match="odd"):
        checks.check_lesson04_param_function(lambda side: int((side / 2) ** 2 * 320 + 10))
    with pytest.raises(ExerciseError, match="function"):
        checks.check_lesson04_param_function(5130)


def test_exercise_4_3_stub_is_not_attempted_and_a_crash_is_explained():
    assert checks.check_lesson04_param_function(lambda side: ...).status == "not attempted"
    result = checks.check_lesson04_param_function(lambda side: 1 / 0)
    assert result.status == "wrong" and "ZeroDivisionError" in result.message
