"""utils.errors measured on errors learners posted in public (cases.py), reproduced in Keras 3.

For each case that still raises, the explainer must name the case's family (its ``kind``) and the case's
``fixed()`` variant, written from that advice, must train or predict without error. The score test
checks the goal: at least 95% of the cases that raise get the right cause and a proven fix, none a
confident wrong one. Runs on the current backend (KERAS_BACKEND).
"""

from __future__ import annotations

import re

import keras
import pytest

from tests.real_errors import cases as corpus
from tests.real_errors import held_out
from tests.real_errors.harness import run_case, score
from utils import errors

BACKEND = keras.backend.backend()
# Every test reads one corpus run (the module fixture below, minutes of fitting): tools/run_tests.py runs
# pytest with --dist loadfile, which keeps this file on one worker, so the corpus runs once.


@pytest.fixture(scope="module")
def outcomes():
    return {case.id: run_case(case) for case in corpus.CASES}


def test_the_corpus_holds_at_least_60_public_cases_with_addresses_and_symptoms():
    ids = [c.id for c in corpus.CASES]
    assert len(ids) == len(set(ids)) >= 60
    for case in corpus.CASES:
        assert re.match(r"https?://\S+$", case.url), case.id
        assert case.symptom and case.kind, case.id
        assert case.raises or case.keras3, f"{case.id}: a case that no longer raises must say what changed"


@pytest.mark.parametrize("case", corpus.CASES, ids=[c.id for c in corpus.CASES])
def test_each_case_gets_its_familys_cause_and_a_fix_that_works(case, outcomes):
    outcome = outcomes[case.id]
    if not outcome.still_raises:
        if BACKEND == "tensorflow":
            assert not case.raises, f"{case.id} no longer raises on TensorFlow: record what changed"
        pytest.skip(f"does not raise on {BACKEND}" + (f": {case.keras3}" if case.keras3 else ""))
    if BACKEND == "tensorflow":
        assert case.raises, f"{case.id} is marked as no longer raising, but raised {outcome.raised}"
    assert outcome.kind == case.kind, outcome.explanation
    assert outcome.fixed_error is None, f"the fixed variant still fails: {outcome.fixed_error}"
    assert outcome.explanation.startswith("What happened: ") and "Traceback" not in outcome.explanation


def test_at_least_95_percent_of_the_cases_that_raise_get_the_right_cause_and_a_proven_fix(outcomes):
    result = score(outcomes.values())
    print(BACKEND, result)
    assert result["raise"] >= 60 or BACKEND == "jax"  # JAX raises nothing for out-of-range ids/labels
    assert result["misdiagnosed"] == 0
    assert result["proven"] >= 0.95 * result["raise"]


def test_every_fix_names_the_learners_own_shapes_for_the_label_families(outcomes):
    for case in corpus.CASES:
        outcome = outcomes[case.id]
        shapes = re.findall(r"\((?:\d+, )+\d+\)", outcome.raised or "")
        if outcome.still_raises and case.kind in ("integer_labels_categorical", "class_count_mismatch",
                                                  "onehot_labels_sparse") and shapes:
            assert any(s in outcome.explanation for s in shapes), (case.id, shapes, outcome.explanation)


@pytest.mark.slow
def test_held_out_cases_written_after_the_explainer_score_as_well_and_are_never_misdiagnosed():
    results = [run_case(case) for case in held_out.HELD_OUT]
    result = score(results)
    print("held-out", BACKEND, result, [(o.case_id, o.kind) for o in results if not o.proven])
    assert result["misdiagnosed"] == 0
    assert result["proven"] >= 0.8 * result["raise"]


def test_a_loss_named_in_the_traceback_decides_between_integer_labels_and_binary_on_several_units():
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, activation="sigmoid")])
    for loss, kind in [("binary_crossentropy", "binary_multi_unit"),
                       ("categorical_crossentropy", "integer_labels_categorical")]:
        model.compile("sgd", loss)
        with pytest.raises(ValueError) as info:
            model.fit(corpus.rng().random((8, 3)), corpus.ints(2, n=8).reshape(8, 1), verbose=0)
        assert errors.diagnose(info.value).kind == kind
        assert loss in errors.explain(info.value)
