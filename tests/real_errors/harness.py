"""Run the corpus: trigger each case, diagnose what it raises, apply the fix, and score.

``python -m tests.real_errors.harness`` prints one line per case and the score for the current
backend (set ``KERAS_BACKEND``); the tests in test_real_errors.py use :func:`run_case`.
"""

from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass

from utils import errors


@dataclass
class Outcome:
    case_id: str
    expected: str
    raised: str | None       # core message, or None when the trigger ran without error
    kind: str | None         # the explainer's diagnosis kind
    fixed_error: str | None  # core message of the fixed variant's error, or None when it ran
    explanation: str = ""

    @property
    def still_raises(self) -> bool:
        return self.raised is not None

    @property
    def right_cause(self) -> bool:
        return self.kind == self.expected

    @property
    def misdiagnosed(self) -> bool:
        """A confident wrong cause: neither the right kind nor an honest 'unknown'."""
        return self.still_raises and self.kind not in (self.expected, "unknown")

    @property
    def proven(self) -> bool:
        return self.right_cause and self.fixed_error is None


def _call(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - any error is data here
            return exc
    return None


def run_case(case) -> Outcome:
    exc = _call(case.trigger)
    if exc is None:
        return Outcome(case.id, case.kind, None, None, None)
    diagnosis = errors.diagnose(exc)
    fixed_exc = _call(case.fixed) if case.fixed is not None else RuntimeError("no fixed variant")
    return Outcome(case.id, case.kind, errors.core_message(exc), diagnosis.kind,
                   None if fixed_exc is None else errors.core_message(fixed_exc), errors.explain(exc))


def score(outcomes) -> dict:
    raising = [o for o in outcomes if o.still_raises]
    return {"cases": len(outcomes), "raise": len(raising),
            "right_cause": sum(o.right_cause for o in raising),
            "proven": sum(o.proven for o in raising),
            "misdiagnosed": sum(o.misdiagnosed for o in raising),
            "unknown": sum(o.kind == "unknown" for o in raising)}


def main(argv) -> None:
    from tests.real_errors import cases as corpus
    from tests.real_errors import held_out

    which = held_out.HELD_OUT if "--held-out" in argv else corpus.CASES
    only = [a for a in argv if not a.startswith("-")]
    outcomes = []
    for case in which:
        if only and not any(o in case.id for o in only):
            continue
        o = run_case(case)
        outcomes.append(o)
        mark = "-" if not o.still_raises else ("OK" if o.proven else ("??" if o.kind == "unknown" else "XX"))
        print(f"{mark:2} {case.id:32} want={case.kind:28} got={o.kind}\n     raised: {o.raised}"
              + (f"\n     FIXED STILL FAILS: {o.fixed_error}" if o.still_raises and o.fixed_error else "")
              + (f"\n     case says raises={case.raises}" if case.raises != o.still_raises else ""))
        if "-v" in argv and o.still_raises:
            print("     " + o.explanation.replace("\n", "\n     "))
    print(os.environ.get("KERAS_BACKEND", "tensorflow"), score(outcomes))


if __name__ == "__main__":
    main(sys.argv[1:])
