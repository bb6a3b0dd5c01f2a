"""A test set of Keras errors that learners posted in public, reproduced in Keras 3.

Each :class:`Case` keeps the address of the thread, the symptom in the poster's words (short), the
family of the mistake (the ``kind`` that ``utils.errors.diagnose`` must return), ``trigger``: a
minimal reproduction that builds the model and data and raises, and ``fixed``: the same code with the
explainer's advice applied, which must train or predict without error. Cases that no longer raise in
Keras 3 say so in ``keras3`` and have ``raises=False``.

Every address was returned by a search of public issue trackers and question-and-answer pages;
the code is ours (minimal, small arrays, one epoch). held_out.py holds cases written after the
explainer was finished, with other wording and shapes, to check that it generalises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import keras
import numpy as np

L = keras.layers
N = 12  # samples per reproduction: small and fast


@dataclass(frozen=True)
class Case:
    id: str
    url: str
    symptom: str
    kind: str
    trigger: Callable[[], object]
    fixed: Callable[[], object] | None = None
    raises: bool = True
    keras3: str = ""


def rng(seed=0):
    return np.random.default_rng(seed)


def images(n=N, side=8, channels=3, seed=0):
    return rng(seed).random((n, side, side, channels), dtype=np.float32)


def ints(hi, n=N, seed=1, shape=None):
    return rng(seed).integers(0, hi, size=(n,) if shape is None else shape)


def one_hot(y, k):
    return keras.utils.to_categorical(y, k)


def fit(model, x, y, loss, **kw):
    model.compile(optimizer="sgd", loss=loss)
    model.fit(x, y, epochs=1, batch_size=4, verbose=0, **kw)
    return model


def seq(*layers_):
    return keras.Sequential(list(layers_))


def cnn(side=8, channels=3, units=10, act="softmax", head=True):
    """A small image classifier; head=False forgets the Flatten."""
    return seq(keras.Input(shape=(side, side, channels)), L.Conv2D(4, 3, activation="relu"),
               *([L.Flatten()] if head else []), L.Dense(units, activation=act))


def mlp(features=6, units=10, act="softmax"):
    return seq(keras.Input(shape=(features,)), L.Dense(8, activation="relu"), L.Dense(units, activation=act))


def tokens(vocab, n=N, steps=5, seed=2):
    return rng(seed).integers(0, vocab, size=(n, steps))


def text_model(input_dim, steps=5):
    return seq(keras.Input(shape=(steps,), dtype="int32"), L.Embedding(input_dim, 4),
               L.GlobalAveragePooling1D(), L.Dense(1, activation="sigmoid"))


def unet(side, depth=2, kernel_padding="same"):
    inputs = keras.Input(shape=(side, side, 1))
    x, skips = inputs, []
    for level in range(depth):
        x = L.Conv2D(4 * 2 ** level, 3, padding=kernel_padding, activation="relu")(x)
        skips.append(x)
        x = L.MaxPooling2D(2)(x)
    for level in reversed(range(depth)):
        x = L.UpSampling2D(2)(x)
        x = L.Concatenate()([x, skips[level]])
        x = L.Conv2D(4, 3, padding="same")(x)
    return keras.Model(inputs, L.Conv2D(1, 1, activation="sigmoid")(x))


def fit_unet(side, **kw):
    x = rng().random((4, side, side, 1), dtype=np.float32)
    return fit(unet(side, **kw), x, (x > 0.5).astype("float32"), "binary_crossentropy")


def rnn_classifier(first_return_sequences, classes=3, steps=6, features=4, units=5):
    return seq(keras.Input(shape=(steps, features)), L.LSTM(units, return_sequences=first_return_sequences),
               L.LSTM(units), L.Dense(classes, activation="softmax"))


def seqs(n=N, steps=6, features=4):
    return rng().random((n, steps, features), dtype=np.float32)


# --------------------------------------------------------------------------------------------------
# Labels vs outputs
# --------------------------------------------------------------------------------------------------

def _int_labels_categorical(classes, label_shape):
    def trigger():
        y = ints(classes).reshape(label_shape)
        return fit(cnn(units=classes), images(), y, "categorical_crossentropy")

    def fixed():  # the advice: sparse loss for integer labels (or one-hot them)
        y = ints(classes).reshape(label_shape)
        return fit(cnn(units=classes), images(), y, "sparse_categorical_crossentropy")
    return trigger, fixed


def _onehot_fixed(classes, label_shape):
    def fixed():
        y = ints(classes).reshape(label_shape)
        return fit(cnn(units=classes), images(), one_hot(y.ravel(), classes), "categorical_crossentropy")
    return fixed


def _onehot_sparse(classes, model=None):
    def trigger():
        return fit(model() if model else mlp(units=classes), rng().random((N, 6), dtype=np.float32),
                   one_hot(ints(classes), classes), "sparse_categorical_crossentropy")

    def fixed():
        return fit(model() if model else mlp(units=classes), rng().random((N, 6), dtype=np.float32),
                   one_hot(ints(classes), classes), "categorical_crossentropy")
    return trigger, fixed


def _class_count(label_cols, units):
    def trigger():
        return fit(mlp(units=units), rng().random((N, 6), dtype=np.float32),
                   one_hot(ints(label_cols), label_cols), "categorical_crossentropy")

    def fixed():  # the last Dense gets one unit per label column
        return fit(mlp(units=label_cols), rng().random((N, 6), dtype=np.float32),
                   one_hot(ints(label_cols), label_cols), "categorical_crossentropy")
    return trigger, fixed


def _label_range(units, labels, fixed_units=None, fixed_labels=None, loss="sparse_categorical_crossentropy",
                 act="softmax", fixed_loss=None, fixed_act=None):
    x = rng().random((len(labels), 6), dtype=np.float32)

    def trigger():
        return fit(mlp(units=units, act=act), x, np.asarray(labels), loss)

    def fixed():
        y = np.asarray(labels if fixed_labels is None else fixed_labels)
        keep = y >= 0
        return fit(mlp(units=fixed_units or units, act=fixed_act or act), x[keep], y[keep],
                   fixed_loss or loss)
    return trigger, fixed


CASES: list[Case] = []


def add(id, url, symptom, kind, trigger, fixed=None, raises=True, keras3=""):
    CASES.append(Case(id, url, symptom, kind, trigger, fixed, raises, keras3))


t, f = _int_labels_categorical(5, (N,))
add("resnet-transfer-int-labels", "https://github.com/nachi-hebbar/Transfer-Learning-ResNet-Keras/issues/1",
    "ValueError: Shapes (None, 1) and (None, 5) are incompatible", "integer_labels_categorical", t, f)
t, f = _int_labels_categorical(2, (N, 1))
add("binary-two-softmax", "http://www.kouhan.cn/en/article/00027281",
    "ValueError: Shapes (None, 1) and (None, 2) are incompatible (after changing the output layer to 2 "
    "neurons)",
    "integer_labels_categorical", t, f)
t, _ = _int_labels_categorical(10, (N,))
add("mnist-to-categorical", "https://e-com-net.com/article/1188291707914002432.htm",
    "expected dense_2 to have shape (10,) but got array with shape (1,)", "integer_labels_categorical", t,
    _onehot_fixed(10, (N,)))
t, _ = _int_labels_categorical(5, (N, 1))
add("five-classes-to-categorical", "http://www.readke.com/c/01034051B2022.html",
    "expected dense_1 to have shape (5,) but got array with shape (1,)", "integer_labels_categorical", t,
    _onehot_fixed(5, (N, 1)))
t, f = _int_labels_categorical(10, (N, 1))
add("keras-3109", "https://github.com/keras-team/keras/issues/3109",
    "expected activation_2 to have shape (None, 10) but got array with shape (3, 1)",
    "integer_labels_categorical",
    t, f)
t, f = _int_labels_categorical(10, (N,))
add("keras-11904", "https://github.com/keras-team/keras/issues/11904",
    "Error when checking target: expected activation_2 to have shape (10,) but got array with shape (1,)",
    "integer_labels_categorical", t, f)


def _sparse_int_labels():
    return fit(mlp(2, units=10), np.array([[0, 1], [1, 1], [1, 0]], "float32"), np.array([1, 2, 3]),
               "sparse_categorical_crossentropy")


add("keras-3009", "https://github.com/keras-team/keras/issues/3009",
    "The following script fails with Keras 1.0.4, but worked with 1.0.3 (sparse_categorical_crossentropy)",
    "none", _sparse_int_labels, raises=False,
    keras3="A Keras 1.0.4 bug in the target check; Keras 3 accepts integer labels of shape (N,) with the "
           "sparse loss.")

t, f = _onehot_sparse(12)
add("dog-breeds-sparse-onehot", "https://ymshici.com/tech/956.html",
    "sparse_categorical_crossentropy expects an integer output of size 1 iso of a one-hot encoded output",
    "onehot_labels_sparse", t, f)
t, f = _onehot_sparse(30)
add("keras-7303", "https://github.com/keras-team/keras/issues/7303",
    "expected dense_42 to have shape (None, 1) but got array with shape (1055, 3570)", "onehot_labels_sparse",
    t, f)


def _seq_sparse_onehot(fix):
    def run():
        model = seq(keras.Input(shape=(None, 2)), L.Dense(2, activation="softmax"))
        y = np.array([[[1, 0]]] * 4, "float32")
        return fit(model, np.array([[[2, 3]]] * 4, "float32"), y.argmax(-1) if fix else y,
                   "sparse_categorical_crossentropy")
    return run


add("keras-7749", "https://github.com/keras-team/keras/issues/7749",
    "sparse_categorical_crossentropy requires a single output", "onehot_labels_sparse",
    _seq_sparse_onehot(False), _seq_sparse_onehot(True))


def _seg_sparse_onehot(fix):
    def run():
        inputs = keras.Input(shape=(8, 8, 3))
        model = keras.Model(inputs, L.Conv2D(5, 1, activation="softmax")(inputs))
        masks = one_hot(ints(5, shape=(4, 8, 8)), 5)
        if fix:  # the explainer's first advice: keep the one-hot masks, use the categorical loss
            return fit(model, images(4), masks, "categorical_crossentropy")
        return fit(model, images(4), masks, "sparse_categorical_crossentropy")
    return run


add("deeplab-sparse-onehot-masks", "https://github.com/srihari-humbarwadi/DeepLabV3_Plus-Tensorflow2.0/issues/27",
    "The shape of labels (received (49545216,)) should equal the shape of logits except for the last "
    "dimension",
    "onehot_labels_sparse", _seg_sparse_onehot(False), _seg_sparse_onehot(True))

for id_, url, sym, cols, units in [
        ("captcha-30-vs-9", "https://github.com/chauhan01/Captcha-text-extraction/issues/3",
         "ValueError: Shapes (None, 30) and (None, 9) are incompatible", 30, 9),
        ("speech-emotion-4-vs-10", "https://github.com/MiteshPuthran/Speech-Emotion-Analyzer/issues/52",
         "ValueError: Shapes (None, 4) and (None, 10) are incompatible", 4, 10),
        ("tf-52060", "https://github.com/tensorflow/tensorflow/issues/52060",
         "ValueError: Shapes (None, 8) and (None, 7) are incompatible", 8, 7),
        ("keras-12910", "https://github.com/keras-team/keras/issues/12910",
         "A target array with shape (1080, 6) was passed for an output of shape (None, 10)", 6, 10),
        ("keras-3237", "https://github.com/keras-team/keras/issues/3237",
         "A target array with shape (395216, 24) was passed for an output of shape (None, 1)", 24, 1)]:
    t, f = _class_count(cols, units)
    add(id_, url, sym, "class_count_mismatch", t, f)


def _flatten_last(fix):
    def run():
        model = seq(keras.Input(shape=(12, 12, 3)), L.Conv2D(4, 3, strides=2), L.Conv2D(2, 1),
                    L.Flatten(), *([L.Dense(2, activation="softmax")] if fix else [L.Activation("softmax")]))
        return fit(model, images(side=12), one_hot(ints(2), 2), "categorical_crossentropy")
    return run


add("keras-11511", "https://github.com/keras-team/keras/issues/11511",
    "expected flatten_1 to have shape (72,) but got array with shape (2,)", "class_count_mismatch",
    _flatten_last(False), _flatten_last(True))


def _bce_units(fix):
    def run():
        y = ints(5).reshape(N, 1)
        if fix:  # five classes numbered 0-4: a softmax over 5 units with the sparse loss
            return fit(mlp(units=5, act="softmax"), rng().random((N, 6), dtype=np.float32), y,
                       "sparse_categorical_crossentropy")
        return fit(mlp(units=5, act="sigmoid"), rng().random((N, 6), dtype=np.float32), y,
                   "binary_crossentropy")
    return run


add("dlwp-216-bce-5-units", "https://github.com/fchollet/deep-learning-with-python-notebooks/issues/216",
    "`logits` and `labels` must have the same shape, received ((32, 5) vs (32, 1))", "binary_multi_unit",
    _bce_units(False), _bce_units(True))


def _bce_two_onehot():
    return fit(mlp(1, units=2), np.array([[0.4]] * 4, "float32"), np.array([[0, 1]] * 4, "float32"),
               "binary_crossentropy")


add("tf-forum-bce-two-outputs",
    "https://discuss.tensorflow.org/t/unexpected-value-of-binary-crossentropy-loss-function-in-classifier-network-with-two-outputs/11073",
    "what is keras doing with the binary crossentropy loss function ... with two outputs", "none",
    _bce_two_onehot, raises=False,
    keras3="No error, then or now: binary cross-entropy on (N, 2) one-hot labels averages two binary losses. "
           "Same shapes, so nothing to report; categorical_crossentropy is the loss for a 2-unit softmax.")


def _bce_broadcast():
    y_true = np.array([0.0, 1.0, 1.0, 0.0], "float32")
    y_pred = np.array([[0.2], [0.7], [0.6], [0.1]], "float32")
    return keras.losses.BinaryCrossentropy()(y_true, y_pred)


add("keras-17388", "https://github.com/keras-team/keras/issues/17388",
    "No shape mismatch error with different shapes of outputs and targets with BinaryCrossentropy()", "none",
    _bce_broadcast, raises=False,
    keras3="Still no error: Keras 3 squeezes or expands the labels to the predictions' rank (N,) vs (N, 1), "
           "which is correct here.")


def _bce_no_flatten(fix):
    def run():
        model = seq(keras.Input(shape=(4, 4, 16)), *([L.Flatten()] if fix else []),
                    L.Dense(8, activation="relu"), L.Dense(1, activation="sigmoid"))
        return fit(model, rng().random((N, 4, 4, 16), dtype=np.float32), ints(2).astype("float32"),
                   "binary_crossentropy")
    return run


add("dlwp-157-bce-no-flatten", "https://github.com/fchollet/deep-learning-with-python-notebooks/issues/157",
    "ValueError: logits and labels must have the same shape ((None, None, None, 1) vs (None, 1))",
    "forgotten_flatten", _bce_no_flatten(False), _bce_no_flatten(True))

t, f = _label_range(1, ints(2), fixed_units=1, loss="sparse_categorical_crossentropy", act="softmax",
                    fixed_loss="binary_crossentropy", fixed_act="sigmoid")
add("so-44151760-dense1-sparse",
    "https://stackoverflow.com/questions/44151760/received-a-label-value-of-1-which-is-outside-the-valid-range-of-0-1-python",
    "Received a label value of 1 which is outside the valid range of [0, 1)", "label_out_of_range", t, f)
t, f = _label_range(1, np.r_[ints(80, N - 1), 67], fixed_units=80)
add("yolov3-tf2-386", "https://github.com/zzh8829/yolov3-tf2/issues/386",
    "Received a label value of 67 which is outside the valid range of [0, 1)", "label_out_of_range", t, f)
t, f = _label_range(6, np.r_[ints(6, N - 1), 9], fixed_units=10)
add("stagesepx-5", "https://github.com/williamfzc/work_with_stagesepx/issues/5",
    "Received a label value of 9 which is outside the valid range of [0, 6)", "label_out_of_range", t, f)
one_based = np.r_[ints(6, N - 1) + 1, 6]
t, f = _label_range(6, one_based, fixed_labels=one_based - 1)
add("ryansql-2-one-based", "https://github.com/kakaoenterprise/RYANSQL/issues/2",
    "Received a label value of 6 which is outside the valid range of [0, 6)", "label_out_of_range", t, f)
t, f = _label_range(50, np.r_[ints(50, N - 1), 50], fixed_units=51)
add("hm-two-step-reco-3", "https://github.com/biarne-a/hm-two-step-reco/issues/3",
    "Received a label value of 66908 which is outside the valid range of [0, 66908)", "label_out_of_range",
    t, f)
garbage = np.r_[ints(256, N - 1), 255]
t, f = _label_range(10, garbage, fixed_labels=ints(10))
add("tf-5932-pixels-as-labels", "https://github.com/tensorflow/tensorflow/issues/5932",
    "Received a label value of 255 which is outside the valid range of [0, 10)", "label_out_of_range", t, f)
t, f = _label_range(40, np.r_[ints(40, N - 1), 48], fixed_units=49)
add("nabu-9", "https://github.com/vrenkens/nabu/issues/9",
    "Received a label value of 48 which is outside the valid range of [0, 40)", "label_out_of_range", t, f)
t, f = _label_range(256, np.r_[ints(256, N - 1), 300], fixed_units=301)
add("tf-chatbot-32", "https://github.com/llSourcell/tensorflow_chatbot/issues/32",
    "Received a label value of 19143 which is outside the valid range of [0, 256)", "label_out_of_range",
    t, f)
t, f = _label_range(4, np.r_[ints(4, N - 1), -1])
add("graph-learn-88-minus-one", "https://github.com/alibaba/graph-learn/issues/88",
    "Received a label value of -1 which is outside the valid range", "label_out_of_range", t, f)

# --------------------------------------------------------------------------------------------------
# Embedding ids
# --------------------------------------------------------------------------------------------------


def _embedding(vocab, ids, fixed_dim=None, fixed_ids=None):
    def trigger():
        return text_model(vocab).predict(ids, verbose=0)

    def fixed():
        return text_model(fixed_dim or vocab).predict(ids if fixed_ids is None else fixed_ids, verbose=0)
    return trigger, fixed


ids = tokens(100)
ids[4, 0] = 100
t, f = _embedding(100, ids, fixed_dim=101)
add("gilbert-tutorials-1", "https://github.com/TannerGilbert/Tutorials/issues/1",
    "InvalidArgumentError: indices[4,0] = 10000 is not in [0, 10000)", "embedding_out_of_range", t, f)
ids = tokens(300)
ids[3, 2] = 300
t, f = _embedding(300, ids, fixed_dim=301)
add("tf-38619", "https://github.com/tensorflow/tensorflow/issues/38619",
    "indices[39,107] = 85525 is not in [0, 85525) [[node model_5/embedding_8/embedding_lookup",
    "embedding_out_of_range",
    t, f)
ids = tokens(53)
t, f = _embedding(30, ids, fixed_dim=53)
add("generative-pg-7", "https://github.com/paulx3/keras_generative_pg/issues/7",
    "indices[0,2] = 52 is not in [0, 30) ... the parameter input_dim of the embedding layer is set too small",
    "embedding_out_of_range", t, f)
ids = tokens(60)
ids[6, 4] = 60
t, f = _embedding(60, ids, fixed_dim=61)
add("rnet-39", "https://github.com/localminimum/R-net/issues/39",
    "indices[6,4] = 23624 is not in [0, 23624) ... Am amazed!", "embedding_out_of_range", t, f)
ids = tokens(40)
ids[0, 2] = -1
t, f = _embedding(40, ids, fixed_ids=np.where(ids < 0, 0, ids))
add("tflearn-260-minus-one", "https://github.com/tflearn/tflearn/issues/260",
    "indices[0,2] = -1 is not in [0, 15663)", "embedding_out_of_range", t, f, raises=False,
    keras3="No error on TensorFlow or JAX: keras.ops.take wraps negative ids like NumPy, so id -1 silently "
           "reads the LAST row of the table. Map negative ids to the padding id 0 before the model.")

# --------------------------------------------------------------------------------------------------
# A forgotten Flatten, return_sequences before a classifier, stacked recurrent layers
# --------------------------------------------------------------------------------------------------


def _no_flatten(loss, labels, head):
    def run(fix):
        def go():
            model = seq(keras.Input(shape=(8, 8, 3)), L.Conv2D(4, 3), *([head()] if fix else []),
                        L.Dense(7, activation="softmax"))
            return fit(model, images(), labels(), loss)
        return go
    return run(False), run(True)


t, f = _no_flatten("categorical_crossentropy", lambda: one_hot(ints(7), 7), L.Flatten)
add("keras-14341", "https://github.com/keras-team/keras/issues/14341",
    "ValueError: Shapes (None, None) and (None, 7, 7, 67) are incompatible .. What's wrong with my code?",
    "forgotten_flatten", t, f)
t, f = _no_flatten("sparse_categorical_crossentropy", lambda: ints(7), L.GlobalAveragePooling2D)
add("keras-2724", "https://github.com/keras-team/keras/issues/2724",
    "Input 0 is incompatible with layer dense_1: expected ndim=2, found ndim=4", "forgotten_flatten", t, f)


def _return_sequences_head(fix):
    def run():
        model = seq(keras.Input(shape=(6, 4)), L.LSTM(5, return_sequences=not fix),
                    L.Dense(3, activation="softmax"))
        return fit(model, seqs(), one_hot(ints(3), 3), "categorical_crossentropy")
    return run


add("keras-1838", "https://github.com/keras-team/keras/issues/1838",
    "Wrong number of dimensions: expected 3, got 2 ... you specified return_sequences=True",
    "forgotten_flatten",
    _return_sequences_head(False), _return_sequences_head(True))


def _rnn_dense_sparse(fix):
    def run():
        model = seq(keras.Input(shape=(6, 4)), L.GRU(5, return_sequences=not fix),
                    L.Dense(2, activation="softmax"))
        return fit(model, seqs(), ints(2), "sparse_categorical_crossentropy")
    return run


add("keras-2415", "https://github.com/keras-team/keras/issues/2415",
    "Input 0 is incompatible with layer dense_1: expected ndim=2, found ndim=3", "forgotten_flatten",
    _rnn_dense_sparse(False), _rnn_dense_sparse(True))

for id_, url, sym in [
        ("keras-2721", "https://github.com/keras-team/keras/issues/2721",
         "LSTM stacking problem ... model.add(LSTM(100))"),
        ("keras-3522", "https://github.com/keras-team/keras/issues/3522",
         "Exception: Input 0 is incompatible with layer lstm_2: expected ndim=3, found ndim=2"),
        ("lstm-attention-pr-3", "https://github.com/bibtissam/LSTM-Attention-FraudDetection/pull/3",
         "Input 0 of layer \"lstm_1\" is incompatible with the layer: expected ndim=3, found ndim=2. "
         "Full shape received: (None, 50)"),
        ("keras-5447", "https://github.com/keras-team/keras/issues/5447",
         "Input 0 is incompatible with layer lstm_2: expected ndim=3, found ndim=2")]:
    add(id_, url, sym, "rnn_needs_sequences",
        (lambda: fit(rnn_classifier(False), seqs(), ints(3), "sparse_categorical_crossentropy")),
        (lambda: fit(rnn_classifier(True), seqs(), ints(3), "sparse_categorical_crossentropy")))


def _lstm_no_feature_axis(fix):
    def run():
        x = rng().random((N, 15), dtype=np.float32)
        x = x[..., np.newaxis] if fix else x
        model = seq(keras.Input(shape=x.shape[1:]), L.LSTM(4), L.Dense(1))
        return fit(model, x, rng().random(N), "mse")
    return run


add("thesemicolon-5", "https://github.com/shreyans29/thesemicolon/issues/5",
    "Input 0 is incompatible with layer lstm_1: expected ndim=3, found ndim=2", "rnn_needs_sequences",
    _lstm_no_feature_axis(False), _lstm_no_feature_axis(True))

# --------------------------------------------------------------------------------------------------
# Axes: batch axis, channel axis, channels first, layer order
# --------------------------------------------------------------------------------------------------


def _batch_axis_in_input(x, fix, out=1, flatten=True):
    def run():
        model = seq(keras.Input(shape=x.shape[1:] if fix else x.shape), *([L.Flatten()] if flatten else []),
                    L.Dense(out))
        return fit(model, x, rng().random((len(x), out)), "mse")
    return run


x_ecg = rng().random((N, 128), dtype=np.float32)
add("ecg-classification-2", "https://github.com/Cly1st/ECG-Arrhythmia-Classification-using-Artificial-Neural-Network/issues/2",
    "expected shape=(None, 40799, 128), found shape=(None, 128)", "batch_axis_in_input_shape",
    _batch_axis_in_input(x_ecg, False), _batch_axis_in_input(x_ecg, True))
x_col = rng().random((N, 1), dtype=np.float32)
add("keras-pr-1050", "https://github.com/keras-team/keras/pull/1050",
    "Dense(1, input_shape=X.shape) ... Invalid input shape", "batch_axis_in_input_shape",
    _batch_axis_in_input(x_col, False, flatten=False), _batch_axis_in_input(x_col, True, flatten=False),
    raises=False,
    keras3="Silent in Keras 3: data (N, 1) given to keras.Input(shape=(N, 1)) is read as (batch, 1, 1), the "
           "Dense runs on it and predict returns (N, 1, 1) instead of (N, 1). Still a bug: use x.shape[1:].")


def _batch_axis_prepended(fix):
    def run():
        x = images(side=12)
        shape = x.shape[1:] if fix else (1,) + x.shape[1:]
        model = seq(keras.Input(shape=shape), L.Conv2D(4, 3), L.Flatten(), L.Dense(1))
        return fit(model, x, rng().random(N), "mse")
    return run


add("keras-10903", "https://github.com/keras-team/keras/issues/10903",
    "Input 0 is incompatible with layer conv2d_1: expected ndim=4, found ndim=5", "batch_axis_in_input_shape",
    _batch_axis_prepended(False), _batch_axis_prepended(True))


def _one_image(fix):
    def run():
        model = cnn(side=8)
        img = images(1)[0]
        return model.predict(img[np.newaxis] if fix else img, verbose=0)
    return run


add("pygta5-148", "https://github.com/Sentdex/pygta5/issues/148",
    "expected ndim=4, found ndim=3. Full shape received: [32, 270, 3] ... Solved with a np.reshape",
    "missing_batch_axis", _one_image(False), _one_image(True))


def _grey_no_channel(fix):
    def run():
        x = rng().random((N, 10, 10), dtype=np.float32)
        model = seq(L.Conv2D(4, 3), L.Flatten(), L.Dense(1))
        return fit(model, x[..., np.newaxis] if fix else x, rng().random(N), "mse")
    return run


add("ssd-tf2-27", "https://github.com/ChunML/ssd-tf2/issues/27",
    "expected min_ndim=4, found ndim=3. Full shape received: [32, 300, 300]", "missing_axis",
    _grey_no_channel(False), _grey_no_channel(True))


def _reshape_no_channel(fix):
    def run():
        model = seq(keras.Input(shape=(57 * 47,)), L.Reshape((57, 47, 1) if fix else (57, 47)),
                    L.Conv2D(2, 5), L.Flatten(), L.Dense(1))
        return fit(model, rng().random((4, 57 * 47), dtype=np.float32), rng().random(4), "mse")
    return run


add("keras-3385-reshape", "https://github.com/keras-team/keras/issues/3385",
    "Exception: Input 0 is incompatible with layer convolution2d_2: expected ndim=4, found ndim=3",
    "missing_axis",
    _reshape_no_channel(False), _reshape_no_channel(True))


def _signal_no_channel(fix):
    def run():
        x = rng().random((N, 30), dtype=np.float32)
        x = x[..., np.newaxis] if fix else x
        model = seq(keras.Input(shape=x.shape[1:]), L.Conv1D(4, 3), L.Flatten(), L.Dense(1))
        return fit(model, x, rng().random(N), "mse")
    return run


add("tf-44065-conv1d", "https://github.com/tensorflow/tensorflow/issues/44065",
    "expected min_ndim=3, found ndim=2. Full shape received: [None, 1886]", "missing_axis",
    _signal_no_channel(False), _signal_no_channel(True))


def _flatten_in_loop(fix):
    def run():
        inputs = keras.Input(shape=(16, 16, 3))
        x = inputs
        for filters in (4, 8):
            x = L.MaxPooling2D()(L.Conv2D(filters, 3, padding="same")(x))
            if not fix:
                x = L.Dense(4)(L.Flatten()(x))
        if fix:
            x = L.Dense(4)(L.Flatten()(x))
        return fit(keras.Model(inputs, L.Dense(1)(x)), images(side=16), rng().random(N), "mse")
    return run


add("keras-12622", "https://github.com/keras-team/keras/issues/12622",
    "ValueError: Input 0 is incompatible with layer conv2d_14: expected ndim=4, found ndim=2",
    "flatten_too_early",
    _flatten_in_loop(False), _flatten_in_loop(True))


def _dense_before_conv1d(fix):
    def run():
        inputs = keras.Input(shape=(20,))
        x = L.Dense(8)(inputs)
        x = L.Reshape((8, 1))(x) if fix else x
        x = L.Conv1D(4, 3)(x)
        return fit(keras.Model(inputs, L.Dense(1)(L.Flatten()(x))), rng().random((N, 20), dtype=np.float32),
                   rng().random(N), "mse")
    return run


add("keras-5222", "https://github.com/keras-team/keras/issues/5222",
    "Exception: Input 0 is incompatible with layer convolution1d_1: expected ndim=3, found ndim=2",
    "missing_axis", _dense_before_conv1d(False), _dense_before_conv1d(True))


def _channels_first_data(side, fix):
    def run():
        x = np.transpose(images(side=side), (0, 3, 1, 2))  # as a channels-first loader gives them
        return fit(cnn(side=side, units=2), np.transpose(x, (0, 2, 3, 1)) if fix else x, ints(2),
                   "sparse_categorical_crossentropy")
    return run


for id_, url, sym, side in [
        ("traffic-signs-4", "https://github.com/chsasank/Traffic-Sign-Classification.keras/issues/4",
         "expected conv2d_1_input to have shape (None, 48, 48, 3) but got array with shape "
         "(13320, 3, 48, 48)", 12),
        ("cnn-finetune-25", "https://github.com/flyyufelix/cnn_finetune/issues/25",
         "expected data to have shape (None, 224, 224, 3) but got array with shape (331, 3, 224, 224)", 16),
        ("surround-vehicles-14", "https://github.com/ndrplz/surround_vehicles_awareness/issues/14",
         "expected input_2 to have shape (None, 224, 224, 3) but got array with shape (1L, 3L, 224L, 224L)",
         10)]:
    add(id_, url, sym, "channels_first", _channels_first_data(side, False), _channels_first_data(side, True))


def _one_channels_first_image(fix):
    def run():
        inputs = keras.Input(shape=(None, None, 3))
        model = keras.Model(inputs, L.Dense(2)(L.GlobalAveragePooling2D()(L.Conv2D(4, 3)(inputs))))
        img = np.transpose(images(1, side=16)[0], (2, 0, 1))  # (3, 16, 16)
        return model.predict(np.transpose(img, (1, 2, 0))[np.newaxis] if fix else img, verbose=0)
    return run


add("land-use-1", "https://github.com/adnanardhian/CNN-Ensemble-Classifier-Land-Use-Classification/issues/1",
    "expected input_1 to have shape (None, None, 3) but got array with shape (3, 256, 256)", "channels_first",
    _one_channels_first_image(False), _one_channels_first_image(True))


def _channels_first_model(fix):
    def run():
        x = rng().random((N, 24, 18, 3), dtype=np.float32)
        model = seq(keras.Input(shape=x.shape[1:] if fix else (3, 24, 18)), L.Conv2D(4, 3),
                    L.Flatten(), L.Dense(2, activation="softmax"))
        return fit(model, x, ints(2), "sparse_categorical_crossentropy")
    return run


add("car-sound-8", "https://github.com/KaroDievas/car-sound-classification-with-keras/issues/8",
    "expected conv2d_1_input to have shape (3, 496, 369) but got array with shape (496, 369, 3)",
    "channels_first",
    _channels_first_model(False), _channels_first_model(True))


def _channels_first_input_pool(channels, side, fix, pools=2):
    def run():
        x = rng().random((4, side, side, channels), dtype=np.float32)
        shape = x.shape[1:] if fix else (channels, side, side)
        layers_ = [keras.Input(shape=shape), L.Conv2D(8, 3, padding="same")]
        layers_ += [L.MaxPooling2D(2) for _ in range(pools)]
        model = seq(*layers_, L.Flatten(), L.Dense(1))
        return fit(model, x if fix else np.transpose(x, (0, 3, 1, 2)), rng().random(4), "mse")
    return run


add("attribute-attention-16", "https://github.com/iamhankai/attribute-aware-attention/issues/16",
    "Negative dimension size caused by subtracting 2 from 1 for 'MaxPool_1' ... input shapes: [?,1,224,128]",
    "channels_first", _channels_first_input_pool(1, 32, False), _channels_first_input_pool(1, 32, True))
add("human-action-5", "https://github.com/oswaldoludwig/Human-Action-Recognition-with-Keras/issues/5",
    "Negative dimension size caused by subtracting 2 from 1 for 'MaxPool_1' ... [?,1,112,128]",
    "channels_first", _channels_first_input_pool(3, 32, False), _channels_first_input_pool(3, 32, True))
add("keras-dcgan-14", "https://github.com/jacobgil/keras-dcgan/issues/14",
    "Negative dimension size caused by subtracting 2 from 1 for 'max_pooling2d_1/MaxPool'", "channels_first",
    _channels_first_input_pool(1, 28, False), _channels_first_input_pool(1, 28, True))
add("unet-wuyang-7", "https://github.com/wuyang0329/unet/issues/7",
    "Negative dimension size caused by subtracting 2 from 1 for 'max_pooling2d_11/MaxPool' ... [?,1,512,64]",
    "channels_first", _channels_first_input_pool(1, 64, False), _channels_first_input_pool(1, 64, True))


def _vgg_cf(fix):
    def run():
        base = keras.applications.VGG16(include_top=False, weights=None,
                                        input_shape=(32, 32, 1) if fix else (1, 32, 32))
        return base.output_shape
    return run


add("keras-6849-vgg-grey-cf", "https://github.com/keras-team/keras/issues/6849",
    "ValueError: The input must have 3 channels; got `input_shape=(1, 128, 128)`", "channels_first",
    _vgg_cf(False), _vgg_cf(True))


def _dlwp_33():
    return seq(keras.Input(shape=(150, 150, 3)), L.Conv2D(32, 3, activation="relu"),
               L.MaxPooling2D(2)).output_shape


add("dlwp-33", "https://github.com/fchollet/deep-learning-with-python-notebooks/issues/33",
    "Negative dimension size caused by subtracting 2 from 1 for 'max_pooling2d_1/MaxPool'", "none", _dlwp_33,
    raises=False,
    keras3="Caused by \"image_data_format\": \"channels_first\" in ~/.keras/keras.json with Keras 2; Keras 3 "
           "defaults to channels_last, so the book's code builds.")


def _conv2d_old_positional(fix):
    def run():
        model = seq(keras.Input(shape=(30, 30, 3)), L.Conv2D(8, (3, 3)) if fix else L.Conv2D(8, 3, 3),
                    L.MaxPooling2D(2), L.Conv2D(8, (3, 3)) if fix else L.Conv2D(8, 3, 3), L.MaxPooling2D(2),
                    L.Conv2D(8, (3, 3)) if fix else L.Conv2D(8, 3, 3), L.Flatten(), L.Dense(1))
        return model.output_shape
    return run


add("keras-3945", "https://github.com/keras-team/keras/issues/3945",
    "Negative dimension size caused by subtracting 2 from 1 ... model.add(Convolution2D(32, 3, 3, ...))",
    "output_too_small", _conv2d_old_positional(False), _conv2d_old_positional(True))

# --------------------------------------------------------------------------------------------------
# Channel counts
# --------------------------------------------------------------------------------------------------


def _channels(model_channels, data_channels, convert):
    def trigger():
        return fit(cnn(channels=model_channels, units=2), images(channels=data_channels), ints(2),
                   "sparse_categorical_crossentropy")

    def fixed():
        return fit(cnn(channels=model_channels, units=2), convert(images(channels=data_channels)), ints(2),
                   "sparse_categorical_crossentropy")
    return trigger, fixed


t, f = _channels(3, 1, lambda x: np.repeat(x, 3, axis=-1))
add("keras-9739-grey-resnet", "https://github.com/keras-team/keras/issues/9739",
    "expected input_2 to have shape (256, 256, 3) but got array with shape (256, 256, 1)", "channel_mismatch",
    t, f)
t, f = _channels(1, 3, lambda x: x.mean(axis=-1, keepdims=True))
add("keras-16711-rgb-into-grey", "https://github.com/keras-team/keras/issues/16711",
    "expected layer_1_input to have shape (128, 128, 1) but got array with shape (128, 128, 3)",
    "channel_mismatch",
    t, f)
t, f = _channels(3, 4, lambda x: x[..., :3])
add("deeposlandia-122-rgba", "https://github.com/Oslandia/deeposlandia/pull/122",
    "the model expects `(im_size, im_size, 3)`-shaped images, and gets `(im_size, im_size, 4)`-shaped images",
    "channel_mismatch", t, f)


def _any_size_rgba(fix):
    def run():
        inputs = keras.Input(shape=(None, None, 3))
        model = keras.Model(inputs, L.Conv2D(3, 3, padding="same")(inputs))
        x = rng().random((1, 17, 25, 4), dtype=np.float32)
        return model.predict(x[..., :3] if fix else x, verbose=0)
    return run


add("kind-16-rgba", "https://github.com/zhangyhuaee/KinD/issues/16",
    "Cannot feed value of shape (1, 338, 500, 4) for Tensor 'input_decom:0', which has shape '(?, ?, ?, 3)'",
    "channel_mismatch", _any_size_rgba(False), _any_size_rgba(True))


def _grey_weights(fix):
    def run():
        rgb = seq(keras.Input(shape=(16, 16, 3)), L.Conv2D(8, 3))
        model = seq(keras.Input(shape=(16, 16, 3 if fix else 1)), L.Conv2D(8, 3))
        model.set_weights(rgb.get_weights())
        x = images(2, side=16, channels=1)
        return model.predict(np.repeat(x, 3, -1) if fix else x, verbose=0)
    return run


add("zf-unet-8-grey-weights", "https://github.com/ZFTurbo/ZF_UNET_224_Pretrained_Model/issues/8",
    "Dimension 0 in both shapes must be equal, but are 3 and 32 ... [3,3,1,32], [32,3,3,3]",
    "channel_mismatch",
    _grey_weights(False), _grey_weights(True))


def _vgg_grey_imagenet():
    return keras.applications.VGG19(include_top=False, weights="imagenet", input_shape=(64, 64, 1))


def _vgg_grey_fixed():  # the advice: repeat grey into 3 channels and keep input_shape=(64, 64, 3);
    x = np.repeat(images(2, side=64, channels=1), 3, -1)  # weights=None keeps the test offline
    return keras.applications.VGG19(include_top=False, weights=None, input_shape=x.shape[1:]).output_shape


add("keras-gan-94-vgg-grey", "https://github.com/eriklindernoren/Keras-GAN/issues/94",
    "When use self.channels =1 i get an error that vgg was expecting number of inputs =3 not 1",
    "channel_mismatch",
    _vgg_grey_imagenet, _vgg_grey_fixed)

# --------------------------------------------------------------------------------------------------
# Input sizes, shape arguments, pretrained models
# --------------------------------------------------------------------------------------------------


def _size(model_shape, data_shape, fix):
    def run():
        x = rng().random((4, *data_shape), dtype=np.float32)
        kernel = (1, 3) if model_shape[0] == 1 else 3  # a one-row "image": slide along the row only
        model = seq(keras.Input(shape=x.shape[1:] if fix == "input" else model_shape), L.Conv2D(2, kernel),
                    L.Flatten(), L.Dense(1))
        if fix == "resize":
            x = keras.ops.convert_to_numpy(keras.ops.image.resize(x, model_shape[:2]))
        return fit(model, x, rng().random(4), "mse")
    return run


add("keras-6850-typo", "https://github.com/keras-team/keras/issues/6850",
    "expected conv2d_17_input to have shape (None, 1, 1876, 1) but got array with shape (30, 1, 1867, 1)",
    "flat_length_mismatch", _size((1, 76, 1), (1, 67, 1), None), _size((1, 76, 1), (1, 67, 1), "input"))
add("prednet-75", "https://github.com/coxlab/prednet/issues/75",
    "expected input_1 to have shape (10, 200, 200, 3) but got array with shape (10, 128, 160, 3)",
    "flat_length_mismatch", _size((20, 20, 3), (12, 16, 3), None), _size((20, 20, 3), (12, 16, 3), "input"))
add("triplet-loss-2", "https://github.com/shivsondhi/Triplet-Loss/issues/2",
    "expected input_1 to have shape (224, 224, 3) but got array with shape (32, 32, 3)",
    "flat_length_mismatch",
    _size((24, 24, 3), (8, 8, 3), None), _size((24, 24, 3), (8, 8, 3), "resize"))


def _flat_features(fix):
    def run():
        model = mlp(features=18, units=1, act=None)
        x = rng().random((N, 18 if fix else 24), dtype=np.float32)
        return model(x)
    return run


add("cryptonet-4", "https://github.com/MarzioMonticelli/python-cryptonet/issues/4",
    "expected axis -1 of input shape to have value 180 but received input with shape (32, 245)",
    "flat_length_mismatch", _flat_features(False), _flat_features(True))


def _places_size(fix):
    def run():
        model = seq(keras.Input(shape=(16, 16, 3)), L.Conv2D(4, 3, padding="same"), L.MaxPooling2D(2),
                    L.Flatten(), L.Dense(3))
        x = rng().random((1, 40, 40, 3), dtype=np.float32)
        if fix:
            x = keras.ops.convert_to_numpy(keras.ops.image.resize(x, (16, 16)))
        return model(x)
    return run


add("places365-2", "https://github.com/GKalliatakis/Keras-VGG16-places365/issues/2",
    "expected data to have shape (1, 224, 224, 3) but got array with shape (1, 562, 562, 3)",
    "flat_length_mismatch",
    _places_size(False), _places_size(True))


def _int_shape(fix):
    def run():
        inputs = keras.Input(shape=(490,) if fix else 490)
        return keras.Model(inputs, L.Dense(2)(inputs)).predict(np.zeros((2, 490)), verbose=0)
    return run


for id_, url, sym in [
        ("ml-zoo-63", "https://github.com/Arm-Examples/ML-zoo/issues/63",
         "ValueError: Cannot convert '490' to a shape."),
        ("nbeats-pr-1", "https://github.com/flaviagiammarino/nbeats-tensorflow/pull/1",
         "it was giving error while converting the lookback period value an integer into type shape"),
        ("ml-collection-pr-182", "https://github.com/aladdinpersson/Machine-Learning-Collection/pull/182",
         "keras input shape is now an iterate object ... keras.Input(shape=(28 * 28))"),
        ("deneyapyz-pr-4", "https://github.com/deneyapyz/lise/pull/4",
         "\"cannot convert '8' to shape\" hatası için")]:
    add(id_, url, sym, "shape_not_tuple", _int_shape(False), _int_shape(True))


def _mobilenet_top(fix):
    def run():
        if fix:  # include_top=False plus our own head; weights=None keeps the test offline
            base = keras.applications.MobileNet(input_shape=(64, 64, 3), include_top=False, weights=None,
                                                alpha=0.25)
            return keras.Sequential([base, L.GlobalAveragePooling2D(), L.Dense(3)]).output_shape
        return keras.applications.MobileNet(input_shape=(64, 64, 3), include_top=True, weights="imagenet")
    return run


add("keras-10294-include-top", "https://github.com/keras-team/keras/issues/10294",
    "I get the error that I must use (331, 331, 3) if I include_top=True", "pretrained_input_size",
    _mobilenet_top(False), _mobilenet_top(True))


def _unet(side, fixed_side, padding="same", fixed_padding="same"):
    return (lambda: fit_unet(side, kernel_padding=padding),
            lambda: fit_unet(fixed_side, kernel_padding=fixed_padding))


for id_, url, sym, side in [
        ("segmentation-keras-283", "https://github.com/divamgupta/image-segmentation-keras/issues/283",
         "Got inputs shapes: [(None, 112, 74, 512), (None, 112, 75, 256)]", 30),
        ("keras-19964", "https://github.com/keras-team/keras/issues/19964",
         "Received: input_shape=[(None, 88, 88, 128), (None, 89, 89, 128)] ... not getting this error when I "
         "had 256x256",
         26),
        ("segmentation-models-1", "https://github.com/qubvel/segmentation_models/issues/1",
         "Got inputs shapes: [(None, 14, 14, 512), (None, 13, 13, 256)]", 18)]:
    t, f = _unet(side, 32)
    add(id_, url, sym, "concat_mismatch", t, f)
t, f = _unet(32, 32, padding="valid", fixed_padding="same")
add("segmentation-models-154", "https://github.com/qubvel/segmentation_models/issues/154",
    "concatenate the first Conv2DTranspose result with shape of (56, 56, 512) and the 4th Conv2D result with "
    "shape(64, 64, 512)", "concat_mismatch", t, f)

# --------------------------------------------------------------------------------------------------
# Data and labels, KerasTensors, Keras 1/2 argument names
# --------------------------------------------------------------------------------------------------


def _cardinality(nx, ny, fix):
    def run():
        x = rng().random((nx, 6), dtype=np.float32)
        y = rng().random(nx if fix else ny)
        return fit(mlp(units=1, act=None), x, y, "mse")
    return run


add("tf-48660", "https://github.com/tensorflow/tensorflow/issues/48660",
    "Data cardinality is ambiguous: x sizes: 30000 y sizes: 50000", "data_cardinality",
    _cardinality(30, 50, False), _cardinality(30, 50, True))
add("tf-47105", "https://github.com/tensorflow/tensorflow/issues/47105",
    "Data cardinality is ambiguous: x sizes: 60000 y sizes: 10000", "data_cardinality",
    _cardinality(60, 10, False), _cardinality(60, 10, True))
add("keras-14368", "https://github.com/keras-team/keras/issues/14368",
    "Make sure all arrays contain the same number of samples.", "data_cardinality",
    _cardinality(20, 14, False), _cardinality(20, 14, True))


def _list_of_images(fix):
    def run():
        faces = [images(1, side=8)[0] for _ in range(N)]
        return fit(cnn(units=2), np.array(faces) if fix else faces, ints(2),
                   "sparse_categorical_crossentropy")
    return run


add("opencv-course-20", "https://github.com/jasmcaus/opencv-course/issues/20",
    "ValueError: Data cardinality is ambiguous: x sizes: 80, 80, 80, 80, ...", "data_as_list",
    _list_of_images(False), _list_of_images(True))


def _tf_fn(fix):
    def run():
        import tensorflow as tf  # TensorFlow-only on purpose: the error is about a TensorFlow function

        inputs = keras.Input(shape=(4,))
        w = np.ones((4, 2), "float32")
        out = keras.ops.matmul(inputs, w) if fix else tf.matmul(inputs, w)
        return keras.Model(inputs, out).predict(np.ones((2, 4), "float32"), verbose=0)
    return run


for id_, url, sym in [
        ("deeptables-93", "https://github.com/DataCanvasIO/DeepTables/issues/93",
         "ValueError: A KerasTensor cannot be used as input to a TensorFlow function."),
        ("comga-5", "https://github.com/XuexiongLuoMQ/ComGA/issues/5",
         "output = tf.matmul(x, self.vars['weights']) ... A KerasTensor cannot be used as input to a "
         "TensorFlow function"),
        ("yolo-v4-27", "https://github.com/taipingeric/yolo-v4-tf.keras/issues/27",
         "I've tried unwrapping the layer ... but the error still persists.")]:
    add(id_, url, sym, "keras_tensor_in_tf_function", _tf_fn(False), _tf_fn(True))


def _stop_gradient():
    a = keras.Input(shape=(2,))
    b = L.Dense(4)(a)
    c = L.Dense(4)(b)
    return keras.Model(a, keras.ops.stop_gradient(b) + c).predict(np.ones((1, 2)), verbose=0)


add("keras-20124", "https://github.com/keras-team/keras/issues/20124",
    "`ops.stop_gradient` does not work with `KerasTensor`", "none", _stop_gradient, raises=False,
    keras3="Fixed in later Keras 3 releases: keras.ops functions accept KerasTensors.")


def _legacy(make_bad, make_good):
    def trigger():
        return make_bad()

    def fixed():
        return make_good()
    return trigger, fixed


def _small_fit(model, x_shape=(6,), loss="mse", **kw):
    x = rng().random((N, *x_shape), dtype=np.float32)
    model.compile(optimizer="sgd", loss=loss)
    return model.fit(x, rng().random((N, 1)), verbose=0, **kw)


t, f = _legacy(lambda: seq(L.LSTM(4, batch_input_shape=(1, 1, 7), stateful=True), L.Dense(1)),
               lambda: seq(keras.Input(batch_shape=(1, 1, 7)), L.LSTM(4, stateful=True), L.Dense(1)).predict(
                   np.ones((3, 1, 7), "float32"), batch_size=1, verbose=0))
add("keras-20106", "https://github.com/keras-team/keras/issues/20106",
    "ValueError: Unrecognized keyword arguments passed to LSTM: {'batch_input_shape': (1, 1, 7)}",
    "legacy_argument", t, f)
t, f = _legacy(lambda: seq(L.Dense(1, activation="linear", batch_input_shape=(None, 1))),
               lambda: _small_fit(seq(keras.Input(batch_shape=(None, 1)), L.Dense(1, activation="linear")),
                                  (1,)))
add("dl-book-18", "https://github.com/tensorchiefs/dl_book/issues/18",
    "Dense layer in nb_ch04_03.ipynb raises ValueError due to batch_input_shape", "legacy_argument", t, f)
t, f = _legacy(lambda: L.Conv2D(64, 1, init="glorot_uniform", border_mode="valid"),
               lambda: _small_fit(seq(keras.Input(shape=(4, 4, 1)), L.Conv2D(
                   64, 1, kernel_initializer="glorot_uniform", padding="valid"), L.Flatten(), L.Dense(1)),
                                  (4, 4, 1)))
add("so-44151760-old-conv-args",
    "https://stackoverflow.com/questions/44151760/received-a-label-value-of-1-which-is-outside-the-valid-range-of-0-1-python",
    "model.add(Convolution2D(64, 1, 1, init='glorot_uniform', border_mode='valid',input_shape=(16, 1, 1), "
    "activation='relu'))",
    "legacy_argument", t, f)
t, f = _legacy(lambda: _small_fit(mlp(units=1, act=None), nb_epoch=2),
               lambda: _small_fit(mlp(units=1, act=None), epochs=2))
add("so-44151760-nb-epoch",
    "https://stackoverflow.com/questions/44151760/received-a-label-value-of-1-which-is-outside-the-valid-range-of-0-1-python",
    "model.fit(training_data, training_labels, ..., nb_epoch=30, batch_size=8, verbose=2)", "legacy_argument",
    t, f)
t, f = _legacy(lambda: seq(keras.Input(shape=(6,)), L.Dense(output_dim=20)),
               lambda: _small_fit(seq(keras.Input(shape=(6,)), L.Dense(units=20), L.Dense(1))))
add("keras-3385-output-dim", "https://github.com/keras-team/keras/issues/3385",
    "model.add(Dense(output_dim = 2000)) ... model.add(Dense(40, init='uniform'))", "legacy_argument", t, f)
t, f = _legacy(lambda: L.LSTM(output_dim=30, return_sequences=True, init="glorot_normal",
                              inner_init="glorot_normal"),
               lambda: _small_fit(seq(keras.Input(shape=(5, 3)), L.LSTM(
                   units=30, return_sequences=True, kernel_initializer="glorot_normal",
                   recurrent_initializer="glorot_normal"), L.LSTM(2), L.Dense(1)), (5, 3)))
add("thesemicolon-5-old-lstm", "https://github.com/shreyans29/thesemicolon/issues/5",
    "UserWarning: Update your `LSTM` call to the Keras 2 API: `LSTM(kernel_initializer=..., units=300, ...)`",
    "legacy_argument", t, f)
t, f = _legacy(lambda: L.Conv2D(8, 3, 3, border_mode="valid"),
               lambda: _small_fit(seq(keras.Input(shape=(6, 6, 1)), L.Conv2D(8, (3, 3), padding="valid"),
                                      L.Flatten(), L.Dense(1)), (6, 6, 1)))
add("keras-2302", "https://github.com/keras-team/keras/issues/2302",
    "model.add(Convolution2D(nb_filters, nb_conv, nb_conv, border_mode='valid', input_shape=(1, img_rows, "
    "img_cols)))",
    "legacy_argument", t, f)
t, f = _legacy(lambda: L.Dense(16, init="normal", input_dim=16 * 4 * 4),
               lambda: _small_fit(seq(keras.Input(shape=(16 * 4 * 4,)),
                                      L.Dense(16, kernel_initializer="random_normal"),
                                      L.Dense(1)), (16 * 4 * 4,)))
add("wepe-ml-13", "https://github.com/wepe/MachineLearning/issues/13",
    "model.add(Dense(128, init='normal', input_dim=16*4*4))", "legacy_argument", t, f)
t, f = _legacy(lambda: L.Conv1D(nb_filter=21, filter_length=3, activation="relu"),
               lambda: _small_fit(seq(keras.Input(shape=(12, 1)),
                                      L.Conv1D(filters=21, kernel_size=3, activation="relu"),
                                      L.Flatten(), L.Dense(1)), (12, 1)))
add("keras-1752", "https://github.com/keras-team/keras/issues/1752",
    "model.add(Convolution1D(nb_filter=21, filter_length=3, input_dim=1, input_length=input_size, ...))",
    "legacy_argument", t, f)
t, f = _legacy(lambda: L.MaxPooling1D(pool_length=2),
               lambda: _small_fit(seq(keras.Input(shape=(12, 1)), L.MaxPooling1D(pool_size=2), L.Flatten(),
                                      L.Dense(1)),
                                  (12, 1)))
add("keras-1752-pool-length", "https://github.com/keras-team/keras/issues/1752",
    "model.add(MaxPooling1D(pool_length=2))", "legacy_argument", t, f)


def _flatten_mask(fix):
    def run():
        inputs = keras.Input(shape=(6,), dtype="int32")
        x = L.Embedding(20, 4, mask_zero=True)(inputs)
        x = L.LSTM(3, return_sequences=True)(x)
        x = L.GlobalAveragePooling1D()(x) if fix else L.Flatten()(x)
        model = keras.Model(inputs, L.Dense(2, activation="sigmoid")(x))
        return model.predict(tokens(20, steps=6), verbose=0)
    return run


add("keras-13189-flatten-mask", "https://github.com/keras-team/keras/issues/13189",
    "Layer flatten_2 does not support masking, but was passed an input_mask", "none", _flatten_mask(False),
    raises=False,
    keras3="Keras 3 raises nothing: Flatten drops the mask with a warning, so the padded steps count like "
           "real ones. A masked GlobalAveragePooling1D keeps the mask (lesson 07, section 6).")


def _flatten_none(fix):
    def run():
        inputs = keras.Input(shape=(None, None, 3))
        x = L.Conv2D(8, 3, padding="same")(inputs)
        x = L.GlobalMaxPooling2D()(x) if fix else L.Flatten()(x)
        return keras.Model(inputs, L.Dense(2)(x)).predict(images(2, side=9), verbose=0)
    return run


add("keras-11001", "https://github.com/keras-team/keras/issues/11001",
    "The shape of the input to \"Flatten\" is not fully defined (got (None, None, 64)", "unknown_flat_length",
    _flatten_none(False), _flatten_none(True))
add("activity-recognition-3", "https://github.com/aqibsaeed/On-device-activity-recognition/issues/3",
    "Tensorflow: ValueError: The last dimension of the inputs to `Dense` should be defined. Found `None`",
    "unknown_flat_length", _flatten_none(False), _flatten_none(True))

#: Addresses found again, with the case's symptom, by a search of the stored public issue threads and
#: pages: 58 in the session that verified the corpus, 42 more in a later re-check. The one left out
#: (keras-team/keras#2302) was not found again by that search; it comes from the collecting session only.
RECHECKED = frozenset({
    "http://www.kouhan.cn/en/article/00027281",
    "http://www.readke.com/c/01034051B2022.html",
    "https://discuss.tensorflow.org/t/unexpected-value-of-binary-crossentropy-loss-function-in-classifier-network-with-two-outputs/11073",
    "https://e-com-net.com/article/1188291707914002432.htm",
    "https://github.com/Arm-Examples/ML-zoo/issues/63",
    "https://github.com/ChunML/ssd-tf2/issues/27",
    "https://github.com/Cly1st/ECG-Arrhythmia-Classification-using-Artificial-Neural-Network/issues/2",
    "https://github.com/DataCanvasIO/DeepTables/issues/93",
    "https://github.com/GKalliatakis/Keras-VGG16-places365/issues/2",
    "https://github.com/KaroDievas/car-sound-classification-with-keras/issues/8",
    "https://github.com/MarzioMonticelli/python-cryptonet/issues/4",
    "https://github.com/MiteshPuthran/Speech-Emotion-Analyzer/issues/52",
    "https://github.com/Oslandia/deeposlandia/pull/122",
    "https://github.com/Sentdex/pygta5/issues/148",
    "https://github.com/TannerGilbert/Tutorials/issues/1",
    "https://github.com/XuexiongLuoMQ/ComGA/issues/5",
    "https://github.com/ZFTurbo/ZF_UNET_224_Pretrained_Model/issues/8",
    "https://github.com/adnanardhian/CNN-Ensemble-Classifier-Land-Use-Classification/issues/1",
    "https://github.com/aladdinpersson/Machine-Learning-Collection/pull/182",
    "https://github.com/alibaba/graph-learn/issues/88",
    "https://github.com/aqibsaeed/On-device-activity-recognition/issues/3",
    "https://github.com/biarne-a/hm-two-step-reco/issues/3",
    "https://github.com/bibtissam/LSTM-Attention-FraudDetection/pull/3",
    "https://github.com/chauhan01/Captcha-text-extraction/issues/3",
    "https://github.com/chsasank/Traffic-Sign-Classification.keras/issues/4",
    "https://github.com/coxlab/prednet/issues/75",
    "https://github.com/deneyapyz/lise/pull/4",
    "https://github.com/divamgupta/image-segmentation-keras/issues/283",
    "https://github.com/eriklindernoren/Keras-GAN/issues/94",
    "https://github.com/fchollet/deep-learning-with-python-notebooks/issues/157",
    "https://github.com/fchollet/deep-learning-with-python-notebooks/issues/216",
    "https://github.com/fchollet/deep-learning-with-python-notebooks/issues/33",
    "https://github.com/flaviagiammarino/nbeats-tensorflow/pull/1",
    "https://github.com/flyyufelix/cnn_finetune/issues/25",
    "https://github.com/iamhankai/attribute-aware-attention/issues/16",
    "https://github.com/jacobgil/keras-dcgan/issues/14",
    "https://github.com/jasmcaus/opencv-course/issues/20",
    "https://github.com/kakaoenterprise/RYANSQL/issues/2",
    "https://github.com/keras-team/keras/issues/10294",
    "https://github.com/keras-team/keras/issues/10903",
    "https://github.com/keras-team/keras/issues/11001",
    "https://github.com/keras-team/keras/issues/11511",
    "https://github.com/keras-team/keras/issues/11904",
    "https://github.com/keras-team/keras/issues/12622",
    "https://github.com/keras-team/keras/issues/12910",
    "https://github.com/keras-team/keras/issues/13189",
    "https://github.com/keras-team/keras/issues/14341",
    "https://github.com/keras-team/keras/issues/14368",
    "https://github.com/keras-team/keras/issues/16711",
    "https://github.com/keras-team/keras/issues/17388",
    "https://github.com/keras-team/keras/issues/1752",
    "https://github.com/keras-team/keras/issues/1838",
    "https://github.com/keras-team/keras/issues/19964",
    "https://github.com/keras-team/keras/issues/20106",
    "https://github.com/keras-team/keras/issues/20124",
    "https://github.com/keras-team/keras/issues/2415",
    "https://github.com/keras-team/keras/issues/2721",
    "https://github.com/keras-team/keras/issues/2724",
    "https://github.com/keras-team/keras/issues/3009",
    "https://github.com/keras-team/keras/issues/3109",
    "https://github.com/keras-team/keras/issues/3237",
    "https://github.com/keras-team/keras/issues/3385",
    "https://github.com/keras-team/keras/issues/3522",
    "https://github.com/keras-team/keras/issues/3945",
    "https://github.com/keras-team/keras/issues/5222",
    "https://github.com/keras-team/keras/issues/5447",
    "https://github.com/keras-team/keras/issues/6849",
    "https://github.com/keras-team/keras/issues/6850",
    "https://github.com/keras-team/keras/issues/7303",
    "https://github.com/keras-team/keras/issues/7749",
    "https://github.com/keras-team/keras/issues/9739",
    "https://github.com/keras-team/keras/pull/1050",
    "https://github.com/llSourcell/tensorflow_chatbot/issues/32",
    "https://github.com/localminimum/R-net/issues/39",
    "https://github.com/nachi-hebbar/Transfer-Learning-ResNet-Keras/issues/1",
    "https://github.com/ndrplz/surround_vehicles_awareness/issues/14",
    "https://github.com/oswaldoludwig/Human-Action-Recognition-with-Keras/issues/5",
    "https://github.com/paulx3/keras_generative_pg/issues/7",
    "https://github.com/qubvel/segmentation_models/issues/1",
    "https://github.com/qubvel/segmentation_models/issues/154",
    "https://github.com/shivsondhi/Triplet-Loss/issues/2",
    "https://github.com/shreyans29/thesemicolon/issues/5",
    "https://github.com/srihari-humbarwadi/DeepLabV3_Plus-Tensorflow2.0/issues/27",
    "https://github.com/taipingeric/yolo-v4-tf.keras/issues/27",
    "https://github.com/tensorchiefs/dl_book/issues/18",
    "https://github.com/tensorflow/tensorflow/issues/38619",
    "https://github.com/tensorflow/tensorflow/issues/44065",
    "https://github.com/tensorflow/tensorflow/issues/47105",
    "https://github.com/tensorflow/tensorflow/issues/48660",
    "https://github.com/tensorflow/tensorflow/issues/52060",
    "https://github.com/tensorflow/tensorflow/issues/5932",
    "https://github.com/tflearn/tflearn/issues/260",
    "https://github.com/vrenkens/nabu/issues/9",
    "https://github.com/wepe/MachineLearning/issues/13",
    "https://github.com/williamfzc/work_with_stagesepx/issues/5",
    "https://github.com/wuyang0329/unet/issues/7",
    "https://github.com/zhangyhuaee/KinD/issues/16",
    "https://github.com/zzh8829/yolov3-tf2/issues/386",
    "https://stackoverflow.com/questions/44151760/received-a-label-value-of-1-which-is-outside-the-valid-range-of-0-1-python",
    "https://ymshici.com/tech/956.html",
})
