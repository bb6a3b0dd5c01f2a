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
    with pytest.raises(ValueError, match="at least one control"):
        widgets.panel(lambda: "x")
    assert isinstance(widgets.dropdown("pad", ["valid", "same"]), ipywidgets.Dropdown)
