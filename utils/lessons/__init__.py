"""One module per lesson: ``utils.lessons.lessonNN`` holds lesson NN's figures, update
functions, widget panels and exercise checks, so changing a lesson touches its
notebook, this module, its test file and its section of the instructor guide; the
independent reviewers' answers in tests/review_cases/ and the error corpus in
tests/real_errors/ then tell whether the checks still judge them alike.

A lesson module imports only the generic modules (``utils.shapes``, ``utils.panel``,
``utils.plots``, ``utils.checks``, ``utils.data``, ``utils.models``, ``utils.experiment``,
``utils.errors``, ``utils.alt_text``, ``utils._validate``), never another lesson. It lists its
panel builders in ``PANELS``: each entry is
called with no arguments and returns a :class:`utils.panel.Panel`. Tests, ``make
bench`` and the browser test iterate over these lists (see :func:`all_panels`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from types import ModuleType

__all__ = ["lesson_names", "load", "all_panels"]


def lesson_names() -> list[str]:
    """Names of the lesson modules, in lesson order (``lesson00``, ``lesson01``, ...)."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("lesson"))


def load(name: str) -> ModuleType:
    """Import ``utils.lessons.<name>``; a name that is not a lesson raises a ValueError."""
    names = lesson_names()
    if name not in names:
        raise ValueError(f"name must be one of {names}, got name={name!r}.")
    return importlib.import_module(f"{__name__}.{name}")


def all_panels() -> Iterator[tuple[str, Callable]]:
    """``(lesson name, panel builder)`` for every registered panel of every lesson."""
    for name in lesson_names():
        for builder in getattr(load(name), "PANELS", []):
            yield name, builder
