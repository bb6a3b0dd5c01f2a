"""Small Keras model builders and a layer-by-layer shape/parameter trace.

The lessons write their teaching models out in full; these builders are for the
places where a model is a tool rather than the topic (comparisons, sliders,
the capstone), so the same architecture is used everywhere.

>>> model = build_cnn(head="gap")           # doctest: +SKIP
>>> print(format_trace(trace(model)))       # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import keras

from utils._validate import whole_number

__all__ = ["HEADS", "build_cnn", "LayerRow", "trace", "format_trace", "train"]

HEADS = ("flatten", "gap", "gmp")


class LayerRow(NamedTuple):
    """One line of a model trace."""

    name: str
    kind: str
    output_shape: tuple
    params: int


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
    filters = [whole_number("filters[i]", f) for f in filters]
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


def trace(model: keras.Model) -> list[LayerRow]:
    """Every layer's name, class, output shape and parameter count, input first.

    The numbers come from Keras itself (``layer.output.shape`` and
    ``layer.count_params()``), so the trace is what ``model.summary()`` shows.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}.")
    if not model.built:
        raise ValueError("model is not built: start it with keras.Input(shape=...).")
    rows = [LayerRow("input", "Input", tuple(model.inputs[0].shape), 0)]
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        rows.append(LayerRow(layer.name, type(layer).__name__,
                             tuple(layer.output.shape), int(layer.count_params())))
    return rows


def format_trace(rows: Sequence[LayerRow]) -> str:
    """A plain-text table of :func:`trace` rows with a total, for printing."""
    lines = [f"{'layer':<22}{'output shape':<22}{'params':>12}", "-" * 56]
    for row in rows:
        shape = "(" + ", ".join("None" if s is None else str(s) for s in row.output_shape)
        shape += ",)" if len(row.output_shape) == 1 else ")"
        lines.append(f"{row.kind:<22}{shape:<22}{row.params:>12,}")
    lines.append("-" * 56)
    lines.append(f"{'total':<44}{sum(r.params for r in rows):>12,}")
    return "\n".join(lines)


def train(
    model: keras.Model,
    split,
    epochs: int = 20,
    batch_size: int = 64,
    learning_rate: float = 3e-3,
    seed: int = 0,
):
    """Compile with Adam + sparse categorical cross-entropy and fit quietly.

    Returns the Keras ``History``; test accuracy is in ``history.history
    ["val_accuracy"]`` (the test split doubles as validation data here, which is
    fine for a course on shapes but not for model selection in real work).
    """
    epochs = whole_number("epochs", epochs)
    batch_size = whole_number("batch_size", batch_size)
    keras.utils.set_random_seed(seed)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model.fit(
        split.x_train, split.y_train,
        validation_data=(split.x_test, split.y_test),
        epochs=epochs, batch_size=batch_size, verbose=0, shuffle=True,
    )
