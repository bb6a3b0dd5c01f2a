"""Lesson 05 (global pooling alternatives): update functions, figures and exercise checks."""

import time

import keras
import numpy as np
import pytest
from matplotlib.figure import Figure

from utils import checks, models, plots, shapes, widgets
from utils.checks import ExerciseError

FMAP = np.random.default_rng(0).normal(size=(1, 6, 5, 4)).clip(0, None).astype("float32")


# --- channel picker -----------------------------------------------------------

def test_channel_stats_reports_what_gap_and_gmp_output_for_that_channel():
    gap = keras.ops.convert_to_numpy(keras.layers.GlobalAveragePooling2D()(FMAP))[0]
    gmp = keras.ops.convert_to_numpy(keras.layers.GlobalMaxPooling2D()(FMAP))[0]
    for channel in range(4):
        text, fig = widgets.channel_stats(FMAP, channel)
        assert f"mean over the 6x5 positions = {gap[channel]:.4f}" in text
        assert f"max  over the 6x5 positions = {gmp[channel]:.4f}" in text
        assert isinstance(fig, Figure)


def test_channel_stats_widget_text_changes_with_its_slider():
    box = widgets.channel_stats_widget(FMAP)
    before = box.text_output.value
    box.controls["channel"].value = 1
    assert box.text_output.value != before and "channel 1 of 4" in box.text_output.value


def test_channel_stats_rejects_a_missing_channel_or_a_bad_map():
    with pytest.raises(ValueError, match="channel=4"):
        widgets.channel_stats(FMAP, 4)
    with pytest.raises(ValueError, match="fmap must have shape"):
        widgets.channel_stats(np.zeros((3, 3)), 0)


def test_channel_map_and_body_head_bars_return_figures():
    assert isinstance(plots.channel_map(FMAP[0], 2), Figure)
    assert isinstance(plots.body_head_bars({"VGG16": (14_714_688, 123_642_856),
                                            "ResNet50": (23_587_712, 2_049_000)}), Figure)
    with pytest.raises(ValueError, match="channel=9"):
        plots.channel_map(FMAP[0], 9)
    with pytest.raises(ValueError, match="body_params"):
        plots.body_head_bars({"x": (1, 2, 3)})


# --- head comparison slider ---------------------------------------------------

@pytest.mark.parametrize("side, filters", [(8, 32), (16, 8), (40, 64), (12, 32)])
def test_head_sizes_agree_with_build_cnn(side, filters):
    sizes = widgets.head_sizes(side, filters)
    flat = models.build_cnn(input_shape=(side, side, 1), filters=(16, filters), head="flatten")
    gap = models.build_cnn(input_shape=(side, side, 1), filters=(16, filters), head="gap")
    assert flat.layers[-2].output.shape[1] == sizes["flatten_length"]
    assert flat.layers[-1].count_params() == sizes["flatten_head_params"]
    assert gap.layers[-1].count_params() == sizes["gap_head_params"]
    assert gap.count_params() - sizes["gap_head_params"] == sizes["body_params"]


def test_gap_head_stays_constant_while_the_flatten_head_grows_with_side_squared():
    small, big = widgets.head_sizes(8), widgets.head_sizes(16)
    assert small["gap_head_params"] == big["gap_head_params"] == 330
    assert big["flatten_length"] == 4 * small["flatten_length"]


def test_head_comparison_text_follows_the_side_slider():
    box = widgets.head_comparison_widget()
    first = next(iter(box.controls.values()))
    assert first.description.startswith("image side")
    assert "1,290 parameters" in box.text_output.value
    first.value = first.value + first.step
    assert "5,130 parameters" in box.text_output.value
    assert widgets.head_comparison(16) in box.text_output.value.replace("&gt;", ">")


def test_head_comparison_gives_a_friendly_message_for_impossible_settings():
    with pytest.raises(ValueError, match="side=2"):
        widgets.head_comparison(2)
    with pytest.raises(ValueError, match="filters=0"):
        widgets.head_sizes(8, filters=0)


def test_head_comparison_is_fast_enough_for_a_slider():
    start = time.perf_counter()
    for side in range(8, 225, 8):
        widgets.head_comparison(side, 64)
    assert (time.perf_counter() - start) / 28 < 0.02


def test_vgg16_conv_params_from_the_formula_match_the_lesson():
    filters = [64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512]
    convs = sum(shapes.conv2d_params(3, a, b) for a, b in zip([3] + filters[:-1], filters))
    assert convs == 14_714_688
    assert shapes.dense_params(2048, 1000) == 25_636_712 - 23_587_712


# --- exercise checks ----------------------------------------------------------

def test_exercise_5_1_accepts_tuples_and_lists():
    assert checks.check_lesson05_keepdims_shape((None, 1, 1, 512)).correct
    assert checks.check_lesson05_keepdims_shape([None, 1, 1, 512]).correct


@pytest.mark.parametrize("wrong, words", [((None, 512), "WITHOUT keepdims"), ((1, 1, 512), "batch axis"),
                                          ((None, 7, 7, 512), "collapses")])
def test_exercise_5_1_explains_typical_mistakes(wrong, words, strict):
    with pytest.raises(ExerciseError, match=words):
        checks.check_lesson05_keepdims_shape(wrong)


def test_exercise_5_1_placeholder_is_not_attempted():
    assert checks.check_lesson05_keepdims_shape(...).status == "not attempted"


def test_exercise_5_2_accepts_different_correct_functions():
    assert checks.check_lesson05_gap_function(lambda x: x.mean(axis=(1, 2))).correct
    assert checks.check_lesson05_gap_function(
        lambda x: x.sum(axis=2).sum(axis=1) / (x.shape[1] * x.shape[2])).correct
    assert checks.check_lesson05_gap_function(
        lambda x: keras.ops.convert_to_numpy(keras.layers.GlobalAveragePooling2D()(x))).correct


@pytest.mark.parametrize("wrong, words", [(lambda x: x.max(axis=(1, 2)), "maximum"),
                                          (lambda x: x.mean(axis=-1), "channels"),
                                          (lambda x: x.mean(axis=(1, 2), keepdims=True), "keepdims"),
                                          (lambda x: x.mean(axis=1).mean(axis=-1), "must be")])
def test_exercise_5_2_explains_typical_mistakes(wrong, words, strict):
    with pytest.raises(ExerciseError, match=words):
        checks.check_lesson05_gap_function(wrong)


def test_exercise_5_2_stub_is_not_attempted():
    assert checks.check_lesson05_gap_function(lambda x: ...).status == "not attempted"


def test_exercise_5_3_accepts_sequential_and_functional_gap_models():
    seq = keras.Sequential([keras.Input(shape=(None, None, 1)),
                            keras.layers.Conv2D(8, 3, activation="relu"),
                            keras.layers.GlobalAveragePooling2D(),
                            keras.layers.Dense(10, activation="softmax")])
    assert checks.check_lesson05_any_size_model(seq).correct
    functional = models.build_cnn(input_shape=(None, None, 1), head="gap", dense_units=16)
    assert checks.check_lesson05_any_size_model(functional).correct


def test_exercise_5_3_rejects_fixed_size_or_non_gap_models(strict):
    fixed = models.build_cnn(input_shape=(8, 8, 1), head="gap")
    with pytest.raises(ExerciseError, match="None, None, 1"):
        checks.check_lesson05_any_size_model(fixed)
    gmp = models.build_cnn(input_shape=(None, None, 1), head="gmp")
    with pytest.raises(ExerciseError, match="GlobalAveragePooling2D"):
        checks.check_lesson05_any_size_model(gmp)
    with pytest.raises(ExerciseError, match="Keras model"):
        checks.check_lesson05_any_size_model("model")


def test_exercise_5_3_placeholder_is_not_attempted():
    assert checks.check_lesson05_any_size_model(...).status == "not attempted"
