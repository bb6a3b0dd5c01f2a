"""Lesson 07: the head-cost text and figures, the experiment's table, and the exercise checks."""

import keras
import numpy as np
import pytest
from matplotlib.figure import Figure

from utils import shapes
from utils.checks import ExerciseError
from utils.lessons import lesson07
from utils.shapes import dense_params

layers = keras.layers


# --- head cost ------------------------------------------------------------------

def test_head_cost_at_the_default_is_vgg16s_fc1_and_its_gap_alternative():
    text = lesson07.flatten_head_cost(7)
    assert "7 x 7 x 512 = 25,088 values" in text
    assert "102,764,544 parameters = 411.1 MB" in text
    assert f"{dense_params(512, 4096):,} parameters = 8.4 MB" in text


@pytest.mark.parametrize("side, channels, units", [(1, 8, 16), (3, 16, 32), (5, 8, 10)])
def test_head_params_count_what_keras_counts(side, channels, units):
    flat = keras.Sequential([keras.Input(shape=(side, side, channels)), layers.Flatten(),
                             layers.Dense(units)])
    gap = keras.Sequential([keras.Input(shape=(side, side, channels)), layers.GlobalAveragePooling2D(),
                            layers.Dense(units)])
    counts = lesson07.head_params(side, channels, units)
    assert counts["flatten"] == flat.count_params() and counts["gap"] == gap.count_params()
    assert f"= {flat.count_params():,} parameters" in lesson07.flatten_head_cost(side, channels, units)


def test_doubling_the_side_quadruples_the_flatten_weights_but_not_the_gap_ones():
    one, two = lesson07.head_params(7, 512, 4096), lesson07.head_params(14, 512, 4096)
    assert two["flatten"] - 4096 == 4 * (one["flatten"] - 4096) and two["gap"] == one["gap"]


def test_a_head_over_one_gigabyte_is_called_out():
    assert "over 1 GB" in lesson07.flatten_head_cost(224, 64, 4096)
    assert "under 1 GB" in lesson07.flatten_head_cost(7)


@pytest.mark.parametrize("bad, name", [
    (dict(side=0), "side=0"), (dict(side=7, channels=-1), "channels=-1"),
    (dict(side=7, units=2.5), "units=2.5"), (dict(side=True), "side must be a whole number"),
])
def test_impossible_settings_raise_a_value_error_that_names_the_argument(bad, name):
    with pytest.raises(ValueError, match=name):
        lesson07.flatten_head_cost(**bad)


def test_the_lesson_registers_no_panel_because_a_static_figure_shows_the_formula():
    assert lesson07.PANELS == []


# --- figures ----------------------------------------------------------------------

def test_signal_examples_draws_one_row_per_class_and_refuses_bad_input():
    x, y = lesson07.make_clips(n_per_class=2, length=64, seed=0, event_length=16)
    fig = lesson07.signal_examples(x, y, lesson07.CLASSES, per_class=2)
    assert isinstance(fig, Figure) and len(fig.axes) == 6
    with pytest.raises(ValueError, match="per_class=0"):
        lesson07.signal_examples(x, y, lesson07.CLASSES, per_class=0)
    with pytest.raises(ValueError, match="y must hold one whole-number label per signal"):
        lesson07.signal_examples(x[:, :, 0].T, y, lesson07.CLASSES)
    with pytest.raises(ValueError, match="x must be"):
        lesson07.signal_examples(x[0, :, 0], y, lesson07.CLASSES)
    with pytest.raises(ValueError, match="y must be one whole-number label >= 0 per signal"):
        lesson07.signal_examples(x, y.astype(float), lesson07.CLASSES)
    with pytest.raises(ValueError, match="y must be one whole-number label >= 0 per signal"):
        lesson07.signal_examples(x, -y, lesson07.CLASSES)
    with pytest.raises(ValueError, match="x must be .N, length. or .N, length, 1. signals"):
        lesson07.signal_examples(np.repeat(x, 2, axis=2), y, lesson07.CLASSES)
    with pytest.raises(ValueError, match="class_names"):
        lesson07.signal_examples(x, y, "abc")


def test_head_memory_is_a_figure_and_refuses_no_sides():
    assert isinstance(lesson07.head_memory(512, 4096, highlight=7), Figure)
    with pytest.raises(ValueError, match="sides"):
        lesson07.head_memory(512, 4096, sides=[])


def test_the_dilution_figure_draws_one_line_per_variant():
    fig = lesson07.dilution_figure([40, 80], {"a": [1, 0.9], "b": [0.5, 0.4]}, "accuracy", "title")
    assert isinstance(fig, Figure) and len(fig.axes[0].get_lines()) == 2


@pytest.mark.parametrize(("call", "named"), [
    (lambda: lesson07.sound_share(20, 8), "length must be a whole number from 44"),
    (lambda: lesson07.sound_share(128, 200), "event_length must be a whole number from 1 to 128"),
    (lambda: lesson07.head_memory(sides=None), "sides must hold"),
    (lambda: lesson07.head_memory(highlight=0), "highlight must be"),
    (lambda: lesson07.draw_signals(None, np.zeros((1, 16)), [0], ["a"]), "axes must be a 2-D grid"),
    (lambda: lesson07.signal_examples(np.zeros((2, 16)), [0, 1], None), "class_names must be"),
    (lambda: lesson07.dilution_figure([40, 80], {"a": "xy"}, "accuracy"), "curves must be"),
    (lambda: lesson07.dilution_figure([40, 80], {"a": [1, 0.9]}, None), "ylabel must be"),
])
def test_the_figures_refuse_a_bad_argument_by_name(call, named):
    with pytest.raises(ValueError, match=named):
        call()


def test_the_lesson_uses_the_generic_experiment_module_instead_of_its_own_copies():
    for name in ("summarise_runs", "format_runs", "draw_runs", "experiment_figure"):
        assert not hasattr(lesson07, name)
    assert lesson07.whole_number.__module__ == "utils._validate"


# --- the facts the lesson states about masks (Keras 3.15) --------------------------------

def test_conv1d_and_global_max_pooling_drop_masks_while_dense_and_global_average_keep_them():
    assert not layers.Conv1D(4, 3).supports_masking and not layers.GlobalMaxPooling1D().supports_masking
    assert layers.Dense(4).supports_masking and layers.GlobalAveragePooling1D().supports_masking


@pytest.mark.parametrize("layer", [
    layers.Dense(4), layers.Dropout(0.1), layers.Activation("relu"), layers.LayerNormalization(),
    layers.BatchNormalization(), layers.TimeDistributed(layers.Dense(4)),
    layers.LSTM(4, return_sequences=True),
    layers.GRU(4, return_sequences=True), layers.Bidirectional(layers.GRU(4, return_sequences=True)),
    layers.MultiHeadAttention(num_heads=2, key_dim=4), layers.GlobalAveragePooling1D(),
], ids=lambda layer: type(layer).__name__)
def test_per_token_layers_and_sequence_layers_built_for_masks_support_masking(layer):
    assert layer.supports_masking


@pytest.mark.parametrize("layer", [layers.Conv1D(4, 3), layers.MaxPooling1D(2), layers.AveragePooling1D(2),
                                   layers.GlobalMaxPooling1D(), layers.Flatten()],
                         ids=lambda layer: type(layer).__name__)
def test_conv1d_inherits_the_default_compute_mask_and_so_drops_the_mask(layer):
    # Layer.__init__ sets supports_masking = "compute_mask is overridden"; these layers do not override it
    assert not layer.supports_masking
    assert type(layer).compute_mask is layers.Layer.compute_mask


def test_a_masked_average_ignores_padding_and_a_plain_one_does_not():
    keras.utils.set_random_seed(0)
    embed, dense = layers.Embedding(50, 8, mask_zero=True), layers.Dense(8, activation="relu")
    seq = np.array([[3, 1, 7, 9]])
    outs = [dense(embed(keras.utils.pad_sequences(seq, maxlen=n, padding="post"))) for n in (4, 40)]
    masked = [keras.ops.convert_to_numpy(layers.GlobalAveragePooling1D()(h)) for h in outs]
    plain = [keras.ops.convert_to_numpy(keras.ops.mean(h, axis=1)) for h in outs]
    assert np.allclose(masked[0], masked[1], atol=1e-6) and not np.allclose(plain[0], plain[1], atol=1e-6)


# --- exercise 7.1: megabytes of the Dense after Flatten ----------------------------------

def mb_with_dense_params(height, width, channels, units):
    return dense_params(height * width * channels, units) * 4 / 1e6


def mb_by_hand(h, w, c, u):
    return (h * w * c + 1) * u * 4 / 1_000_000


def mb_with_trace(h, w, c, u):
    return shapes.total_params(shapes.trace((h, w, c), [shapes.flatten(), shapes.dense(u)])) * 4 / 1e6


def mb_numpy(h, w, c, u):
    return np.float32((np.int64(h) * w * c * u + u) * 4) / np.float32(1e6)


def mb_fraction(h, w, c, u):
    from fractions import Fraction
    return Fraction((h * w * c + 1) * u * 4, 10**6)


@pytest.mark.parametrize("answer", [mb_with_dense_params, mb_by_hand, mb_with_trace, mb_numpy, mb_fraction])
def test_flatten_mb_accepts_every_correct_formula(answer):
    assert lesson07.check_flatten_mb(answer).correct


@pytest.mark.parametrize("answer, why", [
    (lambda h, w, c, u: dense_params(h * w * c, u), "number of parameters"),
    (lambda h, w, c, u: dense_params(h * w * c, u) * 4 / 2**20, "MiB"),
    (lambda h, w, c, u: h * w * c * u * 4 / 1e6, "forgot the bias"),
    (lambda h, w, c, u: dense_params(h * w * c, u) * 4, "number of bytes"),
    (lambda h, w, c, u: dense_params(h * w * c, u) * 8 / 1e6, "float64"),
    (lambda h, w, c, u: dense_params(h * w * c, u) / 1e6, "1 byte per parameter"),
    (lambda h, w, c, u: dense_params(h * w * c, u) * 4 / 1e9, "GB"),
    (lambda h, w, c, u: dense_params(c, u) * 4 / 1e6, "GlobalAveragePooling2D"),
    (lambda h, w, c, u: dense_params(h * w, u) * 4 / 1e6, "left out the channels"),
    (lambda h, w, c, u: round(dense_params(h * w * c, u) * 4 / 1e6), "rounded"),
    (lambda h, w, c, u: "big", "expected one number"),
    (lambda h, w, c, u: [1.0, 2.0], "expected one number"),
    (lambda h, w: 1.0, "takes four numbers"),
    (42, "expected a function"),
])
def test_flatten_mb_explains_the_usual_slips(answer, why):
    result = lesson07.check_flatten_mb(answer)
    assert result.status == "wrong" and why in result.message, result.text()


@pytest.mark.parametrize("answer, why", [
    (lambda h, w, c, u: (h * w * c * u + h * w * c) * 4 / 1e6, "one bias per input"),
    (lambda h, w, c, u: (h * w * c * u + 1) * 4 / 1e6, "one bias in all"),
    (lambda h, w, c, u: dense_params(h * w * c, u) * 4 / 1e6 + 1e-4, "Recompute"),
    (lambda h, w, c, u: dense_params(h * w * c, u) * 4 / 1e6 * 1.5, "Recompute"),
])
def test_flatten_mb_calls_only_a_rounded_value_rounded(answer, why):
    result = lesson07.check_flatten_mb(answer)
    assert result.status == "wrong" and why in result.message, result.text()
    assert "rounded" not in result.message, result.text()


@pytest.mark.parametrize("digits", [0, 1, 2, 3])
def test_flatten_mb_names_rounding_to_a_few_decimals(digits):
    result = lesson07.check_flatten_mb(lambda h, w, c, u: round(dense_params(h * w * c, u) * 4 / 1e6, digits))
    assert result.status == "wrong" and "you rounded" in result.message, result.text()


def test_flatten_mb_rounding_rule_reads_exact_rounded_values_only():
    want = dense_params(30, 10) * 4 / 1e6  # the first case the check tries, (5, 3, 2, 10)
    assert "rounded" in lesson07._mb_mistake(round(want, 3), 5, 3, 2, 10)
    assert "rounded" in lesson07._mb_mistake(round(want, 3) + 1e-17, 5, 3, 2, 10)  # float noise
    assert "rounded" not in lesson07._mb_mistake(want + 1e-4, 5, 3, 2, 10)
    assert "rounded" not in lesson07._mb_mistake(want - 0.4, 5, 3, 2, 10)


def exact_mb(h, w, c, u):
    return dense_params(h * w * c, u) * 4 / 1e6


@pytest.mark.parametrize("digits", [4, 5])
def test_flatten_mb_calls_rounding_to_4_or_5_decimals_rounding_not_a_forgotten_bias(digits):
    # on (5, 3, 2, 10) round(mb, 4) = 0.0012 is also the size without the bias: the other cases tell
    result = lesson07.check_flatten_mb(lambda h, w, c, u: round(exact_mb(h, w, c, u), digits))
    assert result.status == "wrong" and "you rounded" in result.message, result.text()
    assert "bias" not in result.message, result.text()


def test_flatten_mb_still_names_a_forgotten_bias_that_looks_like_rounding_on_the_first_case():
    assert round(exact_mb(5, 3, 2, 10), 4) == 5 * 3 * 2 * 10 * 4 / 1e6  # the two slips coincide here
    result = lesson07.check_flatten_mb(lambda h, w, c, u: h * w * c * u * 4 / 1e6)
    assert result.status == "wrong" and "forgot the bias" in result.message, result.text()
    assert "rounded" not in result.message, result.text()


def test_mb_mistake_uses_the_other_cases_only_to_tell_apart_slips_that_coincide():
    args, other = (5, 3, 2, 10), (1, 1, 1, 1)
    same = round(exact_mb(*args), 4)
    assert "forgot the bias" in lesson07._mb_mistake(same, *args)  # one case alone: the first slip listed
    assert "rounded" in lesson07._mb_mistake(same, *args, more=[(other, round(exact_mb(*other), 4))])
    assert "forgot the bias" in lesson07._mb_mistake(same, *args, more=[(other, 1 * 1 * 1 * 1 * 4 / 1e6)])
    # a value that fits no slip on the other case does not hide the explanations of the first one
    assert "forgot the bias" in lesson07._mb_mistake(same, *args, more=[(other, 123.0)])


def test_flatten_mb_accepts_a_value_rounded_to_6_decimals_which_is_exact():
    assert lesson07.check_flatten_mb(lambda h, w, c, u: round(exact_mb(h, w, c, u), 6)).correct


def test_flatten_mb_stops_a_function_that_builds_a_real_layer_before_it_allocates_gigabytes():
    built = []

    def builds_the_layer(h, w, c, u):
        dense = layers.Dense(u)
        dense.build((None, h * w * c))
        built.append(dense.kernel.shape)
        return dense.count_params() * 4 / 1e6

    add_weight = keras.layers.Layer.add_weight
    result = lesson07.check_flatten_mb(builds_the_layer)
    assert result.status == "wrong" and "builds a Keras layer" in result.message
    assert max(int(np.prod(s)) for s in built) <= 10_000  # only the small cases ran
    assert keras.layers.Layer.add_weight is add_weight  # nothing of Keras is patched


def test_flatten_mb_gives_a_verdict_on_a_function_that_never_returns(monkeypatch):
    monkeypatch.setattr(lesson07, "DEADLINE", 0.3)

    def forever(h, w, c, u):
        while True:
            pass

    result = lesson07.check_flatten_mb(forever)
    assert result.status == "wrong" and "did not return within 0.3 s" in result.message, result.text()


def test_flatten_mb_explains_a_function_without_return():
    def no_return(h, w, c, u):
        (h * w * c + 1) * u * 4 / 1e6

    assert "forget `return`" in lesson07.check_flatten_mb(no_return).message


def test_flatten_mb_is_strict_in_ci_and_patient_with_placeholders(strict):
    with pytest.raises(ExerciseError, match="forgot the bias"):
        lesson07.check_flatten_mb(lambda h, w, c, u: h * w * c * u * 4 / 1e6)
    assert lesson07.check_flatten_mb(mb_by_hand).correct


def test_flatten_mb_placeholders_are_not_attempted():
    def stub(height, width, channels, units):
        ...

    assert lesson07.check_flatten_mb(...).status == "not attempted"
    assert lesson07.check_flatten_mb(lambda h, w, c, u: ...).status == "not attempted"
    assert lesson07.check_flatten_mb(stub).status == "not attempted"


# --- exercise 7.2 (transfer): channels-first signals ----------------------------------------

@pytest.fixture(scope="module")
def x_ncl():
    return np.random.default_rng(6).normal(size=(4, 2, 100)).astype("float32")


@pytest.mark.parametrize("make", [
    lambda x: np.transpose(x, (0, 2, 1)),
    lambda x: np.moveaxis(x, 1, -1),
    lambda x: np.swapaxes(x, 1, 2),
    lambda x: layers.Permute((2, 1))(x),
    lambda x: np.einsum("ncl->nlc", x),
    lambda x: np.transpose(x, (0, 2, 1)).tolist(),
])
def test_channels_last_accepts_transpose_moveaxis_swapaxes_permute_and_lists(make, x_ncl):
    assert lesson07.check_channels_last(make(x_ncl), x_ncl).correct


@pytest.mark.parametrize("make, why", [
    (lambda x: x.reshape(4, 100, 2), "scrambled"),
    (lambda x: x, "still channels-first"),
    (lambda x: np.transpose(x, (2, 0, 1)), "expected (4, 100, 2)"),
    (lambda x: np.transpose(x, (0, 2, 1))[:, ::-1], "not the original samples"),
    (lambda x: x[:, 0], "expected (4, 100, 2)"),
    (lambda x: "x_nlc", "expected an array"),
    (lambda x: 3.0, "expected an array"),
    (lambda x: (4, 100, 2), "not the array"),
    (lambda x: np.transpose(x, (0, 2, 1)).shape, "not the array"),
    (lambda x: [4, 100, 2], "not the array"),
    (lambda x: np.array([4, 2, 100]), "not the array"),
])
def test_channels_last_explains_reshape_and_other_wrong_orders(make, why, x_ncl):
    result = lesson07.check_channels_last(make(x_ncl), x_ncl)
    assert result.status == "wrong" and why in result.message, result.text()


@pytest.mark.parametrize("make, why", [
    (lambda x: x[..., None], "You added an axis of size 1"),
    (lambda x: np.expand_dims(x, 1), "You added an axis of size 1"),
    (lambda x: np.transpose(x, (2, 0, 1)), "must still count the 4 signals"),
    (lambda x: x[:, 0], "Conv1D needs 3 axes, you have 2"),
])
def test_channels_last_explains_each_wrong_shape_by_its_own_mistake(make, why, x_ncl):
    result = lesson07.check_channels_last(make(x_ncl), x_ncl)
    assert result.status == "wrong" and why in result.message, result.text()
    assert "expected (4, 100, 2)" in result.message
    if "added an axis" in why:  # the batch axis did not move: do not talk about it
        assert "batch axis" not in result.message and "signals axis" not in result.message


@pytest.mark.parametrize("make, why", [
    (lambda x: np.transpose(x, (0, 2, 1))[:1], "only 1 of the 4 signals"),
    (lambda x: np.transpose(x, (0, 2, 1))[1:3], "only 2 of the 4 signals"),
    (lambda x: np.transpose(x[:, :, :50], (0, 2, 1)), "samples are missing"),
    (lambda x: np.transpose(np.concatenate([x, x]), (0, 2, 1)), "added or repeated"),
    (lambda x: np.transpose(x, (0, 2, 1)).reshape(4, 200, 1) * 2, "not the same ones"),
])
def test_channels_last_does_not_call_a_slice_or_other_values_a_reordering(make, why, x_ncl):
    result = lesson07.check_channels_last(make(x_ncl), x_ncl)
    assert result.status == "wrong" and why in result.message, result.text()
    assert "same numbers as x_ncl" not in result.message, result.text()


def test_channels_last_calls_the_same_numbers_in_another_shape_a_reordering(x_ncl):
    result = lesson07.check_channels_last(x_ncl.reshape(4, 200, 1), x_ncl)
    assert result.status == "wrong" and "same numbers as x_ncl" in result.message, result.text()


def test_channels_last_raises_in_strict_mode_and_waits_for_a_placeholder(strict, x_ncl):
    with pytest.raises(ExerciseError, match="scrambled"):
        lesson07.check_channels_last(x_ncl.reshape(4, 100, 2), x_ncl)
    with pytest.raises(ExerciseError, match="not attempted"):
        lesson07.check_channels_last(..., x_ncl)


# --- exercise 7.3: a variable-length Conv1D model ---------------------------------------------

def token_model(pool=layers.GlobalAveragePooling1D, length=None, vocab=50, units=1, conv=True,
                activation="sigmoid", embed=True):
    inputs = keras.Input(shape=(length,), dtype="int32")
    x = layers.Embedding(vocab, 4)(inputs) if embed else layers.Reshape((-1, 1))(inputs)
    if conv:
        x = layers.Conv1D(4, 3, activation="relu")(x)
    x = pool()(x)
    return keras.Model(inputs, layers.Dense(units, activation=activation)(x))


class SubclassedTokens(keras.Model):
    def __init__(self):
        super().__init__()
        self.embed = layers.Embedding(50, 8)
        self.conv = layers.Conv1D(8, 3, padding="same", activation="relu")
        self.pool, self.out = layers.GlobalMaxPooling1D(), layers.Dense(1, activation="sigmoid")

    def call(self, tokens):
        return self.out(self.pool(self.conv(self.embed(tokens))))


class NaNHead(layers.Layer):
    def call(self, x):
        return x * float("nan")


def sequential_tokens():
    return keras.Sequential([keras.Input(shape=(None,), dtype="int32"), layers.Embedding(50, 8),
                             layers.Conv1D(8, 5, padding="same", activation="relu"),
                             layers.Conv1D(8, 3, padding="same", activation="relu"),
                             layers.GlobalMaxPooling1D(), layers.Dense(4),
                             layers.Dense(1, activation="sigmoid")])


def nested_tokens():
    body = keras.Sequential([layers.Embedding(50, 8), layers.Conv1D(8, 3, activation="relu")])
    inputs = keras.Input(shape=(None,))
    pooled = layers.GlobalAveragePooling1D()(body(inputs))
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid")(pooled))


def subclassed_tokens():
    model = SubclassedTokens()
    model(np.ones((1, 5), "int32"))
    return model


@pytest.mark.parametrize("make", [token_model, lambda: token_model(layers.GlobalMaxPooling1D),
                                  sequential_tokens,
                                  nested_tokens, subclassed_tokens])
def test_variable_length_model_accepts_sequential_functional_nested_and_subclassed_models(make):
    result = lesson07.check_variable_length_model(make())
    assert result.correct, result.text()


def _valid_conv_model():
    """A 'valid' Conv1D of kernel 10 then a global max: nothing is left of 9 tokens (review issue 21: the
    max of nothing went through the Dense and the sigmoid as 0 or 1, and the check accepted it)."""
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Conv1D(4, 10, name="too_long")(layers.Embedding(50, 4)(inputs))
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid")(layers.GlobalMaxPooling1D()(x)))


def nan_model():
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.GlobalAveragePooling1D()(layers.Conv1D(4, 3)(layers.Embedding(50, 4)(inputs)))
    return keras.Model(inputs, NaNHead()(layers.Dense(1, activation="sigmoid")(x)))


def negative_output_model():
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.GlobalAveragePooling1D()(layers.Conv1D(4, 3)(layers.Embedding(50, 4)(inputs)))
    return keras.Model(inputs, layers.Dense(1, bias_initializer=keras.initializers.Constant(-5.0))(x))


def shrinking_model():
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(50, 4)(inputs)
    for _ in range(3):
        x = layers.MaxPooling1D(2)(layers.Conv1D(4, 3)(x))
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid")(layers.GlobalMaxPooling1D()(x)))


@pytest.mark.parametrize("model, why", [
    (lambda: token_model(layers.Flatten, length=40), "Flatten"),
    (lambda: token_model(length=40), "fixed length"),
    (lambda: token_model(embed=False), "no Embedding"),
    (lambda: token_model(conv=False), "Conv1D"),
    (lambda: token_model(units=3), "expected (16, 1)"),
    (negative_output_model, "probability"),
    (lambda: token_model(vocab=20), "input_dim=50"),
    (nan_model, "NaN"),
    (shrinking_model, "has no steps left"),
    (_valid_conv_model, "kernel shape=(10, 4, 4)"),
    (lambda: "a model", "should be a Keras model"),
    (lambda: token_model(activation="softmax"), "softmax over ONE unit is always exactly 1"),
    (lambda: token_model(layers.GlobalMaxPooling1D, activation="softmax"), "softmax over ONE unit"),
    (lambda: token_model(activation="relu"), "last activation is 'relu'"),
    (lambda: token_model(activation=None), "last activation is 'linear'"),
    (lambda: token_model(activation=lambda z: 0.0 * z + 0.5), "does not depend on the input"),
])
def test_variable_length_model_explains_what_is_wrong(model, why):
    result = lesson07.check_variable_length_model(model())
    assert result.status == "wrong"
    assert why in result.message + " ".join(result.details), result.text()


@pytest.mark.parametrize("answer, why", [
    (keras.Model, "you passed the class keras.Model itself"),
    (keras.Sequential, "you passed the class keras.Sequential itself"),
    (SubclassedTokens, "you passed the class SubclassedTokens itself"),
])
def test_variable_length_model_refuses_a_class_with_a_clear_message(answer, why):
    for check in (lesson07.check_variable_length_model, lesson07.check_padding_proof_model):
        result = check(answer)
        assert result.status == "wrong" and why in result.message, result.text()
        assert "_flatten_layers" not in result.message and "positional argument" not in result.message


def test_variable_length_model_says_how_to_build_a_sequential_model_without_an_input():
    unbuilt = keras.Sequential([layers.Embedding(50, 8), layers.Conv1D(8, 3), layers.GlobalMaxPooling1D(),
                                layers.Dense(1, activation="sigmoid")])
    result = lesson07.check_variable_length_model(unbuilt)
    assert result.status == "wrong" and "not built yet" in result.message
    assert 'keras.Input(shape=(None,), dtype="int32") first' in result.message, result.text()
    fixed = keras.Sequential([keras.Input(shape=(None,), dtype="int32"), *unbuilt.layers])  # the fix it names
    assert lesson07.check_variable_length_model(fixed).correct
    unbuilt(np.ones((1, 5), "int32"))  # building it by a call fixes the length, as the message warns
    assert "fixed length" in lesson07.check_variable_length_model(unbuilt).message


def test_variable_length_model_is_strict_in_ci_and_waits_for_a_placeholder(strict):
    with pytest.raises(ExerciseError, match="fixed length"):
        lesson07.check_variable_length_model(token_model(length=40))
    with pytest.raises(ExerciseError, match="not attempted"):
        lesson07.check_variable_length_model(...)


# --- exercise 7.4 (transfer): a padding-proof average ----------------------------------------

def masked_model(hidden=lambda: layers.Dense(8, activation="relu"), mask=True,
                 pool=layers.GlobalAveragePooling1D,
                 extra=None, out_activation="sigmoid"):
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(50, 8, mask_zero=mask)(inputs)
    x = hidden()(x)
    if extra is not None:
        x = extra()(x)
    return keras.Model(inputs, layers.Dense(1, activation=out_activation)(pool()(x)))


def conv_with_explicit_mask():
    """Section 6's own remedy: the mask passed to the average by hand, after a 'same' Conv1D."""
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Conv1D(8, 3, padding="same", activation="relu")(layers.Embedding(50, 8)(inputs))
    x = layers.GlobalAveragePooling1D()(x, mask=keras.ops.not_equal(inputs, 0))
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid")(x))


class MaskedSubclass(keras.Model):
    def __init__(self):
        super().__init__()
        self.embed = layers.Embedding(50, 8, mask_zero=True)
        self.hidden, self.pool = layers.Dense(8, activation="tanh"), layers.GlobalAveragePooling1D()
        self.out = layers.Dense(1, activation="sigmoid")

    def call(self, tokens):
        return self.out(self.pool(self.hidden(self.embed(tokens))))


def masked_subclass():
    model = MaskedSubclass()
    model(np.ones((1, 3), "int32"))
    return model


def masked_sequential():
    return keras.Sequential([keras.Input(shape=(None,), dtype="int32"),
                             layers.Embedding(50, 8, mask_zero=True),
                             layers.Dense(16, activation="relu"), layers.Dropout(0.2), layers.Dense(8),
                             layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid")])


@pytest.mark.parametrize("make", [
    masked_model, masked_sequential, masked_subclass,
    lambda: masked_model(hidden=lambda: layers.Dense(4, activation="gelu"), extra=lambda: layers.Dense(3)),
    lambda: masked_model(hidden=lambda: layers.TimeDistributed(layers.Dense(4))),
    lambda: masked_model(hidden=lambda: layers.LSTM(4, return_sequences=True)),
    lambda: masked_model(hidden=lambda: layers.Bidirectional(layers.GRU(4, return_sequences=True))),
    lambda: masked_model(hidden=lambda: layers.Dense(8), extra=lambda: layers.LayerNormalization()),
])
def test_padding_proof_model_accepts_every_mask_keeping_design(make):
    result = lesson07.check_padding_proof_model(make())
    assert result.correct, result.text()


@pytest.mark.parametrize("model, why", [
    (lambda: masked_model(mask=False), "mask_zero=True"),
    (lambda: masked_model(hidden=lambda: layers.Conv1D(8, 3, padding="same")), "Conv1D"),
    (lambda: masked_model(pool=layers.GlobalMaxPooling1D), "GlobalAveragePooling1D"),
    (lambda: keras.Sequential([keras.Input(shape=(None,)), layers.Embedding(50, 8, mask_zero=True),
                               layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid")]),
     "hidden per-token layer"),
    (lambda: masked_model(hidden=lambda: layers.Dense(8, activation="relu"), extra=NaNHead), "NaN"),
    (lambda: token_model(), "mask_zero=True"),
    (lambda: None, "should be a Keras model"),
    (lambda: masked_model(out_activation="softmax"), "softmax over ONE unit is always exactly 1"),
    (lambda: keras.Sequential([keras.Input(shape=(None,), dtype="int32"),
                               layers.Embedding(50, 8, mask_zero=True), layers.GlobalAveragePooling1D(),
                               layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")]),
     "comes after the GlobalAveragePooling1D"),
    (conv_with_explicit_mask, "windows"),
    (lambda: masked_model(hidden=lambda: layers.Conv1D(8, 3, padding="same"), mask=False), "mask_zero=True"),
])
def test_padding_proof_model_explains_what_breaks_the_mask(model, why):
    result = lesson07.check_padding_proof_model(model())
    assert result.status == "wrong"
    assert why in result.message + " ".join(result.details), result.text()


def nested_masked_sequential():
    """The hidden layer inside a nested Sequential: Keras tracks nested layers in reverse order."""
    return keras.Sequential([keras.Input((None,), dtype="int32"),
                             keras.Sequential([keras.Input((None,), dtype="int32"),
                                               layers.Embedding(50, 8, mask_zero=True),
                                               layers.Dense(16, activation="relu")]),
                             layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid")])


def wrapped_masked_model():
    inputs = keras.Input((None,), dtype="int32")
    return keras.Model(inputs, masked_sequential()(inputs))


class PoolCreatedFirst(keras.Model):
    """Right call order, but the pooling layer is created before the hidden one."""

    def __init__(self, hidden_after_pool=False):
        super().__init__()
        self.after = hidden_after_pool
        self.pool, self.out = layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid")
        self.embed, self.hidden = layers.Embedding(50, 8, mask_zero=True), layers.Dense(8, activation="relu")

    def call(self, tokens):
        x = self.embed(tokens)
        x = self.pool(self.hidden(x)) if not self.after else self.hidden(self.pool(x))
        return self.out(x)


class HiddenCreatedBeforePool(keras.Model):
    """Wrong call order (hidden layer on the pooled vector), created in the 'right' order."""

    def __init__(self):
        super().__init__()
        self.embed, self.hidden = layers.Embedding(50, 8, mask_zero=True), layers.Dense(8, activation="relu")
        self.pool, self.out = layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid")

    def call(self, tokens):
        return self.out(self.hidden(self.pool(self.embed(tokens))))


def built(model):
    model(np.ones((1, 3), "int32"))
    return model


@pytest.mark.parametrize("make", [nested_masked_sequential, wrapped_masked_model,
                                  lambda: built(PoolCreatedFirst())],
                         ids=["nested", "wrapped", "subclassed-pool-created-first"])
def test_padding_proof_model_accepts_nested_wrapped_and_subclassed_models_whatever_the_layer_order(make):
    result = lesson07.check_padding_proof_model(make())
    assert result.correct, result.text()


@pytest.mark.parametrize("make", [
    lambda: built(PoolCreatedFirst(hidden_after_pool=True)),
    lambda: built(HiddenCreatedBeforePool()),
    lambda: keras.Sequential([keras.Input((None,), dtype="int32"),
                              keras.Sequential([keras.Input((None,), dtype="int32"),
                                                layers.Embedding(50, 8, mask_zero=True),
                                                layers.GlobalAveragePooling1D()]),
                              layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")]),
], ids=["subclassed-pool-created-first", "subclassed-hidden-created-first", "nested"])
def test_padding_proof_model_finds_a_hidden_layer_after_the_pooling_in_any_model_kind(make):
    result = lesson07.check_padding_proof_model(make())
    assert result.status == "wrong", result.text()
    said = result.message + " ".join(result.details)
    assert "comes after the GlobalAveragePooling1D" in said, result.text()


def test_the_check_patches_nothing_and_reads_the_vocabulary_from_the_embedding():
    original = keras.layers.Layer.__call__
    assert lesson07.check_padding_proof_model(nested_masked_sequential()).correct
    small_vocab = keras.Sequential([keras.Input((None,), dtype="int32"),
                                    layers.Embedding(20, 8, mask_zero=True), layers.Dense(8),
                                    layers.GlobalAveragePooling1D(), layers.Dense(1)])
    result = lesson07.check_padding_proof_model(small_vocab)  # torch raises, JAX gives NaN: read input_dim
    said = result.message + " ".join(result.details)
    assert result.status == "wrong" and "input_dim=50" in said and "'linear'" in said, result.text()
    assert keras.layers.Layer.__call__ is original


def last_step_model(hidden):
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = hidden()(layers.Embedding(50, 8, mask_zero=True)(inputs))
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid")(x))


@pytest.mark.parametrize("hidden, name", [
    (lambda: layers.LSTM(8), "Your LSTM returns only the last step"),
    (lambda: layers.GRU(8), "Your GRU returns only the last step"),
    (lambda: layers.Bidirectional(layers.GRU(4)), "Your Bidirectional returns only the last step"),
])
def test_padding_proof_model_without_an_average_names_only_layers_of_the_model(hidden, name):
    result = lesson07.check_padding_proof_model(last_step_model(hidden))
    assert result.status == "wrong" and name in result.message, result.text()
    assert "return_sequences=True" in result.message and "GlobalAveragePooling1D" in result.message
    assert "GlobalMaxPooling1D" not in result.message
    with_max = lesson07.check_padding_proof_model(masked_model(pool=layers.GlobalMaxPooling1D))
    assert "Your GlobalMaxPooling1D does not read masks" in with_max.message, with_max.text()
    assert "return_sequences" not in with_max.message


class RecordsLengths(MaskedSubclass):
    def __init__(self):
        super().__init__()
        self.lengths = []

    def call(self, tokens):
        self.lengths.append(int(tokens.shape[1]))
        return super().call(tokens)


def test_padding_proof_model_pads_to_the_lengths_the_exercise_text_names():
    model = RecordsLengths()
    model(np.ones((1, 3), "int32"))
    model.lengths.clear()
    assert lesson07.check_padding_proof_model(model).correct
    assert model.lengths == [5, 12, 30, 40, 120]
    assert lesson07.SEQUENCE_LENGTHS == (5, 12, 30) and lesson07.PADDED_LENGTHS == (40, 120)
    result = lesson07.check_padding_proof_model(conv_with_explicit_mask())
    assert "padding to 40 and to 120 tokens gives the same prediction" in result.message, result.text()


def test_padding_proof_model_is_strict_in_ci_and_waits_for_a_placeholder(strict):
    with pytest.raises(ExerciseError, match="mask_zero"):
        lesson07.check_padding_proof_model(masked_model(mask=False))
    with pytest.raises(ExerciseError, match="not attempted"):
        lesson07.check_padding_proof_model(...)
    assert lesson07.check_padding_proof_model(masked_model()).correct


# --- the clips: the same sound in every clip length (review issue 21) ------------------------

def test_a_sound_is_the_same_whatever_the_clip_length_and_the_onset():
    """Without noise, the sound cut out at its onset is the same family of waves in a 128- and a
    512-step clip: the chirp's pitch rises by the same amount over its 32 steps (measured by zero
    crossings in its first and last halves), and tones keep their pitch."""
    def crossings(wave):
        return int(np.sum(np.diff(np.sign(wave)) != 0))

    for length in (128, 512):
        x, y = lesson07.make_clips(n_per_class=20, length=length, noise=0.0, event_length=32, seed=1)
        for clip, label in zip(x[..., 0], y):
            sound = clip[np.flatnonzero(clip)[0]:][:32]
            first, last = crossings(sound[:16]), crossings(sound[16:])
            if label == 2:
                assert last > first, (length, first, last)  # a chirp rises within its 32 steps, at any length
            assert np.count_nonzero(clip) <= 32


def test_the_share_of_the_map_that_sees_the_sound_falls_with_the_clip_length():
    seen_128, n_128 = lesson07.sound_share(128, 32)
    seen_512, n_512 = lesson07.sound_share(512, 32)
    assert (n_128, n_512) == (22, 118)
    assert seen_128 / n_128 > 0.5 > 0.2 > seen_512 / n_512
    assert lesson07.sound_share(44, 44) == (1.0, 1)  # one position, and it sees the whole sound


def test_make_clips_refuses_a_sound_longer_than_the_clip_by_name():
    with pytest.raises(ValueError, match="event_length"):
        lesson07.make_clips(n_per_class=2, length=64, event_length=65)


@pytest.mark.slow
def test_a_refused_training_setting_breaks_no_later_cell_of_the_learner_notebook():
    """Issue 23: a bad EPOCHS in section 3 may stop only the training cell (the catalogue's own
    deliberate errors are caught inside their cells)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parent / "review_cases" / "lesson06_07_earlier_mistakes.py"
    spec = importlib.util.spec_from_file_location("earlier_mistakes", path)
    case = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(case)
    training, raised = case.failing_cells("07_beyond_images_and_pitfalls.ipynb")
    assert raised == [training]


def _token_model(encode, pool):
    inputs = keras.Input((None,), dtype="int32")
    x = layers.Conv1D(16, 3, padding="same", activation="relu")(encode(inputs))
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid")(pool(x)))


def test_exercise_7_3_refuses_a_model_that_reads_only_the_first_tokens():
    # Review r4 [check-false-positive]: Lambda(t[:, 0, :]) keeps one position, the first 3 tokens
    model = _token_model(layers.Embedding(50, 8), layers.Lambda(lambda t: t[:, 0, :]))
    result = lesson07.check_variable_length_model(model)
    assert not result.correct and "reads only part" in result.message and "last" in result.message


def test_exercise_7_3_accepts_a_one_hot_encoding_instead_of_an_embedding():
    # Review r4 [check-false-negative]: one-hot gives each id its own vector too
    model = _token_model(layers.Lambda(lambda t: keras.ops.one_hot(t, 50)), layers.GlobalAveragePooling1D())
    assert lesson07.check_variable_length_model(model).correct
    assert lesson07.check_variable_length_model(
        _token_model(layers.Embedding(50, 8), layers.GlobalMaxPooling1D())).correct


def test_exercise_7_3_refuses_a_model_that_reads_only_the_last_tokens():
    # Review r5 [check-false-positive]: the mirror of t[:, 0], Lambda(t[:, -1, :]), passed
    model = _token_model(layers.Embedding(50, 8), layers.Lambda(lambda t: t[:, -1, :]))
    result = lesson07.check_variable_length_model(model)
    assert not result.correct and "last" not in result.message.split("only the")[0]
    assert "does not change when only the first" in result.message


def test_exercise_7_3_names_two_softmax_units_as_the_wrong_shape_not_as_one_unit():
    """Review r7: Dense(2, softmax) was told "softmax over ONE unit is always exactly 1"."""
    model = keras.Sequential([keras.Input((None,), dtype="int32"), keras.layers.Embedding(50, 8),
                              keras.layers.Conv1D(8, 3, padding="same"), keras.layers.GlobalMaxPooling1D(),
                              keras.layers.Dense(2, activation="softmax")])
    text = lesson07.check_variable_length_model(model).text()
    assert "2 softmax scores per sequence" in text and "ONE unit" not in text
