"""utils._validate: declarative bounds (pydantic) rewritten into one line that names the argument."""

import doctest

import numpy as np
import pytest

from utils import _validate
from utils._validate import BoundError, Choice, Flag, KindError, Real, Rule, Whole, budget, shown, validated


def _padding(value):
    if value in ("valid", "same") or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    raise ValueError("must be 'valid', 'same' or a whole number >= 0")


@validated
def flags(on: Flag = True):
    return on


def test_a_flag_is_true_or_false_only():
    assert flags(False) is False
    for bad in (1, "yes", None, np.zeros((3, 3)), np.bool_(True)):
        with pytest.raises(ValueError, match="on must be True or False, got on="):
            flags(bad)


@validated
def demo(kernel: Whole(1, 64), rate: Real(0, 1) = 0.5, mode: Choice("valid", "same") = "valid",
         part: Real(0, 1, open=True) = 0.5, padding: Rule(_padding) = 0, extra: Whole(16) | None = None):
    return kernel, rate, mode, part, padding, extra


def test_doctests_pass():
    assert doctest.testmod(_validate).failed == 0


def test_good_values_pass_and_numpy_numbers_become_python_numbers():
    result = demo(np.int64(3), rate=np.float32(0.25), mode="same", padding=2, extra=np.int16(20))
    assert result == (3, 0.25, "same", 0.5, 2, 20)
    assert type(result[0]) is int and type(result[1]) is float
    assert demo(64, rate=1)[1] == 1.0  # an int is a fine real number


@pytest.mark.parametrize(("kwargs", "message", "kind"), [
    ({"kernel": 65}, "kernel must be a whole number from 1 to 64, got kernel=65.", BoundError),
    ({"kernel": 0}, "kernel must be a whole number from 1 to 64, got kernel=0.", BoundError),
    ({"kernel": True}, "kernel must be a whole number from 1 to 64, got a bool (True or False).", KindError),
    ({"kernel": 3.0}, "kernel must be a whole number from 1 to 64, got kernel=3.0 (float).", KindError),
    ({"kernel": float("nan")}, "got kernel=nan (float).", KindError),
    ({"kernel": "3"}, "got kernel='3' (str).", KindError),
    ({"kernel": None}, "got kernel=None (NoneType).", KindError),
    ({"kernel": 10**5000}, "got kernel=an integer of over 4,000 digits.", BoundError),
    ({"kernel": -(10**30)}, "got kernel=an integer of 31 digits.", BoundError),
    ({"kernel": 3, "rate": float("nan")}, "rate must be a finite number from 0 to 1, not nan or infinity.",
     BoundError),
    ({"kernel": 3, "rate": np.float64("inf")}, "not nan or infinity", BoundError),
    ({"kernel": 3, "rate": 1.5}, "rate must be a finite number from 0 to 1, got rate=1.5.", BoundError),
    ({"kernel": 3, "rate": False}, "got a bool", KindError),
    ({"kernel": 3, "rate": "0.5"}, "got rate='0.5' (str)", KindError),
    ({"kernel": 3, "part": 0}, "part must be a finite number > 0 and < 1, got part=0.", BoundError),
    ({"kernel": 3, "mode": "full"}, "mode must be one of 'valid' or 'same', got mode='full'.", BoundError),
    ({"kernel": 3, "mode": np.zeros((3, 3))},
     "mode must be one of 'valid', 'same', got mode=an array of shape (3, 3).", BoundError),
    ({"kernel": np.zeros((3, 3))},
     "kernel must be a whole number from 1 to 64, got kernel=an array of shape (3, 3) (ndarray).", KindError),
    ({"kernel": 3, "rate": np.zeros(2)},
     "rate must be a finite number from 0 to 1, got rate=an array of shape (2,) (ndarray).", KindError),
    ({"kernel": 3, "padding": -1}, "padding must be 'valid', 'same' or a whole number >= 0, got padding=-1.",
     BoundError),
    ({"kernel": 3, "extra": 8}, "extra must be a whole number >= 16 or None, got extra=8.", BoundError),
    ({"kernel": 3, "extra": 2.5}, "extra must be a whole number >= 16 or None", KindError),
    ({}, "kernel is missing: pass it.", KindError),
    ({"kernel": 3, "kernal": 3}, "unexpected argument kernal=3: check its spelling.", KindError),
])
def test_a_bad_value_gets_one_line_naming_it(kwargs, message, kind):
    with pytest.raises(kind) as info:
        demo(**kwargs)
    text = str(info.value)
    assert message in text and "\n" not in text
    assert isinstance(info.value, ValueError)  # every refusal is a ValueError, as the course promises


def test_too_many_positional_arguments_are_named():
    with pytest.raises(KindError, match="too many arguments"):
        demo(3, 0.5, "valid", 0.5, 0, None, 99)


def test_a_wrapped_function_keeps_its_name_and_signature():
    import inspect

    assert demo.__name__ == "demo" and list(inspect.signature(demo).parameters)[0] == "kernel"


def test_whole_number_refuses_bools_floats_strings_and_out_of_range():
    for bad in (True, 2.0, "3", 0, float("nan"), -(10**5000)):
        with pytest.raises(ValueError, match="epochs="):
            _validate.whole_number("epochs", bad)
    assert _validate.whole_number("epochs", np.int8(4), 1, 4) == 4


def test_budget_names_the_product_and_the_limit():
    assert budget(100, a=10, b=10) == 100
    with pytest.raises(BoundError, match=r"n x length = 10,000,000,000 values, more than the 20,000,000"):
        budget(20_000_000, n=100_000, length=100_000)
    with pytest.raises(BoundError, match="over 4,000 digits"):
        budget(10, n=10**5000)


def test_shown_never_raises_and_stays_short():
    class Broken:
        def __repr__(self):
            raise RuntimeError

    assert shown(Broken()) == "<Broken>"
    assert len(shown(list(range(1000)))) <= 60
    assert shown(np.int64(2**62)) == "an integer of 19 digits"


@validated
def arrays(values: _validate.Array("one to four finite numbers", (1,), 4, kind="finite"),
           labels: _validate.Array("labels >= 0 in a 2-D grid", (2,), 100, kind="labels") = ((0,),)):
    return values, labels


def test_an_array_rule_accepts_arrays_and_lists_of_its_kind_and_returns_the_array():
    values, labels = arrays([1, 2.5], labels=np.array([[0, 3]]))
    assert values.dtype == np.float64 and values.tolist() == [1.0, 2.5]   # finite: float64
    assert labels.dtype.kind == "i" and labels.shape == (1, 2)


@pytest.mark.parametrize("kwargs", [
    {"values": "1234"}, {"values": {"a": 1}}, {"values": [[1, 2]]}, {"values": []}, {"values": [1] * 5},
    {"values": [1, np.nan]}, {"values": [1, np.inf]}, {"values": [[1], [2, 3]]}, {"values": [object()]},
    {"values": [1], "labels": [[-1]]}, {"values": [1], "labels": [[0.5]]}, {"values": [1], "labels": [0, 1]},
])
def test_an_array_rule_names_the_argument_and_says_what_it_needs(kwargs):
    name = "labels" if "labels" in kwargs else "values"
    needs = {"values": "one to four finite numbers", "labels": "labels >= 0 in a 2-D grid"}[name]
    with pytest.raises(BoundError, match=f"^{name} must be {needs}, got {name}="):
        arrays(**kwargs)


def test_array_inside_a_body_names_the_argument_and_refuses_out_of_range_integers():
    assert _validate.array("grid", [[1, 2]], "a grid", (2,), kind="whole").tolist() == [[1, 2]]
    for bad in ([[10**10]], [[1.5]], [1, 2]):
        with pytest.raises(BoundError, match=r"^grid must be a grid, got grid="):
            _validate.array("grid", bad, "a grid", (2,), kind="whole")
