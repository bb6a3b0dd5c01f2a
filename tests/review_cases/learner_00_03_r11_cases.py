"""Reviewer's answer cases for lessons 00-03 of the Flatten / global pooling course.

Run from the course root with its venv:  .venv/bin/python tests/review_cases/learner_00_03_r11_cases.py
Each case is an answer a learner could type, passed through the lesson's own check. Labels starting with
WRONG are truly wrong answers (the check should reject them); all others are correct answers (the check
should accept them). One line per case; exit status 1 when any verdict disagrees with its label.
"""

import math
import os
import sys

os.environ["COURSE_STRICT_CHECKS"] = "0"          # verdicts, not exceptions
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.getcwd())

import keras  # noqa: E402
import numpy as np  # noqa: E402

from utils import data, shapes  # noqa: E402
from utils.lessons import lesson00, lesson01, lesson02, lesson03  # noqa: E402

MISMATCHES = []


def show(label, result):
    """Print one line: does the check's verdict agree with the label (WRONG... = must be rejected)?"""
    want_correct = not label.startswith("WRONG")
    got_correct = bool(getattr(result, "correct", False))
    agree = want_correct == got_correct
    if not agree:
        MISMATCHES.append(label)
    status = getattr(result, "status", "raised?")
    message = " ".join(str(getattr(result, "message", result)).split())
    details = " | ".join(getattr(result, "details", []) or [])
    text = (message + (" | " + details if details else ""))[:170]
    print(f"{'ok ' if agree else 'MISMATCH'} {label:<58} -> {status:<13} {text}")


def run(label, check, *args):
    try:
        result = check(*args)
    except Exception as exc:  # a check must never raise for a learner
        print(f"RAISED   {label}: {type(exc).__name__}: {exc}")
        MISMATCHES.append(label)
        return
    show(label, result)


x_train, y_train, x_test, y_test = data.load_digits()

# ---- Exercise 0.1: number of training images --------------------------------------------------------
run("0.1 x_train.shape[0]", lesson00.check_batch_size, x_train.shape[0])
run("0.1 len(x_train)", lesson00.check_batch_size, len(x_train))
run("0.1 np.int64(len(y_train))", lesson00.check_batch_size, np.int64(len(y_train)))
run("0.1 x_train.shape[:1] (a 1-tuple)", lesson00.check_batch_size, x_train.shape[:1])
run("WRONG 0.1 x_train.size", lesson00.check_batch_size, x_train.size)
run("WRONG 0.1 len(x_test)", lesson00.check_batch_size, len(x_test))
run("WRONG 0.1 x_train.shape (whole tuple)", lesson00.check_batch_size, x_train.shape)
run("WRONG 0.1 x_train.ndim", lesson00.check_batch_size, x_train.ndim)
run("WRONG 0.1 1797 (both splits)", lesson00.check_batch_size, 1797)

# ---- Exercise 0.2: shape of 250 RGB photos, 64 tall x 48 wide -------------------------------------------
run("0.2 (250, 64, 48, 3)", lesson00.check_photo_shape, (250, 64, 48, 3))
run("0.2 list [250, 64, 48, 3]", lesson00.check_photo_shape, [250, 64, 48, 3])
run("0.2 np.zeros((250,64,48,3)).shape", lesson00.check_photo_shape, np.zeros((250, 64, 48, 3), "uint8").shape)
run("0.2 np.array([250, 64, 48, 3])", lesson00.check_photo_shape, np.array([250, 64, 48, 3]))
run("WRONG 0.2 (250, 48, 64, 3) h/w swapped", lesson00.check_photo_shape, (250, 48, 64, 3))
run("WRONG 0.2 (64, 48, 3) one photo", lesson00.check_photo_shape, (64, 48, 3))
run("WRONG 0.2 (250, 3, 64, 48) channels first", lesson00.check_photo_shape, (250, 3, 64, 48))
run("WRONG 0.2 (None, 64, 48, 3)", lesson00.check_photo_shape, (None, 64, 48, 3))
run("WRONG 0.2 '(250, 64, 48, 3)' as text", lesson00.check_photo_shape, "(250, 64, 48, 3)")

# ---- Exercise 1.1: shape of the first 32 digits ----------------------------------------------------------
run("1.1 x_train[:32].shape", lesson01.check_batch_shape, x_train[:32].shape)
run("1.1 [32, 8, 8, 1]", lesson01.check_batch_shape, [32, 8, 8, 1])
run("1.1 keras.ops.shape(x_train[:32])", lesson01.check_batch_shape, keras.ops.shape(x_train[:32]))
run("1.1 np.array(x_train[:32].shape)", lesson01.check_batch_shape, np.array(x_train[:32].shape))
if keras.backend.backend() == "tensorflow":
    import tensorflow as tf
    run("1.1 tf.shape(x_train[:32]) (a tensor)", lesson01.check_batch_shape, tf.shape(x_train[:32]))
run("WRONG 1.1 (None, 8, 8, 1)", lesson01.check_batch_shape, (None, 8, 8, 1))
run("WRONG 1.1 (8, 8, 1)", lesson01.check_batch_shape, (8, 8, 1))
run("WRONG 1.1 (32, 64) flattened", lesson01.check_batch_shape, (32, 64))
run("WRONG 1.1 x_train[:32] (the data)", lesson01.check_batch_shape, x_train[:32])
run("WRONG 1.1 x_train.shape (1347 images)", lesson01.check_batch_shape, x_train.shape)

# ---- Exercise 1.2: keras.Input for RGB 32x32, any batch size -----------------------------------------------
run("1.2 keras.Input(shape=(32, 32, 3))", lesson01.check_rgb_input, keras.Input(shape=(32, 32, 3)))
run("1.2 keras.layers.Input([32, 32, 3], name='rgb')", lesson01.check_rgb_input,
    keras.layers.Input([32, 32, 3], name="rgb"))
run("1.2 keras.Input(batch_shape=(None, 32, 32, 3))", lesson01.check_rgb_input,
    keras.Input(batch_shape=(None, 32, 32, 3)))
run("1.2 keras.Input((32, 32, 3), dtype='uint8')", lesson01.check_rgb_input,
    keras.Input((32, 32, 3), dtype="uint8"))
run("1.2 keras.Input(shape=x_rgb.shape[1:])", lesson01.check_rgb_input,
    keras.Input(shape=np.zeros((10, 32, 32, 3)).shape[1:]))
run("WRONG 1.2 keras.Input(shape=(3, 32, 32))", lesson01.check_rgb_input, keras.Input(shape=(3, 32, 32)))
run("WRONG 1.2 keras.Input(shape=(32, 32, 3), batch_size=32)", lesson01.check_rgb_input,
    keras.Input(shape=(32, 32, 3), batch_size=32))
run("WRONG 1.2 keras.Input(shape=(1, 32, 32, 3))", lesson01.check_rgb_input, keras.Input(shape=(1, 32, 32, 3)))
run("WRONG 1.2 keras.Input(shape=(32, 32, 1))", lesson01.check_rgb_input, keras.Input(shape=(32, 32, 1)))
run("WRONG 1.2 the tuple (None, 32, 32, 3)", lesson01.check_rgb_input, (None, 32, 32, 3))
run("WRONG 1.2 Rescaling(1/255)(keras.Input(...)) (a layer output)", lesson01.check_rgb_input,
    keras.layers.Rescaling(1 / 255)(keras.Input(shape=(32, 32, 3))))

# ---- Exercise 1.3: b[2, 1] after transpose(1, 0, 2).reshape(4, 6) ----------------------------------------
b = np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape(4, 6)
run("1.3 b[2, 1]", lesson01.check_reading_order, b[2, 1])
run("1.3 17", lesson01.check_reading_order, 17)
run("1.3 b[2][1] as np.array([..])", lesson01.check_reading_order, np.array([b[2][1]]))
run("1.3 int(b.ravel()[2 * 6 + 1])", lesson01.check_reading_order, int(b.ravel()[2 * 6 + 1]))
run("WRONG 1.3 13 (transpose ignored)", lesson01.check_reading_order, np.arange(24).reshape(4, 6)[2, 1])
run("WRONG 1.3 b[1, 2]", lesson01.check_reading_order, b[1, 2])
run("WRONG 1.3 b[2, 0] (=16, column slip)", lesson01.check_reading_order, b[2, 0])
run("WRONG 1.3 b[3, 1] (row slip)", lesson01.check_reading_order, b[3, 1])

# ---- Exercise 1.4: total params of Input(12,12,3) -> Conv2D(8,3) -> Flatten -> Dense(5) -----------------
m14 = keras.Sequential([keras.Input(shape=(12, 12, 3)), keras.layers.Conv2D(8, 3),
                        keras.layers.Flatten(), keras.layers.Dense(5)])
run("1.4 model.count_params()", lesson01.check_summary_params, m14.count_params())
run("1.4 3*3*3*8 + 8 + 10*10*8*5 + 5", lesson01.check_summary_params, 3 * 3 * 3 * 8 + 8 + 10 * 10 * 8 * 5 + 5)
run("1.4 shapes helpers", lesson01.check_summary_params,
    shapes.conv2d_params(3, 3, 8) + shapes.dense_params(800, 5))
run("1.4 np.int64(4229)", lesson01.check_summary_params, np.int64(4229))
run("WRONG 1.4 4216 (no biases)", lesson01.check_summary_params, 4216)
run("WRONG 1.4 4085 (one input channel)", lesson01.check_summary_params, 80 + 4005)
run("WRONG 1.4 5989 (map not shrunk)", lesson01.check_summary_params, 224 + 12 * 12 * 8 * 5 + 5)
run("WRONG 1.4 729 (Flatten length 10*10, channels lost)", lesson01.check_summary_params, 224 + 10 * 10 * 5 + 5)
run("WRONG 1.4 224 (Conv row only)", lesson01.check_summary_params, 224)

# ---- Exercise 2.1: Dense(5) on (None, 6, 6, 16) ----------------------------------------------------------
run("2.1 (None, 6, 6, 5)", lesson02.check_dense_without_flatten, (None, 6, 6, 5))
run("2.1 Dense(5).compute_output_shape", lesson02.check_dense_without_flatten,
    keras.layers.Dense(5).compute_output_shape((None, 6, 6, 16)))
run("2.1 Dense(5)(Input).shape", lesson02.check_dense_without_flatten,
    keras.layers.Dense(5)(keras.Input(shape=(6, 6, 16))).shape)
run("2.1 list [None, 6, 6, 5]", lesson02.check_dense_without_flatten, [None, 6, 6, 5])
run("WRONG 2.1 (None, 5) (as if flattened)", lesson02.check_dense_without_flatten, (None, 5))
run("WRONG 2.1 (None, 6, 6, 16, 5)", lesson02.check_dense_without_flatten, (None, 6, 6, 16, 5))
run("WRONG 2.1 (6, 6, 5) no batch", lesson02.check_dense_without_flatten, (6, 6, 5))
run("WRONG 2.1 (None, 180)", lesson02.check_dense_without_flatten, (None, 180))
run("WRONG 2.1 (None, 5, 6, 6)", lesson02.check_dense_without_flatten, (None, 5, 6, 6))

# ---- Exercise 2.2: flat position of [2, 1, 3] in (5, 4, 8) -----------------------------------------------
probe = np.arange(160).reshape(1, 5, 4, 8)
flat = keras.ops.convert_to_numpy(keras.layers.Flatten()(probe))[0]
run("2.2 (2*4 + 1)*8 + 3", lesson02.check_flat_position, (2 * 4 + 1) * 8 + 3)
run("2.2 np.flatnonzero(flat == probe[0,2,1,3])", lesson02.check_flat_position,
    np.flatnonzero(flat == probe[0, 2, 1, 3]))
run("2.2 np.argwhere(flat == ...) (1x1)", lesson02.check_flat_position, np.argwhere(flat == probe[0, 2, 1, 3]))
run("2.2 np.ravel_multi_index", lesson02.check_flat_position, np.ravel_multi_index((2, 1, 3), (5, 4, 8)))
run("WRONG 2.2 76 (one too high)", lesson02.check_flat_position, 76)
run("WRONG 2.2 69 (channels first)", lesson02.check_flat_position, (3 * 5 + 2) * 4 + 1)
run("WRONG 2.2 72 (channel offset missing)", lesson02.check_flat_position, 72)
run("WRONG 2.2 argwhere on the 4-D map", lesson02.check_flat_position, np.argwhere(probe == probe[0, 2, 1, 3]))
run("WRONG 2.2 (2*5 + 1)*8 + 3 (row * height)", lesson02.check_flat_position, (2 * 5 + 1) * 8 + 3)

# ---- Exercise 2.3: position(row, col, ch, h, w, c) -------------------------------------------------------
run("2.3 (row*w + col)*c + ch", lesson02.check_position_function, lambda r, co, ch, h, w, c: (r * w + co) * c + ch)
run("2.3 row*w*c + col*c + ch", lesson02.check_position_function, lambda r, co, ch, h, w, c: r * w * c + co * c + ch)
run("2.3 np.ravel_multi_index", lesson02.check_position_function,
    lambda r, co, ch, h, w, c: np.ravel_multi_index((r, co, ch), (h, w, c)))
run("2.3 look-up in np.arange(...).reshape", lesson02.check_position_function,
    lambda r, co, ch, h, w, c: int(np.arange(h * w * c).reshape(h, w, c)[r, co, ch]))
run("WRONG 2.3 channels first (ch*h + row)*w + col", lesson02.check_position_function,
    lambda r, co, ch, h, w, c: (ch * h + r) * w + co)
run("WRONG 2.3 row*h (square-map habit)", lesson02.check_position_function,
    lambda r, co, ch, h, w, c: (r * h + co) * c + ch)
run("WRONG 2.3 hard-coded w=4, c=8 from Ex 2.2", lesson02.check_position_function,
    lambda r, co, ch, h, w, c: (r * 4 + co) * 8 + ch)
run("WRONG 2.3 row*w + col*c + ch", lesson02.check_position_function, lambda r, co, ch, h, w, c: r * w + co * c + ch)
run("WRONG 2.3 one too high", lesson02.check_position_function, lambda r, co, ch, h, w, c: (r * w + co) * c + ch + 1)

# ---- Exercise 2.4: element at flat position 50 of (4, 4, 8) ----------------------------------------------
run("2.4 (1, 2, 2)", lesson02.check_element_at, (1, 2, 2))
run("2.4 np.unravel_index(50, (4, 4, 8))", lesson02.check_element_at, np.unravel_index(50, (4, 4, 8)))
run("2.4 np.argwhere(arange==50) (1x3)", lesson02.check_element_at, np.argwhere(np.arange(128).reshape(4, 4, 8) == 50))
run("2.4 list [1, 2, 2]", lesson02.check_element_at, [1, 2, 2])
run("WRONG 2.4 (2, 2, 1) reversed", lesson02.check_element_at, (2, 2, 1))
run("WRONG 2.4 (0, 2, 3) channels-first reading", lesson02.check_element_at, (0, 2, 3))
run("WRONG 2.4 (2, 1, 2) row/col swapped", lesson02.check_element_at, (2, 1, 2))
run("WRONG 2.4 (1, 2, 3) one step off", lesson02.check_element_at, (1, 2, 3))
run("WRONG 2.4 (6, 2) pixel, channel only", lesson02.check_element_at, (6, 2))

# ---- Exercise 2.5: channels_first position of x[0, 2, 1, 3] in (1, 3, 4, 5) -----------------------------
x_cf = np.arange(60).reshape(1, 3, 4, 5)
flat_cf = keras.ops.convert_to_numpy(keras.layers.Flatten(data_format="channels_first")(x_cf))[0]
run("2.5 (1*5 + 3)*3 + 2", lesson02.check_channels_first_position, (1 * 5 + 3) * 3 + 2)
run("2.5 np.flatnonzero(flat_cf == x[0,2,1,3])", lesson02.check_channels_first_position,
    np.flatnonzero(flat_cf == x_cf[0, 2, 1, 3]))
run("2.5 np.ravel_multi_index on (4,5,3)", lesson02.check_channels_first_position,
    np.ravel_multi_index((1, 3, 2), (4, 5, 3)))
run("2.5 shapes.flat_index channels-last", lesson02.check_channels_first_position, shapes.flat_index(1, 3, 2, 4, 5, 3))
run("WRONG 2.5 48 (plain reshape)", lesson02.check_channels_first_position, (2 * 4 + 1) * 5 + 3)
run("WRONG 2.5 27 (one too high)", lesson02.check_channels_first_position, 27)
run("WRONG 2.5 23 (h/w swapped)", lesson02.check_channels_first_position, (1 * 4 + 3) * 3 + 2)
run("WRONG 2.5 24 (channel offset missing)", lesson02.check_channels_first_position, 24)

# ---- Exercise 3.1: Conv2D(8, 5, strides=2) on (32, 25, 3) ----------------------------------------------
m31 = keras.Sequential([keras.Input(shape=(32, 25, 3)), keras.layers.Conv2D(8, 5, strides=2)])
run("3.1 (None, 14, 11, 8)", lesson03.check_conv_shape, (None, 14, 11, 8))
run("3.1 model.output_shape", lesson03.check_conv_shape, m31.output_shape)
run("3.1 list with numpy ints", lesson03.check_conv_shape, [None, np.int64(14), np.int64(11), 8])
run("3.1 layer output .shape", lesson03.check_conv_shape, m31.layers[0].output.shape)
run("WRONG 3.1 (None, 16, 13, 8) 'same'", lesson03.check_conv_shape, (None, 16, 13, 8))
run("WRONG 3.1 (None, 13, 10, 8) no +1", lesson03.check_conv_shape, (None, 13, 10, 8))
run("WRONG 3.1 (None, 28, 21, 8) stride ignored", lesson03.check_conv_shape, (None, 28, 21, 8))
run("WRONG 3.1 (None, 14, 11, 3) channels", lesson03.check_conv_shape, (None, 14, 11, 3))
run("WRONG 3.1 (None, 15, 11, 8) round()+1", lesson03.check_conv_shape, (None, round(27 / 2) + 1, round(20 / 2) + 1, 8))
run("WRONG 3.1 (None, 14.0, 11.0, 8) floats", lesson03.check_conv_shape, (None, 27 / 2 // 1 + 1, 20 / 2 + 1, 8))


# ---- Exercise 3.2: out_len(i, k, s, p) ------------------------------------------------------------------
def out_len_solution(i, k, s, p):
    if p == "same":
        return math.ceil(i / s)
    p = 0 if p == "valid" else p
    return (i + 2 * p - k) // s + 1


def out_len_count_starts(i, k, s, p):
    if p == "same":
        return len(range(0, i, s))
    n = i + 2 * (0 if p == "valid" else p)
    return sum(1 for start in range(0, n, s) if start + k <= n)


def out_len_pad_formula(i, k, s, p):
    if p == "same":
        p_total = max((-(-i // s) - 1) * s + k - i, 0)
        return (i + p_total - k) // s + 1
    return (i + 2 * (0 if p == "valid" else p) - k) // s + 1


def out_len_ceil_variant(i, k, s, p):
    if p == "same":
        return (i + s - 1) // s
    return math.ceil((i + 2 * (0 if p == "valid" else p) - k + 1) / s)


run("3.2 the worked solution", lesson03.check_out_len, out_len_solution)
run("3.2 counting window starts", lesson03.check_out_len, out_len_count_starts)
run("3.2 'same' via the lesson's pad formula", lesson03.check_out_len, out_len_pad_formula)
run("3.2 ceil((n + 1) / s) and (i + s - 1) // s", lesson03.check_out_len, out_len_ceil_variant)
run("WRONG 3.2 'same' keeps i", lesson03.check_out_len,
    lambda i, k, s, p: i if p == "same" else out_len_solution(i, k, s, p))
run("WRONG 3.2 'same' as symmetric k//2 padding", lesson03.check_out_len,
    lambda i, k, s, p: (i + 2 * (k // 2) - k) // s + 1 if p == "same" else out_len_solution(i, k, s, p))
run("WRONG 3.2 int p added once", lesson03.check_out_len,
    lambda i, k, s, p: out_len_solution(i, k, s, p) if p in ("same", "valid") else (i + p - k) // s + 1)
run("WRONG 3.2 no + 1", lesson03.check_out_len,
    lambda i, k, s, p: out_len_solution(i, k, s, p) if p == "same" else out_len_solution(i, k, s, p) - 1)
run("WRONG 3.2 round() everywhere", lesson03.check_out_len,
    lambda i, k, s, p: round(i / s) if p == "same" else round((i + 2 * (0 if p == "valid" else p) - k) / s) + 1)

# ---- Exercise 3.3: smallest square input for Conv(8,5)-Pool2-Conv(16,3,s2)-Pool2 --------------------------
run("3.3 14", lesson03.check_smallest_input, 14)
run("3.3 backwards: ((2-1)*2 + 3)*2 + 5 - 1", lesson03.check_smallest_input, ((2 - 1) * 2 + 3) * 2 + 5 - 1)
run("3.3 np.int64 from a search", lesson03.check_smallest_input,
    np.int64(next(n for n in range(1, 64) if (((n - 4) // 2 - 3) // 2 + 1) // 2 >= 1 and n >= 5)))
def keras_builds(n):
    try:
        out = keras.Sequential([keras.Input(shape=(n, n, 1)), keras.layers.Conv2D(8, 5), keras.layers.MaxPooling2D(2),
                                keras.layers.Conv2D(16, 3, strides=2), keras.layers.MaxPooling2D(2)]).output_shape
    except ValueError:
        return False
    return 0 not in out[1:]


run("3.3 search with Keras itself", lesson03.check_smallest_input, next(n for n in range(1, 40) if keras_builds(n)))
run("WRONG 3.3 10 (the lesson chain's answer)", lesson03.check_smallest_input, 10)
run("WRONG 3.3 13", lesson03.check_smallest_input, 13)
run("WRONG 3.3 15", lesson03.check_smallest_input, 15)
run("WRONG 3.3 5 (only the last two layers)", lesson03.check_smallest_input, 5)

# ---- Exercise 3.4: dilated Conv1D then MaxPooling1D(3, 'same') on 62 and 61 samples ------------------------
sig = keras.Sequential([keras.Input(shape=(62, 1)), keras.layers.Conv1D(8, 3, dilation_rate=5),
                        keras.layers.MaxPooling1D(3, padding="same")])
sig61 = keras.Sequential([keras.Input(shape=(61, 1)), keras.layers.Conv1D(8, 3, dilation_rate=5),
                          keras.layers.MaxPooling1D(3, padding="same")])
run("3.4 tuples", lesson03.check_dilated_signal, (None, 52, 8), (None, 18, 8), (None, 17, 8))
run("3.4 from Keras models", lesson03.check_dilated_signal, sig.layers[0].output.shape, sig.output_shape,
    sig61.output_shape)
run("3.4 lists with -(-n // 3)", lesson03.check_dilated_signal, [None, 62 - 11 + 1, 8], [None, -(-52 // 3), 8],
    [None, -(-51 // 3), 8])
run("WRONG 3.4 dilation ignored (60)", lesson03.check_dilated_signal, (None, 60, 8), (None, 20, 8), (None, 20, 8))
run("WRONG 3.4 pooling floored", lesson03.check_dilated_signal, (None, 52, 8), (None, 17, 8), (None, 17, 8))
run("WRONG 3.4 floor + 1 on both lengths", lesson03.check_dilated_signal, (None, 52, 8), (None, 18, 8), (None, 18, 8))
run("WRONG 3.4 k*d span (48)", lesson03.check_dilated_signal, (None, 48, 8), (None, 16, 8), (None, 16, 8))
run("WRONG 3.4 channels = 1", lesson03.check_dilated_signal, (None, 52, 1), (None, 18, 1), (None, 17, 1))

print(f"\n{len(MISMATCHES)} mismatch(es)" + (": " + "; ".join(MISMATCHES) if MISMATCHES else ""))
print("FAIL" if MISMATCHES else "ok")
sys.exit(1 if MISMATCHES else 0)
