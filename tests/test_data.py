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


def test_digits_on_canvas_have_three_splits_of_whole_digits_at_random_positions():
    split = data.digits_on_canvas(canvas=24, copies=2)
    assert [a.shape for a in split[::2]] == [(2094, 24, 24, 1), (300, 24, 24, 1), (450, 24, 24, 1)]
    assert split.x_train.dtype == np.float32 and split.y_train.dtype == np.int64
    assert 0.0 == split.x_test.min() and split.x_test.max() == 1.0
    sources = data.load_digits()
    # every canvas holds one whole source digit: its ink equals that digit's ink
    assert np.allclose(np.sort(split.x_test.sum(axis=(1, 2, 3))), np.sort(sources.x_test.sum(axis=(1, 2, 3))))
    # training (2 copies each) and validation digits are the source training digits, none in both
    val_ink = split.x_val.sum(axis=(1, 2, 3))
    ink = np.sort(np.concatenate([split.x_train.sum(axis=(1, 2, 3)), val_ink, val_ink]))
    assert np.allclose(ink, np.sort(np.repeat(sources.x_train.sum(axis=(1, 2, 3)), 2)))
    assert sorted(set(split.y_val.tolist())) == list(range(10))
    rows = np.flatnonzero(split.x_test.any(axis=(0, 2, 3)))
    assert rows.min() <= 1 and rows.max() >= 22  # digits reach every part of the canvas


def test_digits_on_canvas_are_reproducible_read_only_and_the_test_split_ignores_copies():
    one, again = data.digits_on_canvas(canvas=16, copies=1), data.digits_on_canvas(canvas=16, copies=1)
    assert np.array_equal(one.x_train, again.x_train)
    assert np.array_equal(one.x_test, data.digits_on_canvas(canvas=16, copies=3).x_test)
    with pytest.raises(ValueError):
        one.x_val[0, 0, 0, 0] = 1.0


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"canvas": 7}, "canvas=7"), ({"canvas": 49}, "canvas=49"), ({"copies": 0}, "copies=0"),
    ({"copies": 5}, "copies=5"), ({"seed": -1}, "seed=-1"), ({"canvas": 24.0}, "canvas=24.0"),
])
def test_digits_on_canvas_name_a_bad_argument(kwargs, message):
    with pytest.raises(ValueError, match=message):
        data.digits_on_canvas(**kwargs)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: data.load_digits(test_fraction=1.5), "test_fraction=1.5"),
        (lambda: data.load_digits(seed=-1), "seed=-1"),
        (lambda: data.make_token_sequences(min_length=5, max_length=2), "max_length=2"),
        (lambda: data.make_token_sequences(vocab_size=2), "vocab_size=2"),
        (lambda: data.sample_photo("cat.jpg"), "name='cat.jpg'"),
        (lambda: data.sample_photo(size=1), "size=1"),
    ],
)
def test_bad_arguments_are_named_in_the_error(call, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        call()



@pytest.mark.parametrize(("call", "message"), [
    (lambda: data.make_token_sequences(n=100_000, min_length=100_000, max_length=100_000),
     "n x max_length = 10,000,000,000 tokens, more than the 5,000,000"),
    (lambda: data.load_digits(test_fraction=float("nan")), "test_fraction must be a finite number"),
    (lambda: data.load_digits(test_fraction=float("inf")), "not nan or infinity"),
    (lambda: data.make_token_sequences(n=10**5000), "n=an integer of over 4,000 digits"),
    (lambda: data.make_token_sequences(n=-(10**400)), "n=an integer of 401 digits"),
])
def test_products_of_in_bound_arguments_and_non_finite_noise_are_refused_before_any_work(call, message):
    import tracemalloc

    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=message.replace("(", r"\(")):
            call()
        assert tracemalloc.get_traced_memory()[1] < 2**20  # refused before allocating the data
    finally:
        tracemalloc.stop()
