"""Review cases for lessons 00-03: alternative correct answers and plausible wrong ones, through the
lessons' own checks. Run from the course root with its .venv python:

    .venv/bin/python tests/review_cases/learner_00_03_r12_cases.py

A label starting with "WRONG" must be rejected by the check (status 'wrong' or 'not attempted');
any other label must be accepted. Prints one line per case, "ok" when every verdict agrees with
its label, and exits 1 otherwise. A check that raises counts as a disagreement.
"""
import math
import os
import sys

sys.dont_write_bytecode = True  # leave no __pycache__ in the course folder
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COURSE_STRICT_CHECKS"] = "0"
sys.path.insert(0, str(Path.cwd()))

import numpy as np  # noqa: E402

from utils.environment import muted_stderr  # noqa: E402

with muted_stderr():
    import keras  # noqa: E402

from utils import data, shapes  # noqa: E402
from utils.lessons import lesson00, lesson01, lesson02, lesson03  # noqa: E402

DISAGREE = []


def show(label, result):
    """Print one line: agreement, label, verdict and the first line of the check's message."""
    wrong_label = label.startswith("WRONG")
    if isinstance(result, BaseException):
        verdict, text, agrees = "RAISED", f"{type(result).__name__}: {result}", False
    else:
        verdict = result.status
        text = result.text().splitlines()[0]
        agrees = (not result.correct) if wrong_label else result.correct
    if not agrees:
        DISAGREE.append(label)
    print(f"{'  ' if agrees else '!!'} {label:<62} -> {verdict:<13} | {text[:230]}")


def run(label, check, *args):
    try:
        result = check(*args)
    except BaseException as exc:  # noqa: BLE001 - a raising check is a finding
        result = exc
    show(label, result)


x_train, y_train, x_test, y_test = data.load_digits()

# --- Exercise 0.1: number of training images --------------------------------------------------
run("0.1 x_train.shape[0]", lesson00.check_batch_size, x_train.shape[0])
run("0.1 len(x_train)", lesson00.check_batch_size, len(x_train))
run("0.1 len(y_train)", lesson00.check_batch_size, len(y_train))
run("0.1 np.int64 via y_train.size", lesson00.check_batch_size, np.int64(y_train.size))
run("0.1 x_train.shape[:1] (a 1-tuple)", lesson00.check_batch_size, x_train.shape[:1])
run("WRONG(type) 0.1 float 1347.0 (refused; 1.4 accepts 4229.0)", lesson00.check_batch_size, x_train.shape[0] / 1)
run("WRONG 0.1 whole dataset 1797", lesson00.check_batch_size, 1797)
run("WRONG 0.1 test split len(x_test)", lesson00.check_batch_size, len(x_test))
run("WRONG 0.1 x_train.size", lesson00.check_batch_size, x_train.size)
run("WRONG 0.1 x_train.shape[-1] (channels)", lesson00.check_batch_size, x_train.shape[-1])
run("WRONG 0.1 x_train[0].size (pixels)", lesson00.check_batch_size, x_train[0].size)

# --- Exercise 0.2: shape of 250 RGB photos 64 tall, 48 wide --------------------------------------
run("0.2 tuple", lesson00.check_photo_shape, (250, 64, 48, 3))
run("0.2 list", lesson00.check_photo_shape, [250, 64, 48, 3])
run("0.2 np.zeros(...).shape", lesson00.check_photo_shape, np.zeros((250, 64, 48, 3), "uint8").shape)
run("0.2 1-D np array of ints", lesson00.check_photo_shape, np.array([250, 64, 48, 3]))
run("WRONG 0.2 width first (250, 48, 64, 3)", lesson00.check_photo_shape, (250, 48, 64, 3))
run("WRONG 0.2 channels first", lesson00.check_photo_shape, (250, 3, 64, 48))
run("WRONG 0.2 Keras None batch", lesson00.check_photo_shape, (None, 64, 48, 3))
run("WRONG 0.2 one photo", lesson00.check_photo_shape, (64, 48, 3))
run("WRONG 0.2 grey channel", lesson00.check_photo_shape, (250, 64, 48, 1))

# --- Exercise 1.1: shape of the first 32 digits --------------------------------------------------
run("1.1 x_train[:32].shape", lesson01.check_batch_shape, x_train[:32].shape)
run("1.1 list", lesson01.check_batch_shape, [32, 8, 8, 1])
run("1.1 np.shape(...)", lesson01.check_batch_shape, np.shape(x_train[:32]))
run("1.1 keras.ops.shape(...)", lesson01.check_batch_shape, keras.ops.shape(x_train[:32]))
run("1.1 (32,) + x_train.shape[1:]", lesson01.check_batch_shape, (32,) + x_train.shape[1:])
run("WRONG 1.1 Keras None batch", lesson01.check_batch_shape, (None, 8, 8, 1))
run("WRONG 1.1 one digit", lesson01.check_batch_shape, (8, 8, 1))
run("WRONG 1.1 flattened (32, 64)", lesson01.check_batch_shape, (32, 64))
run("WRONG 1.1 no channel axis", lesson01.check_batch_shape, (32, 8, 8))
run("WRONG 1.1 whole split", lesson01.check_batch_shape, x_train.shape)

# --- Exercise 1.2: keras.Input for 32x32 RGB ------------------------------------------------------
run("1.2 keras.Input(shape=(32, 32, 3))", lesson01.check_rgb_input, keras.Input(shape=(32, 32, 3)))
run("1.2 keras.layers.Input positional", lesson01.check_rgb_input, keras.layers.Input((32, 32, 3)))
run("1.2 keras.Input(shape=[32, 32, 3], name='rgb')", lesson01.check_rgb_input,
    keras.Input(shape=[32, 32, 3], name="rgb"))
run("1.2 keras.Input(batch_shape=(None, 32, 32, 3))", lesson01.check_rgb_input,
    keras.Input(batch_shape=(None, 32, 32, 3)))
run("1.2 keras.Input(..., dtype='float16')", lesson01.check_rgb_input,
    keras.Input(shape=(32, 32, 3), dtype="float16"))
run("WRONG 1.2 channels first (3, 32, 32)", lesson01.check_rgb_input, keras.Input(shape=(3, 32, 32)))
run("WRONG 1.2 batch axis inside shape", lesson01.check_rgb_input, keras.Input(shape=(None, 32, 32, 3)))
run("WRONG 1.2 fixed batch_size=32", lesson01.check_rgb_input, keras.Input(shape=(32, 32, 3), batch_size=32))
run("WRONG 1.2 grey channel", lesson01.check_rgb_input, keras.Input(shape=(32, 32, 1)))
run("WRONG 1.2 a shape tuple, not an Input", lesson01.check_rgb_input, (None, 32, 32, 3))
run("WRONG 1.2 any-size input (None, None, 3)", lesson01.check_rgb_input, keras.Input(shape=(None, None, 3)))
run("WRONG 1.2 output of a Rescaling layer", lesson01.check_rgb_input,
    keras.layers.Rescaling(1 / 255)(keras.Input(shape=(32, 32, 3))))

# --- Exercise 1.3: b[2, 1] after transpose(1, 0, 2).reshape(4, 6) ---------------------------------
b = np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape(4, 6)
run("1.3 b[2, 1]", lesson01.check_reading_order, b[2, 1])
run("1.3 b[2][1] as int", lesson01.check_reading_order, int(b[2][1]))
run("1.3 by hand 17", lesson01.check_reading_order, 17)
run("1.3 0-d array", lesson01.check_reading_order, np.array(b[2, 1]))
run("WRONG 1.3 ignoring the transpose", lesson01.check_reading_order,
    np.arange(24).reshape(4, 6)[2, 1])
run("WRONG 1.3 row/col swapped b[1, 2]", lesson01.check_reading_order, b[1, 2])
run("WRONG 1.3 column-major reading", lesson01.check_reading_order,
    np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape((4, 6), order="F")[2, 1])
run("WRONG 1.3 other transpose (0, 2, 1)", lesson01.check_reading_order,
    np.arange(24).reshape(2, 3, 4).transpose(0, 2, 1).reshape(4, 6)[2, 1])
run("WRONG 1.3 whole array b", lesson01.check_reading_order, b)

# --- Exercise 1.4: parameters of Conv2D(8, 3) -> Flatten -> Dense(5) on 12x12x3 -------------------
model14 = keras.Sequential([keras.Input(shape=(12, 12, 3)), keras.layers.Conv2D(8, 3),
                            keras.layers.Flatten(), keras.layers.Dense(5)])
run("1.4 count_params()", lesson01.check_summary_params, model14.count_params())
run("1.4 arithmetic", lesson01.check_summary_params, (3 * 3 * 3 * 8 + 8) + (10 * 10 * 8 * 5 + 5))
run("1.4 utils.shapes", lesson01.check_summary_params,
    shapes.conv2d_params(3, 3, 8) + shapes.dense_params(800, 5))
run("1.4 np.int64 sum of layers", lesson01.check_summary_params,
    np.int64(sum(layer.count_params() for layer in model14.layers)))
run("1.4 float 4229.0 (accepted, unlike 0.1)", lesson01.check_summary_params, model14.count_params() / 1)
run("WRONG 1.4 map not shrunk (12x12)", lesson01.check_summary_params, 224 + 12 * 12 * 8 * 5 + 5)
run("WRONG 1.4 one input channel", lesson01.check_summary_params, (3 * 3 * 8 + 8) + 4005)
run("WRONG 1.4 no biases", lesson01.check_summary_params, 216 + 4000)
run("WRONG 1.4 Keras argument order conv2d_params(8, 3, 3)", lesson01.check_summary_params,
    shapes.conv2d_params(8, 3, 3) + 4005)
run("WRONG 1.4 Dense row only", lesson01.check_summary_params, 4005)

# --- Exercise 2.1: Dense(5) on (None, 6, 6, 16) ---------------------------------------------------
run("2.1 KerasTensor .shape", lesson02.check_dense_without_flatten,
    keras.layers.Dense(5)(keras.Input(shape=(6, 6, 16))).shape)
run("2.1 compute_output_shape", lesson02.check_dense_without_flatten,
    keras.layers.Dense(5).compute_output_shape((None, 6, 6, 16)))
run("2.1 Sequential output_shape", lesson02.check_dense_without_flatten,
    keras.Sequential([keras.Input((6, 6, 16)), keras.layers.Dense(5)]).output_shape)
run("2.1 list by hand", lesson02.check_dense_without_flatten, [None, 6, 6, 5])
run("WRONG 2.1 as if flattened (None, 5)", lesson02.check_dense_without_flatten, (None, 5))
run("WRONG 2.1 units appended", lesson02.check_dense_without_flatten, (None, 6, 6, 16, 5))
run("WRONG 2.1 units first", lesson02.check_dense_without_flatten, (None, 5, 6, 6))
run("WRONG 2.1 flattened length (None, 180)", lesson02.check_dense_without_flatten, (None, 180))
run("WRONG 2.1 no batch axis", lesson02.check_dense_without_flatten, (6, 6, 5))

# --- Exercise 2.2: flat position of [2, 1, 3] in (5, 4, 8) ------------------------------------------
probe = np.arange(5 * 4 * 8).reshape(1, 5, 4, 8)
flat_probe = keras.ops.convert_to_numpy(keras.layers.Flatten()(probe))[0]
run("2.2 np.flatnonzero", lesson02.check_flat_position, np.flatnonzero(flat_probe == probe[0, 2, 1, 3]))
run("2.2 np.argwhere on the flat vector", lesson02.check_flat_position,
    np.argwhere(flat_probe == probe[0, 2, 1, 3]))
run("2.2 np.where tuple", lesson02.check_flat_position, np.where(flat_probe == probe[0, 2, 1, 3]))
run("2.2 np.ravel_multi_index", lesson02.check_flat_position, np.ravel_multi_index((2, 1, 3), (5, 4, 8)))
run("2.2 formula", lesson02.check_flat_position, (2 * 4 + 1) * 8 + 3)
run("WRONG 2.2 channels-first order", lesson02.check_flat_position, (3 * 5 + 2) * 4 + 1)
run("WRONG 2.2 one too high", lesson02.check_flat_position, 76)
run("WRONG 2.2 height for width", lesson02.check_flat_position, (2 * 5 + 1) * 8 + 3)
run("WRONG 2.2 argwhere on the 4-D map", lesson02.check_flat_position,
    np.argwhere(probe == probe[0, 2, 1, 3]))
run("WRONG 2.2 pixel number only", lesson02.check_flat_position, 2 * 4 + 1)


# --- Exercise 2.3: position(row, col, ch, h, w, c) --------------------------------------------------
def pos_formula(row, col, ch, h, w, c):
    return (row * w + col) * c + ch


def pos_expanded(row, col, ch, h, w, c):
    return row * w * c + col * c + ch


def pos_numpy(row, col, ch, h, w, c):
    return np.ravel_multi_index((row, col, ch), (h, w, c))


def pos_keras(row, col, ch, h, w, c):
    x = np.arange(h * w * c).reshape(1, h, w, c)
    return int(np.flatnonzero(x.reshape(1, -1)[0] == x[0, row, col, ch])[0])


def pos_channels_first(row, col, ch, h, w, c):
    return (ch * h + row) * w + col


def pos_height_for_width(row, col, ch, h, w, c):
    return (row * h + col) * c + ch


def pos_one_based(row, col, ch, h, w, c):
    return (row * w + col) * c + ch + 1


def pos_list(row, col, ch, h, w, c):
    return [(row * w + col) * c + ch]


def pos_float(row, col, ch, h, w, c):
    return float((row * w + col) * c + ch) + 0.0 * h / 1


run("2.3 formula", lesson02.check_position_function, pos_formula)
run("2.3 expanded row*w*c + col*c + ch", lesson02.check_position_function, pos_expanded)
run("2.3 np.ravel_multi_index", lesson02.check_position_function, pos_numpy)
run("2.3 search an arange", lesson02.check_position_function, pos_keras)
run("WRONG 2.3 channels first", lesson02.check_position_function, pos_channels_first)
run("WRONG 2.3 row * h", lesson02.check_position_function, pos_height_for_width)
run("WRONG 2.3 one-based", lesson02.check_position_function, pos_one_based)
run("WRONG 2.3 returns a 1-element list", lesson02.check_position_function, pos_list)
run("WRONG 2.3 not a function (the number 75)", lesson02.check_position_function, 75)

# --- Exercise 2.4: element at flat position 50 of (4, 4, 8) -------------------------------------------
run("2.4 divmod chain", lesson02.check_element_at, (1, 2, 2))
run("2.4 np.unravel_index", lesson02.check_element_at, np.unravel_index(50, (4, 4, 8)))
run("2.4 np.argwhere on a 3-D arange", lesson02.check_element_at,
    np.argwhere(np.arange(128).reshape(4, 4, 8) == 50))
run("2.4 np.where tuple of arrays", lesson02.check_element_at, np.where(np.arange(128).reshape(4, 4, 8) == 50))
run("2.4 list", lesson02.check_element_at, [1, 2, 2])
run("WRONG 2.4 channels-first reading", lesson02.check_element_at, (0, 2, 3))
run("WRONG 2.4 reversed (channel, col, row)", lesson02.check_element_at, (2, 2, 1))
run("WRONG 2.4 row/col swapped", lesson02.check_element_at, (2, 1, 2))
run("WRONG 2.4 argwhere on 4-D map (4 numbers)", lesson02.check_element_at,
    np.argwhere(np.arange(128).reshape(1, 4, 4, 8) == 50))
run("WRONG 2.4 divided by width first", lesson02.check_element_at, (50 // 4 // 8, 50 // 4 % 8, 50 % 4))

# --- Exercise 2.5: channels_first Flatten of (1, 3, 4, 5), element [0, 2, 1, 3] -------------------------
x_cf = np.arange(60).reshape(1, 3, 4, 5)
flat_cf = keras.ops.convert_to_numpy(keras.layers.Flatten(data_format="channels_first")(x_cf))[0]
run("2.5 flatnonzero on Keras output", lesson02.check_channels_first_position,
    np.flatnonzero(flat_cf == x_cf[0, 2, 1, 3]))
run("2.5 formula after moving channels last", lesson02.check_channels_first_position, (1 * 5 + 3) * 3 + 2)
run("2.5 ravel_multi_index on (4, 5, 3)", lesson02.check_channels_first_position,
    np.ravel_multi_index((1, 3, 2), (4, 5, 3)))
run("2.5 list(...).index", lesson02.check_channels_first_position, list(flat_cf).index(x_cf[0, 2, 1, 3]))
run("WRONG 2.5 plain reshape / forgot data_format", lesson02.check_channels_first_position,
    int(np.flatnonzero(x_cf.reshape(-1) == x_cf[0, 2, 1, 3])[0]))
run("WRONG 2.5 one too high", lesson02.check_channels_first_position, 27)
run("WRONG 2.5 height for width", lesson02.check_channels_first_position, (1 * 4 + 3) * 3 + 2)
run("WRONG 2.5 channel offset missing", lesson02.check_channels_first_position, (1 * 5 + 3) * 3)
run("WRONG 2.5 argwhere on the 4-D input", lesson02.check_channels_first_position,
    np.argwhere(x_cf == x_cf[0, 2, 1, 3]))

# --- Exercise 3.1: Conv2D(8, 5, strides=2) on (32, 25, 3) -----------------------------------------------
run("3.1 formula tuple", lesson03.check_conv_shape, (None, (32 - 5) // 2 + 1, (25 - 5) // 2 + 1, 8))
run("3.1 Sequential output_shape", lesson03.check_conv_shape,
    keras.Sequential([keras.Input(shape=(32, 25, 3)), keras.layers.Conv2D(8, 5, strides=2)]).output_shape)
run("3.1 compute_output_shape", lesson03.check_conv_shape,
    keras.layers.Conv2D(8, 5, strides=2).compute_output_shape((None, 32, 25, 3)))
run("3.1 list with math.floor", lesson03.check_conv_shape,
    [None, math.floor(27 / 2) + 1, math.floor(20 / 2) + 1, 8])
run("WRONG 3.1 'same' (ceil(i/s))", lesson03.check_conv_shape, (None, 16, 13, 8))
run("WRONG 3.1 round() then +1", lesson03.check_conv_shape, (None, round(27 / 2) + 1, round(20 / 2) + 1, 8))
run("WRONG 3.1 input channels kept", lesson03.check_conv_shape, (None, 14, 11, 3))
run("WRONG 3.1 forgot the +1", lesson03.check_conv_shape, (None, 13, 10, 8))
run("WRONG 3.1 stride ignored", lesson03.check_conv_shape, (None, 28, 21, 8))
run("WRONG 3.1 float sizes from /", lesson03.check_conv_shape, (None, 27 / 2 + 1, 20 / 2 + 1, 8))


# --- Exercise 3.2: out_len(i, k, s, p) --------------------------------------------------------------------
def out_len_ref(i, k, s, p):
    if p == "same":
        return math.ceil(i / s)
    if p == "valid":
        p = 0
    return (i + 2 * p - k) // s + 1


def out_len_negfloor(i, k, s, p):
    if p == "same":
        return -(-i // s)
    pad = 0 if p == "valid" else p
    return (i + 2 * pad - k) // s + 1


def out_len_ceil_identity(i, k, s, p):
    # ceil((n + 1) / s) == floor(n / s) + 1 for n >= 0; 'same' as (i - 1) // s + 1
    pad = {"valid": 0}.get(p, p)
    if p == "same":
        return (i - 1) // s + 1
    return math.ceil((i + 2 * pad - k + 1) / s)


def out_len_loop(i, k, s, p):
    if p == "same":
        return len(range(0, i, s))
    pad = 0 if p == "valid" else p
    return len(range(0, i + 2 * pad - k + 1, s))


def out_len_keras(i, k, s, p):
    if p in ("valid", "same"):
        return keras.layers.Conv1D(1, k, strides=s, padding=p).compute_output_shape((None, i, 1))[1]
    shape = keras.layers.ZeroPadding1D(p).compute_output_shape((None, i, 1))
    return keras.layers.Conv1D(1, k, strides=s).compute_output_shape(shape)[1]


def out_len_total_pad(i, k, s, p):  # WRONG: treats an int p as the total padding
    if p == "same":
        return math.ceil(i / s)
    pad = 0 if p == "valid" else p
    return (i + pad - k) // s + 1


def out_len_half_pad(i, k, s, p):  # WRONG: 'same' as (k - 1) // 2 zeros a side
    if p == "same":
        p = (k - 1) // 2
    if p == "valid":
        p = 0
    return (i + 2 * p - k) // s + 1


def out_len_same_is_i(i, k, s, p):  # WRONG: 'same' keeps the size whatever the stride
    if p == "same":
        return i
    pad = 0 if p == "valid" else p
    return (i + 2 * pad - k) // s + 1


def out_len_np_floats(i, k, s, p):  # WRONG type: np.floor/np.ceil give floats
    if p == "same":
        return np.ceil(i / s)
    pad = 0 if p == "valid" else p
    return np.floor((i + 2 * pad - k) / s) + 1


def out_len_round_same(i, k, s, p):  # WRONG: round() for 'same'
    if p == "same":
        return round(i / s)
    pad = 0 if p == "valid" else p
    return (i + 2 * pad - k) // s + 1


run("3.2 reference (math.ceil)", lesson03.check_out_len, out_len_ref)
run("3.2 -(-i // s)", lesson03.check_out_len, out_len_negfloor)
run("3.2 ceil((n + 1) / s) identity", lesson03.check_out_len, out_len_ceil_identity)
run("3.2 count starts with range()", lesson03.check_out_len, out_len_loop)
run("3.2 ask Keras (Conv1D/ZeroPadding1D)", lesson03.check_out_len, out_len_keras)
run("WRONG 3.2 int p as total padding", lesson03.check_out_len, out_len_total_pad)
run("WRONG 3.2 'same' as (k-1)//2 a side", lesson03.check_out_len, out_len_half_pad)
run("WRONG 3.2 'same' keeps i", lesson03.check_out_len, out_len_same_is_i)
run("WRONG(type) 3.2 np.floor/np.ceil floats", lesson03.check_out_len, out_len_np_floats)
run("WRONG 3.2 round() for 'same'", lesson03.check_out_len, out_len_round_same)

# --- Exercise 3.3: smallest square input through the chain --------------------------------------------------
chain33 = [shapes.conv(8, 5), shapes.pool(2), shapes.conv(16, 3, strides=2), shapes.pool(2)]


def survives(n):
    try:
        shapes.trace((n, n, 1), chain33)
    except ValueError:
        return False
    return True


def survives_keras(n):
    try:
        shape = keras.Sequential([keras.Input((n, n, 1)), keras.layers.Conv2D(8, 5), keras.layers.MaxPooling2D(2),
                                  keras.layers.Conv2D(16, 3, strides=2), keras.layers.MaxPooling2D(2)]).output_shape
    except ValueError:
        return False
    return 0 not in shape[1:]


run("3.3 search with shapes.trace", lesson03.check_smallest_input, next(n for n in range(1, 100) if survives(n)))
run("3.3 search with Keras", lesson03.check_smallest_input, next(n for n in range(1, 40) if survives_keras(n)))
run("3.3 backwards by hand: 2 <- 5 <- 10 <- 14", lesson03.check_smallest_input, 2 * (2 * (2 - 1) + 3) + 4)
run("3.3 np.int64", lesson03.check_smallest_input, np.int64(14))
run("WRONG 3.3 lesson chain's answer 10", lesson03.check_smallest_input, 10)
run("WRONG 3.3 one too small 13", lesson03.check_smallest_input, 13)
run("WRONG 3.3 forgot the conv stride: 2*(2+2)+4 = 12", lesson03.check_smallest_input, 2 * (2 + 2) + 4)
run("WRONG 3.3 survives but larger 15", lesson03.check_smallest_input, 15)
run("WRONG(type) 3.3 float 14.0 from /", lesson03.check_smallest_input, 2 * (2 * (2 - 1) + 3) / 1 + 4)

# --- Exercise 3.4: dilated Conv1D then MaxPooling1D(3, 'same') on 62 and 61 samples -----------------------------
sig = keras.Sequential([keras.Input(shape=(62, 1)), keras.layers.Conv1D(8, 3, dilation_rate=5),
                        keras.layers.MaxPooling1D(3, padding="same")])
sig61 = keras.Sequential([keras.Input(shape=(61, 1)), keras.layers.Conv1D(8, 3, dilation_rate=5),
                          keras.layers.MaxPooling1D(3, padding="same")])
run("3.4 formula (math.ceil)", lesson03.check_dilated_signal, (None, 52, 8), (None, 18, 8), (None, 17, 8))
run("3.4 Keras shapes", lesson03.check_dilated_signal, sig.layers[0].output.shape, sig.output_shape,
    sig61.output_shape)
run("3.4 lists, -(-n // 3)", lesson03.check_dilated_signal, [None, 52, 8], [None, -(-52 // 3), 8],
    [None, -(-51 // 3), 8])
run("3.4 (n - 1) // 3 + 1", lesson03.check_dilated_signal, (None, 62 - 11 + 1, 8), (None, 51 // 3 + 1, 8),
    (None, 50 // 3 + 1, 8))
run("WRONG 3.4 dilation ignored", lesson03.check_dilated_signal, (None, 60, 8), (None, 20, 8), (None, 20, 8))
run("WRONG 3.4 k*d span", lesson03.check_dilated_signal, (None, 48, 8), (None, 16, 8), (None, 16, 8))
run("WRONG 3.4 valid pooling (floor)", lesson03.check_dilated_signal, (None, 52, 8), (None, 17, 8),
    (None, 17, 8))
run("WRONG 3.4 floor + 1 pooling (right on 62 by chance)", lesson03.check_dilated_signal, (None, 52, 8),
    (None, 18, 8), (None, 18, 8))
run("WRONG 3.4 one channel", lesson03.check_dilated_signal, (None, 52, 1), (None, 18, 1), (None, 17, 1))

print(f"{len(DISAGREE)} disagreement(s): {DISAGREE}" if DISAGREE else "ok")
sys.exit(1 if DISAGREE else 0)
