"""Declarative argument bounds for every function a learner calls (pydantic and NumPy, no Keras).

A function declares its bounds in its signature and is wrapped with :func:`validated`::

    @validated
    def conv_output_length(n: Whole(1), kernel: Whole(1, 10_000), padding: Choice("valid", "same")): ...

pydantic checks the call before the body runs, so an absurd size fails before any work or allocation,
with one line that names the argument as the caller wrote it: ``kernel must be a whole number from 1 to
64, got kernel=65.`` It is a :class:`BoundError` (a ``ValueError``), or a :class:`KindError` (also a
``TypeError``) for a value of the wrong kind. :func:`whole_number`, :func:`array` and :func:`budget` check
inside a body what depends on other arguments. Why pydantic: see docs/architecture.md.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

import numpy as np
import pydantic
from pydantic import BeforeValidator, Field

__all__ = ["validated", "Whole", "Real", "Choice", "Flag", "Rule", "Test", "Text", "Array", "array",
           "as_array", "shown", "whole_number", "budget", "BoundError", "KindError"]

F = TypeVar("F", bound=Callable[..., Any])


def shown(value: object, limit: int = 60) -> str:
    """A short repr for a message: never a whole array, never a 5,000-digit integer (whose repr raises).

    >>> shown(10**5000)
    'an integer of over 4,000 digits'
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and abs(int(value)) >= 10**18:
        value = abs(int(value))
        return f"an integer of {f'{len(str(value)):,}' if value < 10**4000 else 'over 4,000'} digits"
    if hasattr(value, "shape") and hasattr(value, "dtype") and getattr(value, "ndim", 0):
        return f"an array of shape {tuple(value.shape)}"
    try:
        text = " ".join(repr(value).split())
    except Exception:  # noqa: BLE001 - a learner's object whose repr fails must not break the message
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class BoundError(ValueError):
    """An argument outside its declared bounds (a ValueError, so ``except ValueError`` catches it)."""


class KindError(TypeError, BoundError):
    """An argument of the wrong kind (also a ValueError, so old ``except ValueError`` code still works)."""


_BOOL, _NOT_FINITE = "<bool>", "<not finite>"  # markers that _explain turns into words


def _as_int(value: object) -> object:
    # bool is an int subclass: kernel=True is almost surely a mistake. NumPy integers are fine.
    if isinstance(value, bool):
        return _BOOL
    return int(value) if isinstance(value, numbers.Integral) else value


def _as_float(value: object) -> object:
    if isinstance(value, bool):
        return _BOOL
    if isinstance(value, numbers.Real):
        value = float(value)
        return value if math.isfinite(value) else _NOT_FINITE
    return value


def Whole(low: int | None = 1, high: int | None = None) -> Any:  # noqa: N802 - reads as a type
    """An int in ``[low, high]`` (NumPy integers accepted; bools, floats and strings refused)."""
    return Annotated[int, BeforeValidator(_as_int), Field(strict=True, ge=low, le=high)]


def Real(low: float | None = None, high: float | None = None, *, open: bool = False) -> Any:  # noqa: N802, A002
    """A finite float in ``[low, high]`` (``(low, high)`` with ``open=True``); nan and inf refused."""
    bounds = {"gt": low, "lt": high} if open else {"ge": low, "le": high}
    return Annotated[float, BeforeValidator(_as_float), Field(strict=True, **bounds)]


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("must be True or False")  # checked here: pydantic would ask an array for its truth


#: True or False, nothing else (1, "yes", None and arrays are refused).
Flag = Annotated[bool, BeforeValidator(_flag)]


def Choice(*options: Any) -> Any:  # noqa: N802 - reads as a type
    """One of the given values (strings, numbers, None); anything else, arrays included, is refused."""
    def plain(value: object) -> object:
        if value is None or isinstance(value, (str, int, float)):
            return value
        raise ValueError(f"must be one of {', '.join(map(repr, options))}")
    return Annotated[Literal[options], BeforeValidator(plain)]


def Rule(check: Callable[[Any], Any]) -> Any:  # noqa: N802 - reads as a type
    """Any value that ``check(value)`` accepts: it returns the value to use, or raises a ValueError
    whose text completes "<name> ...", e.g. ``ValueError("must be a tuple such as (8, 8, 1)")``."""
    return Annotated[Any, BeforeValidator(check)]


def Test(test: Callable[[Any], bool], needs: str) -> Any:  # noqa: N802 - reads as a type
    """Any value for which ``test(value)`` is true, else "<name> must be <needs>, got <name>=<value>."."""
    def check(value: Any) -> Any:
        if not test(value):
            raise ValueError(f"must be {needs}")
        return value
    return Rule(check)


#: A string (a title, a label, a description).
Text = Test(lambda value: isinstance(value, str), "text")

#: What each kind of :func:`Array` accepts: NumPy dtype kinds, and a test of the values.
_ARRAY_KINDS = {
    "numbers": ("iuf", lambda a: True),
    "finite": ("iuf", lambda a: bool(np.isfinite(a).all())),
    "whole": ("iu", lambda a: bool(np.abs(a).max() <= 10**9)),
    "labels": ("iu", lambda a: bool(a.min() >= 0)),
}


def as_array(value: Any, needs: str, ndims: tuple = (1,), size: int = 1_000_000,
             kind: str = "numbers") -> np.ndarray:
    """:func:`Array`'s check, for a :func:`Rule` that does a little more: the array, or a ValueError
    "must be <needs>" (text, dicts, ragged lists and objects are refused, never cast)."""
    try:
        arr = None if isinstance(value, (str, bytes, dict)) else np.asarray(value)
    except (TypeError, ValueError, OverflowError):
        arr = None
    dtypes, test = _ARRAY_KINDS[kind]
    if arr is None or arr.ndim not in ndims or not 0 < arr.size <= size or arr.dtype.kind not in dtypes \
            or not test(arr):
        raise ValueError(f"must be {needs}")
    return arr.astype("float64") if kind == "finite" else arr


def Array(needs: str, ndims: tuple = (1,), size: int = 1_000_000, kind: str = "numbers") -> Any:  # noqa: N802
    """A NumPy array (or anything ``np.asarray`` turns into one) with one of ``ndims`` axes and 1 to
    ``size`` values. ``kind``: "numbers"; "finite" (no nan or inf; returned as float64); "whole"
    (integers within +-1e9); "labels" (integers >= 0). ``needs`` completes "<name> must be ...".
    """
    return Rule(lambda value: as_array(value, needs, ndims, size, kind))


def array(name: str, value: Any, needs: str, ndims: tuple = (1,), size: int = 1_000_000,
          kind: str = "numbers") -> np.ndarray:
    """:func:`Array`'s check inside a function body: the array, or a BoundError naming ``name``."""
    try:
        return as_array(value, needs, ndims, size, kind)
    except ValueError as exc:
        raise BoundError(f"{name} {exc}, got {name}={shown(value)}.") from None


def _number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) or float(value).is_integer() else f"{value:g}"


def _allowed(hint: Any) -> str:
    """What an annotation allows, in words: ``a whole number from 1 to 64``."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return (_allowed(inner[0]) + " or None") if inner else "None"
    base = typing.get_args(hint)[:1] or (hint,)
    if base == (bool,):
        return "True or False"
    what = "a whole number" if base == (int,) else "a finite number"
    words = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}
    meta = [c for m in getattr(hint, "__metadata__", ()) for c in getattr(m, "metadata", [m])]
    bounds = [(key, getattr(m, key)) for m in meta for key in words if getattr(m, key, None) is not None]
    if [key for key, _ in bounds] == ["ge", "le"]:
        return f"{what} from {_number(bounds[0][1])} to {_number(bounds[1][1])}"
    return f"{what} {' and '.join(f'{words[key]} {_number(value)}' for key, value in bounds)}".rstrip()


def _explain(error: dict, names: list[str], hints: dict[str, Any]) -> tuple[str, bool]:
    """One sentence for pydantic's first error; True when the value is of the wrong kind."""
    loc = error.get("loc") or ("argument",)
    name = loc[0] if not isinstance(loc[0], int) else (names[loc[0]] if loc[0] < len(names) else "argument")
    value, kind = error.get("input"), error.get("type", "")
    got = f"got {name}={shown(value)}"
    if kind == "literal_error":
        return f"{name} must be one of {error.get('ctx', {}).get('expected', '')}, {got}.", False
    if kind == "value_error":  # a Rule's own words
        return f"{name} {error['ctx']['error']}, {got}.", False
    if kind.startswith("missing"):
        return f"{name} is missing: pass it.", True
    if kind == "unexpected_keyword_argument":
        return f"unexpected argument {name}={shown(value)}: check its spelling.", True
    if kind == "unexpected_positional_argument":
        return f"too many arguments: {shown(value)} has no place (pass the others by name).", True
    allowed = _allowed(hints.get(name))
    if kind.startswith(("greater_than", "less_than")):
        return f"{name} must be {allowed}, {got}.", False
    if isinstance(value, str) and value == _BOOL:
        return f"{name} must be {allowed}, got a bool (True or False).", True
    if isinstance(value, str) and value == _NOT_FINITE:
        return f"{name} must be {allowed}, not nan or infinity.", False
    return f"{name} must be {allowed}, {got} ({type(value).__name__}).", True


def validated(function: F) -> F:
    """Check every annotated argument of ``function`` against its declared bounds before it runs."""
    checked = pydantic.validate_call(config={"arbitrary_types_allowed": True})(function)
    names = list(inspect.signature(function).parameters)
    hints = typing.get_type_hints(function, include_extras=True)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return checked(*args, **kwargs)
        except pydantic.ValidationError as exc:
            message, wrong_kind = _explain(exc.errors()[0], names, hints)
            raise (KindError if wrong_kind else BoundError)(message) from None

    return wrapper  # type: ignore[return-value]


def whole_number(name: str, value: object, minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` as an int in ``[minimum, maximum]``, or a BoundError naming the argument and the value,
    for a bound known only at run time (it depends on another argument).

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


def budget(limit: int, unit: str = "values", **factors: int) -> int:
    """The product of ``factors``, or a BoundError naming them when it exceeds ``limit``: each argument
    may be in bounds while their product needs gigabytes; call this before allocating.

    >>> budget(100, n=20, m=10)
    Traceback (most recent call last):
    ...
    utils._validate.BoundError: n x m = 200 values, more than the 100 this function allows (n=20, m=10).
    """
    total = math.prod(factors.values())
    if total > limit:
        names = " x ".join(factors)
        given = ", ".join(f"{k}={shown(v)}" for k, v in factors.items())
        total = f"{total:,}" if total < 10**4000 else "over 10^4000"
        raise BoundError(f"{names} = {total} {unit}, more than the {limit:,} this function allows ({given}).")
    return total
