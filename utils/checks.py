"""Exercise checks: judge an answer by its properties and explain the verdict.

Every check returns a :class:`CheckResult`, which a notebook shows as a coloured
box. A check never raises for a learner:

* a placeholder answer (``...``) gives "not attempted yet" and the hint;
* a wrong answer gives an explanation of what is wrong;
* an answer that crashes while being checked is reported, not re-raised.

With the environment variable ``COURSE_STRICT_CHECKS=1`` (the tests set it when
they run ``solutions/``) anything but a correct answer raises
:class:`ExerciseError`, so a broken worked solution fails CI.

>>> check_value("demo", 6, expected=2 * 3).status
'correct'
"""

from __future__ import annotations

import html
import math
import numbers
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CheckResult",
    "ExerciseError",
    "NotAttempted",
    "strict_mode",
    "is_placeholder",
    "run_check",
    "check_value",
    "check_shape",
    "check_model",
    "check_function",
]

STRICT_ENV = "COURSE_STRICT_CHECKS"
CORRECT, WRONG, NOT_ATTEMPTED = "correct", "wrong", "not attempted"


class ExerciseError(AssertionError):
    """Raised in strict mode (``COURSE_STRICT_CHECKS=1``) for any answer that is not correct."""


class NotAttempted(Exception):
    """A judge raises this when the answer is still a placeholder (e.g. a stub returning ``...``)."""


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
        icon = {CORRECT: "✅", WRONG: "❌", NOT_ATTEMPTED: "✏️"}[self.status]
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
        return (
            f'<div class="course-check course-check-{self.status.replace(" ", "-")}" '
            f'style="border-left:4px solid {colour};padding:4px 8px;'
            f'font-family:monospace;white-space:pre-wrap">{body}</div>'
        )


def _finish(result: CheckResult) -> CheckResult:
    if strict_mode() and not result.correct:
        raise ExerciseError(result.text())
    return result


def run_check(
    exercise: str,
    answer: Any,
    judge: Callable[[Any], Sequence[str] | str | None],
    *,
    hint: str = "",
    success: str = "Well done.",
) -> CheckResult:
    """Run ``judge(answer)`` safely and turn its verdict into a :class:`CheckResult`.

    ``judge`` returns ``None`` (or an empty list) when the answer is right, else
    one problem or a list of problems written for the learner. If ``judge`` raises,
    the exception is explained rather than propagated (except in strict mode).
    """
    if is_placeholder(answer):
        return _finish(CheckResult(
            exercise, NOT_ATTEMPTED,
            "Replace the `...` with your answer and run the cell again.", hint))
    try:
        problems = judge(answer)
    except NotAttempted:
        return _finish(CheckResult(
            exercise, NOT_ATTEMPTED,
            "Replace the `...` with your answer and run the cell again.", hint))
    except Exception as exc:  # a learner's answer may break anything: explain, don't crash
        problems = [f"checking your answer raised {type(exc).__name__}: {exc}"]
    if isinstance(problems, str):
        problems = [problems]
    problems = [p for p in (problems or []) if p]
    if not problems:
        return _finish(CheckResult(exercise, CORRECT, success))
    if len(problems) == 1:
        return _finish(CheckResult(exercise, WRONG, problems[0], hint))
    return _finish(CheckResult(exercise, WRONG, "Not yet:", hint, problems))


# ---------------------------------------------------------------------------
# Comparison helpers
# ---------------------------------------------------------------------------

def _normalise(value: Any) -> Any:
    """Turn numpy scalars, lists and TensorShapes into plain Python for comparison."""
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


def _values_equal(answer: Any, expected: Any, rel_tol: float) -> bool:
    a, e = _normalise(answer), _normalise(expected)
    if isinstance(a, bool) or isinstance(e, bool):
        return a is e
    if isinstance(a, (int, float)) and isinstance(e, (int, float)):
        return math.isclose(a, e, rel_tol=rel_tol, abs_tol=0 if rel_tol == 0 else 1e-12)
    return a == e


def check_value(
    exercise: str,
    answer: Any,
    expected: Any,
    *,
    hint: str = "",
    rel_tol: float = 0.0,
    explain: Callable[[Any], str | None] | None = None,
) -> CheckResult:
    """Check a number, string or tuple against the expected value.

    ``explain(answer)`` may return a targeted explanation of a known wrong answer
    (e.g. "you forgot the bias"); it is tried before the generic message.

    >>> check_value("n", 5408, expected=13 * 13 * 32).correct
    True
    """
    def judge(ans):
        if _values_equal(ans, expected, rel_tol):
            return None
        if explain is not None:
            specific = explain(ans)
            if specific:
                return specific
        if isinstance(_normalise(ans), (int, float)) and isinstance(_normalise(expected), (int, float)):
            return f"you gave {ans!r}; that is not the right number yet."
        return f"you gave {ans!r} (type {type(ans).__name__}); that is not it yet."

    return run_check(exercise, answer, judge, hint=hint)


def check_shape(
    exercise: str, answer: Any, expected: Sequence[int | None], *, hint: str = ""
) -> CheckResult:
    """Check a shape tuple axis by axis and say which axes are wrong.

    >>> check_shape("s", (None, 128), expected=(None, 128)).correct
    True
    """
    expected = _normalise(tuple(expected))

    def judge(ans):
        if isinstance(ans, (str, bytes)) or not hasattr(ans, "__len__"):
            return f"a shape is a tuple such as {expected!r}; you gave {ans!r}."
        got = _normalise(tuple(ans))
        if len(got) != len(expected):
            axes = "axis" if len(got) == 1 else "axes"
            return (f"your shape {got!r} has {len(got)} {axes}; the answer has "
                    f"{len(expected)} (remember the batch axis comes first).")
        wrong = [f"axis {i}: you gave {g!r}, expected {e!r}"
                 for i, (g, e) in enumerate(zip(got, expected)) if g != e]
        if wrong and got[0] != expected[0] and expected[0] is None:
            wrong.append("the batch axis is unknown when the model is built: write None")
        return wrong

    return run_check(exercise, answer, judge, hint=hint)


def check_function(
    exercise: str,
    fn: Any,
    cases: Iterable[tuple[tuple, Any]],
    *,
    hint: str = "",
    rel_tol: float = 0.0,
) -> CheckResult:
    """Call the learner's function on ``(args, expected)`` cases and report failures.

    >>> check_function("double", lambda x: 2 * x, [((1,), 2), ((3,), 6)]).correct
    True
    """
    cases = list(cases)

    def judge(f):
        if not callable(f):
            return f"expected a function, got {f!r}."
        problems = []
        for args, want in cases:
            call = f"{getattr(f, '__name__', 'f')}{args!r}".replace(",)", ")")
            try:
                got = f(*args)
            except Exception as exc:
                problems.append(f"{call} raised {type(exc).__name__}: {exc}")
                continue
            if got is Ellipsis:
                raise NotAttempted
            if not _values_equal(got, want, rel_tol):
                problems.append(f"{call} returned {got!r}, expected {want!r}")
        return problems[:3] + ([f"... and {len(problems) - 3} more"] if len(problems) > 3 else [])

    return run_check(exercise, fn, judge, hint=hint)


def _layer_names(model: Any) -> list[str]:
    return [type(layer).__name__ for layer in getattr(model, "layers", [])]


def check_model(
    exercise: str,
    model: Any,
    *,
    output_shape: Sequence[int | None] | None = None,
    max_params: int | None = None,
    must_contain: Iterable[str] = (),
    must_not_contain: Iterable[str] = (),
    hint: str = "",
) -> CheckResult:
    """Check a built Keras model by its properties, so every correct design passes.

    Args:
        output_shape: expected ``model.output_shape`` (batch axis first, ``None`` ok).
        max_params: upper bound on ``model.count_params()``.
        must_contain / must_not_contain: layer class names such as ``"Flatten"``.
    """
    must_contain, must_not_contain = list(must_contain), list(must_not_contain)

    def judge(m):
        if not hasattr(m, "count_params") or not hasattr(m, "layers"):
            return f"expected a Keras model, got {type(m).__name__}."
        if not getattr(m, "built", True):
            return ("the model is not built yet: start it with keras.Input(shape=...) "
                    "so Keras knows the input shape.")
        problems = []
        names = _layer_names(m)
        for cls in must_contain:
            if cls not in names:
                problems.append(f"the model should contain a {cls} layer (it has {names}).")
        for cls in must_not_contain:
            if cls in names:
                problems.append(f"the model must not contain a {cls} layer.")
        if output_shape is not None:
            got = _normalise(tuple(m.output_shape))
            want = _normalise(tuple(output_shape))
            if got != want:
                problems.append(f"output shape is {got}, expected {want}.")
        if max_params is not None:
            n = int(m.count_params())
            if n > max_params:
                problems.append(
                    f"the model has {n:,} parameters, over the budget of {max_params:,}.")
        return problems

    return run_check(exercise, model, judge, hint=hint)


# ---------------------------------------------------------------------------
# Lesson-specific checks. Each computes its expected answer itself (from Keras
# or utils.shapes), so the notebook never shows the answer next to the check.
# Keep each lesson's checks in its own section below.
# ---------------------------------------------------------------------------

# --- lesson 00 ---------------------------------------------------------------

def check_lesson00_batch_size(answer: Any) -> CheckResult:
    """Lesson 00 warm-up: how many images are in the digits training split."""
    from utils.data import load_digits

    expected = len(load_digits().x_train)
    return check_value(
        "Exercise 0.1", answer, expected,
        hint="`x_train.shape[0]` is the number of images: the first axis counts samples.",
        explain=lambda a: ("that is the number of pixels per image, not the number of images."
                           if _normalise(a) == 64 else None),
    )

# --- lesson 01 ---------------------------------------------------------------

def _lesson01_digits():
    from utils.data import load_digits

    return load_digits()


def check_lesson01_batch_shape(answer: Any) -> CheckResult:
    """Exercise 1.1: the shape of a batch of the first 32 training digits.

    >>> check_lesson01_batch_shape((32, 8, 8, 1)).correct
    True
    """
    expected = _normalise(_lesson01_digits().x_train[:32].shape)
    n, h, w, c = expected
    known = {
        (h, w, c): "that is the shape of ONE digit: a batch puts the number of images first.",
        (None, h, w, c): ("None is how Keras writes 'any batch size' before it sees data; this "
                          f"batch is real data and holds {n} images."),
        (n, h, w): f"the channel axis is missing: the course's digits keep a last axis of size {c}.",
        (n, c, h, w): "that is channels-first order; Keras (and this data) put channels last.",
        (n, h * w * c): "that is a flattened batch (lesson 02); the batch keeps its image axes.",
    }

    def judge(ans):
        if hasattr(ans, "ndim") and getattr(ans, "ndim", 0) > 1:
            return "you passed the array itself; pass its shape (the `.shape` attribute)."
        if isinstance(ans, (str, bytes)) or not hasattr(ans, "__len__"):
            return f"a shape is a tuple such as (10, 8, 8, 1); you gave {ans!r}."
        got = _normalise(tuple(ans))
        if got == expected:
            return None
        if got in known:
            return known[got]
        if len(got) == 4 and got[1:] == expected[1:]:
            return f"the image axes are right, but the batch holds {n} images, not {got[0]}."
        return f"you gave {got!r}; a batch is (number of images, height, width, channels)."

    return run_check("Exercise 1.1", answer, judge,
                     hint="Slice the first 32 images with `x_train[:32]` and read its `.shape`.")


def check_lesson01_rgb_input(answer: Any) -> CheckResult:
    """Exercise 1.2: a ``keras.Input`` for RGB images of 32x32 pixels, any batch size.

    >>> import keras
    >>> check_lesson01_rgb_input(keras.Input(shape=(32, 32, 3))).correct
    True
    """
    expected = (None, 32, 32, 3)

    def judge(ans):
        if isinstance(ans, (tuple, list)):
            return ("that is a shape; pass the tensor that keras.Input(shape=...) returns, "
                    "e.g. rgb_inputs = keras.Input(shape=...).")
        shape = getattr(ans, "shape", None)
        if shape is None or not hasattr(ans, "dtype"):
            return f"expected the result of keras.Input(...), got {type(ans).__name__}."
        got = _normalise(tuple(shape))
        if got == expected:
            return None
        if len(got) == 5 and got[2:] == expected[1:]:
            return ("you put a batch axis inside shape=: keras.Input takes the shape of ONE "
                    "image, and Keras adds the batch axis (None) itself.")
        if len(got) == 4 and got[1:] == expected[1:]:
            return (f"the batch axis is fixed to {got[0]}: leave batch_size out so the model "
                    "accepts batches of any size.")
        if got == (None, 3, 32, 32):
            return "that is channels-first order; Keras puts channels last: (height, width, channels)."
        if got == (None, 32, 32, 1):
            return "that is one channel (grey); RGB images have 3 channels: red, green, blue."
        if got == (None, 32, 32):
            return "the channel axis is missing: an RGB image has 3 numbers per pixel."
        return f"your input has shape {got}; an RGB image of 32x32 pixels is (32, 32, 3)."

    return run_check("Exercise 1.2", answer, judge,
                     hint="keras.Input(shape=(height, width, channels)): no batch axis in `shape`.")


def check_lesson01_element_count(answer: Any) -> CheckResult:
    """Exercise 1.3: how many numbers (elements) ``x_train`` holds."""
    x_train = _lesson01_digits().x_train
    n, h, w, c = x_train.shape
    per_image = h * w * c

    def explain(ans):
        ans = _normalise(ans)
        if ans == n:
            return "that is the number of images; each image holds more numbers than one."
        if ans == per_image:
            return "that is the number of pixels in ONE image; multiply by the number of images."
        if ans == x_train.nbytes:
            return (f"that is the number of bytes: each float32 element takes {x_train.itemsize} "
                    "bytes. Count elements, not bytes.")
        return None

    return check_value("Exercise 1.3", answer, int(x_train.size), explain=explain,
                       hint="Multiply all entries of the shape, or use the array's `.size`.")


def check_lesson01_reshape_value(answer: Any) -> CheckResult:
    """Exercise 1.4: the value of ``np.arange(24).reshape(2, 3, 4).reshape(4, 6)[2, 1]``."""
    import numpy as np

    expected = int(np.arange(24).reshape(2, 3, 4).reshape(4, 6)[2, 1])
    column_major = int(np.arange(24).reshape((4, 6), order="F")[2, 1])

    def explain(ans):
        if _normalise(ans) == column_major:
            return ("that is column-major (Fortran) order, where the FIRST axis changes fastest. "
                    "NumPy and Keras use row-major order: the last axis changes fastest.")
        return None

    return check_value("Exercise 1.4", answer, expected, explain=explain,
                       hint="Reshape keeps the order 0, 1, 2, ... and fills rows of 6 one after the other.")


# --- lesson 02 ---------------------------------------------------------------

def check_lesson02_flat_length(answer: Any) -> CheckResult:
    """Exercise 2.1: the length of Flatten's output for a ``(None, 7, 7, 64)`` feature map.

    >>> check_lesson02_flat_length(7 * 7 * 64).correct
    True
    """
    from utils.shapes import flatten_output_shape

    h, w, c = 7, 7, 64
    expected = flatten_output_shape((None, h, w, c))[1]

    def explain(ans):
        if isinstance(ans, (tuple, list)):
            return "that is a shape; give the flat length, a single number (the last entry)."
        return {
            h * w: "that is height*width: every pixel has 64 channel values, multiply them in too.",
            w * c: "you multiplied only one spatial axis: use height AND width.",
            h + w + c: "Flatten multiplies the sizes, it does not add them.",
        }.get(_normalise(ans))

    return check_value("Exercise 2.1", answer, expected, explain=explain,
                       hint="Flatten keeps the batch axis and multiplies all the others.")


def check_lesson02_flat_position(answer: Any) -> CheckResult:
    """Exercise 2.2: the flat position of element ``[row=2, col=1, channel=3]`` of a (5, 4, 8) map.

    >>> check_lesson02_flat_position(75).correct
    True
    """
    from utils.shapes import flat_index

    (r, c, ch), (h, w, cs) = (2, 1, 3), (5, 4, 8)
    expected = flat_index(r, c, ch, h, w, cs)

    def explain(ans):
        return {
            (ch * h + r) * w + c: ("that is channels-first order (a plain reshape of a (C, H, W) "
                                   "array); Keras Flatten puts channels last, so channel changes fastest."),
            (c * h + r) * cs + ch: "you walked down columns first; row-major order walks along rows first.",
            expected + 1: "positions count from 0, as Python indices do.",
        }.get(_normalise(ans))

    return check_value("Exercise 2.2", answer, expected, explain=explain,
                       hint="Either use the formula (row*width + col)*channels + channel, or flatten "
                            "np.arange(5*4*8).reshape(1, 5, 4, 8) and look up x[0, 2, 1, 3].")


def _lesson02_position_cases() -> list:
    from utils.shapes import flat_index

    cases = []
    for h, w, cs in [(2, 3, 4), (5, 4, 8), (1, 6, 1), (4, 1, 3), (3, 3, 2)]:
        for r in range(h):
            for c in range(w):
                for ch in range(cs):
                    cases.append(((r, c, ch, h, w, cs), flat_index(r, c, ch, h, w, cs)))
    return cases


def check_lesson02_position_function(answer: Any) -> CheckResult:
    """Exercise 2.3: a function ``position(row, col, ch, h, w, c)`` giving Flatten's flat index.

    >>> check_lesson02_position_function(lambda r, co, ch, h, w, c: (r * w + co) * c + ch).correct
    True
    """
    cases = _lesson02_position_cases()

    def judge(fn):
        if not callable(fn):
            return f"expected a function, got {fn!r}."
        failures = []
        channels_first = True
        for args, want in cases:
            try:
                got = fn(*args)
            except Exception as exc:
                return f"position{args} raised {type(exc).__name__}: {exc}"
            if got is Ellipsis:
                raise NotAttempted
            r, c, ch, h, w, _ = args
            channels_first = channels_first and _normalise(got) == (ch * h + r) * w + c
            if not _values_equal(got, want, 0.0):
                failures.append(f"position{args} returned {got!r}, expected {want!r}")
        if not failures:
            return None
        if channels_first:
            return ("your function gives channels-first positions (channel slowest); Keras "
                    "Flatten puts channels last, so the channel changes fastest.")
        more = [f"... and {len(failures) - 3} more of {len(cases)} cases"] if len(failures) > 3 else []
        return failures[:3] + more

    return run_check("Exercise 2.3", answer, judge,
                     hint="Count whole pixels first (row*w + col), then each pixel holds c numbers.")


def check_lesson02_element_at(answer: Any) -> CheckResult:
    """Exercise 2.4: which ``(row, col, channel)`` sits at flat position 50 of a (4, 4, 8) map.

    >>> check_lesson02_element_at((1, 2, 2)).correct
    True
    """
    from utils.shapes import unflat_index

    index, (h, w, cs) = 50, (4, 4, 8)
    expected = unflat_index(index, h, w, cs)
    ch_first, rest = divmod(index, h * w)
    channels_first = (rest // w, rest % w, ch_first)

    def judge(ans):
        if isinstance(ans, (str, bytes)) or not hasattr(ans, "__len__") or len(ans) != 3:
            return f"give three numbers (row, col, channel); you gave {ans!r}."
        got = _normalise(tuple(ans))
        if got == expected:
            return None
        if got == channels_first:
            return ("that is where position 50 is in channels-first order; Keras Flatten "
                    "puts channels last, so divide by the number of channels first.")
        if got == tuple(reversed(expected)):
            return "the numbers are right but reversed: answer in the order (row, col, channel)."
        return f"position 50 does not hold element {got}."

    return run_check("Exercise 2.4", answer, judge,
                     hint="channel = 50 % 8, pixel = 50 // 8; then row = pixel // 4, col = pixel % 4. "
                          "Or use utils.shapes.unflat_index.")


# --- lesson 03 ---------------------------------------------------------------

def check_lesson03_conv_shape(answer: Any) -> CheckResult:
    """Exercise 3.1: ``model.output_shape`` of ``Conv2D(8, 5, strides=2)`` on 32x32x3 images.

    >>> check_lesson03_conv_shape((None, 14, 14, 8)).correct
    True
    """
    import keras

    from utils.shapes import conv_output_length

    i, k, s, filters, channels = 32, 5, 2, 8, 3
    expected = _normalise(keras.layers.Conv2D(filters, k, strides=s)
                          .compute_output_shape((None, i, i, channels)))
    side = expected[1]
    known = {
        conv_output_length(i, k, s, "same"): "that is padding='same' (ceil(i / s)); Conv2D's "
                                             "default padding is 'valid' (no zeros added).",
        (i - k) // s: "you forgot the `+ 1`: the first window position counts too.",
        conv_output_length(i, k): "you ignored the stride: with strides=2 the window jumps 2 pixels.",
    }

    def judge(ans):
        if isinstance(ans, (str, bytes)) or not hasattr(ans, "__len__"):
            return f"a shape is a tuple such as (None, 10, 10, 4); you gave {ans!r}."
        got = _normalise(tuple(ans))
        if got == expected:
            return None
        if got == expected[1:]:
            return "right sizes, but write the batch axis first: (None, height, width, channels)."
        if len(got) != 4:
            return f"the output has 4 axes (batch, height, width, channels); you gave {len(got)}."
        if any(isinstance(v, float) and not v.is_integer() for v in got[1:3]):
            return ("sizes are whole numbers: the floor in floor((i - k) / s) + 1 drops the "
                    "pixels the last window cannot reach.")
        if got[1:3] == (side, side) and got[3] != filters:
            return f"the spatial size is right, but a Conv2D outputs one channel per filter ({filters})."
        if got[1] in known:
            return known[got[1]]
        return f"you gave {got!r}; use o = floor((i + 2p - k) / s) + 1 on each of height and width."

    return run_check("Exercise 3.1", answer, judge,
                     hint="i=32, k=5, s=2, p=0 ('valid'). Then the channels: one per filter.")


def _lesson03_out_len_cases() -> list:
    """(args, expected) for out_len(i, k, s, p): valid, same and explicit p, all possible."""
    from utils.shapes import conv_output_length

    cases = []
    for i in (1, 5, 6, 7, 8, 28, 32):
        for k in (1, 2, 3, 5):
            for s in (1, 2, 3):
                for p in ("valid", "same", 0, 1, 2):
                    try:
                        cases.append(((i, k, s, p), conv_output_length(i, k, s, p)))
                    except ValueError:
                        continue
    return cases


def check_lesson03_out_len(fn: Any) -> CheckResult:
    """Exercise 3.2: a function ``out_len(i, k, s, p)`` for "valid", "same" and an int p.

    >>> check_lesson03_out_len(lambda i, k, s, p: -(-i // s) if p == "same"
    ...     else (i + 2 * (0 if p == "valid" else p) - k) // s + 1).correct
    True
    """
    cases = _lesson03_out_len_cases()

    def judge(f):
        if not callable(f):
            return f"expected a function out_len(i, k, s, p), got {f!r}."
        failed, kinds, results = [], set(), []
        for args, want in cases:
            try:
                got = f(*args)
            except Exception as exc:
                failed.append(f"out_len{args!r} raised {type(exc).__name__}: {exc}")
                kinds.add("error")
                continue
            if got is Ellipsis:
                raise NotAttempted
            results.append((got, want))
            if not _values_equal(got, want, 0.0):
                failed.append(f"out_len{args!r} returned {got!r}, expected {want!r}")
                kinds.add("same" if args[3] == "same" else "valid" if args[3] in ("valid", 0) else "int")
        if not failed:
            return None
        if any(isinstance(g, float) and not g.is_integer() for g, _ in results):
            advice = "some results are not whole numbers: use floor division `//` (the floor)."
        elif results and all(_values_equal(g, w - 1, 0.0) for g, w in results):
            advice = "every answer is one too small: add 1 for the first window position."
        elif kinds == {"same"}:
            advice = "'valid' and int p work; for 'same' the length is ceil(i / s), i.e. -(-i // s)."
        elif kinds == {"int"}:
            advice = "'valid' works; an int p adds p zeros on EACH side, so use i + 2 * p."
        else:
            advice = f"{len(failed)} of {len(cases)} cases are wrong, for example:"
        return [advice] + failed[:3]

    return run_check("Exercise 3.2", fn, judge,
                     hint="p == 'same' -> ceil(i / s); otherwise turn 'valid' into p = 0 and use "
                          "(i + 2 * p - k) // s + 1.")


#: Exercise 3.3's chain: (Keras layer, kind, window, stride), all "valid".
L03_EXERCISE_CHAIN = (("Conv2D(8, 5)", "conv", 5, 1), ("MaxPooling2D(2)", "pool", 2, 2),
                      ("Conv2D(16, 3, strides=2)", "conv", 3, 2), ("MaxPooling2D(2)", "pool", 2, 2))


def _lesson03_chain_failure(size: int) -> str | None:
    """None if a size x size image passes :data:`L03_EXERCISE_CHAIN`, else where it fails."""
    from utils.shapes import conv_output_length, pool_output_length

    n = size
    for layer, (name, kind, window, stride) in enumerate(L03_EXERCISE_CHAIN, start=1):
        if window > n:
            return f"layer {layer}, {name}, gets a {n}x{n} map: too small for a {window}x{window} window"
        n = (conv_output_length(n, window, stride) if kind == "conv"
             else pool_output_length(n, window, stride))
    return None


def check_lesson03_smallest_input(answer: Any) -> CheckResult:
    """Exercise 3.3: the smallest square image that survives :data:`L03_EXERCISE_CHAIN`.

    >>> check_lesson03_smallest_input(14).correct
    True
    """
    expected = next(n for n in range(1, 1000) if _lesson03_chain_failure(n) is None)

    def judge(ans):
        a = _normalise(ans)
        if isinstance(a, float) and a.is_integer():
            a = int(a)
        if isinstance(a, bool) or not isinstance(a, int):
            return f"give one whole number (the image side in pixels); you gave {ans!r}."
        if a < 1:
            return f"an image side is at least 1 pixel; you gave {a}."
        if a == expected:
            return None
        failure = _lesson03_chain_failure(a)
        if failure:
            return f"a {a}x{a} image does not survive: {failure}."
        return f"a {a}x{a} image survives, but so does a smaller one: keep going down."

    return run_check("Exercise 3.3", answer, judge,
                     hint="Work backwards from the last layer: it needs at least 2 inputs, so the "
                          "layer before must output at least 2, ...; or loop over sizes.")

# --- lesson 04 ---------------------------------------------------------------

#: The model of exercises 4.1 and 4.2: 28x28x1 -> Conv2D(16, 3) -> MaxPooling2D(2) -> Flatten -> Dense(64).
L04_SIDE, L04_FILTERS, L04_UNITS = 28, 16, 64


def _lesson04_flat_length() -> int:
    from utils.shapes import conv_output_length, flatten_output_shape, pool_output_length

    side = pool_output_length(conv_output_length(L04_SIDE, 3), 2)
    return flatten_output_shape((None, side, side, L04_FILTERS))[1]


def check_lesson04_flatten_length(answer: Any) -> CheckResult:
    """Exercise 4.1: Flatten's output length in the 28x28 model (Conv2D(16, 3) valid, MaxPooling2D(2)).

    >>> check_lesson04_flatten_length(13 * 13 * 16).correct
    True
    """
    expected = _lesson04_flat_length()
    f, s = L04_FILTERS, L04_SIDE

    def explain(ans):
        if isinstance(ans, (tuple, list)):
            return "that is a shape; give the flat length, a single number."
        return {
            (s - 2) ** 2 * f: "you forgot MaxPooling2D(2): it halves height and width (26 -> 13).",
            (s // 2) ** 2 * f: "that is padding='same'; Conv2D's default is 'valid': 28 -> 26 first.",
            s * s * f: "the 3x3 'valid' conv shrinks 28 to 26 and the pooling halves it to 13.",
            expected // f: "that is height*width only: multiply by the 16 channels too.",
            s * s: "that is the number of input pixels; trace the shape through the conv and the pool.",
        }.get(_normalise(ans))

    return check_value("Exercise 4.1", answer, expected, explain=explain,
                       hint="valid conv: 28 - 3 + 1; MaxPooling2D(2) halves (rounding down); "
                            "Flatten multiplies height*width*channels.")


def check_lesson04_dense_params(answer: Any) -> CheckResult:
    """Exercise 4.2: parameters of the Dense(64) right after Flatten in the exercise 4.1 model.

    >>> check_lesson04_dense_params(2704 * 64 + 64).correct
    True
    """
    from utils.shapes import dense_params

    flat = _lesson04_flat_length()
    expected = dense_params(flat, L04_UNITS)

    def explain(ans):
        return {
            flat * L04_UNITS: "you forgot the biases: one extra parameter per unit (64).",
            flat + L04_UNITS: "a Dense layer has one weight per (input, unit) PAIR: multiply.",
            dense_params((L04_SIDE - 2) ** 2 * L04_FILTERS, L04_UNITS):
                "that uses the length before MaxPooling2D; the Dense sees the pooled, flattened map.",
            dense_params(L04_SIDE * L04_SIDE, L04_UNITS):
                "that connects the raw 28*28 pixels; the Dense sees the flattened feature map.",
            dense_params(flat, 10): "that is the last Dense(10); the question asks for the Dense(64).",
        }.get(_normalise(ans))

    return check_value("Exercise 4.2", answer, expected, explain=explain,
                       hint="inputs * units + units (one bias per unit); the inputs are "
                            "Flatten's length from exercise 4.1.")


def check_lesson04_param_function(fn: Any) -> CheckResult:
    """Exercise 4.3: ``dense_params_for_side(side)`` for the lesson's digits model.

    The model is ``Conv2D(32, 3, padding="same") -> MaxPooling2D(2) -> Flatten ->
    Dense(10)`` on ``side x side x 1`` images.

    >>> check_lesson04_param_function(lambda side: (side // 2) ** 2 * 32 * 10 + 10).correct
    True
    """
    from utils.widgets import flatten_head_sizes

    sides = (8, 16, 28, 64, 224, 9, 15)
    expected = {s: flatten_head_sizes(s)["dense_params"] for s in sides}

    def judge(f):
        if not callable(f):
            return f"expected a function dense_params_for_side(side), got {f!r}."
        got = {}
        for s in sides:
            try:
                value = f(s)
            except Exception as exc:
                return f"dense_params_for_side({s}) raised {type(exc).__name__}: {exc}"
            if value is Ellipsis:
                raise NotAttempted
            got[s] = _normalise(value)
        wrong = [s for s in sides if got[s] != expected[s]]
        if not wrong:
            return None
        if all(got[s] == expected[s] - 10 for s in sides):
            return "every answer is 10 short: add the Dense layer's 10 biases."
        if all(s % 2 for s in wrong):
            return (f"right for even sides, wrong for odd ones ({wrong}): MaxPooling2D(2) rounds "
                    "down, e.g. 9 -> 4. Use integer division side // 2.")
        if all(isinstance(got[s], float) for s in wrong):
            return "parameter counts are whole numbers: use // (integer division), not /."
        return [f"dense_params_for_side({s}) returned {got[s]!r}, expected {expected[s]:,}"
                for s in wrong[:3]]

    return run_check("Exercise 4.3", fn, judge,
                     hint="'same' keeps side; MaxPooling2D(2) gives side // 2; Flatten gives "
                          "(side // 2)**2 * 32 values; a Dense(10) has values*10 + 10 parameters.")


# --- lesson 05 ---------------------------------------------------------------

def check_lesson05_keepdims_shape(answer: Any) -> CheckResult:
    """Exercise 5.1: output shape of ``GlobalMaxPooling2D(keepdims=True)`` on ``(None, 7, 7, 512)``.

    >>> check_lesson05_keepdims_shape((None, 1, 1, 512)).correct
    True
    """
    import keras

    shape = (None, 7, 7, 512)
    expected = _normalise(keras.layers.GlobalMaxPooling2D(keepdims=True).compute_output_shape(shape))

    def judge(ans):
        if isinstance(ans, (str, bytes)) or not hasattr(ans, "__len__"):
            return f"a shape is a tuple such as (None, 3, 3, 8); you gave {ans!r}."
        got = _normalise(tuple(ans))
        if got == expected:
            return None
        return {
            (None, 512): "that is the shape WITHOUT keepdims; keepdims=True keeps height and width as 1s.",
            (1, 1, 512): "right sizes, but the batch axis comes first: (None, ...).",
            shape: "global pooling collapses each whole 7x7 map into one number per channel.",
            (None, 512, 1, 1): "Keras is channels-last by default: channels stay the LAST axis.",
        }.get(got, f"you gave {got!r}: keep the batch axis, make height and width 1, keep the channels.")

    return run_check("Exercise 5.1", answer, judge,
                     hint="Without keepdims the output is (None, 512). keepdims=True keeps the "
                          "pooled axes with size 1.")


def check_lesson05_gap_function(fn: Any) -> CheckResult:
    """Exercise 5.2: a NumPy ``global_average_pool(x)`` turning ``(N, H, W, C)`` into ``(N, C)``.

    >>> import numpy as np
    >>> check_lesson05_gap_function(lambda x: np.asarray(x).mean(axis=(1, 2))).correct
    True
    """
    import numpy as np

    rng = np.random.default_rng(5)
    cases = [rng.normal(size=shape).astype("float32")
             for shape in [(2, 4, 4, 3), (1, 7, 5, 8), (3, 1, 1, 2), (2, 6, 6, 1)]]

    def judge(f):
        if not callable(f):
            return f"expected a function global_average_pool(x), got {f!r}."
        for x in cases:
            try:
                got = f(x.copy())
            except Exception as exc:
                return f"global_average_pool on shape {x.shape} raised {type(exc).__name__}: {exc}"
            if got is Ellipsis:
                raise NotAttempted
            got = np.asarray(got)
            want = x.mean(axis=(1, 2))
            if got.shape != want.shape:
                if got.shape == x.shape[:3]:
                    return "you averaged over the channels (last axis); average over height and width."
                if got.shape == (x.shape[0], 1, 1, x.shape[3]):
                    return "that is the keepdims=True shape; return (N, C) as GlobalAveragePooling2D does."
                return f"for an input of shape {x.shape} the output must be {want.shape}, got {got.shape}."
            if np.allclose(got, x.max(axis=(1, 2))) and not np.allclose(got, want):
                return "that is the maximum (GlobalMaxPooling2D); this exercise asks for the mean."
            if not np.allclose(got, want, atol=1e-5):
                return (f"right shape, wrong values for an input of shape {x.shape}: average over "
                        "axes 1 and 2 (height, width) together.")
        return None

    return run_check("Exercise 5.2", fn, judge,
                     hint="NumPy's mean takes a tuple of axes: x.mean(axis=(1, 2)).")


def check_lesson05_any_size_model(model: Any) -> CheckResult:
    """Exercise 5.3: a GAP-head model for digits that accepts ANY image size.

    Judged by properties: output ``(None, 10)``, a GlobalAveragePooling2D layer, unknown
    height and width at the input, and it runs on 8x8 and 20x20 images.
    """
    import numpy as np

    def judge(m):
        if not hasattr(m, "count_params") or not hasattr(m, "layers"):
            return f"expected a Keras model, got {type(m).__name__}."
        problems = []
        names = _layer_names(m)
        if "GlobalAveragePooling2D" not in names:
            problems.append(f"the model should contain a GlobalAveragePooling2D layer (it has {names}).")
        if "Flatten" in names:
            problems.append("a Flatten layer needs a fixed image size; GAP replaces it.")
        if _normalise(tuple(m.output_shape)) != (None, 10):
            problems.append(f"output shape is {_normalise(tuple(m.output_shape))}, expected (None, 10).")
        in_shape = _normalise(tuple(m.input_shape))
        if len(in_shape) != 4 or in_shape[1:3] != (None, None):
            return problems + [f"the input shape is {in_shape}: use keras.Input(shape=(None, None, 1)) "
                               "so height and width can change."]
        if problems:
            return problems
        channels = in_shape[3] or 1
        for side in (8, 20):
            out = np.asarray(m(np.zeros((2, side, side, channels), "float32"), training=False))
            if out.shape != (2, 10):
                problems.append(f"on two {side}x{side} images the output has shape {out.shape}, "
                                "expected (2, 10).")
        return problems

    return run_check("Exercise 5.3", model, judge,
                     hint="keras.Input(shape=(None, None, 1)), a Conv2D or two, "
                          "GlobalAveragePooling2D(), Dense(10, activation='softmax').")


# --- lesson 06 ---------------------------------------------------------------

def _lesson06_mb_mistake(got: Any, height: int, width: int, channels: int, units: int) -> str:
    """Name the usual slip behind a wrong megabyte count, or return ''."""
    from utils.shapes import dense_params

    n_in = height * width * channels
    params = dense_params(n_in, units)
    known = [
        (params, "that is the number of parameters; each float32 takes 4 bytes, "
                 "and 1 MB is 1,000,000 bytes."),
        (params * 4, "that is the number of bytes: divide by 1,000,000 to get MB."),
        (params * 4 / 2**20, "that is MiB (2**20 bytes); this course uses MB = 1,000,000 bytes."),
        (n_in * units * 4 / 1e6, "you forgot the bias: Dense has one bias per unit."),
        (params * 8 / 1e6, "that is float64 (8 bytes); Keras weights are float32, 4 bytes each."),
        (dense_params(channels, units) * 4 / 1e6,
         "that is the size after GlobalAveragePooling2D (channels values), not after Flatten."),
    ]
    for value, why in known:
        if isinstance(got, numbers.Real) and math.isclose(float(got), value, rel_tol=1e-6):
            return why
    return ""


def check_lesson06_flatten_mb(fn: Any) -> CheckResult:
    """Lesson 06: ``fn(height, width, channels, units)`` -> MB of float32 weights of Dense after Flatten."""
    from utils.shapes import dense_params

    cases = [(7, 7, 512, 4096), (224, 224, 64, 4096), (5, 3, 2, 10), (1, 1, 1, 1)]

    def judge(f):
        if not callable(f):
            return f"expected a function of (height, width, channels, units), got {f!r}."
        for args in cases:
            call = f"{getattr(f, '__name__', 'f')}{args}"
            got = f(*args)
            if got is Ellipsis:
                raise NotAttempted
            want = dense_params(args[0] * args[1] * args[2], args[3]) * 4 / 1e6
            if not isinstance(got, numbers.Real) or isinstance(got, bool):
                return f"{call} returned {got!r}; expected a number of megabytes."
            if not math.isclose(float(got), want, rel_tol=1e-6):
                why = _lesson06_mb_mistake(got, *args)
                return f"{call} returned {got!r}, expected {want:,.6g}." + (f" Likely {why}" if why else "")
        return None

    return run_check(
        "Exercise 6.1", fn, judge,
        hint="Flatten gives height*width*channels values; Dense(units) has one weight per "
             "(value, unit) pair plus one bias per unit; 4 bytes each; MB = 1e6 bytes.",
    )


def check_lesson06_channels_last(answer: Any, x_chw: Any) -> CheckResult:
    """Lesson 06: ``answer`` must be ``x_chw`` (N, C, H, W) with the channels moved last."""
    import numpy as np

    source = np.asarray(x_chw)
    expected = np.transpose(source, (0, 2, 3, 1))

    def judge(ans):
        if not hasattr(ans, "shape"):
            return f"expected a NumPy array, got {type(ans).__name__}."
        ans = np.asarray(ans)
        if ans.shape == source.shape and np.array_equal(ans, source):
            return f"this is still channels-first {source.shape}: the channels must move to the end."
        if ans.shape != expected.shape:
            return (f"the shape is {ans.shape}, expected {expected.shape} = "
                    "(images, height, width, channels).")
        if np.array_equal(ans, expected):
            return None
        if np.array_equal(ans, source.reshape(expected.shape)):
            return ("the shape is right but the pixels are scrambled: reshape keeps the memory "
                    "order and only relabels the axes. Move the axis with np.transpose.")
        if np.array_equal(ans, np.transpose(source, (0, 3, 2, 1))):
            return ("height and width are swapped (the picture is flipped over its diagonal): "
                    "the axes order is (0, 2, 3, 1).")
        return "the shape is right but the values are not the original pixels in channels-last order."

    return run_check(
        "Exercise 6.2", answer, judge,
        hint="np.transpose(x, axes) puts old axis axes[i] at position i; channels sit on axis 1 "
             "now and must end up last.",
    )


def check_lesson06_variable_length_model(model: Any, vocab_size: int = 50) -> CheckResult:
    """Lesson 06: a Conv1D model that takes token sequences of ANY length and outputs (batch, 1)."""
    import numpy as np

    def judge(m):
        if not hasattr(m, "count_params") or not hasattr(m, "layers"):
            return f"expected a Keras model, got {type(m).__name__}."
        problems = []
        in_shape = _normalise(tuple(m.input_shape)) if hasattr(m, "input_shape") else None
        if in_shape is not None and len(in_shape) == 2 and in_shape[1] is not None:
            problems.append(f"its input has a fixed length ({in_shape}): write "
                            "keras.Input(shape=(None,)) so any length fits.")
        if "Conv1D" not in _layer_names(m):
            problems.append(f"the model should contain a Conv1D layer (it has {_layer_names(m)}).")
        out = _normalise(tuple(m.output_shape))
        if out != (None, 1):
            problems.append(f"output shape is {out}, expected (None, 1): one probability per sequence.")
        if problems:
            return problems
        rng = np.random.default_rng(0)
        for batch, length in ((2, 7), (3, 61)):
            tokens = rng.integers(1, vocab_size, size=(batch, length)).astype("int32")
            try:
                shape = tuple(np.asarray(m(tokens)).shape)
            except Exception as exc:
                from utils.errors import diagnose

                if "is not in [0" in str(exc):
                    return (f"token ids go up to {vocab_size - 1}: give Embedding "
                            f"input_dim={vocab_size} (the vocabulary size).")
                return (f"calling it on {batch} sequences of length {length} failed: "
                        f"{diagnose(exc).what}")
            if shape != (batch, 1):
                return (f"on {batch} sequences of length {length} it returned shape {shape}, "
                        f"expected ({batch}, 1).")
        return None

    return run_check(
        "Exercise 6.3", model, judge,
        hint="keras.Input(shape=(None,)) -> Embedding -> Conv1D -> a global pooling layer "
             "-> Dense(1, activation='sigmoid'). Which layer needs a fixed length?",
    )


# --- lesson 07 ---------------------------------------------------------------

#: The capstone's spec: a digits classifier within this many parameters...
CAPSTONE_BUDGET = 5_000
#: ...that classifies at least this share of the fixed test split correctly.
CAPSTONE_TARGET = 0.90
CAPSTONE_INPUT = (8, 8, 1)
CAPSTONE_CLASSES = 10


def _shape_text(shape: Any) -> str:
    shape = _normalise(tuple(shape))
    inner = ", ".join("None" if s is None else str(s) for s in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def capstone_accuracy(model: Any) -> float:
    """Share of the fixed digits test split (450 images) that ``model`` classifies correctly.

    The model is run on the test images here (``training=False``); the predicted digit is
    the ``argmax`` of its 10 outputs, so probabilities (softmax) and logits both work.

    >>> capstone_accuracy(trained_model)   # doctest: +SKIP
    0.9733333333333334
    """
    import numpy as np

    from utils.data import load_digits

    split = load_digits()
    out = np.asarray(model(split.x_test, training=False))
    if out.shape != (len(split.x_test), CAPSTONE_CLASSES):
        raise ValueError(f"model output on the {len(split.x_test)} test images has shape {out.shape}, "
                         f"expected ({len(split.x_test)}, {CAPSTONE_CLASSES}).")
    if not np.isfinite(out).all():
        raise ValueError("the model outputs NaN or infinity: lower the learning rate and train again.")
    return float((out.argmax(axis=1) == split.y_test).mean())


def _capstone_trained_steps(model: Any) -> int | None:
    """Optimizer steps taken so far (0 = never trained), or None if the model was never compiled."""
    import numpy as np

    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        return None
    try:
        return int(np.asarray(optimizer.iterations))
    except Exception:  # an unusual optimizer: do not guess
        return -1


def capstone_problems(model: Any, budget: int = CAPSTONE_BUDGET, target: float = CAPSTONE_TARGET) -> list:
    """Every way ``model`` misses the capstone spec, in plain words (``[]`` = meets it).

    Criteria: one input compatible with ``(None, 8, 8, 1)``; one output of shape
    ``(None, 10)``; ``model.count_params() <= budget``; accuracy on the fixed test split
    ``>= target``, measured here by :func:`capstone_accuracy` (a learner's own number is
    never trusted). Accuracy is only measured once the input and output fit.
    """
    if not hasattr(model, "count_params") or not hasattr(model, "layers"):
        return [f"expected a Keras model, got {type(model).__name__}."]
    if not getattr(model, "built", True):
        return ["the model is not built yet: start it with keras.Input(shape=(8, 8, 1)) "
                "so Keras knows the input shape."]
    problems = []
    inputs, outputs = list(getattr(model, "inputs", None) or []), list(getattr(model, "outputs", None) or [])
    shapes_ok = True
    if len(inputs) != 1:
        shapes_ok = False
        problems.append(f"input: the model should take exactly one input (an image), "
                        f"it takes {len(inputs)}.")
    else:
        got = _normalise(tuple(inputs[0].shape))
        fits = len(got) == 4 and got[0] is None and all(
            g is None or g == w for g, w in zip(got[1:], CAPSTONE_INPUT))
        if not fits:
            shapes_ok = False
            problems.append(f"input: the model takes {_shape_text(got)}, but the digits are "
                            f"(None, 8, 8, 1): use keras.Input(shape=(8, 8, 1)).")
    if len(outputs) != 1:
        shapes_ok = False
        problems.append(f"output: the model should give exactly one output, it gives {len(outputs)}.")
    else:
        got = _normalise(tuple(outputs[0].shape))
        if got != (None, CAPSTONE_CLASSES):
            shapes_ok = False
            if len(got) > 2:
                why = ("it still has spatial axes: put Flatten or a global pooling layer before "
                       "the last Dense.")
            else:
                why = f"the last layer needs {CAPSTONE_CLASSES} units, one per digit: Dense(10)."
            problems.append(f"output: the shape is {_shape_text(got)}, expected (None, 10); {why}")
    params = int(model.count_params())
    if params > budget:
        sizes = [(layer.name, int(layer.count_params())) for layer in model.layers]
        name, top = max(sizes, key=lambda item: item[1]) if sizes else ("?", 0)
        problems.append(f"budget: the model has {params:,} parameters, {params - budget:,} over the "
                        f"budget of {budget:,}; the biggest layer is '{name}' with {top:,}.")
    if not shapes_ok:
        problems.append("accuracy: not measured yet; it is measured once the input and output "
                        "shapes are right.")
        return problems
    accuracy = capstone_accuracy(model)
    if accuracy < target:
        steps = _capstone_trained_steps(model)
        n = len(_lesson07_test_labels())
        why = (f"test accuracy is {accuracy:.3f} ({round(accuracy * n)} of {n} test digits), "
               f"below the target {target:.2f}")
        if steps is None:
            why += ": the model was never compiled or trained. Call model.compile(...) and model.fit(...)."
        elif steps == 0:
            why += ": the model is compiled but has not been trained yet. Call model.fit(...)."
        elif accuracy < 0.2:
            why += (": about chance level (0.10), so training did not work: check the loss and "
                    "the learning rate.")
        else:
            why += (": train for more epochs, or give the head more to work with (more filters "
                    "or a second block).")
        problems.append(f"accuracy: {why}")
    return problems


def _lesson07_test_labels():
    from utils.data import load_digits

    return load_digits().y_test


def check_lesson07_capstone(model: Any) -> CheckResult:
    """The capstone: any Keras model meeting the spec passes, whatever its head or body.

    Spec: input ``(8, 8, 1)``, output ``(None, 10)``, at most :data:`CAPSTONE_BUDGET`
    parameters and test accuracy at least :data:`CAPSTONE_TARGET`, which the check
    measures itself on the fixed test split. Every failed criterion is listed.
    """
    names = _layer_names(model) if not is_placeholder(model) else []
    kind = ("global-pooling head" if any(n.startswith("Global") for n in names)
            else "Flatten head" if "Flatten" in names else "")
    exercise = f"Capstone ({kind})" if kind else "Capstone"
    result = run_check(
        exercise, model, capstone_problems,
        hint="trace your design in the panel first; then train it (e.g. with the lesson's "
             "fit(model)) and run this check again.",
    )
    if result.correct:
        n = len(_lesson07_test_labels())
        params, accuracy = int(model.count_params()), capstone_accuracy(model)
        result.message = (f"{params:,} parameters ({100 * params / CAPSTONE_BUDGET:.0f}% of the "
                          f"{CAPSTONE_BUDGET:,} budget) and test accuracy {accuracy:.3f} "
                          f"({round(accuracy * n)} of {n} test digits, target {CAPSTONE_TARGET:.2f}).")
    return result


def check_lesson07_max_hidden(answer: Any) -> CheckResult:
    """Exercise 7.1: the most hidden units that fit the budget on 2 blocks of 16 filters + Flatten."""
    from utils.widgets import capstone_params

    def fits(units: int) -> bool:
        return capstone_params(2, 16, "flatten", units) <= CAPSTONE_BUDGET

    expected = 1
    while fits(expected + 1):
        expected += 1

    def explain(a: Any) -> str | None:
        a = _normalise(a)
        if isinstance(a, bool) or not isinstance(a, int):
            return f"a number of units is a whole number; you gave {a!r}."
        if a < 1:
            return ("with 0 units there is no hidden layer at all; the question asks for the "
                    "largest hidden layer.")
        total = capstone_params(2, 16, "flatten", a)
        if total > CAPSTONE_BUDGET:
            return (f"with {a} units the model has {total:,} parameters, over the budget of "
                    f"{CAPSTONE_BUDGET:,}.")
        return (f"{a} units fit ({total:,} parameters), but a bigger hidden layer fits too: "
                "how many parameters does ONE extra unit cost?")

    return check_value(
        "Exercise 7.1", answer, expected,
        hint="Write the total as (fixed part) + (cost of one unit) x units. One unit has 64 "
             "weights in, 1 bias and 10 weights out to the classifier.",
        explain=explain,
    )
