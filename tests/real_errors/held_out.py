"""Held-out cases, written AFTER utils.errors was finished: the same families as the corpus, with
other wording, shapes, layers and losses, to check that the explainer generalises.

They are ours (no public address); each has a trigger and a fixed variant written from the explainer's
advice, like the corpus. ``python -m tests.real_errors.harness --held-out`` scores them.
"""

from __future__ import annotations

import keras
import numpy as np

from tests.real_errors.cases import Case, L, N, fit, images, ints, one_hot, rng, seq, tokens

HELD_OUT: list[Case] = []


def held(id, kind, trigger, fixed, symptom=""):
    HELD_OUT.append(Case(id, "", symptom or "written for the held-out check", kind, trigger, fixed))


def _conv1d_cls(classes):
    return seq(keras.Input(shape=(20, 2)), L.Conv1D(4, 3), L.GlobalMaxPooling1D(),
               L.Dense(classes, activation="softmax"))


def _signals(n=N):
    return rng(3).random((n, 20, 2), dtype=np.float32)


held("h-cce-int-column-conv1d", "integer_labels_categorical",
     lambda: fit(_conv1d_cls(4), _signals(), ints(4, shape=(N, 1)), "categorical_crossentropy"),
     lambda: fit(_conv1d_cls(4), _signals(), ints(4, shape=(N, 1)), "sparse_categorical_crossentropy"))

held("h-sparse-onehot-images", "onehot_labels_sparse",
     lambda: fit(seq(keras.Input(shape=(8, 8, 3)), L.Conv2D(4, 3), L.GlobalAveragePooling2D(),
                     L.Dense(3, activation="softmax")), images(), one_hot(ints(3), 3),
                 keras.losses.SparseCategoricalCrossentropy()),
     lambda: fit(seq(keras.Input(shape=(8, 8, 3)), L.Conv2D(4, 3), L.GlobalAveragePooling2D(),
                     L.Dense(3, activation="softmax")), images(), one_hot(ints(3), 3).argmax(-1),
                 keras.losses.SparseCategoricalCrossentropy()))

held("h-bce-three-sigmoids", "binary_multi_unit",
     lambda: fit(seq(keras.Input(shape=(5,)), L.Dense(3, activation="sigmoid")),
                 rng().random((N, 5), dtype=np.float32), ints(3).astype("float32"), "binary_crossentropy"),
     lambda: fit(seq(keras.Input(shape=(5,)), L.Dense(3, activation="softmax")),
                 rng().random((N, 5), dtype=np.float32), ints(3), "sparse_categorical_crossentropy"))

held("h-one-based-three-classes", "label_out_of_range",
     lambda: fit(seq(keras.Input(shape=(5,)), L.Dense(3, activation="softmax")),
                 rng().random((N, 5), dtype=np.float32), np.r_[ints(3, N - 1) + 1, 3],
                 "sparse_categorical_crossentropy"),
     lambda: fit(seq(keras.Input(shape=(5,)), L.Dense(3, activation="softmax")),
                 rng().random((N, 5), dtype=np.float32), np.r_[ints(3, N - 1) + 1, 3] - 1,
                 "sparse_categorical_crossentropy"))


def _word_index_ids():  # ids 1..vocab, as a tokenizer's word_index numbers them
    ids = tokens(50, steps=7) + 1
    ids[0, 0] = 50
    return ids


def _text(input_dim):
    return seq(keras.Input(shape=(7,), dtype="int32"), L.Embedding(input_dim, 3), L.LSTM(4),
               L.Dense(1, activation="sigmoid"))


held("h-embedding-word-index", "embedding_out_of_range",
     lambda: _text(50).predict(_word_index_ids(), verbose=0),
     lambda: _text(int(_word_index_ids().max()) + 1).predict(_word_index_ids(), verbose=0))


def _gru_head(return_sequences):
    return seq(keras.Input(shape=(6, 3)), L.GRU(4, return_sequences=return_sequences),
               L.Dense(1, activation="sigmoid"))


held("h-gru-sequences-bce-column", "forgotten_flatten",
     lambda: fit(_gru_head(True), rng().random((N, 6, 3), dtype=np.float32),
                 ints(2, shape=(N, 1)).astype("float32"), "binary_crossentropy"),
     lambda: fit(_gru_head(False), rng().random((N, 6, 3), dtype=np.float32),
                 ints(2, shape=(N, 1)).astype("float32"), "binary_crossentropy"))


def _grey_cnn():
    return seq(keras.Input(shape=(10, 10, 1)), L.Conv2D(3, 3), L.Flatten(), L.Dense(2, activation="softmax"))


held("h-grey-channels-first", "channels_first",
     lambda: fit(_grey_cnn(), np.transpose(images(side=10, channels=1), (0, 3, 1, 2)), ints(2),
                 "sparse_categorical_crossentropy"),
     lambda: fit(_grey_cnn(), np.transpose(np.transpose(images(side=10, channels=1), (0, 3, 1, 2)),
                                           (0, 2, 3, 1)), ints(2), "sparse_categorical_crossentropy"))


def _functional_rgb():
    inputs = keras.Input(shape=(12, 12, 3))
    return keras.Model(inputs, L.Dense(2)(L.GlobalAveragePooling2D()(L.Conv2D(4, 3)(inputs))))


held("h-rgba-functional", "channel_mismatch",
     lambda: _functional_rgb().predict(images(2, side=12, channels=4), verbose=0),
     lambda: _functional_rgb().predict(images(2, side=12, channels=4)[..., :3], verbose=0))


def _images_input(shape):
    return seq(keras.Input(shape=shape), L.Conv2D(2, 3), L.Flatten(), L.Dense(1))


held("h-input-x-shape-images", "batch_axis_in_input_shape",
     lambda: fit(_images_input(images(side=9).shape), images(side=9), rng().random(N), "mse"),
     lambda: fit(_images_input(images(side=9).shape[1:]), images(side=9), rng().random(N), "mse"))

held("h-labels-from-test-split", "data_cardinality",
     lambda: fit(seq(keras.Input(shape=(4,)), L.Dense(1)), rng().random((20, 4), dtype=np.float32),
                 rng().random(8), "mse"),
     lambda: fit(seq(keras.Input(shape=(4,)), L.Dense(1)), rng().random((20, 4), dtype=np.float32),
                 rng().random(20), "mse"))

held("h-legacy-conv-subsample", "legacy_argument",
     lambda: L.Conv2D(16, 3, border_mode="same", subsample=(2, 2)),
     lambda: fit(seq(keras.Input(shape=(8, 8, 3)), L.Conv2D(16, 3, padding="same", strides=(2, 2)),
                     L.Flatten(), L.Dense(1)), images(), rng().random(N), "mse"))

held("h-input-int-conv1d", "shape_not_tuple",
     lambda: keras.Input(shape=64),
     lambda: seq(keras.Input(shape=(64,)), L.Reshape((64, 1)), L.Conv1D(2, 3)).predict(
         np.zeros((2, 64)), verbose=0))


def _unet3(side):
    inputs = keras.Input(shape=(side, side, 2))
    x, skips = inputs, []
    for _level in range(3):
        x = L.Conv2D(4, 3, padding="same")(x)
        skips.append(x)
        x = L.MaxPooling2D(2)(x)
    for level in reversed(range(3)):
        x = L.Concatenate()([L.UpSampling2D(2)(x), skips[level]])
    return keras.Model(inputs, L.Conv2D(1, 1)(x))


held("h-unet-depth3-side20", "concat_mismatch",
     lambda: _unet3(20), lambda: _unet3(24).predict(np.zeros((1, 24, 24, 2)), verbose=0))
