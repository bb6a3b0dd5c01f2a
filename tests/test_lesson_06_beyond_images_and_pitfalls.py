"""Lesson 06: the Flatten-head cost widget, the signal and memory figures, and the exercise checks."""

import time

import keras
import numpy as np
import pytest
from matplotlib.figure import Figure

from utils import checks, data, plots, widgets
from utils.checks import ExerciseError
from utils.shapes import dense_params

layers = keras.layers


# --- widget -----------------------------------------------------------------

def test_head_cost_at_the_default_is_vgg16s_fc1_and_its_gap_alternative():
    text = widgets.flatten_head_cost(7)
    assert "7 x 7 x 512 = 25,088 values" in text
    assert "102,764,544 parameters = 411.1 MB" in text
    assert f"{dense_params(512, 4096):,} parameters = 8.4 MB" in text


@pytest.mark.parametrize("side, channels, units", [(1, 8, 16), (3, 16, 32), (5, 8, 10)])
def test_head_cost_counts_what_keras_counts(side, channels, units):
    flat = keras.Sequential([keras.Input(shape=(side, side, channels)), layers.Flatten(),
                             layers.Dense(units)])
    gap = keras.Sequential([keras.Input(shape=(side, side, channels)),
                            layers.GlobalAveragePooling2D(), layers.Dense(units)])
    text = widgets.flatten_head_cost(side, channels, units)
    assert f"= {flat.count_params():,} parameters" in text
    assert f"= {gap.count_params():,} parameters" in text


def test_doubling_the_side_quadruples_the_flatten_weights_but_not_the_gap_ones():
    one, two = widgets.flatten_head_cost(7), widgets.flatten_head_cost(14)
    assert one != two
    assert f"{dense_params(14 * 14 * 512, 4096):,}" in two
    assert one.splitlines()[2] == two.splitlines()[2]  # the GAP line does not move


def test_a_head_over_one_gigabyte_is_called_out():
    assert "over 1 GB" in widgets.flatten_head_cost(224, 64, 4096)
    assert "under 1 GB" in widgets.flatten_head_cost(7)


def test_adam_keeps_two_extra_copies_of_every_weight_as_the_widget_says():
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3)])
    optimizer = keras.optimizers.Adam()
    optimizer.build(model.trainable_variables)
    slots = sum(int(np.prod(v.shape)) for v in optimizer.variables if len(v.shape) > 0)
    assert slots == 2 * model.count_params()  # plus one gradient per weight while training


@pytest.mark.parametrize("bad, name", [
    (dict(side=0), "side=0"), (dict(side=7, channels=-1), "channels=-1"),
    (dict(side=7, units=2.5), "units=2.5"), (dict(side=True), "side=True"),
])
def test_impossible_settings_raise_a_value_error_that_names_the_argument(bad, name):
    with pytest.raises(ValueError, match=name):
        widgets.flatten_head_cost(**bad)


def test_the_widget_starts_clean_and_its_first_slider_is_the_side():
    box = widgets.flatten_head_cost_widget()
    first_name, first = next(iter(box.controls.items()))
    assert first_name == "side" and widgets.ERROR_CLASS not in box.text_output.value
    before = box.text_output.value
    first.value += 1
    assert box.text_output.value != before and "8 x 8 x 512" in box.text_output.value


def test_the_update_is_fast_enough_for_a_slider():
    start = time.perf_counter()
    for side in range(1, 101):
        widgets.flatten_head_cost(side, 64, 1024)
    assert (time.perf_counter() - start) / 100 < 0.02


# --- figures ----------------------------------------------------------------

def test_signal_examples_draws_one_row_per_class():
    x, y = data.make_signals(n_per_class=2, length=64, seed=0)
    fig = plots.signal_examples(x, y, data.SIGNAL_CLASSES, per_class=2)
    assert isinstance(fig, Figure) and len(fig.axes) == 6
    with pytest.raises(ValueError, match="per_class=0"):
        plots.signal_examples(x, y, data.SIGNAL_CLASSES, per_class=0)
    with pytest.raises(ValueError, match="x must be"):
        plots.signal_examples(x[:, :, 0].T, y, data.SIGNAL_CLASSES)


def test_head_memory_is_a_figure_and_refuses_no_sides():
    assert isinstance(plots.head_memory(512, 4096, highlight=7), Figure)
    with pytest.raises(ValueError, match="sides"):
        plots.head_memory(512, 4096, sides=[])


# --- exercise 6.1: megabytes of the Dense after Flatten ------------------------

def mb_with_dense_params(height, width, channels, units):
    return dense_params(height * width * channels, units) * 4 / 1e6


def mb_by_hand(h, w, c, u):
    return (h * w * c + 1) * u * 4 / 1_000_000


@pytest.mark.parametrize("answer", [mb_with_dense_params, mb_by_hand])
def test_flatten_mb_accepts_every_correct_formula(answer):
    assert checks.check_lesson06_flatten_mb(answer).correct


@pytest.mark.parametrize("answer, why", [
    (lambda h, w, c, u: dense_params(h * w * c, u), "number of parameters"),
    (lambda h, w, c, u: dense_params(h * w * c, u) * 4 / 2**20, "MiB"),
    (lambda h, w, c, u: h * w * c * u * 4 / 1e6, "forgot the bias"),
    (lambda h, w, c, u: dense_params(h * w * c, u) * 4, "number of bytes"),
    (lambda h, w, c, u: dense_params(c, u) * 4 / 1e6, "GlobalAveragePooling2D"),
    (lambda h, w, c, u: "big", "expected a number"),
])
def test_flatten_mb_explains_the_usual_slips(answer, why):
    result = checks.check_lesson06_flatten_mb(answer)
    assert result.status == "wrong" and why in result.message


def test_flatten_mb_is_strict_in_ci_and_patient_with_placeholders(strict):
    with pytest.raises(ExerciseError, match="forgot the bias"):
        checks.check_lesson06_flatten_mb(lambda h, w, c, u: h * w * c * u * 4 / 1e6)
    assert checks.check_lesson06_flatten_mb(mb_by_hand).correct


def test_flatten_mb_placeholders_are_not_attempted():
    assert checks.check_lesson06_flatten_mb(...).status == "not attempted"
    assert checks.check_lesson06_flatten_mb(lambda h, w, c, u: ...).status == "not attempted"


# --- exercise 6.2: channels last ---------------------------------------------

@pytest.fixture(scope="module")
def x_chw():
    rng = np.random.default_rng(0)
    return rng.random((2, 3, 6, 6)).astype("float32")  # square, like the lesson's photos


@pytest.mark.parametrize("make", [
    lambda x: np.transpose(x, (0, 2, 3, 1)),
    lambda x: np.moveaxis(x, 1, -1),
    lambda x: keras.ops.convert_to_numpy(layers.Permute((2, 3, 1))(x)),
])
def test_channels_last_accepts_transpose_moveaxis_and_permute(make, x_chw):
    assert checks.check_lesson06_channels_last(make(x_chw), x_chw).correct


@pytest.mark.parametrize("make, why", [
    (lambda x: x.reshape(2, 6, 6, 3), "scrambled"),
    (lambda x: np.transpose(x, (0, 3, 2, 1)), "height and width are swapped"),
    (lambda x: x, "still channels-first"),
    (lambda x: np.transpose(x, (0, 2, 1, 3)), "expected (2, 6, 6, 3)"),
    (lambda x: x.tolist(), "expected a NumPy array"),
])
def test_channels_last_explains_reshape_and_other_wrong_orders(make, why, x_chw):
    result = checks.check_lesson06_channels_last(make(x_chw), x_chw)
    assert result.status == "wrong" and why in result.message


def test_channels_last_raises_in_strict_mode_and_waits_for_a_placeholder(strict, x_chw):
    with pytest.raises(ExerciseError, match="scrambled"):
        checks.check_lesson06_channels_last(x_chw.reshape(2, 6, 6, 3), x_chw)
    with pytest.raises(ExerciseError, match="not attempted"):
        checks.check_lesson06_channels_last(..., x_chw)


# --- exercise 6.3: a variable-length Conv1D model -------------------------------

def token_model(pool=layers.GlobalAveragePooling1D, length=None, vocab=50, units=1, conv=True):
    inputs = keras.Input(shape=(length,), dtype="int32")
    x = layers.Embedding(vocab, 4)(inputs)
    if conv:
        x = layers.Conv1D(4, 3, activation="relu")(x)
    x = pool()(x)
    return keras.Model(inputs, layers.Dense(units, activation="sigmoid")(x))


def test_variable_length_model_accepts_average_or_max_pooling_and_extra_layers():
    assert checks.check_lesson06_variable_length_model(token_model()).correct
    inputs = keras.Input(shape=(None,))
    x = layers.Embedding(64, 8)(inputs)
    x = layers.Conv1D(8, 5, padding="same", activation="relu")(x)
    x = layers.Conv1D(8, 3, padding="same", activation="relu")(x)
    x = layers.Dense(4)(layers.GlobalMaxPooling1D()(x))
    deeper = keras.Model(inputs, layers.Dense(1, activation="sigmoid")(x))
    assert checks.check_lesson06_variable_length_model(deeper).correct


@pytest.mark.parametrize("model, why", [
    (lambda: token_model(layers.Flatten, length=40), "fixed length"),
    (lambda: token_model(length=40), "fixed length"),
    (lambda: token_model(conv=False), "Conv1D"),
    (lambda: token_model(units=3), "expected (None, 1)"),
    (lambda: token_model(vocab=20), "input_dim=50"),
    (lambda: "a model", "expected a Keras model"),
])
def test_variable_length_model_explains_what_is_missing(model, why):
    result = checks.check_lesson06_variable_length_model(model())
    assert result.status == "wrong"
    assert why in result.message + " ".join(result.details)


def test_variable_length_model_is_strict_in_ci_and_waits_for_a_placeholder(strict):
    with pytest.raises(ExerciseError, match="fixed length"):
        checks.check_lesson06_variable_length_model(token_model(length=40))
    with pytest.raises(ExerciseError, match="not attempted"):
        checks.check_lesson06_variable_length_model(...)
