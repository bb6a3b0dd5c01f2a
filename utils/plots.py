"""Generic drawing primitives and the few figures several lessons share.

Two kinds of functions, as matplotlib itself recommends:

* ``draw_x(ax, ...)`` draws on an Axes you give it and returns its artists;
* figure functions (``image_grid``, ``feature_maps``, ``param_bars``) compose them
  and return a detached ``matplotlib.figure.Figure`` (never ``plt.show()``), so the
  same figure shows in a notebook, inside a panel, or in a test.

A lesson's own figures live in ``utils/lessons/lessonNN.py`` and are built from
these primitives. Colours come from the Okabe-Ito palette (safe for colour-blind
readers) and are always paired with a second cue (hatch, marker or text); no text
is smaller than 8 pt.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from utils._validate import whole_number

__all__ = ["PALETTE", "HATCHES", "MARKERS", "MIN_FONT", "new_figure", "draw_number_grid", "draw_bars",
           "image_grid", "feature_maps", "param_bars", "check_axes"]

#: Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: A second cue to pair with each colour (bars, patches) ...
HATCHES = ("", "///", "...", "xx", "\\\\", "++", "oo", "--")
#: ... and for lines and points.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
#: Smallest font size any course figure uses, in points.
MIN_FONT = 8


def _as_list(name: str, value) -> list:
    """``value`` as a list, or a ValueError naming the argument (not a numpy/len() traceback)."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise ValueError(f"{name} must be a list or array, got {name}={value!r}.")
    return list(value)


def _check_size(name: str, value: object, low: float, high: float) -> float:
    """A finite number in ``(low, high]``, or a ValueError naming the argument."""
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not low < value <= high:
        raise ValueError(f"{name} must be a number above {low:g} and at most {high:g}, got {name}={value!r}.")
    return float(value)


def check_axes(ax: object) -> None:
    """Refuse anything but a matplotlib Axes with a ValueError naming ``ax`` (for ``draw_x(ax, ...)``)."""
    if not (hasattr(ax, "add_collection") and hasattr(ax, "text")):
        raise ValueError(f"ax must be a matplotlib Axes (e.g. fig.subplots()), got ax={ax!r}.")


def new_figure(width: float = 6.0, height: float = 3.0) -> Figure:
    """A detached Figure (not registered with pyplot) of the given size in inches (at most 40 x 40)."""
    width, height = _check_size("width", width, 0, 40), _check_size("height", height, 0, 40)
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def image_grid(
    images: np.ndarray, labels: Sequence | None = None, columns: int = 8,
    title: str = "",
) -> Figure:
    """Show ``(N, H, W)`` or ``(N, H, W, C)`` images in a grid with optional labels.

    The grid is ONE image on one Axes (each tile scaled to its own range, as ``imshow``
    would show it alone, framed in grey, with a white gap between tiles) and each label is a
    text above its tile: drawing 16 separate Axes takes about four times as long in a notebook.
    """
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4) or len(images) == 0 or not np.issubdtype(images.dtype, np.number):
        raise ValueError(
            f"images must be numbers of shape (N, H, W) or (N, H, W, C) with N >= 1, got {images.shape}."
        )
    if images.ndim == 4 and images.shape[-1] not in (3, 4):
        raise ValueError(f"images must have 1, 3 or 4 channels (grey, RGB, RGBA), got {images.shape}.")
    columns = whole_number("columns", columns, 1, 32)
    if not isinstance(title, str):
        raise ValueError(f"title must be text, got title={title!r}.")
    if labels is not None:
        if (isinstance(labels, (str, bytes, dict)) or not hasattr(labels, "__len__")
                or len(labels) < len(images)):
            raise ValueError(f"labels must be a list with one label per image, got labels={labels!r}.")
    if len(images) > 256:
        raise ValueError(f"images must hold at most 256 images for one figure, got {len(images)}.")
    n = len(images)
    cols = min(columns, n)
    rows = -(-n // cols)
    height, width = images.shape[1:3]
    longest = max((len(str(label)) for label in labels[:n]), default=0) if labels is not None else 0
    # Between columns (wider for long labels, so neighbours' labels do not touch); rows leave room for labels.
    gap = max(1, round((0.3 if longest > 12 else 0.12) * width))
    row_gap = max(2, round(0.3 * height)) if labels is not None else gap
    grey = images.ndim == 3
    tiles = images.astype("float64")
    if grey:  # each tile on its own scale, as imshow alone would show it
        low = tiles.min(axis=(1, 2), keepdims=True)
        span = tiles.max(axis=(1, 2), keepdims=True) - low
        tiles = np.where(span > 0, (tiles - low) / np.where(span > 0, span, 1), 0.0)
    elif images.dtype.kind in "ui":  # RGB(A) bytes, as imshow reads them
        tiles = tiles / 255.0
    mosaic = np.full((rows * (height + row_gap) - row_gap, cols * (width + gap) - gap, *tiles.shape[3:]),
                     np.nan if grey else 1.0)
    for i in range(n):
        r, c = divmod(i, cols)
        top, left = r * (height + row_gap), c * (width + gap)
        mosaic[top:top + height, left:left + width] = tiles[i]
    inches = max(1.1, 0.075 * longest + 0.2)  # per column: room for the longest label at 9 pt
    tall = inches * rows * (height + row_gap) / (width + gap)
    fig = new_figure(inches * cols, tall + (0.3 if title else 0))
    ax = fig.subplots()
    ax.axis("off")
    if grey:
        ax.imshow(mosaic, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    else:
        ax.imshow(np.clip(mosaic, 0, 1), interpolation="nearest")
    # A thin frame shows each image's extent (a digit on a blank canvas has no visible edge).
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    ax.add_collection(PatchCollection(
        [Rectangle((c * (width + gap) - 0.5, r * (height + row_gap) - 0.5), width, height)
         for r, c in (divmod(i, cols) for i in range(n))],
        facecolor="none", edgecolor="0.6", linewidth=0.8, clip_on=False))  # edges lie on the Axes border
    if labels is not None:
        for i in range(n):
            r, c = divmod(i, cols)
            ax.text(c * (width + gap) + (width - 1) / 2, r * (height + row_gap) - 0.6, str(labels[i]),
                    ha="center", va="bottom", fontsize=9)
    if title:
        fig.suptitle(title)
    return fig


def feature_maps(fmap: np.ndarray, max_channels: int = 8, title: str = "") -> Figure:
    """Show the channels of one feature map ``(H, W, C)`` side by side."""
    max_channels = whole_number("max_channels", max_channels, 1, 64)
    if not isinstance(title, str):
        raise ValueError(f"title must be text, got title={title!r}.")
    fmap = np.asarray(fmap)
    if fmap.ndim != 3 or fmap.size == 0 or not np.issubdtype(fmap.dtype, np.number):
        raise ValueError(f"fmap must be numbers of shape (H, W, C), got shape {fmap.shape}.")
    channels = min(fmap.shape[-1], max_channels)
    fig = new_figure(1.6 * channels, 1.9)
    axes = np.atleast_1d(fig.subplots(1, channels, squeeze=False).ravel())
    for c, ax in enumerate(axes):
        ax.imshow(fmap[..., c], cmap="viridis")
        ax.set_title(f"channel {c}", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    if title:
        fig.suptitle(title)
    return fig


def draw_bars(ax, names: Sequence[str], values: Sequence[float], fmt: str = "{:,}",
              total: float | None = None) -> list:
    """Horizontal bars, first name on top, each labelled with its value (and share of ``total``).

    Returns the bar artists. Bars are hatched in turn, so neighbours differ in more than colour.
    """
    check_axes(ax)
    if not isinstance(fmt, str):
        raise ValueError(f"fmt must be a format string such as '{{:,}}', got fmt={fmt!r}.")
    names, values = _as_list("names", names), _as_list("values", values)
    if len(names) > 100:
        raise ValueError(f"names must hold at most 100 bars, got {len(names)}.")
    if not all(isinstance(v, (int, float, np.integer, np.floating)) and np.isfinite(v) for v in values):
        raise ValueError(f"values must be finite numbers, got values={values!r}.")
    if total is not None:
        _check_size("total", total, 0, float("inf"))
    if len(names) != len(values) or not names:
        raise ValueError(
            f"names and values must be non-empty and the same length, got {len(names)} and {len(values)}."
        )
    y = np.arange(len(names))[::-1]
    bars = ax.barh(y, values, color=PALETTE[0], edgecolor="white")
    for i, bar in enumerate(bars):
        bar.set_hatch(HATCHES[i % 2])
    ax.set_yticks(y, [str(n) for n in names])
    ax.tick_params(labelsize=9)
    for yi, v in zip(y, values):
        share = f" ({100 * v / total:.1f}%)" if total else ""
        ax.text(v, yi, f" {fmt.format(v)}{share}", va="center", fontsize=9)
    ax.set_xlim(0, max(values) * 1.45 + 1)
    return list(bars)


def param_bars(names: Sequence[str], params: Sequence[int], title: str = "Parameters per layer") -> Figure:
    """Horizontal bars of parameter counts, each labelled with its count and share of the total."""
    names, params = _as_list("names", names), _as_list("params", params)
    try:
        params = [int(p) for p in params]
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"params must be whole numbers, got params={params!r}.") from None
    if len(names) != len(params) or not names:
        raise ValueError(
            f"names and params must be non-empty and the same length, got {len(names)} and {len(params)}.")
    fig = new_figure(7, min(0.45 * len(names) + 1.2, 40))
    ax = fig.subplots()
    draw_bars(ax, names, params, total=sum(params) or 1)
    ax.set_xlabel("parameters")
    ax.set_title(title)
    return fig


def draw_number_grid(ax, grid: np.ndarray, vmax: float | None = None, cmap: str = "Blues",
                     fontsize: float = 9) -> list:
    """Draw a 2-D array as labelled cells on ``ax`` (row 0 at the top); returns the patch collection
    and the texts. Cells are shaded by value, and every cell also shows its number."""
    import matplotlib as mpl
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    grid = np.asarray(grid)
    if grid.ndim != 2 or grid.size == 0 or grid.size > 400 or not np.issubdtype(grid.dtype, np.number):
        raise ValueError(f"grid must be a 2-D array of numbers with 1-400 cells, got shape {grid.shape}.")
    if isinstance(fontsize, bool) or not isinstance(fontsize, (int, float)) or not MIN_FONT <= fontsize <= 40:
        raise ValueError(f"fontsize must be from {MIN_FONT} to 40 pt, got fontsize={fontsize!r}.")
    check_axes(ax)
    if not isinstance(cmap, str) or cmap not in mpl.colormaps:
        raise ValueError(f"cmap must be a matplotlib colormap name such as 'Blues', got cmap={cmap!r}.")
    if vmax is not None:
        _check_size("vmax", vmax, 0, float("inf"))
    finite = np.abs(grid[np.isfinite(grid)]) if grid.dtype.kind == "f" else np.abs(grid)
    vmax = (float(finite.max()) if finite.size else 1.0) if vmax is None else float(vmax)
    colours = mpl.colormaps[cmap]
    rows, cols = grid.shape
    cells, faces, texts = [], [], []
    for r in range(rows):
        for c in range(cols):
            value = grid[r, c]
            shade = 0.15 + 0.6 * (float(value) / vmax if vmax else 0.0)
            cells.append(Rectangle((c, rows - 1 - r), 1, 1))
            faces.append(colours(shade))
            label = f"{value:g}" if isinstance(value, (float, np.floating)) else str(value)
            texts.append(ax.text(c + 0.5, rows - 0.5 - r, label, ha="center", va="center",
                                 fontsize=fontsize, color="white" if shade > 0.55 else "black"))
    patches = ax.add_collection(PatchCollection(cells, facecolors=faces, edgecolors="white", linewidths=1.5))
    ax.set_xlim(0, cols)
    ax.set_ylim(0, rows)
    ax.set_aspect("equal")
    ax.axis("off")
    return [patches, *texts]
