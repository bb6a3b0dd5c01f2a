"""Shape arithmetic of convolution, pooling and Flatten, in pure Python.

Nothing here imports TensorFlow or Keras, so the functions are instant (fit for a
slider) and can be read as the formulas they are. The tests check every function
against Keras' own ``compute_output_shape`` on thousands of random settings.

The one formula behind everything (for one spatial axis)::

    k_eff = k + (k - 1) * (d - 1)             # a dilated kernel spans more pixels
    o     = floor((i + 2p - k_eff) / s) + 1   # explicit zero padding p on each side

``"valid"`` is ``p = 0``; ``"same"`` pads just enough that ``o = ceil(i / s)``;
``"causal"`` (Conv1D only) pads ``k_eff - 1`` on the left, which also gives
``ceil(i / s)``.

>>> conv_output_length(28, 3)
26
>>> conv_output_length(28, 3, stride=2, padding="same")
14
>>> pool_output_length(26, 2)
13
>>> flatten_output_shape((None, 13, 13, 32))
(None, 5408)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import NamedTuple

Padding = str | int

PADDINGS = ("valid", "same", "causal")

__all__ = [
    "PADDINGS",
    "Layer",
    "TraceRow",
    "conv",
    "pool",
    "flatten",
    "global_pool",
    "adaptive_pool",
    "dense",
    "embedding",
    "trace",
    "total_params",
    "format_shape",
    "format_trace",
    "effective_kernel_size",
    "conv_output_length",
    "pool_output_length",
    "flatten_output_shape",
    "flat_index",
    "unflat_index",
    "dense_params",
    "conv2d_params",
]


def _check_positive_int(name: str, value: object, minimum: int = 1) -> int:
    """Return ``value`` as an int, or raise a ValueError that names the argument."""
    # bool is an int subclass: kernel=True is almost surely a mistake, so refuse it.
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(
            f"{name} must be a whole number, got {name}={value!r} "
            f"(type {type(value).__name__})."
        )
    value = int(value)
    if value < minimum:
        bound = "positive (>= 1)" if minimum == 1 else f">= {minimum}"
        raise ValueError(f"{name} must be {bound}, got {name}={value}.")
    return value


def _check_padding(padding: object, allowed: Sequence[str]) -> Padding:
    if isinstance(padding, str):
        lowered = padding.lower()
        if lowered not in allowed:
            choices = ", ".join(repr(p) for p in allowed)
            raise ValueError(
                f"padding must be one of {choices} or a whole number >= 0, "
                f"got padding={padding!r}."
            )
        return lowered
    if isinstance(padding, bool) or not isinstance(padding, numbers.Integral):
        raise ValueError(
            f"padding must be a string such as 'valid' or a whole number >= 0, "
            f"got padding={padding!r}."
        )
    return _check_positive_int("padding", padding, minimum=0)


def effective_kernel_size(kernel: int, dilation: int = 1) -> int:
    """Span of a dilated kernel: ``k + (k - 1) * (d - 1)``.

    >>> effective_kernel_size(3, dilation=2)
    5
    """
    kernel = _check_positive_int("kernel", kernel)
    dilation = _check_positive_int("dilation", dilation)
    return kernel + (kernel - 1) * (dilation - 1)


def _window_output_length(
    n: int, window: int, stride: int, padding: Padding, window_name: str
) -> int:
    """Shared core of convolution and pooling once arguments are validated."""
    if padding in ("same", "causal"):
        return -(-n // stride)  # ceil(n / stride) without floats
    pad = 0 if padding == "valid" else int(padding)
    padded = n + 2 * pad
    if window > padded:
        how = "the input" if pad == 0 else "the padded input"
        raise ValueError(
            f"{window_name} is larger than {how} ({padded}): "
            "use padding='same', more padding, or a smaller window."
        )
    return (padded - window) // stride + 1


def conv_output_length(
    n: int,
    kernel: int,
    stride: int = 1,
    padding: Padding = "valid",
    dilation: int = 1,
) -> int:
    """Length of a convolution's output along one spatial axis.

    Args:
        n: input length along this axis (e.g. image height).
        kernel: kernel size ``k`` along this axis.
        stride: step ``s`` between windows.
        padding: ``"valid"`` (no padding), ``"same"`` (output ``ceil(n / s)``),
            ``"causal"`` (Conv1D: pad ``k_eff - 1`` on the left) or an int ``p``
            of zeros added on EACH side (as ``ZeroPadding2D(p)`` then ``"valid"``).
        dilation: gap factor ``d`` between kernel taps.

    Keras itself refuses ``stride > 1`` together with ``dilation > 1`` in one
    layer; the formula is still well defined, so it is computed here.

    >>> conv_output_length(5, 3, padding=1)
    5
    >>> conv_output_length(7, 3, dilation=2)
    3
    """
    n = _check_positive_int("n", n)
    kernel = _check_positive_int("kernel", kernel)
    stride = _check_positive_int("stride", stride)
    dilation = _check_positive_int("dilation", dilation)
    padding = _check_padding(padding, PADDINGS)
    k_eff = kernel + (kernel - 1) * (dilation - 1)
    name = f"kernel={kernel}" if dilation == 1 else (
        f"the dilated kernel (kernel={kernel}, dilation={dilation} spans {k_eff})"
    )
    return _window_output_length(n, k_eff, stride, padding, name)


def pool_output_length(
    n: int,
    pool: int,
    stride: int | None = None,
    padding: Padding = "valid",
) -> int:
    """Length of a pooling layer's output along one axis.

    As in Keras, ``stride=None`` means "stride = pool size", so windows do not
    overlap: ``MaxPooling2D(2)`` halves each side (rounding down with "valid").

    >>> pool_output_length(7, 2)
    3
    >>> pool_output_length(7, 2, padding="same")
    4
    """
    n = _check_positive_int("n", n)
    pool = _check_positive_int("pool", pool)
    stride = pool if stride is None else _check_positive_int("stride", stride)
    padding = _check_padding(padding, ("valid", "same"))
    return _window_output_length(n, pool, stride, padding, f"pool={pool}")


def flatten_output_shape(shape: Sequence[int | None]) -> tuple:
    """Output shape of ``keras.layers.Flatten`` for an input shape with the batch axis first.

    The batch axis is kept as it is (``None`` allowed there); every other axis is
    multiplied into one. A rank-1 input ``(batch,)`` becomes ``(batch, 1)``.

    >>> flatten_output_shape((32, 4, 4, 8))
    (32, 128)
    >>> flatten_output_shape((None,))
    (None, 1)
    """
    if isinstance(shape, (str, bytes)) or not isinstance(shape, Sequence):
        raise ValueError(
            f"shape must be a tuple such as (None, 7, 7, 64), got shape={shape!r}."
        )
    shape = tuple(shape)
    if len(shape) == 0:
        raise ValueError(
            "shape must include at least the batch axis, got shape=(): "
            "Flatten needs an input of rank 1 or more."
        )
    batch, rest = shape[0], shape[1:]
    if batch is not None:
        batch = _check_positive_int("shape[0] (batch)", batch)
    for axis, size in enumerate(rest, start=1):
        if size is None:
            raise ValueError(
                f"shape[{axis}] is None in shape={shape!r}: only the batch axis may "
                "be unknown. With an unknown spatial size the flat length is unknown "
                "too, so a Dense layer after Flatten cannot be built."
            )
        _check_positive_int(f"shape[{axis}]", size)
    return (batch, math.prod(int(s) for s in rest))


def flat_index(
    row: int,
    col: int,
    channel: int,
    height: int,
    width: int,
    channels: int,
    data_format: str = "channels_last",
) -> int:
    """Position of feature-map element ``[row, col, channel]`` in Flatten's output.

    Keras flattens in row-major (C) order with channels last, so the channel
    index changes fastest: ``index = (row * width + col) * channels + channel``.
    With ``data_format="channels_first"`` Keras first moves channels last, so the
    answer is the same for the same (row, col, channel) element.

    >>> flat_index(0, 1, 0, height=2, width=2, channels=3)
    3
    """
    height = _check_positive_int("height", height)
    width = _check_positive_int("width", width)
    channels = _check_positive_int("channels", channels)
    if not isinstance(data_format, str) or data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            "data_format must be 'channels_last' or 'channels_first', "
            f"got data_format={data_format!r}."
        )
    for name, value, size in (("row", row, height), ("col", col, width),
                              ("channel", channel, channels)):
        value = _check_positive_int(name, value, minimum=0)
        if value >= size:
            raise ValueError(f"{name} must be < {size}, got {name}={value}.")
    return (int(row) * width + int(col)) * channels + int(channel)


def unflat_index(index: int, height: int, width: int, channels: int) -> tuple:
    """Inverse of :func:`flat_index`: which ``(row, col, channel)`` sits at ``index``.

    >>> unflat_index(3, height=2, width=2, channels=3)
    (0, 1, 0)
    """
    height = _check_positive_int("height", height)
    width = _check_positive_int("width", width)
    channels = _check_positive_int("channels", channels)
    index = _check_positive_int("index", index, minimum=0)
    total = height * width * channels
    if index >= total:
        raise ValueError(
            f"index must be < {total} (= {height}*{width}*{channels}), got index={index}."
        )
    pixel, channel = divmod(index, channels)
    row, col = divmod(pixel, width)
    return (row, col, channel)


def dense_params(n_in: int, units: int, use_bias: bool = True) -> int:
    """Parameters of ``Dense(units)`` on ``n_in`` inputs: one weight per pair, plus biases.

    >>> dense_params(25088, 4096)
    102764544
    """
    n_in = _check_positive_int("n_in", n_in)
    units = _check_positive_int("units", units)
    use_bias = _check_bool("use_bias", use_bias)
    return n_in * units + (units if use_bias else 0)


def conv2d_params(kernel: int, in_channels: int, filters: int, use_bias: bool = True) -> int:
    """Parameters of ``Conv2D(filters, kernel)`` on ``in_channels`` input channels.

    Independent of the image size: the same small kernel slides everywhere.

    >>> conv2d_params(3, 1, 16)
    160
    """
    kernel = _check_positive_int("kernel", kernel)
    in_channels = _check_positive_int("in_channels", in_channels)
    filters = _check_positive_int("filters", filters)
    use_bias = _check_bool("use_bias", use_bias)
    return kernel * kernel * in_channels * filters + (filters if use_bias else 0)


# ---------------------------------------------------------------------------
# One trace of a layer stack: shape and parameters per layer, no TensorFlow.
# ---------------------------------------------------------------------------

_POOL_NAMES = {"max": "Max", "avg": "Average"}
_GLOBAL_NAMES = {"avg": "GlobalAveragePooling", "max": "GlobalMaxPooling"}
_ADAPTIVE_NAMES = {"avg": "AdaptiveAveragePooling", "max": "AdaptiveMaxPooling"}


class Layer(NamedTuple):
    """A layer of a stack to :func:`trace`; build one with :func:`conv`, :func:`pool`, ...

    ``kind`` is one of ``conv``, ``pool``, ``flatten``, ``global_pool``,
    ``adaptive_pool``, ``dense``, ``embedding``; ``options`` holds its settings;
    ``label`` (optional) names the layer's role in a table, e.g. ``"classifier"``.
    """

    kind: str
    options: dict
    label: str = ""


class TraceRow(NamedTuple):
    """One row of a trace: the layer as you would write it in Keras, its output shape, its parameters."""

    layer: str
    shape: tuple
    params: int


def _per_axis(name: str, value: object, minimum: int = 1) -> tuple | int:
    """An int, or a tuple of ints (one per spatial axis), each validated."""
    if isinstance(value, (tuple, list)):
        if not value:
            raise ValueError(f"{name} must not be empty, got {name}={value!r}.")
        return tuple(_check_positive_int(f"{name}[{i}]", v, minimum) for i, v in enumerate(value))
    return _check_positive_int(name, value, minimum)


def _check_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {name}={value!r}.")
    return value


def _check_kind(name: str, value: object, allowed: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, got {name}={value!r}.")
    return value


def conv(filters: int, kernel: int | tuple, strides: int | tuple = 1, padding: Padding = "valid",
         dilation: int | tuple = 1, use_bias: bool = True, label: str = "") -> Layer:
    """A ConvND layer (N = number of spatial axes of its input), e.g. ``conv(16, 3, padding="same")``.

    ``kernel``, ``strides`` and ``dilation`` are an int or one int per spatial axis
    (``kernel=(1, 5)`` is a non-square kernel); ``padding`` is ``"valid"``,
    ``"same"``, ``"causal"`` (1-D only) or an int of zeros on each side.
    """
    return Layer("conv", {
        "filters": _check_positive_int("filters", filters), "kernel": _per_axis("kernel", kernel),
        "strides": _per_axis("strides", strides), "padding": _check_padding(padding, PADDINGS),
        "dilation": _per_axis("dilation", dilation), "use_bias": _check_bool("use_bias", use_bias),
    }, label)


def pool(size: int | tuple = 2, strides: int | tuple | None = None, padding: Padding = "valid",
         kind: str = "max", label: str = "") -> Layer:
    """A Max/AveragePoolingND layer; ``strides=None`` means strides = pool size, as in Keras."""
    return Layer("pool", {
        "size": _per_axis("size", size),
        "strides": None if strides is None else _per_axis("strides", strides),
        "padding": _check_padding(padding, ("valid", "same")),
        "kind": _check_kind("kind", kind, tuple(_POOL_NAMES)),
    }, label)


def flatten(label: str = "") -> Layer:
    """``keras.layers.Flatten()``: every axis after the batch axis multiplied into one."""
    return Layer("flatten", {}, label)


def global_pool(kind: str = "avg", keepdims: bool = False, label: str = "") -> Layer:
    """GlobalAverage/GlobalMaxPoolingND: one number per channel (``keepdims`` keeps 1-sized axes)."""
    return Layer("global_pool", {"kind": _check_kind("kind", kind, tuple(_GLOBAL_NAMES)),
                                 "keepdims": _check_bool("keepdims", keepdims)}, label)


def adaptive_pool(output_size: int | tuple, kind: str = "avg", label: str = "") -> Layer:
    """AdaptiveAverage/AdaptiveMaxPoolingND: a fixed ``output_size`` grid whatever the input size."""
    return Layer("adaptive_pool", {"output_size": _per_axis("output_size", output_size),
                                   "kind": _check_kind("kind", kind, tuple(_ADAPTIVE_NAMES))}, label)


def dense(units: int, use_bias: bool = True, label: str = "") -> Layer:
    """``keras.layers.Dense(units)``: applied along the LAST axis (a rank-4 input stays rank 4)."""
    return Layer("dense", {"units": _check_positive_int("units", units),
                           "use_bias": _check_bool("use_bias", use_bias)}, label)


def embedding(input_dim: int, output_dim: int, label: str = "") -> Layer:
    """``keras.layers.Embedding(input_dim, output_dim)``: ids ``(length,)`` -> ``(length, output_dim)``."""
    return Layer("embedding", {"input_dim": _check_positive_int("input_dim", input_dim),
                               "output_dim": _check_positive_int("output_dim", output_dim)}, label)


def _axes(name: str, value: tuple | int, rank: int, layer: str) -> tuple:
    if isinstance(value, int):
        return (value,) * rank
    if len(value) != rank:
        raise ValueError(f"{layer}: {name}={value!r} has {len(value)} entries but the input has "
                         f"{rank} spatial axis/axes.")
    return value


def _arg_text(value: tuple | int) -> str:
    """A kernel or pool size as Keras code shows it: ``3`` for (3, 3), ``(1, 5)`` otherwise."""
    if isinstance(value, tuple) and len(set(value)) == 1:
        value = value[0]
    return str(value)


def _step(layer: Layer, shape: tuple) -> TraceRow:
    """Apply one layer to an output shape (batch axis first, ``None`` for unknown sizes)."""
    o, spatial, channels = layer.options, shape[1:-1], shape[-1]
    rank = len(spatial)
    if layer.kind == "embedding":
        if len(shape) != 2:
            raise ValueError(f"Embedding needs token ids of shape (batch, length), "
                             f"got {format_shape(shape)}.")
        return TraceRow(f"Embedding({o['input_dim']}, {o['output_dim']})", (*shape, o["output_dim"]),
                        o["input_dim"] * o["output_dim"])
    if layer.kind == "dense":
        if channels is None:
            raise ValueError(f"Dense({o['units']}) needs a known last axis, got {format_shape(shape)}: "
                             "Flatten of an unknown size gives None; use global pooling instead.")
        return TraceRow(f"Dense({o['units']})", (*shape[:-1], o["units"]),
                        dense_params(channels, o["units"], o["use_bias"]))
    if layer.kind == "flatten":
        if len(shape) < 2:
            return TraceRow("Flatten()", (shape[0], 1), 0)
        if any(s is None for s in shape[1:]):
            return TraceRow("Flatten()", (shape[0], None), 0)
        return TraceRow("Flatten()", flatten_output_shape(shape), 0)
    if rank < 1:
        raise ValueError(f"{layer.kind} needs an input with spatial axes, got {format_shape(shape)}.")
    suffix = f"{rank}D"
    if layer.kind == "global_pool":
        out = (shape[0], *(1,) * rank, channels) if o["keepdims"] else (shape[0], channels)
        extra = "keepdims=True" if o["keepdims"] else ""
        return TraceRow(f"{_GLOBAL_NAMES[o['kind']]}{suffix}({extra})", out, 0)
    if layer.kind == "adaptive_pool":
        size = _axes("output_size", o["output_size"], rank, "adaptive pooling")
        return TraceRow(f"{_ADAPTIVE_NAMES[o['kind']]}{suffix}({_arg_text(size)})",
                        (shape[0], *size, channels), 0)
    if layer.kind == "pool":
        size = _axes("size", o["size"], rank, "pooling")
        strides = size if o["strides"] is None else _axes("strides", o["strides"], rank, "pooling")
        out = tuple(None if n is None else pool_output_length(n, p, s, o["padding"])
                    for n, p, s in zip(spatial, size, strides))
        extra = "" if o["padding"] == "valid" else f", padding={o['padding']!r}"
        if o["strides"] is not None:
            extra = f", strides={_arg_text(strides)}" + extra
        return TraceRow(f"{_POOL_NAMES[o['kind']]}Pooling{suffix}({_arg_text(size)}{extra})",
                        (shape[0], *out, channels), 0)
    # conv
    if channels is None:
        raise ValueError(f"Conv needs a known number of input channels, got {format_shape(shape)}.")
    kernel = _axes("kernel", o["kernel"], rank, "conv")
    strides = _axes("strides", o["strides"], rank, "conv")
    dilation = _axes("dilation", o["dilation"], rank, "conv")
    if o["padding"] == "causal" and rank != 1:
        raise ValueError("padding='causal' exists only for Conv1D.")
    out = tuple(None if n is None else conv_output_length(n, k, s, o["padding"], d)
                for n, k, s, d in zip(spatial, kernel, strides, dilation))
    params = math.prod(kernel) * channels * o["filters"] + (o["filters"] if o["use_bias"] else 0)
    extra = "" if o["padding"] == "valid" else f", padding={o['padding']!r}"
    if any(s != 1 for s in strides):
        extra = f", strides={_arg_text(strides)}" + extra
    if any(d != 1 for d in dilation):
        extra += f", dilation_rate={_arg_text(dilation)}"
    return TraceRow(f"Conv{suffix}({o['filters']}, {_arg_text(kernel)}{extra})",
                    (shape[0], *out, o["filters"]), params)


def trace(input_shape: Sequence[int | None], layers: Sequence[Layer]) -> list[TraceRow]:
    """Shape and parameters after each layer of a stack, as ``model.summary()`` would show them.

    ``input_shape`` is what you give ``keras.Input(shape=...)``: no batch axis, channels
    last, ``None`` for a size that may vary. The first row is the input itself.
    A layer that cannot follow the previous one raises a ValueError that names it.

    >>> rows = trace((8, 8, 1), [conv(16, 3, padding="same"), pool(2), flatten(), dense(10)])
    >>> [(r.layer, r.shape, r.params) for r in rows[1:]]   # doctest: +NORMALIZE_WHITESPACE
    [("Conv2D(16, 3, padding='same')", (None, 8, 8, 16), 160),
     ('MaxPooling2D(2)', (None, 4, 4, 16), 0), ('Flatten()', (None, 256), 0),
     ('Dense(10)', (None, 10), 2570)]
    """
    if isinstance(input_shape, (str, bytes)) or not isinstance(input_shape, Sequence) or not input_shape:
        raise ValueError(f"input_shape must be a tuple such as (8, 8, 1), got input_shape={input_shape!r}.")
    shape = (None, *(None if s is None else _check_positive_int(f"input_shape[{i}]", s)
                     for i, s in enumerate(input_shape)))
    if isinstance(layers, (str, bytes)) or not isinstance(layers, Sequence):
        raise ValueError(f"layers must be a list of shapes.conv(...), shapes.pool(...), ..., got {layers!r}.")
    rows = [TraceRow("Input", shape, 0)]
    for position, layer in enumerate(layers):
        if not isinstance(layer, Layer):
            raise ValueError(f"layers[{position}] must be made by shapes.conv, shapes.pool, shapes.flatten, "
                             f"shapes.global_pool, shapes.adaptive_pool, shapes.dense or shapes.embedding, "
                             f"got {layer!r}.")
        try:
            row = _step(layer, rows[-1].shape)
        except ValueError as err:
            raise ValueError(f"layers[{position}] ({layer.label or layer.kind}) after "
                             f"{format_shape(rows[-1].shape)} (input_shape={tuple(input_shape)!r}): {err}"
                             ) from None
        rows.append(row._replace(layer=f"{row.layer}  [{layer.label}]" if layer.label else row.layer))
    return rows


def _check_rows(rows: object) -> list:
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Sequence) or not rows or not all(
            isinstance(row, TraceRow) for row in rows):
        raise ValueError("rows must be the list that shapes.trace (or models.trace) returns, "
                         f"got rows={rows!r}.")
    return list(rows)


def total_params(rows: Sequence[TraceRow]) -> int:
    """Sum of the parameters of a trace."""
    return sum(row.params for row in _check_rows(rows))


def format_shape(shape: Sequence[int | None]) -> str:
    """A shape as Keras prints it: ``(None, 8, 8, 16)``; a 1-tuple as ``(None,)``."""
    if isinstance(shape, (str, bytes)) or not isinstance(shape, Sequence) or not all(
            s is None or (isinstance(s, numbers.Integral) and not isinstance(s, bool)) for s in shape):
        raise ValueError(f"shape must be a tuple of whole numbers and None, got shape={shape!r}.")
    shape = tuple(shape)
    inner = ", ".join("None" if s is None else str(s) for s in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def format_trace(rows: Sequence[TraceRow], budget: int | None = None) -> str:
    """A trace as a text table (layer, output shape, params[, share of ``budget``]) with a total line."""
    rows = _check_rows(rows)
    share = budget is not None
    if share:
        budget = _check_positive_int("budget", budget)
    width = max([len(r.layer) for r in rows] + [5]) + 2
    shape_width = max([len(format_shape(r.shape)) for r in rows] + [12]) + 2
    head = f"{'layer':<{width}}{'output shape':<{shape_width}}{'params':>10}"
    head += "  of budget" if share else ""
    lines = [head, "-" * len(head)]
    for r in rows:
        line = f"{r.layer:<{width}}{format_shape(r.shape):<{shape_width}}{r.params:>10,}"
        lines.append(line + (f"  {100 * r.params / budget:>8.1f}%" if share else ""))
    total = total_params(rows)
    lines += ["-" * len(head), f"{'total':<{width + shape_width}}{total:>10,}"
              + (f"  {100 * total / budget:>8.1f}%" if share else "")]
    return "\n".join(lines)
