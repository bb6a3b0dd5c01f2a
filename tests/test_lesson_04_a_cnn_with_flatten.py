"""Lesson 04 (a CNN with Flatten): the shape trace of the lesson's model, the figure and the checks."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from matplotlib.figure import Figure

from utils import checks, models, shapes
from utils.checks import ExerciseError
from utils.lessons import lesson04


def digits_cnn(side: int, filters: int = 32) -> keras.Sequential:
    """The lesson's model, as the notebook writes it."""
    return keras.Sequential([
        keras.Input(shape=(side, side, 1)),
        keras.layers.Conv2D(filters, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])


def summary_model() -> keras.Sequential:
    return keras.Sequential([
        keras.Input(shape=(30, 20, 3)),
        keras.layers.Conv2D(8, 3, padding="same"), keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(16, (3, 5)), keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(), keras.layers.Dense(10),
    ])


# --- the head trace (a call of shapes.trace) -------------------------------------

@pytest.mark.parametrize("side, filters", [(8, 32), (9, 32), (16, 8), (30, 64), (64, 16)])
def test_head_trace_agrees_with_keras_row_by_row(side, filters):
    keras_rows = models.trace(digits_cnn(side, filters))
    rows = lesson04.head_trace(side, filters)
    assert [r.shape for r in rows] == [r.shape for r in keras_rows]
    assert [r.params for r in rows] == [r.params for r in keras_rows]


def test_dense_params_grow_with_the_square_of_the_side_while_conv_params_stay():
    small, big = lesson04.head_trace(8), lesson04.head_trace(16)
    assert big[3].shape[1] == 4 * small[3].shape[1]
    assert big[4].params - 10 == 4 * (small[4].params - 10)
    assert big[1].params == small[1].params == 320


def test_head_trace_refuses_impossible_sides_with_a_clear_message():
    for bad in (1, 0, 2.5, True, 10**6):
        with pytest.raises(ValueError, match="side must be a whole number"):
            lesson04.head_trace(bad)
    with pytest.raises(ValueError, match="filters"):
        lesson04.head_trace(8, filters=0)


def test_params_vs_side_draws_one_marked_line_per_filter_count_and_the_flat_conv_line():
    fig = lesson04.params_vs_side(range(8, 65, 8), filters=(16, 32))
    assert isinstance(fig, Figure)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 3 and len({line.get_marker() for line in lines}) == 3
    assert len(set(lines[-1].get_ydata())) == 1  # the conv's parameters do not depend on the side
    with pytest.raises(ValueError, match="sides must be a list of 1-500"):
        lesson04.params_vs_side([])


def test_params_vs_side_uses_log_log_axes_and_its_flat_line_is_the_lessons_conv2d_with_320():
    fig = lesson04.params_vs_side()
    ax = fig.axes[0]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    flat = ax.get_lines()[-1]
    assert set(flat.get_ydata()) == {shapes.conv2d_params(3, 1, 32)} == {320}
    assert "Conv2D(32, 3)" in flat.get_label() and "320" in flat.get_label()
    dense = ax.get_lines()[0]
    xs, ys = np.log(dense.get_xdata()), np.log(np.asarray(dense.get_ydata()) - 10)
    assert np.allclose(np.diff(ys) / np.diff(xs), 2.0)  # side² is a line of slope 2
    assert {"224", "8"} <= {t.get_text() for t in ax.get_xticklabels()}


@pytest.mark.parametrize("call, name", [
    (lambda: lesson04.digits_cnn_layers(classes=None), "classes"),
    (lambda: lesson04.digits_cnn_layers(filters=10**6), "filters"),
    (lambda: lesson04.params_vs_side([8, None]), "sides"),
    (lambda: lesson04.params_vs_side(filters="abc"), "filters"),
    (lambda: lesson04.params_vs_side(conv_filters=0), "conv_filters"),
    (lambda: lesson04.parameter_bars({"b": 1.5}, {"fc": 2}), "conv_blocks"),
    (lambda: lesson04.parameter_bars({"b": 1}, "fc"), "head"),
])
def test_figure_helpers_name_the_bad_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_parameter_bars_use_a_linear_axis_a_legend_for_the_hatches_and_show_small_shares():
    fig = lesson04.parameter_bars({"block1": 38_720, "block5": 7_079_424}, {"fc1": 102_764_544})
    ax = fig.axes[0]
    assert ax.get_xscale() == "linear"   # reviews r10, r11: on a log axis block5 looked 85% as long as fc1
    widths = {round(p.get_width()) for p in ax.patches}
    assert widths == {38_720, 7_079_424, 102_764_544}   # each bar as long as its count
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "convolution block (all its Conv2D layers)", "Dense layer of the head"]
    assert {p.get_hatch() for p in ax.patches} == {"//", "xx"}
    labels = [t.get_text() for t in ax.texts]
    assert "38,720 (0.035%)" in labels and not any("(0.0%)" in t for t in labels)


def test_lesson_04_has_no_panel_because_a_static_figure_shows_every_side():
    assert lesson04.PANELS == []


def test_vgg16_fc1_is_411_mb_or_392_mib_of_float32():
    fc1 = shapes.trace((7, 7, 512), [shapes.flatten(), shapes.dense(4096)])[-1].params
    assert fc1 == 102_764_544 and fc1 * 4 == 411_058_176
    assert round(fc1 * 4 / 1e6) == 411 and round(fc1 * 4 / 2**20) == 392


# --- Exercise 4.1 -------------------------------------------------------------------

def exercise_model():
    return keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Conv2D(16, 3),
                             keras.layers.MaxPooling2D(2), keras.layers.Flatten(),
                             keras.layers.Dense(64), keras.layers.Dense(10)])


def test_exercise_model_trace_matches_keras():
    rows = shapes.trace(*lesson04.EXERCISE_MODEL)
    assert [r.shape for r in rows] == [r.shape for r in models.trace(exercise_model())]
    assert [r.params for r in rows] == [r.params for r in models.trace(exercise_model())]


@pytest.mark.parametrize("answer", [2704, np.int64(13 * 13 * 16), 2704.0, np.array([2704]), "keras"])
def test_exercise_4_1_accepts_the_flatten_length_in_any_numeric_form(answer):
    if answer == "keras":
        answer = exercise_model().layers[2].output.shape[1]
    assert lesson04.check_flatten_length(answer).correct


@pytest.mark.parametrize("wrong, words", [
    (26 * 26 * 16, "MaxPooling2D"), (14 * 14 * 16, "same"), (28 * 28 * 16, "shrinks 28 to 26"),
    (13 * 13, "channels"), (28 * 28, "input pixels"), ((None, 2704), "shape"), (2704.5, "not a whole number"),
    (3000, "trace the side"), (13 * 16, "one axis of the map"),   # 13 * 16: review r20
])
def test_exercise_4_1_explains_typical_mistakes(wrong, words, strict):
    with pytest.raises(ExerciseError, match=words):
        lesson04.check_flatten_length(wrong)


# --- Exercise 4.2 -------------------------------------------------------------------

@pytest.mark.parametrize("answer", [173_120, np.int32(173_120), 173_120.0, np.array([[173_120]]), "keras"])
def test_exercise_4_2_accepts_the_dense_count_from_keras_or_arithmetic(answer):
    if answer == "keras":
        answer = exercise_model().layers[3].count_params()
    assert lesson04.check_dense_params(answer).correct


@pytest.mark.parametrize("wrong, words", [
    (2704 * 64, "biases"), (2704 + 64, "PAIR"), (26 * 26 * 16 * 64 + 64, "before MaxPooling2D"),
    (28 * 28 * 64 + 64, "raw 28"), (64 * 10 + 10, "last Dense"), (173_120 + 650 + 160, "whole model"),
    (1, "one weight per"),
    # review r19: channels left out (pooled map, or the map before pooling) and both Dense layers added
    (13 * 13 * 64 + 64, "one input per PIXEL"), (26 * 26 * 64 + 64, "before MaxPooling2D, one per pixel"),
    (173_120 + 650, "adds both Dense layers"),
])
def test_exercise_4_2_explains_typical_mistakes(wrong, words, strict):
    with pytest.raises(ExerciseError, match=words):
        lesson04.check_dense_params(wrong)


# --- Exercise 4.3 (transfer): the whole summary --------------------------------------

def right_rows():
    return [(tuple(layer.output.shape), layer.count_params()) for layer in summary_model().layers]


def test_exercise_4_3_expected_rows_are_what_keras_builds():
    rows = shapes.trace(*lesson04.SUMMARY_MODEL)
    assert [(r.shape, r.params) for r in rows[1:]] == right_rows()


def with_row(index, row):
    rows = right_rows()
    rows[index] = row
    return rows


@pytest.mark.parametrize("answer", [
    "keras",
    "lists",
    "with input",
    "dicts",
    "numpy",
])
def test_exercise_4_3_accepts_every_plausible_form_of_the_right_summary(answer):
    rows = right_rows()
    form = {
        "keras": rows,
        "lists": [[list(shape), params] for shape, params in rows],
        "with input": [((None, 30, 20, 3), 0), *rows],
        "dicts": [{"shape": shape, "params": params} for shape, params in rows],
        "numpy": [(tuple(np.int64(s) if s else s for s in shape), np.int64(p)) for shape, p in rows],
    }[answer]
    assert lesson04.check_summary(form).correct


@pytest.mark.parametrize("answer, words", [
    ([(shape[1:], p) for shape, p in right_rows()], "every shape lacks the batch axis"),
    (with_row(0, ((None, 28, 18, 8), 224)), "padding='same' keeps height and width"),
    (with_row(0, ((None, 30, 20, 8), 216)), "bias is forgotten"),
    (with_row(2, ((None, 13, 6, 16), 3 * 3 * 8 * 16 + 16)), "3 x 5, not 3 x 3"),
    (with_row(2, ((None, 13, 6, 16), 3 * 5 * 3 * 16 + 16)), "ALL 8 channels.*not the image's 3"),
    (with_row(0, ((None, 30, 20, 8), 3 * 3 * 1 * 8 + 8)), "ALL 3 channels.*not one: 3x3x3"),   # review r19
    (with_row(2, ((None, 13, 6, 16), 3 * 5 * 1 * 16 + 16)), "ALL 8 channels.*not one: 3x5x8"),
    (with_row(2, ((None, 11, 8, 16), 1936)), "3 high and 5 wide"),
    (with_row(2, ((None, 15, 10, 16), 1936)), "default padding is 'valid'"),
    (with_row(3, ((None, 7, 3, 16), 0)), "rounds DOWN"),
    (with_row(1, ((None, 15, 10, 8), 8)), "no parameters"),
    (with_row(4, ((16, 6, 3), 0)), "axes"),
    (with_row(5, ((None, 10), 2880)), "one per unit"),
    (with_row(0, ((None, 8, 30, 20), 224)), "channels-first"),
    (right_rows()[:5], "6 rows"),
    (with_row(0, ((None, 30.0, 20, 8), 224)), "whole number"),
    ("summary", r"one \(output_shape, params\) pair"),
    ([1, 2, 3, 4, 5, 6], "write each row as"),
    (with_row(4, ((None, 6 * 3 + 16), 0)), r"multiply h·w·c"),
    ([((None, 30, 20, 3), 81), *right_rows()], "Input.*owns no parameters"),          # was accepted
    ([((30, 20, 3), 3), *right_rows()], "Input.*owns no parameters"),
])
def test_exercise_4_3_names_the_wrong_row_and_why(answer, words, strict):
    with pytest.raises(ExerciseError, match=words):
        lesson04.check_summary(answer)


def test_exercise_4_3_says_when_a_row_only_follows_from_an_earlier_mistake():
    rows = with_row(3, ((None, 7, 3, 16), 0))
    rows[4] = ((None, 336), 0)
    rows[5] = ((None, 10), 3370)
    result = lesson04.check_summary(rows)
    text = result.text()
    assert result.status == "wrong" and "row 4 (second pool)" in text
    assert "follows correctly from your previous row" in text and "follows from your Flatten row" in text


# --- placeholders --------------------------------------------------------------------

@pytest.mark.parametrize("check", [lesson04.check_flatten_length, lesson04.check_dense_params,
                                   lesson04.check_summary])
def test_placeholders_are_not_attempted_and_strict_mode_raises(check, monkeypatch):
    assert check(...).status == "not attempted"
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")
    with pytest.raises(checks.ExerciseError):
        check(...)
