"""Small Keras model builders and the trace of a built model (what ``model.summary()`` shows).

The lessons write their teaching models out in full; these builders are for the
places where a model is a tool rather than the topic (comparisons, sliders,
the capstone), so the same architecture is used everywhere.

>>> model = build_cnn(head="gap")           # doctest: +SKIP
>>> print(format_trace(trace(model)))       # doctest: +SKIP

``trace`` returns the same rows as :func:`utils.shapes.trace` (which predicts them
without building anything), so the two can be compared row by row.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras
import numpy as np

from utils._validate import whole_number
from utils.shapes import TraceRow, format_trace

__all__ = ["HEADS", "build_cnn", "trace", "format_trace", "build_training_state"]

HEADS = ("flatten", "gap", "gmp")


def build_cnn(
    input_shape: Sequence[int | None] = (8, 8, 1),
    num_classes: int = 10,
    filters: Sequence[int] = (16, 32),
    head: str = "flatten",
    dense_units: int = 0,
    pool: bool = True,
    name: str | None = None,
) -> keras.Model:
    """A small Conv -> (Pool) -> ... -> head -> Dense(num_classes, softmax) classifier.

    Args:
        input_shape: ``(height, width, channels)``; ``None`` sizes are allowed for
            the ``"gap"`` / ``"gmp"`` heads only.
        filters: one ``Conv2D(f, 3, padding="same", activation="relu")`` per entry,
            each followed by ``MaxPooling2D(2)`` when ``pool`` and the map is >= 2 px.
        head: ``"flatten"``, ``"gap"`` (GlobalAveragePooling2D) or ``"gmp"``
            (GlobalMaxPooling2D).
        dense_units: size of a hidden Dense layer before the classifier (0 = none).
    """
    if head not in HEADS:
        raise ValueError(f"head must be one of {HEADS}, got head={head!r}.")
    if isinstance(input_shape, (str, bytes)) or len(tuple(input_shape)) != 3:
        raise ValueError(
            f"input_shape must be (height, width, channels), got input_shape={input_shape!r}."
        )
    input_shape = tuple(input_shape)
    for axis, size in enumerate(input_shape):
        if size is not None:
            whole_number(f"input_shape[{axis}]", size)
    if input_shape[2] is None:
        raise ValueError("input_shape[2] (channels) must be known, got None.")
    if head == "flatten" and None in input_shape[:2]:
        raise ValueError(
            f"head='flatten' needs a fixed image size, got input_shape={input_shape!r}: "
            "use head='gap' or head='gmp' for variable sizes."
        )
    filters = [whole_number(f"filters[{i}]", f) for i, f in enumerate(filters)]
    num_classes = whole_number("num_classes", num_classes, minimum=2)
    dense_units = whole_number("dense_units", dense_units, minimum=0)

    inputs = keras.Input(shape=input_shape)
    x = inputs
    side = input_shape[0]
    for f in filters:
        x = keras.layers.Conv2D(f, 3, padding="same", activation="relu")(x)
        if pool and (side is None or side >= 2):
            x = keras.layers.MaxPooling2D(2)(x)
            side = None if side is None else side // 2
    x = {
        "flatten": keras.layers.Flatten,
        "gap": keras.layers.GlobalAveragePooling2D,
        "gmp": keras.layers.GlobalMaxPooling2D,
    }[head]()(x)
    if dense_units:
        x = keras.layers.Dense(dense_units, activation="relu")(x)
    outputs = keras.layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name=name or f"cnn_{head}")


def trace(model: keras.Model) -> list[TraceRow]:
    """Every layer's class, output shape and parameter count, input first, as
    :class:`utils.shapes.TraceRow` rows (print them with :func:`format_trace`).

    The numbers come from Keras itself (``layer.output.shape`` and
    ``layer.count_params()``), so the trace is what ``model.summary()`` shows.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}.")
    if not model.built:
        raise ValueError("model is not built: start it with keras.Input(shape=...).")
    rows = [TraceRow("Input", tuple(model.inputs[0].shape), 0)]
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        rows.append(TraceRow(type(layer).__name__, tuple(layer.output.shape), int(layer.count_params())))
    return rows


def build_training_state(model: keras.Model, x=None, y=None) -> bool:
    """Create a compiled model's optimizer slots and loss and metric trackers now, eagerly.

    ``fit`` would create them inside its first trace of the train step; because TensorFlow lets a
    ``tf.function`` create variables only while it is first traced, it then traces the whole step a
    **second** time: about a quarter of a second per ``fit`` for the course's small models, seconds
    for many models trained together. Nothing the training computes changes: Adam's slots start at
    zero either way, and ``fit`` resets the trackers before the first epoch (tests check that the
    weights come out the same).

    ``x``/``y``: one small batch (default: one sample of zeros shaped like the model's input, and
    class 0 as a sparse label, which suits ``sparse_categorical_crossentropy``). Returns ``True``
    when the state was built, ``False`` when it could not be (not compiled, an unknown input size,
    labels that do not suit the loss): ``fit`` then builds it as usual, so this never breaks
    training.
    """
    if not isinstance(model, keras.Model) or getattr(model, "optimizer", None) is None:
        return False
    try:
        if x is None:
            shape = tuple(model.inputs[0].shape[1:])
            if len(model.inputs) != 1 or None in shape:
                return False
            x = np.zeros((1, *shape), "float32")
        y_pred = model(x, training=False)
        if y is None:
            y = np.zeros(tuple(y_pred.shape[:-1]), "int64")
        if not model.optimizer.built:
            model.optimizer.build(model.trainable_variables)
        model.compute_loss(x=x, y=y, y_pred=y_pred)
        model.compute_metrics(x, y, y_pred, sample_weight=None)
    except Exception:  # noqa: BLE001  (a speed-up only: fit builds the state itself otherwise)
        return False
    return True
