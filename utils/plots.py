"""Matplotlib figures used across the lessons.

Every function returns a ``matplotlib.figure.Figure`` (it never calls
``plt.show()``), so the same figure can be shown statically in a notebook,
inside a widget, or checked in a test. Figures are built with the object API
(``Figure()``), so they are not kept alive by pyplot's global state.
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
from matplotlib.figure import Figure

__all__ = ["new_figure", "image_grid", "feature_maps", "param_bars", "training_curves"]


def new_figure(width: float = 6.0, height: float = 3.0) -> Figure:
    """A detached Figure (not registered with pyplot) of the given size in inches."""
    if width <= 0 or height <= 0:
        raise ValueError(f"figure size must be positive, got width={width}, height={height}.")
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def image_grid(
    images: np.ndarray, labels: Optional[Sequence] = None, columns: int = 8,
    title: str = "",
) -> Figure:
    """Show ``(N, H, W)`` or ``(N, H, W, C)`` images in a grid with optional labels."""
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4) or len(images) == 0:
        raise ValueError(
            f"images must have shape (N, H, W) or (N, H, W, C) with N >= 1, got {images.shape}."
        )
    if columns < 1:
        raise ValueError(f"columns must be >= 1, got columns={columns}.")
    n = len(images)
    cols = min(columns, n)
    rows = -(-n // cols)
    fig = new_figure(1.1 * cols, 1.2 * rows + (0.3 if title else 0))
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False).ravel())
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i < n:
            ax.imshow(images[i], cmap="gray_r" if images.ndim == 3 else None)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=9)
    if title:
        fig.suptitle(title)
    return fig


def feature_maps(fmap: np.ndarray, max_channels: int = 8, title: str = "") -> Figure:
    """Show the channels of one feature map ``(H, W, C)`` side by side."""
    fmap = np.asarray(fmap)
    if fmap.ndim != 3:
        raise ValueError(f"fmap must have shape (H, W, C), got shape {fmap.shape}.")
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


def param_bars(names: Sequence[str], params: Sequence[int], title: str = "Parameters per layer") -> Figure:
    """Horizontal bars of parameter counts, each labelled with its count and share."""
    names, params = list(names), [int(p) for p in params]
    if len(names) != len(params) or not names:
        raise ValueError(
            f"names and params must be non-empty and the same length, got {len(names)} and {len(params)}."
        )
    total = sum(params) or 1
    fig = new_figure(7, 0.45 * len(names) + 1.2)
    ax = fig.subplots()
    y = np.arange(len(names))[::-1]
    ax.barh(y, params, color="#4c72b0")
    ax.set_yticks(y, names)
    for yi, p in zip(y, params):
        ax.text(p, yi, f" {p:,} ({100 * p / total:.1f}%)", va="center", fontsize=9)
    ax.set_xlabel("parameters")
    ax.set_xlim(0, max(params) * 1.45 + 1)
    ax.set_title(title)
    return fig


def training_curves(histories: dict, metric: str = "accuracy") -> Figure:
    """Train (dashed) and test (solid) curves of ``metric`` for each named History."""
    if not histories:
        raise ValueError("histories must map a name to a keras History (or its .history dict).")
    fig = new_figure(6, 3.2)
    ax = fig.subplots()
    for i, (name, hist) in enumerate(histories.items()):
        h = getattr(hist, "history", hist)
        if metric not in h:
            raise ValueError(f"metric={metric!r} is not in the history of {name!r}: {sorted(h)}.")
        colour = f"C{i}"
        ax.plot(h[metric], "--", color=colour, label=f"{name} (train)")
        if f"val_{metric}" in h:
            ax.plot(h[f"val_{metric}"], "-", color=colour, label=f"{name} (test)")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.legend(fontsize=8)
    return fig


# ---------------------------------------------------------------------------
# Lesson-specific figures. Keep each lesson's figures in its own section below.
# ---------------------------------------------------------------------------

# --- lesson 01 ---------------------------------------------------------------

def _draw_number_grid(ax, grid: np.ndarray, vmax: float, cmap: str = "Blues") -> None:
    """Draw a 2-D integer array as labelled cells on ``ax`` (row 0 at the top)."""
    import matplotlib as mpl

    colours = mpl.colormaps[cmap]
    rows, cols = grid.shape
    for r in range(rows):
        for c in range(cols):
            value = grid[r, c]
            shade = 0.15 + 0.6 * (float(value) / vmax if vmax else 0.0)
            ax.add_patch(mpl.patches.Rectangle((c, rows - 1 - r), 1, 1, facecolor=colours(shade),
                                               edgecolor="white", linewidth=1.5))
            ax.text(c + 0.5, rows - 0.5 - r, str(value), ha="center", va="center", fontsize=9,
                    color="white" if shade > 0.55 else "black")
    ax.set_xlim(0, cols)
    ax.set_ylim(0, rows)
    ax.set_aspect("equal")
    ax.axis("off")


def reshape_grids(arrays: dict, title: str = "") -> Figure:
    """Lesson 01: draw integer arrays of rank 1-3 as grids of numbered cells, one row each.

    A 3-D array is drawn as one grid per index of its first axis (``a[0]``, ``a[1]``, ...),
    so ``np.arange(24).reshape(2, 3, 4)`` shows as two 3x4 blocks. Cells are shaded by value,
    so the row-major order (last axis fastest) is visible at a glance.

    >>> a = np.arange(24).reshape(2, 3, 4)
    >>> fig = reshape_grids({"a": a, "a.reshape(4, 6)": a.reshape(4, 6)})
    """
    if not isinstance(arrays, dict) or not arrays:
        raise ValueError(f"arrays must be a non-empty dict of name -> array, got arrays={arrays!r}.")
    prepared = {}
    for name, array in arrays.items():
        array = np.asarray(array)
        if array.ndim not in (1, 2, 3) or array.size == 0 or array.size > 120:
            raise ValueError(
                f"arrays[{name!r}] must have rank 1, 2 or 3 and 1-120 elements, "
                f"got shape {array.shape}."
            )
        if not np.issubdtype(array.dtype, np.integer):
            raise ValueError(f"arrays[{name!r}] must hold integers, got dtype {array.dtype}.")
        prepared[name] = array.reshape(1, 1, -1) if array.ndim == 1 else (
            array[None] if array.ndim == 2 else array)
    vmax = max(float(a.max()) for a in prepared.values()) or 1.0
    heights = [a.shape[1] + 0.8 for a in prepared.values()]
    widest = max(a.shape[0] * (a.shape[2] + 0.6) for a in prepared.values())
    fig = new_figure(min(11.0, 0.45 * widest + 0.6), 0.45 * sum(heights) + (0.4 if title else 0.1))
    subfigs = np.atleast_1d(fig.subfigures(len(prepared), 1, height_ratios=heights))
    for sub, (name, blocks) in zip(subfigs, prepared.items()):
        axes = np.atleast_1d(sub.subplots(1, len(blocks), squeeze=False).ravel())
        for i, (ax, block) in enumerate(zip(axes, blocks)):
            _draw_number_grid(ax, block, vmax)
            label = f"{name}[{i}]" if len(blocks) > 1 else name
            shape = arrays[name].shape if arrays[name].ndim == 1 else block.shape
            ax.set_title(f"{label}  shape {shape}", fontsize=9, fontfamily="monospace")
    if title:
        fig.suptitle(title)
    return fig


# --- lesson 02 ---------------------------------------------------------------

_CHANNEL_COLOURS = ("#c6dbef", "#fdd0a2", "#c7e9c0", "#dadaeb", "#fcbba1", "#d9d9d9")
_HIGHLIGHT = "#d62728"


def _cell(ax, x: float, y: float, text: str, colour: str, selected: bool, fontsize: float = 8) -> None:
    import matplotlib as mpl

    ax.add_patch(mpl.patches.Rectangle(
        (x, y), 1, 1, facecolor=_HIGHLIGHT if selected else colour,
        edgecolor="black" if selected else "white", linewidth=2 if selected else 1.2))
    ax.text(x + 0.5, y + 0.5, text, ha="center", va="center", fontsize=fontsize,
            color="white" if selected else "black", fontweight="bold" if selected else "normal")


def flatten_order_map(
    height: int, width: int, channels: int, highlight: Sequence[int] | None = None,
    per_line: int = 24,
) -> Figure:
    """Lesson 02: where each element of an ``(height, width, channels)`` map lands after Flatten.

    Top: one grid per channel; each cell shows its flat position. Bottom: the flat
    vector (wrapped every ``per_line`` cells), coloured by channel. ``highlight`` is an
    optional ``(row, col, channel)`` drawn in red in both places.

    >>> fig = flatten_order_map(2, 3, 2, highlight=(1, 0, 1))
    """
    from utils.shapes import flat_index, flatten_output_shape

    total = flatten_output_shape((None, height, width, channels))[1]  # validates the sizes
    if channels > len(_CHANNEL_COLOURS):
        raise ValueError(f"channels must be <= {len(_CHANNEL_COLOURS)} for this picture, "
                         f"got channels={channels}.")
    if total > 96:
        raise ValueError(f"height*width*channels must be <= 96 for this picture, got {total}.")
    if isinstance(per_line, bool) or not isinstance(per_line, int) or per_line < 1:
        raise ValueError(f"per_line must be a whole number >= 1, got per_line={per_line!r}.")
    selected = None
    if highlight is not None:
        if len(highlight) != 3:
            raise ValueError(f"highlight must be (row, col, channel), got highlight={highlight!r}.")
        selected = flat_index(*highlight, height, width, channels)
    lines = -(-total // per_line)
    grid_w = channels * (width + 1) - 1
    vec_w = min(total, per_line)
    fig = new_figure(max(4.0, 0.36 * max(grid_w, vec_w) + 0.4),
                     0.36 * (height + 1.5 * lines) + 1.3)
    top, bottom = fig.subfigures(2, 1, height_ratios=[height + 1, 1.5 * lines + 0.6])
    ax = top.subplots()
    for ch in range(channels):
        x0 = ch * (width + 1)
        ax.text(x0 + width / 2, height + 0.3, f"channel {ch}", ha="center", fontsize=9)
        for c in range(width):
            ax.text(x0 + c + 0.5, -0.3, f"col {c}", ha="center", va="center", fontsize=6, color="0.4")
        for r in range(height):
            for c in range(width):
                i = flat_index(r, c, ch, height, width, channels)
                _cell(ax, x0 + c, height - 1 - r, str(i), _CHANNEL_COLOURS[ch], i == selected)
    for r in range(height):
        ax.text(-0.15, height - 0.5 - r, f"row {r}", ha="right", va="center", fontsize=6, color="0.4")
    ax.set_xlim(-1.2, grid_w + 0.1)
    ax.set_ylim(-0.6, height + 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    top.suptitle(f"feature map ({height}, {width}, {channels}): each cell shows its flat position",
                 fontsize=10)
    ax = bottom.subplots()
    for i in range(total):
        line, x = divmod(i, per_line)
        y = -1.5 * line
        ch = i % channels
        _cell(ax, x, y, str(i), _CHANNEL_COLOURS[ch], i == selected, fontsize=7)
    ax.set_xlim(-0.1, vec_w + 0.1)
    ax.set_ylim(-1.5 * (lines - 1) - 0.2, 1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    more = f", wrapped every {per_line}" if lines > 1 else ""
    bottom.suptitle(f"Flatten output: a vector of {total} numbers (colour = channel{more})", fontsize=10)
    return fig


# --- lesson 03 ---------------------------------------------------------------

_L03_COLOURS = {
    "pixel": "#dbe9f6", "padding": "white", "dropped": "#e4572e", "skipped": "#f2c14e",
    "span": "#4c72b0",
}


def window_layout(
    size: int, kernel: int, stride: int = 1, padding="valid", dilation: int = 1
) -> dict:
    """Where each window of a convolution (or pooling) sits on a 1-D row of ``size`` pixels.

    Returns a dict with ``out`` (number of windows), ``k_eff``, ``pad_left``,
    ``pad_right`` (zeros added; ``"same"`` puts the odd one on the right, as Keras
    does), ``starts`` (first cell of each window, counted on the padded row),
    ``dropped`` (input pixels after the last window: the floor discards them) and
    ``skipped`` (input pixels between windows that no window reads).

    >>> window_layout(8, 3, stride=2)["dropped"]
    [7]
    """
    from utils.shapes import conv_output_length

    if isinstance(padding, str):
        padding = padding.lower()
    if isinstance(padding, str) and padding not in ("valid", "same"):
        raise ValueError(f"padding must be 'valid', 'same' or a whole number >= 0, got padding={padding!r}.")
    out = conv_output_length(size, kernel, stride=stride, padding=padding, dilation=dilation)
    k_eff = kernel + (kernel - 1) * (dilation - 1)
    if padding == "same":
        total = max((out - 1) * stride + k_eff - size, 0)
        pad_left, pad_right = total // 2, total - total // 2
    else:
        pad_left = pad_right = 0 if padding == "valid" else int(padding)
    starts = [j * stride for j in range(out)]
    read = {s + t * dilation for s in starts for t in range(kernel)}
    last = starts[-1] + k_eff - 1
    pixels = range(pad_left, pad_left + size)
    dropped = [c - pad_left for c in pixels if c > last]
    skipped = [c - pad_left for c in pixels if c <= last and c not in read]
    return {"out": out, "k_eff": k_eff, "pad_left": pad_left, "pad_right": pad_right,
            "starts": starts, "dropped": dropped, "skipped": skipped}


def _draw_window_row(ax, size: int, kernel: int, stride: int, padding, dilation: int,
                     name: str, xmax: int = 4) -> dict:
    """Draw one padded row of cells and the windows sliding over it (one per output).

    Rectangles go into a few PatchCollections (not one artist each), so the
    figure builds and renders fast enough for a slider.
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    lay = window_layout(size, kernel, stride, padding, dilation)
    total = lay["pad_left"] + size + lay["pad_right"]
    cells, colours, pads = [], [], []
    for c in range(total):
        pixel = c - lay["pad_left"]
        if not 0 <= pixel < size:
            pads.append(Rectangle((c, 0), 0.92, 0.92))
            continue
        cells.append(Rectangle((c, 0), 0.92, 0.92))
        colours.append(_L03_COLOURS["dropped" if pixel in lay["dropped"]
                                    else "skipped" if pixel in lay["skipped"] else "pixel"])
        ax.text(c + 0.46, 0.46, f"{name}{pixel}", ha="center", va="center", fontsize=7)
    ax.add_collection(PatchCollection(cells, facecolors=colours, edgecolors="0.4", lw=0.8))
    if pads:
        ax.add_collection(PatchCollection(pads, facecolors="white", edgecolors="0.65",
                                          hatch="///", lw=0.8))
    ys = [-0.75 - 0.55 * j for j in range(lay["out"])]
    spans = [Rectangle((st, y), lay["k_eff"] - 0.08, 0.4) for st, y in zip(lay["starts"], ys)]
    taps = [Rectangle((st + t * dilation + 0.16, y + 0.06), 0.6, 0.28)
            for st, y in zip(lay["starts"], ys) for t in range(kernel)]
    ax.add_collection(PatchCollection(spans, facecolors=_L03_COLOURS["span"], alpha=0.18,
                                      edgecolors=_L03_COLOURS["span"], lw=0.8))
    ax.add_collection(PatchCollection(taps, facecolors=_L03_COLOURS["span"], lw=0))
    ax.set_frame_on(False)
    ax.set_xticks([])
    ax.set_yticks([y + 0.2 for y in ys], [f"out[{j}]" for j in range(lay["out"])])
    ax.tick_params(length=0, labelsize=7)
    ax.set_xlim(-0.2, max(total, xmax) + 0.2)
    ax.set_ylim(-0.75 - 0.55 * lay["out"] - 0.1, 1.05)
    return lay


def sliding_windows(
    size: int, kernel: int, stride: int = 1, padding="valid", dilation: int = 1,
    pool: int = 1,
) -> Figure:
    """Picture of a convolution's windows over a 1-D row of ``size`` input pixels.

    Zero padding is hatched, each window's span is a pale bar with its kernel taps
    (dark squares; gaps show dilation), pixels the floor discards are red and
    pixels no window reads are yellow. With ``pool > 1`` a second row shows
    ``MaxPooling2D(pool)`` (stride = pool, ``"valid"``) on the convolution's output.
    An impossible setting raises the ValueError of :mod:`utils.shapes`.

    >>> fig = sliding_windows(8, 3, stride=2)   # 3 windows, pixel x7 dropped
    """
    from matplotlib.patches import Patch

    conv = window_layout(size, kernel, stride, padding, dilation)
    rows = [(size, kernel, stride, padding, dilation, "x")]
    if pool > 1:
        rows.append((conv["out"], pool, pool, "valid", 1, "y"))
        window_layout(conv["out"], pool, pool)  # raises early if the pool cannot fit
    heights = [1.9 + 0.55 * window_layout(*r[:5])["out"] for r in rows]
    width = max(5.0, 0.42 * (conv["pad_left"] + size + conv["pad_right"]) + 1.6)
    fig = new_figure(width, 0.36 * sum(heights) + 0.8)
    axes = np.atleast_1d(fig.subplots(len(rows), 1, height_ratios=heights))
    titles = [f"Conv: i={size}, k={kernel}, s={stride}, padding={padding!r}, d={dilation} "
              f"-> {conv['out']} outputs"]
    if pool > 1:
        titles.append(f"MaxPooling2D({pool}) on the {conv['out']} conv outputs (y) "
                      f"-> {window_layout(conv['out'], pool, pool)['out']} outputs")
    for ax, row, title in zip(axes, rows, titles):
        _draw_window_row(ax, *row, xmax=conv["pad_left"] + size + conv["pad_right"])
        ax.set_title(title, fontsize=9, loc="left")
    handles = [Patch(facecolor=_L03_COLOURS["pixel"], edgecolor="0.4", label="input pixel"),
               Patch(facecolor="white", edgecolor="0.4", hatch="///", label="zero padding"),
               Patch(facecolor=_L03_COLOURS["span"], alpha=0.5, label="window span (taps dark)"),
               Patch(facecolor=_L03_COLOURS["dropped"], label="dropped by the floor"),
               Patch(facecolor=_L03_COLOURS["skipped"], label="skipped between windows")]
    fig.legend(handles=handles, loc="outside lower center", ncol=3, fontsize=7, frameon=False)
    return fig

# --- lesson 04 ---------------------------------------------------------------

def params_vs_side(
    sides: Sequence[int], series: dict, highlight: Optional[int] = None,
    log: bool = False, title: str = "Parameters vs image side",
) -> Figure:
    """Line plot of parameter counts against the image side, one line per named series.

    ``series`` maps a label to one count per entry of ``sides``; ``highlight`` marks one
    side with a dotted vertical line; ``log=True`` uses a log scale for the counts.

    >>> fig = params_vs_side([8, 16], {"Dense": [5130, 20490]})
    """
    sides = [int(s) for s in sides]
    if not sides or not series:
        raise ValueError("sides and series must not be empty.")
    for label, values in series.items():
        if len(values) != len(sides):
            raise ValueError(
                f"series {label!r} has {len(values)} values but there are {len(sides)} sides.")
    fig = new_figure(6.5, 3.2)
    ax = fig.subplots()
    for i, (label, values) in enumerate(series.items()):
        ax.plot(sides, [int(v) for v in values], "o-", ms=3, color=f"C{i}", label=label)
    if highlight is not None:
        ax.axvline(highlight, color="grey", ls=":", lw=1)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("image side (pixels)")
    ax.set_ylabel("parameters")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title(title)
    return fig


# --- lesson 05 ---------------------------------------------------------------

def channel_map(fmap: np.ndarray, channel: int) -> Figure:
    """One channel of a feature map ``(H, W, C)`` with its mean (GAP) and max (GMP) marked.

    >>> fig = channel_map(np.ones((4, 4, 2)), 0)
    """
    fmap = np.asarray(fmap)
    if fmap.ndim == 4 and fmap.shape[0] == 1:
        fmap = fmap[0]
    if fmap.ndim != 3:
        raise ValueError(f"fmap must have shape (H, W, C), got shape {fmap.shape}.")
    if not 0 <= int(channel) < fmap.shape[-1]:
        raise ValueError(f"channel must be from 0 to {fmap.shape[-1] - 1}, got channel={channel}.")
    values = fmap[..., int(channel)]
    row, col = np.unravel_index(int(values.argmax()), values.shape)
    fig = new_figure(6.4, 3.0)
    ax_map, ax_bar = fig.subplots(1, 2, width_ratios=[1.3, 1])
    image = ax_map.imshow(values, cmap="viridis")
    fig.colorbar(image, ax=ax_map, shrink=0.8)
    ax_map.plot(col, row, "x", color="red", ms=10, mew=2)
    ax_map.set_title(f"channel {channel} (red x: the max)", fontsize=9)
    ax_map.set_xticks([])
    ax_map.set_yticks([])
    ax_bar.bar(["mean\n(GAP)", "max\n(GMP)"], [values.mean(), values.max()], color=["C0", "C3"])
    for x, v in enumerate([values.mean(), values.max()]):
        ax_bar.text(x, v, f"{v:.3f}", ha="center", va="bottom", fontsize=9)
    ax_bar.set_ylim(min(0.0, float(fmap.min())) * 1.15, max(float(fmap.max()), 1e-9) * 1.15)
    ax_bar.set_title(f"{values.size} numbers -> 1 number each", fontsize=9)
    return fig


# --- lesson 06 ---------------------------------------------------------------

# --- lesson 07 ---------------------------------------------------------------
