"""Exercise checks, core: judge an answer by its properties and explain the verdict.

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
