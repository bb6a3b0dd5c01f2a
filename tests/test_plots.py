"""utils.plots: generic primitives draw on the axes they are given; figures are readable."""

import numpy as np
import pytest

from utils import plots


def _smallest_font(fig):
    sizes = [t.get_fontsize() for t in fig.findobj(match=lambda a: hasattr(a, "get_fontsize"))]
    return min(sizes)


def test_image_grid_tiles_every_image_on_its_own_scale_with_its_label_above_it():
    images = np.stack([np.full((8, 8), 3.0), np.arange(64.0).reshape(8, 8), np.eye(8) * 100,
                       np.zeros((8, 8)), np.ones((8, 8))])
    fig = plots.image_grid(images[..., None], labels=list("abcde"), columns=4)
    (ax,) = fig.axes
    mosaic = ax.images[0].get_array()
    # 2 rows and 4 columns of 8x8 tiles; 1-pixel gaps between columns, 2 between rows (for the labels)
    assert mosaic.shape == (8 + 2 + 8, 4 * 8 + 3 * 1)
    tile = lambda i: mosaic[(i // 4) * 10:(i // 4) * 10 + 8, (i % 4) * 9:(i % 4) * 9 + 8]  # noqa: E731
    assert np.allclose(tile(1), np.arange(64).reshape(8, 8) / 63)  # each tile spans its own range ...
    assert np.allclose(tile(2), np.eye(8))  # ... whatever the scale of its values
    assert np.ma.getmaskarray(mosaic)[8:10].all() and np.ma.getmaskarray(tile(5)).all()  # gaps, empty slots
    labels = sorted(ax.texts, key=lambda t: t.get_position()[::-1])
    assert [t.get_text() for t in labels] == list("abcde")
    assert all(t.get_fontsize() >= plots.MIN_FONT for t in labels)
    xs = [t.get_position()[0] for t in labels]
    assert xs[:4] == sorted(xs[:4]) and xs[4] == xs[0]  # above its own tile: left to right, then row 2


def test_image_grid_shows_colour_images_as_they_are():
    rgb = np.zeros((2, 4, 4, 3), "uint8")
    rgb[0, ..., 0] = 255
    mosaic = plots.image_grid(rgb).axes[0].images[0].get_array()
    assert np.allclose(mosaic[:4, :4], [1, 0, 0]) and np.allclose(mosaic[:4, 4], 1)  # red, white gap


def test_feature_maps_shows_at_most_max_channels():
    fig = plots.feature_maps(np.random.default_rng(0).random((6, 6, 12)), max_channels=4)
    assert len(fig.axes) == 4


def test_feature_maps_titles_give_each_channels_max_because_each_panel_has_its_own_scale():
    """Review r19: a channel with max 0.39 and one with 0.71 looked equally bright, with no number shown."""
    fmap = np.stack([np.full((4, 4), 0.39), np.full((4, 4), 0.71)], axis=-1)
    fmap[0, 0] = 0.0
    titles = [ax.get_title() for ax in plots.feature_maps(fmap).axes]
    assert titles == ["channel 0, max 0.39", "channel 1, max 0.71"]


def test_feature_maps_puts_four_channels_to_a_row_so_eight_fit_a_web_page_column():
    fig = plots.feature_maps(np.random.default_rng(0).random((6, 6, 8)))
    assert fig.get_size_inches()[0] <= 6.4 and len([ax for ax in fig.axes if ax.images]) == 8  # review r13
    fig = plots.feature_maps(np.random.default_rng(0).random((6, 6, 6)))
    assert len([ax for ax in fig.axes if ax.images]) == 6 and not any(ax.axison for ax in fig.axes[6:])


def test_param_bars_label_each_layer_with_its_share_and_no_text_below_8_pt():
    fig = plots.param_bars(["conv", "dense"], [160, 1290])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("1,290 (89.0%)" in t for t in texts)
    assert _smallest_font(fig) >= plots.MIN_FONT


def test_draw_number_grid_labels_every_cell_with_its_value():
    fig = plots.new_figure(3, 2)
    ax = fig.subplots()
    artists = plots.draw_number_grid(ax, np.arange(12).reshape(3, 4))
    assert [t.get_text() for t in artists[1:]] == [str(i) for i in range(12)]
    assert _smallest_font(fig) >= plots.MIN_FONT


def test_the_palette_is_okabe_ito_and_every_colour_has_a_second_cue():
    assert plots.PALETTE[:3] == ("#0072B2", "#E69F00", "#009E73")
    assert len(plots.HATCHES) >= len(plots.PALETTE) and len(plots.MARKERS) >= len(plots.PALETTE)


def _ax():
    return plots.new_figure().subplots()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: plots.image_grid(np.zeros((8, 8))), "images must be numbers of shape"),
        (lambda: plots.image_grid(np.zeros((300, 2, 2))), "at most 256 images"),
        (lambda: plots.image_grid(np.zeros((3, 2, 2)), labels=["a"]), "one label per image"),
        (lambda: plots.draw_number_grid(_ax(), np.eye(2), cmap="nope"), "cmap='nope'"),
        (lambda: plots.image_grid(np.zeros((2, 8, 8, 2))), "1, 3 or 4 channels"),
        (lambda: plots.image_grid(np.zeros((2, 8, 8)), columns=0), "columns=0"),
        (lambda: plots.feature_maps(np.zeros((8, 8))), "fmap must be numbers of shape"),
        (lambda: plots.param_bars(["a"], [1, 2]), "same length"),
        (lambda: plots.new_figure(0, 3), "width=0"),
        (lambda: plots.param_bars(-1, [1]), "names=-1"),
        (lambda: plots.param_bars(["a"], ["x"]), "params must be whole numbers, one per name"),
        (lambda: plots.draw_number_grid(_ax(), np.zeros((30, 30))), "1-400 cells"),
        (lambda: plots.draw_number_grid(_ax(), np.zeros((2, 2)), fontsize=6), "fontsize"),
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


def test_param_bars_pair_colour_with_hatches_and_label_each_share():
    fig = plots.param_bars(["a", "b", "c"], np.array([1, 2, 7]))
    bars = fig.axes[0].patches
    assert len(bars) == 3 and len({bar.get_hatch() for bar in bars}) == 2  # a second cue beside colour
    assert any("70.0%" in t.get_text() for t in fig.axes[0].texts)
