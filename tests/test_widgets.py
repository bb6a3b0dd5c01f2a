"""utils.widgets core: panels call plain update functions and survive impossible settings."""

import ipywidgets
import pytest
from matplotlib.figure import Figure

from utils import plots, widgets


def test_a_panel_shows_the_update_text_and_follows_its_slider():
    calls = []

    def update(n):
        calls.append(n)
        return f"n squared is {n * n}"

    box = widgets.panel(update, n=widgets.slider("n", 2, 1, 5))
    assert "n squared is 4" in box.text_output.value
    box.controls["n"].value = 3
    assert "n squared is 9" in box.text_output.value and calls == [2, 3]
    assert box.update_function is update
    assert widgets.PANEL_CLASS in box._dom_classes
    assert widgets.OUTPUT_CLASS in box.text_output._dom_classes


def test_an_impossible_setting_shows_a_friendly_message_not_a_traceback():
    def update(kernel):
        if kernel > 3:
            raise ValueError(f"kernel={kernel} is larger than the input (3)")
        return "fine"

    box = widgets.panel(update, kernel=widgets.slider("kernel", 3, 1, 5))
    box.controls["kernel"].value = 5
    assert widgets.ERROR_CLASS in box.text_output.value
    assert "kernel=5 is larger than the input (3)" in box.text_output.value
    box.controls["kernel"].value = 2
    assert "fine" in box.text_output.value


def test_a_figure_is_sent_as_a_png_image_and_hidden_when_there_is_none():
    def update(n):
        if n == 1:
            return "no picture"
        fig = plots.new_figure(2, 1)
        fig.subplots().plot(range(n))
        return f"{n} points", fig

    box = widgets.panel(update, n=widgets.slider("n", 2, 1, 3))
    assert bytes(box.figure_output.value).startswith(b"\x89PNG") and box.figure_output.layout.display is None
    assert box.figure_output.width == str(2 * widgets.FIGURE_DPI)  # shown at its own pixel size
    box.controls["n"].value = 1
    assert box.figure_output.layout.display == "none"
    with pytest.raises(ValueError, match="figure must be a matplotlib Figure"):
        widgets.figure_png("not a figure")


def test_text_is_escaped_and_figures_are_rendered_separately():
    body, fig = widgets.render(("a < b", plots.new_figure()))
    assert "a &lt; b" in body and isinstance(fig, Figure)
    assert widgets.render(None) == ("", None)


def test_the_lesson_00_widget_greets_as_many_times_as_the_slider_says():
    box = widgets.greeting_widget()
    box.controls["times"].value = 3
    assert widgets.greeting(3) in box.text_output.value
    with pytest.raises(ValueError, match="times=0"):
        widgets.greeting(0)


def test_controls_validate_their_arguments():
    with pytest.raises(ValueError, match="value=9"):
        widgets.slider("x", 9, 1, 5)
    with pytest.raises(ValueError, match="options"):
        widgets.dropdown("x", [])
    with pytest.raises(ValueError, match="options=3"):
        widgets.dropdown("x", 3)
    with pytest.raises(ValueError, match="min='x'"):
        widgets.slider("x", 1, "x", 5)
    with pytest.raises(ValueError, match="description=1"):
        widgets.slider(1, 1, 1, 5)
    with pytest.raises(ValueError, match="times='2'"):
        widgets.greeting("2")
    with pytest.raises(ValueError, match="at least one control"):
        widgets.panel(lambda: "x")
    assert isinstance(widgets.dropdown("pad", ["valid", "same"]), ipywidgets.Dropdown)


# Every widget builder of every lesson: it must start without an error and its first
# slider must change the text. The same script runs again under ipywidgets 7 (Colab).
SWEEP = """
import inspect
import ipywidgets
from utils import widgets

def sweep():
    moved = []
    for name, builder in inspect.getmembers(widgets, inspect.isfunction):
        if not name.endswith("_widget") or builder.__module__ != widgets.__name__:
            continue
        if any(p.default is p.empty for p in inspect.signature(builder).parameters.values()):
            continue
        box = builder()
        assert widgets.ERROR_CLASS not in box.text_output.value, (name, box.text_output.value)
        first = next(iter(box.controls.values()))
        before = box.text_output.value
        step = first.step if first.value + first.step <= first.max else -first.step
        first.value = first.value + step
        assert box.text_output.value != before, f"{name}: moving {first.description} changed nothing"
        moved.append(name)
    return moved
"""


def test_every_widget_builder_starts_clean_and_reacts_to_its_first_slider():
    namespace = {}
    exec(SWEEP, namespace)
    assert "greeting_widget" in namespace["sweep"]()


def test_every_widget_also_works_with_ipywidgets_7_as_on_colab():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    side = root / ".venv" / "ipywidgets7"
    if not (side / "ipywidgets").is_dir():
        if os.environ.get("CI"):
            raise AssertionError(f"{side} is missing: run `make venv` (it installs ipywidgets 7 there)")
        import pytest

        pytest.skip("ipywidgets 7 side copy not installed (make venv installs it)")
    code = SWEEP + "\nassert ipywidgets.__version__.startswith('7.'), ipywidgets.__version__\nprint(sweep())"
    env = dict(os.environ, PYTHONPATH=f"{side}{os.pathsep}{root}", MPLBACKEND="Agg")
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "greeting_widget" in out.stdout
