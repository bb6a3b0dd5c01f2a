"""Review cases for lessons 04-08 of the Flatten / global pooling course.

Run from the course root with its .venv python:
    CASES_LIGHT=1 .venv/bin/python /path/to/cases-l0408.py     # no capstone training checks
    .venv/bin/python /path/to/cases-l0408.py                   # + capstone designs (several minutes)

Each case calls a lesson check with one answer. Labels starting with WRONG are answers that are truly
wrong (the check should reject them); the others are correct answers (the check should accept them).
show(label, result) prints one line per case; the script exits 1 if any verdict disagrees with its label.
"""
import os
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COURSE_STRICT_CHECKS"] = "0"
sys.path.insert(0, os.getcwd())
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from utils import shapes  # noqa: E402
from utils.lessons import lesson04, lesson05, lesson06, lesson07, lesson08  # noqa: E402

LIGHT = os.environ.get("CASES_LIGHT", "") not in ("", "0")
L = keras.layers
DISAGREE = []


def show(label, result):
    ok = bool(getattr(result, "correct", False))
    expect_ok = not label.startswith("WRONG")
    agree = ok == expect_ok
    if not agree:
        DISAGREE.append(label)
    msg = " ".join(str(getattr(result, "message", result)).split())
    details = getattr(result, "details", None)
    if details:
        msg += " | " + " | ".join(" ".join(str(d).split()) for d in details)
    print(f"{'ok  ' if agree else 'DISAGREE'} [{'correct' if ok else getattr(result, 'status', '?')}] "
          f"{label}: {msg[:230]}", flush=True)


def seq(*layers, name=None):
    return keras.Sequential(list(layers), name=name)


# ---------------------------------------------------------------- lesson 04
show("4.1 int 2704", lesson04.check_flatten_length(2704))
show("4.1 numpy int from a shape product", lesson04.check_flatten_length(np.prod((13, 13, 16))))
show("4.1 float 2704.0", lesson04.check_flatten_length(((28 - 3 + 1) // 2) ** 2 * 16.0))
show("4.1 from shapes.trace", lesson04.check_flatten_length(
    shapes.trace((28, 28, 1), [shapes.conv(16, 3), shapes.pool(2), shapes.flatten()])[-1].shape[1]))
show("WRONG 4.1 'same' padding 3136", lesson04.check_flatten_length(14 * 14 * 16))
show("WRONG 4.1 pooling forgotten 10816", lesson04.check_flatten_length(26 * 26 * 16))
show("WRONG 4.1 channels forgotten 169", lesson04.check_flatten_length(169))
show("WRONG 4.1 pool rounded up (ceil 27/2=14 on a 27 map)", lesson04.check_flatten_length(14 * 14 * 16 + 0))

show("4.2 173120", lesson04.check_dense_params(173_120))
show("4.2 Keras-built Dense count", lesson04.check_dense_params(
    (lambda d: (d.build((None, 2704)), d.count_params())[1])(L.Dense(64))))
show("4.2 (inputs + 1) * units", lesson04.check_dense_params((2704 + 1) * 64))
show("WRONG 4.2 biases forgotten", lesson04.check_dense_params(2704 * 64))
show("WRONG 4.2 whole head incl. Dense(10)", lesson04.check_dense_params(2704 * 64 + 64 + 64 * 10 + 10))
show("WRONG 4.2 whole model", lesson04.check_dense_params(173_930))

good_rows = [((None, 30, 20, 8), 224), ((None, 15, 10, 8), 0), ((None, 13, 6, 16), 1936),
             ((None, 6, 3, 16), 0), ((None, 288), 0), ((None, 10), 2890)]
show("4.3 worked rows", lesson04.check_summary(good_rows))
show("4.3 with an Input row", lesson04.check_summary([((None, 30, 20, 3), 0), *good_rows]))
show("4.3 lists and dicts", lesson04.check_summary(
    [{"shape": list(s), "params": p} for s, p in good_rows]))
show("4.3 read from Keras itself", lesson04.check_summary(
    [(tuple(layer.output.shape), layer.count_params()) for layer in seq(
        keras.Input((30, 20, 3)), L.Conv2D(8, 3, padding="same"), L.MaxPooling2D(2), L.Conv2D(16, (3, 5)),
        L.MaxPooling2D(2), L.Flatten(), L.Dense(10)).layers]))
bad = list(good_rows)
bad[3] = ((None, 7, 3, 16), 0)
bad[4] = ((None, 336), 0)
bad[5] = ((None, 10), 3370)
show("WRONG 4.3 pool rounded up 13->7", lesson04.check_summary(bad))
bad = list(good_rows)
bad[2] = ((None, 13, 6, 16), 3 * 3 * 8 * 16 + 16)
show("WRONG 4.3 3x5 kernel counted as 3x3", lesson04.check_summary(bad))
show("WRONG 4.3 no batch axis", lesson04.check_summary([(s[1:], p) for s, p in good_rows]))
bad = list(good_rows)
bad[2] = ((None, 13, 6, 16), 3 * 5 * 3 * 16 + 16)
show("WRONG 4.3 conv2 with the image's 3 channels", lesson04.check_summary(bad))

# ---------------------------------------------------------------- lesson 05
layer51 = L.GlobalMaxPooling2D(data_format="channels_first", keepdims=True)
show("5.1 tuple", lesson05.check_keepdims_shape((None, 512, 1, 1)))
show("5.1 list", lesson05.check_keepdims_shape([None, 512, 1, 1]))
show("5.1 compute_output_shape", lesson05.check_keepdims_shape(layer51.compute_output_shape((None, 512, 7, 7))))
show("WRONG 5.1 channels-last habit", lesson05.check_keepdims_shape((None, 1, 1, 512)))
show("WRONG 5.1 no keepdims", lesson05.check_keepdims_shape((None, 512)))
show("WRONG 5.1 batch of one", lesson05.check_keepdims_shape((1, 512, 1, 1)))


def am_concat(x):
    x = np.asarray(x)
    return np.concatenate([x.mean(axis=(1, 2)), x.max(axis=(1, 2))], axis=-1)


def am_reshape(x):
    x = np.asarray(x)
    flat = x.reshape(x.shape[0], -1, x.shape[-1])
    return np.hstack([flat.mean(axis=1), flat.max(axis=1)])


def am_keras(x):
    return keras.layers.Concatenate()([L.GlobalAveragePooling2D()(x), L.GlobalMaxPooling2D()(x)])


def am_loops(x):
    return np.array([[x[n, :, :, c].mean() for c in range(x.shape[3])] + [x[n, :, :, c].max()
                    for c in range(x.shape[3])] for n in range(x.shape[0])])


show("5.2 concatenate", lesson05.check_avg_max_function(am_concat))
show("5.2 reshape + hstack", lesson05.check_avg_max_function(am_reshape))
show("5.2 Keras layers (returns a tensor)", lesson05.check_avg_max_function(am_keras))
show("5.2 Python loops", lesson05.check_avg_max_function(am_loops))
show("WRONG 5.2 max first (fastai order)", lesson05.check_avg_max_function(
    lambda x: np.concatenate([x.max(axis=(1, 2)), x.mean(axis=(1, 2))], -1)))
show("WRONG 5.2 np.stack", lesson05.check_avg_max_function(
    lambda x: np.stack([x.mean(axis=(1, 2)), x.max(axis=(1, 2))], -1)))
show("WRONG 5.2 mean over axes 1 then max over axis 2 of the mean", lesson05.check_avg_max_function(
    lambda x: np.concatenate([x.mean(axis=(1, 2)), x.mean(axis=1).max(axis=1)], -1)))
show("WRONG 5.2 pooled over channels", lesson05.check_avg_max_function(
    lambda x: np.concatenate([x.mean(axis=-1), x.max(axis=-1)], -1).reshape(x.shape[0], -1)))

keras.utils.set_random_seed(0)
ANY = keras.Input(shape=(None, None, 1))
show("5.3 worked answer", lesson05.check_position_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(8, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
    L.Conv2D(16, 3, padding="same", activation="relu"), L.AdaptiveAveragePooling2D(2), L.Flatten(),
    L.Dense(4, activation="softmax"))))
show("5.3 3x3 adaptive grid", lesson05.check_position_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(8, 3, padding="same", activation="relu"),
    L.AdaptiveAveragePooling2D(3), L.Flatten(), L.Dense(4, activation="softmax"))))
show("5.3 no conv: adaptive 2x2 on the pixels", lesson05.check_position_model(seq(
    keras.Input((None, None, 1)), L.AdaptiveAveragePooling2D(2), L.Flatten(), L.Dense(4, activation="softmax"))))
_i = keras.Input((None, None, 1))
_x = L.Conv2D(8, 3, padding="same", activation="relu")(_i)
_x = L.Flatten()(L.AdaptiveAveragePooling2D((2, 2))(_x))
show("5.3 functional, Dense then Softmax layer", lesson05.check_position_model(
    keras.Model(_i, L.Softmax()(L.Dense(4)(_x)))))
show("WRONG 5.3 GAP head", lesson05.check_position_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(16, 3, padding="same", activation="relu"),
    L.GlobalAveragePooling2D(), L.Dense(4, activation="softmax"))))
show("WRONG 5.3 (2, 1) grid keeps only rows", lesson05.check_position_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(8, 3, padding="same", activation="relu"),
    L.AdaptiveAveragePooling2D((2, 1)), L.Flatten(), L.Dense(4, activation="softmax"))))
show("WRONG 5.3 no softmax", lesson05.check_position_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(8, 3, padding="same", activation="relu"),
    L.AdaptiveAveragePooling2D(2), L.Flatten(), L.Dense(4))))
show("WRONG 5.3 fixed 48x48 input", lesson05.check_position_model(seq(
    keras.Input((48, 48, 1)), L.Conv2D(8, 3, padding="same", activation="relu"),
    L.AdaptiveAveragePooling2D(2), L.Flatten(), L.Dense(4, activation="softmax"))))
show("WRONG 5.3 15x15 conv + GAP (position only via padding)", lesson05.check_position_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(8, 15, padding="same", activation="relu"),
    L.GlobalAveragePooling2D(), L.Dense(4, activation="softmax"))))

show("5.4 worked NiN", lesson05.check_tiny_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(16, 3, padding="same", activation="relu"), L.Conv2D(10, 1),
    L.GlobalAveragePooling2D(), L.Activation("softmax"))))
show("5.4 conv + GAP + Dense softmax", lesson05.check_tiny_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(8, 3, activation="relu"), L.GlobalAveragePooling2D(),
    L.Dense(10, activation="softmax"))))
show("5.4 conv + GMP + Dense logits", lesson05.check_tiny_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(12, 3, padding="same", activation="relu"),
    L.GlobalMaxPooling2D(), L.Dense(10))))
show("5.4 two small convs + GAP", lesson05.check_tiny_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(4, 3, padding="same", activation="relu"),
    L.Conv2D(8, 3, padding="same", activation="relu"), L.GlobalAveragePooling2D(),
    L.Dense(10, activation="softmax"))))
show("WRONG 5.4 no convolution", lesson05.check_tiny_model(seq(
    keras.Input((None, None, 1)), L.GlobalAveragePooling2D(), L.Dense(10, activation="softmax"))))
show("WRONG 5.4 Resizing + Flatten", lesson05.check_tiny_model(seq(
    keras.Input((None, None, 1)), L.Resizing(4, 4), L.Conv2D(2, 3, padding="same"), L.Flatten(),
    L.Dense(10, activation="softmax"))))
show("WRONG 5.4 over budget", lesson05.check_tiny_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(64, 3, activation="relu"), L.GlobalAveragePooling2D(),
    L.Dense(10, activation="softmax"))))
show("WRONG 5.4 only 1x1 convs", lesson05.check_tiny_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(16, 1, activation="relu"), L.GlobalAveragePooling2D(),
    L.Dense(10, activation="softmax"))))
show("WRONG 5.4 sigmoid output", lesson05.check_tiny_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(8, 3, activation="relu"), L.GlobalAveragePooling2D(),
    L.Dense(10, activation="sigmoid"))))

# ---------------------------------------------------------------- lesson 06
import statistics  # noqa: E402

a, b = np.array(lesson06.SCORES_A), np.array(lesson06.SCORES_B)
lead, spread = abs(a.mean() - b.mean()), max(a.std(ddof=1), b.std(ddof=1))
show("6.1 worked", lesson06.check_seed_verdict(lead, spread, bool(lead > spread)))
show("6.1 statistics module", lesson06.check_seed_verdict(
    abs(statistics.mean(a) - statistics.mean(b)), max(statistics.stdev(a), statistics.stdev(b)), False))
show("6.1 numpy bool verdict", lesson06.check_seed_verdict(lead, spread, lead > spread))
show("6.1 rounded to 4 decimals", lesson06.check_seed_verdict(0.0034, 0.0088, False))
show("WRONG 6.1 seed-0 difference", lesson06.check_seed_verdict(abs(a[0] - b[0]), spread, False))
show("WRONG 6.1 ddof=0", lesson06.check_seed_verdict(lead, max(a.std(), b.std()), False))
show("WRONG 6.1 smaller std", lesson06.check_seed_verdict(lead, min(a.std(ddof=1), b.std(ddof=1)), False))
show("WRONG 6.1 real=True", lesson06.check_seed_verdict(lead, spread, True))
show("WRONG 6.1 std of all 10 scores", lesson06.check_seed_verdict(
    lead, np.concatenate([a, b]).std(ddof=1), False))

show("6.2 set", lesson06.check_flaws({"B", "C", "D"}))
show("6.2 'bcd'", lesson06.check_flaws("bcd"))
show("6.2 'B, C and D (A, E and F are fine)'", lesson06.check_flaws("B, C and D (A, E and F are fine)"))
show("6.2 \"B, C, D; E isn't a flaw\"", lesson06.check_flaws("B, C, D; E isn't a flaw"))
show("WRONG 6.2 B and C only", lesson06.check_flaws({"B", "C"}))
show("WRONG 6.2 adds E", lesson06.check_flaws("B, C, D, E"))
show("WRONG 6.2 adds A", lesson06.check_flaws(["A", "B", "C", "D"]))

# ---------------------------------------------------------------- lesson 07
show("7.1 worked", lesson07.check_flatten_mb(
    lambda h, w, c, u: shapes.dense_params(h * w * c, u) * 4 / 1e6))
show("7.1 (inputs+1)*units*4/1e6", lesson07.check_flatten_mb(lambda h, w, c, u: (h * w * c + 1) * u * 4 / 1e6))
show("7.1 numpy float64", lesson07.check_flatten_mb(
    lambda h, w, c, u: np.float64(np.prod([h, w, c], dtype=np.int64) * u + u) * np.dtype("float32").itemsize / 1e6))
show("7.1 bits / 8", lesson07.check_flatten_mb(lambda h, w, c, u: (h * w * c * u + u) * 32 / 8 / 1_000_000))
show("WRONG 7.1 biases forgotten", lesson07.check_flatten_mb(lambda h, w, c, u: h * w * c * u * 4 / 1e6))
show("WRONG 7.1 MiB", lesson07.check_flatten_mb(lambda h, w, c, u: (h * w * c * u + u) * 4 / 2**20))
show("WRONG 7.1 float64 bytes", lesson07.check_flatten_mb(lambda h, w, c, u: (h * w * c * u + u) * 8 / 1e6))
show("WRONG 7.1 rounded to 1 decimal", lesson07.check_flatten_mb(
    lambda h, w, c, u: round((h * w * c * u + u) * 4 / 1e6, 1)))

x_ncl = np.random.default_rng(6).normal(size=(4, 2, 100)).astype("float32")
show("7.2 transpose", lesson07.check_channels_last(np.transpose(x_ncl, (0, 2, 1)), x_ncl))
show("7.2 moveaxis", lesson07.check_channels_last(np.moveaxis(x_ncl, 1, -1), x_ncl))
show("7.2 swapaxes", lesson07.check_channels_last(x_ncl.swapaxes(1, 2), x_ncl))
show("7.2 keras Permute (a tensor)", lesson07.check_channels_last(L.Permute((2, 1))(x_ncl), x_ncl))
show("7.2 einsum", lesson07.check_channels_last(np.einsum("ncl->nlc", x_ncl), x_ncl))
show("WRONG 7.2 reshape", lesson07.check_channels_last(x_ncl.reshape(4, 100, 2), x_ncl))
show("WRONG 7.2 .T", lesson07.check_channels_last(x_ncl.T, x_ncl))
show("WRONG 7.2 first clip only", lesson07.check_channels_last(np.transpose(x_ncl, (0, 2, 1))[:1], x_ncl))


def tok(*layers):
    return seq(keras.Input((None,), dtype="int32"), *layers)


show("7.3 worked (GMP)", lesson07.check_variable_length_model(tok(
    L.Embedding(50, 8), L.Conv1D(16, 3, activation="relu"), L.GlobalMaxPooling1D(), L.Dense(1, activation="sigmoid"))))
show("7.3 GAP + same padding", lesson07.check_variable_length_model(tok(
    L.Embedding(50, 8), L.Conv1D(16, 5, padding="same", activation="relu"), L.GlobalAveragePooling1D(),
    L.Dense(1, activation="sigmoid"))))
show("7.3 two convs, pool, Dense + Activation", lesson07.check_variable_length_model(tok(
    L.Embedding(60, 8), L.Conv1D(8, 3, padding="same", activation="relu"), L.MaxPooling1D(2, padding="same"),
    L.Conv1D(8, 3, padding="same"), L.GlobalMaxPooling1D(), L.Dense(1), L.Activation("sigmoid"))))
show("WRONG 7.3 Flatten head", lesson07.check_variable_length_model(seq(
    keras.Input((40,), dtype="int32"), L.Embedding(50, 8), L.Conv1D(16, 3), L.Flatten(),
    L.Dense(1, activation="sigmoid"))))
show("WRONG 7.3 Embedding(49)", lesson07.check_variable_length_model(tok(
    L.Embedding(49, 8), L.Conv1D(16, 3), L.GlobalMaxPooling1D(), L.Dense(1, activation="sigmoid"))))
show("WRONG 7.3 raw ids into Conv1D", lesson07.check_variable_length_model(seq(
    keras.Input((None, 1)), L.Conv1D(16, 3), L.GlobalMaxPooling1D(), L.Dense(1, activation="sigmoid"))))
show("WRONG 7.3 softmax on one unit", lesson07.check_variable_length_model(tok(
    L.Embedding(50, 8), L.Conv1D(16, 3), L.GlobalMaxPooling1D(), L.Dense(1, activation="softmax"))))
show("WRONG 7.3 kernel 11 (9-token probe vanishes)", lesson07.check_variable_length_model(tok(
    L.Embedding(50, 8), L.Conv1D(16, 11), L.GlobalMaxPooling1D(), L.Dense(1, activation="sigmoid"))))

show("7.4 worked (Dense)", lesson07.check_padding_proof_model(tok(
    L.Embedding(50, 8, mask_zero=True), L.Dense(16, activation="relu"), L.GlobalAveragePooling1D(),
    L.Dense(1, activation="sigmoid"))))
show("7.4 LSTM(return_sequences=True)", lesson07.check_padding_proof_model(tok(
    L.Embedding(50, 8, mask_zero=True), L.LSTM(8, return_sequences=True), L.GlobalAveragePooling1D(),
    L.Dense(1, activation="sigmoid"))))
show("7.4 TimeDistributed(Dense) + Dropout", lesson07.check_padding_proof_model(tok(
    L.Embedding(50, 8, mask_zero=True), L.TimeDistributed(L.Dense(8, activation="relu")), L.Dropout(0.2),
    L.GlobalAveragePooling1D(), L.Dense(1, activation="sigmoid"))))
show("WRONG 7.4 no mask_zero", lesson07.check_padding_proof_model(tok(
    L.Embedding(50, 8), L.Dense(16, activation="relu"), L.GlobalAveragePooling1D(), L.Dense(1, activation="sigmoid"))))
show("WRONG 7.4 Conv1D hidden", lesson07.check_padding_proof_model(tok(
    L.Embedding(50, 8, mask_zero=True), L.Conv1D(16, 3, padding="same"), L.GlobalAveragePooling1D(),
    L.Dense(1, activation="sigmoid"))))
show("WRONG 7.4 GMP instead of the average", lesson07.check_padding_proof_model(tok(
    L.Embedding(50, 8, mask_zero=True), L.Dense(16, activation="relu"), L.GlobalMaxPooling1D(),
    L.Dense(1, activation="sigmoid"))))

# ---------------------------------------------------------------- lesson 08 (cheap)
show("8.1 12", lesson08.check_max_filters(12))
show("8.1 numpy int", lesson08.check_max_filters(np.int64(12)))
show("8.1 solved (5000-1258)//305", lesson08.check_max_filters((5000 - 1258) // 305))
show("WRONG 8.1 24x24 answer 15", lesson08.check_max_filters(15))
show("WRONG 8.1 13 (over budget)", lesson08.check_max_filters(13))
show("WRONG 8.1 11", lesson08.check_max_filters(11))

split = lesson08.dataset()


def train(model, epochs=12):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=4, restore_best_weights=True)
    return model.fit(split.x_train, split.y_train, validation_data=(split.x_val, split.y_val), epochs=epochs,
                     batch_size=64, callbacks=[stop], verbose=0)


def cheat_train(model, epochs=12):
    """WRONG: fits on train + TEST and stops on the test split (a model tuned on the test split)."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=4, restore_best_weights=True)
    return model.fit(np.concatenate([split.x_train, split.x_test]), np.concatenate([split.y_train, split.y_test]),
                     validation_data=(split.x_test, split.y_test), epochs=epochs, batch_size=64,
                     callbacks=[stop], verbose=0)


def build(*layers, seed=0, name=None):
    keras.utils.set_random_seed(seed)
    return seq(keras.Input((24, 24, 1)), *layers, name=name)


no_conv = build(L.Flatten(), L.Dense(8, activation="relu"), L.Dense(10, activation="softmax"))
train(no_conv)
show("WRONG 8.2 no convolution (fully trained)", lesson08.check_design_a(no_conv, train))
naive = build(L.Conv2D(3, 3, padding="same", activation="relu"), L.MaxPooling2D(2), L.Flatten(),
              L.Dense(10, activation="softmax"))
train(naive)
show("WRONG 8.2 naive Flatten head (fully trained)", lesson08.check_design_a(naive, train))
gmp_keep = build(L.Conv2D(12, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
                 L.Conv2D(24, 3, padding="same", activation="relu"), L.GlobalMaxPooling2D(keepdims=True),
                 L.Flatten(), L.Dense(10, activation="softmax"))
show("WRONG 8.2 GMP(keepdims) + Flatten as 'Flatten head' (untrained)", lesson08.check_design_a(gmp_keep, train))
over = build(L.Conv2D(16, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
             L.Conv2D(32, 3, padding="same", activation="relu"), L.GlobalMaxPooling2D(),
             L.Dense(10, activation="softmax"))
show("WRONG 8.3 over budget (5,130 params)", lesson08.check_design_b(over, train))

if LIGHT:
    print("CASES_LIGHT=1: capstone training checks skipped")
else:
    # correct alternatives (each check retrains 3 copies)
    b3 = build(L.Conv2D(8, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
               L.Conv2D(16, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
               L.Conv2D(24, 3, padding="same", activation="relu"), L.GlobalMaxPooling2D(),
               L.Dense(10, activation="softmax"))
    train(b3)
    show("8.3 three blocks + GMP (4,978 params)", lesson08.check_design_b(b3, train))
    a3 = build(L.Conv2D(12, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
               L.Conv2D(16, 3, padding="same", activation="relu"), L.MaxPooling2D(3),
               L.Flatten(), L.Dense(10, activation="softmax"))
    train(a3)
    show("WRONG 8.2 Flatten of a 4x4x16 map (4,434 params; val 0.677 at 12 epochs, misses the spec)", lesson08.check_design_a(a3, train))
    gap = build(L.Conv2D(16, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
                L.Conv2D(28, 3, padding="same", activation="relu"), L.GlobalAveragePooling2D(),
                L.Dense(10, activation="softmax"))
    train(gap)
    show("WRONG 8.3 GAP head (4,478 params; val 0.727 at 12 epochs: too slow for the budget)", lesson08.check_design_b(gap, train))
    # a model trained on the test split: its design is fine, so the verdict (clean copies) may pass
    keras.utils.set_random_seed(0)
    cheat = build(L.Conv2D(12, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
                  L.Conv2D(24, 3, padding="same", activation="relu"), L.GlobalMaxPooling2D(),
                  L.Dense(10, activation="softmax"))
    cheat_train(cheat)
    show("8.3 design B trained on the TEST split by the learner (verdict uses clean copies)",
         lesson08.check_design_b(cheat, cheat_train))
    # 8.4
    design_b = build(L.Conv2D(12, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
                     L.Conv2D(24, 3, padding="same", activation="relu"), L.GlobalMaxPooling2D(),
                     L.Dense(10, activation="softmax"))
    train(design_b)
    show("8.4 Sequential over design_b.layers", lesson08.check_any_size(
        seq(keras.Input((None, None, 1)), *design_b.layers)))
    _i = keras.Input((None, None, 1))
    _y = _i
    for layer in design_b.layers:
        _y = layer(_y)
    show("8.4 functional over design_b.layers", lesson08.check_any_size(keras.Model(_i, _y)))
    show("WRONG 8.4 Resizing(24, 24) + design_b", lesson08.check_any_size(
        seq(keras.Input((None, None, 1)), L.Resizing(24, 24), *design_b.layers)))
    show("WRONG 8.4 design A's layers", lesson08.check_any_size(seq(keras.Input((None, None, 1)), *a3.layers)))

print(f"{len(DISAGREE)} disagreement(s): {DISAGREE}")
print("FAIL" if DISAGREE else "ok")
sys.exit(1 if DISAGREE else 0)
