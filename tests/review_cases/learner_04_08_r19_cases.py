"""Review r19 (l0408): alternative correct and plausible wrong answers through the checks of lessons 04-08.

Run with the course's Python, e.g. (from the course root)

    KERAS_BACKEND=tensorflow .venv/bin/python tests/review_cases/learner_04_08_r19_cases.py

One line per case via show(label, result). Labels starting with WRONG are answers the check should reject;
every other label is a correct answer it should accept. "BAD" marks a disagreement. CASES_LIGHT=1 skips the
capstone cases that train models (8.2-8.5, a few minutes on 2 busy cores).
"""
import os
import statistics
import sys
import warnings
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.pop("COURSE_STRICT_CHECKS", None)  # checks return verdicts instead of raising
ROOT = Path(os.environ.get("COURSE_ROOT", Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(ROOT))
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

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
    first = " | ".join(text.splitlines())[:260]
    print(f"{'ok ' if ok else 'BAD'} {label:<60} -> {'accepted' if accepted else 'rejected'} :: {first}",
          flush=True)


def safe(fn, *args):
    """Run a check
    a raise counts as a rejection and is shown as such."""
    try:
        return fn(*args)
    except BaseException as exc:  # noqa: BLE001
        raised = f"RAISED {type(exc).__name__}: {str(exc)[:160]}"

        class Raised:
            correct = False

            def text(self):
                return raised
        return Raised()


def seq(*ls, inp=(None, None, 1)):
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(shape=inp), *ls])


# ------------------------------------------------------------------ lesson 04
ex = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(16, 3, activation="relu"), layers.MaxPooling2D(2),
                       layers.Flatten(), layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
show("4.1 math.prod of the pooled shape", safe(lesson04.check_flatten_length, int(np.prod(ex.layers[1].output.shape[1:]))))
show("4.1 one-element list [2704]", safe(lesson04.check_flatten_length, [2704]))
show("4.1 numpy array of shape (1,)", safe(lesson04.check_flatten_length, np.array([2704])))
show("4.1 26*26*16//4", safe(lesson04.check_flatten_length, 26 * 26 * 16 // 4))
show("WRONG 4.1 (28-3)//2 = 12 per side: 12*12*16", safe(lesson04.check_flatten_length, 12 * 12 * 16))
show("WRONG 4.1 pooling halves one axis only: 13*26*16", safe(lesson04.check_flatten_length, 13 * 26 * 16))
show("WRONG 4.1 the Flatten output shape (None, 2704)", safe(lesson04.check_flatten_length, ex.layers[2].output.shape))
show("WRONG 4.1 2704.5", safe(lesson04.check_flatten_length, 2704.5))

show("4.2 ex.layers[3].count_params()", safe(lesson04.check_dense_params, ex.layers[3].count_params()))
show("4.2 sum of weight sizes", safe(lesson04.check_dense_params, sum(int(np.prod(w.shape)) for w in ex.layers[3].weights)))
show("4.2 float 173120.0", safe(lesson04.check_dense_params, 173120.0))
show("WRONG 4.2 26*26*64+64 (side 26, channels forgotten)", safe(lesson04.check_dense_params, 26 * 26 * 64 + 64))
show("WRONG 4.2 13*13*64+64 (channels forgotten)", safe(lesson04.check_dense_params, 13 * 13 * 64 + 64))
show("WRONG 4.2 Dense(64)+Dense(10) together", safe(lesson04.check_dense_params, 2704 * 64 + 64 + 650))

GOOD43 = [((None, 30, 20, 8), 224), ((None, 15, 10, 8), 0), ((None, 13, 6, 16), 1936), ((None, 6, 3, 16), 0),
          ((None, 288), 0), ((None, 10), 2890)]
show("4.3 numpy ints everywhere", safe(lesson04.check_summary, [(tuple(None if d is None else np.int64(d) for d in s), np.int64(p)) for s, p in GOOD43]))
show("4.3 Input row without the batch axis", safe(lesson04.check_summary, [((30, 20, 3), 0), *GOOD43]))
show("4.3 dicts with 'output_shape' and 'parameters'", safe(lesson04.check_summary, [{"output_shape": s, "parameters": p} for s, p in GOOD43]))
show("WRONG 4.3 kernel read as 5 high, 3 wide", safe(lesson04.check_summary, [*GOOD43[:2], ((None, 11, 8, 16), 1936), ((None, 5, 4, 16), 0), ((None, 320), 0), ((None, 10), 3210)]))
show("WRONG 4.3 first conv sees 1 channel (80 params)", safe(lesson04.check_summary, [((None, 30, 20, 8), 80), *GOOD43[1:]]))
show("WRONG 4.3 second conv on the image's 3 channels", safe(lesson04.check_summary, [*GOOD43[:2], ((None, 13, 6, 16), 3 * 5 * 3 * 16 + 16), *GOOD43[3:]]))
show("WRONG 4.3 Dense bias forgotten", safe(lesson04.check_summary, [*GOOD43[:5], ((None, 10), 2880)]))
show("WRONG 4.3 a 'total' row appended", safe(lesson04.check_summary, [*GOOD43, ("total", 5050)]))

# ------------------------------------------------------------------ lesson 05
gmp_cf = keras.layers.GlobalMaxPooling2D(data_format="channels_first", keepdims=True)
show("5.1 symbolic call .shape", safe(lesson05.check_keepdims_shape, gmp_cf(keras.Input((512, 7, 7))).shape))
show("5.1 numpy object array", safe(lesson05.check_keepdims_shape, np.array([None, 512, 1, 1], dtype=object)))
show("5.1 tuple with np.int64", safe(lesson05.check_keepdims_shape, (None, np.int64(512), np.int64(1), np.int64(1))))
show("WRONG 5.1 string '(None, 512, 1, 1)'", safe(lesson05.check_keepdims_shape, "(None, 512, 1, 1)"))
show("WRONG 5.1 (None, 512, 1)", safe(lesson05.check_keepdims_shape, (None, 512, 1)))
show("WRONG 5.1 (None, 1, 1, 1)", safe(lesson05.check_keepdims_shape, (None, 1, 1, 1)))

show("5.2 mean of means + amax, np.c_", safe(lesson05.check_avg_max_function, lambda x: np.c_[x.mean(1).mean(1), np.amax(x, (1, 2))]))
show("5.2 keras.ops (returns a tensor)", safe(lesson05.check_avg_max_function, lambda x: keras.ops.concatenate([keras.ops.mean(x, (1, 2)), keras.ops.max(x, (1, 2))], -1)))
show("5.2 np.hstack", safe(lesson05.check_avg_max_function, lambda x: np.hstack([np.mean(x, axis=(1, 2)), np.max(x, axis=(1, 2))])))
show("WRONG 5.2 returns a list [avg, max]", safe(lesson05.check_avg_max_function, lambda x: [x.mean((1, 2)), x.max((1, 2))]))
show("WRONG 5.2 concatenated on axis 0", safe(lesson05.check_avg_max_function, lambda x: np.concatenate([x.mean((1, 2)), x.max((1, 2))], 0)))
show("WRONG 5.2 avg + max summed", safe(lesson05.check_avg_max_function, lambda x: x.mean((1, 2)) + x.max((1, 2))))
show("WRONG 5.2 channels_first axes (2, 3)", safe(lesson05.check_avg_max_function, lambda x: np.concatenate([x.mean((2, 3)), x.max((2, 3))], -1)))

show("5.3 no conv: adaptive avg 2x2 on the pixels", safe(lesson05.check_position_model, seq(layers.AdaptiveAveragePooling2D(2), layers.Flatten(), layers.Dense(4, activation="softmax"))))
show("5.3 adaptive (2, 3) grid", safe(lesson05.check_position_model, seq(layers.Conv2D(8, 3, padding="same", activation="relu"), layers.AdaptiveAveragePooling2D((2, 3)), layers.Flatten(), layers.Dense(4, activation="softmax"))))
_in = keras.Input((None, None, 1))
_h = layers.Conv2D(8, 3, padding="same", activation="relu")(_in)
_cat = layers.Concatenate()([layers.Flatten()(layers.AdaptiveAveragePooling2D(2)(_h)), layers.Flatten()(layers.AdaptiveMaxPooling2D(2)(_h))])
show("5.3 functional: adaptive avg 2x2 + adaptive max 2x2", safe(lesson05.check_position_model, keras.Model(_in, layers.Dense(4, activation="softmax")(_cat))))
show("5.3 strided conv + adaptive avg 4x4", safe(lesson05.check_position_model, seq(layers.Conv2D(8, 3, strides=2, padding="same", activation="relu"), layers.AdaptiveAveragePooling2D(4), layers.Flatten(), layers.Dense(4, activation="softmax"))))
show("WRONG 5.3 GMP head", safe(lesson05.check_position_model, seq(layers.Conv2D(8, 3, padding="same", activation="relu"), layers.GlobalMaxPooling2D(), layers.Dense(4, activation="softmax"))))
show("WRONG 5.3 adaptive (1, 2): columns only", safe(lesson05.check_position_model, seq(layers.Conv2D(8, 3, padding="same", activation="relu"), layers.AdaptiveAveragePooling2D((1, 2)), layers.Flatten(), layers.Dense(4, activation="softmax"))))
show("WRONG 5.3 sigmoid outputs", safe(lesson05.check_position_model, seq(layers.Conv2D(8, 3, padding="same", activation="relu"), layers.AdaptiveAveragePooling2D(2), layers.Flatten(), layers.Dense(4, activation="sigmoid"))))
show("WRONG 5.3 over budget (3,296 parameters)", safe(lesson05.check_position_model, seq(layers.Conv2D(16, 3, padding="same", activation="relu"), layers.AdaptiveAveragePooling2D(4), layers.Flatten(), layers.Dense(12, activation="relu"), layers.Dense(4, activation="softmax"))))

show("5.4 two small convs + GAP + Dense", safe(lesson05.check_tiny_model, seq(layers.Conv2D(8, 3, activation="relu", padding="same"), layers.Conv2D(4, 3, activation="relu", padding="same"), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax"))))
show("5.4 SeparableConv2D + GMP", safe(lesson05.check_tiny_model, seq(layers.SeparableConv2D(16, 3, padding="same", activation="relu"), layers.GlobalMaxPooling2D(), layers.Dense(10, activation="softmax"))))
show("5.4 conv + pool + GAP + Dense + Softmax layer", safe(lesson05.check_tiny_model, seq(layers.Conv2D(12, 3, padding="same", activation="relu"), layers.MaxPooling2D(2), layers.GlobalAveragePooling2D(), layers.Dense(10), layers.Softmax())))
show("WRONG 5.4 over budget: Conv2D(32) + GAP (650)", safe(lesson05.check_tiny_model, seq(layers.Conv2D(32, 3, padding="same", activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax"))))
show("WRONG 5.4 adaptive 2x2 + Flatten (position)", safe(lesson05.check_tiny_model, seq(layers.Conv2D(8, 3, padding="same", activation="relu"), layers.AdaptiveAveragePooling2D(2), layers.Flatten(), layers.Dense(10, activation="softmax"))))
show("WRONG 5.4 GAP straight on the pixels", safe(lesson05.check_tiny_model, seq(layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax"))))
show("WRONG 5.4 fixed 32x32 input", safe(lesson05.check_tiny_model, seq(layers.Conv2D(8, 3, activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax"), inp=(32, 32, 1))))

# ------------------------------------------------------------------ lesson 06
a, b = np.array(lesson06.SCORES_A), np.array(lesson06.SCORES_B)
lead, spread = abs(a.mean() - b.mean()), max(a.std(ddof=1), b.std(ddof=1))
show("6.1 statistics.mean/stdev", safe(lesson06.check_seed_verdict, statistics.mean(lesson06.SCORES_B) - statistics.mean(lesson06.SCORES_A), max(statistics.stdev(lesson06.SCORES_A), statistics.stdev(lesson06.SCORES_B)), False))
show("6.1 float32 arrays, size-1 lead", safe(lesson06.check_seed_verdict, np.array([lead], "float32"), np.float32(spread), np.array(False)))
show("6.1 real as np.bool_ from the comparison", safe(lesson06.check_seed_verdict, lead, spread, np.bool_(lead > spread)))
show("WRONG 6.1 spread = standard error std/sqrt(5)", safe(lesson06.check_seed_verdict, lead, spread / np.sqrt(5), False))
show("WRONG 6.1 spread = std of paired differences", safe(lesson06.check_seed_verdict, lead, (a - b).std(ddof=1), False))
show("WRONG 6.1 real = 'False' (a string)", safe(lesson06.check_seed_verdict, lead, spread, "False"))
show("WRONG 6.1 lead rounded to 0.0 (round(lead, 2))", safe(lesson06.check_seed_verdict, round(lead, 2), spread, False))

show("6.2 frozenset of lower case", safe(lesson06.check_flaws, frozenset("bcd")))
show("6.2 'B, C and D (A, E and F are not flaws)'", safe(lesson06.check_flaws, "B, C and D (A, E and F are not flaws)"))
show("6.2 'B to D'", safe(lesson06.check_flaws, "B to D"))
show("6.2 'B, C, D. A, E, F: no.'", safe(lesson06.check_flaws, "B, C, D. A, E, F: no."))
show("6.2 'B, C, D; none of A, E, F'", safe(lesson06.check_flaws, "B, C, D; none of A, E, F"))
show("WRONG 6.2 {'B', 'C', 'D', 'E'}", safe(lesson06.check_flaws, {"B", "C", "D", "E"}))
show("WRONG 6.2 'A-F'", safe(lesson06.check_flaws, "A-F"))
show("WRONG 6.2 'only B and C'", safe(lesson06.check_flaws, "only B and C"))

# ------------------------------------------------------------------ lesson 07
show("7.1 (h*w*c+1)*u*4/1e6", safe(lesson07.check_flatten_mb, lambda h, w, c, u: (h * w * c + 1) * u * 4 / 1e6))
show("7.1 bits: *32/8/1e6", safe(lesson07.check_flatten_mb, lambda h, w, c, u: (h * w * c * u + u) * 32 / 8 / 1e6))
show("7.1 np.float32 result", safe(lesson07.check_flatten_mb, lambda h, w, c, u: np.float32((h * w * c * u + u) * 4) / np.float32(1e6)))
show("WRONG 7.1 f-string '411.1 MB'", safe(lesson07.check_flatten_mb, lambda h, w, c, u: f"{(h * w * c * u + u) * 4 / 1e6:.1f} MB"))
show("WRONG 7.1 rounded to 1 decimal", safe(lesson07.check_flatten_mb, lambda h, w, c, u: round((h * w * c * u + u) * 4 / 1e6, 1)))
show("WRONG 7.1 /1024/1024", safe(lesson07.check_flatten_mb, lambda h, w, c, u: (h * w * c * u + u) * 4 / 1024 / 1024))
show("WRONG 7.1 channels forgotten", safe(lesson07.check_flatten_mb, lambda h, w, c, u: (h * w * u + u) * 4 / 1e6))

x_ncl = np.random.default_rng(6).normal(size=(4, 2, 100)).astype("float32")
show("7.2 x.transpose(0, 2, 1)", safe(lesson07.check_channels_last, x_ncl.transpose(0, 2, 1), x_ncl))
show("7.2 swapaxes(-1, -2)", safe(lesson07.check_channels_last, x_ncl.swapaxes(-1, -2), x_ncl))
show("7.2 keras.ops.transpose (tensor)", safe(lesson07.check_channels_last, keras.ops.transpose(x_ncl, (0, 2, 1)), x_ncl))
show("7.2 list of per-clip .T", safe(lesson07.check_channels_last, [clip.T for clip in x_ncl], x_ncl))
show("WRONG 7.2 np.rollaxis(x, 1, 0)", safe(lesson07.check_channels_last, np.rollaxis(x_ncl, 1, 0), x_ncl))
show("WRONG 7.2 right layout, time reversed", safe(lesson07.check_channels_last, np.transpose(x_ncl, (0, 2, 1))[:, ::-1], x_ncl))
show("WRONG 7.2 reshape(4, 100, 2)", safe(lesson07.check_channels_last, x_ncl.reshape(4, 100, 2), x_ncl))


def tok(*ls, **kw):
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(shape=(None,), dtype="int32"), *ls], **kw)


show("7.3 Embedding(mask_zero) + Conv1D + GMP (mask dropped)", safe(lesson07.check_variable_length_model, tok(layers.Embedding(50, 8, mask_zero=True), layers.Conv1D(16, 3, activation="relu"), layers.GlobalMaxPooling1D(), layers.Dense(1, activation="sigmoid"))))
show("7.3 Conv1D + MaxPooling1D + GAP", safe(lesson07.check_variable_length_model, tok(layers.Embedding(50, 8), layers.Conv1D(16, 3, padding="same", activation="relu"), layers.MaxPooling1D(2), layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid"))))
show("7.3 float Input (no dtype) + Conv1D + GMP", safe(lesson07.check_variable_length_model, seq(layers.Embedding(50, 8), layers.Conv1D(8, 3, activation="relu"), layers.GlobalMaxPooling1D(), layers.Dense(1, activation="sigmoid"), inp=(None,))))
show("WRONG 7.3 logits (no sigmoid)", safe(lesson07.check_variable_length_model, tok(layers.Embedding(50, 8), layers.Conv1D(16, 3, activation="relu"), layers.GlobalMaxPooling1D(), layers.Dense(1))))
show("WRONG 7.3 last position only (Lambda x[:, -1])", safe(lesson07.check_variable_length_model, tok(layers.Embedding(50, 8), layers.Conv1D(16, 3, activation="relu", padding="same"), layers.Lambda(lambda t: t[:, -1]), layers.Dense(1, activation="sigmoid"))))
show("WRONG 7.3 fixed length Input(shape=(40,))", safe(lesson07.check_variable_length_model, seq(layers.Embedding(50, 8), layers.Conv1D(8, 3, activation="relu"), layers.GlobalMaxPooling1D(), layers.Dense(1, activation="sigmoid"), inp=(40,))))

show("7.4 mask + Bidirectional(GRU(return_sequences))", safe(lesson07.check_padding_proof_model, tok(layers.Embedding(50, 8, mask_zero=True), layers.Bidirectional(layers.GRU(4, return_sequences=True)), layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid"))))
_t = keras.Input((None,), dtype="int32")
keras.utils.set_random_seed(0)
_e = layers.Embedding(50, 8, mask_zero=True)(_t)
_att = layers.MultiHeadAttention(num_heads=2, key_dim=4)(_e, _e)
show("7.4 mask + self-attention (functional)", safe(lesson07.check_padding_proof_model, keras.Model(_t, layers.Dense(1, activation="sigmoid")(layers.GlobalAveragePooling1D()(_att)))))
show("7.4 mask + Dense + Activation + Dense", safe(lesson07.check_padding_proof_model, tok(layers.Embedding(50, 8, mask_zero=True), layers.Dense(16), layers.Activation("tanh"), layers.Dense(8, activation="relu"), layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid"))))
_t2 = keras.Input((None,), dtype="int32")
keras.utils.set_random_seed(0)
_c = layers.Conv1D(8, 3, padding="same", activation="relu")(layers.Embedding(50, 8)(_t2))
_p = layers.GlobalAveragePooling1D()(_c, mask=keras.ops.not_equal(_t2, 0))
show("WRONG 7.4 Conv1D('same') + mask passed by hand", safe(lesson07.check_padding_proof_model, keras.Model(_t2, layers.Dense(1, activation="sigmoid")(_p))))
show("WRONG 7.4 mask + GRU(return_sequences=False) + Dense", safe(lesson07.check_padding_proof_model, tok(layers.Embedding(50, 8, mask_zero=True), layers.GRU(8), layers.Dense(1, activation="sigmoid"))))
show("WRONG 7.4 mask + hidden Dense after the pooling", safe(lesson07.check_padding_proof_model, tok(layers.Embedding(50, 8, mask_zero=True), layers.GlobalAveragePooling1D(), layers.Dense(8, activation="relu"), layers.Dense(1, activation="sigmoid"))))

# ------------------------------------------------------------------ lesson 08 (8.1 cheap; the rest trains)
show("8.1 (5000 - 1258) // 305", safe(lesson08.check_max_filters, (5000 - 1258) // 305))
show("8.1 float 12.0", safe(lesson08.check_max_filters, 12.0))
show("8.1 from a Keras loop (count_params)", safe(lesson08.check_max_filters, max(
    f for f in range(1, 20) if keras.Sequential([keras.Input((32, 32, 1)), layers.Conv2D(8, 3, padding="same"), layers.MaxPooling2D(2),
                                                  layers.Conv2D(16, 3, padding="same"), layers.MaxPooling2D(2),
                                                  layers.Conv2D(f, 3, padding="same"), layers.MaxPooling2D(2),
                                                  layers.Flatten(), layers.Dense(10)]).count_params() <= 5000)))
show("WRONG 8.1 4 (no pooling after block 3)", safe(lesson08.check_max_filters, 4))
show("WRONG 8.1 np.array([12, 13])", safe(lesson08.check_max_filters, np.array([12, 13])))
show("WRONG 8.1 '12'", safe(lesson08.check_max_filters, "12"))

if not LIGHT:
    split = lesson08.dataset()

    def train(model, epochs=12):
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=4, restore_best_weights=True)
        return model.fit(split.x_train, split.y_train, validation_data=(split.x_val, split.y_val), epochs=epochs,
                         batch_size=64, callbacks=[stop], verbose=0)

    def built(make, fit=True):
        """Set the seed, THEN create the layers (make() returns them) and build: as the notebook's cells do."""
        keras.utils.set_random_seed(0)
        m = keras.Sequential([keras.Input((24, 24, 1)), *make()])
        if fit:
            train(m)
        return m

    conv = lambda f: layers.Conv2D(f, 3, padding="same", activation="relu")  # noqa: E731
    soft = lambda: layers.Dense(10, activation="softmax")  # noqa: E731

    # 8.2 (Flatten design)
    a1 = built(lambda: [conv(8), layers.MaxPooling2D(2), conv(16), layers.MaxPooling2D(2), conv(16), layers.MaxPooling2D(3),
               layers.Flatten(), soft()])
    show(f"8.2 three blocks 8/16/16, pool 3, 2x2x16 Flatten ({a1.count_params()})", safe(lesson08.check_design_a, a1, train))
    keras.utils.set_random_seed(0)
    fi = keras.Input((24, 24, 1))
    fx = layers.MaxPooling2D(2)(conv(12)(fi))
    fx = layers.MaxPooling2D(4)(conv(24)(fx))  # seed first
    a2 = keras.Model(fi, soft()(layers.Reshape((-1,))(fx)))
    train(a2)
    show(f"8.2 functional, Reshape((-1,)) of a 3x3x24 map ({a2.count_params()})", safe(lesson08.check_design_a, a2, train))
    # its own weights fitted with early stopping on the TEST split: the check retrains copies, so the design is judged
    a3 = built(lambda: [conv(12), layers.MaxPooling2D(2), conv(24), layers.MaxPooling2D(6), layers.Flatten(), soft()],
               fit=False)
    a3.compile(keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy", metrics=["accuracy"])
    a3.fit(np.concatenate([split.x_train, split.x_test]), np.concatenate([split.y_train, split.y_test]),
           validation_data=(split.x_test, split.y_test), epochs=12, batch_size=64, verbose=0,
           callbacks=[keras.callbacks.EarlyStopping(patience=4, restore_best_weights=True)])
    show("8.2 solution design fitted on train+TEST, stopped on TEST", safe(lesson08.check_design_a, a3, train))
    show("WRONG 8.2 Flatten of a 1x1 map (MaxPooling2D(12))", safe(lesson08.check_design_a, built(lambda: [conv(12), layers.MaxPooling2D(2), conv(24), layers.MaxPooling2D(12), layers.Flatten(), soft()], fit=False), train))
    show("WRONG 8.2 GMP(keepdims) then Flatten", safe(lesson08.check_design_a, built(lambda: [conv(12), layers.MaxPooling2D(2), conv(24), layers.GlobalMaxPooling2D(keepdims=True), layers.Flatten(), soft()], fit=False), train))
    a4 = built(lambda: [conv(8), layers.MaxPooling2D(2), conv(10), layers.MaxPooling2D(2), layers.Flatten(), soft()])
    show(f"WRONG 8.2 two blocks, Flatten of a 6x6x10 map ({a4.count_params()}), trained", safe(lesson08.check_design_a, a4, train))

    # 8.3 (global pooling design)
    b1 = built(lambda: [conv(8), layers.MaxPooling2D(2), conv(16), layers.MaxPooling2D(2), conv(24), layers.GlobalMaxPooling2D(), soft()])
    show(f"8.3 three blocks 8/16/24 + GMP ({b1.count_params()})", safe(lesson08.check_design_b, b1, train))
    b2 = built(lambda: [conv(16), layers.MaxPooling2D(2), conv(24), layers.GlobalMaxPooling2D(), layers.Dense(16, activation="relu"), soft()])
    show(f"8.3 GMP + hidden Dense(16) ({b2.count_params()})", safe(lesson08.check_design_b, b2, train))
    b4 = built(lambda: [conv(10), layers.MaxPooling2D(2), conv(20), layers.GlobalMaxPooling2D(), soft()])
    show(f"8.3 two blocks 10/20 + GMP ({b4.count_params()})", safe(lesson08.check_design_b, b4, train))
    b3 = built(lambda: [conv(12), layers.MaxPooling2D(2), conv(24), layers.GlobalAveragePooling2D(), soft()])
    show("WRONG 8.3 the solution with GAP: too slow for 12 epochs", safe(lesson08.check_design_b, b3, train))
    show("WRONG 8.3 GMP straight on the pixels", safe(lesson08.check_design_b, built(lambda: [layers.GlobalMaxPooling2D(), soft()], fit=False), train))
    show("WRONG 8.3 GMP design with logits, trained with a probability loss", safe(lesson08.check_design_b, built(lambda: [conv(12), layers.MaxPooling2D(2), conv(24), layers.GlobalMaxPooling2D(), layers.Dense(10)]), train))

    # 8.4 (any size), reusing b1
    keras.utils.set_random_seed(0)
    ai = keras.Input((None, None, 1))
    ax = ai
    for layer in b1.layers:
        ax = layer(ax)
    show("8.4 functional rewiring of a trained GMP design", safe(lesson08.check_any_size, keras.Model(ai, ax)))
    show("8.4 Sequential over b2's layers (hidden Dense)", safe(lesson08.check_any_size, keras.Sequential([keras.Input((None, None, 1)), *b2.layers])))
    show("WRONG 8.4 a1 + AdaptiveMaxPooling2D(2) before Flatten (below 0.80 on 32/40)", safe(lesson08.check_any_size, keras.Sequential(
        [keras.Input((None, None, 1)), *a1.layers[:4], a1.layers[4], layers.AdaptiveMaxPooling2D(2), *a1.layers[6:]])))
    show("8.4 Sequential over b4's layers (10/20 + GMP)", safe(lesson08.check_any_size, keras.Sequential([keras.Input((None, None, 1)), *b4.layers])))
    show("WRONG 8.4 the GAP design that missed the target", safe(lesson08.check_any_size, keras.Sequential([keras.Input((None, None, 1)), *b3.layers])))
    show("WRONG 8.4 b1 with Resizing(24, 24) in front", safe(lesson08.check_any_size, keras.Sequential([keras.Input((None, None, 1)), layers.Resizing(24, 24), *b1.layers])))
    show("WRONG 8.4 b1 itself (fixed 24x24 input)", safe(lesson08.check_any_size, b1))

    # 8.5 (smallest)
    s1 = built(lambda: [conv(6), layers.MaxPooling2D(2), conv(10), layers.GlobalMaxPooling2D(), soft()])
    show(f"8.5 6/10 filters + GMP ({s1.count_params()})", safe(lesson08.check_smallest, s1, train))
    s2 = built(lambda: [conv(8), layers.MaxPooling2D(2), conv(8), layers.MaxPooling2D(2), conv(8), layers.GlobalMaxPooling2D(), soft()])
    show(f"8.5 three blocks of 8 + GMP ({s2.count_params()})", safe(lesson08.check_smallest, s2, train))
    s3 = built(lambda: [conv(4), layers.MaxPooling2D(2), conv(8), layers.GlobalMaxPooling2D(), soft()])
    show(f"8.5 4/8 filters + GMP ({s3.count_params()})", safe(lesson08.check_smallest, s3, train))
    show("WRONG 8.5 one conv of 2 filters + GMP (40)", safe(lesson08.check_smallest, built(lambda: [conv(2), layers.GlobalMaxPooling2D(), soft()]), train))
    show("WRONG 8.5 no train passed", safe(lesson08.check_smallest, s1))
    show("WRONG 8.5 over budget (Conv 64)", safe(lesson08.check_smallest, built(lambda: [conv(64), layers.MaxPooling2D(2), conv(16), layers.GlobalMaxPooling2D(), soft()], fit=False), train))

print(f"\n{len(DISAGREE)} disagreement(s):", *DISAGREE, sep="\n  ")
sys.exit(1 if DISAGREE else 0)
