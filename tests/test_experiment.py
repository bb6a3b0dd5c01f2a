"""utils.experiment: summaries of runs (mean, sample spread, count), the table, the figure (points with
intervals), and the conclusion computed from the numbers. It trains nothing: lessons 06 and 07 train with
model.fit in plain sight. Pure NumPy, so these tests run the same on every backend."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from utils import experiment, plots

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


def test_draw_runs_draws_points_with_intervals_not_bars_on_an_axis_that_spans_the_data():
    ax = plots.new_figure(3, 2).subplots()
    experiment.draw_runs(ax, RUNS, "test", ["flatten", "gap"])
    assert not ax.patches  # no bars: a bar implies a zero baseline the axis does not have
    assert len(ax.containers) == 2  # one error bar (mean ± std) per head
    low, high = ax.get_ylim()
    assert low < 0.7 and high > 0.82 and low > 0.5  # spans the seeds, not from 0
    line = ax.containers[0].lines[0]
    assert line.get_ydata()[0] == pytest.approx(0.81)  # the mean marker sits at the mean


def test_every_summary_says_so_instead_of_raising_when_the_training_cell_failed():
    assert experiment.summarise_runs([], ["test"]) == {}
    assert experiment.format_runs({}) == experiment.NO_RUNS
    found = experiment.conclusion({}, "test")
    assert found["best"] is None and found["sentence"] == experiment.NO_RUNS
    assert isinstance(experiment.runs_figure([], {"test": "test"}, ["a", "b"]), Figure)


def test_lower_is_better_ranks_the_smallest_mean_first():
    found = experiment.conclusion(summary_of({"a": [0.01, 0.02], "b": [0.05, 0.06]}), "test",
                                  higher_is_better=False)
    assert found["best"] == "a" and found["clear"] and "points below b" in found["sentence"]


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
    assert experiment.conclusion(summary, "long")["best"] is None
    assert "Fewer than two heads" in experiment.conclusion(summary, "long")["sentence"]
    assert experiment.conclusion(summary, "test")["best"] == "flatten"


@pytest.mark.parametrize(("call", "named"), [
    (lambda: experiment.summarise_runs(RUNS, "test"), "metrics must be a list"),
    (lambda: experiment.summarise_runs({"head": "a"}, ["test"]), "runs must be a list"),
    (lambda: experiment.summarise_runs([{"seed": 0, "test": 0.9}], ["test"]), "runs must be a list"),
    (lambda: experiment.format_runs({"a": 0.9}), "summary must be what summarise_runs returns"),
    (lambda: experiment.conclusion(summary_of({"a": [0.9]}), None), "key must be"),
    (lambda: experiment.runs_figure(RUNS, {"test": "test"}, "flatten"), "heads must be a list"),
    (lambda: experiment.draw_runs(None, RUNS, "test", ["gap"]), "ax must be a matplotlib Axes"),
    (lambda: experiment.join_names([]), "names must be a list"),
    (lambda: experiment.points(None), "share must be"),
])
def test_bad_input_to_the_summaries_is_refused_by_name(call, named):
    with pytest.raises(ValueError, match=named):
        call()


def test_a_summary_without_the_metric_leaves_those_heads_out_instead_of_raising():
    summary = experiment.summarise_runs(RUNS, ["test"])
    assert experiment.conclusion(summary, "val")["sentence"] == "Fewer than two heads have a 'val' value."
    assert experiment.join_names(name for name in ("a", "b")) == "a and b"  # a generator, as the lessons pass


def test_the_lowest_head_gets_the_verdict_the_lessons_rule_implies():
    # Review r4: "further below the best than the larger spread => probably less accurate" was not printed
    runs = [{"head": h, "acc": v} for h, vs in {"a": (0.98, 0.99, 0.97), "b": (0.975, 0.985, 0.98),
                                                 "c": (0.96, 0.95, 0.97)}.items() for v in vs]
    sentence = experiment.conclusion(experiment.summarise_runs(runs, ["acc"]), "acc")["sentence"]
    assert "Lowest: c (0.960), 2.0 points from the best, more than the larger spread (1.0 points): " \
           "lower at these settings, by the rule of thumb" in sentence
    close = [*runs[:6], *({"head": "c", "acc": v} for v in (0.94, 0.99, 0.97))]
    sentence = experiment.conclusion(experiment.summarise_runs(close, ["acc"]), "acc")["sentence"]
    assert "within the larger spread" in sentence and "probably" not in sentence


def test_an_accuracy_of_exactly_one_is_a_share_and_the_axis_holds_every_interval():
    runs = [{"head": "a", "acc": 1.0}, {"head": "a", "acc": 1.0}, {"head": "b", "acc": 0.9},
            {"head": "b", "acc": 0.7}]
    table = experiment.format_runs(experiment.summarise_runs(runs, ["acc"]))
    assert "1.000 ± 0.000" in table  # review r4: it printed "1", like a count
    fig = experiment.runs_figure(runs, {"acc": "accuracy"}, ["a", "b"])
    low, high = fig.axes[0].get_ylim()
    spread = float(np.std([0.9, 0.7], ddof=1))
    assert low < 0.8 - spread and high > 1.0  # review r4: the axis cut the lower interval off


def test_panels_sharing_an_axis_show_every_panels_intervals():
    # Review r5: the shared y axis took the LAST panel's limits and cut the first panel's interval
    runs = [{"head": "a", "val": v, "test": t} for v, t in ((0.95, 0.98), (0.93, 0.985), (0.97, 0.99))]
    fig = experiment.runs_figure(runs, {"val": "validation", "test": "test"}, ["a"])
    low, high = fig.axes[0].get_ylim()
    vals = [0.95, 0.93, 0.97]
    assert low < np.mean(vals) - np.std(vals, ddof=1) and high > 0.99
