"""Lesson 02 · Flatten: the order map (figure and panel) and the exercise checks.

>>> text, fig = flat_index_view(1, 2, 1)
>>> text.splitlines()[0]
'element [row=1, col=2, channel=1] of a (3, 4, 2) feature map'
"""

from __future__ import annotations

import itertools
import numbers
from typing import Any

import numpy as np

from utils import alt_text, checks, panel, plots, shapes
from utils._validate import Whole, shown, validated

DEADLINE = 10  # seconds a check waits for a learner's function (all its cases together)

__all__ = ["PANELS", "draw_flatten_order", "flatten_order_map", "flat_index_view", "flat_index_panel",
           "unflat_index_text", "check_dense_without_flatten", "check_flat_position",
           "check_position_function", "check_element_at", "check_channels_first_position", "DENSE_MAP",
           "DENSE_UNITS", "CHANNELS_FIRST_INPUT", "CHANNELS_FIRST_ELEMENT"]

MAX_CHANNELS = 4  # one colour AND one hatch per channel
MAX_ELEMENTS = 96  # cells the order map can label at a readable size
_HIGHLIGHT = plots.PALETTE[5]  # vermillion, plus a bold number and a thick black edge


def _flat_position(height: int, width: int, channels: int, highlight: Any) -> int | None:
    """Check the map's total size, and return the flat position of ``highlight=(row, col, channel)``."""
    total = height * width * channels
    if total > MAX_ELEMENTS:
        raise ValueError(f"height*width*channels must be <= {MAX_ELEMENTS} for this picture, got "
                         f"height={height}, width={width}, channels={channels} ({total}).")
    if highlight is None:
        return None
    if (isinstance(highlight, (str, bytes, dict)) or np.ndim(highlight) != 1 or len(highlight) != 3
            or not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) and 0 <= v < n
                       for v, n in zip(highlight, (height, width, channels)))):
        raise ValueError(f"highlight must be (row, col, channel) inside a ({height}, {width}, {channels}) "
                         f"map, or None; got highlight={shown(highlight)}.")
    return shapes.flat_index(*(int(v) for v in highlight), height, width, channels)


@validated
def draw_flatten_order(ax: Any, height: Whole(1, MAX_ELEMENTS), width: Whole(1, MAX_ELEMENTS),
                       channels: Whole(1, MAX_CHANNELS), highlight: Any = None,
                       per_line: Whole(1, MAX_ELEMENTS) = 24) -> list:
    """Draw an ``(height, width, channels)`` map (a grid per channel, each cell labelled with its flat
    position) above Flatten's output vector (wrapped every ``per_line`` cells) on ``ax``; returns the
    artists. Each channel has its own colour AND hatch; ``highlight=(row, col, channel)`` is drawn bold
    with a thick black edge in both places. Sizes: channels <= 4, h*w*c <= 96."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    plots.check_axes(ax)
    selected = _flat_position(height, width, channels, highlight)
    total = height * width * channels
    lines = -(-total // per_line)
    vec_w, grid_w = min(total, per_line), channels * (width + 1) - 1
    full_w = max(vec_w, grid_w + 2, 20)
    vec_top = 1.5 * (lines - 1) + 1
    top = vec_top + 1.8 + height
    x_grid, x_vec = max(2.0, (full_w - grid_w) / 2), (full_w - vec_w) / 2
    ax.set_xlim(-0.2, full_w + 0.2)
    ax.set_ylim(-0.1, top + 2.4)
    ax.set_aspect("equal")
    ax.axis("off")
    by_channel, picked, artists = [[] for _ in range(channels)], [], []
    grey = {"fontsize": plots.MIN_FONT, "color": "0.35"}

    def cell(x: float, y: float, i: int, ch: int) -> None:
        (picked if i == selected else by_channel[ch]).append(Rectangle((x, y), 1, 1))
        artists.append(ax.text(x + 0.5, y + 0.5, str(i), ha="center", va="center",
                               fontsize=plots.MIN_FONT + 1, color="white" if i == selected else "black",
                               fontweight="bold" if i == selected else "normal"))

    for ch in range(channels):
        x0 = x_grid + ch * (width + 1)
        artists.append(ax.text(x0 + width / 2, top + 0.9, f"channel {ch}", ha="center", fontsize=9))
        for c in range(width):
            artists.append(ax.text(x0 + c + 0.5, top + 0.3, str(c), ha="center", **grey))
            for r in range(height):
                cell(x0 + c, top - 1 - r, shapes.flat_index(r, c, ch, height, width, channels), ch)
    artists.append(ax.text(x_grid - 0.9, top + 0.3, "col", ha="right", **grey))
    artists += [ax.text(x_grid - 0.15, top - 0.5 - r, f"row {r}", ha="right", va="center", **grey)
                for r in range(height)]
    for i in range(total):
        line, x = divmod(i, per_line)
        cell(x_vec + x, 1.5 * (lines - 1 - line), i, i % channels)
    for ch, cells in enumerate(by_channel):
        artists.append(ax.add_collection(PatchCollection(cells, facecolor=plots.PALETTE[ch], alpha=0.4,
                                                         hatch=plots.HATCHES[ch], edgecolor="0.3",
                                                         linewidths=0.8)))
    if picked:
        artists.append(ax.add_collection(PatchCollection(picked, facecolor=_HIGHLIGHT, edgecolor="black",
                                                         linewidths=2.5)))
    more = f", wrapped every {per_line}" if lines > 1 else ""
    artists.append(ax.text(full_w / 2, vec_top + 0.55, f"Flatten output: {total} numbers (colour and hatch = "
                           f"channel{more})", ha="center", va="center", fontsize=10))
    return artists


@validated
def flatten_order_map(height: Whole(1, MAX_ELEMENTS), width: Whole(1, MAX_ELEMENTS),
                      channels: Whole(1, MAX_CHANNELS), highlight: Any = None) -> Any:
    """A figure of :func:`draw_flatten_order`, sized so every number is readable (>= 8 pt).

    >>> fig = flatten_order_map(2, 3, 2, highlight=(1, 0, 1))
    """
    from matplotlib.figure import Figure

    flat = _flat_position(height, width, channels, highlight)
    # One Axes in cell units and no layout engine: a slider redraws it quickly.
    fig = Figure()
    ax = fig.add_axes((0, 0, 1, 1))
    draw_flatten_order(ax, height, width, channels, highlight)
    (left, right), (bottom, top) = ax.get_xlim(), ax.get_ylim()
    fig.set_size_inches(0.38 * (right - left), 0.38 * (top - bottom))
    ax.text((right - 0.2) / 2, top - 0.5, f"feature map ({height}, {width}, {channels}): each cell shows its "
            "flat position", ha="center", va="center", fontsize=10)
    picked = (f" The highlighted cell (row {highlight[0]}, column {highlight[1]}, channel {highlight[2]}) is "
              f"number {flat}." if flat is not None else "")
    return alt_text.notice(fig, f"A feature map of {height} row(s), {width} column(s) and {channels} "
                           "channel(s), each cell labelled with its position in Flatten's output, and below "
                           f"it the {height * width * channels} numbers in that order: the channel changes "
                           f"fastest, then the column, then the row.{picked}")


def flat_index_view(row: int, col: int, channel: int, height: int = 3, width: int = 4,
                    channels: int = 2) -> tuple:
    """Where element ``[row, col, channel]`` lands after Flatten: ``(text, figure)``, the text with the
    formula filled in and the step sizes, the figure :func:`flatten_order_map` with the element highlighted.
    """
    index = shapes.flat_index(row, col, channel, height, width, channels)
    text = "\n".join([
        f"element [row={row}, col={col}, channel={channel}] of a ({height}, {width}, {channels}) feature map",
        f"flat position = (row*width + col)*channels + channel = ({row}*{width} + {col})*{channels} + "
        f"{channel} = {index}",
        f"one step: channel +1 -> +1, col +1 -> +{channels}, row +1 -> +{width * channels}"
        f"   (the flat vector has positions 0 to {height * width * channels - 1})"])
    return text, flatten_order_map(height, width, channels, highlight=(row, col, channel))


def flat_index_panel() -> panel.Panel:
    """Sliders pick an element and the map's size (a size slider re-numbers the whole map). Shrinking a
    size moves the element inside the map, so the figure never goes blank."""
    row, col = panel.slider("row", 1, 0, 2), panel.slider("col", 2, 0, 3)
    channel = panel.slider("channel", 1, 0, 1)
    height, width = panel.slider("height", 3, 1, 4), panel.slider("width", 4, 1, 4)
    channels = panel.slider("channels", 2, 1, MAX_CHANNELS)
    for index, size in ((row, height), (col, width), (channel, channels)):
        # Linked before the Panel observes them: the element's slider is clamped before the redraw.
        size.observe(lambda change, index=index: setattr(index, "max", change["new"] - 1), names="value")
    return panel.Panel(flat_index_view, row=row, col=col, channel=channel, height=height, width=width,
                       channels=channels)


PANELS = [flat_index_panel]


def unflat_index_text(index: int, height: int, width: int, channels: int) -> str:
    """The way back, step by step: which ``[row, col, channel]`` sits at flat position ``index``.

    >>> unflat_index_text(13, 3, 4, 2).splitlines()[-1]
    'flat position 13 holds element [row=1, col=2, channel=1]'
    """
    row, col, channel = shapes.unflat_index(index, height, width, channels)
    pixel = index // channels
    return "\n".join([f"flat position {index} of a ({height}, {width}, {channels}) feature map",
                      f"channel = {index} % {channels} = {channel};  pixel = {index} // {channels} = {pixel}",
                      f"row = {pixel} // {width} = {row};  col = {pixel} % {width} = {col}",
                      f"flat position {index} holds element [row={row}, col={col}, channel={channel}]"])


# --- Exercise checks ---------------------------------------------------------------------------------------

#: Exercise 2.1: a Dense layer applied straight to this map (batch axis first).
DENSE_MAP, DENSE_UNITS = (None, 6, 6, 16), 5


def check_dense_without_flatten(answer: Any) -> checks.CheckResult:
    """Exercise 2.1: the output shape of ``Dense(5)`` on a ``(None, 6, 6, 16)`` map, no Flatten.

    >>> check_dense_without_flatten((None, 6, 6, 5)).correct
    True
    """
    _, h, w, c = DENSE_MAP
    expected = shapes.trace(DENSE_MAP[1:], [shapes.dense(DENSE_UNITS)])[-1].shape
    flat = shapes.trace(DENSE_MAP[1:], [shapes.flatten(), shapes.dense(DENSE_UNITS)])[-1].shape
    known = {
        flat: "that is what you get WITH a Flatten before the Dense. Without it, Keras (2 and 3) applies the "
              "Dense along the last axis only, at every position.",
        (None, h, w, c, DENSE_UNITS): "Dense replaces the last axis (16 channels -> 5 units); it does not "
                                      "add one.",
        expected[1:]: "the batch axis is missing: Keras shapes start with None for the batch.",
        (None, DENSE_UNITS, h, w): "the units replace the LAST axis, where the channels were, not the first.",
    }

    def known_or_batch(got: tuple) -> str | None:
        if len(got) == 4 and got[0] is not None and got[1:] == expected[1:]:
            return (f"the batch axis is {got[0]}; the map's batch size is unknown (None) and Dense keeps it "
                    "as it is.")
        return known.get(got)

    judge = checks.judge_against(
        expected, read=checks.as_shape, known=known_or_batch,
        otherwise=lambda got: f"you gave {got}; ask which axis a Dense layer works on.")
    return checks.run_check("Exercise 2.1", answer, judge,
                            hint="Section 1 showed which axis a Dense layer changes; the others are kept.")


def _position_check(exercise: str, answer: Any, expected: int, known: dict, axes: str, lands: str,
                    hint: str) -> checks.CheckResult:
    """A check of one flat position: a number in any form (``np.flatnonzero`` too); an ``np.argwhere`` on
    the 4-D map (one row of the indices named in ``axes``) is explained."""
    def argwhere_on_map(ans: Any) -> str | None:
        if getattr(ans, "ndim", 0) == 2 and ans.shape[-1] == 4:
            return (f"np.argwhere searched the 4-D map, so it returned [{axes}]; search the FLAT vector "
                    "(after Flatten) to get a position in it.")
        return None

    judge = checks.judge_against(
        expected, known=known, before=argwhere_on_map,
        read=lambda ans: checks.as_whole_number(ans, floats=False, searched=True),
        otherwise=lambda value: f"you gave {value}; the element {lands} elsewhere in the flat vector.")
    return checks.run_check(exercise, answer, judge, hint=hint)


#: Exercise 2.2: element [row=2, col=1, channel=3] of a (5, 4, 8) map (height, width, channels).
POSITION_ELEMENT, POSITION_MAP = (2, 1, 3), (5, 4, 8)


def check_flat_position(answer: Any) -> checks.CheckResult:
    """Exercise 2.2: the flat position of element ``[row=2, col=1, channel=3]`` of a (5, 4, 8) map.

    >>> check_flat_position(75).correct
    True
    """
    (r, c, ch), (h, w, cs) = POSITION_ELEMENT, POSITION_MAP
    expected = shapes.flat_index(r, c, ch, h, w, cs)
    known = {
        (ch * h + r) * w + c: "that is channels-first order (a plain reshape of a (C, H, W) array); Keras "
                              "Flatten puts channels last, so the channel changes fastest.",
        (c * h + r) * cs + ch: "you walked down columns first; row-major order walks along rows first.",
        expected + 1: "positions count from 0, as Python indices do: you are one too high.",
        expected - 1: "one too low: check the channel offset (channels count from 0, and so do positions).",
        (r * w + c) * cs: "that is where the pixel's channel 0 sits; add the channel offset.",
        r * w + c: "that is the pixel's number; each pixel holds 8 numbers (its channels).",
        (r * h + c) * cs + ch: f"height and width are swapped: a row holds W = {w} pixels, so the pixel "
                               f"number is row * {w} + col.",
    }
    return _position_check("Exercise 2.2", answer, expected, known, "batch, row, col, channel", "sits",
                           hint="Whole pixels come before this one; how many numbers does each pixel hold?")


#: Exercise 2.3: the maps the learner's position function is tried on (every element of each).
POSITION_MAPS = ((2, 3, 4), (5, 4, 8), (1, 6, 1), (4, 1, 3), (3, 3, 2))

#: Exercise 2.3's usual slips: the advice, and what a function with that slip returns.
_POSITION_SLIPS = {
    "your function gives channels-first positions (channel slowest); Keras Flatten puts channels last, so "
    "the channel changes fastest.": lambda r, co, ch, h, w, c: (ch * h + r) * w + co,
    "every answer is one too high: positions count from 0.":
        lambda r, co, ch, h, w, c: (r * w + co) * c + ch + 1,
    "you multiplied the row by the height h; a row holds w pixels (its width), so the pixel number is "
    "row * w + col.": lambda r, co, ch, h, w, c: (r * h + co) * c + ch,
}


def _call_on_every_case(fn: Any, cases: list) -> list:
    """``fn(*args)`` for every case, an exception standing for its result; the placeholder stops early."""
    results = []
    for args, _ in cases:
        try:
            results.append(fn(*args))
        except Exception as exc:  # a learner's function may fail in any way: reported per case
            results.append(exc)
        if results[-1] is Ellipsis:
            break
    return results


def check_position_function(answer: Any) -> checks.CheckResult:
    """Exercise 2.3: a function ``position(row, col, ch, h, w, c)`` giving Flatten's flat index.
    The check calls it on every element of five small maps (at most 160 elements each), within 10 s.

    >>> check_position_function(lambda r, co, ch, h, w, c: (r * w + co) * c + ch).correct
    True
    """
    cases = [((r, co, ch, h, w, c), shapes.flat_index(r, co, ch, h, w, c)) for h, w, c in POSITION_MAPS
             for r, co, ch in itertools.product(range(h), range(w), range(c))]

    def judge(fn: Any) -> Any:
        if not callable(fn):
            return f"expected a function, got {checks.short(fn)}."
        results = checks.call_with_deadline(_call_on_every_case, fn, cases, seconds=DEADLINE,
                                            what="your position function")
        values = []
        for (args, _), got in zip(cases, results):
            if got is Ellipsis:
                raise checks.NotAttempted
            if isinstance(got, Exception):
                return f"position{args} raised {type(got).__name__}: {got}"
            if isinstance(got, (list, tuple)) and len(got) == 1:
                return (f"position{args} returned {checks.short(got)}, a {type(got).__name__} holding the "
                        "answer, not a number: code that uses it breaks ([13] + 1 is an error, and [13] * 2 "
                        "is [13, 13]). Return the number itself: return (row * w + col) * c + ch, without "
                        "[ ].")
            values.append(checks.as_whole_number(got, f"position{args}", floats=False))
        failures = [f"position{args} returned {value}, expected {want}"
                    for (args, want), value in zip(cases, values) if value != want]
        if not failures:
            return None
        for advice, slip in _POSITION_SLIPS.items():
            if all(value == slip(*args) for (args, _), value in zip(cases, values)):
                return advice
        more = [f"... and {len(failures) - 3} more of {len(cases)} cases"] if len(failures) > 3 else []
        return failures[:3] + more

    return checks.run_check("Exercise 2.3", answer, judge,
                            hint="Count whole pixels first, then the offset inside a pixel.")


#: Exercise 2.4: flat position 50 of a (4, 4, 8) map.
ELEMENT_INDEX, ELEMENT_MAP = 50, (4, 4, 8)


def _as_triple(ans: Any) -> tuple:
    """Three whole numbers from a tuple/list/array, np.unravel_index's tuple or a (1, 3) np.argwhere."""
    if isinstance(ans, (str, bytes, dict, set)) or not hasattr(ans, "__len__"):
        raise checks.Unusable(f"give three numbers as a tuple (row, col, channel); you gave "
                              f"{shown(ans, 300)}.")
    values = ans.reshape(-1) if isinstance(ans, np.ndarray) else np.asarray(ans, dtype=object).reshape(-1)
    if len(values) != 3:
        extra = (" np.argwhere on the 4-D map gives [batch, row, col, channel]: drop the batch index."
                 if len(values) == 4 else "")
        raise checks.Unusable(f"give three numbers (row, col, channel); you gave {len(values)}: "
                              f"{shown(ans, 300)}.{extra}")
    return tuple(checks.as_whole_number(v, "each entry", floats=False) for v in values)


def check_element_at(answer: Any) -> checks.CheckResult:
    """Exercise 2.4: which ``(row, col, channel)`` sits at flat position 50 of a (4, 4, 8) map.

    >>> check_element_at((1, 2, 2)).correct
    True
    """
    index, (h, w, cs) = ELEMENT_INDEX, ELEMENT_MAP
    expected = shapes.unflat_index(index, h, w, cs)
    ch_first, rest = divmod(index, h * w)
    known = {
        (rest // w, rest % w, ch_first): "that is where position 50 is in channels-first order; Keras "
                                         "Flatten puts channels last, so divide by the number of channels "
                                         "first.",
        tuple(reversed(expected)): "the numbers are right but reversed: answer in the order (row, col, "
                                   "channel).",
        (expected[1], expected[0], expected[2]): "row and column are swapped: the pixel number is "
                                                 "row*width + col.",
    }

    def outside(got: tuple) -> str:
        if any(v < 0 or v >= size for v, size in zip(got, (h, w, cs))):
            return (f"{got} is outside a ({h}, {w}, {cs}) map: rows go from 0 to {h - 1}, cols from 0 to "
                    f"{w - 1}, channels from 0 to {cs - 1}.")
        where = shapes.flat_index(*got, h, w, cs)
        return (f"element {got} sits at position {where}, not {index}"
                + (": one step off, check each remainder." if abs(where - index) == 1 else "."))

    judge = checks.judge_against(expected, read=_as_triple, known=known, otherwise=outside)
    return checks.run_check("Exercise 2.4", answer, judge,
                            hint="Undo the formula from the inside out: the channel is the offset inside a "
                                 "pixel.")


#: Exercise 2.5 (transfer): a channels-first input (batch, C, H, W) and the element x[0, ch, row, col].
CHANNELS_FIRST_INPUT, CHANNELS_FIRST_ELEMENT = (3, 4, 5), (2, 1, 3)


def check_channels_first_position(answer: Any) -> checks.CheckResult:
    """Exercise 2.5 (transfer): where ``Flatten(data_format="channels_first")`` puts ``x[0, 2, 1, 3]`` of a
    ``(1, 3, 4, 5)`` input (3 channels of 4x5 pixels).

    >>> check_channels_first_position(26).correct
    True
    """
    (cs, h, w), (ch, r, c) = CHANNELS_FIRST_INPUT, CHANNELS_FIRST_ELEMENT
    expected = shapes.flat_index(r, c, ch, h, w, cs, data_format="channels_first")
    known = {
        (ch * h + r) * w + c: "that is where a plain reshape puts it (the axes read in stored order, "
                              "channels first), and where Flatten() puts it if you forgot "
                              "data_format='channels_first'. Flatten(data_format='channels_first') first "
                              "moves the channels LAST, then flattens: the channel changes fastest.",
        (c * h + r) * cs + ch: "you walked down columns first; Flatten walks along rows first.",
        expected + 1: "one too high: positions count from 0.",
        expected - 1: "one too low: positions count from 0, and so do channels.",
        (r * w + c) * cs: "that is where the pixel's channel 0 lands; add the channel offset.",
        (r * h + c) * cs + ch: f"height and width are swapped: a row holds W = {w} pixels (the last axis), "
                               f"so the pixel number is row * {w} + col.",
    }
    return _position_check("Exercise 2.5 (transfer)", answer, expected, known, "batch, channel, row, col",
                           "lands", hint="Section 5 showed what Flatten does to a channels-first input "
                                         "before it flattens.")
