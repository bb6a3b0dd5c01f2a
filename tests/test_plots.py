"""utils.plots: each figure function returns a Figure and validates its input."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from utils import plots


def test_image_grid_shows_one_axis_per_slot_and_the_labels():
    fig = plots.image_grid(np.zeros((5, 8, 8, 1)), labels=list("abcde"), columns=4)
    assert isinstance(fig, Figure) and len(fig.axes) == 8
    assert [ax.get_title() for ax in fig.axes[:5]] == list("abcde")


def test_feature_maps_shows_at_most_max_channels():
    fig = plots.feature_maps(np.random.default_rng(0).random((6, 6, 12)), max_channels=4)
    assert len(fig.axes) == 4 and fig.axes[3].get_title() == "channel 3"


def test_param_bars_label_each_layer_with_its_share():
    fig = plots.param_bars(["conv", "dense"], [160, 1290])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("1,290 (89.0%)" in t for t in texts)


def test_training_curves_draw_train_and_test_per_model():
    hist = {"accuracy": [0.5, 0.8], "val_accuracy": [0.4, 0.7]}
    fig = plots.training_curves({"flatten": hist, "gap": hist})
    assert len(fig.axes[0].lines) == 4


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: plots.image_grid(np.zeros((8, 8))), "images must have shape"),
        (lambda: plots.image_grid(np.zeros((2, 8, 8)), columns=0), "columns=0"),
        (lambda: plots.feature_maps(np.zeros((8, 8))), "fmap must have shape"),
        (lambda: plots.param_bars(["a"], [1, 2]), "same length"),
        (lambda: plots.training_curves({}), "histories"),
        (lambda: plots.training_curves({"m": {"loss": [1]}}), "metric='accuracy'"),
        (lambda: plots.new_figure(0, 3), "width=0"),
    ],
)
def test_bad_input_is_explained(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: plots.param_bars(-1, [1]), "names=-1"),
        (lambda: plots.param_bars(["a"], ["x"]), "params must be whole numbers"),
        (lambda: plots.training_curves("x"), "histories='x'"),
        (lambda: plots.params_vs_side(None, {"a": [1]}), "sides=None"),
        (lambda: plots.params_vs_side([8], "x"), "series='x'"),
        (lambda: plots.body_head_bars(-1), "models=-1"),
        (lambda: plots.signal_examples(np.zeros((1, 64)), 0, ["a"]), "y=0"),
        (lambda: plots.head_memory(None, 10), "channels=None"),
    ],
)
def test_arguments_of_the_wrong_type_are_named_not_left_to_numpy(call, message):
    with pytest.raises(ValueError, match=message):
        call()
