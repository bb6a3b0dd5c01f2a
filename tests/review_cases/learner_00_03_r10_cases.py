"""Review rev10 (l0003), lessons 00-03: alternative CORRECT answers and plausible WRONG answers run
through each lesson's own check.

Labels: "WRONG ..." must be rejected; "EDGE ..." is a debatable form (reported, not judged);
"PARTIAL ..." is a half-done answer (expected: not attempted / guided); every other label must be accepted.

Run from the course root:  .venv/bin/python tests/review_cases/learner_00_03_r10_cases.py
Writes nothing; strict mode is switched off so every verdict is printed instead of raised.
"""
import math
import os
import sys

sys.dont_write_bytecode = True
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COURSE_STRICT_CHECKS"] = "0"
sys.path.insert(0, os.getcwd())

import keras  # noqa: E402
import numpy as np  # noqa: E402

from utils import data, shapes  # noqa: E402
from utils.lessons import lesson00, lesson01, lesson02, lesson03  # noqa: E402

TALLY = {}


def show(label, result):
    """One line per case: verdict, whether it matches the label, and the start of the feedback."""
    if isinstance(result, Exception):  # a check that raised instead of returning a verdict
        flag, status, text = "RAISED", "raised", f"{type(result).__name__}: {result}"
    else:
        status, text = result.status, " ".join(result.text().split())
        if label.startswith("EDGE"):
            flag = "EDGE"
        elif label.startswith("PARTIAL"):
            flag = "ok" if status == "not attempted" else "UNEXPECTED"
        elif label.startswith("WRONG"):
            flag = "ok" if not result.correct else "FALSE POSITIVE"
        else:
            flag = "ok" if result.correct else "FALSE NEGATIVE"
    TALLY[flag] = TALLY.get(flag, 0) + 1
    print(f"[{flag:^14}] {label:<62} {status:<13} | {text[:230]}")


def run(label, check, *args):
    try:
        result = check(*args)
    except Exception as exc:  # a check should never raise for a learner
        result = exc
    show(label, result)


x_train, y_train, x_test, y_test = data.load_digits()

# ---------------------------------------------------------------- Exercise 0.1 (training images)
c = lesson00.check_batch_size
run("0.1 x_train.shape[0]", c, x_train.shape[0])
run("0.1 len(x_train)", c, len(x_train))
run("0.1 len(y_train)", c, len(y_train))
run("0.1 np.int64(x_train.shape[0])", c, np.int64(x_train.shape[0]))
run("0.1 x_train.size // 64", c, x_train.size // 64)
run("0.1 x_train.shape[-4]", c, x_train.shape[-4])
run("EDGE 0.1 x_train.size / 64 (float 1347.0)", c, x_train.size / 64)
run("EDGE 0.1 x_train.shape[:1] (a tuple (1347,))", c, x_train.shape[:1])
run("WRONG 0.1 len(x_test)", c, len(x_test))
run("WRONG 0.1 x_train.size", c, x_train.size)
run("WRONG 0.1 x_train.shape[1]", c, x_train.shape[1])
run("WRONG 0.1 1797 (whole dataset)", c, 1797)
run("WRONG 0.1 x_train.ndim", c, x_train.ndim)
run("WRONG 0.1 x_train.shape (whole tuple)", c, x_train.shape)

# ---------------------------------------------------------------- Exercise 0.2 (250 RGB photos 64x48)
c = lesson00.check_photo_shape
run("0.2 (250, 64, 48, 3)", c, (250, 64, 48, 3))
run("0.2 [250, 64, 48, 3]", c, [250, 64, 48, 3])
run("0.2 np.zeros((250, 64, 48, 3)).shape", c, np.zeros((250, 64, 48, 3), dtype=np.uint8).shape)
run("0.2 np.array([250, 64, 48, 3])", c, np.array([250, 64, 48, 3]))
run("0.2 (250,) + (64, 48, 3)", c, (250,) + (64, 48, 3))
run("WRONG 0.2 (250, 48, 64, 3) width first", c, (250, 48, 64, 3))
run("WRONG 0.2 (250, 3, 64, 48) channels first", c, (250, 3, 64, 48))
run("WRONG 0.2 (None, 64, 48, 3)", c, (None, 64, 48, 3))
run("WRONG 0.2 (64, 48, 3) one photo", c, (64, 48, 3))
run("WRONG 0.2 (250, 64, 48)", c, (250, 64, 48))
run("WRONG 0.2 (250, 9216) flattened", c, (250, 64 * 48 * 3))
run("WRONG 0.2 '(250, 64, 48, 3)' as text", c, "(250, 64, 48, 3)")
run("WRONG 0.2 (250, 64, 48, 3.0) float", c, (250, 64, 48, 3.0))

# ---------------------------------------------------------------- Exercise 1.1 (batch of 32)
c = lesson01.check_batch_shape
run("1.1 x_train[:32].shape", c, x_train[:32].shape)
run("1.1 (32, 8, 8, 1)", c, (32, 8, 8, 1))
run("1.1 np.shape(x_train[:32])", c, np.shape(x_train[:32]))
run("1.1 keras.ops.shape(x_train[:32])", c, keras.ops.shape(x_train[:32]))
run("1.1 keras.ops.convert_to_tensor(x[:32]).shape", c, keras.ops.convert_to_tensor(x_train[:32]).shape)
run("1.1 list(x_train[:32].shape)", c, list(x_train[:32].shape))
run("WRONG 1.1 x_train[:32] (the data)", c, x_train[:32])
run("WRONG 1.1 (None, 8, 8, 1)", c, (None, 8, 8, 1))
run("WRONG 1.1 x_train.shape", c, x_train.shape)
run("WRONG 1.1 (32, 64) flattened", c, (32, 64))
run("WRONG 1.1 (32, 8, 8)", c, (32, 8, 8))
run("WRONG 1.1 x_train[32].shape (one image)", c, x_train[32].shape)

# ---------------------------------------------------------------- Exercise 1.2 (keras.Input for 32x32 RGB)
c = lesson01.check_rgb_input
run("1.2 keras.Input(shape=(32, 32, 3))", c, keras.Input(shape=(32, 32, 3)))
run("1.2 keras.Input((32, 32, 3))", c, keras.Input((32, 32, 3)))
run("1.2 keras.layers.Input(shape=[32, 32, 3])", c, keras.layers.Input(shape=[32, 32, 3]))
run("1.2 keras.Input(batch_shape=(None, 32, 32, 3))", c, keras.Input(batch_shape=(None, 32, 32, 3)))
run("1.2 keras.Input(shape=(32,32,3), name='rgb')", c, keras.Input(shape=(32, 32, 3), name="rgb"))
run("WRONG 1.2 keras.Input(shape=(32,32,3), batch_size=32)", c, keras.Input(shape=(32, 32, 3), batch_size=32))
run("WRONG 1.2 keras.Input(shape=(3, 32, 32))", c, keras.Input(shape=(3, 32, 32)))
run("WRONG 1.2 keras.Input(shape=(None, 32, 32, 3))", c, keras.Input(shape=(None, 32, 32, 3)))
run("WRONG 1.2 keras.Input(shape=(32, 32))", c, keras.Input(shape=(32, 32)))
run("WRONG 1.2 keras.Input(shape=(32, 32, 1))", c, keras.Input(shape=(32, 32, 1)))
run("WRONG 1.2 the tuple (None, 32, 32, 3)", c, (None, 32, 32, 3))
run("WRONG 1.2 np.zeros((1, 32, 32, 3)) data", c, np.zeros((1, 32, 32, 3)))
run("WRONG 1.2 Rescaling(1/255)(Input(...)) a layer output", c,
    keras.layers.Rescaling(1 / 255)(keras.Input(shape=(32, 32, 3))))
run("WRONG 1.2 keras.Input(shape=(None, None, 3)) any size", c, keras.Input(shape=(None, None, 3)))
run("EDGE 1.2 keras.Input(shape=(32, 32, 3), dtype='int32')", c, keras.Input(shape=(32, 32, 3), dtype="int32"))

# ---------------------------------------------------------------- Exercise 1.3 (reading order after transpose)
c = lesson01.check_reading_order
b = np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape(4, 6)
run("1.3 b[2, 1]", c, b[2, 1])
run("1.3 b[2][1]", c, b[2][1])
run("1.3 int(b[2, 1])", c, int(b[2, 1]))
run("1.3 b.ravel()[2 * 6 + 1]", c, b.ravel()[13])
run("1.3 17 (by hand)", c, 17)
run("WRONG 1.3 13 (ignoring the transpose)", c, np.arange(24).reshape(4, 6)[2, 1])
run("WRONG 1.3 b[1, 2] (swapped)", c, b[1, 2])
run("WRONG 1.3 transpose(0, 2, 1) instead", c, np.arange(24).reshape(2, 3, 4).transpose(0, 2, 1).reshape(4, 6)[2, 1])
run("WRONG 1.3 Fortran order", c,
    np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape((4, 6), order="F")[2, 1])
run("WRONG 1.3 b[2, 2] (18)", c, b[2, 2])
run("WRONG 1.3 b[2] (a whole row)", c, b[2])

# ---------------------------------------------------------------- Exercise 1.4 (total params)
c = lesson01.check_summary_params
model14 = keras.Sequential([keras.Input(shape=(12, 12, 3)), keras.layers.Conv2D(8, 3),
                            keras.layers.Flatten(), keras.layers.Dense(5)])
run("1.4 4229", c, 4229)
run("1.4 model.count_params()", c, model14.count_params())
run("1.4 conv2d_params(3,3,8) + dense_params(800,5)", c, shapes.conv2d_params(3, 3, 8) + shapes.dense_params(800, 5))
run("1.4 (3*3*3*8 + 8) + (10*10*8*5 + 5)", c, (3 * 3 * 3 * 8 + 8) + (10 * 10 * 8 * 5 + 5))
run("1.4 np.int64(4229)", c, np.int64(4229))
run("EDGE 1.4 4229.0 float", c, 4229.0)
run("WRONG 1.4 4005 (Dense only)", c, 4005)
run("WRONG 1.4 4216 (no biases)", c, 4216)
run("WRONG 1.4 4085 (one input channel)", c, 80 + 4005)
run("WRONG 1.4 5989 (no shrink, 12x12 map)", c, 224 + 12 * 12 * 8 * 5 + 5)
run("WRONG 1.4 1729 (Flatten of input channels)", c, 224 + 10 * 10 * 3 * 5 + 5)
run("WRONG 1.4 3469 (11x11 map)", c, 224 + 11 * 11 * 8 * 5 + 5)
run("WRONG 1.4 conv2d_params(8, 3, 3) Keras order", c, shapes.conv2d_params(8, 3, 3) + 4005)

# ---------------------------------------------------------------- Exercise 2.1 (Dense without Flatten)
c = lesson02.check_dense_without_flatten
run("2.1 (None, 6, 6, 5)", c, (None, 6, 6, 5))
run("2.1 Dense(5).compute_output_shape", c, keras.layers.Dense(5).compute_output_shape((None, 6, 6, 16)))
run("2.1 Dense(5)(Input(...)).shape", c, keras.layers.Dense(5)(keras.Input(shape=(6, 6, 16))).shape)
run("2.1 Sequential(...).output_shape", c,
    keras.Sequential([keras.Input(shape=(6, 6, 16)), keras.layers.Dense(5)]).output_shape)
run("2.1 [None, 6, 6, 5]", c, [None, 6, 6, 5])
run("WRONG 2.1 (None, 5) as with Flatten", c, (None, 5))
run("WRONG 2.1 (None, 6, 6, 16, 5)", c, (None, 6, 6, 16, 5))
run("WRONG 2.1 (6, 6, 5) no batch axis", c, (6, 6, 5))
run("WRONG 2.1 (None, 5, 6, 6)", c, (None, 5, 6, 6))
run("WRONG 2.1 (32, 6, 6, 5)", c, (32, 6, 6, 5))
run("WRONG 2.1 the KerasTensor, not its .shape", c, keras.layers.Dense(5)(keras.Input(shape=(6, 6, 16))))
run("WRONG 2.1 (None, 180)", c, (None, 180))

# ---------------------------------------------------------------- Exercise 2.2 (flat position of [2,1,3] in (5,4,8))
c = lesson02.check_flat_position
probe = np.arange(5 * 4 * 8).reshape(1, 5, 4, 8)
flat_probe = keras.ops.convert_to_numpy(keras.layers.Flatten()(probe))[0]
run("2.2 75", c, 75)
run("2.2 np.flatnonzero(...)", c, np.flatnonzero(flat_probe == probe[0, 2, 1, 3]))
run("2.2 np.argwhere(flat == v)", c, np.argwhere(flat_probe == probe[0, 2, 1, 3]))
run("2.2 np.ravel_multi_index((2,1,3),(5,4,8))", c, np.ravel_multi_index((2, 1, 3), (5, 4, 8)))
run("2.2 shapes.flat_index(2,1,3,5,4,8)", c, shapes.flat_index(2, 1, 3, 5, 4, 8))
run("2.2 list(flat_probe).index(v)", c, list(flat_probe).index(probe[0, 2, 1, 3]))
run("EDGE 2.2 75.0 float", c, 75.0)
run("WRONG 2.2 69 channels-first", c, (3 * 5 + 2) * 4 + 1)
run("WRONG 2.2 76 one too high", c, 76)
run("WRONG 2.2 59 columns first", c, (1 * 5 + 2) * 8 + 3)
run("WRONG 2.2 72 channel offset missing", c, 72)
run("WRONG 2.2 9 pixel number", c, 9)
run("WRONG 2.2 np.argwhere on the 4-D map", c, np.argwhere(probe == probe[0, 2, 1, 3]))
run("WRONG 2.2 (2*5 + 1)*8 + 3 = 91 (h for w)", c, (2 * 5 + 1) * 8 + 3)

# ---------------------------------------------------------------- Exercise 2.3 (position function)
c = lesson02.check_position_function
run("2.3 (row*w + col)*c + ch", c, lambda row, col, ch, h, w, c_: (row * w + col) * c_ + ch)
run("2.3 row*w*c + col*c + ch", c, lambda row, col, ch, h, w, c_: row * w * c_ + col * c_ + ch)
run("2.3 np.ravel_multi_index", c, lambda row, col, ch, h, w, c_: np.ravel_multi_index((row, col, ch), (h, w, c_)))


def by_keras(row, col, ch, h, w, c_):
    x = np.arange(h * w * c_).reshape(1, h, w, c_)
    flat = keras.ops.convert_to_numpy(keras.layers.Flatten()(x))[0]
    return int(np.flatnonzero(flat == x[0, row, col, ch])[0])


run("2.3 ask Keras Flatten each time", c, by_keras)
run("WRONG 2.3 channels-first (ch*h + row)*w + col", c, lambda row, col, ch, h, w, c_: (ch * h + row) * w + col)
run("WRONG 2.3 +1", c, lambda row, col, ch, h, w, c_: (row * w + col) * c_ + ch + 1)
run("WRONG 2.3 h instead of w", c, lambda row, col, ch, h, w, c_: (row * h + col) * c_ + ch)
run("WRONG 2.3 row*w + col + ch", c, lambda row, col, ch, h, w, c_: row * w + col + ch)
run("WRONG 2.3 returns [value]", c, lambda row, col, ch, h, w, c_: [(row * w + col) * c_ + ch])
run("WRONG 2.3 five parameters", c, lambda row, col, ch, w, c_: (row * w + col) * c_ + ch)
run("EDGE 2.3 returns float (via /)", c, lambda row, col, ch, h, w, c_: ((row * w + col) * c_ + ch) / 1)

# ---------------------------------------------------------------- Exercise 2.4 (element at position 50 of (4,4,8))
c = lesson02.check_element_at
run("2.4 (1, 2, 2)", c, (1, 2, 2))
run("2.4 np.unravel_index(50, (4, 4, 8))", c, np.unravel_index(50, (4, 4, 8)))
run("2.4 shapes.unflat_index(50, 4, 4, 8)", c, shapes.unflat_index(50, 4, 4, 8))
run("2.4 np.argwhere(arange.reshape(4,4,8) == 50)", c, np.argwhere(np.arange(128).reshape(4, 4, 8) == 50))
run("2.4 [1, 2, 2]", c, [1, 2, 2])
run("WRONG 2.4 (0, 2, 3) channels-first", c, (0, 2, 3))
run("WRONG 2.4 (2, 2, 1) reversed", c, (2, 2, 1))
run("WRONG 2.4 (2, 1, 2) row/col swapped", c, (2, 1, 2))
run("WRONG 2.4 (6, 2) pixel and channel", c, (6, 2))
run("WRONG 2.4 (1, 2, 3)", c, (1, 2, 3))
run("WRONG 2.4 4-D argwhere [[0, 1, 2, 2]]", c, np.argwhere(np.arange(128).reshape(1, 4, 4, 8) == 50))
run("WRONG 2.4 50 (a number)", c, 50)

# ---------------------------------------------------------------- Exercise 2.5 (channels_first position)
c = lesson02.check_channels_first_position
x_cf = np.arange(60).reshape(1, 3, 4, 5)
flat_cf = keras.ops.convert_to_numpy(keras.layers.Flatten(data_format="channels_first")(x_cf))[0]
run("2.5 26", c, 26)
run("2.5 np.flatnonzero(Keras channels_first)", c, np.flatnonzero(flat_cf == x_cf[0, 2, 1, 3]))
run("2.5 shapes.flat_index(1, 3, 2, 4, 5, 3)", c, shapes.flat_index(1, 3, 2, 4, 5, 3))
run("2.5 ravel_multi_index on (H, W, C)", c, np.ravel_multi_index((1, 3, 2), (4, 5, 3)))
run("2.5 transpose then reshape", c,
    int(np.flatnonzero(np.transpose(x_cf, (0, 2, 3, 1)).reshape(-1) == x_cf[0, 2, 1, 3])[0]))
run("WRONG 2.5 48 plain reshape", c, 2 * 20 + 1 * 5 + 3)
run("WRONG 2.5 41 columns first", c, (3 * 4 + 1) * 3 + 2)
run("WRONG 2.5 27", c, 27)
run("WRONG 2.5 24 channel 0 of the pixel", c, 24)
run("WRONG 2.5 8 pixel number", c, 8)
run("WRONG 2.5 23 H and W swapped", c, (1 * 4 + 3) * 3 + 2)
run("WRONG 2.5 Flatten() without data_format", c,
    np.flatnonzero(keras.ops.convert_to_numpy(keras.layers.Flatten()(x_cf))[0] == x_cf[0, 2, 1, 3]))

# ---------------------------------------------------------------- Exercise 3.1 (Conv2D(8, 5, strides=2) on 32x25x3)
c = lesson03.check_conv_shape
run("3.1 (None, 14, 11, 8)", c, (None, 14, 11, 8))
run("3.1 Sequential(...).output_shape", c,
    keras.Sequential([keras.Input(shape=(32, 25, 3)), keras.layers.Conv2D(8, 5, strides=2)]).output_shape)
run("3.1 Conv2D.compute_output_shape", c, keras.layers.Conv2D(8, 5, strides=2).compute_output_shape((None, 32, 25, 3)))
run("3.1 ceil((i-k+1)/s) (same count)", c, (None, math.ceil(28 / 2), math.ceil(21 / 2), 8))
run("3.1 shapes.trace", c, shapes.trace((32, 25, 3), [shapes.conv(8, 5, strides=2)])[-1].shape)
run("WRONG 3.1 (None, 16, 13, 8) 'same'", c, (None, 16, 13, 8))
run("WRONG 3.1 (None, 13, 10, 8) no +1", c, (None, 13, 10, 8))
run("WRONG 3.1 (None, 14, 10, 8) ceil no +1", c, (None, 14, 10, 8))
run("WRONG 3.1 (None, 28, 21, 8) stride ignored", c, (None, 28, 21, 8))
run("WRONG 3.1 (None, 14, 11, 3) input channels", c, (None, 14, 11, 3))
run("WRONG 3.1 (None, 11, 14, 8) swapped", c, (None, 11, 14, 8))
run("WRONG 3.1 (None, 15, 11, 8) round()+1", c, (None, round(27 / 2) + 1, round(20 / 2) + 1, 8))
run("WRONG 3.1 (14, 11, 8) no batch", c, (14, 11, 8))
run("WRONG 3.1 (None, 14.0, 11.0, 8) floats", c, (None, 27 / 2 + 0.5, 11.0, 8))
run("WRONG 3.1 (None, 13, 11, 8) (i-k)/s rounded", c, (None, 13, 11, 8))


# ---------------------------------------------------------------- Exercise 3.2 (out_len)
c = lesson03.check_out_len


def sol_a(i, k, s, p):
    if p == "same":
        return math.ceil(i / s)
    if p == "valid":
        p = 0
    return (i + 2 * p - k) // s + 1


def sol_b(i, k, s, p):
    return -(-i // s) if p == "same" else (i + 2 * (0 if p == "valid" else p) - k) // s + 1


def sol_c(i, k, s, p):  # pad like TensorFlow, then count
    if p == "same":
        total = max((math.ceil(i / s) - 1) * s + k - i, 0)
        return (i + total - k) // s + 1
    pad = 0 if p == "valid" else p
    return math.floor((i + 2 * pad - k) / s) + 1


def sol_d(i, k, s, p):
    rules = {"valid": lambda: (i - k) // s + 1, "same": lambda: (i - 1) // s + 1}
    return rules[p]() if isinstance(p, str) else int(np.floor((i + 2 * p - k) / s)) + 1


run("3.2 solution: ceil for same, floor otherwise", c, sol_a)
run("3.2 -(-i // s) one-liner", c, sol_b)
run("3.2 TensorFlow's padding total then count", c, sol_c)
run("3.2 dict of rules, int(np.floor)", c, sol_d)
run("WRONG 3.2 ceil for valid", c,
    lambda i, k, s, p: math.ceil(i / s) if p == "same" else math.ceil((i + 2 * (0 if p == "valid" else p) - k) / s) + 1)
run("WRONG 3.2 same -> i", c,
    lambda i, k, s, p: i if p == "same" else (i + 2 * (0 if p == "valid" else p) - k) // s + 1)
run("WRONG 3.2 same -> PyTorch k//2 padding", c,
    lambda i, k, s, p: (i + 2 * (k // 2 if p == "same" else 0 if p == "valid" else p) - k) // s + 1)
run("WRONG 3.2 np.floor (floats)", c,
    lambda i, k, s, p: np.ceil(i / s) if p == "same" else np.floor((i + 2 * (0 if p == "valid" else p) - k) / s) + 1)
run("WRONG 3.2 padding once", c,
    lambda i, k, s, p: math.ceil(i / s) if p == "same" else (i + (0 if p == "valid" else p) - k) // s + 1)
run("WRONG 3.2 forgot +1", c,
    lambda i, k, s, p: math.ceil(i / s) if p == "same" else (i + 2 * (0 if p == "valid" else p) - k) // s)
run("WRONG 3.2 same -> round(i / s)", c,
    lambda i, k, s, p: round(i / s) if p == "same" else (i + 2 * (0 if p == "valid" else p) - k) // s + 1)
run("WRONG 3.2 same not handled (str arithmetic)", c,
    lambda i, k, s, p: (i + 2 * (0 if p == "valid" else p) - k) // s + 1)
run("WRONG 3.2 three arguments", c, lambda i, k, s: (i - k) // s + 1)

# ---------------------------------------------------------------- Exercise 3.3 (smallest input of a chain)
c = lesson03.check_smallest_input


def keras_survives(n):
    try:
        shape = keras.Sequential([keras.Input(shape=(n, n, 1)), keras.layers.Conv2D(8, 5), keras.layers.MaxPooling2D(2),
                                  keras.layers.Conv2D(16, 3, strides=2), keras.layers.MaxPooling2D(2)]).output_shape
    except ValueError:
        return False
    return 0 not in shape[1:]


run("3.3 14", c, 14)
run("3.3 np.int64(14)", c, np.int64(14))
run("3.3 backwards: ((2-1)*2+2 -1)*2+3 ... ", c, ((((1 - 1) * 2 + 2) - 1) * 2 + 3) * 2 + 4)
run("3.3 first size Keras builds", c, next(n for n in range(5, 30) if keras_survives(n)))
run("EDGE 3.3 14.0 float", c, 14.0)
run("WRONG 3.3 13", c, 13)
run("WRONG 3.3 15", c, 15)
run("WRONG 3.3 10 (section 7's chain)", c, 10)
run("WRONG 3.3 12", c, 12)
run("WRONG 3.3 0", c, 0)
run("WRONG 3.3 (14, 14) a shape", c, (14, 14))

# ---------------------------------------------------------------- Exercise 3.4 (dilated Conv1D + same pooling)
c = lesson03.check_dilated_signal
m = keras.Sequential([keras.Input(shape=(62, 1)), keras.layers.Conv1D(8, 3, dilation_rate=5),
                      keras.layers.MaxPooling1D(3, padding="same")])
m61 = keras.Sequential([keras.Input(shape=(61, 1)), keras.layers.Conv1D(8, 3, dilation_rate=5),
                        keras.layers.MaxPooling1D(3, padding="same")])
run("3.4 tuples", c, (None, 52, 8), (None, 18, 8), (None, 17, 8))
run("3.4 lists", c, [None, 52, 8], [None, 18, 8], [None, 17, 8])
run("3.4 from Keras", c, m.layers[0].output.shape, m.output_shape, m61.output_shape)
run("3.4 compute_output_shape", c, keras.layers.Conv1D(8, 3, dilation_rate=5).compute_output_shape((None, 62, 1)),
    keras.layers.MaxPooling1D(3, padding="same").compute_output_shape((None, 52, 8)),
    keras.layers.MaxPooling1D(3, padding="same").compute_output_shape((None, 51, 8)))
run("PARTIAL 3.4 conv right, rest ...", c, (None, 52, 8), ..., ...)
run("WRONG 3.4 conv ignores dilation (60)", c, (None, 60, 8), (None, 20, 8), (None, 20, 8))
run("WRONG 3.4 conv k*d (48)", c, (None, 48, 8), (None, 16, 8), (None, 16, 8))
run("WRONG 3.4 conv (k-1)*d (53)", c, (None, 53, 8), (None, 18, 8), (None, 17, 8))
run("WRONG 3.4 conv no +1 (51)", c, (None, 51, 8), (None, 17, 8), (None, 17, 8))
run("WRONG 3.4 pool 'valid' floor (17)", c, (None, 52, 8), (None, 17, 8), (None, 17, 8))
run("WRONG 3.4 pool floor+1 (18 / 18)", c, (None, 52, 8), (None, 18, 8), (None, 18, 8))
run("WRONG 3.4 pool not applied", c, (None, 52, 8), (None, 52, 8), (None, 51, 8))
run("WRONG 3.4 2-D shape for a 1-D layer", c, (None, 52, 8), (None, 18, 1, 8), (None, 17, 8))
run("WRONG 3.4 61: conv 52 reused", c, (None, 52, 8), (None, 18, 8), (None, 16, 8))

# ---------------------------------------------------------------- robustness: odd inputs must give a verdict, never raise
odd = {"None": None, "'abc'": "abc", "{} (dict)": {}, "a function": len, "float('nan')": float("nan"),
       "10**30": 10**30, "True": True}
single = [("0.1", lesson00.check_batch_size), ("0.2", lesson00.check_photo_shape), ("1.1", lesson01.check_batch_shape),
          ("1.2", lesson01.check_rgb_input), ("1.3", lesson01.check_reading_order), ("1.4", lesson01.check_summary_params),
          ("2.1", lesson02.check_dense_without_flatten), ("2.2", lesson02.check_flat_position),
          ("2.3", lesson02.check_position_function), ("2.4", lesson02.check_element_at),
          ("2.5", lesson02.check_channels_first_position), ("3.1", lesson03.check_conv_shape),
          ("3.2", lesson03.check_out_len), ("3.3", lesson03.check_smallest_input)]
for name, check in single:
    for what, value in odd.items():
        run(f"WRONG {name} odd input {what}", check, value)
for what, value in odd.items():
    run(f"WRONG 3.4 odd input {what} (all three)", lesson03.check_dilated_signal, value, value, value)

print("\nTALLY:", TALLY)
disagreements = {flag: n for flag, n in TALLY.items() if flag not in ("ok", "EDGE")}
print("ok" if not disagreements else f"FAIL: {disagreements}")
sys.exit(1 if disagreements else 0)
