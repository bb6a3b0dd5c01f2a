"""utils.experiment: training side by side is training alone, summaries, the conclusion, bad input."""

import keras
import numpy as np
import pytest
from keras import layers as L
from matplotlib.figure import Figure

from utils import experiment, plots


def tiny(seed, classes=3):
    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input((4, 4, 1)), L.Conv2D(2, 3, padding="same", activation="relu"),
                             L.GlobalAveragePooling2D(), L.Dense(classes, activation="softmax")])


def data(seed=0, n=40):
    rng = np.random.default_rng(seed)
    x = rng.uniform(size=(n, 4, 4, 1)).astype("float32")
    return x, rng.integers(0, 3, size=n)


# --- train_together ----------------------------------------------------------------

def test_a_model_trained_together_ends_with_the_same_weights_as_trained_alone_on_the_same_batches():
    x, y = data(1)
    together = {"m": tiny(3), "other": tiny(4), "third": tiny(5)}
    experiment.train_together(together, x, y, x, y, max_epochs=2, patience=5, min_delta=-1.0, batch_size=20)
    alone = {"m": tiny(3)}
    experiment.train_together(alone, x, y, x, y, max_epochs=2, patience=5, min_delta=-1.0, batch_size=20)
    for a, b in zip(together["m"].get_weights(), alone["m"].get_weights(), strict=True):
        assert np.allclose(a, b, atol=1e-6)


def test_each_model_keeps_its_best_validation_weights_and_reports_its_best_epoch():
    x, y = data(0, 60)
    models = {"a 0": tiny(0), "a 1": tiny(1)}
    epochs = experiment.train_together(models, x[:40], y[:40], x[40:], y[40:], max_epochs=4, patience=2,
                                       batch_size=20)
    assert set(epochs) == set(models) and all(1 <= e <= 4 for e in epochs.values())
    loss = keras.losses.SparseCategoricalCrossentropy()
    for model in models.values():
        assert np.isfinite(float(loss(y[40:], model(x[40:]))))


def test_a_model_that_never_improves_stops_after_patience_epochs_with_its_first_epoch_as_best():
    x, y = data(2)
    models = {"m": tiny(0)}
    # min_delta=1 asks for a drop of the loss by a whole unit: only the first epoch (from inf) counts.
    epochs = experiment.train_together(models, x, y, x, y, max_epochs=20, patience=2, min_delta=1.0,
                                       batch_size=40, learning_rate=1e-3)
    assert epochs == {"m": 1}


def test_progress_prints_one_short_line_per_epoch_with_the_models_still_training(capsys):
    x, y = data(2)
    experiment.train_together({"a": tiny(0), "b": tiny(1)}, x, y, x, y, max_epochs=3, patience=5,
                              batch_size=40, progress=True)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and all(len(line) < 80 for line in lines)
    assert lines[0].startswith("epoch   1: 2 of 2 models still training; validation loss ")


def test_another_loss_name_trains_a_regression_model():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 3)).astype("float32")
    y = x @ np.array([1.0, -2.0, 0.5], "float32")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), L.Dense(1)])
    epochs = experiment.train_together({"linear": model}, x, y, x, y, loss="mse", max_epochs=3, batch_size=32)
    assert 1 <= epochs["linear"] <= 3


def test_every_epoch_is_one_pass_over_the_data_in_a_new_order_fixed_by_the_seed():
    x = np.arange(10, dtype="float32").reshape(10, 1)
    steps = 4  # ceil(10 / 3): three batches of 3, then one of 1
    def epochs(seed, count=3):
        batches = iter(experiment._epochs_of_batches(x, x[:, 0], 3, seed))
        return [[next(batches)[0].numpy()[:, 0].tolist() for _ in range(steps)] for _ in range(count)]
    first = epochs(seed=7)
    for epoch in first:
        assert [len(b) for b in epoch] == [3, 3, 3, 1]
        assert sorted(v for b in epoch for v in b) == list(range(10))  # every sample exactly once
    assert first[0] != first[1] != first[2]  # a new order every epoch
    assert epochs(seed=7) == first and epochs(seed=8) != first  # the seed fixes the order


def _regularised(seed):
    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input((4, 4, 1)), L.Conv2D(2, 3, kernel_regularizer="l2"),
                             L.Flatten(), L.Dense(1, activation="sigmoid", activity_regularizer="l1")])


@pytest.mark.parametrize(("loss", "make", "labels"), [
    ("sparse_categorical_crossentropy", tiny, lambda y: y.astype("int32")),
    ("SparseCategoricalCrossentropy", tiny, lambda y: y),                   # a class name
    ("binary_crossentropy", _regularised, lambda y: (y > 0).astype("float32")),  # (n,) labels, (n, 1) output
    ("mse", _regularised, lambda y: y.astype("float64") / 2),
])
def test_the_validation_loss_that_decides_is_the_loss_keras_evaluate_reports(loss, make, labels):
    x, y = data(3, 50)
    y = labels(y)
    model = make(0)
    model.compile(loss=loss)
    together = keras.Model(model.inputs, {"model_0": model.outputs[0]})
    losses = experiment._validation_losses(together, {"model_0": model}, loss, x.astype("float64"), y,
                                           batch_size=16)
    assert np.isclose(losses()[0], model.evaluate(x, y, batch_size=16, verbose=0), rtol=1e-5)


def test_a_regularised_model_stops_where_early_stopping_would_stop_it_alone():
    x, y = data(4, 60)
    y = (y > 0).astype("float32")
    together = {"m": _regularised(1), "other": _regularised(2)}
    epochs = experiment.train_together(together, x[:40], y[:40], x[40:], y[40:], loss="binary_crossentropy",
                                       max_epochs=12, patience=2, batch_size=16, learning_rate=0.05)
    alone = _regularised(1)
    alone.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy")
    stop = keras.callbacks.EarlyStopping(patience=2, min_delta=1e-3, restore_best_weights=True)
    keras.utils.set_random_seed(0)
    history = alone.fit(experiment._epochs_of_batches(x[:40], y[:40], 16, 0), steps_per_epoch=3,
                        validation_data=(x[40:], y[40:]), validation_batch_size=16, epochs=12, verbose=0,
                        callbacks=[stop], shuffle=False)
    assert epochs["m"] == int(np.argmin(history.history["val_loss"])) + 1
    for a, b in zip(together["m"].get_weights(), alone.get_weights(), strict=True):
        assert np.allclose(a, b, atol=1e-6)


def test_models_that_share_weights_are_refused_by_name():
    shared = tiny(0)
    with pytest.raises(ValueError, match=r"models\['a'\] and models\['b'\] share weights"):
        experiment.train_together({"a": shared, "b": shared}, *data(), *data())
    body = tiny(1)
    other = keras.Sequential([body, L.Dense(3)])  # the same layers inside another model
    with pytest.raises(ValueError, match="share weights"):
        experiment.train_together({"a": body, "b": other}, *data(), *data())


@pytest.mark.parametrize(("change", "named"), [
    ({"models": {}}, "models"),
    ({"models": {"m": "not a model"}}, "models"),
    ({"models": {3: None}}, "models"),
    ({"x_fit": "pixels"}, "x_fit"),
    ({"x_fit": np.zeros((40, 5, 5, 1), "float32")}, "x_fit"),
    ({"y_fit": np.zeros(39, "int64")}, "y_fit"),
    ({"y_fit": np.full(40, 7)}, "y_fit"),
    ({"y_val": np.full(40, -1)}, "y_val"),
    ({"y_val": np.full(40, -1), "loss": "SparseCategoricalCrossentropy"}, "y_val"),
    ({"x_val": np.full((40, 4, 4, 1), np.nan, "float32")}, "x_val"),
    ({"x_val": np.zeros((40, 4, 4, 2), "float32")}, "x_val"),
    ({"loss": "not_a_loss"}, "loss"),
    ({"loss": 3}, "loss"),
    ({"max_epochs": 0}, "max_epochs"),
    ({"max_epochs": 10**9}, "max_epochs"),
    ({"patience": 1.5}, "patience"),
    ({"min_delta": float("nan")}, "min_delta"),
    ({"batch_size": True}, "batch_size"),
    ({"learning_rate": 0}, "learning_rate"),
    ({"seed": -1}, "seed"),
])
def test_bad_arguments_to_train_together_are_refused_by_name_before_any_training(change, named):
    x, y = data()
    kwargs = {"models": {"m": tiny(0)}, "x_fit": x, "y_fit": y, "x_val": x, "y_val": y, **change}
    with pytest.raises(ValueError, match=named):
        experiment.train_together(**kwargs)


# --- summaries, table, figure ---------------------------------------------------------

RUNS = [{"head": "flatten", "seed": s, "test": 0.8 + s / 100, "long": None, "epochs": 10 + s}
        for s in range(3)] + [
       {"head": "gap", "seed": s, "test": 0.7 + s / 100, "long": 0.5, "epochs": 12} for s in range(3)]


def test_runs_are_summarised_as_mean_sample_spread_and_count_skipping_impossible_cells():
    summary = experiment.summarise_runs(RUNS, ["test", "long", "epochs"])
    assert list(summary) == ["flatten", "gap"]
    mean, std, n = summary["flatten"]["test"]
    assert (mean, n) == (0.81, 3) and std == pytest.approx(np.std([0.80, 0.81, 0.82], ddof=1))
    assert summary["flatten"]["long"] == (None, None, 0) and summary["gap"]["long"] == (0.5, 0.0, 3)
    assert experiment.summarise_runs(RUNS[:1], ["test"])["flatten"]["test"] == (0.8, 0.0, 1)


def test_the_table_shows_mean_and_spread_labels_counts_and_impossible_cells():
    summary = experiment.summarise_runs(RUNS, ["test", "long", "epochs"])
    table = experiment.format_runs(summary, {"test": "test acc", "gap": "global average"})
    assert "0.810 ± 0.010" in table and "n/a" in table and "3 seeds" in table and "test acc" in table
    assert "global average" in table and "11 ± 1" in table
    gap_row = next(line for line in table.splitlines() if line.startswith("global average"))
    assert gap_row.split()[-1] == "12"  # a count equal in every run: one number, no spread
    assert len({len(line) for line in table.splitlines()[:4]}) == 1  # aligned columns


def test_the_figure_draws_one_panel_per_metric_with_a_marker_per_head_and_readable_text():
    fig = experiment.runs_figure(RUNS, {"test": "test", "long": "longer clips"}, ["flatten", "gap"],
                                 labels={"gap": "GAP"}, chance=0.5)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    markers = {line.get_marker() for line in fig.axes[0].get_lines()} & set(plots.MARKERS)
    assert len(markers) == 2
    texts = [t for ax in fig.axes for t in ax.texts] + [t for ax in fig.axes for t in ax.get_xticklabels()]
    assert all(t.get_fontsize() >= plots.MIN_FONT for t in texts)
    assert any(t.get_text() == "cannot\nrun" for t in fig.axes[1].texts)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["flatten", "GAP"]


def test_draw_runs_returns_its_artists_and_uses_hatches_as_well_as_colours():
    ax = plots.new_figure(3, 2).subplots()
    artists = experiment.draw_runs(ax, RUNS, "test", ["flatten", "gap"])
    bars = [a for a in artists if hasattr(a, "get_hatch")]
    assert len({b.get_hatch() for b in bars}) == 2


# --- the conclusion -------------------------------------------------------------

def summary_of(values):
    runs = [{"head": h, "test": v} for h, vs in values.items() for v in vs]
    return experiment.summarise_runs(runs, ["test"])


def test_a_lead_within_the_spread_is_not_called_a_difference():
    found = experiment.conclusion(summary_of({"gap": [0.95, 0.97, 0.96], "flatten": [0.96, 0.95, 0.976]}))
    assert not found["clear"] and "within the spread" in found["sentence"] and found["tie"] == ["flatten"]
    assert found["lead"] == pytest.approx(0.002)


@pytest.mark.parametrize("order", [["gap", "flatten", "gmp"], ["gmp", "flatten", "gap"]])
def test_equal_means_are_a_tie_whatever_the_order_of_the_heads(order):
    values = {"gap": [0.95, 0.97, 0.96], "flatten": [0.96, 0.95, 0.97], "gmp": [0.90, 0.91, 0.92]}
    found = experiment.conclusion(summary_of({h: values[h] for h in order}), "test", {"gap": "global avg"})
    assert sorted(found["tie"]) == ["flatten", "gap"] and not found["clear"]
    assert "a tie between" in found["sentence"] and "global avg" in found["sentence"]
    assert "points ahead" not in found["sentence"] and "Lowest: gmp" in found["sentence"]


def test_a_lead_larger_than_the_spread_names_the_best_head_and_the_lowest():
    found = experiment.conclusion(summary_of({"gap": [0.80, 0.81, 0.80], "flatten": [0.97, 0.97, 0.98],
                                              "gmp": [0.90, 0.91, 0.92]}), "test", {"gmp": "global max"})
    assert found["best"] == "flatten" and found["runner_up"] == "gmp" and found["worst"] == "gap"
    assert found["clear"] and "larger than the spread" in found["sentence"]
    assert "global max" in found["sentence"]
    assert found["lead"] == pytest.approx(0.9733333 - 0.91, abs=1e-6)
    assert found["spread"] == pytest.approx(0.01)


def test_a_small_lead_never_reads_as_zero_points():
    x = [0.9] * 4 + [0.9 + 1 / 450]  # five seeds, one test image apart
    found = experiment.conclusion(summary_of({"x": x, "y": [0.9] * 5}))
    assert found["tie"] == ["x"] and "0.04 points ahead" in found["sentence"]
    shown = [experiment.points(v) for v in (0.0123, 0.0004, 1e-6, 0.0)]
    assert shown == ["1.2", "0.04", "less than 0.01", "0.0"]


def test_one_run_per_head_has_no_spread_so_no_lead_is_called_clear():
    found = experiment.conclusion(summary_of({"a": [0.95], "b": [0.90]}))
    assert not found["clear"] and "no seed-to-seed spread can be measured" in found["sentence"]


def test_the_lowest_head_is_named_only_below_the_runner_up():
    found = experiment.conclusion(summary_of({"a": [0.95, 0.96], "b": [0.90, 0.91], "c": [0.91, 0.90]}))
    assert "Lowest" not in found["sentence"]  # b and c tie for second place
    assert experiment.join_names(["a", "b", "c"]) == "a, b and c"


def test_the_conclusion_leaves_out_heads_that_cannot_have_the_metric():
    summary = experiment.summarise_runs(RUNS, ["long", "test"])
    with pytest.raises(ValueError, match="two heads"):
        experiment.conclusion(summary, "long")
    assert experiment.conclusion(summary, "test")["best"] == "flatten"


@pytest.mark.parametrize(("call", "named"), [
    (lambda: experiment.summarise_runs([], ["test"]), "runs"),
    (lambda: experiment.summarise_runs([{"seed": 0}], ["test"]), "runs"),
    (lambda: experiment.summarise_runs([{"head": "a", "test": "high"}], ["test"]), "runs"),
    (lambda: experiment.summarise_runs(RUNS, "test"), "metrics"),
    (lambda: experiment.format_runs({}, None), "summary"),
    (lambda: experiment.format_runs({"a": {"test": 0.9}}), "summary"),
    (lambda: experiment.format_runs(summary_of({"a": [0.9]}), ["test"]), "labels"),
    (lambda: experiment.draw_runs("ax", RUNS, "test", ["gap"]), "ax"),
    (lambda: experiment.draw_runs(plots.new_figure().subplots(), RUNS, "test", ["other"]), "heads"),
    (lambda: experiment.draw_runs(plots.new_figure().subplots(), RUNS, "test", ["gap"], chance=2), "chance"),
    (lambda: experiment.runs_figure(RUNS, ["test"], ["gap"]), "metrics"),
    (lambda: experiment.conclusion(summary_of({"a": [0.9], "b": [0.8]}), "val"), "key"),
    (lambda: experiment.conclusion(summary_of({"a": [0.9]})), "summary"),
])
def test_bad_input_to_the_summaries_is_refused_by_name(call, named):
    with pytest.raises(ValueError, match=named):
        call()
