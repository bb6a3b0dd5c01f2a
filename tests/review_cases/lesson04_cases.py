"""Review cases for lesson 04's checks, labelled by the truth (WRONG = must be rejected).

Run: ``python tests/review_cases/lesson04_cases.py`` (from the repository root). Prints one line per case
and exits 1 if a check accepts a WRONG answer or rejects a right one.
"""

import os
import sys
from pathlib import Path

# COURSE_ROOT runs the same cases against another checkout (e.g. main, for a before/after table).
sys.path.insert(0, os.environ.get("COURSE_ROOT") or str(Path(__file__).resolve().parents[2]))

from utils import shapes  # noqa: E402
from utils.lessons import lesson04  # noqa: E402

failures = []


def show(label, result):
    ok = result.correct != label.startswith("WRONG")
    failures.extend([] if ok else [label])
    print(f"{'ok  ' if ok else 'FAIL'} {result.status:<13} {label}")


rows = [(r.shape, r.params) for r in shapes.trace(*lesson04.SUMMARY_MODEL)]
show("4.1 right: 13*13*16", lesson04.check_flatten_length(13 * 13 * 16))
show("4.1 right: a NumPy integer", lesson04.check_flatten_length(__import__("numpy").int64(2704)))
show("4.1 right: a float that is whole", lesson04.check_flatten_length(2704.0))
show("WRONG 4.1: before the pooling", lesson04.check_flatten_length(26 * 26 * 16))
show("WRONG 4.1: padding='same'", lesson04.check_flatten_length(14 * 14 * 16))
show("WRONG 4.1: the shape", lesson04.check_flatten_length((None, 2704)))
show("4.2 right: 2704*64+64", lesson04.check_dense_params(2704 * 64 + 64))
show("4.2 right: a string-free NumPy int", lesson04.check_dense_params(__import__("numpy").int32(173_120)))
show("4.2 right: the float", lesson04.check_dense_params(173120.0))
show("WRONG 4.2: no biases", lesson04.check_dense_params(2704 * 64))
show("WRONG 4.2: the whole model", lesson04.check_dense_params(173_120 + 650 + 160))
show("WRONG 4.2: added, not multiplied", lesson04.check_dense_params(2704 + 64))
show("4.3 right: Keras' rows", lesson04.check_summary(rows[1:]))
show("4.3 right: with an Input row of 0 parameters", lesson04.check_summary(rows))
show("4.3 right: dicts", lesson04.check_summary([{"shape": s, "params": p} for s, p in rows[1:]]))
show("WRONG 4.3: an Input row with parameters", lesson04.check_summary([(rows[0][0], 81), *rows[1:]]))
show("WRONG 4.3: an Input row without batch axis, with parameters",
     lesson04.check_summary([(rows[0][0][1:], 3), *rows[1:]]))
show("WRONG 4.3: the first conv without bias", lesson04.check_summary([(rows[1][0], 216), *rows[2:]]))
sys.exit(1 if failures else 0)
