"""Widget panels: controls wired to a plain, testable update function.

Every interactive in the course is built the same way::

    def update(kernel, stride):           # plain function: testable without a browser
        return f"output length: {conv_output_length(28, kernel, stride)}"

    Panel(update, kernel=slider("kernel", 3, 1, 7), stride=slider("stride", 1, 1, 4))

``update`` returns text, a matplotlib Figure (shown as one PNG) or a ``(text, figure)`` pair; a
``ValueError`` from it (an impossible setting) shows as a friendly message instead of a traceback.
Only APIs common to ipywidgets 7 (Colab) and 8 are used.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from utils._validate import Real, Test, Text, Whole, shown, validated, whole_number

__all__ = ["Panel", "slider", "dropdown", "render", "figure_png", "error_html",
           "PANEL_CLASS", "OUTPUT_CLASS", "FIGURE_CLASS", "ERROR_CLASS", "FIGURE_DPI"]

#: CSS classes the browser test and the website look for.
PANEL_CLASS = "course-widget"
OUTPUT_CLASS = "course-output"
FIGURE_CLASS = "course-figure"
ERROR_CLASS = "course-error"
FIGURE_DPI = 90  # pixels per inch of the PNGs that panels show


Options = Test(lambda value: isinstance(value, (list, tuple)) and len(value) > 0,
               "a non-empty list of values or (label, value) pairs")


@validated
def slider(description: Text, value: Whole(None), min: Whole(None), max: Whole(None),  # noqa: A002
           step: Whole(1) = 1) -> widgets.IntSlider:
    """An IntSlider that updates when released (keeps redraws cheap while dragging)."""
    whole_number("value", value, min, max)
    return widgets.IntSlider(value=value, min=min, max=max, step=step, description=description,
                             continuous_update=False, style={"description_width": "initial"})


@validated
def dropdown(description: Text, options: Options, value: Any = None) -> widgets.Dropdown:
    """A Dropdown; ``options`` are values or ``(label, value)`` pairs, ``value`` defaults to the first."""
    values = [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in options]
    if value is not None and not any(value is v or (type(value) is type(v) and value == v) for v in values):
        raise ValueError(f"value must be one of the options {shown(values)}, got value={shown(value)}.")
    return widgets.Dropdown(options=options, value=values[0] if value is None else value,
                            description=description, style={"description_width": "initial"})


def render(result: Any) -> tuple[str, Any]:
    """Split an update function's result into ``(html_text, figure_or_None)``."""
    text, figure = "", None
    if isinstance(result, tuple) and len(result) == 2:
        text, figure = result
    elif isinstance(result, str):
        text = result
    elif result is not None:
        figure = result
    if (figure is not None and not hasattr(figure, "savefig")) or not isinstance(text, str):
        raise TypeError(f"result must be text, a Figure or (text, Figure), got result={shown(result)}.")
    body = f"<pre style='margin:0'>{html.escape(text)}</pre>" if text else ""
    return body, figure


def error_html(exc: Exception) -> str:
    """How a panel shows an impossible setting (a ValueError from its update function)."""
    return f"<div class='{ERROR_CLASS}' style='color:#b3261e'>⚠️ Not possible: {html.escape(str(exc))}</div>"


@validated
def figure_png(figure: Test(lambda f: hasattr(f, "savefig"), "a matplotlib Figure"),
               dpi: Real(10, 600) = FIGURE_DPI) -> bytes:
    """Render a matplotlib Figure to PNG bytes once and release it."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    plt.close(figure)  # harmless for detached figures; frees pyplot ones
    return buffer.getvalue()


def _running_cell() -> tuple[str | None, int | None]:
    """``(cell id, execution count)`` of the cell the kernel is running, when the front end says."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
        kernel = getattr(shell, "kernel", None)
        getter = getattr(kernel, "get_parent", None)
        header = getter("shell") if getter else getattr(kernel, "_parent_header", {})
        cell = (header or {}).get("metadata", {}).get("cellId")
        return (cell, shell.execution_count) if cell else (None, None)
    except Exception:  # outside a kernel, or an older kernel: no replacement, nothing breaks
        return None, None


class Panel(widgets.VBox):
    """Controls above the output of ``update(**values)``, kept live; show it as a cell's last expression.

    ``refresh()`` re-runs ``update``; ``update_function`` and ``controls`` are public so that tests can
    call the same plain function a slider calls. Re-running the cell that built a panel closes the
    panels that cell built before (JupyterLab and Notebook 7 tell the kernel which cell runs).
    """

    # cell id -> (execution count, panels that run of the cell built)
    _by_cell: dict[str, tuple[int, list[Panel]]] = {}

    def __init__(self, update: Callable[..., Any], **controls: widgets.ValueWidget):
        if not callable(update) or not controls:
            raise ValueError(f"update must be a function and a Panel needs at least one control, e.g. "
                             f"Panel(update, kernel=slider(...)), got update={shown(update)}.")
        for name, control in controls.items():
            if not isinstance(control, widgets.ValueWidget):
                raise ValueError(f"{name} must be a widget such as slider(...), got {name}={shown(control)}.")
        self.update_function = update
        self.controls = dict(controls)
        self.text_output = widgets.HTML()
        self.text_output.add_class(OUTPUT_CLASS)
        self.figure_output = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.figure_output.add_class(FIGURE_CLASS)
        super().__init__([widgets.VBox(list(controls.values())), self.text_output, self.figure_output])
        self.add_class(PANEL_CLASS)
        for control in controls.values():
            control.observe(self.refresh, names="value")
        self._replace_panels_of_this_cell()
        self.refresh()

    def _replace_panels_of_this_cell(self) -> None:
        cell, count = _running_cell()
        if cell is None:
            return
        seen_count, panels = Panel._by_cell.get(cell, (count, []))
        if seen_count != count:  # the cell runs again: its old panels are replaced
            for old in panels:
                old.close()
            panels = []
        Panel._by_cell[cell] = (count, [*panels, self])

    def values(self) -> dict:
        """The current value of every control, by the update function's argument names."""
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self, *_: Any) -> None:
        """Re-run the update function with the current values and show its result."""
        try:
            body, figure = render(self.update_function(**self.values()))
        except ValueError as exc:  # an impossible setting: explain it, keep the panel alive
            body, figure = error_html(exc), None
        self.text_output.value = body
        if figure is None:
            self.figure_output.layout.display = "none"
        else:
            # Show the PNG at its own pixel size (a stretched image looks blurry).
            self.figure_output.width = str(int(figure.get_size_inches()[0] * FIGURE_DPI))
            self.figure_output.value = figure_png(figure)
            self.figure_output.layout.display = None

    def close(self) -> None:
        """Stop listening to the controls and close the panel and every widget model it made (children,
        their layouts and styles), so nothing stays registered in the kernel."""
        if getattr(self, "_closed", False):  # ipywidgets calls close() again on garbage collection
            return
        self._closed = True
        for control in getattr(self, "controls", {}).values():  # absent if __init__ refused its arguments
            control.unobserve(self.refresh, names="value")
        for widget in _widget_tree(self):
            if widget is not self:
                widget.close()
        super().close()


def _widget_tree(root: widgets.Widget) -> list:
    """``root`` and every widget model it holds: children and any trait that is a widget (layout, style)."""
    found, todo = {}, [root]
    while todo:
        widget = todo.pop()
        if isinstance(widget, widgets.Widget) and id(widget) not in found:
            found[id(widget)] = widget
            todo += [*getattr(widget, "children", ()), *(getattr(widget, name, None) for name in widget.keys)]
    return list(found.values())
