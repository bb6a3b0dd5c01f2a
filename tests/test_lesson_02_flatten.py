"""Lesson 02: the order map (figure and panel), the way back, and the exercise checks."""

import html
import itertools

import keras
import numpy as np
import pytest
from matplotlib.figure import Figure

from utils import shapes
from utils.checks import ExerciseError
from utils.data import load_digits
from utils.lessons import lesson02


def keras_flat(x, **kwargs):
    return keras.ops.convert_to_numpy(keras.layers.Flatten(**kwargs)(x))


# --- the view, the panel and the figure ---------------------------------------


def test_flat_index_view_states_the_position_keras_flatten_gives():
    h, w, c = 3, 4, 2
    x = np.arange(h * w * c).reshape(1, h, w, c)
    flat = keras_flat(x)[0]
    for row, col, ch in itertools.product(range(h), range(w), range(c)):
        text, fig = lesson02.flat_index_view(row, col, ch, h, w, c)
        position = int(np.flatnonzero(flat == x[0, row, col, ch])[0])
        assert text.splitlines()[1].endswith(f"= {position}")
        assert isinstance(fig, Figure)


def test_the_view_states_the_steps_of_row_col_and_channel():
    text, _ = lesson02.flat_index_view(1, 1, 0, 3, 4, 2)
    assert "channel +1 -> +1, col +1 -> +2, row +1 -> +8" in text


def test_unflat_index_text_names_the_element_at_each_position():
    h, w, c = 3, 4, 2
    x = np.arange(h * w * c).reshape(1, h, w, c)
    flat = keras_flat(x)[0]
    for i in range(h * w * c):
        r, co, ch = (int(v) for v in np.argwhere(x[0] == flat[i])[0])
        assert lesson02.unflat_index_text(i, h, w, c).splitlines()[-1] == (
            f"flat position {i} holds element [row={r}, col={co}, channel={ch}]"
        )


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: lesson02.flat_index_view(3, 0, 0, height=3), "from 0 to 2, got row=3"),
        (lambda: lesson02.flat_index_view(0, 0, 2, channels=2), "from 0 to 1, got channel=2"),
        (lambda: lesson02.unflat_index_text(24, 3, 4, 2), "from 0 to 23, got index=24"),
        (lambda: lesson02.flatten_order_map(2, 2, 5), "channels must be a whole number from 1 to 4"),
        (lambda: lesson02.flatten_order_map(5, 5, 4), "<= 96"),
        (lambda: lesson02.flatten_order_map(2, 3, None), "channels=None"),
        (lambda: lesson02.flatten_order_map(None, 3, 2), "height=None"),
        (lambda: lesson02.flatten_order_map(2, 3, 2, highlight=(2, 0, 0)), "highlight="),
        (lambda: lesson02.draw_flatten_order(None, 2, 3, 2), "ax must be a matplotlib Axes"),
    ],
)
def test_out_of_range_settings_raise_a_value_error_naming_the_argument(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def test_the_explorer_is_registered_and_follows_its_first_slider():
    assert lesson02.PANELS == [lesson02.flat_index_panel]
    box = lesson02.flat_index_panel()
    first = next(iter(box.controls.values()))
    before = box.text_output.value
    first.value += 1
    assert box.text_output.value != before
    assert html.escape(lesson02.flat_index_view(**box.values())[0]) in box.text_output.value


def test_shrinking_the_map_moves_the_element_inside_it_so_the_figure_never_goes_blank():
    """Review r19: lowering a size below the chosen element left only a "Not possible" message."""
    box = lesson02.flat_index_panel()
    for size, element in (("height", "row"), ("width", "col"), ("channels", "channel")):
        box.controls[size].value = 1
        assert box.controls[element].value == 0 and box.controls[element].max == 0
        assert "course-error" not in box.text_output.value
    box.controls["channels"].value = 4
    assert box.controls["channel"].max == 3  # growing the map lets the element move again
    box.controls["channel"].value = 3
    assert "channel=3" in box.text_output.value and "course-error" not in box.text_output.value


@pytest.mark.parametrize("size", [(1, 1, 1), (3, 4, 2), (4, 4, 4), (2, 6, 1)])
def test_the_order_map_labels_every_cell_twice_in_readable_text(size):
    h, w, c = size
    fig = lesson02.flatten_order_map(h, w, c, highlight=(h - 1, 0, c - 1))
    texts = fig.axes[0].texts
    labels = [t.get_text() for t in texts]
    for i in range(h * w * c):
        assert labels.count(str(i)) >= 2
    assert min(t.get_fontsize() for t in texts) >= 8


def test_each_channel_has_its_own_hatch_as_well_as_its_own_colour():
    fig = lesson02.flatten_order_map(2, 2, 4)
    hatches = [coll.get_hatch() for coll in fig.axes[0].collections]
    assert len(set(hatches[:4])) == 4


def test_channels_first_flatten_gives_each_element_the_channels_last_position():
    c, h, w = 2, 3, 4
    x_cf = np.arange(c * h * w).reshape(1, c, h, w)
    flat = keras_flat(x_cf, data_format="channels_first")[0]
    assert not np.array_equal(flat, x_cf.reshape(-1))
    for row, col, ch in itertools.product(range(h), range(w), range(c)):
        assert (
            flat[shapes.flat_index(row, col, ch, h, w, c, data_format="channels_first")]
            == x_cf[0, ch, row, col]
        )


# --- Exercise 2.1 -------------------------------------------------------------


def test_exercise_2_1_expects_what_keras_3_really_gives():
    shape = keras.layers.Dense(5)(keras.Input(shape=(6, 6, 16))).shape
    assert shape == (None, 6, 6, 5)
    for answer in (
        shape,
        (None, 6, 6, 5),
        [None, 6, 6, 5],
        keras.layers.Dense(5).compute_output_shape((None, 6, 6, 16)),
        (None, np.int64(6), 6, 5),
    ):
        assert lesson02.check_dense_without_flatten(answer), answer


@pytest.mark.parametrize(
    "wrong, words",
    [
        ((None, 5), "WITH a Flatten"),
        ((None, 6, 6, 16, 5), "does not add"),
        ((6, 6, 5), "batch axis is missing"),
        ((None, 5, 6, 6), "LAST axis"),
        ((32, 6, 6, 5), "batch axis is 32"),
        ((None, 6.0, 6.0, 5), "whole number"),
        ((None, 3, 3, 5), "which axis"),
    ],
)
def test_exercise_2_1_explains_typical_mistakes(wrong, words):
    result = lesson02.check_dense_without_flatten(wrong)
    assert result.status == "wrong" and words in result.message


# --- Exercise 2.2 -------------------------------------------------------------


@pytest.fixture(scope="module")
def probe_flat():
    probe = np.arange(5 * 4 * 8).reshape(1, 5, 4, 8)
    return probe, keras_flat(probe)[0]


def test_exercise_2_2_accepts_formula_and_flatnonzero_and_argwhere_lookups(probe_flat):
    probe, flat = probe_flat
    target = flat == probe[0, 2, 1, 3]
    for answer in (
        (2 * 4 + 1) * 8 + 3,
        np.flatnonzero(target),
        np.flatnonzero(target)[0],
        np.argwhere(target),
        int(np.argwhere(target)[0, 0]),
        np.ravel_multi_index((2, 1, 3), (5, 4, 8)),
    ):
        assert lesson02.check_flat_position(answer), answer


@pytest.mark.parametrize("answer", [75.0, np.float64(75), np.array([75.0])])
def test_exercise_2_2_refuses_a_float_position_because_indexing_with_it_fails(answer):
    """Review r6: flat[75.0] raises IndexError, so 75.0 is not a position (before, it was accepted)."""
    result = lesson02.check_flat_position(answer)
    assert result.status == "wrong" and "a float" in result.message and "//" in result.message


@pytest.mark.parametrize(
    "wrong, words",
    [
        (69, "channels-first"),
        (59, "columns first"),
        (76, "one too high"),
        (74, "one too low"),
        (72, "channel offset"),
        (9, "pixel's number"),
        (91, "height and width are swapped"),   # review r11
        (75.5, "not a whole number"),
        (np.array([75, 76]), "ONE number"),
    ],
)
def test_exercise_2_2_explains_other_orders_and_off_by_one(wrong, words):
    result = lesson02.check_flat_position(wrong)
    assert result.status == "wrong" and words in result.message


def test_exercise_2_2_explains_an_argwhere_on_the_4d_map(probe_flat):
    probe, _ = probe_flat
    result = lesson02.check_flat_position(np.argwhere(probe == probe[0, 2, 1, 3]))
    assert result.status == "wrong" and "FLAT vector" in result.message


# --- Exercise 2.3 -------------------------------------------------------------


def test_exercise_2_3_accepts_different_correct_functions():
    def by_formula(row, col, ch, h, w, c):
        return (row * w + col) * c + ch

    def by_numpy(row, col, ch, h, w, c):
        return np.ravel_multi_index((row, col, ch), (h, w, c))

    def by_keras(row, col, ch, h, w, c):
        x = np.arange(h * w * c).reshape(1, h, w, c)
        return np.flatnonzero(np.arange(h * w * c) == x[0, row, col, ch])

    def by_counting(row, col, ch, h, w, c):
        return sum(1 for _ in range(row * w * c + col * c)) + ch

    for fn in (by_formula, by_numpy, by_keras, by_counting, shapes.flat_index):
        assert lesson02.check_position_function(fn), fn.__name__


@pytest.mark.parametrize(
    "fn, words",
    [
        (lambda r, co, ch, h, w, c: (ch * h + r) * w + co, "channels-first"),
        (lambda r, co, ch, h, w, c: (r * w + co) * c + ch + 1, "one too high"),
        (lambda r, co, ch, h, w, c: r * w + co + ch, "expected"),
        (lambda r, co, ch, h, w, c: (r * h + co) * c + ch, "a row holds w pixels"),   # review r10
        (lambda r, co, ch, h, w, c: (r * w + co) * c + ch / 2, "a float"),
        (lambda r, co, ch, h, w, c: float((r * w + co) * c + ch), "a float"),   # review r6
        (lambda r, co, ch, h, w, c: [1, 2], "ONE number"),
        (lambda r, co: 0, "raised TypeError"),
        (42, "expected a function"),
    ],
)
def test_exercise_2_3_explains_wrong_functions(fn, words):
    result = lesson02.check_position_function(fn)
    text = result.message + " ".join(result.details)
    assert result.status == "wrong" and words in text


def test_exercise_2_3_stub_returning_the_placeholder_is_not_attempted():
    def position(row, col, ch, h, w, c):
        return ...

    assert lesson02.check_position_function(position).status == "not attempted"


# --- Exercise 2.4 -------------------------------------------------------------


def test_exercise_2_4_accepts_tuples_lists_arrays_unravel_and_argwhere():
    x = np.arange(4 * 4 * 8).reshape(4, 4, 8)
    for answer in (
        (1, 2, 2),
        [1, 2, 2],
        np.array([1, 2, 2]),
        np.unravel_index(50, (4, 4, 8)),
        np.argwhere(x == 50),
        (np.int64(1), 2, 2),
    ):
        assert lesson02.check_element_at(answer), answer


@pytest.mark.parametrize(
    "wrong, words",
    [
        ((0, 2, 3), "channels-first"),
        ((2, 2, 1), "reversed"),
        ((2, 1, 2), "swapped"),
        ((1, 2, 9), "outside"),
        (50, "three numbers"),
        ((0, 1, 2, 2), "drop the batch"),
        ((1, 2, 3), "sits at position 51, not 50: one step off"),   # review r10: says where it is
        ((0, 0, 0), "sits at position 0, not 50."),
        ((1.5, 2, 2), "not a whole number"),
        ({"row": 1, "col": 2, "channel": 2}, "{'row': 1, 'col': 2, 'channel': 2}"),
        ([1, 2], "you gave 2: [1, 2]"),
    ],
)
def test_exercise_2_4_explains_wrong_elements(wrong, words):
    result = lesson02.check_element_at(wrong)
    assert result.status == "wrong" and words in result.message


# --- Exercise 2.5 (transfer) --------------------------------------------------


def test_exercise_2_5_expects_what_keras_flatten_channels_first_gives():
    x = np.arange(60).reshape(1, 3, 4, 5)
    flat = keras_flat(x, data_format="channels_first")[0]
    found = np.flatnonzero(flat == x[0, 2, 1, 3])
    assert int(found[0]) == 26
    for answer in (found, found[0], np.argwhere(flat == x[0, 2, 1, 3]), 26, (1 * 5 + 3) * 3 + 2):
        assert lesson02.check_channels_first_position(answer), answer
    assert "a float" in lesson02.check_channels_first_position(26.0).message   # review r7: as in 2.2


@pytest.mark.parametrize(
    "wrong, words",
    [
        (48, "plain reshape"),
        (48, "forgot data_format"),
        (shapes.flat_index(2, 1, 3, 3, 4, 5), "plain reshape"),
        (41, "columns first"),
        (27, "one too high"),
        (25, "one too low"),
        (24, "channel 0"),
        (23, "height and width are swapped"),   # review r10
        (26.5, "not a whole number"),
    ],
)
def test_exercise_2_5_explains_plain_reshape_and_off_by_one(wrong, words):
    result = lesson02.check_channels_first_position(wrong)
    assert result.status == "wrong" and words in result.message


def test_exercise_2_5_explains_an_argwhere_on_the_4d_input_like_exercise_2_2():
    x = np.arange(60).reshape(1, 3, 4, 5)
    result = lesson02.check_channels_first_position(np.argwhere(x == x[0, 2, 1, 3]))
    assert result.status == "wrong"
    assert "np.argwhere searched the 4-D map" in result.message
    assert "[batch, channel, row, col]" in result.message
    assert "several matches" not in result.message


def test_a_position_function_that_prints_instead_of_returning_is_asked_about_return():
    """Review r19: print() instead of return got 'is None (type NoneType)'."""
    result = lesson02.check_position_function(lambda r, co, ch, h, w, c: print((r * w + co) * c + ch))
    assert result.status == "wrong" and "did you forget `return`?" in result.message


def test_exercise_2_2_says_a_search_with_several_matches_needs_a_sharper_condition():
    flat = np.arange(160) % 80  # every value twice: the search matches two positions
    result = lesson02.check_flat_position(np.flatnonzero(flat == 75))
    assert result.status == "wrong" and "found several matches" in result.message


def test_exercise_2_1_asks_for_the_shape_when_given_the_tensor_or_the_model():
    inputs = keras.Input(shape=(6, 6, 16))
    outputs = keras.layers.Dense(5)(inputs)
    assert ".shape" in lesson02.check_dense_without_flatten(outputs).message
    assert "output_shape" in lesson02.check_dense_without_flatten(keras.Model(inputs, outputs)).message
    assert lesson02.check_dense_without_flatten(outputs.shape)


def test_section_1_checks_the_dense_by_hand_at_a_position_where_the_map_is_not_zero():
    # The notebook's demo picks the most active position: there the Dense is more than its bias.
    x = load_digits().x_train[:1]
    keras.utils.set_random_seed(42)
    model = keras.Sequential([keras.Input(shape=(8, 8, 1)), keras.layers.Conv2D(4, 3, padding="same",
                              activation="relu"), keras.layers.Dense(10)])
    fmap = keras.ops.convert_to_numpy(model.layers[0](x))
    r, c = np.unravel_index(fmap[0].sum(-1).argmax(), (8, 8))
    kernel, bias = model.layers[-1].get_weights()
    assert np.abs(fmap[0, r, c]).sum() > 0 and not np.allclose(fmap[0, r, c] @ kernel + bias, bias)
    np.testing.assert_allclose(model.predict(x, verbose=0)[0, r, c], fmap[0, r, c] @ kernel + bias, atol=1e-5)


def test_exercise_2_5_plain_reshape_position_is_what_numpy_gives():
    x = np.arange(60).reshape(1, 3, 4, 5)
    assert int(np.flatnonzero(x.reshape(-1) == x[0, 2, 1, 3])[0]) == 48


# --- all checks ---------------------------------------------------------------

CHECKS = [
    lesson02.check_dense_without_flatten,
    lesson02.check_flat_position,
    lesson02.check_position_function,
    lesson02.check_element_at,
    lesson02.check_channels_first_position,
]


@pytest.mark.parametrize(
    "check, wrong", list(zip(CHECKS, [(None, 5), 69, lambda r, co, ch, h, w, c: 0, (0, 2, 3), 48]))
)
def test_wrong_answers_raise_in_strict_mode(strict, check, wrong):
    with pytest.raises(ExerciseError):
        check(wrong)


@pytest.mark.parametrize("check", CHECKS)
def test_the_placeholder_is_not_attempted(check):
    result = check(...)
    assert result.status == "not attempted" and result.hint


def test_exercise_2_3_rejects_a_one_element_list_with_the_reason():
    """Issue 21: a function returning [position] used to pass."""
    result = lesson02.check_position_function(lambda r, co, ch, h, w, c: [(r * w + co) * c + ch])
    assert result.status == "wrong" and "not a number" in result.message and "without [ ]" in result.message


def test_exercise_2_3_gives_a_verdict_on_a_function_that_never_returns(monkeypatch):
    """Issue 23: a function that never returns used to hang the check."""
    import time

    monkeypatch.setattr(lesson02, "DEADLINE", 1)

    def never(row, col, ch, h, w, c):
        while True:
            time.sleep(0.05)

    result = lesson02.check_position_function(never)
    assert result.status == "wrong" and "did not return within 1 s" in result.message
