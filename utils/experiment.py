"""A comparison of models as an experiment: summarise the seeds, draw them, conclude from the numbers.

Generic and backend-neutral (NumPy and Matplotlib; the lessons train with ``model.fit`` in plain sight).
A *run* is one dict per model and seed, such as ``{"head": "gap", "seed": 0, "val": 0.97, "test": 0.96}``;
the spread is the sample standard deviation over seeds (``ddof=1``; 0 for a single run). An empty list of
runs (a training cell that failed earlier) is accepted and said, so no later cell breaks on an earlier
mistake; anything else that is not runs, a summary, names or labels is refused by name.

>>> runs = [{"head": "a", "acc": 0.5}, {"head": "a", "acc": 0.7}, {"head": "b", "acc": 0.6}]
>>> summarise_runs(runs, ["acc"])["a"]["acc"]
(0.6, 0.1414213562, 2)
"""

from __future__ import annotations

import numbers
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from utils import plots
from utils._validate import Flag, Real, Rule, Test, validated

__all__ = ["summarise_runs", "format_runs", "draw_runs", "runs_figure", "conclusion", "points", "join_names",
           "NO_RUNS"]

#: Two means (or two runs' scores) closer than this are equal: a tie, not a win.
TIE = 1e-9
#: What every summary says when there is nothing to summarise (the training cell did not finish).
NO_RUNS = "No runs to summarise: the training cell above did not finish. Fix it and run it again."


def runs_of(*keys: str) -> Any:
    """A Rule: a list of runs, each a dict with a ``"head"`` name and the ``keys`` (lesson 06 adds "seed");
    metrics are numbers, or None where a head cannot have one. An empty list is fine."""
    needs = "".join(f' and a "{key}"' for key in keys)

    def check(value: object) -> object:
        if (isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence)
                or not all(isinstance(run, Mapping) and isinstance(run.get("head"), str)
                           and all(key in run for key in keys) for run in value)):
            raise ValueError(f'must be a list of runs, one dict per model and seed with a "head" name'
                             f'{needs}, such as {{"head": "gap", "seed": 0, "val": 0.97}}')
        return value
    return Rule(check)


def _cell_ok(cell: object) -> bool:
    """``(mean, std, n)`` as :func:`summarise_runs` makes it: two numbers (or two None) and a count."""
    if not isinstance(cell, (tuple, list)) or len(cell) != 3:
        return False
    mean, std, n = cell
    both = (mean is None and std is None) or all(isinstance(v, numbers.Real) for v in (mean, std))
    return both and isinstance(n, numbers.Integral) and n >= 0


def _summary(value: object) -> object:
    rows = value.values() if isinstance(value, Mapping) else [None]
    if not all(isinstance(row, Mapping) and all(_cell_ok(cell) for cell in row.values()) for row in rows):
        raise ValueError("must be what summarise_runs returns: {head: {metric: (mean, std, n)}}")
    return value


def _names(value: object) -> list:
    """Any iterable of names (a generator too) as a list; a single string is not a list of names."""
    iterable = isinstance(value, Iterable) and not isinstance(value, (str, bytes, Mapping))
    names = list(value) if iterable else []
    if not names or not all(isinstance(name, str) for name in names):
        raise ValueError("must be a list of names (text), at least one")
    return names


#: Runs: one dict per model and seed with a "head" (see :func:`runs_of`).
Runs = runs_of()
#: What :func:`summarise_runs` returns (``{}`` included: no runs).
Summary = Rule(_summary)
#: The heads to show, in order: at most 12 (the panels of :func:`runs_figure` stay under 40 inches).
HeadNames = Test(lambda v: isinstance(v, (list, tuple)) and 0 < len(v) <= 12
                 and all(isinstance(head, str) for head in v), "a list of 1 to 12 head names (text)")
#: One metric (a key of the runs).
MetricName = Test(lambda v: isinstance(v, str), "a metric name (text)")
#: Names of heads or metrics -> the text shown, or None.
Labels = Test(lambda v: v is None or isinstance(v, Mapping) and all(isinstance(t, str) for t in v.values()),
              "a dict of head or metric names to the text shown (or None)")
_Panels = Test(lambda v: isinstance(v, Mapping) and 0 < len(v) <= 4
               and all(isinstance(k, str) and isinstance(t, str) for k, t in v.items()),
               "a dict of 1 to 4 metrics to panel titles, such as {'test': 'test accuracy'}")


def _values(runs: Sequence[Mapping], head: str, metric: str) -> list[float]:
    return [float(r[metric]) for r in runs if r.get("head") == head and r.get(metric) is not None]


def _spread(values: list[float]) -> float:
    """The sample standard deviation (``ddof=1``); 0.0 for a single run."""
    return float(np.std(values, ddof=1)) if len(values) > 1 else 0.0


def _stats(values: list[float]) -> tuple:
    return (round(float(np.mean(values)), 10), round(_spread(values), 10), len(values)) if values else (
        None, None, 0)


@validated
def summarise_runs(runs: Runs, metrics: Rule(_names)) -> dict:
    """``{head: {metric: (mean, std, n)}}``, heads in order of first appearance; None or missing values
    (a metric a head cannot have) are skipped, and a metric without values gives ``(None, None, 0)``.

    >>> summarise_runs([{"head": "a", "acc": 0.9}], ["acc", "long"])["a"]
    {'acc': (0.9, 0.0, 1), 'long': (None, None, 0)}
    """
    heads = dict.fromkeys(r["head"] for r in runs)
    return {head: {m: _stats(_values(runs, head, m)) for m in metrics} for head in heads}


def _cell(mean: float | None, std: float | None, n: int) -> str:
    if mean is None:
        return "n/a"
    # counts (epochs, parameters); an accuracy of exactly 1 or 0 is a share, shown as one
    if float(mean).is_integer() and float(std).is_integer() and abs(mean) > 1:
        return f"{mean:,.0f}" if std == 0 and n > 1 else f"{mean:,.0f} ± {std:,.0f}"
    if abs(mean) <= 1:  # accuracies and other shares
        return f"{mean:.3f} ± {std:.3f}"
    return f"{mean:,.1f} ± {std:,.1f}"


@validated
def format_runs(summary: Summary, labels: Labels = None) -> str:
    """A text table of :func:`summarise_runs`, one row per head: ``mean ± std`` per metric (whole numbers
    without decimals, a count equal in every run as one number, ``n/a`` where the head cannot have the
    metric). ``labels`` maps head or metric names to the text shown.

    >>> print(format_runs(summarise_runs([{"head": "gap", "test": 0.9}, {"head": "gap", "test": 0.92}],
    ...                                  ["test"]), {"test": "test acc"}).splitlines()[2])
    gap     0.910 ± 0.014
    """
    if not summary:
        return NO_RUNS
    labels = dict(labels or {})
    metrics = list(next(iter(summary.values())))
    head_width = max(len(labels.get(h, str(h))) for h in summary) + 2
    cols = [labels.get(m, str(m)) for m in metrics]
    cells = {h: [_cell(*summary[h].get(m, (None, None, 0))) for m in metrics] for h in summary}
    widths = [max(len(c), *(len(cells[h][j]) for h in summary)) + 3 for j, c in enumerate(cols)]
    lines = [f"{name:<{head_width}}" + "".join(f"{c:>{w}}" for c, w in zip(texts, widths))
             for name, texts in [("head", cols), *((labels.get(h, str(h)), cells[h]) for h in summary)]]
    stats = [cell for row in summary.values() for cell in row.values()]
    counts = sorted({n for _, _, n in stats if n})
    seeds = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}-{counts[-1]}" if counts else "0"
    note = f"(mean ± standard deviation over {seeds} seeds"
    if any(mean is None for mean, _, _ in stats):
        note += "; n/a: the head cannot have this number"
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:], note + ")"])


@validated
def draw_runs(ax: plots.Axes, runs: Runs, metric: MetricName, heads: HeadNames, *,
              labels: Labels = None, chance: Real() | None = None) -> list:
    """On ``ax``, per head: every seed as a small point, the mean as a large marker with the std as an
    interval, in the head's own colour and marker ("cannot run" without values). The y axis spans the
    data, not from zero. ``chance`` (e.g. 0.1 for 10 classes) draws a dotted line. Returns the artists."""
    labels = dict(labels or {})
    artists, everything = [], []
    for i, head in enumerate(heads):
        values = _values(runs, head, metric)
        colour, marker = plots.PALETTE[i % len(plots.PALETTE)], plots.MARKERS[i % len(plots.MARKERS)]
        if not values:
            artists.append(ax.text(i, 0.5, "cannot\nrun", ha="center", va="center", fontsize=9,
                                   transform=ax.get_xaxis_transform()))
            continue
        mean, spread = np.mean(values), _spread(values)
        everything += [*values, mean - spread, mean + spread]  # whole intervals
        jitter = np.linspace(-0.2, -0.08, len(values)) if len(values) > 1 else np.full(1, -0.14)
        artists += ax.plot(i + jitter, values, ls="none", marker=marker, ms=5, color=colour, alpha=0.6)
        artists.append(ax.errorbar(i + 0.08, mean, yerr=spread, fmt=marker, ms=9, color=colour,
                                   markeredgecolor="black", ecolor="black", elinewidth=1.5, capsize=5))
    ax.set_xticks(range(len(heads)), [textwrap.fill(labels.get(h, h), 12) for h in heads], fontsize=9)
    ax.set_xlim(-0.5, len(heads) - 0.5)  # the same slots in every panel, "cannot run" ones included
    if chance is not None:
        everything.append(chance)
        ax.axhline(chance, color="dimgrey", ls=":", lw=1)
        ax.text(len(heads) - 0.52, chance, "chance", va="bottom", ha="right", fontsize=9, color="dimgrey")
    if everything:
        low, high = min(everything), max(everything)
        pad = max(0.08 * (high - low), 0.01)
        ax.set_ylim(low - pad, high + pad)
    ax.tick_params(labelsize=9)
    ax.grid(axis="y", alpha=0.3)
    return artists


@validated
def runs_figure(runs: Runs, metrics: _Panels, heads: HeadNames, *, labels: Labels = None,
                chance: Real() | None = None, ylabel: plots.Text = "accuracy") -> Figure:
    """One panel per metric (``{metric: panel title}``) drawn by :func:`draw_runs`, on one shared y axis.

    >>> runs_figure([{"head": "a", "acc": 0.9}, {"head": "b", "acc": 0.8}], {"acc": "test"}, ["a", "b"])
    <Figure size 300x300 with 1 Axes>
    """
    heads = list(heads)
    fig = plots.new_figure(max(3.0, 0.75 * len(heads) + 0.8) * len(metrics), 3.0)
    axes = np.atleast_1d(fig.subplots(1, len(metrics), sharey=True))
    limits = []
    for ax, (metric, title) in zip(axes, metrics.items()):
        draw_runs(ax, runs, metric, heads, labels=labels, chance=chance)
        limits.append(ax.get_ylim())  # the panels share one axis: each draw resets it to its own data
        ax.set_title(title, fontsize=10)
    axes[0].set_ylim(min(low for low, _ in limits), max(high for _, high in limits))
    if not runs:
        axes[0].text(0.5, 0.5, "no runs", transform=axes[0].transAxes, ha="center", fontsize=10)
    axes[0].set_ylabel(f"{ylabel}\n(small: each seed; large: mean ± std)", fontsize=9)
    return fig


@validated
def conclusion(summary: Summary, key: MetricName = "test", labels: Labels = None,
               higher_is_better: Flag = True) -> dict:
    """What the numbers show about metric ``key``, heads without a value left out.

    Returns ``{"best", "runner_up", "worst", "lead", "spread", "clear", "tie", "sentence"}``: ``lead`` is
    the best mean's lead over the runner-up, ``spread`` the larger of the two heads' stds, ``tie`` the heads
    whose means equal the best one; ``clear`` is ``lead > spread`` without a tie and with at least two runs
    of each of the two heads; ``sentence`` says it in words. With fewer than two heads, ``best`` is None.

    >>> s = summarise_runs([{"head": h, "t": v} for h, v in [("a", .9), ("a", .92), ("b", .8), ("b", .81)]],
    ...                    ["t"])
    >>> conclusion(s, "t")["clear"]
    True
    """
    labels = dict(labels or {})
    sign = 1 if higher_is_better else -1
    ranked = sorted((h for h in summary if summary[h].get(key, (None,))[0] is not None),
                    key=lambda h: sign * summary[h][key][0], reverse=True)
    if len(ranked) < 2:
        return {"best": None, "runner_up": None, "worst": None, "lead": 0.0, "spread": 0.0, "clear": False,
                "tie": [], "sentence": f"Fewer than two heads have a {key!r} value." if summary else NO_RUNS}
    best, second, worst = ranked[0], ranked[1], ranked[-1]
    name = {h: labels.get(h, str(h)) for h in ranked}
    mean, std, runs = ({h: summary[h][key][i] for h in ranked} for i in range(3))
    tie = [h for h in ranked if abs(mean[best] - mean[h]) < TIE]  # equal means: no winner to name
    lead, spread = abs(mean[best] - mean[second]), max(std[best], std[second])
    single = min(runs[best], runs[second]) < 2  # one run: no spread to measure
    clear = bool(lead > spread) and len(tie) == 1 and not single
    what, word = labels.get(key, key), ("ahead of" if higher_is_better else "below")
    if len(tie) > 1:
        sentence = (f"Best mean {what}: a tie between {join_names(name[h] for h in tie)} ({mean[best]:.3f} "
                    f"each): these runs do not separate them.")
    elif single:
        sentence = (f"Best {what}: {name[best]} ({mean[best]:.3f}), {points(lead)} points {word} "
                    f"{name[second]}; with one run per head no seed-to-seed spread can be measured, so these "
                    f"runs cannot tell whether the lead is more than chance.")
    else:
        sentence = (f"Best mean {what}: {name[best]} ({mean[best]:.3f}), {points(lead)} points {word} "
                    f"{name[second]}; the seed-to-seed spread is {points(spread)} points, "
                    + ("so the lead is larger than the spread." if clear else
                       "so the lead is within the spread: these runs do not separate the two."))
    if abs(mean[worst] - mean[second]) > TIE:  # a head further behind than the runner-up
        behind, wide = abs(mean[best] - mean[worst]), max(std[best], std[worst])
        sentence += (f" {'Lowest' if higher_is_better else 'Highest'}: {name[worst]} ({mean[worst]:.3f}), "
                     f"{points(behind)} points from the best")
        if min(runs[best], runs[worst]) < 2:  # one run: no spread to compare with
            sentence += "."
        else:
            sentence += (f", more than the larger spread ({points(wide)} points): lower at these settings, "
                         "by the rule of thumb (with a few seeds, not a significance test)."
                         if behind > wide else
                         f", within the larger spread ({points(wide)} points): not separated from it.")
    return {"best": best, "runner_up": second, "worst": worst, "lead": lead, "spread": spread,
            "clear": clear, "tie": tie, "sentence": sentence}


@validated
def points(share: Real()) -> str:
    """A difference of two shares in percentage points, with enough digits that a small lead never reads 0.0.

    >>> points(0.0123), points(0.0004), points(0.00001), points(0.0)
    ('1.2', '0.04', 'less than 0.01', '0.0')
    """
    value = 100 * abs(float(share))
    if value == 0 or value >= 0.095:
        return f"{value:.1f}"
    return f"{value:.2f}" if value >= 0.01 else "less than 0.01"


@validated
def join_names(names: Rule(_names)) -> str:
    """``"a"``, ``"a and b"``, ``"a, b and c"`` (from any iterable of names, a generator too)."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
