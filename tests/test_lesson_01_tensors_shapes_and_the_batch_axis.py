"""Lesson 01: the reading-order figure, the batch table and the exercise checks."""

import keras
import numpy as np
import pytest
from matplotlib.figure import Figure

from utils.checks import ExerciseError
from utils.data import load_digits
from utils.lessons import lesson01


@pytest.fixture(scope="module")
def x_train():
    return load_digits().x_train


# --- figure and table ---------------------------------------------------------


def test_reshape_grids_draws_one_panel_per_block_of_a_3d_array_with_readable_titles():
    a = np.arange(24).reshape(2, 3, 4)
    fig = lesson01.reshape_grids(
        {"a": a, "a.reshape(4, 6)": a.reshape(4, 6), "flat": a.reshape(-1)}, title="t"
    )
    assert isinstance(fig, Figure) and len(fig.axes) == 2 + 1 + 1
    for ax in fig.axes:
        assert ax.title.get_fontsize() >= 8 and all(t.get_fontsize() >= 8 for t in ax.texts)


def test_reshape_grids_shows_the_transposed_reading_order_cell_by_cell():
    t = np.arange(24).reshape(2, 3, 4).transpose(0, 2, 1)
    fig = lesson01.reshape_grids({"flat": t.reshape(-1)})
    assert [int(x.get_text()) for x in fig.axes[0].texts] == list(t.reshape(-1))


@pytest.mark.parametrize(
    "bad", [{}, {"x": np.zeros((2, 2))}, {"x": np.arange(16).reshape(2, 2, 2, 2)}, {"x": np.arange(200)}]
)
def test_reshape_grids_rejects_what_it_cannot_draw(bad):
    with pytest.raises(ValueError):
        lesson01.reshape_grids(bad)


@pytest.mark.parametrize("call, name", [
    (lambda: lesson01.reshape_grids({"a": np.arange(6)}, title=np.zeros(3)), "title"),
    (lambda: lesson01.reshape_grids({"a": np.arange(6)}, title="x" * 201), "title"),
    (lambda: lesson01.reshape_grids({str(i): np.arange(2) for i in range(7)}), "arrays"),
    (lambda: lesson01.draw_reshape_grid(None, np.arange(6).reshape(2, 3)), "ax"),
    (lambda: lesson01.batch_shape_table([(2, 8, 8, 10**6)]), "channels"),
    (lambda: lesson01.batch_shape_table([(10**7, 8, 8, 1)]), "n must be a whole number from 1 to 1,000,000"),
])
def test_figure_and_table_refuse_bad_arguments_naming_them(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_draw_reshape_grid_works_with_its_defaults():
    fig = Figure()
    artists = lesson01.draw_reshape_grid(fig.subplots(), np.arange(6).reshape(2, 3))
    assert [t.get_text() for t in artists if hasattr(t, "get_text")][:6] == [str(i) for i in range(6)]
    assert lesson01.batch_shape_table() == lesson01.batch_shape_table(lesson01.BATCHES)


def test_the_batch_table_shows_what_keras_input_really_reports_and_the_counts():
    text = lesson01.batch_shape_table([(1, 8, 8, 1), (32, 8, 8, 1), (32, 32, 32, 3)])
    rows = text.splitlines()[2:]
    assert str(keras.Input(shape=(8, 8, 1)).shape) in rows[0] and "(None, 32, 32, 3)" in rows[2]
    assert rows[1].split()[-2:] == ["64", "2,048"] and rows[2].split()[-2:] == ["3,072", "98,304"]
    # only the batch entry and the per-batch count differ between the first two rows
    assert rows[0].split()[4:-1] == rows[1].split()[4:-1]


@pytest.mark.parametrize("bad", [[], [(0, 8, 8, 1)], [(2, 8, 8)], [(2, 8, 8, 1.5)], "abc"])
def test_the_batch_table_refuses_impossible_shapes(bad):
    with pytest.raises(ValueError):
        lesson01.batch_shape_table(bad)


def test_lesson_01_has_no_widget():
    assert lesson01.PANELS == []


# --- Exercise 1.1 -------------------------------------------------------------


def test_exercise_1_1_accepts_any_way_of_writing_the_batch_shape(x_train):
    for answer in (
        x_train[:32].shape,
        [32, 8, 8, 1],
        (np.int64(32), 8, 8, 1),
        np.array([32, 8, 8, 1]),
        keras.ops.convert_to_tensor(x_train[:32]).shape,
    ):
        assert lesson01.check_batch_shape(answer), answer


@pytest.mark.parametrize(
    "answer, words",
    [
        ((8, 8, 1), "ONE digit"),
        ((None, 8, 8, 1), "holds 32 images"),
        ((32, 1, 8, 8), "channels-first"),
        ((32, 8, 8), "channel axis is missing"),
        ((16, 8, 8, 1), "not 16"),
        ((32, 64), "flattened"),
        ((32.0, 8, 8, 1), "whole number"),
    ],
)
def test_exercise_1_1_explains_typical_wrong_shapes(answer, words):
    result = lesson01.check_batch_shape(answer)
    assert result.status == "wrong" and words in result.message


def test_exercise_1_1_reads_a_shape_given_as_a_backend_tensor_without_naming_its_type(x_train):
    """tf.shape(x) and the like return a 1-D integer tensor: read through keras.ops, on every backend."""
    right = keras.ops.convert_to_tensor(np.array(x_train[:32].shape, dtype="int32"))
    assert lesson01.check_batch_shape(right).correct
    wrong = lesson01.check_batch_shape(keras.ops.convert_to_tensor(np.array([31, 8, 8, 1], dtype="int32")))
    assert wrong.status == "wrong" and "not 31" in wrong.message
    assert "Tensor" not in wrong.message


def test_exercise_1_1_asks_for_the_shape_when_given_the_array(x_train):
    assert ".shape" in lesson01.check_batch_shape(x_train[:32]).message


# --- Exercise 1.2 -------------------------------------------------------------


def test_exercise_1_2_accepts_any_keras_input_for_rgb_32_by_32():
    for make in (
        lambda: keras.Input(shape=(32, 32, 3)),
        lambda: keras.layers.Input((32, 32, 3), name="rgb"),
        lambda: keras.Input(shape=[32, 32, 3]),
        lambda: keras.Input(shape=(32, 32, 3), dtype="uint8"),
        lambda: keras.Input(shape=(np.int64(32), 32, 3)),
    ):
        assert lesson01.check_rgb_input(make())


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda: keras.Input(shape=(100, 32, 32, 3)), "shape of ONE"),
        (lambda: keras.Input(shape=(None, 32, 32, 3)), "shape of ONE"),
        (lambda: keras.Input(shape=(32, 32, 3), batch_size=16), "fixed to 16"),
        (lambda: keras.Input(shape=(3, 32, 32)), "channels-first"),
        (lambda: keras.Input(shape=(32, 32, 1)), "3 channels"),
        (lambda: keras.Input(shape=(32, 32)), "channel axis is missing"),
        (lambda: (32, 32, 3), "that is a shape"),
        (
            lambda: keras.Sequential([keras.Input(shape=(32, 32, 3)), keras.layers.Flatten()]),
            "that is a model",
        ),
        (lambda: np.zeros((1, 32, 32, 3)), "that is data (a NumPy array"),
        (lambda: keras.ops.zeros((1, 32, 32, 3)), "that is data (an eager tensor"),
        (lambda: np.zeros((32, 32, 3)), "not keras.Input"),
    ],
)
def test_exercise_1_2_explains_typical_wrong_inputs(make, words):
    result = lesson01.check_rgb_input(make())
    assert result.status == "wrong" and words in result.message


def test_exercise_1_4_known_mistakes_are_what_those_slips_compute():
    from utils import shapes

    dense = shapes.dense_params(10 * 10 * 8, 5)
    assert shapes.conv2d_params(8, 3, 3) + dense == 4584  # Keras' order Conv2D(filters, kernel)
    assert shapes.conv2d_params(3, 3, 8) + shapes.dense_params(9 * 9 * 8, 5) == 3469  # 12 - 3, no + 1


# --- Exercise 1.3 -------------------------------------------------------------


def test_exercise_1_3_accepts_the_value_however_it_was_computed():
    b = np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape(4, 6)
    for answer in (b[2, 1], 17, np.int32(17), np.array([17]), 17.0, keras.ops.convert_to_tensor(b)[2, 1]):
        assert lesson01.check_reading_order(answer), answer


@pytest.mark.parametrize(
    "wrong, words",
    [
        (13, "memory"),
        (
            int(np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape((4, 6), order="F")[2, 1]),
            "column-major",
        ),
        (4, "[1, 2]"),
        (16, "transpose(0, 2, 1)"),
        (16, "also element [2, 0] of the right array"),   # review r11: the value has two readings
        (18, "different"),
        (17.5, "not a whole number"),
    ],
)
def test_exercise_1_3_explains_memory_order_and_other_orders(wrong, words):
    result = lesson01.check_reading_order(wrong)
    assert result.status == "wrong" and words in result.message


def test_exercise_1_3_a_whole_row_is_one_number_too_many_not_a_search():
    """Review r19: a row b[2] was told that np.flatnonzero/np.argwhere found several matches."""
    b = np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape(4, 6)
    result = lesson01.check_reading_order(b[2])
    assert result.status == "wrong" and "ONE number" in result.message
    assert "flatnonzero" not in result.message


def test_exercise_1_3_wrong_answers_really_are_those_orders():
    a = np.arange(24).reshape(2, 3, 4)
    t = a.transpose(1, 0, 2)
    assert a.reshape(4, 6)[2, 1] == 13 and t.reshape(4, 6)[1, 2] == 4
    assert a.transpose(0, 2, 1).reshape(4, 6)[2, 1] == 16


# --- Exercise 1.4 (transfer) --------------------------------------------------


@pytest.fixture(scope="module")
def summary_model():
    return keras.Sequential(
        [
            keras.Input(shape=(12, 12, 3)),
            keras.layers.Conv2D(8, 3),
            keras.layers.Flatten(),
            keras.layers.Dense(5),
        ]
    )


def test_exercise_1_4_expects_what_keras_counts(summary_model):
    assert summary_model.count_params() == 4229
    for answer in (summary_model.count_params(), 4229, np.int64(4229), np.array(4229), 4229.0):
        assert lesson01.check_summary_params(answer), answer


@pytest.mark.parametrize(
    "wrong, words",
    [
        (3 * 3 * 3 * 8 + 10 * 10 * 8 * 5, "biases are missing"),
        (3 * 3 * 1 * 8 + 8 + 800 * 5 + 5, "all 3 input channels"),
        (224 + 12 * 12 * 8 * 5 + 5, "fits 10 times"),
        (224, "Conv2D row only"),
        ((3 * 3 * 3 * 8 + 1) + (10 * 10 * 8 * 5 + 1), "one bias per LAYER"),
        (4005, "Dense row only"),
        (4230, "different"),
        (4584, "shapes.conv2d_params takes (kernel, in_channels, filters)"),  # conv2d_params(8, 3, 3)
        (3469, "fits 12 - 3 + 1 = 10 times"),  # a 9x9 map: the first position not counted
        (224 + 10 * 10 * 5 + 5, "Flatten keeps every channel"),  # review r11: the channels dropped
    ],
)
def test_exercise_1_4_explains_bias_channels_shrinking_and_partial_sums(wrong, words):
    result = lesson01.check_summary_params(wrong)
    assert result.status == "wrong" and words in result.message


# --- all checks ---------------------------------------------------------------


@pytest.mark.parametrize(
    "check, wrong",
    [
        (lesson01.check_batch_shape, (8, 8, 1)),
        (lesson01.check_rgb_input, (32, 32, 3)),
        (lesson01.check_reading_order, 13),
        (lesson01.check_summary_params, 224),
    ],
)
def test_wrong_answers_raise_in_strict_mode(strict, check, wrong):
    with pytest.raises(ExerciseError):
        check(wrong)


@pytest.mark.parametrize(
    "check",
    [
        lesson01.check_batch_shape,
        lesson01.check_rgb_input,
        lesson01.check_reading_order,
        lesson01.check_summary_params,
    ],
)
def test_the_placeholder_is_not_attempted(check):
    result = check(...)
    assert result.status == "not attempted" and result.hint


@pytest.mark.parametrize(("answer", "words"), [(4221, "Conv2D's biases"), (4224, "Dense's biases"),
                                               (5069, "not 11"), (5029, "Flatten has no parameters")])
def test_exercise_1_4_names_the_slips_review_r6_found(answer, words):
    result = lesson01.check_summary_params(answer)
    assert result.status == "wrong" and words in result.message


def test_exercise_1_2_refuses_a_layers_output_in_place_of_keras_input():
    """Review r9: Rescaling(1/255)(keras.Input(...)) has the right shape, but a model built from it skips the
    Rescaling."""
    import keras

    rescaled = keras.layers.Rescaling(1 / 255)(keras.Input(shape=(32, 32, 3)))
    result = lesson01.check_rgb_input(rescaled)
    assert result.status == "wrong" and "output of a layer" in result.text()
    assert lesson01.check_rgb_input(keras.Input(shape=(32, 32, 3))).correct
