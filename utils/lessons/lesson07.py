"""Lesson 07: sequences, padding and the errors Flatten causes.

Figures (signals, padding dilution, the memory of a Flatten head), the text of the
head-cost calculation, and the checks of the lesson's exercises. The experiment of
section 3 uses the generic :mod:`utils.experiment` (train side by side, summarise,
draw). Every parameter count comes from :func:`utils.shapes.trace`.

>>> print(flatten_head_cost(7).splitlines()[1])
Flatten -> Dense(4096): 25,088 x 4096 + 4096 = 102,764,544 parameters = 411.1 MB
"""

from __future__ import annotations

import contextlib
import math
import numbers
import re
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from utils import checks, errors, plots, shapes
from utils._validate import whole_number

__all__ = [
    "PANELS",
    "head_params",
    "flatten_head_cost",
    "draw_signals",
    "signal_examples",
    "draw_head_memory",
    "head_memory",
    "draw_dilution",
    "dilution_figure",
    "check_flatten_mb",
    "check_channels_last",
    "check_variable_length_model",
    "check_padding_proof_model",
]

#: No widget: the head-cost numbers scale by a formula that the static figure and the text show
#: (moving a slider would add nothing a learner cannot read off them).
PANELS: list = []

MB = 1_000_000  # this course's megabyte (SI); 1 MiB = 2**20 bytes
BYTES_PER_FLOAT32 = 4


# ---------------------------------------------------------------------------
# The cost of a Dense layer after Flatten vs after global pooling
# ---------------------------------------------------------------------------

def head_params(side: int, channels: int, units: int) -> dict:
    """Parameters of ``Dense(units)`` after Flatten and after GlobalAveragePooling2D on a
    ``side x side x channels`` map, from :func:`utils.shapes.trace`.

    >>> head_params(7, 512, 4096)["flatten"]
    102764544
    """
    side = whole_number("side", side)
    channels = whole_number("channels", channels)
    units = whole_number("units", units)
    shape = (side, side, channels)
    flat = shapes.trace(shape, [shapes.flatten(), shapes.dense(units)])
    gap = shapes.trace(shape, [shapes.global_pool("avg"), shapes.dense(units)])
    return {"flat_values": flat[1].shape[1], "flatten": shapes.total_params(flat),
            "gap": shapes.total_params(gap)}


def flatten_head_cost(side: int, channels: int = 512, units: int = 4096) -> str:
    """Parameters and float32 megabytes of ``Dense(units)`` after Flatten vs after GAP, as text."""
    p = head_params(side, channels, units)
    flat_mb, gap_mb = p["flatten"] * BYTES_PER_FLOAT32 / MB, p["gap"] * BYTES_PER_FLOAT32 / MB
    verdict = ("is over 1 GB (Binder's whole budget) for its weights alone" if flat_mb > 1000
               else "stays under 1 GB for its weights (training with Adam needs about 3x more)")
    return "\n".join([
        f"feature map {side} x {side} x {channels} = {p['flat_values']:,} values per sample",
        f"Flatten -> Dense({units}): {p['flat_values']:,} x {units} + {units} = {p['flatten']:,} parameters"
        f" = {flat_mb:,.1f} MB",
        f"GAP     -> Dense({units}): {channels:,} x {units} + {units} = {p['gap']:,} parameters"
        f" = {gap_mb:,.1f} MB",
        f"Flatten head / GAP head = {p['flatten'] / p['gap']:,.1f}x; the Flatten head {verdict}.",
    ])


def draw_head_memory(ax, channels: int = 512, units: int = 4096, sides: Sequence[int] = tuple(range(1, 57)),
                     highlight: int | None = None) -> list:
    """Megabytes of float32 weights of ``Dense(units)`` after Flatten vs after GAP, by map side."""
    plots.check_axes(ax)
    channels = whole_number("channels", channels)
    units = whole_number("units", units)
    if isinstance(sides, (str, bytes)) or not isinstance(sides, Sequence):
        raise ValueError(f"sides must be a list of whole numbers, got sides={sides!r}.")
    if not 0 < len(sides) <= 1000:
        raise ValueError(f"sides must hold 1 to 1,000 map sides, got {len(sides)} (sides={sides!r:.60}).")
    sides = [whole_number("sides[i]", s) for s in sides]
    if highlight is not None and (isinstance(highlight, bool) or not isinstance(highlight, numbers.Real)
                                  or not math.isfinite(highlight)):
        raise ValueError(f"highlight must be None or a map side (a number), got highlight={highlight!r}.")
    counts = [head_params(s, channels, units) for s in sides]
    flat_mb = [c["flatten"] * BYTES_PER_FLOAT32 / MB for c in counts]
    gap_mb = [c["gap"] * BYTES_PER_FLOAT32 / MB for c in counts]
    every = max(1, len(sides) // 8)
    artists = [
        *ax.plot(sides, flat_mb, "-", marker=plots.MARKERS[0], markevery=every, color=plots.PALETTE[5],
                 label=f"Flatten -> Dense({units})"),
        *ax.plot(sides, gap_mb, "--", marker=plots.MARKERS[1], markevery=every, color=plots.PALETTE[0],
                 label=f"GlobalAveragePooling2D -> Dense({units})"),
        ax.axhline(1000, color="grey", ls=":", lw=1),
        ax.text(sides[0], 1000, " 1 GB", va="bottom", fontsize=9, color="dimgrey"),
    ]
    if highlight is not None:
        artists.append(ax.axvline(highlight, color="grey", ls="-.", lw=0.8))
    ax.set_yscale("log")
    ax.set_xlabel(f"feature map side (the map is side x side x {channels})")
    ax.set_ylabel("MB of float32 weights")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=9, loc="center right")
    return artists


def head_memory(channels: int = 512, units: int = 4096, sides: Sequence[int] = tuple(range(1, 57)),
                highlight: int | None = None) -> Figure:
    """Figure of :func:`draw_head_memory`: the Dense after Flatten grows with the square of the side.

    >>> fig = head_memory(512, 4096, sides=[1, 7, 14], highlight=7)
    """
    fig = plots.new_figure(7.5, 3.3)
    ax = fig.subplots()
    draw_head_memory(ax, channels, units, sides, highlight)
    ax.set_title("The Dense layer after Flatten grows with the square of the side", fontsize=10)
    return fig


# ---------------------------------------------------------------------------
# Signals
# ---------------------------------------------------------------------------

def _class_names(class_names: Any) -> list[str]:
    if isinstance(class_names, (str, bytes)) or not isinstance(class_names, Sequence):
        raise ValueError(f"class_names must be a list of names, got class_names={class_names!r}.")
    names = list(class_names)
    if not 0 < len(names) <= 10 or not all(isinstance(n, str) for n in names):
        raise ValueError(f"class_names must be 1 to 10 names (strings), got class_names={class_names!r:.80}.")
    return names


def _signals(x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """``x`` as (N, length) floats and ``y`` as N whole-number labels, or a ValueError naming them."""
    try:
        x = np.asarray(x, dtype="float64")
    except (TypeError, ValueError):
        raise ValueError(f"x must be an array of signals, got x={x!r:.60}.") from None
    if x.ndim == 3 and x.shape[-1] == 1:
        x = x[..., 0]
    if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] == 0 or x.size > 1_000_000:
        raise ValueError(f"x must be (N, length) or (N, length, 1) signals, got x.shape={x.shape}.")
    if isinstance(y, (str, bytes)) or not isinstance(y, (Sequence, np.ndarray)):
        raise ValueError(f"y must be a list of whole-number labels, got y={y!r:.60}.")
    labels = np.asarray(list(y))
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(f"y must be a list of whole-number labels, got y={y!r:.60}.")
    if len(labels) != len(x):
        raise ValueError(f"x must hold one signal per label in y: x.shape={x.shape} has {len(x)} signals, "
                         f"y has {len(labels)} labels.")
    return x, labels


def draw_signals(axes, x: np.ndarray, y: Sequence[int], class_names: Sequence[str]) -> list:
    """One signal per Axes in ``axes`` (a 2-D array: one row per class); returns the lines."""
    x, y = _signals(x, y)
    class_names = _class_names(class_names)
    grid = np.asarray(axes, dtype=object)
    if grid.ndim != 2 or len(grid) < len(class_names) or not all(hasattr(a, "plot") for a in grid.flat):
        raise ValueError(f"axes must be a 2-D array of Axes with one row per class ({len(class_names)}), "
                         f"got axes={axes!r:.60}.")
    axes = grid
    lines = []
    for label, name in enumerate(class_names):
        picks = np.flatnonzero(y == label)
        for j, ax in enumerate(axes[label]):
            if j < len(picks):
                lines += ax.plot(x[picks[j]], lw=0.9, color=plots.PALETTE[label % len(plots.PALETTE)],
                                 ls=("-", "--", ":")[label % 3])
            ax.set_yticks([])
            ax.tick_params(labelsize=9)
            if j == 0:
                ax.set_ylabel(name, fontsize=9)
    return lines


def signal_examples(x: np.ndarray, y: Sequence[int], class_names: Sequence[str],
                    per_class: int = 2) -> Figure:
    """``per_class`` signals of each class: one row per class, one panel per signal.

    >>> fig = signal_examples(np.zeros((3, 64, 1)), [0, 1, 2], ["a", "b", "c"], per_class=1)
    """
    per_class = whole_number("per_class", per_class, maximum=6)
    names = _class_names(class_names)
    _signals(x, y)  # refuse bad signals before making the figure
    fig = plots.new_figure(3.2 * per_class, 1.35 * len(names) + 0.4)
    axes = fig.subplots(len(names), per_class, squeeze=False, sharex=True, sharey=True)
    draw_signals(axes, x, y, names)
    for ax in axes[-1]:
        ax.set_xlabel("time step", fontsize=9)
    fig.suptitle("A short sound somewhere in the clip; what it sounds like decides the class", fontsize=10)
    return fig


# ---------------------------------------------------------------------------
# Padding dilutes the average
# ---------------------------------------------------------------------------

def _dilution_data(lengths: Any, curves: Any, ylabel: Any) -> tuple[list, dict]:
    if isinstance(lengths, (str, bytes)) or not isinstance(lengths, (Sequence, np.ndarray)):
        raise ValueError(f"lengths must be a list of padded lengths, got lengths={lengths!r:.60}.")
    lengths = list(lengths)
    if not 0 < len(lengths) <= 1000 or not all(isinstance(v, numbers.Real) and not isinstance(v, bool)
                                               and math.isfinite(v) for v in lengths):
        raise ValueError(f"lengths must be 1 to 1,000 finite numbers, got lengths={lengths!r:.60}.")
    if not isinstance(curves, Mapping) or not 0 < len(curves) <= len(plots.MARKERS):
        raise ValueError(f"curves must be a dict {{label: values}} with 1 to {len(plots.MARKERS)} entries, "
                         f"got curves={curves!r:.60}.")
    checked = {}
    for label, values in curves.items():
        try:
            row = np.asarray(values, dtype="float64")
        except (TypeError, ValueError):
            row = None
        if row is None or row.shape != (len(lengths),):
            raise ValueError(f"curves[{label!r}] must hold one number per entry of lengths "
                             f"({len(lengths)}), got {values!r:.60}.")
        checked[str(label)] = row
    if not isinstance(ylabel, str):
        raise ValueError(f"ylabel must be text, got ylabel={ylabel!r:.60}.")
    return lengths, checked


def draw_dilution(ax, lengths: Sequence[int], curves: Mapping[str, Sequence[float]], ylabel: str) -> list:
    """One line per variant (``{label: values}``) against the padded length."""
    plots.check_axes(ax)
    lengths, curves = _dilution_data(lengths, curves, ylabel)
    artists = []
    for i, (label, values) in enumerate(curves.items()):
        artists += ax.plot(lengths, values, ls=("-", "--", "-.", ":")[i % 4], marker=plots.MARKERS[i],
                           color=plots.PALETTE[i % len(plots.PALETTE)], label=label)
    ax.set_xlabel("length after padding (real tokens + zeros)", fontsize=9)
    ax.set_ylabel(ylabel, fontsize=9)
    ax.grid(alpha=0.3)
    ax.tick_params(labelsize=9)
    ax.legend(fontsize=9, loc="best")
    return artists


def dilution_figure(lengths: Sequence[int], curves: Mapping[str, Sequence[float]], ylabel: str,
                    title: str = "") -> Figure:
    """Figure of :func:`draw_dilution`."""
    _dilution_data(lengths, curves, ylabel)
    if not isinstance(title, str):
        raise ValueError(f"title must be text, got title={title!r:.60}.")
    fig = plots.new_figure(6.0, 3.0)
    ax = fig.subplots()
    draw_dilution(ax, lengths, curves, ylabel)
    if title:
        ax.set_title(title, fontsize=10)
    return fig


# ---------------------------------------------------------------------------
# Exercise 7.1: megabytes of the Dense after Flatten (never allocating them)
# ---------------------------------------------------------------------------

#: Cases the check tries, small ones first; the last two are VGG-sized.
MB_CASES = ((5, 3, 2, 10), (1, 1, 1, 1), (4, 4, 8, 3), (7, 7, 512, 4096), (224, 224, 64, 4096))
#: The most weights a learner's function may create in a Keras layer while being checked (4 MB).
MAX_CHECK_WEIGHTS = 1_000_000


class _BuildsBigLayer(Exception):
    def __init__(self, shape: tuple):
        super().__init__(shape)
        self.shape = shape


def _guarded_call(fn, args):
    """Call ``fn(*args)``; refuse (instead of allocating) any Keras weight over MAX_CHECK_WEIGHTS values."""
    import sys

    keras = sys.modules.get("keras")
    if keras is None:
        return fn(*args)
    base = keras.layers.Layer
    original = base.add_weight

    def guarded(self, shape=None, *a, **kw):
        size = math.prod(int(s) for s in (shape or ()) if s is not None)
        if size > MAX_CHECK_WEIGHTS:
            raise _BuildsBigLayer(tuple(shape))
        return original(self, shape, *a, **kw)

    base.add_weight = guarded
    try:
        return fn(*args)
    finally:
        base.add_weight = original


def _mb_explanations(height: int, width: int, channels: int, units: int) -> list:
    """The usual slips for one case, as ``(matches(got) -> bool, why)`` pairs, most specific first."""
    n_in = height * width * channels
    params = shapes.dense_params(n_in, units)
    want = params * BYTES_PER_FLOAT32 / MB
    known = [
        (params, "that is the number of parameters; each float32 parameter takes 4 bytes, "
                 "and 1 MB is 1,000,000 bytes."),
        (params * BYTES_PER_FLOAT32, "that is the number of bytes: divide by 1,000,000 to get MB."),
        (params * BYTES_PER_FLOAT32 / 2**20, "that is MiB (2**20 = 1,048,576 bytes); this course uses "
                                             "MB = 1,000,000 bytes."),
        (params * BYTES_PER_FLOAT32 / 1e9, "that is GB (1e9 bytes); the exercise asks for MB (1e6 bytes)."),
        (params * BYTES_PER_FLOAT32 / 1e3, "that is kB (1e3 bytes); the exercise asks for MB (1e6 bytes)."),
        (params / MB, "you counted 1 byte per parameter: a float32 takes 4 bytes."),
        (n_in * units * BYTES_PER_FLOAT32 / MB, "you forgot the bias: Dense has one bias per unit."),
        ((n_in * units + n_in) * BYTES_PER_FLOAT32 / MB,
         "you counted one bias per input (height * width * channels biases): Dense has one bias per "
         "UNIT, so units biases."),
        ((n_in * units + 1) * BYTES_PER_FLOAT32 / MB,
         "you counted one bias in all: Dense has one bias per unit, so units biases."),
        (params * 8 / MB, "that is float64 (8 bytes); Keras weights are float32, 4 bytes each."),
        (params * 2 / MB, "that is float16 (2 bytes); Keras weights are float32, 4 bytes each."),
        (shapes.dense_params(channels, units) * BYTES_PER_FLOAT32 / MB,
         "that is the size after GlobalAveragePooling2D (channels values), not after Flatten."),
        (shapes.dense_params(height * width, units) * BYTES_PER_FLOAT32 / MB,
         "you left out the channels: Flatten gives height * width * channels values."),
    ]
    found = [(lambda got, v=value: math.isclose(got, v, rel_tol=1e-6), why) for value, why in known]

    def near(got: float, value: float) -> bool:  # equal up to float noise
        return math.isclose(got, value, rel_tol=1e-9, abs_tol=1e-12)

    # round(mb), round(mb, 1), ..., round(mb, 6) are "rounded"; cutting decimals off is named apart.
    # (An exact answer has at most 6 decimals: 4 bytes per parameter over 1e6 bytes per MB.)
    def rounded(got: float) -> bool:
        return any(near(got, round(want, k)) for k in range(ROUND_DIGITS + 1))

    def cut(got: float) -> bool:
        return any(near(got, math.floor(want * 10**k) / 10**k) for k in range(ROUND_DIGITS + 1))

    found += [
        (lambda got: rounded(got) and cut(got),
         "you rounded (or cut off the decimals with // or int()): return the exact value "
         "(round only when you print it)."),
        (rounded, "you rounded: return the exact value (round only when you print it)."),
        (cut, "you cut off the decimals (// and int() round down): divide with / and return the exact "
              "value."),
    ]
    return found


#: The most decimals the check calls "rounded" (round(mb, 6) is exact for every case).
ROUND_DIGITS = 6


def _mb_mistake(got: float, height: int, width: int, channels: int, units: int,
                more: Sequence[tuple[tuple, float]] = ()) -> str:
    """Name the usual slip behind a wrong megabyte count, or return ''.

    One number can fit two slips: on (5, 3, 2, 10), round(mb, 4) equals the size without the bias.
    ``more`` holds ``(args, value)`` the same function returned on other cases; when several slips
    fit ``got``, the one that also fits those is named.
    """
    fits = [why for match, why in _mb_explanations(height, width, channels, units) if match(got)]
    if len(fits) > 1 and more:
        others = [({why: match for match, why in _mb_explanations(*args)}, value) for args, value in more]
        agreed = [why for why in fits if all(table[why](value) for table, value in others)]
        fits = agreed or fits
    return fits[0] if fits else ""


def _other_answers(f, args: tuple) -> list[tuple[tuple, float]]:
    """What ``f`` returns on the small cases other than ``args`` (skipping any that fail)."""
    found = []
    for other in MB_CASES[:3]:
        if other == args:
            continue
        try:
            value = float(np.asarray(_guarded_call(f, other)).reshape(-1)[0])
        except Exception:  # any failure: this case just does not help to tell the slips apart
            continue
        if math.isfinite(value):
            found.append((other, value))
    return found


def check_flatten_mb(fn: Any) -> checks.CheckResult:
    """Exercise 7.1: ``fn(height, width, channels, units)`` -> MB of float32 weights of Dense after Flatten.

    The function is called on small cases first. Keras weights bigger than 4 MB are refused while it
    runs (a function that builds a real layer for a 224 x 224 x 64 map gets an explanation, not an
    out-of-memory kernel).
    """
    def judge(f):
        if not callable(f):
            raise checks.Unusable(f"expected a function of (height, width, channels, units), got {f!r} "
                                  f"(type {type(f).__name__}); write def flatten_dense_mb(height, width, "
                                  "channels, units): ... and pass the function itself.")
        for args in MB_CASES:
            call = f"{getattr(f, '__name__', 'f')}{args}"
            try:
                got = _guarded_call(f, args)
            except _BuildsBigLayer as big:
                return (f"{call} builds a Keras layer with a weight of shape {big.shape} "
                        f"({math.prod(big.shape):,} numbers): the check stopped it before it took the "
                        "memory. "
                        "Compute the size from the formula instead of building the layer: the point is to "
                        "know the cost BEFORE you build it.")
            except MemoryError:
                return f"{call} ran out of memory: compute the size from the formula; build nothing."
            except TypeError as exc:
                if "argument" in str(exc):
                    return (f"{call} failed: {exc}. The function takes four numbers: "
                            "(height, width, channels, units).")
                raise
            if got is Ellipsis or got is None and args == MB_CASES[0] and _is_stub(f):
                raise checks.NotAttempted
            if got is None:
                return f"{call} returned None: did you forget `return`?"
            try:
                value = float(np.asarray(got).reshape(-1)[0]) if np.size(got) == 1 else None
            except (TypeError, ValueError):
                value = None
            if value is None or isinstance(got, (bool, str)) or not math.isfinite(value):
                return f"{call} returned {got!r}; expected one number of megabytes."
            want = shapes.dense_params(args[0] * args[1] * args[2], args[3]) * BYTES_PER_FLOAT32 / MB
            if not math.isclose(value, want, rel_tol=1e-6):
                why = _mb_mistake(value, *args, more=_other_answers(f, args))
                return (f"{call} returned {value:,.6g}; that is not the size in MB."
                        + (f" It looks like {why}" if why else " Recompute: values after Flatten, weights "
                           "and biases of the Dense, bytes per float32, bytes per MB."))
        return None

    return checks.run_check(
        "Exercise 7.1", fn, judge,
        hint="Flatten gives height*width*channels values; count the Dense layer's weights and biases, "
             "then bytes, then MB (1e6 bytes).",
    )


def _is_stub(f) -> bool:
    code = getattr(f, "__code__", None)
    return code is not None and code.co_code == (lambda: None).__code__.co_code


# ---------------------------------------------------------------------------
# Exercise 7.2 (transfer): channels-first signals
# ---------------------------------------------------------------------------

def _wrong_layout(arr: np.ndarray, source: np.ndarray, expected: np.ndarray) -> str:
    """What is wrong with an answer whose shape is not ``expected.shape`` (signals, steps, channels)."""
    said = f"the shape is {arr.shape}, expected {expected.shape} = (signals, steps, channels)"
    if arr.ndim > 3 and [n for n in arr.shape if n != 1] == [n for n in source.shape if n != 1]:
        return (f"{said}. You added an axis of size 1 (as x[..., None] or np.expand_dims do), but the clips "
                f"already have their channel axis: axis 1, with {source.shape[1]} channels. Do not add an "
                "axis: move axis 1 to the end.")
    if arr.ndim != 3:
        return (f"{said}: Conv1D needs 3 axes, you have {arr.ndim}. Keep every axis of x_ncl and only "
                "change their order.")
    if sorted(arr.shape) == sorted(source.shape) and arr.shape[0] != source.shape[0]:
        return (f"{said}: the first axis must still count the {source.shape[0]} signals. Only the channel "
                "axis moves (from position 1 to the end); the signals axis stays first.")
    if arr.size < source.size:
        if arr.shape[1:] == expected.shape[1:]:
            return (f"{said}: it holds only {arr.shape[0]} of the {source.shape[0]} signals, so clips are "
                    "missing. A slice such as [:1] or [0:1] keeps only some of them: move the axis of the "
                    "whole x_ncl and keep every clip.")
        return (f"{said}: it holds {arr.size:,} numbers, x_ncl holds {source.size:,}, so samples are "
                "missing (a slice or an index keeps only part of the clips). Keep every signal, step and "
                "channel: only change the order of the axes.")
    if arr.size > source.size:
        return (f"{said}: it holds {arr.size:,} numbers, x_ncl holds only {source.size:,}, so values were "
                "added or repeated (np.tile, np.concatenate, np.repeat or broadcasting?). Only change the "
                "order of the axes of x_ncl.")
    try:
        same_numbers = np.array_equal(np.sort(arr, axis=None), np.sort(source, axis=None))
    except TypeError:  # values numpy cannot sort (objects): do not claim they are the same
        same_numbers = False
    if same_numbers:
        return f"{said}: the answer holds the same numbers as x_ncl, only with its axes in another order."
    return (f"{said}: the answer holds as many numbers as x_ncl, but not the same ones. Keep every axis "
            "of x_ncl and its values: only change the order of the axes.")


def check_channels_last(answer: Any, x_ncl: Any) -> checks.CheckResult:
    """Exercise 7.2: ``answer`` must be ``x_ncl`` ``(N, channels, steps)`` with the channels moved last,
    ``(N, steps, channels)``, the layout Conv1D expects."""
    source = np.asarray(x_ncl)
    if source.ndim != 3:
        raise ValueError(f"x_ncl must have shape (N, channels, steps), got {source.shape}.")
    expected = np.transpose(source, (0, 2, 1))

    def judge(ans):
        if isinstance(ans, (str, bytes, numbers.Number)) or ans is None:
            raise checks.Unusable(f"expected an array of shape {expected.shape}, got {ans!r}.")
        try:
            arr = np.asarray(ans)
        except Exception:
            raise checks.Unusable(f"could not read {type(ans).__name__} as an array.") from None
        if arr.ndim == 1 and arr.dtype.kind in "iu" and len(arr) <= 4:  # e.g. x_nlc.shape
            return (f"you passed a shape, {tuple(int(v) for v in arr)}, not the array: give the clips "
                    f"themselves, x_ncl with its axes moved, whose .shape is {expected.shape}.")
        if arr.shape == source.shape and np.array_equal(arr, source):
            return (f"this is still channels-first {source.shape} = (signals, channels, steps): "
                    "the channel axis must move to the end.")
        if arr.shape != expected.shape:
            return _wrong_layout(arr, source, expected)
        if np.array_equal(arr, expected):
            return None
        if np.array_equal(arr, source.reshape(expected.shape)):
            return ("the shape is right but the samples are scrambled: reshape keeps the reading order and "
                    "only relabels the axes (each 'channel' now mixes samples of different channels and "
                    "times). Move the axis with np.transpose (or np.moveaxis, np.swapaxes).")
        if np.allclose(arr, expected, atol=1e-6):
            return None
        return "the shape is right but the values are not the original samples in channels-last order."

    return checks.run_check(
        "Exercise 7.2 (transfer)", answer, judge,
        hint="the same move as for images, with one spatial axis fewer: which axes order puts the old "
             "axis 1 last?",
    )


# ---------------------------------------------------------------------------
# Exercises 7.3 and 7.4: sequence models
# ---------------------------------------------------------------------------

_MASK_WARNING = re.compile(r"Layer '([^']*)' \(of type (\w+)\) was passed an input with a mask")


def _call(model, tokens):
    """Call ``model`` on int32 tokens; return (output array, classes of layers that dropped a mask)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = np.asarray(model(tokens.astype("int32")), dtype="float64")
    dropped = [m.group(2) for w in caught for m in [_MASK_WARNING.search(str(w.message))] if m]
    return out, dropped


def _runs_on_long_input(model, vocab_size: int) -> bool:
    try:
        model(np.ones((1, 200), dtype="int32") % vocab_size)
    except Exception:
        return False
    return True


def _explain_call(exc: Exception, batch: int, length: int, vocab_size: int, model: Any = None) -> str:
    text = str(exc)
    if "is not in [0" in text:
        return (f"token ids go up to {vocab_size - 1}: give Embedding input_dim={vocab_size} "
                "(the vocabulary size), not the largest id.")
    found = errors.diagnose(exc)
    if (found.kind == "output_too_small" or "negative" in text.lower()
            or (model is not None and length < 200 and _runs_on_long_input(model, vocab_size))):
        return (f"on sequences of {length} tokens the model's convolutions and pooling shrink the "
                "sequence to nothing: use padding='same', fewer pooling layers or smaller kernels.")
    return f"calling it on {batch} sequences of {length} tokens failed: {found.what} {found.fix}"


#: Exercises 7.3 and 7.4: how to build a token model that keeps any length open.
TOKEN_BUILD_ADVICE = ("put keras.Input(shape=(None,), dtype=\"int32\") first (the first entry of "
                      "keras.Sequential([...])). None leaves the length open; calling the model on one batch "
                      "instead would fix the length to that batch's.")


def _static_problems(m, classes: list[str]) -> list[str]:
    problems = []
    if "Flatten" in classes:
        problems.append("it contains a Flatten layer: Flatten's output length depends on the number of "
                        "tokens, so the Dense after it is built for ONE length. Pool over time instead.")
    if "Embedding" not in classes:
        problems.append("it has no Embedding: the token ids go into the layers as plain numbers, as if "
                        "token 40 were 'twice' token 20. Ids are names, not amounts: an Embedding gives "
                        "each id its own learned vector.")
    try:
        in_shape = tuple(m.input_shape)
    except Exception:  # subclassed models have no input_shape: the calls below decide
        in_shape = None
    if in_shape is not None and len(in_shape) >= 2 and in_shape[1] is not None:
        problems.append(f"its input has a fixed length {in_shape}: write keras.Input(shape=(None,)) so any "
                        "length fits.")
    return problems


def _check_outputs(out: np.ndarray, batch: int, length: int) -> str | None:
    if out.shape != (batch, 1):
        return (f"on {batch} sequences of {length} tokens it returned shape {out.shape}, expected "
                f"({batch}, 1): one probability per sequence (the last layer Dense(1, "
                "activation='sigmoid')).")
    if not np.all(np.isfinite(out)):
        return (f"on {batch} sequences of {length} tokens it returned NaN or infinite values: check "
                "custom layers and divisions (an average over zero positions is 0/0).")
    if out.min() < 0 or out.max() > 1:
        return (f"its outputs range from {out.min():.3g} to {out.max():.3g}: a probability lies in [0, 1] "
                "(use activation='sigmoid' on the last Dense).")
    return None


def _constant_problem(out: np.ndarray, what: str) -> str | None:
    """A message when ``out`` is the same number for every one of several different inputs."""
    if out.size < 2 or float(np.ptp(out)) > 1e-7:
        return None
    value = float(out.reshape(-1)[0])
    why = ("softmax over ONE unit is always exactly 1 (exp(z) / exp(z)): for one probability use "
           "Dense(1, activation='sigmoid'); softmax is for 2 or more classes."
           if abs(value - 1.0) < 1e-6 else
           "something makes the output ignore the input (a constant activation, all-zero weights, or a "
           "layer that throws the tokens away); the last layer should be Dense(1, activation='sigmoid').")
    return f"it returns {value:.6g} for all {what}: the output does not depend on the input. {why}"


def check_variable_length_model(model: Any, vocab_size: int = 50) -> checks.CheckResult:
    """Exercise 7.3: a Conv1D model that takes token sequences of ANY length and outputs ``(batch, 1)``
    probabilities; it needs an Embedding and no Flatten. Any model kind (Sequential, functional,
    nested, subclassed) passes if it behaves so."""
    def judge(m):
        m = checks.as_model(m, build_advice=TOKEN_BUILD_ADVICE)
        classes = checks.layer_classes(m)
        problems = _static_problems(m, classes)
        if "Conv1D" not in classes:
            problems.append(f"the exercise asks for a Conv1D layer (the model has {sorted(set(classes))}).")
        if problems:
            return problems
        rng = np.random.default_rng(0)
        for batch, length in ((16, 9), (8, 61), (2, 200)):
            tokens = rng.integers(1, vocab_size, size=(batch, length))
            try:
                out, _ = _call(m, tokens)
            except Exception as exc:
                return _explain_call(exc, batch, length, vocab_size, m)
            problem = _check_outputs(out, batch, length) or _constant_problem(
                out, f"{batch} different sequences of {length} tokens")
            if problem:
                return problem
        return None

    return checks.run_check(
        "Exercise 7.3", model, judge,
        hint="which layer of this lesson turns a sequence of any length into a fixed number of values? "
             "And which one turns token ids into vectors?",
    )


#: Exercise 7.4: why a model whose only hidden layer works on the pooled vector fails.
HIDDEN_AFTER_POOLING = ("its hidden layer comes after the GlobalAveragePooling1D: the exercise asks for a "
                        "layer that works on the TOKENS, between the Embedding and the pooling (after the "
                        "pooling there are no tokens left, only one vector per sequence).")

#: Exercise 7.4: the lengths of the check's sequences, and the lengths it pads them to with zeros.
SEQUENCE_LENGTHS = (5, 12, 30)
PADDED_LENGTHS = (40, 120)


def _padded(sequences: list, length: int) -> np.ndarray:
    out = np.zeros((len(sequences), length), dtype="int32")
    for i, s in enumerate(sequences):
        out[i, :len(s)] = s
    return out


@contextlib.contextmanager
def _recording_output_ranks():
    """While active, record ``{id(layer): {ranks of its outputs}}`` for every Keras layer called.

    Used on one real call of the learner's model, so it sees what each layer returns whatever the
    kind of model (Sequential, functional, nested, wrapped, subclassed) and in whatever order its
    layers were created or are tracked.
    """
    import sys

    keras = sys.modules.get("keras")
    ranks: dict[int, set[int]] = {}
    if keras is None:
        yield ranks
        return
    base = keras.layers.Layer
    original = base.__call__

    def recording(self, *args, **kwargs):
        out = original(self, *args, **kwargs)
        try:
            first = keras.tree.flatten(out)[0]
            ranks.setdefault(id(self), set()).add(len(first.shape))
        except Exception:  # an output without a shape: nothing to record
            pass
        return out

    base.__call__ = recording
    try:
        yield ranks
    finally:
        base.__call__ = original


def _hidden_after_pooling(m, ranks: Mapping[int, set]) -> bool:
    """True when no layer with weights, other than the Embedding, returns a sequence (a tensor with a time
    axis: batch, steps, features) in the call recorded in ``ranks``: the hidden layer then works on the
    pooled vector, after the GlobalAveragePooling1D, not on the tokens.

    Layers a call did not reach (``ranks`` knows nothing of them) leave the answer open: False."""
    hidden = [layer for layer in m._flatten_layers(include_self=False, recursive=True)
              if layer.weights and not hasattr(layer, "layers") and type(layer).__name__ != "Embedding"]
    if any(max(ranks.get(id(layer), {0})) >= 3 for layer in hidden):
        return False
    return bool(hidden) and all(id(layer) in ranks for layer in hidden)


def _missing_average(m, classes: list[str]) -> str:
    """Why a model without GlobalAveragePooling1D fails exercise 7.4, naming only layers it has."""
    text = ("the exercise is about an average over time: put GlobalAveragePooling1D between the hidden "
            "layer and the final Dense.")
    if "GlobalMaxPooling1D" in classes:
        text += " Your GlobalMaxPooling1D does not read masks at all."
    last_step, inside = [], set()  # recurrent layers that return only their last step (no time axis)
    for layer in m._flatten_layers(include_self=False, recursive=True):
        if getattr(layer, "return_sequences", None) is False and id(layer) not in inside:
            inside.update(id(sub) for sub in layer._flatten_layers(include_self=False, recursive=True))
            if type(layer).__name__ not in last_step:
                last_step.append(type(layer).__name__)
    if last_step:
        verb = "returns" if len(last_step) == 1 else "return"
        text += (f" Your {' and '.join(last_step)} {verb} only the last step: create the recurrent "
                 "layer with return_sequences=True, so the average gets one vector per token.")
    return text


def check_padding_proof_model(model: Any, vocab_size: int = 50) -> checks.CheckResult:
    """Exercise 7.4: a model with a per-token hidden layer between its Embedding and a global AVERAGE,
    whose prediction for a sequence does not change when zeros are padded after it: three sequences of
    5, 12 and 30 tokens, each alone, then in one batch padded with zeros to 40 and to 120 tokens."""
    def judge(m):
        m = checks.as_model(m, build_advice=TOKEN_BUILD_ADVICE)
        classes = checks.layer_classes(m)
        problems = [p for p in _static_problems(m, classes) if "Embedding" in p or "fixed length" in p]
        if "GlobalAveragePooling1D" not in classes:
            problems.append(_missing_average(m, classes))
        weighted = [layer for layer in m._flatten_layers(include_self=False, recursive=True)
                    if layer.weights and not hasattr(layer, "layers")]
        if len(weighted) < 3:
            problems.append(f"it has {len(weighted)} layer(s) with weights; the exercise asks for a hidden "
                            "per-token layer between the Embedding and the pooling, plus the final Dense.")
        if problems:
            return problems
        rng = np.random.default_rng(1)
        sequences = [rng.integers(1, vocab_size, size=n) for n in SEQUENCE_LENGTHS]
        try:
            with _recording_output_ranks() as ranks:
                alone = [_call(m, sequences[0][np.newaxis])[0]]
            if _hidden_after_pooling(m, ranks):
                return [HIDDEN_AFTER_POOLING]
            alone += [_call(m, s[np.newaxis])[0] for s in sequences[1:]]
            for a, s in zip(alone, sequences):
                problem = _check_outputs(a, 1, len(s))
                if problem:
                    return problem
            alone = np.concatenate(alone)
            problem = _constant_problem(alone, f"{len(sequences)} different sequences")
            if problem:
                return problem
            dropped = []
            worst = 0.0
            padded = []
            for total in PADDED_LENGTHS:
                out, lost = _call(m, _padded(sequences, total))
                dropped += lost
                problem = _check_outputs(out, len(sequences), total)
                if problem:
                    return problem
                worst = max(worst, float(np.max(np.abs(out - alone))))
                padded.append(out)
        except Exception as exc:
            return _explain_call(exc, len(sequences), PADDED_LENGTHS[0], vocab_size, m)
        if worst <= 1e-5:
            return None
        masking = [layer for layer in m._flatten_layers(include_self=False, recursive=True)
                   if getattr(layer, "mask_zero", False)]
        if float(np.max(np.abs(padded[0] - padded[1]))) <= 1e-5:
            return (f"the padded predictions move by up to {worst:.2g}, but padding to "
                    f"{PADDED_LENGTHS[0]} and to {PADDED_LENGTHS[1]} tokens gives the same prediction: the "
                    "average does skip the padding, yet the last real tokens see it. The windows of a layer "
                    "that looks at neighbouring positions (a Conv1D with padding='same') reach into the "
                    "padding next to the real tokens. Use a hidden layer that sees each position alone "
                    "(e.g. Dense) and keeps the mask.")
        if dropped:
            return (f"the padded predictions move by up to {worst:.2g}: the mask from "
                    "Embedding(mask_zero=True) "
                    f"stops at {sorted(set(dropped))} (its supports_masking is False; Keras warns that it "
                    "'will therefore destroy the mask'). Use a hidden layer whose supports_masking is True, "
                    "e.g. Dense.")
        if not masking:
            return (f"the padded predictions move by up to {worst:.2g}: the padding zeros are averaged in. "
                    "Tell Keras that 0 is padding: Embedding(..., mask_zero=True).")
        return (f"the padded predictions move by up to {worst:.2g}: some layer mixes padded positions into "
                "real ones (a convolution or pooling over time) or ignores the mask; keep only per-token "
                "layers between the Embedding and GlobalAveragePooling1D.")

    return checks.run_check(
        "Exercise 7.4 (transfer)", model, judge,
        hint="the mask must travel from the Embedding to the pooling: which layers pass it on? "
             "(layer.supports_masking tells you.)",
    )
