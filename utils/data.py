"""Offline datasets for the course: nothing here touches the network.

* :func:`load_digits` - scikit-learn's 8x8 handwritten digits (shipped inside the
  scikit-learn wheel) as images ``(N, 8, 8, 1)`` float32 in [0, 1], fixed split.
* :func:`digits_on_canvas` - the same digits at random positions on a larger
  canvas, with train, validation and test splits (lesson 08's capstone).
* :func:`make_signals` - synthetic audio-like 1-D signals of three kinds.
* :func:`make_token_sequences` - integer token sequences of varying length.
* :func:`sample_photo` - a real photo shipped by scikit-learn, optionally shrunk.

>>> split = load_digits()
>>> split.x_train.shape[1:], split.x_train.dtype.name
((8, 8, 1), 'float32')
"""

from __future__ import annotations

import numbers
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from utils._validate import whole_number

__all__ = [
    "Split",
    "DIGITS_SEED",
    "load_digits",
    "CanvasSplit",
    "digits_on_canvas",
    "make_signals",
    "SIGNAL_CLASSES",
    "make_token_sequences",
    "sample_photo",
]

DIGITS_SEED = 0
#: Bounds of the generators' arguments (documented, checked at once): beyond them a call would run
#: for minutes or need gigabytes. Seeds are what NumPy and scikit-learn accept.
MAX_SEED = 2**32 - 1
MAX_EXAMPLES = 100_000
MAX_LENGTH = 100_000
MAX_PHOTO_SIDE = 2_048


class Split(NamedTuple):
    """A train/test split; unpack it as ``x_train, y_train, x_test, y_test = split``."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def _check_fraction(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < value < 1:
        raise ValueError(f"{name} must be a number between 0 and 1, got {name}={value!r}.")
    return float(value)


@lru_cache(maxsize=4)
def _digits_split(test_fraction: float, seed: int) -> Split:
    from sklearn.datasets import load_digits as sk_load_digits
    from sklearn.model_selection import train_test_split

    bunch = sk_load_digits()
    # Pixel values are 0..16 in this dataset; scale to [0, 1] and add a channel axis.
    images = (bunch.images / 16.0).astype("float32")[..., np.newaxis]
    labels = bunch.target.astype("int64")
    x_tr, x_te, y_tr, y_te = train_test_split(
        images, labels, test_size=test_fraction, random_state=seed, stratify=labels
    )
    for array in (x_tr, x_te, y_tr, y_te):
        array.setflags(write=False)  # cached: a learner must not change it for the next call
    return Split(x_tr, y_tr, x_te, y_te)


def load_digits(test_fraction: float = 0.25, seed: int = DIGITS_SEED) -> Split:
    """The 1,797 scikit-learn digits as ``(N, 8, 8, 1)`` float32 images in [0, 1].

    The split is stratified and fixed by ``seed``, so every lesson (and every
    learner) sees the same 1,347 training and 450 test images by default. The
    arrays are read-only; use ``x.copy()`` to modify one.
    """
    test_fraction = _check_fraction("test_fraction", test_fraction)
    seed = whole_number("seed", seed, minimum=0, maximum=MAX_SEED)
    return _digits_split(test_fraction, seed)


class CanvasSplit(NamedTuple):
    """Train, validation and test splits; unpack as
    ``x_train, y_train, x_val, y_val, x_test, y_test = split``."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


CANVAS_VALIDATION = 300  # training digits held out (as source images) for the validation split


@lru_cache(maxsize=4)
def _canvas_split(canvas: int, copies: int, seed: int) -> CanvasSplit:
    from sklearn.model_selection import train_test_split

    sources = load_digits()
    x_tr, x_val, y_tr, y_val = train_test_split(
        sources.x_train, sources.y_train, test_size=CANVAS_VALIDATION,
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
        images, labels = images[order], y[order].astype("int64")
        images.setflags(write=False)
        labels.setflags(write=False)
        arrays += [images, labels]
    return CanvasSplit(*arrays)


def digits_on_canvas(canvas: int = 24, copies: int = 2, seed: int = DIGITS_SEED) -> CanvasSplit:
    """scikit-learn's 8x8 digits pasted at random positions on a blank ``canvas x canvas`` image.

    Where a digit sits and how big the image is now matter, as in real photos. The
    source images keep :func:`load_digits`' split: its 450 test digits become the
    test split (each at one random position); its 1,347 training digits are split
    (stratified, by source image, so no digit appears in two splits) into 300 for
    validation (one position each) and 1,047 for training, each pasted at ``copies``
    different random positions. Images are ``(N, canvas, canvas, 1)`` float32 in
    [0, 1], labels int64; the arrays are read-only and the same on every call.

    Bounds: ``8 <= canvas <= 48`` (48 with 4 copies is about 40 MB), ``1 <= copies <= 4``.

    >>> split = digits_on_canvas(canvas=16, copies=1)
    >>> split.x_train.shape, split.x_val.shape, split.x_test.shape
    ((1047, 16, 16, 1), (300, 16, 16, 1), (450, 16, 16, 1))
    """
    canvas = whole_number("canvas", canvas, minimum=8)
    if canvas > 48:
        raise ValueError(f"canvas must be <= 48 (memory and training time), got canvas={canvas}.")
    copies = whole_number("copies", copies, minimum=1)
    if copies > 4:
        raise ValueError(f"copies must be <= 4, got copies={copies}.")
    seed = whole_number("seed", seed, minimum=0, maximum=MAX_SEED)
    return _canvas_split(canvas, copies, seed)


SIGNAL_CLASSES = ("low tone", "high tone", "chirp")


def make_signals(
    n_per_class: int = 200,
    length: int = 256,
    noise: float = 0.3,
    seed: int = 0,
    event_length: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic audio-like signals: ``x`` of shape ``(N, length, 1)`` and labels ``y``.

    Class 0 is a low tone, class 1 a high tone and class 2 a rising chirp, each
    with a random phase, a random onset (the sound starts somewhere in the clip)
    and Gaussian noise. Where the sound starts does not decide the class, which
    is exactly the case where global pooling shines.

    By default the sound lasts half of the clip (``length // 2`` steps), whatever
    the length. ``event_length`` fixes its duration in steps instead (``16 <=
    event_length <= length``): a short sound inside a long clip, as in real
    recordings, where the sound is a small and varying share of the clip. The
    tones' pitch is set per time step, so a sound looks the same in any clip length.

    >>> x, y = make_signals(n_per_class=2, length=64)
    >>> x.shape, sorted(set(y.tolist()))
    ((6, 64, 1), [0, 1, 2])
    """
    n_per_class = whole_number("n_per_class", n_per_class, maximum=MAX_EXAMPLES)
    length = whole_number("length", length, minimum=16, maximum=MAX_LENGTH)
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or noise < 0:
        raise ValueError(f"noise must be a number >= 0, got noise={noise!r}.")
    seed = whole_number("seed", seed, minimum=0, maximum=MAX_SEED)
    if event_length is not None:
        event_length = whole_number("event_length", event_length, minimum=16)
        if event_length > length:
            raise ValueError(f"event_length must be <= length ({length}), got event_length={event_length}.")
    rng = np.random.default_rng(seed)
    t = np.linspace(0.0, 1.0, length, endpoint=False)
    xs, ys = [], []
    for label in range(len(SIGNAL_CLASSES)):
        for _ in range(n_per_class):
            phase = rng.uniform(0, 2 * np.pi)
            if label == 0:
                wave = np.sin(2 * np.pi * rng.uniform(3, 6) * t * length / 64 + phase)
            elif label == 1:
                wave = np.sin(2 * np.pi * rng.uniform(12, 18) * t * length / 64 + phase)
            else:
                f0 = rng.uniform(2, 4) * length / 64
                wave = np.sin(2 * np.pi * (f0 * t + 8 * (length / 64) * t**2) + phase)
            # The sound occupies a random stretch of the clip (half of it by default); the rest is silence.
            if event_length is None:
                start, duration = rng.integers(0, length // 2 + 1), length // 2
            else:
                start, duration = rng.integers(0, length - event_length + 1), event_length
            envelope = np.zeros(length)
            envelope[start:start + duration] = 1.0
            xs.append(wave * envelope + noise * rng.standard_normal(length))
            ys.append(label)
    order = rng.permutation(len(ys))
    x = np.asarray(xs, dtype="float32")[order][..., np.newaxis]
    return x, np.asarray(ys, dtype="int64")[order]


def make_token_sequences(
    n: int = 600,
    vocab_size: int = 50,
    min_length: int = 5,
    max_length: int = 40,
    seed: int = 0,
) -> tuple[list[np.ndarray], np.ndarray]:
    """Variable-length token sequences and binary labels.

    Each sequence holds random tokens in ``[2, vocab_size)``; label 1 sequences
    contain the "keyword" token 1 somewhere (anywhere), label 0 ones do not.
    Token 0 is reserved for padding. Returns a list of 1-D int arrays (lengths
    vary) and the labels.

    >>> seqs, y = make_token_sequences(n=4, seed=1)
    >>> len(seqs), y.shape
    (4, (4,))
    """
    n = whole_number("n", n, minimum=2, maximum=MAX_EXAMPLES)
    vocab_size = whole_number("vocab_size", vocab_size, minimum=3, maximum=MAX_LENGTH)
    min_length = whole_number("min_length", min_length, maximum=MAX_LENGTH)
    max_length = whole_number("max_length", max_length, maximum=MAX_LENGTH)
    if max_length < min_length:
        raise ValueError(
            f"max_length must be >= min_length, got max_length={max_length}, "
            f"min_length={min_length}."
        )
    seed = whole_number("seed", seed, minimum=0, maximum=MAX_SEED)
    rng = np.random.default_rng(seed)
    sequences, labels = [], []
    for i in range(n):
        label = i % 2
        seq = rng.integers(2, vocab_size, size=rng.integers(min_length, max_length + 1))
        if label:
            seq[rng.integers(0, len(seq))] = 1
        sequences.append(seq.astype("int32"))
        labels.append(label)
    order = rng.permutation(n)
    return [sequences[i] for i in order], np.asarray(labels, dtype="int64")[order]


def sample_photo(name: str = "china.jpg", size: int | None = None) -> np.ndarray:
    """A colour photo shipped with scikit-learn, float32 ``(H, W, 3)`` in [0, 1].

    Args:
        name: ``"china.jpg"`` or ``"flower.jpg"`` (the two scikit-learn ships).
        size: if given, the photo is centre-cropped to a square and resized to
            ``size x size`` pixels.
    """
    from sklearn.datasets import load_sample_image

    if not isinstance(name, str) or name not in ("china.jpg", "flower.jpg"):
        raise ValueError(f"name must be 'china.jpg' or 'flower.jpg', got name={name!r}.")
    image = load_sample_image(name)
    if size is not None:
        size = whole_number("size", size, minimum=2, maximum=MAX_PHOTO_SIDE)
        from PIL import Image

        h, w = image.shape[:2]
        side = min(h, w)
        top, left = (h - side) // 2, (w - side) // 2
        crop = Image.fromarray(image[top:top + side, left:left + side])
        image = np.asarray(crop.resize((size, size), Image.BILINEAR))
    return (image / 255.0).astype("float32")
