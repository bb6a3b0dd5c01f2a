"""Thin ipywidgets plumbing: sliders wired to plain, testable update functions.

Every interactive in the course is built the same way::

    def update(kernel, stride):           # plain function: testable without a browser
        return f"output length: {conv_output_length(28, kernel, stride)}"

    panel(update, kernel=slider("kernel", 3, 1, 7), stride=slider("stride", 1, 1, 4))

``update`` may return text (shown as HTML), a matplotlib Figure, or a
``(text, figure)`` pair. A ``ValueError`` from it (an impossible setting) is shown
as a friendly message in the panel instead of a traceback.

Only APIs common to ipywidgets 7 (Colab) and 8 are used.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

__all__ = ["slider", "dropdown", "panel", "render", "ERROR_CLASS", "OUTPUT_CLASS"]

#: CSS classes the browser test looks for.
PANEL_CLASS = "course-widget"
OUTPUT_CLASS = "course-output"
FIGURE_CLASS = "course-figure"
FIGURE_DPI = 90  # pixels per inch of the PNGs that panels show
ERROR_CLASS = "course-error"


def slider(description: str, value: int, min: int, max: int, step: int = 1) -> widgets.IntSlider:
    """An IntSlider that updates when released (keeps redraws cheap while dragging)."""
    if not isinstance(description, str):
        raise ValueError(f"description must be a string, got description={description!r}.")
    for name, number in (("value", value), ("min", min), ("max", max), ("step", step)):
        if isinstance(number, bool) or not isinstance(number, int):
            raise ValueError(f"{name} must be a whole number, got {name}={number!r}.")
    if step < 1:
        raise ValueError(f"step must be >= 1, got step={step}.")
    if not min <= value <= max:
        raise ValueError(
            f"value must lie between min and max, got value={value}, min={min}, max={max}."
        )
    return widgets.IntSlider(
        value=value, min=min, max=max, step=step, description=description,
        continuous_update=False, style={"description_width": "initial"},
    )


def dropdown(description: str, options: Any, value: Any = None) -> widgets.Dropdown:
    """A Dropdown with the course's styling; ``value`` defaults to the first option."""
    if isinstance(options, (str, bytes)) or not hasattr(options, "__iter__"):
        raise ValueError(f"options must be a list, got options={options!r}.")
    options = list(options)
    if not options:
        raise ValueError("options must not be empty.")
    first = options[0][1] if isinstance(options[0], tuple) else options[0]
    return widgets.Dropdown(
        options=options, value=first if value is None else value,
        description=description, style={"description_width": "initial"},
    )


def render(result: Any) -> tuple[str, Any]:
    """Split an update function's result into ``(html_text, figure_or_None)``."""
    text, figure = "", None
    if isinstance(result, tuple) and len(result) == 2:
        text, figure = result
    elif isinstance(result, str):
        text = result
    elif result is not None:
        figure = result
    body = f"<pre style='margin:0'>{html.escape(text)}</pre>" if text else ""
    return body, figure


def figure_png(figure: Any, dpi: int = FIGURE_DPI) -> bytes:
    """Render a matplotlib Figure to PNG bytes once and release it."""
    import io

    import matplotlib.pyplot as plt

    if not hasattr(figure, "savefig"):
        raise ValueError(f"figure must be a matplotlib Figure, got {type(figure).__name__}.")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    plt.close(figure)  # harmless for detached figures; frees pyplot ones
    return buffer.getvalue()


def panel(update: Callable[..., Any], **controls: widgets.ValueWidget) -> widgets.VBox:
    """Lay out ``controls`` above the output of ``update(**values)`` and keep it live.

    Returns the VBox; call it as the last line of a cell to show it. The panel's
    ``refresh()`` method re-runs ``update``, and ``update_function`` is ``update``
    itself (the tests use both).
    """
    if not controls:
        raise ValueError("panel needs at least one control, e.g. kernel=slider(...).")
    text_out = widgets.HTML()
    text_out.add_class(OUTPUT_CLASS)
    # The figure is drawn to PNG here and sent as an Image widget: one render at a fixed
    # size, instead of the notebook's "tight" rendering (two passes) inside an Output.
    fig_out = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
    fig_out.add_class(FIGURE_CLASS)

    def refresh(*_):
        values = {name: control.value for name, control in controls.items()}
        try:
            body, figure = render(update(**values))
        except ValueError as exc:  # an impossible setting: explain it, keep the panel alive
            body, figure = (
                f"<div class='{ERROR_CLASS}' style='color:#b3261e'>"
                f"⚠️ Not possible: {html.escape(str(exc))}</div>", None)
        text_out.value = body
        if figure is None:
            fig_out.layout.display = "none"
        else:
            # Show the PNG at its own pixel size (a stretched image looks blurry).
            fig_out.width = str(int(figure.get_size_inches()[0] * FIGURE_DPI))
            fig_out.value = figure_png(figure)
            fig_out.layout.display = None

    for control in controls.values():
        control.observe(refresh, names="value")
    box = widgets.VBox([widgets.VBox(list(controls.values())), text_out, fig_out])
    box.add_class(PANEL_CLASS)
    box.refresh = refresh
    box.update_function = update
    box.controls = controls
    box.text_output = text_out
    box.figure_output = fig_out
    refresh()
    return box


# ---------------------------------------------------------------------------
# Lesson-specific update functions (plain, tested) and widget builders.
# Keep each lesson's code in its own section below.
# ---------------------------------------------------------------------------

# --- lesson 00 ---------------------------------------------------------------

def greeting(times: int) -> str:
    """Update function of lesson 00's widget check: proves sliders reach the kernel."""
    if isinstance(times, bool) or not isinstance(times, int) or times < 1:
        raise ValueError(f"times must be a whole number >= 1, got times={times!r}.")
    return f"Widgets work: the kernel saw the slider at {times}. " + "👋" * times


def greeting_widget() -> widgets.VBox:
    """Lesson 00: one slider whose text changes when it moves."""
    return panel(greeting, times=slider("times", 1, 1, 5))

# --- lesson 01 ---------------------------------------------------------------

def _whole_positive(**values: int) -> None:
    """Raise a ValueError naming the first argument that is not a whole number >= 1."""
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {name}={value!r}.")


def batch_shape_report(batch: int, height: int, width: int, channels: int) -> str:
    """Lesson 01: a batch's shape as the data has it, as Keras reports it, and its size.

    >>> print(batch_shape_report(32, 8, 8, 1).splitlines()[1])
    shape of the batch (NumPy):      (32, 8, 8, 1)
    """
    _whole_positive(batch=batch, height=height, width=width, channels=channels)
    per_image = height * width * channels
    one = (height, width, channels)
    return "\n".join([
        f"a batch of {batch} image(s), each {height}x{width} pixels with {channels} channel(s)",
        f"shape of the batch (NumPy):      {(batch, *one)}",
        f"keras.Input(shape={one}) -> {(None, *one)}   None = any batch size",
        f"numbers in one image:            {height}*{width}*{channels} = {per_image:,}",
        f"numbers in the whole batch:      {batch}*{per_image:,} = {batch * per_image:,}",
    ])


def batch_shape_widget() -> widgets.VBox:
    """Lesson 01: sliders for batch size, height, width and channels."""
    return panel(
        batch_shape_report,
        batch=slider("batch size", 32, 1, 64),
        height=slider("height", 8, 1, 64),
        width=slider("width", 8, 1, 64),
        channels=slider("channels", 1, 1, 4),
    )


# --- lesson 02 ---------------------------------------------------------------

def flat_index_view(
    row: int, col: int, channel: int, height: int = 3, width: int = 4, channels: int = 2
) -> tuple:
    """Lesson 02: where element ``[row, col, channel]`` lands after Flatten, as text and a figure.

    >>> text, fig = flat_index_view(1, 2, 1)
    >>> text.splitlines()[0]
    'element [row=1, col=2, channel=1] of a (3, 4, 2) feature map'
    """
    from utils import plots
    from utils.shapes import flat_index

    index = flat_index(row, col, channel, height, width, channels)
    text = "\n".join([
        f"element [row={row}, col={col}, channel={channel}] of a ({height}, {width}, {channels}) feature map",
        f"flat position = (row*width + col)*channels + channel"
        f" = ({row}*{width} + {col})*{channels} + {channel} = {index}",
        f"(the flat vector has {height * width * channels} positions: 0 to {height * width * channels - 1})",
    ])
    return text, plots.flatten_order_map(height, width, channels, highlight=(row, col, channel))


def unflat_index_view(index: int, height: int = 3, width: int = 4, channels: int = 2) -> tuple:
    """Lesson 02: which ``[row, col, channel]`` sits at flat position ``index`` (the inverse).

    >>> text, fig = unflat_index_view(13)
    >>> text.splitlines()[-1]
    'flat position 13 holds element [row=1, col=2, channel=1]'
    """
    from utils import plots
    from utils.shapes import unflat_index

    row, col, channel = unflat_index(index, height, width, channels)
    pixel = index // channels
    text = "\n".join([
        f"flat position {index} of a ({height}, {width}, {channels}) feature map",
        f"channel = {index} % {channels} = {channel};  pixel = {index} // {channels} = {pixel}",
        f"row = {pixel} // {width} = {row};  col = {pixel} % {width} = {col}",
        f"flat position {index} holds element [row={row}, col={col}, channel={channel}]",
    ])
    return text, plots.flatten_order_map(height, width, channels, highlight=(row, col, channel))


def flat_index_widget() -> widgets.VBox:
    """Lesson 02: sliders pick an element; the text and map show its flat position."""
    return panel(
        flat_index_view,
        row=slider("row", 1, 0, 3), col=slider("col", 2, 0, 3), channel=slider("channel", 1, 0, 2),
        height=slider("height", 3, 1, 4), width=slider("width", 4, 1, 4),
        channels=slider("channels", 2, 1, 3),
    )


def unflat_index_widget() -> widgets.VBox:
    """Lesson 02: a slider picks a flat position; the text and map show which element it is."""
    return panel(
        unflat_index_view,
        index=slider("flat position", 13, 0, 47),
        height=slider("height", 3, 1, 4), width=slider("width", 4, 1, 4),
        channels=slider("channels", 2, 1, 3),
    )


# --- lesson 03 ---------------------------------------------------------------

#: Padding choices of the lesson-03 explorer: Keras' two strings, or p zeros on each side.
L03_PADDINGS = [("valid", "valid"), ("same", "same"), ("p = 1", 1), ("p = 2", 2), ("p = 3", 3)]


def conv_formula(size: int, kernel: int, stride: int = 1, padding: Any = "valid",
                 dilation: int = 1, pool: int = 1) -> str:
    """The output-length formula with the numbers filled in, for one conv (+ optional pool).

    ``padding`` is ``"valid"``, ``"same"`` or an int ``p`` (zeros on each side);
    ``pool > 1`` adds ``MaxPooling2D(pool)`` (stride = pool, ``"valid"``) after the conv.
    An impossible setting raises ValueError with a message for the learner.

    >>> print(conv_formula(8, 3, stride=2).splitlines()[0])
    output length: 8 -> 3
    """
    from utils.plots import window_layout
    from utils.shapes import pool_output_length

    lay = window_layout(size, kernel, stride, padding, dilation)  # validates everything
    out, k_eff = lay["out"], lay["k_eff"]
    lines = [f"k_eff = k + (k-1)(d-1) = {kernel} + {kernel - 1}*{dilation - 1} = {k_eff}"]
    if padding == "same":
        lines.append(f"'same': o = ceil(i / s) = ceil({size} / {stride}) = {out}   "
                     f"(Keras adds {lay['pad_left']} zero(s) left, {lay['pad_right']} right)")
    else:
        p = 0 if padding == "valid" else int(padding)
        top = size + 2 * p - k_eff
        lines.append(f"o = floor((i + 2p - k_eff) / s) + 1 = floor(({size} + {2 * p} - {k_eff}) / "
                     f"{stride}) + 1 = floor({top} / {stride}) + 1 = {out}")
    dropped = ", ".join(f"x{c}" for c in lay["dropped"]) or "none"
    skipped = ", ".join(f"x{c}" for c in lay["skipped"]) or "none"
    lines.append(f"dropped by the floor: {dropped}; skipped between windows: {skipped}")
    if stride > 1 and dilation > 1:
        lines.append("note: Keras refuses strides > 1 together with dilation_rate > 1 in one layer.")
    chain = f"{size} -> {out}"
    if pool > 1:
        try:
            pooled = pool_output_length(out, pool)
        except ValueError as err:
            raise ValueError(f"the conv leaves {out} value(s) for MaxPooling2D({pool}): {err}") from None
        lines.append(f"MaxPooling2D({pool}): o = floor(({out} - {pool}) / {pool}) + 1 = {pooled}")
        chain += f" -> {pooled}"
    elif pool != 1:
        raise ValueError(f"pool must be >= 1 (1 = no pooling), got pool={pool}.")
    header = f"output length: {chain}"
    return "\n".join([header, f"i={size}, k={kernel}, s={stride}, padding={padding!r}, "
                              f"d={dilation}, pool={pool}"] + lines)


def conv_explorer(size: int, kernel: int, stride: int = 1, padding: Any = "valid",
                  dilation: int = 1, pool: int = 1) -> tuple:
    """Update function of lesson 03's explorer: ``(formula text, sliding-window Figure)``."""
    from utils.plots import sliding_windows

    text = conv_formula(size, kernel, stride, padding, dilation, pool)
    return text, sliding_windows(size, kernel, stride, padding, dilation, pool)


def conv_explorer_widget() -> widgets.VBox:
    """Lesson 03: sliders for input size, kernel, stride, padding, dilation and pool."""
    return panel(
        conv_explorer,
        size=slider("input size i", 8, 1, 16),
        kernel=slider("kernel k", 3, 1, 7),
        stride=slider("stride s", 1, 1, 4),
        padding=dropdown("padding", L03_PADDINGS),
        dilation=slider("dilation d", 1, 1, 3),
        pool=slider("pool (1 = none)", 1, 1, 4),
    )


#: The lesson-03 chain: (Keras layer, kind, window, filters); all "valid", default strides.
L03_CHAIN = (("Conv2D(16, 3)", "conv", 3, 16), ("MaxPooling2D(2)", "pool", 2, None),
             ("Conv2D(32, 3)", "conv", 3, 32), ("MaxPooling2D(2)", "pool", 2, None))


def conv_chain_shapes(size: int) -> list:
    """Output shapes ``(None, h, w, c)`` of each layer of :data:`L03_CHAIN`, then Flatten's.

    >>> conv_chain_shapes(28)[-1]
    (None, 800)
    """
    from utils.shapes import conv_output_length, flatten_output_shape, pool_output_length

    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"size must be a whole number >= 1, got size={size!r}.")
    n, channels, result = size, 1, []
    for layer, (name, kind, window, filters) in enumerate(L03_CHAIN, start=1):
        try:
            n = conv_output_length(n, window) if kind == "conv" else pool_output_length(n, window)
        except ValueError as err:
            raise ValueError(f"a {size}x{size} image is too small: layer {layer}, {name}, gets a "
                             f"{n}x{n} map, and {err}") from None
        channels = filters or channels
        result.append((None, n, n, channels))
    result.append(flatten_output_shape(result[-1]))
    return result


def conv_chain_text(size: int) -> str:
    """Update function of the chain slider: the formula for each layer, Flatten and Dense(10)."""
    from utils.shapes import dense_params

    shapes_ = conv_chain_shapes(size)
    lines = [f"{'input':<17}{'':<30}(None, {size}, {size}, 1)"]
    n = size
    for (name, kind, window, _), shape in zip(L03_CHAIN, shapes_):
        stride = 1 if kind == "conv" else window
        lines.append(f"{name:<17}{f'floor(({n} - {window}) / {stride}) + 1 = {shape[1]}':<30}{shape}")
        n = shape[1]
    flat = shapes_[-1][1]
    lines.append(f"{'Flatten':<17}{f'{n} * {n} * {shapes_[-2][3]} = {flat}':<30}{shapes_[-1]}")
    lines.append(f"{'Dense(10)':<17}{flat} * 10 + 10 = {dense_params(flat, 10):,} parameters")
    return "\n".join(lines)


def conv_chain_widget() -> widgets.VBox:
    """Lesson 03: one slider for the input size of the Conv-Pool-Conv-Pool chain."""
    return panel(conv_chain_text, size=slider("input size", 28, 1, 64))

# --- lesson 04 ---------------------------------------------------------------

def flatten_head_sizes(side: int, filters: int = 32, units: int = 10) -> dict:
    """Shapes and parameters of lesson 04's CNN on a ``side x side x 1`` image, by pure shape math.

    The model is ``Conv2D(filters, 3, padding="same") -> MaxPooling2D(2) -> Flatten ->
    Dense(units)``. Returns a dict with ``conv_shape``, ``pool_shape``, ``flatten_length``,
    ``conv_params`` and ``dense_params`` (shapes without the batch axis).

    >>> flatten_head_sizes(8)["dense_params"]
    5130
    """
    from utils.shapes import (
        conv2d_params,
        conv_output_length,
        dense_params,
        flatten_output_shape,
        pool_output_length,
    )

    for name, value, low in (("side", side, 2), ("filters", filters, 1), ("units", units, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{name} must be a whole number >= {low}, got {name}={value!r}.")
    conv = conv_output_length(side, 3, padding="same")
    pooled = pool_output_length(conv, 2)
    flat = flatten_output_shape((None, pooled, pooled, filters))[1]
    return {
        "conv_shape": (conv, conv, filters),
        "pool_shape": (pooled, pooled, filters),
        "flatten_length": flat,
        "conv_params": conv2d_params(3, 1, filters),
        "dense_params": dense_params(flat, units),
    }


def flatten_growth(side: int, filters: int = 32) -> str:
    """Update function of lesson 04's image-size slider: Flatten length and Dense parameters.

    >>> print(flatten_growth(16).splitlines()[2])
    Flatten length:   8*8*32 = 2,048
    """
    s = flatten_head_sizes(side, filters)
    base = flatten_head_sizes(8, filters)
    h, _, c = s["pool_shape"]
    total = s["conv_params"] + s["dense_params"]
    growth = s["flatten_length"] / base["flatten_length"]
    return "\n".join([
        f"input {side}x{side}x1 -> Conv2D({filters}, 3, padding='same') -> {side}x{side}x{filters}",
        f"  -> MaxPooling2D(2) -> {h}x{h}x{c} -> Flatten -> Dense(10)",
        f"Flatten length:   {h}*{h}*{c} = {s['flatten_length']:,}",
        f"Dense parameters: {s['flatten_length']:,}*10 + 10 = {s['dense_params']:,}"
        f"  ({100 * s['dense_params'] / total:.2f}% of the model)",
        f"Conv2D parameters: {s['conv_params']:,}  (the same for every image size)",
        f"vs the 8x8 digits: side x{side / 8:g} -> Flatten length and Dense weights x{growth:g}"
        f"  ((side/8)^2 = {(side / 8) ** 2:g})",
    ])


def flatten_growth_widget() -> widgets.VBox:
    """Lesson 04: sliders for the image side and the number of filters."""
    return panel(
        flatten_growth,
        side=slider("image side (pixels)", 8, 8, 224, step=8),
        filters=slider("Conv2D filters", 32, 8, 64, step=8),
    )


# --- lesson 05 ---------------------------------------------------------------

def _one_feature_map(fmap: Any):
    """``fmap`` as a float array ``(H, W, C)``; a batch of one ``(1, H, W, C)`` is unwrapped."""
    import numpy as np

    fmap = np.asarray(fmap, dtype="float64")
    if fmap.ndim == 4 and fmap.shape[0] == 1:
        fmap = fmap[0]
    if fmap.ndim != 3 or min(fmap.shape) < 1:
        raise ValueError(f"fmap must have shape (H, W, C) or (1, H, W, C), got shape {fmap.shape}.")
    return fmap


def channel_stats(fmap: Any, channel: int) -> tuple:
    """Update function of lesson 05's channel picker: one channel's mean and max, and its map.

    The mean is what ``GlobalAveragePooling2D`` outputs for that channel, the max is
    what ``GlobalMaxPooling2D`` outputs. Returns ``(text, Figure)``.

    >>> import numpy as np
    >>> print(channel_stats(np.arange(8.0).reshape(2, 2, 2), 1)[0].splitlines()[1])
    mean over the 2x2 positions = 4.0000   -> GlobalAveragePooling2D output[1]
    """
    from utils.plots import channel_map

    fmap = _one_feature_map(fmap)
    h, w, c = fmap.shape
    if isinstance(channel, bool) or not isinstance(channel, int) or not 0 <= channel < c:
        raise ValueError(f"channel must be a whole number from 0 to {c - 1}, got channel={channel!r}.")
    values = fmap[..., channel]
    row, col = divmod(int(values.argmax()), w)
    zeros = float((values == 0).mean())
    text = "\n".join([
        f"channel {channel} of {c}: a {h}x{w} map",
        f"mean over the {h}x{w} positions = {values.mean():.4f}   "
        f"-> GlobalAveragePooling2D output[{channel}]",
        f"max  over the {h}x{w} positions = {values.max():.4f}   "
        f"-> GlobalMaxPooling2D output[{channel}]  (at row {row}, col {col})",
        f"{100 * zeros:.0f}% of this map is exactly 0 (ReLU); both poolings forget WHERE values were.",
    ])
    return text, channel_map(fmap, channel)


def channel_stats_widget(fmap: Any) -> widgets.VBox:
    """Lesson 05: a slider over the channels of one feature map ``(H, W, C)``."""
    channels = _one_feature_map(fmap).shape[-1]
    return panel(lambda channel: channel_stats(fmap, channel),
                 channel=slider("channel", 0, 0, channels - 1))


def head_sizes(side: int, filters: int = 32, classes: int = 10) -> dict:
    """Parameters of a Flatten head vs a GAP head on ``utils.models.build_cnn``'s body, by shape math.

    The body is ``build_cnn(input_shape=(side, side, 1), filters=(16, filters))``: two
    ``Conv2D(f, 3, padding="same")`` each followed by ``MaxPooling2D(2)``. Returns a dict
    with ``feature_shape``, ``body_params``, ``flatten_length``, ``flatten_head_params``,
    ``gap_length`` and ``gap_head_params``.

    >>> head_sizes(8)["flatten_head_params"], head_sizes(8)["gap_head_params"]
    (1290, 330)
    """
    from utils.shapes import conv2d_params, dense_params, flatten_output_shape, pool_output_length

    for name, value, low in (("side", side, 4), ("filters", filters, 1), ("classes", classes, 2)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{name} must be a whole number >= {low}, got {name}={value!r}.")
    fmap = pool_output_length(pool_output_length(side, 2), 2)  # "same" convs keep the size
    flat = flatten_output_shape((None, fmap, fmap, filters))[1]
    return {
        "feature_shape": (fmap, fmap, filters),
        "body_params": conv2d_params(3, 1, 16) + conv2d_params(3, 16, filters),
        "flatten_length": flat,
        "flatten_head_params": dense_params(flat, classes),
        "gap_length": filters,
        "gap_head_params": dense_params(filters, classes),
    }


def head_comparison(side: int, filters: int = 32) -> str:
    """Update function of lesson 05's head slider: Flatten head vs GAP head parameters.

    >>> print(head_comparison(16).splitlines()[1])
    Flatten head: 4*4*32 = 512 values -> Dense(10):   5,130 parameters
    """
    s = head_sizes(side, filters)
    h, _, c = s["feature_shape"]
    flat, gap = s["flatten_head_params"], s["gap_head_params"]
    return "\n".join([
        f"input {side}x{side}x1 -> [Conv2D(16) + MaxPooling2D(2)] -> [Conv2D({filters}) + "
        f"MaxPooling2D(2)] -> feature map {h}x{h}x{c}",
        f"Flatten head: {h}*{h}*{c} = {s['flatten_length']:,} values -> Dense(10): {flat:>7,} parameters",
        f"GAP head:     {c} values (one mean per channel) -> Dense(10): {gap:>7,} parameters",
        f"Flatten head / GAP head = {flat / gap:,.1f}x   "
        f"(conv body, the same in both: {s['body_params']:,} parameters)",
    ])


def head_comparison_widget() -> widgets.VBox:
    """Lesson 05: sliders for the image side and the last Conv2D's filters."""
    return panel(
        head_comparison,
        side=slider("image side (pixels)", 8, 8, 224, step=8),
        filters=slider("last Conv2D filters", 32, 8, 128, step=8),
    )


# --- lesson 06 ---------------------------------------------------------------

def flatten_head_cost(side: int, channels: int = 512, units: int = 4096) -> str:
    """Lesson 06: parameters and float32 megabytes of ``Dense(units)`` after Flatten vs GAP.

    The feature map is ``side x side x channels``. Pure shape math (``utils.shapes``),
    so it is instant; the notebook cross-checks it with Keras.

    >>> print(flatten_head_cost(7).splitlines()[1])
    Flatten -> Dense(4096): 25,088 x 4096 + 4096 = 102,764,544 parameters = 411.1 MB
    """
    from utils.shapes import dense_params

    for name, value in (("side", side), ("channels", channels), ("units", units)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {name}={value!r}.")
    flat = side * side * channels
    flat_params, gap_params = dense_params(flat, units), dense_params(channels, units)
    flat_mb, gap_mb = flat_params * 4 / 1e6, gap_params * 4 / 1e6
    verdict = ("is over 1 GB (Binder's whole budget) for its weights alone" if flat_mb > 1000
               else "stays under 1 GB for its weights (training with Adam needs about 3x more)")
    return "\n".join([
        f"feature map {side} x {side} x {channels} = {flat:,} values per sample",
        f"Flatten -> Dense({units}): {flat:,} x {units} + {units} = {flat_params:,} parameters"
        f" = {flat_mb:,.1f} MB",
        f"GAP     -> Dense({units}): {channels:,} x {units} + {units} = {gap_params:,} parameters"
        f" = {gap_mb:,.1f} MB",
        f"Flatten head / GAP head = {flat_params / gap_params:,.1f}x; the Flatten head {verdict}.",
    ])


def flatten_head_cost_widget() -> widgets.VBox:
    """Lesson 06: sliders for the feature map's side and channels and the Dense units."""
    return panel(
        flatten_head_cost,
        side=slider("feature map side", 7, 1, 224),
        channels=slider("channels", 512, 8, 512, step=8),
        units=slider("Dense units", 4096, 16, 4096, step=16),
    )


# --- lesson 07 ---------------------------------------------------------------

CAPSTONE_HEADS = ("flatten", "gap", "gmp")
_CAPSTONE_HEAD_LAYER = {"flatten": "Flatten", "gap": "GlobalAveragePooling2D",
                        "gmp": "GlobalMaxPooling2D"}


def capstone_rows(blocks: int, filters: int, head: str, hidden: int) -> list:
    """Layer-by-layer ``(layer, output shape, params)`` of a capstone spec, by pure shape math.

    The spec is ``utils.models.build_cnn(filters=(filters,) * blocks, head=head,
    dense_units=hidden)`` on the 8x8x1 digits: ``blocks`` times
    ``Conv2D(filters, 3, padding="same", activation="relu") -> MaxPooling2D(2)``, then the
    head (Flatten, GlobalAveragePooling2D or GlobalMaxPooling2D), an optional
    ``Dense(hidden, activation="relu")`` (``hidden=0``: none) and ``Dense(10)``.
    Shapes have the batch axis first (``None``).

    >>> capstone_rows(1, 8, "flatten", 0)[-1]
    ('Dense(10)', (None, 10), 1290)
    """
    from utils.shapes import conv2d_params, dense_params, flatten_output_shape, pool_output_length

    for name, value, low in (("blocks", blocks, 0), ("filters", filters, 1), ("hidden", hidden, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{name} must be a whole number >= {low}, got {name}={value!r}.")
    if head not in CAPSTONE_HEADS:
        raise ValueError(f"head must be one of {CAPSTONE_HEADS}, got head={head!r}.")
    side, channels = 8, 1
    rows = [("Input", (None, side, side, channels), 0)]
    for block in range(1, blocks + 1):
        if side < 2:
            raise ValueError(
                f"blocks={blocks} is too many: after {block - 1} blocks the map is {side}x{side}, "
                "and MaxPooling2D(2) needs at least 2x2. Use at most 3 blocks on 8x8 digits.")
        rows.append((f"Conv2D({filters}, 3)", (None, side, side, filters),
                     conv2d_params(3, channels, filters)))  # "same" padding keeps the size
        side, channels = pool_output_length(side, 2), filters
        rows.append(("MaxPooling2D(2)", (None, side, side, channels), 0))
    if head == "flatten":
        width = flatten_output_shape((None, side, side, channels))[1]
    else:
        width = channels  # one number per channel: the mean (gap) or the max (gmp)
    rows.append((_CAPSTONE_HEAD_LAYER[head], (None, width), 0))
    if hidden:
        rows.append((f"Dense({hidden})", (None, hidden), dense_params(width, hidden)))
        width = hidden
    rows.append(("Dense(10)", (None, 10), dense_params(width, 10)))
    return rows


def capstone_params(blocks: int, filters: int, head: str, hidden: int) -> int:
    """Total parameters of a capstone spec (see :func:`capstone_rows`).

    >>> capstone_params(2, 16, "flatten", 64)
    7290
    """
    return sum(params for _, _, params in capstone_rows(blocks, filters, head, hidden))


def capstone_trace(blocks: int, filters: int, head: str, hidden: int, budget: int | None = None) -> str:
    """Update function of lesson 07's design panel: the trace of a spec and its budget verdict.

    Returns a text table (layer, output shape, parameters, share of the budget), the
    total, a bar of how much of the budget is used and whether it fits.
    ``budget`` defaults to the capstone's ``utils.checks.CAPSTONE_BUDGET``.

    >>> print(capstone_trace(1, 8, "flatten", 0).splitlines()[-1])
    ✅ fits the budget: 3,630 parameters to spare.
    """
    if budget is None:
        from utils import checks

        budget = checks.CAPSTONE_BUDGET
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < 1:
        raise ValueError(f"budget must be a whole number >= 1, got budget={budget!r}.")
    rows = capstone_rows(blocks, filters, head, hidden)
    total = sum(params for _, _, params in rows)
    lines = [f"{'layer':<24}{'output shape':<18}{'params':>8}  of budget", "-" * 61]
    for name, shape, params in rows:
        text_shape = "(" + ", ".join("None" if s is None else str(s) for s in shape) + ")"
        lines.append(f"{name:<24}{text_shape:<18}{params:>8,}  {100 * params / budget:>7.1f}%")
    used = min(total / budget, 1.0)
    bar = "█" * round(20 * used) + "░" * (20 - round(20 * used))
    lines += ["-" * 61, f"{'total':<42}{total:>8,}  {100 * total / budget:>7.1f}%",
              f"budget {budget:,}: [{bar}]"]
    if total <= budget:
        lines.append(f"✅ fits the budget: {budget - total:,} parameters to spare.")
    else:
        top_name, _, top = max(rows, key=lambda row: row[2])
        lines.append(f"❌ over the budget by {total - budget:,} parameters; the biggest layer is "
                     f"{top_name} with {top:,}.")
    return "\n".join(lines)


def capstone_widget() -> widgets.VBox:
    """Lesson 07: design a spec (blocks, filters, head, hidden units) and see its trace live."""
    return panel(
        capstone_trace,
        blocks=slider("conv blocks", 2, 0, 4),
        filters=slider("filters per block", 16, 4, 32, step=4),
        head=dropdown("head", CAPSTONE_HEADS),
        hidden=slider("hidden Dense units (0 = none)", 64, 0, 128, step=8),
    )
