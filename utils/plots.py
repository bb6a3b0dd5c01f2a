"""Matplotlib figures used across the lessons.

Every function returns a ``matplotlib.figure.Figure`` (it never calls
``plt.show()``), so the same figure can be shown statically in a notebook,
inside a widget, or checked in a test. Figures are built with the object API
(``Figure()``), so they are not kept alive by pyplot's global state.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

__all__ = ["new_figure", "image_grid", "feature_maps", "param_bars", "training_curves"]


def _as_list(name: str, value) -> list:
    """``value`` as a list, or a ValueError naming the argument (not a numpy/len() traceback)."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise ValueError(f"{name} must be a list or array, got {name}={value!r}.")
    return list(value)


def _as_dict(name: str, value, what: str) -> dict:
    if not isinstance(value, dict) or not value:
        raise ValueError(f"{name} must be a non-empty dict mapping {what}, got {name}={value!r}.")
    return value


def new_figure(width: float = 6.0, height: float = 3.0) -> Figure:
    """A detached Figure (not registered with pyplot) of the given size in inches."""
    if width <= 0 or height <= 0:
        raise ValueError(f"figure size must be positive, got width={width}, height={height}.")
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def image_grid(
    images: np.ndarray, labels: Sequence | None = None, columns: int = 8,
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
    names, params = _as_list("names", names), _as_list("params", params)
    try:
        params = [int(p) for p in params]
    except (TypeError, ValueError):
        raise ValueError(f"params must be whole numbers, got params={params!r}.") from None
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
    _as_dict("histories", histories, "a name to a keras History (or its .history dict)")
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


def flatten_order_map(
    height: int, width: int, channels: int, highlight: Sequence[int] | None = None,
    per_line: int = 24,
) -> Figure:
    """Lesson 02: where each element of an ``(height, width, channels)`` map lands after Flatten.

    Top: one grid per channel; each cell shows its flat position. Bottom: the flat
    vector (wrapped every ``per_line`` cells), coloured by channel. ``highlight`` is an
    optional ``(row, col, channel)`` drawn in red in both places. One Axes in cell units
    and no layout engine, so a slider can redraw it quickly.

    >>> fig = flatten_order_map(2, 3, 2, highlight=(1, 0, 1))
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

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
    vec_w, grid_w = min(total, per_line), channels * (width + 1) - 1
    full_w = max(vec_w, grid_w + 1.4, 20)  # 20 cells: room for the titles
    vec_top = 1.5 * (lines - 1) + 1
    grid_y0 = vec_top + 1.6
    full_h = grid_y0 + height + 1.9
    x_grid = max(1.4, (full_w - grid_w) / 2)
    x_vec = (full_w - vec_w) / 2
    unit = 0.36
    fig = Figure(figsize=(unit * (full_w + 0.4), unit * (full_h + 0.2)))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(-0.2, full_w + 0.2)
    ax.set_ylim(-0.1, full_h + 0.1)
    ax.axis("off")
    cells, colours, picked = [], [], []

    def cell(x, y, i, fontsize):
        (picked if i == selected else cells).append(Rectangle((x, y), 1, 1))
        if i != selected:
            colours.append(_CHANNEL_COLOURS[i % channels])
        ax.text(x + 0.5, y + 0.5, str(i), ha="center", va="center", fontsize=fontsize,
                color="white" if i == selected else "black",
                fontweight="bold" if i == selected else "normal")

    for ch in range(channels):
        x0 = x_grid + ch * (width + 1)
        ax.text(x0 + width / 2, grid_y0 + height + 0.3, f"channel {ch}", ha="center", fontsize=9)
        for c in range(width):
            ax.text(x0 + c + 0.5, grid_y0 - 0.3, f"col {c}", ha="center", va="center",
                    fontsize=6, color="0.4")
            for r in range(height):
                cell(x0 + c, grid_y0 + height - 1 - r, flat_index(r, c, ch, height, width, channels), 8)
    for r in range(height):
        ax.text(x_grid - 0.15, grid_y0 + height - 0.5 - r, f"row {r}", ha="right", va="center",
                fontsize=6, color="0.4")
    for i in range(total):
        line, x = divmod(i, per_line)
        cell(x_vec + x, 1.5 * (lines - 1 - line), i, 7)
    ax.add_collection(PatchCollection(cells, facecolors=colours, edgecolors="white", linewidths=1.2))
    if picked:
        ax.add_collection(PatchCollection(picked, facecolors=_HIGHLIGHT, edgecolors="black",
                                          linewidths=2))
    ax.text(full_w / 2, full_h - 0.5, f"feature map ({height}, {width}, {channels}): "
            "each cell shows its flat position", ha="center", va="center", fontsize=10)
    more = f", wrapped every {per_line}" if lines > 1 else ""
    ax.text(full_w / 2, vec_top + 0.55, f"Flatten output: a vector of {total} numbers "
            f"(colour = channel{more})", ha="center", va="center", fontsize=10)
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
    ax.axis("off")
    ax.set_xlim(-0.2, max(total, xmax, 8) + 0.2)
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
    width = max(5.0, 0.42 * (conv["pad_left"] + size + conv["pad_right"]) + 0.6)
    # A fixed layout (no constrained layout) keeps the redraw fast enough for a slider.
    fig_h = 0.36 * sum(heights) + 0.35 * len(rows) + 0.55
    fig = Figure(figsize=(width, fig_h))
    axes_h = (fig_h - 0.55 - 0.35 * len(rows)) / len(rows)
    fig.subplots_adjust(left=0.02, right=0.98, top=1 - 0.3 / fig_h, bottom=0.55 / fig_h,
                        hspace=0.35 / axes_h)
    axes = np.atleast_1d(fig.subplots(len(rows), 1, height_ratios=heights))
    titles = [f"Conv: i={size}, k={kernel}, s={stride}, padding={padding!r}, d={dilation} "
              f"-> {conv['out']} outputs"]
    if pool > 1:
        titles.append(f"MaxPooling2D({pool}) on the {conv['out']} conv outputs (y) "
                      f"-> {window_layout(conv['out'], pool, pool)['out']} outputs")
    layouts = []
    for ax, row, title in zip(axes, rows, titles):
        layouts.append(_draw_window_row(ax, *row, xmax=conv["pad_left"] + size + conv["pad_right"]))
        # A plain text, not ax.set_title: title placement costs a slow tight-bbox pass.
        ax.text(0, 1.02, title, transform=ax.transAxes, fontsize=9, va="bottom")
    # The legend lists only what the picture shows (fewer texts also redraw faster).
    handles = [Patch(facecolor=_L03_COLOURS["pixel"], edgecolor="0.4", label="input pixel"),
               Patch(facecolor=_L03_COLOURS["span"], alpha=0.5, label="one window per output (taps dark)")]
    if conv["pad_left"] + conv["pad_right"]:
        handles.append(Patch(facecolor="white", edgecolor="0.4", hatch="///", label="zero padding"))
    if any(lay["dropped"] for lay in layouts):
        handles.append(Patch(facecolor=_L03_COLOURS["dropped"], label="dropped by the floor"))
    if any(lay["skipped"] for lay in layouts):
        handles.append(Patch(facecolor=_L03_COLOURS["skipped"], label="skipped between windows"))
    fig.legend(handles=handles, loc="lower center", ncol=min(len(handles), 3), fontsize=7, frameon=False)
    return fig

# --- lesson 04 ---------------------------------------------------------------

def params_vs_side(
    sides: Sequence[int], series: dict, highlight: int | None = None,
    log: bool = False, title: str = "Parameters vs image side",
) -> Figure:
    """Line plot of parameter counts against the image side, one line per named series.

    ``series`` maps a label to one count per entry of ``sides``; ``highlight`` marks one
    side with a dotted vertical line; ``log=True`` uses a log scale for the counts.

    >>> fig = params_vs_side([8, 16], {"Dense": [5130, 20490]})
    """
    sides = _as_list("sides", sides)
    _as_dict("series", series, "a label to one count per side")
    if not sides:
        raise ValueError("sides must not be empty.")
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

def body_head_bars(models: dict, title: str = "Body vs head parameters") -> Figure:
    """One stacked bar per model: convolutional body and classifier head, with each part's share.

    ``models`` maps a model name to ``(body_params, head_params)``.

    >>> fig = body_head_bars({"VGG16": (14_714_688, 123_642_856)})
    """
    _as_dict("models", models, "a name to (body_params, head_params)")
    for name, parts in models.items():
        if len(parts) != 2 or min(int(p) for p in parts) < 0:
            raise ValueError(f"models[{name!r}] must be (body_params, head_params) >= 0, got {parts!r}.")
    names = list(models)
    fig = new_figure(7, 0.7 * len(names) + 1.3)
    ax = fig.subplots()
    y = np.arange(len(names))[::-1]
    body = np.array([int(models[n][0]) for n in names])
    head = np.array([int(models[n][1]) for n in names])
    ax.barh(y, body, color="#4c72b0", label="body (convolutions)")
    ax.barh(y, head, left=body, color="#dd8452", label="head (after the last feature map)")
    for yi, b, h in zip(y, body, head):
        total = b + h or 1
        ax.text(b + h, yi, f" {b + h:,}: body {100 * b / total:.0f}%, head {100 * h / total:.0f}%",
                va="center", fontsize=9)
    ax.set_yticks(y, names)
    ax.set_xlim(0, float((body + head).max()) * 2.0)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v / 1e6:,.0f} M")
    ax.set_xlabel("parameters")
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(title)
    return fig


def channel_map(fmap: np.ndarray, channel: int) -> Figure:
    """One channel of a feature map ``(H, W, C)`` beside the GAP and GMP outputs of all channels.

    Left: the channel's map (red x: its max), on one colour scale shared by all channels.
    Right: every channel's mean (what GlobalAveragePooling2D outputs) and max (what
    GlobalMaxPooling2D outputs), the chosen channel highlighted. No layout engine, so a
    slider can redraw it quickly.

    >>> fig = channel_map(np.ones((4, 4, 2)), 0)
    """
    fmap = np.asarray(fmap)
    if fmap.ndim == 4 and fmap.shape[0] == 1:
        fmap = fmap[0]
    if fmap.ndim != 3:
        raise ValueError(f"fmap must have shape (H, W, C), got shape {fmap.shape}.")
    if not 0 <= int(channel) < fmap.shape[-1]:
        raise ValueError(f"channel must be from 0 to {fmap.shape[-1] - 1}, got channel={channel}.")
    channel = int(channel)
    values = fmap[..., channel]
    row, col = np.unravel_index(int(values.argmax()), values.shape)
    low, high = min(0.0, float(fmap.min())), float(fmap.max()) or 1.0
    fig = Figure(figsize=(7.2, 3.0))
    ax_map = fig.add_axes((0.01, 0.03, 0.36, 0.76))
    ax_map.imshow(values, cmap="viridis", vmin=low, vmax=high)
    ax_map.plot(col, row, "x", color="red", ms=10, mew=2)
    # Titles as plain text: set_title would measure every tick label on each redraw (slow slider).
    ax_map.text(0.5, 1.02, f"channel {channel}: {values.size:,} numbers\nmean {values.mean():.3f}, "
                f"max {values.max():.3f} (red x)", fontsize=9, ha="center", va="bottom",
                transform=ax_map.transAxes)
    ax_map.set_axis_off()
    ax_bar = fig.add_axes((0.47, 0.15, 0.51, 0.64))
    x = np.arange(fmap.shape[-1])
    alpha = np.where(x == channel, 1.0, 0.35)
    for offset, stats, colour, label in ((-0.2, fmap.mean(axis=(0, 1)), "C0", "mean = GAP output"),
                                         (0.2, fmap.max(axis=(0, 1)), "C3", "max = GMP output")):
        bars = ax_bar.bar(x + offset, stats, width=0.4, color=colour, label=label)
        for bar, a in zip(bars, alpha):
            bar.set_alpha(float(a))
    ax_bar.set_xticks(x)
    ax_bar.set_xlabel("channel")
    ax_bar.set_ylim(low, high * 1.35)
    ax_bar.locator_params(axis="y", nbins=3)  # few tick labels: text is most of a redraw's cost
    legend = ax_bar.legend(fontsize=8, loc="upper left", ncol=2)
    for handle in getattr(legend, "legend_handles", None) or legend.legendHandles:
        handle.set_alpha(1.0)
    ax_bar.text(0.5, 1.02, "one number per channel", fontsize=9, ha="center", va="bottom",
                transform=ax_bar.transAxes)
    return fig


# --- lesson 06 ---------------------------------------------------------------

def signal_examples(
    x: np.ndarray, y: Sequence[int], class_names: Sequence[str], per_class: int = 2,
) -> Figure:
    """Plot ``per_class`` signals of each class: one row per class, one panel per signal.

    ``x`` is ``(N, length)`` or ``(N, length, 1)`` (as ``utils.data.make_signals`` returns).

    >>> fig = signal_examples(np.zeros((3, 64, 1)), [0, 1, 2], ["a", "b", "c"], per_class=1)
    """
    x, y = np.asarray(x), np.asarray(_as_list("y", y))
    if x.ndim == 3 and x.shape[-1] == 1:
        x = x[..., 0]
    if x.ndim != 2 or len(x) != len(y) or len(x) == 0:
        raise ValueError(
            f"x must be (N, length) or (N, length, 1) with one label per signal, "
            f"got x.shape={x.shape} and {len(y)} labels.")
    if isinstance(per_class, bool) or not isinstance(per_class, int) or per_class < 1:
        raise ValueError(f"per_class must be a whole number >= 1, got per_class={per_class!r}.")
    names = list(class_names)
    fig = new_figure(3.2 * per_class, 1.35 * len(names) + 0.3)
    axes = fig.subplots(len(names), per_class, squeeze=False, sharex=True, sharey=True)
    for label, name in enumerate(names):
        picks = np.flatnonzero(y == label)[:per_class]
        for j in range(per_class):
            ax = axes[label, j]
            if j < len(picks):
                ax.plot(x[picks[j]], lw=0.8, color=f"C{label}")
            ax.set_yticks([])
            if j == 0:
                ax.set_ylabel(name, fontsize=9)
    for ax in axes[-1]:
        ax.set_xlabel("time step")
    fig.suptitle("Where the sound starts varies; what it sounds like decides the class", fontsize=10)
    return fig


def head_memory(channels: int, units: int, sides: Sequence[int] = tuple(range(1, 57)),
                highlight: int | None = None) -> Figure:
    """Megabytes of float32 weights of ``Dense(units)`` after Flatten vs after GAP, by map side.

    The feature map is ``side x side x channels``; Flatten gives ``side*side*channels``
    values, GAP gives ``channels``. Dotted line: 1 GB, about what Binder gives a whole kernel.

    >>> fig = head_memory(512, 4096, sides=[1, 7, 14], highlight=7)
    """
    from utils.shapes import dense_params

    for name, value in (("channels", channels), ("units", units)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {name}={value!r}.")
    gap_params = dense_params(channels, units)
    sides = _as_list("sides", sides)
    if not sides:
        raise ValueError("sides must not be empty.")
    flat_mb = [dense_params(s * s * channels, units) * 4 / 1e6 for s in sides]
    gap_mb = [gap_params * 4 / 1e6] * len(sides)
    fig = new_figure(6.5, 3.2)
    ax = fig.subplots()
    ax.plot(sides, flat_mb, "-", color="C3", label=f"Flatten -> Dense({units})")
    ax.plot(sides, gap_mb, "-", color="C0", label=f"GlobalAveragePooling2D -> Dense({units})")
    ax.axhline(1000, color="grey", ls=":", lw=1)
    ax.text(sides[0], 1000, " 1 GB", va="bottom", fontsize=8, color="grey")
    if highlight is not None:
        ax.axvline(highlight, color="grey", ls="--", lw=0.8)
    ax.set_yscale("log")
    ax.set_xlabel(f"feature map side (the map is side x side x {channels})")
    ax.set_ylabel("MB of float32 weights")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8, loc="center right")
    ax.set_title("The Dense layer after Flatten grows with the square of the side")
    return fig


# --- lesson 07 ---------------------------------------------------------------

def capstone_map(designs: dict, budget: int, target: float) -> Figure:
    """Designs as points (parameters, test accuracy) over the capstone's goal region.

    ``designs`` maps a name to ``(params, accuracy)``; it may be empty (only the goal
    region is drawn). The green region is "at most ``budget`` parameters and at least
    ``target`` accuracy": a design inside it passes the capstone.

    >>> fig = capstone_map({"A": (1370, 0.97), "B": (3890, 0.96)}, budget=5000, target=0.9)
    """
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < 1:
        raise ValueError(f"budget must be a whole number >= 1, got budget={budget!r}.")
    if not 0 < target <= 1:
        raise ValueError(f"target must be an accuracy in (0, 1], got target={target!r}.")
    points = {}
    for name, value in dict(designs).items():
        if not (isinstance(value, (tuple, list)) and len(value) == 2):
            raise ValueError(f"designs[{name!r}] must be (params, accuracy), got {value!r}.")
        params, accuracy = int(value[0]), float(value[1])
        if params < 0 or not 0 <= accuracy <= 1:
            raise ValueError(f"designs[{name!r}] = {value!r}: params must be >= 0 and accuracy in [0, 1].")
        points[name] = (params, accuracy)
    sizes = [p for p, _ in points.values() if p > 0]
    x_lo = min([budget / 20] + [p / 2 for p in sizes])
    x_hi = max([budget * 3] + [p * 5 for p in sizes])
    y_min = max(0.0, min([target] + [a for _, a in points.values()]) - 0.1)
    fig = new_figure(6, 3.4)
    ax = fig.subplots()
    ax.set_xscale("log")
    ax.fill_between([x_lo, budget], target, 1.02, color="#2e7d32", alpha=0.15, lw=0,
                    label=f"goal: <= {budget:,} params and >= {target:.2f} accuracy")
    ax.axvline(budget, color="#2e7d32", ls="--", lw=1)
    ax.axhline(target, color="#2e7d32", ls="--", lw=1)
    for i, (name, (params, accuracy)) in enumerate(points.items()):
        ok = params <= budget and accuracy >= target
        x = max(params, x_lo)
        ax.plot(x, accuracy, "o" if ok else "X", ms=9, color=f"C{i}")
        above = i % 2 == 0
        ax.annotate(f"{name}\n{params:,} params, {accuracy:.3f}", (x, accuracy),
                    textcoords="offset points", xytext=(6, 6 if above else -6), fontsize=8,
                    va="bottom" if above else "top")
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_min, 1.02)
    ax.set_xlabel("parameters (model.count_params(), log scale)")
    ax.set_ylabel("test accuracy (450 digits)")
    ax.set_title("Capstone: every design inside the green box passes")
    ax.legend(loc="lower right", fontsize=8)
    return fig
