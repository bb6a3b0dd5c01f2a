"""Lesson 04 (a CNN with Flatten): the lesson's model as a shape trace, the
parameters-vs-image-side figure, VGG16's layer list, and the exercise checks.

Every shape and parameter count comes from :func:`utils.shapes.trace` (no hand-written
walk over the layers); the tests compare each with Keras.

>>> head_trace(8)[-1].params
5130
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure

from utils import checks, plots, shapes
from utils._validate import BoundError, Whole, validated, whole_number

__all__ = ["digits_cnn_layers", "head_trace", "params_vs_side", "parameter_bars", "SIDES", "EXERCISE_MODEL",
           "SUMMARY_MODEL", "check_flatten_length", "check_dense_params", "check_summary", "PANELS"]

#: The widest image side and the most filters the functions below accept (bounds keep messages readable).
MAX_SIDE, MAX_FILTERS = 4096, 4096


@validated
def digits_cnn_layers(filters: Whole(1, MAX_FILTERS) = 32, classes: Whole(1, 100_000) = 10) -> list:
    """The lesson's ``digits_cnn`` as a layer list for :func:`utils.shapes.trace`:
    ``Conv2D(filters, 3, padding="same") -> MaxPooling2D(2) -> Flatten -> Dense(classes)``."""
    return [shapes.conv(filters, 3, padding="same", label="conv"), shapes.pool(2, label="pool"),
            shapes.flatten(), shapes.dense(classes, label="dense after Flatten")]


@validated
def head_trace(side: Whole(2, MAX_SIDE), filters: Whole(1, MAX_FILTERS) = 32) -> list:
    """``digits_cnn`` traced on a ``side x side x 1`` image (rows: Input, Conv2D, MaxPooling2D,
    Flatten, Dense).

    >>> head_trace(16)[3].shape
    (None, 2048)
    """
    return shapes.trace((side, side, 1), digits_cnn_layers(filters))


#: The sides of the lesson's figure: 8 to 224 pixels.
SIDES = tuple(range(8, 225, 8))


def _items(name: str, value: Any, most: int, what: str) -> list:
    """``value`` as a list of 1 to ``most`` items, or a one-line error naming the argument."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, range)) or not (
            1 <= len(value) <= most):
        raise BoundError(f"{name} must be a list of 1-{most} {what}, got {name}={checks.short(value)}.")
    return list(value)


def params_vs_side(sides: Sequence[int] = SIDES, filters: Sequence[int] = (16, 32, 64),
                   conv_filters: int = 32) -> Figure:
    """Dense-after-Flatten parameters of ``digits_cnn`` against the image side on log-log axes (side² is
    a line of slope 2), one line per number of conv filters, plus the flat line of
    ``Conv2D(conv_filters, 3)``. At most 500 sides (2 to 4,096) and 6 filter counts.

    >>> fig = params_vs_side([8, 16, 24])
    """
    sides = [whole_number("sides", s, 2, MAX_SIDE) for s in _items("sides", sides, 500, "image sides")]
    filters = [whole_number("filters", f, 1, MAX_FILTERS)
               for f in _items("filters", filters, len(plots.MARKERS) - 2, "filter counts")]
    conv = head_trace(sides[0], whole_number("conv_filters", conv_filters, 1, MAX_FILTERS))[1].params
    ax = plots.new_figure(6.8, 3.6).subplots()
    for i, f in enumerate(filters):
        ax.plot(sides, [head_trace(s, f)[-1].params for s in sides], marker=plots.MARKERS[i], ms=4, lw=1.5,
                color=plots.PALETTE[i], label=f"Dense after Flatten, {f} filters")
    ax.plot(sides, [conv] * len(sides), marker=plots.MARKERS[len(filters)], ms=4, lw=1.5, ls="--",
            color=plots.PALETTE[len(filters)], label=f"Conv2D({conv_filters}, 3): {conv:,} at any side")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ticks = sorted({t for t in (2 ** k for k in range(3, 13)) if min(sides) <= t <= max(sides) * 0.8}
                   | {min(sides), max(sides)})
    ax.set_xticks(ticks, [str(t) for t in ticks])
    ax.xaxis.set_minor_formatter(lambda *_: "")
    ax.set_xlabel("image side in pixels (log scale)", fontsize=9)
    ax.set_ylabel("parameters (log scale)", fontsize=9)
    ax.tick_params(labelsize=plots.MIN_FONT + 1)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.grid(alpha=0.3, which="major")
    ax.legend(fontsize=plots.MIN_FONT, loc="upper left")
    ax.set_title("digits_cnn at other image sizes: slope 2 = grows as side²", fontsize=10)
    return ax.figure


def parameter_bars(conv_blocks: dict, head: dict, title: str = "") -> Figure:
    """Horizontal bars of parameter counts on a linear axis (a bar's length is its share; a log axis
    misleads): ``conv_blocks`` (name -> count, hatched ``//``) above ``head`` (Dense layers, cross-hatched
    ``xx``), each labelled with its count and share of the total. At most 40 bars.

    >>> fig = parameter_bars({"block1": 38_720}, {"fc1": 102_764_544})
    """
    for name, value in (("conv_blocks", conv_blocks), ("head", head)):
        if not isinstance(value, dict) or not 1 <= len(value) <= 20:
            raise BoundError(f"{name} must be a dict of 1-20 name -> parameter count, "
                             f"got {checks.short(value)}.")
        for key, count in value.items():
            whole_number(f"{name}[{key!r}]", count, 1, 10**13)
    if not isinstance(title, str) or len(title) > 200:
        raise BoundError(f"title must be a string of at most 200 characters, "
                         f"got title={checks.short(title)}.")
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    styles = [(plots.PALETTE[0], "//", "convolution block (all its Conv2D layers)"),
              (plots.PALETTE[5], "xx", "Dense layer of the head")]
    bars = [(str(name), int(value), style) for style, group in zip(styles, (conv_blocks, head))
            for name, value in group.items()]
    names, values, _ = zip(*bars)
    fig = plots.new_figure(7.2, 0.42 * len(names) + 1.5)
    ax = fig.subplots()
    y = list(range(len(names)))[::-1]
    for yi, (_, value, style) in zip(y, bars):
        ax.barh(yi, value, color=style[0], hatch=style[1], edgecolor="white", alpha=0.85)
        share = 100 * value / sum(values)
        label = f"{value:,} ({share:.2g}%)" if share < 1 else f"{value:,} ({share:.0f}%)"
        ax.text(value + max(values) * 0.01, yi, label, va="center", fontsize=9)
    ax.set_xlim(0, max(values) * 1.5)
    if max(values) >= 10**6:  # "40 M" instead of matplotlib's "0.4" with a "1e8" in the corner
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1e6:g} M"))
    ax.set_yticks(y, names, fontsize=9)
    ax.set_xlabel("parameters (linear scale: a bar's length is its share)", fontsize=9)
    ax.tick_params(labelsize=plots.MIN_FONT + 1)
    ax.grid(alpha=0.3, axis="x")
    ax.legend(handles=[Patch(facecolor=c, hatch=h, edgecolor="white", label=lab) for c, h, lab in styles],
              fontsize=plots.MIN_FONT, loc="upper right")
    if title:
        ax.set_title(title, fontsize=10)
    return fig


#: No panel: the old image-side slider showed one number at a time; the static figure
#: (params_vs_side) shows every side and filter count at once.
PANELS: list = []


# Exercise checks: each computes its expected answer with shapes.trace (compared with Keras in the
# tests), so the notebook never shows the answer next to the check.

#: The model of exercises 4.1 and 4.2 (28x28x1):
#: Conv2D(16, 3) -> MaxPooling2D(2) -> Flatten -> Dense(64) -> Dense(10).
EXERCISE_MODEL = ((28, 28, 1), [shapes.conv(16, 3), shapes.pool(2), shapes.flatten(),
                                shapes.dense(64), shapes.dense(10)])


def check_flatten_length(answer: Any) -> checks.CheckResult:
    """Exercise 4.1: Flatten's output length in the 28x28 model.

    >>> check_flatten_length(13 * 13 * 16).correct
    True
    """
    rows = shapes.trace(*EXERCISE_MODEL)
    conv_side, pooled = rows[1].shape[1], rows[2].shape[1]
    same_side = shapes.pool_output_length(28, 2)
    judge = checks.judge_against(
        rows[3].shape[1], read=lambda ans: checks.as_whole_number(ans, "your length"),
        before=lambda ans: ("that is a shape; give the flat length, a single number (the axis after the "
                            "batch axis)." if isinstance(ans, (tuple, list)) and len(ans) > 1 else None),
        known={
            conv_side ** 2 * 16:
                f"you forgot MaxPooling2D(2): it halves height and width ({conv_side} -> {pooled}).",
            same_side ** 2 * 16: "that is padding='same'; Conv2D's default is 'valid': 28 -> 26 first.",
            28 * 28 * 16: "the 3x3 'valid' conv shrinks 28 to 26, and the pooling halves it to 13.",
            pooled ** 2: "that is height*width only: multiply by the 16 channels too.",
            pooled * 16: f"that counts one axis of the map: Flatten multiplies height * width * channels "
                         f"({pooled} * {pooled} * 16), every axis after the batch.",   # review r20
            28 * 28: "that is the number of input pixels; trace the shape through the conv and the pool.",
        },
        otherwise=lambda value: f"you gave {value:,}; trace the side through the conv and the pool, then "
                                "multiply height * width * channels.")
    return checks.run_check("Exercise 4.1", answer, judge,
                            hint="Follow one side of the image through each layer, then think about what "
                                 "Flatten does with the three axes.")


def check_dense_params(answer: Any) -> checks.CheckResult:
    """Exercise 4.2: parameters of the Dense(64) right after Flatten in the exercise 4.1 model.

    >>> check_dense_params(2704 * 64 + 64).correct
    True
    """
    rows = shapes.trace(*EXERCISE_MODEL)
    flat = rows[3].shape[1]
    judge = checks.judge_against(
        rows[4].params, read=lambda ans: checks.as_whole_number(ans, "your parameter count"),
        known={
            flat * 64: "you forgot the biases: one extra parameter per unit (64).",
            flat + 64: "a Dense layer has one weight per (input, unit) PAIR: multiply.",
            shapes.dense_params(rows[1].shape[1] ** 2 * 16, 64):
                "that uses the length before MaxPooling2D; the Dense sees the pooled, flattened map.",
            shapes.dense_params(28 * 28, 64):
                "that connects the raw 28*28 pixels; the Dense sees the flattened feature map.",
            shapes.dense_params(64, 10): "that is the last Dense(10); the question asks for the Dense(64).",
            shapes.total_params(rows): "that is the whole model; the question asks for the Dense(64) alone.",
            shapes.dense_params(rows[2].shape[1] * rows[2].shape[2], 64):
                "that counts one input per PIXEL of the pooled map; Flatten keeps every channel of every "
                "pixel: height * width * channels inputs.",
            shapes.dense_params(rows[1].shape[1] * rows[1].shape[2], 64):
                "that counts the pixels of the map before MaxPooling2D, one per pixel: the Dense sees the "
                "POOLED map, with all its channels.",
            rows[4].params + rows[5].params:
                "that adds both Dense layers; the question asks for the Dense(64) alone.",
        },
        otherwise=lambda value: f"you gave {value:,}; count one weight per (input, unit) pair plus one bias "
                                "per unit.")
    return checks.run_check("Exercise 4.2", answer, judge,
                            hint="How many inputs does this Dense see, and how many numbers does each of its "
                                 "units own?")


#: Exercise 4.3 (transfer): predict the whole summary of this model before running it.
SUMMARY_MODEL = ((30, 20, 3), [
    shapes.conv(8, 3, padding="same", label="first conv"), shapes.pool(2, label="first pool"),
    shapes.conv(16, (3, 5), label="3x5 conv"), shapes.pool(2, label="second pool"),
    shapes.flatten(label="flatten"), shapes.dense(10, label="classifier"),
])


def _as_row(row: Any, position: int) -> tuple[tuple, int]:
    """One learner row ``(shape, params)`` (tuple, list or dict) as ``(shape, int)``."""
    if isinstance(row, dict):
        shape = row.get("shape", row.get("output_shape"))
        params = row.get("params", row.get("parameters"))
    elif isinstance(row, (tuple, list)) and len(row) == 2 and not isinstance(row[0], numbers.Number):
        shape, params = row
    else:
        raise checks.Unusable(f"row {position} is {row!r}; write each row as (output_shape, params), e.g. "
                              "((None, 4, 4, 8), 0).")
    if shape is None or params is None:
        raise checks.Unusable(f"row {position} needs an output shape and a parameter count, got {row!r}.")
    return (checks.as_shape(shape, f"the shape in row {position}"),
            checks.as_whole_number(params, f"the parameter count in row {position}"))


def _row_reasons(i: int, got: tuple, want: tuple, rows: list, prev: tuple | None) -> list:
    """Why row ``i`` (1 = first layer) of the learner's summary differs from ``want``."""
    (gs, gp), (ws, wp) = got, want
    layer = SUMMARY_MODEL[1][i - 1]
    in_shape = rows[i - 1].shape
    conv = layer.kind == "conv"
    kernel_3x5 = conv and isinstance(layer.options["kernel"], tuple)
    reasons = []
    if gs != ws:
        if gs == ws[1:]:
            why = "the batch axis is missing; Keras shows it first, as None."
        elif len(gs) == len(ws) and gs[0] is not None:
            why = f"the batch axis is None in a summary (any batch size), not {gs[0]}."
        elif len(gs) != len(ws):
            what = "(batch, length)" if len(ws) == 2 else "(batch, height, width, channels)"
            why = f"this layer outputs {len(ws)} axes {what}; you gave {len(gs)}."
        elif len(ws) == 4 and gs == (None, ws[3], ws[1], ws[2]):
            why = "that is channels-first; Keras puts channels last."
        elif prev is not None and prev != in_shape and _follows(layer, prev) == gs:
            why = f"{gs} follows correctly from your previous row, which is wrong."
        elif conv and layer.options["padding"] == "same" and gs[1:3] == (
                shapes.conv_output_length(in_shape[1], 3), shapes.conv_output_length(in_shape[2], 3)):
            why = "padding='same' keeps height and width (stride 1); you shrank them as 'valid'."
        elif conv and layer.options["padding"] == "valid" and gs[1:3] == in_shape[1:3]:
            why = "the default padding is 'valid', which shrinks each side by kernel - 1."
        elif conv and gs[1:3] == ws[2:0:-1]:
            why = "height and width are swapped."
        elif kernel_3x5 and gs[1:3] == (in_shape[1] - 4, in_shape[2] - 2):
            why = "the kernel (3, 5) is 3 high and 5 wide: height shrinks by 2, width by 4."
        elif layer.kind == "pool" and gs[1:3] == tuple(-(-n // 2) for n in in_shape[1:3]):
            why = "MaxPooling2D(2) with 'valid' padding rounds DOWN (floor), e.g. 13 -> 6."
        elif conv and gs[-1] != ws[-1] and gs[1:-1] == ws[1:-1]:
            why = f"a Conv2D outputs one channel per filter ({ws[-1]})."
        elif layer.kind == "flatten":
            why = ("Flatten's length is the product of the row before it: multiply h·w·c (height, width and "
                   "channels), nothing else.")
        else:
            why = f"output shape {gs}, expected a different one; apply the formula per axis."
        reasons.append(why)
    if gp != wp:
        in_ch = in_shape[-1]
        if wp == 0:
            why = f"{layer.kind} layers have no parameters (nothing is learned there)."
        elif layer.kind in ("conv", "dense") and gp == wp - ws[-1]:
            why = f"the bias is forgotten: one per {'filter' if conv else 'unit'}."
        elif kernel_3x5 and gp == 3 * 3 * in_ch * ws[-1] + ws[-1]:
            why = "the kernel is 3 x 5, not 3 x 3: 15 weights per input channel and filter."
        # the same conv counted on one input channel, or on the image's 3 (its parameters do not depend on
        # the side, so an 8x8 input gives them)
        elif conv and in_ch != 1 and gp == shapes.trace((8, 8, 1), [layer])[-1].params:
            why = (f"each filter sees ALL {in_ch} channels of its input, not one: "
                   f"{'x'.join(map(str, layer.options['kernel'] if kernel_3x5 else (3, 3)))}x{in_ch} "
                   "weights per filter, plus its bias.")
        elif conv and in_ch != 3 and gp == shapes.trace((8, 8, 3), [layer])[-1].params:
            why = f"each filter sees ALL {in_ch} channels of its input, not the image's 3."
        elif (layer.kind == "dense" and prev is not None and prev != in_shape
              and prev[-1] is not None and gp == shapes.dense_params(prev[-1], ws[-1])):
            why = f"{gp:,} follows from your Flatten row, which is wrong."
        else:
            why = f"{gp:,} parameters, expected a different count."
        reasons.append(why)
    return [f"row {i} ({layer.label}): {why}" for why in reasons]


def _follows(layer: shapes.Layer, shape: tuple) -> tuple | None:
    """The shape ``layer`` gives after the learner's (wrong) ``shape``, or None if it cannot follow."""
    try:
        return shapes.trace(shape[1:], [layer])[-1].shape
    except (ValueError, TypeError):
        return None


def check_summary(answer: Any) -> checks.CheckResult:
    """Exercise 4.3 (transfer): every row of ``model.summary()`` of :data:`SUMMARY_MODEL`:
    a list of ``(output_shape, params)``, one per layer (an Input row first is optional).

    >>> rows = shapes.trace(*SUMMARY_MODEL)
    >>> check_summary([(r.shape, r.params) for r in rows[1:]]).correct
    True
    """
    rows = shapes.trace(*SUMMARY_MODEL)
    want = [(r.shape, r.params) for r in rows]

    def judge(ans):
        if isinstance(ans, (str, bytes)) or not isinstance(ans, (list, tuple)):
            return ("write a list with one (output_shape, params) pair per layer, e.g. "
                    "[((None, 30, 20, 8), ...), ...].")
        got = [_as_row(row, i) for i, row in enumerate(ans, start=1)]
        if len(got) == len(rows) and got[0][0] in (want[0][0], want[0][0][1:]):
            if got[0][1]:
                return (f"row 1 is the Input: it only declares the shape and owns no parameters, "
                        f"not {got[0][1]:,}.")
            got = got[1:]  # an Input row first, with 0 parameters: fine
        if len(got) != len(rows) - 1:
            return (f"the model has {len(rows) - 1} layers (Input not counted), so the summary has "
                    f"{len(rows) - 1} rows; you gave {len(got)}.")
        if all(g[0] == w[0][1:] for g, w in zip(got, want[1:])):
            return "every shape lacks the batch axis: Keras shows it first, as None, e.g. (None, 10)."
        problems, prev = [], None
        for i, (g, w) in enumerate(zip(got, want[1:]), start=1):
            if g != w:
                problems += _row_reasons(i, g, w, rows, prev)
            prev = g[0]
        if not problems:
            return None
        total = sum(p for _, p in got)
        if total != shapes.total_params(rows):
            problems.append(f"(your total: {total:,} parameters; Keras's 'Total params' line differs)")
        return problems

    return checks.run_check("Exercise 4.3", answer, judge,
                            hint="One layer at a time: its input is the previous row's shape; convolutions "
                                 "and Dense layers own weights and biases, pooling and Flatten own none.")
