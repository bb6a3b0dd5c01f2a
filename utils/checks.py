"""Exercise checks: judge an answer by its meaning and explain the verdict in a :class:`CheckResult`.

A check never raises for a learner (a placeholder ``...`` is "not attempted", a crash while checking
is reported), except with ``COURSE_STRICT_CHECKS=1`` (the tests on ``solutions/``): then anything but a
correct answer raises :class:`ExerciseError`, so a broken worked solution fails CI.

>>> check_value("demo", 6, expected=2 * 3).status
'correct'
"""

from __future__ import annotations

import functools
import html
import math
import numbers
import os
import reprlib
import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from utils._validate import Flag, validated

__all__ = ["CheckResult", "all_layers", "call_with_deadline", "ExerciseError", "NotAttempted", "Unusable",
           "strict_mode", "is_placeholder", "run_check", "check_value", "as_whole_number", "short",
           "as_shape", "as_model", "layer_classes", "shape_mistake", "judge_against", "as_numpy",
           "vanished_map", "Vanished", "fatal_call", "masked_call", "final_activation"]

STRICT_ENV = "COURSE_STRICT_CHECKS"
CORRECT, WRONG, NOT_ATTEMPTED = "correct", "wrong", "not attempted"
_REPLACE = "Replace the `...` with your answer and run the cell again."


class ExerciseError(AssertionError):
    """Raised in strict mode (``COURSE_STRICT_CHECKS=1``) for any answer that is not correct."""


class NotAttempted(Exception):
    """A judge raises this when the answer is still a placeholder (e.g. a stub returning ``...``); its
    message, if any, replaces the standard "Replace the `...`" (e.g. to judge the part already filled in)."""


class Unusable(Exception):
    """A judge (or a normaliser) raises this with a message for the learner when an answer
    cannot be read as what the exercise asks for (a shape of floats, a History instead of a model)."""


def strict_mode() -> bool:
    """True when checks must raise instead of explain (used by CI on solutions/)."""
    return os.environ.get(STRICT_ENV, "").strip().lower() in ("1", "true", "yes")


def is_placeholder(answer: Any) -> bool:
    """True for the ``...`` placeholder that lessons/ puts where an answer goes."""
    return answer is Ellipsis


@dataclass
class CheckResult:
    """The verdict on one exercise; truthy only when correct."""

    exercise: str
    status: str
    message: str = ""
    hint: str = ""
    details: list = field(default_factory=list)

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def __bool__(self) -> bool:
        return self.correct

    def text(self) -> str:
        # Text symbols, not emoji (an empty box without an emoji font); the word carries the verdict.
        icon = {CORRECT: "✔", WRONG: "✘", NOT_ATTEMPTED: "✎"}[self.status]
        lines = [f"{icon} {self.exercise}: {self.status}. {self.message}".rstrip()]
        lines += [f"   - {d}" for d in self.details]
        if self.hint and not self.correct:
            lines.append(f"   Hint: {self.hint}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        colour = {CORRECT: "#1b7f3b", WRONG: "#b3261e", NOT_ATTEMPTED: "#8a6d00"}[self.status]
        body = html.escape(self.text()).replace("\n", "<br>")
        return (f'<div class="course-check course-check-{self.status.replace(" ", "-")}" '
                f'style="border-left:4px solid {colour};padding:4px 8px;'
                f'font-family:monospace;white-space:pre-wrap">{body}</div>')


def _finish(result: CheckResult) -> CheckResult:
    if strict_mode() and not result.correct:
        raise ExerciseError(result.text())
    return result


def run_check(exercise: str, answer: Any, judge: Callable[[Any], Sequence[str] | str | None], *,
              hint: str = "", success: str = "Well done.") -> CheckResult:
    """The :class:`CheckResult` of ``judge(answer)``: None (or an empty list) when the answer is right,
    else one problem or a list of problems for the learner. What ``judge`` raises is explained."""
    if is_placeholder(answer):
        return _finish(CheckResult(exercise, NOT_ATTEMPTED, _REPLACE, hint))
    try:
        problems = judge(answer)
    except NotAttempted as exc:
        return _finish(CheckResult(exercise, NOT_ATTEMPTED, str(exc) or _REPLACE, hint))
    except Unusable as exc:
        problems = [str(exc)]
    except Exception as exc:  # a learner's answer may break anything: explain, don't crash
        from utils.errors import core_message, diagnose

        found = diagnose(exc)
        said = " ".join(core_message(exc).split())  # the learner's own error, without colour codes
        said = said if len(said) <= 160 else said[:157] + "..."
        advice = f" {found.what} {found.fix}" if found.kind != "unknown" else ""
        problems = [f"checking your answer raised {said}.{advice}"]
    problems = [p for p in ([problems] if isinstance(problems, str) else problems or []) if p]
    if not problems:
        return _finish(CheckResult(exercise, CORRECT, success))
    if len(problems) == 1:
        return _finish(CheckResult(exercise, WRONG, problems[0], hint))
    return _finish(CheckResult(exercise, WRONG, "Not yet:", hint, problems))


class _Stopped(BaseException):
    """Raised inside a learner's call that ran past its deadline (BaseException: ``except Exception`` in
    the learner's loop does not swallow it)."""


def call_with_deadline(function: Callable, *args: Any, seconds: float = 10.0,
                       what: str = "your function") -> Any:
    """``function(*args)``, or :class:`Unusable` when it has not returned within ``seconds``. It runs in a
    daemon thread (no signals: works on Windows), stopped past the deadline by raising :class:`_Stopped`
    in it (CPython), which ends a Python loop at its next step (a long C call, once it returns)."""
    outcome: dict[str, Any] = {}

    def call() -> None:
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread below
            outcome["error"] = exc

    worker = threading.Thread(target=call, daemon=True, name="course-check")
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        import ctypes

        set_exc = getattr(getattr(ctypes, "pythonapi", None), "PyThreadState_SetAsyncExc", None)
        if set_exc is not None and worker.ident is not None:
            set_exc(ctypes.c_ulong(worker.ident), ctypes.py_object(_Stopped))
            worker.join(2.0)
        still = " It is still running: restart the kernel to stop it." if worker.is_alive() else ""
        raise Unusable(f"{what} did not return within {seconds:g} s: look for a loop that never ends "
                       f"(a `while` whose condition never changes).{still}")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# --- Reading an answer: every correct form a learner writes, one meaning ---

def _normalise(value: Any) -> Any:
    """Numpy scalars, size-0-d arrays, lists and TensorShapes as plain Python for comparison."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if hasattr(value, "as_list"):  # tf.TensorShape
        value = value.as_list()
    if hasattr(value, "tolist") and not isinstance(value, (list, tuple)):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return tuple(_normalise(v) for v in value)
    return value


def short(value: Any, limit: int = 80) -> str:
    """A repr of ``value`` cut to ``limit`` (10-1000) characters: messages never quote a whole array."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 10 <= limit <= 1000:
        raise ValueError(f"limit must be a whole number from 10 to 1000, got limit={limit!r}.")
    shortener = reprlib.Repr()  # attributes, not keywords: Python 3.10 and 3.11 take no arguments
    shortener.maxstring = shortener.maxother = limit
    shortener.maxlist = shortener.maxtuple = 8
    text = shortener.repr(value)
    if hasattr(value, "shape") and hasattr(value, "dtype") and tuple(value.shape) != ():
        text = f"{type(value).__name__} of shape {tuple(value.shape)}"  # a NumPy scalar keeps its repr
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _data_not_answer(value: Any, what: str, wanted: str) -> Unusable | None:
    """An Unusable when ``value`` is data (an array or tensor with more than one axis, or a
    Keras symbolic tensor), the usual slip of passing ``x`` where ``x.shape`` belongs."""
    if not (hasattr(value, "shape") and hasattr(value, "dtype")):
        return None
    shape = tuple(value.shape)
    if type(value).__name__ == "KerasTensor":
        return Unusable(f"{what} is a Keras tensor of shape {shape}; pass its .shape (or the model's "
                        f".output_shape) to give {wanted}.")
    if len(shape) > 1 and not (len(shape) == 2 and 1 in shape):
        return Unusable(f"{what} is the data itself, an array of shape {shape}; "
                        f"pass its .shape (or the one number asked) to give {wanted}.")
    return None


def as_whole_number(answer: Any, what: str = "your answer", floats: bool = True,
                    searched: bool = False) -> int:
    """``answer`` as one whole number: an integer, a float with no fraction (unless ``floats`` is False:
    an index or a length), or a size-1 array or list; anything else raises :class:`Unusable`, explained.
    ``searched``: the exercise suggests np.flatnonzero/np.argwhere, so several values mean several matches.

    >>> import numpy as np
    >>> as_whole_number(np.array([[13]]))
    13
    """
    if answer is None:
        raise Unusable(f"{what} is None, which is what a function without `return` gives (print() shows a "
                       "value but returns None): did you forget `return`?")
    data = _data_not_answer(answer, what, "one whole number")
    if data is not None and not (getattr(answer, "ndim", 0) == 2 and answer.shape[0] == 1):
        raise data
    value = as_numpy(answer)  # a backend tensor (TensorFlow, JAX, torch) as a NumPy array
    if hasattr(value, "size") and hasattr(value, "reshape") and not isinstance(value, numbers.Number):
        if value.ndim == 2 and value.shape[0] == 1 and value.shape[1] > 1:
            raise Unusable(f"{what} is one row of {value.shape[1]} coordinates ({short(value)}), as "
                           "np.argwhere gives for ONE match in an array with several axes: take the one "
                           "coordinate the question asks for (e.g. result[0, -1]), or search a 1-D array.")
        if value.size != 1:
            raise Unusable(f"{what} holds {value.size} numbers ({short(value)}); the answer is ONE number."
                           + (" np.flatnonzero/np.argwhere found several matches: check the condition."
                              if searched and value.size > 1 and value.ndim <= 2 else ""))
        value = value.reshape(-1)[0]
    elif isinstance(value, (list, tuple)):
        value = _normalise(value)
        while isinstance(value, tuple) and len(value) == 1:
            value = value[0]
        if isinstance(value, tuple):
            raise Unusable(f"{what} is a sequence of {len(value)} values ({short(answer)}); "
                           "the answer is ONE number.")
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if not (math.isfinite(value) and float(value).is_integer()):
            raise Unusable(f"{what} is {value!r}, which is not a whole number: counts and positions are "
                           "whole numbers (did you use / where // belongs, or round too early?).")
        if not floats:
            raise Unusable(f"{what} is {value!r}, a float, where Python and Keras want an int (an index "
                           f"of {value!r} raises IndexError; Keras refuses a size of {value!r}). Use // "
                           "instead of /, or int() around np.floor / np.ceil.")
        return int(value)
    raise Unusable(f"{what} is {short(answer)} (type {type(answer).__name__}); the answer is a whole number.")


def as_shape(answer: Any, what: str = "your shape") -> tuple:
    """``answer`` as a shape: a tuple/list (or TensorShape) of whole numbers and ``None``. Floats such as
    ``8.0`` (``/`` instead of ``//``) and the data itself ("pass its .shape") are refused.

    >>> as_shape([None, 8, 8, 1])
    (None, 8, 8, 1)
    """
    data = _data_not_answer(answer, what, "a shape")
    if data is not None:
        raise data
    if hasattr(answer, "count_params") and hasattr(answer, "layers"):
        raise Unusable(f"{what} is a model; pass model.output_shape (or a layer's output .shape).")
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__"):
        raise Unusable(f"{what} should be a tuple such as (None, 8, 8, 1); you gave {short(answer)}.")
    if isinstance(answer, (set, frozenset, dict)):  # iterating one would invent an order
        raise Unusable(f"{what} is a {type(answer).__name__}, which has no order; a shape lists its sizes "
                       "in axis order: write it as a tuple, e.g. (None, 8, 8, 1).")
    value = answer.as_list() if hasattr(answer, "as_list") else answer
    if hasattr(value, "tolist") and not isinstance(value, (list, tuple)):
        value = value.tolist()
    if len(value) > 8:
        raise Unusable(f"{what} has {len(value)} entries ({short(answer)}): a shape has a few axes; "
                       "did you pass data instead of its .shape?")
    for axis, size in enumerate(value):
        if size is not None and (isinstance(size, bool) or not isinstance(size, numbers.Integral)):
            kind = type(size).__name__
            raise Unusable(f"axis {axis} of {what} is {short(size)} ({kind}); every size in a shape is a "
                           "whole number or None" + (" (use // for integer division)."
                                                     if kind.startswith("float") else "."))
    return tuple(None if size is None else int(size) for size in value)


#: How to build a model that is not built yet (``as_model``'s default advice).
BUILD_ADVICE = ("put keras.Input(shape=...) first (the first entry of keras.Sequential([...])), or call the "
                "model on a batch once.")


def as_model(answer: Any, what: str = "your model", build_advice: str = BUILD_ADVICE) -> Any:
    """Check that ``answer`` is a built Keras model (Sequential, functional, nested or subclassed).
    ``build_advice`` is what the message for an unbuilt model tells the learner to do."""
    if isinstance(answer, type):  # keras.Model, keras.Sequential or a subclass, not an instance of it
        if (getattr(answer, "__module__", "") or "").split(".")[0] == "keras":
            raise Unusable(f"you passed the class keras.{answer.__name__} itself, not a model: build a "
                           "model (model = keras.Model(inputs, outputs) or keras.Sequential([...])) and "
                           "pass it.")
        raise Unusable(f"you passed the class {answer.__name__} itself, not a model: create an instance "
                       f"(model = {answer.__name__}(...), with the arguments your class needs), call it "
                       f"on a batch once, and pass it.")
    if hasattr(answer, "history") and hasattr(answer, "model") and not hasattr(answer, "layers"):
        raise Unusable(f"{what} is a History (what model.fit returns), not the model: pass the model itself.")
    if not hasattr(answer, "count_params") or not hasattr(answer, "layers"):
        raise Unusable(f"{what} should be a Keras model, got {type(answer).__name__}.")
    if not getattr(answer, "built", True):
        raise Unusable(f"{what} is not built yet, so Keras does not know its input shape: {build_advice}")
    return answer


def _children(layer: Any) -> list:
    """The layers directly inside ``layer``, in the order the model uses them where Keras knows it."""
    ordered = getattr(layer, "layers", None)
    if isinstance(ordered, (list, tuple)):  # Sequential and functional models: their own order
        return list(ordered)
    flatten = getattr(layer, "_flatten_layers", None)  # wrappers, subclassed layers: tracking order
    return list(flatten(include_self=False, recursive=False)) if flatten else []


@validated
def all_layers(model: Any, leaves_only: Flag = False) -> list:
    """Every layer inside ``model`` (or a list of layers), depth first in the model's order, nested models
    and wrappers followed by their own layers; ``leaves_only`` keeps layers that hold no other layer."""
    found: list = []
    seen: set[int] = set()

    def walk(layers: list) -> None:
        for layer in layers:
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            inner = _children(layer)
            if not (leaves_only and inner):
                found.append(layer)
            walk(inner)

    walk(list(model) if isinstance(model, (list, tuple)) else _children(model))
    return found


def layer_classes(model: Any) -> list[str]:
    """Class names of every layer inside ``model``, nested models and subclassed models included."""
    return [type(layer).__name__ for layer in all_layers(model)]


def shape_mistake(got: tuple, expected: tuple) -> str | None:
    """The common slips with a Keras shape (batch axis first, channels last), or None.

    >>> shape_mistake((8, 8, 16), (None, 8, 8, 16))
    'right sizes, but the batch axis is missing: Keras writes it first, as None.'
    """
    got, expected = as_shape(got, "got"), as_shape(expected, "expected")
    if got == expected[1:]:
        return "right sizes, but the batch axis is missing: Keras writes it first, as None."
    if len(got) == len(expected) and expected[0] is None and got[0] is not None and got[1:] == expected[1:]:
        return f"the first axis is the batch axis and Keras shows it as None (any batch size), not {got[0]}."
    if len(got) != len(expected):
        return f"the answer has {len(expected)} axes; you gave {len(got)} ({got!r})."
    if len(got) >= 3 and got == (expected[0], expected[-1], *expected[1:-1]):
        return "that is channels-first order; Keras puts the channels LAST: (batch, ..., channels)."
    return None


def judge_against(
    expected: Any,
    *,
    read: Callable[[Any], Any] = as_whole_number,
    known: dict | Callable[[Any], str | None] | None = None,
    before: Callable[[Any], str | None] | None = None,
    otherwise: str | Callable[[Any], str] = "that is not the answer; recompute it step by step.",
) -> Callable[[Any], str | None]:
    """A judge for :func:`run_check` that compares an answer's meaning with ``expected``.

    ``before(answer)`` may explain a slip before ``read`` turns the answer into a value; ``known`` maps
    known wrong values to the reason for THAT mistake (a dict, or a function returning a message or
    None); shapes then get :func:`shape_mistake`'s diagnosis; ``otherwise`` is the last word.

    >>> judge = judge_against(12, known={13: "one too high: count from 0."})
    >>> judge(12) is None, judge(13)
    (True, 'one too high: count from 0.')
    """
    def judge(answer: Any) -> str | None:
        early = before(answer) if before is not None else None
        if early:
            return early
        value = read(answer)
        if value == expected:
            return None
        specific = known.get(value) if isinstance(known, dict) else known(value) if known else None
        if not specific and read is as_shape:
            specific = shape_mistake(value, expected)
        if specific:
            return specific
        return otherwise(value) if callable(otherwise) else f"you gave {short(value)}; {otherwise}"

    return judge


def check_value(exercise: str, answer: Any, expected: Any, *, hint: str = "", rel_tol: float = 0.0,
                explain: Callable[[Any], str | None] | None = None, floats: bool = True) -> CheckResult:
    """Check a number (or a value compared with ``==``) against ``expected``; a whole number is read with
    :func:`as_whole_number`. ``explain(answer)`` may explain a known wrong answer ("you forgot the bias").

    >>> check_value("n", 5408, expected=13 * 13 * 32).correct
    True
    """
    whole = isinstance(expected, numbers.Integral) and not isinstance(expected, bool)

    def judge(ans):
        value = as_whole_number(ans, floats=floats) if whole else ans
        a, e = _normalise(value), _normalise(expected)
        if isinstance(a, bool) or isinstance(e, bool):
            equal = a is e
        elif isinstance(a, (int, float)) and isinstance(e, (int, float)):
            equal = math.isclose(a, e, rel_tol=rel_tol, abs_tol=0 if rel_tol == 0 else 1e-12)
        else:
            equal = a == e
        if equal:
            return None
        specific = explain(value) if explain is not None else None
        if specific:
            return specific
        if isinstance(a, (int, float)):
            return f"you gave {value!r}; the right number is different. Recompute it step by step."
        return f"you gave {ans!r} (type {type(ans).__name__}); that is not the answer."

    return run_check(exercise, answer, judge, hint=hint)


# --- Probes several checks share: run a learner's model once and read what happened ---

def as_numpy(value: Any) -> Any:
    """A backend tensor (TensorFlow, JAX, torch, even one that requires grad) as a NumPy array, via
    ``keras.ops.convert_to_numpy``; anything else unchanged. Never imports Keras for plain values."""
    if (hasattr(value, "shape") and hasattr(value, "dtype")
            and type(value).__module__.split(".")[0] in ("tensorflow", "jax", "jaxlib", "torch", "keras")):
        import keras

        return keras.ops.convert_to_numpy(value)
    return value


def _first_output(outputs: Any) -> Any:
    while isinstance(outputs, (list, tuple, dict)):
        outputs = next(iter(outputs.values() if isinstance(outputs, dict) else outputs))
    return outputs


class _Stop(Exception):
    """Ends a probe's call early (Keras may re-wrap it, so the finding travels beside it)."""


def _probe(model: Any, input_shape: Sequence[int], check: Callable, raise_errors: bool) -> Any:
    """The first finding of ``check(layer, call, args, kwargs, stop)``, run in place of every leaf layer's
    call (set on the instances for this one call of ``model`` on zeros) until it calls ``stop(finding)``;
    None without one. An error with no finding is raised when ``raise_errors``, else ignored."""
    found: list = []

    def stop(finding: Any) -> None:
        found.append(finding)
        raise _Stop

    wrapped = []
    try:
        for layer in all_layers(model, leaves_only=True):
            call = layer.call
            object.__setattr__(layer, "call", functools.wraps(call)(
                lambda *args, _layer=layer, _call=call, **kwargs: check(_layer, _call, args, kwargs, stop)))
            wrapped.append(layer)
        model(np.zeros((1, *input_shape), dtype="float32"))
    except Exception:
        if raise_errors and not found:
            raise
    finally:
        for layer in wrapped:
            object.__delattr__(layer, "call")
    return found[0] if found else None


class Vanished(NamedTuple):
    """Where a feature map shrank to nothing: the layer's name, its input shape, its output shape
    (None when Keras refuses to compute one: "zero or negative" size)."""

    layer: str
    input_shape: tuple
    output_shape: tuple | None


def vanished_map(model: Any, input_shape: Sequence[int]) -> Vanished | None:
    """The first layer whose output has a zero-length spatial axis when ``model`` runs on one input of
    ``input_shape`` (no batch axis), or None. Each layer's ``compute_output_shape`` is asked before it
    runs: backends disagree on such inputs (JAX and torch raise, TensorFlow may compute a wrong shape)."""
    def check(layer: Any, call: Callable, args: tuple, kwargs: dict, stop: Callable) -> Any:
        shape = tuple(_first_output(args[0]).shape)
        try:
            out = tuple(layer.compute_output_shape(shape))
        except ValueError as exc:
            if "zero or negative" in str(exc):
                stop(Vanished(layer.name, shape, None))
            out = None
        except Exception:  # noqa: BLE001 - a layer without shape arithmetic: judge its real output
            out = None
        if out is not None and 0 in out[1:-1]:
            stop(Vanished(layer.name, shape, out))
        result = call(*args, **kwargs)
        real = tuple(_first_output(result).shape)
        if 0 in real[1:-1]:
            stop(Vanished(layer.name, shape, real))
        return result

    return _probe(model, input_shape, check, raise_errors=True)


def fatal_call(model: Any, input_shape: Sequence[int]) -> str | None:
    """Why ``model`` on one input of ``input_shape`` (no batch axis) would crash the process, or None;
    it runs on zeros and stops before such a layer. Keras 3.15 on TensorFlow: AdaptiveMaxPooling with a
    width of 1, in or out, dies of SIGFPE (measured on 1-8 pixel maps; other backends run them)."""
    def check(layer: Any, call: Callable, args: tuple, kwargs: dict, stop: Callable) -> Any:
        import keras

        shape = tuple(_first_output(args[0]).shape)
        if keras.backend.backend() == "tensorflow" and type(layer).__name__.startswith("AdaptiveMaxPooling"):
            out_width = int(np.ravel(getattr(layer, "output_size", (0,)))[-1])
            if out_width == 1 or (len(shape) >= 3 and shape[-2] == 1):
                stop(f"{type(layer).__name__}({layer.output_size}) on a map of shape {shape[1:]}: with a "
                     "width of 1 (coming in or going out) it crashes the Python process on TensorFlow "
                     "(Keras 3.15), so it was not run")
        return call(*args, **kwargs)

    return _probe(model, input_shape, check, raise_errors=False)


_MASK_WARNING = "was passed an input with a mask attached to it"


def masked_call(model: Any, x: Any) -> tuple[Any, list[str]]:
    """``model(x)`` and the class names of the layers that dropped a mask in that call (Keras warns when
    a layer that does not support masking receives one, e.g. after ``Embedding(mask_zero=True)``)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = model(x)
    texts = [str(warning.message) for warning in caught]
    return out, [text.split("(of type ", 1)[1].split(")", 1)[0] for text in texts
                 if _MASK_WARNING in text and "(of type " in text]


_GRAPH_MODELS = ("Sequential", "Functional")  # models whose .layers are in the order of use
_PASS_THROUGH = ("Dropout", "Flatten", "Reshape", "InputLayer", "GaussianNoise", "SpatialDropout1D",
                 "SpatialDropout2D")


def final_activation(model: Any) -> str | None:
    """The activation the model's output passes through last (``"softmax"``, ``"linear"`` ...), from its
    last layer that changes values (nested models too); None when unknown, as for a subclassed model."""
    layer = model
    while True:
        if hasattr(layer, "call") and hasattr(layer, "fit") and type(layer).__name__ not in _GRAPH_MODELS:
            return None  # a subclassed model: which layer comes last is known only to its call
        inner = [child for child in _children(layer) if type(child).__name__ not in _PASS_THROUGH]
        if not inner:
            break
        layer = inner[-1]
    if layer is model:
        return None
    if type(layer).__name__ in ("Softmax", "ReLU", "ELU", "LeakyReLU"):
        return type(layer).__name__.lower()
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", None) or (activation if isinstance(activation, str) else None)
