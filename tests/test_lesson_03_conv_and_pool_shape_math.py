"""Lesson 03 (conv and pool shape math): update functions, figures and checks.

Every number the lesson's widgets show is cross-checked against Keras itself.
"""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from utils import checks, plots, shapes, widgets
from utils.checks import lesson03

PADDINGS = ["valid", "same", 0, 1, 2, 3]


def keras_conv_len(i, k, s=1, padding="valid", d=1):
    """Output length from Keras: ZeroPadding2D(p) + 'valid' Conv2D for an int p."""
    shape = (None, i, i, 1)
    if not isinstance(padding, str):
        shape = keras.layers.ZeroPadding2D(padding).compute_output_shape(shape)
        padding = "valid"
    layer = keras.layers.Conv2D(1, k, strides=s, padding=padding, dilation_rate=d)
    return layer.compute_output_shape(shape)[1]


def header_length(text):
    """The numbers of the first line 'output length: 8 -> 3 [-> 1]'."""
    first = text.splitlines()[0]
    assert first.startswith("output length: ")
    return [int(n) for n in first.removeprefix("output length: ").split(" -> ")]


# --- window layout and figure --------------------------------------------------

def test_window_layout_marks_the_pixel_the_floor_drops():
    lay = plots.window_layout(8, 3, stride=2)
    assert lay["out"] == 3 and lay["starts"] == [0, 2, 4]
    assert lay["dropped"] == [7] and lay["skipped"] == []


def test_window_layout_marks_pixels_skipped_when_stride_exceeds_kernel():
    lay = plots.window_layout(10, 2, stride=3)
    assert lay["skipped"] == [2, 5] and lay["dropped"] == [8, 9]


@pytest.mark.parametrize("i,k,s", [(8, 3, 2), (7, 3, 2), (6, 4, 1), (9, 5, 3), (5, 2, 2), (4, 1, 3)])
def test_same_padding_layout_matches_what_keras_computes(i, k, s):
    # A ones kernel on 1..i sums each window: the sums reveal where Keras put its zeros.
    lay = plots.window_layout(i, k, stride=s, padding="same")
    row = np.concatenate([np.zeros(lay["pad_left"]), np.arange(1, i + 1), np.zeros(lay["pad_right"])])
    expected = [row[start:start + k].sum() for start in lay["starts"]]
    conv = keras.layers.Conv1D(1, k, strides=s, padding="same", kernel_initializer="ones", use_bias=False)
    got = conv(np.arange(1, i + 1, dtype="float32").reshape(1, i, 1)).numpy().ravel()
    np.testing.assert_allclose(got, expected)


@pytest.mark.parametrize("args", [
    dict(size=8, kernel=3), dict(size=8, kernel=3, stride=2, padding="same", pool=2),
    dict(size=9, kernel=3, padding=1, dilation=2, pool=3), dict(size=1, kernel=1),
    dict(size=16, kernel=1, padding=3, pool=4),
])
def test_sliding_windows_returns_a_figure_for_every_kind_of_setting(args):
    fig = plots.sliding_windows(**args)
    assert isinstance(fig, Figure)
    assert fig.legends, "the figure needs a legend for padding, windows and dropped pixels"


def test_sliding_windows_legend_names_dropped_pixels_and_padding_only_when_shown():
    def labels(fig):
        return [t.get_text() for t in fig.legends[0].get_texts()]

    assert "dropped by the floor" in labels(plots.sliding_windows(8, 3, stride=2))
    assert "zero padding" in labels(plots.sliding_windows(6, 3, stride=2, padding=1))
    assert "dropped by the floor" not in labels(plots.sliding_windows(5, 3))


def test_sliding_windows_refuses_a_kernel_larger_than_the_input():
    with pytest.raises(ValueError, match="kernel=5 is larger than the input"):
        plots.sliding_windows(3, 5)


# --- explorer update function --------------------------------------------------

def test_conv_formula_fills_the_numbers_into_the_formula():
    text = widgets.conv_formula(8, 3, stride=2)
    assert header_length(text) == [8, 3]
    assert "floor((8 + 0 - 3) / 2) + 1 = floor(5 / 2) + 1 = 3" in text
    assert "dropped by the floor: x7" in text


def test_conv_formula_text_changes_when_the_size_slider_moves():
    assert widgets.conv_formula(8, 3) != widgets.conv_formula(9, 3)


@settings(max_examples=60, deadline=None)
@given(i=st.integers(1, 20), k=st.integers(1, 5), s=st.integers(1, 4),
       padding=st.sampled_from(PADDINGS), d=st.integers(1, 3), pool=st.integers(1, 4))
def test_conv_formula_agrees_with_keras_or_refuses_like_shapes(i, k, s, padding, d, pool):
    try:
        expected = shapes.conv_output_length(i, k, stride=s, padding=padding, dilation=d)
        pooled = shapes.pool_output_length(expected, pool) if pool > 1 else None
    except ValueError:
        with pytest.raises(ValueError):
            widgets.conv_formula(i, k, s, padding, d, pool)
        return
    lengths = header_length(widgets.conv_formula(i, k, s, padding, d, pool))
    assert lengths[:2] == [i, expected]
    if s == 1 or d == 1:  # Keras refuses strides > 1 with dilation > 1
        assert keras_conv_len(i, k, s, padding, d) == expected
    if pooled is not None:
        keras_pool = keras.layers.MaxPooling2D(pool).compute_output_shape((None, expected, expected, 1))
        assert lengths[2] == pooled == keras_pool[1]


def test_conv_formula_warns_that_keras_refuses_stride_with_dilation():
    assert "Keras refuses" in widgets.conv_formula(9, 3, stride=2, dilation=2)
    with pytest.raises(ValueError, match="not supported in conjunction with `dilation_rate > 1`"):
        keras.layers.Conv2D(1, 3, strides=2, dilation_rate=2)


@pytest.mark.parametrize("args,message", [
    ((3, 5), "kernel=5 is larger than the input (3)"),
    ((4, 3, 1, "valid", 1, 3), "leaves 2 value(s) for MaxPooling2D(3)"),
    ((5, 3, 1, "causal"), "padding must be 'valid', 'same'"),
    ((5, 3, 1, "valid", 1, 0), "pool must be >= 1"),
])
def test_impossible_explorer_settings_raise_a_clear_value_error(args, message):
    with pytest.raises(ValueError) as err:
        widgets.conv_explorer(*args)
    assert message in str(err.value)


def test_conv_explorer_returns_text_and_figure():
    text, fig = widgets.conv_explorer(8, 3, stride=2, pool=2)
    assert header_length(text) == [8, 3, 1] and isinstance(fig, Figure)


def test_explorer_panel_first_slider_changes_the_text_like_the_update_function():
    panel = widgets.conv_explorer_widget()
    first = next(iter(panel.controls.values()))
    assert first.description.startswith("input size")
    before = panel.text_output.value
    first.value = first.value + 1
    values = {name: c.value for name, c in panel.controls.items()}
    assert panel.text_output.value != before
    assert panel.text_output.value == widgets.render(widgets.conv_explorer(**values))[0]


def test_explorer_panel_shows_a_friendly_message_for_an_impossible_setting():
    panel = widgets.conv_explorer_widget()
    panel.controls["kernel"].value = 7
    panel.controls["size"].value = 2
    assert widgets.ERROR_CLASS in panel.text_output.value
    assert "Not possible" in panel.text_output.value and "kernel=7" in panel.text_output.value


# --- chain ---------------------------------------------------------------------

def build_chain(size):
    return keras.Sequential([
        keras.Input(shape=(size, size, 1)),
        keras.layers.Conv2D(16, 3), keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, 3), keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(), keras.layers.Dense(10),
    ])


@pytest.mark.parametrize("size", [10, 17, 28])
def test_chain_shapes_match_keras_layer_by_layer(size):
    model = build_chain(size)
    assert widgets.conv_chain_shapes(size) == [tuple(layer.output.shape) for layer in model.layers[:5]]
    flat = widgets.conv_chain_shapes(size)[-1][1]
    assert shapes.dense_params(flat, 10) == model.layers[-1].count_params()
    assert f"{model.layers[-1].count_params():,} parameters" in widgets.conv_chain_text(size)


def test_chain_text_for_28_pixels_ends_with_800_inputs_and_8010_dense_parameters():
    text = widgets.conv_chain_text(28)
    assert "(None, 800)" in text and "8,010 parameters" in text


def test_chain_slider_text_changes_and_nine_pixels_is_too_small_like_in_keras():
    assert widgets.conv_chain_text(28) != widgets.conv_chain_text(29)
    with pytest.raises(ValueError, match="a 9x9 image is too small: layer 4"):
        widgets.conv_chain_text(9)
    with pytest.raises(ValueError):
        build_chain(9)
    panel = widgets.conv_chain_widget()
    panel.controls["size"].value = 9
    assert widgets.ERROR_CLASS in panel.text_output.value


def test_chain_refuses_a_size_that_is_not_a_positive_whole_number():
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="size must be a whole number"):
            widgets.conv_chain_shapes(bad)


# --- worked examples of Dumoulin & Visin (arXiv:1603.07285) ----------------------

@pytest.mark.parametrize("i,k,s,p,d,o", [
    (4, 3, 1, 0, 1, 2), (5, 4, 1, 2, 1, 6), (5, 3, 1, 1, 1, 5), (5, 3, 1, 2, 1, 7),
    (5, 3, 2, 0, 1, 2), (5, 3, 2, 1, 1, 3), (6, 3, 2, 1, 1, 3), (7, 3, 1, 0, 2, 3),
])
def test_paper_examples_agree_with_formula_and_keras(i, k, s, p, d, o):
    assert shapes.conv_output_length(i, k, stride=s, padding=p, dilation=d) == o
    assert keras_conv_len(i, k, s, p, d) == o


def test_paper_pooling_example_and_same_gives_ceil():
    assert keras.layers.MaxPooling2D(3, strides=1).compute_output_shape((None, 5, 5, 1))[1] == 3
    for s in (1, 2, 3):
        assert keras_conv_len(7, 3, s, "same") == math.ceil(7 / s)


# --- checks ----------------------------------------------------------------------

def test_conv_shape_check_accepts_every_spelling_of_the_right_shape():
    assert checks.check_lesson03_conv_shape((None, 14, 14, 8)).correct
    assert checks.check_lesson03_conv_shape([None, np.int64(14), 14, 8]).correct
    expected = keras.layers.Conv2D(8, 5, strides=2).compute_output_shape((None, 32, 32, 3))
    assert checks.check_lesson03_conv_shape(expected).correct


@pytest.mark.parametrize("answer,explanation", [
    ((None, 16, 16, 8), "padding='same'"),
    ((None, 13, 13, 8), "forgot the `+ 1`"),
    ((None, 28, 28, 8), "ignored the stride"),
    ((None, 14, 14, 3), "one channel per filter"),
    ((14, 14, 8), "batch axis first"),
    ((None, 14.5, 14.5, 8), "whole numbers"),
])
def test_conv_shape_check_explains_specific_wrong_answers(answer, explanation, monkeypatch):
    result = checks.check_lesson03_conv_shape(answer)
    assert result.status == "wrong" and explanation in result.message
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")
    with pytest.raises(checks.ExerciseError):
        checks.check_lesson03_conv_shape(answer)


def out_len_ceil(i, k, s, p):
    if p == "same":
        return math.ceil(i / s)
    p = 0 if p == "valid" else p
    return (i + 2 * p - k) // s + 1


def out_len_via_count(i, k, s, p):
    """Counts window starts instead of using the formula: also correct."""
    if p == "same":
        return -(-i // s)
    padded = i + 2 * (0 if p == "valid" else p)
    return len(range(0, padded - k + 1, s))


def test_out_len_check_accepts_different_correct_functions():
    assert checks.check_lesson03_out_len(out_len_ceil).correct
    assert checks.check_lesson03_out_len(out_len_via_count).correct


@pytest.mark.parametrize("fn,explanation", [
    (lambda i, k, s, p: (i + 2 * (0 if p in ("valid", "same") else p) - k) // s + 1, "ceil(i / s)"),
    (lambda i, k, s, p: -(-i // s) if p == "same" else (i + (0 if p == "valid" else p) - k) // s + 1,
     "EACH side"),
    (lambda i, k, s, p: -(-i // s) if p == "same" else (i + 2 * (0 if p == "valid" else p) - k) / s + 1,
     "floor division"),
    (lambda i, k, s, p: out_len_ceil(i, k, s, p) - 1, "one too small"),
])
def test_out_len_check_explains_specific_wrong_functions(fn, explanation, monkeypatch):
    result = checks.check_lesson03_out_len(fn)
    assert result.status == "wrong" and explanation in result.text()
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")
    with pytest.raises(checks.ExerciseError):
        checks.check_lesson03_out_len(fn)


def test_out_len_check_covers_same_and_explicit_padding():
    kinds = {args[3] for args, _ in lesson03._lesson03_out_len_cases()}
    assert {"valid", "same", 0, 1, 2} <= kinds


def test_smallest_input_check_accepts_the_answer_in_any_numeric_type():
    for answer in (14, np.int64(14), 14.0):
        assert checks.check_lesson03_smallest_input(answer).correct


def test_smallest_input_matches_keras_on_both_sides_of_the_limit():
    def build(size):
        return keras.Sequential([keras.Input(shape=(size, size, 1)), keras.layers.Conv2D(8, 5),
                                 keras.layers.MaxPooling2D(2), keras.layers.Conv2D(16, 3, strides=2),
                                 keras.layers.MaxPooling2D(2)])

    assert build(14).output_shape == (None, 1, 1, 16)
    with pytest.raises(ValueError):
        build(13)


@pytest.mark.parametrize("answer,explanation", [
    (13, "does not survive: layer 4"),
    (9, "does not survive: layer 3"),
    (5, "does not survive: layer 2"),
    (20, "survives, but so does a smaller one"),
    ("14", "whole number"),
    (0, "at least 1 pixel"),
])
def test_smallest_input_check_explains_specific_wrong_answers(answer, explanation, monkeypatch):
    result = checks.check_lesson03_smallest_input(answer)
    assert result.status == "wrong" and explanation in result.message
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")
    with pytest.raises(checks.ExerciseError):
        checks.check_lesson03_smallest_input(answer)


@pytest.mark.parametrize("check", [
    checks.check_lesson03_conv_shape, checks.check_lesson03_out_len,
    checks.check_lesson03_smallest_input,
])
def test_placeholders_are_not_attempted(check):
    assert check(...).status == "not attempted"


def test_a_stub_function_returning_the_placeholder_is_not_attempted():
    def out_len(i, k, s, p):
        return ...

    assert checks.check_lesson03_out_len(out_len).status == "not attempted"
