"""Lesson 01 · Tensors, shapes and the batch axis: the reading-order figure, the batch table
and the exercise checks. No widget: one static table, :func:`batch_shape_table`, shows all that a
batch-size slider did (only the batch entry and the total change).

>>> print(batch_shape_table([(32, 8, 8, 1)]).splitlines()[2])
(32, 8, 8, 1)      (8, 8, 1)     (None, 8, 8, 1)              64       2,048
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import numpy as np
from pydantic import Field

from utils import checks, plots, shapes
from utils._validate import Array, Real, Test, array, shown, validated, whole_number

__all__ = ["PANELS", "draw_reshape_grid", "reshape_grids", "batch_shape_table", "check_batch_shape",
           "check_rgb_input", "check_reading_order", "check_summary_params", "READING_ORDER_PERM",
           "SUMMARY_INPUT", "SUMMARY_LAYERS"]

PANELS: list = []  # no widget: a static table shows everything a slider did

MAX_CELLS = 120  # integers one grid picture can show readably
_CELLS = f"with 1-{MAX_CELLS} integers from -1e9 to 1e9"
Grid = Array(f"an integer array of rank 2 {_CELLS}", (2,), MAX_CELLS, kind="whole")
Title = Test(lambda title: isinstance(title, str) and len(title) <= 200, "a text of at most 200 characters")


@validated
def draw_reshape_grid(ax: plots.Axes, grid: Grid, title: Title = "",
                      vmax: Real(1e-9, 1e9) | None = None) -> list:
    """Draw one 2-D integer grid (at most 120 cells) as numbered cells with a monospace title (9 pt)
    on ``ax``; ``vmax`` (default: the grid's largest value) sets the darkest shade. Returns the artists.
    """
    artists = plots.draw_number_grid(ax, grid, vmax=float(vmax or grid.max() or 1.0), fontsize=9)
    if title:
        artists.append(ax.set_title(title, fontsize=9, fontfamily="monospace"))
    return artists


@validated
def reshape_grids(arrays: Annotated[dict, Field(min_length=1, max_length=6)], title: Title = "") -> Any:
    """Draw integer arrays of rank 1-3 (1-120 integers each, at most 6 arrays) as grids of numbered
    cells, one row of panels per array; a 3-D array shows as one grid per index of its first axis.
    Every cell shows its value, so the READING order (last axis fastest) needs no colour.

    >>> a = np.arange(24).reshape(2, 3, 4)
    >>> fig = reshape_grids({"a": a, "a.reshape(4, 6)": a.reshape(4, 6)})
    """
    given = {name: array(f"arrays[{name!r}]", value, f"an integer array of rank 1 or 2 or 3 {_CELLS}",
                         (1, 2, 3), MAX_CELLS, kind="whole") for name, value in arrays.items()}
    blocks = {name: a.reshape(1, 1, -1) if a.ndim == 1 else a[None] if a.ndim == 2 else a
              for name, a in given.items()}
    vmax = max(float(a.max()) for a in blocks.values()) or 1.0
    heights = [a.shape[1] + 1.0 for a in blocks.values()]
    widest = max(a.shape[0] * (a.shape[2] + 0.8) for a in blocks.values())
    fig = plots.new_figure(min(11.0, 0.45 * widest + 0.8), 0.45 * sum(heights) + (0.5 if title else 0.2))
    subfigs = np.atleast_1d(fig.subfigures(len(blocks), 1, height_ratios=heights))
    for sub, (name, stack) in zip(subfigs, blocks.items()):
        for i, (ax, block) in enumerate(zip(sub.subplots(1, len(stack), squeeze=False).ravel(), stack)):
            label = f"{name}[{i}]" if len(stack) > 1 else name
            shape = given[name].shape if given[name].ndim == 1 else block.shape
            draw_reshape_grid(ax, block, f"{label}  shape {shape}", vmax)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


#: The lesson's table: a batch of 1 digit, of 32 digits, and of 32 RGB images of 32x32 pixels.
BATCHES = ((1, 8, 8, 1), (32, 8, 8, 1), (32, 32, 32, 3))


@validated
def batch_shape_table(batches: Annotated[list, Field(min_length=1, max_length=12)] = BATCHES) -> str:
    """A text table: for each batch shape ``(n, h, w, c)`` (at most 12; n from 1 to 1,000,000, the
    others from 1 to 4,096), the shape of one sample, what ``keras.Input(shape=...)`` reports, and
    the numbers per sample and per batch.
    """
    head = (f"{'batch (NumPy)':<19}{'one sample':<14}{'keras.Input(...)':<19}"
            f"{'per sample':>12}{'per batch':>12}")
    lines = [head, "-" * len(head)]
    for i, shape in enumerate(batches):
        if isinstance(shape, (str, bytes)) or len(np.shape(shape)) != 1 or len(shape) != 4:
            raise ValueError(f"batches[{i}] must be (n, height, width, channels), got {shown(shape)}.")
        n, h, w, c = (whole_number(name, v, 1, top) for name, v, top in
                      zip(("n", "height", "width", "channels"), shape, (10**6, 4096, 4096, 4096)))
        fmt = shapes.format_shape
        lines.append(f"{fmt((n, h, w, c)):<19}{fmt((h, w, c)):<14}{fmt((None, h, w, c)):<19}"
                     f"{h * w * c:>12,}{n * h * w * c:>12,}")
    return "\n".join(lines)


# --- exercise checks ---------------------------------------------------------------------------

def _is_symbolic(value: Any) -> bool:
    """A KerasTensor (what keras.Input returns), not data; never imports Keras (no KerasTensor without it)."""
    keras = sys.modules.get("keras")
    return keras is not None and isinstance(value, keras.KerasTensor)


def _read_shape(answer: Any) -> tuple:
    """``checks.as_shape``, also for a small 1-D integer tensor of any backend (what ``tf.shape(x)``
    returns), read through Keras so that no backend's tensor type reaches the learner's message."""
    keras = sys.modules.get("keras")
    if (keras is not None and not isinstance(answer, (tuple, list, np.ndarray)) and not _is_symbolic(answer)
            and getattr(answer, "ndim", None) == 1 and hasattr(answer, "dtype") and len(answer) <= 8):
        try:
            values = keras.ops.convert_to_numpy(answer)
        except Exception:  # not a tensor Keras can read: as_shape explains it
            values = None
        if values is not None and np.issubdtype(values.dtype, np.integer):
            answer = values
    return checks.as_shape(answer)


def check_batch_shape(answer: Any) -> checks.CheckResult:
    """Exercise 1.1: the shape of a batch of the first 32 training digits.

    >>> check_batch_shape((32, 8, 8, 1)).correct
    True
    """
    from utils.data import load_digits

    expected = tuple(int(s) for s in load_digits().x_train[:32].shape)
    n, h, w, c = expected
    known = {
        (h, w, c): "that is the shape of ONE digit: a batch puts the number of images first.",
        (None, h, w, c): "None is how Keras writes 'any batch size' before it sees data; this batch is "
                         f"real data and holds {n} images.",
        (n, h, w): f"the channel axis is missing: the course's digits keep a last axis of size {c}.",
        (n, c, h, w): "that is channels-first order; Keras (and this data) put channels last.",
        (n, h * w * c): "that is a flattened batch (lesson 02); the batch keeps its image axes.",
    }

    def otherwise(got: tuple) -> str:
        if len(got) == 4 and got[1:] == expected[1:]:
            return f"the image axes are right, but the batch holds {n} images, not {got[0]}."
        return f"you gave {got}; a batch is (number of images, height, width, channels)."

    judge = checks.judge_against(expected, read=_read_shape, known=known, otherwise=otherwise)
    return checks.run_check("Exercise 1.1", answer, judge,
                            hint="A batch is the first 32 images of x_train: what does slicing do to the "
                                 "first axis?")


def check_rgb_input(answer: Any) -> checks.CheckResult:
    """Exercise 1.2: a ``keras.Input`` for RGB images of 32x32 pixels and any batch size.

    >>> import keras
    >>> check_rgb_input(keras.Input(shape=(32, 32, 3))).correct
    True
    """
    expected = (None, 32, 32, 3)

    def judge(ans: Any) -> str | None:
        if isinstance(ans, (tuple, list)):
            return ("that is a shape; pass the tensor that keras.Input(shape=...) returns, "
                    "e.g. rgb_inputs = keras.Input(shape=...).")
        if hasattr(ans, "inputs") and hasattr(ans, "layers"):
            return "that is a model; pass only its input, the result of keras.Input(shape=...)."
        if getattr(ans, "shape", None) is None or not hasattr(ans, "dtype"):
            return f"expected the result of keras.Input(...), got {type(ans).__name__}."
        if not _is_symbolic(ans):
            kind = "a NumPy array" if isinstance(ans, np.ndarray) else "an eager tensor"
            return (f"that is data ({kind} of shape {tuple(ans.shape)} holding numbers), not keras.Input: "
                    "keras.Input(shape=...) makes a placeholder for ANY batch of such images, with the shape "
                    "of one image.")
        got = checks.as_shape(ans.shape, "the input's shape")
        # A symbolic tensor records the operation that made it (every Keras 3); without that record, accept.
        made_by = getattr(getattr(ans, "_keras_history", None), "operation", None)
        if made_by is not None and type(made_by).__name__ != "InputLayer":
            return (f"that tensor of shape {got} is the output of a layer, not keras.Input itself: a model "
                    "built from it would skip that layer. Pass what keras.Input(shape=...) returns.")
        if len(got) == 5 and got[2:] == expected[1:]:
            return ("you put a batch axis inside shape=: keras.Input takes the shape of ONE image, "
                    "and Keras adds the batch axis (None) itself.")
        if len(got) == 4 and got[0] is not None and got[1:] == expected[1:]:
            return (f"the batch axis is fixed to {got[0]}: leave batch_size out so the model accepts "
                    "batches of any size.")
        return None if got == expected else {
            (None, 3, 32, 32): "that is channels-first order; Keras puts channels last: (height, width, "
                               "channels).",
            (None, 32, 32, 1): "that is one channel (grey); RGB images have 3 channels: red, green, blue.",
            (None, 32, 32): "the channel axis is missing: an RGB image has 3 numbers per pixel.",
        }.get(got, f"your input has shape {got}; an RGB image of 32x32 pixels is (32, 32, 3) plus Keras' "
                   "batch axis.")

    return checks.run_check("Exercise 1.2", answer, judge,
                            hint="What does ONE such image look like as (height, width, channels)?")


#: Exercise 1.3: the axis order of the transpose whose reading order the learner predicts.
READING_ORDER_PERM = (1, 0, 2)


def check_reading_order(answer: Any) -> checks.CheckResult:
    """Exercise 1.3: ``np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape(4, 6)[2, 1]``.

    >>> check_reading_order(17).correct
    True
    """
    a = np.arange(24).reshape(2, 3, 4)
    t = a.transpose(READING_ORDER_PERM)
    b = t.reshape(4, 6)
    other_transpose = int(a.transpose(0, 2, 1).reshape(4, 6)[2, 1])
    # That value may also sit in another cell of the right array: then the slip may be the cell read.
    same_value = [f"[{r}, {c}]" for r, c in zip(*np.nonzero(b == other_transpose)) if (r, c) != (2, 1)]
    known = {  # in this order of priority, should two mistakes give the same value
        other_transpose: "that is what transpose(0, 2, 1) would give; here the FIRST two axes are swapped: "
                         "transpose(1, 0, 2)."
                         + (f" (It is also element {same_value[0]} of the right array: if you transposed "
                            "correctly, check the row and column you read.)" if same_value else ""),
        int(b[1, 2]): "that is element [1, 2]; the question asks for row 2, column 1.",
        int(t.reshape((4, 6), order="F")[2, 1]):
            "that is column-major (Fortran) reading, first axis fastest; NumPy and Keras read row-major: "
            "last axis fastest.",
        int(a.reshape(4, 6)[2, 1]):
            "that is the value without the transpose (or in memory order). The transpose is a view whose "
            "memory still holds 0, 1, 2, ...; but reshape reads in INDEX order, the last axis of the "
            "TRANSPOSED array fastest, and copies.",
    }
    return checks.check_value("Exercise 1.3", answer, int(b[2, 1]), explain=known.get,
                              hint="Write out t = ...transpose(1, 0, 2) block by block, then read it the way "
                                   "reshape does.")


#: Exercise 1.4 (transfer): the model whose summary the learner predicts.
SUMMARY_INPUT = (12, 12, 3)
SUMMARY_LAYERS = (shapes.conv(8, 3), shapes.flatten(), shapes.dense(5))


def check_summary_params(answer: Any) -> checks.CheckResult:
    """Exercise 1.4 (transfer): total parameters of Input(12, 12, 3) -> Conv2D(8, 3) -> Flatten -> Dense(5).

    >>> check_summary_params(4229).correct
    True
    """
    rows = shapes.trace(SUMMARY_INPUT, SUMMARY_LAYERS)
    expected, conv_params, dense_params = shapes.total_params(rows), rows[1].params, rows[3].params
    h, w, c = SUMMARY_INPUT
    side, flat = rows[1].shape[1], rows[2].shape[1]
    unbiased = [shapes.conv(8, 3, use_bias=False), shapes.flatten(), shapes.dense(5, use_bias=False)]
    no_bias = shapes.total_params(shapes.trace(SUMMARY_INPUT, unbiased))

    def dense_sees(numbers: int) -> int:
        """The total when the Dense sees ``numbers`` inputs: a slip in the map's size."""
        return conv_params + shapes.dense_params(numbers, 5)

    known = {
        no_bias: "the biases are missing: every Conv2D filter and every Dense unit adds one bias.",
        shapes.total_params(shapes.trace((h, w, 1), SUMMARY_LAYERS)):
            f"the Conv2D kernel sees all {c} input channels: each filter has 3*3*{c} weights, not 3*3.",
        dense_sees(h * w * 8): f"a 3x3 window fits {side} times along {h} pixels ('valid' padding), so the "
                               f"map after Conv2D is {side}x{rows[1].shape[2]}, not {h}x{w}.",
        # shapes.conv2d_params(kernel, in_channels, filters) called in Keras' order Conv2D(filters, kernel)
        shapes.conv2d_params(8, c, 3) + dense_params:
            "the Conv2D row is off: shapes.conv2d_params takes (kernel, in_channels, filters), while Keras "
            "writes Conv2D(filters, kernel); you passed the filters (8) as the kernel size.",
        dense_sees((side - 1) ** 2 * 8):
            f"the map after Conv2D is {side}x{side}: a 3x3 window fits {h} - 3 + 1 = {side} times along {h} "
            f"pixels (count the first position too), not {side - 1}.",
        conv_params: "that is the Conv2D row only; the total adds the Dense row (Flatten has none).",
        dense_params: "that is the Dense row only; the total adds the Conv2D row.",
        dense_sees(side * side): f"Flatten keeps every channel: the Dense sees {side}*{side}*8 = "
                                 f"{side * side * 8} numbers, not {side}*{side} = {side * side}.",
        no_bias + 2: "one bias per LAYER is too few: every Conv2D filter (8) and every Dense unit (5) has "
                     "its own bias, so the biases add 8 + 5, not 1 + 1.",
        expected - 8: "the Conv2D's biases are missing: each of its 8 filters has one.",
        expected - 5: "the Dense's biases are missing: each of its 5 units has one.",
        dense_sees((side + 1) ** 2 * 8):
            f"the map after Conv2D is {side}x{side}: a 3x3 window fits {h} - 3 + 1 = {side} times along {h} "
            f"pixels, not {side + 1}.",
        expected + flat: f"Flatten has no parameters: its {flat} outputs are the map's numbers in a row, "
                         "not weights.",
    }
    return checks.check_value("Exercise 1.4", answer, expected, explain=known.get,
                              hint="Go row by row as section 5 did: the Conv2D's output shape first, then "
                                   "Flatten, then Dense.")
