"""Lesson 06 (comparing heads fairly): what one run per head would have concluded, seed by seed,
the sentences that read the summaries, and the exercise checks (mean, spread, table, figure and
conclusion are generic: :mod:`utils.experiment`). Pure NumPy. An empty list of runs (the training cell
failed) gives a sentence that says so; anything else that is not runs is refused by name.

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


def _seed_values(runs: Sequence[Mapping], metric: str, heads: Sequence[str]) -> tuple[list, dict, dict]:
    """``(seeds, {(seed, head): value}, {head: its values over the seeds})`` from runs with "head",
    "seed" and a number ``metric``; a head with no value is left out of the last."""
    values = {(int(r["seed"]), r["head"]): float(r[metric]) for r in runs
              if r.get("head") in heads and r.get(metric) is not None}
    seeds = sorted({s for s, _ in values})
    per_head = {h: v for h in heads if (v := [values[(s, h)] for s in seeds if (s, h) in values])}
    return seeds, values, per_head


@validated
def anecdotes(runs: SeededRuns, metric: MetricName, heads: HeadNames, labels: Labels = None) -> dict:
    """What ONE run per head would have concluded, seed by seed (winner and lead), and over all seeds:
    whether they agree, the widest range of one head's results, and the largest lead one run gave.

    Returns ``{"winners": {seed: head, or None for a tie}, "leads": {seed: lead},
    "ties": {seed: heads sharing the best value}, "agree": bool (every seed that names a winner
    names the same one), "widest": (head, low, high), "max_lead": float, "sentence": str}``;
    ``labels`` maps head names to the text of the sentence.
    """
    seeds, values, per_head = _seed_values(runs, metric, heads)
    if not per_head:
        return {"winners": {}, "leads": {}, "ties": {}, "agree": False, "widest": None, "max_lead": 0.0,
                "sentence": NO_RUNS}
    name = {h: str((labels or {}).get(h, h)) for h in heads}
    winners, leads, ties = {}, {}, {}
    for seed in seeds:
        ranked = sorted((h for h in heads if (seed, h) in values), key=lambda h: -values[(seed, h)])
        ties[seed] = [h for h in ranked if values[(seed, ranked[0])] - values[(seed, h)] < experiment.TIE]
        winners[seed] = ranked[0] if len(ties[seed]) == 1 else None  # a tie names no winner
        leads[seed] = values[(seed, ranked[0])] - values[(seed, ranked[1])] if len(ranked) > 1 else 0.0
    widest = max(per_head, key=lambda h: max(per_head[h]) - min(per_head[h]))
    low, high, max_lead = min(per_head[widest]), max(per_head[widest]), max(leads.values())
    named = {w for w in winners.values() if w is not None}
    tied = [s for s in seeds if winners[s] is None]
    if len(named) != 1:
        agreement = "The seeds do not even agree on the winner. " if named else "No seed names a winner. "
    elif tied:
        are = f"seed {tied[0]} is" if len(tied) == 1 else f"seeds {join_names(map(str, tied))} are"
        agreement = f"The seeds that name a winner name the same one ({are} a tie). "
    else:
        agreement = "Every seed names the same winner. "
    told = "; ".join(_verdict(winners[s], leads[s], ties[s], name, f"seed {s}: ") for s in seeds)
    compare = ("as much as" if abs(high - low - max_lead) < experiment.TIE else
               "more than" if high - low > max_lead else "less than")
    sentence = (f"One run per head would have said: {told}. {agreement}One head alone ({name[widest]}) "
                f"ranges over {points(high - low)} points from seed to seed, {compare} the largest lead "
                f"one run gave its winner ({points(max_lead)} points).")
    return {"winners": winners, "leads": leads, "ties": ties, "agree": len(named) == 1,
            "widest": (widest, low, high), "max_lead": max_lead, "sentence": sentence}


def _verdict(winner, lead: float, tie: list, name: Mapping, prefix: str = "") -> str:
    """``"seed 0: Flatten by 1.1 points"``, or ``"seed 0: a tie between Flatten and global max"``."""
    if winner is None:
        return f"{prefix}a tie between " + join_names(name[h] for h in tie)
    return f"{prefix}{name[winner]} by {points(lead)} points"


@validated
def seed_table(runs: SeededRuns, metric: MetricName, heads: HeadNames, labels: Labels = None) -> str:
    """A text table: one row per seed with every head's ``metric``, the winner of that seed and its
    lead; a last row with each head's range over the seeds.

    >>> runs = [{"head": "a", "seed": 0, "val": 0.9}, {"head": "b", "seed": 0, "val": 0.85}]
    >>> print(seed_table(runs, "val", ["a", "b"]).splitlines()[2])
    seed 0         0.9000   0.8500   a by 5.0 points
    """
    seeds, values, per_head = _seed_values(runs, metric, heads)
    if not seeds:
        return NO_RUNS
    found = anecdotes(runs, metric, heads, labels)
    name = {h: str((labels or {}).get(h, h)) for h in heads}
    widths = [max(len(name[h]), 5) + 4 for h in heads]
    lines = [f"{'':<12}" + "".join(f"{name[h]:>{w}}" for h, w in zip(heads, widths)) + "   one run would say"]
    lines.append("-" * len(lines[0]))
    for seed in seeds:
        # Four decimals, so the lead the row states can be read off its own numbers (0.970 vs 0.978 read
        # as 0.8 points for a lead of 0.74).
        cells = "".join(f"{values[(seed, h)]:>{w}.4f}" if (seed, h) in values else f"{'-':>{w}}"
                        for h, w in zip(heads, widths))
        verdict = _verdict(found["winners"][seed], found["leads"][seed], found["ties"][seed], name)
        lines.append(f"{f'seed {seed}':<12}{cells}   {verdict}")
    ranges = "".join(f"{100 * (max(per_head[h]) - min(per_head[h])):>{w - 4}.1f} pts" if h in per_head
                     else f"{'-':>{w}}" for h, w in zip(heads, widths))
    return "\n".join(lines + [f"{'range':<12}{ranges}"])


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
    gaps = {h: summary[h]["overfit"] for h in summary if _mean(summary, h, "overfit") is not None}
    if len(gaps) < 2:
        return NO_RUNS
    name = {h: (labels or {}).get(h, h) for h in gaps}
    smallest, largest = min(gaps, key=lambda h: gaps[h][0]), max(gaps, key=lambda h: gaps[h][0])
    best_val = max(gaps, key=lambda h: _mean(summary, h, "val"))
    each = ", ".join(f"{name[h]} {100 * gap[0]:.1f} ± {100 * gap[1]:.1f}" for h, gap in gaps.items())
    difference = gaps[largest][0] - gaps[smallest][0]
    spread = max(gaps[smallest][1], gaps[largest][1])
    if difference < experiment.TIE:
        return f"Train minus validation accuracy, in points: {each}. A tie: no head overfits less here."
    sentence = (f"Train minus validation accuracy, in points: {each}. Smallest gap: {name[smallest]}, "
                f"{points(difference)} points below {name[largest]}; the spread is {points(spread)} "
                "points, so " + ("the difference is larger than the spread." if difference > spread else
                                 "the difference is within the spread: these runs do not show that one head "
                                 "overfits less."))
    if best_val == smallest:
        return sentence + f" {name[smallest]} also has the best mean validation accuracy."
    return sentence + (f" But the best mean validation accuracy is {name[best_val]}'s: a smaller gap did not "
                       "make a more accurate model.")


@validated
def best_seed_bias(runs: Runs, heads: HeadNames, labels: Labels = None) -> str:
    """Per head: the mean test accuracy and the best seed's, and how much choosing on the test set adds."""
    lines = []
    for head in heads:
        tests = [r["test"] for r in runs if r.get("head") == head and r.get("test") is not None]
        if tests:
            mean, best = np.mean(tests), max(tests)
            lines.append(f"{(labels or {}).get(head, head):<16} mean {mean:.3f}   best seed {best:.3f}   "
                         f"(+{100 * (best - mean):.1f} points by choosing on the test set)")
    return "\n".join(lines) or NO_RUNS


# --- Exercise checks -----------------------------------------------------------------------------------

def _number(name: str, value: Any) -> float:
    arr = np.asarray(value) if not isinstance(value, (str, bytes)) else None
    if arr is None or arr.size != 1 or arr.dtype.kind not in "iuf":
        raise checks.Unusable(f"{name} must be one number (such as 0.004), got {value!r}."[:200])
    number = float(arr.reshape(()))
    if not math.isfinite(number):
        raise checks.Unusable(f"{name} is {number}: compute it from the two lists of accuracies.")
    return number


def _mistake(got: float, known: list, otherwise: str) -> str:
    """The message of the first ``(value, tolerance, message)`` that ``got`` is within, else ``otherwise``."""
    return next((why for value, tolerance, why in known if abs(got - value) <= tolerance), otherwise)


def check_seed_verdict(lead: Any, spread: Any, real: Any) -> checks.CheckResult:
    """Exercise 6.1: for :data:`SCORES_A` and :data:`SCORES_B`, the lead of the better mean, the
    spread (the larger sample standard deviation, ``ddof=1``) and whether the lead exceeds it.
    Numbers may be Python or NumPy (size-1 arrays too), the verdict a bool or NumPy bool.

    >>> a, b = np.array(SCORES_A), np.array(SCORES_B)
    >>> check_seed_verdict(abs(a.mean() - b.mean()), max(a.std(ddof=1), b.std(ddof=1)), False).correct
    True
    """
    a, b = np.asarray(SCORES_A), np.asarray(SCORES_B)
    want_lead, want_spread, tolerance = abs(a.mean() - b.mean()), max(a.std(ddof=1), b.std(ddof=1)), 5e-4

    def judge(answer):
        lead_, spread_, real_ = answer
        if any(v is Ellipsis for v in (lead_, spread_, real_)):
            raise checks.NotAttempted
        got_lead, got_spread = _number("lead", lead_), _number("spread", spread_)
        if isinstance(real_, np.ndarray) and real_.size == 1 and real_.dtype == bool:
            real_ = bool(real_.reshape(-1)[0])  # np.array(False)
        if not isinstance(real_, (bool, np.bool_)):
            raise checks.Unusable(f"real must be True or False, got {real_!r}."[:200])
        problems = []
        if abs(got_lead - want_lead) > tolerance:
            problems.append(_mistake(got_lead, [
                (abs(a[0] - b[0]), tolerance, "lead: that is the difference of seed 0 alone, one "
                 "anecdote; compare the means over all five seeds."),
                (-want_lead, tolerance, "lead: right size, but negative; the lead is the better mean minus "
                 "the other (a number >= 0)."),
                (100 * want_lead, 100 * tolerance, "lead: that looks like percentage points; give it as a "
                 "fraction, like the accuracies (0.012, not 1.2).")],
                "lead: compute each head's mean accuracy over the five seeds, then their difference."))
        if abs(got_spread - want_spread) > tolerance:
            problems.append(_mistake(got_spread, [
                (max(a.std(), b.std()), tolerance / 5, "spread: that is the population standard deviation "
                 "(ddof=0); for a few seeds use the sample one, std(ddof=1), as utils.experiment does."),
                (min(a.std(ddof=1), b.std(ddof=1)), tolerance, "spread: take the LARGER of the two "
                 "heads' standard deviations."),
                (100 * want_spread, 100 * tolerance, "spread: that looks like percentage points; give it "
                 "as a fraction.")],
                "spread: the standard deviation over the seeds of each head's accuracies (ddof=1), the "
                "larger of the two."))
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
_NEGATIONS = {"not", "except", "nor", "excluding", "no", "none", "neither"}


def _read_letters(text: str) -> tuple[list, list]:
    """The statement letters in ``text`` and the single letters that name no statement. Words are split
    at anything but letters; a word made only of A-F (``"bcd"``) is its letters, other words are prose.
    "not", "except" (and "but" after "all") negate the letters after them; a clause that ends in its "not",
    or that calls its letters fine, chooses none of them.

    >>> _read_letters("Flaws: B, C and D"), _read_letters("B, G"), _read_letters("All except A, E and F")
    ((['B', 'C', 'D'], []), (['B'], ['G']), (['B', 'C', 'D'], []))
    >>> _read_letters("b, c, d (a, e and f are not flaws)")[0], _read_letters("B-D")[0]
    (['B', 'C', 'D'], ['B', 'C', 'D'])
    >>> _read_letters("B to D")[0], _read_letters("B, C, D; none of A, E")[0]
    (['B', 'C', 'D'], ['B', 'C', 'D'])
    >>> _read_letters("B, C, D. A, E, F: no.")[0]
    ['B', 'C', 'D']
    """
    letters, unknown = [], []
    # With capital letters written ("Bad: B, C and D are each a real flaw"), only all-capital words are
    # letters: "a" and "Bad" are prose. All in lower case ("bcd"), the words are the letters.
    capitals = any(w.isupper() and set(w) <= set("ABCDEF") for w in re.findall(r"[A-Za-z]+", text))
    text = re.sub(r"n['’]t\b", " not", text)  # "E isn't a flaw"
    text = re.sub(r"\bI\b", " ", text)  # "I think B, C and D": the pronoun, never a statement
    text = re.sub(r"\b([A-Fa-f])(?:\s*[-–]\s*|\s+(?:to|through)\s+)([A-Fa-f])\b",  # "B-D", "B to D": a range
                  lambda m: " ".join(chr(c) for c in range(ord(m[1]), ord(m[2]) + 1)), text)
    text = re.sub(r"\b[Aa]n? (?=(?:real |true )?(?:flaw|problem|mistake)s?\b)", "", text)  # the article
    clauses = []
    # Clauses end at ; ( ) [ ] a line break, a full stop, a colon, a dash between spaces, or ", but".
    for clause in re.split(r"[;()\[\]\n]|\.\s|:\s|\s[-–—]\s|,\s*but\b", text):
        said = {w.lower() for w in re.findall(r"[A-Za-z]+", clause)}
        # "B, C, D are flaws, A is fine": both kinds in one clause, so read it comma by comma
        clauses += clause.split(",") if said & _FINE and said & _FLAW else [clause]
    chosen: list = []  # the letters the previous clause chose: a bare "no." after it takes them back
    for clause in clauses:
        before, after, negated, every = [], [], False, False
        words = re.findall(r"[A-Za-z]+", clause)
        said = {w.lower() for w in words}
        if said and said <= _NEGATIONS:  # "A, E, F: no."
            letters = letters[:len(letters) - len(chosen)]
            chosen = []
            continue
        if said & _FINE and not said & _FLAW:
            continue  # "(A, E and F are fine)": a clause that clears its letters chose none of them
        for word in words:
            if word.lower() in ("all", "every", "everything") and not negated:
                every = True  # "All except A, E and F": every letter, minus the ones after
            elif word.lower() in _NEGATIONS or (every and word.lower() == "but"):
                negated = True
            elif word.lower() in ("and", "or") or (capitals and not word.isupper()):
                continue  # "and", "a", "Bad", "flaws": prose
            elif set(word.upper()) <= set("ABCDEF"):
                (after if negated else before).extend(word.upper())
            elif len(word) == 1 and word not in unknown:
                unknown.append(word)
        if every:
            chosen = [c for c in "ABCDEF" if c not in after]
        elif not (negated and not after):  # a clause that ends in its "not" chose none of its letters
            chosen = before
        else:
            chosen = []
        letters += chosen
    return letters, unknown


def check_flaws(answer: Any) -> checks.CheckResult:
    """Exercise 6.2 (transfer): the letters of the statements that name real flaws of the described
    comparison, as a set, list or tuple of letters or a string such as ``"Flaws: B, C and D"`` or ``"bcd"``;
    explains each missed flaw and each statement wrongly taken for one.

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
