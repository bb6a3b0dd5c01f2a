"""Lesson 06 (comparing heads fairly): the seed-by-seed story and the exercise checks.
(The experiment itself, utils.experiment, is tested in tests/test_experiment.py.)"""

import numpy as np
import pytest

from utils.checks import ExerciseError
from utils.lessons import lesson06

A, B = np.array(lesson06.SCORES_A), np.array(lesson06.SCORES_B)
LEAD, SPREAD = abs(A.mean() - B.mean()), max(A.std(ddof=1), B.std(ddof=1))


def runs_of(table):
    """``{seed: {head: value}}`` -> runs."""
    return [{"head": h, "seed": s, "val": v} for s, row in table.items() for h, v in row.items()]


# --- one run is an anecdote -------------------------------------------------------------

def test_each_seed_names_its_own_winner_and_the_story_says_they_disagree():
    runs = runs_of({0: {"gap": 0.95, "flatten": 0.97}, 1: {"gap": 0.98, "flatten": 0.96},
                    2: {"gap": 0.96, "flatten": 0.955}})
    story = lesson06.anecdotes(runs, "val", ["flatten", "gap"])
    assert story["winners"] == {0: "flatten", 1: "gap", 2: "gap"} and not story["agree"]
    assert story["leads"][0] == pytest.approx(0.02) and story["widest"] == ("gap", 0.95, 0.98)
    assert story["max_lead"] == pytest.approx(0.02)  # seeds 0 and 1; seed 2's lead is 0.5 points
    assert "do not even agree" in story["sentence"]
    # the yardstick of one run's lead is one head's range of single runs, not a difference of means (r18)
    assert "more than the largest lead one run gave its winner (2.0 points)" in story["sentence"]


def test_seeds_that_agree_are_reported_as_agreeing():
    runs = runs_of({0: {"a": 0.9, "b": 0.5}, 1: {"a": 0.91, "b": 0.52}})
    story = lesson06.anecdotes(runs, "val", ["a", "b"], {"a": "head A"})
    assert "seed 0: head A by 40.0 points" in story["sentence"]
    assert story["agree"] and "same winner" in story["sentence"] and "less than" in story["sentence"]


@pytest.mark.parametrize("heads", [["flatten", "gmp"], ["gmp", "flatten"]])
def test_a_tied_seed_names_no_winner_whatever_the_order_of_the_heads(heads):
    # 261/270 each on seed 0; seeds 1 and 2 both name global max: the seeds that name a winner agree.
    runs = runs_of({0: {"flatten": 261 / 270, "gmp": 261 / 270}, 1: {"flatten": 0.95, "gmp": 0.97},
                    2: {"flatten": 0.96, "gmp": 0.98}})
    story = lesson06.anecdotes(runs, "val", heads, {"gmp": "global max"})
    assert story["winners"] == {0: None, 1: "gmp", 2: "gmp"}
    assert sorted(story["ties"][0]) == ["flatten", "gmp"]
    assert story["agree"] and "seed 0 is a tie" in story["sentence"] and "a tie between" in story["sentence"]
    assert "do not even agree" not in story["sentence"] and "by 0.0 points" not in story["sentence"]
    table = lesson06.seed_table(runs, "val", heads, {"gmp": "global max"})
    assert "a tie between" in table.splitlines()[2] and "global max by 2.0 points" in table.splitlines()[3]


def test_a_three_way_tie_and_a_tiny_lead_read_naturally():
    runs = runs_of({0: {"a": 0.9, "b": 0.9, "c": 0.9}, 1: {"a": 0.9004, "b": 0.9, "c": 0.8}})
    story = lesson06.anecdotes(runs, "val", ["a", "b", "c"])
    assert "seed 0: a tie between a, b and c" in story["sentence"]
    assert "seed 1: a by 0.04 points" in story["sentence"]


def test_the_seed_table_has_a_row_per_seed_the_winner_and_a_range_row():
    runs = runs_of({0: {"gap": 0.95, "flatten": 0.97}, 1: {"gap": 0.98, "flatten": 0.96}})
    table = lesson06.seed_table(runs, "val", ["flatten", "gap"], {"gap": "global average"})
    lines = table.splitlines()
    assert "global average" in lines[0] and lines[2].startswith("seed 0")
    assert "flatten by 2.0 points" in lines[2] and "global average by 2.0 points" in lines[3]
    assert lines[-1].startswith("range") and "3.0 pts" in lines[-1]


def test_a_seeds_lead_can_be_read_off_the_numbers_its_row_shows():
    """Review r19: 0.970 and 0.978 were printed for a lead stated as 0.7 points (262 and 264 of 270)."""
    runs = runs_of({0: {"flatten": 262 / 270, "gmp": 264 / 270}})
    row = lesson06.seed_table(runs, "val", ["flatten", "gmp"], {"gmp": "global max"}).splitlines()[2]
    shown = [float(cell) for cell in row.split()[2:4]]
    assert "global max by 0.7 points" in row and f"{100 * (shown[1] - shown[0]):.1f}" == "0.7"


def test_an_empty_list_of_runs_a_failed_training_cell_is_said_not_raised():
    from utils.experiment import NO_RUNS

    assert lesson06.anecdotes([], "val", ["a"])["sentence"] == NO_RUNS
    assert lesson06.seed_table([], "val", ["a", "b"]) == NO_RUNS
    assert lesson06.versus({}, "gap", "flatten", "test", {}) == NO_RUNS
    assert lesson06.validation_vs_test({}) == NO_RUNS
    assert lesson06.overfitting({}) == NO_RUNS
    assert lesson06.best_seed_bias([], ["gap"]) == NO_RUNS


@pytest.mark.parametrize(("call", "named"), [
    (lambda: lesson06.anecdotes(runs_of({0: {"a": 0.9}}), 3, ["a"]), "metric"),
    (lambda: lesson06.anecdotes(runs_of({0: {"a": 0.9}}), "val", "a"), "heads"),
    (lambda: lesson06.anecdotes([{"head": "a", "val": 0.9}], "val", ["a"]), 'runs must be .* a "seed"'),
    (lambda: lesson06.seed_table(None, "val", ["a"]), "runs must be a list"),
    (lambda: lesson06.versus({"a": 0.9}, "a", "b", "val", {}), "summary must be what summarise_runs returns"),
    (lambda: lesson06.versus(gap_summary({"a": [(1, 0.9)], "b": [(1, 0.8)]}), "a", "b", "val", {"a": 1}),
     r"params\['b'\]"),
    (lambda: lesson06.overfitting({}, labels={"a": 1}), "labels must be a dict"),
    (lambda: lesson06.best_seed_bias([], None), "heads must be a list"),
])
def test_bad_input_is_refused_by_name(call, named):
    with pytest.raises(ValueError, match=named):
        call()


def gap_summary(values):
    """``{head: [(train, val), ...]}`` -> the summary of section 6 (train, val, overfit)."""
    from utils import experiment

    runs = [{"head": h, "train": t, "val": v, "overfit": t - v}
            for h, pairs in values.items() for t, v in pairs]
    return experiment.summarise_runs(runs, ["train", "val", "overfit"])


def test_the_overfitting_sentence_is_computed_from_the_gaps_and_their_spread():
    clear = gap_summary({"flatten": [(1.0, 0.95), (1.0, 0.96), (1.0, 0.95)],
                         "gap": [(0.97, 0.96), (0.97, 0.965), (0.98, 0.97)]})
    said = lesson06.overfitting(clear, lesson06.LABELS)
    assert "Smallest gap: global average," in said and "larger than the spread" in said
    assert "global average also has the best mean validation accuracy" in said
    within = gap_summary({"flatten": [(1.0, 0.95), (1.0, 0.99)], "gap": [(0.97, 0.94), (0.97, 0.96)]})
    said = lesson06.overfitting(within, lesson06.LABELS)
    assert "within the spread" in said and "did not make a more accurate model" in said


def test_the_comparison_lines_read_the_summary():
    summary = gap_summary({"flatten": [(1.0, 0.95)], "gap": [(0.97, 0.96)]})
    summary["flatten"]["test"], summary["gap"]["test"] = (0.94, 0.0, 1), (0.95, 0.0, 1)
    assert "+1.0 points" in lesson06.versus(summary, "gap", "flatten", "test", {"gap": 10, "flatten": 25})
    said = lesson06.versus(summary, "gap", "flatten", "test", {"gap": 10, "flatten": 25})
    assert "15 fewer parameters" in said
    assert lesson06.validation_vs_test(summary).endswith("1.0 points")
    runs = [{"head": "gap", "test": 0.9}, {"head": "gap", "test": 0.92}]
    assert "+1.0 points by choosing on the test set" in lesson06.best_seed_bias(runs, ["gap"])


# --- Exercise 6.1: is the difference real? ---------------------------------------------

@pytest.mark.parametrize(("lead", "spread", "real"), [
    (LEAD, SPREAD, False),                                                   # the worked answer
    (float(B.mean() - A.mean()), float(max(np.std(A, ddof=1), np.std(B, ddof=1))), np.bool_(False)),
    (np.float32(LEAD), np.array([SPREAD]), False),                           # NumPy scalar, size-1 array
    (round(LEAD, 4), round(SPREAD, 4), False),                               # rounded by hand
    (np.mean(B) - np.mean(A), np.array(SPREAD), np.bool_(LEAD > SPREAD)),   # 0-d array, computed verdict
])
def test_exercise_6_1_accepts_every_correct_form(lead, spread, real, strict):
    assert lesson06.check_seed_verdict(lead, spread, real).correct


@pytest.mark.parametrize(("lead", "spread", "real", "words"), [
    (abs(A[0] - B[0]), SPREAD, False, "seed 0 alone"),                      # an anecdote
    (-LEAD, SPREAD, False, "negative"),
    (100 * LEAD, SPREAD, True, "percentage points"),
    (LEAD, max(A.std(), B.std()), False, "ddof=0"),                          # population std
    (LEAD, min(A.std(ddof=1), B.std(ddof=1)), False, "LARGER"),
    (LEAD, SPREAD, True, "real should be False"),                            # the verdict contradicts
    (LEAD, 100 * SPREAD, False, "percentage points"),
    (LEAD, "0.009", False, "one number"),
    (LEAD, SPREAD, "no", "True or False"),
    (LEAD, float("nan"), False, "nan"),
])
def test_exercise_6_1_explains_typical_mistakes(lead, spread, real, words, strict):
    with pytest.raises(ExerciseError, match=words):
        lesson06.check_seed_verdict(lead, spread, real)


def test_exercise_6_1_placeholders_are_not_attempted_and_a_wrong_answer_does_not_raise_for_learners():
    assert lesson06.check_seed_verdict(..., ..., ...).status == "not attempted"
    assert lesson06.check_seed_verdict(LEAD, ..., False).status == "not attempted"
    assert lesson06.check_seed_verdict(-LEAD, SPREAD, True).status == "wrong"


# --- Exercise 6.2 (transfer): what is wrong with the comparison? --------------------------

@pytest.mark.parametrize("answer", [{"B", "C", "D"}, ["d", "c", "b"], ("B", "C", "D"), "B, C, D", "bcd",
                                    frozenset("BCD"), "B C D B", "B, C and D", "b and c and d", "B;C;D",
                                    "B & C & D", "statements B, C, D", "{'B', 'C', 'D'}", "B/C/D",
                                    ["B and C", "D"], "B, C or D", "Flaws: B, C, D", "flaws: b, c and d",
                                    "The flaws are B, C and D.",
                                    "B, C, D (not A, E or F)", "B, C and D, not A",   # review r6
                                    "b, c, d (a, e and f are not flaws)", "B, C, D are flaws; A is not",
                                    "All except A, E and F", "all but a, e and f",   # review r10
                                    "B, C and D (A, E and F are fine)", "B, C, D; E isn't a flaw",  # r11
                                    "b, c, d; e isn't a flaw", "B, C, D are flaws, A is fine",
                                    "B, C, D, but A and E and F are OK", "I think B, C and D", "B-D",  # r13
                                    "b-d", "B to D", "b through d", "B, C, D; none of A, E, F",  # r19
                                    "B, C, D. A, E, F: no.", "B, C, D; neither A nor E nor F"])
def test_exercise_6_2_accepts_the_three_flaws_in_any_form(answer, strict):
    assert lesson06.check_flaws(answer).correct


@pytest.mark.parametrize(("answer", "words"), [
    ({"B", "C"}, "missed D"),
    ({"C", "D"}, "missed B"),
    ({"B", "D"}, "missed C"),
    ({"A", "B", "C", "D"}, "A is not a flaw"),
    ({"B", "C", "D", "E"}, "E is not a flaw"),
    ({"B", "C", "D", "F"}, "F is not a flaw"),
    ("B, C, D, G", "'G' is not one of them"),
    ("only B", "missed C"),                           # prose words are skipped, not taken for letters
    ("Flaws: B, C", "missed D"),
    ("A and B", "A is not a flaw"),                   # "and" is skipped, not read as the letters A, N, D
    ("B and C", "missed D"),
    ("B, C, D and E", "E is not a flaw"),
    ("B-E", "E is not a flaw"),                        # a range counts every letter in it (review r13)
    ("A, B, C, D, but E and F are OK", "A is not a flaw"),
    (set(), "at least one"),
    ({1, 2}, "letters as text"),
    (3, "letters"),
])
def test_exercise_6_2_explains_each_missed_flaw_and_each_false_one(answer, words, strict):
    with pytest.raises(ExerciseError, match=words):
        lesson06.check_flaws(answer)


def test_exercise_6_2_placeholder_is_not_attempted():
    assert lesson06.check_flaws(...).status == "not attempted"
    assert lesson06.check_flaws({"A"}).status == "wrong"


def test_lesson_06_registers_no_widget():
    assert lesson06.PANELS == []


@pytest.mark.slow
def test_a_refused_training_setting_breaks_no_later_cell_of_the_learner_notebook():
    """Issue 23: a bad EPOCHS made 7 later cells raise NameError; now only the training cell raises."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parent / "review_cases" / "lesson06_07_earlier_mistakes.py"
    spec = importlib.util.spec_from_file_location("earlier_mistakes", path)
    case = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(case)
    training, raised = case.failing_cells("06_comparing_heads_fairly.ipynb")
    assert raised == [training]


def test_exercise_6_2_does_not_read_the_article_a_as_statement_a():
    # Review r4 [check-false-negative]: "B, C and D are each a real flaw" was read as A, B, C, D
    assert lesson06.check_flaws("B, C and D are each a real flaw").correct
    assert lesson06.check_flaws("bcd").correct  # all lower case: the letters themselves


def test_exercise_6_2_skips_capitalised_prose_made_of_the_letters_a_to_f():
    # Review r5 [check-false-negative]: "Bad: B, C, D" was read as A, B, D + B, C, D
    assert lesson06.check_flaws("Bad: B, C, D").correct
    assert lesson06.check_flaws("BCD").correct
