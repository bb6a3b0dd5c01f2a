"""utils.data: offline, deterministic, validated."""

import numpy as np
import pytest

from utils import data


def test_digits_are_images_in_unit_range_with_a_fixed_stratified_split():
    x_train, y_train, x_test, y_test = data.load_digits()
    assert x_train.shape == (1347, 8, 8, 1) and x_test.shape == (450, 8, 8, 1)
    assert x_train.dtype == np.float32 and 0.0 == x_train.min() and x_train.max() == 1.0
    assert sorted(set(y_test.tolist())) == list(range(10))
    again = data.load_digits()
    assert np.array_equal(again.x_test, x_test) and np.array_equal(again.y_train, y_train)


def test_the_cached_digits_cannot_be_changed_by_accident():
    with pytest.raises(ValueError):
        data.load_digits().x_train[0, 0, 0, 0] = 5


def test_a_different_seed_gives_a_different_split():
    assert not np.array_equal(data.load_digits(seed=1).y_test, data.load_digits().y_test)


def test_signals_have_three_balanced_classes_and_are_reproducible():
    x, y = data.make_signals(n_per_class=10, length=128, seed=3)
    assert x.shape == (30, 128, 1) and x.dtype == np.float32
    assert np.bincount(y).tolist() == [10, 10, 10]
    assert np.array_equal(x, data.make_signals(n_per_class=10, length=128, seed=3)[0])
    assert len(data.SIGNAL_CLASSES) == 3


def test_token_sequences_vary_in_length_and_label_one_has_the_keyword():
    seqs, y = data.make_token_sequences(n=50, min_length=3, max_length=9, seed=2)
    lengths = {len(s) for s in seqs}
    assert min(lengths) >= 3 and max(lengths) <= 9 and len(lengths) > 1
    for seq, label in zip(seqs, y):
        assert (1 in seq) == bool(label) and 0 not in seq


def test_sample_photo_is_rgb_and_can_be_shrunk():
    assert data.sample_photo().shape == (427, 640, 3)
    small = data.sample_photo("flower.jpg", size=32)
    assert small.shape == (32, 32, 3) and small.dtype == np.float32 and small.max() <= 1.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: data.load_digits(test_fraction=1.5), "test_fraction=1.5"),
        (lambda: data.load_digits(seed=-1), "seed=-1"),
        (lambda: data.make_signals(n_per_class=0), "n_per_class=0"),
        (lambda: data.make_signals(length=8), "length=8"),
        (lambda: data.make_signals(noise=-1), "noise=-1"),
        (lambda: data.make_token_sequences(min_length=5, max_length=2), "max_length=2"),
        (lambda: data.make_token_sequences(vocab_size=2), "vocab_size=2"),
        (lambda: data.sample_photo("cat.jpg"), "name='cat.jpg'"),
        (lambda: data.sample_photo(size=1), "size=1"),
    ],
)
def test_bad_arguments_are_named_in_the_error(call, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        call()

