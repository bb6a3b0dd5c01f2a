"""Explain Keras errors in plain language: what happened, why, and the fix.

Keras' messages are precise but terse, and the same mistake reads differently on TensorFlow, JAX and
PyTorch. :func:`explain` recognises the errors learners meet when they build models around Flatten,
Dense, convolution, pooling and Embedding layers, **by family** (not by exact message):

- labels vs outputs for every common loss (integer labels with ``categorical_crossentropy``, one-hot
  labels with the sparse loss, ``binary_crossentropy`` on several units, a class count that differs
  from the last Dense, label values outside ``[0, n)``);
- a missing Flatten / ``return_sequences=True`` before the classifier, stacked recurrent layers;
- the batch axis inside ``keras.Input(shape=x.shape)``, a missing batch or channel axis, a Flatten
  placed before a convolution;
- channels-first data or Input shapes, channel-count mismatches (RGBA, RGB, grey), a changed image
  size, U-Net concatenations, pretrained models with another input size;
- Embedding ids out of range, ``Input(shape=784)``, data and labels of different lengths, a
  KerasTensor given to a TensorFlow function, and Keras 1/2 argument names (see :data:`RENAMED`).

Every explanation names the shapes, layer and loss found in the message (and in the traceback, for
the loss). When the message does not tell the cause apart, the explanation says what it means and
which shapes to print, rather than guess. It never raises and never prints a traceback.

>>> try:
...     raise ValueError("Unrecognized keyword arguments passed to Conv2D: {'border_mode': 'same'}")
... except ValueError as exc:
...     print(explain(exc).splitlines()[0])
What happened: Conv2D does not accept {'border_mode': 'same'}: Keras 1/2 names that Keras 3 renamed.

Nothing here imports TensorFlow or Keras.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Diagnosis", "RENAMED", "core_message", "diagnose", "explain", "explain_error"]

#: Longest original message quoted in an explanation (Keras sometimes prints whole arrays).
MAX_QUOTE = 400

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# A shape as Keras, NumPy, TensorFlow or PyTorch prints it: (None, 8, 8, 1), [None 1 32 8], torch.Size([4, 3])
_SHAPE = r"((?:torch\.Size\()?[\(\[][0-9None, ?]*[\)\]]\)?)"


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
        def cap(text: str) -> str:  # a sentence's first letter, never code ("keras.Input(...)", "x = ...")
            return text if re.match(r"[A-Za-z_][\w]*\s*[.(\[=]", text) else text[:1].upper() + text[1:]

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

    Keras wraps errors raised inside a model in "Exception encountered when calling ..." and
    "Arguments received by ..."; TensorFlow puts the reason after a traceback of graph nodes. This
    keeps only the reason, drops terminal colour codes and shortens very long messages.

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
    text = re.sub(r"\s*Label values:.*$", "", text, flags=re.S)  # TensorFlow prints every label
    # a tensor dump
    text = re.sub(r"(Invalid input shape for input ).*?( with name)", r"\1\2", text, flags=re.S)
    text = " ".join(text.split())
    if len(text) > MAX_QUOTE:
        text = text[:MAX_QUOTE - 1] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# ------------------------------------------------------------------------------------------------
# Reading shapes, layers and the loss
# ------------------------------------------------------------------------------------------------

def _shape(text: str) -> tuple:
    """Parse '(None, 8, 8, 1)', '[None 1 32 8]' or 'torch.Size([4, 3])' into a tuple; None stays None."""
    inner = re.sub(r"torch\.Size\(|[\(\)\[\]]", "", text)
    items = [s for s in re.split(r"[,\s]+", inner) if s]
    return tuple(None if s in ("None", "?") else int(s) for s in items)


def _fmt(shape: tuple) -> str:
    inner = ", ".join("None" if s is None else str(s) for s in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def _fits(got: tuple, want: tuple) -> bool:
    """Same rank, and every size equal where the model's shape fixes it (None matches anything)."""
    return len(got) == len(want) and all(w is None or g is None or g == w for g, w in zip(got, want))


_LOSSES = ("sparse_categorical_crossentropy", "categorical_crossentropy", "binary_crossentropy",
           "categorical_focal_crossentropy", "binary_focal_crossentropy", "kl_divergence",
           "mean_squared_error", "mean_absolute_error", "hinge", "poisson")


def _frames(exc: BaseException) -> list:
    """The frames of ``exc``'s own traceback, outermost first."""
    frames, tb = [], getattr(exc, "__traceback__", None)
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    return frames


def _loss_in(exc: BaseException, message: str) -> str | None:
    """The loss function that raised, read from the traceback's frames (innermost first) or from a
    TensorFlow graph-node name; None when neither tells."""
    seen: list[str] = []
    chain, todo = 0, [exc]
    while todo and chain < 4:
        e = todo.pop()
        chain += 1
        seen += [frame.f_code.co_name for frame in _frames(e)]
        todo += [c for c in (e.__cause__, e.__context__) if c is not None]
    for name in reversed(seen):
        if name in _LOSSES:
            return name
    for loss in _LOSSES:
        if re.search(rf"(?<![a-z_]){loss}", message):
            return loss
    return None


def _keras_models(exc: BaseException) -> list:
    """Keras models visible in the traceback's frames (the trainer's ``self``, or the caller's variables).

    Keras filters its own frames out of tracebacks, so the model is usually found in the learner's frame
    that called fit(); callers must check that a model is consistent with the message before using it.
    """
    models, seen = [], set()
    for frame in _frames(exc):
        # the frame's variables, and the globals its code names (a notebook cell's `model.predict(x)`)
        named = [frame.f_globals[n] for n in frame.f_code.co_names if n in frame.f_globals]
        for value in [*list(frame.f_locals.values())[:500], *named]:
            if id(value) in seen:
                continue
            names = {c.__name__ for c in type(value).__mro__}
            if names & {"Model", "Sequential", "Functional"} and "Layer" in names:
                seen.add(id(value))
                models.append(value)
    return models


def _output_shapes(exc: BaseException) -> list[tuple]:
    shapes = []
    for model in _keras_models(exc):
        try:
            shape = tuple(model.output_shape)
        except Exception:  # several outputs, or not built
            continue
        if all(s is None or isinstance(s, int) for s in shape) and shape not in shapes:
            shapes.append(shape)
    return shapes


def _model_output(exc: BaseException) -> tuple | None:
    """The output shape of the model that raised, when the traceback shows exactly one model."""
    shapes = _output_shapes(exc)
    return shapes[0] if len(shapes) == 1 else None


def _data_shape(message: str) -> tuple | None:
    """The shape of the data a Sequential/Functional model received ('Arguments received by ...')."""
    m = re.search(r"Arguments received by \w+\.call\(\):.*?inputs=\S*?\(shape=" + _SHAPE, message, re.S)
    if m is None:
        m = re.search(r"inputs=\S*?shape=" + _SHAPE, message, re.S)
    return _shape(m.group(1)) if m else None


def _is_channels(n: int | None) -> bool:
    return n in (1, 3, 4)


def _print_shapes(*names: str) -> str:
    return "print(" + ", ".join(names) + ")"


# ------------------------------------------------------------------------------------------------
# Family: labels vs outputs
# ------------------------------------------------------------------------------------------------

def _seq_or_map(output: tuple) -> str:
    if len(output) == 3:
        return (f"one prediction per time step {_fmt(output[1:-1])}: the layer before the Dense returns a "
                "sequence (an LSTM/GRU with return_sequences=True, or a Conv1D)")
    return (f"one prediction per position {_fmt(output[1:-1])} of a feature map: a Dense layer on a "
            "(batch, height, width, channels) map works along the last axis only")


def _forgotten_flatten(target: tuple, output: tuple, loss: str | None) -> tuple:
    if len(output) == 3:
        fix = ("if the layer before the classifier is an LSTM/GRU, give it return_sequences=False (the "
               "default), so it returns only its last step; after a Conv1D put keras.layers.Flatten() or "
               "GlobalAveragePooling1D() before the first Dense. model.summary() should end in "
               f"(None, {output[-1]}).")
    else:
        fix = ("put keras.layers.Flatten() (or GlobalAveragePooling2D()) between the last convolution/"
               "pooling layer and the first Dense layer; model.summary() should then end in "
               f"(None, {output[-1]}).")
    return ("forgotten_flatten",
            f"the model predicts an array of shape {_fmt(output)}, {_seq_or_map(output)}, but the labels "
            f"{_fmt(target)} give one answer per sample{f' ({loss})' if loss else ''}.",
            "without Flatten (or global pooling, or return_sequences=False) before the classifier, the "
            "spatial or time axes survive to the output; the model builds and predicts without error, "
            "and only the loss notices.", fix)


def _integer_labels(target: tuple, output: tuple, loss: str | None) -> tuple:
    k = output[-1]
    return ("integer_labels_categorical",
            f"the labels have shape {_fmt(target)}: one class number per sample, but "
            f"{loss or 'the loss (categorical_crossentropy)'} compares them with {_fmt(output)}, "
            f"{k} class probabilities per sample.",
            "categorical_crossentropy expects one-hot labels, one column per class ([0, 0, 1, ...]); "
            "class numbers such as 2 need the sparse version of the loss.",
            "keep the labels and compile with loss='sparse_categorical_crossentropy' (the last layer stays "
            f"Dense({k}, activation='softmax')); or one-hot encode them: "
            f"y = keras.utils.to_categorical(y, {k}).")


def _binary_multi_unit(target: tuple, output: tuple) -> tuple:
    k = output[-1]
    return ("binary_multi_unit",
            f"binary_crossentropy compares one label per sample {_fmt(target)} with {k} outputs per "
            f"sample {_fmt(output)}.",
            "binary cross-entropy scores each output unit as a separate yes/no; with one 0/1 label per "
            f"sample the model must have ONE output unit. {k} units with one label means the labels are "
            "class numbers, which is a multi-class problem.",
            "for two classes labelled 0/1: end with Dense(1, activation='sigmoid') and keep "
            f"loss='binary_crossentropy'. For {k} classes labelled 0..{k - 1}: end with "
            f"Dense({k}, activation='softmax') and use loss='sparse_categorical_crossentropy'. "
            "Check with np.unique(y).")


def _class_count(target: tuple, output: tuple, loss: str | None) -> tuple:
    c, k = target[-1], output[-1]
    return ("class_count_mismatch",
            f"the labels have {c} columns {_fmt(target)} (one-hot for {c} classes) but the model has {k} "
            f"output{'s' if k != 1 else ''} {_fmt(output)}{f' ({loss})' if loss else ''}.",
            "with one-hot labels, the last Dense layer needs one unit per class: as many units as the "
            "labels have columns.",
            f"end the model with Dense({c}, activation='softmax') (units = y.shape[-1] = number of classes). "
            "If you expected "
            f"{k} classes, check how the labels were made: to_categorical(y) makes max(y) + 1 columns; "
            "pass num_classes explicitly.")


def _onehot_sparse(target: tuple, output: tuple) -> tuple:
    return ("onehot_labels_sparse",
            f"sparse_categorical_crossentropy received labels of shape {_fmt(target)}, as many axes as the "
            f"predictions {_fmt(output)}: these look like one-hot labels (one column per class).",
            "the sparse loss expects ONE class number per sample (per pixel for masks), i.e. labels with one "
            "axis fewer than the predictions.",
            "compile with loss='categorical_crossentropy' to keep the one-hot labels; or turn them back "
            "into class numbers with y = y.argmax(axis=-1) and keep the sparse loss.")


def _labels_unclear(target: tuple, output: tuple, loss: str | None) -> tuple:
    return ("label_shape",
            f"the labels {_fmt(target)} and the predictions {_fmt(output)} do not match"
            f"{f' for {loss}' if loss else ''}.",
            "every loss compares labels and predictions sample by sample; their shapes must agree (the "
            "sparse loss takes one class number where the prediction has one column per class).",
            f"{_print_shapes('y.shape', 'model.output_shape')} and compare them: the first axis counts "
            "samples; the last Dense's units must equal the number of classes (or 1 for a yes/no output).")


def _labels_vs_outputs(target: tuple, output: tuple, loss: str | None, form: str) -> tuple:
    """form: 'rank' or 'shape' (categorical/binary), or 'sparse'."""
    if form == "sparse":
        if len(output) > len(target) + 1:
            return _forgotten_flatten(target, output, loss)
        if len(output) == len(target) and target[-1] == output[-1]:
            return _onehot_sparse(target, output)
        return _labels_unclear(target, output, loss)
    if len(output) > len(target) and len(output) >= 3:
        return _forgotten_flatten(target, output, loss)
    if len(output) == len(target) + 1 and len(output) >= 3 and output[-1] == 1 and target[-1] == 1:
        return _forgotten_flatten(target, output, loss)
    if form == "shape" and len(output) == len(target) >= 3:
        inner_t, inner_o = target[1:-1], output[1:-1]
        if all(s == 1 for s in inner_t) and any(s not in (1, None) for s in inner_o):
            return _forgotten_flatten(target, output, loss)
        if inner_t != inner_o:
            return _labels_unclear(target, output, loss)
    if len(target) == len(output) - 1 and target == output[:-1] or (
            len(target) == len(output) and target[-1] == 1 and output[-1] not in (1, None)
            and target[:-1] == output[:-1]):
        if loss in ("binary_crossentropy", "binary_focal_crossentropy"):
            return _binary_multi_unit(target, output)
        return _integer_labels(target, output, loss)
    if len(target) == len(output) and target[:-1] == output[:-1] and target[-1] != output[-1]:
        return _class_count(target, output, loss)
    return _labels_unclear(target, output, loss)


def _label_range(value: int, n: int, loss: str | None) -> tuple:
    what = (f"a label value {value} is outside [0, {n}): the loss "
            f"({loss or 'sparse_categorical_crossentropy'}) accepts class numbers 0 to {n - 1}, because the "
            f"last layer has {n} unit{'s' if n != 1 else ''}.")
    why = "the sparse loss reads each label as the index of the output unit that should win."
    if value < 0:
        fix = ("the labels contain negative numbers (often -1, a 'missing' or 'ignore' marker): drop those "
               "samples (keep = y >= 0; x, y = x[keep], y[keep]) or map them to a real class.")
    elif n == 1:
        fix = ("a single output unit cannot hold several classes. For two classes labelled 0/1 end with "
               "Dense(1, activation='sigmoid') and use loss='binary_crossentropy'; for K classes labelled "
               "0..K-1 end with Dense(K, activation='softmax') (K = y.max() + 1) and keep the sparse loss.")
    elif value == n:
        fix = (f"check np.unique(y). If the labels run from 1 to {n}, they are numbered from 1: use y - 1 "
               f"(labels must start at 0). If they run from 0 to {n}, there are {n + 1} classes: end with "
               f"Dense({n + 1}, activation='softmax').")
    else:
        fix = (f"check np.unique(y). If the labels are class numbers 0..{value} (or more), the last layer "
               f"needs one unit per class: Dense(y.max() + 1, activation='softmax'), at least {value + 1}. "
               "If they are not class numbers (e.g. 255 = a pixel value or an 'ignore' marker in a mask), "
               "rebuild the labels so they run 0..K-1.")
    return "label_out_of_range", what, why, fix


def _label_range_unknown(value: str | None, output: tuple | None) -> tuple:
    if value is not None and output and output[-1]:
        return _label_range(int(value), output[-1], None)
    return ("label_out_of_range",
            f"a label{f' ({value})' if value else ''} is not a valid class number for the model's output.",
            "the sparse loss reads each label as the index of the output unit that should win: labels must "
            "run 0..K-1 for K output units.",
            "print(np.unique(y), model.output_shape[-1]). Labels numbered from 1: use y - 1; more classes "
            "than units: end with Dense(y.max() + 1, activation='softmax'); negative markers such as -1: "
            "drop those samples. Two classes with Dense(1): use sigmoid and binary_crossentropy.")


# ------------------------------------------------------------------------------------------------
# Family: Embedding ids
# ------------------------------------------------------------------------------------------------

def _embedding(value: int | None, n: int | None) -> tuple:
    if value is not None and value < 0:
        fix = ("map negative ids to a real id before the model (e.g. ids = np.where(ids < 0, 0, ids), "
               "0 being the padding id).")
    else:
        need = "ids.max() + 1" if value is None else f"ids.max() + 1, at least {value + 1}"
        fix = (f"give Embedding input_dim = {need} (the vocabulary size, plus 1 when ids start at 1 and "
               "0 is padding). Or clip rare ids to an 'unknown' id below input_dim.")
    what = ("a token id is outside the Embedding's table" if value is None else
            f"token id {value} is not in [0, {n}): Embedding(input_dim={n}) has rows for ids 0 to {n - 1} "
            "only.")
    return ("embedding_out_of_range", what,
            "input_dim is the number of rows of the table, so the largest id must be input_dim - 1. On JAX "
            "an id outside the table gives NaN without any error; on PyTorch an IndexError.", fix)


# ------------------------------------------------------------------------------------------------
# Family: shapes of the data vs the model's input
# ------------------------------------------------------------------------------------------------

_TRANSPOSE = {3: "(0, 2, 1)", 4: "(0, 2, 3, 1)", 5: "(0, 2, 3, 4, 1)"}


def _channels_first_data(got: tuple, channels: int) -> tuple:
    perm = _TRANSPOSE.get(len(got), "(0, 2, 3, 1)")
    fixed = (got[0],) + got[2:] + (got[1],)
    return ("channels_first",
            f"your data has shape {_fmt(got)}: channels-first, with the {channels} channel(s) on axis 1, but "
            f"the model expects them last (axis -1).",
            "Keras layers use channels_last: (batch, height, width, channels). Data from PyTorch, OpenCV "
            "blobs or some loaders is (batch, channels, height, width).",
            f"move the channel axis last: x = np.transpose(x, {perm}) -> {_fmt(fixed)}. Do NOT use reshape "
            "(it gives the right shape but scrambles the pixels), and padding='same' does not help.")


def _channels_first_model(model_shape: tuple, data: tuple | None) -> tuple:
    good = data[1:] if data is not None else model_shape[1:] + model_shape[:1]
    return ("channels_first",
            f"the model's input shape {_fmt(model_shape)} puts a small axis ({model_shape[0]}) first: it was "
            "written channels-first (channels, height, width)"
            + (f", but the data is channels-last {_fmt(data)}." if data is not None else "."),
            "Keras layers use channels_last: the channel axis is the LAST axis of keras.Input(shape=...). "
            "Old tutorials written for Theano put it first.",
            f"build the model with keras.Input(shape={_fmt(good)}) (height, width, channels), e.g. "
            "keras.Input(shape=x.shape[1:]) for channels-last data; if the data itself is channels-first, "
            "np.transpose(x, (0, 2, 3, 1)) it too. padding='same' does not fix this.")


def _channel_count(want: int, got: int, shape: tuple | None, where: str = "data") -> tuple:
    fixes = {(3, 1): "grey images into an RGB model: repeat the grey channel, x = np.repeat(x, 3, axis=-1)",
             (1, 3): "RGB images into a grey model: average the colours, x = x.mean(axis=-1, keepdims=True) "
                     "(or rebuild the model with 3 channels)",
             (3, 4): "RGBA images into an RGB model: drop the alpha channel, x = x[..., :3] (PIL: "
                     "img.convert('RGB'))",
             (1, 4): "RGBA images into a grey model: x = x[..., :3].mean(axis=-1, keepdims=True)",
             (4, 3): "RGB images into an RGBA model: add an opaque alpha channel, "
                     "x = np.concatenate([x, np.ones_like(x[..., :1])], axis=-1)"}
    fix = fixes.get((want, got), f"make the data's last axis {want}: check how the images were loaded "
                                 f"(x.shape[-1] is {got}), or build the model with {got} channels")
    return ("channel_mismatch",
            f"the model expects {want} channel(s) on the last axis but the {where} has {got}"
            + (f" {_fmt(shape)}." if shape else "."),
            "a convolution's weights are made for a fixed number of input channels when it is built.",
            fix + ".")


def _size_fix(model: tuple, data: tuple | None) -> str:
    side = _fmt(model[:-1]) if model else "the model's size"
    return (f"resize the images to the model's size, x = keras.ops.image.resize(x, {side}) (or crop/pad "
            "them); or, if the model is yours and untrained, build it for your data with "
            "keras.Input(shape=x.shape[1:])"
            + (f" = {_fmt(data[1:])}" if data is not None else "")
            + ". To accept any size, build with None sizes and use GlobalAveragePooling2D instead of "
            "Flatten.")


def _samples_became_an_axis(want: tuple, got: tuple) -> tuple:
    """keras.Input(shape=x.shape): the number of samples became an axis of every sample."""
    return ("batch_axis_in_input_shape",
            f"the model was built for samples shaped {_fmt(want[1:])}, a stack of {want[1]:,} items "
            f"each, but it receives batches {_fmt(got)}: the data's number of samples became an axis "
            "of every sample.",
            "keras.Input(shape=...) takes the shape of ONE sample; Keras adds the batch axis (None) "
            "itself. shape=x.shape includes the number of samples.",
            f"build the input with keras.Input(shape=x.shape[1:]), here shape={_fmt(want[2:])}. Keep "
            "the data as it is: do not reshape it into one giant sample.")


def _compare_shapes(want: tuple, got: tuple, squeezed: bool = False) -> tuple | None:
    """The model's input ``want`` (batch axis None first) vs the data's ``got``: which family?"""
    if got and got[0] is None and len(want) >= 3 and want[1] is not None and len(got) < len(want):
        # The data arrives as a traced batch (None first), so no sample lacks its batch axis: the model
        # has an axis too many, as keras.Input(shape=x.shape) builds (Keras may drop a trailing 1).
        padded = got + (1,) * (len(want) - 1 - len(got)) if want[-1] == 1 else got
        if len(padded) == len(want) - 1 and _fits(padded[1:], want[2:]):
            return _samples_became_an_axis(want, padded)
    if len(got) == len(want) - 1:
        # (h, w, c) given alone
        one_image = len(want) == 4 and _is_channels(want[-1]) and _fits(got, want[1:])
        if (len(want) >= 3 and want[1] is not None and got[0] == want[1] and _fits(got[1:], want[2:])
                and not one_image):
            # both readings fit: the samples' count inside Input(shape=x.shape), or one sample unbatched
            return ("batch_axis_in_input_shape",
                    f"the model was built for samples shaped {_fmt(want[1:])} and received {_fmt(got)}: the "
                    f"number of samples, {want[1]:,}, looks like an axis of every sample.",
                    "keras.Input(shape=...) takes the shape of ONE sample; Keras adds the batch axis (None) "
                    "itself. shape=x.shape includes the number of samples.",
                    f"build the input with keras.Input(shape=x.shape[1:]), here shape={_fmt(want[2:])}; keep "
                    f"the data as it is. (Only if {_fmt(got)} really is ONE sample, add the batch axis "
                    "instead: x[np.newaxis].)")
        if _fits(got, want[1:]):
            return ("missing_batch_axis",
                    f"the model expects a batch {_fmt(want)} but received one sample {_fmt(got)}.",
                    "a model always takes a batch: the first axis counts samples, even for one sample.",
                    "add the batch axis: model.predict(x[np.newaxis]) turns one sample into a batch of one. "
                    "(If instead you built the model with keras.Input(shape=x.shape), use x.shape[1:].)")
        if len(want) >= 3 and want[1] is not None and _fits(got[1:], want[2:]):
            return _samples_became_an_axis(want, got)
        if _is_channels(got[0]) and got[0] == want[-1] and _fits(got[1:], want[1:-1]):
            return ("channels_first",
                    f"you passed one image {_fmt(got)}, channels-first and without a batch axis; the model "
                    f"expects {_fmt(want)}.",
                    "Keras images are (batch, height, width, channels).",
                    "move the channels last and add the batch axis: "
                    "x = np.transpose(img, (1, 2, 0))[np.newaxis]. Never reshape (it scrambles the pixels).")
        if want[-1] == 1 and _fits(got, want[:-1]):
            return ("missing_axis",
                    f"the model expects {_fmt(want)} but the data is {_fmt(got)}: the channel axis is "
                    "missing.",
                    "convolution layers need a channel axis last, even for one channel.",
                    "add it: x = x[..., np.newaxis].")
        if want[-1] == 1 and (len(got) >= 3 or squeezed):  # Keras prints (2, 16, 16, 1) as (2, 16, 16)
            return _compare_shapes(want, got + (1,))
    if squeezed and len(got) == len(want) - 2 and want[-1] == 1:  # "found shape=" drops a trailing 1
        first = _compare_shapes(want, got + (1,))
        if first is not None and first[0] == "batch_axis_in_input_shape":
            return first
    if len(got) == len(want) - 2 and want[-1] == 1 and _fits(got, want[1:-1]):
        return ("missing_batch_axis",
                f"the model expects {_fmt(want)} but received {_fmt(got)}: no batch axis and no channel "
                "axis.",
                "a model always takes a batch, and convolutions need a channel axis even for one channel.",
                "x = x[np.newaxis, ..., np.newaxis] turns one sample into a batch of one, with its channel "
                "axis.")
    if len(got) != len(want) or len(got) < 2:
        return None
    if len(got) >= 3 and _is_channels(want[-1]) and got[1] == want[-1] and got[-1] != want[-1]:
        return _channels_first_data(got, want[-1])
    if len(got) >= 3 and _is_channels(want[1]) and got[-1] == want[1] and want[-1] != got[-1]:
        return _channels_first_model(want[1:], got)
    if _fits(got[:-1], want[:-1]) and want[-1] is not None and got[-1] != want[-1]:
        if len(got) >= 3:
            return _channel_count(want[-1], got[-1], got)
        return _flat_length(want[-1], got[-1], None)
    if want[-1] in (None, got[-1]) and not _fits(got, want):
        return ("input_size_mismatch",
                f"the model was built for inputs of shape {_fmt(want)} (None = any size) but received "
                f"{_fmt(got)}.",
                "a model whose keras.Input has fixed sizes accepts only those sizes; after Flatten the Dense "
                "weights were made for exactly that many values.",
                _size_fix(want[1:], got))
    return None


def _flat_length(want: int, got: int, data: tuple | None, layer: str = "dense",
                 batch: int | None = None) -> tuple:
    """A Dense built for ``want`` values per sample receives ``got``; ``batch``: the received batch size."""
    ratio = f" ({got / want:.3g} times as many)" if want else ""
    per_sample = 1
    for s in (data or ())[1:]:
        per_sample *= s or 0
    k = want // got if got and want % got == 0 else 0
    # Flatten right after keras.Input(shape=x.shape) is built for k whole samples. The evidence: the data's
    # own sample size (Keras quotes the data), or a batch of exactly k samples (JAX's predict skips the
    # input check and fails at the Dense). A square k could as well be an image with sides sqrt(k) smaller.
    whole_samples = (data is not None and len(data) >= 3 and got == per_sample) or (batch == k and not data)
    if whole_samples and k >= 2 and round(k ** 0.5) ** 2 != k:
        sample = f"your samples {_fmt(data[1:])}" if data is not None else f"your {k:,} samples"
        return ("batch_axis_in_input_shape",
                f"layer '{layer}' was built for {want:,} = {k:,} x {got:,} values per sample, but each of "
                f"{sample} has {got:,}: the model's input holds {k:,} samples' worth of values.",
                "keras.Input(shape=...) takes the shape of ONE sample; Keras adds the batch axis itself. "
                f"shape=x.shape puts the number of samples ({k:,}?) inside every sample.",
                "build the input with keras.Input(shape=x.shape[1:])"
                + (f", here shape={_fmt(data[1:])}" if data is not None else "")
                + "; keep the data as it is.")
    if data is not None and len(data) >= 3:
        what = (f"layer '{layer}' was built for {want:,} values per sample but received {got:,}{ratio}: your "
                f"samples {_fmt(data[1:])} are not the size the model was built for.")
        fix = (f"resize (or crop) the inputs to the size the model was built for, model.input_shape[1:]; or, "
               f"if the model is yours and untrained, build it with keras.Input(shape=x.shape[1:]) = "
               f"{_fmt(data[1:])}. To accept any size, use GlobalAveragePooling2D instead of Flatten.")
    else:
        what = f"layer '{layer}' was built for {want:,} input values per sample but received {got:,}{ratio}."
        fix = ("compare x.shape[1:] with model.input_shape[1:]: feed data with the number of features (or "
               "the image size) the model was built for, or rebuild the model with "
               "keras.Input(shape=x.shape[1:]). Behind a Flatten, GlobalAveragePooling2D makes the Dense "
               "independent of the input size.")
    return ("flat_length_mismatch", what,
            "a Dense layer's weights are made for the size of its input's last axis. After Flatten that is "
            "height*width*channels, so a different image size changes it: a side twice as long gives 4 times "
            "as many values.", fix)


def _from_input_spec(want: tuple, got: tuple, message: str) -> tuple:
    found = _compare_shapes(want, got, squeezed="found shape=" in message)
    if found is not None:
        return found
    return ("input_shape",
            f"the model expects inputs shaped {_fmt(want)} but received {_fmt(got)}.",
            "the shape of keras.Input(shape=...) is the shape of ONE sample; data is (samples, ...).",
            f"{_print_shapes('x.shape', 'model.input_shape')} and compare them axis by axis (batch axis "
            "first, channels last).")


def _axis_value(m: re.Match, exc: BaseException, message: str) -> tuple:
    layer, axis, value, got = m.group(1), int(m.group(2)), int(m.group(3)), _shape(m.group(4))
    data = _data_shape(message)
    if axis == -1 and len(got) >= 3:
        if got[1] == value and got[-1] != value and _is_channels(value):
            return _channels_first_data(got, value)
        if _is_channels(got[-1]) and value in got[1:-1] and value != got[-1]:
            return _channels_first_model((got[-1],) + tuple(s for s in got[1:-1]), got)
        return _channel_count(value, got[-1], got)
    if axis == -1 and len(got) == 2 and got[-1] is not None:
        return _flat_length(value, got[-1], data, layer, batch=got[0])
    return ("input_shape",
            f"layer '{layer}' expects axis {axis} of its input to have size {value}, but the input has shape "
            f"{_fmt(got)}.",
            "a layer's weights are made for the size of its input's last axis when it is built.",
            f"{_print_shapes('x.shape', 'model.input_shape')} and run model.summary(); compare axis by axis.")


_RECURRENT = re.compile(r"lstm|gru|rnn|bidirectional|recurrent", re.I)


def _ndim(m: re.Match, exc: BaseException, message: str) -> tuple:
    layer = m.group(1) or "this layer"
    want, got = int(m.group(3)), int(m.group(4))
    full = _shape(m.group(5)) if m.group(5) else None
    inside = full is not None and full[0] is None  # built inside the model, not fed as data
    if _RECURRENT.search(layer) and got == want - 1:
        return ("rnn_needs_sequences",
                f"'{layer}' needs sequences (batch, steps, features) but receives "
                f"{_fmt(full) if full else 'a flat tensor'}.",
                "a recurrent layer reads a sequence. An LSTM/GRU returns only its last step unless "
                "return_sequences=True, so the next recurrent layer gets (batch, units).",
                "if another LSTM/GRU comes before this one, give that one return_sequences=True (every "
                "recurrent layer except the last). If this is the first layer, your data lacks the feature "
                "axis: x = x[..., np.newaxis] and keras.Input(shape=(steps, 1)).")
    if got == want - 1 and full is not None:
        shape1 = _fmt(full[1:] + (1,))
        if inside:
            fix = (f"add the channel axis inside the model: keras.Input(shape={shape1}) if this is the "
                   f"input, or keras.layers.Reshape({shape1}) before '{layer}' if a Dense or Reshape feeds "
                   "it; the data then needs x[..., np.newaxis].")
        else:
            fix = f"add the channel axis to the data: x = x[..., np.newaxis] -> {_fmt(full + (1,))}."
        return ("missing_axis",
                f"'{layer}' expects inputs with {'at least ' if m.group(2) else ''}{want} axes but receives "
                f"{_fmt(full)}: the channel axis is missing.",
                "convolution layers always need a batch axis first and a channel axis last, even with a "
                "single channel (grey images, one signal).", fix)
    if got == 2 and want >= 4:
        return ("flatten_too_early",
                f"a flat tensor {_fmt(full) if full else ''} reaches '{layer}', which needs "
                f"(batch, height, width, channels).",
                "Flatten (or a Dense or global pooling layer) turns maps into vectors; convolutions after it "
                "have no image left to slide over.",
                "move Flatten after the last convolution/pooling layer, just before the Dense head; if the "
                "data itself is flat (e.g. 784 pixels), reshape it into images first: "
                "keras.layers.Reshape((28, 28, 1)).")
    if got == want + 1 and inside:
        return _extra_axis(full)
    return ("input_shape",
            f"'{layer}' expects inputs with {want} axes but received {got}"
            + (f" {_fmt(full)}." if full else "."),
            "each layer expects a fixed number of axes: Dense (batch, features), Conv1D/LSTM (batch, steps, "
            "channels), Conv2D (batch, height, width, channels).",
            f"{_print_shapes('x.shape')} and run model.summary() to see the shape reaching '{layer}'.")


def _extra_axis(full: tuple) -> tuple:
    return ("batch_axis_in_input_shape",
            f"the model's input has one axis too many {_fmt(full)}: each sample is {_fmt(full[1:])}.",
            "keras.Input(shape=...) takes the shape of ONE sample, without the number of samples; an extra "
            f"leading {full[1]} (often from shape=x.shape, or (1,) + shape) adds an axis to every sample.",
            f"build the input with keras.Input(shape={_fmt(full[2:])}) (x.shape[1:] if you wrote x.shape).")


# ------------------------------------------------------------------------------------------------
# Other families
# ------------------------------------------------------------------------------------------------

def _fixed_input(exc: BaseException) -> tuple | None:
    """The input shape of the one model in the traceback, when every axis but the batch is known."""
    shapes = set()
    for model in _keras_models(exc):
        try:  # built, with its output shape known: the model's own size fits all its windows
            shape, _ = tuple(model.input_shape), tuple(model.output_shape)
        except Exception:  # several inputs or outputs, or not built
            continue
        if model.built and len(shape) >= 3 and all(isinstance(s, int) for s in shape[1:]):
            shapes.add(shape)
    return shapes.pop() if len(shapes) == 1 else None


def _one_sample_expanded(want: tuple, shape: tuple | None) -> tuple:
    """One sample (h, w, 1) given to a model built for (None, h, w, 1): Keras reads its first axis as the
    batch and appends the missing axis, (h, w, 1, 1), so the first window finds a map one pixel wide."""
    sample, seen = _fmt(want[1:]), _fmt(want[1:] + (1,))
    certain = shape == want[1:] + (1,)
    return ("missing_batch_axis",
            (f"the model was built for batches {_fmt(want)}, yet its first window met the input {seen}: "
             if certain else
             f"the model was built for batches {_fmt(want)} and fits that size, yet a window met a map too "
             f"small for it: the data that reached it had another shape. The usual cause is ")
            + f"one sample {sample} without its batch axis.",
            "a model always takes a batch. Given one sample of one axis too few, and an input whose last "
            f"axis is 1, Keras 3 appends that axis instead of refusing: {sample} becomes {seen}, a batch of "
            f"{want[1]} 'images' one pixel wide.",
            "add the batch axis: model.predict(x[np.newaxis]) (or x[i:i + 1] for the i-th sample of a "
            "dataset) turns one sample into a batch of one.")


def _too_small(m: re.Match, exc: BaseException, message: str) -> tuple:
    shape = _shape(m.group(1)) if m.lastindex and m.group(1) else None
    want = _fixed_input(exc)
    if want is not None and want[-1] == 1 and (shape is None or shape == want[1:] + (1,)):
        # A fixed-size model was built (so its own size fits every window): the data was not that size.
        return _one_sample_expanded(want, shape)
    if shape and len(shape) == 4 and _is_channels(shape[1]) and (shape[2] or 0) >= 8:
        return ("channels_first",
                f"a pooling or convolution window does not fit: the map is {_fmt(shape)}, only {shape[1]} "
                f"pixel(s) high but {shape[2]} wide. That is the mark of a channels-first input shape such "
                f"as keras.Input(shape=({shape[1]}, {shape[2]}, {shape[2]})).",
                "Keras reads keras.Input(shape=(a, b, c)) as (height, width, channels): with the channels "
                "first, the height is the channel count, and the first pooling layer exhausts it.",
                "write the input shape channels-last, keras.Input(shape=(height, width, channels)), and "
                "move the data's channels last with np.transpose(x, (0, 2, 3, 1)). Do NOT 'fix' it with "
                "padding='same'. (If your images really are one pixel high, use pool_size=(1, 2).)")
    return ("output_too_small",
            "a convolution or pooling window is larger than what is left of the input"
            + (f" {_fmt(shape)}." if shape else "."),
            "each 'valid' convolution removes kernel-1 pixels per side and each pooling layer divides the "
            "side by the pool size, so deep models run out of pixels on small inputs. (Keras 1's Conv2D(32, "
            "3, 3) meant a 3x3 kernel; since Keras 2 the third argument is the stride.)",
            "use padding='same', fewer pooling layers, a smaller kernel or a larger input; write kernels as "
            "Conv2D(32, (3, 3)). utils.shapes.conv_output_length and pool_output_length show the size after "
            "each layer.")


def _unknown_weight_shape(m: re.Match, exc: BaseException, message: str) -> tuple:
    return ("unknown_flat_length",
            f"Keras could not create the weights '{m.group(2) or 'dense/kernel'}': their shape "
            f"{m.group(1) or '(None, units)'} contains None.",
            "a Dense layer makes one weight per input value, so it must know its input's last axis. Here "
            "that axis is None, usually because Flatten merged axes of unknown size (e.g. keras.Input(shape="
            "(None, None, 3))): height*width*channels is unknown until an image arrives.",
            "use GlobalAveragePooling2D() or GlobalMaxPooling2D() (1D for sequences) instead of Flatten: "
            "they give one number per channel whatever the size; or give keras.Input a fixed size such as "
            "shape=(32, 32, 3).")


def _concat(m: re.Match, exc: BaseException, message: str) -> tuple:
    shapes = [_shape(s) for s in re.findall(r"\([0-9None, ]*\)", m.group(1))]
    sides = " and ".join(_fmt(s) for s in shapes) or m.group(1)
    return ("concat_mismatch",
            f"Concatenate received maps of different sizes: {sides}.",
            "Concatenate joins maps along the channel axis, so every other axis must match. In a U-Net the "
            "decoder doubles the side where the encoder halved it: a side not divisible by 2**depth loses a "
            "pixel at a pooling (15 -> 7 -> 14, not 15), and 'valid' convolutions shave kernel-1 pixels from "
            "one branch only.",
            "use padding='same' in every convolution and make the input side a multiple of 2**depth (resize "
            "or pad the images: with 2 poolings a multiple of 4, e.g. 30 -> 32; with 4 poolings a multiple "
            "of 16); or crop the skip connection with keras.layers.Cropping2D to the upsampled size.")


def _cardinality(m: re.Match, exc: BaseException, message: str) -> tuple:
    xs = [int(s) for s in re.findall(r"\d+", m.group(1))]
    ys = [int(s) for s in re.findall(r"\d+", m.group(2))]
    if len(xs) > 1:
        return ("data_as_list",
                f"x is a Python list of {len(xs)} arrays, so Keras treats it as {len(xs)} separate inputs of "
                f"{xs[0]} samples each, against {ys[0] if ys else '?'} labels.",
                "model.fit takes one array for a single-input model; a list means several inputs.",
                "stack the list into one array first: x = np.array(x) (or np.stack(x)), shape "
                "(samples, height, width, channels).")
    return ("data_cardinality",
            f"the data has {xs[0] if xs else '?'} samples but the labels have {ys[0] if ys else '?'}.",
            "each sample needs exactly one label: x and y must have the same length along axis 0.",
            "check that x and y come from the same split (x_train with y_train, not y_test) and that no step "
            "dropped or duplicated rows; print(len(x), len(y)).")


def _keras_tensor(m: re.Match, exc: BaseException, message: str) -> tuple:
    return ("keras_tensor_in_tf_function",
            "a TensorFlow function (tf.*) was called on a KerasTensor, the symbolic placeholder of a "
            "functional model.",
            "while a functional model is being built, tensors are placeholders with a shape but no values; "
            "only Keras layers and keras.ops functions know how to handle them.",
            "use the keras.ops equivalent (keras.ops.matmul, keras.ops.reshape, ...), which also runs on JAX "
            "and PyTorch; or wrap the TensorFlow code in a keras.layers.Lambda or a custom Layer's call().")


def _include_top(m: re.Match, exc: BaseException, message: str) -> tuple:
    return ("pretrained_input_size",
            f"a pretrained model with its classifier (include_top=True) needs inputs of shape {m.group(1)}, "
            f"but it was given {m.group(2)}.",
            "the top (Flatten/Dense) layers were trained for one image size, so their weights fix it.",
            "load the base with include_top=False (and your input_shape), then add your own head: "
            "GlobalAveragePooling2D() and Dense(number_of_classes, activation='softmax'); or resize the "
            f"images to {m.group(1)} to keep the ImageNet classifier.")


def _unless_channels_first(shape: tuple, verdict: tuple) -> tuple:
    """``verdict``, unless ``shape`` reads as channels first (3 or 1 first, many last): that mistake."""
    if len(shape) == 3 and _is_channels(shape[0]) and (shape[-1] or 0) >= 8:
        return _channels_first_model(shape, None)
    return verdict


def _pretrained_channels(m: re.Match, exc: BaseException, message: str) -> tuple:
    shape = _shape(m.group(1))
    return _unless_channels_first(shape, (
            "channel_mismatch",
            f"the pretrained model needs 3 colour channels but input_shape={_fmt(shape)} has {shape[-1]}.",
            "ImageNet weights were learned on RGB images: the first convolution has weights for exactly 3 "
            "channels.",
            "repeat grey images into 3 channels, x = np.repeat(x, 3, axis=-1), and use input_shape="
            f"{_fmt(shape[:-1] + (3,))}; drop an alpha channel with x[..., :3]."))


def _pretrained_small(m: re.Match, exc: BaseException, message: str) -> tuple:
    shape = _shape(m.group(2))
    return _unless_channels_first(shape, (
            "pretrained_input_size",
            f"this pretrained architecture needs images of at least {m.group(1)}, got "
            f"input_shape={_fmt(shape)}.",
            "its stack of strided convolutions and poolings would shrink smaller images to nothing.",
            f"resize the images up to at least {m.group(1)} (keras.ops.image.resize) and build with that "
            "input_shape."))


def _weights_shape(m: re.Match, exc: BaseException, message: str) -> tuple:
    mine, given = _shape(m.group(1)), _shape(m.group(2))
    if len(mine) == len(given) == 4 and mine[:2] == given[:2] and mine[3] == given[3] and mine[2] != given[2]:
        return ("channel_mismatch",
                f"the saved weights {_fmt(given)} were trained for {given[2]} input channel(s), the model "
                f"was built for {mine[2]} {_fmt(mine)}.",
                "a convolution kernel is (height, width, input channels, filters): the input channels are "
                "fixed by the data the weights were trained on.",
                f"build the model with {given[2]} channels (keras.Input(shape=(h, w, {given[2]}))) and "
                "convert the images: grey to RGB x = np.repeat(x, 3, axis=-1); RGB to grey x.mean(-1, "
                "keepdims=True).")
    return ("weights_mismatch",
            f"the model's weights have shape {_fmt(mine)} but the saved weights {_fmt(given)}.",
            "weights can only be loaded into the same architecture with the same input shape.",
            "build the model exactly as when the weights were saved (same layers, units and input shape); "
            "compare model.summary() with the original.")


def _matmul(got_k: int, want_k: int) -> tuple:
    return _flat_length(want_k, got_k, None)


def _int_shape(m: re.Match, exc: BaseException, message: str) -> tuple:
    n = m.group(1)
    return ("shape_not_tuple",
            f"shape={n} is a plain number; Keras 3 needs a tuple of axis sizes.",
            "(784) is just 784 in Python: the comma makes a tuple. Keras 2 quietly accepted an int.",
            f"write keras.Input(shape=({n},)), with the comma.")


# ------------------------------------------------------------------------------------------------
# Keras 1/2 argument names
# ------------------------------------------------------------------------------------------------

#: Keras 1/2 argument names and what Keras 3 calls them.
RENAMED: dict[str, str] = {
    "border_mode": "padding",
    "nb_filter": "filters",
    "filter_length": "kernel_size",
    "nb_row": "kernel_size=(rows, cols)",
    "nb_col": "kernel_size=(rows, cols)",
    "subsample": "strides",
    "subsample_length": "strides",
    "pool_length": "pool_size",
    "stride": "strides",
    "init": "kernel_initializer",
    "inner_init": "recurrent_initializer",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "U_regularizer": "recurrent_regularizer",
    "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint",
    "dropout_W": "dropout",
    "dropout_U": "recurrent_dropout",
    "bias": "use_bias",
    "output_dim": "units",
    "dim_ordering": "data_format ('tf' -> 'channels_last', 'th' -> 'channels_first')",
    "input_dim": "keras.Input(shape=(input_dim,)) as the model's first item",
    "input_length": "keras.Input(shape=(input_length,)) as the model's first item",
    "input_shape": "keras.Input(shape=...) as the model's first item",
    "batch_input_shape": "keras.Input(batch_shape=...) as the model's first item",
    "batch_shape": "keras.Input(batch_shape=...) as the model's first item",
    "batch_size": "keras.Input(batch_size=...), or model.fit(..., batch_size=...)",
    "nb_epoch": "epochs",
    "samples_per_epoch": "steps_per_epoch (batches, not samples)",
    "nb_val_samples": "validation_steps (batches, not samples)",
    "lr": "learning_rate",
}
_MISSING_RENAMED = {"units": "output_dim", "filters": "nb_filter", "kernel_size": "filter_length / nb_row, "
                                                                                  "nb_col"}


def _renames(names: list[str]) -> list[str]:
    return [f"{n} -> {RENAMED[n]}" for n in names if n in RENAMED]


def _unknown_kwargs(owner: str, names: list[str], shown: str) -> tuple:
    renames = _renames(names)
    if renames:
        return ("legacy_argument",
                f"{owner} does not accept {shown}: Keras 1/2 names that Keras 3 renamed.",
                "Keras 2 renamed many Keras 1 arguments and Keras 3 dropped the old spellings (and the "
                "input_shape/batch_input_shape arguments on layers). The argument still matters: rename it, "
                "do not just delete it.",
                "rename: " + "; ".join(renames) + ". Other old names: " + ", ".join(
                    f"{k} -> {v}" for k, v in list(RENAMED.items())[:8] if k not in names) + ".")
    return ("unknown_argument",
            f"{owner} does not accept {shown}.",
            "the argument is misspelled or belongs to another layer or version of Keras.",
            f"check the spelling against help({owner.split('.')[0]}) or keras.io; look up old Keras names in "
            "utils.errors.RENAMED.")


def _unrecognized(m: re.Match, exc: BaseException, message: str) -> tuple:
    owner, shown = m.group(1), m.group(2)
    return _unknown_kwargs(owner, re.findall(r"'(\w+)'\s*:", shown), shown)


def _unexpected(m: re.Match, exc: BaseException, message: str) -> tuple:
    return _unknown_kwargs(m.group(1), [m.group(2)], f"the argument '{m.group(2)}'")


def _missing_positional(m: re.Match, exc: BaseException, message: str) -> tuple:
    owner, names = m.group(1), re.findall(r"'(\w+)'", m.group(2))
    old = [f"{n} (Keras 1: {_MISSING_RENAMED[n]})" for n in names if n in _MISSING_RENAMED]
    if not old:
        return ("unknown_argument", f"{owner} needs the argument(s) {', '.join(names)}.",
                "these arguments have no default.", f"pass them, e.g. {owner}({', '.join(names)}=...).")
    return ("legacy_argument",
            f"{owner} was created without its required argument(s): {', '.join(old)}.",
            "Keras 1 code names them differently (output_dim, nb_filter, filter_length); Keras 3 only knows "
            "the new names, so the value you gave went nowhere.",
            "rename them: " + "; ".join(_renames(["output_dim", "nb_filter", "filter_length", "init",
                                                   "border_mode"])) + ". E.g. Dense(units=64), "
            "Conv1D(filters=21, kernel_size=3).")


# ------------------------------------------------------------------------------------------------
# Memory, TensorFlow specifics
# ------------------------------------------------------------------------------------------------

def _out_of_memory() -> tuple:
    return ("out_of_memory",
            "the computer ran out of memory while creating a tensor.",
            "a Dense layer after Flatten has height*width*channels*units weights: 224x224x64 -> Dense(4096) "
            "would be 13,153,341,440 parameters, 52.6 GB of float32.",
            "compute the size first with utils.shapes.dense_params (4 bytes per float32 parameter); use "
            "GlobalAveragePooling2D, more pooling or strides before Flatten, or fewer units.")


def _nchw_unsupported(m: re.Match, exc: BaseException, message: str) -> tuple:
    return ("channels_first_unsupported",
            "TensorFlow cannot run this channels-first (NCHW) convolution on the CPU.",
            "with data_format='channels_first' TensorFlow needs a GPU (or its oneDNN CPU kernels) for the "
            "convolution; the model builds fine and fails only when it runs.",
            "keep the model channels-last and move the data's channels last with np.transpose(x, (0, 2, 3, "
            "1)), or put keras.layers.Permute((2, 3, 1)) first in the model so it accepts (batch, channels, "
            "height, width) anywhere.")


# ------------------------------------------------------------------------------------------------
# The table of message patterns: (regex, builder(match, exc, message) -> (kind, what, why, fix))
# ------------------------------------------------------------------------------------------------

def _true_output(output: tuple, exc: BaseException) -> tuple:
    """The loss may see the output squeezed ((N, T, 1) -> (N, T)); the model's own output shape tells."""
    squeezed = [m for m in _output_shapes(exc)
                if len(m) == len(output) + 1 and m[-1] == 1 and _fits(output[1:], m[1:-1])]
    if len(squeezed) == 1 and len(squeezed[0]) >= 3:  # only a model consistent with the message counts
        return (output[0],) + tuple(squeezed[0][1:])
    return output


def _loss_rank(m, exc, message):
    return _labels_vs_outputs(_shape(m.group(1)), _true_output(_shape(m.group(2)), exc),
                              _loss_in(exc, message), "rank")


def _loss_shape(m, exc, message):
    return _labels_vs_outputs(_shape(m.group(1)), _true_output(_shape(m.group(2)), exc),
                              _loss_in(exc, message), "shape")


def _loss_sparse(m, exc, message):
    return _labels_vs_outputs(_shape(m.group(1)), _shape(m.group(2)),
                              _loss_in(exc, message) or "sparse_categorical_crossentropy", "sparse")


def _label_value(m, exc, message):
    return _label_range(int(m.group(1)), int(m.group(2)), _loss_in(exc, message))


def _weights_lost(m: re.Match, exc: BaseException, message: str) -> tuple | None:
    """JAX: an error inside a compiled predict/evaluate/fit leaves the model without its weights."""
    files = [frame.f_code.co_filename.replace("\\", "/") for frame in _frames(exc)]
    if not any(f.endswith("keras/src/backend/common/variables.py") for f in files):
        return None
    return ("weights_lost_after_an_error",
            "this model's weights are gone: an earlier predict, evaluate or fit of it failed on the JAX "
            "backend, and every call since fails the same way, even with the right data.",
            "on JAX, Keras moves the weights out of the model for the compiled run and puts them back at "
            "the end. When that run raises (a shape error, say), they are not put back (Keras 3.15).",
            "re-run the cell that builds the model (and trains it, or load its saved weights), then call it "
            "with the fixed data. To keep a trained model safe, model.save(...) before experimenting.")


_PATTERNS: list = [
    (re.compile(r"Shapes used to initialize variables must be fully-defined.*?shape=" + _SHAPE
                + r" for variable path='([^']*)'", re.S), _unknown_weight_shape),
    (re.compile(r"last dimension of the inputs to (?:a )?`?Dense`? (?:layer )?should be defined()()", re.I),
     _unknown_weight_shape),
    (re.compile(r"`target` and `output` must have the same rank.*?target\.shape=" + _SHAPE
                + r", output\.shape=" + _SHAPE, re.S), _loss_rank),
    (re.compile(r"`target` and `output` must have the same shape\. .*?target\.shape=" + _SHAPE
                + r", output\.shape=" + _SHAPE, re.S), _loss_shape),
    (re.compile(r"Argument `output` must have rank \(ndim\) `target\.ndim - 1`.*?target\.shape="
                + _SHAPE + r", output\.shape=" + _SHAPE, re.S), _loss_sparse),
    (re.compile(r"`target` and `output` must have the same shape up until the last dimension.*?target\.shape="
                + _SHAPE + r", output\.shape=" + _SHAPE, re.S), _loss_sparse),
    (re.compile(r"label value of (-?\d+) which is outside the valid range of \[0, (\d+)\)"), _label_value),
    (re.compile(r"indices\[[\d,]*\] = (-?\d+) is not in \[0, (\d+)\)"),
     lambda m, e, s: _embedding(int(m.group(1)), int(m.group(2)))),
    (re.compile(r"index out of range in self"), lambda m, e, s: _embedding(None, None)),
    (re.compile(r"Target (-?\d+) is out of bounds|Class values must be smaller than num_classes"),
     lambda m, e, s: _label_range_unknown(m.group(1), _model_output(e))),
    (re.compile(r"Invalid input shape for input .*?Expected shape " + _SHAPE
                + r", but input has incompatible shape " + _SHAPE, re.S),
     lambda m, e, s: _from_input_spec(_shape(m.group(1)), _shape(m.group(2)), s)),
    (re.compile(r"expected shape=" + _SHAPE + r", found shape=" + _SHAPE),
     lambda m, e, s: _from_input_spec(_shape(m.group(1)), _shape(m.group(2)), s)),
    (re.compile(r"layer '([^']*)' is incompatible with the layer: expected axis (-?\d+) of input shape to "
                r"have value (\d+), but received input with shape " + _SHAPE), _axis_value),
    (re.compile(r"(?:layer '([^']*)' is incompatible with the layer: )?expected (min_)?ndim=(\d+), found "
                r"ndim=(\d+)(?:\. Full shape received: " + _SHAPE + r")?"), _ndim),
    (re.compile(r"Kernel shape must have the same length as input.*?input of shape " + _SHAPE, re.S),
     lambda m, e, s: _extra_axis(_shape(m.group(1))) if _shape(m.group(1))[:1] == (None,) else None),
    (re.compile(r"only supports the NHWC tensor format"), _nchw_unsupported),
    (re.compile(r"Computed output size would be (?:zero or )?negative"
                r"(?:.*?inputs[ .]shape=`?" + _SHAPE + ")?", re.S), _too_small),
    (re.compile(r"Negative dimension size caused by subtracting.*?input shapes: " + _SHAPE, re.S),
     _too_small),
    (re.compile(r"convolution operation resulted in an empty output"
                r"(?:.*?inputs=\w+\.ndarray\(shape=" + _SHAPE + ")?", re.S), _too_small),  # JAX
    (re.compile(r"Kernel size can't be greater than actual input size"), _too_small),  # PyTorch
    (re.compile(r"A `Concatenate` layer requires inputs with matching shapes.*?input_shape=\[(.*?)\]", re.S),
     _concat),
    (re.compile(r"Data cardinality is ambiguous.*?'x' sizes: ([\d, ]+).*?'y' sizes: ([\d, ]+)", re.S),
     _cardinality),
    (re.compile(r"KerasTensor cannot be used as input to a TensorFlow function"), _keras_tensor),
    (re.compile(r"`include_top=True`.*?`input_shape` should be " + _SHAPE + r".*?input_shape=" + _SHAPE,
                re.S), _include_top),
    (re.compile(r"input must have 3 channels; (?:Received|got) `?input_shape=" + _SHAPE),
     _pretrained_channels),
    (re.compile(r"Input size must be at least (\d+x\d+); (?:Received|got):? `?input_shape=" + _SHAPE),
     _pretrained_small),
    (re.compile(r"weight shape " + _SHAPE + r" is not compatible with provided weight shape " + _SHAPE),
     _weights_shape),
    (re.compile(r"Matrix size-incompatible: In\[0\]: \[(\d+),(\d+)\], In\[1\]: \[(\d+),(\d+)\]"),
     lambda m, e, s: _matmul(int(m.group(2)), int(m.group(3)))),
    (re.compile(r"mat1 and mat2 shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)"),
     lambda m, e, s: _matmul(int(m.group(2)), int(m.group(3)))),
    (re.compile(r"dot_general requires contracting dimensions to have the same shape, got \((\d+),\) and "
                r"\((\d+),\)"), lambda m, e, s: _matmul(int(m.group(1)), int(m.group(2)))),
    (re.compile(r"Cannot convert '?\(?(\d+)\)?'? to a shape"), _int_shape),
    (re.compile(r"Unrecognized keyword arguments? passed to (\w+): (\{.*?\})(?:\s|$|\.)", re.S),
     _unrecognized),
    (re.compile(r"Argument\(s\) not recognized: (\{.*?\})", re.S),
     lambda m, e, s: _unknown_kwargs("this optimizer or layer", re.findall(r"'(\w+)'\s*:", m.group(1)),
                                     m.group(1))),
    (re.compile(r"'NoneType' object is not callable"), _weights_lost),
    (re.compile(r"([\w.]+)\(\) got an unexpected keyword argument '(\w+)'"), _unexpected),
    (re.compile(r"(\w+)\.__init__\(\) missing \d+ required positional arguments?: (.*)"),
     _missing_positional),
]


def _is_out_of_memory(exc: BaseException, message: str) -> bool:
    return (isinstance(exc, MemoryError) or type(exc).__name__ == "ResourceExhaustedError"
            or "OOM when allocating" in message or "Unable to allocate" in message)


def _unknown(exc: BaseException, message: str) -> tuple:
    shapes = []
    for s in re.findall(r"(?:torch\.Size\()?\((?:None|\d+)(?:, ?(?:None|\d+))*,?\)", message):
        if s not in shapes:
            shapes.append(s)
    mention = (f" The message mentions the shapes {', '.join(shapes[:4])}: find which tensors they are."
               if shapes else "")
    return ("unknown",
            f"Python raised {type(exc).__name__}; this explainer does not know this message.{mention}",
            "most Keras errors in this course are shape mismatches between the data, the labels and what a "
            "layer was built for.",
            "read the last line of the message; print(x.shape, y.shape, model.input_shape, "
            "model.output_shape) and model.summary(), and compare them axis by axis (the batch axis comes "
            "first, channels last).")


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
            return Diagnosis(*_out_of_memory(), original)
        for pattern, build in _PATTERNS:
            match = pattern.search(message)
            if match:
                found = build(match, exc, message)
                if found is not None:
                    return Diagnosis(*found, original)
    except Exception:  # an odd message must never break the explainer: fall through
        pass
    try:
        return Diagnosis(*_unknown(exc, message), original)
    except Exception:
        return Diagnosis("unknown", "this explainer does not know this message.", "", "print the shapes.",
                         original)


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
