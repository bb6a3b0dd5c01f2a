"""Review r18, learner0408: alternative correct and plausible wrong answers through the checks of
lessons 04-08. Run from the course root (or set COURSE_ROOT):

    KERAS_BACKEND=tensorflow .venv/bin/python tests/review_cases/learner_04_08_r18_cases.py

One line per case via show(label, result). Labels starting with WRONG are wrong answers the check must
reject; every other label is a correct answer the check must accept. Exit 1 if any verdict disagrees.
CASES_LIGHT=1 skips the cases that train models for more than a few seconds (the capstone's design checks).
"""
import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.pop("COURSE_STRICT_CHECKS", None)  # checks must return verdicts, not raise
ROOT = Path(os.environ.get("COURSE_ROOT", Path.cwd()))
sys.path.insert(0, str(ROOT))

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from utils import shapes  # noqa: E402
from utils.lessons import lesson04, lesson05, lesson06, lesson07, lesson08  # noqa: E402

LIGHT = os.environ.get("CASES_LIGHT", "").strip() == "1"
DISAGREE = []


def show(label, result):
    accepted = bool(getattr(result, "correct", False))
    expected = not label.startswith("WRONG")
    ok = accepted == expected
    if not ok:
        DISAGREE.append(label)
    text = getattr(result, "text", lambda: repr(result))()
    first = " | ".join(text.splitlines())[:230]
    print(f"{'ok  ' if ok else 'BAD '} {label:<62} -> {'accepted' if accepted else 'rejected'} :: {first}")


def safe(fn, *args):
    """Run a check; a raise counts as a rejection and is shown."""
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001
        raised = f"RAISED {type(exc).__name__}: {str(exc)[:150]}"  # exc is unbound after the except block

        class R:
            correct = False

            def text(self):
                return raised
        return R()


def seq(*ls, inp=(None, None, 1)):
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(shape=inp), *ls])


# ---------------------------------------------------------------- lesson 04
ex41 = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(16, 3, activation="relu"), layers.MaxPooling2D(2),
                         layers.Flatten(), layers.Dense(64, activation="relu"), layers.Dense(10)])
show("4.1 13*13*16", safe(lesson04.check_flatten_length, 13 * 13 * 16))
show("4.1 from Keras: ex41.layers[2].output.shape[1]", safe(lesson04.check_flatten_length, ex41.layers[2].output.shape[1]))
show("4.1 np.prod of pooled shape (np.int64)", safe(lesson04.check_flatten_length, np.prod((13, 13, 16))))
show("4.1 float 2704.0", safe(lesson04.check_flatten_length, 2704.0))
show("4.1 ((28-3+1)//2)**2*16", safe(lesson04.check_flatten_length, ((28 - 3 + 1) // 2) ** 2 * 16))
show("WRONG 4.1 'same' 3136", safe(lesson04.check_flatten_length, 3136))
show("WRONG 4.1 pool forgotten 10816", safe(lesson04.check_flatten_length, 10816))
show("WRONG 4.1 channels forgotten 169", safe(lesson04.check_flatten_length, 169))
show("WRONG 4.1 the shape tuple (13,13,16)", safe(lesson04.check_flatten_length, (13, 13, 16)))
show("WRONG 4.1 pool rounded up 14*14*16 after 27", safe(lesson04.check_flatten_length, 13 * 13 * 15))

show("4.2 2704*64+64", safe(lesson04.check_dense_params, 2704 * 64 + 64))
show("4.2 from Keras ex41.layers[3].count_params()", safe(lesson04.check_dense_params, ex41.layers[3].count_params()))
show("4.2 shapes.dense_params(2704, 64)", safe(lesson04.check_dense_params, shapes.dense_params(2704, 64)))
show("4.2 (2704+1)*64", safe(lesson04.check_dense_params, (2704 + 1) * 64))
show("WRONG 4.2 biases forgotten", safe(lesson04.check_dense_params, 2704 * 64))
show("WRONG 4.2 whole model", safe(lesson04.check_dense_params, ex41.count_params()))
show("WRONG 4.2 'same' map 3136*64+64", safe(lesson04.check_dense_params, 3136 * 64 + 64))
show("WRONG 4.2 last Dense 650", safe(lesson04.check_dense_params, 650))

summary_model = keras.Sequential([keras.Input((30, 20, 3)), layers.Conv2D(8, 3, padding="same"), layers.MaxPooling2D(2),
                                  layers.Conv2D(16, (3, 5)), layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(10)])
good_rows = [((None, 30, 20, 8), 224), ((None, 15, 10, 8), 0), ((None, 13, 6, 16), 1936), ((None, 6, 3, 16), 0),
             ((None, 288), 0), ((None, 10), 2890)]
show("4.3 the six rows", safe(lesson04.check_summary, good_rows))
show("4.3 with an Input row first", safe(lesson04.check_summary, [((None, 30, 20, 3), 0)] + good_rows))
show("4.3 rows as lists of lists", safe(lesson04.check_summary, [[list(s), p] for s, p in good_rows]))
show("4.3 rows as dicts", safe(lesson04.check_summary, [{"shape": s, "params": p} for s, p in good_rows]))
show("4.3 read from Keras", safe(lesson04.check_summary,
                                   [(tuple(lay.output.shape), lay.count_params()) for lay in summary_model.layers]))
bad = list(good_rows)
bad[2] = ((None, 13, 6, 16), 3 * 3 * 8 * 16 + 16)
show("WRONG 4.3 3x5 kernel counted as 3x3", safe(lesson04.check_summary, bad))
bad = list(good_rows)
bad[3], bad[4], bad[5] = ((None, 7, 3, 16), 0), ((None, 336), 0), ((None, 10), 3370)
show("WRONG 4.3 pool rounded up (7) and its consequences", safe(lesson04.check_summary, bad))
bad = list(good_rows)
bad[0] = ((None, 28, 18, 8), 224)
show("WRONG 4.3 first conv as 'valid' only in row 1", safe(lesson04.check_summary, bad))
show("WRONG 4.3 batch axis missing", safe(lesson04.check_summary, [(s[1:], p) for s, p in good_rows]))
show("WRONG 4.3 Input row with params", safe(lesson04.check_summary, [((None, 30, 20, 3), 3)] + good_rows))

# ---------------------------------------------------------------- lesson 05
layer51 = layers.GlobalMaxPooling2D(data_format="channels_first", keepdims=True)
show("5.1 (None, 512, 1, 1)", safe(lesson05.check_keepdims_shape, (None, 512, 1, 1)))
show("5.1 list [None, 512, 1, 1]", safe(lesson05.check_keepdims_shape, [None, 512, 1, 1]))
show("5.1 compute_output_shape", safe(lesson05.check_keepdims_shape, layer51.compute_output_shape((None, 512, 7, 7))))
show("5.1 KerasTensor .shape", safe(lesson05.check_keepdims_shape, layer51(keras.Input((512, 7, 7))).shape))
show("WRONG 5.1 channels last", safe(lesson05.check_keepdims_shape, (None, 1, 1, 512)))
show("WRONG 5.1 no keepdims", safe(lesson05.check_keepdims_shape, (None, 512)))
show("WRONG 5.1 batch of one", safe(lesson05.check_keepdims_shape, (1, 512, 1, 1)))
show("WRONG 5.1 only one axis pooled", safe(lesson05.check_keepdims_shape, (None, 512, 7, 1)))


def am_solution(x):
    x = np.asarray(x)
    return np.concatenate([x.mean(axis=(1, 2)), x.max(axis=(1, 2))], axis=-1)


def am_keras(x):
    x = np.asarray(x, "float32")
    out = layers.Concatenate()([layers.GlobalAveragePooling2D()(x), layers.GlobalMaxPooling2D()(x)])
    return keras.ops.convert_to_numpy(out)


def am_reshape(x):
    x = np.asarray(x)
    flat = x.reshape(x.shape[0], -1, x.shape[-1])
    return np.hstack([flat.mean(axis=1), flat.max(axis=1)])


def am_loop(x):
    x = np.asarray(x)
    return np.array([[x[n, :, :, c].mean() for c in range(x.shape[3])] + [x[n, :, :, c].max() for c in range(x.shape[3])]
                     for n in range(x.shape[0])])


show("5.2 solution", safe(lesson05.check_avg_max_function, am_solution))
show("5.2 Keras layers + convert_to_numpy", safe(lesson05.check_avg_max_function, am_keras))
show("5.2 reshape to (N, HW, C) + hstack", safe(lesson05.check_avg_max_function, am_reshape))
show("5.2 Python loops", safe(lesson05.check_avg_max_function, am_loop))
show("WRONG 5.2 max first (fastai order)", safe(lesson05.check_avg_max_function,
                                                lambda x: np.concatenate([np.max(x, (1, 2)), np.mean(x, (1, 2))], -1)))
show("WRONG 5.2 np.stack", safe(lesson05.check_avg_max_function,
                                lambda x: np.stack([np.mean(x, (1, 2)), np.max(x, (1, 2))], -1)))
show("WRONG 5.2 GAP only", safe(lesson05.check_avg_max_function, lambda x: np.mean(x, (1, 2))))
show("WRONG 5.2 pooled over width only", safe(lesson05.check_avg_max_function,
                                              lambda x: np.concatenate([np.mean(x, 2), np.max(x, 2)], -1).reshape(len(x), -1)))
show("WRONG 5.2 max over the whole batch", safe(lesson05.check_avg_max_function,
                                                lambda x: np.concatenate([np.mean(x, (1, 2)), np.broadcast_to(np.max(x, (0, 1, 2)), np.mean(x, (1, 2)).shape)], -1)))

C = dict(activation="relu", padding="same")
show("5.3 solution (conv, pool, conv, adaptive avg 2, Flatten)", safe(lesson05.check_position_model, seq(
    layers.Conv2D(8, 3, **C), layers.MaxPooling2D(2), layers.Conv2D(16, 3, **C),
    layers.AdaptiveAveragePooling2D(2), layers.Flatten(), layers.Dense(4, activation="softmax"))))
show("5.3 one conv + adaptive avg 3x3 grid", safe(lesson05.check_position_model, seq(
    layers.Conv2D(8, 3, **C), layers.AdaptiveAveragePooling2D(3), layers.Flatten(), layers.Dense(4, activation="softmax"))))
show("5.3 Resizing(16,16) + Flatten head", safe(lesson05.check_position_model, seq(
    layers.Resizing(16, 16), layers.Conv2D(4, 3, **C), layers.MaxPooling2D(2), layers.Flatten(),
    layers.Dense(4, activation="softmax"))))
show("5.3 adaptive max 2x2 straight after a conv", safe(lesson05.check_position_model, seq(
    layers.Conv2D(8, 3, **C), layers.AdaptiveMaxPooling2D(2), layers.Flatten(), layers.Dense(4, activation="softmax"))))
inp = keras.Input((None, None, 1))
h = layers.Conv2D(8, 3, **C)(inp)
h = layers.Flatten()(layers.AdaptiveAveragePooling2D((2, 2))(h))
show("5.3 functional, logits + separate softmax layer", safe(lesson05.check_position_model,
                                                              keras.Model(inp, layers.Softmax()(layers.Dense(4)(h)))))
show("WRONG 5.3 GAP head", safe(lesson05.check_position_model, seq(
    layers.Conv2D(8, 3, **C), layers.GlobalAveragePooling2D(), layers.Dense(4, activation="softmax"))))
show("WRONG 5.3 adaptive avg 1x1", safe(lesson05.check_position_model, seq(
    layers.Conv2D(8, 3, **C), layers.AdaptiveAveragePooling2D(1), layers.Flatten(), layers.Dense(4, activation="softmax"))))
show("WRONG 5.3 adaptive (2, 1) grid", safe(lesson05.check_position_model, seq(
    layers.Conv2D(8, 3, **C), layers.AdaptiveAveragePooling2D((2, 1)), layers.Flatten(), layers.Dense(4, activation="softmax"))))
show("WRONG 5.3 no softmax", safe(lesson05.check_position_model, seq(
    layers.Conv2D(8, 3, **C), layers.AdaptiveAveragePooling2D(2), layers.Flatten(), layers.Dense(4))))
show("WRONG 5.3 fixed 48x48 input, Flatten", safe(lesson05.check_position_model, seq(
    layers.Conv2D(2, 3, **C), layers.MaxPooling2D(4), layers.Flatten(), layers.Dense(4, activation="softmax"),
    inp=(48, 48, 1))))
show("WRONG 5.3 15x15 'same' conv + GAP (padding leak)", safe(lesson05.check_position_model, seq(
    layers.Conv2D(8, 15, **C), layers.GlobalAveragePooling2D(), layers.Dense(4, activation="softmax"))))
show("WRONG 5.3 adaptive grid then GAP again", safe(lesson05.check_position_model, seq(
    layers.Conv2D(8, 3, **C), layers.AdaptiveAveragePooling2D(2), layers.GlobalAveragePooling2D(),
    layers.Dense(4, activation="softmax"))))
show("WRONG 5.3 over budget (64 filters, 2x2 grid)", safe(lesson05.check_position_model, seq(
    layers.Conv2D(64, 3, **C), layers.Conv2D(64, 3, **C), layers.AdaptiveAveragePooling2D(2), layers.Flatten(),
    layers.Dense(4, activation="softmax"))))

show("5.4 solution (NiN)", safe(lesson05.check_tiny_model, seq(
    layers.Conv2D(16, 3, **C), layers.Conv2D(10, 1), layers.GlobalAveragePooling2D(), layers.Activation("softmax"))))
show("5.4 conv + GAP + Dense softmax", safe(lesson05.check_tiny_model, seq(
    layers.Conv2D(16, 3, activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax"))))
show("5.4 conv + GMP + Dense logits", safe(lesson05.check_tiny_model, seq(
    layers.Conv2D(8, 3, activation="relu"), layers.GlobalMaxPooling2D(), layers.Dense(10))))
show("5.4 conv + avg+max concat", safe(lesson05.check_tiny_model, (lambda i: keras.Model(i, layers.Dense(10, activation="softmax")(
    layers.Concatenate()([layers.GlobalAveragePooling2D()(layers.Conv2D(8, 3, activation="relu")(i)),
                          layers.GlobalMaxPooling2D()(layers.Conv2D(8, 3, activation="relu")(i))]))))(keras.Input((None, None, 1)))))
show("5.4 GAP keepdims + Flatten (1x1 map)", safe(lesson05.check_tiny_model, seq(
    layers.Conv2D(8, 3, activation="relu"), layers.GlobalAveragePooling2D(keepdims=True), layers.Flatten(),
    layers.Dense(10, activation="softmax"))))
show("WRONG 5.4 no convolution", safe(lesson05.check_tiny_model, seq(
    layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax"))))
show("WRONG 5.4 1x1 convs only", safe(lesson05.check_tiny_model, seq(
    layers.Conv2D(16, 1, activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax"))))
show("WRONG 5.4 Resizing + Flatten", safe(lesson05.check_tiny_model, seq(
    layers.Resizing(8, 8), layers.Conv2D(1, 3), layers.Flatten(), layers.Dense(10, activation="softmax"))))
show("WRONG 5.4 over budget", safe(lesson05.check_tiny_model, seq(
    layers.Conv2D(64, 3, activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax"))))
show("WRONG 5.4 sigmoid output", safe(lesson05.check_tiny_model, seq(
    layers.Conv2D(16, 3, activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="sigmoid"))))

# ---------------------------------------------------------------- lesson 06
a, b = np.array(lesson06.SCORES_A), np.array(lesson06.SCORES_B)
import statistics  # noqa: E402

show("6.1 solution", safe(lesson06.check_seed_verdict, abs(a.mean() - b.mean()), max(a.std(ddof=1), b.std(ddof=1)), False))
show("6.1 statistics module, plain floats", safe(lesson06.check_seed_verdict,
                                                 abs(statistics.mean(lesson06.SCORES_A) - statistics.mean(lesson06.SCORES_B)),
                                                 max(statistics.stdev(lesson06.SCORES_A), statistics.stdev(lesson06.SCORES_B)), False))
lead, spr = abs(a.mean() - b.mean()), max(a.std(ddof=1), b.std(ddof=1))
show("6.1 rounded to 3 decimals, np.bool_ verdict", safe(lesson06.check_seed_verdict, round(lead, 3), round(spr, 3), np.bool_(lead > spr)))
show("6.1 b.mean()-a.mean() (B better), real=lead>spread", safe(lesson06.check_seed_verdict, b.mean() - a.mean(), spr, bool(b.mean() - a.mean() > spr)))
show("WRONG 6.1 seed-0 difference", safe(lesson06.check_seed_verdict, abs(a[0] - b[0]), spr, False))
show("WRONG 6.1 population std", safe(lesson06.check_seed_verdict, lead, max(a.std(), b.std()), False))
show("WRONG 6.1 real=True", safe(lesson06.check_seed_verdict, lead, spr, True))
show("WRONG 6.1 negative lead", safe(lesson06.check_seed_verdict, a.mean() - b.mean(), spr, False))
show("WRONG 6.1 smaller std as spread", safe(lesson06.check_seed_verdict, lead, min(a.std(ddof=1), b.std(ddof=1)), False))
show("WRONG 6.1 std of the pooled 10 scores", safe(lesson06.check_seed_verdict, lead, np.concatenate([a, b]).std(ddof=1), False))

for ans in [{"B", "C", "D"}, "B, C and D", "bcd", ["b", "c", "d"], "The flaws are B, C and D; A, E and F are not flaws",
            "B, C, D (A, E, F are fine)", "B/C/D"]:
    show(f"6.2 {ans!r}"[:60], safe(lesson06.check_flaws, ans))
# Open (not judged here): right answers written as prose that names all six statements. The check rejects them
# today; issue 19 decides between reading letters only (asking for {"B", ...}) and reading such prose.
for ans in ["Flaws: B, C, D. Not flaws: A, E, F.", "A: no, B: yes, C: yes, D: yes, E: no, F: no",
            "B, C and D. A, E and F describe things she did right."]:
    print(f"open 6.2 {ans!r}"[:70], "->", "accepted" if safe(lesson06.check_flaws, ans).correct else "rejected")
for ans in [{"B", "C"}, "A, B, C, D", "B, C, D, E", "all of them", {"b", "c", "d", "f"}, "only D"]:
    show(f"WRONG 6.2 {ans!r}"[:60], safe(lesson06.check_flaws, ans))

# ---------------------------------------------------------------- lesson 07
show("7.1 solution", safe(lesson07.check_flatten_mb, lambda h, w, c, u: shapes.dense_params(h * w * c, u) * 4 / 1e6))
show("7.1 (h*w*c+1)*u*4e-6", safe(lesson07.check_flatten_mb, lambda h, w, c, u: (h * w * c + 1) * u * 4e-6))
show("7.1 np.float32 itemsize", safe(lesson07.check_flatten_mb,
                                     lambda h, w, c, u: (h * w * c * u + u) * np.dtype("float32").itemsize / 10**6))
show("7.1 shapes.trace", safe(lesson07.check_flatten_mb, lambda h, w, c, u: shapes.total_params(
    shapes.trace((h, w, c), [shapes.flatten(), shapes.dense(u)])) * 4 / 1_000_000))
show("WRONG 7.1 MiB", safe(lesson07.check_flatten_mb, lambda h, w, c, u: (h * w * c + 1) * u * 4 / 2**20))
show("WRONG 7.1 biases forgotten", safe(lesson07.check_flatten_mb, lambda h, w, c, u: h * w * c * u * 4 / 1e6))
show("WRONG 7.1 bytes", safe(lesson07.check_flatten_mb, lambda h, w, c, u: (h * w * c + 1) * u * 4))
show("WRONG 7.1 float64", safe(lesson07.check_flatten_mb, lambda h, w, c, u: (h * w * c + 1) * u * 8 / 1e6))
show("WRONG 7.1 GAP head size", safe(lesson07.check_flatten_mb, lambda h, w, c, u: (c + 1) * u * 4 / 1e6))

x_ncl = np.random.default_rng(6).normal(size=(4, 2, 100)).astype("float32")
show("7.2 np.transpose", safe(lesson07.check_channels_last, np.transpose(x_ncl, (0, 2, 1)), x_ncl))
show("7.2 np.moveaxis", safe(lesson07.check_channels_last, np.moveaxis(x_ncl, 1, -1), x_ncl))
show("7.2 swapaxes", safe(lesson07.check_channels_last, x_ncl.swapaxes(1, 2), x_ncl))
show("7.2 einsum", safe(lesson07.check_channels_last, np.einsum("ncl->nlc", x_ncl), x_ncl))
show("7.2 Permute layer (tensor)", safe(lesson07.check_channels_last, layers.Permute((2, 1))(x_ncl), x_ncl))
show("WRONG 7.2 reshape", safe(lesson07.check_channels_last, x_ncl.reshape(4, 100, 2), x_ncl))
show("WRONG 7.2 .T (reverses all axes)", safe(lesson07.check_channels_last, x_ncl.T, x_ncl))
show("WRONG 7.2 unchanged", safe(lesson07.check_channels_last, x_ncl, x_ncl))
show("WRONG 7.2 the shape", safe(lesson07.check_channels_last, np.transpose(x_ncl, (0, 2, 1)).shape, x_ncl))
show("WRONG 7.2 channels swapped (L<->R)", safe(lesson07.check_channels_last, np.transpose(x_ncl[:, ::-1], (0, 2, 1)), x_ncl))


def tok(*ls, inp=(None,)):
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(shape=inp, dtype="int32"), *ls])


show("7.3 solution (GMP)", safe(lesson07.check_variable_length_model, tok(
    layers.Embedding(50, 8), layers.Conv1D(16, 3, activation="relu"), layers.GlobalMaxPooling1D(),
    layers.Dense(1, activation="sigmoid"))))
show("7.3 GAP, 'same' padding, bigger vocab", safe(lesson07.check_variable_length_model, tok(
    layers.Embedding(64, 4), layers.Conv1D(8, 5, padding="same", activation="relu"), layers.GlobalAveragePooling1D(),
    layers.Dense(1, activation="sigmoid"))))
show("7.3 two convs + dropout", safe(lesson07.check_variable_length_model, tok(
    layers.Embedding(50, 8), layers.Conv1D(16, 3, activation="relu"), layers.Dropout(0.2),
    layers.Conv1D(16, 3, activation="relu"), layers.GlobalMaxPooling1D(), layers.Dense(1, activation="sigmoid"))))
inp = keras.Input((None,), dtype="int32")
h = layers.GlobalMaxPooling1D()(layers.Conv1D(8, 3, activation="relu")(layers.Embedding(50, 8)(inp)))
show("7.3 functional, Activation('sigmoid') layer", safe(lesson07.check_variable_length_model,
                                                          keras.Model(inp, layers.Activation("sigmoid")(layers.Dense(1)(h)))))
show("WRONG 7.3 Flatten head, fixed length 200", safe(lesson07.check_variable_length_model, tok(
    layers.Embedding(50, 8), layers.Conv1D(16, 3, activation="relu"), layers.Flatten(), layers.Dense(1, activation="sigmoid"),
    inp=(200,))))
show("WRONG 7.3 Embedding(49)", safe(lesson07.check_variable_length_model, tok(
    layers.Embedding(49, 8), layers.Conv1D(16, 3, activation="relu"), layers.GlobalMaxPooling1D(),
    layers.Dense(1, activation="sigmoid"))))
show("WRONG 7.3 no Embedding (ids as amounts)", safe(lesson07.check_variable_length_model, keras.Sequential([
    keras.Input((None, 1)), layers.Conv1D(16, 3, activation="relu"), layers.GlobalMaxPooling1D(),
    layers.Dense(1, activation="sigmoid")])))
show("WRONG 7.3 softmax over one unit", safe(lesson07.check_variable_length_model, tok(
    layers.Embedding(50, 8), layers.Conv1D(16, 3, activation="relu"), layers.GlobalMaxPooling1D(),
    layers.Dense(1, activation="softmax"))))
show("WRONG 7.3 kernel 11 vanishes on 9 tokens", safe(lesson07.check_variable_length_model, tok(
    layers.Embedding(50, 8), layers.Conv1D(16, 11, activation="relu"), layers.GlobalMaxPooling1D(),
    layers.Dense(1, activation="sigmoid"))))

show("7.4 solution (mask + Dense)", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8, mask_zero=True), layers.Dense(16, activation="relu"), layers.GlobalAveragePooling1D(),
    layers.Dense(1, activation="sigmoid"))))
show("7.4 mask + LSTM(return_sequences)", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8, mask_zero=True), layers.LSTM(8, return_sequences=True), layers.GlobalAveragePooling1D(),
    layers.Dense(1, activation="sigmoid"))))
show("7.4 mask + Dense + Dropout + LayerNorm", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8, mask_zero=True), layers.Dense(16, activation="relu"), layers.Dropout(0.3),
    layers.LayerNormalization(), layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid"))))
show("7.4 mask + TimeDistributed(Dense)", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8, mask_zero=True), layers.TimeDistributed(layers.Dense(8, activation="tanh")),
    layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid"))))
show("WRONG 7.4 no mask_zero", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8), layers.Dense(16, activation="relu"), layers.GlobalAveragePooling1D(),
    layers.Dense(1, activation="sigmoid"))))
show("WRONG 7.4 Conv1D hidden layer", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8, mask_zero=True), layers.Conv1D(16, 3, activation="relu"), layers.GlobalAveragePooling1D(),
    layers.Dense(1, activation="sigmoid"))))
show("WRONG 7.4 GlobalMaxPooling1D", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8, mask_zero=True), layers.Dense(16, activation="relu"), layers.GlobalMaxPooling1D(),
    layers.Dense(1, activation="sigmoid"))))
show("WRONG 7.4 no hidden layer", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8, mask_zero=True), layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid"))))

# ---------------------------------------------------------------- lesson 08 (cheap)
def plan_total(f):
    return shapes.total_params(shapes.trace((32, 32, 1), [shapes.conv(8, 3, padding="same"), shapes.pool(2),
                                                          shapes.conv(16, 3, padding="same"), shapes.pool(2),
                                                          shapes.conv(f, 3, padding="same"), shapes.pool(2),
                                                          shapes.flatten(), shapes.dense(10)]))


show("8.1 12", safe(lesson08.check_max_filters, 12))
show("8.1 search with shapes.trace", safe(lesson08.check_max_filters, max(f for f in range(1, 99) if plan_total(f) <= 5000)))
show("8.1 (5000 - 1258) // 305 (np.int64)", safe(lesson08.check_max_filters, np.int64((5000 - 1258) // 305)))
show("8.1 int(np.floor((5000-1258)/305))", safe(lesson08.check_max_filters, int(np.floor((5000 - 1258) / 305))))
show("WRONG 8.1 15 (24x24 answer)", safe(lesson08.check_max_filters, 15))
show("WRONG 8.1 13 (over)", safe(lesson08.check_max_filters, 13))
show("WRONG 8.1 11 (fits, not largest)", safe(lesson08.check_max_filters, 11))
show("WRONG 8.1 12.27 (not floored)", safe(lesson08.check_max_filters, (5000 - 1258) / 305))

# ---------------------------------------------------------------- lesson 08 (training)
if not LIGHT:
    split = lesson08.dataset()

    def train(model, epochs=12, x=None, y=None):
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=4, restore_best_weights=True)
        return model.fit(split.x_train if x is None else x, split.y_train if y is None else y,
                         validation_data=(split.x_val, split.y_val), epochs=epochs, batch_size=64,
                         callbacks=[stop], verbose=0)

    def built(*ls):
        keras.utils.set_random_seed(0)
        m = keras.Sequential([keras.Input((24, 24, 1)), *ls])
        return m

    R = dict(padding="same", activation="relu")
    design_b = built(layers.Conv2D(12, 3, **R), layers.MaxPooling2D(2), layers.Conv2D(24, 3, **R),
                     layers.GlobalMaxPooling2D(), layers.Dense(10, activation="softmax"))
    train(design_b)
    show("8.3 solution design B (GMP)", safe(lesson08.check_design_b, design_b, train))
    show("8.4 solution: Sequential on design_b.layers", safe(lesson08.check_any_size,
                                                             keras.Sequential([keras.Input((None, None, 1)), *design_b.layers])))
    i = keras.Input((None, None, 1))
    h = i
    for lay in design_b.layers:
        h = lay(h)
    show("8.4 functional re-call of the trained layers", safe(lesson08.check_any_size, keras.Model(i, h)))
    show("WRONG 8.4 Resizing(24,24) in front", safe(lesson08.check_any_size, keras.Sequential(
        [keras.Input((None, None, 1)), layers.Resizing(24, 24), *design_b.layers])))
    show("WRONG 8.4 fresh untrained copy", safe(lesson08.check_any_size, keras.Sequential(
        [keras.Input((None, None, 1)), *keras.models.clone_model(design_b).layers])))

    design_a = built(layers.Conv2D(12, 3, **R), layers.MaxPooling2D(2), layers.Conv2D(24, 3, **R), layers.MaxPooling2D(6),
                     layers.Flatten(), layers.Dense(10, activation="softmax"))
    train(design_a)
    show("8.2 solution design A (2x2 Flatten)", safe(lesson08.check_design_a, design_a, train))
    show("WRONG 8.4 Flatten design A on any size", safe(lesson08.check_any_size, keras.Sequential(
        [keras.Input((None, None, 1)), *design_a.layers])))
    show("WRONG 8.2 GMP design submitted as Flatten design", safe(lesson08.check_design_a, design_b, train))
    show("WRONG 8.3 Flatten design submitted as pooling design", safe(lesson08.check_design_b, design_a, train))

    no_conv = built(layers.Flatten(), layers.Dense(8, activation="relu"), layers.Dense(10, activation="softmax"))
    train(no_conv)
    show("WRONG 8.2 no convolution, 12 epochs", safe(lesson08.check_design_a, no_conv, train))
    naive = built(layers.Conv2D(3, 3, **R), layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(10, activation="softmax"))
    train(naive)
    show("WRONG 8.2 naive Flatten head, 12 epochs", safe(lesson08.check_design_a, naive, train))
    big = built(layers.Conv2D(32, 3, **R), layers.MaxPooling2D(2), layers.Conv2D(32, 3, **R),
                layers.GlobalMaxPooling2D(), layers.Dense(10, activation="softmax"))
    show("WRONG 8.3 over budget (untrained)", safe(lesson08.check_design_b, big, train))
    # A model fitted on the test split, checked without train: must never get a PASS.
    leak = keras.models.clone_model(design_b)
    train(leak, x=np.concatenate([split.x_train, split.x_test]), y=np.concatenate([split.y_train, split.y_test]))
    show("WRONG 8.3 trained on the test split, no train passed", safe(lesson08.check_design_b, leak))
    small = built(layers.Conv2D(6, 3, **R), layers.MaxPooling2D(2), layers.Conv2D(12, 3, **R),
                  layers.GlobalMaxPooling2D(), layers.Dense(10, activation="softmax"))
    train(small)
    show("8.5 solution smallest (850 params)", safe(lesson08.check_smallest, small, train))
    show("WRONG 8.5 no convolution", safe(lesson08.check_smallest, no_conv, train))
else:
    print("CASES_LIGHT=1: skipped the capstone's training cases (8.2-8.5)")

print(f"\n{len(DISAGREE)} disagreement(s)" + (": " + "; ".join(DISAGREE) if DISAGREE else ""))
sys.exit(1 if DISAGREE else 0)
