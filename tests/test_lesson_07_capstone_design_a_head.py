"""Lesson 07 (capstone: design a head): the design panel, the goal map and the capstone checks."""

import itertools
import statistics
import time

import keras
import numpy as np
import pytest
from matplotlib.figure import Figure

from utils import checks, data, models, plots, widgets
from utils.checks import ExerciseError

L = keras.layers


def _fit(model, epochs, seed=0):
    keras.utils.set_random_seed(seed)
    split = data.load_digits()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(split.x_train, split.y_train, epochs=epochs, batch_size=32, verbose=0)
    return model


@pytest.fixture(scope="module")
def linear_model():
    """Correct answer 1: no convolution at all, Flatten -> Dense(10) (650 parameters)."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(8, 8, 1)), L.Flatten(),
                              L.Dense(10, activation="softmax")])
    return _fit(model, epochs=5)


@pytest.fixture(scope="module")
def any_size_gmp_model():
    """Correct answer 2: global max pooling on an input of ANY size, (None, None, 1)."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input(shape=(None, None, 1)),
        L.Conv2D(16, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
        L.Conv2D(16, 3, padding="same", activation="relu"), L.GlobalMaxPooling2D(),
        L.Dense(10, activation="softmax"),
    ])
    return _fit(model, epochs=4)


# --- the design panel (pure shape math) ---------------------------------------

SPECS = list(itertools.product(range(4), (4, 12), ("flatten", "gap", "gmp"), (0, 8)))


@pytest.mark.parametrize("blocks, filters, head, hidden", SPECS[::5] + [(2, 16, "flatten", 64)])
def test_capstone_rows_agree_with_the_same_model_built_by_keras(blocks, filters, head, hidden):
    model = models.build_cnn(filters=(filters,) * blocks, head=head, dense_units=hidden)
    rows = widgets.capstone_rows(blocks, filters, head, hidden)
    keras_rows = models.trace(model)
    assert [shape for _, shape, _ in rows] == [row.output_shape for row in keras_rows]
    assert [params for _, _, params in rows] == [row.params for row in keras_rows]
    assert widgets.capstone_params(blocks, filters, head, hidden) == model.count_params()


def test_capstone_trace_says_whether_the_design_fits_the_budget():
    over = widgets.capstone_trace(2, 16, "flatten", 64)
    assert "7,290" in over and "❌ over the budget by 2,290" in over and "Dense(64) with 4,160" in over
    fits = widgets.capstone_trace(1, 8, "flatten", 0)
    assert fits.splitlines()[-1] == "✅ fits the budget: 3,630 parameters to spare."
    assert "✅" in widgets.capstone_trace(2, 16, "flatten", 64, budget=8000)


def test_capstone_trace_lists_every_layer_with_its_shape():
    text = widgets.capstone_trace(2, 16, "gap", 0)
    for expected in ("(None, 8, 8, 16)", "(None, 2, 2, 16)", "GlobalAveragePooling2D", "(None, 16)",
                     "(None, 10)"):
        assert expected in text


def test_capstone_widget_text_changes_with_its_first_slider():
    box = widgets.capstone_widget()
    first_name, first = next(iter(box.controls.items()))
    assert first_name == "blocks" and hasattr(first, "min")
    before = box.text_output.value
    first.value += 1  # what the browser test does with ArrowRight
    values = {name: control.value for name, control in box.controls.items()}
    assert box.text_output.value != before
    assert box.text_output.value == widgets.render(widgets.capstone_trace(**values))[0]


def test_capstone_widget_explains_an_impossible_fourth_block():
    box = widgets.capstone_widget()
    box.controls["blocks"].value = 4
    assert widgets.ERROR_CLASS in box.text_output.value and "blocks=4 is too many" in box.text_output.value


def test_capstone_rows_reject_bad_settings_by_name():
    with pytest.raises(ValueError, match="blocks=4 is too many"):
        widgets.capstone_rows(4, 8, "gap", 0)
    with pytest.raises(ValueError, match="filters=0"):
        widgets.capstone_rows(1, 0, "gap", 0)
    with pytest.raises(ValueError, match="head='dense'"):
        widgets.capstone_rows(1, 8, "dense", 0)
    with pytest.raises(ValueError, match="hidden=-1"):
        widgets.capstone_rows(1, 8, "gap", -1)
    with pytest.raises(ValueError, match="budget=0"):
        widgets.capstone_trace(1, 8, "gap", 0, budget=0)


def test_capstone_trace_is_fast_enough_for_a_slider():
    timings = []
    for _ in range(30):
        start = time.perf_counter()
        widgets.capstone_trace(3, 32, "gmp", 128)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.020


# --- goal map -----------------------------------------------------------------

def test_capstone_map_returns_a_figure_even_with_no_designs_yet():
    assert isinstance(plots.capstone_map({"A": (1370, 0.97), "big": (20810, 0.98)}, 5000, 0.9), Figure)
    assert isinstance(plots.capstone_map({}, 5000, 0.9), Figure)


def test_capstone_map_rejects_bad_points_by_name():
    with pytest.raises(ValueError, match="designs\\['A'\\]"):
        plots.capstone_map({"A": (1370,)}, 5000, 0.9)
    with pytest.raises(ValueError, match="target="):
        plots.capstone_map({}, 5000, 1.5)


# --- Exercise 7.1: the largest hidden layer -----------------------------------

def test_max_hidden_answer_agrees_with_keras():
    def params(units):
        return models.build_cnn(filters=(16, 16), head="flatten", dense_units=units).count_params()

    assert params(33) <= checks.CAPSTONE_BUDGET < params(34)


@pytest.mark.parametrize("answer", [33, np.int64(33)])
def test_max_hidden_accepts_the_largest_fitting_layer(answer):
    assert checks.check_lesson07_max_hidden(answer).correct


@pytest.mark.parametrize("answer, why", [
    (34, "5,040 parameters, over the budget"),
    (64, "over the budget"),
    (32, "a bigger hidden layer fits too"),
    (0, "no hidden layer at all"),
    (33.5, "whole number"),
])
def test_max_hidden_explains_wrong_answers(answer, why):
    result = checks.check_lesson07_max_hidden(answer)
    assert result.status == "wrong" and why in result.message


def test_max_hidden_raises_in_strict_mode_and_waits_for_a_placeholder(strict):
    with pytest.raises(ExerciseError):
        checks.check_lesson07_max_hidden(32)
    with pytest.raises(ExerciseError, match="not attempted"):
        checks.check_lesson07_max_hidden(...)


def test_max_hidden_placeholder_is_not_attempted():
    assert checks.check_lesson07_max_hidden(...).status == "not attempted"


# --- the capstone check ---------------------------------------------------------

def test_capstone_accepts_a_model_without_any_convolution(linear_model, strict):
    result = checks.check_lesson07_capstone(linear_model)
    assert result.correct and "650 parameters" in result.message
    assert result.exercise == "Capstone (Flatten head)"


def test_capstone_accepts_a_global_pooling_model_of_any_input_size(any_size_gmp_model, strict):
    result = checks.check_lesson07_capstone(any_size_gmp_model)
    assert result.correct and result.exercise == "Capstone (global-pooling head)"


def test_capstone_accepts_logits_and_weights_it_did_not_train_itself(linear_model, strict):
    logits = keras.Sequential([keras.Input(shape=(8, 8, 1)), L.Flatten(), L.Dense(10)])
    logits.set_weights(linear_model.get_weights())  # same argmax, never compiled here
    assert checks.check_lesson07_capstone(logits).correct


def test_capstone_measures_accuracy_itself_on_the_test_split(linear_model):
    split = data.load_digits()
    expected = float((np.asarray(linear_model.predict(split.x_test, verbose=0)).argmax(1)
                      == split.y_test).mean())
    assert checks.capstone_accuracy(linear_model) == pytest.approx(expected)
    assert checks.capstone_accuracy(linear_model) >= checks.CAPSTONE_TARGET


def test_capstone_fails_an_untrained_model_on_accuracy_and_says_why():
    keras.utils.set_random_seed(1)
    untrained = keras.Sequential([keras.Input(shape=(8, 8, 1)), L.Flatten(),
                                  L.Dense(10, activation="softmax")])
    problems = checks.capstone_problems(untrained)
    assert len(problems) == 1 and problems[0].startswith("accuracy:")
    assert "below the target 0.90" in problems[0] and "never compiled or trained" in problems[0]
    untrained.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    assert "compiled but has not been trained" in checks.capstone_problems(untrained)[0]
    result = checks.check_lesson07_capstone(untrained)
    assert result.status == "wrong" and "test accuracy is" in result.message


def test_capstone_lists_every_failure_of_an_over_budget_untrained_model():
    too_big = keras.Sequential([keras.Input(shape=(8, 8, 1)), L.Conv2D(32, 3, padding="same"),
                                L.Flatten(), L.Dense(10, activation="softmax")])
    result = checks.check_lesson07_capstone(too_big)
    assert result.status == "wrong" and len(result.details) == 2
    assert result.details[0].startswith("budget: the model has 20,810 parameters, 15,810 over")
    assert result.details[1].startswith("accuracy:")


def test_capstone_budget_is_the_only_problem_of_an_accurate_but_big_model(linear_model):
    problems = checks.capstone_problems(linear_model, budget=600)
    assert len(problems) == 1 and "650 parameters, 50 over the budget of 600" in problems[0]


def test_capstone_explains_a_wrong_output_shape_and_does_not_measure_accuracy():
    spatial = keras.Sequential([keras.Input(shape=(8, 8, 1)), L.Dense(10)])
    problems = checks.capstone_problems(spatial)
    assert "output: the shape is (None, 8, 8, 10)" in problems[0] and "spatial axes" in problems[0]
    assert problems[-1].startswith("accuracy: not measured yet")
    five = keras.Sequential([keras.Input(shape=(8, 8, 1)), L.Flatten(), L.Dense(5)])
    assert "Dense(10)" in checks.capstone_problems(five)[0]


def test_capstone_explains_a_wrong_input_and_things_that_are_not_models():
    big_images = keras.Sequential([keras.Input(shape=(16, 16, 1)), L.GlobalAveragePooling2D(), L.Dense(10)])
    assert checks.capstone_problems(big_images)[0].startswith("input: the model takes (None, 16, 16, 1)")
    assert "expected a Keras model" in checks.check_lesson07_capstone(0.97).message
    unbuilt = keras.Sequential([L.Flatten(), L.Dense(10)])
    assert "not built yet" in checks.check_lesson07_capstone(unbuilt).message


def test_capstone_raises_for_wrong_models_in_strict_mode(strict):
    with pytest.raises(ExerciseError, match="output"):
        checks.check_lesson07_capstone(keras.Sequential([keras.Input(shape=(8, 8, 1)), L.Dense(10)]))
    keras.utils.set_random_seed(1)
    with pytest.raises(ExerciseError, match="accuracy"):
        checks.check_lesson07_capstone(
            keras.Sequential([keras.Input(shape=(8, 8, 1)), L.Flatten(), L.Dense(10)]))


def test_capstone_placeholder_is_not_attempted():
    assert checks.check_lesson07_capstone(...).status == "not attempted"
