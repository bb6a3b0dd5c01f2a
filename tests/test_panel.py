"""utils.panel: panels call plain update functions, survive impossible settings, and replace themselves."""

import ipywidgets
import pytest
from matplotlib.figure import Figure

from utils import panel, plots
from utils.panel import Panel, dropdown, slider


def test_a_panel_shows_the_update_text_and_follows_its_slider():
    calls = []

    def update(n):
        calls.append(n)
        return f"n squared is {n * n}"

    box = Panel(update, n=slider("n", 2, 1, 5))
    assert isinstance(box, ipywidgets.VBox)
    assert "n squared is 4" in box.text_output.value
    box.controls["n"].value = 3
    assert "n squared is 9" in box.text_output.value and calls == [2, 3]
    assert box.update_function is update and box.values() == {"n": 3}
    assert panel.PANEL_CLASS in box._dom_classes
    assert panel.OUTPUT_CLASS in box.text_output._dom_classes


def test_an_impossible_setting_shows_a_friendly_message_not_a_traceback():
    def update(kernel):
        if kernel > 3:
            raise ValueError(f"kernel={kernel} is larger than the input (3)")
        return "fine"

    box = Panel(update, kernel=slider("kernel", 3, 1, 5))
    box.controls["kernel"].value = 5
    assert panel.ERROR_CLASS in box.text_output.value
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

    box = Panel(update, n=slider("n", 2, 1, 3))
    assert bytes(box.figure_output.value).startswith(b"\x89PNG") and box.figure_output.layout.display is None
    assert box.figure_output.width == str(2 * panel.FIGURE_DPI)  # shown at its own pixel size
    box.controls["n"].value = 1
    assert box.figure_output.layout.display == "none"
    with pytest.raises(ValueError, match="figure must be a matplotlib Figure"):
        panel.figure_png("not a figure")


def test_text_is_escaped_and_figures_are_rendered_separately():
    body, fig = panel.render(("a < b", plots.new_figure()))
    assert "a &lt; b" in body and isinstance(fig, Figure)
    assert panel.render(None) == ("", None)


def test_closing_a_panel_stops_it_listening_to_its_controls():
    box = Panel(lambda n: f"n={n}", n=slider("n", 2, 1, 5))
    control = box.controls["n"]
    box.close()
    box.close()  # twice is harmless (ipywidgets closes again when collecting garbage)
    control.value = 4
    assert box.text_output.value.endswith("n=2</pre>")


def test_running_the_same_cell_again_closes_the_panels_it_built_before(monkeypatch):
    state = {"cell": "cell-a", "count": 1}
    monkeypatch.setattr(panel, "_running_cell", lambda: (state["cell"], state["count"]))
    first = Panel(lambda n: str(n), n=slider("n", 1, 1, 3))
    second = Panel(lambda n: str(n), n=slider("n", 1, 1, 3))  # same run of the cell: both stay
    assert not getattr(first, "_closed", False) and not getattr(second, "_closed", False)
    state["cell"] = "cell-b"
    other = Panel(lambda n: str(n), n=slider("n", 1, 1, 3))  # another cell: nothing closes
    assert not getattr(first, "_closed", False)
    state.update(cell="cell-a", count=2)
    Panel(lambda n: str(n), n=slider("n", 1, 1, 3))  # cell-a runs again: its old panels go
    assert first._closed and second._closed and not getattr(other, "_closed", False)


def test_outside_a_kernel_no_panel_is_closed():
    assert panel._running_cell() == (None, None)


def test_controls_validate_their_arguments():
    with pytest.raises(ValueError, match="value=9"):
        slider("x", 9, 1, 5)
    with pytest.raises(ValueError, match="options"):
        dropdown("x", [])
    with pytest.raises(ValueError, match="options=3"):
        dropdown("x", 3)
    with pytest.raises(ValueError, match="value='full'"):
        dropdown("x", ["valid", "same"], value="full")
    with pytest.raises(ValueError, match="min='x'"):
        slider("x", 1, "x", 5)
    with pytest.raises(ValueError, match="description must be text, got description=1"):
        slider(1, 1, 1, 5)
    with pytest.raises(ValueError, match="at least one control"):
        Panel(lambda: "x")
    with pytest.raises(ValueError, match="n=3"):
        Panel(lambda n: "x", n=3)
    with pytest.raises(ValueError, match="update must be a function"):
        Panel("x", n=slider("n", 1, 1, 2))
    assert isinstance(dropdown("pad", ["valid", "same"]), ipywidgets.Dropdown)
    assert dropdown("pad", [("p = 1", 1), ("p = 2", 2)]).value == 1


def _registered() -> int:
    """Widget models alive in the kernel (ipywidgets 8: Widget.widgets; 7: the same name)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return len(ipywidgets.Widget.widgets)


def test_closing_a_panel_unregisters_every_widget_model_it_made():
    before = _registered()
    for _ in range(3):
        box = Panel(lambda n, pad: f"{n} {pad}", n=slider("n", 2, 1, 5),
                    pad=dropdown("pad", ["valid", "same"]))
        assert _registered() > before
        box.close()
    assert _registered() == before  # no layouts, styles or inner boxes left behind (was 18 per panel)


def test_closing_every_registered_panel_of_the_course_leaves_nothing(monkeypatch):
    from utils import lessons

    before = _registered()
    for _name, builder in lessons.all_panels():
        builder().close()
    assert _registered() == before


def test_closing_a_panel_unregisters_its_widgets_on_ipywidgets_7_too():
    """Colab ships ipywidgets 7; the venv keeps a copy in .venv/ipywidgets7 for this side test."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    seven = root / ".venv" / "ipywidgets7"
    if not (seven / "ipywidgets").is_dir():
        pytest.skip("no ipywidgets 7 copy in .venv/ipywidgets7")
    code = ("import warnings; warnings.simplefilter('ignore')\n"
            "import ipywidgets as w; from utils import panel\n"
            "assert w.__version__.startswith('7'), w.__version__\n"
            "before = len(w.Widget.widgets)\n"
            "p = panel.Panel(lambda n, pad: str(n), n=panel.slider('n', 2, 1, 5), "
            "pad=panel.dropdown('pad', ['a', 'b']))\n"
            "made = len(w.Widget.widgets) - before; p.close()\n"
            "print(made, len(w.Widget.widgets) - before)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=root,
                         env={**os.environ, "PYTHONPATH": f"{seven}{os.pathsep}{root}"})
    assert out.returncode == 0, out.stderr[-2000:]
    made, left = map(int, out.stdout.split())
    assert made > 0 and left == 0
