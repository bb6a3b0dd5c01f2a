"""utils.checks: the verdicts learners see, answer normalisation, and strict mode for CI."""

import doctest

import keras
import numpy as np
import pytest

from utils import checks
from utils.checks import (
    ExerciseError,
    Unusable,
    as_model,
    as_shape,
    as_whole_number,
    check_value,
    layer_classes,
    run_check,
)


def test_docstring_examples_hold():
    assert doctest.testmod(checks).failed == 0


def test_checks_know_nothing_about_any_lesson():
    assert not [name for name in dir(checks) if "lesson" in name.lower()]


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


def test_a_crashing_judge_is_reported_as_wrong_with_an_explanation_not_a_traceback():
    def judge(answer):
        raise ValueError("\x1b[31mComputed output size would be negative\x1b[0m")

    result = run_check("Ex", 1, judge)
    assert result.status == "wrong" and "raised ValueError" in result.message
    assert "\x1b" not in result.text() and "Traceback" not in result.text()


def test_an_unusable_answer_gives_its_own_message():
    def judge(answer):
        raise Unusable("that is a History, not a model")

    assert run_check("Ex", 1, judge).message == "that is a History, not a model"


@pytest.mark.parametrize("answer", [13, np.int64(13), np.array([13]), np.array([[13]]), [13], (13,),
                                    13.0, np.flatnonzero(np.arange(20) == 13),
                                    np.argwhere(np.arange(20) == 13), keras.ops.convert_to_tensor(13)])
def test_every_plausible_form_of_a_whole_number_is_read_as_that_number(answer):
    assert as_whole_number(answer) == 13
    assert check_value("Ex", answer, expected=13)


@pytest.mark.parametrize(("answer", "message"), [
    (13.5, "not a whole number"), (np.array([3, 13]), "holds 2 numbers"), ([1, 2], "sequence of 2"),
    ("13", "whole number"), (None, "did you forget `return`?"), (True, "whole number"),
    (np.array([]), "holds 0 numbers"), (float("nan"), "not a whole number")])
def test_what_is_not_one_whole_number_is_explained(answer, message):
    with pytest.raises(Unusable, match=message):
        as_whole_number(answer)
    assert message in check_value("Ex", answer, expected=13).message


@pytest.mark.parametrize("data", [np.zeros((250, 64, 48, 3)), keras.ops.zeros((2, 6, 6, 5)),
                                  keras.Input(shape=(4, 4, 2))])
def test_passing_the_data_instead_of_its_shape_is_named_in_a_short_message(data):
    for read in (as_shape, as_whole_number):
        with pytest.raises(Unusable, match=r"\.shape") as info:
            read(data)
        assert len(str(info.value)) < 200


def test_the_coordinates_of_one_argwhere_match_are_explained_as_such():
    with pytest.raises(Unusable, match="one row of 2 coordinates"):
        as_whole_number(np.argwhere(np.arange(160).reshape(1, 160) == 75))


def test_shapes_accept_lists_tuples_numpy_ints_and_none_but_not_floats():
    assert as_shape([None, np.int64(8), 8, 1]) == (None, 8, 8, 1)
    assert as_shape(keras.Input(shape=(4, 4, 2)).shape) == (None, 4, 4, 2)
    assert as_shape(np.array([8, 8])) == (8, 8)
    with pytest.raises(Unusable, match=r"axis 1 .* 4.0 .*use //"):
        as_shape((None, 4.0, 4, 2))
    with pytest.raises(Unusable, match="tuple such as"):
        as_shape(128)


def test_a_set_is_no_shape_because_it_has_no_order():
    """Review r19: {250, 64, 48, 3} was read back as (64, 48, 250, 3), an order the learner never wrote."""
    for unordered in ({250, 64, 48, 3}, frozenset({8, 1}), {"h": 8, "w": 8}):
        with pytest.raises(Unusable, match=r"which has no order.*write it as a tuple"):
            as_shape(unordered)


def small_model(head):
    return keras.Sequential([
        keras.Input(shape=(8, 8, 1)),
        keras.layers.Conv2D(4, 3),
        head,
        keras.layers.Dense(10, activation="softmax"),
    ])


class Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.body = keras.Sequential([keras.layers.Conv2D(4, 3), keras.layers.GlobalMaxPooling2D()])
        self.head = keras.layers.Dense(10)

    def call(self, x):
        return self.head(self.body(x))


def test_layer_classes_look_inside_nested_and_subclassed_models():
    inner = small_model(keras.layers.Flatten())
    inputs = keras.Input(shape=(8, 8, 1))
    nested = keras.Model(inputs, keras.layers.Dense(3)(inner(inputs)))
    assert {"Conv2D", "Flatten", "Dense"} <= set(layer_classes(nested))
    sub = Subclassed()
    sub(np.zeros((1, 8, 8, 1), "float32"))
    assert {"Conv2D", "GlobalMaxPooling2D", "Dense"} <= set(layer_classes(sub))


def test_as_model_refuses_a_history_and_what_is_not_a_model():
    model = small_model(keras.layers.Flatten())
    assert as_model(model) is model
    model.compile(loss="sparse_categorical_crossentropy")
    history = model.fit(np.zeros((2, 8, 8, 1)), np.zeros(2), epochs=1, verbose=0)
    with pytest.raises(Unusable, match="History"):
        as_model(history)
    with pytest.raises(Unusable, match="Keras model"):
        as_model("model")


class CustomModel(keras.Model):
    pass


@pytest.mark.parametrize("cls, said", [
    (keras.Model, "you passed the class keras.Model itself"),
    (keras.Sequential, "you passed the class keras.Sequential itself"),
    (CustomModel, "you passed the class CustomModel itself"),
])
def test_as_model_refuses_a_model_class_with_a_message_instead_of_a_type_error(cls, said):
    with pytest.raises(Unusable, match=said) as caught:
        as_model(cls)
    assert "positional argument" not in str(caught.value) and "pass it" in str(caught.value)
    verdict = run_check("Ex", cls, lambda m: layer_classes(as_model(m)))
    assert said in verdict.message and "_flatten_layers" not in verdict.message


def test_as_model_says_how_to_build_a_sequential_model_without_an_input():
    unbuilt = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(1)])
    with pytest.raises(Unusable, match="not built yet") as caught:
        as_model(unbuilt)
    assert "keras.Input(shape=...) first" in str(caught.value)
    assert "call the model on a batch once" in str(caught.value)
    unbuilt(np.zeros((2, 3)))
    assert as_model(unbuilt) is unbuilt  # the fix it names works


def test_results_render_as_html_with_their_status():
    html = check_value("Ex", 1, expected=1)._repr_html_()
    assert "course-check-correct" in html and "Ex: correct" in html
    assert "&lt;b&gt;" in check_value("Ex", "<b>", expected="x")._repr_html_()


# ---------------------------------------------------------------------------
# The shared probes (output rank, vanished map, mask-dropping layers, final activation)
# ---------------------------------------------------------------------------

def _image_model(input_shape=(None, None, 1), activation="softmax"):
    return keras.Sequential([keras.Input(input_shape), keras.layers.Conv2D(4, 5),
                             keras.layers.MaxPooling2D(2),
                             keras.layers.Conv2D(8, 5), keras.layers.GlobalAveragePooling2D(),
                             keras.layers.Dense(3, activation=activation)])


class _Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.conv = keras.layers.Conv2D(2, 3)
        self.pool = keras.layers.MaxPooling2D(4)
        self.flat = keras.layers.Flatten()

    def call(self, x):
        return self.flat(self.pool(self.conv(x)))


@pytest.mark.parametrize(("side", "where"), [(13, "conv2d"), (6, "conv2d"), (28, None)])
def test_a_vanished_map_is_found_on_every_backend_before_the_backend_disagrees(side, where):
    found = checks.vanished_map(_image_model(), (side, side, 1))
    if where is None:
        assert found is None
    else:
        assert found.layer.startswith(where)
        assert found.output_shape is None or 0 in found.output_shape[1:-1]
        assert min(found.input_shape[1:3]) < 5


def test_a_pooling_that_empties_the_map_is_found_too():
    model = keras.Sequential([keras.Input((None, None, 1)), keras.layers.MaxPooling2D(4),
                              keras.layers.MaxPooling2D(4), keras.layers.Flatten()])
    found = checks.vanished_map(model, (8, 8, 1))
    assert found is not None and found.input_shape == (1, 2, 2, 1)
    assert checks.vanished_map(model, (16, 16, 1)) is None


def test_fatal_call_stops_before_an_adaptive_max_pooling_that_would_crash_tensorflow():
    """Review r10: AdaptiveMaxPooling with a width of 1 in or out kills a TensorFlow process (SIGFPE); the
    probe finds it before that layer runs (in a subclassed model too), and finds nothing on other shapes."""
    def pooled(width_out=2):
        return keras.Sequential([keras.Input((None, None, 1)), keras.layers.MaxPooling2D(4),
                                 keras.layers.AdaptiveMaxPooling2D((2, width_out))])
    on_tensorflow = keras.backend.backend() == "tensorflow"
    assert (checks.fatal_call(pooled(), (16, 4, 1)) is not None) == on_tensorflow   # a 4x1 map comes in
    assert (checks.fatal_call(pooled(1), (16, 16, 1)) is not None) == on_tensorflow  # a width of 1 goes out
    assert checks.fatal_call(pooled(), (16, 16, 1)) is None
    assert checks.fatal_call("not a model", (16, 16, 1)) is None   # not this probe's business


def test_masked_call_names_the_layers_that_lose_the_mask():
    def model(hidden):
        return keras.Sequential([keras.Input((None,), dtype="int32"),
                                 keras.layers.Embedding(10, 4, mask_zero=True),
                                 hidden, keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(1)])

    tokens = np.array([[1, 2, 0, 0]], dtype="int32")
    out, dropped = checks.masked_call(model(keras.layers.Conv1D(3, 3, padding="same")), tokens)
    assert tuple(out.shape) == (1, 1) and dropped == ["Conv1D"]
    assert checks.masked_call(model(keras.layers.Dense(3)), tokens)[1] == []


@pytest.mark.parametrize(("last", "expected"), [
    (keras.layers.Dense(3, activation="softmax"), "softmax"),
    (keras.layers.Dense(1, activation="sigmoid"), "sigmoid"),
    (keras.layers.Dense(3), "linear"),
    (keras.layers.Softmax(), "softmax"),
    (keras.layers.Activation("sigmoid"), "sigmoid"),
])
def test_final_activation_reads_the_last_layer_through_nested_models(last, expected):
    head = keras.Sequential([keras.layers.Dense(4), last, keras.layers.Dropout(0.1)])
    model = keras.Sequential([keras.Input((5,)), keras.Sequential([keras.layers.Dense(4)]), head])
    assert checks.final_activation(model) == expected
    assert checks.final_activation(keras.Sequential([])) is None


def test_backend_tensors_are_read_as_numbers_on_every_backend():
    value = keras.ops.sum(keras.ops.convert_to_tensor(np.array([[6.0], [7.0]])))  # a 0-d tensor (JAX: Array)
    assert as_whole_number(value) == 13
    assert as_whole_number(keras.ops.convert_to_tensor(np.array([[13]]))) == 13
    if keras.backend.backend() == "torch":
        import torch

        assert as_whole_number(torch.tensor([13.0], requires_grad=True) * 1) == 13


def test_final_activation_of_a_subclassed_model_is_unknown_whatever_the_creation_order():
    """Review r7: a subclassed model tracks its layers in the order they were CREATED; the last one created
    need not be the last one called, so the probe says None (the checks then judge the outputs)."""
    class PoolFirst(keras.Model):
        def __init__(self):
            super().__init__()
            self.out = keras.layers.Dense(1, activation="sigmoid")
            self.hidden = keras.layers.Dense(4, activation="relu")

        def call(self, x):
            return self.out(self.hidden(x))

    model = PoolFirst()
    model(np.zeros((1, 3)))
    assert checks.final_activation(model) is None
    wrapped = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="softmax"),
                                keras.layers.Dropout(0.1)])
    assert checks.final_activation(wrapped) == "softmax"


def test_a_call_past_its_deadline_is_stopped_not_left_running():
    """Review r8: an interrupt of the kernel never reaches the check's thread, so a learner's endless loop
    kept a core busy after the verdict. Now the check stops it, even through an ``except Exception``."""
    import threading
    import time

    def endless():
        while True:
            try:
                time.sleep(0.001)
            except Exception:  # noqa: BLE001, S110 - a learner's loop that swallows errors
                pass

    with pytest.raises(Unusable, match="did not return within 0.3 s") as info:
        checks.call_with_deadline(endless, seconds=0.3)
    assert "restart the kernel" not in str(info.value)
    assert not [t for t in threading.enumerate() if t.name == "course-check" and t.is_alive()]


def test_a_float_count_is_refused_with_the_learners_own_value_not_invented_examples():
    """Review r20: 1347.0 was told about flat[13.0] and a size of 14.0, numbers from nowhere."""
    with pytest.raises(checks.Unusable, match=r"1347\.0, a float.*an index of 1347\.0") as refused:
        checks.as_whole_number(1347.0, "your count", floats=False)
    assert "13.0" not in str(refused.value) and "14.0" not in str(refused.value)
