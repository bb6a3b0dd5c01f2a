"""utils.plots: generic primitives draw on the axes they are given; figures are readable."""

import numpy as np
import pytest

from utils import plots


def _smallest_font(fig):
    sizes = [t.get_fontsize() for t in fig.findobj(match=lambda a: hasattr(a, "get_fontsize"))]
    return min(sizes)


def test_image_grid_shows_one_axis_per_slot_and_the_labels():
    fig = plots.image_grid(np.zeros((5, 8, 8, 1)), labels=list("abcde"), columns=4)
    assert len(fig.axes) == 8
    assert [ax.get_title() for ax in fig.axes[:5]] == list("abcde")


def test_feature_maps_shows_at_most_max_channels():
    fig = plots.feature_maps(np.random.default_rng(0).random((6, 6, 12)), max_channels=4)
    assert len(fig.axes) == 4


def test_param_bars_label_each_layer_with_its_share_and_no_text_below_8_pt():
    fig = plots.param_bars(["conv", "dense"], [160, 1290])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("1,290 (89.0%)" in t for t in texts)
    assert _smallest_font(fig) >= plots.MIN_FONT


def test_draw_bars_draws_on_the_given_axes_and_pairs_colour_with_hatches():
    fig = plots.new_figure(4, 2)
    ax = fig.subplots()
    bars = plots.draw_bars(ax, ["a", "b", "c"], [1, 2, 3])
    assert len(bars) == 3 and all(bar.axes is ax for bar in bars)
    assert len({bar.get_hatch() for bar in bars}) == 2  # neighbours differ in more than colour


def test_draw_number_grid_labels_every_cell_with_its_value():
    fig = plots.new_figure(3, 2)
    ax = fig.subplots()
    artists = plots.draw_number_grid(ax, np.arange(12).reshape(3, 4))
    assert [t.get_text() for t in artists[1:]] == [str(i) for i in range(12)]
    assert _smallest_font(fig) >= plots.MIN_FONT


def test_the_palette_is_okabe_ito_and_every_colour_has_a_second_cue():
    assert plots.PALETTE[:3] == ("#0072B2", "#E69F00", "#009E73")
    assert len(plots.HATCHES) >= len(plots.PALETTE) and len(plots.MARKERS) >= len(plots.PALETTE)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: plots.image_grid(np.zeros((8, 8))), "images must have shape"),
        (lambda: plots.image_grid(np.zeros((2, 8, 8)), columns=0), "columns=0"),
        (lambda: plots.feature_maps(np.zeros((8, 8))), "fmap must be numbers of shape"),
        (lambda: plots.param_bars(["a"], [1, 2]), "same length"),
        (lambda: plots.new_figure(0, 3), "width=0"),
        (lambda: plots.param_bars(-1, [1]), "names=-1"),
        (lambda: plots.param_bars(["a"], ["x"]), "params must be whole numbers"),
        (lambda: plots.draw_number_grid(None, np.zeros((30, 30))), "1-400 cells"),
        (lambda: plots.draw_number_grid(None, np.zeros((2, 2)), fontsize=6), "fontsize"),
    ],
)
def test_bad_input_is_explained_naming_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_check_axes_accepts_an_axes_and_names_ax_for_anything_else():
    plots.check_axes(plots.new_figure(2, 1).subplots())
    for bad in (None, "ax", np.zeros((2, 2)), plots.new_figure(2, 1)):
        with pytest.raises(ValueError, match="ax must be a matplotlib Axes"):
            plots.check_axes(bad)
