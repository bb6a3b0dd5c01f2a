"""utils.errors: each explanation is tested on the REAL exception Keras 3 raises for that mistake."""

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils import errors

layers = keras.layers


def raised(fn, *args):
    """Run fn and return the exception it raises (the test fails if it raises nothing)."""
    try:
        fn(*args)
    except BaseException as exc:  # noqa: BLE001 - we want whatever Keras raises
        return exc
    pytest.fail("expected an exception, got none")


def flatten_dense_on_unknown_size():
    inputs = keras.Input(shape=(None, None, 3))
    x = layers.Flatten()(layers.Conv2D(2, 3)(inputs))
    layers.Dense(10)(x)


@pytest.fixture(scope="module")
def digits_sequential():
    return keras.Sequential([
        keras.Input(shape=(8, 8, 1)), layers.Conv2D(4, 3, padding="same"),
        layers.Flatten(), layers.Dense(10)])


@pytest.fixture(scope="module")
def digits_functional():
    inputs = keras.Input(shape=(8, 8, 1))
    x = layers.Flatten()(layers.Conv2D(4, 3, padding="same")(inputs))
    return keras.Model(inputs, layers.Dense(10)(x))


def test_dense_after_flatten_on_unknown_sizes_is_explained_with_global_pooling_as_the_fix():
    exc = raised(flatten_dense_on_unknown_size)
    diagnosis = errors.diagnose(exc)
    assert diagnosis.kind == "unknown_flat_length"
    assert "(None, 10)" in diagnosis.what and "GlobalAveragePooling2D" in diagnosis.fix
    assert "Shapes used to initialize variables" in errors.explain(exc)


def test_a_bigger_image_in_a_sequential_flatten_model_reports_four_times_the_values(digits_sequential):
    exc = raised(digits_sequential, np.zeros((2, 16, 16, 1), "float32"))
    diagnosis = errors.diagnose(exc)
    assert diagnosis.kind == "flat_length_mismatch"
    assert "256" in diagnosis.what and "1,024" in diagnosis.what and "4 times" in diagnosis.what


def test_a_bigger_image_in_a_functional_model_is_an_input_size_mismatch(digits_functional):
    exc = raised(digits_functional, np.zeros((2, 16, 16, 1), "float32"))
    diagnosis = errors.diagnose(exc)
    assert diagnosis.kind == "input_size_mismatch"
    assert "(None, 8, 8, 1)" in diagnosis.what and "resize" in diagnosis.fix


# Where each backend notices a longer sequence in a compiled evaluate: TensorFlow's matmul kernel, JAX's
# Dense input check (its evaluate skips the model's), PyTorch's model input check.
CHANGED_LENGTH = {"tensorflow": ("InvalidArgumentError", "flat_length_mismatch"),
                  "jax": ("ValueError", "flat_length_mismatch"),
                  "torch": ("ValueError", "input_size_mismatch")}


def test_a_changed_length_inside_a_compiled_evaluate_is_recognised_on_every_backend():
    inputs = keras.Input(shape=(16, 1))
    x = layers.Flatten()(layers.Conv1D(2, 3)(inputs))
    model = keras.Model(inputs, layers.Dense(1)(x))
    model.compile("sgd", "mse")
    model.evaluate(np.zeros((2, 16, 1)), np.zeros(2), verbose=0)
    exc = raised(model.evaluate, np.zeros((2, 32, 1)), np.zeros(2))
    kind, family = CHANGED_LENGTH[keras.backend.backend()]
    assert type(exc).__name__ == kind
    diagnosis = errors.diagnose(exc)
    assert diagnosis.kind == family
    if family == "flat_length_mismatch":
        assert "28" in diagnosis.what and "60" in diagnosis.what  # 14*2 built for, 30*2 received
    else:  # Keras quotes (2, 32) for the data (2, 32, 1): the explainer puts the channel back
        assert "(None, 16, 1)" in diagnosis.what and "(2, 32, 1)" in diagnosis.what
    if kind == "InvalidArgumentError":
        assert errors.core_message(exc).startswith("InvalidArgumentError: Matrix size-incompatible")


@pytest.mark.parametrize("use_functional", [False, True])
def test_channels_first_data_is_recognised_in_both_model_styles(use_functional):
    if use_functional:
        inputs = keras.Input(shape=(8, 8, 3))
        model = keras.Model(inputs, layers.Dense(2)(layers.Flatten()(layers.Conv2D(4, 3)(inputs))))
    else:
        model = keras.Sequential([keras.Input(shape=(8, 8, 3)), layers.Conv2D(4, 3),
                                  layers.Flatten(), layers.Dense(2)])
    diagnosis = errors.diagnose(raised(model, np.zeros((2, 3, 8, 8), "float32")))
    assert diagnosis.kind == "channels_first"
    assert "np.transpose(x, (0, 2, 3, 1))" in diagnosis.fix and "reshape" in diagnosis.fix


CHANNELS_FIRST_ON_PLAIN_CPU = """
import numpy as np, keras
from utils import errors
try:
    keras.layers.Conv2D(2, 3, data_format="channels_first")(np.zeros((1, 3, 8, 8), "float32"))
except Exception as exc:
    d = errors.diagnose(exc)
    print(d.kind, "Permute" in d.fix, "{{function_node" not in errors.core_message(exc))
else:
    print("ran")
"""


def test_a_channels_first_convolution_that_tensorflow_cannot_run_on_cpu_is_explained():
    # TensorFlow's plain CPU kernels (oneDNN off, as on some builds) refuse NCHW convolutions.
    # A fresh process is needed: the switch is read once, when TensorFlow loads.
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, TF_ENABLE_ONEDNN_OPTS="0", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    out = subprocess.run([sys.executable, "-c", CHANNELS_FIRST_ON_PLAIN_CPU], cwd=root, env=env,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    if out.stdout.strip() == "ran":
        pytest.skip("this TensorFlow build runs channels-first convolutions on the CPU")
    assert out.stdout.split() == ["channels_first_unsupported", "True", "True"]


def test_signals_without_a_channel_axis_get_the_newaxis_fix():
    diagnosis = errors.diagnose(raised(layers.Conv1D(4, 3), np.zeros((2, 64), "float32")))
    assert diagnosis.kind == "missing_axis" and "np.newaxis" in diagnosis.fix


def test_one_sample_without_a_batch_axis_is_recognised_and_the_array_is_not_quoted_whole():
    model = keras.Sequential([keras.Input(shape=(64, 1)), layers.Conv1D(4, 3),
                              layers.GlobalMaxPooling1D()])
    exc = raised(model, np.zeros((64,), "float32"))
    diagnosis = errors.diagnose(exc)
    assert diagnosis.kind == "missing_batch_axis" and "x[np.newaxis" in diagnosis.fix
    assert len(errors.core_message(exc)) <= errors.MAX_QUOTE + len("ValueError: ")


@pytest.mark.parametrize("build", [
    lambda: layers.Conv2D(4, 3)(keras.Input(shape=(2, 2, 1))),
    lambda: layers.MaxPooling2D(2)(layers.MaxPooling2D(8)(keras.Input(shape=(8, 8, 1)))),
], ids=["kernel", "pool"])
def test_a_window_bigger_than_the_input_is_explained(build):
    diagnosis = errors.diagnose(raised(build))
    assert diagnosis.kind == "output_too_small" and "padding='same'" in diagnosis.fix


def test_the_articles_batch_size_argument_is_explained_as_a_keras_3_change():
    exc = raised(lambda: layers.Flatten(batch_size=4))
    diagnosis = errors.diagnose(exc)
    assert diagnosis.kind == "legacy_argument" and "{'batch_size': 4}" in diagnosis.what
    assert "model.fit(..., batch_size=...)" in diagnosis.fix


@pytest.mark.parametrize("make, renamed", [
    (lambda: layers.Conv2D(8, 3, border_mode="same"), "border_mode -> padding"),
    (lambda: layers.Conv1D(nb_filter=8, filter_length=3), "filters (Keras 1: nb_filter)"),
    (lambda: layers.Dense(output_dim=8), "units (Keras 1: output_dim)"),
    (lambda: layers.Dense(8, init="uniform"), "init -> kernel_initializer"),
    (lambda: layers.LSTM(4, batch_input_shape=(1, 2, 3)),
     "batch_input_shape -> keras.Input(batch_shape=...)"),
    (lambda: layers.MaxPooling1D(pool_length=2), "pool_length -> pool_size"),
], ids=["border_mode", "nb_filter", "output_dim", "init", "batch_input_shape", "pool_length"])
def test_keras_1_and_2_argument_names_get_their_new_name_never_just_removal(make, renamed):
    diagnosis = errors.diagnose(raised(make))
    assert diagnosis.kind == "legacy_argument" and renamed in diagnosis.what + diagnosis.fix, diagnosis
    assert "remove" not in diagnosis.fix.lower()


def test_a_misspelled_argument_is_not_called_a_legacy_name():
    diagnosis = errors.diagnose(raised(lambda: layers.Dense(8, activaton="relu")))
    assert diagnosis.kind == "unknown_argument" and "Dense" in diagnosis.what


def test_integer_labels_with_categorical_crossentropy_are_explained():
    exc = raised(keras.losses.categorical_crossentropy, np.zeros((4,)), np.zeros((4, 3)))
    assert errors.diagnose(exc).kind == "integer_labels_categorical"
    assert "sparse_categorical_crossentropy" in errors.explain(exc)


def test_a_forgotten_flatten_is_recognised_from_the_rank_error_fit_raises():
    model = keras.Sequential([keras.Input(shape=(8, 8, 1)), layers.Conv2D(2, 3, padding="same"),
                              layers.Dense(10, activation="softmax")])  # no Flatten: (None, 8, 8, 10)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")
    exc = raised(lambda: model.fit(np.zeros((4, 8, 8, 1)), np.zeros(4), epochs=1, verbose=0))
    diagnosis = errors.diagnose(exc)
    # TensorFlow checks the rank, JAX and PyTorch the shape: two messages, one family
    assert ("must have rank (ndim) `target.ndim - 1`" in diagnosis.original
            or "must have the same shape up until the last dimension" in diagnosis.original)
    assert diagnosis.kind == "forgotten_flatten"
    assert "8, 8, 10)" in diagnosis.what and "Flatten()" in diagnosis.fix  # (None, ...) or (4, ...)


def test_one_hot_labels_with_sparse_crossentropy_are_not_mistaken_for_a_forgotten_flatten():
    exc = raised(keras.losses.sparse_categorical_crossentropy, np.zeros((4, 3)), np.zeros((4, 3)))
    diagnosis = errors.diagnose(exc)
    assert diagnosis.kind == "onehot_labels_sparse" and "argmax" in diagnosis.fix


def test_the_whole_datasets_shape_given_to_keras_input_is_explained_as_a_batch_axis_inside_the_sample():
    x = np.zeros((12, 8, 8, 1), "float32")
    inputs = keras.Input(shape=x.shape)
    model = keras.Model(inputs, layers.Dense(3)(layers.Flatten()(inputs)))
    for call in (lambda: model.predict(x, verbose=0), lambda: model(x)):
        diagnosis = errors.diagnose(raised(call))
        assert diagnosis.kind == "batch_axis_in_input_shape"
        # JAX's predict skips the input check: its Dense error quotes (12, 64), not the data's shape
        assert ("(12, 8, 8, 1)" in diagnosis.what and "shape=(8, 8, 1)" in diagnosis.fix
                or "768 = 12 x 64" in diagnosis.what and "shape=x.shape[1:]" in diagnosis.fix)


def test_running_out_of_memory_points_at_the_dense_after_flatten():
    exc = raised(np.zeros, (10**8, 10**8), "float32")  # 35.5 PiB: numpy refuses at once
    assert isinstance(exc, MemoryError)
    diagnosis = errors.diagnose(exc)
    assert diagnosis.kind == "out_of_memory" and "dense_params" in diagnosis.fix


def test_the_224x224x64_numbers_in_the_memory_advice_are_right():
    from utils.shapes import dense_params

    params = dense_params(224 * 224 * 64, 4096)
    why = errors.diagnose(MemoryError()).why
    assert f"{params:,}" in why and f"{params * 4 / 1e9:.1f} GB" in why


@pytest.mark.parametrize("exc", [KeyError("accuracy"), KeyboardInterrupt(), ZeroDivisionError()])
def test_an_unknown_exception_gets_general_advice_and_keeps_its_message(exc):
    text = errors.explain(exc)
    assert errors.diagnose(exc).kind == "unknown"
    assert f"Original message: {type(exc).__name__}" in text and "x.shape" in text


def test_an_exception_whose_message_cannot_be_read_does_not_break_the_explainer():
    class Broken(Exception):
        def __str__(self):
            raise RuntimeError("no message")

    assert "could not be read" in errors.explain(Broken())


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_explain_never_raises_whatever_the_message(message):
    text = errors.explain(ValueError(message))
    assert text.startswith("What happened: ") and "Original message: ValueError" in text


def test_core_message_drops_the_keras_wrapping_and_colour_codes(digits_sequential):
    exc = raised(digits_sequential, np.zeros((2, 16, 16, 1), "float32"))
    assert "Exception encountered" in str(exc)
    core = errors.core_message(exc)
    assert core.startswith("ValueError: Input 0") and "Arguments received" not in core
    assert "\x1b" not in core


@pytest.mark.parametrize("not_an_exception", ["expected axis -1", None, ValueError])
def test_explain_names_its_argument_when_given_something_else(not_an_exception):
    with pytest.raises(TypeError, match="exc must be an exception"):
        errors.explain(not_an_exception)
    with pytest.raises(TypeError, match="exc="):
        errors.diagnose(not_an_exception)


def test_explain_error_runs_the_call_and_explains_or_reports_success(digits_sequential):
    explained = errors.explain_error(digits_sequential, np.zeros((2, 16, 16, 1), "float32"))
    assert explained.startswith("What happened: Layer") and "256" in explained
    ok = errors.explain_error(digits_sequential, np.zeros((2, 8, 8, 1), "float32"))
    # EagerTensor, ArrayImpl or Tensor, by backend
    tensor = type(digits_sequential(np.zeros((1, 8, 8, 1), "float32"))).__name__
    assert ok == f"No error: the call returned {tensor} of shape (2, 10)."
    assert errors.explain_error(lambda: 1 + 1) == "No error: the call returned int."
    with pytest.raises(TypeError, match="fn must be callable"):
        errors.explain_error(42)


def test_a_traced_batch_against_input_shape_x_shape_is_the_samples_axis_never_a_missing_batch_axis():
    # Second review: Sequential's fit on TensorFlow reports found shape=(None, 8, 8) (a traced batch, the
    # trailing 1 dropped) for keras.Input(shape=x.shape); the fix is x.shape[1:], not x[np.newaxis, ...].
    found = errors._compare_shapes((None, 1347, 8, 8, 1), (None, 8, 8), squeezed=True)
    assert found[0] == "batch_axis_in_input_shape" and "x.shape[1:]" in found[3]
    assert errors._compare_shapes((None, 8, 8, 1), (8, 8, 1))[0] == "missing_batch_axis"  # one sample


def _one_sample_calls():
    model = keras.Sequential([keras.Input(shape=(8, 8, 1)), layers.Conv2D(4, 3), layers.Flatten(),
                              layers.Dense(10)])
    functional = keras.Model(model.inputs, model.outputs)
    return {"Sequential.predict": lambda x: model.predict(x, verbose=0),
            "Sequential call": lambda x: model(x),
            "functional predict": lambda x: functional.predict(x, verbose=0),
            "functional call": lambda x: functional(x)}


@pytest.mark.parametrize("call", ["Sequential.predict", "Sequential call", "functional predict",
                                  "functional call"])
def test_one_grayscale_sample_without_its_batch_axis_is_a_missing_batch_axis_not_a_model_too_deep(call):
    # Third review: Keras 3 appends the missing axis to (8, 8, 1) -> (8, 8, 1, 1), so the first window
    # finds a map one pixel wide; the explainer had said "the model runs out of pixels".
    x = np.zeros((5, 8, 8, 1), "float32")
    diagnosis = errors.diagnose(raised(_one_sample_calls()[call], x[0]))
    assert diagnosis.kind == "missing_batch_axis", diagnosis
    assert "(None, 8, 8, 1)" in diagnosis.what and "x[np.newaxis]" in diagnosis.fix
    _one_sample_calls()[call](x[0][np.newaxis])  # the advice works (a fresh model: JAX lost the weights)


def test_a_model_too_deep_for_its_own_input_is_still_a_map_that_runs_out_of_pixels():
    exc = raised(lambda: keras.Sequential([keras.Input(shape=(8, 8, 1)), layers.Conv2D(4, 5),
                                           layers.Conv2D(4, 5)]))
    assert errors.diagnose(exc).kind == "output_too_small"


@pytest.mark.skipif(keras.backend.backend() != "jax", reason="the weights are lost on JAX only")
def test_a_model_whose_weights_jax_lost_in_a_failed_evaluate_is_told_to_rebuild_it():
    # Found while porting the review's one-sample case: on JAX a failed evaluate/predict leaves the model
    # without weights (Keras 3.15), and every later call raises "'NoneType' object is not callable".
    model = keras.Sequential([keras.Input(shape=(8, 8, 1)), layers.Conv2D(4, 3), layers.Flatten(),
                              layers.Dense(10)])
    model.compile("sgd", "sparse_categorical_crossentropy")
    x, y = np.zeros((5, 8, 8, 1), "float32"), np.zeros(5)
    model.fit(x, y, epochs=1, verbose=0)  # a trained model, as a learner's would be
    raised(lambda: model.evaluate(x, np.zeros((5, 3)), verbose=0))  # one-hot labels, sparse loss
    for call in (lambda: model.evaluate(x, y, verbose=0), lambda: model.predict(x, verbose=0),
                 lambda: model(x)):
        diagnosis = errors.diagnose(raised(call))
        assert diagnosis.kind == "weights_lost_after_an_error" and "re-run the cell" in diagnosis.fix


def test_a_none_called_elsewhere_is_not_blamed_on_lost_weights():
    callback = None
    exc = raised(lambda: callback())  # the learner's own bug, outside Keras
    assert errors.diagnose(exc).kind == "unknown"


def test_a_sentence_that_starts_with_code_keeps_its_case():
    """Review r7: "Why: Keras.Input(shape=...)" cannot be copied; a code name stays as written."""
    text = errors.Diagnosis("k", "the model failed.", "keras.Input(shape=...) is one sample.",
                            "x = x[np.newaxis], then predict.", "original").text()
    assert "What happened: The model failed." in text
    assert "Why: keras.Input(shape=...)" in text and "Fix: x = x[np.newaxis]" in text
