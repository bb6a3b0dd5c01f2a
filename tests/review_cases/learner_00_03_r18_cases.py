"""Review r18 (learner0003), lessons 00-03: alternative correct answers and plausible wrong answers put
through the lessons' own checks.

Run with the course's Python, e.g.
    .venv/bin/python tests/review_cases/learner_00_03_r18_cases.py   (from the course root)
COURSE_ROOT (default: this repository) is only imported from, never written (no bytecode).

Cases whose label starts with WRONG must be rejected (status 'wrong' or 'not attempted'); every other case must
be accepted. A check that raises counts as a disagreement. Exit status 1 if any verdict disagrees.
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
import time  # noqa: E402

import numpy as np  # noqa: E402

from utils.environment import muted_stderr  # noqa: E402

with muted_stderr():
    import keras  # noqa: E402
from utils import data, shapes  # noqa: E402
from utils.lessons import lesson00, lesson01, lesson02, lesson03  # noqa: E402

keras.utils.set_random_seed(42)
x_train, y_train, x_test, y_test = data.load_digits()

DISAGREE = []


def show(label, result):
    """Print one line per case: agreement, label, verdict and the check's first line of feedback."""
    if isinstance(result, BaseException):
        ok, verdict, text = False, "RAISED", f"{type(result).__name__}: {result}"
    else:
        want_correct = not label.startswith("WRONG")
        ok = result.correct == want_correct
        verdict, text = result.status, result.text().replace("\n", " | ")
    if not ok:
        DISAGREE.append(label)
    print(f"{'ok ' if ok else 'BAD'} {label:<58} {verdict:<13} {text[:260]}")


def run(label, check, *args):
    try:
        result = check(*args)
    except BaseException as exc:  # noqa: BLE001 - a check must never raise for a learner
        result = exc
    show(label, result)


# ----------------------------------------------------------------------------------------------- lesson 00
c = lesson00.check_batch_size
run("0.1 x_train.shape[0]", c, x_train.shape[0])
run("0.1 len(x_train)", c, len(x_train))
run("0.1 len(y_train)", c, len(y_train))
run("0.1 np.int64 via x_train.size // 64", c, x_train.size // x_train[0].size)
run("0.1 np.shape(x_train)[0] as np.array", c, np.array(np.shape(x_train)[0]))
run("WRONG 0.1 test split 450", c, len(x_test))
run("WRONG 0.1 pixels per image 64", c, 64)
run("WRONG 0.1 x_train.size", c, x_train.size)
run("WRONG 0.1 whole dataset 1797", c, 1797)
run("WRONG 0.1 the shape tuple", c, x_train.shape)
run("WRONG 0.1 None", c, None)

c = lesson00.check_photo_shape
run("0.2 tuple", c, (250, 64, 48, 3))
run("0.2 list", c, [250, 64, 48, 3])
run("0.2 np.zeros(...).shape", c, np.zeros((250, 64, 48, 3), dtype="uint8").shape)
run("0.2 np.array of ints", c, np.array([250, 64, 48, 3]))
run("0.2 np.int64 entries", c, tuple(np.int64(v) for v in (250, 64, 48, 3)))
run("WRONG 0.2 height/width swapped", c, (250, 48, 64, 3))
run("WRONG 0.2 channels first", c, (250, 3, 64, 48))
run("WRONG 0.2 one photo", c, (64, 48, 3))
run("WRONG 0.2 None batch", c, (None, 64, 48, 3))
run("WRONG 0.2 no channel axis", c, (250, 64, 48))
run("WRONG 0.2 flattened", c, (250, 64 * 48 * 3))
run("WRONG 0.2 string", c, "(250, 64, 48, 3)")
run("WRONG 0.2 floats", c, (250.0, 64.0, 48.0, 3.0))

# ----------------------------------------------------------------------------------------------- lesson 01
c = lesson01.check_batch_shape
run("1.1 x_train[:32].shape", c, x_train[:32].shape)
run("1.1 literal tuple", c, (32, 8, 8, 1))
run("1.1 keras.ops.shape of tensor", c, keras.ops.shape(keras.ops.convert_to_tensor(x_train[:32])))
run("1.1 np.shape list", c, list(np.shape(x_train[:32])))
run("1.1 tf.shape (a 1-D int tensor)", c, __import__("tensorflow").shape(x_train[:32]))
run("WRONG 1.1 (None, 8, 8, 1)", c, (None, 8, 8, 1))
run("WRONG 1.1 one image", c, (8, 8, 1))
run("WRONG 1.1 no channel", c, (32, 8, 8))
run("WRONG 1.1 flattened", c, (32, 64))
run("WRONG 1.1 the data itself", c, x_train[:32])
run("WRONG 1.1 off by one (x_train[:31])", c, x_train[:31].shape)

c = lesson01.check_rgb_input
run("1.2 keras.Input((32,32,3)) positional", c, keras.Input((32, 32, 3)))
run("1.2 keras.layers.Input list shape", c, keras.layers.Input(shape=[32, 32, 3]))
run("1.2 batch_shape=(None,32,32,3)", c, keras.Input(batch_shape=(None, 32, 32, 3)))
run("1.2 named, dtype uint8", c, keras.Input(shape=(32, 32, 3), name="rgb", dtype="uint8"))
run("WRONG 1.2 channels first", c, keras.Input(shape=(3, 32, 32)))
run("WRONG 1.2 fixed batch_size=32", c, keras.Input(shape=(32, 32, 3), batch_size=32))
run("WRONG 1.2 grey", c, keras.Input(shape=(32, 32, 1)))
run("WRONG 1.2 batch axis in shape", c, keras.Input(shape=(None, 32, 32, 3)))
run("WRONG 1.2 a shape tuple", c, (None, 32, 32, 3))
run("WRONG 1.2 numpy data", c, np.zeros((1, 32, 32, 3)))
run("WRONG 1.2 a layer's output", c, keras.layers.Rescaling(1 / 255)(keras.Input(shape=(32, 32, 3))))
run("WRONG 1.2 the InputLayer object", c, keras.layers.InputLayer(shape=(32, 32, 3)))

c = lesson01.check_reading_order
b = np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape(4, 6)
run("1.3 b[2, 1] (np.int64)", c, b[2, 1])
run("1.3 b[2][1]", c, b[2][1])
run("1.3 literal 17", c, 17)
run("1.3 int(...)", c, int(b[2, 1]))
run("1.3 b[2:3, 1:2] (1x1 array)", c, b[2:3, 1:2])
run("WRONG 1.3 ignoring the transpose", c, np.arange(24).reshape(4, 6)[2, 1])
run("WRONG 1.3 transpose(0, 2, 1)", c, np.arange(24).reshape(2, 3, 4).transpose(0, 2, 1).reshape(4, 6)[2, 1])
run("WRONG 1.3 b[1, 2]", c, b[1, 2])
run("WRONG 1.3 column-major", c, np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape((4, 6), order="F")[2, 1])
run("WRONG 1.3 whole row b[2]", c, b[2])

c = lesson01.check_summary_params
m14 = keras.Sequential([keras.Input(shape=(12, 12, 3)), keras.layers.Conv2D(8, 3), keras.layers.Flatten(),
                        keras.layers.Dense(5)])
run("1.4 model.count_params()", c, m14.count_params())
run("1.4 by hand 3*3*3*8+8 + 10*10*8*5+5", c, 3 * 3 * 3 * 8 + 8 + 10 * 10 * 8 * 5 + 5)
run("1.4 shapes helpers", c, shapes.conv2d_params(3, 3, 8) + shapes.dense_params(10 * 10 * 8, 5))
run("1.4 np.int64 sum of per-layer counts", c, np.sum([layer.count_params() for layer in m14.layers]))
run("WRONG 1.4 no biases", c, 4229 - 13)
run("WRONG 1.4 grey kernel 3*3", c, 3 * 3 * 8 + 8 + 4005)
run("WRONG 1.4 map not shrunk", c, 224 + 12 * 12 * 8 * 5 + 5)
run("WRONG 1.4 conv_params in Keras order", c, shapes.conv2d_params(8, 3, 3) + 4005)
run("WRONG 1.4 Dense row only", c, 4005)
run("WRONG 1.4 Dense sees 10*10*3", c, 224 + 10 * 10 * 3 * 5 + 5)

# ----------------------------------------------------------------------------------------------- lesson 02
c = lesson02.check_dense_without_flatten
run("2.1 Dense(5)(Input).shape", c, keras.layers.Dense(5)(keras.Input(shape=(6, 6, 16))).shape)
run("2.1 compute_output_shape", c, keras.layers.Dense(5).compute_output_shape((None, 6, 6, 16)))
run("2.1 literal list", c, [None, 6, 6, 5])
run("2.1 model.output_shape", c, keras.Sequential([keras.Input(shape=(6, 6, 16)), keras.layers.Dense(5)]).output_shape)
run("WRONG 2.1 with Flatten (None, 5)", c, (None, 5))
run("WRONG 2.1 axis added", c, (None, 6, 6, 16, 5))
run("WRONG 2.1 no batch", c, (6, 6, 5))
run("WRONG 2.1 units first", c, (None, 5, 6, 6))
run("WRONG 2.1 batch 32", c, (32, 6, 6, 5))
run("WRONG 2.1 flat 6*6*5", c, (None, 180))

c = lesson02.check_flat_position
probe = np.arange(5 * 4 * 8).reshape(1, 5, 4, 8)
flat_probe = keras.ops.convert_to_numpy(keras.layers.Flatten()(probe))[0]
v = probe[0, 2, 1, 3]
run("2.2 np.flatnonzero", c, np.flatnonzero(flat_probe == v))
run("2.2 np.argwhere (1x1)", c, np.argwhere(flat_probe == v))
run("2.2 np.where tuple", c, np.where(flat_probe == v))
run("2.2 list.index", c, list(flat_probe).index(v))
run("2.2 np.ravel_multi_index", c, np.ravel_multi_index((2, 1, 3), (5, 4, 8)))
run("2.2 by hand", c, (2 * 4 + 1) * 8 + 3)
run("2.2 flatnonzero on an un-converted tensor", c,
    np.flatnonzero(keras.layers.Flatten()(probe)[0] == v))
run("WRONG 2.2 channels first", c, (3 * 5 + 2) * 4 + 1)
run("WRONG 2.2 one too high", c, 76)
run("WRONG 2.2 channel 0 of the pixel", c, 72)
run("WRONG 2.2 pixel number", c, 9)
run("WRONG 2.2 height for width", c, (2 * 5 + 1) * 8 + 3)
run("WRONG 2.2 argwhere on the 4-D map", c, np.argwhere(probe == v))
run("WRONG 2.2 float 75.0", c, 75.0)

c = lesson02.check_position_function


def pos_solution(row, col, ch, h, w, c):
    return (row * w + col) * c + ch


def pos_expanded(row, col, ch, h, w, c):
    return row * w * c + col * c + ch


def pos_numpy(row, col, ch, h, w, c):
    return np.ravel_multi_index((row, col, ch), (h, w, c))


def pos_arange(row, col, ch, h, w, c):
    return np.arange(h * w * c).reshape(h, w, c)[row, col, ch]


def pos_keras(row, col, ch, h, w, c):  # "let Keras tell you", as Exercise 2.2's hint suggests
    grid = np.arange(h * w * c).reshape(1, h, w, c)
    flat = keras.ops.convert_to_numpy(keras.layers.Flatten()(grid))[0]
    return int(np.flatnonzero(flat == grid[0, row, col, ch])[0])


run("2.3 solution", c, pos_solution)
run("2.3 expanded strides", c, pos_expanded)
run("2.3 np.ravel_multi_index", c, pos_numpy)
run("2.3 arange lookup", c, pos_arange)
t0 = time.perf_counter()
run("2.3 Keras Flatten per call (220 calls)", c, pos_keras)
print(f"    (the Keras-based function took {time.perf_counter() - t0:.1f} s inside a 10 s deadline)")
run("WRONG 2.3 channels first", c, lambda r, co, ch, h, w, c: (ch * h + r) * w + co)
run("WRONG 2.3 row*h", c, lambda r, co, ch, h, w, c: (r * h + co) * c + ch)
run("WRONG 2.3 plus one", c, lambda r, co, ch, h, w, c: (r * w + co) * c + ch + 1)
run("WRONG 2.3 row*w + col*c + ch", c, lambda r, co, ch, h, w, c: r * w + co * c + ch)
run("WRONG 2.3 column-major pixels", c, lambda r, co, ch, h, w, c: (co * h + r) * c + ch)
run("WRONG 2.3 returns a list", c, lambda r, co, ch, h, w, c: [(r * w + co) * c + ch])
run("WRONG 2.3 not a function", c, 75)
run("WRONG 2.3 five arguments", c, lambda r, co, ch, h, w: (r * w + co) * 1 + ch)

c = lesson02.check_element_at
run("2.4 divmod tuple", c, (1, 2, 2))
run("2.4 np.unravel_index", c, np.unravel_index(50, (4, 4, 8)))
run("2.4 list", c, [1, 2, 2])
run("2.4 shapes.unflat_index", c, shapes.unflat_index(50, 4, 4, 8))
run("2.4 np.argwhere (1, 3)", c, np.argwhere(np.arange(128).reshape(4, 4, 8) == 50))
run("WRONG 2.4 reversed", c, (2, 2, 1))
run("WRONG 2.4 row/col swapped", c, (2, 1, 2))
run("WRONG 2.4 channels first", c, (0, 2, 3))
run("WRONG 2.4 one off", c, (1, 2, 3))
run("WRONG 2.4 argwhere on 4-D", c, np.argwhere(np.arange(128).reshape(1, 4, 4, 8) == 50))
run("WRONG 2.4 just the number", c, 50)
run("WRONG 2.4 outside the map", c, (1, 2, 9))

c = lesson02.check_channels_first_position
x_cf = np.arange(60).reshape(1, 3, 4, 5)
flat_cf = keras.ops.convert_to_numpy(keras.layers.Flatten(data_format="channels_first")(x_cf))[0]
run("2.5 flatnonzero on Keras", c, np.flatnonzero(flat_cf == x_cf[0, 2, 1, 3]))
run("2.5 by hand", c, (1 * 5 + 3) * 3 + 2)
run("2.5 ravel_multi_index channels-last", c, np.ravel_multi_index((1, 3, 2), (4, 5, 3)))
run("2.5 via transpose + Flatten()", c, int(np.flatnonzero(keras.ops.convert_to_numpy(
    keras.layers.Flatten()(np.transpose(x_cf, (0, 2, 3, 1))))[0] == x_cf[0, 2, 1, 3])[0]))
run("WRONG 2.5 plain reshape", c, 48)
run("WRONG 2.5 one high", c, 27)
run("WRONG 2.5 columns first", c, (3 * 4 + 1) * 3 + 2)
run("WRONG 2.5 h for w", c, (1 * 4 + 3) * 3 + 2)
run("WRONG 2.5 argwhere on 4-D", c, np.argwhere(x_cf == x_cf[0, 2, 1, 3]))

# ----------------------------------------------------------------------------------------------- lesson 03
c = lesson03.check_conv_shape
run("3.1 literal", c, (None, 14, 11, 8))
run("3.1 model.output_shape", c, keras.Sequential([keras.Input(shape=(32, 25, 3)),
                                                 keras.layers.Conv2D(8, 5, strides=2)]).output_shape)
run("3.1 compute_output_shape", c, keras.layers.Conv2D(8, 5, strides=2).compute_output_shape((None, 32, 25, 3)))
run("3.1 np ints from array arithmetic", c, (None, *((np.array([32, 25]) - 5) // 2 + 1), 8))
run("3.1 math.floor", c, (None, math.floor((32 - 5) / 2) + 1, math.floor((25 - 5) / 2) + 1, 8))
run("WRONG 3.1 input channels", c, (None, 14, 11, 3))
run("WRONG 3.1 swapped", c, (None, 11, 14, 8))
run("WRONG 3.1 same padding", c, (None, 16, 13, 8))
run("WRONG 3.1 no +1", c, (None, 13, 10, 8))
run("WRONG 3.1 stride ignored", c, (None, 28, 21, 8))
run("WRONG 3.1 no batch axis", c, (14, 11, 8))
run("WRONG 3.1 np.floor floats", c, (None, np.floor(27 / 2) + 1, np.floor(20 / 2) + 1, 8))
run("WRONG 3.1 round", c, (None, round(27 / 2) + 1, round(20 / 2) + 1, 8))

c = lesson03.check_out_len


def ol_solution(i, k, s, p):
    if p == "same":
        return math.ceil(i / s)
    if p == "valid":
        p = 0
    return (i + 2 * p - k) // s + 1


def ol_intceil(i, k, s, p):
    if p == "same":
        return (i + s - 1) // s
    pad = 0 if p == "valid" else p
    return math.floor((i + 2 * pad - k) / s) + 1


def ol_explicit_pad(i, k, s, p):  # compute the zeros "same" adds, then count windows like any padding
    if p == "same":
        total = max((math.ceil(i / s) - 1) * s + k - i, 0)
        return (i + total - k) // s + 1
    pad = p if isinstance(p, int) else 0
    return (i + 2 * pad - k) // s + 1


def ol_numpy(i, k, s, p):
    if p == "same":
        return int(np.ceil(i / s))
    return int(np.floor((i + 2 * {"valid": 0}.get(p, p) - k) / s)) + 1


run("3.2 solution", c, ol_solution)
run("3.2 integer ceil, math.floor", c, ol_intceil)
run("3.2 explicit same padding", c, ol_explicit_pad)
run("3.2 numpy with int()", c, ol_numpy)
run("WRONG 3.2 same ignores stride", c, lambda i, k, s, p: i if p == "same" else ol_solution(i, k, s, p))
run("WRONG 3.2 same as valid", c, lambda i, k, s, p: (i - k) // s + 1 if p == "same" else ol_solution(i, k, s, p))
run("WRONG 3.2 same = symmetric k//2", c,
    lambda i, k, s, p: (i + 2 * (k // 2) - k) // s + 1 if p == "same" else ol_solution(i, k, s, p))
run("WRONG 3.2 same = round", c, lambda i, k, s, p: round(i / s) if p == "same" else ol_solution(i, k, s, p))
run("WRONG 3.2 int p added once", c,
    lambda i, k, s, p: (i + p - k) // s + 1 if isinstance(p, int) else ol_solution(i, k, s, p))
run("WRONG 3.2 no +1", c, lambda i, k, s, p: ol_solution(i, k, s, p) - (p != "same"))
run("WRONG 3.2 np.ceil floats for same", c,
    lambda i, k, s, p: np.ceil(i / s) if p == "same" else ol_solution(i, k, s, p))
run("WRONG 3.2 ceil instead of floor", c,
    lambda i, k, s, p: math.ceil(i / s) if p == "same" else
    math.ceil((i + 2 * (0 if p == "valid" else p) - k) / s) + 1)

c = lesson03.check_smallest_input
run("3.3 literal 14", c, 14)
run("3.3 np.int64", c, np.int64(14))
run("3.3 size-1 list", c, [14])
def _keras_builds(n):
    try:
        shape = keras.Sequential([keras.Input(shape=(n, n, 1)), keras.layers.Conv2D(8, 5),
                                  keras.layers.MaxPooling2D(2), keras.layers.Conv2D(16, 3, strides=2),
                                  keras.layers.MaxPooling2D(2)]).output_shape
    except ValueError:
        return False
    return 0 not in shape[1:]


run("3.3 search with Keras", c, next(n for n in range(5, 40) if _keras_builds(n)))
run("WRONG 3.3 13", c, 13)
run("WRONG 3.3 15", c, 15)
run("WRONG 3.3 stride forgotten (12)", c, 12)
run("WRONG 3.3 28", c, 28)
run("WRONG 3.3 the shape (14, 14)", c, (14, 14))
run("WRONG 3.3 zero", c, 0)

c = lesson03.check_dilated_signal
sig = keras.Sequential([keras.Input(shape=(62, 1)), keras.layers.Conv1D(8, 3, dilation_rate=5),
                        keras.layers.MaxPooling1D(3, padding="same")])
sig61 = keras.Sequential([keras.Input(shape=(61, 1)), *sig.layers])
run("3.4 literals", c, (None, 52, 8), (None, 18, 8), (None, 17, 8))
run("3.4 from Keras", c, sig.layers[0].output.shape, sig.output_shape, sig61.output_shape)
run("3.4 lists", c, [None, 52, 8], [None, 18, 8], [None, 17, 8])
run("3.4 integer ceil", c, (None, 62 - 11 + 1, 8), (None, -(-52 // 3), 8), (None, -(-51 // 3), 8))
run("WRONG 3.4 dilation ignored", c, (None, 60, 8), (None, 20, 8), (None, 20, 8))
run("WRONG 3.4 k*d span", c, (None, 48, 8), (None, 16, 8), (None, 16, 8))
run("WRONG 3.4 valid pooling", c, (None, 52, 8), (None, 17, 8), (None, 17, 8))
run("WRONG 3.4 floor+1 pooling", c, (None, 52, 8), (None, 18, 8), (None, 18, 8))
run("WRONG 3.4 2-D shapes", c, (None, 52, 1, 8), (None, 18, 1, 8), (None, 17, 1, 8))
run("WRONG 3.4 no batch axis", c, (52, 8), (18, 8), (17, 8))
run("WRONG 3.4 only the first filled", c, (None, 52, 8), ..., ...)

print(f"\n{len(DISAGREE)} disagreement(s)" + (": " + "; ".join(DISAGREE) if DISAGREE else ""))
sys.exit(1 if DISAGREE else 0)
