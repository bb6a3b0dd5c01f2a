"""Declarative argument bounds for every function a learner calls (pydantic, pure Python, no Keras).

A function declares its bounds in its signature and is wrapped with :func:`validated`::

    @validated
    def conv_output_length(n: Whole(1, 100_000), kernel: Whole(1, 10_000), ...): ...

pydantic checks the call before the body runs, so an absurd size fails at once, before any work or
allocation. Its report is rewritten into one line that names the argument as the caller wrote it
and says what is allowed: ``kernel must be a whole number from 1 to 64, got kernel=65.``
The error is a ``ValueError`` (a ``TypeError`` for a value of the wrong kind), as the course promises.

Why pydantic: it is the most used validation library in Python, already on Colab, and reads the
bounds from ordinary type hints (``Annotated[int, Field(ge=1)]``), so bounds sit next to the
argument they guard instead of in a wall of ``if``/``raise`` lines.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

import pydantic
from pydantic import BeforeValidator, Field

__all__ = ["validated", "Whole", "Real", "Choice", "shown", "whole_number", "BoundError"]

F = TypeVar("F", bound=Callable[..., Any])


def shown(value: object, limit: int = 60) -> str:
    """A short repr for a message: never a whole array, never a 5,000-digit integer (whose repr raises)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**18:
        return f"an integer of {len(str(abs(value))) if abs(value) < 10**4000 else 'over 4,000'} digits"
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a learner's object whose repr fails must not break the message
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class BoundError(ValueError):
    """An argument outside its declared bounds (a ValueError, so ``except ValueError`` catches it)."""


class KindError(TypeError, BoundError):
    """An argument of the wrong kind (also a ValueError, so old ``except ValueError`` code still works)."""


def _as_int(value: object) -> object:
    # bool is an int subclass: kernel=True is almost surely a mistake. NumPy integers are fine.
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    return "bool" if isinstance(value, bool) else value  # a marker that the message explains


def _as_float(value: object) -> object:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        value = float(value)
        return value if math.isfinite(value) else "not finite"
    return "bool" if isinstance(value, bool) else value


def Whole(low: int | None = 1, high: int | None = None) -> Any:  # noqa: N802 - reads as a type
    """An int in ``[low, high]`` (NumPy integers accepted, bools and floats refused)."""
    return Annotated[int, BeforeValidator(_as_int), Field(strict=True, ge=low, le=high)]


def Real(low: float | None = None, high: float | None = None) -> Any:  # noqa: N802 - reads as a type
    """A finite float in ``[low, high]`` (ints and NumPy numbers accepted; nan and inf refused)."""
    return Annotated[float, BeforeValidator(_as_float), Field(strict=True, ge=low, le=high)]


def Choice(*options: str) -> Any:  # noqa: N802 - reads as a type
    """One of the given strings."""
    return Literal[options]


def _bounds(low: object, high: object) -> str:
    if low is not None and high is not None:
        return f"from {low:,} to {high:,}"
    return f">= {low:,}" if low is not None else f"<= {high:,}"


def _explain(error: dict, names: list[str], hints: dict[str, Any]) -> tuple[str, bool]:
    """One sentence for pydantic's first error; True when the value is of the wrong kind."""
    loc = error.get("loc") or ("argument",)
    name = loc[0] if not isinstance(loc[0], int) else (names[loc[0]] if loc[0] < len(names) else "argument")
    value, kind = error.get("input"), error.get("type", "")
    # The bounds live in the FieldInfo's annotated_types constraints (Ge, Le).
    metadata = [c for m in getattr(hints.get(name), "__metadata__", ()) for c in getattr(m, "metadata", [m])]
    low = next((m.ge for m in metadata if getattr(m, "ge", None) is not None), None)
    high = next((m.le for m in metadata if getattr(m, "le", None) is not None), None)
    what = "a whole number" if getattr(hints.get(name), "__origin__", None) is int else "a finite number"
    allowed = what + (f" {_bounds(low, high)}" if (low, high) != (None, None) else "")
    if kind == "literal_error":
        return f"{name} must be one of {error.get('ctx', {}).get('expected', '')}, got {name}={shown(value)}.", False
    if kind.startswith(("greater_than", "less_than")):
        return f"{name} must be {allowed}, got {name}={shown(value)}.", False
    if value == "bool":
        return f"{name} must be {allowed}, got a bool (True or False).", True
    if value == "not finite":
        return f"{name} must be {allowed}, not nan or infinity.", False
    if kind.startswith(("int_", "float_")):
        return f"{name} must be {allowed}, got {name}={shown(value)} ({type(value).__name__}).", True
    if kind.startswith("missing"):
        return f"{name} is missing: pass it.", True
    if kind == "unexpected_keyword_argument":
        return f"unexpected argument {name}={shown(value)}: check its spelling.", True
    return f"{name}: {error.get('msg', 'invalid value')}, got {name}={shown(value)}.", True


def validated(function: F) -> F:
    """Check every annotated argument of ``function`` against its declared bounds before it runs."""
    checked = pydantic.validate_call(config={"arbitrary_types_allowed": True})(function)
    names = list(inspect.signature(function).parameters)
    hints = inspect.get_annotations(function, eval_str=True)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return checked(*args, **kwargs)
        except pydantic.ValidationError as exc:
            message, wrong_kind = _explain(exc.errors()[0], names, hints)
            raise (KindError if wrong_kind else BoundError)(message) from None

    return wrapper  # type: ignore[return-value]


def whole_number(name: str, value: object, minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` as an int in ``[minimum, maximum]``, or a ValueError naming the argument and the value.

    For the few places where the bound is only known at run time (it depends on another argument).

    >>> whole_number("epochs", 3)
    3
    >>> whole_number("size", 65, 1, 64)
    Traceback (most recent call last):
    ...
    utils._validate.BoundError: size must be a whole number from 1 to 64, got size=65.
    """
    if (isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum
            or (maximum is not None and value > maximum)):
        bound = f">= {minimum:,}" if maximum is None else f"from {minimum:,} to {maximum:,}"
        raise BoundError(f"{name} must be a whole number {bound}, got {name}={shown(value)}.")
    return int(value)
