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

Padding = str | int

PADDINGS = ("valid", "same", "causal")

__all__ = [
    "PADDINGS",
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
    if data_format not in ("channels_last", "channels_first"):
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
    return kernel * kernel * in_channels * filters + (filters if use_bias else 0)
