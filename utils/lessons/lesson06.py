"""Lesson 06 (comparing heads fairly): what one run per head would have concluded, seed by seed,
the sentences that read the summaries (GAP vs Flatten, validation vs test, the overfitting gap, the
best-seed bias), and the checks of the lesson's exercises. The training itself is plain Keras in
the notebook; mean, spread, table, figure and conclusion are generic: :mod:`utils.experiment`.

Pure NumPy. Every function accepts an empty list of runs (the training cell failed) and then says
so, so no later cell breaks on an earlier mistake; anything else that is not runs, a summary or names
is refused at once by name, with the argument rules of :mod:`utils.experiment`.

>>> runs = [{"head": h, "seed": s, "val": v} for s, (a, b) in enumerate([(.9, .8), (.7, .8)])
...         for h, v in (("a", a), ("b", b))]
>>> anecdotes(runs, "val", ["a", "b"])["winners"]
{0: 'a', 1: 'b'}
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from utils import checks, experiment
from utils._validate import Test, validated, whole_number
from utils.experiment import NO_RUNS, HeadNames, Labels, MetricName, Runs, Summary, join_names, points

__all__ = ["PANELS", "LABELS", "SCORES_A", "SCORES_B", "seed_table", "anecdotes", "versus",
           "validation_vs_test", "overfitting", "best_seed_bias", "check_seed_verdict", "check_flaws"]

#: No widget: every number here is a table or a figure a learner reads at once; a slider adds nothing.
PANELS: list = []

#: Display names of the heads the lesson trains (and of the ones a learner may add) and of the metrics.
LABELS = {"flatten": "Flatten", "gap": "global average", "gmp": "global max",
          "adaptive": "adaptive 2x2", "avg+max": "average + max", "val": "validation", "test": "test",
          "epochs": "best epoch", "train": "train"}

#: Exercise 6.1: test accuracy of two heads over five seeds (seed 0 first).
SCORES_A = (0.951, 0.962, 0.948, 0.970, 0.957)
SCORES_B = (0.958, 0.953, 0.966, 0.961, 0.967)

#: Runs that also say which seed each one is: the story is told seed by seed.
SeededRuns = experiment.runs_of("seed")
HeadName = Test(lambda v: isinstance(v, str), "a head name (text)")


def _seed_values(runs: Sequence[Mapping], metric: str, heads: Sequence[str]) -> tuple[list, dict]:
    """``(seeds, {(seed, head): value})`` from runs with "head", "seed" and a number ``metric``."""
    values = {(int(r["seed"]), r["head"]): float(r[metric]) for r in runs
              if r.get("head") in heads and r.get(metric) is not None}
    return sorted({s for s, _ in values}), values


@validated
def anecdotes(runs: SeededRuns, metric: MetricName, heads: HeadNames, labels: Labels = None) -> dict:
    """What ONE run per head would have concluded, for each seed: the winner and its lead; and,
    over all seeds, whether every seed names the same winner, the widest range of one head's
    results over the seeds, and the largest lead one run gave its winner. (A range of single runs is
    the yardstick for a single run's lead, not for a difference of means: that is section 5's.)

    Returns ``{"winners": {seed: head, or None for a tie}, "leads": {seed: lead},
    "ties": {seed: heads sharing the best value}, "agree": bool (every seed that names a winner
    names the same one), "widest": (head, low, high), "max_lead": float, "sentence": str}``;
    ``labels`` maps head names to the text of the sentence.
    """
    seeds, values = _seed_values(runs, metric, heads)
    name = {h: str((labels or {}).get(h, h)) for h in heads}
    winners, leads, ties = {}, {}, {}
    for seed in seeds:
        ranked = sorted((h for h in heads if (seed, h) in values), key=lambda h: -values[(seed, h)])
        ties[seed] = [h for h in ranked if values[(seed, ranked[0])] - values[(seed, h)] < experiment.TIE]
        winners[seed] = ranked[0] if len(ties[seed]) == 1 else None  # a tie names no winner
        leads[seed] = values[(seed, ranked[0])] - values[(seed, ranked[1])] if len(ranked) > 1 else 0.0
    per_head = {h: v for h in heads if (v := [values[(s, h)] for s in seeds if (s, h) in values])}
    if not per_head:
        return {"winners": {}, "leads": {}, "ties": {}, "agree": False, "widest": None, "max_lead": 0.0,
                "sentence": NO_RUNS}
    widest = max(per_head, key=lambda h: max(per_head[h]) - min(per_head[h]))
    max_lead = max(leads.values())
    low, high = min(per_head[widest]), max(per_head[widest])
    named = {w for w in winners.values() if w is not None}
    agree = len(named) == 1  # every seed that names a winner names the same one
    told = "; ".join(_verdict(winners[s], leads[s], ties[s], name, f"seed {s}: ") for s in seeds)
    tied = [s for s in seeds if winners[s] is None]
    if agree:
        agreement = ("Every seed names the same winner. " if not tied else
                     f"The seeds that name a winner name the same one ({_seeds(tied)} a tie). ")
    else:
        agreement = "The seeds do not even agree on the winner. " if named else "No seed names a winner. "
    compare = ("as much as" if abs(high - low - max_lead) < experiment.TIE else
               "more than" if high - low > max_lead else "less than")
    sentence = (f"One run per head would have said: {told}. {agreement}One head alone ({name[widest]}) "
                f"ranges over {points(high - low)} points from seed to seed, {compare} the largest lead "
                f"one run gave its winner ({points(max_lead)} points).")
    return {"winners": winners, "leads": leads, "ties": ties, "agree": agree, "widest": (widest, low, high),
            "max_lead": max_lead, "sentence": sentence}


def _verdict(winner, lead: float, tie: list, name: Mapping, prefix: str = "") -> str:
    """``"seed 0: Flatten by 1.1 points"``, or ``"seed 0: a tie between Flatten and global max"``."""
    if winner is None:
        return f"{prefix}a tie between " + join_names(name[h] for h in tie)
    return f"{prefix}{name[winner]} by {points(lead)} points"


def _seeds(seeds: list) -> str:
    return (f"seed {seeds[0]} is" if len(seeds) == 1 else
            "seeds " + ", ".join(str(s) for s in seeds[:-1]) + f" and {seeds[-1]} are")


@validated
def seed_table(runs: SeededRuns, metric: MetricName, heads: HeadNames, labels: Labels = None) -> str:
    """A text table: one row per seed with every head's ``metric``, the winner of that seed and its
    lead; a last row with each head's range over the seeds.

    >>> runs = [{"head": "a", "seed": 0, "val": 0.9}, {"head": "b", "seed": 0, "val": 0.85}]
    >>> print(seed_table(runs, "val", ["a", "b"]).splitlines()[2])
    seed 0          0.900    0.850   a by 5.0 points
    """
    labels = dict(labels or {})
    seeds, values = _seed_values(runs, metric, heads)
    if not seeds:
        return NO_RUNS
    found = anecdotes(runs, metric, heads, labels)
    names = [str(labels.get(h, h)) for h in heads]
    widths = [max(len(n), 5) + 4 for n in names]
    lines = [f"{'':<12}" + "".join(f"{n:>{w}}" for n, w in zip(names, widths)) + "   one run would say"]
    lines.append("-" * len(lines[0]))
    for seed in seeds:
        cells = "".join(f"{values[(seed, h)]:>{w}.3f}" if (seed, h) in values else f"{'-':>{w}}"
                        for h, w in zip(heads, widths))
        verdict = _verdict(found["winners"][seed], found["leads"][seed], found["ties"][seed],
                           {h: str(labels.get(h, h)) for h in heads})
        lines.append(f"{f'seed {seed}':<12}{cells}   {verdict}")
    ranges = []
    for h, w in zip(heads, widths):
        v = [values[(s, h)] for s in seeds if (s, h) in values]
        ranges.append(f"{100 * (max(v) - min(v)):>{w - 4}.1f} pts" if v else f"{'-':>{w}}")
    return "\n".join(lines + [f"{'range':<12}" + "".join(ranges)])


def _mean(summary: Mapping, head: str, metric: str) -> float | None:
    return summary.get(head, {}).get(metric, (None,))[0]


@validated
def versus(summary: Summary, head: HeadName, other: HeadName, metric: MetricName,
           params: Test(lambda v: isinstance(v, Mapping), "a dict of parameter counts by head")) -> str:
    """``"global average minus Flatten: -0.4 points of mean test accuracy, with 5,130 fewer parameters"``."""
    a, b = _mean(summary, head, metric), _mean(summary, other, metric)
    if a is None or b is None:
        return NO_RUNS
    count = {h: whole_number(f"params[{h!r}]", params.get(h), 0) for h in (head, other)}  # both must be there
    return (f"{LABELS.get(head, head)} minus {LABELS.get(other, other)}: {100 * (a - b):+.1f} points of mean "
            f"{metric} accuracy, with {count[other] - count[head]:,} fewer parameters")


@validated
def validation_vs_test(summary: Summary) -> str:
    """The largest distance between a head's mean validation and mean test accuracy, in points."""
    gaps = [abs(_mean(summary, h, "val") - _mean(summary, h, "test")) for h in summary
            if _mean(summary, h, "val") is not None and _mean(summary, h, "test") is not None]
    if not gaps:
        return NO_RUNS
    return (f"largest gap between a head's mean validation and mean test accuracy: "
            f"{100 * max(gaps):.1f} points")


@validated
def overfitting(summary: Summary, labels: Labels = None) -> str:
    """What the train-minus-validation gaps (metric ``"overfit"``, with ``"val"``) show, computed: the head
    with the smallest mean gap, whether its distance to the largest exceeds the spread, and whether
    that head also has the best validation accuracy."""
    labels = dict(labels or {})
    heads = [h for h in summary if _mean(summary, h, "overfit") is not None]
    if len(heads) < 2:
        return NO_RUNS
    name = {h: labels.get(h, h) for h in heads}
    smallest = min(heads, key=lambda h: _mean(summary, h, "overfit"))
    largest = max(heads, key=lambda h: _mean(summary, h, "overfit"))
    best_val = max(heads, key=lambda h: _mean(summary, h, "val"))
    each = ", ".join(f"{name[h]} {100 * _mean(summary, h, 'overfit'):.1f} "
                     f"± {100 * summary[h]['overfit'][1]:.1f}" for h in heads)
    difference = _mean(summary, largest, "overfit") - _mean(summary, smallest, "overfit")
    spread = max(summary[smallest]["overfit"][1], summary[largest]["overfit"][1])
    if difference < experiment.TIE:
        return f"Train minus validation accuracy, in points: {each}. A tie: no head overfits less here."
    sentence = (f"Train minus validation accuracy, in points: {each}. Smallest gap: {name[smallest]}, "
                f"{points(difference)} points below {name[largest]}; the spread is {points(spread)} "
                "points, so "
                + ("the difference is larger than the spread." if difference > spread else
                   "the difference is within the spread: these runs do not show that one head overfits "
                   "less."))
    if best_val == smallest:
        return sentence + f" {name[smallest]} also has the best mean validation accuracy."
    return sentence + (f" But the best mean validation accuracy is {name[best_val]}'s: a smaller gap "
                       "did not make "
                       f"a more accurate model.")


@validated
def best_seed_bias(runs: Runs, heads: HeadNames, labels: Labels = None) -> str:
    """Per head: the mean test accuracy and the best seed's, and how much choosing on the test set adds."""
    labels, lines = dict(labels or {}), []
    for head in heads:
        tests = [r["test"] for r in runs if r.get("head") == head and r.get("test") is not None]
        if tests:
            lines.append(f"{labels.get(head, head):<16} mean {np.mean(tests):.3f}   "
                         f"best seed {max(tests):.3f}   "
                         f"(+{100 * (max(tests) - np.mean(tests)):.1f} points by choosing on the test set)")
    return "\n".join(lines) or NO_RUNS


# ---------------------------------------------------------------------------
# Exercise checks
# ---------------------------------------------------------------------------

def _number(name: str, value: Any) -> float:
    arr = np.asarray(value) if not isinstance(value, (str, bytes)) else None
    if arr is None or arr.size != 1 or arr.dtype.kind not in "iuf":
        raise checks.Unusable(f"{name} must be one number (such as 0.004), got {value!r}."[:200])
    number = float(arr.reshape(()))
    if not math.isfinite(number):
        raise checks.Unusable(f"{name} is {number}: compute it from the two lists of accuracies.")
    return number


def check_seed_verdict(lead: Any, spread: Any, real: Any) -> checks.CheckResult:
    """Exercise 6.1: for :data:`SCORES_A` and :data:`SCORES_B`, the lead of the better mean, the
    spread (the larger sample standard deviation, ``ddof=1``) and whether the lead exceeds it.

    Accepts Python or NumPy numbers (and size-1 arrays) and a bool or NumPy bool; targeted messages
    for a lead from seed 0 alone, a negative lead, points instead of a fraction, the population
    standard deviation (``ddof=0``), and a verdict that contradicts the two numbers.

    >>> a, b = np.array(SCORES_A), np.array(SCORES_B)
    >>> check_seed_verdict(abs(a.mean() - b.mean()), max(a.std(ddof=1), b.std(ddof=1)), False).correct
    True
    """
    a, b = np.asarray(SCORES_A), np.asarray(SCORES_B)
    want_lead = abs(a.mean() - b.mean())
    want_spread = max(a.std(ddof=1), b.std(ddof=1))
    tolerance = 5e-4

    def judge(answer):
        lead_, spread_, real_ = answer
        if any(v is Ellipsis for v in (lead_, spread_, real_)):
            raise checks.NotAttempted
        got_lead, got_spread = _number("lead", lead_), _number("spread", spread_)
        if isinstance(real_, np.ndarray) and real_.size == 1 and real_.dtype == bool:
            real_ = bool(real_.reshape(-1)[0])  # np.array(False), as the docstring promises
        if not isinstance(real_, (bool, np.bool_)):
            raise checks.Unusable(f"real must be True or False, got {real_!r}."[:200])
        problems = []
        if abs(got_lead - want_lead) > tolerance:
            if abs(got_lead - abs(a[0] - b[0])) <= tolerance:
                problems.append("lead: that is the difference of seed 0 alone, one anecdote; compare the "
                                "means over all five seeds.")
            elif abs(got_lead + want_lead) <= tolerance:
                problems.append("lead: right size, but negative; the lead is the better mean minus the "
                                "other (a number >= 0).")
            elif abs(got_lead - 100 * want_lead) <= 100 * tolerance:
                problems.append("lead: that looks like percentage points; give it as a fraction, like the "
                                "accuracies (0.012, not 1.2).")
            else:
                problems.append("lead: compute each head's mean accuracy over the five seeds, then their "
                                "difference.")
        if abs(got_spread - want_spread) > tolerance:
            population = max(a.std(), b.std())
            if abs(got_spread - population) <= tolerance / 5:
                problems.append("spread: that is the population standard deviation (ddof=0); for a few "
                                "seeds use the sample one, std(ddof=1), as utils.experiment does.")
            elif abs(got_spread - min(a.std(ddof=1), b.std(ddof=1))) <= tolerance:
                problems.append("spread: take the LARGER of the two heads' standard deviations.")
            elif abs(got_spread - 100 * want_spread) <= 100 * tolerance:
                problems.append("spread: that looks like percentage points; give it as a fraction.")
            else:
                problems.append("spread: the standard deviation over the seeds of each head's accuracies "
                                "(ddof=1), the larger of the two.")
        if bool(real_) != bool(got_lead > got_spread):
            problems.append(f"real: with your numbers the lead ({got_lead:.4f}) is "
                            f"{'larger' if got_lead > got_spread else 'not larger'} than the spread "
                            f"({got_spread:.4f}), so real should be {got_lead > got_spread}.")
        elif not problems and bool(real_) != bool(want_lead > want_spread):
            problems.append("real: compare the lead with the spread.")
        return problems or None

    return checks.run_check("Exercise 6.1", (lead, spread, real), judge,
                            hint="Means over all seeds first; then ask whether their difference is larger "
                                 "than the seed-to-seed spread.",
                            success=f"Right: B's {100 * (b[0] - a[0]):.1f}-point win in seed 0 shrinks to a "
                                    f"{100 * want_lead:.1f}-point lead of the means, within the "
                                    f"{100 * want_spread:.1f}-point spread: no evidence either way.")


#: Exercise 6.2: the flaws of the described comparison (letters of the statements in the notebook).
FLAWS = {"B", "C", "D"}
_NOT_FLAWS = {
    "A": "A is not a flaw: both heads had the same optimiser, learning rate and 30-epoch budget.",
    "E": "E is not a flaw: a head with fewer parameters does not need more epochs; the same budget for "
         "both (with early stopping on validation) is what makes the comparison fair.",
    "F": "F is not a flaw: she did use the same training set for both heads.",
}
_MISSED = {
    "B": "you missed B: choosing the epoch by test accuracy turns the test set into a validation set, so "
         "the reported numbers are the best of 30 noisy looks: optimistic.",
    "C": "you missed C: with one seed per head, a 1.2-point lead can be noise from the starting weights.",
    "D": "you missed D: with the test set used for stopping, no untouched data is left to measure the "
         "final accuracy; a validation split carved out of the training set would fix it.",
}


# Words that clear the letters of their clause ("A, E and F are fine"), unless it also names flaws.
_FINE = {"fine", "ok", "okay", "correct", "harmless", "acceptable", "legitimate", "innocent", "valid"}
_FLAW = {"flaw", "flaws", "flawed", "problem", "problems", "wrong", "bad"}


def _read_letters(text: str) -> tuple[list, list]:
    """The statement letters in ``text`` and the single letters that name no statement. Words are split
    at anything but letters; a word made only of A-F (``"bcd"``) is its letters; other words are prose
    ("Flaws:", "and", "statements") and are skipped.

    >>> _read_letters("Flaws: B, C and D"), _read_letters("B, G"), _read_letters("B, C, D (not A, E or F)")
    ((['B', 'C', 'D'], []), (['B'], ['G']), (['B', 'C', 'D'], []))
    >>> _read_letters("b, c, d (a, e and f are not flaws)")[0]
    ['B', 'C', 'D']
    >>> _read_letters("All except A, E and F")[0], _read_letters("all but a")[0]
    (['B', 'C', 'D'], ['B', 'C', 'D', 'E', 'F'])
    >>> _read_letters("B, C and D (A, E and F are fine)")[0], _read_letters("B, C, D; E isn't a flaw")[0]
    (['B', 'C', 'D'], ['B', 'C', 'D'])
    >>> _read_letters("bcd - all else is fine")[0], _read_letters("B-D")[0]
    (['B', 'C', 'D'], ['B', 'C', 'D'])
    >>> _read_letters("I think B, C and D")
    (['B', 'C', 'D'], [])
    >>> _read_letters("B, C, D, but A and E and F are OK")[0]
    ['B', 'C', 'D']
    """
    letters, unknown = [], []
    # With capital letters written ("Bad: B, C and D are each a real flaw"), only all-capital words are
    # letters: "a" and "Bad" are prose. All in lower case ("bcd"), the words are the letters.
    capitals = any(w.isupper() and set(w) <= set("ABCDEF") for w in re.findall(r"[A-Za-z]+", text))
    # Negation, clause by clause: "B, C, D (not A, E or F)" and "B, C and D, not A" negate the letters after
    # "not"; "b, c, d (a, e and f are not flaws)" and "...; A is not" negate a clause whose "not" ends it.
    text = re.sub(r"n['’]t\b", " not", text)  # "E isn't a flaw" (review r11)
    text = re.sub(r"\bI\b", " ", text)  # "I think B, C and D": the pronoun, never a statement (review r13)
    text = re.sub(r"\b([A-Fa-f])[-–]([A-Fa-f])\b",  # "B-D": a range of statements (review r13)
                  lambda m: " ".join(chr(c) for c in range(ord(m[1]), ord(m[2]) + 1)), text)
    text = re.sub(r"\b[Aa]n? (?=(?:real |true )?(?:flaw|problem|mistake)s?\b)", "", text)  # the article
    clauses = []
    # Clauses end at ; ( ) [ ] a line break, a full stop, a colon, or a dash between spaces ("bcd - all else
    # is fine": the second clause clears nothing of the first).
    # ", but" starts a clause too: "B, C, D, but A and E and F are OK" (review r13).
    for clause in re.split(r"[;()\[\]\n]|\.\s|:\s|\s[-–—]\s|,\s*but\b", text):
        said = {w.lower() for w in re.findall(r"[A-Za-z]+", clause)}
        # "B, C, D are flaws, A is fine": both kinds in one clause, so read it comma by comma
        clauses += clause.split(",") if said & _FINE and said & _FLAW else [clause]
    for clause in clauses:
        before, after, negated, every = [], [], False, False
        words = re.findall(r"[A-Za-z]+", clause)
        if {w.lower() for w in words} & _FINE and not {w.lower() for w in words} & _FLAW:
            continue  # "(A, E and F are fine)": a clause that clears its letters chose none of them
        for word in words:
            if word.lower() in ("all", "every", "everything") and not negated:
                every = True  # "All except A, E and F" (review r10): every letter, minus the ones after
            elif word.lower() in ("not", "except", "nor", "excluding") or (every and word.lower() == "but"):
                negated = True
            elif word.lower() in ("and", "or") or (capitals and not word.isupper()):
                continue  # "and", "a", "Bad", "flaws": prose
            elif set(word.upper()) <= set("ABCDEF"):
                (after if negated else before).extend(word.upper())
            elif len(word) == 1 and word not in unknown:
                unknown.append(word)
        if every:
            letters += [c for c in "ABCDEF" if c not in after]
        elif not (negated and not after):  # a clause that ends in its "not" chose none of its letters
            letters += before
    return letters, unknown


def check_flaws(answer: Any) -> checks.CheckResult:
    """Exercise 6.2 (transfer): the letters of the statements that name real flaws of the described
    comparison. Accepts a set, list or tuple of letters, or a string such as ``"B, C, D"``,
    ``"Flaws: B, C and D"`` or ``"bcd"`` (other words are skipped); explains each missed
    flaw and each statement wrongly taken for one.

    >>> check_flaws({"B", "C", "D"}).correct
    True
    """
    def judge(ans):
        if isinstance(ans, str):
            text = ans
        elif isinstance(ans, (set, frozenset, list, tuple)):
            if not all(isinstance(c, str) for c in ans):
                raise checks.Unusable("give the letters as text, for example {'A', 'F'}.")
            text = " ".join(ans)
        else:
            raise checks.Unusable(f"give the letters as a set such as {{'A', 'F'}} or a string such as "
                                  f"'A, F', got {type(ans).__name__}.")
        letters, unknown = _read_letters(text)
        if unknown:
            return (f"the statements are A to F; {', '.join(repr(w) for w in unknown)} "
                    f"{'is' if len(unknown) == 1 else 'are'} not one of them.")
        chosen = set(letters)
        if not chosen:
            return "the comparison does have flaws: name at least one statement."
        problems = [_NOT_FLAWS[c] for c in sorted(chosen - FLAWS)]
        problems += [_MISSED[c] for c in sorted(FLAWS - chosen)]
        return problems or None

    return checks.run_check("Exercise 6.2", answer, judge,
                            hint="For each statement ask: did she really do this, and would it change the "
                                 "numbers she reports?",
                            success="Right: test-set stopping, one seed, and nothing untouched left to "
                                    "test on.")
