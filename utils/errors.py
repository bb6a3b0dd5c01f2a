"""Explain common Keras shape errors in plain language: what happened, why, and the fix.

Keras' error messages are precise but terse. :func:`explain` recognises the ones
this course meets (Dense after Flatten on unknown sizes, a changed image size,
channels-first data, missing axes, windows bigger than the input, old-style
keyword arguments, running out of memory) by their message and returns advice.
Anything it does not recognise still gets general advice plus the original
message, so it never hides what Keras said and never raises.

>>> try:
...     raise ValueError("Unrecognized keyword arguments passed to Flatten: {'batch_size': 4}")
... except ValueError as exc:
...     print(explain(exc).splitlines()[0])
What happened: Flatten does not accept the argument(s) {'batch_size': 4}.

Nothing here imports TensorFlow or Keras.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Diagnosis", "core_message", "diagnose", "explain", "explain_error"]

#: Longest original message quoted in an explanation (Keras sometimes prints whole arrays).
MAX_QUOTE = 400

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_SHAPE = r"(\([0-9None, ]*\))"


@dataclass(frozen=True)
class Diagnosis:
    """A recognised (or unrecognised) error: a short ``kind`` id and three sentences."""

    kind: str
    what: str
    why: str
    fix: str
    original: str

    def text(self) -> str:
        """The explanation as printable text, ending with what Keras said."""
        def cap(text: str) -> str:
            return text[:1].upper() + text[1:]

        return (f"What happened: {cap(self.what)}\nWhy: {cap(self.why)}\nFix: {cap(self.fix)}\n"
                f"Original message: {self.original}")


def _check_exception(exc: object) -> BaseException:
    if not isinstance(exc, BaseException):
        raise TypeError(
            "exc must be an exception, e.g. the `exc` in `except ValueError as exc:`, "
            f"got exc={exc!r} (type {type(exc).__name__})."
        )
    return exc


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:  # a broken __str__ must not break the explainer
        return "(the message could not be read)"


def core_message(exc: BaseException) -> str:
    """The essential line(s) of an exception's message, as ``TypeName: message``.

    Keras wraps errors raised inside a model in "Exception encountered when
    calling ..." and "Arguments received by ..."; this keeps only the middle,
    drops terminal colour codes and shortens very long messages.

    >>> core_message(ValueError("expected axis -1 ... value 3"))
    'ValueError: expected axis -1 ... value 3'
    """
    exc = _check_exception(exc)
    text = _ANSI.sub("", _safe_str(exc)).strip()
    if text.startswith("Exception encountered when calling"):
        parts = [p.strip() for p in text.split("\n\n") if p.strip()]
        middle = [p for p in parts[1:] if not p.startswith("Arguments received by")]
        text = "\n".join(middle) or text
    if "Graph execution error" in text:  # TensorFlow: the reason is after the traceback
        lines = [ln.strip() for ln in text.splitlines()
                 if ln.strip() and not ln.strip().startswith(("File ", "[[", "Detected at"))]
        text = lines[-1] if lines else text
    text = re.sub(r"\{\{function_node [^}]*\}\}\s*", "", text)  # TensorFlow's op location
    text = re.sub(r"\s*\[Op:[^\]]*\](\s*name:\s*\S*)?\s*$", "", text)
    text = " ".join(text.split())
    if len(text) > MAX_QUOTE:
        text = text[:MAX_QUOTE - 1] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _shape(text: str) -> tuple:
    """Parse '(None, 8, 8, 1)' into a tuple; 'None' stays None."""
    items = [s.strip() for s in text.strip("()").split(",") if s.strip()]
    return tuple(None if s == "None" else int(s) for s in items)


def _fmt(shape: tuple) -> str:
    inner = ", ".join("None" if s is None else str(s) for s in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def _looks_channels_first(expected_channels: int | None, got: tuple) -> bool:
    return (expected_channels is not None and len(got) >= 3
            and got[1] == expected_channels and got[-1] != expected_channels)


_CHANNELS_FIRST_FIX = (
    "move the channel axis last with x = np.transpose(x, (0, 2, 3, 1)) (for images; "
    "(0, 2, 1) for sequences). Do NOT use reshape: it gives the right shape but scrambles "
    "the pixels. Or put keras.layers.Permute((2, 3, 1)) first in the model. (data_format="
    "'channels_first' on every Conv, Pool and Flatten layer also works where the backend "
    "supports it: TensorFlow runs such convolutions on a GPU or with oneDNN only.)"
)
_GLOBAL_POOL_FIX = (
    "use GlobalAveragePooling2D() or GlobalMaxPooling2D() (1D for sequences) instead of "
    "Flatten: they give one number per channel whatever the size"
)


def _unknown_weight_shape(m: re.Match, exc: BaseException) -> tuple:
    return (
        "unknown_flat_length",
        f"Keras could not create the weights '{m.group(2)}': their shape {m.group(1)} "
        "contains None.",
        "a Dense layer makes one weight per input value, so it must know its input's last "
        "axis. Here that axis is None, usually because Flatten merged axes of unknown size "
        "(e.g. keras.Input(shape=(None, None, 3))): height*width*channels is unknown until "
        "an image arrives.",
        f"{_GLOBAL_POOL_FIX}; or give keras.Input a fixed size such as shape=(32, 32, 3).",
    )


def _batch_axis_in_input(expected: tuple, got: tuple) -> bool:
    """True when the model's input looks like keras.Input(shape=x.shape): the data's batch size
    became an axis of each sample, and the data (one axis short) fits the rest."""
    if len(expected) < 3 or expected[1] is None or len(got) < 2:
        return False
    rest = expected[2:]
    return got[1:] == rest or (rest[-1] == 1 and got[1:] == rest[:-1])


def _input_shape_mismatch(m: re.Match, exc: BaseException) -> tuple:
    expected, got = _shape(m.group(1)), _shape(m.group(2))
    if _batch_axis_in_input(expected, got):
        return (
            "batch_axis_in_input_shape",
            f"the model was built for samples shaped {_fmt(expected[1:])}, each a stack of "
            f"{expected[1]:,} items, but it received a batch of single items {_fmt(got)}.",
            "the shape given to keras.Input(shape=...) is the shape of ONE sample; Keras adds "
            "the batch axis (None) itself. Passing the whole array's shape (e.g. shape=x_train.shape) "
            "put the number of "
            f"samples, {expected[1]:,}, inside every sample.",
            f"build the input with keras.Input(shape=x_train.shape[1:]), here shape={_fmt(expected[2:])}.",
        )
    if _looks_channels_first(expected[-1], got) or _looks_channels_first(
            expected[-1], got + (1,)):
        return _channels_first(expected[-1], got)
    return (
        "input_size_mismatch",
        f"the model was built for inputs of shape {_fmt(expected)} (None = any batch size) "
        f"but received {_fmt(got)}.",
        "a model whose keras.Input has fixed sizes accepts only those sizes; with Flatten -> "
        "Dense the Dense weights were made for exactly that many values. (Keras may print "
        "the received shape without a last axis of size 1.)",
        "resize, crop or pad your data to the model's size (compare x.shape[1:] with "
        f"model.input_shape[1:]); to accept any size, build with None sizes and {_GLOBAL_POOL_FIX}.",
    )


def _channels_first(channels: int, got: tuple) -> tuple:
    return (
        "channels_first",
        f"your data has shape {_fmt(got)}: it looks channels-first, with the {channels} "
        "channels on axis 1, but the model expects them on the last axis.",
        "Keras layers use data_format='channels_last' by default: (batch, height, width, "
        "channels). Data from PyTorch and some image libraries is (batch, channels, height, width).",
        _CHANNELS_FIRST_FIX,
    )


def _nchw_unsupported(m: re.Match, exc: BaseException) -> tuple:
    return (
        "channels_first_unsupported",
        "TensorFlow cannot run this channels-first (NCHW) convolution on the CPU.",
        "with data_format='channels_first' TensorFlow needs a GPU (or its oneDNN CPU kernels) "
        "for the convolution; the model builds fine and fails only when it runs.",
        "keep the model channels-last and move the data's channels last with "
        "np.transpose(x, (0, 2, 3, 1)), or put keras.layers.Permute((2, 3, 1)) first in the "
        "model so it accepts (batch, channels, height, width) anywhere.",
    )


def _axis_mismatch(m: re.Match, exc: BaseException) -> tuple:
    layer, axis, value, got = m.group(1), int(m.group(2)), int(m.group(3)), _shape(m.group(4))
    if axis == -1 and _looks_channels_first(value, got):
        return _channels_first(value, got)
    if axis == -1 and len(got) == 2 and got[-1] is not None:
        ratio = got[-1] / value
        return (
            "flat_length_mismatch",
            f"layer '{layer}' was built for {value:,} input values per sample but received "
            f"{got[-1]:,} ({ratio:.3g} times as many).",
            "after Flatten there are height*width*channels values per sample. That number "
            "changed, so the input size (or the layers before Flatten) changed since the "
            "model was built: a side twice as long gives 4 times as many values.",
            "feed inputs of the size the model was built for (resize or crop them); or "
            f"{_GLOBAL_POOL_FIX}, so the Dense weights no longer depend on the input size.",
        )
    return (
        "axis_mismatch",
        f"layer '{layer}' expects axis {axis} of its input to have size {value}, but the "
        f"input has shape {_fmt(got)}.",
        "a layer's weights are made for the size of its input's last axis (channels or "
        "features) when it is built; later inputs must match.",
        "print x.shape and model.summary() and compare them axis by axis; the batch axis comes first.",
    )


def _matmul_mismatch(m: re.Match, exc: BaseException) -> tuple:
    got, want, units = int(m.group(2)), int(m.group(3)), int(m.group(4))
    return (
        "flat_length_mismatch",
        f"a Dense layer's weights are {want:,} x {units:,}, made for {want:,} input values per "
        f"sample, but each sample brought {got:,} ({got / want:.3g} times as many).",
        "after Flatten there are height*width*channels (or steps*channels) values per sample; "
        "the input size changed since the model was built. TensorFlow reports this as a matrix "
        "multiplication that does not fit.",
        "feed inputs of the size the model was built for (resize, crop or pad them); or "
        f"{_GLOBAL_POOL_FIX}, so the Dense weights no longer depend on the input size.",
    )


def _missing_axis(m: re.Match, exc: BaseException) -> tuple:
    want, got = int(m.group(2)), int(m.group(3))
    fix = ("add the missing channel axis: x = x[..., np.newaxis] (e.g. signals (N, 128) -> "
           "(N, 128, 1), grey images (N, 8, 8) -> (N, 8, 8, 1))." if got == want - 1 else
           "print x.shape: a Conv1D input is (batch, steps, channels), a Conv2D input "
           "(batch, height, width, channels).")
    return (
        "missing_axis",
        f"a layer expects inputs with {'at least ' if m.group(1) else ''}{want} axes but "
        f"received {got}.",
        "convolution layers always need a batch axis first and a channel axis last, even "
        "when there is a single channel.",
        fix,
    )


def _rank_mismatch(m: re.Match, exc: BaseException) -> tuple:
    want, got = _shape(m.group(1)), _shape(m.group(2))
    def fits(a: tuple, b: tuple) -> bool:  # None in the model's shape matches any size
        return len(a) == len(b) and all(w is None or g == w for g, w in zip(a, b))

    if fits(got, want[1:]):
        fix = "add the batch axis: x[np.newaxis] turns one sample into a batch of one."
    elif fits(got, want[1:-1]) and want[-1] == 1:
        fix = ("add the batch axis and the channel axis: x[np.newaxis, ..., np.newaxis] "
               f"turns {_fmt(got)} into {_fmt((1,) + got + (1,))}.")
    else:
        fix = ("reshape your data to the model's input shape (the batch axis first, "
               "the channels last).")
    return (
        "rank_mismatch",
        f"the model expects inputs shaped {_fmt(want)} but received {_fmt(got)}.",
        "a model always takes a batch: the first axis counts samples, even for one sample.",
        fix,
    )


def _too_small(m: re.Match, exc: BaseException) -> tuple:
    return (
        "output_too_small",
        "a convolution or pooling window is larger than what is left of the input.",
        "each 'valid' convolution removes kernel-1 pixels per side length and each pooling "
        "layer divides it by the pool size, so deep models run out of pixels on small inputs.",
        "use padding='same', fewer pooling layers, a smaller kernel or a larger input; "
        "utils.shapes.conv_output_length and pool_output_length show the size after each layer.",
    )


def _unknown_kwarg(m: re.Match, exc: BaseException) -> tuple:
    return (
        "unknown_argument",
        f"{m.group(1)} does not accept the argument(s) {m.group(2)}.",
        "Keras 3 layers take no input_shape or batch_size arguments (older tutorials show "
        "them); Flatten's signature is Flatten(data_format=None, **kwargs).",
        "Remove them: the input shape goes on keras.Input(shape=...) as the first item of "
        "the model, the batch size on model.fit(..., batch_size=...).",
    )


def _label_rank(m: re.Match, exc: BaseException) -> tuple:
    return (
        "label_shape",
        f"the labels have shape {m.group(1)} but the predictions {m.group(2)}.",
        "categorical_crossentropy expects one-hot labels (one column per class); integer "
        "labels such as 3 have one number per sample.",
        "use loss='sparse_categorical_crossentropy' with integer labels, or one-hot encode "
        "them with keras.utils.to_categorical.",
    )


def _sparse_rank(m: re.Match, exc: BaseException) -> tuple:
    target, output = _shape(m.group(1)), _shape(m.group(2))
    if len(output) > len(target) + 1:
        return (
            "forgotten_flatten",
            f"the model predicts an array of shape {_fmt(output)}: {output[-1]} class scores at "
            f"every position {_fmt(output[1:-1])} of a map, but each label {_fmt(target)} is one "
            "class per sample.",
            "a Dense layer works along the LAST axis only: on a (batch, height, width, channels) "
            "map it returns (batch, height, width, units), one prediction per position, without "
            "any error. Without Flatten (or global pooling) before the first Dense, the spatial "
            "axes survive to the output, and only the loss notices.",
            "put keras.layers.Flatten() (or GlobalAveragePooling2D()) before the first Dense layer; "
            "model.summary() should end in (None, number of classes).",
        )
    return (
        "label_shape",
        f"the labels have shape {_fmt(target)} but the predictions {_fmt(output)}.",
        "sparse_categorical_crossentropy expects integer labels, one number per sample; "
        "one-hot labels have one column per class.",
        "use loss='categorical_crossentropy' with one-hot labels, or turn them back into "
        "integers with labels.argmax(axis=-1).",
    )


def _out_of_memory(exc: BaseException) -> tuple:
    return (
        "out_of_memory",
        "the computer ran out of memory while creating a tensor.",
        "a Dense layer after Flatten has height*width*channels*units weights: "
        "224x224x64 -> Dense(4096) would be 13,153,341,440 parameters, 52.6 GB of float32.",
        "compute the size first with utils.shapes.dense_params (4 bytes per float32 "
        "parameter); use GlobalAveragePooling2D, more pooling or strides before Flatten, "
        "or fewer units.",
    )


_PATTERNS: list = [
    (re.compile(r"Shapes used to initialize variables must be fully-defined.*?shape="
                + _SHAPE + r" for variable path='([^']*)'", re.S), _unknown_weight_shape),
    (re.compile(r"expected shape=" + _SHAPE + r", found shape=" + _SHAPE), _input_shape_mismatch),
    (re.compile(r"layer '([^']*)' is incompatible with the layer: expected axis (-?\d+) of "
                r"input shape to have value (\d+), but received input with shape " + _SHAPE),
     _axis_mismatch),
    (re.compile(r"only supports the NHWC tensor format"), _nchw_unsupported),
    (re.compile(r"Matrix size-incompatible: In\[0\]: \[(\d+),(\d+)\], In\[1\]: \[(\d+),(\d+)\]"),
     _matmul_mismatch),
    (re.compile(r"expected (min_)?ndim=(\d+), found ndim=(\d+)"), _missing_axis),
    (re.compile(r"Expected shape " + _SHAPE + r", but input has incompatible shape " + _SHAPE),
     _rank_mismatch),
    (re.compile(r"Computed output size would be (zero or )?negative"), _too_small),
    (re.compile(r"Unrecognized keyword arguments? passed to (\w+): (\{.*?\})"), _unknown_kwarg),
    (re.compile(r"`target` and `output` must have the same rank.*?target\.shape=" + _SHAPE
                + r", output\.shape=" + _SHAPE, re.S), _label_rank),
    (re.compile(r"Argument `output` must have rank \(ndim\) `target\.ndim - 1`.*?target\.shape="
                + _SHAPE + r", output\.shape=" + _SHAPE, re.S), _sparse_rank),
]


def _is_out_of_memory(exc: BaseException, message: str) -> bool:
    return (isinstance(exc, MemoryError) or type(exc).__name__ == "ResourceExhaustedError"
            or "OOM when allocating" in message or "Unable to allocate" in message)


def diagnose(exc: BaseException) -> Diagnosis:
    """Classify ``exc`` and return a :class:`Diagnosis`; never raises for any exception.

    >>> diagnose(ValueError("Computed output size would be negative")).kind
    'output_too_small'
    """
    exc = _check_exception(exc)
    original = core_message(exc)
    message = _ANSI.sub("", _safe_str(exc))
    try:
        if _is_out_of_memory(exc, message):
            return Diagnosis(*_out_of_memory(exc), original)
        for pattern, build in _PATTERNS:
            match = pattern.search(message)
            if match:
                return Diagnosis(*build(match, exc), original)
    except Exception:  # an odd message must never break the explainer: fall through
        pass
    return Diagnosis(
        "unknown",
        f"Python raised {type(exc).__name__}; this explainer does not know this message.",
        "most Keras errors in this course are shape mismatches between your data and what "
        "a layer was built for.",
        "read the last line of the message; print x.shape and model.summary() and compare "
        "them axis by axis (the batch axis comes first).",
        original,
    )


def explain(exc: BaseException) -> str:
    """Plain-language advice on ``exc``: what happened, why, the fix, and what Keras said.

    >>> print(explain(MemoryError()).splitlines()[0])
    What happened: The computer ran out of memory while creating a tensor.
    """
    return diagnose(exc).text()


def explain_error(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    """Call ``fn(*args, **kwargs)``; explain the exception it raises, if any.

    Handy in a notebook: ``print(explain_error(model, x))`` never stops the cell.

    >>> explain_error(lambda: 1 + 1)
    'No error: the call returned int.'
    """
    if not callable(fn):
        raise TypeError(f"fn must be callable (a function or a model), got fn={fn!r}.")
    try:
        result = fn(*args, **kwargs)
    except Exception as exc:  # the whole point: catch, then explain
        return explain(exc)
    shape = getattr(result, "shape", None)
    kind = type(result).__name__
    if shape is not None:
        try:
            return f"No error: the call returned {kind} of shape {tuple(shape)}."
        except TypeError:
            pass
    return f"No error: the call returned {kind}."

