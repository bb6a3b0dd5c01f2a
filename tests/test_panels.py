"""Every registered panel of every lesson (``utils.lessons.lessonNN.PANELS``) works, under ipywidgets 8
and again under ipywidgets 7 (Colab's version): it starts without an error, every control moves
through its range without a traceback, and moving the first control changes what the panel shows."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from utils import lessons

ROOT = Path(__file__).resolve().parent.parent

# The sweep runs in this process and again as a script under ipywidgets 7, so it is kept as source text.
SWEEP_CODE = """
import ipywidgets
from utils import lessons, panel

def _positions(control):
    if isinstance(control, ipywidgets.Dropdown):
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    low, high, step = control.min, control.max, control.step
    middle = low + ((high - low) // (2 * step)) * step
    return sorted({low, middle, high - (high - low) % step})

def sweep(name, builder):
    box = builder()
    assert isinstance(box, panel.Panel), f"{name}.{builder.__name__} must return a Panel"
    assert panel.ERROR_CLASS not in box.text_output.value, (name, box.text_output.value)
    shown = lambda: (box.text_output.value, bytes(box.figure_output.value or b""))
    first_name, first = next(iter(box.controls.items()))
    before = shown()
    options = [v for v in _positions(first) if v != first.value]
    first.value = options[0]
    assert shown() != before, f"{name}.{builder.__name__}: moving {first_name} changed nothing"
    for control in box.controls.values():
        start = control.value
        for value in _positions(control):
            control.value = value  # a ValueError is shown in the panel; anything else fails here
        control.value = start
    box.close()
    return f"{name}.{builder.__name__}"
"""
namespace: dict = {}
exec(SWEEP_CODE, namespace)
PANELS = list(lessons.all_panels())


def test_every_lesson_module_is_found_and_panels_are_registered():
    names = lessons.lesson_names()
    notebooks = sorted(p.name[:2] for p in (ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
    assert [n[-2:] for n in names] == notebooks, "one utils/lessons/lessonNN.py per notebook"
    assert PANELS, "no lesson registers a panel"


def test_a_name_that_is_not_a_lesson_is_refused():
    with pytest.raises(ValueError, match="name='lesson99'"):
        lessons.load("lesson99")


@pytest.mark.parametrize(("lesson", "builder"), PANELS, ids=[f"{n}.{b.__name__}" for n, b in PANELS])
def test_every_registered_panel_starts_clean_and_every_control_moves(lesson, builder):
    namespace["sweep"](lesson, builder)


def test_every_registered_panel_also_works_with_ipywidgets_7_as_on_colab():
    side = ROOT / ".venv" / "ipywidgets7"
    if not (side / "ipywidgets").is_dir():
        if os.environ.get("CI"):
            raise AssertionError(f"{side} is missing: run `make venv` (it installs ipywidgets 7 there)")
        pytest.skip("ipywidgets 7 side copy not installed (make venv installs it)")
    code = SWEEP_CODE + (
        "\nassert ipywidgets.__version__.startswith('7.'), ipywidgets.__version__"
        "\nprint([sweep(n, b) for n, b in lessons.all_panels()])")
    env = dict(os.environ, PYTHONPATH=f"{side}{os.pathsep}{ROOT}", MPLBACKEND="Agg")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    for lesson, builder in PANELS:
        assert f"{lesson}.{builder.__name__}" in out.stdout
