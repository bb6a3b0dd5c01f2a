"""Generic drawing primitives and the few figures several lessons share.

``draw_x(ax, ...)`` functions draw on an Axes you give them and return their artists; figure functions
return a detached ``matplotlib.figure.Figure`` (never ``plt.show()``), which shows in a notebook, inside a
panel or in a test alike. Colours come from the Okabe-Ito palette (safe for colour-blind readers) and
always have a second cue (hatch, marker or text); no text is smaller than 8 pt.
"""

from __future__ import annotations

import math

import matplotlib as mpl
import numpy as np
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from utils import alt_text
from utils._validate import Array, Real, Test, Text, Whole, validated

__all__ = ["PALETTE", "HATCHES", "MARKERS", "MIN_FONT", "new_figure", "draw_number_grid",
           "image_grid", "feature_maps", "param_bars", "check_axes"]

#: Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: A second cue to pair with each colour (bars, patches) ...
HATCHES = ("", "///", "...", "xx", "\\\\", "++", "oo", "--")
#: ... and for lines and points.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
#: Smallest font size any course figure uses, in points.
MIN_FONT = 8


Axes = Test(lambda ax: hasattr(ax, "add_collection") and hasattr(ax, "text"),
            "a matplotlib Axes (e.g. fig.subplots())")
ListOf = Test(lambda v: not isinstance(v, (str, bytes, dict)) and hasattr(v, "__len__") and 0 < len(v) <= 100,
              "a list of 1 to 100 entries")
Colormap = Test(lambda v: isinstance(v, str) and v in mpl.colormaps,
                "a matplotlib colormap name such as 'Blues'")


@validated
def check_axes(ax: Axes) -> None:
    """Refuse anything but a matplotlib Axes with a ValueError naming ``ax`` (for ``draw_x(ax, ...)``)."""


@validated
def new_figure(width: Real(0, 40, open=True) = 6.0, height: Real(0, 40, open=True) = 3.0) -> Figure:
    """A detached Figure (not registered with pyplot) of the given size in inches (below 40 x 40)."""
    return Figure(figsize=(width, height), layout="constrained")


@validated
def image_grid(images: Array("numbers of shape (N, H, W) or (N, H, W, C) with 1 <= N <= 256", (3, 4), 10**7),
               labels: ListOf | None = None, columns: Whole(1, 32) = 8, title: Text = "") -> Figure:
    """Show ``(N, H, W)`` or ``(N, H, W, C)`` images in a grid with optional labels.

    The grid is ONE image on one Axes (each tile on its own scale, as ``imshow`` would show it alone,
    framed in grey), each label a text above its tile: 16 separate Axes take four times as long to draw.
    """
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if (images.ndim == 4 and images.shape[-1] not in (3, 4)) or len(images) > 256:
        raise ValueError(f"images must be at most 256 images with 1, 3 or 4 channels (grey, RGB, RGBA), "
                         f"got shape {images.shape}.")
    if labels is not None and len(labels) < len(images):
        raise ValueError(f"labels must hold one label per image ({len(images)}), got {len(labels)}.")
    n, (height, width), grey = len(images), images.shape[1:3], images.ndim == 3
    cols = min(columns, n)
    rows = -(-n // cols)
    longest = max((len(str(label)) for label in labels[:n]), default=0) if labels is not None else 0
    # Between columns (wider for long labels, so neighbours' labels do not touch); rows leave room for labels.
    gap = max(1, round((0.3 if longest > 12 else 0.12) * width))
    row_gap = max(2, round(0.3 * height)) if labels is not None else gap
    corners = [(r * (height + row_gap), c * (width + gap)) for r, c in (divmod(i, cols) for i in range(n))]
    tiles = images.astype("float64")
    if grey:  # each tile on its own scale, as imshow alone would show it
        low = tiles.min(axis=(1, 2), keepdims=True)
        span = tiles.max(axis=(1, 2), keepdims=True) - low
        tiles = np.where(span > 0, (tiles - low) / np.where(span > 0, span, 1), 0.0)
    elif images.dtype.kind in "ui":  # RGB(A) bytes, as imshow reads them
        tiles = tiles / 255.0
    mosaic = np.full((rows * (height + row_gap) - row_gap, cols * (width + gap) - gap, *tiles.shape[3:]),
                     np.nan if grey else 1.0)
    for (top, left), tile in zip(corners, tiles):
        mosaic[top:top + height, left:left + width] = tile
    inches = max(1.1, 0.075 * longest + 0.2)  # per column: room for the longest label at 9 pt
    tall = inches * rows * (height + row_gap) / (width + gap)
    fig = new_figure(inches * cols, tall + (0.3 if title else 0))
    ax = fig.subplots()
    ax.axis("off")
    if grey:
        ax.imshow(mosaic, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
    else:
        ax.imshow(np.clip(mosaic, 0, 1), interpolation="nearest")
    # A thin frame shows each image's extent (a digit on a blank canvas has no visible edge); the frames
    # of the outer tiles lie on the Axes' border, hence clip_on=False.
    frames = [Rectangle((left - 0.5, top - 0.5), width, height) for top, left in corners]
    ax.add_collection(PatchCollection(frames, facecolor="none", edgecolor="0.6", linewidth=0.8,
                                      clip_on=False))
    for (top, left), label in zip(corners, [] if labels is None else labels):
        ax.text(left + (width - 1) / 2, top - 0.6, str(label), ha="center", va="bottom", fontsize=9)
    if title:
        fig.suptitle(title)
    shown_labels = [] if labels is None else [str(label) for label in labels[:12]] + ["..."] * (n > 12)
    named = "; labels: " + ", ".join(shown_labels) if shown_labels else ""
    kind = f"{n} {'grey' if grey else 'colour'} image{'s' * (n > 1)} of {height} x {width} pixels"
    return alt_text.notice(fig, f"{kind} in {rows} row{'s' * (rows > 1)} of {cols}{named}.", whole=True)


@validated
def feature_maps(fmap: Array("numbers of shape (H, W, C)", (3,), 10**7), max_channels: Whole(1, 64) = 8,
                 title: Text = "") -> Figure:
    """Show the channels of one feature map ``(H, W, C)``, four to a row (eight are wider than a web page).
    Each panel has its own colour scale, so each title gives its channel's max: two equally bright panels
    may differ a lot in value."""
    channels = min(fmap.shape[-1], max_channels)
    columns, rows = min(channels, 4), math.ceil(channels / 4)
    fig = new_figure(1.6 * columns, 1.9 * rows)
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    for ax in axes[channels:]:
        ax.set_axis_off()  # the last row's empty places
    for c, ax in enumerate(axes[:channels]):
        ax.imshow(fmap[..., c], cmap="viridis")
        ax.set_title(f"channel {c}, max {float(fmap[..., c].max()):.2f}", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    if title:
        fig.suptitle(title)
    return fig


@validated
def param_bars(names: ListOf, params: Array("whole numbers, one per name", (1,), 100),
               title: Text = "Parameters per layer") -> Figure:
    """Horizontal bars of parameter counts, each labelled with its count and share of the total, hatched
    in turn so that neighbours differ in more than colour."""
    if len(names) != len(params) or not np.issubdtype(params.dtype, np.integer):
        raise ValueError(f"names and params must be the same length and params whole numbers, got "
                         f"{len(names)} names and params of {params.dtype} {params.shape}.")
    values, total = [int(p) for p in params], max(int(params.sum()), 1)
    fig = new_figure(7, min(0.45 * len(names) + 1.2, 39))
    ax = fig.subplots()
    y = np.arange(len(names))[::-1]
    bars = ax.barh(y, values, color=PALETTE[0], edgecolor="white")
    for i, bar in enumerate(bars):
        bar.set_hatch(HATCHES[i % 2])
    ax.set_yticks(y, [str(n) for n in names])
    ax.tick_params(labelsize=9)
    for yi, v in zip(y, values):
        ax.text(v, yi, f" {v:,} ({100 * v / total:.1f}%)", va="center", fontsize=9)
    ax.set_xlim(0, max(values) * 1.45 + 1)
    ax.set_xlabel("parameters")
    ax.set_title(title)
    return fig


@validated
def draw_number_grid(ax: Axes, grid: Array("a 2-D array of numbers with 1-400 cells", (2,), 400),
                     vmax: Real(0, open=True) | None = None, cmap: Colormap = "Blues",
                     fontsize: Real(MIN_FONT, 40) = 9) -> list:
    """Draw a 2-D array on ``ax`` as cells (row 0 at the top) shaded by value, each showing its number;
    returns the patch collection and the texts."""
    finite = np.abs(grid[np.isfinite(grid)]) if grid.dtype.kind == "f" else np.abs(grid)
    vmax = (float(finite.max()) if finite.size else 1.0) if vmax is None else float(vmax)
    rows, cols = grid.shape
    cells, faces, texts = [], [], []
    for (r, c), value in np.ndenumerate(grid):
        shade = 0.15 + 0.6 * (float(value) / vmax if vmax else 0.0)
        cells.append(Rectangle((c, rows - 1 - r), 1, 1))
        faces.append(mpl.colormaps[cmap](shade))
        label = f"{value:g}" if isinstance(value, (float, np.floating)) else str(value)
        texts.append(ax.text(c + 0.5, rows - 0.5 - r, label, ha="center", va="center",
                             fontsize=fontsize, color="white" if shade > 0.55 else "black"))
    patches = ax.add_collection(PatchCollection(cells, facecolors=faces, edgecolors="white", linewidths=1.5))
    ax.set_xlim(0, cols)
    ax.set_ylim(0, rows)
    ax.set_aspect("equal")
    ax.axis("off")
    return [patches, *texts]
