"""Lesson 05 (global pooling and the family of heads): the channel picker, the heads'
shapes and parameters (all from :func:`utils.shapes.trace`), the receptive field, the
body/head figure, the class activation map, and the exercise checks. (The fair trained
comparison of heads is lesson 06, built on :mod:`utils.experiment`.)

Importing this module does not import TensorFlow; the functions that need Keras import
it when called.

>>> [r.params for r in head_trace("gap", (4, 4, 32))][-1]
330
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from utils import checks, panel, plots, shapes
from utils._validate import whole_number

__all__ = [
    "HEADS", "HEAD_LABELS", "body_layers", "head_layers", "head_trace", "family_rows", "family_table",
    "channel_stats", "channel_picker", "head_comparison", "head_comparison_panel", "params_vs_side",
    "receptive_field", "pixels_figure", "body_head_figure", "class_activation_map", "cam_figure",
    "cam_explorer",
    "check_keepdims_shape", "check_avg_max_function", "check_position_model", "check_tiny_model", "PANELS",
]

#: The six heads of the lesson, in the order the tables show them.
HEADS = ("flatten", "gap", "gmp", "adaptive", "avg+max", "nin")
HEAD_LABELS = {
    "flatten": "Flatten",
    "gap": "global average",
    "gmp": "global max",
    "adaptive": "adaptive 2x2 + Flatten",
    "avg+max": "average + max",
    "nin": "Network in Network",
}
#: Widest image side the slider and the functions below accept.
MAX_SIDE = 1024


def _numbers(name: str, value: Any, ndim: int, limit: int = 1_000_000) -> np.ndarray:
    """``value`` as a finite float array with ``ndim`` axes (at most ``limit`` numbers), or a
    ValueError naming the argument."""
    try:
        arr = np.asarray(value, dtype="float64")
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of numbers, got {name}={value!r}."[:300]) from None
    if arr.ndim != ndim or arr.size == 0 or arr.size > limit or not np.isfinite(arr).all():
        raise ValueError(f"{name} must be a finite {ndim}-D array of numbers (at most {limit:,}), got "
                         f"shape {arr.shape}.")
    return arr


def _feature_shape(value: Any) -> tuple:
    """A feature map's shape ``(H, W, C)`` (H and W may be None), or a ValueError naming it."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise ValueError(f"feature_shape must be (height, width, channels), got feature_shape={value!r}.")
    shape = tuple(value)
    if len(shape) != 3 or not all(d is None or (isinstance(d, numbers.Integral) and not isinstance(d, bool)
                                                and 1 <= d <= 100_000) for d in shape):
        raise ValueError(f"feature_shape must be (height, width, channels) of whole numbers >= 1 "
                         f"(or None), got feature_shape={value!r}."[:300])
    return shape


# ---------------------------------------------------------------------------
# 1. The channel picker: one channel's mean (GAP) and max (GMP)
# ---------------------------------------------------------------------------

def _one_feature_map(fmap: Any) -> np.ndarray:
    """``fmap`` as a float array ``(H, W, C)``; a batch of one ``(1, H, W, C)`` is unwrapped."""
    try:
        fmap = np.asarray(fmap, dtype="float64")
    except (TypeError, ValueError):
        raise ValueError(f"fmap must be an array of numbers (H, W, C), got fmap={fmap!r}."[:300]) from None
    if fmap.ndim == 4 and fmap.shape[0] == 1:
        fmap = fmap[0]
    if fmap.ndim != 3 or min(fmap.shape) < 1 or fmap.shape[-1] > 64 or fmap.size > 2_000_000:
        raise ValueError(f"fmap must have shape (H, W, C) or (1, H, W, C) with at most 64 channels, "
                         f"got shape {fmap.shape}.")
    return fmap


def _example_map() -> np.ndarray:
    """A small deterministic ReLU feature map (12, 12, 6): the channel picker's default."""
    rng = np.random.default_rng(5)
    return rng.normal(size=(12, 12, 6)).clip(0, None)


def _draw_channel(ax_map, ax_bar, fmap: np.ndarray, channel: int) -> None:
    values = fmap[..., channel]
    row, col = np.unravel_index(int(values.argmax()), values.shape)
    low, high = min(0.0, float(fmap.min())), float(fmap.max()) or 1.0
    ax_map.imshow(values, cmap="viridis", vmin=low, vmax=high)
    ax_map.plot(col, row, marker="X", color="white", ms=13, mec="black", mew=1.5)
    ax_map.text(0.5, 1.02, f"channel {channel}: {values.size:,} numbers\n"
                f"mean {values.mean():.3f}   max {values.max():.3f} (X)",
                fontsize=10, ha="center", va="bottom", transform=ax_map.transAxes)
    ax_map.set_axis_off()
    x = np.arange(fmap.shape[-1])
    for offset, stats, colour, hatch, label in (
            (-0.2, fmap.mean(axis=(0, 1)), plots.PALETTE[0], "///", "mean = GAP output"),
            (0.2, fmap.max(axis=(0, 1)), plots.PALETTE[1], "", "max = GMP output")):
        bars = ax_bar.bar(x + offset, stats, width=0.4, color=colour, hatch=hatch, edgecolor="black",
                          linewidth=0.5, label=label)
        for i, bar in enumerate(bars):
            bar.set_alpha(1.0 if i == channel else 0.35)
    ax_bar.axvspan(channel - 0.5, channel + 0.5, color="0.85", zorder=0)
    ax_bar.text(channel, high * 1.12, "chosen", ha="center", fontsize=9)
    ax_bar.set_xticks(x)
    ax_bar.set_xlabel("channel", fontsize=10)
    ax_bar.set_ylim(low, high * 1.5)
    ax_bar.locator_params(axis="y", nbins=3)
    ax_bar.tick_params(labelsize=9)
    legend = ax_bar.legend(fontsize=9, loc="upper left", ncol=2, frameon=False)
    for handle in legend.legend_handles:
        handle.set_alpha(1.0)
    ax_bar.text(0.5, 1.02, "one number per channel", fontsize=10, ha="center", va="bottom",
                transform=ax_bar.transAxes)


def channel_stats(fmap: Any, channel: int) -> tuple:
    """Update function of the channel picker: one channel's mean (GAP) and max (GMP), and a figure.

    >>> print(channel_stats(np.arange(8.0).reshape(2, 2, 2), 1)[0].splitlines()[1])
    mean over the 2x2 positions = 4.0000   -> GlobalAveragePooling2D output[1]
    """
    fmap = _one_feature_map(fmap)
    h, w, c = fmap.shape
    channel = whole_number("channel", channel, 0, c - 1)
    values = fmap[..., channel]
    row, col = np.unravel_index(int(values.argmax()), values.shape)
    text = "\n".join([
        f"channel {channel} of {c}: a {h}x{w} map",
        f"mean over the {h}x{w} positions = {values.mean():.4f}   "
        f"-> GlobalAveragePooling2D output[{channel}]",
        f"max  over the {h}x{w} positions = {values.max():.4f}   -> GlobalMaxPooling2D output[{channel}]"
        f"  (at row {row}, col {col})",
        f"{100 * float((values == 0).mean()):.0f}% of this map is exactly 0 (ReLU).",
    ])
    # No layout engine: a fixed layout keeps the slider's redraw fast.
    fig = Figure(figsize=(8.0, 3.4))
    ax_map = fig.add_axes((0.01, 0.04, 0.36, 0.74))
    ax_bar = fig.add_axes((0.46, 0.16, 0.52, 0.62))
    _draw_channel(ax_map, ax_bar, fmap, channel)
    return text, fig


def channel_picker(fmap: Any = None) -> panel.Panel:
    """A slider over the channels of one feature map ``(H, W, C)`` (default: a small example)."""
    fmap = _example_map() if fmap is None else _one_feature_map(fmap)
    return panel.Panel(lambda channel: channel_stats(fmap, channel),
                       channel=panel.slider("channel", 0, 0, fmap.shape[-1] - 1))


# ---------------------------------------------------------------------------
# 2. The family of heads: shapes and parameters from shapes.trace
# ---------------------------------------------------------------------------

def body_layers(filters: int = 32) -> list:
    """The lesson's body: ``Conv2D(16, 3, 'same') -> MaxPooling2D(2) -> Conv2D(filters, 3, 'same')``."""
    filters = whole_number("filters", filters, 1, 1024)
    return [shapes.conv(16, 3, padding="same", label="body"), shapes.pool(2, label="body"),
            shapes.conv(filters, 3, padding="same", label="body")]


def head_layers(head: str = "gap", classes: int = 10) -> list:
    """One head as ``shapes`` layers. ``"avg+max"`` is two branches: see :func:`head_trace`."""
    classes = whole_number("classes", classes, 1, 100_000)
    layers = {
        "flatten": [shapes.flatten(), shapes.dense(classes, label="classifier")],
        "gap": [shapes.global_pool("avg"), shapes.dense(classes, label="classifier")],
        "gmp": [shapes.global_pool("max"), shapes.dense(classes, label="classifier")],
        "adaptive": [shapes.adaptive_pool(2), shapes.flatten(), shapes.dense(classes, label="classifier")],
        "nin": [shapes.conv(classes, 1, label="classifier"), shapes.global_pool("avg")],
    }
    if not isinstance(head, str) or head not in HEADS:
        raise ValueError(f"head must be one of {HEADS}, got head={head!r}.")
    if head == "avg+max":
        raise ValueError("head='avg+max' has two branches; use head_trace, which traces both.")
    return layers[head]


def head_trace(head: str = "gap", feature_shape: Sequence[int | None] = (4, 4, 32),
               classes: int = 10) -> list:
    """Rows of ``shapes.trace`` for one head on a feature map ``(H, W, C)`` (first row: the map).

    The two branches of ``"avg+max"`` are traced one after the other, then the concatenation
    (``2 * C`` numbers) and its Dense.

    >>> [(r.layer, r.shape, r.params) for r in head_trace("avg+max", (4, 4, 32))][-2:]
    [('Concatenate()', (None, 64), 0), ('Dense(10)  [classifier]', (None, 10), 650)]
    """
    feature_shape = _feature_shape(feature_shape)
    if head != "avg+max":
        return shapes.trace(feature_shape, head_layers(head, classes))
    avg = shapes.trace(feature_shape, [shapes.global_pool("avg")])
    top = shapes.trace(feature_shape, [shapes.global_pool("max")])[1:]
    joined = avg[-1].shape[-1] + top[-1].shape[-1]
    dense = shapes.trace((joined,), [shapes.dense(classes, label="classifier")])
    return [*avg, *top, shapes.TraceRow("Concatenate()", (None, joined), 0), dense[-1]]


def family_rows(feature_shape: Sequence[int] = (4, 4, 32), classes: int = 10) -> list:
    """One dict per head: label, what reaches the classifier, head parameters, and whether the
    head accepts a map of any size (traced with ``None`` height and width)."""
    feature_shape = _feature_shape(feature_shape)
    rows = []
    for head in HEADS:
        rows_ = head_trace(head, feature_shape, classes)
        try:
            head_trace(head, (None, None, feature_shape[-1]), classes)
            any_size = True
        except ValueError:
            any_size = False
        pooled = next((r.shape for r in rows_[1:] if r.params == 0 and len(r.shape) == 2), None)
        rows.append({"head": head, "label": HEAD_LABELS[head], "layers": [r.layer for r in rows_[1:]],
                     "to_classifier": pooled, "params": shapes.total_params(rows_),
                     "output": rows_[-1].shape, "any_size": any_size,
                     "keeps_position": head in ("flatten", "adaptive")})
    return rows


def family_table(feature_shape: Sequence[int] = (4, 4, 32), classes: int = 10) -> str:
    """The family of heads as a text table (every number from ``shapes.trace``)."""
    feature_shape = _feature_shape(feature_shape)
    lines = [f"feature map {shapes.format_shape((None, *feature_shape))}, {classes} classes",
             f"{'head':<24}{'numbers per image':>18}{'head params':>13}  {'any size?':<10}{'where?':<8}",
             "-" * 76]
    for r in family_rows(feature_shape, classes):
        numbers_in = r["to_classifier"][-1] if r["to_classifier"] else r["output"][-1]
        lines.append(f"{r['label']:<24}{numbers_in:>18,}{r['params']:>13,}  "
                     f"{'yes' if r['any_size'] else 'no':<10}{'kept' if r['keeps_position'] else 'lost':<8}")
    lines.append("(Network in Network: a 1x1 conv makes one map per class, GAP makes it one score per class)")
    return "\n".join(lines)


def _comparison_rows(side: int, filters: int) -> dict:
    side = whole_number("side", side, 2, MAX_SIDE)
    body = shapes.trace((side, side, 1), body_layers(filters))
    feature = body[-1].shape[1:]
    return {"body": body, "feature": feature,
            **{head: head_trace(head, feature) for head in ("flatten", "adaptive", "gap")}}


def head_comparison(side: int, filters: int = 32) -> str:
    """Update function of the head slider: the head parameters of Flatten, adaptive and GAP heads.

    >>> print(head_comparison(16).splitlines()[1])
    Flatten head:          8*8*32 = 2,048 numbers -> Dense(10):  20,490 parameters
    """
    r = _comparison_rows(side, filters)
    h, w, c = r["feature"]
    flat, adapt, gap = (shapes.total_params(r[k]) for k in ("flatten", "adaptive", "gap"))
    return "\n".join([
        f"input {side}x{side}x1 -> Conv2D(16) -> MaxPooling2D(2) -> Conv2D({filters}) -> "
        f"feature map {h}x{w}x{c}",
        f"Flatten head:          {h}*{w}*{c} = {h * w * c:,} numbers -> Dense(10): {flat:>7,} parameters",
        f"adaptive 2x2 head:     2*2*{c} = {4 * c:,} numbers -> Dense(10): {adapt:>7,} parameters",
        f"global average head:   {c} numbers -> Dense(10): {gap:>7,} parameters",
        f"Flatten / GAP = {flat / gap:,.1f}x   (the body, the same for all: "
        f"{shapes.total_params(r['body']):,} parameters)",
    ])


def head_comparison_panel() -> panel.Panel:
    """Sliders for the image side and the last Conv2D's filters."""
    return panel.Panel(head_comparison, side=panel.slider("image side (pixels)", 8, 8, 224, step=8),
                       filters=panel.slider("last Conv2D filters", 32, 8, 128, step=8))


def params_vs_side(sides: Sequence[int] = (8, 16, 32, 64), filters: int = 32) -> Figure:
    """Head parameters against the image side (log scale): one line per head, each with its marker.

    >>> fig = params_vs_side([8, 16, 24])
    """
    if isinstance(sides, (str, bytes)) or not hasattr(sides, "__iter__") or len(list(sides)) > 200:
        raise ValueError(f"sides must be a list of at most 200 image sides, got sides={sides!r}."[:300])
    sides = [whole_number("sides[i]", s, 2, MAX_SIDE) for s in sides]
    if not sides:
        raise ValueError("sides must not be empty.")
    rows = [_comparison_rows(s, filters) for s in sides]
    fig = plots.new_figure(6.8, 3.4)
    ax = fig.subplots()
    for i, head in enumerate(("flatten", "adaptive", "gap")):
        ax.plot(sides, [shapes.total_params(r[head]) for r in rows], marker=plots.MARKERS[i], ms=5,
                linestyle=("-", "--", ":")[i], color=plots.PALETTE[i], label=f"{HEAD_LABELS[head]} head")
    ax.set_yscale("log")
    ax.set_xlabel("image side (pixels)", fontsize=10)
    ax.set_ylabel("head parameters (log scale)", fontsize=10)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.tick_params(labelsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9, loc="center right")
    ax.set_title(f"Head parameters vs image side (last conv: {filters} filters)", fontsize=11)
    return fig


# ---------------------------------------------------------------------------
# 3. What a position sees, and where the map forgets it
# ---------------------------------------------------------------------------

def receptive_field(layers: Sequence[tuple[int, int]] = ((3, 1), (2, 2))) -> list[int]:
    """Receptive field after each ``(kernel, stride)`` layer: ``r += (k - 1) * jump; jump *= s``.

    >>> receptive_field([(3, 1), (2, 2)])   # Conv2D(3) then MaxPooling2D(2)
    [3, 4]
    """
    if isinstance(layers, (str, bytes)) or not hasattr(layers, "__iter__") or not all(
            hasattr(layer, "__len__") and len(layer) == 2 for layer in layers):
        raise ValueError(f"layers must be a list of (kernel, stride) pairs, got layers={layers!r}."[:300])
    field, jump, out = 1, 1, []
    for kernel, stride in layers:
        kernel = whole_number("layers[i] kernel", kernel, 1)
        stride = whole_number("layers[i] stride", stride, 1)
        field += (kernel - 1) * jump
        jump *= stride
        out.append(field)
    return out


def pixels_figure(images: Any = None, titles: Sequence[str] = ("a small hook",)) -> Figure:
    """Small images ``(N, H, W)`` or ``(N, H, W, 1)`` (H, W <= 16) drawn large, with a pixel grid and
    row/column numbers, so a stroke's position can be read off. Default: one small hook."""
    if images is None:
        images = np.zeros((1, 12, 12))
        images[0, 4, 3:6], images[0, 5:7, 5] = 1.0, 1.0
    try:
        images = np.asarray(images, dtype="float64")
    except (TypeError, ValueError):
        raise ValueError(f"images must be an array of numbers (N, H, W), "
                         f"got images={images!r}."[:300]) from None
    if isinstance(titles, (str, bytes)) or not hasattr(titles, "__iter__"):
        raise ValueError(f"titles must be a list of texts, got titles={titles!r}.")
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3 or not 1 <= len(images) <= 6 or max(images.shape[1:]) > 16:
        raise ValueError(f"images must have shape (N, H, W) with N <= 6 and H, W <= 16, got {images.shape}.")
    titles = list(titles)
    if len(titles) != len(images):
        raise ValueError(f"give one title per image: {len(images)} images, {len(titles)} titles.")
    fig = plots.new_figure(2.9 * len(images), 3.2)
    axes = np.atleast_1d(fig.subplots(1, len(images)))
    for ax, image, title in zip(axes, images, titles):
        h, w = image.shape
        ax.imshow(image, cmap="gray_r", vmin=0, vmax=max(1.0, float(image.max())))
        ax.set_xticks(range(w))
        ax.set_yticks(range(h))
        ax.set_xticks(np.arange(-0.5, w), minor=True)
        ax.set_yticks(np.arange(-0.5, h), minor=True)
        ax.grid(which="minor", color=plots.PALETTE[4], linewidth=0.8)
        ax.tick_params(which="minor", length=0)
        ax.tick_params(labelsize=9)
        ax.set_xlabel("column", fontsize=9)
        ax.set_ylabel("row", fontsize=9)
        ax.set_title(title, fontsize=10)
    return fig


# ---------------------------------------------------------------------------
# 4. Where the parameters are: a body and its head
# ---------------------------------------------------------------------------

def body_head_figure(models: dict | None = None, title: str = "Where the parameters are") -> Figure:
    """One stacked bar per model: the convolutional body (hatched) and the head (plain), each with
    its share. ``models`` maps a name to ``(body_params, head_params)``.

    >>> fig = body_head_figure({"VGG16": (14_714_688, 123_642_856)})
    """
    if models is None:
        models = {"VGG16 (Flatten head)": (14_714_688, 123_642_856),
                  "ResNet50 (GAP head)": (23_587_712, 2_049_000)}
    if not isinstance(models, dict) or not models:
        raise ValueError(f"models must be a non-empty dict name -> (body_params, head_params), "
                         f"got models={models!r}."[:300])
    for name, parts in models.items():
        if not hasattr(parts, "__len__") or len(parts) != 2 or not all(
                isinstance(p, numbers.Integral) and not isinstance(p, bool) for p in parts) or min(parts) < 0:
            raise ValueError(f"models[{name!r}] must be (body_params, head_params) >= 0, got {parts!r}.")
    names = list(models)
    fig = plots.new_figure(7.4, 0.8 * len(names) + 1.4)
    ax = fig.subplots()
    y = np.arange(len(names))[::-1]
    body = np.array([int(models[n][0]) for n in names])
    head = np.array([int(models[n][1]) for n in names])
    ax.barh(y, body, color=plots.PALETTE[0], hatch="///", edgecolor="white", label="body (convolutions)")
    ax.barh(y, head, left=body, color=plots.PALETTE[1], edgecolor="white", label="head (after the last map)")
    for yi, b, h in zip(y, body, head):
        total = b + h or 1
        ax.text(b + h, yi, f" {b + h:,}\n body {100 * b / total:.0f}%, head {100 * h / total:.0f}%",
                va="center", fontsize=9)
    ax.set_yticks(y, names, fontsize=9)
    ax.set_xlim(0, float((body + head).max()) * 1.7)
    ax.set_ylim(-0.8, len(names) - 0.2 + 0.9)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v / 1e6:,.0f} M")
    ax.tick_params(labelsize=9)
    ax.set_xlabel("parameters", fontsize=10)
    ax.legend(fontsize=9, loc="upper right", ncol=2, frameon=False)
    ax.set_title(title, fontsize=11)
    return fig


# ---------------------------------------------------------------------------
# 5. The class activation map (Zhou et al. 2016)
# ---------------------------------------------------------------------------

def class_activation_map(maps: Any = None, weights: Any = None, cls: int = 0) -> np.ndarray:
    """``maps`` ``(H, W, C)`` weighted by the Dense kernel's column ``cls`` (``weights`` is ``(C, K)``):
    ``sum_c maps[..., c] * weights[c, cls]``. Its mean plus the bias is the class score.

    >>> class_activation_map(np.ones((2, 2, 3)), np.eye(3), 1).tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    maps = np.ones((2, 2, 3)) if maps is None else _numbers("maps", maps, 3)
    weights = np.eye(maps.shape[-1]) if weights is None else _numbers("weights", weights, 2)
    if maps.ndim != 3 or weights.ndim != 2 or weights.shape[0] != maps.shape[-1]:
        raise ValueError(f"maps must be (H, W, C) and weights (C, classes), got {maps.shape} "
                         f"and {weights.shape}.")
    cls = whole_number("cls", cls, 0, weights.shape[1] - 1)
    return maps @ weights[:, cls]


def _draw_cam_cells(ax, cam: np.ndarray, limit: float) -> None:
    ax.imshow(cam, cmap="PuOr_r", vmin=-limit, vmax=limit)
    top = np.unravel_index(int(cam.argmax()), cam.shape)
    for (r, c), value in np.ndenumerate(cam):
        ax.text(c, r, f"{value:.1f}", ha="center", va="center", fontsize=10,
                color="white" if abs(value) > 0.6 * limit else "black",
                fontweight="bold" if (r, c) == top else "normal")
    ax.add_patch(_box(top[1] - 0.5, top[0] - 0.5, 1))
    ax.set_xticks([])
    ax.set_yticks([])


def _box(x: float, y: float, size: float):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), size, size, fill=False, edgecolor="black", linewidth=2.5, linestyle="--")


def cam_figure(image: Any = None, maps: Any = None, weights: Any = None, biases: Any = None, cls: int = 0,
               label: int | None = None) -> tuple:
    """The digit, its class activation map for ``cls`` (numbers in the cells, the top cell boxed),
    and the map laid over the digit. Returns ``(text, Figure)``; pure NumPy and matplotlib.
    Defaults: a small deterministic example (no Keras)."""
    if image is None or maps is None or weights is None or biases is None:
        images, example_maps, example_weights, example_biases, _ = _example_cam_inputs()
        image = images[0] if image is None else image
        maps = example_maps[0] if maps is None else maps
        weights = example_weights if weights is None else weights
        biases = example_biases if biases is None else biases
    image = _numbers("image", np.squeeze(image) if np.ndim(image) == 3 else image, 2, 256 * 256)
    maps = _numbers("maps", maps, 3)
    weights, biases = _numbers("weights", weights, 2), _numbers("biases", biases, 1)
    if weights.shape[0] != maps.shape[-1] or biases.shape[0] != weights.shape[1]:
        raise ValueError(f"weights must be (channels, classes) = ({maps.shape[-1]}, K) and biases (K,), got "
                         f"weights {weights.shape} and biases {biases.shape}.")
    if image.shape[0] < maps.shape[0] or image.shape[1] < maps.shape[1]:
        raise ValueError(f"image {image.shape} must be at least as large as the maps {maps.shape[:2]}.")
    cls = whole_number("cls", cls, 0, weights.shape[1] - 1)
    if label is not None:
        label = whole_number("label", label, 0, 100_000)
    scores = maps.mean(axis=(0, 1)) @ weights + biases
    cam = class_activation_map(maps, weights, cls)
    probs = np.exp(scores - scores.max())
    probs /= probs.sum()
    factor = image.shape[0] // cam.shape[0]
    big = np.kron(cam, np.ones((factor, factor)))
    limit = float(np.abs(cam).max()) or 1.0
    fig = Figure(figsize=(8.4, 3.1))
    axes = [fig.add_axes((0.01 + 0.33 * i, 0.03, 0.30, 0.78)) for i in range(3)]
    axes[0].imshow(image, cmap="gray_r", vmin=0, vmax=1)
    axes[0].set_title("digit" + ("" if label is None else f" (label {label})"), fontsize=10)
    _draw_cam_cells(axes[1], cam, limit)
    axes[1].set_title(f"map for class {cls}: mean {cam.mean():.2f}\n+ bias {biases[cls]:.2f} = score "
                      f"{scores[cls]:.2f}", fontsize=10)
    axes[2].imshow(image, cmap="gray_r", vmin=0, vmax=1)
    axes[2].imshow(big, cmap="PuOr_r", vmin=-limit, vmax=limit, alpha=0.55)
    top = np.unravel_index(int(cam.argmax()), cam.shape)
    axes[2].add_patch(_box(top[1] * factor - 0.5, top[0] * factor - 0.5, factor))
    axes[2].set_title("laid over the digit (dashed: top cell)", fontsize=10)
    for ax in (axes[0], axes[2]):
        ax.set_xticks([])
        ax.set_yticks([])
    predicted = int(scores.argmax())
    text = (f"class {cls}: score {scores[cls]:.2f}, probability {probs[cls]:.2f}   "
            f"(the model predicts {predicted} with probability {probs[predicted]:.2f})")
    return text, fig


def _example_cam_inputs() -> tuple:
    """A small deterministic stand-in for a trained model's maps (no Keras): 4 digits."""
    from utils import data

    rng = np.random.default_rng(0)
    split = data.load_digits()
    images = split.x_test[:4, ..., 0]
    maps = np.stack([np.kron(img.reshape(4, 2, 4, 2).mean(axis=(1, 3))[..., None], np.ones((1, 1, 8)))
                     for img in images]) * rng.uniform(0.5, 1.5, size=(1, 1, 1, 8))
    weights, biases = rng.normal(size=(8, 10)), np.zeros(10)
    return images, maps, weights, biases, split.y_test[:4]


def cam_explorer(images: Any = None, maps: Any = None, weights: Any = None, biases: Any = None,
                 labels: Any = None) -> panel.Panel:
    """Pick a digit and a class; the class activation map is a weighted sum of the precomputed
    ``maps`` ``(N, H, W, C)`` (no model call per move). Defaults: a small deterministic example."""
    if images is None:
        images, maps, weights, biases, labels = _example_cam_inputs()
    images, maps = np.asarray(images), np.asarray(maps, dtype="float64")
    if maps.ndim != 4 or len(maps) != len(images) or not 1 <= len(images) <= 200:
        raise ValueError(f"maps must be (N, H, W, C) with one map per image (N <= 200), got {maps.shape}.")
    classes = np.asarray(weights).shape[1]
    labels = [None] * len(images) if labels is None else [int(v) for v in labels]

    def update(digit: int, cls: str):
        chosen = int(np.argmax(maps[digit].mean(axis=(0, 1)) @ weights + biases)) if cls == "predicted" \
            else int(cls)
        return cam_figure(images[digit], maps[digit], weights, biases, chosen, labels[digit])

    return panel.Panel(update, digit=panel.slider("digit", 0, 0, len(images) - 1),
                       cls=panel.dropdown("class", ["predicted", *[str(c) for c in range(classes)]]))


# ---------------------------------------------------------------------------
# Exercise checks
# ---------------------------------------------------------------------------

def check_keepdims_shape(answer: Any) -> checks.CheckResult:
    """Exercise 5.1: ``GlobalMaxPooling2D(data_format="channels_first", keepdims=True)`` on
    ``(None, 512, 7, 7)``. Any tuple, list or Keras shape of whole numbers (and None) passes.

    >>> check_keepdims_shape([None, 512, 1, 1]).correct
    True
    """
    import keras

    shape = (None, 512, 7, 7)
    layer = keras.layers.GlobalMaxPooling2D(data_format="channels_first", keepdims=True)
    expected = tuple(layer.compute_output_shape(shape))

    def judge(ans):
        got = checks.as_shape(ans)
        if got == expected:
            return None
        known = {
            (None, 512): "that is the shape WITHOUT keepdims; keepdims=True keeps the pooled axes as 1s.",
            (None, 1, 1, 512): "that is the channels_last answer: with data_format='channels_first' the "
                               "channels stay on axis 1 and the two pooled axes (size 1) come after them.",
            (512, 1, 1): "right sizes, but the batch axis is missing: a layer's output shape starts with "
                         "the batch axis (None).",
            (1, 1, 512): "the batch axis is missing, and channels_first keeps the channels on axis 1.",
            shape: "that is the input shape: global pooling collapses each 7x7 map to one number.",
            (None, 512, 7, 1): "both spatial axes are pooled, not only one.",
            (None, 1, 7, 7): "that pools over the channels; global pooling pools over height and width.",
        }
        if got in known:
            return known[got]
        generic = checks.shape_mistake(got, expected)   # e.g. (1, 512, 1, 1): the batch axis is None
        if generic and len(got) == len(expected):
            return generic
        if len(got) != 4:
            return f"you gave a shape of rank {len(got)}; with keepdims=True the rank stays 4."
        return f"you gave {got}: keep the batch axis and the channels (axis 1 here), make height and width 1."

    return checks.run_check("Exercise 5.1", answer, judge,
                            hint="Which axes does a global pooling layer pool, and where does "
                                 "channels_first put the channels?")


def check_avg_max_function(fn: Any) -> checks.CheckResult:
    """Exercise 5.2: a NumPy ``avg_max_pool(x)``: ``(N, H, W, C)`` -> ``(N, 2C)``, the channel means
    then the channel maxima, as ``Concatenate()([GlobalAveragePooling2D()(x), GlobalMaxPooling2D()(x)])``.

    >>> pool = lambda x: np.concatenate([x.mean(axis=(1, 2)), x.max(axis=(1, 2))], axis=-1)
    >>> check_avg_max_function(pool).correct
    True
    """
    rng = np.random.default_rng(5)
    cases = [rng.normal(size=s).astype("float32")
             for s in [(2, 4, 4, 3), (1, 7, 5, 8), (3, 1, 1, 2), (2, 6, 3, 1)]]

    def judge(f):
        if not callable(f):
            raise checks.Unusable(f"expected a function avg_max_pool(x), got {type(f).__name__}.")
        for x in cases:
            got = f(x.copy())
            if got is Ellipsis:
                raise checks.NotAttempted
            if got is None:
                return "your function returns None: end it with return ..."
            if hasattr(got, "numpy") and callable(got.numpy):
                got = got.numpy()
            got = np.asarray(got, dtype="float64")
            avg, top = x.mean(axis=(1, 2)), x.max(axis=(1, 2))
            want = np.concatenate([avg, top], axis=-1)
            n, c = x.shape[0], x.shape[-1]
            if got.shape != want.shape:
                if got.shape == avg.shape:
                    if np.allclose(got, avg, atol=1e-5):
                        return "that is GAP alone (N, C): concatenate the maxima after the means."
                    if np.allclose(got, top, atol=1e-5):
                        return "that is the max alone (N, C): concatenate the means and the maxima."
                if got.shape in ((n, 2, c), (n, c, 2), (2, n, c)):
                    return (f"you stacked the two summaries into shape {got.shape}; the head wants them "
                            f"side by side on the last axis: shape {want.shape}.")
                if got.shape == (n, 1, 1, 2 * c):
                    return "that is the keepdims=True shape; return (N, 2C), as the Dense layer needs."
                if got.ndim >= 2 and got.shape[0] == n and got.size == 2 * x.size // c:
                    return "you pooled over the channels; pool over height and width (axes 1 and 2)."
                return f"for an input of shape {x.shape} the output must be {want.shape}, got {got.shape}."
            if not np.all(np.isfinite(got)):
                return "your output holds NaN or inf values."
            if np.allclose(got, want, atol=1e-5):
                continue
            if np.allclose(got, np.concatenate([top, avg], axis=-1), atol=1e-5):
                return "right numbers, wrong order: Concatenate()([GAP, GMP]) puts the means first."
            if np.allclose(got, np.stack([avg, top], axis=-1).reshape(n, 2 * c), atol=1e-5):
                return ("you interleaved mean and max per channel; put all the means first, then all the "
                        "maxima (concatenate along the last axis).")
            if np.allclose(got[:, :c], avg, atol=1e-5):
                return "the means are right; the second half should be each channel's maximum over H and W."
            if np.allclose(got[:, c:], top, atol=1e-5):
                return "the maxima are right; the first half should be each channel's mean over H and W."
            return (f"right shape, wrong values for an input of shape {x.shape}: the mean and the max "
                    "are each taken over axes 1 and 2 (height and width) together.")
        return None

    return checks.run_check("Exercise 5.2", fn, judge,
                            hint="Two summaries per channel, each over the two spatial axes; "
                                 "then join them along the last axis.")


def _crashing_layer(model: Any) -> str | None:
    """A message for an ``AdaptiveMaxPooling`` layer with an output size of 1 on an axis, or None.

    Keras 3.15's TensorFlow implementation pools with a window one larger than the input along such
    an axis, and the process dies of a floating-point exception (the kernel restarts): never run it.
    """
    flatten = getattr(model, "_flatten_layers", None)
    layers = flatten(include_self=False, recursive=True) if flatten else getattr(model, "layers", [])
    for layer in layers:
        if type(layer).__name__.startswith("AdaptiveMaxPooling") and 1 in tuple(
                np.ravel(getattr(layer, "output_size", ()))):
            return (f"{type(layer).__name__}({layer.output_size}) has an output size of 1 on an axis: in "
                    "Keras 3.15 on TensorFlow that crashes the kernel when it runs, so the check did not run "
                    "your model. A size of 1 pools that axis away entirely: for a single number per channel "
                    "use GlobalMaxPooling2D(); to keep position use a grid of at least 2 on each axis.")
    return None


def _shrunk_layer(model: Any, batch: np.ndarray) -> str | None:
    """For a Sequential model: the first layer whose output has a zero-sized axis, if any."""
    import keras

    if not isinstance(model, keras.Sequential):
        return None
    x = batch
    for layer in model.layers:
        # Keras' own shape arithmetic: TensorFlow may return garbage for a kernel larger than its input.
        try:
            shape = tuple(layer.compute_output_shape(tuple(x.shape)))
        except ValueError as exc:
            if "zero or negative" in str(exc):
                return f"{type(layer).__name__} gets a {tuple(x.shape)[1]}x{tuple(x.shape)[2]} map"
            raise
        if any(size is not None and size <= 0 for size in shape):
            return f"{type(layer).__name__} would give {shape}"
        x = layer(x)
    return None


def _run_sizes(model: Any, sizes: Sequence[tuple[int, int]], channels: int, classes: int) -> list:
    """Problems running ``model`` on two random images of each size (small: at most 2x64x64)."""
    rng = np.random.default_rng(0)
    for h, w in sizes:
        batch = rng.uniform(0, 1, size=(2, h, w, channels)).astype("float32")
        try:
            shrunk = _shrunk_layer(model, batch)
        except Exception:  # judged by the full call below
            shrunk = None
        if shrunk:
            return [f"on a {h}x{w} image your model's feature map shrinks to nothing ({shrunk}): use "
                    "padding='same' or fewer pooling/striding layers."]
        try:
            out = model(batch, training=False)
        except Exception as exc:  # a learner's model may fail in many ways: explain
            text = str(exc)
            if "negative" in text.lower() or "Computed output size would be" in text or "0" in text and (
                    "dimension" in text.lower() or "size" in text.lower()):
                return [f"on a {h}x{w} image your model's feature map shrinks to nothing: use "
                        "padding='same' or fewer pooling/striding layers."]
            from utils.errors import diagnose

            found = diagnose(exc)
            return [f"on a {h}x{w} image your model raised {type(exc).__name__}. {found.what} {found.fix}"]
        out = np.asarray(out.numpy() if hasattr(out, "numpy") else out)
        if out.shape != (2, classes):
            return [f"on two {h}x{w} images the output has shape {out.shape}, expected (2, {classes})."]
        if not np.all(np.isfinite(out)):
            return [f"on {h}x{w} images your model outputs NaN or inf (a global average over a map that "
                    "shrank to 0x0 is NaN: check the sizes with padding='same')."]
        if np.allclose(out[0], out[1], rtol=0, atol=1e-7):
            return [f"your model gives the same output for two different {h}x{w} images: whatever the "
                    "input, it answers the same, so it cannot classify anything."]
    return []


def _input_problem(model: Any, channels: int) -> str | None:
    inputs = getattr(model, "inputs", None)
    try:
        shape = tuple(inputs[0].shape) if inputs else None
    except (AttributeError, IndexError, TypeError):
        shape = None
    if shape is None:  # a subclassed model: judged by running it
        return None
    if len(shape) != 4:
        return f"the input shape is {shape}: images need (None, None, None, {channels})."
    if shape[1] is not None or shape[2] is not None:
        return (f"the input shape is {shape}: this model accepts only one image size. Use "
                f"keras.Input(shape=(None, None, {channels})).")
    if shape[3] not in (None, channels):
        return f"the input has {shape[3]} channels; these images have {channels}."
    return None


_SPEC = {"classes": 4, "channels": 1, "budget": 3_000, "sizes": [(16, 16), (48, 48), (20, 33)]}
#: Sides of the corner probe: the quadrants are side/2 apart (24 and 16 pixels), a multiple of the usual
#: strides (2, 3, 4, 8 at 48), so a head that pools one direction away cannot pass by aliasing.
_PROBE_SIDES = (48, 32)
_CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")


def _corner_images(side: int = 48) -> np.ndarray:
    """Four black ``side`` x ``side`` images, each with the same bright square in one corner's
    quadrant (top-left, top-right, bottom-left, bottom-right): the quadrants are ``side // 2`` apart."""
    size, offset, half = max(side // 8, 2), max(side // 8, 2), side // 2
    images = np.zeros((4, side, side, 1), "float32")
    for i, (row, col) in enumerate([(0, 0), (0, half), (half, 0), (half, half)]):
        images[i, row + offset:row + offset + size, col + offset:col + offset + size] = 1.0
    return images


def _not_probabilities(out: np.ndarray, classes: int) -> str | None:
    """Why the rows of ``out`` are not class probabilities, or None."""
    sums = out.sum(axis=-1)
    if out.min() < -1e-6 or out.max() > 1 + 1e-6 or not np.allclose(sums, 1.0, atol=1e-3):
        return (f"the outputs are not {classes} class probabilities (values from {out.min():.3g} to "
                f"{out.max():.3g}, a row sums to {sums[0]:.3g}): end with Dense({classes}, "
                "activation='softmax'), so each row is between 0 and 1 and sums to 1.")
    return None


def _position_problem(model: Any, names: list) -> str | None:
    """Why ``model`` cannot tell the four corners apart, judged by its outputs, or None."""
    for side in _PROBE_SIDES:
        out = np.asarray(model(_corner_images(side), training=False), dtype="float64")
        problem = _not_probabilities(out, _SPEC["classes"])
        if problem:
            return problem
        scale = max(float(np.abs(out).max()), 1e-12)
        same = [(a, b) for a in range(4) for b in range(a + 1, 4)
                if np.abs(out[a] - out[b]).max() <= 1e-5 * scale]
        if not same:
            continue
        pairs = {(_CORNERS[a], _CORNERS[b]) for a, b in same}
        if len(same) == 6:
            why = "something pools position away"
            if any(n.startswith("Global") for n in names):
                why = ("global pooling makes the head forget WHERE the mark is, and here the class depends "
                       "on it: keep a coarse grid of positions instead")
            elif any(n.startswith("Adaptive") for n in names):
                why = ("an adaptive pooling to 1x1 is global pooling in disguise: it forgets position; "
                       "pool to a grid of at least 2x2")
            return (f"on {side}x{side} crops your model gives the same output for a mark in every corner, "
                    f"so it cannot tell them apart: {why}.")
        if {("top-left", "top-right"), ("bottom-left", "bottom-right")} <= pairs:
            return (f"on {side}x{side} crops your model cannot tell left from right (a mark top-left and "
                    "top-right give the same output): the grid it pools to keeps only rows; the 4 classes "
                    "need both rows and columns (at least 2x2).")
        if {("top-left", "bottom-left"), ("top-right", "bottom-right")} <= pairs:
            return (f"on {side}x{side} crops your model cannot tell top from bottom (a mark top-left and "
                    "bottom-left give the same output): the grid it pools to keeps only columns; the 4 "
                    "classes need both rows and columns (at least 2x2).")
        a, b = same[0]
        return (f"on {side}x{side} crops your model gives the same output for a mark {_CORNERS[a]} and "
                f"{_CORNERS[b]}, so it cannot tell those classes apart: something pools position away.")
    return None


def check_position_model(model: Any) -> checks.CheckResult:
    """Exercise 5.3 (transfer): grey crops of any size (16x16 to 48x48, not always square), 4 class
    probabilities that depend on WHERE a mark is (which quadrant), at most 3,000 parameters.

    Judged by behaviour, whatever the layers: within the budget; runs on every size tried (no NaN,
    no map shrinking to nothing) with output (batch, 4); each row is probabilities (in [0, 1], sum
    1); different images give different outputs; and on 48x48 and 32x32 crops a mark in each of the
    four quadrants gives four different outputs. (An adaptive pooling grid, or a ``Resizing`` layer
    to a fixed size before a Flatten head, both pass.)
    """
    def judge(m):
        m = checks.as_model(m)
        classes, channels, budget = _SPEC["classes"], _SPEC["channels"], _SPEC["budget"]
        problem = _input_problem(m, channels)
        if problem:
            return problem
        count = m.count_params()
        if count > budget:
            return f"the model has {count:,} parameters; the budget is {budget:,}."
        crash = _crashing_layer(m)
        if crash:
            return crash
        problems = _run_sizes(m, _SPEC["sizes"], channels, classes)
        if problems:
            return problems
        return _position_problem(m, checks.layer_classes(m))

    return checks.run_check("Exercise 5.3", model, judge,
                            hint="Which head of the family accepts any size AND keeps a coarse where?",
                            success="Well done: any size, the four corners told apart, within the budget.")


def check_tiny_model(model: Any) -> checks.CheckResult:
    """Exercise 5.4 (transfer): 10 classes from grey images of any size, at most 600 parameters, the
    class does not depend on where the pattern is. Judged by properties: at least one convolution
    (nested layers included), any size, output (batch, 10), within the budget, no Flatten, no NaN,
    different outputs for different images."""
    def judge(m):
        m = checks.as_model(m)
        problem = _input_problem(m, 1)
        if problem:
            return problem
        names = checks.layer_classes(m)
        problems = []
        if not any("Conv" in n for n in names):
            problems.append("your model has no convolution: a pooling head straight on the pixels sees only "
                            "each image's mean (or max) brightness, not its texture. Put a small Conv2D "
                            "before the pooling.")
        if "Flatten" in names and not any(n.startswith("Adaptive") for n in names):
            problems.append("a Flatten head cannot follow a map of unknown size.")
        count = m.count_params()
        if count > 600:
            problems.append(f"the model has {count:,} parameters; the budget is 600: the head must cost "
                            "little (how many numbers reach the classifier?).")
        if problems:
            return problems
        return _crashing_layer(m) or _run_sizes(m, [(8, 8), (24, 24), (13, 30)], 1, 10)

    return checks.run_check("Exercise 5.4", model, judge,
                            hint="Which heads cost channels x classes (+ classes) whatever the image size?",
                            success="Well done: any size, within 600 parameters.")


PANELS = [channel_picker, head_comparison_panel, cam_explorer]
