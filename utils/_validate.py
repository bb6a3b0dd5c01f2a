"""Argument validation shared by utils modules (pure Python, no TensorFlow)."""

import numbers


def whole_number(name: str, value: object, minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` as an int in ``[minimum, maximum]``, or a ValueError naming the argument and the value.

    >>> whole_number("epochs", 3)
    3
    >>> whole_number("size", 65, 1, 64)
    Traceback (most recent call last):
    ...
    ValueError: size must be a whole number from 1 to 64, got size=65.
    """
    # bool is an int subclass: epochs=True is almost surely a mistake, so refuse it.
    if (isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum
            or (maximum is not None and value > maximum)):
        bound = f">= {minimum:,}" if maximum is None else f"from {minimum:,} to {maximum:,}"
        shown = repr(value)
        shown = shown if len(shown) <= 80 else shown[:77] + "..."  # never quote a whole array
        raise ValueError(f"{name} must be a whole number {bound}, got {name}={shown}.")
    return int(value)
