"""Lesson 05 (global pooling and the family of heads): the channel panel, the heads' shapes and
parameters (from :func:`utils.shapes.trace`), what each position sees, the body/head figure, the class
activation map, and the exercise checks. Only the checks import Keras, when called.

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
from utils._validate import Array, BoundError, Choice, Rule, Test, Whole, array, validated, whole_number
from utils.experiment import join_names

__all__ = [
    "HEADS", "HEAD_LABELS", "body_layers", "head_layers", "head_trace", "family_rows", "family_table",
    "channel_stats", "channel_panel", "head_comparison", "head_comparison_panel", "params_vs_side",
    "receptive_field", "field_per_position", "pixels_figure", "body_head_figure", "class_activation_map",
    "cam_figure", "cam_panel", "check_keepdims_shape", "check_avg_max_function", "check_position_model",
    "check_tiny_model", "PANELS",
]

#: The six heads of the lesson, in the order the tables show them.
HEAD_LABELS = {"flatten": "Flatten", "gap": "global average", "gmp": "global max",
               "adaptive": "adaptive 2x2 + Flatten", "avg+max": "average + max", "nin": "Network in Network"}
HEADS = tuple(HEAD_LABELS)
MAX_SIDE = 1024  #: widest image side the sliders and functions accept


def _needs(ndims: tuple, limit: int) -> str:
    return f"a finite array of numbers with {' or '.join(map(str, ndims))} axes (at most {limit:,} numbers)"


def _array(name: str, value: Any, ndims: tuple, limit: int = 1_000_000) -> np.ndarray:
    """``value`` as a finite float array with ``ndims`` axes, or a one-line error naming it."""
    return array(name, value, _needs(ndims, limit), ndims, limit, kind="finite")


def _numbers(ndims: tuple, limit: int = 1_000_000) -> Any:
    """:func:`_array` as an argument rule."""
    return Array(_needs(ndims, limit), ndims, limit, kind="finite")


def _whole(value: Any, low: int, high: int) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and low <= value <= high


def _axis_layers(padding: bool) -> Any:
    """A Rule: ``(kernel, stride)`` pairs or, with ``padding``, ``(kernel, stride, padding)`` triples;
    kernel and stride from 1 to 64, padding 'valid' or 'same'."""
    needs = ("(kernel, stride, padding) triples, kernel and stride whole numbers from 1 to 64, padding "
             "'valid' or 'same', such as [(3, 1, 'same'), (2, 2, 'valid')]" if padding else
             "(kernel, stride) pairs, kernel and stride whole numbers from 1 to 64, such as [(3, 1), (2, 2)]")

    def check(value: Any) -> list:
        if not isinstance(value, (tuple, list)) or not all(
                isinstance(layer, (tuple, list)) and len(layer) == 2 + padding
                and all(_whole(n, 1, 64) for n in layer[:2])
                and (not padding or isinstance(layer[2], str) and layer[2] in ("valid", "same"))
                for layer in value):
            raise ValueError(f"must be a list of {needs}")
        return [(int(layer[0]), int(layer[1]), *layer[2:]) for layer in value]
    return Rule(check)


#: A feature map's shape ``(H, W, C)``; H and W may be None.
FeatureShape = Test(lambda v: isinstance(v, (tuple, list)) and len(v) == 3
                    and all(d is None and i < 2 or _whole(d, 1, 100_000) for i, d in enumerate(v)),
                    "(height, width, channels) of whole numbers >= 1 (height and width may be None)")
Head, Classes = Choice(*HEADS), Whole(1, 100_000)


# --- 1. The channel panel: one channel's mean (GAP) and max (GMP) ---------------------------------------

def _one_feature_map(fmap: Any) -> np.ndarray:
    """``fmap`` as a float array ``(H, W, C)``; a batch of one ``(1, H, W, C)`` is unwrapped."""
    fmap = _array("fmap", fmap, (3, 4), 2_000_000)
    fmap = fmap[0] if fmap.ndim == 4 and len(fmap) == 1 else fmap
    if fmap.ndim != 3 or fmap.shape[-1] > 64:
        raise BoundError(f"fmap must have shape (H, W, C) or (1, H, W, C) with at most 64 channels, "
                         f"got shape {fmap.shape}.")
    return fmap


def channel_stats(fmap: Any, channel: int) -> tuple:
    """Update function of the channel panel: one channel's mean (GAP) and max (GMP), and a figure.

    >>> print(channel_stats(np.arange(8.0).reshape(2, 2, 2), 1)[0].splitlines()[1])
    mean over the 2x2 positions = 4.0000   -> GlobalAveragePooling2D output[1]
    """
    fmap = _one_feature_map(fmap)
    (h, w, c), channel = fmap.shape, whole_number("channel", channel, 0, fmap.shape[-1] - 1)
    values = fmap[..., channel]
    row, col = np.unravel_index(int(values.argmax()), values.shape)
    text = "\n".join([
        f"channel {channel} of {c}: a {h}x{w} map",
        f"mean over the {h}x{w} positions = {values.mean():.4f}   "
        f"-> GlobalAveragePooling2D output[{channel}]",
        f"max  over the {h}x{w} positions = {values.max():.4f}   -> GlobalMaxPooling2D output[{channel}]"
        f"  (at row {row}, col {col})",
        f"{100 * float((values == 0).mean()):.0f}% of this map is exactly 0 (ReLU)."])
    fig = Figure(figsize=(8.0, 3.4))  # no layout engine: a fixed layout keeps the slider's redraw fast
    ax_map, ax_bar = fig.add_axes((0.01, 0.04, 0.36, 0.74)), fig.add_axes((0.46, 0.16, 0.52, 0.62))
    low, high = min(0.0, float(fmap.min())), float(fmap.max()) or 1.0
    ax_map.imshow(values, cmap="viridis", vmin=low, vmax=high)
    ax_map.plot(col, row, marker="X", color="white", ms=13, mec="black", mew=1.5)
    ax_map.set_axis_off()
    x = np.arange(c)
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
    for handle in ax_bar.legend(fontsize=9, loc="upper left", ncol=2, frameon=False).legend_handles:
        handle.set_alpha(1.0)
    for ax, title in ((ax_map, f"channel {channel}: {values.size:,} numbers\nmean {values.mean():.3f}   "
                       f"max {values.max():.3f} (X)"), (ax_bar, "one number per channel")):
        ax.text(0.5, 1.02, title, fontsize=10, ha="center", va="bottom", transform=ax.transAxes)
    return text, fig


def channel_panel(fmap: Any = None) -> panel.Panel:
    """A slider over the channels of one feature map ``(H, W, C)`` (default: a small seeded ReLU map)."""
    fmap = _one_feature_map(np.random.default_rng(5).normal(size=(12, 12, 6)).clip(0, None)
                            if fmap is None else fmap)
    return panel.Panel(lambda channel: channel_stats(fmap, channel),
                       channel=panel.slider("channel", 0, 0, fmap.shape[-1] - 1))


# --- 2. The family of heads: shapes and parameters from shapes.trace ------------------------------------

@validated
def body_layers(filters: Whole(1, 1024) = 32) -> list:
    """The lesson's body: ``Conv2D(16, 3, 'same') -> MaxPooling2D(2) -> Conv2D(filters, 3, 'same')``."""
    return [shapes.conv(16, 3, padding="same", label="body"), shapes.pool(2, label="body"),
            shapes.conv(filters, 3, padding="same", label="body")]


@validated
def head_layers(head: Choice("flatten", "gap", "gmp", "adaptive", "nin") = "gap",
                classes: Classes = 10) -> list:
    """One head as ``shapes`` layers (``"avg+max"`` has two branches: see :func:`head_trace`)."""
    dense = shapes.dense(classes, label="classifier")
    return {"flatten": [shapes.flatten(), dense], "gap": [shapes.global_pool("avg"), dense],
            "gmp": [shapes.global_pool("max"), dense],
            "adaptive": [shapes.adaptive_pool(2), shapes.flatten(), dense],
            "nin": [shapes.conv(classes, 1, label="classifier"), shapes.global_pool("avg")]}[head]


@validated
def head_trace(head: Head = "gap", feature_shape: FeatureShape = (4, 4, 32), classes: Classes = 10) -> list:
    """Rows of ``shapes.trace`` for one head on a feature map ``(H, W, C)`` (first row: the map). The two
    branches of ``"avg+max"`` are traced one after the other, then the concatenation.

    >>> [(r.layer, r.shape, r.params) for r in head_trace("avg+max", (4, 4, 32))][-2:]
    [('Concatenate()', (None, 64), 0), ('Dense(10)  [classifier]', (None, 10), 650)]
    """
    if head != "avg+max":
        return shapes.trace(feature_shape, head_layers(head, classes))
    avg, top = (shapes.trace(feature_shape, [shapes.global_pool(kind)]) for kind in ("avg", "max"))
    joined = avg[-1].shape[-1] + top[-1].shape[-1]
    dense = shapes.trace((joined,), head_layers("gap", classes)[1:])[-1]
    return [*avg, *top[1:], shapes.TraceRow("Concatenate()", (None, joined), 0), dense]


@validated
def family_rows(feature_shape: FeatureShape = (4, 4, 32), classes: Classes = 10) -> list:
    """One dict per head: label, what reaches the classifier (the last parameter-free flat row: the
    Concatenate for average+max), head parameters, and whether it accepts a map of any size."""
    rows = []
    for head in HEADS:
        trace = head_trace(head, feature_shape, classes)
        try:
            any_size = bool(head_trace(head, (None, None, feature_shape[-1]), classes))
        except ValueError:
            any_size = False
        flat = [r.shape for r in trace[1:] if r.params == 0 and len(r.shape) == 2]
        rows.append({"head": head, "label": HEAD_LABELS[head], "layers": [r.layer for r in trace[1:]],
                     "to_classifier": flat[-1] if flat else None, "params": shapes.total_params(trace),
                     "output": trace[-1].shape, "any_size": any_size,
                     "keeps_position": head in ("flatten", "adaptive")})
    return rows


@validated
def family_table(feature_shape: FeatureShape = (4, 4, 32), classes: Classes = 10) -> str:
    """The family of heads as a text table (every number from ``shapes.trace``)."""
    lines = [f"feature map {shapes.format_shape((None, *feature_shape))}, {classes} classes",
             f"{'head':<24}{'numbers per image':>18}{'head params':>13}  {'any size?':<10}where?", "-" * 76]
    lines += [f"{r['label']:<24}{(r['to_classifier'] or r['output'])[-1]:>18,}{r['params']:>13,}  "
              f"{'yes' if r['any_size'] else 'no':<10}{'kept' if r['keeps_position'] else 'lost'}"
              for r in family_rows(feature_shape, classes)]
    return "\n".join(lines + ["(Network in Network: a 1x1 conv makes one map per class, GAP makes it one "
                              "score per class)"])


def _head_params(side: int, filters: int) -> dict:
    """The feature map of the lesson's body on ``side`` x ``side`` grey images, and the parameters of the
    body and of the Flatten, adaptive and GAP heads after it."""
    body = shapes.trace((whole_number("side", side, 2, MAX_SIDE),) * 2 + (1,), body_layers(filters))
    feature = body[-1].shape[1:]
    heads = {h: shapes.total_params(head_trace(h, feature)) for h in ("flatten", "adaptive", "gap")}
    return {"body": shapes.total_params(body), "feature": feature, **heads}


def head_comparison(side: int, filters: int = 32) -> str:
    """Update function of the head slider: the head parameters of Flatten, adaptive and GAP heads.

    >>> print(head_comparison(16).splitlines()[1])
    Flatten head:          8*8*32 = 2,048 numbers -> Dense(10):  20,490 parameters
    """
    r = _head_params(side, filters)
    (h, w, c), flat, adapt, gap = r["feature"], r["flatten"], r["adaptive"], r["gap"]
    return "\n".join([
        f"input {side}x{side}x1 -> Conv2D(16) -> MaxPooling2D(2) -> Conv2D({filters}) -> "
        f"feature map {h}x{w}x{c}",
        f"Flatten head:          {h}*{w}*{c} = {h * w * c:,} numbers -> Dense(10): {flat:>7,} parameters",
        f"adaptive 2x2 head:     2*2*{c} = {4 * c:,} numbers -> Dense(10): {adapt:>7,} parameters",
        f"global average head:   {c} numbers -> Dense(10): {gap:>7,} parameters",
        f"Flatten / GAP = {flat / gap:,.1f}x   (the body, the same for all: {r['body']:,} parameters)"])


def head_comparison_panel() -> panel.Panel:
    """Sliders for the image side and the last Conv2D's filters."""
    return panel.Panel(head_comparison, side=panel.slider("image side (pixels)", 8, 8, 224, step=8),
                       filters=panel.slider("last Conv2D filters", 32, 8, 128, step=8))


def params_vs_side(sides: Sequence[int] = (8, 16, 32, 64), filters: int = 32) -> Figure:
    """Head parameters against the image side (log scale), one marked line per head; at most 200 sides.

    >>> fig = params_vs_side([8, 16, 24])
    """
    count = whole_number("len(sides)", len(sides) if isinstance(sides, (list, tuple, range)) else 0, 1, 200)
    rows = [_head_params(whole_number("sides[i]", s, 2, MAX_SIDE), filters) for s in sides[:count]]
    ax = plots.new_figure(6.8, 3.4).subplots()
    for i, head in enumerate(("flatten", "adaptive", "gap")):
        ax.plot(sides, [r[head] for r in rows], marker=plots.MARKERS[i], ms=5,
                linestyle=("-", "--", ":")[i], color=plots.PALETTE[i], label=f"{HEAD_LABELS[head]} head")
    ax.set_yscale("log")
    ax.set_xlabel("image side (pixels)", fontsize=10)
    ax.set_ylabel("head parameters (log scale)", fontsize=10)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.tick_params(labelsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9, loc="center right")
    ax.set_title(f"Head parameters vs image side (last conv: {filters} filters)", fontsize=11)
    return ax.figure


# --- 3. What a position sees ------------------------------------------------------------------------------

@validated
def receptive_field(layers: _axis_layers(padding=False) = ((3, 1), (2, 2))) -> list[int]:
    """Nominal receptive field after each ``(kernel, stride)`` layer: ``r += (k - 1) * jump; jump *= s``
    (borders ignored: see :func:`field_per_position`).

    >>> receptive_field([(3, 1), (2, 2)])   # Conv2D(3) then MaxPooling2D(2)
    [3, 4]
    """
    field, jump, out = 1, 1, []
    for kernel, stride in layers:
        field += (kernel - 1) * jump
        jump *= stride
        out.append(field)
    return out


@validated
def field_per_position(side: Whole(1, MAX_SIDE), layers: _axis_layers(padding=True)) -> list:
    """The first and last input pixel (along one axis of ``side`` pixels) that each output position sees
    after ``(kernel, stride, padding)`` layers, with Keras' padding (``'same'`` pads ``total // 2`` on the
    left) cut off: positions near a border see less.

    >>> field_per_position(8, [(3, 1, "same"), (2, 2, "valid"), (3, 1, "same")])
    [(0, 4), (0, 6), (1, 7), (3, 7)]
    """
    sizes, lefts = [side], []
    for kernel, stride, padding in layers:
        sizes.append(shapes.conv_output_length(sizes[-1], kernel, stride=stride, padding=padding))
        lefts.append(max((sizes[-1] - 1) * stride + kernel - sizes[-2], 0) // 2 if padding == "same" else 0)
    spans = [(p, p) for p in range(sizes[-1])]
    for (kernel, stride, _), left, n in zip(layers[::-1], lefts[::-1], sizes[-2::-1]):
        spans = [(max(a * stride - left, 0), min(b * stride - left + kernel - 1, n - 1)) for a, b in spans]
    return spans


def pixels_figure(images: Any = None, titles: Sequence[str] = ("a small hook",)) -> Figure:
    """Small images ``(N, H, W)`` or ``(N, H, W, 1)`` (N <= 6, H, W <= 16) drawn large, with a pixel grid
    and row/column numbers, so a stroke's position can be read off. Default: one small hook."""
    if images is None:
        images = np.zeros((1, 12, 12))
        images[0, 4, 3:6], images[0, 5:7, 5] = 1.0, 1.0
    images = _array("images", images, (3, 4), 6 * 16 * 16)
    images = images[..., 0] if images.ndim == 4 and images.shape[-1] == 1 else images
    titles = [str(t) for t in titles] if isinstance(titles, (list, tuple)) else []
    if images.ndim != 3 or max(images.shape[1:]) > 16 or len(titles) != len(images):
        raise BoundError(f"images must be (N, H, W) with H, W <= 16 and one title per image: got images of "
                         f"shape {images.shape} and {len(titles)} titles.")
    fig = plots.new_figure(2.9 * len(images), 3.2)
    for ax, image, title in zip(np.atleast_1d(fig.subplots(1, len(images))), images, titles):
        h, w = image.shape
        ax.imshow(image, cmap="gray_r", vmin=0, vmax=max(1.0, float(image.max())))
        ax.set(xticks=range(w), yticks=range(h), xlabel="column", ylabel="row")
        ax.set_xticks(np.arange(-0.5, w), minor=True)
        ax.set_yticks(np.arange(-0.5, h), minor=True)
        ax.grid(which="minor", color=plots.PALETTE[4], linewidth=0.8)
        ax.tick_params(which="minor", length=0)
        ax.tick_params(labelsize=9)
        ax.set_title(title, fontsize=10)
    return fig


# --- 4. Where the parameters are: a body and its head ------------------------------------------------------

#: Models for :func:`body_head_figure`: name -> (body_params, head_params).
Models = Test(lambda v: isinstance(v, dict) and len(v) <= 20 and all(
              isinstance(p, (tuple, list)) and len(p) == 2 and all(_whole(n, 0, 10**13) for n in p)
              for p in v.values()),
              "a dict of at most 20 models, name -> (body_params, head_params), each a whole number from 0 "
              "to 10^13")


@validated
def body_head_figure(models: Models | None = None,
                     title: plots.Text = "Where the parameters are") -> Figure:
    """One stacked bar per model, name -> ``(body_params, head_params)``: the body hatched, the head plain.

    >>> fig = body_head_figure({"VGG16": (14_714_688, 123_642_856)})
    """
    models = models or {"VGG16 (Flatten head)": (14_714_688, 123_642_856),
                        "ResNet50 (GAP head)": (23_587_712, 2_049_000)}
    body, head = np.array([[int(n) for n in pair] for pair in models.values()]).T
    ax = plots.new_figure(7.4, 0.8 * len(models) + 1.4).subplots()
    y = np.arange(len(models))[::-1]
    ax.barh(y, body, color=plots.PALETTE[0], hatch="///", edgecolor="white", label="body (convolutions)")
    ax.barh(y, head, left=body, color=plots.PALETTE[1], edgecolor="white", label="head (after the last map)")
    for yi, b, h in zip(y, body, head):
        share = 100 / (b + h or 1)
        ax.text(b + h, yi, f" {b + h:,}\n body {b * share:.0f}%, head {h * share:.0f}%", va="center",
                fontsize=9)
    ax.set_yticks(y, list(models), fontsize=9)
    ax.set_xlim(0, float((body + head).max() or 1) * 1.7)
    ax.set_ylim(-0.8, len(models) + 0.7)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v / 1e6:,.0f} M")
    ax.tick_params(labelsize=9)
    ax.set_xlabel("parameters", fontsize=10)
    ax.legend(fontsize=9, loc="upper right", ncol=2, frameon=False)
    ax.set_title(title, fontsize=11)
    return ax.figure


# --- 5. The class activation map (Zhou et al. 2016) --------------------------------------------------------

def class_activation_map(maps: Any = None, weights: Any = None, cls: int = 0) -> np.ndarray:
    """``maps`` ``(H, W, C)`` weighted by the Dense kernel's column ``cls`` (``weights`` is ``(C, K)``):
    ``sum_c maps[..., c] * weights[c, cls]``. Its mean plus the bias is the class score.

    >>> class_activation_map(np.ones((2, 2, 3)), np.eye(3), 1).tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    maps = np.ones((2, 2, 3)) if maps is None else _array("maps", maps, (3,))
    weights = np.eye(maps.shape[-1]) if weights is None else _array("weights", weights, (2,))
    if weights.shape[0] != maps.shape[-1]:
        raise BoundError(f"weights must be (channels, classes) with channels = {maps.shape[-1]} (the maps' "
                         f"last axis), got weights of shape {weights.shape}.")
    return maps @ weights[:, whole_number("cls", cls, 0, weights.shape[1] - 1)]


def _box(ax, x: float, y: float, size: float) -> None:
    from matplotlib.patches import Rectangle

    ax.add_patch(Rectangle((x, y), size, size, fill=False, edgecolor="black", linewidth=2.5, linestyle="--"))


def cam_figure(image: Any = None, maps: Any = None, weights: Any = None, biases: Any = None, cls: int = 0,
               label: int | None = None) -> tuple:
    """The digit, its class activation map for ``cls`` (numbers in the cells, the best cell boxed) and the
    map over the digit's outlined strokes (orange: evidence for the class, purple: against), and a
    sentence with the score. Returns ``(text, Figure)``."""
    example = _example_cam_inputs() if any(v is None for v in (image, maps, weights, biases)) else [None] * 4
    image = _array("image", np.squeeze(example[0][0] if image is None else image), (2,), 256 * 256)
    maps = _array("maps", example[1][0] if maps is None else maps, (3,))
    weights = _array("weights", example[2] if weights is None else weights, (2,))
    biases = _array("biases", example[3] if biases is None else biases, (1,))
    cam = class_activation_map(maps, weights, cls)
    if biases.shape[0] != weights.shape[1] or image.shape[0] < cam.shape[0] or image.shape[1] < cam.shape[1]:
        raise BoundError(f"biases must be (classes,) = ({weights.shape[1]},) and image at least as large as "
                         f"the maps {cam.shape}: got biases {biases.shape} and image {image.shape}.")
    label = None if label is None else whole_number("label", label, 0, 100_000)
    scores = maps.mean(axis=(0, 1)) @ weights + biases
    probs = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
    factor, limit = image.shape[0] // cam.shape[0], float(np.abs(cam).max()) or 1.0
    top = np.unravel_index(int(cam.argmax()), cam.shape)
    fig = Figure(figsize=(8.8, 3.2))
    axes = [fig.add_axes((0.01 + 0.29 * i, 0.04, 0.26, 0.74), xticks=[], yticks=[]) for i in range(3)]
    axes[0].imshow(image, cmap="gray_r", vmin=0, vmax=1)
    axes[0].set_title("digit" + ("" if label is None else f" (label {label})"), fontsize=10)
    shown = axes[1].imshow(cam, cmap="PuOr_r", vmin=-limit, vmax=limit)
    for (r, c), value in np.ndenumerate(cam):
        axes[1].text(c, r, f"{value:.1f}", ha="center", va="center", fontsize=10, fontweight=(
            "bold" if (r, c) == top else "normal"), color="white" if abs(value) > 0.6 * limit else "black")
    _box(axes[1], top[1] - 0.5, top[0] - 0.5, 1)
    axes[1].set_title(f"map for class {cls}: mean {cam.mean():.2f}\n+ bias {biases[cls]:.2f} = score "
                      f"{scores[cls]:.2f}", fontsize=10)
    axes[2].imshow(np.kron(cam, np.ones((factor, factor))), cmap="PuOr_r", vmin=-limit, vmax=limit, alpha=0.6)
    axes[2].contour(image, levels=[0.5 * (float(image.max()) or 1.0)], colors="black", linewidths=2)
    _box(axes[2], top[1] * factor - 0.5, top[0] * factor - 0.5, factor)
    axes[2].set_title("over the digit (black: its strokes)", fontsize=10)
    bar = fig.colorbar(shown, cax=fig.add_axes((0.88, 0.1, 0.018, 0.62)))
    bar.set_label("evidence: + for the class,\n- against it", fontsize=9, labelpad=2)
    bar.ax.tick_params(labelsize=8)
    best = int(scores.argmax())
    return (f"class {cls}: score {scores[cls]:.2f}, probability {probs[cls]:.2f}   "
            f"(the model predicts {best} with probability {probs[best]:.2f})"), fig


def _example_cam_inputs() -> tuple:
    """A small deterministic stand-in for a trained model's maps (no Keras): 4 digits."""
    from utils import data

    rng, split = np.random.default_rng(0), data.load_digits()
    images = split.x_test[:4, ..., 0]
    maps = np.stack([np.kron(img.reshape(4, 2, 4, 2).mean(axis=(1, 3))[..., None], np.ones((1, 1, 8)))
                     for img in images]) * rng.uniform(0.5, 1.5, size=(1, 1, 1, 8))
    return images, maps, rng.normal(size=(8, 10)), np.zeros(10), split.y_test[:4]


@validated
def cam_panel(images: _numbers((3, 4), 10_000_000) | None = None,
              maps: _numbers((4,), 10_000_000) | None = None, weights: _numbers((2,)) | None = None,
              biases: _numbers((1,)) | None = None,
              labels: Array("one whole-number label >= 0 per image, such as y_test[:12]", (1,), 10**6,
                            "labels") | None = None) -> panel.Panel:
    """Pick a digit and a class: the precomputed ``maps`` ``(N, H, W, C)`` weighted by the Dense ``weights``
    ``(C, K)`` (no model call per move), with ``biases`` ``(K,)``, ``images`` ``(N, H, W[, 1])`` and
    optional ``labels``. Give the four arrays together, or none for a small deterministic example."""
    given = {"images": images, "maps": maps, "weights": weights, "biases": biases}
    missing = [name for name, value in given.items() if value is None]
    if len(missing) == len(given):
        images, maps, weights, biases, example_labels = _example_cam_inputs()
        labels = [int(v) for v in example_labels] if labels is None else labels
    elif missing:
        raise BoundError(f"{join_names(missing)} {'is' if len(missing) == 1 else 'are'} missing: give "
                         "images, maps, weights and biases together (or none of them, for the example).")
    if (len(maps) != len(images) or len(maps) > 200 or weights.shape[0] != maps.shape[-1]
            or biases.shape != weights.shape[1:] or labels is not None and len(labels) != len(images)):
        raise BoundError(f"maps must be (N, H, W, C) with one map per image (N <= 200), weights (C, K), "
                         f"biases (K,) and labels one per image: got {len(images)} images, maps "
                         f"{maps.shape}, weights {weights.shape}, biases {biases.shape}"
                         + ("." if labels is None else f" and {len(labels)} labels."))
    labels = [None] * len(images) if labels is None else [int(v) for v in labels]

    def update(digit: int, cls: str):
        scores = maps[digit].mean(axis=(0, 1)) @ weights + biases
        chosen = int(np.argmax(scores)) if cls == "predicted" else int(cls)
        return cam_figure(images[digit], maps[digit], weights, biases, chosen, labels[digit])

    return panel.Panel(update, digit=panel.slider("digit", 0, 0, len(images) - 1),
                       cls=panel.dropdown("class", ["predicted", *map(str, range(weights.shape[1]))]))


# --- Exercise checks ----------------------------------------------------------------------------------------

def check_keepdims_shape(answer: Any) -> checks.CheckResult:
    """Exercise 5.1: the output shape of ``GlobalMaxPooling2D(data_format="channels_first",
    keepdims=True)`` on ``(None, 512, 7, 7)``, as a tuple, list or Keras shape.

    >>> check_keepdims_shape([None, 512, 1, 1]).correct
    True
    """
    import keras

    shape = (None, 512, 7, 7)
    expected = tuple(keras.layers.GlobalMaxPooling2D(data_format="channels_first", keepdims=True)
                     .compute_output_shape(shape))
    known = {
        (None, 512): "that is the shape WITHOUT keepdims; keepdims=True keeps the pooled axes as 1s.",
        (None, 1, 1, 512): "that is the channels_last answer: with data_format='channels_first' the channels "
                           "stay on axis 1 and the two pooled axes (size 1) come after them.",
        (512, 1, 1): "right sizes, but the batch axis is missing: a layer's output shape starts with the "
                     "batch axis (None).",
        (1, 1, 512): "the batch axis is missing, and channels_first keeps the channels on axis 1.",
        shape: "that is the input shape: global pooling collapses each 7x7 map to one number.",
        (None, 512, 7, 1): "both spatial axes are pooled, not only one.",
        (None, 1, 7, 7): "that pools over the channels; global pooling pools over height and width.",
    }

    def judge(ans):
        got = checks.as_shape(ans)
        generic = checks.shape_mistake(got, expected)   # e.g. (1, 512, 1, 1): the batch axis is None
        if got == expected:
            return None
        if got in known or generic and len(got) == len(expected):
            return known.get(got, generic)
        if len(got) != 4:
            return f"you gave a shape of rank {len(got)}; with keepdims=True the rank stays 4."
        return f"you gave {got}: keep the batch axis and the channels (axis 1 here), make height and width 1."

    return checks.run_check("Exercise 5.1", answer, judge, hint="Which axes does a global pooling layer "
                            "pool, and where does channels_first put the channels?")


def _as_numbers(value: Any) -> np.ndarray:
    """A learner's output or a model's (NumPy, a list, a tensor of any backend) as float64 NumPy."""
    return np.asarray(checks.as_numpy(value), dtype="float64")


def _avg_max_mistake(got: np.ndarray, x: np.ndarray) -> str | None:
    """What is wrong with ``got`` as the average+max pooling of ``x``, or None."""
    avg, top = x.mean(axis=(1, 2)), x.max(axis=(1, 2))
    want, (n, c) = np.concatenate([avg, top], axis=-1), avg.shape
    if got.shape != want.shape:
        for alone, why in ((avg, "that is GAP alone (N, C): concatenate the maxima after the means."),
                           (top, "that is the max alone (N, C): concatenate the means and the maxima.")):
            if got.shape == alone.shape and np.allclose(got, alone, atol=1e-5):
                return why
        if got.shape in ((n, 2, c), (n, c, 2), (2, n, c)):
            return (f"you stacked the two summaries into shape {got.shape}; the head wants them side by side "
                    f"on the last axis: shape {want.shape}.")
        if got.shape == (n, 1, 1, 2 * c):
            return "that is the keepdims=True shape; return (N, 2C), as the Dense layer needs."
        if got.ndim >= 2 and got.shape[0] == n and got.size == 2 * x.size // c:
            return "you pooled over the channels; pool over height and width (axes 1 and 2)."
        return f"for an input of shape {x.shape} the output must be {want.shape}, got {got.shape}."
    if not np.all(np.isfinite(got)):
        return "your output holds NaN or inf values."
    for other, why in ((want, None), (np.concatenate([top, avg], axis=-1), "right numbers, wrong order: "
                                      "Concatenate()([GAP, GMP]) puts the means first (fastai's "
                                      "AdaptiveConcatPool2d puts the maxima first; this exercise asks for "
                                      "the lesson's order)."),
                       (np.stack([avg, top], axis=-1).reshape(n, 2 * c), "you interleaved mean and max per "
                        "channel; put all the means first, then all the maxima (concatenate along the last "
                        "axis)."),
                       (avg, "the means are right; the second half should be each channel's maximum over H "
                        "and W."),
                       (top, "the maxima are right; the first half should be each channel's mean over H "
                        "and W.")):
        part = got if other.shape == got.shape else got[:, :c] if other is avg else got[:, c:]
        if np.allclose(part, other, atol=1e-5):
            return why
    return (f"right shape, wrong values for an input of shape {x.shape}: the mean and the max are each taken "
            "over axes 1 and 2 (height and width) together.")


def check_avg_max_function(fn: Any, seconds: float = 10.0) -> checks.CheckResult:
    """Exercise 5.2: ``avg_max_pool(x)``, ``(N, H, W, C)`` -> ``(N, 2C)``: the channel means, then the
    channel maxima; each call gets ``seconds`` to return.

    >>> check_avg_max_function(lambda x: np.concatenate([x.mean((1, 2)), x.max((1, 2))], -1)).correct
    True
    """
    rng = np.random.default_rng(5)
    cases = [rng.normal(size=s).astype("float32")
             for s in [(2, 4, 4, 3), (1, 7, 5, 8), (3, 1, 1, 2), (2, 6, 3, 1)]]

    def judge(f):
        if not callable(f):
            raise checks.Unusable(f"expected a function avg_max_pool(x), got {type(f).__name__}.")
        for x in cases:
            got = checks.call_with_deadline(f, x.copy(), seconds=seconds, what="avg_max_pool")
            if got is Ellipsis:
                raise checks.NotAttempted
            mistake = "your function returns None: end it with return ..." if got is None else \
                _avg_max_mistake(_as_numbers(got), x)
            if mistake:
                return mistake
        return None

    return checks.run_check("Exercise 5.2", fn, judge, hint="Two summaries per channel, each over the two "
                            "spatial axes; then join them along the last axis.")


def _run_sizes(model: Any, sizes: Sequence[tuple[int, int]], channels: int, classes: int) -> str | None:
    """The first problem running ``model`` on two random images of each size (at most 2x64x64), or None."""
    from utils.errors import diagnose

    rng = np.random.default_rng(0)
    for h, w in sizes:
        batch = rng.uniform(0, 1, size=(2, h, w, channels)).astype("float32")
        vanished = f"on a {h}x{w} image your model's feature map shrinks to nothing"
        fatal = checks.fatal_call(model, (h, w, channels))  # before anything runs the model for real
        if fatal:
            return (f"on a {h}x{w} image: {fatal}. For one number per channel use GlobalMaxPooling2D(); to "
                    "keep position, a grid of at least 2 on each axis over a map at least 2 pixels wide.")
        try:
            shrunk = checks.vanished_map(model, (h, w, channels))
        except Exception:  # noqa: BLE001 - judged by the full call below
            shrunk = None
        if shrunk:
            side = "x".join(map(str, shrunk.input_shape[1:3]))
            return (f"{vanished} (layer {shrunk.layer} gets a {side} map): use padding='same' or fewer "
                    "pooling/striding layers.")
        try:
            out = _as_numbers(model(batch, training=False))
        except Exception as exc:  # noqa: BLE001 - a learner's model may fail in many ways: explain
            text = str(exc).lower()
            if "negative" in text or "computed output size would be" in text or "0" in text and (
                    "dimension" in text or "size" in text):
                return f"{vanished}: use padding='same' or fewer pooling/striding layers."
            found = diagnose(exc)
            return f"on a {h}x{w} image your model raised {type(exc).__name__}. {found.what} {found.fix}"
        if out.shape != (2, classes):
            return f"on two {h}x{w} images the output has shape {out.shape}, expected (2, {classes})."
        if not np.all(np.isfinite(out)):
            return (f"on {h}x{w} images your model outputs NaN or inf (a global average over a map that "
                    "shrank to 0x0 is NaN: check the sizes with padding='same').")
        if np.allclose(out[0], out[1], rtol=0, atol=1e-7):
            return (f"your model gives the same output for two different {h}x{w} images: whatever the input, "
                    "it answers the same, so it cannot classify anything.")
    return None


def _input_problem(model: Any, channels: int) -> str | None:
    try:
        shape = tuple(model.inputs[0].shape)
    except (AttributeError, IndexError, TypeError):  # a subclassed model: judged by running it
        return None
    if len(shape) != 4:
        return f"the input shape is {shape}: images need (None, None, None, {channels})."
    if shape[1] is not None or shape[2] is not None:
        return (f"the input shape is {shape}: this model accepts only one image size. Use "
                f"keras.Input(shape=(None, None, {channels})).")
    return f"the input has {shape[3]} channels; these images have {channels}." if shape[3] not in (
        None, channels) else None


#: Exercise 5.3's probes, (side, centred): a mark near each quadrant's corner at 48 and 32, then in the
#: middle of each quadrant of a 96x96 crop, where a small conv's zero padding cannot see it. The quadrants are
#: side/2 apart, a multiple of the usual strides (2, 3, 4, 8): a head that pools position away cannot pass by
#: aliasing.
_PROBES = ((48, False), (32, False), (96, True))
_CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")


def _mark_images(side: int = 48, centred: bool = False) -> np.ndarray:
    """Four black ``side`` x ``side`` images, each with the same bright square in one quadrant (in
    ``_CORNERS`` order): near the quadrant's corner, or in its middle (``centred``)."""
    size, half = max(side // 8, 2), side // 2
    offset = side // 4 - size // 2 if centred else size
    images = np.zeros((4, side, side, 1), "float32")
    for i, (row, col) in enumerate([(0, 0), (0, half), (half, 0), (half, half)]):
        images[i, row + offset:row + offset + size, col + offset:col + offset + size] = 1.0
    return images


def _position_problem(model: Any, names: list) -> str | None:
    """Why ``model`` cannot tell the four quadrants apart, judged by its outputs, or None."""
    adaptive = any(n.startswith("Adaptive") for n in names)
    for side, centred in _PROBES:
        out = _as_numbers(model(_mark_images(side, centred), training=False))
        crops, sums = f"on {side}x{side} crops", out.sum(axis=-1)
        if out.min() < -1e-6 or out.max() > 1 + 1e-6 or not np.allclose(sums, 1.0, atol=1e-3):
            return (f"the outputs are not 4 class probabilities (values from {out.min():.3g} to "
                    f"{out.max():.3g}, a row sums to {sums[0]:.3g}): end with Dense(4, "
                    "activation='softmax'), so each row is between 0 and 1 and sums to 1.")
        scale = max(float(np.abs(out).max()), 1e-12)
        same = [(a, b) for a in range(4) for b in range(a + 1, 4)
                if np.abs(out[a] - out[b]).max() <= 1e-5 * scale]
        pairs = {(_CORNERS[a], _CORNERS[b]) for a, b in same}
        if len(same) == 6 and centred:
            return (f"{crops} your model gives the same output for a mark in the middle of each quadrant: "
                    "it tells the quadrants apart only near the border, where the zero padding leaks "
                    "position into a global pooling (Islam et al. 2020). Keep a coarse grid of positions in "
                    "the head instead.")
        if len(same) == 6:
            why = "something pools position away"
            if any(n.startswith("Global") for n in names):
                why = ("global pooling makes the head forget WHERE the mark is, and here the class depends "
                       "on it: keep a coarse grid of positions instead")
            elif adaptive:
                why = ("an adaptive pooling to 1x1 is global pooling in disguise: it forgets position; pool "
                       "to a grid of at least 2x2")
            return (f"{crops} your model gives the same output for a mark in every corner, so it cannot "
                    f"tell them apart: {why}.")
        for lost, kept, a, b in (("left from right", "rows", "top-left", "top-right"),
                                 ("top from bottom", "columns", "top-left", "bottom-left")):
            if {(a, b), tuple(c for c in _CORNERS if c not in (a, b))} <= pairs:
                where = (f"the grid it pools to keeps only {kept}" if adaptive
                         else f"of the mark's position it keeps only which of the {kept} it is in")
                return (f"{crops} your model cannot tell {lost} (a mark {a} and {b} give the same output): "
                        f"{where}; the 4 classes need both rows and columns (at least 2x2).")
        if same:
            return (f"{crops} your model gives the same output for a mark {_CORNERS[same[0][0]]} and "
                    f"{_CORNERS[same[0][1]]}, so it cannot tell those classes apart: something pools "
                    "position away.")
    return None


def _grids(layers: list) -> list[tuple[int, tuple]]:
    """``(index, output size)`` of each adaptive pooling among ``layers``."""
    return [(i, tuple(np.atleast_1d(layer.output_size))) for i, layer in enumerate(layers)
            if type(layer).__name__.startswith("Adaptive")]


def _pools_position_away(model: Any) -> str | None:
    """For a head that pools globally and keeps no grid of positions (no adaptive grid, no per-position
    Flatten or Reshape, no Resizing): what it tells apart it tells through the border alone."""
    layers = checks.all_layers(model)
    names = [type(layer).__name__ for layer in layers]
    cells = [int(np.prod(grid)) for _, grid in _grids(layers)]
    pools = any(n.startswith("Global") for n in names) or 1 in cells
    if not pools or any(n > 1 for n in cells) or _per_position_heads(model) or "Resizing" in names:
        return None
    return ("your model tells the quadrants apart, but its head pools globally, and global pooling forgets "
            "WHERE: what is left of position comes only from the border (the zero padding that a wide "
            "receptive field reaches, or a stride that does not divide the image, so a shifted mark meets "
            "other samples). The exercise asks the HEAD to keep a coarse grid of positions: pool to a grid, "
            "e.g. AdaptiveAveragePooling2D(2), then Flatten and Dense.")


def check_position_model(model: Any) -> checks.CheckResult:
    """Exercise 5.3 (transfer): grey crops of any size, 4 class probabilities that depend on WHICH
    quadrant holds a mark, at most 3,000 parameters. Judged by behaviour (:data:`_PROBES`), then by the
    layers: a global pooling that tells the quadrants apart only through the border is refused; an
    adaptive grid, or ``Resizing`` before a Flatten head, passes.
    """
    def judge(m):
        m = checks.as_model(m)
        count = m.count_params()
        return (_input_problem(m, 1) or count > 3_000 and f"the model has {count:,} parameters; the budget "
                "is 3,000." or _run_sizes(m, [(16, 16), (48, 48), (20, 33)], 1, 4)
                or _position_problem(m, checks.layer_classes(m)) or _pools_position_away(m))

    return checks.run_check("Exercise 5.3", model, judge,
                            hint="Which head of the family accepts any size AND keeps a coarse where?",
                            success="Well done: any size, the four quadrants told apart, within the budget.")


def _per_position_heads(model: Any) -> list[str]:
    """The Flatten and Reshape layers that give each position of a map its own weights: all but those
    whose input is a 1x1 map (after a global pooling with keepdims=True they hold one value per channel)."""
    found = []
    for layer in checks.all_layers(model):
        if type(layer).__name__ not in ("Flatten", "Reshape"):
            continue
        try:
            shape = tuple(layer.input.shape)
        except (AttributeError, ValueError):  # a layer never called in a graph: assume the worst
            shape = ()
        if not (len(shape) >= 3 and all(d == 1 for d in shape[1:-1])):
            found.append(type(layer).__name__)
    return found


def check_tiny_model(model: Any) -> checks.CheckResult:
    """Exercise 5.4 (transfer): 10 classes from grey images of any size, at most 600 parameters, the class
    independent of where the pattern is: a convolution wider than 1x1, no per-position weights, softmax
    or logits, and distinct finite outputs of shape (batch, 10) on every size tried."""
    def judge(m):
        m = checks.as_model(m)
        names, count = checks.layer_classes(m), m.count_params()
        layers = checks.all_layers(m)
        kernels = [tuple(layer.kernel_size) for layer in layers if hasattr(layer, "kernel_size")]
        at, grid = next(((i, g) for i, g in _grids(layers) if int(np.prod(g)) > 1), (len(layers), None))
        # After a grid, a Flatten/Reshape or a convolution wider than 1x1 (Conv2D(10, 2) on a 2x2 grid, then
        # GAP) gives each cell of the grid its own weights.
        mixing = next((f"{type(layer).__name__}({'x'.join(map(str, layer.kernel_size))})"
                       for layer in layers[at + 1:] if max(getattr(layer, "kernel_size", (1,))) > 1), None)
        flat = next(iter(_per_position_heads(m)), None)  # "Flatten", "Reshape" or None
        problems = [p for p in (
            not any("Conv" in n for n in names) and "your model has no convolution: a pooling head straight "
            "on the pixels sees only each image's mean (or max) brightness, not its texture. Put a small "
            "Conv2D before the pooling.",
            kernels and all(max(k) == 1 for k in kernels) and "your convolutions are 1x1: each output sees "
            "ONE pixel, so after global pooling the model knows only how bright the pixels are (a "
            "histogram), not how they are arranged: not the texture. Give a convolution a kernel of 2 or "
            "more, e.g. Conv2D(8, 3).",
            flat and "Resizing" in names and f"Resizing to a fixed size lets {flat} run on any image, but "
            f"it squeezes or stretches the texture you classify, and {flat} gives each position its own "
            "weights, so the class depends on where the pattern is. Use global pooling instead.",
            (flat or mixing) and grid is not None
            and f"an adaptive {'x'.join(map(str, grid))} grid and {flat or mixing} after it give "
            "each cell of the grid its own weights: the same texture in another part of the image would "
            "reach other weights, and here where it sits must not matter. Pool to one value per channel "
            "(GlobalAveragePooling2D).",
            flat and "Resizing" not in names and grid is None
            and f"a {flat} head cannot follow a map of unknown size (only a 1x1 map, after a global "
            "pooling with keepdims=True, flattens to the same length for every image).",
            count > 600 and f"the model has {count:,} parameters; the budget is 600: the head must cost "
            "little (how many numbers reach the classifier?).",
            checks.final_activation(m) not in (None, "softmax", "linear")
            and f"the output passes through {checks.final_activation(m)}: a classifier of 10 classes ends "
            "with softmax (probabilities that sum to 1), or with no activation (logits, trained with "
            "from_logits=True).") if p]
        return (_input_problem(m, 1) or problems
                or _run_sizes(m, [(8, 8), (24, 24), (13, 30)], 1, 10))

    return checks.run_check("Exercise 5.4", model, judge,
                            hint="Which heads cost channels x classes (+ classes) whatever the image size?",
                            success="Well done: any size, within 600 parameters.")


PANELS = [channel_panel, head_comparison_panel, cam_panel]
