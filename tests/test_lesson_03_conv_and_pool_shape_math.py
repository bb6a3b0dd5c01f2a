"""Lesson 03 (conv and pool shape math): figure, update functions, panels and checks.

Every number the lesson's widgets and checks use is cross-checked against Keras itself.
"""

from __future__ import annotations

import math
import re

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from utils import checks, panel, shapes
from utils.lessons import lesson03

PADDINGS = ["valid", "same", 0, 1, 2, 3]
npy = keras.ops.convert_to_numpy


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


def legend_labels(fig):
    return [t.get_text() for ax in fig.axes for leg in [ax.get_legend()] if leg for t in leg.get_texts()]


# --- how much padding "same" adds ------------------------------------------------

@pytest.mark.parametrize("i,k,s,d", [(8, 3, 2, 1), (7, 3, 2, 1), (6, 4, 1, 1), (9, 5, 3, 1), (5, 2, 2, 1),
                                     (4, 1, 3, 1), (9, 3, 1, 2), (10, 2, 1, 3)])
def test_same_padding_split_matches_where_keras_puts_its_zeros(i, k, s, d):
    # A ones kernel on 1..i sums each window: the sums reveal where Keras put its zeros.
    before, after = lesson03.same_padding(i, k, stride=s, dilation=d)
    k_eff = shapes.effective_kernel_size(k, d)
    assert before + after == max((math.ceil(i / s) - 1) * s + k_eff - i, 0)
    row = np.concatenate([np.zeros(before), np.arange(1, i + 1), np.zeros(after)])
    expected = [row[start:start + k_eff:d].sum() for start in range(0, s * math.ceil(i / s), s)]
    conv = keras.layers.Conv1D(1, k, strides=s, padding="same", dilation_rate=d,
                               kernel_initializer="ones", use_bias=False)
    got = npy(conv(np.arange(1, i + 1, dtype="float32").reshape(1, i, 1))).ravel()
    np.testing.assert_allclose(got, expected)


def test_same_pooling_averages_only_real_values_and_never_maxes_a_zero():
    x = np.array([1, 2, 3, 4, 5], dtype="float32").reshape(1, 5, 1)
    assert npy(keras.layers.AveragePooling1D(2, padding="same")(x)).ravel().tolist() == [1.5, 3.5, 5.0]
    assert npy(keras.layers.MaxPooling1D(2, padding="same")(-x)).ravel().tolist() == [-1, -3, -5]
    image = np.arange(1, 10, dtype="float32").reshape(1, 3, 3, 1)
    np.testing.assert_allclose(npy(keras.layers.AveragePooling2D(2, padding="same")(image))[0, ..., 0],
                               [[3, 4.5], [7.5, 9]])


def test_transposed_convolution_does_not_follow_the_one_formula():
    up = keras.layers.Conv2DTranspose(1, 3, strides=2)
    assert tuple(up.compute_output_shape((None, 7, 7, 1)))[1] == (7 - 1) * 2 + 3 != (7 - 3) // 2 + 1


@pytest.mark.parametrize("i,k,s", [(7, 3, 2), (7, 1, 2), (5, 2, 3), (4, 4, 4), (3, 5, 2), (6, 1, 4)])
def test_valid_transposed_convolution_gives_i_times_s_when_the_kernel_is_shorter_than_the_stride(i, k, s):
    got = keras.layers.Conv2DTranspose(1, k, strides=s).compute_output_shape((None, i, i, 1))[1]
    assert got == (i - 1) * s + max(k, s) == i * s + max(k - s, 0)
    assert (got == (i - 1) * s + k) == (k >= s)  # the lesson's caveat: (i - 1) * s + k only when k >= s


def test_the_torch_backend_replicates_the_edge_for_uneven_same_pooling_as_the_lesson_says():
    from pathlib import Path

    source = (Path(keras.__file__).parent / "src" / "backend" / "torch" / "nn.py").read_text()
    assert 'mode = "replicate" if operation_type == "pooling" else "constant"' in source
    x = np.arange(1.0, 5.0, dtype="float32").reshape(1, 4, 1)
    got = npy(keras.layers.AveragePooling1D(3, strides=2, padding="same")(x)).ravel()
    if keras.backend.backend() == "torch":  # the edge value 4 repeated: (3 + 4 + 4) / 3
        np.testing.assert_allclose(got, [2.0, np.pad(np.arange(1.0, 5.0), (0, 1), mode="edge")[2:5].mean()])
    else:  # TensorFlow and JAX: only the real values 3 and 4
        assert got.tolist() == [2.0, 3.5]


@pytest.mark.parametrize("kernel,strides,padding", [((1, 5), (2, 1), "valid"), ((3, 1), (2, 1), "same"),
                                                    ((5, 2), 1, "valid"), ((2, 3), (3, 2), "same")])
def test_non_square_kernels_trace_like_keras(kernel, strides, padding):
    keras_shape = keras.layers.Conv2D(4, kernel, strides=strides, padding=padding).compute_output_shape(
        (None, 9, 12, 1))
    assert shapes.trace((9, 12, 1), [shapes.conv(4, kernel, strides, padding)])[-1].shape == keras_shape


# --- window layout and figure ----------------------------------------------------

def test_window_layout_marks_the_pixel_the_floor_drops():
    lay = lesson03.window_layout(8, 3, stride=2)
    assert lay["out"] == 3 and lay["starts"] == [0, 2, 4]
    assert lay["dropped"] == [7] and lay["skipped"] == []


def test_window_layout_marks_pixels_skipped_when_stride_exceeds_kernel():
    lay = lesson03.window_layout(10, 2, stride=3)
    assert lay["skipped"] == [2, 5] and lay["dropped"] == [8, 9]


@pytest.mark.parametrize("args", [
    dict(size=8, kernel=3), dict(size=8, kernel=3, stride=2, padding="same", pool=2),
    dict(size=9, kernel=3, padding=1, dilation=2, pool=3), dict(size=1, kernel=1),
    dict(size=16, kernel=1, padding=3, pool=4), dict(size=16, kernel=7, stride=4, padding=3, dilation=3),
])
def test_sliding_windows_returns_a_figure_for_every_kind_of_setting(args):
    fig = lesson03.sliding_windows(**args)
    assert isinstance(fig, Figure)
    assert legend_labels(fig), "the figure needs a legend for padding, windows and dropped pixels"


def test_legend_with_dropped_and_skipped_pixels_sits_inside_the_canvas():
    fig = lesson03.sliding_windows(8, 3, stride=4)
    labels = legend_labels(fig)
    assert len(labels) == 4 and any("dropped" in t for t in labels)
    assert any("read by no tap" in t for t in labels)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    box = fig.bbox
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend:
            extent = legend.get_window_extent(renderer)
            assert extent.x0 >= box.x0 and extent.y0 >= box.y0
            assert extent.x1 <= box.x1 and extent.y1 <= box.y1


def test_dropped_and_skipped_pixels_differ_by_hatch_not_only_by_colour():
    fig = lesson03.sliding_windows(8, 3, stride=4)
    hatches = {c.get_hatch() for ax in fig.axes for c in ax.collections}
    assert {"xxx", "..."} <= hatches


def test_each_window_is_labelled_with_the_output_it_produces():
    fig = lesson03.sliding_windows(8, 3, stride=2, pool=2)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert {"→ y0", "→ y1", "→ y2", "→ z0"} <= set(texts)
    assert all(t.get_fontsize() >= 8 for ax in fig.axes for t in ax.texts)


def test_sliding_windows_legend_names_padding_and_dropped_pixels_only_when_shown():
    assert "dropped by the floor (x-hatched)" in legend_labels(lesson03.sliding_windows(8, 3, stride=2))
    assert "zero padding (0)" in legend_labels(lesson03.sliding_windows(6, 3, stride=2, padding=1))
    assert not any("dropped" in t for t in legend_labels(lesson03.sliding_windows(5, 3)))


def test_sliding_windows_refuses_a_kernel_larger_than_the_input():
    with pytest.raises(ValueError, match="kernel=5 is larger than the input"):
        lesson03.sliding_windows(3, 5)


# --- explorer update function -----------------------------------------------------

def test_conv_formula_fills_the_numbers_into_the_formula():
    text = lesson03.conv_formula(8, 3, stride=2)
    assert header_length(text) == [8, 3]
    assert "floor((8 + 0 - 3) / 2) + 1 = floor(5 / 2) + 1 = 3" in text
    assert "dropped by the floor: x7" in text


def test_conv_formula_says_how_many_zeros_same_adds_and_where():
    text = lesson03.conv_formula(8, 3, stride=2, padding="same")
    assert "max(3*2 + 3 - 8, 0) = 1: 0 before, 1 after" in text


@settings(max_examples=60, deadline=None)
@given(i=st.integers(1, 20), k=st.integers(1, 5), s=st.integers(1, 4),
       padding=st.sampled_from(PADDINGS), d=st.integers(1, 3), pool=st.integers(1, 4))
def test_conv_formula_agrees_with_keras_or_refuses_like_shapes(i, k, s, padding, d, pool):
    try:
        expected = shapes.conv_output_length(i, k, stride=s, padding=padding, dilation=d)
        pooled = shapes.pool_output_length(expected, pool) if pool > 1 else None
    except ValueError:
        with pytest.raises(ValueError):
            lesson03.conv_formula(i, k, s, padding, d, pool)
        return
    lengths = header_length(lesson03.conv_formula(i, k, s, padding, d, pool))
    assert lengths[:2] == [i, expected]
    if s == 1 or d == 1:  # Keras refuses strides > 1 with dilation > 1
        assert keras_conv_len(i, k, s, padding, d) == expected
    if pooled is not None:
        keras_pool = keras.layers.MaxPooling2D(pool).compute_output_shape((None, expected, expected, 1))
        assert lengths[2] == pooled == keras_pool[1]


def test_conv_formula_warns_that_keras_refuses_stride_with_dilation():
    assert "Keras refuses" in lesson03.conv_formula(9, 3, stride=2, dilation=2)
    with pytest.raises(ValueError, match="not supported in conjunction with `dilation_rate > 1`"):
        keras.layers.Conv2D(1, 3, strides=2, dilation_rate=2)


@pytest.mark.parametrize("args,message", [
    ((3, 5), "kernel=5 is larger than the input (3)"),
    ((4, 3, 1, "valid", 1, 3), "leaves 2 value(s) for MaxPooling(3)"),
    ((5, 3, 1, "causal"), "padding must be 'valid', 'same'"),
    ((5, 3, 1, "valid", 1, 0), "pool must be a whole number from 1 to 64"),
    ((None, 3), "size must be a whole number"),
    ((65, 3), "size must be a whole number from 1 to 64"),
    ((8, 3, 1, 10**9), "padding must be a whole number from 0 to 64"),
])
def test_impossible_explorer_settings_raise_a_clear_value_error(args, message):
    with pytest.raises(ValueError) as err:
        lesson03.conv_explorer(*args)
    assert message in str(err.value)


def test_conv_explorer_returns_text_and_figure():
    text, fig = lesson03.conv_explorer(8, 3, stride=2, pool=2)
    assert header_length(text) == [8, 3, 1] and isinstance(fig, Figure)


def test_explorer_panel_first_slider_changes_the_text_like_the_update_function():
    box = lesson03.conv_explorer_panel()
    first = next(iter(box.controls.values()))
    assert first.description.startswith("input size")
    before = box.text_output.value
    first.value = first.value + 1
    assert box.text_output.value != before
    assert box.text_output.value == panel.render(lesson03.conv_explorer(**box.values()))[0]


def test_explorer_panel_shows_a_friendly_message_for_an_impossible_setting():
    box = lesson03.conv_explorer_panel()
    box.controls["kernel"].value = 7
    box.controls["size"].value = 2
    assert panel.ERROR_CLASS in box.text_output.value
    assert "Not possible" in box.text_output.value and "kernel=7" in box.text_output.value


def test_every_registered_panel_builds():
    assert lesson03.PANELS == [lesson03.conv_explorer_panel, lesson03.chain_panel]
    for builder in lesson03.PANELS:
        assert isinstance(builder(), panel.Panel)


# --- chain (a call of shapes.trace) ---------------------------------------------

def build_chain(size):
    return keras.Sequential([
        keras.Input(shape=(size, size, 1)),
        keras.layers.Conv2D(16, 3), keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, 3), keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(), keras.layers.Dense(10),
    ])


@pytest.mark.parametrize("size", [10, 17, 28])
def test_chain_trace_matches_keras_layer_by_layer(size):
    model = build_chain(size)
    rows = shapes.trace((size, size, 1), lesson03.CHAIN)
    assert [r.shape for r in rows[1:]] == [tuple(layer.output.shape) for layer in model.layers]
    assert [r.params for r in rows[1:]] == [layer.count_params() for layer in model.layers]
    assert f"{model.count_params():,}" in lesson03.chain_text(size)


def test_chain_slider_text_changes_and_nine_pixels_is_too_small_like_in_keras():
    assert lesson03.chain_text(28) != lesson03.chain_text(29)
    with pytest.raises(ValueError, match=r"a 9x9 image is too small: layers\[3\] \(pool2\)"):
        lesson03.chain_text(9)
    with pytest.raises(ValueError):
        build_chain(9)
    box = lesson03.chain_panel()
    box.controls["size"].value = 9
    assert panel.ERROR_CLASS in box.text_output.value


def test_chain_refuses_a_size_that_is_not_a_positive_whole_number():
    for bad in (0, -3, 2.5, True, 10**6):
        with pytest.raises(ValueError, match="size must be a whole number"):
            lesson03.chain_text(bad)


# --- worked examples of Dumoulin & Visin (arXiv:1603.07285) ------------------------

@pytest.mark.parametrize("i,k,s,p,d,o", [
    (4, 3, 1, 0, 1, 2), (5, 4, 1, 2, 1, 6), (5, 3, 1, 1, 1, 5), (5, 3, 1, 2, 1, 7),
    (5, 3, 2, 0, 1, 2), (5, 3, 2, 1, 1, 3), (6, 3, 2, 1, 1, 3), (7, 3, 1, 0, 2, 3),
])
def test_paper_examples_agree_with_formula_and_keras(i, k, s, p, d, o):
    assert shapes.conv_output_length(i, k, stride=s, padding=p, dilation=d) == o
    assert keras_conv_len(i, k, s, p, d) == o


# --- Exercise 3.1 ---------------------------------------------------------------

H31, W31, C31, F31, K31, S31 = lesson03.EX31


def keras_31_shape():
    return keras.layers.Conv2D(F31, K31, strides=S31).compute_output_shape((None, H31, W31, C31))


def test_exercise_3_1_expected_shape_is_what_keras_computes():
    assert keras_31_shape() == lesson03.shapes.trace((H31, W31, C31), [
        lesson03.shapes.conv(F31, K31, strides=S31)])[-1].shape
    assert lesson03.check_conv_shape(keras_31_shape()).correct


def test_exercise_3_1_input_separates_the_usual_slips():
    """i - k odd on one axis, even on the other: every slip gives a shape different from the right one."""
    right = keras_31_shape()
    slips = {
        "round": (None, round((H31 - K31) / S31) + 1, round((W31 - K31) / S31) + 1, F31),
        "ceil, no + 1": (None, math.ceil((H31 - K31) / S31), math.ceil((W31 - K31) / S31), F31),
        "(i - k + 1) // s": (None, (H31 - K31 + 1) // S31, (W31 - K31 + 1) // S31, F31),
    }
    for name, shape in slips.items():
        assert shape != right, name
    assert {(H31 - K31) % 2, (W31 - K31) % 2} == {0, 1}


@pytest.mark.parametrize("answer", [
    keras_31_shape(), list(keras_31_shape()),
    (None, np.int64(keras_31_shape()[1]), keras_31_shape()[2], F31),
    (None, np.int32(keras_31_shape()[1]), np.int64(keras_31_shape()[2]), F31),
    (None, (H31 - K31) // S31 + 1, math.floor((W31 - K31) / S31) + 1, F31),
    np.array(keras_31_shape(), dtype=object),
])
def test_exercise_3_1_accepts_every_spelling_of_the_right_shape(answer):
    assert lesson03.check_conv_shape(answer).correct


@pytest.mark.parametrize("answer,explanation", [
    ((None, 16, 13, 8), "padding='same'"),
    ((None, 13, 10, 8), "forgot the `+ 1`"),
    ((None, 14, 10, 8), "ceil((i - k) / s)"),
    ((None, (H31 - K31 + 1) // S31, (W31 - K31 + 1) // S31, F31), "(i - k + s - 1) // s"),  # s = 2 here
    ((None, math.ceil((H31 - K31) / S31), math.ceil((W31 - K31) / S31), F31), "with no `+ 1`"),
    ((None, round((H31 - K31) / S31) + 1, round((W31 - K31) / S31) + 1, F31), "rounded up"),
    ((None, 28, 21, 8), "ignored the stride"),
    ((None, 14, 11, 3), "one channel per filter"),
    ((14, 11, 8), "batch axis is missing"),
    ((32, 14, 11, 8), "not 32"),
    ((None, 8, 14, 11), "channels-first"),
    ((None, 11, 14, 8), "swapped"),
    ((None, 15, 11, 8), "rounded up"),
    ((None, 14.5, 11, 8), "whole number"),
    ("(None, 14, 11, 8)", "tuple"),
])
def test_exercise_3_1_explains_specific_wrong_answers(answer, explanation, strict):
    with pytest.raises(checks.ExerciseError) as err:
        lesson03.check_conv_shape(answer)
    assert explanation in str(err.value)


# --- Exercise 3.2 ---------------------------------------------------------------

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


def out_len_numpy(i, k, s, p):
    """Returns NumPy integers: also correct."""
    if p == "same":
        return np.int64(np.ceil(i / s))
    p = {"valid": 0}.get(p, p)
    return np.int64(np.floor((i + 2 * p - k) / s) + 1)


def test_exercise_3_2_refuses_the_floats_np_ceil_returns():
    """Review r6: a length must be an int (Keras refuses a size of 14.0); np.ceil and np.floor give floats."""
    def out_len_floats(i, k, s, p):
        return np.ceil(i / s) if p == "same" else np.floor((i + 2 * {"valid": 0}.get(p, p) - k) / s) + 1

    result = lesson03.check_out_len(out_len_floats)
    assert result.status == "wrong" and "floats" in result.text()
    assert "a float; expected the int" in result.text()
    assert "every value is right" in result.text() and "cases wrong" not in result.text()   # review r11
    halves = lesson03.check_out_len(lambda i, k, s, p: (i - k) / s + 1)   # true division: some values wrong
    assert "every value is right" not in halves.text() and "cases wrong" in halves.text()


def out_len_by_keras(i, k, s, p):
    """Asks Keras (small sizes only): also correct."""
    shape = (None, i, 1)
    if not isinstance(p, str):
        shape = keras.layers.ZeroPadding1D(p).compute_output_shape(shape)
        p = "valid"
    return keras.layers.Conv1D(1, k, strides=s, padding=p).compute_output_shape(shape)[1]


def out_len_array(i, k, s, p):
    """Returns a size-1 array: also accepted."""
    return np.array([out_len_ceil(i, k, s, p)])


@pytest.mark.parametrize("fn", [out_len_ceil, out_len_via_count, out_len_numpy, out_len_by_keras,
                                out_len_array])
def test_exercise_3_2_accepts_different_correct_functions(fn):
    assert lesson03.check_out_len(fn).correct


def test_exercise_3_2_calls_the_function_only_with_small_sizes():
    seen = []

    def spy(i, k, s, p):
        seen.append(i)
        return out_len_ceil(i, k, s, p)

    assert lesson03.check_out_len(spy).correct and max(seen) <= 32


@pytest.mark.parametrize("fn,explanation", [
    (lambda i, k, s, p: (i + 2 * (0 if p in ("valid", "same") else p) - k) // s + 1, "'same'"),
    (lambda i, k, s, p: i if p == "same" else out_len_ceil(i, k, s, p), "only with stride 1"),
    (lambda i, k, s, p: i // s if p == "same" else out_len_ceil(i, k, s, p), "rounded down"),
    (lambda i, k, s, p: -(-i // s) if p == "same" else (i + (0 if p == "valid" else p) - k) // s + 1,
     "EACH side"),
    (lambda i, k, s, p: -(-i // s) if p == "same" else (i - k) // s + 1, "zeros of an int p are missing"),
    (lambda i, k, s, p: -(-i // s) if p == "same" else (i + 2 * (0 if p == "valid" else p) - k) / s + 1,
     "floor division"),
    (lambda i, k, s, p: out_len_ceil(i, k, s, p) - 1 if p != "same" else -(-i // s), "one too small"),
    (lambda i, k, s, p: out_len_ceil(i, k, s, p) + 1 if p != "same" else -(-i // s), "one too large"),
    (lambda i, k, s, p: -(-i // s) if p == "same"
     else math.ceil((i + 2 * (0 if p == "valid" else p) - k) / s) + 1,
     "rounded up"),
    (lambda i, k, s, p: -(-i // s) if p == "same" else i + 2 * (0 if p == "valid" else p) - k + 1,
     "stride is ignored"),
    # PyTorch-style "same" = symmetric k // 2 zeros: wrong for an even k
    (lambda i, k, s, p: out_len_ceil(i, k, s, k // 2 if p == "same" else p), "not symmetric k // 2"),
    (lambda i, k, s, p: out_len_ceil(i, k, s, k // 2 if p == "same" else p), "extra zero goes at the END"),
    # Python's round() is banker's rounding, not "rounding down"
    (lambda i, k, s, p: round(i / s) if p == "same" else out_len_ceil(i, k, s, p), "round(i / s)"),
    # review r19: the window count's + 1 carried over to 'same'
    (lambda i, k, s, p: -(-i // s) + 1 if p == "same" else out_len_ceil(i, k, s, p),
     "added 1 to ceil(i / s)"),
    (lambda i, k: i - k + 1, "four arguments"),
    (lambda i, k, s, p: 1 // 0, "raised ZeroDivisionError"),
    (lambda i, k, s, p: "three", "whole number"),
    (42, "expected a function"),
])
def test_exercise_3_2_explains_specific_wrong_functions(fn, explanation, strict):
    with pytest.raises(checks.ExerciseError) as err:
        lesson03.check_out_len(fn)
    assert explanation in str(err.value)


@pytest.mark.parametrize("fn,advice,not_advice", [
    # padding counted once / ignored also shift some counts by one: no contradictory "+1" advice
    (lambda i, k, s, p: -(-i // s) if p == "same" else (i + (0 if p == "valid" else p) - k) // s + 1,
     "EACH side", "one too"),
    (lambda i, k, s, p: math.ceil(i / s) if p == "same" else (i - k) // s + 1,
     "zeros of an int p are missing", "one too"),
    # rounding up is one too large only where the division has a remainder: ceil, not "+1"
    (lambda i, k, s, p: -(-i // s) if p == "same"
     else math.ceil((i + 2 * (0 if p == "valid" else p) - k) / s) + 1, "rounded up", "one too large"),
    # a real off-by-one is named, and no padding advice is added to it
    (lambda i, k, s, p: out_len_ceil(i, k, s, p) - 1 if p != "same" else -(-i // s), "one too small",
     "EACH side"),
    # two mistakes at once (valid formula for 'same', padding once): both named
    (lambda i, k, s, p: (i - k) // s + 1 if p == "same" else (i + (0 if p == "valid" else p) - k) // s + 1,
     "'same' you used the 'valid' formula", "one too"),
    # round() for 'same' is named as round(), not as rounding down
    (lambda i, k, s, p: round(i / s) if p == "same" else out_len_ceil(i, k, s, p),
     "halves to the nearest EVEN",
     "rounded down"),
    # nothing in particular: no made-up advice
    (lambda i, k, s, p: 3, "cases are wrong; compare one of them", "rounded"),
])
def test_exercise_3_2_advice_explains_every_failure_of_its_kind_and_never_contradicts_itself(
        fn, advice, not_advice):
    result = lesson03.check_out_len(fn)
    assert not result.correct
    assert advice in result.text() and not_advice not in result.text()


def test_exercise_3_2_covers_same_and_explicit_padding_with_small_sizes_only():
    cases = lesson03._out_len_cases()
    assert {"valid", "same", 0, 1, 2} <= {args[3] for args, _ in cases}
    assert max(args[0] for args, _ in cases) <= 32
    for (i, k, s, p), want in cases[::25]:
        assert out_len_by_keras(i, k, s, p) == want


# --- Exercise 3.3 ---------------------------------------------------------------

def test_exercise_3_3_matches_keras_on_both_sides_of_the_limit():
    def build(size):
        return keras.Sequential([keras.Input(shape=(size, size, 1)), keras.layers.Conv2D(8, 5),
                                 keras.layers.MaxPooling2D(2), keras.layers.Conv2D(16, 3, strides=2),
                                 keras.layers.MaxPooling2D(2)])

    assert build(14).output_shape == (None, 1, 1, 16)
    with pytest.raises(ValueError):
        build(13)


@pytest.mark.parametrize("answer", [14, np.int64(14), np.array([14]), np.flatnonzero(np.arange(20) == 14)])
def test_exercise_3_3_accepts_the_answer_in_any_numeric_form(answer):
    assert lesson03.check_smallest_input(answer).correct


def test_exercise_3_3_refuses_a_float_side_as_keras_input_does():
    """Review r9: 14.0 was accepted here and refused in 2.2, 2.3 and 3.2; keras.Input refuses it too."""
    assert "a float" in lesson03.check_smallest_input(14.0).message


@pytest.mark.parametrize("answer,explanation", [
    (13, "does not survive: layers[3]"),
    (9, "does not survive: layers[2]"),
    (5, "does not survive: layers[1]"),
    (1, "does not survive: layers[0]"),
    (20, "survives, but so does a smaller one"),
    (10**9, "much smaller images do too"),
    ("14", "whole number"),
    (14.5, "not a whole number"),
    (0, "at least 1 pixel"),
    ([14, 15], "ONE number"),
])
def test_exercise_3_3_explains_specific_wrong_answers(answer, explanation, strict):
    with pytest.raises(checks.ExerciseError) as err:
        lesson03.check_smallest_input(answer)
    assert explanation in str(err.value)


# --- Exercise 3.4 (transfer) ------------------------------------------------------

def signal_model():
    return keras.Sequential([keras.Input(shape=(62, 1)), keras.layers.Conv1D(8, 3, dilation_rate=5),
                             keras.layers.MaxPooling1D(3, padding="same")])


@pytest.mark.parametrize("conv_answer, answer", [
    ((None, 52, 8), (None, 18, 8)), ([None, 52, 8], [None, 18, 8]),
    ((None, np.int64(52), 8), (None, np.int64(18), np.int32(8))), ("keras", "keras"),
])  # with signal_shape_61 = (None, 17, 8)
def test_exercise_3_4_accepts_the_shapes_keras_computes_in_any_form(conv_answer, answer):
    if answer == "keras":
        conv_answer, answer = signal_model().layers[0].output.shape, signal_model().output_shape
    assert lesson03.check_dilated_signal(conv_answer, answer, (None, 17, 8)).correct


@pytest.mark.parametrize("conv_answer, answer, explanation", [
    ((None, 60, 8), (None, 20, 8), "ignored the dilation"),
    ((None, 48, 8), (None, 16, 8), "k * d overestimates"),
    ((None, 53, 8), (None, 18, 8), "counts the gaps but not the first tap"),  # was accepted before (issue 21)
    ((None, 51, 8), (None, 17, 8), "forgot the `+ 1`"),
    ((None, 62, 8), (None, 21, 8), "default padding 'valid'"),
    ((None, 52, 1), (None, 18, 1), "one channel per filter"),
    ((52, 8), (None, 18, 8), "batch axis is missing"),
    ((None, 8, 52), (None, 18, 8), "channels-first"),
    ((None, 52.0, 8), (None, 18, 8), "whole number"),
    ((None, 52, 8), (None, 17, 8), "rounds UP"),
    ((None, 52, 8), (None, 52, 8), "that is the Conv1D's output"),
    ((None, 52, 8), (None, 18, 1), "one channel per filter"),
    ((None, 52, 8), (18, 8), "batch axis is missing"),
    ((None, 52, 8), (None, 18, 18, 8), "axes"),
    ((None, 52, 8), (None, 18.0, 8), "whole number"),
])
def test_exercise_3_4_explains_specific_wrong_answers(conv_answer, answer, explanation, strict):
    with pytest.raises(checks.ExerciseError) as err:
        lesson03.check_dilated_signal(conv_answer, answer)
    assert explanation in str(err.value)


@pytest.mark.parametrize("span", [10, 11, 12, 15, 3])
def test_exercise_3_4_never_calls_a_wrong_conv_right_from_the_pooled_size(span):
    """Issue 21: spans 10, 11 and 12 pool onto the same size; only the right conv length passes, and a
    wrong one is never told 'the convolution is right'."""
    conv_len = 62 - span + 1
    short = (None, 17, 8)  # signal_shape_61, right
    result = lesson03.check_dilated_signal((None, conv_len, 8), (None, math.ceil(conv_len / 3), 8), short)
    assert result.correct == (span == 11)
    assert span == 11 or "conv1d_shape is right" not in result.text()


def test_exercise_3_4_wrong_pooling_after_a_right_conv_names_the_pooling_step():
    result = lesson03.check_dilated_signal((None, 52, 8), (None, 17, 8))
    assert "conv1d_shape is right" in result.text() and "rounds UP" in result.text()


def test_exercise_3_2_gives_a_verdict_on_a_function_that_never_returns(monkeypatch):
    import time

    monkeypatch.setattr(lesson03, "DEADLINE", 1)

    def never(i, k, s, p):
        while True:
            time.sleep(0.05)

    result = lesson03.check_out_len(never)
    assert result.status == "wrong" and "did not return within 1 s" in result.message


# --- placeholders --------------------------------------------------------------------

@pytest.mark.parametrize("check", [lesson03.check_conv_shape, lesson03.check_out_len,
                                   lesson03.check_smallest_input, lesson03.check_dilated_signal])
def test_placeholders_are_not_attempted_and_strict_mode_raises(check, monkeypatch):
    assert check(...).status == "not attempted"
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")
    with pytest.raises(checks.ExerciseError):
        check(...)


def test_exercise_3_4_with_one_shape_filled_in_is_not_attempted_but_the_filled_conv_is_judged():
    half = lesson03.check_dilated_signal((None, 52, 8), ...)
    assert half.status == "not attempted" and "conv1d_shape is right" in half.message   # review r6
    assert lesson03.check_dilated_signal(..., (None, 18, 8)).status == "not attempted"
    wrong_half = lesson03.check_dilated_signal((None, 60, 8), ...)
    assert wrong_half.status == "wrong" and "ignored the dilation" in wrong_half.text()


def test_a_stub_function_returning_the_placeholder_is_not_attempted():
    def out_len(i, k, s, p):
        return ...

    assert lesson03.check_out_len(out_len).status == "not attempted"


def test_exercise_3_2_names_half_padding_and_shows_examples_with_a_few_pixels():
    """Review r7: (k - 1) // 2 zeros a side for 'same' was told "you used the 'valid' formula", with i = 1
    examples."""
    def out_len(i, k, s, p):
        p = {"valid": 0, "same": (k - 1) // 2}.get(p, p)
        return (i + 2 * p - k) // s + 1

    text = lesson03.check_out_len(out_len).text()
    assert "(k - 1) // 2 zeros on each side" in text and "'valid' formula" not in text
    assert "e.g. out_len(1," not in text


def test_an_out_len_that_prints_instead_of_returning_is_asked_about_return(capsys):
    """Review r19: a function that prints its result returned None on every case."""
    result = lesson03.check_out_len(lambda i, k, s, p: print((i - k) // s + 1))
    assert result.status == "wrong" and "did you forget `return`?" in result.text()



def test_an_error_inside_a_four_argument_out_len_is_not_blamed_on_its_signature():
    """Review r20: math.ceil(i, s) inside def out_len(i, k, s, p) was told "The function takes four
    arguments", and the check stopped at the first case."""
    def out_len(i, k, s, p):
        if p == "same":
            return math.ceil(i, s)
        return (i + 2 * (0 if p == "valid" else p) - k) // s + 1

    text = lesson03.check_out_len(out_len).text()
    assert "four arguments" not in text and "math.ceil() takes exactly one argument" in text
    assert re.search(r"\(\d+ of \d+ cases wrong\)", text)
    assert "four arguments" in lesson03.check_out_len(lambda i, k: i - k + 1).text()


def test_under_same_padding_a_pixel_past_the_last_window_is_read_by_no_tap_not_dropped_by_a_floor():
    """Review r20: 'same' computes ceil(i / s), no floor; x7 of i=8, k=1, s=2 is unread like x1, x3, x5."""
    lay = lesson03.window_layout(8, 1, 2, "same")
    assert lay["dropped"] == [] and lay["skipped"] == [1, 3, 5, 7]
    assert "dropped by the floor" not in lesson03.conv_formula(8, 1, 2, "same")
    assert lesson03.window_layout(8, 3, 2)["dropped"] == [7]   # 'valid' floors: x7 is dropped
    assert "dropped by the floor: x7" in lesson03.conv_formula(8, 3, 2)


def test_explicit_zeros_are_titled_p_not_a_padding_keras_refuses():
    """Review r20: titles read padding=1, which Conv2D refuses; zeros each side are p=1."""
    text = lesson03.conv_formula(6, 3, 2, 1)
    assert "p=1 (zeros each side, then 'valid')" in text and "padding=1" not in text
    figure = lesson03.sliding_windows(6, 3, stride=2, padding=1)
    texts = [t.get_text() for ax in figure.axes for t in ax.texts]   # the row's title is a text artist
    assert any("p=1 (zeros each side" in t for t in texts) and not any("padding=1" in t for t in texts)
