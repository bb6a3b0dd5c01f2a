"""Review r19 (learner0003), lessons 00-03: alternative CORRECT answers and plausible WRONG answers put
through the lessons' own checks (utils.lessons.lesson00-03).

Run with the course's Python, e.g.
    .venv/bin/python tests/review_cases/learner_00_03_r19_cases.py   (from the course root)
COURSE_ROOT (default: this repository) is only imported from, never written (no bytecode).

Labels starting with WRONG must be rejected (status 'wrong' or 'not attempted'); every other label must be
accepted. EDGE labels are debatable answers: printed, never counted. A check that raises counts as a
disagreement. Exit status 1 if any verdict disagrees.
"""

import os
import sys

sys.dont_write_bytecode = True
os.environ["COURSE_STRICT_CHECKS"] = "0"
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = os.environ.get("COURSE_ROOT", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, ROOT)

import math  # noqa: E402

import numpy as np  # noqa: E402

from utils.environment import muted_stderr  # noqa: E402

with muted_stderr():
    import keras  # noqa: E402
from utils import data, shapes  # noqa: E402
from utils.lessons import lesson00, lesson01, lesson02, lesson03  # noqa: E402

keras.utils.set_random_seed(42)
x_train, y_train, x_test, y_test = data.load_digits()
DISAGREE, EDGES = [], []


def show(label, result):
    """One line per case: agreement, label, verdict, and the check's feedback on one line."""
    if isinstance(result, BaseException):
        ok, verdict, text = False, "RAISED", f"{type(result).__name__}: {result}"
    else:
        verdict, text = result.status, result.text().replace("\n", " | ")
        ok = result.correct != label.startswith("WRONG")
    if label.startswith("EDGE"):
        EDGES.append(label)
        tag = "edg"
    else:
        tag = "ok " if ok else "BAD"
        if not ok:
            DISAGREE.append(label)
    print(f"{tag} {label:<60} {verdict:<13} {text[:300]}")


def run(label, check, *args):
    try:
        result = check(*args)
    except BaseException as exc:  # noqa: BLE001 - a check must never raise for a learner
        result = exc
    show(label, result)


# ---------------------------------------------------------------- Exercise 0.1: 1347 training images
c = lesson00.check_batch_size
run("0.1 x_train.__len__()", c, x_train.__len__())
run("0.1 keras.ops.shape(x_train)[0]", c, keras.ops.shape(x_train)[0])
run("0.1 sum(1 for _ in x_train)", c, sum(1 for _ in x_train))
run("0.1 np.int32 of y_train.size", c, np.int32(y_train.size))
run("0.1 0-d array np.array(x_train.shape[0])", c, np.array(x_train.shape[0]))
run("0.1 tf tensor tf.shape(x_train)[0]", c, keras.ops.convert_to_tensor(x_train.shape)[0])
run("WRONG 0.1 len(x_train[0]) = 8 (rows of one image)", c, len(x_train[0]))
run("WRONG 0.1 x_train.shape[3] = 1 (channels)", c, x_train.shape[3])
run("WRONG 0.1 number of classes len(set(y_train))", c, len(set(y_train.tolist())))
run("WRONG 0.1 number of full batches of 32 = 42", c, x_train.shape[0] // 32)
run("WRONG 0.1 x_train.nbytes", c, x_train.nbytes)
run("WRONG 0.1 True (bool)", c, True)
run("WRONG 0.1 print(...) returns None", c, print(end=""))

# ---------------------------------------------------------------- Exercise 0.2: (250, 64, 48, 3)
c = lesson00.check_photo_shape
run("0.2 (250, *(64, 48, 3))", c, (250, *(64, 48, 3)))
run("0.2 np.empty((250,64,48,3)).shape", c, np.empty((250, 64, 48, 3), dtype="uint8").shape)
run("0.2 keras.ops.zeros(...).shape", c, tuple(keras.ops.zeros((250, 64, 48, 3)).shape))
run("0.2 tuple(np.array([...]))  (np.int64 entries)", c, tuple(np.array([250, 64, 48, 3])))
run("0.2 tf TensorShape", c, keras.ops.convert_to_tensor(np.zeros((250, 64, 48, 3), "uint8")).shape)
run("WRONG 0.2 set {250, 64, 48, 3} (no order)", c, {250, 64, 48, 3})
run("WRONG 0.2 batch last (64, 48, 3, 250)", c, (64, 48, 3, 250))
run("WRONG 0.2 extra axis (1, 250, 64, 48, 3)", c, (1, 250, 64, 48, 3))
run("WRONG 0.2 total 250*64*48*3 as one number", c, 250 * 64 * 48 * 3)
run("WRONG 0.2 the array itself", c, np.zeros((250, 64, 48, 3), dtype="uint8"))
run("WRONG 0.2 dict of axes", c, {"n": 250, "h": 64, "w": 48, "c": 3})

# ---------------------------------------------------------------- Exercise 1.1: (32, 8, 8, 1)
c = lesson01.check_batch_shape
run("1.1 x_train[0:32].shape", c, x_train[0:32].shape)
run("1.1 x_train[:32, ...].shape", c, x_train[:32, ...].shape)
run("1.1 np.stack(list(x_train[:32])).shape", c, np.stack(list(x_train[:32])).shape)
run("1.1 next(batch iterator).shape", c, next(iter(np.array_split(x_train, range(32, 1347, 32)))).shape)
run("1.1 keras tensor shape (TensorShape)", c, keras.ops.convert_to_tensor(x_train[:32]).shape)
run("WRONG 1.1 x_train[32:].shape (everything after)", c, x_train[32:].shape)
run("WRONG 1.1 x_train[:32].T.shape", c, x_train[:32].T.shape)
run("WRONG 1.1 (32, 1, 8, 8) channels first", c, (32, 1, 8, 8))
run("WRONG 1.1 x_train[:33].shape", c, x_train[:33].shape)
run("WRONG 1.1 x_train[:32].squeeze().shape", c, x_train[:32].squeeze().shape)

# ---------------------------------------------------------------- Exercise 1.2: keras.Input for RGB 32x32
c = lesson01.check_rgb_input
run("1.2 keras.Input(shape=(32, 32, 3), name='rgb')", c, keras.Input(shape=(32, 32, 3), name="rgb"))
run("1.2 keras.Input(shape=np.array([32, 32, 3]))", c, keras.Input(shape=tuple(np.array([32, 32, 3]))))
run("1.2 keras.Input(batch_shape=(None, 32, 32, 3))", c, keras.Input(batch_shape=(None, 32, 32, 3)))
run("1.2 Sequential([Input]).inputs[0]", c, keras.Sequential([keras.Input((32, 32, 3)),
                                                             keras.layers.Flatten()]).inputs[0])
run("1.2 keras.Input(..., batch_size=None)", c, keras.Input(shape=(32, 32, 3), batch_size=None))
run("WRONG 1.2 keras.layers.InputLayer(shape=...) (the layer)", c, keras.layers.InputLayer(shape=(32, 32, 3)))
run("WRONG 1.2 keras.Input(shape=(3072,)) flattened", c, keras.Input(shape=(32 * 32 * 3,)))
run("WRONG 1.2 keras.Input(shape=(32, 32, 3), batch_size=1)", c, keras.Input(shape=(32, 32, 3), batch_size=1))
run("WRONG 1.2 keras.Input(shape=(32, 32, 3))[0] (a slice)", c, keras.Input(shape=(32, 32, 3))[0])
run("WRONG 1.2 keras.Input(shape=(64, 64, 3)) wrong size", c, keras.Input(shape=(64, 64, 3)))
run("WRONG 1.2 keras.Input (the function itself)", c, keras.Input)

# ---------------------------------------------------------------- Exercise 1.3: 17
c = lesson01.check_reading_order
b = np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape(4, 6)
run("1.3 b.flat[2 * 6 + 1]", c, b.flat[2 * 6 + 1])
run("1.3 b.item((2, 1))", c, b.item((2, 1)))
run("1.3 with keras.ops (tf scalar tensor)", c, keras.ops.reshape(keras.ops.transpose(
    keras.ops.reshape(keras.ops.arange(24), (2, 3, 4)), (1, 0, 2)), (4, 6))[2, 1])
run("1.3 float 17.0", c, 17.0)
run("WRONG 1.3 a whole row b[2]", c, b[2])
run("WRONG 1.3 1-based b[3, 2]", c, b[3, 2])
run("WRONG 1.3 transpose(2, 1, 0) instead", c, np.arange(24).reshape(2, 3, 4).transpose(2, 1, 0).reshape(4, 6)[2, 1])
run("WRONG 1.3 '17' as text", c, "17")
run("WRONG 1.3 without transpose a.reshape(4,6)[2,1]", c, np.arange(24).reshape(4, 6)[2, 1])

# ---------------------------------------------------------------- Exercise 1.4: 4229
c = lesson01.check_summary_params
m14 = keras.Sequential([keras.Input(shape=(12, 12, 3)), keras.layers.Conv2D(8, 3), keras.layers.Flatten(),
                        keras.layers.Dense(5)])
run("1.4 sum(np.prod(w.shape) for w in weights)", c, sum(int(np.prod(w.shape)) for w in m14.weights))
run("1.4 sum(layer.count_params())", c, sum(layer.count_params() for layer in m14.layers))
run("1.4 (3*3*3 + 1)*8 + (10*10*8 + 1)*5", c, (3 * 3 * 3 + 1) * 8 + (10 * 10 * 8 + 1) * 5)
run("1.4 shapes.total_params(trace)", c, shapes.total_params(shapes.trace((12, 12, 3), list(
    lesson01.SUMMARY_LAYERS))))
run("WRONG 1.4 bias per input channel (3*3+1)*3*8 + 4005", c, (3 * 3 + 1) * 3 * 8 + 4005)
run("WRONG 1.4 conv padding='same' model", c, keras.Sequential([
    keras.Input(shape=(12, 12, 3)), keras.layers.Conv2D(8, 3, padding="same"), keras.layers.Flatten(),
    keras.layers.Dense(5)]).count_params())
run("WRONG 1.4 memory in bytes (float32)", c, 4229 * 4)
run("WRONG 1.4 conv_out 11 (12 - 3 + 2)", c, shapes.conv2d_params(3, 3, 8) + shapes.dense_params(11 * 11 * 8, 5))
run("WRONG 1.4 Dense counted as 800*5 only", c, 224 + 800 * 5)
run("WRONG 1.4 the model itself", c, m14)

# ---------------------------------------------------------------- Exercise 2.1: (None, 6, 6, 5)
c = lesson02.check_dense_without_flatten
run("2.1 Sequential output_shape", c, keras.Sequential([keras.Input((6, 6, 16)), keras.layers.Dense(5)]).output_shape)
if keras.backend.backend() == "tensorflow":
    import tensorflow as tf

    run("2.1 tf.TensorShape([None, 6, 6, 5])", c, tf.TensorShape([None, 6, 6, 5]))
run("2.1 list from layer.output.shape", c, list(keras.layers.Dense(5)(keras.Input((6, 6, 16))).shape))
run("2.1 (None,) + (6, 6) + (5,)", c, (None,) + (6, 6) + (5,))
run("EDGE 2.1 confirmed on data: (1, 6, 6, 5)", c, tuple(keras.layers.Dense(5)(np.zeros((1, 6, 6, 16))).shape))
run("WRONG 2.1 unchanged (None, 6, 6, 16)", c, (None, 6, 6, 16))
run("WRONG 2.1 (None, 36, 5)", c, (None, 36, 5))
run("WRONG 2.1 (None, 5)", c, (None, 5))
run("WRONG 2.1 (None, 6, 6, 80)", c, (None, 6, 6, 80))

# ---------------------------------------------------------------- Exercise 2.2: 75
c = lesson02.check_flat_position
probe = np.arange(5 * 4 * 8).reshape(1, 5, 4, 8)
flat_probe = keras.ops.convert_to_numpy(keras.layers.Flatten()(probe))[0]
run("2.2 int(np.where(flat == v)[0][0])", c, int(np.where(flat_probe == probe[0, 2, 1, 3])[0][0]))
run("2.2 keras.ops.argmax(flat == v) (tf scalar)", c, keras.ops.argmax(
    keras.layers.Flatten()(probe)[0] == probe[0, 2, 1, 3]))
run("2.2 row*w*c + col*c + ch", c, 2 * 4 * 8 + 1 * 8 + 3)
run("2.2 probe.reshape(-1).tolist().index(v)", c, probe.reshape(-1).tolist().index(probe[0, 2, 1, 3]))
run("WRONG 2.2 1-based (3*4 + 2)*8 + 4", c, (3 * 4 + 2) * 8 + 4)
run("WRONG 2.2 np.argwhere on the 4-D probe", c, np.argwhere(probe == probe[0, 2, 1, 3]))
run("WRONG 2.2 flatnonzero on ones (many matches)", c, np.flatnonzero(np.ones(160) == 1))
run("WRONG 2.2 (row*h + col)*c + ch  h/w swapped", c, (2 * 5 + 1) * 8 + 3)
run("WRONG 2.2 row*w + col*c + ch (mixed strides)", c, 2 * 4 + 1 * 8 + 3)

# ---------------------------------------------------------------- Exercise 2.3: position function
c = lesson02.check_position_function
run("2.3 np.ravel_multi_index", c, lambda row, col, ch, h, w, c_: np.ravel_multi_index((row, col, ch), (h, w, c_)))
run("2.3 keyword names differ, *rest", c, lambda r, k, ch, *dims: (r * dims[1] + k) * dims[2] + ch)
run("2.3 returns a keras/tf tensor", c, lambda r, k, ch, h, w, c_: keras.ops.add(keras.ops.multiply(
    r * w + k, c_), ch))
run("2.3 strides via np.cumprod", c, lambda r, k, ch, h, w, c_: int(np.dot((r, k, ch), (w * c_, c_, 1))))


def printing_position(row, col, ch, h, w, c_):
    print_buffer.append((row * w + col) * c_ + ch)  # a beginner prints instead of returning


print_buffer = []
run("WRONG 2.3 forgot return (prints / returns None)", c, printing_position)
run("WRONG 2.3 row*w + col*c + ch", c, lambda r, k, ch, h, w, c_: r * w + k * c_ + ch)
run("WRONG 2.3 returns a string", c, lambda r, k, ch, h, w, c_: str((r * w + k) * c_ + ch))
run("WRONG 2.3 channels-first formula", c, lambda r, k, ch, h, w, c_: (ch * h + r) * w + k)
run("WRONG 2.3 right only for square maps: (r*h + k)*c + ch", c, lambda r, k, ch, h, w, c_: (r * h + k) * c_ + ch)
run("WRONG 2.3 returns the (row, col, ch) tuple", c, lambda r, k, ch, h, w, c_: (r, k, ch))
run("WRONG 2.3 five parameters", c, lambda r, k, ch, w, c_: (r * w + k) * c_ + ch)

# ---------------------------------------------------------------- Exercise 2.4: (1, 2, 2)
c = lesson02.check_element_at
run("2.4 np.unravel_index(50, (4, 4, 8))", c, np.unravel_index(50, (4, 4, 8)))
run("2.4 tuple(np.argwhere(arange == 50)[0])", c, tuple(np.argwhere(np.arange(128).reshape(4, 4, 8) == 50)[0]))
run("2.4 np.array([1, 2, 2])", c, np.array([1, 2, 2]))
run("2.4 (50 // 8 // 4, 50 // 8 % 4, 50 % 8)", c, (50 // 8 // 4, 50 // 8 % 4, 50 % 8))
run("WRONG 2.4 1-based (2, 3, 3)", c, (2, 3, 3))
run("WRONG 2.4 (row, col) only (1, 2)", c, (1, 2))
run("WRONG 2.4 channels-first answer (0, 2, 3)", c, (0, 2, 3))
run("WRONG 2.4 dict(row=1, col=2, channel=2)", c, {"row": 1, "col": 2, "channel": 2})
run("WRONG 2.4 outside (4, 0, 2)", c, (4, 0, 2))

# ---------------------------------------------------------------- Exercise 2.5: 26
c = lesson02.check_channels_first_position
x_cf = np.arange(60).reshape(1, 3, 4, 5)
run("2.5 transpose(0,2,3,1).reshape(-1) search", c, int(np.flatnonzero(
    x_cf.transpose(0, 2, 3, 1).reshape(-1) == x_cf[0, 2, 1, 3])[0]))
run("2.5 Flatten(channels_first) + list.index", c, keras.ops.convert_to_numpy(
    keras.layers.Flatten(data_format="channels_first")(x_cf))[0].tolist().index(x_cf[0, 2, 1, 3]))
run("2.5 (row*W + col)*C + ch by hand", c, (1 * 5 + 3) * 3 + 2)
run("2.5 np.int64(26)", c, np.int64(26))
run("WRONG 2.5 Flatten() forgot data_format", c, np.flatnonzero(keras.ops.convert_to_numpy(
    keras.layers.Flatten()(x_cf))[0] == x_cf[0, 2, 1, 3]))
run("WRONG 2.5 plain reshape ravel_multi_index((2,1,3),(3,4,5))", c, np.ravel_multi_index((2, 1, 3), (3, 4, 5)))
run("WRONG 2.5 channels-last but H,W swapped (1*4+3)*3+2", c, (1 * 4 + 3) * 3 + 2)
run("WRONG 2.5 np.argwhere on the 4-D input", c, np.argwhere(x_cf == x_cf[0, 2, 1, 3]))

# ---------------------------------------------------------------- Exercise 3.1: (None, 14, 11, 8)
c = lesson03.check_conv_shape
run("3.1 (None, *((np.array([32, 25]) - 5) // 2 + 1), 8)", c, (None, *((np.array([32, 25]) - 5) // 2 + 1), 8))
run("3.1 Conv2D(...).compute_output_shape", c, keras.layers.Conv2D(8, 5, strides=2).compute_output_shape(
    (None, 32, 25, 3)))
run("3.1 int((i - k) / s) + 1 (truncation = floor here)", c, (None, int(27 / 2) + 1, int(20 / 2) + 1, 8))
run("3.1 shapes.trace(...)[-1].shape", c, shapes.trace((32, 25, 3), [shapes.conv(8, 5, strides=2)])[-1].shape)
run("EDGE 3.1 confirmed on data (1, 14, 11, 8)", c, tuple(keras.layers.Conv2D(8, 5, strides=2)(
    np.zeros((1, 32, 25, 3), "float32")).shape))
run("WRONG 3.1 floor((i - k + 1) / s)", c, (None, 28 // 2, 21 // 2, 8))
run("WRONG 3.1 'same' (None, 16, 13, 8)", c, (None, 16, 13, 8))
run("WRONG 3.1 round() then + 1 (None, 15, 11, 8)", c, (None, round(27 / 2) + 1, round(20 / 2) + 1, 8))
run("WRONG 3.1 np.floor floats", c, (None, np.floor(27 / 2) + 1, np.floor(20 / 2) + 1, 8))
run("WRONG 3.1 ignoring stride", c, (None, 28, 21, 8))
run("WRONG 3.1 channels = 3*8", c, (None, 14, 11, 24))

# ---------------------------------------------------------------- Exercise 3.2: out_len(i, k, s, p)
c = lesson03.check_out_len


def out_len_windows(i, k, s, p):  # count the window starts on the padded row
    if p == "same":
        return len(range(0, i, s))
    pad = 0 if p == "valid" else p
    return len(range(0, i + 2 * pad - k + 1, s))


def out_len_keras(i, k, s, p):  # ask Keras, as the lesson did
    if p in ("valid", "same"):
        return keras.layers.Conv1D(1, k, strides=s, padding=p).compute_output_shape((None, i, 1))[1]
    padded = keras.layers.ZeroPadding1D(p).compute_output_shape((None, i, 1))
    return keras.layers.Conv1D(1, k, strides=s).compute_output_shape(padded)[1]


def out_len_trunc(i, k, s, p):  # int() truncates; equal to floor for the non-negative cases asked
    if isinstance(p, str):
        return int(math.ceil(i / s)) if p == "same" else int((i - k) / s + 1)
    return int((i + 2 * p - k) / s + 1)


def out_len_same_pad(i, k, s, p):  # 'same' through the lesson's own padding formula
    if p == "same":
        p_total = max((math.ceil(i / s) - 1) * s + k - i, 0)
        return (i + p_total - k) // s + 1
    return (i + 2 * (0 if p == "valid" else p) - k) // s + 1


run("3.2 count starts with range()", c, out_len_windows)
run("3.2 ask Keras Conv1D / ZeroPadding1D", c, out_len_keras)
run("3.2 int() truncation", c, out_len_trunc)
run("3.2 'same' via the lesson's pad formula", c, out_len_same_pad)
run("3.2 np.int64 results", c, lambda i, k, s, p: np.int64(-(-i // s)) if p == "same"
    else np.floor_divide(i + 2 * (0 if p == "valid" else p) - k, s) + 1)
run("3.2 'same' as (i - 1) // s + 1, math.floor elsewhere", c, lambda i, k, s, p: (i - 1) // s + 1 if p == "same"
    else math.floor((i + 2 * (0 if p == "valid" else p) - k) / s) + 1)
run("EDGE 3.2 'same' -> np.ceil (np.float64 value right)", c, lambda i, k, s, p: np.ceil(i / s) if p == "same"
    else (i + 2 * (0 if p == "valid" else p) - k) // s + 1)
run("WRONG 3.2 round() in the floor formula", c, lambda i, k, s, p: -(-i // s) if p == "same"
    else round((i + 2 * (0 if p == "valid" else p) - k) / s) + 1)
run("WRONG 3.2 d2l total padding: p split (i + p - k)", c, lambda i, k, s, p: -(-i // s) if p == "same"
    else (i + (0 if p == "valid" else p) - k) // s + 1)
run("WRONG 3.2 'same' = ceil((i - k + 1) / s)", c, lambda i, k, s, p: -(-(i - k + 1) // s) if p == "same"
    else (i + 2 * (0 if p == "valid" else p) - k) // s + 1)
run("WRONG 3.2 'same' only right for stride 1 (returns i)", c, lambda i, k, s, p: i if p == "same"
    else (i + 2 * (0 if p == "valid" else p) - k) // s + 1)
run("WRONG 3.2 int p treated as 'valid'", c, lambda i, k, s, p: -(-i // s) if p == "same" else (i - k) // s + 1)
run("WRONG 3.2 returns None for 'valid' (missing branch)", c, lambda i, k, s, p: -(-i // s) if p == "same"
    else ((i + 2 * p - k) // s + 1 if p != "valid" else None))
run("WRONG 3.2 'same' as ceil(i / s) + 1", c, lambda i, k, s, p: -(-i // s) + 1 if p == "same"
    else (i + 2 * (0 if p == "valid" else p) - k) // s + 1)

# ---------------------------------------------------------------- Exercise 3.3: 14
c = lesson03.check_smallest_input
run("3.3 np.int64(14) from np.arange search", c, np.arange(1, 50)[[lesson03._chain_failure(int(n)) is None
                                                                   for n in np.arange(1, 50)]][0])
run("3.3 backwards (((2 - 1)*2 + 3) * 2) + 5 - 1", c, (((2 - 1) * 2 + 3) * 2) + 5 - 1)
run("3.3 [14] one-element list", c, [14])
run("EDGE 3.3 14.0 from / arithmetic", c, ((2 - 1) * 2 + 3) * 2 + 5 - 1.0)
run("WRONG 3.3 10 (forgot the first conv)", c, 10)
run("WRONG 3.3 13", c, 13)
run("WRONG 3.3 15", c, 15)
run("WRONG 3.3 0", c, 0)
run("WRONG 3.3 the output side 1", c, 1)
run("WRONG 3.3 all surviving sizes [14, 15, 16]", c, [14, 15, 16])

# ---------------------------------------------------------------- Exercise 3.4: (None, 52, 8) (None, 18, 8) (None, 17, 8)
c = lesson03.check_dilated_signal
sig = keras.Sequential([keras.Input(shape=(62, 1)), keras.layers.Conv1D(8, 3, dilation_rate=5),
                        keras.layers.MaxPooling1D(3, padding="same")])
sig61 = keras.Sequential([keras.Input(shape=(61, 1)), *sig.layers])
run("3.4 from the Keras models", c, sig.layers[0].output.shape, sig.output_shape, sig61.output_shape)
run("3.4 shapes.trace rows", c, *(r.shape for r in shapes.trace((62, 1), [shapes.conv(8, 3, dilation=5),
                                                                          shapes.pool(3, padding="same")])[1:]),
    shapes.trace((61, 1), [shapes.conv(8, 3, dilation=5), shapes.pool(3, padding="same")])[-1].shape)
run("3.4 lists with (n + 2) // 3", c, [None, 52, 8], [None, (52 + 2) // 3, 8], [None, (51 + 2) // 3, 8])
run("3.4 np ints", c, (None, np.int64(52), 8), (None, np.int64(18), 8), (None, np.int64(17), 8))
run("WRONG 3.4 conv ignores dilation (60)", c, (None, 60, 8), (None, 20, 8), (None, 20, 8))
run("WRONG 3.4 pooling 'valid' everywhere", c, (None, 52, 8), (None, 17, 8), (None, 17, 8))
run("WRONG 3.4 floor + 1 pooling", c, (None, 52, 8), (None, 18, 8), (None, 18, 8))
run("WRONG 3.4 conv (k-1)*d", c, (None, 53, 8), (None, 18, 8), (None, 17, 8))
run("WRONG 3.4 pool with stride 1", c, (None, 52, 8), (None, 52, 8), (None, 51, 8))
run("WRONG 3.4 all three placeholders", c, ..., ..., ...)
run("WRONG 3.4 61 answered with conv length (None, 51, 8)", c, (None, 52, 8), (None, 18, 8), (None, 51, 8))
run("WRONG 3.4 channels-first shapes", c, (None, 8, 52), (None, 8, 18), (None, 8, 17))

print(f"\n{len(DISAGREE)} disagreement(s): {DISAGREE}")
print(f"{len(EDGES)} EDGE case(s), printed only: {EDGES}")
sys.exit(1 if DISAGREE else 0)
