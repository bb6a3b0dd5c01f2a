"""Review cases for lesson 05's checks, labelled by the truth (WRONG = must be rejected).

Run: ``python tests/review_cases/lesson05_cases.py`` (from the repository root, any KERAS_BACKEND). Prints one
line per case and exits 1 if a check accepts a WRONG answer or rejects a right one.
"""

import os
import sys
from pathlib import Path

# COURSE_ROOT runs the same cases against another checkout (e.g. main, for a before/after table).
sys.path.insert(0, os.environ.get("COURSE_ROOT") or str(Path(__file__).resolve().parents[2]))

import time  # noqa: E402

import keras  # noqa: E402
import numpy as np  # noqa: E402

from utils.lessons import lesson05  # noqa: E402

L, failures = keras.layers, []


def show(label, result):
    ok = result.correct != label.startswith("WRONG")
    failures.extend([] if ok else [label])
    print(f"{'ok  ' if ok else 'FAIL'} {result.status:<13} {label}")


def seq(*layers):
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((None, None, 1)), *layers])


show("5.1 right: a list", lesson05.check_keepdims_shape([None, 512, 1, 1]))
show("WRONG 5.1: channels last", lesson05.check_keepdims_shape((None, 1, 1, 512)))
show("5.2 right: NumPy", lesson05.check_avg_max_function(
    lambda x: np.concatenate([x.mean(axis=(1, 2)), x.max(axis=(1, 2))], axis=-1)))
show("5.2 right: Keras layers, a backend tensor", lesson05.check_avg_max_function(
    lambda x: L.Concatenate()([L.GlobalAveragePooling2D()(x), L.GlobalMaxPooling2D()(x)])))
never = lambda x: any(iter(lambda: time.sleep(0.01), 1))   # noqa: E731 - loops forever, gently
show("WRONG 5.2: never returns", lesson05.check_avg_max_function(never, seconds=0.5))
show("WRONG 5.2: max first", lesson05.check_avg_max_function(
    lambda x: np.concatenate([x.max(axis=(1, 2)), x.mean(axis=(1, 2))], axis=-1)))
show("5.3 right: adaptive 2x2 grid", lesson05.check_position_model(seq(
    L.Conv2D(8, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
    L.Conv2D(16, 3, padding="same", activation="relu"), L.AdaptiveAveragePooling2D(2), L.Flatten(),
    L.Dense(4, activation="softmax"))))
show("5.3 right: resize to 16x16, then Flatten", lesson05.check_position_model(seq(
    L.Resizing(16, 16), L.Conv2D(8, 3, padding="same", activation="relu"), L.MaxPooling2D(4), L.Flatten(),
    L.Dense(4, activation="softmax"))))
show("5.3 right: adaptive max 3x3 grid", lesson05.check_position_model(seq(
    L.Conv2D(8, 3, padding="same", activation="relu"), L.AdaptiveMaxPooling2D(3), L.Flatten(),
    L.Dense(4, activation="softmax"))))
show("WRONG 5.3: GAP head", lesson05.check_position_model(seq(
    L.Conv2D(8, 3, padding="same", activation="relu"), L.GlobalAveragePooling2D(),
    L.Dense(4, activation="softmax"))))
show("WRONG 5.3: 15x15 'same' conv + GAP (position only through the padding)", lesson05.check_position_model(
    seq(L.Conv2D(8, 15, padding="same"), L.GlobalAveragePooling2D(), L.Dense(4, activation="softmax"))))
show("WRONG 5.3: a grid of rows only", lesson05.check_position_model(seq(
    L.Conv2D(8, 3, padding="same", activation="relu"), L.AdaptiveAveragePooling2D((2, 1)), L.Flatten(),
    L.Dense(4, activation="softmax"))))
show("5.4 right: NiN head", lesson05.check_tiny_model(seq(
    L.Conv2D(16, 3, padding="same", activation="relu"), L.Conv2D(10, 1), L.GlobalAveragePooling2D(),
    L.Activation("softmax"))))
show("WRONG 5.4: Flatten head", lesson05.check_tiny_model(keras.Sequential([
    keras.Input((8, 8, 1)), L.Conv2D(4, 3), L.Flatten(), L.Dense(10)])))
sys.exit(1 if failures else 0)
