"""Lesson 03 (conv and pool shape math): the sliding-window picture, the explorer and chain panels, and
the exercise checks. Every length comes from :mod:`utils.shapes` (one formula, property-tested against
Keras); this module adds where the windows sit, the zeros ``"same"`` adds, and the lesson's checks.

>>> same_padding(8, 3, stride=2)
(0, 1)
>>> print(conv_formula(8, 3, stride=2).splitlines()[0])
output length: 8 -> 3
"""

from __future__ import annotations

import functools
import inspect
import itertools
import numbers
from typing import Any

from matplotlib.figure import Figure

from utils import alt_text, checks, panel, plots, shapes
from utils._validate import Rule, Test, Whole, shown, validated

DEADLINE = 10  # seconds a check waits for a learner's function (all its cases together)

__all__ = ["PADDING_CHOICES", "CHAIN", "same_padding", "window_layout", "draw_window_row", "sliding_windows",
           "conv_formula", "conv_explorer", "conv_explorer_panel", "chain_text", "chain_panel",
           "check_conv_shape", "check_out_len", "check_smallest_input", "check_dilated_signal", "PANELS"]

#: Padding choices of the explorer: Keras' two strings, or p zeros on each side (ZeroPadding + "valid").
PADDING_CHOICES = [("valid", "valid"), ("same", "same"), ("p = 1", 1), ("p = 2", 2), ("p = 3", 3)]

#: The lesson's chain (section 7): Conv 3x3 -> MaxPool 2 -> Conv 3x3 -> MaxPool 2 -> Flatten -> Dense(10).
CHAIN = (shapes.conv(16, 3, label="conv1"), shapes.pool(2, label="pool1"),
         shapes.conv(32, 3, label="conv2"), shapes.pool(2, label="pool2"),
         shapes.flatten(), shapes.dense(10, label="classifier"))

# Cell styles of the picture, (face, hatch, legend label): colour AND hatch, so no reader depends on colour
# alone. A dropped pixel is a light vermillion, so its black label (on a white box) stays readable.
_STYLES = {"pixel": ("#e8f1f8", None, "input pixel"),
           "dropped": ("#F2B8A0", "xxx", "dropped by the floor (x-hatched)"),
           "skipped": (plots.PALETTE[1], "...", "read by no tap (dotted)"),
           "pad": ("white", "///", "zero padding (0)"),
           "unread_pad": ("0.8", "///", "zero no tap reads (grey, 0)")}
_WINDOW = plots.PALETTE[0]
_FONT = plots.MIN_FONT
_LIMIT = 64  # the picture draws at most this many cells per row (a slider goes to 16)
_Cells = Whole(1, _LIMIT)


def _padding(value: Any) -> str | int:
    """``"valid"`` or ``"same"`` (any case, returned lower-case), or p zeros on each side (0 to 64)."""
    if isinstance(value, str) and value.lower() in ("valid", "same"):
        return value.lower()
    if isinstance(value, str):
        raise ValueError(f"must be 'valid', 'same' or a whole number from 0 to {_LIMIT}")
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 0 <= value <= _LIMIT:
        raise ValueError(f"must be a whole number from 0 to {_LIMIT}")
    return int(value)


def same_padding(n: int, kernel: int, stride: int = 1, dilation: int = 1) -> tuple[int, int]:
    """Zeros that ``padding="same"`` adds ``(before, after)`` along one axis, as Keras/TensorFlow do:
    ``total = max((ceil(n / s) - 1) * s + k_eff - n, 0)``, the odd zero at the end.

    >>> same_padding(7, 3, stride=2)
    (1, 1)
    >>> same_padding(6, 4)
    (1, 2)
    """
    out = shapes.conv_output_length(n, kernel, stride, "same", dilation)  # validates every argument
    total = max((out - 1) * stride + shapes.effective_kernel_size(kernel, dilation) - n, 0)
    return total // 2, total - total // 2


def _padding_label(padding: Any) -> str:
    """``padding='same'`` as Keras writes it, but ``p=1`` for zeros on each side: Keras has no ``padding=1``
    (a ZeroPadding layer, then ``'valid'``), so a title must not suggest it (review r20)."""
    return (f"padding={padding!r}" if isinstance(padding, str)
            else f"p={padding} (zeros each side, then 'valid')")


@validated
def window_layout(size: _Cells, kernel: _Cells, stride: _Cells = 1, padding: Rule(_padding) = "valid",
                  dilation: _Cells = 1) -> dict:
    """Where each window of a convolution (or pooling) sits on a row of ``size`` pixels: ``out`` windows
    spanning ``k_eff`` cells each, the zeros added (``pad_left``, ``pad_right``), each window's first cell
    on the padded row (``starts``), the pixels after the last window (``dropped`` by the floor; under
    ``'same'``, which has no floor, they count as ``skipped``), the pixels before its end that no tap reads
    (``skipped``) and the zeros no tap reads (``unread_pad``).

    >>> window_layout(8, 3, stride=2)["dropped"]
    [7]
    """
    out = shapes.conv_output_length(size, kernel, stride=stride, padding=padding, dilation=dilation)
    k_eff = shapes.effective_kernel_size(kernel, dilation)
    if padding == "same":
        pad_left, pad_right = same_padding(size, kernel, stride, dilation)
    else:
        pad_left = pad_right = 0 if padding == "valid" else padding
    starts = [j * stride for j in range(out)]
    read = {s + t * dilation for s in starts for t in range(kernel)}
    last = starts[-1] + k_eff - 1
    pixels = range(pad_left, pad_left + size)
    pads = [*range(pad_left), *range(pad_left + size, pad_left + size + pad_right)]
    dropped = [c - pad_left for c in pixels if c > last]
    skipped = [c - pad_left for c in pixels if c <= last and c not in read]
    if padding == "same":  # no floor in ceil(i / s): a pixel past the last window is unread like a gap (r20)
        dropped, skipped = [], sorted(skipped + dropped)
    return {"out": out, "k_eff": k_eff, "pad_left": pad_left, "pad_right": pad_right, "starts": starts,
            "dropped": dropped, "skipped": skipped, "unread_pad": [c for c in pads if c not in read]}


_Label = Test(lambda v: isinstance(v, str) and len(v) <= 4, "a string of at most 4 characters")


@validated
def draw_window_row(ax, size: _Cells, kernel: _Cells, stride: _Cells = 1, padding: Any = "valid",
                    dilation: _Cells = 1, name: _Label = "x", out_name: _Label = "y",
                    xmax: Whole(1, 4 * _LIMIT) = 8) -> list:
    """Draw one padded row of cells and, below it, one bar per window labelled with the output it produces
    (``y0``, ``y1``, ...); returns the artists. ``xmax`` is the least width in cells. Cells are a few
    PatchCollections (not one artist each), so a slider redraws fast."""
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    plots.check_axes(ax)
    lay = window_layout(size, kernel, stride, padding, dilation)
    total = lay["pad_left"] + size + lay["pad_right"]
    groups: dict[str, list] = {kind: [] for kind in _STYLES}
    artists = []
    for c in range(total):
        pixel = c - lay["pad_left"]
        if not 0 <= pixel < size:
            kind, label = ("unread_pad" if c in lay["unread_pad"] else "pad"), "0"
        else:
            kind = "dropped" if pixel in lay["dropped"] else "skipped" if pixel in lay["skipped"] else "pixel"
            label = f"{name}{pixel}"
        groups[kind].append(Rectangle((c, 0), 0.92, 0.92))
        artists.append(ax.text(c + 0.46, 0.46, label, ha="center", va="center", fontsize=_FONT,
                               bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.8, "alpha": 1.0}
                               if kind in ("dropped", "skipped") else None))
    artists += [ax.add_collection(PatchCollection(cells, facecolors=_STYLES[kind][0], edgecolors="0.35",
                                                  hatch=_STYLES[kind][1], lw=0.8))
                for kind, cells in groups.items() if cells]
    ys = [-0.75 - 0.55 * j for j in range(lay["out"])]
    spans = [Rectangle((st, y), lay["k_eff"] - 0.08, 0.4) for st, y in zip(lay["starts"], ys)]
    taps = [Rectangle((st + t * dilation + 0.16, y + 0.06), 0.6, 0.28)
            for st, y in zip(lay["starts"], ys) for t in range(kernel)]
    artists.append(ax.add_collection(PatchCollection(spans, facecolors=_WINDOW, alpha=0.18,
                                                     edgecolors=_WINDOW, lw=0.8)))
    artists.append(ax.add_collection(PatchCollection(taps, facecolors=_WINDOW, lw=0)))
    artists += [ax.text(st + lay["k_eff"] + 0.1, y + 0.2, f"→ {out_name}{j}", va="center", fontsize=_FONT)
                for j, (st, y) in enumerate(zip(lay["starts"], ys))]
    ax.axis("off")
    ax.set_xlim(-0.2, max(total, xmax) + 1.6)
    ax.set_ylim(-0.75 - 0.55 * lay["out"] - 0.1, 1.05)
    return artists


def _after_conv(out: int, pool: int, compute: Any) -> Any:
    """``compute()`` for the pooling after the conv, its ValueError saying what the conv left."""
    try:
        return compute()
    except ValueError as err:
        raise ValueError(f"the conv leaves {out} value(s) for MaxPooling({pool}): {err}") from None


@validated
def sliding_windows(size: _Cells, kernel: _Cells, stride: _Cells = 1, padding: Any = "valid",
                    dilation: _Cells = 1, pool: _Cells = 1) -> Figure:
    """Picture of a convolution's windows over a row of ``size`` input pixels (every size at most 64):
    each window is a bar with its kernel taps and the output it produces (``→ y0``); zeros, dropped and
    unread pixels have their own colour and hatch. With ``pool > 1`` a second row shows ``MaxPooling(pool)``
    on the convolution's outputs. An impossible setting raises the ValueError of :mod:`utils.shapes`.

    >>> fig = sliding_windows(8, 3, stride=4)   # 2 windows: x3 skipped, x7 dropped
    """
    from matplotlib.patches import Patch

    conv = window_layout(size, kernel, stride, padding, dilation)
    rows = [((size, kernel, stride, padding, dilation, "x", "y"), conv, f"Conv: i={size}, k={kernel}, "
             f"s={stride}, {_padding_label(padding)}, d={dilation} -> {conv['out']} outputs")]
    if pool > 1:
        pooled = _after_conv(conv["out"], pool, lambda: window_layout(conv["out"], pool, pool))
        rows.append(((conv["out"], pool, pool, "valid", 1, "y", "z"), pooled, f"MaxPooling({pool}) on the "
                     f"{conv['out']} conv outputs (y) -> {pooled['out']} outputs (z)"))
    handles = [Patch(facecolor=_STYLES["pixel"][0], edgecolor="0.35",
                     label="input value (x: pixel, y: conv output)" if pool > 1 else "input pixel"),
               Patch(facecolor=_WINDOW, alpha=0.5, edgecolor=_WINDOW,
                     label="one window per output (taps dark)")]
    pads = conv["pad_left"] + conv["pad_right"]
    kinds = [kind for kind in ("unread_pad", "dropped", "skipped") if any(lay[kind] for _, lay, _ in rows)]
    if pads:
        kinds.insert(0, "pad")
    handles += [Patch(facecolor=face, edgecolor="0.35", hatch=hatch, label=label)
                for face, hatch, label in (_STYLES[kind] for kind in kinds)]
    cells = size + pads
    axes_h = [*(0.36 * (1.9 + 0.55 * lay["out"]) for _, lay, _ in rows), 0.25 * -(-len(handles) // 2) + 0.15]
    title_h = 0.3  # inches, like axes_h
    fig_h = sum(axes_h) + title_h * len(rows) + 0.1
    # A fixed layout (no constrained layout) keeps the redraw fast enough for a slider.
    fig = Figure(figsize=(max(6.4, 0.42 * (cells + 1.8) + 0.4), fig_h))
    grid = fig.add_gridspec(len(axes_h), 1, height_ratios=axes_h, left=0.02, right=0.98,
                            top=1 - title_h / fig_h, bottom=0.1 / fig_h,
                            hspace=title_h / (sum(axes_h) / len(axes_h)))
    for r, (row, _, title) in enumerate(rows):
        ax = fig.add_subplot(grid[r])
        draw_window_row(ax, *row, xmax=cells)
        # A plain text, not ax.set_title: title placement costs a slow tight-bbox pass.
        ax.text(0, 1.02, title, transform=ax.transAxes, fontsize=9, va="bottom")
    legend_ax = fig.add_subplot(grid[-1])
    legend_ax.axis("off")
    legend_ax.legend(handles=handles, loc="center", ncol=2, fontsize=_FONT, frameon=False,
                     handlelength=1.6, columnspacing=1.2, borderaxespad=0)
    notice = (f"A row of {size} input pixels" + (f" with {pads} zero(s) of padding" if pads else "")
              + f", and the {conv['out']} window(s) of a kernel of {kernel}"
              + (f" with dilation {dilation} (it spans {conv['k_eff']} pixels)" if dilation > 1 else "")
              + f" at stride {stride}, one per output.")
    for key, what in (("dropped", "at the end fit no whole window and are dropped"),
                      ("skipped", "fall between windows or taps and are never read")):
        if conv[key]:
            notice += f" {len(conv[key])} pixel(s) {what}."
    if pool > 1:
        notice += f" Below, MaxPooling({pool}) turns the {conv['out']} outputs into {pooled['out']}."
    return alt_text.notice(fig, notice)


@validated
def conv_formula(size: _Cells, kernel: _Cells, stride: _Cells = 1, padding: Rule(_padding) = "valid",
                 dilation: _Cells = 1, pool: _Cells = 1) -> str:
    """The output-length formula with the numbers filled in, for one conv and, with ``pool > 1``, a
    ``MaxPooling(pool)`` after it; ``padding`` is ``"valid"``, ``"same"`` or ``p`` zeros on each side."""
    lay = window_layout(size, kernel, stride, padding, dilation)
    out, k_eff = lay["out"], lay["k_eff"]
    lines = [f"k_eff = k + (k-1)(d-1) = {kernel} + {kernel - 1}*{dilation - 1} = {k_eff}"]
    if padding == "same":
        lines += [f"'same': o = ceil(i / s) = ceil({size} / {stride}) = {out}",
                  f"  zeros added = max((o-1)*s + k_eff - i, 0) = max({out - 1}*{stride} + {k_eff} - "
                  f"{size}, 0) = {lay['pad_left'] + lay['pad_right']}: {lay['pad_left']} before, "
                  f"{lay['pad_right']} after"]
    else:
        p = 0 if padding == "valid" else padding
        lines.append(f"o = floor((i + 2p - k_eff) / s) + 1 = floor(({size} + {2 * p} - {k_eff}) / "
                     f"{stride}) + 1 = floor({size + 2 * p - k_eff} / {stride}) + 1 = {out}")
    dropped = ", ".join(f"x{c}" for c in lay["dropped"]) or "none"
    skipped = ", ".join(f"x{c}" for c in lay["skipped"]) or "none"
    lines.append(("" if padding == "same" else f"dropped by the floor: {dropped}; ")  # 'same' has no floor
                 + f"read by no tap: {skipped}"
                 + (f"; zeros no tap reads: {len(lay['unread_pad'])}" if lay["unread_pad"] else ""))
    if stride > 1 and dilation > 1:
        lines.append("note: Keras refuses strides > 1 together with dilation_rate > 1 in one layer.")
    chain = f"{size} -> {out}"
    if pool > 1:
        pooled = _after_conv(out, pool, lambda: shapes.pool_output_length(out, pool))
        pool_drops = ", ".join(f"y{c}" for c in range(pooled * pool, out)) or "none"
        lines.append(f"MaxPooling({pool}): o = floor(({out} - {pool}) / {pool}) + 1 = {pooled}; "
                     f"dropped by the pooling's floor: {pool_drops}")
        chain += f" -> {pooled}"
    header = [f"output length: {chain}",
              f"i={size}, k={kernel}, s={stride}, {_padding_label(padding)}, d={dilation}, pool={pool}"]
    return "\n".join(header + lines)


def conv_explorer(size: int, kernel: int, stride: int = 1, padding: Any = "valid",
                  dilation: int = 1, pool: int = 1) -> tuple:
    """Update function of the explorer: ``(formula text, sliding-window Figure)``; sizes at most 64."""
    text = conv_formula(size, kernel, stride, padding, dilation, pool)
    return text, sliding_windows(size, kernel, stride, padding, dilation, pool)


def conv_explorer_panel() -> panel.Panel:
    """Sliders for input size, kernel, stride, padding, dilation and pool."""
    return panel.Panel(conv_explorer, size=panel.slider("input size i", 8, 1, 16),
                       kernel=panel.slider("kernel k", 3, 1, 7), stride=panel.slider("stride s", 1, 1, 4),
                       padding=panel.dropdown("padding", PADDING_CHOICES),
                       dilation=panel.slider("dilation d", 1, 1, 3),
                       pool=panel.slider("pool (1 = none)", 1, 1, 4))


@validated
def chain_text(size: Whole(1, 4096) = 28) -> str:
    """Update function of the chain slider: :data:`CHAIN` traced on a ``size x size x 1`` image.

    >>> chain_text(28).splitlines()[-1].split()[-1]
    '12,810'
    """
    try:
        rows = shapes.trace((size, size, 1), CHAIN)
    except ValueError as err:
        raise ValueError(f"a {size}x{size} image is too small: {err}") from None
    return shapes.format_trace(rows)


def chain_panel() -> panel.Panel:
    """One slider for the input size of the Conv-Pool-Conv-Pool-Flatten-Dense chain."""
    return panel.Panel(chain_text, size=panel.slider("input size", 28, 1, 64))


PANELS = [conv_explorer_panel, chain_panel]


# --- Exercise checks: each computes its answer itself (utils.shapes, cross-checked against Keras in the
# tests), so the notebook never shows the answer next to the check.

#: Exercise 3.1's layer and input: (height, width, channels, filters, kernel, stride). i - k is ODD on the
#: height (27) and EVEN on the width (20), so each usual rounding slip lands on its own wrong value.
EX31 = (32, 25, 3, 8, 5, 2)


def check_conv_shape(answer: Any) -> checks.CheckResult:
    """Exercise 3.1: ``model.output_shape`` of ``Conv2D(8, 5, strides=2)`` on 32x25x3 images.

    >>> check_conv_shape((None, 14, 11, 8)).correct
    True
    """
    h, w, c, filters, k, s = EX31
    expected = shapes.trace((h, w, c), [shapes.conv(filters, k, strides=s)])[-1].shape
    oh, ow = expected[1:3]
    conv = functools.partial(shapes.conv_output_length, kernel=k)
    known = {
        (None, conv(h, stride=s, padding="same"), conv(w, stride=s, padding="same"), filters):
            "that is padding='same' (ceil(i / s)); Conv2D's default is 'valid': no zeros are added.",
        (None, (h - k) // s, (w - k) // s, filters):
            "you forgot the `+ 1`: the first window position counts too.",
        (None, -(-(h - k) // s), -(-(w - k) // s), filters):
            f"that is ceil((i - k) / s), which is (i - k + s - 1) // s, with no `+ 1`: with s = {s} it "
            f"happens to match the count when i - k is odd (the height, {h} - {k}), not when it is even (the "
            f"width, {w} - {k}). The count of window starts 0, s, 2s, ... is floor((i - k) / s) + 1.",
        (None, conv(h), conv(w), filters):
            "you ignored the stride: with strides=2 the window jumps 2 pixels.",
        (None, oh, ow, c): f"the sizes are right, but a Conv2D outputs one channel per filter ({filters}), "
                           f"not the input's {c}.",
        (None, ow, oh, filters): f"height and width are swapped: the input is {h} high and {w} wide.",
        (None, -(-(h - k) // s) + 1, -(-(w - k) // s) + 1, filters):
            "you rounded up (round() or ceil, then + 1); the formula floors: the last window must fit "
            "entirely (floor((i - k) / s) + 1).",
    }
    judge = checks.judge_against(
        expected, read=checks.as_shape, known=known,
        otherwise=lambda got: f"you gave {got!r}; use o = floor((i + 2p - k) / s) + 1 on the height and on "
                              "the width separately, then one channel per filter.")
    return checks.run_check("Exercise 3.1", answer, judge,
                            hint="Apply the formula to each spatial axis separately; the default padding "
                                 "adds no zeros. Then the channels: one per filter.")


def _out_len_cases() -> list:
    """(args, expected) for out_len(i, k, s, p): small sizes, every padding, only where a window fits."""
    grid = itertools.product((1, 5, 6, 7, 8, 28, 32), (1, 2, 3, 5), (1, 2, 3), ("valid", "same", 0, 1, 2))
    return [(a, shapes.conv_output_length(*a)) for a in grid
            if a[3] == "same" or a[0] + 2 * (0 if a[3] == "valid" else a[3]) >= a[1]]


def _mistake_models(args: tuple) -> dict:
    """What each usual mistake returns for ``out_len(*args)``, in the order they are tried: the padding
    mistakes first (a wrong padding also shifts the count by one here and there)."""
    i, k, s, p = args
    if p == "same":
        return {"same_ignores_stride": i, "same_as_valid": (i - k) // s + 1,
                "same_symmetric": (i + 2 * (k // 2) - k) // s + 1,  # PyTorch-style padding=k // 2
                "same_half": (i + 2 * ((k - 1) // 2) - k) // s + 1,  # "half" padding, (k - 1) // 2 a side
                "same_round": round(i / s),  # Python's round: half to even
                "same_floor": i // s,
                "same_plus_one": -(-i // s) + 1}  # the 'valid' formula's + 1 carried over
    pad = 0 if p == "valid" else p
    right = (i + 2 * pad - k) // s + 1
    return {"padding_once": (i + pad - k) // s + 1, "padding_ignored": (i - k) // s + 1,
            "ceil": -(-(i + 2 * pad - k) // s) + 1, "stride_ignored": i + 2 * pad - k + 1,
            "off_by_one_low": right - 1, "off_by_one_high": right + 1}


def _explain_out_len(results: list) -> list:
    """The mistakes behind a wrong ``out_len``, from ``(args, expected, got)`` of each case that returned a
    number. Per kind of padding: the mistake that reproduces every case, else every failing case, else the
    one behind half of the failures (never an off-by-one there: it would contradict a padding advice)."""
    named: list = []
    for kind in ("valid", "int", "same"):
        group = [(args, want, got) for args, want, got in results
                 if {"valid": "valid", "same": "same"}.get(args[3], "int") == kind]
        failing = [(args, want, got) for args, want, got in group if got != want]
        if not failing:
            continue
        order = list(_mistake_models(failing[0][0]))
        found = next((m for cases in (group, failing) for m in order
                      if all(_mistake_models(a)[m] == g for a, _, g in cases)), None)
        counts = {m: sum(_mistake_models(a)[m] == g for a, _, g in failing) for m in order}
        best = max((m for m in order if not m.startswith("off_by_one")), key=counts.get)
        if found or 2 * counts[best] >= len(failing):
            named.append(found or best)
    return list(dict.fromkeys(named))


_OUT_LEN_ADVICE = {
    "float": "some results are floats (`/`, np.floor and np.ceil give floats): a length is an int; use floor "
             "division `//`, or int() around np.floor.",
    "off_by_one_low": "your result is one too small: add 1 for the first window position (it starts at 0).",
    "off_by_one_high": "your result is one too large: the count of starts 0, s, 2s, ... is "
                       "floor((i + 2p - k) / s) + 1, with exactly one + 1.",
    "padding_once": "an int p adds p zeros on EACH side, so the padded length is i + 2 * p.",
    "padding_ignored": "the zeros of an int p are missing: the padded length is i + 2 * p.",
    "ceil": "you rounded up: the last window must fit entirely, so the formula FLOORS "
            "((i + 2p - k) // s + 1); only 'same' gives ceil(i / s).",
    "stride_ignored": "the stride is ignored: windows start every s pixels, so divide by s.",
    "same_ignores_stride": "'same' keeps the size only with stride 1; in general it gives ceil(i / s).",
    "same_as_valid": "for 'same' you used the 'valid' formula; 'same' pads so the output is ceil(i / s).",
    "same_symmetric": "'same' in Keras is not symmetric k // 2 padding (PyTorch's usual padding=k // 2): it "
                      "adds just enough zeros for ceil(i / s) outputs, and for an even k the extra zero goes "
                      "at the END. So 'same' gives ceil(i / s).",
    "same_half": "(k - 1) // 2 zeros on each side matches 'same' only for an odd k: Keras' 'same' "
                 "adds just enough zeros for ceil(i / s) outputs, and for an even k that takes one more "
                 "zero, at the END. So 'same' gives ceil(i / s).",
    "same_round": "for 'same' you used round(i / s): Python's round() rounds halves to the nearest EVEN "
                  "number (round(1.5) == 2 but round(2.5) == 2) and rounds other values to the nearest, "
                  "so it is sometimes below ceil(i / s). 'same' gives ceil(i / s) (e.g. -(-i // s)).",
    "same_floor": "for 'same' you rounded down: 'same' gives ceil(i / s) (e.g. -(-i // s)).",
    "same_plus_one": "for 'same' you added 1 to ceil(i / s): the + 1 belongs to the window-counting formula "
                     "(it counts the first start). ceil(i / s) already counts every output, so 'same' gives "
                     "ceil(i / s), nothing added.",
}


def _takes_four_arguments(fn: Any) -> str | None:
    """Why ``fn`` cannot be called as ``out_len(i, k, s, p)``, or None if it can (or cannot be told)."""
    try:
        inspect.signature(fn).bind(1, 1, 1, "valid")
    except TypeError as exc:  # the signature itself refuses four positional arguments
        return str(exc)
    except ValueError:  # no signature to read (some built-ins): the calls will tell
        return None
    return None


def check_out_len(fn: Any) -> checks.CheckResult:
    """Exercise 3.2: a function ``out_len(i, k, s, p)`` for ``"valid"``, ``"same"`` and an int p (called
    on small sizes only, i <= 32, so a slow answer still finishes at once).

    >>> check_out_len(lambda i, k, s, p: -(-i // s) if p == "same"
    ...     else (i + 2 * (0 if p == "valid" else p) - k) // s + 1).correct
    True
    """
    cases = _out_len_cases()

    def every_case(f: Any) -> list:  # one deadline for all calls; an exception stands for its result
        results = []
        for args, _ in cases:
            try:
                results.append(f(*args))
            except Exception as exc:  # a learner's function may fail in any way: reported below
                results.append(exc)
            if results[-1] is Ellipsis:
                break
        return results

    def judge(f):
        if not callable(f):
            return f"expected a function out_len(i, k, s, p), got {type(f).__name__} {shown(f)}."
        signature = _takes_four_arguments(f)
        if signature is not None:  # judged from the signature, not from a TypeError's text (review r20)
            return f"out_len must take four arguments, def out_len(i, k, s, p); yours cannot: {signature}."
        failed, kinds, results, floats_right = [], {}, [], 0
        got_all = checks.call_with_deadline(every_case, f, what="your out_len", seconds=DEADLINE)
        for (args, want), got in zip(cases, got_all):
            if got is Ellipsis:
                raise checks.NotAttempted
            if isinstance(got, Exception):
                failed.append((args, f"out_len{args!r} raised {type(got).__name__}: {got}"))
                kinds["error"] = True
            elif isinstance(got, float):  # a length is an int, even with the right value
                failed.append((args, f"out_len{args!r} returned {got!r}, a float; expected the int {want}"))
                kinds["float"] = True
                floats_right += got == want
            else:  # anything else must be a whole number: Unusable explains why not
                value = checks.as_whole_number(got, f"out_len{args!r}", floats=False)
                results.append((args, want, value))
                if value != want:
                    failed.append((args, f"out_len{args!r} returned {got!r}, expected {want}"))
        if not failed:
            return None
        advice = [_OUT_LEN_ADVICE[k] for k in [*kinds, *_explain_out_len(results)] if k in _OUT_LEN_ADVICE]
        if "error" in kinds:
            advice.append("your function raised an error on some cases (see below): every case here is "
                          "possible, so it must return a number.")
        advice = advice or [f"{len(failed)} of {len(cases)} cases are wrong; compare one of them with the "
                            "sliding-window picture:"]
        examples = [line for args, line in sorted(failed, key=lambda case: case[0][0] < 5)[:3]]
        tally = f"({len(failed)} of {len(cases)} cases wrong)"
        if floats_right == len(failed):  # every value right, only its type is not
            tally = (f"(every value is right, {floats_right} of them as floats: return an int, e.g. with // "
                     "or int(), and the check passes)")
        return [*advice, *(f"e.g. {line}" for line in examples), tally]

    return checks.run_check("Exercise 3.2", fn, judge,
                            hint="Treat the three kinds of padding one at a time: which two can share "
                                 "the floor formula, and which one has its own rule?")


#: Exercise 3.3's chain, all "valid".
EXERCISE_CHAIN = (shapes.conv(8, 5, label="Conv2D(8, 5)"), shapes.pool(2, label="MaxPooling2D(2)"),
                  shapes.conv(16, 3, strides=2, label="Conv2D(16, 3, strides=2)"),
                  shapes.pool(2, label="second MaxPooling2D(2)"))


def _chain_failure(size: int) -> str | None:
    """None if a size x size image passes :data:`EXERCISE_CHAIN`, else where it fails."""
    try:
        shapes.trace((size, size, 1), EXERCISE_CHAIN)
    except ValueError as err:
        return str(err)
    return None


def check_smallest_input(answer: Any) -> checks.CheckResult:
    """Exercise 3.3: the smallest square image that survives :data:`EXERCISE_CHAIN`.

    >>> check_smallest_input(14).correct
    True
    """
    expected = next(n for n in range(1, 1000) if _chain_failure(n) is None)

    def judge(ans):
        a = checks.as_whole_number(ans, "your image side", floats=False)  # a size, as in keras.Input
        if a < 1:
            return f"an image side is at least 1 pixel; you gave {a}."
        if a == expected:
            return None
        if a > 10_000:
            return f"{a} pixels survive easily, but much smaller images do too: keep going down."
        failure = _chain_failure(a)
        if failure:
            return f"a {a}x{a} image does not survive: {failure}"
        return f"a {a}x{a} image survives, but so does a smaller one: keep going down."

    return checks.run_check("Exercise 3.3", answer, judge,
                            hint="Every layer needs its window to fit: find the smallest size the LAST "
                                 "layer accepts, then go back one layer at a time.")


def _judged(answer: Any, name: str, expected: tuple, known: dict, last_word: str) -> str | None:
    """What is wrong with ``answer`` (the learner's ``name``) against ``expected``: a known mistake's
    words, the generic shape mistake, or "you gave ...; ``last_word``"; None when it is right."""
    return checks.judge_against(expected, read=lambda a: checks.as_shape(a, f"your {name}"),
                                known=lambda got: known.get(got) or checks.shape_mistake(got, expected),
                                otherwise=lambda got: f"you gave {got!r}; {last_word}")(answer)


#: Exercise 3.4 (transfer): a 1-D signal, a dilated Conv1D, then MaxPooling1D with padding="same".
SIGNAL = {"length": 62, "filters": 8, "kernel": 3, "dilation": 5, "pool": 3}
#: ... and the model's output on a signal one sample shorter: its conv length is a multiple of the pool size,
#: so "floor(length / pool) + 1", which agrees with the 'same' rule on 62 samples by chance, is one too high.
SHORTER = 61


def check_dilated_signal(conv1d_shape: Any, signal_shape: Any = ..., signal_shape_61: Any = ...
                         ) -> checks.CheckResult:
    """Exercise 3.4: the shapes after ``Conv1D(8, 3, dilation_rate=5)`` and after ``MaxPooling1D(3,
    padding="same")`` on (62, 1) signals, then the output on (61, 1) signals, each judged once the ones
    before it are right (62 samples alone miss "floor + 1" pooling, 61 alone miss "valid").

    >>> check_dilated_signal((None, 52, 8), (None, 18, 8), (None, 17, 8)).correct
    True
    """
    n, f, k, d, p = (SIGNAL[key] for key in ("length", "filters", "kernel", "dilation", "pool"))
    layers = [shapes.conv(f, k, dilation=d), shapes.pool(p, padding="same")]
    rows, short = shapes.trace((n, 1), layers), shapes.trace((SHORTER, 1), layers)
    conv_expected, expected, short_expected = rows[1].shape, rows[2].shape, short[2].shape
    length, conv_short, k_eff = conv_expected[1], short[1].shape[1], shapes.effective_kernel_size(k, d)
    windows = conv_short // p  # exactly: conv_short is a multiple of p
    steps = [  # (name, expected, known mistakes, last word, what is right before it, what to do next)
        ("conv1d_shape", conv_expected, {
            (None, n - k + 1, f): "you ignored the dilation: the 3 taps are 5 apart, so the kernel spans "
                                  "k_eff = k + (k-1)(d-1) pixels, not 3.",
            (None, n - k * d + 1, f): "k * d overestimates the span: between 3 taps there are only 2 gaps, "
                                      "so k_eff = k + (k-1)(d-1).",
            (None, n - (k - 1) * d + 1, f): f"(k-1)*d = {(k - 1) * d} counts the gaps but not the first tap: "
                                            f"the span is (k-1)*d + 1 = k + (k-1)(d-1) = {k_eff}.",
            (None, n - k_eff, f): "you forgot the `+ 1`: the first window position counts too.",
            (None, n, f): "the Conv1D has the default padding 'valid': it shrinks the signal.",
            (None, length, 1): "one channel per filter: the Conv1D has 8 filters.",
        }, "use o = floor((i - k_eff) / s) + 1 with the span k_eff of the dilated kernel.",
            "conv1d_shape (the Conv1D's output): ", ""),
        ("signal_shape", expected, {
            (None, length // p, f): "that rounds down, as 'valid' pooling does; MaxPooling1D(padding='same') "
                                    "rounds UP: ceil(length / pool), and it never pools over padding zeros.",
            (None, length, f): "that is the Conv1D's output; the MaxPooling1D(3) after it divides the length "
                               "by its pool size (its stride defaults to the pool size).",
            (None, expected[1], 1): "one channel per filter: the Conv1D has 8 filters.",
            (None, -(-length // p), 1, f): "a 1-D layer keeps one length axis: (batch, length, channels).",
        }, f"from the conv's {length} values, pooling with padding='same' gives ceil(length / pool) values.",
            "your conv1d_shape is right; signal_shape (after the pooling): ",
            "Your conv1d_shape is right. Now replace the `...` of signal_shape with the shape after "
            "MaxPooling1D(3, padding='same'), and run the cell again."),
        (f"signal_shape_{SHORTER}", short_expected, {  # floor + 1 gives the 62-sample answer: one message
            expected: f"that is the output on {n} samples, and what floor(length / pool) + 1 gives here, "
                      f"which is not the 'same' rule: on {SHORTER} samples the conv gives {conv_short} "
                      f"values, exactly {windows} windows of {p}, and 'same' gives "
                      f"ceil({conv_short} / {p}) = {windows}. On {n} samples the two rules agree by chance.",
        }, f"on {SHORTER} samples the conv gives {SHORTER} - k_eff + 1 values, then ceil(length / pool).",
            f"conv1d_shape and signal_shape are right; signal_shape_{SHORTER}: ",
            "conv1d_shape and signal_shape are right. Now replace the `...` of "
            f"signal_shape_{SHORTER} with the model's output on {SHORTER} samples."),
    ]

    def judge(answers: tuple) -> str | None:
        for answer, (name, right, known, last_word, prefix, next_step) in zip(answers, steps):
            if checks.is_placeholder(answer):
                raise checks.NotAttempted(next_step)
            problem = _judged(answer, name, right, known, last_word)
            if problem:
                return prefix + problem
        return None

    return checks.run_check("Exercise 3.4", (conv1d_shape, signal_shape, signal_shape_61), judge,
                            hint="Two layers, two formulas: one needs the span of a dilated kernel, the "
                                 "other is the 'same' rule with the pool size as stride.")
