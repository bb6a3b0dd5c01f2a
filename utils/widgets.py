"""Thin ipywidgets plumbing: sliders wired to plain, testable update functions.

Every interactive in the course is built the same way::

    def update(kernel, stride):           # plain function: testable without a browser
        return f"output length: {conv_output_length(28, kernel, stride)}"

    panel(update, kernel=slider("kernel", 3, 1, 7), stride=slider("stride", 1, 1, 4))

``update`` may return text (shown as HTML), a matplotlib Figure, or a
``(text, figure)`` pair. A ``ValueError`` from it (an impossible setting) is shown
as a friendly message in the panel instead of a traceback.

Only APIs common to ipywidgets 7 (Colab) and 8 are used.
"""

from __future__ import annotations

import html
from typing import Any, Callable

import ipywidgets as widgets
from IPython.display import display

__all__ = ["slider", "dropdown", "panel", "render", "ERROR_CLASS", "OUTPUT_CLASS"]

#: CSS classes the browser test looks for.
PANEL_CLASS = "course-widget"
OUTPUT_CLASS = "course-output"
ERROR_CLASS = "course-error"


def slider(description: str, value: int, min: int, max: int, step: int = 1) -> widgets.IntSlider:
    """An IntSlider that updates when released (keeps redraws cheap while dragging)."""
    if not min <= value <= max:
        raise ValueError(
            f"value must lie between min and max, got value={value}, min={min}, max={max}."
        )
    return widgets.IntSlider(
        value=value, min=min, max=max, step=step, description=description,
        continuous_update=False, style={"description_width": "initial"},
    )


def dropdown(description: str, options: Any, value: Any = None) -> widgets.Dropdown:
    """A Dropdown with the course's styling; ``value`` defaults to the first option."""
    options = list(options)
    if not options:
        raise ValueError("options must not be empty.")
    first = options[0][1] if isinstance(options[0], tuple) else options[0]
    return widgets.Dropdown(
        options=options, value=first if value is None else value,
        description=description, style={"description_width": "initial"},
    )


def render(result: Any) -> tuple[str, Any]:
    """Split an update function's result into ``(html_text, figure_or_None)``."""
    text, figure = "", None
    if isinstance(result, tuple) and len(result) == 2:
        text, figure = result
    elif isinstance(result, str):
        text = result
    elif result is not None:
        figure = result
    body = f"<pre style='margin:0'>{html.escape(text)}</pre>" if text else ""
    return body, figure


def panel(update: Callable[..., Any], **controls: widgets.ValueWidget) -> widgets.VBox:
    """Lay out ``controls`` above the output of ``update(**values)`` and keep it live.

    Returns the VBox; call it as the last line of a cell to show it. The panel's
    ``refresh()`` method re-runs ``update`` (the tests use it).
    """
    if not controls:
        raise ValueError("panel needs at least one control, e.g. kernel=slider(...).")
    text_out = widgets.HTML()
    text_out.add_class(OUTPUT_CLASS)
    fig_out = widgets.Output()

    def refresh(*_):
        import matplotlib.pyplot as plt

        values = {name: control.value for name, control in controls.items()}
        try:
            body, figure = render(update(**values))
        except ValueError as exc:  # an impossible setting: explain it, keep the panel alive
            body, figure = (
                f"<div class='{ERROR_CLASS}' style='color:#b3261e'>"
                f"⚠️ Not possible: {html.escape(str(exc))}</div>", None)
        text_out.value = body
        fig_out.clear_output(wait=True)
        if figure is not None:
            with fig_out:
                display(figure)
            plt.close(figure)  # the Output holds a rendered copy; free the figure

    for control in controls.values():
        control.observe(refresh, names="value")
    box = widgets.VBox([widgets.VBox(list(controls.values())), text_out, fig_out])
    box.add_class(PANEL_CLASS)
    box.refresh = refresh
    box.controls = controls
    box.text_output = text_out
    refresh()
    return box


# ---------------------------------------------------------------------------
# Lesson-specific update functions (plain, tested) and widget builders.
# Keep each lesson's code in its own section below.
# ---------------------------------------------------------------------------

# --- lesson 00 ---------------------------------------------------------------

def greeting(times: int) -> str:
    """Update function of lesson 00's widget check: proves sliders reach the kernel."""
    if times < 1:
        raise ValueError(f"times must be >= 1, got times={times}.")
    return f"Widgets work: the kernel saw the slider at {times}. " + "👋" * times


def greeting_widget() -> widgets.VBox:
    """Lesson 00: one slider whose text changes when it moves."""
    return panel(greeting, times=slider("times", 1, 1, 5))

# --- lesson 01 ---------------------------------------------------------------

# --- lesson 02 ---------------------------------------------------------------

# --- lesson 03 ---------------------------------------------------------------

# --- lesson 04 ---------------------------------------------------------------

# --- lesson 05 ---------------------------------------------------------------

# --- lesson 06 ---------------------------------------------------------------

# --- lesson 07 ---------------------------------------------------------------
