"""Lesson 07: sequences, padding and the errors Flatten causes: the lesson's clips, what share of the
feature map sees the sound, figures (signals, padding dilution, the memory of a Flatten head), the
head-cost text (counts from :func:`utils.shapes.trace`) and the exercise checks.

>>> print(flatten_head_cost(7).splitlines()[1])
Flatten -> Dense(4096): 25,088 x 4096 + 4096 = 102,764,544 parameters = 411.1 MB
"""

from __future__ import annotations

import contextlib
import math
import numbers
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from utils import checks, errors, plots, shapes
from utils._validate import Array, BoundError, Real, Rule, Test, Whole, as_array, validated, whole_number

__all__ = ["PANELS", "make_clips", "sound_share", "head_params", "flatten_head_cost", "draw_signals",
           "signal_examples", "draw_head_memory", "head_memory", "draw_dilution", "dilution_figure",
           "check_flatten_mb", "check_channels_last", "check_variable_length_model",
           "check_padding_proof_model"]

#: No widget: the static figure and the text already show how the head cost scales.
PANELS: list = []

MB = 1_000_000  # this course's megabyte (SI); 1 MiB = 2**20 bytes
BYTES_PER_FLOAT32 = 4
#: The classes of :func:`make_clips`, in label order.
CLASSES = ("low tone", "high tone", "chirp")


# The clips: the same sound in any clip length

@validated
def make_clips(n_per_class: Whole(1, 2000) = 100, length: Whole(16, 4096) = 128, noise: Real(0, 10) = 0.5,
               event_length: Whole(16, 4096) = 32, seed: Whole(0, 2**32 - 1) = 0) -> tuple:
    """Clips ``x`` of shape ``(3 * n_per_class, length, 1)`` and labels ``y`` (:data:`CLASSES`): one sound
    of ``event_length`` steps at a random onset, plus Gaussian ``noise``. The sound is defined from its
    onset (a low tone of 3-6 cycles per 64 steps, a high tone of 12-18, or a chirp rising from 2-4 by 12),
    so it is the same sound in any clip length and at any onset.

    >>> x, y = make_clips(2, length=64, event_length=32)
    >>> x.shape, sorted(set(y.tolist()))
    ((6, 64, 1), [0, 1, 2])
    """
    whole_number("event_length", event_length, 16, length)
    rng = np.random.default_rng(seed)
    k = np.arange(event_length)  # steps since the onset
    xs, ys = [], []
    for label in range(len(CLASSES)):
        for _ in range(n_per_class):
            start, phase = rng.integers(0, length - event_length + 1), rng.uniform(0, 2 * np.pi)
            if label < 2:
                cycles = rng.uniform(*((3, 6), (12, 18))[label]) * k / 64
            else:  # pitch f0 + 12 * k / event_length (per 64 steps): the phase is its running sum
                cycles = (rng.uniform(2, 4) * k + 6 * k**2 / event_length) / 64
            clip = noise * rng.standard_normal(length)
            clip[start:start + event_length] += np.sin(2 * np.pi * cycles + phase)
            xs.append(clip)
            ys.append(label)
    order = rng.permutation(len(ys))
    return np.asarray(xs, "float32")[order][..., np.newaxis], np.asarray(ys, "int64")[order]


@validated
def sound_share(length: Whole(1, 4096), event_length: Whole(1, 4096), kernel: Whole(1, 64) = 9,
                pool: Whole(1, 32) = 4) -> tuple[float, int]:
    """``(positions, total)``: how many positions of the map of ``Conv1D(kernel)`` -> ``MaxPooling1D(pool)``
    -> ``Conv1D(kernel)`` have a receptive field that overlaps the sound (mean over every onset), and how
    many positions the map has. The clip must be at least one field long (44 steps by default).

    >>> sound_share(128, 32)[1]
    22
    """
    field = kernel + (pool - 1) + pool * (kernel - 1)  # input steps behind one position (44 here)
    whole_number("length", length, field, 4096)  # shorter: the map has no position left
    whole_number("event_length", event_length, 1, length)
    body = [shapes.conv(1, kernel), shapes.pool(pool), shapes.conv(1, kernel)]
    total = shapes.trace((length, 1), body)[-1].shape[1]
    onsets, first = np.arange(length - event_length + 1)[:, None], pool * np.arange(total)[None, :]
    sees = (first < onsets + event_length) & (first + field > onsets)
    return float(sees.sum(axis=1).mean()), int(total)


# The cost of a Dense layer after Flatten vs after global pooling

#: The bounds of a head's map side, channels and units (the figures by side share them).
Side, Channels, Units = Whole(1, 100_000), Whole(1, 100_000), Whole(1, 1_000_000)


@validated
def head_params(side: Side, channels: Channels, units: Units) -> dict:
    """Parameters of ``Dense(units)`` after Flatten and after GlobalAveragePooling2D on a
    ``side x side x channels`` map, from :func:`utils.shapes.trace`.

    >>> head_params(7, 512, 4096)["flatten"]
    102764544
    """
    flat = shapes.trace((side, side, channels), [shapes.flatten(), shapes.dense(units)])
    gap = shapes.trace((side, side, channels), [shapes.global_pool("avg"), shapes.dense(units)])
    return {"flat_values": flat[1].shape[1], "flatten": shapes.total_params(flat),
            "gap": shapes.total_params(gap)}


def flatten_head_cost(side: int, channels: int = 512, units: int = 4096) -> str:
    """Parameters and float32 megabytes of ``Dense(units)`` after Flatten vs after GAP, as text."""
    p = head_params(side, channels, units)
    flat_mb, gap_mb = p["flatten"] * BYTES_PER_FLOAT32 / MB, p["gap"] * BYTES_PER_FLOAT32 / MB
    verdict = ("is over 1 GB (Binder's whole budget) for its weights alone" if flat_mb > 1000
               else "stays under 1 GB for its weights (training with Adam holds about 4 times as much: "
                    "the weights, their gradients and Adam's two running averages)")
    return "\n".join([
        f"feature map {side} x {side} x {channels} = {p['flat_values']:,} values per sample",
        f"Flatten -> Dense({units}): {p['flat_values']:,} x {units} + {units} = {p['flatten']:,} parameters"
        f" = {flat_mb:,.1f} MB",
        f"GAP     -> Dense({units}): {channels:,} x {units} + {units} = {p['gap']:,} parameters = "
        f"{gap_mb:,.1f} MB",
        f"Flatten head / GAP head = {p['flatten'] / p['gap']:,.1f}x; the Flatten head {verdict}.",
    ])


def _sides(value: Any) -> list[int]:
    """1 to 1,000 map sides (a list, tuple, range or 1-D array of whole numbers from 1 to 100,000)."""
    sides = value.tolist() if isinstance(value, np.ndarray) and value.ndim == 1 else value
    if not (isinstance(sides, Sequence) and not isinstance(sides, (str, bytes)) and 0 < len(sides) <= 1000
            and all(isinstance(s, numbers.Integral) and not isinstance(s, bool) and 1 <= s <= 100_000
                    for s in sides)):
        raise ValueError("must hold 1 to 1,000 map sides, whole numbers from 1 to 100,000")
    return [int(s) for s in sides]


@validated
def draw_head_memory(ax: plots.Axes, channels: Channels = 512, units: Units = 4096,
                     sides: Rule(_sides) = tuple(range(1, 57)), highlight: Side | None = None) -> list:
    """Megabytes of float32 weights of ``Dense(units)`` after Flatten vs after GAP, by map side."""
    counts = [head_params(s, channels, units) for s in sides]
    every = max(1, len(sides) // 8)
    artists = [
        *ax.plot(sides, [c["flatten"] * BYTES_PER_FLOAT32 / MB for c in counts], "-", marker=plots.MARKERS[0],
                 markevery=every, color=plots.PALETTE[5], label=f"Flatten -> Dense({units})"),
        *ax.plot(sides, [c["gap"] * BYTES_PER_FLOAT32 / MB for c in counts], "--", marker=plots.MARKERS[1],
                 markevery=every, color=plots.PALETTE[0], label=f"GlobalAveragePooling2D -> Dense({units})"),
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


@validated
def head_memory(channels: Channels = 512, units: Units = 4096, sides: Rule(_sides) = tuple(range(1, 57)),
                highlight: Side | None = None) -> Figure:
    """Figure of :func:`draw_head_memory`: the Dense after Flatten grows with the square of the side.

    >>> fig = head_memory(512, 4096, sides=[1, 7, 14], highlight=7)
    """
    fig = plots.new_figure(7.5, 3.3)
    ax = fig.subplots()
    draw_head_memory(ax, channels, units, sides, highlight)
    ax.set_title("The Dense layer after Flatten grows with the square of the side", fontsize=10)
    return fig


# Figures: signals, padding dilution

_SIGNALS = "(N, length) or (N, length, 1) signals of at most 1,000,000 numbers"


def _signal_array(value: Any) -> np.ndarray:
    """``x`` as (N, length) floats: (N, length) or (N, length, 1) signals, at most 1,000,000 values."""
    x = as_array(value, _SIGNALS, (2, 3), 1_000_000, kind="finite")
    return x[..., 0] if x.ndim == 3 and x.shape[-1] == 1 else as_array(x, _SIGNALS, (2,))


def _axes_grid(value: Any) -> np.ndarray:
    grid = np.asarray(value, dtype=object)
    if grid.ndim != 2 or not grid.size or not all(
            hasattr(ax, "plot") and hasattr(ax, "set_yticks") for ax in grid.flat):
        raise ValueError("must be a 2-D grid of matplotlib Axes, one row per class "
                         "(fig.subplots(rows, columns, squeeze=False))")
    return grid


Signals = Rule(_signal_array)
SignalLabels = Array("one whole-number label >= 0 per signal", (1,), 1_000_000, kind="labels")
ClassNames = Test(lambda v: isinstance(v, (list, tuple)) and 0 < len(v) <= 10
                  and all(isinstance(name, str) for name in v), "a list of 1 to 10 class names (text)")


def _one_label_each(x: np.ndarray, y: np.ndarray) -> None:
    if len(y) != len(x):
        raise BoundError(f"y must hold one whole-number label per signal of x ({len(x)}), "
                         f"got {len(y)} labels.")


@validated
def draw_signals(axes: Rule(_axes_grid), x: Signals, y: SignalLabels, class_names: ClassNames) -> list:
    """One signal per Axes in ``axes`` (a 2-D array: one row per class); returns the lines."""
    _one_label_each(x, y)
    whole_number("len(axes)", len(axes), len(class_names))  # one row of Axes per class
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


@validated
def signal_examples(x: Signals, y: SignalLabels, class_names: ClassNames,
                    per_class: Whole(1, 6) = 2) -> Figure:
    """``per_class`` signals of each class: one row per class, one panel per signal.

    >>> fig = signal_examples(np.zeros((3, 64, 1)), [0, 1, 2], ["a", "b", "c"], per_class=1)
    """
    _one_label_each(x, y)  # refuse bad signals before making the figure
    fig = plots.new_figure(3.2 * per_class, 1.35 * len(class_names) + 0.4)
    axes = fig.subplots(len(class_names), per_class, squeeze=False, sharex=True, sharey=True)
    draw_signals(axes, x, y, class_names)
    for ax in axes[-1]:
        ax.set_xlabel("time step", fontsize=9)
    fig.suptitle("A short sound somewhere in the clip; what it sounds like decides the class", fontsize=10)
    return fig


_CURVES = "a dict of 1 to 8 curves, label -> one number per entry of lengths"


def _curves(value: Any) -> dict:
    if not (isinstance(value, Mapping) and 0 < len(value) <= 8 and all(isinstance(k, str) for k in value)):
        raise ValueError(f"must be {_CURVES}")
    return {label: as_array(v, _CURVES, (1,), 1000, kind="finite") for label, v in value.items()}


Lengths, Curves = Array("a list of 1 to 1,000 numbers", (1,), 1000, kind="finite"), Rule(_curves)


@validated
def draw_dilution(ax: plots.Axes, lengths: Lengths, curves: Curves, ylabel: plots.Text) -> list:
    """One line per variant (``{label: values}``) against the padded length."""
    artists = []
    for i, (label, values) in enumerate(curves.items()):
        if len(values) != len(lengths):
            raise ValueError(f"curves[{label!r}] must hold one number per entry of lengths ({len(lengths)}).")
        artists += ax.plot(lengths, values, ls=("-", "--", "-.", ":")[i % 4], marker=plots.MARKERS[i % 8],
                           color=plots.PALETTE[i % len(plots.PALETTE)], label=label)
    ax.set_xlabel("length after padding (real tokens + zeros)", fontsize=9)
    ax.set_ylabel(ylabel, fontsize=9)
    ax.grid(alpha=0.3)
    ax.tick_params(labelsize=9)
    ax.legend(fontsize=9, loc="best")
    return artists


@validated
def dilution_figure(lengths: Lengths, curves: Curves, ylabel: plots.Text, title: plots.Text = "") -> Figure:
    """Figure of :func:`draw_dilution`."""
    fig = plots.new_figure(6.0, 3.0)
    ax = fig.subplots()
    draw_dilution(ax, lengths, curves, ylabel)
    ax.set_title(title, fontsize=10)
    return fig


# Exercise 7.1: megabytes of the Dense after Flatten (never allocating them)

#: Cases the check tries, small ones first; the last two are VGG-sized.
MB_CASES = ((5, 3, 2, 10), (1, 1, 1, 1), (4, 4, 8, 3), (7, 7, 512, 4096), (224, 224, 64, 4096))
#: Seconds a learner's function may take on one case before the check gives its verdict.
DEADLINE = 10.0
#: Names that build Keras weights: a function that uses one only meets the small cases.
_BUILDERS = {"Dense", "Sequential", "Model", "Input", "EinsumDense", "build", "add_weight", "count_params"}


def _builds(fn, depth: int = 2) -> bool:
    """True when ``fn`` (or a function it names, ``depth`` calls deep) uses a name that builds weights."""
    code = getattr(fn, "__code__", None)
    if code is None or depth < 0:
        return False
    names, stack = set(), [code]
    while stack:  # the function's own names and those of the functions defined inside it
        c = stack.pop()
        names |= set(c.co_names)
        stack += [k for k in c.co_consts if isinstance(k, types.CodeType)]
    called = [getattr(fn, "__globals__", {}).get(n) for n in names]
    return bool(names & _BUILDERS) or any(isinstance(f, types.FunctionType) and _builds(f, depth - 1)
                                          for f in called)


def _is_stub(f) -> bool:
    """True for a function whose body is only ``pass`` or ``...`` (the exercise's empty template)."""
    code = getattr(f, "__code__", None)
    return code is not None and code.co_code == (lambda: None).__code__.co_code


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

    def near_any(values: list) -> Callable[[float], bool]:  # equal to one of them up to float noise
        return lambda got: any(math.isclose(got, v, rel_tol=1e-9, abs_tol=1e-12) for v in values)

    # round(mb, k) for k = 0..6 is "rounded" (an exact answer has at most 6 decimals); a cut is named apart
    rounded = near_any([round(want, k) for k in range(ROUND_DIGITS + 1)])
    cut = near_any([math.floor(want * 10**k) / 10**k for k in range(ROUND_DIGITS + 1)])
    return [*found,
            (lambda got: rounded(got) and cut(got), "you rounded (or cut off the decimals with // or int()): "
                                                    "return the exact value (round only when you print it)."),
            (rounded, "you rounded: return the exact value (round only when you print it)."),
            (cut, "you cut off the decimals (// and int() round down): divide with / and return the exact "
                  "value.")]


#: The most decimals the check calls "rounded" (round(mb, 6) is exact for every case).
ROUND_DIGITS = 6


def _mb_mistake(got: float, height: int, width: int, channels: int, units: int,
                more: Sequence[tuple[tuple, float]] = ()) -> str:
    """Name the usual slip behind a wrong megabyte count, or return ''. When several slips fit ``got``
    (on (5, 3, 2, 10), round(mb, 4) equals the size without the bias), name the one that also fits
    ``more``: the ``(args, value)`` the same function returned on other cases."""
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
            value = float(np.asarray(checks.call_with_deadline(f, *other, seconds=DEADLINE)).reshape(-1)[0])
        except Exception:  # any failure: this case just does not help to tell the slips apart
            continue
        if math.isfinite(value):
            found.append((other, value))
    return found


def check_flatten_mb(fn: Any) -> checks.CheckResult:
    """Exercise 7.1: ``fn(height, width, channels, units)`` -> MB of float32 weights of Dense after Flatten.
    Small cases first, each with a deadline; a function that builds Keras weights (it names Dense,
    Model, build, ...) is told to compute instead of meeting the VGG-sized cases (gigabytes)."""
    def judge(f):
        if not callable(f):
            raise checks.Unusable(f"expected a function of (height, width, channels, units), got {f!r} "
                                  f"(type {type(f).__name__}); write def flatten_dense_mb(height, width, "
                                  "channels, units): ... and pass the function itself.")
        builds = _builds(f)
        for args in MB_CASES:
            call = f"{getattr(f, '__name__', 'f')}{args}"
            if builds and math.prod(args) > 10_000:
                return (f"it builds a Keras layer: on {call} that is a weight of "
                        f"{args[0] * args[1] * args[2] * args[3]:,} numbers, so the check did not call it. "
                        "Compute the size from the formula instead of building the layer: the point is to "
                        "know the cost BEFORE you build it.")
            try:
                got = checks.call_with_deadline(f, *args, seconds=DEADLINE, what=call)
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


# Exercise 7.2 (transfer): channels-first signals

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


# Exercises 7.3 and 7.4: sequence models

#: Exercises 7.3 and 7.4: how to build a token model that keeps any length open.
TOKEN_BUILD_ADVICE = ("put keras.Input(shape=(None,), dtype=\"int32\") first (the first entry of "
                      "keras.Sequential([...])). None leaves the length open; calling the model on one batch "
                      "instead would fix the length to that batch's.")

#: Exercise 7.4: why a model whose only hidden layer works on the pooled vector fails.
HIDDEN_AFTER_POOLING = ("its hidden layer comes after the GlobalAveragePooling1D: the exercise asks for a "
                        "layer that works on the TOKENS, between the Embedding and the pooling (after the "
                        "pooling there are no tokens left, only one vector per sequence).")

#: Exercise 7.4: the lengths of the check's sequences, and the lengths it pads them to with zeros.
SEQUENCE_LENGTHS = (5, 12, 30)
PADDED_LENGTHS = (40, 120)


def _call(model, tokens: np.ndarray) -> tuple[np.ndarray, list]:
    """Call ``model`` on int32 tokens: (output as float64 NumPy, classes of layers that dropped a mask)."""
    out, dropped = checks.masked_call(model, tokens.astype("int32"))
    return checks.as_numpy(out).astype("float64"), dropped


def _tokens(rng, vocab_size: int, batch: int, length: int) -> np.ndarray:
    """Random ids 1 .. vocab_size - 1, with the largest id in every sequence (an Embedding too small for
    the vocabulary must meet it)."""
    tokens = rng.integers(1, vocab_size, size=(batch, length))
    tokens[:, length // 2] = vocab_size - 1
    return tokens


def _one_hot(m) -> bool:
    """Whether the model one-hot encodes the ids itself (CategoryEncoding, or a Lambda calling one_hot):
    like an Embedding, it gives each id its own vector, a fixed one."""
    for layer in checks.all_layers(m):
        if type(layer).__name__ == "CategoryEncoding" and getattr(layer, "output_mode", "") == "one_hot":
            return True
        code = getattr(getattr(layer, "function", None), "__code__", None)
        if code is not None and "one_hot" in code.co_names:
            return True
    return False


def _reads_every_part(m, tokens: np.ndarray) -> str | None:
    """None when the outputs change if only the first half, and if only the second half, of each
    sequence changes (a model that keeps one position, ``t[:, 0]`` or ``t[:, -1]``, reads a few tokens)."""
    before, _ = _call(m, tokens)
    half, n = tokens.shape[1] // 2, tokens.shape[1]
    for part, where in ((slice(0, half), f"first {half}"), (slice(half, n), f"last {n - half}")):
        changed = tokens.copy()
        changed[:, part] = np.roll(tokens[:, part], 1, axis=0)  # other sequences' tokens, same ids
        changed[:, part] = np.where(changed[:, part] == tokens[:, part], 1, changed[:, part])
        after, _ = _call(m, changed)
        if float(np.max(np.abs(after - before))) <= 1e-7:
            return (f"its output does not change when only the {where} of {n} tokens change: the model "
                    "reads only part of each sequence (a layer keeps one position, such as t[:, 0] or "
                    "t[:, -1]). Pool over every position, e.g. GlobalMaxPooling1D, so a keyword counts "
                    "wherever it is.")
    return None


def _static_problems(m, classes: list[str], vocab_size: int) -> list[str]:
    """What the layers alone show: a Flatten, no Embedding or one too small, a fixed input length."""
    problems = []
    if "Flatten" in classes:
        problems.append("it contains a Flatten layer: Flatten's output length depends on the number of "
                        "tokens, so the Dense after it is built for ONE length. Pool over time instead.")
    embeddings = [layer for layer in checks.all_layers(m) if type(layer).__name__ == "Embedding"]
    if not embeddings and not _one_hot(m):
        problems.append("it has no Embedding: the token ids go into the layers as plain numbers, as if "
                        "token 40 were 'twice' token 20. Ids are names, not amounts: an Embedding gives "
                        "each id its own learned vector (a one-hot encoding, its own fixed vector).")
    for layer in embeddings:  # PyTorch raises IndexError on a larger id, JAX silently returns NaN
        if layer.input_dim < vocab_size:
            problems.append(f"its Embedding has input_dim={layer.input_dim}, but token ids go up to "
                            f"{vocab_size - 1}: give Embedding input_dim={vocab_size} (the vocabulary size, "
                            "one more than the largest id).")
    in_shape = None
    with contextlib.suppress(Exception):  # subclassed models have no input_shape: the calls decide
        in_shape = tuple(m.input_shape)
    if in_shape is not None and len(in_shape) >= 2 and in_shape[1] is not None:
        problems.append(f"its input has a fixed length {in_shape}: write keras.Input(shape=(None,)) so any "
                        "length fits.")
    return problems


def _output_layer(m):
    """The layer that makes the model's output (through nested models), or None for a subclassed model."""
    while hasattr(m, "outputs"):
        try:
            m = m.outputs[0]._keras_history[0]
        except Exception:  # a subclassed model keeps no graph of its layers
            return None
    return m


def _activation_problem(m) -> str | None:
    import keras

    name = checks.final_activation(m)  # through nested models; Dropout and the like are skipped
    if name in (None, "sigmoid", "hard_sigmoid") or not hasattr(keras.activations, str(name)):
        return None  # a custom activation: the calls judge its outputs
    if name == "softmax":
        units = m.output_shape[-1] if isinstance(getattr(m, "output_shape", None), tuple) else None
        if units is not None and units > 1:
            return (f"its last layer gives {units} softmax scores per sequence, shape (batch, {units}): the "
                    "exercise asks for ONE probability per sequence, shape (batch, 1): use "
                    "Dense(1, activation='sigmoid').")
        return ("its last activation is softmax: softmax over ONE unit is always exactly 1 (exp(z) / "
                "exp(z)). For one probability use Dense(1, activation='sigmoid'); softmax is for 2 or more "
                "classes.")
    return (f"its last activation is {name!r}: a probability needs activation='sigmoid' on the last Dense "
            f"(a {name} output is not limited to [0, 1] once the model trains, even if it happens to be "
            "now).")


def _vanished(m, batch: int, length: int) -> str | None:
    """Keras' own shape inference on ``(batch, length)`` tokens: its words when a convolution or pooling
    has no steps left (every backend; the call itself fails differently or returns 0/1 from nothing)."""
    try:
        m.compute_output_shape((batch, length))
    except Exception as exc:  # noqa: BLE001 - subclassed models may not infer shapes: the calls decide
        said = errors.core_message(exc)
        return said if "negative" in said or "zero" in said else None
    return None


def _explain_call(exc: Exception, batch: int, length: int) -> str:
    found = errors.diagnose(exc)
    if found.kind == "output_too_small" or "negative" in str(exc).lower():
        return (f"on sequences of {length} tokens the model's convolutions and pooling shrink the "
                "sequence to nothing: use padding='same', fewer pooling layers or smaller kernels.")
    return f"calling it on {batch} sequences of {length} tokens failed: {found.what} {found.fix}"


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
    return (f"it returns {float(out.reshape(-1)[0]):.6g} for all {what}: the output does not depend on the "
            "input. Something makes it ignore the tokens (a constant activation, all-zero weights, or a "
            "layer that throws them away); the last layer should be Dense(1, activation='sigmoid').")


def check_variable_length_model(model: Any, vocab_size: int = 50) -> checks.CheckResult:
    """Exercise 7.3: a Conv1D model that takes token sequences of ANY length and outputs ``(batch, 1)``
    probabilities (a sigmoid); it needs an Embedding for the whole vocabulary and no Flatten, and no
    map may vanish on the shortest probe. Any model kind (Sequential, functional, nested, subclassed)
    passes if it behaves so."""
    def judge(m):
        m = checks.as_model(m, build_advice=TOKEN_BUILD_ADVICE)
        classes = checks.layer_classes(m)
        problems = _static_problems(m, classes, vocab_size)
        if "Conv1D" not in classes:
            problems.append(f"the exercise asks for a Conv1D layer (the model has {sorted(set(classes))}).")
        problems += [_activation_problem(m)]
        if any(problems):
            return problems
        rng = np.random.default_rng(0)
        for batch, length in ((16, 9), (8, 61), (2, 200)):
            tokens = _tokens(rng, vocab_size, batch, length)
            gone = _vanished(m, batch, length)
            if gone:
                return (f"on sequences of {length} tokens a convolution or pooling has no steps left: its "
                        "kernel or pool is longer than what reaches it ('valid' padding shrinks the "
                        "sequence). Use padding='same', a smaller kernel or fewer pooling layers, so short "
                        f"sequences work too. (Keras: {gone[:160]})")
            try:
                out, _ = _call(m, tokens)
            except Exception as exc:
                return _explain_call(exc, batch, length)
            problem = _check_outputs(out, batch, length) or _constant_problem(
                out, f"{batch} different sequences of {length} tokens")
            if problem:
                return problem
        return _reads_every_part(m, _tokens(rng, vocab_size, 8, 61))

    return checks.run_check(
        "Exercise 7.3", model, judge,
        hint="which layer of this lesson turns a sequence of any length into a fixed number of values? "
             "And which one turns token ids into vectors?")


def _missing_average(m, classes: list[str]) -> str:
    """Why a model without GlobalAveragePooling1D fails exercise 7.4, naming only layers it has."""
    text = ("the exercise is about an average over time: put GlobalAveragePooling1D between the hidden "
            "layer and the final Dense.")
    if "GlobalMaxPooling1D" in classes:
        text += " Your GlobalMaxPooling1D does not read masks at all."
    outer = [layer for layer in checks.all_layers(m) if getattr(layer, "return_sequences", None) is False]
    inner = {id(sub) for layer in outer for sub in checks.all_layers(layer)}  # a Bidirectional's own GRUs
    last_step = list(dict.fromkeys(type(layer).__name__ for layer in outer if id(layer) not in inner))
    if last_step:
        verb = "returns" if len(last_step) == 1 else "return"
        text += (f" Your {' and '.join(last_step)} {verb} only the last step: create the recurrent "
                 "layer with return_sequences=True, so the average gets one vector per token.")
    return text


def _rank(layer) -> int | None:
    """The rank of what ``layer`` works on: its symbolic output (functional and Sequential models), or the
    input shape it was built for by the model's last call (any model, subclassed ones included)."""
    try:
        return len(layer.output.shape)
    except Exception:  # a subclassed model's layer has no symbolic output
        shapes_dict = getattr(layer, "_build_shapes_dict", None) or {}
        first = next(iter(shapes_dict.values()), None)
        return len(first) if isinstance(first, (tuple, list)) else None


def check_padding_proof_model(model: Any, vocab_size: int = 50) -> checks.CheckResult:
    """Exercise 7.4: a model with a per-token hidden layer between its Embedding and a global AVERAGE,
    ending in a sigmoid, whose prediction for a sequence does not change when zeros are padded after it:
    three sequences of 5, 12 and 30 tokens (each holding the largest id), each alone, then in one batch
    padded with zeros to 40 and to 120 tokens."""
    def judge(m):
        import keras

        m = checks.as_model(m, build_advice=TOKEN_BUILD_ADVICE)
        classes = checks.layer_classes(m)
        problems = [p for p in _static_problems(m, classes, vocab_size) if "Flatten" not in p]
        if "GlobalAveragePooling1D" not in classes:
            problems.append(_missing_average(m, classes))
        weighted = [layer for layer in checks.all_layers(m, leaves_only=True) if layer.weights]
        if len(weighted) < 3:
            problems.append(f"it has {len(weighted)} layer(s) with weights; the exercise asks for a hidden "
                            "per-token layer between the Embedding and the pooling, plus the final Dense.")
        problems += [_activation_problem(m)]
        if any(problems):
            return problems
        # what each hidden layer works on: rank 2 is one vector per sequence, rank 3 the tokens
        ranks = [_rank(layer) for layer in checks.all_layers(m)
                 if layer.weights and not hasattr(layer, "layers") and type(layer).__name__ != "Embedding"
                 and layer is not _output_layer(m)]
        if ranks and None not in ranks and max(ranks) < 3:
            return HIDDEN_AFTER_POOLING
        sequences = [_tokens(np.random.default_rng(1), vocab_size, 1, n)[0] for n in SEQUENCE_LENGTHS]
        try:
            alone = [_call(m, s[np.newaxis])[0] for s in sequences]
            problem = next((p for a, s in zip(alone, sequences) if (p := _check_outputs(a, 1, len(s)))), None)
            alone = np.concatenate(alone)
            problem = problem or _constant_problem(alone, f"{len(sequences)} different sequences")
            if problem:
                return problem
            dropped, padded = [], []
            for total in PADDED_LENGTHS:
                out, lost = _call(m, keras.utils.pad_sequences(sequences, maxlen=total, padding="post"))
                dropped += lost
                problem = _check_outputs(out, len(sequences), total)
                if problem:
                    return problem
                padded.append(out)
        except Exception as exc:
            return _explain_call(exc, len(sequences), PADDED_LENGTHS[0])
        worst = max(float(np.max(np.abs(out - alone))) for out in padded)
        if worst <= 1e-5:
            return None
        moved = f"the padded predictions move by up to {worst:.2g}"
        if float(np.max(np.abs(padded[0] - padded[1]))) <= 1e-5:
            return (f"{moved}, but padding to {PADDED_LENGTHS[0]} and to {PADDED_LENGTHS[1]} tokens gives "
                    "the same prediction: the average does skip the padding, yet the last real tokens "
                    "see it. The windows of a layer that looks at neighbouring positions (a Conv1D with "
                    "padding='same') reach into the padding next to the real tokens. Use a hidden layer that "
                    "sees each position alone (e.g. Dense) and keeps the mask.")
        if dropped:
            return (f"{moved}: the mask from Embedding(mask_zero=True) stops at {sorted(set(dropped))} (its "
                    "supports_masking is False; Keras warns that it 'will therefore destroy the mask'). "
                    "Use a hidden layer whose supports_masking is True, e.g. Dense.")
        if not any(getattr(layer, "mask_zero", False) for layer in checks.all_layers(m)):
            return (f"{moved}: the padding zeros are averaged in. Tell Keras that 0 is padding: "
                    "Embedding(..., mask_zero=True).")
        return (f"{moved}: some layer mixes padded positions into real ones (a convolution or pooling over "
                "time) or ignores the mask; keep only per-token layers between the Embedding and "
                "GlobalAveragePooling1D.")

    return checks.run_check(
        "Exercise 7.4 (transfer)", model, judge,
        hint="the mask must travel from the Embedding to the pooling: which layers pass it on? "
             "(layer.supports_masking tells you.)")
