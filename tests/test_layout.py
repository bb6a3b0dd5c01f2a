"""The one-room-per-lesson layout: generic modules know no lesson, a lesson knows no other lesson,
and utils has no import cycle."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

UTILS = Path(__file__).resolve().parent.parent / "utils"
GENERIC = {"shapes", "panel", "plots", "checks", "data", "models", "errors", "environment", "_validate",
           "experiment", "alt_text"}


def _utils_imports(path: Path) -> set[str]:
    """The utils modules a file imports (``from utils import shapes`` -> ``shapes``), at any depth."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("utils"):
            parts = node.module.split(".")[1:]
            if parts:
                found.add(".".join(parts))
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".", 1)[1] for a in node.names if a.name.startswith("utils."))
    return found


def _graph() -> dict[str, set[str]]:
    graph = {p.stem: _utils_imports(p) for p in UTILS.glob("*.py") if p.stem != "__init__"}
    graph.update({f"lessons.{p.stem}": _utils_imports(p) for p in (UTILS / "lessons").glob("lesson*.py")})
    return graph


def test_the_generic_modules_are_the_documented_ones():
    assert {p.stem for p in UTILS.glob("*.py")} - {"__init__"} == GENERIC


@pytest.mark.parametrize("module", sorted(GENERIC))
def test_a_generic_module_imports_no_lesson(module):
    assert not [m for m in _graph()[module] if m.startswith("lessons")]


def test_a_lesson_module_imports_only_generic_modules():
    for name, imports in _graph().items():
        if name.startswith("lessons."):
            assert imports <= GENERIC, f"{name} imports {sorted(imports - GENERIC)}"


def test_utils_has_no_import_cycle():
    graph = _graph()

    def visit(node, path):
        for nxt in graph.get(node, ()):
            assert nxt not in path, f"import cycle: {' -> '.join([*path, nxt])}"
            visit(nxt, [*path, nxt])

    for start in graph:
        visit(start, [start])


def test_the_architecture_and_the_package_docstring_name_every_module():
    """Module lists are derived facts: a new module must be documented where contributors look."""
    import utils

    architecture = (UTILS.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for module in GENERIC:
        assert f"utils/{module}.py" in architecture, f"docs/architecture.md does not describe {module}"
        assert module in utils.__doc__, f"utils/__init__.py's docstring does not list {module}"


def test_the_example_in_the_package_docstring_runs():
    import doctest

    import utils

    assert doctest.testmod(utils).attempted >= 3 and doctest.testmod(utils).failed == 0


# What docs/architecture.md's "imports" column names, for each package a module may load.
PACKAGE_NAMES = {"numpy": "numpy", "pydantic": "pydantic", "matplotlib": "matplotlib", "keras": "Keras",
                 "sklearn": "scikit-learn", "ipywidgets": "ipywidgets", "IPython": "IPython"}


@pytest.mark.slow
def test_the_architecture_names_every_package_each_module_loads():
    """Each module imported alone, in a fresh interpreter: every package it loads is in its row (review
    r13: shapes, checks and environment said "pure Python" or "stdlib" but load numpy and pydantic)."""
    rows = dict(re.findall(r"^\| `utils/(\w+)\.py` \|.*\| ([^|]+) \|$",
                           (UTILS.parent / "docs" / "architecture.md").read_text(encoding="utf-8"), re.M))
    probe = ("import importlib, sys; importlib.import_module(sys.argv[1]); "
             "print(' '.join(p for p in sys.argv[2:] if p in sys.modules))")
    for module, said in rows.items():
        loaded = subprocess.run([sys.executable, "-c", probe, f"utils.{module}", *PACKAGE_NAMES],
                                capture_output=True, text=True, cwd=UTILS.parent, check=True,
                                env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}).stdout.split()
        missing = [PACKAGE_NAMES[p] for p in loaded if PACKAGE_NAMES[p] not in said]
        assert not missing, f"docs/architecture.md: utils/{module}.py loads {missing}, its row says {said!r}"
