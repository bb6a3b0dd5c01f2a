"""Shape arithmetic of convolution, pooling and Flatten, in pure Python (no TensorFlow or Keras).

Instant, so fit for a slider; the tests check every function against Keras' ``compute_output_shape``.
The one formula behind everything, for one spatial axis::

    k_eff = k + (k - 1) * (d - 1)             # a dilated kernel spans more pixels
    o     = floor((i + 2p - k_eff) / s) + 1   # explicit zero padding p on each side

``"valid"`` is ``p = 0``; ``"same"``, and ``"causal"`` (Conv1D only: ``k_eff - 1`` zeros on the left),
give ``o = ceil(i / s)``.

>>> conv_output_length(28, 3), conv_output_length(28, 3, stride=2, padding="same"), pool_output_length(26, 2)
(26, 14, 13)
>>> flatten_output_shape((None, 13, 13, 32))
(None, 5408)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import NamedTuple

from utils._validate import Choice, Flag, Rule, Test, Text, Whole, validated, whole_number

PADDINGS = ("valid", "same", "causal")

__all__ = ["PADDINGS", "Layer", "TraceRow", "conv", "pool", "flatten", "global_pool", "adaptive_pool",
           "dense", "trace", "total_params", "format_shape", "format_trace", "effective_kernel_size",
           "conv_output_length", "pool_output_length", "flatten_output_shape", "flat_index", "unflat_index",
           "dense_params", "conv2d_params"]

Size = Whole(1)  # pure arithmetic allocates nothing, so sizes need no upper bound
Label = Text


def _whole(value: object, minimum: int = 1) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= minimum


def _padding_rule(allowed: tuple) -> object:
    def padding(value: object) -> str | int:
        if isinstance(value, str) and value.lower() in allowed:
            return value.lower()
        if _whole(value, 0):
            return int(value)
        raise ValueError(f"must be one of {', '.join(map(repr, allowed))} or a whole number >= 0")
    return Rule(padding)


Padding = _padding_rule(PADDINGS)
PoolPadding = _padding_rule(("valid", "same"))


def _per_axis(value: object) -> int | tuple:
    if _whole(value):
        return int(value)
    if isinstance(value, (tuple, list)) and value and all(_whole(v) for v in value):
        return tuple(int(v) for v in value)
    raise ValueError("must be a whole number >= 1 or a tuple of them, one per spatial axis")


PerAxis = Rule(_per_axis)


def _is_sequence(value: object) -> bool:
    return not isinstance(value, (str, bytes)) and isinstance(value, Sequence) and bool(value)


def _shape(value: object) -> tuple:
    """A Keras shape: batch axis first (a size or None), then known sizes >= 1."""
    if not _is_sequence(value):
        raise ValueError("must be a tuple with the batch axis first, such as (None, 7, 7, 64)")
    shape = tuple(value)
    if shape[0] is not None and not _whole(shape[0]):
        raise ValueError("must start with the batch size (a whole number >= 1) or None")
    for axis, size in enumerate(shape[1:], start=1):
        if size is None:
            raise ValueError(f"has None at axis {axis}: only the batch axis may be unknown. With an "
                             "unknown spatial size the flat length is unknown too, so a Dense after "
                             "Flatten cannot be built")
        if not _whole(size):
            raise ValueError(f"must hold whole numbers >= 1 after the batch axis, not {size!r} at "
                             f"axis {axis}")
    return shape


@validated
def effective_kernel_size(kernel: Size, dilation: Size = 1) -> int:
    """Span of a dilated kernel: ``k + (k - 1) * (d - 1)``.

    >>> effective_kernel_size(3, dilation=2)
    5
    """
    return kernel + (kernel - 1) * (dilation - 1)


def _window_output_length(n: int, window: int, stride: int, padding: str | int, window_name: str,
                          fixes: str = "use padding='same', more padding, or a smaller window") -> int:
    """Shared core of convolution and pooling once arguments are validated; ``fixes`` ends the error."""
    if padding in ("same", "causal"):
        return -(-n // stride)  # ceil(n / stride) without floats
    padded = n + 2 * (0 if padding == "valid" else padding)
    if window > padded:
        how = "the input" if padded == n else "the padded input"
        raise ValueError(f"{window_name} is larger than {how} ({padded}): {fixes}.")
    return (padded - window) // stride + 1


@validated
def conv_output_length(n: Size, kernel: Size, stride: Size = 1, padding: Padding = "valid",
                       dilation: Size = 1) -> int:
    """Length of a convolution's output along one spatial axis of length ``n``.

    ``padding``: ``"valid"``, ``"same"``, ``"causal"`` or an int ``p`` of zeros on EACH side (as
    ``ZeroPadding2D(p)`` then ``"valid"``). Keras refuses ``stride > 1`` with ``dilation > 1`` in one
    layer; the formula is still well defined, so it is computed here.

    >>> conv_output_length(5, 3, padding=1)
    5
    >>> conv_output_length(7, 3, dilation=2)
    3
    """
    k_eff = effective_kernel_size(kernel, dilation)
    name = f"kernel={kernel}" if dilation == 1 else (
        f"the dilated kernel (kernel={kernel}, dilation={dilation} spans {k_eff})")
    return _window_output_length(n, k_eff, stride, padding, name)


@validated
def pool_output_length(n: Size, pool: Size, stride: Size | None = None,
                       padding: PoolPadding = "valid") -> int:
    """Length of a pooling layer's output along one axis; ``stride=None`` means the pool size, as in Keras.

    >>> pool_output_length(7, 2)
    3
    >>> pool_output_length(7, 2, padding="same")
    4
    """
    return _window_output_length(n, pool, pool if stride is None else stride, padding, f"pool={pool}",
                                 fixes="use padding='same' or a smaller pool")


@validated
def flatten_output_shape(shape: Rule(_shape)) -> tuple:
    """Output shape of ``keras.layers.Flatten``: the batch axis kept (``None`` allowed), the rest multiplied.

    >>> flatten_output_shape((32, 4, 4, 8))
    (32, 128)
    >>> flatten_output_shape((None,))
    (None, 1)
    """
    batch = shape[0] if shape[0] is None else int(shape[0])
    return (batch, math.prod(int(s) for s in shape[1:]))


@validated
def flat_index(row: Whole(0), col: Whole(0), channel: Whole(0), height: Size, width: Size, channels: Size,
               data_format: Choice("channels_last", "channels_first") = "channels_last") -> int:
    """Position of feature-map element ``[row, col, channel]`` in Flatten's output.

    Keras flattens in row-major order with channels last (it moves channels last first with
    ``channels_first``): ``index = (row * width + col) * channels + channel``.

    >>> flat_index(0, 1, 0, height=2, width=2, channels=3)
    3
    """
    for name, value, size in (("row", row, height), ("col", col, width), ("channel", channel, channels)):
        whole_number(name, value, 0, size - 1)
    return (row * width + col) * channels + channel


@validated
def unflat_index(index: Whole(0), height: Size, width: Size, channels: Size) -> tuple:
    """Inverse of :func:`flat_index`: which ``(row, col, channel)`` sits at ``index``.

    >>> unflat_index(3, height=2, width=2, channels=3)
    (0, 1, 0)
    """
    whole_number("index", index, 0, height * width * channels - 1)
    pixel, channel = divmod(index, channels)
    return (*divmod(pixel, width), channel)


@validated
def dense_params(n_in: Size, units: Size, use_bias: Flag = True) -> int:
    """Parameters of ``Dense(units)`` on ``n_in`` inputs: one weight per pair, plus biases.

    >>> dense_params(25088, 4096)
    102764544
    """
    return n_in * units + (units if use_bias else 0)


@validated
def conv2d_params(kernel: Size, in_channels: Size, filters: Size, use_bias: Flag = True) -> int:
    """Parameters of ``Conv2D(filters, kernel)`` on ``in_channels`` channels, whatever the image size.

    >>> conv2d_params(3, 1, 16)
    160
    """
    return kernel * kernel * in_channels * filters + (filters if use_bias else 0)


# --- A trace of a layer stack: shape and parameters per layer, without TensorFlow. ---------------------

_POOL_NAMES = {"max": "Max", "avg": "Average"}
_GLOBAL_NAMES = {"avg": "GlobalAveragePooling", "max": "GlobalMaxPooling"}
_ADAPTIVE_NAMES = {"avg": "AdaptiveAveragePooling", "max": "AdaptiveMaxPooling"}


class Layer(NamedTuple):
    """A layer for :func:`trace`, made by :func:`conv`, :func:`pool`, ...: its ``kind``, its ``options``
    and an optional ``label`` naming its role in a table, e.g. ``"classifier"``."""

    kind: str
    options: dict
    label: str = ""


class TraceRow(NamedTuple):
    """One row of a trace: the layer as you would write it in Keras, its output shape, its parameters."""

    layer: str
    shape: tuple
    params: int


@validated
def conv(filters: Size, kernel: PerAxis, strides: PerAxis = 1, padding: Padding = "valid",
         dilation: PerAxis = 1, use_bias: Flag = True, label: Label = "") -> Layer:
    """A ConvND layer (N = number of spatial axes of its input), e.g. ``conv(16, 3, padding="same")``.

    ``kernel``, ``strides`` and ``dilation`` are an int or one int per spatial axis (``kernel=(1, 5)``);
    ``padding`` is ``"valid"``, ``"same"``, ``"causal"`` (1-D only) or an int of zeros on each side.
    """
    return Layer("conv", {"filters": filters, "kernel": kernel, "strides": strides, "padding": padding,
                          "dilation": dilation, "use_bias": use_bias}, label)


@validated
def pool(size: PerAxis = 2, strides: PerAxis | None = None, padding: PoolPadding = "valid",
         kind: Choice(*_POOL_NAMES) = "max", label: Label = "") -> Layer:
    """A Max/AveragePoolingND layer; ``strides=None`` means strides = pool size, as in Keras."""
    return Layer("pool", {"size": size, "strides": strides, "padding": padding, "kind": kind}, label)


@validated
def flatten(label: Label = "") -> Layer:
    """``keras.layers.Flatten()``: every axis after the batch axis multiplied into one."""
    return Layer("flatten", {}, label)


@validated
def global_pool(kind: Choice(*_GLOBAL_NAMES) = "avg", keepdims: Flag = False, label: Label = "") -> Layer:
    """GlobalAverage/GlobalMaxPoolingND: one number per channel (``keepdims`` keeps 1-sized axes)."""
    return Layer("global_pool", {"kind": kind, "keepdims": keepdims}, label)


@validated
def adaptive_pool(output_size: PerAxis, kind: Choice(*_ADAPTIVE_NAMES) = "avg", label: Label = "") -> Layer:
    """AdaptiveAverage/AdaptiveMaxPoolingND: a fixed ``output_size`` grid whatever the input size."""
    return Layer("adaptive_pool", {"output_size": output_size, "kind": kind}, label)


@validated
def dense(units: Size, use_bias: Flag = True, label: Label = "") -> Layer:
    """``keras.layers.Dense(units)``: applied along the LAST axis (a rank-4 input stays rank 4)."""
    return Layer("dense", {"units": units, "use_bias": use_bias}, label)


def _axes(name: str, value: tuple | int, rank: int, layer: str) -> tuple:
    if isinstance(value, int):
        return (value,) * rank
    if len(value) != rank:
        raise ValueError(f"{layer}: {name}={value!r} has {len(value)} entries but the input has "
                         f"{rank} spatial axis/axes.")
    return value


def _arg_text(value: tuple) -> str:
    """A per-axis size as Keras code shows it: ``3`` for (3, 3), ``(1, 5)`` otherwise."""
    return str(value[0] if len(set(value)) == 1 else value)


def _keras_args(strides: tuple, show_strides: bool, padding: str | int) -> str:
    """The optional arguments of a window layer as Keras code writes them, e.g. ``, strides=2``."""
    text = f", strides={_arg_text(strides)}" if show_strides else ""
    return text + ("" if padding == "valid" else f", padding={padding!r}")


def _step(layer: Layer, shape: tuple) -> TraceRow:
    """Apply one layer to an output shape (batch axis first, ``None`` for unknown sizes)."""
    o, spatial, channels = layer.options, shape[1:-1], shape[-1]
    rank, suffix = len(spatial), f"{len(spatial)}D"
    if layer.kind == "dense":
        if channels is None:
            raise ValueError(f"Dense({o['units']}) needs a known last axis, got {format_shape(shape)}: "
                             "Flatten of an unknown size gives None; use global pooling instead.")
        return TraceRow(f"Dense({o['units']})", (*shape[:-1], o["units"]),
                        dense_params(channels, o["units"], o["use_bias"]))
    if layer.kind == "flatten":  # a rank-1 input (batch,) becomes (batch, 1): the product of nothing
        return TraceRow("Flatten()", (shape[0], None if None in shape[1:] else math.prod(shape[1:])), 0)
    if rank < 1:
        raise ValueError(f"{layer.kind} needs an input with spatial axes, got {format_shape(shape)}.")
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
        extra = _keras_args(strides, o["strides"] is not None, o["padding"])
        return TraceRow(f"{_POOL_NAMES[o['kind']]}Pooling{suffix}({_arg_text(size)}{extra})",
                        (shape[0], *out, channels), 0)
    if channels is None:  # conv
        raise ValueError(f"Conv needs a known number of input channels, got {format_shape(shape)}.")
    kernel, strides, dilation = (_axes(key, o[key], rank, "conv")
                                 for key in ("kernel", "strides", "dilation"))
    if o["padding"] == "causal" and rank != 1:
        raise ValueError("padding='causal' exists only for Conv1D.")
    out = tuple(None if n is None else conv_output_length(n, k, s, o["padding"], d)
                for n, k, s, d in zip(spatial, kernel, strides, dilation))
    params = math.prod(kernel) * channels * o["filters"] + (o["filters"] if o["use_bias"] else 0)
    extra = _keras_args(strides, any(s != 1 for s in strides), o["padding"])
    if any(d != 1 for d in dilation):
        extra += f", dilation_rate={_arg_text(dilation)}"
    return TraceRow(f"Conv{suffix}({o['filters']}, {_arg_text(kernel)}{extra})",
                    (shape[0], *out, o["filters"]), params)


def _input_shape(value: object) -> tuple:
    if not _is_sequence(value) or not all(s is None or _whole(s) for s in value):
        raise ValueError("must be a tuple of sizes >= 1 (or None) without the batch axis, such as (8, 8, 1)")
    return (None, *(None if s is None else int(s) for s in value))


Rows = Test(lambda v: isinstance(v, (list, tuple)) and bool(v) and all(isinstance(r, TraceRow) for r in v),
            "the list that shapes.trace (or models.trace) returns")
Layers = Test(lambda v: isinstance(v, (list, tuple)) and all(isinstance(x, Layer) for x in v),
              "a list of layers made by shapes.conv, pool, flatten, global_pool, adaptive_pool or dense")


@validated
def trace(input_shape: Rule(_input_shape), layers: Layers) -> list[TraceRow]:
    """Shape and parameters after each layer of a stack, as ``model.summary()`` would show them.

    ``input_shape`` is what you give ``keras.Input(shape=...)``: no batch axis, channels last, ``None``
    for a size that may vary. The first row is the input itself. A layer that cannot follow the
    previous one raises a ValueError that names it.

    >>> rows = trace((8, 8, 1), [conv(16, 3, padding="same"), pool(2), flatten(), dense(10)])
    >>> [(r.layer, r.shape, r.params) for r in rows[1:]]   # doctest: +NORMALIZE_WHITESPACE
    [("Conv2D(16, 3, padding='same')", (None, 8, 8, 16), 160),
     ('MaxPooling2D(2)', (None, 4, 4, 16), 0), ('Flatten()', (None, 256), 0),
     ('Dense(10)', (None, 10), 2570)]
    """
    rows = [TraceRow("Input", input_shape, 0)]
    for position, layer in enumerate(layers):
        try:
            row = _step(layer, rows[-1].shape)
        except ValueError as err:
            raise ValueError(f"layers[{position}] ({layer.label or layer.kind}) after "
                             f"{format_shape(rows[-1].shape)} (input_shape={input_shape[1:]!r}): {err}"
                             ) from None
        rows.append(row._replace(layer=f"{row.layer}  [{layer.label}]" if layer.label else row.layer))
    return rows


@validated
def total_params(rows: Rows) -> int:
    """Sum of the parameters of a trace."""
    return sum(row.params for row in rows)


@validated
def format_shape(shape: Test(lambda v: isinstance(v, (tuple, list)) and all(
        s is None or _whole(s, 0) for s in v), "a tuple of whole numbers and None")) -> str:
    """A shape as Keras prints it: ``(None, 8, 8, 16)``; a 1-tuple as ``(None,)``."""
    inner = ", ".join("None" if s is None else str(s) for s in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


@validated
def format_trace(rows: Rows, budget: Size | None = None) -> str:
    """A trace as a text table (layer, output shape, params[, share of ``budget``]) with a total line."""
    width = max([len(r.layer) for r in rows] + [5]) + 2
    shape_width = max([len(format_shape(r.shape)) for r in rows] + [12]) + 2

    def line(layer: str, shape: str, params: int) -> str:
        share = "" if budget is None else f"  {100 * params / budget:>8.1f}%"
        return f"{layer:<{width}}{shape:<{shape_width}}{params:>10,}{share}"

    head = f"{'layer':<{width}}{'output shape':<{shape_width}}{'params':>10}"
    head += "" if budget is None else "  of budget"
    return "\n".join([head, "-" * len(head), *(line(r.layer, format_shape(r.shape), r.params) for r in rows),
                      "-" * len(head), line("total", "", total_params(rows))])
