"""The one-room-per-lesson layout: generic modules know no lesson, a lesson knows no other lesson,
and utils has no import cycle."""

import ast
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
