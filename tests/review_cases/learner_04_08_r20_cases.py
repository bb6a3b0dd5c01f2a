"""Review r20 (l0408): alternative correct and plausible wrong answers through the checks of lessons 04-08.

Run from the course root with the course's Python:

    KERAS_BACKEND=tensorflow .venv/bin/python tests/review_cases/learner_04_08_r20_cases.py

One line per case via show(label, result). Labels starting with WRONG are answers the check should
reject; every other label is a correct answer it should accept. "BAD" marks a disagreement.
CASES_LIGHT=1 skips the capstone cases that train models (8.2-8.5).
"""
import os
import statistics
import sys

sys.dont_write_bytecode = True  # leave no __pycache__ in the course folder
import warnings
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.pop("COURSE_STRICT_CHECKS", None)  # verdicts instead of raises
ROOT = Path(os.environ.get("COURSE_ROOT", Path.cwd()))
if not (ROOT / "utils" / "__init__.py").is_file():
    ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
warnings.filterwarnings("ignore")

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
    first = " | ".join(text.splitlines())[:300]
    print(f"{'ok ' if ok else 'BAD'} {label:<62} -> {'accepted' if accepted else 'rejected'} :: {first}",
          flush=True)


def safe(fn, *args):
    """Run a check; a raise counts as a rejection and is shown as RAISED."""
    try:
        return fn(*args)
    except BaseException as exc:  # noqa: BLE001
        raised = f"RAISED {type(exc).__name__}: {str(exc)[:200]}"

        class Raised:
            correct = False

            def text(self):
                return raised
        return Raised()


def seq(*ls, inp=(None, None, 1), dtype=None):
    keras.utils.set_random_seed(0)
    i = keras.Input(shape=inp, dtype=dtype) if dtype else keras.Input(shape=inp)
    return keras.Sequential([i, *ls])


# ------------------------------------------------------------------ lesson 04
print("== lesson 04")
show("4.1 float 2704.0", safe(lesson04.check_flatten_length, 2704.0))
show("4.1 np.int64 from np.prod((13, 13, 16))", safe(lesson04.check_flatten_length, np.prod((13, 13, 16))))
show("4.1 ((28 - 3 + 1) // 2) ** 2 * 16", safe(lesson04.check_flatten_length, ((28 - 3 + 1) // 2) ** 2 * 16))
show("4.1 Keras Flatten.compute_output_shape(...)[1]",
     safe(lesson04.check_flatten_length, layers.Flatten().compute_output_shape((None, 13, 13, 16))[1]))
show("WRONG 4.1 'same' pooling ceil: 13 -> 7? no: 14*14*16", safe(lesson04.check_flatten_length, 14 * 14 * 16))
show("WRONG 4.1 the Dense(64) parameters 173120", safe(lesson04.check_flatten_length, 173_120))
show("WRONG 4.1 string '2704'", safe(lesson04.check_flatten_length, "2704"))
show("WRONG 4.1 (26 // 2) * 16 (one axis only)", safe(lesson04.check_flatten_length, 13 * 16))

show("4.2 (2704 + 1) * 64", safe(lesson04.check_dense_params, (2704 + 1) * 64))
show("4.2 built Dense(64) on 2704 inputs", safe(lesson04.check_dense_params,
                                                 (lambda d: (d.build((None, 2704)), d.count_params())[1])(layers.Dense(64))))
show("4.2 shapes.dense_params(2704, 64)", safe(lesson04.check_dense_params, shapes.dense_params(2704, 64)))
show("WRONG 4.2 2704 * 64 + 10 (biases of the last Dense)", safe(lesson04.check_dense_params, 2704 * 64 + 10))
show("WRONG 4.2 whole model 173,930", safe(lesson04.check_dense_params, 160 + 173_120 + 650))
show("WRONG 4.2 conv params added: 160 + 173120", safe(lesson04.check_dense_params, 160 + 173_120))

rows = [((None, 30, 20, 8), 224), ((None, 15, 10, 8), 0), ((None, 13, 6, 16), 1936), ((None, 6, 3, 16), 0),
        ((None, 288), 0), ((None, 10), 2890)]
show("4.3 worked rows", safe(lesson04.check_summary, rows))
show("4.3 with an Input row first", safe(lesson04.check_summary, [((None, 30, 20, 3), 0), *rows]))
show("4.3 lists instead of tuples", safe(lesson04.check_summary, [[list(s), p] for s, p in rows]))
show("4.3 dicts with shape/params", safe(lesson04.check_summary, [{"shape": s, "params": p} for s, p in rows]))
show("4.3 rows read off a built Keras model",
     safe(lesson04.check_summary, [(tuple(layer.output.shape), layer.count_params()) for layer in keras.Sequential([
         keras.Input((30, 20, 3)), layers.Conv2D(8, 3, padding="same"), layers.MaxPooling2D(2),
         layers.Conv2D(16, (3, 5)), layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(10)]).layers]))
bad = list(rows)
bad[2] = ((None, 11, 8, 16), 1936)
bad[3] = ((None, 5, 4, 16), 0)
bad[4] = ((None, 320), 0)
bad[5] = ((None, 10), 3210)
show("WRONG 4.3 kernel (3, 5) read as 5 high, 3 wide (all rows follow)", safe(lesson04.check_summary, bad))
bad = list(rows)
bad[2] = ((None, 13, 6, 16), 3 * 5 * 16 + 16)
show("WRONG 4.3 3x5 conv counted on 1 input channel", safe(lesson04.check_summary, bad))
bad = list(rows)
bad[3] = ((None, 7, 3, 16), 0)
bad[4] = ((None, 336), 0)
bad[5] = ((None, 10), 3370)
show("WRONG 4.3 second pool rounds 13 up to 7", safe(lesson04.check_summary, bad))
show("WRONG 4.3 Input row with 3 parameters", safe(lesson04.check_summary, [((None, 30, 20, 3), 3), *rows]))
show("WRONG 4.3 batch axis 32 everywhere", safe(lesson04.check_summary, [((32, *s[1:]), p) for s, p in rows]))

# ------------------------------------------------------------------ lesson 05
print("== lesson 05")
layer51 = layers.GlobalMaxPooling2D(data_format="channels_first", keepdims=True)
show("5.1 compute_output_shape of the layer", safe(lesson05.check_keepdims_shape, layer51.compute_output_shape((None, 512, 7, 7))))
show("5.1 list [None, 512, 1, 1]", safe(lesson05.check_keepdims_shape, [None, 512, 1, 1]))
show("5.1 symbolic output .shape", safe(lesson05.check_keepdims_shape, tuple(layer51(keras.Input((512, 7, 7))).shape)))
show("WRONG 5.1 (None, 1, 1, 512) channels-last", safe(lesson05.check_keepdims_shape, (None, 1, 1, 512)))
show("WRONG 5.1 (None, 512)", safe(lesson05.check_keepdims_shape, (None, 512)))
show("WRONG 5.1 batch 1: (1, 512, 1, 1)", safe(lesson05.check_keepdims_shape, (1, 512, 1, 1)))
show("WRONG 5.1 string '(None, 512, 1, 1)'", safe(lesson05.check_keepdims_shape, "(None, 512, 1, 1)"))

show("5.2 np.hstack", safe(lesson05.check_avg_max_function, lambda x: np.hstack([x.mean((1, 2)), x.max((1, 2))])))
show("5.2 reshape to (N, HW, C)", safe(lesson05.check_avg_max_function, lambda x: (
    lambda f: np.concatenate([f.mean(1), f.max(1)], -1))(x.reshape(len(x), -1, x.shape[-1]))))
show("5.2 keras layers Concatenate(GAP, GMP)", safe(lesson05.check_avg_max_function, lambda x: keras.ops.convert_to_numpy(
    layers.Concatenate()([layers.GlobalAveragePooling2D()(x), layers.GlobalMaxPooling2D()(x)]))))
show("5.2 np.c_ with a list output", safe(lesson05.check_avg_max_function,
                                           lambda x: np.c_[x.mean(axis=(1, 2)), x.max(axis=(1, 2))].tolist()))
show("WRONG 5.2 fastai order (max first)", safe(lesson05.check_avg_max_function,
                                                lambda x: np.concatenate([x.max((1, 2)), x.mean((1, 2))], -1)))
show("WRONG 5.2 interleaved via stack+reshape", safe(lesson05.check_avg_max_function, lambda x: np.stack(
    [x.mean((1, 2)), x.max((1, 2))], -1).reshape(len(x), -1)))
show("WRONG 5.2 mean of |x| (abs)", safe(lesson05.check_avg_max_function,
                                         lambda x: np.concatenate([np.abs(x).mean((1, 2)), x.max((1, 2))], -1)))
show("WRONG 5.2 median instead of mean", safe(lesson05.check_avg_max_function,
                                              lambda x: np.concatenate([np.median(x, (1, 2)), x.max((1, 2))], -1)))
show("WRONG 5.2 mean of first row only", safe(lesson05.check_avg_max_function,
                                              lambda x: np.concatenate([x[:, 0].mean(1), x.max((1, 2))], -1)))


def parcel(*head):
    first = (layers.Conv2D(8, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
             layers.Conv2D(16, 3, padding="same", activation="relu"))  # fresh layers for every model
    return seq(*first, *head)


show("5.3 adaptive MAX 2x2 grid", safe(lesson05.check_position_model, parcel(
    layers.AdaptiveMaxPooling2D(2), layers.Flatten(), layers.Dense(4, activation="softmax"))))
show("5.3 adaptive 2x2 then Conv2D(4, 2) 'valid' + Reshape + softmax", safe(lesson05.check_position_model, parcel(
    layers.AdaptiveAveragePooling2D(2), layers.Conv2D(4, 2), layers.Reshape((4,)), layers.Activation("softmax"))))
show("5.3 adaptive 3x3 grid", safe(lesson05.check_position_model, parcel(
    layers.AdaptiveAveragePooling2D(3), layers.Flatten(), layers.Dense(4, activation="softmax"))))
show("5.3 functional model, adaptive (2, 2) on one conv", safe(lesson05.check_position_model, (lambda i: keras.Model(
    i, layers.Dense(4, activation="softmax")(layers.Flatten()(layers.AdaptiveAveragePooling2D((2, 2))(
        layers.Conv2D(8, 3, padding="same", activation="relu")(i))))))(keras.Input((None, None, 1)))))
show("WRONG 5.3 GlobalMaxPooling2D head", safe(lesson05.check_position_model, parcel(
    layers.GlobalMaxPooling2D(), layers.Dense(4, activation="softmax"))))
show("WRONG 5.3 adaptive 2x2 then GAP", safe(lesson05.check_position_model, parcel(
    layers.AdaptiveAveragePooling2D(2), layers.GlobalAveragePooling2D(), layers.Dense(4, activation="softmax"))))
show("WRONG 5.3 adaptive (2, 1): rows only", safe(lesson05.check_position_model, parcel(
    layers.AdaptiveAveragePooling2D((2, 1)), layers.Flatten(), layers.Dense(4, activation="softmax"))))
show("WRONG 5.3 fixed 48x48 input + Flatten", safe(lesson05.check_position_model, seq(
    layers.Conv2D(4, 3, padding="same"), layers.MaxPooling2D(4), layers.Flatten(), layers.Dense(4, activation="softmax"),
    inp=(48, 48, 1))))
show("WRONG 5.3 adaptive grid, logits (no softmax)", safe(lesson05.check_position_model, parcel(
    layers.AdaptiveAveragePooling2D(2), layers.Flatten(), layers.Dense(4))))
show("WRONG 5.3 over budget (adaptive 4x4, 64 filters)", safe(lesson05.check_position_model, parcel(
    layers.Conv2D(64, 3, padding="same"), layers.AdaptiveAveragePooling2D(4), layers.Flatten(),
    layers.Dense(4, activation="softmax"))))

show("5.4 Conv2D(8, 3) + GAP + Dense(10)", safe(lesson05.check_tiny_model, seq(
    layers.Conv2D(8, 3, padding="same", activation="relu"), layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"))))
show("5.4 Conv2D(16, 3) + GMP + Dense(10) logits", safe(lesson05.check_tiny_model, seq(
    layers.Conv2D(16, 3, activation="relu"), layers.GlobalMaxPooling2D(), layers.Dense(10))))
show("5.4 SeparableConv2D(16, 3) + GAP + Dense", safe(lesson05.check_tiny_model, seq(
    layers.SeparableConv2D(16, 3, padding="same", activation="relu"), layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"))))
show("5.4 GAP(keepdims) + Flatten on 1x1 + Dense", safe(lesson05.check_tiny_model, seq(
    layers.Conv2D(16, 3, padding="same", activation="relu"), layers.GlobalAveragePooling2D(keepdims=True),
    layers.Flatten(), layers.Dense(10, activation="softmax"))))
show("WRONG 5.4 1x1 conv only", safe(lesson05.check_tiny_model, seq(
    layers.Conv2D(16, 1, activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax"))))
show("WRONG 5.4 sigmoid outputs", safe(lesson05.check_tiny_model, seq(
    layers.Conv2D(16, 3, activation="relu"), layers.GlobalAveragePooling2D(), layers.Dense(10, activation="sigmoid"))))
show("WRONG 5.4 adaptive 2x2 + Flatten (position matters)", safe(lesson05.check_tiny_model, seq(
    layers.Conv2D(8, 3, activation="relu"), layers.AdaptiveAveragePooling2D(2), layers.Flatten(),
    layers.Dense(10, activation="softmax"))))
show("WRONG 5.4 over budget 32+32 filters", safe(lesson05.check_tiny_model, seq(
    layers.Conv2D(32, 3, activation="relu"), layers.Conv2D(32, 3, activation="relu"), layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"))))
show("WRONG 5.4 GAP on raw pixels + Dense", safe(lesson05.check_tiny_model, seq(
    layers.GlobalAveragePooling2D(), layers.Dense(10, activation="softmax"))))

# ------------------------------------------------------------------ lesson 06
print("== lesson 06")
a, b = np.array(lesson06.SCORES_A), np.array(lesson06.SCORES_B)
lead, spread = abs(a.mean() - b.mean()), max(a.std(ddof=1), b.std(ddof=1))
show("6.1 worked", safe(lesson06.check_seed_verdict, lead, spread, bool(lead > spread)))
show("6.1 statistics.mean/stdev on tuples", safe(lesson06.check_seed_verdict,
     abs(statistics.mean(lesson06.SCORES_B) - statistics.mean(lesson06.SCORES_A)),
     max(statistics.stdev(lesson06.SCORES_A), statistics.stdev(lesson06.SCORES_B)),
     False))
show("6.1 np.bool_ verdict, b - a", safe(lesson06.check_seed_verdict, b.mean() - a.mean(), spread, np.bool_(b.mean() - a.mean() > spread)))
show("6.1 rounded to 4 decimals", safe(lesson06.check_seed_verdict, round(lead, 4), round(spread, 4), False))
show("WRONG 6.1 standard error as spread (std/sqrt(5))", safe(lesson06.check_seed_verdict, lead, spread / 5 ** 0.5, bool(lead > spread / 5 ** 0.5)))
show("WRONG 6.1 std of paired differences", safe(lesson06.check_seed_verdict, lead, (a - b).std(ddof=1), bool(lead > (a - b).std(ddof=1))))
show("WRONG 6.1 median lead", safe(lesson06.check_seed_verdict, abs(np.median(a) - np.median(b)), spread, False))
show("WRONG 6.1 real=True", safe(lesson06.check_seed_verdict, lead, spread, True))
show("WRONG 6.1 real as string 'False'", safe(lesson06.check_seed_verdict, lead, spread, "False"))

show("6.2 list ['D', 'C', 'B']", safe(lesson06.check_flaws, ["D", "C", "B"]))
show("6.2 lowercase {'b','c','d'}", safe(lesson06.check_flaws, {"b", "c", "d"}))
show("6.2 string 'BCD'", safe(lesson06.check_flaws, "BCD"))
show("6.2 string 'B, C, D'", safe(lesson06.check_flaws, "B, C, D"))
show("WRONG 6.2 {'B', 'C'}", safe(lesson06.check_flaws, {"B", "C"}))
show("WRONG 6.2 {'B', 'C', 'D', 'E'}", safe(lesson06.check_flaws, {"B", "C", "D", "E"}))
show("WRONG 6.2 {'A', 'B', 'C', 'D', 'F'}", safe(lesson06.check_flaws, {"A", "B", "C", "D", "F"}))
show("WRONG 6.2 {'C'}", safe(lesson06.check_flaws, {"C"}))

# ------------------------------------------------------------------ lesson 07
print("== lesson 07")
show("7.1 worked form with dense_params", safe(lesson07.check_flatten_mb,
                                                lambda h, w, c, u: shapes.dense_params(h * w * c, u) * 4 / 1e6))
show("7.1 (h*w*c + 1) * u * 4 / 1_000_000", safe(lesson07.check_flatten_mb, lambda h, w, c, u: (h * w * c + 1) * u * 4 / 1_000_000))


def mb_np(height, width, channels, units):
    n = np.int64(height) * width * channels
    return float((n * units + units) * np.dtype("float32").itemsize) / 1e6


show("7.1 numpy itemsize", safe(lesson07.check_flatten_mb, mb_np))
show("7.1 shapes.trace based", safe(lesson07.check_flatten_mb, lambda h, w, c, u: shapes.total_params(
    shapes.trace((h, w, c), [shapes.flatten(), shapes.dense(u)])) * 4 / 1e6))
show("WRONG 7.1 MiB (/2**20)", safe(lesson07.check_flatten_mb, lambda h, w, c, u: (h * w * c * u + u) * 4 / 2 ** 20))
show("WRONG 7.1 biases forgotten", safe(lesson07.check_flatten_mb, lambda h, w, c, u: h * w * c * u * 4 / 1e6))
show("WRONG 7.1 float64 (8 bytes)", safe(lesson07.check_flatten_mb, lambda h, w, c, u: (h * w * c * u + u) * 8 / 1e6))
show("WRONG 7.1 returns bytes", safe(lesson07.check_flatten_mb, lambda h, w, c, u: (h * w * c * u + u) * 4))
show("WRONG 7.1 rounded to whole MB", safe(lesson07.check_flatten_mb, lambda h, w, c, u: round((h * w * c * u + u) * 4 / 1e6)))

x_ncl = np.random.default_rng(6).normal(size=(4, 2, 100)).astype("float32")
show("7.2 np.swapaxes", safe(lesson07.check_channels_last, np.swapaxes(x_ncl, 1, 2), x_ncl))
show("7.2 np.moveaxis", safe(lesson07.check_channels_last, np.moveaxis(x_ncl, 1, -1), x_ncl))
show("7.2 einsum", safe(lesson07.check_channels_last, np.einsum("ncl->nlc", x_ncl), x_ncl))
show("7.2 keras Permute((2, 1)) layer output", safe(lesson07.check_channels_last, layers.Permute((2, 1))(x_ncl), x_ncl))
show("7.2 keras.ops.transpose tensor", safe(lesson07.check_channels_last, keras.ops.transpose(x_ncl, (0, 2, 1)), x_ncl))
show("WRONG 7.2 reshape(4, 100, 2)", safe(lesson07.check_channels_last, x_ncl.reshape(4, 100, 2), x_ncl))
show("WRONG 7.2 x.T (all axes reversed)", safe(lesson07.check_channels_last, x_ncl.T, x_ncl))
show("WRONG 7.2 transpose(0, 2, 1) then flip time", safe(lesson07.check_channels_last, np.transpose(x_ncl, (0, 2, 1))[:, ::-1], x_ncl))
show("WRONG 7.2 channels swapped L<->R", safe(lesson07.check_channels_last, np.transpose(x_ncl, (0, 2, 1))[..., ::-1], x_ncl))


def tok(*ls):
    return seq(*ls, inp=(None,), dtype="int32")


show("7.3 Embedding + Conv1D same + GAP", safe(lesson07.check_variable_length_model, tok(
    layers.Embedding(50, 8), layers.Conv1D(16, 3, padding="same", activation="relu"), layers.GlobalAveragePooling1D(),
    layers.Dense(1, activation="sigmoid"))))
show("7.3 two Conv1D + pooling + GMP", safe(lesson07.check_variable_length_model, tok(
    layers.Embedding(50, 8), layers.Conv1D(16, 3, activation="relu"), layers.MaxPooling1D(2),
    layers.Conv1D(16, 2, activation="relu"), layers.GlobalMaxPooling1D(), layers.Dense(1, activation="sigmoid"))))
show("7.3 Embedding(64) larger vocab, Dense(8) hidden", safe(lesson07.check_variable_length_model, tok(
    layers.Embedding(64, 4), layers.Conv1D(8, 5, padding="same", activation="relu"), layers.GlobalMaxPooling1D(),
    layers.Dense(8, activation="relu"), layers.Dense(1, activation="sigmoid"))))
show("7.3 Activation('sigmoid') as a separate layer", safe(lesson07.check_variable_length_model, tok(
    layers.Embedding(50, 8), layers.Conv1D(16, 3), layers.GlobalMaxPooling1D(), layers.Dense(1),
    layers.Activation("sigmoid"))))
show("WRONG 7.3 kernel 12 vanishes on 9 tokens", safe(lesson07.check_variable_length_model, tok(
    layers.Embedding(50, 8), layers.Conv1D(16, 12), layers.GlobalMaxPooling1D(), layers.Dense(1, activation="sigmoid"))))
show("WRONG 7.3 Dense(2, softmax) output", safe(lesson07.check_variable_length_model, tok(
    layers.Embedding(50, 8), layers.Conv1D(16, 3), layers.GlobalMaxPooling1D(), layers.Dense(2, activation="softmax"))))
show("WRONG 7.3 Embedding(49) too small", safe(lesson07.check_variable_length_model, tok(
    layers.Embedding(49, 8), layers.Conv1D(16, 3), layers.GlobalMaxPooling1D(), layers.Dense(1, activation="sigmoid"))))
show("WRONG 7.3 raw ids, Reshape + Conv1D", safe(lesson07.check_variable_length_model, seq(
    layers.Reshape((-1, 1)), layers.Conv1D(16, 3), layers.GlobalMaxPooling1D(), layers.Dense(1, activation="sigmoid"),
    inp=(None,))))
show("WRONG 7.3 fixed length 200 + Flatten", safe(lesson07.check_variable_length_model, seq(
    layers.Embedding(50, 8), layers.Conv1D(16, 3), layers.Flatten(), layers.Dense(1, activation="sigmoid"),
    inp=(200,), dtype="int32")))

show("7.4 LayerNormalization + Dense hidden", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8, mask_zero=True), layers.Dense(16, activation="relu"), layers.LayerNormalization(),
    layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid"))))
show("7.4 GRU(return_sequences=True) hidden", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8, mask_zero=True), layers.GRU(8, return_sequences=True), layers.GlobalAveragePooling1D(),
    layers.Dense(1, activation="sigmoid"))))
show("7.4 TimeDistributed(Dense) hidden", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8, mask_zero=True), layers.TimeDistributed(layers.Dense(8, activation="tanh")),
    layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid"))))


def mha_model():
    keras.utils.set_random_seed(0)
    i = keras.Input((None,), dtype="int32")
    e = layers.Embedding(50, 8, mask_zero=True)(i)
    h = layers.MultiHeadAttention(num_heads=2, key_dim=4)(e, e)
    return keras.Model(i, layers.Dense(1, activation="sigmoid")(layers.GlobalAveragePooling1D()(h)))


show("7.4 self-attention (functional) hidden", safe(lesson07.check_padding_proof_model, mha_model()))
show("WRONG 7.4 no mask_zero", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8), layers.Dense(16, activation="relu"), layers.GlobalAveragePooling1D(),
    layers.Dense(1, activation="sigmoid"))))
show("WRONG 7.4 Conv1D(padding='same') hidden", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8, mask_zero=True), layers.Conv1D(16, 3, padding="same", activation="relu"),
    layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid"))))
show("WRONG 7.4 GlobalMaxPooling1D", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8, mask_zero=True), layers.Dense(16, activation="relu"), layers.GlobalMaxPooling1D(),
    layers.Dense(1, activation="sigmoid"))))
show("WRONG 7.4 hidden Dense after the pooling", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8, mask_zero=True), layers.GlobalAveragePooling1D(), layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"))))
show("WRONG 7.4 Lambda hidden layer (drops the mask)", safe(lesson07.check_padding_proof_model, tok(
    layers.Embedding(50, 8, mask_zero=True), layers.Lambda(lambda t: t * 2.0 + 1.0),
    layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid"))))

# ------------------------------------------------------------------ lesson 08
print("== lesson 08")
show("8.1 12", safe(lesson08.check_max_filters, 12))
show("8.1 np.int64(12)", safe(lesson08.check_max_filters, np.int64(12)))
show("8.1 (5000 - 1258) // 305", safe(lesson08.check_max_filters, (5000 - 1258) // 305))
show("8.1 12.0 float", safe(lesson08.check_max_filters, 12.0))
show("WRONG 8.1 15 (the 24x24 answer)", safe(lesson08.check_max_filters, 15))
show("WRONG 8.1 13 (rounded up)", safe(lesson08.check_max_filters, 13))
show("WRONG 8.1 (5000 - 1258) / 305 = 12.27", safe(lesson08.check_max_filters, (5000 - 1258) / 305))
show("WRONG 8.1 11", safe(lesson08.check_max_filters, 11))

if LIGHT:
    print("CASES_LIGHT=1: capstone trainings skipped")
else:
    x_train, y_train, x_val, y_val, x_test, y_test = lesson08.dataset()

    def train(model, epochs=12):
        model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=4, restore_best_weights=True)
        return model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=epochs, batch_size=64,
                         callbacks=[stop], verbose=0)

    def design(*ls, fit=True, inp=(24, 24, 1)):
        m = seq(*ls, inp=inp)
        if fit:
            train(m)
        return m

    conv = lambda f: layers.Conv2D(f, 3, padding="same", activation="relu")  # noqa: E731

    # 8.2 Flatten designs
    show("8.2 three blocks 8/16/16, MaxPooling2D(3) last -> 2x2 Flatten", safe(lesson08.check_design_a, design(
        conv(8), layers.MaxPooling2D(2), conv(16), layers.MaxPooling2D(2), conv(16), layers.MaxPooling2D(3),
        layers.Flatten(), layers.Dense(10, activation="softmax")), train))
    show("8.2 Reshape((-1,)) on 3x3 map (pool 4 after 12x12)", safe(lesson08.check_design_a, design(
        conv(12), layers.MaxPooling2D(2), conv(24), layers.MaxPooling2D(4), layers.Reshape((-1,)),
        layers.Dense(10, activation="softmax")), train))
    show("WRONG 8.2 naive Flatten head (3 filters)", safe(lesson08.check_design_a, design(
        layers.Conv2D(3, 3, padding="same", activation="relu"), layers.MaxPooling2D(2), layers.Flatten(),
        layers.Dense(10, activation="softmax")), train))
    show("WRONG 8.2 Flatten after MaxPooling2D(12): 1x1 map", safe(lesson08.check_design_a, design(
        conv(12), layers.MaxPooling2D(2), conv(24), layers.MaxPooling2D(12), layers.Flatten(),
        layers.Dense(10, activation="softmax"), fit=False), train))
    # Naive design fitted on validation + test: its own validation accuracy is high, the honest copies fail.
    keras.utils.set_random_seed(0)
    cheat = seq(layers.Conv2D(3, 3, padding="same", activation="relu"), layers.MaxPooling2D(2), layers.Flatten(),
                layers.Dense(10, activation="softmax"), inp=(24, 24, 1))
    cheat.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    cheat.fit(np.concatenate([x_train, x_val, x_test]), np.concatenate([y_train, y_val, y_test]), epochs=40,
              batch_size=64, verbose=0)
    print("   (cheat's own validation accuracy:", round(lesson08.accuracy(cheat, x_val, y_val), 3), ")")
    show("WRONG 8.2 naive head fitted on validation+test, 40 epochs", safe(lesson08.check_design_a, cheat, train))

    # 8.3 global pooling designs
    b1 = design(conv(12), layers.MaxPooling2D(2), conv(24), layers.GlobalMaxPooling2D(),
                layers.Dense(10, activation="softmax"))
    show("8.3 worked (12/24, GMP)", safe(lesson08.check_design_b, b1, train))
    show("WRONG 8.3 three blocks 8/16/32, GMP: 6,218 params, over budget", safe(lesson08.check_design_b, design(
        conv(8), layers.MaxPooling2D(2), conv(16), layers.MaxPooling2D(2), conv(32), layers.GlobalMaxPooling2D(),
        layers.Dense(10, activation="softmax"), fit=False), train))
    show("8.3 three blocks 8/16/24, GMP (4,978 params)", safe(lesson08.check_design_b, design(
        conv(8), layers.MaxPooling2D(2), conv(16), layers.MaxPooling2D(2), conv(24), layers.GlobalMaxPooling2D(),
        layers.Dense(10, activation="softmax")), train))
    show("8.3 GMP + hidden Dense(32)", safe(lesson08.check_design_b, design(
        conv(12), layers.MaxPooling2D(2), conv(24), layers.GlobalMaxPooling2D(), layers.Dense(32, activation="relu"),
        layers.Dense(10, activation="softmax")), train))
    show("WRONG 8.3 GMP on one conv with 2 filters", safe(lesson08.check_design_b, design(
        layers.Conv2D(2, 3, padding="same", activation="relu"), layers.GlobalMaxPooling2D(),
        layers.Dense(10, activation="softmax")), train))
    show("WRONG 8.3 GMP(keepdims) + Flatten", safe(lesson08.check_design_b, design(
        conv(12), layers.MaxPooling2D(2), conv(24), layers.GlobalMaxPooling2D(keepdims=True), layers.Flatten(),
        layers.Dense(10, activation="softmax"), fit=False), train))
    show("WRONG 8.3 over budget 32/64 filters", safe(lesson08.check_design_b, design(
        conv(32), layers.MaxPooling2D(2), conv(64), layers.GlobalMaxPooling2D(), layers.Dense(10, activation="softmax"),
        fit=False), train))

    # 8.4 any size
    show("8.4 Sequential over design B's layers", safe(lesson08.check_any_size,
                                                         keras.Sequential([keras.Input((None, None, 1)), *b1.layers])))
    i = keras.Input((None, None, 1))
    h = i
    for layer in b1.layers:
        h = layer(h)
    show("8.4 functional over the same layers", safe(lesson08.check_any_size, keras.Model(i, h)))
    clone = keras.Sequential([keras.Input((None, None, 1)), *[layers.deserialize(layers.serialize(lay)) for lay in b1.layers]])
    for src, dst in zip(b1.layers, clone.layers):
        dst.set_weights(src.get_weights())
    show("8.4 rebuilt from config + set_weights", safe(lesson08.check_any_size, clone))
    show("WRONG 8.4 untrained GMP model", safe(lesson08.check_any_size, seq(
        conv(12), layers.MaxPooling2D(2), conv(24), layers.GlobalMaxPooling2D(), layers.Dense(10, activation="softmax"))))
    show("WRONG 8.4 design B itself (fixed 24x24 input)", safe(lesson08.check_any_size, b1))
    show("WRONG 8.4 Resizing(24, 24) + design B", safe(lesson08.check_any_size, keras.Sequential(
        [keras.Input((None, None, 1)), layers.Resizing(24, 24), *b1.layers])))

    # 8.5 smallest
    show("8.5 4/8 filters GMP (426 params, mean just above 0.80?)", safe(lesson08.check_smallest, design(
        layers.Conv2D(4, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(8, 3, padding="same", activation="relu"), layers.GlobalMaxPooling2D(),
        layers.Dense(10, activation="softmax")), train))
    show("8.5 worked 6/12", safe(lesson08.check_smallest, design(
        layers.Conv2D(6, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(12, 3, padding="same", activation="relu"), layers.GlobalMaxPooling2D(),
        layers.Dense(10, activation="softmax")), train))
    show("8.5 design A-like Flatten 12/24 (any head allowed)", safe(lesson08.check_smallest, design(
        conv(12), layers.MaxPooling2D(2), conv(24), layers.MaxPooling2D(6), layers.Flatten(),
        layers.Dense(10, activation="softmax")), train))
    show("WRONG 8.5 2/4 filters", safe(lesson08.check_smallest, design(
        layers.Conv2D(2, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(4, 3, padding="same", activation="relu"), layers.GlobalMaxPooling2D(),
        layers.Dense(10, activation="softmax")), train))
    show("WRONG 8.5 no convolution Dense(4)", safe(lesson08.check_smallest, design(
        layers.Flatten(), layers.Dense(4, activation="relu"), layers.Dense(10, activation="softmax")), train))
    show("WRONG 8.5 without train (no verdict)", safe(lesson08.check_smallest, b1))

print()
print("disagreements:", DISAGREE or "none")
