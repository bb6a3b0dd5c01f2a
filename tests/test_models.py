"""utils.models: builders, the trace, and training helpers."""

import keras
import pytest

from utils import data, models


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
    assert rows[0].output_shape == (None, 8, 8, 1)
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    assert [r.output_shape for r in rows[1:]] == [tuple(layer.output.shape) for layer in layers]
    assert sum(r.params for r in rows) == model.count_params()
    flatten = next(r for r in rows if r.kind == "Flatten")
    assert flatten.output_shape == (None, 2 * 2 * 32) and flatten.params == 0
    table = models.format_trace(rows)
    assert "Flatten" in table and f"{model.count_params():,}" in table


def test_training_is_seeded_and_learns_the_digits():
    split = data.load_digits()
    accuracies = []
    for _ in range(2):
        keras.utils.set_random_seed(0)  # weights are drawn when the model is built
        model = models.build_cnn(filters=(8,), head="flatten")
        history = models.train(model, split, epochs=3)
        accuracies.append(history.history["val_accuracy"][-1])
    assert accuracies[0] == pytest.approx(accuracies[1], abs=1e-6)
    assert accuracies[0] > 0.5


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
