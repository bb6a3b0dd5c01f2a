"""A text description of every course figure, for screen readers and the website's alt text.

It is read from the figure itself (titles, axis labels, what each Axes holds, legend entries), so it
always says what is plotted; a figure function may add what to notice::

    alt_text.notice(plots.param_bars(...), "the Dense layer after Flatten holds 98% of the parameters")
"""

from __future__ import annotations

from typing import Any

__all__ = ["describe", "notice", "register"]


def notice(figure: Any, text: str, whole: bool = False) -> Any:
    """Attach what a reader should notice in ``figure`` (added to its description; with ``whole``, it IS
    the description, for a picture whose parts say less, e.g. a grid of images drawn as one); returns it."""
    figure.course_notice = str(text).strip()
    figure.course_notice_whole = whole
    return figure


def _axes_text(ax: Any) -> str:
    """What one Axes shows: its kind of content, title and axis labels."""
    kinds = []
    if ax.images:
        rows, cols = ax.images[0].get_array().shape[:2]
        kinds.append(f"{len(ax.images)} image{'s' * (len(ax.images) > 1)} of {rows} x {cols} cells"
                     if len(ax.images) > 1 else f"an image of {rows} x {cols} cells")
    # The bars that bar()/barh() drew, not every Rectangle (an axvspan or a box drawn on an image is one too).
    bars = [p for c in ax.containers if type(c).__name__ == "BarContainer" for p in c]
    if bars:
        kinds.append(f"{len(bars)} bars")
    lines = [line for line in ax.lines if line.get_visible() and len(line.get_xdata()) > 1]
    if lines:
        kinds.append(f"{len(lines)} line{'s' * (len(lines) > 1)}")
    points = [c for c in ax.collections if type(c).__name__ == "PathCollection"]
    if points:
        kinds.append(f"{sum(len(c.get_offsets()) for c in points)} points")
    texts = [" ".join(t.get_text().split()) for t in ax.texts if t.get_text().strip()]
    if texts and not kinds:
        shown = ", ".join(f'"{t}"' for t in list(dict.fromkeys(texts))[:4])
        kinds.append(f"{len(texts)} labels ({shown}{', ...' if len(set(texts)) > 4 else ''})")
    parts = [f'"{ax.get_title()}"' if ax.get_title() else "", ", ".join(kinds)]
    labels = [label for label in (ax.get_xlabel(), ax.get_ylabel()) if label]
    if labels:
        parts.append("axes: " + " against ".join(reversed(labels)) if len(labels) == 2
                     else "axis: " + labels[0])
    legend = ax.get_legend()
    entries = [t.get_text() for t in legend.get_texts() if t.get_text()] if legend is not None else []
    if entries:
        parts.append("key: " + "; ".join(entries))
    return ", ".join(p for p in parts if p)


def describe(figure: Any) -> str:
    """One paragraph saying what ``figure`` plots (and, if attached, what to notice)."""
    shown = [ax for ax in figure.get_axes()
             if ax.get_visible() and (ax.has_data() or ax.texts or ax.get_title())]
    title = figure._suptitle.get_text() if getattr(figure, "_suptitle", None) else ""
    title = title or next((t.get_text() for t in figure.texts if t.get_text().strip()), "")
    title = " ".join(title.split())
    panels = [p for p in map(_axes_text, shown) if p]
    distinct = list(dict.fromkeys(panels))
    if len(panels) == 1:
        body = f"A figure: {panels[0]}."
    elif panels:
        body = (f"A figure of {len(panels)} panels: " + " | ".join(distinct[:8])
                + (" | ..." if len(distinct) > 8 else "") + ".")
    else:
        body = "A figure."
    extra = getattr(figure, "course_notice", "")
    if extra and (getattr(figure, "course_notice_whole", False)
                  or all(" labels (" in p and "," not in p.split(" labels (")[0] for p in panels)):
        # a picture drawn with text labels: its own description says more than the list of its labels
        body, extra = f"A figure: {extra[:1].lower()}{extra[1:]}", ""
    return " ".join(part for part in ((f'"{title}".' if title else ""), body, extra) if part)


def register() -> None:
    """In an IPython kernel, show each figure's description as its plain-text form (idempotent): what a
    screen reader or a text-only front end shows instead of ``<Figure size 640x480 with 1 Axes>``.

    ``%matplotlib inline`` removes every display formatter of Figure when it runs (the set-up cell
    runs it after importing utils), so the description is put back before each cell runs.
    """
    try:
        from IPython import get_ipython
        from matplotlib.figure import Figure
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or getattr(shell, "_course_alt_text", False):
        return
    formatter = shell.display_formatter.formatters["text/plain"]

    def ensure(*_: Any) -> None:
        if Figure not in formatter.type_printers:
            formatter.for_type(Figure, lambda fig, p, cycle: p.text(describe(fig)))

    ensure()
    shell.events.register("pre_run_cell", ensure)
    shell._course_alt_text = True
