"""Offline datasets for the course: nothing here touches the network.

* :func:`load_digits` - scikit-learn's 8x8 handwritten digits (inside its wheel), fixed split;
* :func:`digits_on_canvas` - the same digits at random places on a larger canvas (lesson 08);
* :func:`make_token_sequences` - integer token sequences of varying length;
* :func:`sample_photo` - a real photo shipped by scikit-learn, optionally shrunk.

>>> split = load_digits()
>>> split.x_train.shape[1:], split.x_train.dtype.name
((8, 8, 1), 'float32')
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from utils._validate import Choice, Real, Whole, budget, validated, whole_number

__all__ = ["Split", "DIGITS_SEED", "load_digits", "CanvasSplit", "digits_on_canvas", "make_token_sequences",
           "sample_photo"]

DIGITS_SEED = 0
#: Bounds of the generators' arguments: beyond them a call would run for minutes or need gigabytes.
MAX_SEED = 2**32 - 1  # what NumPy and scikit-learn accept
MAX_EXAMPLES = 100_000
MAX_LENGTH = 100_000
MAX_PHOTO_SIDE = 2_048
#: A budget on ``n x max_length`` keeps every call under about 100 MB and a few seconds.
MAX_TOKENS = 5_000_000
Seed = Whole(0, MAX_SEED)
CANVAS_VALIDATION = 300  # training digits held out (as source images) for the validation split


class Split(NamedTuple):
    """A train/test split; unpack it as ``x_train, y_train, x_test, y_test = split``."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


class CanvasSplit(NamedTuple):
    """Train, validation and test splits; unpack as
    ``x_train, y_train, x_val, y_val, x_test, y_test = split``."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def _read_only(*arrays: np.ndarray) -> list[np.ndarray]:
    """The arrays, made read-only: they are cached, so a learner must not change them for the next call."""
    for array in arrays:
        array.setflags(write=False)
    return list(arrays)


@lru_cache(maxsize=4)
def _digits_split(test_fraction: float, seed: int) -> Split:
    from sklearn.datasets import load_digits as sk_load_digits
    from sklearn.model_selection import train_test_split

    bunch = sk_load_digits()
    images = (bunch.images / 16.0).astype("float32")[..., np.newaxis]  # pixels 0..16 -> [0, 1], one channel
    labels = bunch.target.astype("int64")
    x_tr, x_te, y_tr, y_te = train_test_split(images, labels, test_size=test_fraction, random_state=seed,
                                              stratify=labels)
    return Split(*_read_only(x_tr, y_tr, x_te, y_te))


@validated
def load_digits(test_fraction: Real(0, 1, open=True) = 0.25, seed: Seed = DIGITS_SEED) -> Split:
    """The 1,797 scikit-learn digits as ``(N, 8, 8, 1)`` float32 images in [0, 1].

    The split is stratified and fixed by ``seed``: by default every lesson sees the same 1,347 training
    and 450 test images. The arrays are read-only; use ``x.copy()`` to modify one.
    """
    return _digits_split(test_fraction, seed)


@lru_cache(maxsize=4)
def _canvas_split(canvas: int, copies: int, seed: int) -> CanvasSplit:
    from sklearn.model_selection import train_test_split

    sources = load_digits()
    x_tr, x_val, y_tr, y_val = train_test_split(sources.x_train, sources.y_train, test_size=CANVAS_VALIDATION,
                                                random_state=seed, stratify=sources.y_train)
    arrays = []
    # One generator per split: the test images do not change when `copies` does.
    for part, (x, y, n_copies) in enumerate(((x_tr, y_tr, copies), (x_val, y_val, 1),
                                             (sources.x_test, sources.y_test, 1))):
        rng = np.random.default_rng([seed, part])
        x, y = np.repeat(x, n_copies, axis=0), np.repeat(y, n_copies, axis=0)
        images = np.zeros((len(x), canvas, canvas, 1), dtype="float32")
        rows, cols = rng.integers(0, canvas - 8 + 1, size=(2, len(x)))
        for image, digit, row, col in zip(images, x, rows, cols):
            image[row:row + 8, col:col + 8] = digit
        order = rng.permutation(len(x))
        arrays += _read_only(images[order], y[order].astype("int64"))
    return CanvasSplit(*arrays)


@validated
def digits_on_canvas(canvas: Whole(8, 48) = 24, copies: Whole(1, 4) = 2,
                     seed: Seed = DIGITS_SEED) -> CanvasSplit:
    """scikit-learn's 8x8 digits pasted at random positions on a blank ``canvas x canvas`` image.

    :func:`load_digits`' 450 test digits become the test split; its 1,347 training digits are split
    (stratified, by source image) into 300 for validation and 1,047 for training, each training digit
    pasted at ``copies`` random positions. Images ``(N, canvas, canvas, 1)`` float32 in [0, 1], labels
    int64, read-only and the same on every call (48 with 4 copies is about 40 MB).

    >>> split = digits_on_canvas(canvas=16, copies=1)
    >>> split.x_train.shape, split.x_val.shape, split.x_test.shape
    ((1047, 16, 16, 1), (300, 16, 16, 1), (450, 16, 16, 1))
    """
    return _canvas_split(canvas, copies, seed)


@validated
def make_token_sequences(n: Whole(2, MAX_EXAMPLES) = 600, vocab_size: Whole(3, MAX_LENGTH) = 50,
                         min_length: Whole(1, MAX_LENGTH) = 5, max_length: Whole(1, MAX_LENGTH) = 40,
                         seed: Seed = 0) -> tuple[list[np.ndarray], np.ndarray]:
    """Variable-length int32 token sequences (a list of 1-D arrays) and their int64 binary labels.

    Tokens are random in ``[2, vocab_size)``; a label-1 sequence holds the "keyword" token 1 somewhere,
    a label-0 one does not; 0 is reserved for padding. ``n x max_length`` may be at most 5,000,000.

    >>> seqs, y = make_token_sequences(n=4, seed=1)
    >>> len(seqs), y.shape
    (4, (4,))
    """
    whole_number("max_length", max_length, min_length, MAX_LENGTH)  # at least min_length
    budget(MAX_TOKENS, "tokens", n=n, max_length=max_length)
    rng = np.random.default_rng(seed)
    labels, sequences = np.arange(n, dtype="int64") % 2, []
    for label in labels:
        seq = rng.integers(2, vocab_size, size=rng.integers(min_length, max_length + 1))
        if label:
            seq[rng.integers(0, len(seq))] = 1
        sequences.append(seq.astype("int32"))
    order = rng.permutation(n)
    return [sequences[i] for i in order], labels[order]


@validated
def sample_photo(name: Choice("china.jpg", "flower.jpg") = "china.jpg",
                 size: Whole(2, MAX_PHOTO_SIDE) | None = None) -> np.ndarray:
    """One of scikit-learn's two colour photos as float32 ``(H, W, 3)`` in [0, 1]; with ``size``,
    centre-cropped to a square and resized to ``size x size`` pixels."""
    from sklearn.datasets import load_sample_image

    image = load_sample_image(name)
    if size is not None:
        from PIL import Image

        h, w = image.shape[:2]
        side = min(h, w)
        top, left = (h - side) // 2, (w - side) // 2
        crop = Image.fromarray(image[top:top + side, left:left + side])
        image = np.asarray(crop.resize((size, size), Image.BILINEAR))
    return (image / 255.0).astype("float32")
