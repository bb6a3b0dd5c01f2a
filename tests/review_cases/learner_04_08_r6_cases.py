# ruff: noqa  (the reviewer's script, kept as written so it compares with the review)
"""Reviewer cases for lessons 04-08 of the Flatten / global pooling course (exercise checks).

The independent learner review of lessons 04-08, round 6, kept as its reviewer wrote it except for one label
(7.1 rounded inside the function: relabelled WRONG, see there) and the exit status: 1 when a check accepts a WRONG answer, rejects a right one or raises (tests/review_cases/
test_review_scripts.py runs it without --heavy; the capstone's training cases run by hand).

Run from the course root:  .venv/bin/python tests/review_cases/learner_04_08_r6_cases.py [--heavy]
Labels starting with WRONG are answers that SHOULD be rejected; all others SHOULD be accepted.
--heavy also runs the capstone design checks (8.2, 8.3, 8.4, 8.5), which train models.
"""
import os
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")
sys.path.insert(0, os.getcwd())

import keras  # noqa: E402
import numpy as np  # noqa: E402

from utils import shapes  # noqa: E402
from utils.lessons import lesson04, lesson05, lesson06, lesson07, lesson08  # noqa: E402

L = keras.layers
TALLY = {"ok": 0, "false_negative": [], "false_positive": [], "raised": []}


def show(label, result):
    """Print the verdict; flag a correct answer rejected or a WRONG answer accepted."""
    if isinstance(result, Exception):
        TALLY["raised"].append(label)
        print(f"[RAISED] {label}: {type(result).__name__}: {str(result)[:200]}")
        return
    expect_ok = not label.startswith("WRONG")
    got_ok = bool(result.correct)
    flag = "ok" if expect_ok == got_ok else ("FALSE-NEGATIVE" if expect_ok else "FALSE-POSITIVE")
    if flag == "ok":
        TALLY["ok"] += 1
    elif expect_ok:
        TALLY["false_negative"].append(label)
    else:
        TALLY["false_positive"].append(label)
    text = result.text().replace("\n", " | ")
    print(f"[{flag}] {label}: {text[:420]}")


def run(label, fn):
    try:
        show(label, fn())
    except Exception as exc:  # noqa: BLE001 - a check that raises is a finding
        show(label, exc)


# ----------------------------------------------------------------------------- lesson 04
run("4.1 int 2704", lambda: lesson04.check_flatten_length(2704))
run("4.1 expression 13*13*16", lambda: lesson04.check_flatten_length(13 * 13 * 16))
run("4.1 np.int64", lambda: lesson04.check_flatten_length(np.int64(2704)))
run("4.1 float 2704.0 from np.prod", lambda: lesson04.check_flatten_length(float(np.prod([13, 13, 16]))))
run("4.1 from Keras model output shape[-1]", lambda: lesson04.check_flatten_length(
    keras.Sequential([keras.Input((28, 28, 1)), L.Conv2D(16, 3), L.MaxPooling2D(2), L.Flatten()]).output_shape[-1]))
run("WRONG 4.1 same padding 3136", lambda: lesson04.check_flatten_length(3136))
run("WRONG 4.1 no pooling 10816", lambda: lesson04.check_flatten_length(10816))
run("WRONG 4.1 channels forgotten 169", lambda: lesson04.check_flatten_length(169))
run("WRONG 4.1 shape tuple (13,13,16)", lambda: lesson04.check_flatten_length((13, 13, 16)))
run("WRONG 4.1 pooling rounded up 14*14*16 (=same)", lambda: lesson04.check_flatten_length(14 * 14 * 16))

run("4.2 int", lambda: lesson04.check_dense_params(173120))
run("4.2 expression", lambda: lesson04.check_dense_params(2704 * 64 + 64))
run("4.2 via shapes.dense_params", lambda: lesson04.check_dense_params(shapes.dense_params(2704, 64)))
run("4.2 Keras layer count", lambda: lesson04.check_dense_params(
    keras.Sequential([keras.Input((2704,)), L.Dense(64)]).count_params()))
run("WRONG 4.2 biases forgotten", lambda: lesson04.check_dense_params(173056))
run("WRONG 4.2 same padding 3136*64+64", lambda: lesson04.check_dense_params(3136 * 64 + 64))
run("WRONG 4.2 whole model", lambda: lesson04.check_dense_params(173930))
run("WRONG 4.2 (inputs+1)*units off: 2704*65", lambda: lesson04.check_dense_params(2704 * 65))

ROWS = [((None, 30, 20, 8), 224), ((None, 15, 10, 8), 0), ((None, 13, 6, 16), 1936),
        ((None, 6, 3, 16), 0), ((None, 288), 0), ((None, 10), 2890)]
run("4.3 tuples", lambda: lesson04.check_summary(ROWS))
run("4.3 with Input row", lambda: lesson04.check_summary([((None, 30, 20, 3), 0)] + ROWS))
run("4.3 dicts", lambda: lesson04.check_summary([{"shape": s, "params": p} for s, p in ROWS]))
run("4.3 lists", lambda: lesson04.check_summary([[list(s), p] for s, p in ROWS]))
m43 = keras.Sequential([keras.Input((30, 20, 3)), L.Conv2D(8, 3, padding="same"), L.MaxPooling2D(2),
                        L.Conv2D(16, (3, 5)), L.MaxPooling2D(2), L.Flatten(), L.Dense(10)])
run("4.3 from the Keras model", lambda: lesson04.check_summary([(l.output.shape, l.count_params()) for l in m43.layers]))
run("WRONG 4.3 3x5 read as 3x3 (1168)", lambda: lesson04.check_summary(
    [ROWS[0], ROWS[1], ((None, 13, 8, 16), 1168), ((None, 6, 4, 16), 0), ((None, 384), 0), ((None, 10), 3850)]))
run("WRONG 4.3 pooling rounded up", lambda: lesson04.check_summary(
    [ROWS[0], ROWS[1], ROWS[2], ((None, 7, 3, 16), 0), ((None, 336), 0), ((None, 10), 3370)]))
run("WRONG 4.3 no batch axis", lambda: lesson04.check_summary([(s[1:], p) for s, p in ROWS]))
run("WRONG 4.3 first conv valid", lambda: lesson04.check_summary(
    [((None, 28, 18, 8), 224), ((None, 14, 9, 8), 0), ((None, 12, 5, 16), 1936), ((None, 6, 2, 16), 0),
     ((None, 192), 0), ((None, 10), 1930)]))
run("WRONG 4.3 second conv sees 3 channels", lambda: lesson04.check_summary(
    [ROWS[0], ROWS[1], ((None, 13, 6, 16), 3 * 5 * 3 * 16 + 16), ROWS[3], ROWS[4], ROWS[5]]))
run("WRONG 4.3 only five rows", lambda: lesson04.check_summary(ROWS[:5]))

# ----------------------------------------------------------------------------- lesson 05
run("5.1 tuple", lambda: lesson05.check_keepdims_shape((None, 512, 1, 1)))
run("5.1 list", lambda: lesson05.check_keepdims_shape([None, 512, 1, 1]))
run("5.1 compute_output_shape", lambda: lesson05.check_keepdims_shape(
    L.GlobalMaxPooling2D(data_format="channels_first", keepdims=True).compute_output_shape((None, 512, 7, 7))))
run("5.1 Keras tensor .shape", lambda: lesson05.check_keepdims_shape(
    L.GlobalMaxPooling2D(data_format="channels_first", keepdims=True)(keras.Input((512, 7, 7))).shape))
run("WRONG 5.1 channels last", lambda: lesson05.check_keepdims_shape((None, 1, 1, 512)))
run("WRONG 5.1 no keepdims", lambda: lesson05.check_keepdims_shape((None, 512)))
run("WRONG 5.1 batch of one", lambda: lesson05.check_keepdims_shape((1, 512, 1, 1)))
run("WRONG 5.1 no batch", lambda: lesson05.check_keepdims_shape((512, 1, 1)))

run("5.2 concatenate", lambda: lesson05.check_avg_max_function(
    lambda x: np.concatenate([x.mean(axis=(1, 2)), x.max(axis=(1, 2))], axis=-1)))
run("5.2 hstack", lambda: lesson05.check_avg_max_function(lambda x: np.hstack([x.mean((1, 2)), x.max((1, 2))])))
run("5.2 keras layers", lambda: lesson05.check_avg_max_function(
    lambda x: L.Concatenate()([L.GlobalAveragePooling2D()(x), L.GlobalMaxPooling2D()(x)])))
run("5.2 reshape then mean/max over axis 1", lambda: lesson05.check_avg_max_function(
    lambda x: np.concatenate([x.reshape(len(x), -1, x.shape[-1]).mean(1),
                              x.reshape(len(x), -1, x.shape[-1]).max(1)], 1)))
run("WRONG 5.2 stack", lambda: lesson05.check_avg_max_function(
    lambda x: np.stack([x.mean((1, 2)), x.max((1, 2))], -1)))
run("WRONG 5.2 max first", lambda: lesson05.check_avg_max_function(
    lambda x: np.concatenate([x.max((1, 2)), x.mean((1, 2))], -1)))
run("WRONG 5.2 mean over all axes but batch", lambda: lesson05.check_avg_max_function(
    lambda x: np.concatenate([x.mean((1, 2, 3), keepdims=False)[:, None].repeat(x.shape[-1], 1),
                              x.max((1, 2))], -1)))
run("WRONG 5.2 mean over axis 1 only (then max over 2)", lambda: lesson05.check_avg_max_function(
    lambda x: np.concatenate([x.mean(1).mean(1), x.max(1).mean(1)], -1)))
run("WRONG 5.2 no return", lambda: lesson05.check_avg_max_function(lambda x: None))


def body(inp, filters=8):
    x = L.Conv2D(filters, 3, padding="same", activation="relu")(inp)
    return L.MaxPooling2D(2)(x)


def parcel(head):
    inp = keras.Input((None, None, 1))
    x = body(inp)
    return keras.Model(inp, L.Dense(4, activation="softmax")(head(x)))


keras.utils.set_random_seed(0)
run("5.3 adaptive avg 2x2", lambda: lesson05.check_position_model(
    parcel(lambda x: L.Flatten()(L.AdaptiveAveragePooling2D(2)(x)))))
run("5.3 adaptive max 2x2", lambda: lesson05.check_position_model(
    parcel(lambda x: L.Flatten()(L.AdaptiveMaxPooling2D(2)(x)))))
run("5.3 adaptive avg 3x3", lambda: lesson05.check_position_model(
    parcel(lambda x: L.Flatten()(L.AdaptiveAveragePooling2D(3)(x)))))
run("5.3 Resizing(16,16) + small conv + Flatten", lambda: lesson05.check_position_model(keras.Sequential([
    keras.Input((None, None, 1)), L.Resizing(16, 16), L.Conv2D(4, 3, padding="same", activation="relu"),
    L.MaxPooling2D(4), L.Flatten(), L.Dense(4, activation="softmax")])))
run("5.3 adaptive 2x2 straight on pixels (no conv)", lambda: lesson05.check_position_model(keras.Sequential([
    keras.Input((None, None, 1)), L.AdaptiveAveragePooling2D(2), L.Flatten(), L.Dense(4, activation="softmax")])))
run("WRONG 5.3 GAP head", lambda: lesson05.check_position_model(parcel(L.GlobalAveragePooling2D())))
run("WRONG 5.3 GMP head", lambda: lesson05.check_position_model(parcel(L.GlobalMaxPooling2D())))
run("WRONG 5.3 adaptive (2,1)", lambda: lesson05.check_position_model(
    parcel(lambda x: L.Flatten()(L.AdaptiveAveragePooling2D((2, 1))(x)))))
run("WRONG 5.3 adaptive 2x2 then GAP", lambda: lesson05.check_position_model(
    parcel(lambda x: L.GlobalAveragePooling2D()(L.AdaptiveAveragePooling2D(2)(x)))))
run("WRONG 5.3 logits (no softmax)", lambda: lesson05.check_position_model(keras.Model(
    (i := keras.Input((None, None, 1))), L.Dense(4)(L.Flatten()(L.AdaptiveAveragePooling2D(2)(body(i)))))))
run("WRONG 5.3 15x15 same conv + GAP", lambda: lesson05.check_position_model(keras.Sequential([
    keras.Input((None, None, 1)), L.Conv2D(8, 15, padding="same", activation="relu"),
    L.GlobalAveragePooling2D(), L.Dense(4, activation="softmax")])))
run("WRONG 5.3 fixed size 48x48 Flatten", lambda: lesson05.check_position_model(keras.Sequential([
    keras.Input((48, 48, 1)), L.MaxPooling2D(12), L.Flatten(), L.Dense(4, activation="softmax")])))
run("WRONG 5.3 strided valid convs + GAP (padding-free, position lost)", lambda: lesson05.check_position_model(
    keras.Sequential([keras.Input((None, None, 1)), L.Conv2D(8, 5, strides=2, activation="relu"),
                      L.Conv2D(8, 3, activation="relu"), L.GlobalMaxPooling2D(), L.Dense(4, activation="softmax")])))

run("5.4 conv + GAP + Dense softmax", lambda: lesson05.check_tiny_model(keras.Sequential([
    keras.Input((None, None, 1)), L.Conv2D(8, 3, activation="relu"), L.GlobalAveragePooling2D(),
    L.Dense(10, activation="softmax")])))
run("5.4 conv + GMP", lambda: lesson05.check_tiny_model(keras.Sequential([
    keras.Input((None, None, 1)), L.Conv2D(8, 3, activation="relu"), L.GlobalMaxPooling2D(),
    L.Dense(10, activation="softmax")])))
run("5.4 NiN", lambda: lesson05.check_tiny_model(keras.Sequential([
    keras.Input((None, None, 1)), L.Conv2D(16, 3, activation="relu"), L.Conv2D(10, 1),
    L.GlobalAveragePooling2D(), L.Activation("softmax")])))
run("5.4 conv + avg+max concat (functional)", lambda: lesson05.check_tiny_model(keras.Model(
    (i := keras.Input((None, None, 1))),
    L.Dense(10, activation="softmax")(L.Concatenate()([L.GlobalAveragePooling2D()(c := L.Conv2D(8, 3, activation="relu")(i)),
                                                      L.GlobalMaxPooling2D()(c)])))))
run("5.4 logits output", lambda: lesson05.check_tiny_model(keras.Sequential([
    keras.Input((None, None, 1)), L.Conv2D(8, 3, activation="relu"), L.GlobalAveragePooling2D(), L.Dense(10)])))
run("WRONG 5.4 GAP on raw pixels", lambda: lesson05.check_tiny_model(keras.Sequential([
    keras.Input((None, None, 1)), L.GlobalAveragePooling2D(), L.Dense(10, activation="softmax")])))
run("WRONG 5.4 1x1 conv only", lambda: lesson05.check_tiny_model(keras.Sequential([
    keras.Input((None, None, 1)), L.Conv2D(16, 1, activation="relu"), L.GlobalAveragePooling2D(),
    L.Dense(10, activation="softmax")])))
run("WRONG 5.4 Resizing + Flatten", lambda: lesson05.check_tiny_model(keras.Sequential([
    keras.Input((None, None, 1)), L.Resizing(6, 6), L.Conv2D(2, 3, activation="relu"), L.Flatten(),
    L.Dense(10, activation="softmax")])))
run("WRONG 5.4 adaptive 2x2 + Flatten", lambda: lesson05.check_tiny_model(keras.Sequential([
    keras.Input((None, None, 1)), L.Conv2D(4, 3, activation="relu"), L.AdaptiveAveragePooling2D(2), L.Flatten(),
    L.Dense(10, activation="softmax")])))
run("WRONG 5.4 over budget", lambda: lesson05.check_tiny_model(keras.Sequential([
    keras.Input((None, None, 1)), L.Conv2D(64, 3, activation="relu"), L.GlobalAveragePooling2D(),
    L.Dense(10, activation="softmax")])))
run("WRONG 5.4 sigmoid output", lambda: lesson05.check_tiny_model(keras.Sequential([
    keras.Input((None, None, 1)), L.Conv2D(8, 3, activation="relu"), L.GlobalAveragePooling2D(),
    L.Dense(10, activation="sigmoid")])))
run("WRONG 5.4 relu output via separate Activation layer", lambda: lesson05.check_tiny_model(keras.Sequential([
    keras.Input((None, None, 1)), L.Conv2D(8, 3, activation="relu"), L.GlobalAveragePooling2D(),
    L.Dense(10), L.Activation("relu")])))
run("WRONG 5.4 fixed input size", lambda: lesson05.check_tiny_model(keras.Sequential([
    keras.Input((16, 16, 1)), L.Conv2D(8, 3, activation="relu"), L.GlobalAveragePooling2D(),
    L.Dense(10, activation="softmax")])))

# ----------------------------------------------------------------------------- lesson 06
a, b = np.array(lesson06.SCORES_A), np.array(lesson06.SCORES_B)
lead, spread = abs(a.mean() - b.mean()), max(a.std(ddof=1), b.std(ddof=1))
run("6.1 numpy", lambda: lesson06.check_seed_verdict(lead, spread, lead > spread))
import statistics  # noqa: E402
run("6.1 statistics module", lambda: lesson06.check_seed_verdict(
    abs(statistics.mean(lesson06.SCORES_B) - statistics.mean(lesson06.SCORES_A)),
    max(statistics.stdev(lesson06.SCORES_A), statistics.stdev(lesson06.SCORES_B)), False))
run("6.1 rounded to 4 decimals", lambda: lesson06.check_seed_verdict(round(lead, 4), round(spread, 4), False))
run("6.1 float32 arrays", lambda: lesson06.check_seed_verdict(
    np.float32(lead), np.float32(spread), np.bool_(False)))
run("WRONG 6.1 seed 0 only", lambda: lesson06.check_seed_verdict(abs(a[0] - b[0]), spread, False))
run("WRONG 6.1 ddof=0", lambda: lesson06.check_seed_verdict(lead, max(a.std(), b.std()), False))
run("WRONG 6.1 real=True", lambda: lesson06.check_seed_verdict(lead, spread, True))
run("WRONG 6.1 percentage points", lambda: lesson06.check_seed_verdict(100 * lead, 100 * spread, False))
run("WRONG 6.1 smaller std", lambda: lesson06.check_seed_verdict(lead, min(a.std(ddof=1), b.std(ddof=1)), False))
run("WRONG 6.1 std of the difference per seed", lambda: lesson06.check_seed_verdict(lead, (a - b).std(ddof=1), False))

run("6.2 set", lambda: lesson06.check_flaws({"B", "C", "D"}))
run("6.2 string", lambda: lesson06.check_flaws("B, C, D"))
run("6.2 lowercase list", lambda: lesson06.check_flaws(["b", "c", "d"]))
run("6.2 sentence", lambda: lesson06.check_flaws("B, C and D are the flaws"))
run("6.2 sentence naming the non-flaws too", lambda: lesson06.check_flaws("B, C, D (not A, E or F)"))
run("WRONG 6.2 all", lambda: lesson06.check_flaws(set("ABCDEF")))
run("WRONG 6.2 B and C only", lambda: lesson06.check_flaws({"B", "C"}))
run("WRONG 6.2 with F", lambda: lesson06.check_flaws("BCDF"))
run("WRONG 6.2 with E", lambda: lesson06.check_flaws({"B", "C", "D", "E"}))

# ----------------------------------------------------------------------------- lesson 07
run("7.1 formula", lambda: lesson07.check_flatten_mb(lambda h, w, c, u: (h * w * c * u + u) * 4 / 1e6))
run("7.1 shapes.dense_params", lambda: lesson07.check_flatten_mb(
    lambda h, w, c, u: shapes.dense_params(h * w * c, u) * 4 / 1_000_000))
run("7.1 np.float32 itemsize", lambda: lesson07.check_flatten_mb(
    lambda h, w, c, u: (h * w * c + 1) * u * np.dtype("float32").itemsize / 1e6))
# Relabelled WRONG: a small layer's 0.0016 MB comes back as 0; the check says "round only when you print it".
run("WRONG 7.1 rounded to 2 decimals inside the function", lambda: lesson07.check_flatten_mb(
    lambda h, w, c, u: round((h * w * c * u + u) * 4 / 1e6, 2)))
run("7.1 integer arithmetic /10**6", lambda: lesson07.check_flatten_mb(
    lambda h, w, c, u: ((h * w * c + 1) * u * 4) / 10**6))
run("WRONG 7.1 MiB", lambda: lesson07.check_flatten_mb(lambda h, w, c, u: (h * w * c * u + u) * 4 / 2**20))
run("WRONG 7.1 biases forgotten", lambda: lesson07.check_flatten_mb(lambda h, w, c, u: h * w * c * u * 4 / 1e6))
run("WRONG 7.1 float64", lambda: lesson07.check_flatten_mb(lambda h, w, c, u: (h * w * c * u + u) * 8 / 1e6))
run("WRONG 7.1 parameter count", lambda: lesson07.check_flatten_mb(lambda h, w, c, u: h * w * c * u + u))
run("WRONG 7.1 channels forgotten", lambda: lesson07.check_flatten_mb(lambda h, w, c, u: (h * w * u + u) * 4 / 1e6))
run("WRONG 7.1 rounded to integer MB", lambda: lesson07.check_flatten_mb(
    lambda h, w, c, u: round((h * w * c * u + u) * 4 / 1e6)))

x_ncl = np.random.default_rng(6).normal(size=(4, 2, 100)).astype("float32")
run("7.2 transpose", lambda: lesson07.check_channels_last(np.transpose(x_ncl, (0, 2, 1)), x_ncl))
run("7.2 moveaxis", lambda: lesson07.check_channels_last(np.moveaxis(x_ncl, 1, -1), x_ncl))
run("7.2 swapaxes", lambda: lesson07.check_channels_last(x_ncl.swapaxes(1, 2), x_ncl))
run("7.2 Permute layer (tensor)", lambda: lesson07.check_channels_last(L.Permute((2, 1))(x_ncl), x_ncl))
run("7.2 einsum", lambda: lesson07.check_channels_last(np.einsum("ncl->nlc", x_ncl), x_ncl))
run("WRONG 7.2 reshape", lambda: lesson07.check_channels_last(x_ncl.reshape(4, 100, 2), x_ncl))
run("WRONG 7.2 transpose .T", lambda: lesson07.check_channels_last(x_ncl.T, x_ncl))
run("WRONG 7.2 unchanged", lambda: lesson07.check_channels_last(x_ncl, x_ncl))
run("WRONG 7.2 one clip", lambda: lesson07.check_channels_last(np.transpose(x_ncl, (0, 2, 1))[:1], x_ncl))


def seq(pool=L.GlobalMaxPooling1D, emb=50, act="sigmoid", conv=True, kernel=3, padding="valid"):
    inp = keras.Input((None,), dtype="int32")
    x = L.Embedding(emb, 8)(inp)
    if conv:
        x = L.Conv1D(16, kernel, padding=padding, activation="relu")(x)
    x = pool()(x)
    return keras.Model(inp, L.Dense(1, activation=act)(x))


keras.utils.set_random_seed(0)
run("7.3 Embedding Conv1D GMP", lambda: lesson07.check_variable_length_model(seq()))
run("7.3 Embedding Conv1D GAP", lambda: lesson07.check_variable_length_model(seq(L.GlobalAveragePooling1D)))
run("7.3 Sequential with padding='same'", lambda: lesson07.check_variable_length_model(keras.Sequential([
    keras.Input((None,), dtype="int32"), L.Embedding(50, 8), L.Conv1D(8, 5, padding="same", activation="relu"),
    L.GlobalMaxPooling1D(), L.Dense(1, activation="sigmoid")])))
run("7.3 Embedding(64) bigger than needed", lambda: lesson07.check_variable_length_model(seq(emb=64)))
run("7.3 two conv layers + pooling", lambda: lesson07.check_variable_length_model(keras.Sequential([
    keras.Input((None,), dtype="int32"), L.Embedding(50, 8), L.Conv1D(8, 3, activation="relu"),
    L.MaxPooling1D(2), L.Conv1D(8, 3, activation="relu"), L.GlobalMaxPooling1D(), L.Dense(1, activation="sigmoid")])))
run("WRONG 7.3 Flatten fixed length", lambda: lesson07.check_variable_length_model(keras.Sequential([
    keras.Input((40,), dtype="int32"), L.Embedding(50, 8), L.Conv1D(8, 3), L.Flatten(),
    L.Dense(1, activation="sigmoid")])))
run("WRONG 7.3 Embedding(49)", lambda: lesson07.check_variable_length_model(seq(emb=49)))
run("WRONG 7.3 softmax", lambda: lesson07.check_variable_length_model(seq(act="softmax")))
run("WRONG 7.3 no conv", lambda: lesson07.check_variable_length_model(seq(conv=False)))
run("WRONG 7.3 kernel 10 vanishes on 9 tokens", lambda: lesson07.check_variable_length_model(seq(kernel=10)))
run("WRONG 7.3 raw ids into Conv1D", lambda: lesson07.check_variable_length_model(keras.Sequential([
    keras.Input((None, 1)), L.Conv1D(8, 3), L.GlobalMaxPooling1D(), L.Dense(1, activation="sigmoid")])))


def masked(hidden=lambda: L.Dense(16, activation="relu"), mask=True, pool=L.GlobalAveragePooling1D):
    inp = keras.Input((None,), dtype="int32")
    x = L.Embedding(50, 8, mask_zero=mask)(inp)
    if hidden is not None:
        x = hidden()(x)
    x = pool()(x)
    return keras.Model(inp, L.Dense(1, activation="sigmoid")(x))


keras.utils.set_random_seed(0)
run("7.4 Dense hidden", lambda: lesson07.check_padding_proof_model(masked()))
run("7.4 LSTM return_sequences", lambda: lesson07.check_padding_proof_model(
    masked(lambda: L.LSTM(8, return_sequences=True))))
run("7.4 TimeDistributed Dense", lambda: lesson07.check_padding_proof_model(
    masked(lambda: L.TimeDistributed(L.Dense(8, activation="relu")))))
run("7.4 Sequential Dense + Dropout", lambda: lesson07.check_padding_proof_model(keras.Sequential([
    keras.Input((None,), dtype="int32"), L.Embedding(50, 8, mask_zero=True), L.Dense(8, activation="relu"),
    L.Dropout(0.2), L.GlobalAveragePooling1D(), L.Dense(1, activation="sigmoid")])))
run("7.4 MultiHeadAttention-free GRU", lambda: lesson07.check_padding_proof_model(
    masked(lambda: L.GRU(8, return_sequences=True))))
run("WRONG 7.4 no mask_zero", lambda: lesson07.check_padding_proof_model(masked(mask=False)))
run("WRONG 7.4 Conv1D hidden", lambda: lesson07.check_padding_proof_model(
    masked(lambda: L.Conv1D(8, 3, padding="same", activation="relu"))))
run("WRONG 7.4 GMP", lambda: lesson07.check_padding_proof_model(masked(pool=L.GlobalMaxPooling1D)))
run("WRONG 7.4 no hidden layer", lambda: lesson07.check_padding_proof_model(masked(hidden=None)))
run("WRONG 7.4 LSTM without return_sequences", lambda: lesson07.check_padding_proof_model(keras.Sequential([
    keras.Input((None,), dtype="int32"), L.Embedding(50, 8, mask_zero=True), L.LSTM(8),
    L.Dense(1, activation="sigmoid")])))

# ----------------------------------------------------------------------------- lesson 08 (cheap)
run("8.1 int", lambda: lesson08.check_max_filters(12))
run("8.1 computed floor", lambda: lesson08.check_max_filters((5000 - 1258) // 305))
run("8.1 np.floor float", lambda: lesson08.check_max_filters(np.floor((5000 - 1258) / 305)))
run("8.1 by search with shapes.trace", lambda: lesson08.check_max_filters(max(
    f for f in range(1, 64) if shapes.total_params(shapes.trace((32, 32, 1), lesson08.design_layers((8, 16, f)))) <= 5000)))
run("WRONG 8.1 24x24 answer", lambda: lesson08.check_max_filters(lesson08._largest_fitting(24)))
run("WRONG 8.1 13 (over)", lambda: lesson08.check_max_filters(13))
run("WRONG 8.1 11", lambda: lesson08.check_max_filters(11))
run("WRONG 8.1 unrounded 12.27", lambda: lesson08.check_max_filters((5000 - 1258) / 305))

def _finish():
    print(TALLY)
    bad = TALLY["false_negative"] or TALLY["false_positive"] or TALLY["raised"]
    print("FAIL" if bad else "ok")
    sys.exit(1 if bad else 0)


if "--heavy" not in sys.argv:
    _finish()

# ----------------------------------------------------------------------------- lesson 08 (trains models)
import time  # noqa: E402

split = lesson08.dataset()
x_train, y_train, x_val, y_val = split.x_train, split.y_train, split.x_val, split.y_val


def train(model, epochs=12, x=None, y=None):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=4, restore_best_weights=True)
    return model.fit(x_train if x is None else x, y_train if y is None else y, validation_data=(x_val, y_val),
                     epochs=epochs, batch_size=64, callbacks=[stop], verbose=0)


def seq_model(*layers):
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((24, 24, 1)), *layers])


def timed(label, fn):
    t = time.perf_counter()
    run(label, fn)
    print(f"    ({time.perf_counter() - t:.0f} s)")


# 8.2: a correct alternative Flatten design (two blocks 8/16, MaxPooling2D(6): 1,898 params), trained
d_a = seq_model(L.Conv2D(8, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
                L.Conv2D(16, 3, padding="same", activation="relu"), L.MaxPooling2D(6), L.Flatten(),
                L.Dense(10, activation="softmax"))
train(d_a)
timed("8.2 Flatten design 8/16 + MaxPooling2D(6) (1,898 params)", lambda: lesson08.check_design_a(d_a, train))
# cheap wrong answers for 8.2 (rejected before any retraining)
naive = seq_model(L.Conv2D(3, 3, padding="same", activation="relu"), L.MaxPooling2D(2), L.Flatten(),
                  L.Dense(10, activation="softmax"))
train(naive)
timed("WRONG 8.2 naive Flatten head, trained", lambda: lesson08.check_design_a(naive, train))
gmp_flat = seq_model(L.Conv2D(12, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
                     L.Conv2D(24, 3, padding="same", activation="relu"), L.GlobalMaxPooling2D(keepdims=True),
                     L.Flatten(), L.Dense(10, activation="softmax"))
timed("WRONG 8.2 GMP(keepdims)+Flatten", lambda: lesson08.check_design_a(gmp_flat, train))
untrained = seq_model(L.Conv2D(12, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
                      L.Conv2D(24, 3, padding="same", activation="relu"), L.MaxPooling2D(6), L.Flatten(),
                      L.Dense(10, activation="softmax"))
timed("WRONG 8.2 untrained model", lambda: lesson08.check_design_a(untrained, train))
lg = seq_model(L.Conv2D(12, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
               L.Conv2D(24, 3, padding="same", activation="relu"), L.MaxPooling2D(6), L.Flatten(), L.Dense(10))
train(lg)
timed("WRONG 8.2 logits design trained with train (from_logits=False)", lambda: lesson08.check_design_a(lg, train))

# 8.3: a correct GAP design; a wrong one with a Flatten
d_b = seq_model(L.Conv2D(12, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
                L.Conv2D(24, 3, padding="same", activation="relu"), L.GlobalMaxPooling2D(),
                L.Dense(10, activation="softmax"))
train(d_b)
timed("8.3 GMP design 12/24 (worked)", lambda: lesson08.check_design_b(d_b, train))
d_b_gap = seq_model(L.Conv2D(12, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
                    L.Conv2D(24, 3, padding="same", activation="relu"), L.GlobalAveragePooling2D(),
                    L.Dense(10, activation="softmax"))
train(d_b_gap)
timed("8.3 GAP design 12/24 (2,986 params; correct in principle, rejected at the 12-epoch budget)", lambda: lesson08.check_design_b(d_b_gap, train))
over = seq_model(L.Conv2D(12, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
                 L.Conv2D(24, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
                 L.Conv2D(32, 3, padding="same", activation="relu"), L.GlobalAveragePooling2D(),
                 L.Dense(10, activation="softmax"))
timed("WRONG 8.3 three blocks 12/24/32, over budget (10,010)", lambda: lesson08.check_design_b(over, train))
timed("WRONG 8.3 Flatten design given to 8.3", lambda: lesson08.check_design_b(d_a, train))
no_conv = seq_model(L.GlobalAveragePooling2D(), L.Dense(10, activation="softmax"))
timed("WRONG 8.3 no conv", lambda: lesson08.check_design_b(no_conv, train))

# A model trained on train + TEST (tuned/trained on the test split): the verdict retrains copies on train
leak = seq_model(L.Conv2D(12, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
                 L.Conv2D(24, 3, padding="same", activation="relu"), L.GlobalMaxPooling2D(),
                 L.Dense(10, activation="softmax"))
train(leak, x=np.concatenate([x_train, split.x_test]), y=np.concatenate([y_train, split.y_test]))
timed("8.3 trained on train+test (design is fine: verdict is on clean copies, so PASS is honest)",
      lambda: lesson08.check_design_b(leak, train))

# 8.4
run("8.4 Sequential around design B's layers", lambda: lesson08.check_any_size(
    keras.Sequential([keras.Input((None, None, 1)), *d_b.layers])))
run("8.4 functional around design B's layers", lambda: lesson08.check_any_size(
    (lambda i: keras.Model(i, __import__("functools").reduce(lambda t, l: l(t), d_b.layers, i)))(keras.Input((None, None, 1)))))
run("WRONG 8.4 design A's layers (Flatten)", lambda: lesson08.check_any_size(
    keras.Sequential([keras.Input((None, None, 1)), *d_a.layers])))
run("WRONG 8.4 design B as is (fixed 24x24)", lambda: lesson08.check_any_size(d_b))
run("WRONG 8.4 fresh untrained any-size model", lambda: lesson08.check_any_size(keras.Sequential([
    keras.Input((None, None, 1)), L.Conv2D(12, 3, padding="same", activation="relu"), L.GlobalMaxPooling2D(),
    L.Dense(10, activation="softmax")])))

# 8.5 (one cheap wrong and one small correct design)
small = seq_model(L.Conv2D(6, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
                  L.Conv2D(12, 3, padding="same", activation="relu"), L.GlobalMaxPooling2D(),
                  L.Dense(10, activation="softmax"))
train(small)
timed("8.5 6/12 GMP (850 params)", lambda: lesson08.check_smallest(small, train))
timed("WRONG 8.5 no conv", lambda: lesson08.check_smallest(no_conv, train))
_finish()
