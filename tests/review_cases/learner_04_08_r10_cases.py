"""Review r10, lessons 04-08: alternative answers run through the lessons' own checks.

Run from the course root with the course's Python:

    COURSE_STRICT_CHECKS=0 .venv/bin/python tests/review_cases/learner_04_08_r10_cases.py            # everything (8 min measured on 2 busy cores)
    CASES_LIGHT=1 COURSE_STRICT_CHECKS=0 .venv/bin/python tests/review_cases/learner_04_08_r10_cases.py   # skip the capstone's training checks

Each case prints one line: label | verdict | the check's message (shortened). Labels that start with
WRONG are answers that are truly wrong: they should be rejected. All other labels are correct answers:
they should be accepted. A line ending in "<-- MISMATCH" is a verdict that disagrees with the label.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COURSE_STRICT_CHECKS"] = "0"
ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from utils.environment import muted_stderr  # noqa: E402

with muted_stderr():
    import keras  # noqa: E402

from utils import shapes  # noqa: E402
from utils.lessons import lesson04, lesson05, lesson06, lesson07, lesson08  # noqa: E402

L = keras.layers
LIGHT = os.environ.get("CASES_LIGHT") == "1"
MISMATCHES = []


def show(label, result):
    """One line per case: the label, the verdict, the start of the message; flags disagreements."""
    if isinstance(result, BaseException):
        verdict, message = "RAISED", f"{type(result).__name__}: {result}"
    elif isinstance(result, str):
        verdict, message = "INFO", result
    else:
        verdict = result.status
        message = " ".join((result.message + " " + " ".join(result.details)).split())
    wrong = label.startswith("WRONG")
    flag = ""
    if verdict in ("correct", "wrong", "RAISED", "not attempted"):
        ok = (verdict != "correct") if wrong else (verdict == "correct")
        if not ok:
            flag = "  <-- MISMATCH"
            MISMATCHES.append(label)
    print(f"{label:<62} | {verdict:<13} | {message[:230]}{flag}", flush=True)


def case(label, fn):
    try:
        result = fn()
    except BaseException as exc:  # noqa: BLE001 - a check must never raise for a learner
        result = exc
    show(label, result)


def seq(*layers, shape):
    return keras.Sequential([keras.Input(shape=shape), *layers])


# ------------------------------------------------------------------ lesson 04
print("== Lesson 04")
c = lesson04
case("4.1 13*13*16", lambda: c.check_flatten_length(13 * 13 * 16))
case("4.1 np.int64(2704)", lambda: c.check_flatten_length(np.int64(2704)))
case("4.1 2704.0 (float)", lambda: c.check_flatten_length(2704.0))
case("4.1 from shapes.trace", lambda: c.check_flatten_length(
    shapes.trace((28, 28, 1), [shapes.conv(16, 3), shapes.pool(2), shapes.flatten()])[-1].shape[1]))
case("WRONG 4.1 no pooling 26*26*16", lambda: c.check_flatten_length(26 * 26 * 16))
case("WRONG 4.1 'same' padding 14*14*16", lambda: c.check_flatten_length(14 * 14 * 16))
case("WRONG 4.1 channels forgotten 13*13", lambda: c.check_flatten_length(169))
case("WRONG 4.1 raw pixels times filters 28*28*16", lambda: c.check_flatten_length(28 * 28 * 16))
case("4.2 2704*64+64", lambda: c.check_dense_params(2704 * 64 + 64))
case("4.2 shapes.dense_params(2704, 64)", lambda: c.check_dense_params(shapes.dense_params(2704, 64)))
case("4.2 Keras count of Dense(64) built on 2704", lambda: c.check_dense_params(
    seq(L.Dense(64), shape=(2704,)).count_params()))
case("WRONG 4.2 bias forgotten", lambda: c.check_dense_params(2704 * 64))
case("WRONG 4.2 whole model", lambda: c.check_dense_params(160 + 173120 + 650))
case("WRONG 4.2 2704+64", lambda: c.check_dense_params(2768))
rows = [((None, 30, 20, 8), 224), ((None, 15, 10, 8), 0), ((None, 13, 6, 16), 1936),
        ((None, 6, 3, 16), 0), ((None, 288), 0), ((None, 10), 2890)]
case("4.3 rows as tuples", lambda: c.check_summary(rows))
case("4.3 with an Input row first", lambda: c.check_summary([((None, 30, 20, 3), 0), *rows]))
case("4.3 rows as dicts", lambda: c.check_summary([{"shape": s, "params": p} for s, p in rows]))
case("4.3 lists instead of tuples", lambda: c.check_summary([[list(s), p] for s, p in rows]))
case("WRONG 4.3 pooling rounded up (7, 3)", lambda: c.check_summary(
    rows[:3] + [((None, 7, 3, 16), 0), ((None, 336), 0), ((None, 10), 3370)]))
case("WRONG 4.3 kernel (3,5) read as 5 high x 3 wide", lambda: c.check_summary(
    rows[:2] + [((None, 11, 8, 16), 1936), ((None, 5, 4, 16), 0), ((None, 320), 0), ((None, 10), 3210)]))
case("WRONG 4.3 biases forgotten", lambda: c.check_summary(
    [(s, p - s[-1] if p else 0) for s, p in rows]))
case("WRONG 4.3 no batch axis", lambda: c.check_summary([(s[1:], p) for s, p in rows]))

# ------------------------------------------------------------------ lesson 05
print("== Lesson 05")
c = lesson05
case("5.1 (None, 512, 1, 1)", lambda: c.check_keepdims_shape((None, 512, 1, 1)))
case("5.1 list", lambda: c.check_keepdims_shape([None, 512, 1, 1]))
case("5.1 compute_output_shape", lambda: c.check_keepdims_shape(
    L.GlobalMaxPooling2D(data_format="channels_first", keepdims=True).compute_output_shape((None, 512, 7, 7))))
case("WRONG 5.1 channels_last answer", lambda: c.check_keepdims_shape((None, 1, 1, 512)))
case("WRONG 5.1 without keepdims", lambda: c.check_keepdims_shape((None, 512)))
case("WRONG 5.1 batch 1", lambda: c.check_keepdims_shape((1, 512, 1, 1)))
case("5.2 solution", lambda: c.check_avg_max_function(
    lambda x: np.concatenate([x.mean(axis=(1, 2)), x.max(axis=(1, 2))], axis=-1)))
case("5.2 reshape then axis 1", lambda: c.check_avg_max_function(
    lambda x: np.hstack([x.reshape(len(x), -1, x.shape[-1]).mean(1), x.reshape(len(x), -1, x.shape[-1]).max(1)])))
case("5.2 Keras layers", lambda: c.check_avg_max_function(
    lambda x: L.Concatenate()([L.GlobalAveragePooling2D()(x), L.GlobalMaxPooling2D()(x)])))
case("5.2 per-image loop", lambda: c.check_avg_max_function(
    lambda x: np.array([np.r_[im.mean((0, 1)), im.max((0, 1))] for im in x])))
case("WRONG 5.2 max first", lambda: c.check_avg_max_function(
    lambda x: np.concatenate([x.max(axis=(1, 2)), x.mean(axis=(1, 2))], axis=-1)))
case("WRONG 5.2 interleaved", lambda: c.check_avg_max_function(
    lambda x: np.stack([x.mean(axis=(1, 2)), x.max(axis=(1, 2))], -1).reshape(len(x), -1)))
case("WRONG 5.2 mean over axis 1 only", lambda: c.check_avg_max_function(
    lambda x: np.concatenate([x.mean(axis=1)[:, 0], x.max(axis=(1, 2))], -1)))
case("WRONG 5.2 keepdims shape", lambda: c.check_avg_max_function(
    lambda x: np.concatenate([x.mean(axis=(1, 2), keepdims=True), x.max(axis=(1, 2), keepdims=True)], -1)))

keras.utils.set_random_seed(0)


def parcel(*head):
    return seq(L.Conv2D(8, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
               L.Conv2D(16, 3, padding="same", activation="relu"), *head, shape=(None, None, 1))


case("5.3 solution (adaptive avg 2x2)", lambda: c.check_position_model(
    parcel(L.AdaptiveAveragePooling2D(2), L.Flatten(), L.Dense(4, activation="softmax"))))
case("5.3 adaptive MAX 2x2", lambda: c.check_position_model(
    parcel(L.AdaptiveMaxPooling2D(2), L.Flatten(), L.Dense(4, activation="softmax"))))
case("5.3 adaptive 3x3 grid", lambda: c.check_position_model(
    parcel(L.AdaptiveAveragePooling2D(3), L.Flatten(), L.Dense(4, activation="softmax"))))
case("5.3 adaptive (2,2) + Reshape((-1,)) + Dense", lambda: c.check_position_model(
    parcel(L.AdaptiveAveragePooling2D((2, 2)), L.Reshape((-1,)), L.Dense(4, activation="softmax"))))
case("WRONG 5.3 GAP head", lambda: c.check_position_model(
    parcel(L.GlobalAveragePooling2D(), L.Dense(4, activation="softmax"))))
case("WRONG 5.3 adaptive (1, 2): columns only", lambda: c.check_position_model(
    parcel(L.AdaptiveAveragePooling2D((1, 2)), L.Flatten(), L.Dense(4, activation="softmax"))))
case("WRONG 5.3 fixed Input(48,48,1) + Flatten", lambda: c.check_position_model(
    seq(L.Conv2D(4, 3, padding="same"), L.MaxPooling2D(8), L.Flatten(), L.Dense(4, activation="softmax"),
        shape=(48, 48, 1))))
case("WRONG 5.3 logits (no softmax)", lambda: c.check_position_model(
    parcel(L.AdaptiveAveragePooling2D(2), L.Flatten(), L.Dense(4))))

# The 5.3 check on a model whose map becomes 1 pixel wide before AdaptiveMaxPooling2D(2): run in a child
# process, because TensorFlow dies of a floating-point exception there (the check's guard only looks at
# the layer's output size).
CRASH = textwrap.dedent("""
    import os, sys; os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"; os.environ["COURSE_STRICT_CHECKS"] = "0"
    sys.path.insert(0, os.getcwd())
    import keras
    from utils.lessons import lesson05
    L = keras.layers
    m = keras.Sequential([keras.Input((None, None, 1)),
        L.Conv2D(8, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
        L.Conv2D(8, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
        L.Conv2D(8, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
        L.Conv2D(8, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
        L.AdaptiveMaxPooling2D(2), L.Flatten(), L.Dense(4, activation="softmax")])
    print("VERDICT", lesson05.check_position_model(m).text()[:200].replace(chr(10), " "))
""")


def crash_case():
    run = subprocess.run([sys.executable, "-c", CRASH], capture_output=True, text=True, timeout=600, cwd=ROOT)
    line = next((x for x in run.stdout.splitlines() if x.startswith("VERDICT")), "")
    if run.returncode != 0:  # the check itself must never kill the process (it did before the fix)
        MISMATCHES.append("5.3 crash case")
    return f"child exit code {run.returncode} ({'killed by SIGFPE' if run.returncode in (-8, 136) else 'ok'}); {line}"


case("5.3 (4 poolings -> 1x1 on 16x16) + AdaptiveMaxPooling2D(2): kernel?", crash_case)


def tiny(*layers):
    return seq(*layers, shape=(None, None, 1))


case("5.4 solution (NiN 1x1 conv + GAP)", lambda: c.check_tiny_model(
    tiny(L.Conv2D(16, 3, padding="same", activation="relu"), L.Conv2D(10, 1), L.GlobalAveragePooling2D(),
         L.Activation("softmax"))))
case("5.4 Conv2D(8) + GAP + Dense", lambda: c.check_tiny_model(
    tiny(L.Conv2D(8, 3, activation="relu"), L.GlobalAveragePooling2D(), L.Dense(10, activation="softmax"))))
case("5.4 Conv2D(10) + GMP + softmax", lambda: c.check_tiny_model(
    tiny(L.Conv2D(10, 3, padding="same"), L.GlobalMaxPooling2D(), L.Activation("softmax"))))
case("5.4 avg+max concat head (functional)", lambda: c.check_tiny_model((lambda i: keras.Model(i, L.Dense(
    10, activation="softmax")(L.Concatenate()([L.GlobalAveragePooling2D()(x := L.Conv2D(8, 3, activation="relu")(i)),
                                              L.GlobalMaxPooling2D()(x)]))))(keras.Input((None, None, 1)))))
case("WRONG 5.4 adaptive 2x2 + Flatten (position kept)", lambda: c.check_tiny_model(
    tiny(L.Conv2D(8, 3, activation="relu"), L.AdaptiveAveragePooling2D(2), L.Flatten(),
         L.Dense(10, activation="softmax"))))
case("WRONG 5.4 adaptive 2x2 + Conv2D(10, 2) + GAP (per-cell weights)", lambda: c.check_tiny_model(
    tiny(L.Conv2D(8, 3, padding="same", activation="relu"), L.AdaptiveAveragePooling2D(2), L.Conv2D(10, 2),
         L.GlobalAveragePooling2D(), L.Activation("softmax"))))
case("WRONG 5.4 adaptive 2x2 + Dense per cell + GAP", lambda: c.check_tiny_model(
    tiny(L.Conv2D(8, 3, padding="same", activation="relu"), L.AdaptiveAveragePooling2D(2), L.Reshape((1, 1, 32)),
         L.Dense(10), L.GlobalAveragePooling2D(), L.Activation("softmax"))))
case("WRONG 5.4 1x1 convs only", lambda: c.check_tiny_model(
    tiny(L.Conv2D(16, 1, activation="relu"), L.GlobalAveragePooling2D(), L.Dense(10, activation="softmax"))))
case("WRONG 5.4 fixed size Flatten", lambda: c.check_tiny_model(
    seq(L.Conv2D(4, 3), L.MaxPooling2D(3), L.Flatten(), L.Dense(10, activation="softmax"), shape=(8, 8, 1))))
case("WRONG 5.4 sigmoid output", lambda: c.check_tiny_model(
    tiny(L.Conv2D(8, 3), L.GlobalAveragePooling2D(), L.Dense(10, activation="sigmoid"))))

# ------------------------------------------------------------------ lesson 06
print("== Lesson 06")
c = lesson06
a, b = np.array(c.SCORES_A), np.array(c.SCORES_B)
lead, spread = abs(a.mean() - b.mean()), max(a.std(ddof=1), b.std(ddof=1))
case("6.1 solution", lambda: c.check_seed_verdict(lead, spread, False))
case("6.1 b-a as float, np.bool_", lambda: c.check_seed_verdict(float(b.mean() - a.mean()), spread, np.bool_(False)))
case("6.1 statistics.stdev, np.array(False)", lambda: c.check_seed_verdict(
    lead, max(__import__("statistics").stdev(c.SCORES_A), __import__("statistics").stdev(c.SCORES_B)), np.array(False)))
case("6.1 rounded to 4 decimals", lambda: c.check_seed_verdict(round(lead, 4), round(spread, 4), False))
case("WRONG 6.1 ddof=0 spread", lambda: c.check_seed_verdict(lead, max(a.std(), b.std()), False))
case("WRONG 6.1 seed 0 lead", lambda: c.check_seed_verdict(abs(a[0] - b[0]), spread, False))
case("WRONG 6.1 real=True", lambda: c.check_seed_verdict(lead, spread, True))
case("WRONG 6.1 percent points", lambda: c.check_seed_verdict(100 * lead, 100 * spread, False))
case("6.2 {'B','C','D'}", lambda: c.check_flaws({"B", "C", "D"}))
case("6.2 'b, c and d'", lambda: c.check_flaws("b, c and d"))
case("6.2 'B, C, D (not A, E or F)'", lambda: c.check_flaws("B, C, D (not A, E or F)"))
case("6.2 'All except A, E and F'", lambda: c.check_flaws("All except A, E and F"))
case("6.2 'Not A, E or F; B, C and D are flaws'", lambda: c.check_flaws("Not A, E or F; B, C and D are flaws"))
case("6.2 ['D', 'C', 'B']", lambda: c.check_flaws(["D", "C", "B"]))
case("WRONG 6.2 all six", lambda: c.check_flaws("ABCDEF"))
case("WRONG 6.2 B, C only", lambda: c.check_flaws({"B", "C"}))
case("WRONG 6.2 B, C, D, F", lambda: c.check_flaws({"B", "C", "D", "F"}))
case("WRONG 6.2 'B-D, E' (E is not a flaw)", lambda: c.check_flaws("B-D, E"))

# ------------------------------------------------------------------ lesson 07
print("== Lesson 07")
c = lesson07
case("7.1 solution", lambda: c.check_flatten_mb(lambda h, w, ch, u: shapes.dense_params(h * w * ch, u) * 4 / 1e6))
case("7.1 by hand", lambda: c.check_flatten_mb(lambda h, w, ch, u: (h * w * ch * u + u) * 4 / 10**6))
case("7.1 via shapes.trace", lambda: c.check_flatten_mb(lambda h, w, ch, u: shapes.total_params(
    shapes.trace((h, w, ch), [shapes.flatten(), shapes.dense(u)])) * 4 / 1e6))
case("7.1 np.float64 return, (inputs+1)*units", lambda: c.check_flatten_mb(
    lambda h, w, ch, u: np.float64((h * w * ch + 1) * u * 4) / 1e6))
case("WRONG 7.1 MiB instead of MB", lambda: c.check_flatten_mb(lambda h, w, ch, u: (h * w * ch * u + u) * 4 / 2**20))
case("WRONG 7.1 biases forgotten", lambda: c.check_flatten_mb(lambda h, w, ch, u: h * w * ch * u * 4 / 1e6))
case("WRONG 7.1 bytes, not MB", lambda: c.check_flatten_mb(lambda h, w, ch, u: (h * w * ch * u + u) * 4))
case("WRONG 7.1 builds the layer", lambda: c.check_flatten_mb(
    lambda h, w, ch, u: (lambda d: (d.build((None, h * w * ch)), d.count_params() * 4 / 1e6)[1])(L.Dense(u))))
x_ncl = np.random.default_rng(6).normal(size=(4, 2, 100)).astype("float32")
case("7.2 np.transpose", lambda: c.check_channels_last(np.transpose(x_ncl, (0, 2, 1)), x_ncl))
case("7.2 np.moveaxis", lambda: c.check_channels_last(np.moveaxis(x_ncl, 1, -1), x_ncl))
case("7.2 np.swapaxes", lambda: c.check_channels_last(np.swapaxes(x_ncl, 1, 2), x_ncl))
case("7.2 keras.ops.transpose (tensor)", lambda: c.check_channels_last(keras.ops.transpose(x_ncl, (0, 2, 1)), x_ncl))
case("7.2 einsum", lambda: c.check_channels_last(np.einsum("ncl->nlc", x_ncl), x_ncl))
case("WRONG 7.2 reshape", lambda: c.check_channels_last(x_ncl.reshape(4, 100, 2), x_ncl))
case("WRONG 7.2 .T", lambda: c.check_channels_last(x_ncl.T, x_ncl))
case("WRONG 7.2 extra axis", lambda: c.check_channels_last(x_ncl[..., None], x_ncl))


def tokens_model(*layers):
    return seq(*layers, shape=(None,))


i32 = {"dtype": "int32"}
case("7.3 solution (functional)", lambda: c.check_variable_length_model((lambda i: keras.Model(i, L.Dense(
    1, activation="sigmoid")(L.GlobalMaxPooling1D()(L.Conv1D(16, 3, activation="relu")(L.Embedding(50, 8)(i))))))(
    keras.Input((None,), dtype="int32"))))
case("7.3 Sequential, same padding + GAP", lambda: c.check_variable_length_model(keras.Sequential([
    keras.Input((None,), dtype="int32"), L.Embedding(50, 8), L.Conv1D(8, 5, padding="same"),
    L.GlobalAveragePooling1D(), L.Dense(1, activation="sigmoid")])))
case("7.3 two Conv1D + pooling + GMP", lambda: c.check_variable_length_model(keras.Sequential([
    keras.Input((None,), dtype="int32"), L.Embedding(64, 8), L.Conv1D(8, 3, padding="same", activation="relu"),
    L.MaxPooling1D(2, padding="same"), L.Conv1D(8, 3, padding="same"), L.GlobalMaxPooling1D(),
    L.Dense(1, activation="sigmoid")])))
case("7.3 float input (no dtype) Sequential", lambda: c.check_variable_length_model(keras.Sequential([
    keras.Input((None,)), L.Embedding(50, 8), L.Conv1D(8, 3), L.GlobalMaxPooling1D(),
    L.Dense(1, activation="sigmoid")])))
case("WRONG 7.3 Flatten head", lambda: c.check_variable_length_model(keras.Sequential([
    keras.Input((40,), dtype="int32"), L.Embedding(50, 8), L.Conv1D(8, 3), L.Flatten(),
    L.Dense(1, activation="sigmoid")])))
case("WRONG 7.3 no Embedding", lambda: c.check_variable_length_model(keras.Sequential([
    keras.Input((None, 1)), L.Conv1D(8, 3), L.GlobalMaxPooling1D(), L.Dense(1, activation="sigmoid")])))
case("WRONG 7.3 softmax over 1 unit", lambda: c.check_variable_length_model(keras.Sequential([
    keras.Input((None,), dtype="int32"), L.Embedding(50, 8), L.Conv1D(8, 3), L.GlobalMaxPooling1D(),
    L.Dense(1, activation="softmax")])))
case("WRONG 7.3 kernel 10 'valid' (9-token input vanishes)", lambda: c.check_variable_length_model(keras.Sequential([
    keras.Input((None,), dtype="int32"), L.Embedding(50, 8), L.Conv1D(8, 10), L.GlobalMaxPooling1D(),
    L.Dense(1, activation="sigmoid")])))
case("WRONG 7.3 Embedding(40) too small", lambda: c.check_variable_length_model(keras.Sequential([
    keras.Input((None,), dtype="int32"), L.Embedding(40, 8), L.Conv1D(8, 3), L.GlobalMaxPooling1D(),
    L.Dense(1, activation="sigmoid")])))


def masked(*hidden, pool=L.GlobalAveragePooling1D, mask=True):
    return keras.Sequential([keras.Input((None,), dtype="int32"), L.Embedding(50, 8, mask_zero=mask), *hidden,
                             pool(), L.Dense(1, activation="sigmoid")])


case("7.4 solution (Dense)", lambda: c.check_padding_proof_model(masked(L.Dense(16, activation="relu"))))
case("7.4 LSTM(return_sequences=True)", lambda: c.check_padding_proof_model(masked(L.LSTM(8, return_sequences=True))))
case("7.4 Bidirectional(GRU(seq))", lambda: c.check_padding_proof_model(
    masked(L.Bidirectional(L.GRU(4, return_sequences=True)))))
case("7.4 TimeDistributed(Dense) + Dropout", lambda: c.check_padding_proof_model(
    masked(L.TimeDistributed(L.Dense(8, activation="relu")), L.Dropout(0.2))))
case("7.4 Dense + LayerNormalization", lambda: c.check_padding_proof_model(
    masked(L.Dense(8, activation="relu"), L.LayerNormalization())))
case("WRONG 7.4 no mask_zero", lambda: c.check_padding_proof_model(masked(L.Dense(16), mask=False)))
case("WRONG 7.4 Conv1D hidden", lambda: c.check_padding_proof_model(masked(L.Conv1D(8, 3, padding="same"))))
case("WRONG 7.4 GlobalMaxPooling1D", lambda: c.check_padding_proof_model(
    masked(L.Dense(8, activation="relu"), pool=L.GlobalMaxPooling1D)))
case("WRONG 7.4 hidden after the pooling", lambda: c.check_padding_proof_model(keras.Sequential([
    keras.Input((None,), dtype="int32"), L.Embedding(50, 8, mask_zero=True), L.GlobalAveragePooling1D(),
    L.Dense(8, activation="relu"), L.Dense(1, activation="sigmoid")])))

# ------------------------------------------------------------------ lesson 08
print("== Lesson 08")
c = lesson08
case("8.1 12", lambda: c.check_max_filters(12))
case("8.1 np.int64(12)", lambda: c.check_max_filters(np.int64(12)))
case("8.1 12.0", lambda: c.check_max_filters(12.0))
case("8.1 (5000 - 1258) // 305", lambda: c.check_max_filters((5000 - 1258) // 305))
case("WRONG 8.1 15 (24x24 answer)", lambda: c.check_max_filters(15))
case("WRONG 8.1 13 (over)", lambda: c.check_max_filters(13))
case("WRONG 8.1 12.27 (not floored)", lambda: c.check_max_filters((5000 - 1258) / 305))

split = c.dataset()


def train(model, epochs=12, x=None, y=None):
    """The notebook's train(), optionally on other data (a model 'tuned on the test split')."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=4, restore_best_weights=True)
    return model.fit(split.x_train if x is None else x, split.y_train if y is None else y,
                     validation_data=(split.x_val, split.y_val), epochs=epochs, batch_size=64,
                     callbacks=[stop], verbose=0)


def built(seed, *layers, shape=(24, 24, 1), fit=True, **kw):
    keras.utils.set_random_seed(seed)
    m = seq(*layers, shape=shape)
    if fit:
        train(m, **kw)
    return m


def conv(f, **kw):
    return L.Conv2D(f, 3, padding="same", activation="relu", **kw)


# Cheap rejections first (no training, or one short training).
case("WRONG 8.2 over budget (8,16,24 + pool 3)", lambda: c.check_design_a(built(
    0, conv(8), L.MaxPooling2D(2), conv(16), L.MaxPooling2D(2), conv(24), L.MaxPooling2D(3), L.Flatten(),
    L.Dense(10, activation="softmax"), fit=False), train))
case("WRONG 8.2 GMP(keepdims) + Flatten", lambda: c.check_design_a(built(
    0, conv(12), L.MaxPooling2D(2), conv(24), L.GlobalMaxPooling2D(keepdims=True), L.Flatten(),
    L.Dense(10, activation="softmax"), fit=False), train))
case("WRONG 8.2 no convolution (MLP), trained", lambda: c.check_design_a(built(
    0, L.Flatten(), L.Dense(8, activation="relu"), L.Dense(10, activation="softmax")), train))
case("WRONG 8.2 naive Flatten head, trained", lambda: c.check_design_a(built(
    0, L.Conv2D(3, 3, padding="same", activation="relu"), L.MaxPooling2D(2), L.Flatten(),
    L.Dense(10, activation="softmax")), train))
case("WRONG 8.3 Flatten inside", lambda: c.check_design_b(built(
    0, conv(12), L.MaxPooling2D(2), conv(24), L.GlobalMaxPooling2D(keepdims=True), L.Flatten(),
    L.Dense(10, activation="softmax"), fit=False), train))
case("WRONG 8.3 untrained", lambda: c.check_design_b(built(
    0, conv(12), L.MaxPooling2D(2), conv(24), L.GlobalMaxPooling2D(), L.Dense(10, activation="softmax"),
    fit=False), train))
case("WRONG 8.5 no convolution", lambda: c.check_smallest(built(
    0, L.Flatten(), L.Dense(10, activation="softmax"), fit=False), train))

if LIGHT:
    print("CASES_LIGHT=1: the capstone's training checks are skipped.")
else:
    # Exercise 8.2, Flatten designs (each check retrains 3 copies).
    case("8.2 solution (12, 24, MaxPooling2D(6))", lambda: c.check_design_a(built(
        0, conv(12), L.MaxPooling2D(2), conv(24), L.MaxPooling2D(6), L.Flatten(),
        L.Dense(10, activation="softmax")), train))
    case("8.2 two blocks 8, 16 + MaxPooling2D(6) (1,898 params)", lambda: c.check_design_a(built(
        0, conv(8), L.MaxPooling2D(2), conv(16), L.MaxPooling2D(6), L.Flatten(),
        L.Dense(10, activation="softmax")), train))
    case("8.2 three blocks 8,16,16 + MaxPooling2D(3) (4,218)", lambda: c.check_design_a(built(
        0, conv(8), L.MaxPooling2D(2), conv(16), L.MaxPooling2D(2), conv(16), L.MaxPooling2D(3), L.Flatten(),
        L.Dense(10, activation="softmax")), train))
    case("8.2 logits + from_logits=True (functional)", lambda: c.check_design_a((lambda m: (
        m.compile(keras.optimizers.Adam(0.01), keras.losses.SparseCategoricalCrossentropy(from_logits=True)),
        m.fit(split.x_train, split.y_train, epochs=8, batch_size=64, verbose=0), m)[-1])(
        (lambda i: keras.Model(i, L.Dense(10)(L.Flatten()(L.MaxPooling2D(6)(conv(12)(L.MaxPooling2D(2)(
            conv(12)(i))))))))(keras.Input((24, 24, 1)))), train))
    # Exercise 8.3, global-pooling designs.
    case("8.3 solution (GMP)", lambda: c.check_design_b(built(
        0, conv(12), L.MaxPooling2D(2), conv(24), L.GlobalMaxPooling2D(), L.Dense(10, activation="softmax")), train))
    case("WRONG 8.3 GAP head, same body as the solution (misses 0.80 at 12 epochs)", lambda: c.check_design_b(built(
        0, conv(12), L.MaxPooling2D(2), conv(24), L.GlobalAveragePooling2D(), L.Dense(10, activation="softmax")),
        train))
    case("8.3 three blocks 8,16,24 + GMP (4,978, the plan)", lambda: c.check_design_b(built(
        0, conv(8), L.MaxPooling2D(2), conv(16), L.MaxPooling2D(2), conv(24), L.GlobalMaxPooling2D(),
        L.Dense(10, activation="softmax")), train))
    case("8.3 GMP + hidden Dense(16)", lambda: c.check_design_b(built(
        0, conv(12), L.MaxPooling2D(2), conv(24), L.GlobalMaxPooling2D(), L.Dense(16, activation="relu"),
        L.Dense(10, activation="softmax")), train))
    case("8.3 design trained on the TEST split (weights ignored)", lambda: c.check_design_b(built(
        0, conv(12), L.MaxPooling2D(2), conv(24), L.GlobalMaxPooling2D(), L.Dense(10, activation="softmax"),
        x=split.x_test, y=split.y_test), train))
    case("WRONG 8.3 Conv2D(10) + GMP only (100 params)", lambda: c.check_design_b(built(
        0, L.Conv2D(10, 3, padding="same"), L.GlobalMaxPooling2D(), L.Activation("softmax")), train))
    case("WRONG 8.3 no train passed (no final verdict)", lambda: c.check_design_b(built(
        1, conv(12), L.MaxPooling2D(2), conv(24), L.GlobalMaxPooling2D(), L.Dense(10, activation="softmax"))))
    # Exercise 8.4: needs trained designs.
    design_b = built(0, conv(12), L.MaxPooling2D(2), conv(24), L.GlobalMaxPooling2D(),
                     L.Dense(10, activation="softmax"))
    design_a = built(0, conv(12), L.MaxPooling2D(2), conv(24), L.MaxPooling2D(6), L.Flatten(),
                     L.Dense(10, activation="softmax"))
    case("8.4 solution (Sequential over design_b.layers)", lambda: c.check_any_size(
        keras.Sequential([keras.Input((None, None, 1)), *design_b.layers])))
    case("8.4 functional over the layers", lambda: c.check_any_size((lambda i: keras.Model(i, __import__(
        "functools").reduce(lambda x, lay: lay(x), design_b.layers, i)))(keras.Input((None, None, 1)))))
    case("8.4 new model + set_weights", lambda: c.check_any_size((lambda m: (m.set_weights(design_b.get_weights()), m)[1])(
        seq(conv(12), L.MaxPooling2D(2), conv(24), L.GlobalMaxPooling2D(), L.Dense(10, activation="softmax"),
            shape=(None, None, 1)))))
    case("8.4 nested: Sequential([Input, design_b])", lambda: c.check_any_size(
        keras.Sequential([keras.Input((None, None, 1)), design_b])))
    case("WRONG 8.4 design_a's layers (Flatten)", lambda: c.check_any_size(
        keras.Sequential([keras.Input((None, None, 1)), *design_a.layers])))
    case("WRONG 8.4 untrained any-size model", lambda: c.check_any_size(seq(
        conv(12), L.MaxPooling2D(2), conv(24), L.GlobalMaxPooling2D(), L.Dense(10, activation="softmax"),
        shape=(None, None, 1))))
    case("WRONG 8.4 fixed Input(32, 32, 1)", lambda: c.check_any_size(
        keras.Sequential([keras.Input((32, 32, 1)), *design_b.layers])))
    case("WRONG 8.4 Resizing(24,24) + design_a (32x32 acc ~0.61)", lambda: c.check_any_size(
        keras.Sequential([keras.Input((None, None, 1)), L.Resizing(24, 24), *design_a.layers])))
    case("WRONG 8.4 Resizing(24,24) + design_b (32x32 acc ~0.62)", lambda: c.check_any_size(
        keras.Sequential([keras.Input((None, None, 1)), L.Resizing(24, 24), *design_b.layers])))
    for canvas in (24, 32, 40):
        d = c.dataset(canvas)
        rs = keras.Sequential([keras.Input((None, None, 1)), L.Resizing(24, 24), *design_a.layers])
        show(f"INFO Resizing+design_a accuracy on {canvas}x{canvas} validation",
             f"{c.accuracy(rs, d.x_val, d.y_val):.3f}")
    # Challenge 8.5.
    case("8.5 solution (6, 12, GMP: 850)", lambda: c.check_smallest(built(
        0, conv(6), L.MaxPooling2D(2), conv(12), L.GlobalMaxPooling2D(), L.Dense(10, activation="softmax")), train))
    case("8.5 4, 8, GMP (426)", lambda: c.check_smallest(built(
        0, conv(4), L.MaxPooling2D(2), conv(8), L.GlobalMaxPooling2D(), L.Dense(10, activation="softmax")), train))
    case("8.5 SeparableConv2D body (smaller)", lambda: c.check_smallest(built(
        0, conv(6), L.MaxPooling2D(2), L.SeparableConv2D(16, 3, padding="same", activation="relu"),
        L.GlobalMaxPooling2D(), L.Dense(10, activation="softmax")), train))
    case("WRONG 8.5 2, 4 filters (too small)", lambda: c.check_smallest(built(
        0, conv(2), L.MaxPooling2D(2), conv(4), L.GlobalMaxPooling2D(), L.Dense(10, activation="softmax")), train))
    case("WRONG 8.5 naive Flatten head", lambda: c.check_smallest(built(
        0, L.Conv2D(3, 3, padding="same", activation="relu"), L.MaxPooling2D(2), L.Flatten(),
        L.Dense(10, activation="softmax")), train))

print(f"\n{len(MISMATCHES)} mismatch(es): {MISMATCHES}")
print("FAIL" if MISMATCHES else "ok")
sys.exit(1 if MISMATCHES else 0)
