"""utils.alt_text: every figure's description says what is plotted (the website's alt text)."""

import numpy as np
from matplotlib.figure import Figure

from utils import alt_text
from utils.lessons import lesson02, lesson03


def test_a_plot_is_described_by_what_its_axes_hold_and_a_notice_is_added():
    fig = Figure()
    ax = fig.add_subplot()
    ax.bar(["Flatten", "GAP"], [5130, 330], label="parameters")
    ax.set_ylabel("parameters")
    ax.legend()
    alt_text.notice(fig, "the Flatten head is 15 times larger")
    text = alt_text.describe(fig)
    assert text.startswith("A figure: 2 bars") and "key: parameters" in text
    assert text.endswith("the Flatten head is 15 times larger")


def test_only_the_bars_of_a_bar_chart_count_as_bars_not_a_highlight_or_a_box():
    # Review r10: lesson 05's 16 bars were described as 17 (an axvspan), its CAM box as "1 bars".
    fig = Figure()
    ax = fig.add_subplot()
    ax.bar(range(16), np.arange(16))
    ax.axvspan(2.5, 3.5, color="0.85")
    assert alt_text.describe(fig).startswith("A figure: 16 bars")
    boxed = Figure()
    axb = boxed.add_subplot()
    axb.imshow(np.zeros((4, 4)))
    from matplotlib.patches import Rectangle
    axb.add_patch(Rectangle((0, 0), 2, 2, fill=False))
    assert "bars" not in alt_text.describe(boxed)


def test_a_picture_drawn_with_labels_is_described_by_its_own_notice_not_by_its_labels():
    # Site review: lesson 02/03's pictures read "A figure: 37 labels ("channel 0", "0", ...)".
    text = alt_text.describe(lesson02.flatten_order_map(2, 3, 2, highlight=(1, 0, 1)))
    # it still starts "A figure" (the website's test tells these descriptions from a paragraph by it)
    assert "labels (" not in text and text.startswith("A figure: a feature map of 2 row(s), 3 column(s)")
    flat = int(np.arange(12).reshape(2, 3, 2)[1, 0, 1])  # Keras' Flatten is a C-order reshape
    assert f"is number {flat}." in text
    windows = alt_text.describe(lesson03.sliding_windows(8, 3, stride=4))
    assert "labels (" not in windows and "the 2 window(s) of a kernel of 3 at stride 4" in windows
    assert "1 pixel(s) at the end fit no whole window" in windows


def test_a_figure_with_nothing_in_it_still_has_a_description():
    assert alt_text.describe(Figure()) == "A figure."


def test_an_image_grid_is_described_as_its_images_and_labels_not_as_one_picture():
    """Review r6: lesson 00's digits were "an image of 18 x 71 cells"."""
    from utils import plots

    labels = [f"label {i % 10}" for i in range(16)]
    fig = plots.image_grid(np.zeros((16, 8, 8)), labels=labels, title="Digits")
    text = alt_text.describe(fig)
    assert "16 grey images of 8 x 8 pixels in 2 rows of 8; labels: label 0, label 1" in text
    assert "cells" not in text and text.endswith("label 1, ....")   # 12 labels shown, then "..."
