"""utils.checks: the verdicts learners see, and strict mode for CI."""

import doctest
import importlib

import keras
import numpy as np
import pytest

from utils import checks
from utils.checks import (
    ExerciseError,
    check_function,
    check_model,
    check_shape,
    check_value,
    run_check,
)


@pytest.mark.parametrize("module", ["core", *(f"lesson{n:02d}" for n in range(8))])
def test_docstring_examples_hold(module):
    assert doctest.testmod(importlib.import_module(f"utils.checks.{module}")).failed == 0


def test_every_public_check_is_available_from_the_package():
    for number in range(8):
        module = importlib.import_module(f"utils.checks.lesson{number:02d}")
        for name in module.__all__:
            assert getattr(checks, name) is getattr(module, name)
    assert checks.check_value is importlib.import_module("utils.checks.core").check_value


def test_placeholder_is_reported_as_not_attempted_with_the_hint():
    result = check_value("Ex", ..., expected=3, hint="multiply")
    assert result.status == "not attempted" and not result
    assert "Hint: multiply" in result.text() and "..." in result.message


def test_placeholder_raises_in_strict_mode(strict):
    with pytest.raises(ExerciseError, match="not attempted"):
        check_value("Ex", ..., expected=3)


def test_a_wrong_answer_is_explained_not_raised_for_a_learner():
    result = check_value("Ex", 5, expected=6, hint="h")
    assert result.status == "wrong" and "5" in result.message and "Hint: h" in result.text()


def test_a_wrong_answer_raises_in_strict_mode(strict):
    with pytest.raises(ExerciseError, match="Ex: wrong"):
        check_value("Ex", 5, expected=6)


def test_a_right_answer_passes_in_strict_mode(strict):
    assert check_value("Ex", np.int64(6), expected=6)


def test_specific_explanations_come_before_the_generic_one():
    result = check_value("Ex", 64, expected=1347,
                         explain=lambda a: "that is pixels, not images" if a == 64 else None)
    assert result.message == "that is pixels, not images"


def test_numbers_compare_with_tolerance_only_when_asked():
    assert not check_value("Ex", 0.1 + 0.2, expected=0.3)
    assert check_value("Ex", 0.1 + 0.2, expected=0.3, rel_tol=1e-9)
    assert not check_value("Ex", True, expected=1)


def test_a_crashing_judge_is_reported_as_wrong():
    def judge(answer):
        raise ZeroDivisionError("boom")

    result = run_check("Ex", 1, judge)
    assert result.status == "wrong" and "ZeroDivisionError: boom" in result.message


def test_shapes_are_compared_axis_by_axis_and_accept_lists_and_numpy_ints():
    assert check_shape("S", [None, np.int64(128)], expected=(None, 128))
    result = check_shape("S", (32, 120), expected=(None, 128))
    assert result.status == "wrong"
    assert "axis 1: you gave 120, expected 128" in result.text()
    assert "write None" in result.text()
    assert "has 1 axis; the answer has 3" in check_shape("S", (128,), expected=(None, 5, 128)).message
    assert "a shape is a tuple" in check_shape("S", 128, expected=(None, 128)).message


def test_functions_are_called_on_every_case():
    cases = [((2, 3), 6), ((0, 5), 0), ((4, 4), 16)]
    assert check_function("F", lambda a, b: a * b, cases)
    wrong = check_function("F", lambda a, b: a + b, cases)
    assert wrong.status == "wrong" and "returned 5, expected 6" in wrong.text()
    crashing = check_function("F", lambda a, b: a / 0, cases)
    assert "ZeroDivisionError" in crashing.text()
    assert check_function("F", 42, cases).status == "wrong"


def test_a_stub_function_returning_ellipsis_is_not_attempted():
    def stub(a, b):
        return ...

    assert check_function("F", stub, [((1, 2), 2)]).status == "not attempted"


def small_model(head):
    return keras.Sequential([
        keras.Input(shape=(8, 8, 1)),
        keras.layers.Conv2D(4, 3),
        head,
        keras.layers.Dense(10, activation="softmax"),
    ])


def test_models_are_judged_by_their_properties():
    flat, gap = small_model(keras.layers.Flatten()), small_model(keras.layers.GlobalAveragePooling2D())
    assert check_model("M", flat, output_shape=(None, 10), max_params=2_000)
    assert check_model("M", gap, output_shape=(None, 10), must_contain=["GlobalAveragePooling2D"])
    over = check_model("M", flat, max_params=100)
    assert "over the budget of 100" in over.text()
    missing = check_model("M", flat, must_contain=["GlobalAveragePooling2D"], must_not_contain=["Flatten"])
    assert len(missing.details) == 2
    assert "output shape is (None, 10), expected (None, 5)" in check_model(
        "M", gap, output_shape=(None, 5)).text()
    assert "expected a Keras model" in check_model("M", "model", output_shape=(None, 10)).text()


def test_results_render_as_html_with_their_status():
    html = check_value("Ex", 1, expected=1)._repr_html_()
    assert "course-check-correct" in html and "Ex: correct" in html
    assert "&lt;b&gt;" in check_value("Ex", "<b>", expected="x")._repr_html_()
