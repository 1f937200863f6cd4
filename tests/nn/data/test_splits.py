"""train_test_split and KFold: sizes, disjointness, partitions, reproducibility, errors."""
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import autograd
from nn.data import KFold, train_test_split


@given(n=st.integers(2, 200), k=st.integers(2, 12), shuffle=st.booleans(), seed=st.integers(0, 99))
def test_kfold_test_folds_partition_the_data_and_train_is_the_rest(n, k, shuffle, seed):
    if k > n:
        with pytest.raises(ValueError, match=f"n_splits={k} greater than the number of samples: n_samples={n}"):
            next(KFold(k).split(np.zeros(n)))
        return
    folds = list(KFold(k, shuffle=shuffle, random_state=seed if shuffle else None).split(np.zeros(n)))
    assert len(folds) == k
    test_parts = np.concatenate([test for _, test in folds])
    assert sorted(test_parts.tolist()) == list(range(n))  # every sample in exactly one test fold
    assert sorted(len(test) for _, test in folds) == sorted([n // k + 1] * (n % k) + [n // k] * (k - n % k))
    for train, test in folds:
        assert len(np.intersect1d(train, test)) == 0 and len(train) + len(test) == n
    if not shuffle:
        assert test_parts.tolist() == list(range(n))


def test_kfold_shuffle_is_reproducible_from_random_state():
    X = autograd.zeros(20, 3)
    first = [test.tolist() for _, test in KFold(4, shuffle=True, random_state=0).split(X)]
    assert first == [test.tolist() for _, test in KFold(4, shuffle=True, random_state=0).split(X)]
    assert first != [test.tolist() for _, test in KFold(4, shuffle=True, random_state=1).split(X)]
    assert KFold(4).get_n_splits() == 4


def test_kfold_errors():
    with pytest.raises(ValueError, match="at least one train/test split by setting n_splits=2 or more, got n_splits=1"):
        KFold(1)
    with pytest.raises(ValueError, match="must be of Integral type"):
        KFold(2.5)
    with pytest.raises(ValueError, match="random_state has no effect since shuffle is False"):
        KFold(3, random_state=0)


@given(n=st.integers(4, 300), test_size=st.floats(0.05, 0.95), seed=st.integers(0, 99))
def test_train_test_split_sizes_and_disjointness(n, test_size, seed):
    n_test = int(np.ceil(test_size * n))
    assume(n_test < n)
    ids = np.arange(n)
    X = autograd.tensor(np.arange(2 * n, dtype=np.float32).reshape(n, 2))
    rows = list(range(n))
    ids_train, ids_test, X_train, X_test, rows_train, rows_test = train_test_split(
        ids, X, rows, test_size=test_size, random_state=seed)
    assert len(ids_test) == len(X_test) == len(rows_test) == n_test and len(ids_train) == n - n_test
    assert sorted(np.concatenate([ids_train, ids_test]).tolist()) == rows
    assert isinstance(X_train, autograd.Tensor) and isinstance(rows_train, list)
    assert np.array_equal(X_test._data[:, 0], 2 * ids_test) and rows_test == ids_test.tolist()  # same rows


def test_train_test_split_counts_without_shuffle_and_defaults():
    train, test = train_test_split(np.arange(10), test_size=3, shuffle=False)
    assert train.tolist() == list(range(7)) and test.tolist() == [7, 8, 9]
    train, test = train_test_split(np.arange(10), random_state=0)
    assert (len(train), len(test)) == (7, 3)  # test_size 0.25 rounded up
    train, test = train_test_split(np.arange(10), train_size=0.5, random_state=0)
    assert (len(train), len(test)) == (5, 5)
    first = train_test_split(np.arange(10), random_state=4)
    assert all(np.array_equal(a, b) for a, b in zip(first, train_test_split(np.arange(10), random_state=4), strict=True))


def test_train_test_split_errors():
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples: \[3, 2\]"):
        train_test_split(np.zeros(3), np.zeros(2))
    with pytest.raises(ValueError, match=r"test_size=1.5 should be either positive and smaller than the number of "
                                         r"samples 4 or a float in the \(0, 1\) range"):
        train_test_split(np.zeros(4), test_size=1.5)
    with pytest.raises(ValueError, match="the train set would hold 0 and the test set 4 samples"):
        train_test_split(np.zeros(4), test_size=0.9)
    with pytest.raises(ValueError, match="At least one array required"):
        train_test_split()
