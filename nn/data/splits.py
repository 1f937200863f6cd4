"""Model selection splits: a held-out test set, and k-fold cross-validation (scikit-learn's API)."""
import math

import numpy as np

from autograd import Tensor

from .seeding import as_generator


def _take(data, indices):
    """Rows `indices` of a Tensor, a NumPy array or a list, keeping its type."""
    if isinstance(data, Tensor):
        return Tensor(data.detach().numpy()[indices])
    if isinstance(data, np.ndarray):
        return data[indices]
    return [data[i] for i in indices]


def _split_sizes(n, test_size, train_size):
    """(n_train, n_test) as scikit-learn counts them: a float is a fraction (test rounded up)."""
    if test_size is None and train_size is None:
        test_size = 0.25
    sizes = {}
    for name, size in (("test_size", test_size), ("train_size", train_size)):
        if size is None:
            continue
        if isinstance(size, float) and 0 < size < 1:
            sizes[name] = math.ceil(size * n) if name == "test_size" else math.floor(size * n)
        elif isinstance(size, int) and 0 < size < n:
            sizes[name] = size
        else:
            raise ValueError(
                f"{name}={size} should be either positive and smaller than the number of samples {n} "
                f"or a float in the (0, 1) range"
            )
    n_test = sizes.get("test_size", n - sizes.get("train_size", 0))
    n_train = sizes.get("train_size", n - n_test)
    if n_train + n_test > n or n_train == 0 or n_test == 0:
        raise ValueError(f"with n_samples={n}, test_size={test_size} and train_size={train_size} "
                         f"the train set would hold {n_train} and the test set {n_test} samples")
    return n_train, n_test


def train_test_split(*arrays, test_size=None, train_size=None, random_state=None, shuffle=True):
    """Split each of `arrays` (same first dimension) into a train and a test part, with the same rows.

    Returns [a_train, a_test, b_train, b_test, ...]. test_size / train_size: a fraction or a count
    (test_size 0.25 when neither is given). Without shuffle, the test part is the last rows.
    """
    if not arrays:
        raise ValueError("At least one array required as input")
    lengths = [len(a) for a in arrays]
    if len(set(lengths)) > 1:
        raise ValueError(f"Found input variables with inconsistent numbers of samples: {lengths}")
    n = lengths[0]
    n_train, n_test = _split_sizes(n, test_size, train_size)
    if shuffle:
        order = as_generator(random_state).permutation(n)
        test, train = order[:n_test], order[n_test:n_test + n_train]
    else:
        train, test = np.arange(n_train), np.arange(n_train, n_train + n_test)
    return [part for a in arrays for part in (_take(a, train), _take(a, test))]


class KFold:
    """k-fold cross-validation: split the samples into k folds; each fold is the validation set once
    while the other k − 1 train. The first n mod k folds hold one sample more.

        >>> for train_index, val_index in KFold(5, shuffle=True, random_state=0).split(X):
        ...     fit on X[train_index], score on X[val_index]; average the k scores
    """

    def __init__(self, n_splits=5, *, shuffle=False, random_state=None):
        if isinstance(n_splits, bool) or not isinstance(n_splits, (int, np.integer)):
            raise ValueError(f"The number of folds must be of Integral type. {n_splits!r} of type "
                             f"{type(n_splits).__name__} was passed.")
        if n_splits < 2:
            raise ValueError(f"k-fold cross-validation requires at least one train/test split by setting "
                             f"n_splits=2 or more, got n_splits={n_splits}.")
        if not shuffle and random_state is not None:
            raise ValueError("Setting a random_state has no effect since shuffle is False. You should leave "
                             "random_state to its default (None), or set shuffle=True.")
        self.n_splits = int(n_splits)
        self.shuffle = shuffle
        self.random_state = random_state

    def get_n_splits(self, X=None, y=None, groups=None):
        return self.n_splits

    def split(self, X, y=None, groups=None):
        """Yield (train_index, test_index) int64 arrays, one pair per fold."""
        n = len(X)
        if self.n_splits > n:
            raise ValueError(f"Cannot have number of splits n_splits={self.n_splits} greater than the number "
                             f"of samples: n_samples={n}.")
        order = as_generator(self.random_state).permutation(n) if self.shuffle else np.arange(n)
        fold_sizes = np.full(self.n_splits, n // self.n_splits)
        fold_sizes[: n % self.n_splits] += 1
        for end, size in zip(np.cumsum(fold_sizes), fold_sizes, strict=True):
            test = order[end - size:end]
            in_train = np.ones(n, dtype=bool)
            in_train[test] = False
            yield np.flatnonzero(in_train), test
