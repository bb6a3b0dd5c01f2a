"""Argument validation shared by utils modules (pure Python, no TensorFlow)."""

import numbers


def whole_number(name: str, value: object, minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` as an int in ``[minimum, maximum]``, or a ValueError naming the argument and the value.

    >>> whole_number("epochs", 3)
    3
    """
    # bool is an int subclass: epochs=True is almost surely a mistake, so refuse it.
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {name}={value!r}.")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:,} here (bigger runs for minutes or needs "
                         f"gigabytes), got {name}={value!r}.")
    return int(value)
