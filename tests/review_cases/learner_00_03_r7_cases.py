# ruff: noqa  (the reviewer's script, kept as written so it compares with the review)
"""Reviewer cases for lessons 00-03 (clone l0003): alternative correct answers and plausible wrong ones
run through each exercise's own check. Labels starting with WRONG are answers that SHOULD be rejected.

The independent learner review of lessons 00-03, round 7, kept as its reviewer wrote it except for the four
right answers to Exercise 3.4, which now pass signal_shape_61 too (the review itself led to that third
shape), and the exit status: 1 when a check accepts a WRONG answer, rejects a right one or raises.

Run from the course root:  .venv/bin/python tests/review_cases/learner_00_03_r7_cases.py
"""
import math
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import keras  # noqa: E402
import numpy as np  # noqa: E402

from utils import data, shapes  # noqa: E402
from utils.lessons import lesson00, lesson01, lesson02, lesson03  # noqa: E402

x_train, y_train, x_test, y_test = data.load_digits()
TALLY = {"ok": 0, "false_negative": 0, "false_positive": 0, "raised": 0}


def show(label, result):
    """Print one case: the verdict, whether it is the expected one, and the check's first line."""
    wrong_expected = label.startswith("WRONG")
    if isinstance(result, BaseException):
        TALLY["raised"] += 1
        print(f"RAISED  {label}: {type(result).__name__}: {result}")
        return
    ok = (not result.correct) if wrong_expected else result.correct
    flag = "ok     " if ok else ("FALSE+ " if wrong_expected else "FALSE- ")
    TALLY["ok" if ok else ("false_positive" if wrong_expected else "false_negative")] += 1
    text = result.text().replace("\n", " | ")
    print(f"{flag} {label}: {text[:260]}")


def run(label, fn, *args):
    try:
        result = fn(*args)
    except BaseException as exc:  # noqa: BLE001 - a check should never raise for a learner
        result = exc
    show(label, result)


# ---------------- Exercise 0.1: number of training images ----------------
run("0.1 len(x_train)", lesson00.check_batch_size, len(x_train))
run("0.1 y_train.shape[0]", lesson00.check_batch_size, y_train.shape[0])
run("0.1 np.int64", lesson00.check_batch_size, np.int64(x_train.shape[0]))
run("0.1 x_train[:, 0, 0, 0].size", lesson00.check_batch_size, x_train[:, 0, 0, 0].size)
run("WRONG 0.1 x_test.shape[0]", lesson00.check_batch_size, x_test.shape[0])
run("WRONG 0.1 x_train.shape (tuple)", lesson00.check_batch_size, x_train.shape)
run("WRONG 0.1 x_train.size", lesson00.check_batch_size, x_train.size)
run("WRONG 0.1 len(x_train[0])", lesson00.check_batch_size, len(x_train[0]))
run("WRONG 0.1 x_train itself", lesson00.check_batch_size, x_train)

# ---------------- Exercise 0.2: shape of 250 RGB photos 64x48 ----------------
run("0.2 list", lesson00.check_photo_shape, [250, 64, 48, 3])
run("0.2 np.array", lesson00.check_photo_shape, np.array([250, 64, 48, 3]))
run("0.2 np.zeros(...).shape", lesson00.check_photo_shape, np.zeros((250, 64, 48, 3), "uint8").shape)
run("0.2 tuple of np.int64", lesson00.check_photo_shape, tuple(np.int64(v) for v in (250, 64, 48, 3)))
run("WRONG 0.2 (250, 48, 64, 3) w/h swapped", lesson00.check_photo_shape, (250, 48, 64, 3))
run("WRONG 0.2 (64, 48, 3)", lesson00.check_photo_shape, (64, 48, 3))
run("WRONG 0.2 channels first", lesson00.check_photo_shape, (250, 3, 64, 48))
run("WRONG 0.2 (None, 64, 48, 3)", lesson00.check_photo_shape, (None, 64, 48, 3))
run("WRONG 0.2 string", lesson00.check_photo_shape, "(250, 64, 48, 3)")

# ---------------- Exercise 1.1: shape of a batch of 32 ----------------
run("1.1 tuple literal", lesson01.check_batch_shape, (32, 8, 8, 1))
run("1.1 list", lesson01.check_batch_shape, [32, 8, 8, 1])
run("1.1 keras.ops.shape", lesson01.check_batch_shape, keras.ops.shape(x_train[:32]))
run("1.1 tensor.shape", lesson01.check_batch_shape, keras.ops.convert_to_tensor(x_train[:32]).shape)
run("1.1 np.shape", lesson01.check_batch_shape, np.shape(x_train[:32]))
run("WRONG 1.1 x_train[:32] (data)", lesson01.check_batch_shape, x_train[:32])
run("WRONG 1.1 (None, 8, 8, 1)", lesson01.check_batch_shape, (None, 8, 8, 1))
run("WRONG 1.1 x_train[:31].shape", lesson01.check_batch_shape, x_train[:31].shape)
run("WRONG 1.1 (32, 64)", lesson01.check_batch_shape, (32, 64))
run("WRONG 1.1 (32, 8, 8)", lesson01.check_batch_shape, (32, 8, 8))

# ---------------- Exercise 1.2: keras.Input for RGB 32x32 ----------------
run("1.2 shape list", lesson01.check_rgb_input, keras.Input(shape=[32, 32, 3]))
run("1.2 keras.layers.Input", lesson01.check_rgb_input, keras.layers.Input(shape=(32, 32, 3)))
run("1.2 batch_shape=(None, 32, 32, 3)", lesson01.check_rgb_input, keras.Input(batch_shape=(None, 32, 32, 3)))
run("1.2 dtype uint8 + name", lesson01.check_rgb_input, keras.Input(shape=(32, 32, 3), dtype="uint8", name="img"))
run("WRONG 1.2 channels first", lesson01.check_rgb_input, keras.Input(shape=(3, 32, 32)))
run("WRONG 1.2 batch inside shape", lesson01.check_rgb_input, keras.Input(shape=(32, 32, 32, 3)))
run("WRONG 1.2 batch_size=32", lesson01.check_rgb_input, keras.Input(shape=(32, 32, 3), batch_size=32))
run("WRONG 1.2 a shape tuple", lesson01.check_rgb_input, (None, 32, 32, 3))
run("WRONG 1.2 any size (None, None, 3)", lesson01.check_rgb_input, keras.Input(shape=(None, None, 3)))
run("WRONG 1.2 one channel", lesson01.check_rgb_input, keras.Input(shape=(32, 32, 1)))
run("WRONG 1.2 data np.zeros", lesson01.check_rgb_input, np.zeros((1, 32, 32, 3)))

# ---------------- Exercise 1.3: b[2, 1] after transpose ----------------
b = np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape(4, 6)
run("1.3 b[2][1]", lesson01.check_reading_order, b[2][1])
run("1.3 int literal 17", lesson01.check_reading_order, 17)
run("1.3 b[2, 1:2] (size-1 array)", lesson01.check_reading_order, b[2, 1:2])
run("1.3 keras tensor", lesson01.check_reading_order, keras.ops.convert_to_tensor(b)[2, 1])
run("WRONG 1.3 without transpose 13", lesson01.check_reading_order, np.arange(24).reshape(4, 6)[2, 1])
run("WRONG 1.3 b[1, 2]", lesson01.check_reading_order, b[1, 2])
run("WRONG 1.3 1-based b[1, 0]", lesson01.check_reading_order, b[1, 0])
run("WRONG 1.3 Fortran order", lesson01.check_reading_order,
    np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape((4, 6), order="F")[2, 1])
run("WRONG 1.3 the row b[2]", lesson01.check_reading_order, b[2])

# ---------------- Exercise 1.4: total parameters ----------------
built = keras.Sequential([keras.Input(shape=(12, 12, 3)), keras.layers.Conv2D(8, 3),
                          keras.layers.Flatten(), keras.layers.Dense(5)])
run("1.4 count_params()", lesson01.check_summary_params, built.count_params())
run("1.4 arithmetic", lesson01.check_summary_params, (3 * 3 * 3 * 8 + 8) + (10 * 10 * 8 * 5 + 5))
run("1.4 np.int64 sum of layer counts", lesson01.check_summary_params,
    np.sum([layer.count_params() for layer in built.layers]))
run("1.4 float 4229.0", lesson01.check_summary_params, 4229.0)
run("WRONG 1.4 no bias", lesson01.check_summary_params, 3 * 3 * 3 * 8 + 10 * 10 * 8 * 5)
run("WRONG 1.4 12x12 map (same padding)", lesson01.check_summary_params, 224 + 12 * 12 * 8 * 5 + 5)
run("WRONG 1.4 one input channel", lesson01.check_summary_params, 80 + 4005)
run("WRONG 1.4 Keras argument order", lesson01.check_summary_params,
    shapes.conv2d_params(8, 3, 3) + shapes.dense_params(800, 5))
run("WRONG 1.4 Dense only", lesson01.check_summary_params, 4005)
run("WRONG 1.4 flat length added", lesson01.check_summary_params, 4229 + 800)

# ---------------- Exercise 2.1: Dense(5) on (None, 6, 6, 16) ----------------
run("2.1 compute_output_shape", lesson02.check_dense_without_flatten,
    keras.layers.Dense(5).compute_output_shape((None, 6, 6, 16)))
run("2.1 literal", lesson02.check_dense_without_flatten, (None, 6, 6, 5))
run("2.1 list", lesson02.check_dense_without_flatten, [None, 6, 6, 5])
run("2.1 model.output_shape", lesson02.check_dense_without_flatten,
    keras.Sequential([keras.Input(shape=(6, 6, 16)), keras.layers.Dense(5)]).output_shape)
run("WRONG 2.1 KerasTensor itself", lesson02.check_dense_without_flatten,
    keras.layers.Dense(5)(keras.Input(shape=(6, 6, 16))))
run("WRONG 2.1 (None, 5)", lesson02.check_dense_without_flatten, (None, 5))
run("WRONG 2.1 (None, 180)", lesson02.check_dense_without_flatten, (None, 180))
run("WRONG 2.1 (None, 6, 6, 16, 5)", lesson02.check_dense_without_flatten, (None, 6, 6, 16, 5))
run("WRONG 2.1 (6, 6, 5)", lesson02.check_dense_without_flatten, (6, 6, 5))
run("WRONG 2.1 (1, 6, 6, 5)", lesson02.check_dense_without_flatten, (1, 6, 6, 5))

# ---------------- Exercise 2.2: flat position of [2, 1, 3] in (5, 4, 8) ----------------
probe = np.arange(5 * 4 * 8).reshape(1, 5, 4, 8)
flat_probe = keras.ops.convert_to_numpy(keras.layers.Flatten()(probe))[0]
run("2.2 formula", lesson02.check_flat_position, (2 * 4 + 1) * 8 + 3)
run("2.2 np.ravel_multi_index", lesson02.check_flat_position, np.ravel_multi_index((2, 1, 3), (5, 4, 8)))
run("2.2 np.argwhere on flat", lesson02.check_flat_position, np.argwhere(flat_probe == probe[0, 2, 1, 3]))
run("2.2 list.index", lesson02.check_flat_position, list(flat_probe).index(probe[0, 2, 1, 3]))
run("2.2 tf scalar via keras.ops.argmax", lesson02.check_flat_position,
    keras.ops.argmax(keras.ops.convert_to_tensor(flat_probe == 75)))
run("WRONG 2.2 channels first", lesson02.check_flat_position, (3 * 5 + 2) * 4 + 1)
run("WRONG 2.2 float 75.0", lesson02.check_flat_position, 75.0)
run("WRONG 2.2 argwhere on 4-D map", lesson02.check_flat_position, np.argwhere(probe == 75))
run("WRONG 2.2 76 (1-based)", lesson02.check_flat_position, 76)
run("WRONG 2.2 h instead of w", lesson02.check_flat_position, (2 * 5 + 1) * 8 + 3)


# ---------------- Exercise 2.3: position function ----------------
def keras_position(row, col, ch, h, w, c):  # let Keras do it: slow, but correct
    m = np.arange(h * w * c).reshape(1, h, w, c)
    return int(keras.ops.convert_to_numpy(keras.layers.Flatten()(m))[0].tolist().index(m[0, row, col, ch]))


run("2.3 row*w*c + col*c + ch", lesson02.check_position_function, lambda r, co, ch, h, w, c: r * w * c + co * c + ch)
run("2.3 np.ravel_multi_index", lesson02.check_position_function,
    lambda r, co, ch, h, w, c: np.ravel_multi_index((r, co, ch), (h, w, c)))
run("2.3 via Keras Flatten", lesson02.check_position_function, keras_position)
run("2.3 via np.arange(...).reshape", lesson02.check_position_function,
    lambda r, co, ch, h, w, c: np.arange(h * w * c).reshape(h, w, c)[r, co, ch])
run("WRONG 2.3 channels first", lesson02.check_position_function, lambda r, co, ch, h, w, c: (ch * h + r) * w + co)
run("WRONG 2.3 h instead of w", lesson02.check_position_function, lambda r, co, ch, h, w, c: (r * h + co) * c + ch)
run("WRONG 2.3 row not times c", lesson02.check_position_function, lambda r, co, ch, h, w, c: r * w + co * c + ch)
run("WRONG 2.3 returns list", lesson02.check_position_function, lambda r, co, ch, h, w, c: [(r * w + co) * c + ch])
run("WRONG 2.3 one-based", lesson02.check_position_function, lambda r, co, ch, h, w, c: (r * w + co) * c + ch + 1)
run("WRONG 2.3 float via /", lesson02.check_position_function,
    lambda r, co, ch, h, w, c: (r * w + co) * c + ch + 0.0)

# ---------------- Exercise 2.4: element at 50 of (4, 4, 8) ----------------
run("2.4 np.unravel_index", lesson02.check_element_at, np.unravel_index(50, (4, 4, 8)))
run("2.4 list", lesson02.check_element_at, [1, 2, 2])
run("2.4 np.argwhere on 3-D map", lesson02.check_element_at, np.argwhere(np.arange(128).reshape(4, 4, 8) == 50))
run("2.4 shapes.unflat_index", lesson02.check_element_at, shapes.unflat_index(50, 4, 4, 8))
run("WRONG 2.4 channels first", lesson02.check_element_at, (0, 2, 3))
run("WRONG 2.4 row/col swapped", lesson02.check_element_at, (2, 1, 2))
run("WRONG 2.4 one-based", lesson02.check_element_at, (2, 3, 3))
run("WRONG 2.4 argwhere 4-D", lesson02.check_element_at, np.argwhere(np.arange(128).reshape(1, 4, 4, 8) == 50))
run("WRONG 2.4 floats", lesson02.check_element_at, (1.0, 2.0, 2.0))

# ---------------- Exercise 2.5: channels_first position ----------------
x_cf = np.arange(60).reshape(1, 3, 4, 5)
flat_cf = keras.ops.convert_to_numpy(keras.layers.Flatten(data_format="channels_first")(x_cf))[0]
run("2.5 flatnonzero", lesson02.check_channels_first_position, np.flatnonzero(flat_cf == x_cf[0, 2, 1, 3]))
run("2.5 formula", lesson02.check_channels_first_position, (1 * 5 + 3) * 3 + 2)
run("2.5 via transpose + ravel_multi_index", lesson02.check_channels_first_position,
    np.ravel_multi_index((1, 3, 2), (4, 5, 3)))
run("WRONG 2.5 plain reshape", lesson02.check_channels_first_position, (2 * 4 + 1) * 5 + 3)
run("WRONG 2.5 h/w swapped in formula", lesson02.check_channels_first_position, (1 * 4 + 3) * 3 + 2)
run("WRONG 2.5 float 26.0", lesson02.check_channels_first_position, 26.0)
run("WRONG 2.5 argwhere on 4-D", lesson02.check_channels_first_position, np.argwhere(x_cf == x_cf[0, 2, 1, 3]))

# ---------------- Exercise 3.1 ----------------
run("3.1 Keras output_shape", lesson03.check_conv_shape,
    keras.Sequential([keras.Input(shape=(32, 25, 3)), keras.layers.Conv2D(8, 5, strides=2)]).output_shape)
run("3.1 math.floor", lesson03.check_conv_shape,
    (None, math.floor((32 - 5) / 2) + 1, math.floor((25 - 5) / 2) + 1, 8))
run("3.1 list", lesson03.check_conv_shape, [None, 14, 11, 8])
run("3.1 shapes.trace", lesson03.check_conv_shape, shapes.trace((32, 25, 3), [shapes.conv(8, 5, strides=2)])[-1].shape)
run("WRONG 3.1 np.floor floats", lesson03.check_conv_shape,
    (None, np.floor((32 - 5) / 2) + 1, np.floor((25 - 5) / 2) + 1, 8))
run("WRONG 3.1 ceil+1", lesson03.check_conv_shape, (None, 15, 11, 8))
run("WRONG 3.1 same", lesson03.check_conv_shape, (None, 16, 13, 8))
run("WRONG 3.1 input channels", lesson03.check_conv_shape, (None, 14, 11, 3))
run("WRONG 3.1 (i-k+1)//s", lesson03.check_conv_shape, (None, 14, 10, 8))
run("WRONG 3.1 stride ignored", lesson03.check_conv_shape, (None, 28, 21, 8))


# ---------------- Exercise 3.2 ----------------
def out_len_neg(i, k, s, p):
    if p == "same":
        return -(-i // s)
    p = 0 if p == "valid" else p
    return (i + 2 * p - k) // s + 1


def out_len_pad_then_floor(i, k, s, p):  # compute 'same' padding like TF, then the floor formula
    if p == "same":
        total = max((math.ceil(i / s) - 1) * s + k - i, 0)
        return (i + total - k) // s + 1
    p = 0 if p == "valid" else p
    return (i + 2 * p - k) // s + 1


def out_len_range(i, k, s, p):  # count the window starts
    if p == "same":
        return len(range(0, i, s))
    p = {"valid": 0}.get(p, p)
    return len(range(0, i + 2 * p - k + 1, s))


def out_len_npceil(i, k, s, p):
    if p == "same":
        return int(np.ceil(i / s))
    return int(np.floor((i + 2 * (0 if p == "valid" else p) - k) / s)) + 1


def wrong_torch_same(i, k, s, p):
    p = k // 2 if p == "same" else 0 if p == "valid" else p
    return (i + 2 * p - k) // s + 1


def wrong_round(i, k, s, p):
    if p == "same":
        return round(i / s)
    p = 0 if p == "valid" else p
    return (i + 2 * p - k) // s + 1


def wrong_np_floor(i, k, s, p):
    if p == "same":
        return np.ceil(i / s)
    p = 0 if p == "valid" else p
    return np.floor((i + 2 * p - k) / s) + 1


def wrong_pad_once(i, k, s, p):
    if p == "same":
        return -(-i // s)
    p = 0 if p == "valid" else p
    return (i + p - k) // s + 1


def wrong_same_keeps_size(i, k, s, p):
    if p == "same":
        return i
    p = 0 if p == "valid" else p
    return (i + 2 * p - k) // s + 1


def wrong_half_padding_for_same(i, k, s, p):  # D&V "half padding" p = (k-1)//2, right only for odd k
    p = (k - 1) // 2 if p == "same" else 0 if p == "valid" else p
    return (i + 2 * p - k) // s + 1


run("3.2 -(-i // s)", lesson03.check_out_len, out_len_neg)
run("3.2 TF padding then floor", lesson03.check_out_len, out_len_pad_then_floor)
run("3.2 len(range(...))", lesson03.check_out_len, out_len_range)
run("3.2 int(np.ceil/np.floor)", lesson03.check_out_len, out_len_npceil)
run("WRONG 3.2 PyTorch k//2 same", lesson03.check_out_len, wrong_torch_same)
run("WRONG 3.2 round(i/s)", lesson03.check_out_len, wrong_round)
run("WRONG 3.2 np.floor floats", lesson03.check_out_len, wrong_np_floor)
run("WRONG 3.2 padding once", lesson03.check_out_len, wrong_pad_once)
run("WRONG 3.2 same keeps size", lesson03.check_out_len, wrong_same_keeps_size)
run("WRONG 3.2 half padding (k-1)//2 for same", lesson03.check_out_len, wrong_half_padding_for_same)


# ---------------- Exercise 3.3 ----------------
def smallest_by_keras():
    for n in range(1, 60):
        try:
            shape = keras.Sequential([keras.Input(shape=(n, n, 1)), keras.layers.Conv2D(8, 5),
                                      keras.layers.MaxPooling2D(2), keras.layers.Conv2D(16, 3, strides=2),
                                      keras.layers.MaxPooling2D(2)]).output_shape
        except ValueError:
            continue
        if 0 not in shape[1:]:
            return n


run("3.3 literal", lesson03.check_smallest_input, 14)
run("3.3 by Keras search", lesson03.check_smallest_input, smallest_by_keras())
run("3.3 backwards arithmetic", lesson03.check_smallest_input, ((2 - 1) * 2 + 3) * 2 + 5 - 1)
run("3.3 np.int64", lesson03.check_smallest_input, np.int64(14))
run("WRONG 3.3 13", lesson03.check_smallest_input, 13)
run("WRONG 3.3 15", lesson03.check_smallest_input, 15)
run("WRONG 3.3 10 (stride forgotten)", lesson03.check_smallest_input, 10)
run("WRONG 3.3 the shape (14, 14, 1)", lesson03.check_smallest_input, (14, 14, 1))
run("WRONG 3.3 0", lesson03.check_smallest_input, 0)

# ---------------- Exercise 3.4 ----------------
sig = keras.Sequential([keras.Input(shape=(62, 1)), keras.layers.Conv1D(8, 3, dilation_rate=5),
                        keras.layers.MaxPooling1D(3, padding="same")])
run("3.4 from Keras", lesson03.check_dilated_signal, sig.layers[0].output.shape, sig.output_shape, (None, 17, 8))
run("3.4 lists", lesson03.check_dilated_signal, [None, 52, 8], [None, 18, 8], [None, 17, 8])
run("3.4 -(-52 // 3)", lesson03.check_dilated_signal, (None, 62 - 11 + 1, 8), (None, -(-52 // 3), 8), (None, -(-51 // 3), 8))
run("3.4 compute_output_shape", lesson03.check_dilated_signal,
    keras.layers.Conv1D(8, 3, dilation_rate=5).compute_output_shape((None, 62, 1)),
    keras.layers.MaxPooling1D(3, padding="same").compute_output_shape((None, 52, 1))[:2] + (8,),
    keras.layers.MaxPooling1D(3, padding="same").compute_output_shape((None, 51, 8)))
run("WRONG 3.4 dilation ignored", lesson03.check_dilated_signal, (None, 60, 8), (None, 20, 8))
run("WRONG 3.4 pool floors", lesson03.check_dilated_signal, (None, 52, 8), (None, 17, 8))
run("WRONG 3.4 k*d span", lesson03.check_dilated_signal, (None, 48, 8), (None, 16, 8))
run("WRONG 3.4 pool not applied", lesson03.check_dilated_signal, (None, 52, 8), (None, 52, 8))
run("WRONG 3.4 2-D shape", lesson03.check_dilated_signal, (None, 52, 8), (None, 18, 1, 8))
run("WRONG 3.4 conv float", lesson03.check_dilated_signal, (None, 52.0, 8), (None, 18, 8))
run("WRONG 3.4 pool with stride 1 'same'", lesson03.check_dilated_signal, (None, 52, 8), (None, 52, 8))
run("WRONG 3.4 pool = floor(52/3)+1 (wrong rule, right number)", lesson03.check_dilated_signal,
    (None, 52, 8), (None, 52 // 3 + 1, 8))

print("\nTALLY:", TALLY)
bad = TALLY["false_negative"] or TALLY["false_positive"] or TALLY["raised"]
print("FAIL" if bad else "ok")
sys.exit(1 if bad else 0)
