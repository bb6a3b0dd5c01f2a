# ruff: noqa  (the reviewer's script, kept as written so it compares with the review)
"""Reviewer's cases for the exercise checks of lessons 00-03 (solutions' checks, run outside a notebook).

The independent learner review of lessons 00-03, round 6, kept as its reviewer wrote it except for the labels
of three forms the checks refuse on purpose, each with a message (relabelled WRONG: "(form)" below), and the
exit status: 1 when a check accepts a WRONG answer, rejects a right one or raises (tests/review_cases/
test_review_scripts.py runs it).

Run:  .venv/bin/python tests/review_cases/learner_00_03_r6_cases.py
Correct alternatives are labelled plainly; plausible wrong answers carry the WRONG prefix.
For each case the verdict (correct / wrong / not attempted / RAISED) and the first line of feedback is printed.
"""
import math
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.pop("COURSE_STRICT_CHECKS", None)
_here = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("COURSE_ROOT") or os.path.dirname(os.path.dirname(_here))  # the repository
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402

import keras  # noqa: E402
from utils import data, shapes  # noqa: E402
from utils.lessons import lesson00, lesson01, lesson02, lesson03  # noqa: E402

SUMMARY = {"ok": 0, "fn": [], "fp": [], "raised": []}


def show(label, result):
    """Print one verdict; count false negatives (correct answer rejected) and false positives."""
    wrong_case = label.startswith("WRONG")
    if isinstance(result, Exception):
        SUMMARY["raised"].append(label)
        print(f"[RAISED ] {label}: {type(result).__name__}: {result}")
        return
    status = result.status
    text = " | ".join(result.text().splitlines())
    flag = ""
    if wrong_case and result.correct:
        SUMMARY["fp"].append(label)
        flag = "  <== FALSE POSITIVE"
    elif not wrong_case and not result.correct:
        SUMMARY["fn"].append(label)
        flag = "  <== FALSE NEGATIVE"
    print(f"[{status:^8}] {label}{flag}\n           {text[:400]}")


def run(label, fn, *args):
    try:
        show(label, fn(*args))
    except Exception as exc:  # noqa: BLE001
        show(label, exc)


x_train, y_train, x_test, y_test = data.load_digits()

print("\n===== Exercise 0.1: number of training images =====")
run("x_train.shape[0]", lesson00.check_batch_size, x_train.shape[0])
run("len(x_train)", lesson00.check_batch_size, len(x_train))
run("np.int64(1347)", lesson00.check_batch_size, np.int64(1347))
run("x_train[:, 0, 0, 0].size", lesson00.check_batch_size, x_train[:, 0, 0, 0].size)
run("np.shape(x_train)[0] as array([1347])", lesson00.check_batch_size, np.array([1347]))
run("WRONG x_train.shape (whole tuple)", lesson00.check_batch_size, x_train.shape)
run("WRONG 1797 (whole data set)", lesson00.check_batch_size, 1797)
run("WRONG x_train.size", lesson00.check_batch_size, x_train.size)
run("WRONG x_train (the array)", lesson00.check_batch_size, x_train)
run("WRONG '1347' (a string)", lesson00.check_batch_size, "1347")
run("WRONG 1346 (len - 1, last index)", lesson00.check_batch_size, 1346)

print("\n===== Exercise 0.2: shape of 250 RGB photos 64x48 =====")
run("(250, 64, 48, 3)", lesson00.check_photo_shape, (250, 64, 48, 3))
run("[250, 64, 48, 3] list", lesson00.check_photo_shape, [250, 64, 48, 3])
run("np.zeros((250,64,48,3)).shape", lesson00.check_photo_shape, np.zeros((250, 64, 48, 3)).shape)
run("np.array([250,64,48,3])", lesson00.check_photo_shape, np.array([250, 64, 48, 3]))
run("(250, 64, 48, 3) built from x_train.shape pattern", lesson00.check_photo_shape,
    (250, *(64, 48), 3))
run("WRONG (250, 48, 64, 3) width/height swapped", lesson00.check_photo_shape, (250, 48, 64, 3))
run("WRONG (None, 64, 48, 3)", lesson00.check_photo_shape, (None, 64, 48, 3))
run("WRONG (250, 3, 64, 48) channels first", lesson00.check_photo_shape, (250, 3, 64, 48))
run("WRONG (64, 48, 3) one photo", lesson00.check_photo_shape, (64, 48, 3))
run("WRONG '(250, 64, 48, 3)' as text", lesson00.check_photo_shape, "(250, 64, 48, 3)")
run("WRONG (250, 64, 48, 3.0) float", lesson00.check_photo_shape, (250, 64, 48, 3.0))
run("WRONG (250, 64*48*3)", lesson00.check_photo_shape, (250, 64 * 48 * 3))

print("\n===== Exercise 1.1: shape of a batch of the first 32 digits =====")
run("x_train[:32].shape", lesson01.check_batch_shape, x_train[:32].shape)
run("(32, 8, 8, 1)", lesson01.check_batch_shape, (32, 8, 8, 1))
run("[32, 8, 8, 1] list", lesson01.check_batch_shape, [32, 8, 8, 1])
run("keras.ops.shape(tensor)", lesson01.check_batch_shape,
    keras.ops.shape(keras.ops.convert_to_tensor(x_train[:32])))
run("tf.shape(x) (an int tensor)", lesson01.check_batch_shape,
    __import__("tensorflow").shape(x_train[:32]))
run("np.array(x_train[:32].shape)", lesson01.check_batch_shape, np.array(x_train[:32].shape))
run("WRONG (None, 8, 8, 1)", lesson01.check_batch_shape, (None, 8, 8, 1))
run("WRONG (32, 8, 8) no channel", lesson01.check_batch_shape, (32, 8, 8))
run("WRONG x_train[:32] (the data)", lesson01.check_batch_shape, x_train[:32])
run("WRONG (32, 64)", lesson01.check_batch_shape, (32, 64))
run("WRONG x_train[32].shape (one image)", lesson01.check_batch_shape, x_train[32].shape)
run("WRONG (31, 8, 8, 1) x_train[1:32]", lesson01.check_batch_shape, x_train[1:32].shape)

print("\n===== Exercise 1.2: keras.Input for RGB 32x32 =====")
run("keras.Input(shape=(32, 32, 3))", lesson01.check_rgb_input, keras.Input(shape=(32, 32, 3)))
run("keras.Input((32, 32, 3)) positional", lesson01.check_rgb_input, keras.Input((32, 32, 3)))
run("keras.layers.Input(shape=[32, 32, 3], name='rgb')", lesson01.check_rgb_input,
    keras.layers.Input(shape=[32, 32, 3], name="rgb"))
run("keras.Input(batch_shape=(None, 32, 32, 3))", lesson01.check_rgb_input,
    keras.Input(batch_shape=(None, 32, 32, 3)))
run("keras.Input(shape=(32, 32, 3), dtype='uint8')", lesson01.check_rgb_input,
    keras.Input(shape=(32, 32, 3), dtype="uint8"))
run("WRONG keras.Input(shape=(None, 32, 32, 3))", lesson01.check_rgb_input, keras.Input(shape=(None, 32, 32, 3)))
run("WRONG keras.Input(shape=(3, 32, 32))", lesson01.check_rgb_input, keras.Input(shape=(3, 32, 32)))
run("WRONG keras.Input(shape=(32, 32, 3), batch_size=32)", lesson01.check_rgb_input,
    keras.Input(shape=(32, 32, 3), batch_size=32))
run("WRONG (None, 32, 32, 3) tuple", lesson01.check_rgb_input, (None, 32, 32, 3))
run("WRONG keras.Input(shape=(32, 32))", lesson01.check_rgb_input, keras.Input(shape=(32, 32)))
run("WRONG keras.Input(shape=(None, None, 3)) any size", lesson01.check_rgb_input,
    keras.Input(shape=(None, None, 3)))
run("WRONG keras.Input(shape=(32*32*3,)) flat", lesson01.check_rgb_input, keras.Input(shape=(3072,)))
run("borderline keras.Input(shape=(32, 32, 3), sparse=True)", lesson01.check_rgb_input,
    keras.Input(shape=(32, 32, 3), sparse=True))

print("\n===== Exercise 1.3: b[2, 1] after transpose(1, 0, 2).reshape(4, 6) =====")
b = np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape(4, 6)
run("b[2, 1]", lesson01.check_reading_order, b[2, 1])
run("b[2][1]", lesson01.check_reading_order, b[2][1])
run("17 by hand", lesson01.check_reading_order, 17)
run("b.reshape(-1)[2*6+1]", lesson01.check_reading_order, b.reshape(-1)[13])
run("np.array(17) 0-d", lesson01.check_reading_order, np.array(17))
run("keras tensor of b[2,1]", lesson01.check_reading_order, keras.ops.convert_to_tensor(b)[2, 1])
run("WRONG 13 (ignores the transpose)", lesson01.check_reading_order, 13)
run("WRONG 16 (transpose(0, 2, 1))", lesson01.check_reading_order, 16)
run("WRONG 4 (b[1, 2])", lesson01.check_reading_order, 4)
run("WRONG 1 (column-major)", lesson01.check_reading_order, 1)
run("WRONG 18 (b[2, 2], miscounted)", lesson01.check_reading_order, 18)
run("WRONG 9 (t[2,1] second row read)", lesson01.check_reading_order, 9)
run("WRONG b[2] (a whole row)", lesson01.check_reading_order, b[2])
run("WRONG 17.5", lesson01.check_reading_order, 17.5)

print("\n===== Exercise 1.4: total params of Conv2D(8,3) -> Flatten -> Dense(5) on 12x12x3 =====")
m = keras.Sequential([keras.Input(shape=(12, 12, 3)), keras.layers.Conv2D(8, 3),
                      keras.layers.Flatten(), keras.layers.Dense(5)])
run("model.count_params()", lesson01.check_summary_params, m.count_params())
run("by arithmetic 3*3*3*8+8 + 10*10*8*5+5", lesson01.check_summary_params, 3 * 3 * 3 * 8 + 8 + 10 * 10 * 8 * 5 + 5)
run("shapes helpers", lesson01.check_summary_params,
    shapes.conv2d_params(3, 3, 8) + shapes.dense_params(800, 5))
run("sum of layer.count_params()", lesson01.check_summary_params, sum(l.count_params() for l in m.layers))
run("np.int64(4229)", lesson01.check_summary_params, np.int64(4229))
run("WRONG no biases (4208)", lesson01.check_summary_params, 3 * 3 * 3 * 8 + 800 * 5)
run("WRONG conv bias forgotten only (4221)", lesson01.check_summary_params, 3 * 3 * 3 * 8 + 4005)
run("WRONG one channel (4085)", lesson01.check_summary_params, 3 * 3 * 1 * 8 + 8 + 4005)
run("WRONG no shrink 12x12 (5989)", lesson01.check_summary_params, 224 + 12 * 12 * 8 * 5 + 5)
run("WRONG conv2d_params(8, 3, 3) Keras order", lesson01.check_summary_params,
    shapes.conv2d_params(8, 3, 3) + 4005)
run("WRONG 'same' misthink 11x11 (off by one)", lesson01.check_summary_params, 224 + 11 * 11 * 8 * 5 + 5)
run("WRONG Dense only (4005)", lesson01.check_summary_params, 4005)
run("WRONG Flatten counted as 800 params", lesson01.check_summary_params, 4229 + 800)

print("\n===== Exercise 2.1: Dense(5) on (None, 6, 6, 16) =====")
t = keras.layers.Dense(5)(keras.Input(shape=(6, 6, 16)))
run("KerasTensor.shape", lesson02.check_dense_without_flatten, t.shape)
run("(None, 6, 6, 5)", lesson02.check_dense_without_flatten, (None, 6, 6, 5))
run("[None, 6, 6, 5] list", lesson02.check_dense_without_flatten, [None, 6, 6, 5])
run("Dense(5).compute_output_shape((None,6,6,16))", lesson02.check_dense_without_flatten,
    keras.layers.Dense(5).compute_output_shape((None, 6, 6, 16)))
run("model.output_shape", lesson02.check_dense_without_flatten,
    keras.Sequential([keras.Input(shape=(6, 6, 16)), keras.layers.Dense(5)]).output_shape)
run("WRONG (form) the KerasTensor itself, not .shape: told to pass .shape", lesson02.check_dense_without_flatten, t)
run("WRONG (None, 5)", lesson02.check_dense_without_flatten, (None, 5))
run("WRONG (None, 6, 6, 16, 5)", lesson02.check_dense_without_flatten, (None, 6, 6, 16, 5))
run("WRONG (6, 6, 5)", lesson02.check_dense_without_flatten, (6, 6, 5))
run("WRONG (None, 5, 6, 6)", lesson02.check_dense_without_flatten, (None, 5, 6, 6))
run("WRONG (None, 6, 6, 80) units x channels", lesson02.check_dense_without_flatten, (None, 6, 6, 80))
run("WRONG (None, 36, 5)", lesson02.check_dense_without_flatten, (None, 36, 5))
run("WRONG (1, 6, 6, 5) from data of batch 1", lesson02.check_dense_without_flatten, (1, 6, 6, 5))

print("\n===== Exercise 2.2: flat position of [2, 1, 3] in (5, 4, 8) =====")
probe = np.arange(160).reshape(1, 5, 4, 8)
flat_probe = keras.ops.convert_to_numpy(keras.layers.Flatten()(probe))[0]
run("75", lesson02.check_flat_position, 75)
run("np.flatnonzero(...)", lesson02.check_flat_position, np.flatnonzero(flat_probe == probe[0, 2, 1, 3]))
run("np.argwhere(flat == v)", lesson02.check_flat_position, np.argwhere(flat_probe == probe[0, 2, 1, 3]))
run("np.ravel_multi_index", lesson02.check_flat_position, np.ravel_multi_index((2, 1, 3), (5, 4, 8)))
run("shapes.flat_index", lesson02.check_flat_position, shapes.flat_index(2, 1, 3, 5, 4, 8))
run("list(flat_probe).index(v)", lesson02.check_flat_position, list(flat_probe).index(probe[0, 2, 1, 3]))
run("probe[0,2,1,3] (value == position by construction)", lesson02.check_flat_position, probe[0, 2, 1, 3])
run("WRONG 69 channels first", lesson02.check_flat_position, (3 * 5 + 2) * 4 + 1)
run("WRONG 76", lesson02.check_flat_position, 76)
run("WRONG 72 (pixel start)", lesson02.check_flat_position, 72)
run("WRONG 9 (pixel number)", lesson02.check_flat_position, 9)
run("WRONG np.argwhere(probe == v) (4-D)", lesson02.check_flat_position, np.argwhere(probe == 75))
run("WRONG row*h*c+col*c+ch (h for w) = 91", lesson02.check_flat_position, 2 * 5 * 8 + 1 * 8 + 3)

print("\n===== Exercise 2.3: position(row, col, ch, h, w, c) =====")
run("solution formula", lesson02.check_position_function, lambda row, col, ch, h, w, c: (row * w + col) * c + ch)
run("expanded row*w*c + col*c + ch", lesson02.check_position_function,
    lambda row, col, ch, h, w, c: row * w * c + col * c + ch)
run("np.ravel_multi_index", lesson02.check_position_function,
    lambda row, col, ch, h, w, c: np.ravel_multi_index((row, col, ch), (h, w, c)))


def by_keras(row, col, ch, h, w, c):
    x = np.arange(h * w * c).reshape(1, h, w, c)
    flat = keras.ops.convert_to_numpy(keras.layers.Flatten()(x))[0]
    return int(np.flatnonzero(flat == x[0, row, col, ch])[0])


run("probe with Keras Flatten on each call", lesson02.check_position_function, by_keras)
run("np.arange(...).reshape(h,w,c)[row,col,ch]", lesson02.check_position_function,
    lambda row, col, ch, h, w, c: np.arange(h * w * c).reshape(h, w, c)[row, col, ch])
run("WRONG channels-first formula", lesson02.check_position_function,
    lambda row, col, ch, h, w, c: (ch * h + row) * w + col)
run("WRONG h in place of w", lesson02.check_position_function,
    lambda row, col, ch, h, w, c: (row * h + col) * c + ch)
run("WRONG returns [value]", lesson02.check_position_function,
    lambda row, col, ch, h, w, c: [(row * w + col) * c + ch])
run("WRONG counts from 1", lesson02.check_position_function,
    lambda row, col, ch, h, w, c: (row * w + col) * c + ch + 1)
run("WRONG float result via / (e.g. 13.0)", lesson02.check_position_function,
    lambda row, col, ch, h, w, c: (row * w + col) * c + ch + 0.0)
run("WRONG prints instead of returns", lesson02.check_position_function,
    lambda row, col, ch, h, w, c: print(end=""))
run("WRONG column-major (col first)", lesson02.check_position_function,
    lambda row, col, ch, h, w, c: (col * h + row) * c + ch)

print("\n===== Exercise 2.4: element at flat position 50 of (4, 4, 8) =====")
run("(1, 2, 2)", lesson02.check_element_at, (1, 2, 2))
run("np.unravel_index(50, (4, 4, 8))", lesson02.check_element_at, np.unravel_index(50, (4, 4, 8)))
run("shapes.unflat_index", lesson02.check_element_at, shapes.unflat_index(50, 4, 4, 8))
run("np.argwhere(map == 50) on (4,4,8) map", lesson02.check_element_at,
    np.argwhere(np.arange(128).reshape(4, 4, 8) == 50))
run("[1, 2, 2] list", lesson02.check_element_at, [1, 2, 2])
run("np.array([1, 2, 2])", lesson02.check_element_at, np.array([1, 2, 2]))
run("WRONG (2, 2, 1) reversed", lesson02.check_element_at, (2, 2, 1))
run("WRONG channels-first (0, 3, 2)? (ch=3, rest=2)", lesson02.check_element_at, (0, 2, 3))
run("WRONG (2, 1, 2) row/col swapped", lesson02.check_element_at, (2, 1, 2))
run("WRONG np.argwhere on the 4-D map (0, 1, 2, 2)", lesson02.check_element_at,
    np.argwhere(np.arange(128).reshape(1, 4, 4, 8) == 50))
run("WRONG (6, 2) pixel, channel only", lesson02.check_element_at, (6, 2))
run("WRONG (1, 2, 1)", lesson02.check_element_at, (1, 2, 1))

print("\n===== Exercise 2.5: channels_first (1, 3, 4, 5), x[0, 2, 1, 3] =====")
x_cf = np.arange(60).reshape(1, 3, 4, 5)
flat_cf = keras.ops.convert_to_numpy(keras.layers.Flatten(data_format="channels_first")(x_cf))[0]
run("np.flatnonzero on Keras output", lesson02.check_channels_first_position,
    np.flatnonzero(flat_cf == x_cf[0, 2, 1, 3]))
run("26", lesson02.check_channels_first_position, 26)
run("(1*5 + 3)*3 + 2 formula", lesson02.check_channels_first_position, (1 * 5 + 3) * 3 + 2)
run("np.ravel_multi_index((1,3,2),(4,5,3))", lesson02.check_channels_first_position,
    np.ravel_multi_index((1, 3, 2), (4, 5, 3)))
run("list(flat_cf).index(...)", lesson02.check_channels_first_position, list(flat_cf).index(x_cf[0, 2, 1, 3]))
run("WRONG 48 plain reshape", lesson02.check_channels_first_position, (2 * 4 + 1) * 5 + 3)
run("WRONG 27", lesson02.check_channels_first_position, 27)
run("WRONG 24 pixel start", lesson02.check_channels_first_position, 24)
run("WRONG np.argwhere(x_cf == 48) on 4-D input", lesson02.check_channels_first_position, np.argwhere(x_cf == 48))
run("WRONG x_cf[0,2,1,3] (the value, 48)", lesson02.check_channels_first_position, x_cf[0, 2, 1, 3])
run("WRONG (1*5+3)*4+2 uses h for c = 34", lesson02.check_channels_first_position, (1 * 5 + 3) * 4 + 2)

print("\n===== Exercise 3.1: Conv2D(8, 5, strides=2) on (32, 25, 3) =====")
mm = keras.Sequential([keras.Input(shape=(32, 25, 3)), keras.layers.Conv2D(8, 5, strides=2)])
run("model.output_shape", lesson03.check_conv_shape, mm.output_shape)
run("(None, 14, 11, 8)", lesson03.check_conv_shape, (None, 14, 11, 8))
run("compute_output_shape", lesson03.check_conv_shape,
    keras.layers.Conv2D(8, 5, strides=2).compute_output_shape((None, 32, 25, 3)))
run("list with math.floor", lesson03.check_conv_shape,
    [None, math.floor((32 - 5) / 2) + 1, math.floor((25 - 5) / 2) + 1, 8])
run("mm.layers[0].output.shape", lesson03.check_conv_shape, mm.layers[0].output.shape)
run("WRONG (None, 16, 13, 8) same", lesson03.check_conv_shape, (None, 16, 13, 8))
run("WRONG (None, 13, 10, 8) forgot +1", lesson03.check_conv_shape, (None, 13, 10, 8))
run("WRONG (None, 28, 21, 8) stride ignored", lesson03.check_conv_shape, (None, 28, 21, 8))
run("WRONG (None, 14, 11, 3) input channels", lesson03.check_conv_shape, (None, 14, 11, 3))
run("WRONG (14, 11, 8) no batch", lesson03.check_conv_shape, (14, 11, 8))
run("WRONG (None, 8, 14, 11) channels first", lesson03.check_conv_shape, (None, 8, 14, 11))
run("WRONG (None, 14.0, 11.0, 8) float /", lesson03.check_conv_shape, (None, 14.0, 11.0, 8))
run("WRONG (None, 15, 11, 8) round()", lesson03.check_conv_shape, (None, round(27 / 2) + 1, round(20 / 2) + 1, 8))
run("WRONG (None, 14, 10, 8) ceil w/o +1", lesson03.check_conv_shape, (None, 14, 10, 8))

print("\n===== Exercise 3.2: out_len(i, k, s, p) =====")


def sol(i, k, s, p):
    if p == "same":
        return math.ceil(i / s)
    if p == "valid":
        p = 0
    return (i + 2 * p - k) // s + 1


def alt_pad(i, k, s, p):  # compute the 'same' padding explicitly, then the floor formula
    if p == "same":
        pad = max((math.ceil(i / s) - 1) * s + k - i, 0)
        return (i + pad - k) // s + 1
    p = 0 if p == "valid" else p
    return (i + 2 * p - k) // s + 1


def alt_keras(i, k, s, p):  # ask Keras (allowed: the exercise forbids utils.shapes only)
    if p in ("valid", "same"):
        return keras.layers.Conv1D(1, k, strides=s, padding=p).compute_output_shape((None, i, 1))[1]
    return keras.layers.Conv1D(1, k, strides=s).compute_output_shape((None, i + 2 * p, 1))[1]


def alt_count(i, k, s, p):  # literally count window starts
    if p == "same":
        return -(-i // s)
    p = {"valid": 0}.get(p, p)
    return len(range(0, i + 2 * p - k + 1, s))


run("solution", lesson03.check_out_len, sol)
run("same via explicit pad total", lesson03.check_out_len, alt_pad)
run("ask Keras compute_output_shape", lesson03.check_out_len, alt_keras)
run("count window starts with range()", lesson03.check_out_len, alt_count)
run("math.floor((i+2p-k)/s)+1 and (i+s-1)//s", lesson03.check_out_len,
    lambda i, k, s, p: (i + s - 1) // s if p == "same" else
    math.floor((i + 2 * (0 if p == "valid" else p) - k) / s) + 1)
run("WRONG same ignores stride", lesson03.check_out_len,
    lambda i, k, s, p: i if p == "same" else (i + 2 * (0 if p == "valid" else p) - k) // s + 1)
run("WRONG ceil everywhere", lesson03.check_out_len,
    lambda i, k, s, p: math.ceil(i / s) if p == "same" else math.ceil((i + 2 * (0 if p == "valid" else p) - k) / s) + 1)
run("WRONG padding once", lesson03.check_out_len,
    lambda i, k, s, p: math.ceil(i / s) if p == "same" else (i + (0 if p == "valid" else p) - k) // s + 1)
run("WRONG float division /", lesson03.check_out_len,
    lambda i, k, s, p: i / s if p == "same" else (i + 2 * (0 if p == "valid" else p) - k) / s + 1)
run("WRONG same = PyTorch k//2 padding", lesson03.check_out_len,
    lambda i, k, s, p: (i + 2 * (k // 2 if p == "same" else 0 if p == "valid" else p) - k) // s + 1)
run("WRONG same via round()", lesson03.check_out_len,
    lambda i, k, s, p: round(i / s) if p == "same" else (i + 2 * (0 if p == "valid" else p) - k) // s + 1)
run("WRONG treats p=0 int as 'same'", lesson03.check_out_len,
    lambda i, k, s, p: math.ceil(i / s) if p in ("same", 0) else (i + 2 * (0 if p == "valid" else p) - k) // s + 1)
run("same as (i + (k-1) - k)//s + 1 == (i-1)//s + 1 (correct: equals ceil)", lesson03.check_out_len,
    lambda i, k, s, p: (i + k - 1 - k) // s + 1 if p == "same" else (i + 2 * (0 if p == "valid" else p) - k) // s + 1)

print("\n===== Exercise 3.3: smallest square input of the chain =====")


def survives_keras(n):
    try:
        shape = keras.Sequential([keras.Input(shape=(n, n, 1)), keras.layers.Conv2D(8, 5),
                                  keras.layers.MaxPooling2D(2), keras.layers.Conv2D(16, 3, strides=2),
                                  keras.layers.MaxPooling2D(2)]).output_shape
    except ValueError:
        return False
    return 0 not in shape[1:]


def backwards():
    need = 2                  # last pool needs >= 2
    need = (need - 1) * 2 + 3  # conv3 s2: o >= need -> i >= (need-1)*s + k = 5
    need = need * 2            # pool 2: floor(i/2) >= 5 -> i >= 10
    return need + 5 - 1        # conv5: i - 4 >= 10 -> 14


run("14", lesson03.check_smallest_input, 14)
run("search with Keras", lesson03.check_smallest_input, next(n for n in range(1, 64) if survives_keras(n)))
run("backwards reasoning", lesson03.check_smallest_input, backwards())
run("np.int64(14)", lesson03.check_smallest_input, np.int64(14))
run("WRONG (form) (14, 14) as a tuple side x side: told to give one side", lesson03.check_smallest_input, (14, 14))
run("WRONG 13", lesson03.check_smallest_input, 13)
run("WRONG 15", lesson03.check_smallest_input, 15)
run("WRONG 10 (forgot conv stride)", lesson03.check_smallest_input, 10)
run("WRONG 28", lesson03.check_smallest_input, 28)
run("WRONG 0", lesson03.check_smallest_input, 0)
run("WRONG (14, 14, 1) a shape", lesson03.check_smallest_input, (14, 14, 1))

print("\n===== Exercise 3.4: dilated Conv1D then MaxPooling1D(3, same) on (62, 1) =====")
sm = keras.Sequential([keras.Input(shape=(62, 1)), keras.layers.Conv1D(8, 3, dilation_rate=5),
                       keras.layers.MaxPooling1D(3, padding="same")])
# The correct cases below pass signal_shape_61 too: the exercise asks for it since review r7.
run("((None,52,8),(None,18,8))", lesson03.check_dilated_signal, (None, 52, 8), (None, 18, 8), (None, 17, 8))
run("from the model", lesson03.check_dilated_signal, sm.layers[0].output.shape, sm.output_shape, (None, 17, 8))
run("lists", lesson03.check_dilated_signal, [None, 52, 8], [None, 18, 8], [None, 17, 8])
run("compute_output_shape chain", lesson03.check_dilated_signal,
    keras.layers.Conv1D(8, 3, dilation_rate=5).compute_output_shape((None, 62, 1)),
    keras.layers.MaxPooling1D(3, padding="same").compute_output_shape((None, 52, 8)), (None, 17, 8))
run("WRONG conv ignores dilation (None,60,8)", lesson03.check_dilated_signal, (None, 60, 8), (None, 20, 8))
run("WRONG k*d (None,48,8)", lesson03.check_dilated_signal, (None, 48, 8), (None, 16, 8))
run("WRONG pool valid (None,17,8)", lesson03.check_dilated_signal, (None, 52, 8), (None, 17, 8))
run("WRONG pool stride 1 same (None,52,8)", lesson03.check_dilated_signal, (None, 52, 8), (None, 52, 8))
run("WRONG 2-D shape (None,18,1,8)", lesson03.check_dilated_signal, (None, 52, 8), (None, 18, 1, 8))
run("WRONG forgot +1 (None,51,8),(None,17,8)", lesson03.check_dilated_signal, (None, 51, 8), (None, 17, 8))
run("WRONG (partial) conv only, signal left as ...: not attempted, the conv judged", lesson03.check_dilated_signal, (None, 52, 8), ...)
run("WRONG np.floor/np.ceil floats in out_len (3.2)", lesson03.check_out_len,
    lambda i, k, s, p: np.ceil(i / s) if p == "same" else np.floor((i + 2 * (0 if p == "valid" else p) - k) / s) + 1)
run("WRONG 75.0 float position (2.2)", lesson02.check_flat_position, 75.0)

print("\n===== summary =====")
print("false negatives (correct rejected):", SUMMARY["fn"])
print("false positives (wrong accepted): ", SUMMARY["fp"])
print("raised:", SUMMARY["raised"])
print("ok" if not (SUMMARY["fn"] or SUMMARY["fp"] or SUMMARY["raised"]) else "FAIL")
sys.exit(1 if SUMMARY["fn"] or SUMMARY["fp"] or SUMMARY["raised"] else 0)
