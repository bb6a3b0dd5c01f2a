"""Lesson 02: the flat-index widgets, the order map figure and the exercise checks."""

import html
import itertools

import keras
import numpy as np
import pytest
from matplotlib.figure import Figure

from utils import checks, plots, shapes, widgets
from utils.checks import ExerciseError


def keras_flat(x):
    return keras.ops.convert_to_numpy(keras.layers.Flatten()(x))


# --- update functions and widgets -------------------------------------------

def test_flat_index_view_states_the_position_keras_flatten_gives():
    h, w, c = 3, 4, 2
    x = np.arange(h * w * c).reshape(1, h, w, c)
    flat = keras_flat(x)[0]
    for row, col, ch in itertools.product(range(h), range(w), range(c)):
        text, fig = widgets.flat_index_view(row, col, ch, h, w, c)
        position = int(np.flatnonzero(flat == x[0, row, col, ch])[0])
        assert text.splitlines()[1].endswith(f"= {position}")
        assert isinstance(fig, Figure)


def test_unflat_index_view_names_the_element_at_each_position():
    text, fig = widgets.unflat_index_view(13, 3, 4, 2)
    assert text.splitlines()[-1] == "flat position 13 holds element [row=1, col=2, channel=1]"
    assert isinstance(fig, Figure)


@pytest.mark.parametrize("call, words", [
    (lambda: widgets.flat_index_view(3, 0, 0, height=3), "row must be < 3"),
    (lambda: widgets.flat_index_view(0, 0, 2, channels=2), "channel must be < 2"),
    (lambda: widgets.unflat_index_view(24, 3, 4, 2), "index must be < 24"),
])
def test_out_of_range_settings_raise_a_value_error_naming_the_argument(call, words):
    with pytest.raises(ValueError, match=words):
        call()


@pytest.mark.parametrize("build, update", [
    (widgets.flat_index_widget, widgets.flat_index_view),
    (widgets.unflat_index_widget, widgets.unflat_index_view),
])
def test_moving_the_first_slider_changes_the_text_to_the_new_result(build, update):
    box = build()
    assert "course-widget" in box._dom_classes
    first = next(iter(box.controls.values()))
    assert first.value < first.max
    before = box.text_output.value
    first.value += 1
    values = {name: c.value for name, c in box.controls.items()}
    assert box.text_output.value != before
    assert html.escape(update(**values)[0]) in box.text_output.value


def test_a_row_outside_the_map_shows_a_friendly_message_in_the_panel():
    box = widgets.flat_index_widget()
    box.controls["height"].value = 1
    assert "course-error" in box.text_output.value and "row must be &lt; 1" in box.text_output.value


def test_one_step_in_row_col_channel_moves_by_w_times_c_then_c_then_1():
    def pos(*args):
        return int(widgets.flat_index_view(*args)[0].splitlines()[1].rsplit("= ", 1)[1])
    base = pos(1, 1, 0, 3, 4, 2)
    steps = (pos(2, 1, 0, 3, 4, 2), pos(1, 2, 0, 3, 4, 2), pos(1, 1, 1, 3, 4, 2))
    assert tuple(p - base for p in steps) == (4 * 2, 2, 1)


def test_channels_first_flatten_gives_each_element_the_channels_last_position():
    c, h, w = 2, 3, 4
    x_cf = np.arange(c * h * w).reshape(1, c, h, w)
    flat = keras.ops.convert_to_numpy(keras.layers.Flatten(data_format="channels_first")(x_cf))[0]
    assert not np.array_equal(flat, x_cf.reshape(-1))
    for row, col, ch in itertools.product(range(h), range(w), range(c)):
        i = shapes.flat_index(row, col, ch, h, w, c, data_format="channels_first")
        assert flat[i] == x_cf[0, ch, row, col]


# --- figure -----------------------------------------------------------------

@pytest.mark.parametrize("size", [(1, 1, 1), (3, 4, 2), (4, 4, 3), (2, 6, 1)])
def test_the_order_map_labels_every_cell_twice_with_its_flat_position(size):
    h, w, c = size
    fig = plots.flatten_order_map(h, w, c, highlight=(h - 1, 0, c - 1))
    assert isinstance(fig, Figure)
    labels = [t.get_text() for t in fig.axes[0].texts]
    for i in range(h * w * c):
        assert labels.count(str(i)) >= 2


@pytest.mark.parametrize("kwargs", [dict(height=0, width=2, channels=2), dict(height=5, width=5, channels=4),
                                    dict(height=2, width=2, channels=7), dict(height=2, width=2, channels=2,
                                                                                highlight=(0, 0))])
def test_the_order_map_rejects_sizes_it_cannot_draw(kwargs):
    with pytest.raises(ValueError):
        plots.flatten_order_map(**kwargs)


# --- checks -----------------------------------------------------------------

def test_exercise_2_1_accepts_the_length_computed_any_way():
    assert checks.check_lesson02_flat_length(7 * 7 * 64)
    assert checks.check_lesson02_flat_length(keras.layers.Flatten().compute_output_shape((None, 7, 7, 64))[1])
    assert checks.check_lesson02_flat_length(np.int64(3136))


@pytest.mark.parametrize("wrong, words", [(49, "64 channel values"), (7 * 64, "height AND width"),
                                          (78, "multiplies"), ((None, 3136), "that is a shape")])
def test_exercise_2_1_explains_typical_mistakes(wrong, words):
    result = checks.check_lesson02_flat_length(wrong)
    assert result.status == "wrong" and words in result.message


def test_exercise_2_2_accepts_formula_and_keras_lookups():
    assert checks.check_lesson02_flat_position((2 * 4 + 1) * 8 + 3)
    probe = np.arange(5 * 4 * 8).reshape(1, 5, 4, 8)
    assert checks.check_lesson02_flat_position(np.flatnonzero(keras_flat(probe)[0] == probe[0, 2, 1, 3])[0])


@pytest.mark.parametrize("wrong, words", [(69, "channels-first"), (59, "columns first"),
                                          (76, "count from 0")])
def test_exercise_2_2_explains_other_orders_and_off_by_one(wrong, words):
    result = checks.check_lesson02_flat_position(wrong)
    assert result.status == "wrong" and words in result.message


def test_exercise_2_3_accepts_different_correct_functions():
    def by_formula(row, col, ch, h, w, c):
        return (row * w + col) * c + ch

    def by_numpy(row, col, ch, h, w, c):
        return int(np.ravel_multi_index((row, col, ch), (h, w, c)))

    assert checks.check_lesson02_position_function(by_formula)
    assert checks.check_lesson02_position_function(by_numpy)
    assert checks.check_lesson02_position_function(shapes.flat_index)


def test_exercise_2_3_recognises_channels_first_order():
    result = checks.check_lesson02_position_function(lambda r, co, ch, h, w, c: (ch * h + r) * w + co)
    assert result.status == "wrong" and "channels-first" in result.message


def test_exercise_2_3_lists_failing_cases_of_other_wrong_functions():
    result = checks.check_lesson02_position_function(lambda r, co, ch, h, w, c: r * w + co + ch)
    assert result.status == "wrong" and any("expected" in d for d in result.details)
    assert "expected a function" in checks.check_lesson02_position_function(42).message


def test_exercise_2_3_stub_returning_the_placeholder_is_not_attempted():
    def position(row, col, ch, h, w, c):
        return ...
    assert checks.check_lesson02_position_function(position).status == "not attempted"


def test_exercise_2_4_accepts_tuples_lists_and_arrays():
    assert checks.check_lesson02_element_at((1, 2, 2))
    assert checks.check_lesson02_element_at([1, 2, 2])
    assert checks.check_lesson02_element_at(np.array(np.unravel_index(50, (4, 4, 8))))


@pytest.mark.parametrize("wrong, words", [((0, 2, 3), "channels-first"), ((2, 2, 1), "reversed"),
                                          (50, "three numbers"), ((1, 2, 3), "does not hold")])
def test_exercise_2_4_explains_wrong_elements(wrong, words):
    result = checks.check_lesson02_element_at(wrong)
    assert result.status == "wrong" and words in result.message


@pytest.mark.parametrize("check, wrong", [
    (checks.check_lesson02_flat_length, 49),
    (checks.check_lesson02_flat_position, 69),
    (checks.check_lesson02_position_function, lambda r, co, ch, h, w, c: 0),
    (checks.check_lesson02_element_at, (0, 2, 3)),
])
def test_wrong_answers_raise_in_strict_mode(strict, check, wrong):
    with pytest.raises(ExerciseError):
        check(wrong)


@pytest.mark.parametrize("check", [
    checks.check_lesson02_flat_length, checks.check_lesson02_flat_position,
    checks.check_lesson02_position_function, checks.check_lesson02_element_at,
])
def test_the_placeholder_is_not_attempted(check):
    result = check(...)
    assert result.status == "not attempted" and result.hint
