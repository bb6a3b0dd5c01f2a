"""Review r20 (l0003), lessons 00-03: alternative CORRECT answers and plausible WRONG answers put through
the lessons' own checks (utils.lessons.lesson00-03).

Run from the course root with the course's Python:
    .venv/bin/python tests/review_cases/learner_00_03_r20_cases.py
(COURSE_ROOT overrides the root; nothing is written there: no bytecode.)

Labels starting with WRONG must be rejected (status 'wrong' or 'not attempted'); every other label must be
accepted. EDGE labels are debatable: printed, never counted. A check that raises counts as a disagreement.
Each line: agreement tag (ok/BAD/edg), label, verdict, the feedback on one line. Exit 1 on any disagreement.
"""

import math
import os
import sys

sys.dont_write_bytecode = True
os.environ["COURSE_STRICT_CHECKS"] = "0"
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = os.environ.get("COURSE_ROOT", os.getcwd())
sys.path.insert(0, ROOT)

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
    """Print one case: does the verdict agree with the label, the verdict, and the feedback."""
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
    print(f"{tag} {label:<58} {verdict:<13} {text[:330]}")


def run(label, check, *args):
    try:
        result = check(*args)
    except BaseException as exc:  # noqa: BLE001 - a check must never raise for a learner
        result = exc
    show(label, result)


# ------------------------------------------------------------------ Exercise 0.1: 1347 training images
c = lesson00.check_batch_size
run("0.1 x_train.shape[0]", c, x_train.shape[0])
run("0.1 len(y_train) (labels count the images too)", c, len(y_train))
run("0.1 x_train.shape[:1] (1-tuple)", c, x_train.shape[:1])
run("0.1 np.shape(x_train)[0] as np.int64", c, np.int64(np.shape(x_train)[0]))
run("0.1 x_train.size // x_train[0].size", c, x_train.size // x_train[0].size)
run("0.1 keras.ops.shape(tensor)[0]", c, keras.ops.shape(keras.ops.convert_to_tensor(x_train))[0])
run("WRONG 0.1 1797 (whole dataset)", c, 1797)
run("WRONG 0.1 len(x_test)", c, len(x_test))
run("WRONG 0.1 x_train.ndim = 4", c, x_train.ndim)
run("WRONG 0.1 x_train.shape (whole tuple)", c, x_train.shape)
run("WRONG 0.1 str '1347'", c, "1347")
run("WRONG 0.1 len(x_train) - 1 (last index)", c, len(x_train) - 1)
run("WRONG 0.1 x_train.shape[1] (8)", c, x_train.shape[1])
run("EDGE 0.1 1347.0 (float count)", c, float(len(x_train)))

# ------------------------------------------------------------------ Exercise 0.2: (250, 64, 48, 3)
c = lesson00.check_photo_shape
run("0.2 tuple", c, (250, 64, 48, 3))
run("0.2 list", c, [250, 64, 48, 3])
run("0.2 np.empty(..., uint8).shape", c, np.empty((250, 64, 48, 3), dtype="uint8").shape)
run("0.2 np.array([250, 64, 48, 3])", c, np.array([250, 64, 48, 3]))
run("0.2 (250,) + (64, 48, 3)", c, (250,) + (64, 48, 3))
run("WRONG 0.2 (250, 48, 64, 3) w/h swapped", c, (250, 48, 64, 3))
run("WRONG 0.2 (None, 64, 48, 3)", c, (None, 64, 48, 3))
run("WRONG 0.2 (250, 3, 64, 48) channels first", c, (250, 3, 64, 48))
run("WRONG 0.2 (64, 48, 3) one photo", c, (64, 48, 3))
run("WRONG 0.2 (250, 64, 48, 1) grey", c, (250, 64, 48, 1))
run("WRONG 0.2 (250, 64*48, 3) pixels merged", c, (250, 64 * 48, 3))
run("WRONG 0.2 string '(250, 64, 48, 3)'", c, "(250, 64, 48, 3)")
run("WRONG 0.2 (250, 64, 48, 3, 1) extra axis", c, (250, 64, 48, 3, 1))
run("WRONG 0.2 (250.0, 64, 48, 3) float", c, (250.0, 64, 48, 3))

# ------------------------------------------------------------------ Exercise 1.1: (32, 8, 8, 1)
c = lesson01.check_batch_shape
run("1.1 x_train[:32].shape", c, x_train[:32].shape)
run("1.1 np.shape(x_train[:32])", c, np.shape(x_train[:32]))
run("1.1 (32, *x_train.shape[1:])", c, (32, *x_train.shape[1:]))
run("1.1 keras tensor .shape (TensorShape)", c, keras.ops.convert_to_tensor(x_train[:32]).shape)
run("1.1 keras.ops.shape(...)", c, keras.ops.shape(keras.ops.convert_to_tensor(x_train[:32])))
run("1.1 np.array(x_train[:32].shape)", c, np.array(x_train[:32].shape))
run("WRONG 1.1 x_train[:32] (the data)", c, x_train[:32])
run("WRONG 1.1 (None, 8, 8, 1)", c, (None, 8, 8, 1))
run("WRONG 1.1 x_train.shape", c, x_train.shape)
run("WRONG 1.1 (32, 64) flattened", c, (32, 64))
run("WRONG 1.1 x_train[:32].shape[1:]", c, x_train[:32].shape[1:])
run("WRONG 1.1 x_train[32].shape (one image)", c, x_train[32].shape)
run("WRONG 1.1 (32, 8, 8, 3) colour", c, (32, 8, 8, 3))

# ------------------------------------------------------------------ Exercise 1.2: keras.Input for RGB 32x32
c = lesson01.check_rgb_input
run("1.2 keras.Input(shape=(32, 32, 3))", c, keras.Input(shape=(32, 32, 3)))
run("1.2 keras.layers.Input([32, 32, 3])", c, keras.layers.Input([32, 32, 3]))
run("1.2 keras.Input(batch_shape=(None, 32, 32, 3))", c, keras.Input(batch_shape=(None, 32, 32, 3)))
run("1.2 keras.Input(..., dtype='float16', name='img')", c, keras.Input(shape=(32, 32, 3), dtype="float16", name="img"))
run("1.2 model.inputs[0] of a Functional model", c,
    keras.Model(i := keras.Input((32, 32, 3)), keras.layers.Flatten()(i)).inputs[0])
run("1.2 keras.Input(shape=(32, 32, 3), batch_size=None)", c, keras.Input(shape=(32, 32, 3), batch_size=None))
run("WRONG 1.2 keras.Input(shape=(32, 32, 3), batch_size=32)", c, keras.Input(shape=(32, 32, 3), batch_size=32))
run("WRONG 1.2 keras.Input(shape=(3, 32, 32))", c, keras.Input(shape=(3, 32, 32)))
run("WRONG 1.2 keras.Input(shape=(1, 32, 32, 3))", c, keras.Input(shape=(1, 32, 32, 3)))
run("WRONG 1.2 keras.Input(shape=(32, 32))", c, keras.Input(shape=(32, 32)))
run("WRONG 1.2 tuple (None, 32, 32, 3)", c, (None, 32, 32, 3))
run("WRONG 1.2 Rescaling output of an Input", c, keras.layers.Rescaling(1 / 255)(keras.Input((32, 32, 3))))
run("WRONG 1.2 keras.ops.zeros((1, 32, 32, 3)) (data)", c, keras.ops.zeros((1, 32, 32, 3)))
run("WRONG 1.2 keras.Input(shape=(32, 32, 4)) RGBA", c, keras.Input(shape=(32, 32, 4)))
run("EDGE 1.2 keras.Input(shape=(None, None, 3)) any size", c, keras.Input(shape=(None, None, 3)))

# ------------------------------------------------------------------ Exercise 1.3: b[2, 1] = 17
c = lesson01.check_reading_order
b = np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape(4, 6)
run("1.3 b[2, 1]", c, b[2, 1])
run("1.3 b[2][1]", c, b[2][1])
run("1.3 17", c, 17)
run("1.3 b[2:3, 1:2] (1x1 array)", c, b[2:3, 1:2])
run("1.3 keras.ops.reshape(keras.ops.transpose(...)) [2, 1]", c,
    keras.ops.reshape(keras.ops.transpose(keras.ops.reshape(keras.ops.arange(24), (2, 3, 4)), (1, 0, 2)), (4, 6))[2, 1])
run("1.3 b.ravel()[2 * 6 + 1]", c, b.ravel()[2 * 6 + 1])
run("WRONG 1.3 13 (no transpose)", c, 13)
run("WRONG 1.3 b[1, 2]", c, b[1, 2])
run("WRONG 1.3 transpose(0, 2, 1) instead", c, np.arange(24).reshape(2, 3, 4).transpose(0, 2, 1).reshape(4, 6)[2, 1])
run("WRONG 1.3 order='F'", c, np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape((4, 6), order="F")[2, 1])
run("WRONG 1.3 b (whole array)", c, b)
run("WRONG 1.3 transposed view t[2, 1] (forgot the reshape)", c,
    np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2)[2, 1, 0])
run("WRONG 1.3 17.5", c, 17.5)

# ------------------------------------------------------------------ Exercise 1.4: 4229 parameters
c = lesson01.check_summary_params
m14 = keras.Sequential([keras.Input(shape=(12, 12, 3)), keras.layers.Conv2D(8, 3), keras.layers.Flatten(),
                        keras.layers.Dense(5)])
run("1.4 model.count_params()", c, m14.count_params())
run("1.4 arithmetic 3*3*3*8+8 + 10*10*8*5+5", c, 3 * 3 * 3 * 8 + 8 + 10 * 10 * 8 * 5 + 5)
run("1.4 sum of layer.count_params()", c, sum(layer.count_params() for layer in m14.layers))
run("1.4 np.int64 sum of weight sizes", c, np.sum([w.size for w in m14.get_weights()]))
run("1.4 4229.0 (float from a / somewhere)", c, 4229.0)
run("WRONG 1.4 4216 (no biases)", c, 4216)
run("WRONG 1.4 5989 (map not shrunk)", c, 224 + 12 * 12 * 8 * 5 + 5)
run("WRONG 1.4 1729 (Dense sees 10*10*3: input channels)", c, 224 + 10 * 10 * 3 * 5 + 5)
run("WRONG 1.4 4085 (kernel on one channel)", c, 3 * 3 * 1 * 8 + 8 + 4005)
run("WRONG 1.4 4221 (Dense biases only once... 224+4000-3)", c, 224 + 4000 - 3)
run("WRONG 1.4 2789 (map 8x8: 12 - 3 - 1)", c, 224 + 8 * 8 * 8 * 5 + 5)
run("WRONG 1.4 4229 + 1 (an extra bias)", c, 4230)
run("WRONG 1.4 (224, 4005) per-layer tuple", c, (224, 4005))

# ------------------------------------------------------------------ Exercise 2.1: (None, 6, 6, 5)
c = lesson02.check_dense_without_flatten
run("2.1 Dense(5)(Input).shape", c, keras.layers.Dense(5)(keras.Input(shape=(6, 6, 16))).shape)
run("2.1 compute_output_shape", c, keras.layers.Dense(5).compute_output_shape((None, 6, 6, 16)))
run("2.1 [None, 6, 6, 5]", c, [None, 6, 6, 5])
run("2.1 Sequential output_shape", c, keras.Sequential([keras.Input((6, 6, 16)), keras.layers.Dense(5)]).output_shape)
run("2.1 (None,) + (6, 6, 5)", c, (None,) + (6, 6, 5))
run("WRONG 2.1 (None, 5)", c, (None, 5))
run("WRONG 2.1 (None, 6, 6, 16)", c, (None, 6, 6, 16))
run("WRONG 2.1 (6, 6, 5)", c, (6, 6, 5))
run("WRONG 2.1 (None, 180)", c, (None, 180))
run("WRONG 2.1 KerasTensor itself (no .shape)", c, keras.layers.Dense(5)(keras.Input(shape=(6, 6, 16))))
run("WRONG 2.1 (None, 6, 6, 80) 16*5", c, (None, 6, 6, 80))
run("WRONG 2.1 (1, 6, 6, 5) batch of one", c, (1, 6, 6, 5))

# ------------------------------------------------------------------ Exercise 2.2: 75
c = lesson02.check_flat_position
probe = np.arange(5 * 4 * 8).reshape(1, 5, 4, 8)
flat_probe = keras.ops.convert_to_numpy(keras.layers.Flatten()(probe))[0]
v = probe[0, 2, 1, 3]
run("2.2 np.flatnonzero(...)", c, np.flatnonzero(flat_probe == v))
run("2.2 np.where(...) tuple", c, np.where(flat_probe == v))
run("2.2 np.argwhere on the flat vector", c, np.argwhere(flat_probe == v))
run("2.2 np.ravel_multi_index", c, np.ravel_multi_index((2, 1, 3), (5, 4, 8)))
run("2.2 shapes.flat_index", c, shapes.flat_index(2, 1, 3, 5, 4, 8))
run("2.2 2*4*8 + 1*8 + 3", c, 2 * 4 * 8 + 1 * 8 + 3)
run("2.2 flat_probe.tolist().index(v)", c, flat_probe.tolist().index(v))
run("WRONG 2.2 69 channels first", c, (3 * 5 + 2) * 4 + 1)
run("WRONG 2.2 59 columns first", c, (1 * 5 + 2) * 8 + 3)
run("WRONG 2.2 76 one-based", c, 76)
run("WRONG 2.2 91 height for width", c, (2 * 5 + 1) * 8 + 3)
run("WRONG 2.2 argwhere on 4-D map", c, np.argwhere(probe == v))
run("WRONG 2.2 2*4 + 1*8 + 3 = 19 (steps mixed)", c, 2 * 4 + 1 * 8 + 3)
run("EDGE 2.2 probe[0, 2, 1, 3] (arange value = position, no Flatten)", c, probe[0, 2, 1, 3])

# ------------------------------------------------------------------ Exercise 2.3: position function
c = lesson02.check_position_function


def pos_expanded(row, col, ch, h, w, c):
    return row * w * c + col * c + ch


def pos_numpy(row, col, ch, h, w, c):
    return np.ravel_multi_index((row, col, ch), (h, w, c))


def pos_keyword_defaults(row, col, ch, h=1, w=1, c=1):
    return int((row * w + col) * c + ch)


def pos_arange(row, col, ch, h, w, c):
    return int(np.arange(h * w * c).reshape(h, w, c)[row, col, ch])


run("2.3 solution formula (lambda)", c, lambda r, co, ch, h, w, c: (r * w + co) * c + ch)
run("2.3 expanded strides", c, pos_expanded)
run("2.3 np.ravel_multi_index (np.intp)", c, pos_numpy)
run("2.3 defaults on h, w, c", c, pos_keyword_defaults)
run("2.3 arange lookup", c, pos_arange)
run("WRONG 2.3 row*w + col*c + ch (brackets)", c, lambda r, co, ch, h, w, c: r * w + co * c + ch)
run("WRONG 2.3 channels first", c, lambda r, co, ch, h, w, c: (ch * h + r) * w + co)
run("WRONG 2.3 forgot the channel", c, lambda r, co, ch, h, w, c: (r * w + co) * c)
run("WRONG 2.3 float result", c, lambda r, co, ch, h, w, c: float((r * w + co) * c + ch))
run("WRONG 2.3 prints instead of returns", c, lambda r, co, ch, h, w, c: print(end=""))
run("WRONG 2.3 (r*w + co)*h + ch (h for c)", c, lambda r, co, ch, h, w, c: (r * w + co) * h + ch)
run("WRONG 2.3 recursion bug (RecursionError)", c, lambda *a: (_ for _ in ()).throw(RecursionError("deep")))

# ------------------------------------------------------------------ Exercise 2.4: (1, 2, 2)
c = lesson02.check_element_at
run("2.4 (1, 2, 2)", c, (1, 2, 2))
run("2.4 np.unravel_index(50, (4, 4, 8))", c, np.unravel_index(50, (4, 4, 8)))
run("2.4 np.array([1, 2, 2])", c, np.array([1, 2, 2]))
run("2.4 argwhere on the (4,4,8) arange", c, np.argwhere(np.arange(128).reshape(4, 4, 8) == 50))
run("2.4 (50 // 32, 50 % 32 // 8, 50 % 8)", c, (50 // 32, 50 % 32 // 8, 50 % 8))
run("WRONG 2.4 (2, 2, 1) reversed", c, (2, 2, 1))
run("WRONG 2.4 (0, 2, 3) channels first", c, (0, 2, 3))
run("WRONG 2.4 (1, 2, 3) one off", c, (1, 2, 3))
run("WRONG 2.4 (6, 2) pixel, channel", c, (6, 2))
run("WRONG 2.4 (0, 1, 2, 2) with batch", c, (0, 1, 2, 2))
run("WRONG 2.4 (1.0, 2.0, 2.0) floats from /", c, (1.0, 2.0, 2.0))
run("WRONG 2.4 '1,2,2' string", c, "1,2,2")

# ------------------------------------------------------------------ Exercise 2.5: 26
c = lesson02.check_channels_first_position
x_cf = np.arange(60).reshape(1, 3, 4, 5)
flat_cf = keras.ops.convert_to_numpy(keras.layers.Flatten(data_format="channels_first")(x_cf))[0]
run("2.5 flatnonzero on Keras output", c, np.flatnonzero(flat_cf == x_cf[0, 2, 1, 3]))
run("2.5 (1*5 + 3)*3 + 2", c, (1 * 5 + 3) * 3 + 2)
run("2.5 ravel_multi_index channels-last", c, np.ravel_multi_index((1, 3, 2), (4, 5, 3)))
run("2.5 shapes.flat_index(..., channels_first)", c, shapes.flat_index(1, 3, 2, 4, 5, 3, data_format="channels_first"))
run("2.5 via np.moveaxis + reshape", c, int(np.flatnonzero(np.moveaxis(x_cf, 1, -1).reshape(-1) == x_cf[0, 2, 1, 3])[0]))
run("WRONG 2.5 48 plain reshape", c, 48)
run("WRONG 2.5 27 one-based", c, 27)
run("WRONG 2.5 Flatten() without data_format", c,
    np.flatnonzero(keras.ops.convert_to_numpy(keras.layers.Flatten()(x_cf))[0] == x_cf[0, 2, 1, 3]))
run("WRONG 2.5 argwhere on 4-D", c, np.argwhere(x_cf == x_cf[0, 2, 1, 3]))
run("WRONG 2.5 (1*4 + 3)*3 + 2 = 23 (h for w)", c, (1 * 4 + 3) * 3 + 2)
run("WRONG 2.5 channel-last with h,w,c = 4,5,3 but ch, row swapped: (2*5+3)*3+1", c, (2 * 5 + 3) * 3 + 1)

# ------------------------------------------------------------------ Exercise 3.1: (None, 14, 11, 8)
c = lesson03.check_conv_shape
run("3.1 literal", c, (None, 14, 11, 8))
run("3.1 model.output_shape", c, keras.Sequential([keras.Input((32, 25, 3)), keras.layers.Conv2D(8, 5, strides=2)]).output_shape)
run("3.1 compute_output_shape", c, keras.layers.Conv2D(8, 5, strides=2).compute_output_shape((None, 32, 25, 3)))
run("3.1 math.floor ints", c, (None, math.floor(27 / 2) + 1, math.floor(20 / 2) + 1, 8))
run("3.1 int((i - k) / s) + 1", c, (None, int((32 - 5) / 2) + 1, int((25 - 5) / 2) + 1, 8))
run("3.1 math.ceil((i - k + 1) / s) (TF's VALID rule)", c, (None, math.ceil(28 / 2), math.ceil(21 / 2), 8))
run("WRONG 3.1 (None, 16, 13, 8) same", c, (None, 16, 13, 8))
run("WRONG 3.1 (None, 14, 10, 8) ceil((i-k)/s)", c, (None, 14, 10, 8))
run("WRONG 3.1 (None, 13, 10, 8) no +1", c, (None, 13, 10, 8))
run("WRONG 3.1 (None, 15, 11, 8) round()+1", c, (None, round(27 / 2) + 1, round(20 / 2) + 1, 8))
run("WRONG 3.1 (None, 28, 21, 8) stride ignored", c, (None, 28, 21, 8))
run("WRONG 3.1 (None, 14, 11, 3)", c, (None, 14, 11, 3))
run("WRONG 3.1 (None, 8, 14, 11) channels first", c, (None, 8, 14, 11))
run("WRONG 3.1 (None, 14.0, 11.0, 8)", c, (None, 14.0, 11.0, 8))
run("WRONG 3.1 (None, 13, 11, 8) +1 forgotten on height only", c, (None, 13, 11, 8))
run("WRONG 3.1 (None, 12, 8, 8) (i - 2(k-1)) // s", c, (None, (32 - 2 * 4) // 2, (25 - 2 * 4) // 2, 8))

# ------------------------------------------------------------------ Exercise 3.2: out_len


def ol_solution(i, k, s, p):
    if p == "same":
        return math.ceil(i / s)
    if p == "valid":
        p = 0
    return (i + 2 * p - k) // s + 1


def ol_tf_style(i, k, s, p):  # TensorFlow's documented rules: ceil((i - k + 1) / s) and ceil(i / s)
    if p == "same":
        return -(-i // s)
    pad = 0 if p == "valid" else p
    return -(-(i + 2 * pad - k + 1) // s)


def ol_pad_then_valid(i, k, s, p):  # compute the padding 'same' adds, then count windows
    if p == "same":
        total = max((-(-i // s) - 1) * s + k - i, 0)
        return (i + total - k) // s + 1
    pad = {"valid": 0}.get(p, p)
    return (i + 2 * pad - k) // s + 1


def ol_loop(i, k, s, p):  # count the window starts one by one
    if p == "same":
        return len(range(0, i, s))
    n = i + 2 * (0 if p == "valid" else p)
    return sum(1 for start in range(0, n, s) if start + k <= n)


def ol_int_trunc(i, k, s, p):
    if p == "same":
        return int(np.ceil(i / s))
    pad = 0 if p == "valid" else p
    return int((i + 2 * pad - k) / s) + 1


run("3.2 solution", c := lesson03.check_out_len, ol_solution)
run("3.2 TF-style ceil rules", c, ol_tf_style)
run("3.2 compute same padding then count", c, ol_pad_then_valid)
run("3.2 count window starts in a loop", c, ol_loop)
run("3.2 int() truncation + int(np.ceil)", c, ol_int_trunc)
run("WRONG 3.2 same = i // s", c, lambda i, k, s, p: i // s if p == "same" else ol_solution(i, k, s, p))
run("WRONG 3.2 same = (i + s) // s", c, lambda i, k, s, p: (i + s) // s if p == "same" else ol_solution(i, k, s, p))
run("WRONG 3.2 p added once", c, lambda i, k, s, p: ol_solution(i, k, s, p) if p in ("same", "valid") else (i + p - k) // s + 1)
run("WRONG 3.2 np.floor (floats)", c,
    lambda i, k, s, p: ol_solution(i, k, s, p) if p == "same" else np.floor((i + 2 * (0 if p == "valid" else p) - k) / s) + 1)
run("WRONG 3.2 'valid' used as number (TypeError)", c,
    lambda i, k, s, p: math.ceil(i / s) if p == "same" else (i + 2 * p - k) // s + 1)
run("WRONG 3.2 ceil division with 2 args math.ceil(i, s)", c,
    lambda i, k, s, p: math.ceil(i, s) if p == "same" else ol_solution(i, k, s, p))
run("WRONG 3.2 same forgotten (returns None)", c,
    lambda i, k, s, p: None if p == "same" else ol_solution(i, k, s, p))
run("WRONG 3.2 valid and same swapped", c,
    lambda i, k, s, p: ol_solution(i, k, s, "valid") if p == "same" else (math.ceil(i / s) if p == "valid" else ol_solution(i, k, s, p)))
run("WRONG 3.2 same = ceil((i - k + 1) / s)", c,
    lambda i, k, s, p: -(-(i - k + 1) // s) if p == "same" else ol_solution(i, k, s, p))

# ------------------------------------------------------------------ Exercise 3.3: 14
c = lesson03.check_smallest_input


def keras_smallest():
    for n in range(1, 40):
        try:
            shape = keras.Sequential([keras.Input((n, n, 1)), keras.layers.Conv2D(8, 5), keras.layers.MaxPooling2D(2),
                                      keras.layers.Conv2D(16, 3, strides=2), keras.layers.MaxPooling2D(2)]).output_shape
        except ValueError:
            continue
        if 0 not in shape[1:]:
            return n


def backwards():
    need = 2                   # last pool needs 2
    need = (need - 1) * 2 + 3  # conv 3, stride 2
    need = need * 2            # first pool 2 (valid: floor)
    return need + 5 - 1        # conv 5


run("3.3 14", c, 14)
run("3.3 Keras loop", c, keras_smallest())
run("3.3 worked backwards", c, backwards())
run("3.3 np.int64(14)", c, np.int64(14))
run("WRONG 3.3 13", c, 13)
run("WRONG 3.3 15", c, 15)
run("WRONG 3.3 10 (the section-7 chain)", c, 10)
run("WRONG 3.3 12 (forgot conv's k-1)", c, 12)
run("WRONG 3.3 (14, 14) a shape", c, (14, 14))
run("WRONG 3.3 0", c, 0)
run("EDGE 3.3 14.0", c, 14.0)

# ------------------------------------------------------------------ Exercise 3.4: (None,52,8), (None,18,8), (None,17,8)
c = lesson03.check_dilated_signal
sig = keras.Sequential([keras.Input((62, 1)), keras.layers.Conv1D(8, 3, dilation_rate=5),
                        keras.layers.MaxPooling1D(3, padding="same")])
sig61 = keras.Sequential([keras.Input((61, 1)), keras.layers.Conv1D(8, 3, dilation_rate=5),
                          keras.layers.MaxPooling1D(3, padding="same")])
run("3.4 literals", c, (None, 52, 8), (None, 18, 8), (None, 17, 8))
run("3.4 from Keras models", c, sig.layers[0].output.shape, sig.output_shape, sig61.output_shape)
run("3.4 lists", c, [None, 52, 8], [None, 18, 8], [None, 17, 8])
run("3.4 -(-n // 3) arithmetic", c, (None, 62 - 11 + 1, 8), (None, -(-52 // 3), 8), (None, -(-51 // 3), 8))
run("WRONG 3.4 conv ignores dilation", c, (None, 60, 8), (None, 20, 8), (None, 20, 8))
run("WRONG 3.4 pooling floors ('valid')", c, (None, 52, 8), (None, 17, 8), (None, 17, 8))
run("WRONG 3.4 floor + 1 on 61", c, (None, 52, 8), (None, 18, 8), (None, 18, 8))
run("WRONG 3.4 k*d span", c, (None, 48, 8), (None, 16, 8), (None, 16, 8))
run("WRONG 3.4 61 conv wrong: 61-11 = 50 -> 17", c, (None, 52, 8), (None, 18, 8), (None, 16, 8))
run("WRONG 3.4 channel 1", c, (None, 52, 1), (None, 18, 1), (None, 17, 1))
run("WRONG 3.4 no batch axis", c, (52, 8), (18, 8), (17, 8))
run("WRONG 3.4 only first filled", c, (None, 52, 8), ..., ...)
run("WRONG 3.4 2-D shapes (None, 52, 1, 8)", c, (None, 52, 1, 8), (None, 18, 1, 8), (None, 17, 1, 8))

print(f"\n{len(DISAGREE)} disagreement(s): {DISAGREE}")
print(f"{len(EDGES)} edge case(s) printed, not counted.")
sys.exit(1 if DISAGREE else 0)
