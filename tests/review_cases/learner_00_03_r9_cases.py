# ruff: noqa  (the reviewer's script, kept as written so it compares with the review)
# ruff: noqa
"""Review r9 (l0003), lessons 00-03: alternative CORRECT answers and plausible WRONG answers through the
lessons' own checks. Labels starting with WRONG should be rejected; EDGE marks a debatable form (reported,
not judged); every other label should be accepted.

Run from the course root:  .venv/bin/python tests/review_cases/learner_00_03_r9_cases.py
(default root: this repository; nothing is written there: bytecode is off).
"""
import math
import os
import sys

sys.dont_write_bytecode = True
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.pop("COURSE_STRICT_CHECKS", None)
ROOT = os.environ.get("COURSE_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

import keras  # noqa: E402
import numpy as np  # noqa: E402

from utils import data, shapes  # noqa: E402
from utils.lessons import lesson00, lesson01, lesson02, lesson03  # noqa: E402

TALLY = {"ok": 0, "false_negative": 0, "false_positive": 0, "edge": 0, "raised": 0}


def show(label, result):
    """Print one verdict and flag a disagreement with the label."""
    wrong, edge = label.startswith("WRONG"), label.startswith("EDGE")
    text = " ".join(result.text().split())
    if edge:
        flag = "EDGE"
    elif result.correct == (not wrong):
        flag = "ok"
    else:
        flag = "FALSE POSITIVE" if wrong else "FALSE NEGATIVE"
    TALLY[{"EDGE": "edge", "ok": "ok", "FALSE POSITIVE": "false_positive",
           "FALSE NEGATIVE": "false_negative"}[flag]] += 1
    print(f"[{flag:>14}] {label}\n                 -> {text[:360]}")


def safe(label, fn):
    try:
        show(label, fn())
    except Exception as exc:  # a check must never raise for a learner
        TALLY["raised"] += 1
        print(f"[        RAISED] {label}: {type(exc).__name__}: {exc}")


x_train, y_train, x_test, y_test = data.load_digits()

# ------------------------------------------------------------------ lesson 00
print("\n=== Exercise 0.1: number of training images (1347)")
safe("x_train.shape[-4]", lambda: lesson00.check_batch_size(x_train.shape[-4]))
safe("np.shape(x_train)[0]", lambda: lesson00.check_batch_size(np.shape(x_train)[0]))
safe("len(y_train)", lambda: lesson00.check_batch_size(len(y_train)))
safe("keras.ops.shape(x_train)[0]", lambda: lesson00.check_batch_size(keras.ops.shape(x_train)[0]))
safe("EDGE float 1347.0", lambda: lesson00.check_batch_size(float(len(x_train))))
safe("WRONG len - 1 (last index)", lambda: lesson00.check_batch_size(len(x_train) - 1))
safe("WRONG x_train.ndim", lambda: lesson00.check_batch_size(x_train.ndim))
safe("WRONG channels x_train.shape[-1]", lambda: lesson00.check_batch_size(x_train.shape[-1]))
safe("WRONG np.array(x_train.shape)", lambda: lesson00.check_batch_size(np.array(x_train.shape)))
safe("WRONG True", lambda: lesson00.check_batch_size(True))

print("\n=== Exercise 0.2: 250 RGB photos 64 tall, 48 wide")
safe("concatenated tuples", lambda: lesson00.check_photo_shape((250,) + (64, 48, 3)))
safe("np.int32 array", lambda: lesson00.check_photo_shape(np.array([250, 64, 48, 3], dtype=np.int32)))
safe("shape of zeros", lambda: lesson00.check_photo_shape(np.zeros((250, 64, 48, 3), "uint8").shape))
safe("TensorShape", lambda: lesson00.check_photo_shape(keras.ops.convert_to_tensor(np.zeros((250, 64, 48, 3), "uint8")).shape))
safe("WRONG the data itself", lambda: lesson00.check_photo_shape(np.zeros((250, 64, 48, 3), "uint8")))
safe("WRONG one photo batch", lambda: lesson00.check_photo_shape((1, 64, 48, 3)))
safe("WRONG float entry", lambda: lesson00.check_photo_shape((250, 64.0, 48, 3)))
safe("WRONG grey channel", lambda: lesson00.check_photo_shape((250, 64, 48, 1)))
safe("WRONG string", lambda: lesson00.check_photo_shape("(250, 64, 48, 3)"))
safe("WRONG partial placeholder", lambda: lesson00.check_photo_shape((250, ..., 48, 3)))

# ------------------------------------------------------------------ lesson 01
print("\n=== Exercise 1.1: shape of the first 32 digits")
t32 = keras.ops.convert_to_tensor(x_train[:32])
safe("x_train[0:32, ...].shape", lambda: lesson01.check_batch_shape(x_train[0:32, ...].shape))
safe("np.shape", lambda: lesson01.check_batch_shape(np.shape(x_train[:32])))
safe("keras.ops.shape(tensor)", lambda: lesson01.check_batch_shape(keras.ops.shape(t32)))
safe("tensor.shape (TensorShape)", lambda: lesson01.check_batch_shape(t32.shape))
safe("literal list", lambda: lesson01.check_batch_shape([32, 8, 8, 1]))
safe("WRONG every 32nd image", lambda: lesson01.check_batch_shape(x_train[::32].shape))
safe("WRONG image 32", lambda: lesson01.check_batch_shape(x_train[32].shape))
safe("WRONG batch data", lambda: lesson01.check_batch_shape(x_train[:32]))
safe("WRONG flattened (32, 64)", lambda: lesson01.check_batch_shape((32, 64)))
safe("WRONG off by one", lambda: lesson01.check_batch_shape(x_train[:31].shape))

print("\n=== Exercise 1.2: keras.Input for 32x32 RGB")
safe("named Input", lambda: lesson01.check_rgb_input(keras.Input(shape=(32, 32, 3), name="rgb")))
safe("batch_size=None explicit", lambda: lesson01.check_rgb_input(keras.Input(shape=(32, 32, 3), batch_size=None)))
safe("InputLayer(...).output", lambda: lesson01.check_rgb_input(keras.layers.InputLayer(shape=(32, 32, 3)).output))
safe("float16 dtype", lambda: lesson01.check_rgb_input(keras.Input(shape=(32, 32, 3), dtype="float16")))
safe("WRONG flattened input (3072,)", lambda: lesson01.check_rgb_input(keras.Input(shape=(32 * 32 * 3,))))
safe("WRONG the InputLayer object", lambda: lesson01.check_rgb_input(keras.layers.InputLayer(shape=(32, 32, 3))))
safe("WRONG keras.Input itself", lambda: lesson01.check_rgb_input(keras.Input))
safe("WRONG a layer's output, not an input (Rescaling after Input)",
     lambda: lesson01.check_rgb_input(keras.layers.Rescaling(1 / 255)(keras.Input(shape=(32, 32, 3)))))
safe("WRONG 32x32 grey, 3 as batch", lambda: lesson01.check_rgb_input(keras.Input(shape=(32, 32), batch_size=3)))
safe("WRONG eager tensor", lambda: lesson01.check_rgb_input(keras.ops.zeros((1, 32, 32, 3))))

print("\n=== Exercise 1.3: b[2, 1] after transpose(1, 0, 2).reshape(4, 6) (17)")
b = np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape(4, 6)
safe("b[2][1]", lambda: lesson01.check_reading_order(b[2][1]))
safe("b.flat[13]", lambda: lesson01.check_reading_order(b.flat[13]))
safe("ravel()[2*6+1]", lambda: lesson01.check_reading_order(b.ravel()[2 * 6 + 1]))
safe("by hand 1*12 + 1*4 + 1", lambda: lesson01.check_reading_order(1 * 12 + 1 * 4 + 1))
safe("WRONG reshape(6, 4) instead", lambda: lesson01.check_reading_order(
    np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).reshape(6, 4)[2, 1]))
safe("WRONG the flat index 13", lambda: lesson01.check_reading_order(2 * 6 + 1))
safe("WRONG transposed array t[2, 1] (a row of 4)", lambda: lesson01.check_reading_order(
    np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2)[2, 1]))
safe("WRONG b itself", lambda: lesson01.check_reading_order(b))
safe("WRONG element [1, 2]", lambda: lesson01.check_reading_order(b[1, 2]))

print("\n=== Exercise 1.4: total parameters (4229)")
pred = keras.Sequential([keras.Input(shape=(12, 12, 3)), keras.layers.Conv2D(8, 3), keras.layers.Flatten(),
                         keras.layers.Dense(5)])
safe("count_params()", lambda: lesson01.check_summary_params(pred.count_params()))
safe("per-filter arithmetic", lambda: lesson01.check_summary_params(8 * (3 * 3 * 3 + 1) + 5 * (10 * 10 * 8 + 1)))
safe("sum of layer counts", lambda: lesson01.check_summary_params(sum(l.count_params() for l in pred.layers)))
safe("shapes.total_params", lambda: lesson01.check_summary_params(shapes.total_params(shapes.trace(
    (12, 12, 3), [shapes.conv(8, 3), shapes.flatten(), shapes.dense(5)]))))
safe("WRONG flatten counted as 3 channels", lambda: lesson01.check_summary_params(224 + 10 * 10 * 3 * 5 + 5))
safe("WRONG 'same' map 12x12", lambda: lesson01.check_summary_params(224 + 12 * 12 * 8 * 5 + 5))
safe("WRONG no biases", lambda: lesson01.check_summary_params(8 * 27 + 800 * 5))
safe("WRONG trainable weights count (len)", lambda: lesson01.check_summary_params(len(pred.weights)))

# ------------------------------------------------------------------ lesson 02
print("\n=== Exercise 2.1: Dense(5) on (None, 6, 6, 16)")
safe("compute_output_shape", lambda: lesson02.check_dense_without_flatten(
    keras.layers.Dense(5).compute_output_shape((None, 6, 6, 16))))
safe("Sequential output_shape", lambda: lesson02.check_dense_without_flatten(
    keras.Sequential([keras.Input((6, 6, 16)), keras.layers.Dense(5)]).output_shape))
safe("list", lambda: lesson02.check_dense_without_flatten([None, 6, 6, 5]))
safe("EinsumDense equivalent shape", lambda: lesson02.check_dense_without_flatten(
    keras.layers.EinsumDense("abcd,de->abce", output_shape=(6, 6, 5))(keras.Input((6, 6, 16))).shape))
safe("WRONG unchanged (None, 6, 6, 16)", lambda: lesson02.check_dense_without_flatten((None, 6, 6, 16)))
safe("WRONG flattened units (None, 180)", lambda: lesson02.check_dense_without_flatten((None, 6 * 6 * 5)))
safe("WRONG the KerasTensor itself", lambda: lesson02.check_dense_without_flatten(
    keras.layers.Dense(5)(keras.Input(shape=(6, 6, 16)))))
safe("WRONG with Flatten (None, 5)", lambda: lesson02.check_dense_without_flatten((None, 5)))
safe("WRONG eager batch of 2", lambda: lesson02.check_dense_without_flatten(
    keras.layers.Dense(5)(np.zeros((2, 6, 6, 16), "float32")).shape))

print("\n=== Exercise 2.2: flat position of [2, 1, 3] in (5, 4, 8) (75)")
probe = np.arange(5 * 4 * 8).reshape(1, 5, 4, 8)
flat = keras.ops.convert_to_numpy(keras.layers.Flatten()(probe))[0]
safe("np.ravel_multi_index", lambda: lesson02.check_flat_position(np.ravel_multi_index((2, 1, 3), (5, 4, 8))))
safe("np.argwhere on flat", lambda: lesson02.check_flat_position(np.argwhere(flat == probe[0, 2, 1, 3])))
safe("list.index", lambda: lesson02.check_flat_position(flat.tolist().index(probe[0, 2, 1, 3])))
safe("shapes.flat_index", lambda: lesson02.check_flat_position(shapes.flat_index(2, 1, 3, 5, 4, 8)))
safe("EDGE float 75.0", lambda: lesson02.check_flat_position(75.0))
safe("WRONG row*height (h and w mixed)", lambda: lesson02.check_flat_position((2 * 5 + 1) * 8 + 3))
safe("WRONG searched for value 3", lambda: lesson02.check_flat_position(np.flatnonzero(flat == 3)))
safe("WRONG argwhere on 4-D map", lambda: lesson02.check_flat_position(np.argwhere(probe == probe[0, 2, 1, 3])))
safe("WRONG channels first", lambda: lesson02.check_flat_position((3 * 5 + 2) * 4 + 1))

print("\n=== Exercise 2.3: position(row, col, ch, h, w, c)")
safe("ravel_multi_index", lambda: lesson02.check_position_function(
    lambda r, co, ch, h, w, c: int(np.ravel_multi_index((r, co, ch), (h, w, c)))))
safe("expanded strides", lambda: lesson02.check_position_function(lambda r, co, ch, h, w, c: r * w * c + co * c + ch))
safe("lookup in arange", lambda: lesson02.check_position_function(
    lambda r, co, ch, h, w, c: np.arange(h * w * c).reshape(h, w, c)[r, co, ch]))
safe("numpy int return", lambda: lesson02.check_position_function(lambda r, co, ch, h, w, c: np.int64((r * w + co) * c + ch)))
safe("WRONG uses h for the row stride", lambda: lesson02.check_position_function(lambda r, co, ch, h, w, c: (r * h + co) * c + ch))
safe("WRONG channels first", lambda: lesson02.check_position_function(lambda r, co, ch, h, w, c: (ch * h + r) * w + co))
safe("WRONG hard-coded for (5, 4, 8)", lambda: lesson02.check_position_function(lambda r, co, ch, h, w, c: (r * 4 + co) * 8 + ch))
safe("WRONG forgot channels", lambda: lesson02.check_position_function(lambda r, co, ch, h, w, c: r * w + co + ch))
safe("WRONG prints instead of returns", lambda: lesson02.check_position_function(lambda r, co, ch, h, w, c: print(end="")))

print("\n=== Exercise 2.4: element at flat position 50 of (4, 4, 8): (1, 2, 2)")
safe("np.unravel_index", lambda: lesson02.check_element_at(np.unravel_index(50, (4, 4, 8))))
safe("argwhere on arange map (1x3)", lambda: lesson02.check_element_at(np.argwhere(np.arange(128).reshape(4, 4, 8) == 50)))
safe("shapes.unflat_index", lambda: lesson02.check_element_at(shapes.unflat_index(50, 4, 4, 8)))
safe("np array", lambda: lesson02.check_element_at(np.array([1, 2, 2])))
safe("WRONG channel off by one (that is 51)", lambda: lesson02.check_element_at((1, 2, 3)))
safe("WRONG (row, col) from 50 // 16 style", lambda: lesson02.check_element_at((3, 0, 2)))
safe("WRONG pixel and channel only", lambda: lesson02.check_element_at(divmod(50, 8)))
safe("WRONG reversed", lambda: lesson02.check_element_at((2, 2, 1)))
safe("WRONG as a dict", lambda: lesson02.check_element_at({"row": 1, "col": 2, "ch": 2}))

print("\n=== Exercise 2.5: channels_first position of x[0, 2, 1, 3] in (1, 3, 4, 5) (26)")
x_cf = np.arange(60).reshape(1, 3, 4, 5)
safe("transpose then ravel", lambda: lesson02.check_channels_first_position(
    int(np.flatnonzero(np.transpose(x_cf, (0, 2, 3, 1)).reshape(-1) == x_cf[0, 2, 1, 3])[0])))
safe("ravel_multi_index channels last", lambda: lesson02.check_channels_first_position(np.ravel_multi_index((1, 3, 2), (4, 5, 3))))
safe("shapes.flat_index channels_first", lambda: lesson02.check_channels_first_position(
    shapes.flat_index(1, 3, 2, 4, 5, 3, data_format="channels_first")))
safe("Keras argwhere", lambda: lesson02.check_channels_first_position(np.argwhere(
    keras.ops.convert_to_numpy(keras.layers.Flatten(data_format="channels_first")(x_cf))[0] == x_cf[0, 2, 1, 3])))
safe("WRONG plain reshape", lambda: lesson02.check_channels_first_position(int(np.flatnonzero(x_cf.reshape(-1) == x_cf[0, 2, 1, 3])[0])))
safe("WRONG rows with h", lambda: lesson02.check_channels_first_position((1 * 4 + 3) * 3 + 2))
safe("WRONG (h, w) swapped", lambda: lesson02.check_channels_first_position((3 * 4 + 1) * 3 + 2))
safe("WRONG argwhere on the 4-D input", lambda: lesson02.check_channels_first_position(np.argwhere(x_cf == x_cf[0, 2, 1, 3])))

# ------------------------------------------------------------------ lesson 03
print("\n=== Exercise 3.1: Conv2D(8, 5, strides=2) on (32, 25, 3): (None, 14, 11, 8)")
safe("Sequential output_shape", lambda: lesson03.check_conv_shape(
    keras.Sequential([keras.Input(shape=(32, 25, 3)), keras.layers.Conv2D(8, 5, strides=2)]).output_shape))
safe("math.floor", lambda: lesson03.check_conv_shape((None, math.floor(27 / 2) + 1, math.floor(20 / 2) + 1, 8)))
safe("ceil identity (i - k + 1)/s", lambda: lesson03.check_conv_shape((None, math.ceil(28 / 2), math.ceil(21 / 2), 8)))
safe("shapes.trace", lambda: lesson03.check_conv_shape(shapes.trace((32, 25, 3), [shapes.conv(8, 5, strides=2)])[-1].shape))
safe("WRONG round() then + 1", lambda: lesson03.check_conv_shape((None, round(27 / 2) + 1, round(20 / 2) + 1, 8)))
safe("WRONG int(np.ceil) then + 1", lambda: lesson03.check_conv_shape((None, int(np.ceil(27 / 2)) + 1, int(np.ceil(20 / 2)) + 1, 8)))
safe("WRONG np.floor floats", lambda: lesson03.check_conv_shape((None, np.floor(27 / 2) + 1, np.floor(20 / 2) + 1, 8)))
safe("WRONG channels missing", lambda: lesson03.check_conv_shape((None, 14, 11)))
safe("WRONG kernel as 5x5 'same' with stride", lambda: lesson03.check_conv_shape((None, 16, 13, 8)))
safe("WRONG channels first", lambda: lesson03.check_conv_shape((None, 8, 14, 11)))

print("\n=== Exercise 3.2: out_len(i, k, s, p)")


def ol_count_starts(i, k, s, p):
    if p == "same":
        return -(-i // s)
    p = 0 if p == "valid" else p
    return len(range(0, i + 2 * p - k + 1, s))


def ol_pad_first(i, k, s, p):
    if p == "same":
        total = max((math.ceil(i / s) - 1) * s + k - i, 0)
        return (i + total - k) // s + 1
    pad = {"valid": 0}.get(p, p)
    return (i + 2 * pad - k) // s + 1


def ol_ceil_identity(i, k, s, p):
    p = {"valid": 0}.get(p, p)
    if p == "same":
        return (i + s - 1) // s
    return math.ceil((i + 2 * p - k + 1) / s)


def ol_floats(i, k, s, p):
    if p == "same":
        return np.ceil(i / s)
    p = 0 if p == "valid" else p
    return np.floor((i + 2 * p - k) / s) + 1


def ol_same_valid_pad(i, k, s, p):  # 'same' treated as (k - 1) // 2 zeros each side
    p = {"valid": 0, "same": (k - 1) // 2}.get(p, p)
    return (i + 2 * p - k) // s + 1


def ol_same_pytorch(i, k, s, p):  # 'same' treated as k // 2 each side
    p = {"valid": 0, "same": k // 2}.get(p, p)
    return (i + 2 * p - k) // s + 1


def ol_int_p_once(i, k, s, p):
    if p == "same":
        return -(-i // s)
    p = 0 if p == "valid" else p
    return (i + p - k) // s + 1


def ol_same_i_minus_k(i, k, s, p):  # 'same' as ceil((i - k + 1) / s): the 'valid' ceil form
    if p == "same":
        return max(math.ceil((i - k + 1) / s), 0)
    p = 0 if p == "valid" else p
    return (i + 2 * p - k) // s + 1


safe("counts the window starts", lambda: lesson03.check_out_len(ol_count_starts))
safe("pads 'same' first, then floors", lambda: lesson03.check_out_len(ol_pad_first))
safe("ceil identity everywhere", lambda: lesson03.check_out_len(ol_ceil_identity))
safe("EDGE numpy floats (np.floor / np.ceil)", lambda: lesson03.check_out_len(ol_floats))
safe("WRONG 'same' = (k - 1) // 2 each side", lambda: lesson03.check_out_len(ol_same_valid_pad))
safe("WRONG 'same' = k // 2 each side", lambda: lesson03.check_out_len(ol_same_pytorch))
safe("WRONG int p added once", lambda: lesson03.check_out_len(ol_int_p_once))
safe("WRONG 'same' as ceil((i - k + 1) / s)", lambda: lesson03.check_out_len(ol_same_i_minus_k))
safe("WRONG three arguments", lambda: lesson03.check_out_len(lambda i, k, s: (i - k) // s + 1))

print("\n=== Exercise 3.3: smallest square input (14)")


def keras_builds(n):
    try:
        shape = keras.Sequential([keras.Input(shape=(n, n, 1)), keras.layers.Conv2D(8, 5), keras.layers.MaxPooling2D(2),
                                  keras.layers.Conv2D(16, 3, strides=2), keras.layers.MaxPooling2D(2)]).output_shape
    except ValueError:
        return False
    return 0 not in shape[1:]


safe("Keras search", lambda: lesson03.check_smallest_input(next(n for n in range(1, 40) if keras_builds(n))))
safe("backwards: ((2-1)*2 + 3)*2 + 5 - 1", lambda: lesson03.check_smallest_input(((2 - 1) * 2 + 3) * 2 + 5 - 1))
safe("np.array([14])", lambda: lesson03.check_smallest_input(np.array([14])))
safe("EDGE 14.0", lambda: lesson03.check_smallest_input(14.0))
safe("WRONG pools need 1 value: 10", lambda: lesson03.check_smallest_input(10))
safe("WRONG backwards forgetting the conv1 shrink: 10", lambda: lesson03.check_smallest_input(((2 - 1) * 2 + 3) * 2))
safe("WRONG (14, 14) tuple", lambda: lesson03.check_smallest_input((14, 14)))
safe("WRONG string '14'", lambda: lesson03.check_smallest_input("14"))
safe("WRONG 16 (power of two guess)", lambda: lesson03.check_smallest_input(16))

print("\n=== Exercise 3.4: (None, 52, 8), (None, 18, 8), (None, 17, 8)")
m62 = keras.Sequential([keras.Input(shape=(62, 1)), keras.layers.Conv1D(8, 3, dilation_rate=5),
                        keras.layers.MaxPooling1D(3, padding="same")])
safe("compute_output_shape chain", lambda: lesson03.check_dilated_signal(
    keras.layers.Conv1D(8, 3, dilation_rate=5).compute_output_shape((None, 62, 1)),
    keras.layers.MaxPooling1D(3, padding="same").compute_output_shape((None, 52, 8)),
    keras.layers.MaxPooling1D(3, padding="same").compute_output_shape((None, 51, 8))))
safe("-(-n // 3)", lambda: lesson03.check_dilated_signal((None, 52, 8), (None, -(-52 // 3), 8), (None, -(-51 // 3), 8)))
safe("model.layers[0].output.shape", lambda: lesson03.check_dilated_signal(m62.layers[0].output.shape, m62.output_shape,
                                                                             (None, 17, 8)))
safe("WRONG conv off by one (53)", lambda: lesson03.check_dilated_signal((None, 53, 8), (None, 18, 8), (None, 17, 8)))
safe("WRONG same rule on the input (ceil(62/3))", lambda: lesson03.check_dilated_signal((None, 52, 8), (None, 21, 8), (None, 21, 8)))
safe("WRONG 61: conv as 52 - 1 then floor + 1", lambda: lesson03.check_dilated_signal((None, 52, 8), (None, 18, 8), (None, 18, 8)))
safe("WRONG 61: ceil of 61/3", lambda: lesson03.check_dilated_signal((None, 52, 8), (None, 18, 8), (None, 21, 8)))
safe("WRONG 61 given as an int", lambda: lesson03.check_dilated_signal((None, 52, 8), (None, 18, 8), 17))
safe("EDGE only the third left as ...", lambda: lesson03.check_dilated_signal((None, 52, 8), (None, 18, 8), ...))

print("\nTALLY:", TALLY)
bad = TALLY["false_negative"] or TALLY["false_positive"] or TALLY["raised"]
print("FAIL" if bad else "ok")
sys.exit(1 if bad else 0)
