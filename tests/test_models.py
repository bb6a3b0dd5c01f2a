"""utils.models: builders and the trace of a built model."""

import keras
import pytest

from utils import models, shapes


@pytest.mark.parametrize("head", models.HEADS)
def test_every_head_gives_ten_class_probabilities(head):
    model = models.build_cnn(head=head)
    assert model.output_shape == (None, 10)
    kinds = [type(layer).__name__ for layer in model.layers]
    expected = {"flatten": "Flatten", "gap": "GlobalAveragePooling2D", "gmp": "GlobalMaxPooling2D"}[head]
    assert expected in kinds


def test_a_gap_model_accepts_any_image_size():
    model = models.build_cnn(input_shape=(None, None, 1), head="gap")
    for side in (8, 20):
        assert model(keras.ops.zeros((2, side, side, 1))).shape == (2, 10)


def test_the_trace_matches_keras_summary_numbers():
    model = models.build_cnn(head="flatten", dense_units=16)
    rows = models.trace(model)
    assert rows[0].shape == (None, 8, 8, 1)
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    assert [r.shape for r in rows[1:]] == [tuple(layer.output.shape) for layer in layers]
    assert shapes.total_params(rows) == model.count_params()
    flatten = next(r for r in rows if r.layer == "Flatten")
    assert flatten.shape == (None, 2 * 2 * 32) and flatten.params == 0
    table = models.format_trace(rows)
    assert "Flatten" in table and f"{model.count_params():,}" in table


def test_the_model_trace_agrees_with_the_predicted_trace_row_by_row():
    model = models.build_cnn(filters=(8, 16), head="gap", dense_units=12)
    predicted = shapes.trace((8, 8, 1), [
        shapes.conv(8, 3, padding="same"), shapes.pool(2), shapes.conv(16, 3, padding="same"), shapes.pool(2),
        shapes.global_pool(), shapes.dense(12), shapes.dense(10)])
    built = models.trace(model)
    assert [(r.shape, r.params) for r in built] == [(r.shape, r.params) for r in predicted]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"head": "dense"}, "head='dense'"),
        ({"input_shape": (8, 8)}, "input_shape=(8, 8)"),
        ({"input_shape": (None, None, 1), "head": "flatten"}, "needs a fixed image size"),
        ({"input_shape": (8, 8, None)}, "channels"),
        ({"num_classes": 1}, "num_classes=1"),
        ({"filters": (0,)}, "filters"),
    ],
)
def test_bad_builder_arguments_are_explained(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        models.build_cnn(**kwargs)


def test_trace_refuses_what_is_not_a_model():
    with pytest.raises(TypeError, match="keras.Model"):
        models.trace(keras.layers.Dense(3))


# --- build_training_state: a speed-up that changes nothing the training computes ---------

def _compiled(seed=0, input_shape=(8, 8, 1)):
    keras.utils.set_random_seed(seed)
    model = models.build_cnn(input_shape=input_shape, head="gap")
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def _fit(model, build):
    import numpy as np

    rng = np.random.default_rng(0)
    x, y = rng.uniform(size=(50, 8, 8, 1)).astype("float32"), rng.integers(0, 10, 50)
    traces = []
    original = model.train_step
    model.train_step = lambda data: (traces.append(1), original(data))[1]  # runs once per trace
    built = models.build_training_state(model) if build else None
    keras.utils.set_random_seed(1)  # the same shuffling in both runs
    history = model.fit(x, y, validation_data=(x, y), epochs=2, batch_size=16, verbose=0)
    return built, len(traces), history.history, model.get_weights()


def test_building_the_training_state_first_traces_once_and_trains_to_the_same_weights_and_logs():
    built, traces_built, logs_built, weights_built = _fit(_compiled(), build=True)
    _, traces_plain, logs_plain, weights_plain = _fit(_compiled(), build=False)
    assert built is True and traces_built == 1 and traces_plain == 2  # the second trace is what it saves
    assert logs_built == logs_plain  # loss and accuracy trackers start each epoch from zero either way
    assert all((a == b).all() for a, b in zip(weights_built, weights_plain, strict=True))


@pytest.mark.parametrize("make", [
    lambda: models.build_cnn(head="gap"),  # not compiled: nothing to build
    lambda: _compiled(input_shape=(None, None, 1)),  # input size unknown: no sample to build from
    lambda: "not a model",
])
def test_building_the_training_state_declines_what_it_cannot_build_and_fit_still_works(make):
    import numpy as np

    model = make()
    assert models.build_training_state(model) is False
    if getattr(model, "optimizer", None) is not None:  # compiled: fit builds the state itself
        x, y = np.zeros((4, 8, 8, 1), "float32"), np.zeros(4, "int64")
        assert np.isfinite(model.fit(x, y, epochs=1, verbose=0).history["loss"][0])
