"""utils._validate: the whole-number check shared by utils.data and utils.models."""

import pytest


def test_the_shared_validator_names_the_argument_and_refuses_bools():
    import doctest

    from utils import _validate

    assert doctest.testmod(_validate).failed == 0
    for bad in (True, 2.0, "3", 0):
        with pytest.raises(ValueError, match="epochs="):
            _validate.whole_number("epochs", bad)
