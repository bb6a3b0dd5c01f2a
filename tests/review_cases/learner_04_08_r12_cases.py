"""Review r12 cases for lessons 04-08 of the Flatten / global pooling course.

Run from the course root with its .venv python:
    CASES_LIGHT=1 .venv/bin/python tests/review_cases/learner_04_08_r12_cases.py   # no capstone training checks
    .venv/bin/python tests/review_cases/learner_04_08_r12_cases.py                 # + capstone designs (a few minutes)

Labels starting with WRONG are truly wrong answers (the check should reject them); the others are
correct answers (the check should accept them). show(label, result) prints one line per case; the
script prints "ok" when every verdict agrees with its label and exits 1 otherwise.
"""
import os
import statistics
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
    print(f"{'ok  ' if agree else 'DISAGREE'} [{getattr(result, 'status', '?')}] {label}: {msg[:220]}",
          flush=True)


def seq(*layers, name=None):
    return keras.Sequential(list(layers), name=name)


# ---------------------------------------------------------------- lesson 04
ex_model = seq(keras.Input((28, 28, 1)), L.Conv2D(16, 3, activation="relu"), L.MaxPooling2D(2), L.Flatten(),
               L.Dense(64, activation="relu"), L.Dense(10, activation="softmax"))
show("4.1 read from the built model's Flatten", lesson04.check_flatten_length(ex_model.layers[2].output.shape[1]))
show("4.1 math.prod of the pool's output", lesson04.check_flatten_length(
    int(np.prod(ex_model.layers[1].output.shape[1:]))))
show("4.1 formula (28-3)//1+1 then //2", lesson04.check_flatten_length(((28 - 3) // 1 + 1) // 2 * ((28 - 3 + 1) // 2) * 16))
show("WRONG 4.1 12*12*16 (kernel subtracted fully)", lesson04.check_flatten_length(12 * 12 * 16))
show("WRONG 4.1 13*13*32 (filters doubled)", lesson04.check_flatten_length(13 * 13 * 32))
show("WRONG 4.1 13*13 + 16", lesson04.check_flatten_length(13 * 13 + 16))

show("4.2 Keras count of the Dense", lesson04.check_dense_params(ex_model.layers[3].count_params()))
show("4.2 shapes.dense_params", lesson04.check_dense_params(shapes.dense_params(2704, 64)))
show("4.2 float 173120.0", lesson04.check_dense_params(173120.0))
show("WRONG 4.2 2704*64 + 10 (classifier's biases)", lesson04.check_dense_params(2704 * 64 + 10))
show("WRONG 4.2 2704*10 + 10 (the last Dense)", lesson04.check_dense_params(2704 * 10 + 10))
show("WRONG 4.2 2704 + 64", lesson04.check_dense_params(2704 + 64))

rows43 = [((None, 30, 20, 8), 224), ((None, 15, 10, 8), 0), ((None, 13, 6, 16), 1936),
          ((None, 6, 3, 16), 0), ((None, 288), 0), ((None, 10), 2890)]
show("4.3 numpy ints for the params", lesson04.check_summary([(s, np.int64(p)) for s, p in rows43]))
show("4.3 shapes as lists, rows as lists", lesson04.check_summary([[list(s), p] for s, p in rows43]))
show("4.3 from shapes.trace", lesson04.check_summary([(r.shape, r.params) for r in shapes.trace(
    (30, 20, 3), [shapes.conv(8, 3, padding="same"), shapes.pool(2), shapes.conv(16, (3, 5)), shapes.pool(2),
                  shapes.flatten(), shapes.dense(10)])[1:]]))
bad = list(rows43)
bad[5] = ((None, 10), 2880)
show("WRONG 4.3 Dense biases forgotten", lesson04.check_summary(bad))
bad = list(rows43)
bad[2] = ((None, 13, 6, 16), 3 * 5 * 3 * 16 + 16)
show("WRONG 4.3 conv2 counted on 3 input channels", lesson04.check_summary(bad))
bad = list(rows43)
bad[4] = ((None, 6, 3, 16), 0)
show("WRONG 4.3 Flatten row left 4-D", lesson04.check_summary(bad))

# ---------------------------------------------------------------- lesson 05
show("5.1 compute_output_shape", lesson05.check_keepdims_shape(
    L.GlobalMaxPooling2D(data_format="channels_first", keepdims=True).compute_output_shape((None, 512, 7, 7))))
show("5.1 list", lesson05.check_keepdims_shape([None, 512, 1, 1]))
show("5.1 symbolic output shape", lesson05.check_keepdims_shape(tuple(
    L.GlobalMaxPooling2D(data_format="channels_first", keepdims=True)(keras.Input((512, 7, 7))).shape)))
show("WRONG 5.1 (None, 512, 7, 7)", lesson05.check_keepdims_shape((None, 512, 7, 7)))
show("WRONG 5.1 (None, 1, 512, 1)", lesson05.check_keepdims_shape((None, 1, 512, 1)))
show("WRONG 5.1 (None, 1, 1)", lesson05.check_keepdims_shape((None, 1, 1)))

show("5.2 np.hstack", lesson05.check_avg_max_function(
    lambda x: np.hstack([np.mean(x, axis=(1, 2)), np.max(x, axis=(1, 2))])))
show("5.2 reshape to (N, HW, C)", lesson05.check_avg_max_function(
    lambda x: (lambda r: np.concatenate([r.mean(1), r.max(1)], -1))(np.asarray(x).reshape(len(x), -1, np.shape(x)[-1]))))
show("5.2 keras.ops", lesson05.check_avg_max_function(
    lambda x: keras.ops.concatenate([keras.ops.mean(x, axis=(1, 2)), keras.ops.max(x, axis=(1, 2))], axis=-1)))
show("WRONG 5.2 concatenated along axis 0", lesson05.check_avg_max_function(
    lambda x: np.concatenate([x.mean(axis=(1, 2)), x.max(axis=(1, 2))], axis=0)))
show("WRONG 5.2 averaged over the batch and height", lesson05.check_avg_max_function(
    lambda x: np.concatenate([x.mean(axis=(0, 1)), x.max(axis=(0, 1))], axis=-1)))
show("WRONG 5.2 interleaved mean/max per channel", lesson05.check_avg_max_function(
    lambda x: np.stack([x.mean(axis=(1, 2)), x.max(axis=(1, 2))], axis=-1).reshape(len(x), -1)))

any_in = keras.Input((None, None, 1))
show("5.3 AdaptiveMaxPooling2D(2) grid", lesson05.check_position_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(8, 3, padding="same", activation="relu"),
    L.AdaptiveMaxPooling2D(2), L.Flatten(), L.Dense(4, activation="softmax"))))
show("5.3 functional, 3x3 adaptive average grid", lesson05.check_position_model(keras.Model(
    any_in, L.Dense(4, activation="softmax")(L.Flatten()(L.AdaptiveAveragePooling2D(3)(
        L.Conv2D(8, 3, padding="same", activation="relu")(any_in)))))))
show("5.3 Resizing(16, 16) + small conv + Flatten", lesson05.check_position_model(seq(
    keras.Input((None, None, 1)), L.Resizing(16, 16), L.Conv2D(4, 3, padding="same", activation="relu"),
    L.MaxPooling2D(4), L.Flatten(), L.Dense(4, activation="softmax"))))
show("WRONG 5.3 GlobalMaxPooling2D head", lesson05.check_position_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(16, 3, padding="same", activation="relu"),
    L.GlobalMaxPooling2D(), L.Dense(4, activation="softmax"))))
show("WRONG 5.3 adaptive 2x2 grid, then shared Dense per cell and GAP (position averaged away)",
     lesson05.check_position_model(seq(
         keras.Input((None, None, 1)), L.Conv2D(8, 3, padding="same", activation="relu"),
         L.AdaptiveAveragePooling2D(2), L.Dense(4), L.GlobalAveragePooling2D(), L.Softmax())))
show("WRONG 5.3 avg+max concatenated head", lesson05.check_position_model(keras.Model(
    any_in, L.Dense(4, activation="softmax")(L.Concatenate()([
        L.GlobalAveragePooling2D()(c := L.Conv2D(8, 3, padding="same", activation="relu")(any_in)),
        L.GlobalMaxPooling2D()(c)])))))

show("5.4 SeparableConv2D + GAP + Dense", lesson05.check_tiny_model(seq(
    keras.Input((None, None, 1)), L.SeparableConv2D(16, 3, padding="same", activation="relu"),
    L.GlobalAveragePooling2D(), L.Dense(10, activation="softmax"))))
show("5.4 conv(8) + GMP + Dense(10) softmax", lesson05.check_tiny_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(8, 3, activation="relu"), L.GlobalMaxPooling2D(),
    L.Dense(10, activation="softmax"))))
show("5.4 GAP keepdims + Flatten (1x1 map)", lesson05.check_tiny_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(16, 3, activation="relu"), L.GlobalAveragePooling2D(keepdims=True),
    L.Flatten(), L.Dense(10, activation="softmax"))))
show("WRONG 5.4 adaptive 2x2 + Flatten", lesson05.check_tiny_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(8, 3, activation="relu"), L.AdaptiveAveragePooling2D(2),
    L.Flatten(), L.Dense(10, activation="softmax"))))
show("WRONG 5.4 fixed 32x32 input", lesson05.check_tiny_model(seq(
    keras.Input((32, 32, 1)), L.Conv2D(16, 3, activation="relu"), L.GlobalAveragePooling2D(),
    L.Dense(10, activation="softmax"))))
show("WRONG 5.4 over budget (Conv2D(32, 3) + GAP + Dense: 650)", lesson05.check_tiny_model(seq(
    keras.Input((None, None, 1)), L.Conv2D(32, 3, activation="relu"), L.GlobalAveragePooling2D(),
    L.Dense(10, activation="softmax"))))

# ---------------------------------------------------------------- lesson 06
a, b = np.array(lesson06.SCORES_A), np.array(lesson06.SCORES_B)
lead = abs(a.mean() - b.mean())
show("6.1 statistics.stdev and fmean", lesson06.check_seed_verdict(
    abs(statistics.fmean(b) - statistics.fmean(a)), max(statistics.stdev(a), statistics.stdev(b)), False))
show("6.1 b - a (B ahead, positive)", lesson06.check_seed_verdict(
    b.mean() - a.mean(), max(np.std(a, ddof=1), np.std(b, ddof=1)), bool(b.mean() - a.mean() > 0.0088)))
show("6.1 numpy scalars, np.False_", lesson06.check_seed_verdict(np.float64(lead), np.float64(0.00877), np.False_))
show("WRONG 6.1 lead in percentage points", lesson06.check_seed_verdict(100 * lead, 0.0088, False))
show("WRONG 6.1 spread = std of the 5 differences", lesson06.check_seed_verdict(lead, np.std(a - b, ddof=1), False))
show("WRONG 6.1 spread = mean of the two stds", lesson06.check_seed_verdict(
    lead, (a.std(ddof=1) + b.std(ddof=1)) / 2, False))

show("6.2 list of letters", lesson06.check_flaws(["b", "c", "d"]))
show("6.2 tuple", lesson06.check_flaws(("D", "C", "B")))
show("6.2 sentence 'B, C and D are flaws'", lesson06.check_flaws("B, C and D are flaws"))
show("WRONG 6.2 adds F", lesson06.check_flaws({"B", "C", "D", "F"}))
show("WRONG 6.2 only D", lesson06.check_flaws({"D"}))
show("WRONG 6.2 C and D (misses the optimistic test epoch)", lesson06.check_flaws("C, D"))

# ---------------------------------------------------------------- lesson 07
show("7.1 via shapes.trace", lesson07.check_flatten_mb(lambda h, w, c, u: shapes.total_params(
    shapes.trace((h, w, c), [shapes.flatten(), shapes.dense(u)])) * 4 / 1e6))
show("7.1 (inputs + 1) * units * 4e-6", lesson07.check_flatten_mb(lambda h, w, c, u: (h * w * c + 1) * u * 4e-6))
show("7.1 np.float32 itemsize", lesson07.check_flatten_mb(
    lambda h, w, c, u: (h * w * c * u + u) * np.dtype("float32").itemsize / 10**6))
show("WRONG 7.1 kB instead of MB", lesson07.check_flatten_mb(lambda h, w, c, u: (h * w * c * u + u) * 4 / 1e3))
show("WRONG 7.1 counts only the flat length", lesson07.check_flatten_mb(lambda h, w, c, u: h * w * c * 4 / 1e6))
show("WRONG 7.1 one bias only", lesson07.check_flatten_mb(lambda h, w, c, u: (h * w * c * u + 1) * 4 / 1e6))

x_ncl = np.random.default_rng(6).normal(size=(4, 2, 100)).astype("float32")
show("7.2 .transpose method", lesson07.check_channels_last(x_ncl.transpose(0, 2, 1), x_ncl))
show("7.2 keras.ops.transpose", lesson07.check_channels_last(keras.ops.transpose(x_ncl, (0, 2, 1)), x_ncl))
show("7.2 stack of per-clip .T", lesson07.check_channels_last(np.stack([clip.T for clip in x_ncl]), x_ncl))
show("WRONG 7.2 np.transpose with no axes (reverses all)", lesson07.check_channels_last(np.transpose(x_ncl), x_ncl))
show("WRONG 7.2 reshape(4, 100, 2) via -1", lesson07.check_channels_last(x_ncl.reshape(4, -1, 2), x_ncl))
show("WRONG 7.2 channels swapped after transpose", lesson07.check_channels_last(
    np.transpose(x_ncl, (0, 2, 1))[..., ::-1], x_ncl))


def tok(*layers):
    return seq(keras.Input((None,), dtype="int32"), *layers)


show("7.3 GAP head", lesson07.check_variable_length_model(tok(
    L.Embedding(50, 8), L.Conv1D(16, 3, padding="same", activation="relu"), L.GlobalAveragePooling1D(),
    L.Dense(1, activation="sigmoid"))))
show("7.3 Embedding(64) and a hidden Dense", lesson07.check_variable_length_model(tok(
    L.Embedding(64, 8), L.Conv1D(8, 5, activation="relu"), L.GlobalMaxPooling1D(), L.Dense(8, activation="relu"),
    L.Dense(1, activation="sigmoid"))))
show("7.3 dilated Conv1D + GMP", lesson07.check_variable_length_model(tok(
    L.Embedding(50, 4), L.Conv1D(8, 3, dilation_rate=2, activation="relu"), L.GlobalMaxPooling1D(),
    L.Dense(1, activation="sigmoid"))))
show("WRONG 7.3 fixed length Input((40,))", lesson07.check_variable_length_model(seq(
    keras.Input((40,), dtype="int32"), L.Embedding(50, 8), L.Conv1D(16, 3), L.GlobalMaxPooling1D(),
    L.Dense(1, activation="sigmoid"))))
show("WRONG 7.3 Dense(2, softmax) output", lesson07.check_variable_length_model(tok(
    L.Embedding(50, 8), L.Conv1D(16, 3), L.GlobalMaxPooling1D(), L.Dense(2, activation="softmax"))))
show("WRONG 7.3 tanh output", lesson07.check_variable_length_model(tok(
    L.Embedding(50, 8), L.Conv1D(16, 3), L.GlobalMaxPooling1D(), L.Dense(1, activation="tanh"))))

show("7.4 GRU(return_sequences=True)", lesson07.check_padding_proof_model(tok(
    L.Embedding(50, 8, mask_zero=True), L.GRU(8, return_sequences=True), L.GlobalAveragePooling1D(),
    L.Dense(1, activation="sigmoid"))))
show("7.4 LayerNormalization as the hidden layer", lesson07.check_padding_proof_model(tok(
    L.Embedding(50, 8, mask_zero=True), L.LayerNormalization(), L.GlobalAveragePooling1D(),
    L.Dense(1, activation="sigmoid"))))
show("7.4 two Dense layers + Dropout", lesson07.check_padding_proof_model(tok(
    L.Embedding(50, 8, mask_zero=True), L.Dense(16, activation="relu"), L.Dropout(0.2),
    L.Dense(8, activation="relu"), L.GlobalAveragePooling1D(), L.Dense(1, activation="sigmoid"))))
show("WRONG 7.4 MaxPooling1D(1) in between (drops the mask)", lesson07.check_padding_proof_model(tok(
    L.Embedding(50, 8, mask_zero=True), L.Dense(16, activation="relu"), L.MaxPooling1D(1),
    L.GlobalAveragePooling1D(), L.Dense(1, activation="sigmoid"))))
show("WRONG 7.4 hidden Dense after the pooling", lesson07.check_padding_proof_model(tok(
    L.Embedding(50, 8, mask_zero=True), L.GlobalAveragePooling1D(), L.Dense(16, activation="relu"),
    L.Dense(1, activation="sigmoid"))))
show("WRONG 7.4 Embedding(40) (ids up to 49)", lesson07.check_padding_proof_model(tok(
    L.Embedding(40, 8, mask_zero=True), L.Dense(16, activation="relu"), L.GlobalAveragePooling1D(),
    L.Dense(1, activation="sigmoid"))))

# ---------------------------------------------------------------- lesson 08 (no training)
show("8.1 np.int32(12)", lesson08.check_max_filters(np.int32(12)))
show("8.1 solved with shapes.trace", lesson08.check_max_filters(max(
    f for f in range(1, 64) if shapes.total_params(shapes.trace((32, 32, 1), lesson08.design_layers(
        (8, 16, f), "2", "flatten"))) <= 5000)))
show("8.1 int((5000 - 1258) / 305)", lesson08.check_max_filters(int((5000 - 1258) / 305)))
show("WRONG 8.1 14", lesson08.check_max_filters(14))
show("WRONG 8.1 12.27 (not rounded)", lesson08.check_max_filters((5000 - 1258) / 305))
show("WRONG 8.1 10", lesson08.check_max_filters(10))


def design(*middle, name=None):
    return seq(keras.Input((24, 24, 1)), *middle, name=name)


show("WRONG 8.2 GAP head handed to the Flatten check (untrained)", lesson08.check_design_a(design(
    L.Conv2D(12, 3, padding="same", activation="relu"), L.MaxPooling2D(2), L.Conv2D(24, 3, padding="same",
    activation="relu"), L.GlobalMaxPooling2D(), L.Dense(10, activation="softmax"))))
show("WRONG 8.3 Flatten of a 2x2 map handed to the global check (untrained)", lesson08.check_design_b(design(
    L.Conv2D(12, 3, padding="same", activation="relu"), L.MaxPooling2D(2), L.Conv2D(24, 3, padding="same",
    activation="relu"), L.MaxPooling2D(6), L.Flatten(), L.Dense(10, activation="softmax"))))
show("WRONG 8.2 Flatten after MaxPooling2D(12): a 1x1 map (untrained)", lesson08.check_design_a(design(
    L.Conv2D(12, 3, padding="same", activation="relu"), L.MaxPooling2D(2), L.Conv2D(24, 3, padding="same",
    activation="relu"), L.MaxPooling2D(12), L.Flatten(), L.Dense(10, activation="softmax"))))

# ---------------------------------------------------------------- lesson 08 (training)
if not LIGHT:
    split = lesson08.dataset()

    def train(model, epochs=12):  # the notebook's train
        model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=4, restore_best_weights=True)
        return model.fit(split.x_train, split.y_train, validation_data=(split.x_val, split.y_val), epochs=epochs,
                         batch_size=64, callbacks=[stop], verbose=0)

    # 8.3 alternative: SeparableConv2D body + GMP, logits trained with from_logits=True
    keras.utils.set_random_seed(0)
    sep = design(L.Conv2D(16, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
                 L.SeparableConv2D(32, 3, padding="same", activation="relu"), L.GlobalMaxPooling2D(),
                 L.Dense(10), name="sep_gmp_logits")
    sep.compile(optimizer=keras.optimizers.Adam(0.01),
                loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    sep.fit(split.x_train, split.y_train, validation_data=(split.x_val, split.y_val), epochs=12, batch_size=64,
            callbacks=[keras.callbacks.EarlyStopping(patience=4, restore_best_weights=True)], verbose=0)
    show("8.3 SeparableConv2D + GMP, logits (from_logits=True)", lesson08.check_design_b(sep, train))

    # 8.5: a 268-parameter design trained by the learner ON THE VALIDATION SPLIT, checked without train
    keras.utils.set_random_seed(0)
    tiny = design(L.Conv2D(3, 3, padding="same", activation="relu"), L.MaxPooling2D(2),
                  L.Conv2D(6, 3, padding="same", activation="relu"), L.GlobalMaxPooling2D(),
                  L.Dense(10, activation="softmax"), name="tiny_leaky")
    tiny.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    tiny.fit(np.concatenate([split.x_train, split.x_val]), np.concatenate([split.y_train, split.y_val]),
             epochs=60, batch_size=64, verbose=0)
    honest = lesson08.check_smallest(tiny, train)
    show("WRONG 8.5 268-param design, honest check (copies retrained on the train split)", honest)
    show("WRONG 8.5 same design fitted on train+VALIDATION for 60 epochs, checked without train",
         lesson08.check_smallest(tiny))

if DISAGREE:
    print(f"{len(DISAGREE)} verdict(s) disagree with their label:", *DISAGREE, sep="\n  ")
    sys.exit(1)
print("ok")
