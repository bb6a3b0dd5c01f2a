"""utils.shapes: worked examples, bad input, and property tests against Keras itself."""

import doctest
import subprocess
import sys

import keras
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from utils import shapes
from utils.shapes import (
    conv_output_length,
    flat_index,
    flatten_output_shape,
    pool_output_length,
    unflat_index,
)

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True)  # the same examples every run: a failure reproduces
sizes = st.integers(1, 64)
kernels = st.integers(1, 9)
steps = st.integers(1, 5)


def keras_conv1d_length(n, kernel, stride, padding, dilation):
    layer = keras.layers.Conv1D(1, kernel, strides=stride, padding=padding, dilation_rate=dilation)
    return layer.compute_output_shape((None, n, 1))[1]


def test_docstring_examples_hold():
    assert doctest.testmod(shapes).failed == 0


def test_importing_shapes_does_not_import_tensorflow():
    code = "import utils, utils.shapes, sys; print('tensorflow' in sys.modules or 'keras' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=shapes.__file__.rsplit("/utils/", 1)[0])
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((28, 3), {}, 26),
        ((28, 3), {"padding": "same"}, 28),
        ((28, 3), {"stride": 2, "padding": "same"}, 14),
        ((7, 3), {"stride": 2, "padding": "same"}, 4),
        ((7, 3), {"dilation": 2}, 3),
        ((5, 3), {"padding": 1}, 5),
        ((10, 3), {"stride": 2, "padding": "causal"}, 5),
    ],
)
def test_worked_examples(args, kwargs, expected):
    assert conv_output_length(*args, **kwargs) == expected


def test_same_padding_keeps_size_only_with_stride_one():
    assert conv_output_length(9, 3, stride=1, padding="same") == 9
    assert [conv_output_length(9, 3, stride=s, padding="same") for s in (2, 3, 4)] == [5, 3, 3]


def test_pooling_stride_defaults_to_pool_size():
    assert pool_output_length(26, 2) == 13
    assert pool_output_length(7, 2) == 3
    assert pool_output_length(7, 2, padding="same") == 4
    assert pool_output_length(7, 3, stride=1) == 5


def test_flatten_keeps_batch_and_multiplies_the_rest():
    assert flatten_output_shape((None, 13, 13, 32)) == (None, 5408)
    assert flatten_output_shape((4, 2, 3)) == (4, 6)
    assert flatten_output_shape([None]) == (None, 1)


def test_param_counts_match_the_vgg16_head():
    assert shapes.dense_params(7 * 7 * 512, 4096) == 102_764_544
    assert shapes.conv2d_params(3, 3, 64) == 1_792


@pytest.mark.parametrize(
    ("call", "names"),
    [
        (lambda: conv_output_length(0, 3), ["n=0"]),
        (lambda: conv_output_length(5.0, 3), ["n=5.0"]),
        (lambda: conv_output_length(True, 3), ["n must be", "bool"]),
        (lambda: conv_output_length(5, -1), ["kernel=-1"]),
        (lambda: conv_output_length(5, 3, stride=0), ["stride=0"]),
        (lambda: conv_output_length(5, 3, dilation=0), ["dilation=0"]),
        (lambda: conv_output_length(5, 3, padding="full"), ["padding='full'"]),
        (lambda: conv_output_length(5, 3, padding=-1), ["padding=-1"]),
        (lambda: conv_output_length(5, 3, padding=1.5), ["padding=1.5"]),
        (lambda: conv_output_length(2, 5), ["kernel=5", "(2)"]),
        (lambda: conv_output_length(4, 3, dilation=3), ["spans 7", "(4)"]),
        (lambda: conv_output_length(2, 5, padding=1), ["padded input (4)"]),
        (lambda: pool_output_length(3, 5), ["pool=5"]),
        (lambda: pool_output_length(8, 2, stride=0), ["stride=0"]),
        (lambda: pool_output_length(8, 2, padding="causal"), ["padding='causal'"]),
        (lambda: flatten_output_shape(()), ["shape=()"]),
        (lambda: flatten_output_shape("abc"), ["shape='abc'"]),
        (lambda: flatten_output_shape((None, None, 3)), ["None at axis 1"]),
        (lambda: flatten_output_shape((None, 0, 3)), ["shape=(None, 0, 3)", "axis 1"]),
        (lambda: flat_index(2, 0, 0, height=2, width=2, channels=1), ["row=2"]),
        (lambda: flat_index(0, 0, 0, 2, 2, 1, data_format="nchw"), ["data_format='nchw'"]),
        (lambda: unflat_index(8, 2, 2, 2), ["index=8"]),
    ],
)
def test_bad_input_raises_value_error_naming_the_argument(call, names):
    with pytest.raises(ValueError) as info:
        call()
    for name in names:
        assert name in str(info.value)


@PROPERTY
@given(n=sizes, kernel=kernels, stride=steps, dilation=st.integers(1, 4),
       padding=st.sampled_from(["valid", "same", "causal"]))
def test_conv1d_agrees_with_keras(n, kernel, stride, dilation, padding):
    assume(stride == 1 or dilation == 1)  # Keras refuses both > 1 in one layer
    k_eff = kernel + (kernel - 1) * (dilation - 1)
    assume(padding != "valid" or n >= k_eff)
    ours = conv_output_length(n, kernel, stride, padding, dilation)
    assert ours == keras_conv1d_length(n, kernel, stride, padding, dilation)


@PROPERTY
@given(h=sizes, w=sizes, kernel=st.tuples(kernels, kernels), stride=st.tuples(steps, steps),
       padding=st.sampled_from(["valid", "same"]))
def test_conv2d_agrees_with_keras_on_each_axis(h, w, kernel, stride, padding):
    assume(padding == "same" or (h >= kernel[0] and w >= kernel[1]))
    layer = keras.layers.Conv2D(4, kernel, strides=stride, padding=padding)
    _, oh, ow, c = layer.compute_output_shape((None, h, w, 3))
    assert (oh, ow, c) == (conv_output_length(h, kernel[0], stride[0], padding),
                           conv_output_length(w, kernel[1], stride[1], padding), 4)


@PROPERTY
@given(n=sizes, kernel=kernels, stride=steps, pad=st.integers(0, 4), dilation=st.integers(1, 3))
def test_int_padding_agrees_with_zero_padding_then_valid(n, kernel, stride, pad, dilation):
    assume(stride == 1 or dilation == 1)
    assume(n + 2 * pad >= kernel + (kernel - 1) * (dilation - 1))
    model = keras.Sequential([
        keras.Input(shape=(n, 1)),
        keras.layers.ZeroPadding1D(pad),
        keras.layers.Conv1D(1, kernel, strides=stride, dilation_rate=dilation),
    ])
    assert conv_output_length(n, kernel, stride, pad, dilation) == model.output_shape[1]


@PROPERTY
@given(n=sizes, pool=st.integers(1, 6), stride=st.one_of(st.none(), steps),
       padding=st.sampled_from(["valid", "same"]),
       layer=st.sampled_from([keras.layers.MaxPooling1D, keras.layers.AveragePooling1D]))
def test_pooling_agrees_with_keras(n, pool, stride, padding, layer):
    assume(padding == "same" or n >= pool)
    expected = layer(pool, strides=stride, padding=padding).compute_output_shape((None, n, 2))[1]
    assert pool_output_length(n, pool, stride, padding) == expected


@PROPERTY
@given(h=sizes, w=sizes, pool=st.integers(1, 4), padding=st.sampled_from(["valid", "same"]))
def test_pooling2d_agrees_with_keras(h, w, pool, padding):
    assume(padding == "same" or min(h, w) >= pool)
    _, oh, ow, _ = keras.layers.MaxPooling2D(pool, padding=padding).compute_output_shape((None, h, w, 1))
    assert (oh, ow) == (pool_output_length(h, pool, padding=padding),
                        pool_output_length(w, pool, padding=padding))


@PROPERTY
@given(n=st.integers(1, 6), kernel=kernels)
def test_a_window_bigger_than_the_input_is_rejected_by_keras_too(n, kernel):
    assume(kernel > n)
    with pytest.raises(ValueError):
        conv_output_length(n, kernel)
    with pytest.raises(ValueError):
        keras_conv1d_length(n, kernel, 1, "valid", 1)


def test_a_window_bigger_than_the_input_gets_advice_its_layer_can_follow():
    with pytest.raises(ValueError, match="more padding"):
        conv_output_length(2, 3)  # a convolution can take zeros: ZeroPadding, or padding=int here
    # A pooling layer takes no number of zeros (review r10): only 'same' or a smaller pool.
    with pytest.raises(ValueError, match=r"pool=2 is larger than the input \(1\): use padding='same' or a "
                                         r"smaller pool\.$"):
        pool_output_length(1, 2)


@PROPERTY
@given(batch=st.one_of(st.none(), st.integers(1, 8)),
       dims=st.lists(st.integers(1, 12), min_size=0, max_size=4))
def test_flatten_agrees_with_keras(batch, dims):
    shape = (batch, *dims)
    assert flatten_output_shape(shape) == tuple(keras.layers.Flatten().compute_output_shape(shape))


@settings(max_examples=25, deadline=None, derandomize=True)
@given(h=st.integers(1, 5), w=st.integers(1, 5), c=st.integers(1, 4), data=st.data())
def test_flat_index_matches_keras_flatten_order(h, w, c, data):
    row, col, ch = (data.draw(st.integers(0, d - 1)) for d in (h, w, c))
    values = np.arange(h * w * c, dtype="float32").reshape(1, h, w, c)
    flat = keras.ops.convert_to_numpy(keras.layers.Flatten()(values))[0]
    position = flat_index(row, col, ch, h, w, c)
    assert flat[position] == values[0, row, col, ch]
    assert unflat_index(position, h, w, c) == (row, col, ch)
    # channels_first data, flattened by Keras with data_format="channels_first", lands in the same place
    first = np.transpose(values, (0, 3, 1, 2))
    flat_first = keras.ops.convert_to_numpy(keras.layers.Flatten(data_format="channels_first")(first))[0]
    position_first = flat_index(row, col, ch, h, w, c, data_format="channels_first")
    assert flat_first[position_first] == first[0, ch, row, col]


# ---------------------------------------------------------------------------
# The one trace of a layer stack, against Keras' compute_output_shape and count_params
# ---------------------------------------------------------------------------

def _keras_layer(layer, rank):
    """The Keras layer that a shapes.Layer describes (rank = number of spatial axes)."""
    o, d = layer.options, f"{rank}D"
    if layer.kind == "conv":
        cls = getattr(keras.layers, f"Conv{d}")
        return cls(o["filters"], o["kernel"], strides=o["strides"], padding=o["padding"],
                   dilation_rate=o["dilation"], use_bias=o["use_bias"])
    if layer.kind == "pool":
        cls = getattr(keras.layers, f"{'Max' if o['kind'] == 'max' else 'Average'}Pooling{d}")
        return cls(o["size"], strides=o["strides"], padding=o["padding"])
    if layer.kind == "global_pool":
        cls = getattr(keras.layers, f"Global{'Max' if o['kind'] == 'max' else 'Average'}Pooling{d}")
        return cls(keepdims=o["keepdims"])
    if layer.kind == "adaptive_pool":
        cls = getattr(keras.layers, f"Adaptive{'Max' if o['kind'] == 'max' else 'Average'}Pooling{d}")
        return cls(o["output_size"])
    if layer.kind == "flatten":
        return keras.layers.Flatten()
    if layer.kind == "dense":
        return keras.layers.Dense(o["units"], use_bias=o["use_bias"])
    return keras.layers.Embedding(o["input_dim"], o["output_dim"])


@st.composite
def stacks(draw):
    rank = draw(st.sampled_from([1, 2]))
    spatial = tuple(draw(st.integers(4, 24)) for _ in range(rank))
    layers = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["conv", "conv", "pool", "dense"]))
        if kind == "conv":
            kernel = draw(st.one_of(st.integers(1, 4), st.tuples(*[st.integers(1, 4)] * rank)))
            strided = draw(st.booleans())
            layers.append(shapes.conv(
                draw(st.integers(1, 6)), kernel, strides=draw(st.integers(1, 3)) if strided else 1,
                padding=draw(st.sampled_from(["valid", "same"])),
                dilation=1 if strided else draw(st.integers(1, 2)), use_bias=draw(st.booleans())))
        elif kind == "pool":
            strides = draw(st.one_of(st.none(), st.integers(1, 3)))
            layers.append(shapes.pool(draw(st.integers(1, 3)), strides=strides,
                                      padding=draw(st.sampled_from(["valid", "same"])),
                                      kind=draw(st.sampled_from(["max", "avg"]))))
        else:
            layers.append(shapes.dense(draw(st.integers(1, 6))))  # on a map: applied along the last axis
    head = draw(st.sampled_from(["flatten", "global", "adaptive", "none"]))
    if head == "flatten":
        layers.append(shapes.flatten())
    elif head == "global":
        layers.append(shapes.global_pool(draw(st.sampled_from(["avg", "max"])), keepdims=draw(st.booleans())))
    elif head == "adaptive":
        layers += [shapes.adaptive_pool(draw(st.integers(1, 3)), draw(st.sampled_from(["avg", "max"]))),
                   shapes.flatten()]
    if head != "none":
        layers.append(shapes.dense(draw(st.integers(1, 10)), use_bias=draw(st.booleans())))
    return (*spatial, draw(st.integers(1, 4))), layers


@PROPERTY
@given(stack=stacks())
def test_the_trace_agrees_with_keras_layer_by_layer(stack):
    input_shape, layers = stack
    try:
        rows = shapes.trace(input_shape, layers)
    except ValueError:
        assume(False)  # a window bigger than its input: covered by the rejection tests
    x = keras.Input(shape=input_shape)
    model_layers = []
    for layer, row in zip(layers, rows[1:]):
        keras_layer = _keras_layer(layer, len(input_shape) - 1)
        x = keras_layer(x)
        model_layers.append(keras_layer)
        assert tuple(x.shape) == row.shape, (row.layer, row.shape, x.shape)
        assert keras_layer.count_params() == row.params, row.layer
        assert row.layer.split("(")[0] == type(keras_layer).__name__


def test_unknown_sizes_flow_through_convolutions_but_stop_a_dense_after_flatten():
    rows = shapes.trace((None, None, 3), [shapes.conv(8, 3), shapes.global_pool(), shapes.dense(2)])
    assert rows[-1].shape == (None, 2)
    with pytest.raises(ValueError, match=r"layers\[2\] \(dense\).*known last axis"):
        shapes.trace((None, None, 3), [shapes.conv(8, 3), shapes.flatten(), shapes.dense(2)])


def test_a_dense_on_a_feature_map_acts_on_the_last_axis_as_in_keras_3():
    rows = shapes.trace((4, 4, 8), [shapes.dense(10)])
    assert rows[-1].shape == (None, 4, 4, 10) and rows[-1].params == 8 * 10 + 10


def test_roles_name_layers_in_the_table_and_the_budget_column_adds_up():
    rows = shapes.trace((8, 8, 1), [shapes.conv(4, 3, label="block 1 conv"), shapes.flatten(),
                                    shapes.dense(10, label="classifier")])
    table = shapes.format_trace(rows, budget=1000)
    assert "Dense(10)  [classifier]" in table and "block 1 conv" in table
    assert f"{shapes.total_params(rows):,}" in table.splitlines()[-1]
    assert shapes.format_shape((None,)) == "(None,)" and shapes.format_shape((None, 8)) == "(None, 8)"


@pytest.mark.parametrize(("call", "names"), [
    (lambda: shapes.trace("8x8", []), "input_shape='8x8'"),
    (lambda: shapes.trace((8, 0, 1), []), "input_shape=(8, 0, 1)"),
    (lambda: shapes.trace((8, 8, 1), [3]), "layers=[3]"),
    (lambda: shapes.trace((8, 8, 1), [shapes.conv(4, (3, 3, 3))]), "kernel=(3, 3, 3)"),
    (lambda: shapes.trace((8, 8, 1), [shapes.conv(4, 3, padding="causal")]), "causal"),
    (lambda: shapes.trace((8, 8, 1), [shapes.conv(4, 9)]), "kernel=9"),
    (lambda: shapes.conv(0, 3), "filters"),
    (lambda: shapes.conv(4, (3, 0)), "kernel=(3, 0)"),
    (lambda: shapes.dense(4, use_bias="yes"), "use_bias='yes'"),
    (lambda: shapes.pool(2, kind="min"), "kind='min'"),
    (lambda: shapes.global_pool(keepdims=1), "keepdims=1"),
])
def test_bad_stacks_raise_a_value_error_naming_the_argument(call, names):
    with pytest.raises(ValueError, match=names.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")
                       .replace("]", r"\]")):
        call()
