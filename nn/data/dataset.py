"""Datasets: indexable collections of samples, and random splits of them."""
import bisect
import math
import operator
import warnings
from typing import Generic, Iterable, TypeVar

import numpy as np

import autograd
from autograd import Tensor

from .collate import all_integers, default_collate, fetch_samples
from .seeding import as_generator

T_co = TypeVar("T_co", covariant=True)  # the type of a sample


class Dataset(Generic[T_co]):
    """A map from an index 0 … len − 1 to a sample. Subclasses implement __getitem__ and __len__ (as in
    PyTorch, the base class has no __len__: len() of a dataset without one is Python's TypeError). Generic, as
    PyTorch's: `class Pairs(Dataset[tuple])` names the type of its samples."""

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset[T_co], Iterable[T_co]):
    """A stream of samples: subclasses implement __iter__ (and __len__ only if they know their length).

    A DataLoader reads it in order, batch_size samples at a time; it takes no sampler and no shuffle
    (the stream decides the order), as in PyTorch. `a + b` chains two streams (ChainDataset)."""

    def __add__(self, other):
        return ChainDataset([self, other])


class ChainDataset(IterableDataset):
    """The samples of several IterableDatasets, one stream after another; its length is the sum of theirs."""

    def __init__(self, datasets):
        self.datasets = datasets

    def __iter__(self):
        for dataset in self.datasets:
            _check_iterable(dataset)
            yield from dataset

    def __len__(self):
        for dataset in self.datasets:
            _check_iterable(dataset)
        return sum(len(dataset) for dataset in self.datasets)


def _check_iterable(dataset):
    """PyTorch's check (an assertion there, with this type) that ChainDataset chains only streams."""
    if not isinstance(dataset, IterableDataset):
        raise AssertionError(f"ChainDataset only supports IterableDataset, got {type(dataset).__name__}")


class ConcatDataset(Dataset[T_co]):
    """The samples of several datasets one after another: `a + b`. Index i past len(a) reads b[i − len(a)];
    cumulative_sizes holds the running totals of the lengths, as in PyTorch."""

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if not self.datasets:  # (PyTorch's checks are assertions: its error type)
            raise AssertionError("ConcatDataset: datasets should not be an empty iterable")
        for dataset in self.datasets:
            if isinstance(dataset, IterableDataset):
                raise AssertionError("ConcatDataset does not support IterableDataset (use ChainDataset, or a + b)")
        self.cumulative_sizes = np.cumsum([len(dataset) for dataset in self.datasets]).tolist()

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, index):
        """The sample at `index`; a one-element integer tensor or array picks the dataset by its value and is
        handed on as it is, as PyTorch's (TensorDataset's x[tensor([1])] keeps a dimension of 1)."""
        position = operator.index(index) if isinstance(index, (Tensor, np.ndarray)) else index
        if isinstance(position, bool) or not isinstance(position, (int, np.integer)):
            raise TypeError(f"ConcatDataset indices must be integers, got {type(index).__name__}")
        if position < 0:
            if -position > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            position, index = position + len(self), index + len(self)
        which = bisect.bisect_right(self.cumulative_sizes, position)
        if which == len(self.datasets):
            raise IndexError(f"index {position} is out of range for a ConcatDataset of {len(self)} samples")
        return self.datasets[which][index if which == 0 else index - self.cumulative_sizes[which - 1]]


class TensorDataset(Dataset[tuple[Tensor, ...]]):
    """Samples are the rows of tensors with the same first dimension: dataset[i] = (X[i], y[i], ...).

    A DataLoader takes a batch from each tensor with one fancy index (`fetch_batch`), unless a subclass
    changes how items are read (its own __getitem__ or __getitems__: then sample by sample, as in PyTorch).
    """

    def __init__(self, *tensors):
        self.tensors = tuple(t if isinstance(t, Tensor) else autograd.tensor(t) for t in tensors)
        if any(t.ndim == 0 for t in self.tensors):  # (PyTorch's types here and below)
            raise IndexError("TensorDataset: a 0-d tensor has no first dimension to take samples from")
        sizes = [len(t) for t in self.tensors]
        if len(set(sizes)) > 1:
            raise AssertionError(f"Size mismatch between tensors: first dimensions are {sizes}")

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return len(self.tensors[0])


class Subset(Dataset[T_co]):
    """The samples of `dataset` at `indices` (a sequence, kept as given), in that order:
    subset[i] is dataset[indices[i]], and subset[[i, j]] is dataset[[indices[i], indices[j]]], as in PyTorch.
    Indices are never converted: a float, string or bool gets the answer the dataset gives it."""

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = indices
        if type(self).__getitem__ is not Subset.__getitem__ and type(self).__getitems__ is Subset.__getitems__:
            raise NotImplementedError(  # PyTorch's check: the DataLoader reads a Subset through __getitems__
                f"{type(self).__name__} overrides __getitem__ but not __getitems__. When subclassing Subset and "
                "overriding __getitem__, you must also override __getitems__ to ensure DataLoader works correctly "
                "with your custom logic. A simple implementation:\n\ndef __getitems__(self, indices):\n"
                "    return [self.__getitem__(idx) for idx in indices]")

    def __getitem__(self, index):
        if isinstance(index, list):
            return self.dataset[[self.indices[i] for i in index]]
        return self.dataset[self.indices[index]]

    def __len__(self):
        return len(self.indices)

    def __getitems__(self, indices):
        """The samples at `indices`, through the dataset's own __getitems__ when it has one (as PyTorch's)."""
        return fetch_samples(self.dataset, [self.indices[i] for i in indices])


def fetch_batch(dataset, indices):
    """The batch of `dataset` at `indices` with the default collate_fn, as PyTorch's DataLoader makes it:
    default_collate of the samples. Where the items are glassgrad's own TensorDataset rows (through any
    chain of plain Subsets) and every index is a plain integer, the same batch comes in one step:
    [X[indices], y[indices], ...], new tensors that keep `requires_grad`. Any other index (a float, a
    string, a bool, a tensor, a list) is passed to dataset[index] as it is, never converted."""
    if not isinstance(indices, (list, tuple, range, np.ndarray, Tensor)):  # (an iterator, a generator, a set, a dict
        indices = list(indices)  # view: the batch in the order they give, as PyTorch's DataLoader iterates it)
    while _reads_items_as(dataset, Subset) and len(indices) and all_integers(indices):
        dataset, indices = dataset.dataset, [dataset.indices[i] for i in indices]
    if _reads_items_as(dataset, TensorDataset) and len(indices) and all_integers(indices):
        try:
            rows = np.asarray(indices, dtype=np.int64)
        except OverflowError:  # (PyTorch's error for an index beyond int64)
            raise ValueError("Overflow when unpacking long long: a sample index is beyond int64") from None
        return [t[rows] for t in dataset.tensors]
    return default_collate(fetch_samples(dataset, indices))


def _reads_items_as(dataset, base):
    """Whether `dataset` (a `base` or a subclass of it) reads its items with `base`'s own __getitem__ and
    __getitems__: a subclass that overrides either (a transform, say) must be read through them."""
    kind = type(dataset)
    return (isinstance(dataset, base) and kind.__getitem__ is base.__getitem__
            and getattr(kind, "__getitems__", None) is getattr(base, "__getitems__", None)
            and "__getitems__" not in getattr(dataset, "__dict__", {}))


def _count(length):
    """A length that is an integer of any kind (a NumPy integer, a one-element integer tensor) as a Python int, as
    PyTorch reads it; a fraction as it is (a float32 one is multiplied in float32, as PyTorch's: 10 · 0.7 is 7)."""
    if isinstance(length, np.integer) or isinstance(length, Tensor) and length.dtype.kind in "iu":
        return int(length)
    return length


def random_split(dataset, lengths, generator=None):
    """Split a dataset into non-overlapping random subsets of the given lengths.

    lengths: sample counts summing to len(dataset), or fractions summing to 1 (each count is then
    ⌊fraction · n⌋, and the samples left over go one each to the first subsets, as in PyTorch). As PyTorch's,
    lengths are read as fractions when their sum is close to 1 and at most 1 (fractions normalised in floating
    point that sum to 1.0000000000000002 are refused), and a split of 0 samples is warned about.
    """
    lengths = [_count(length) for length in lengths]
    n, total = len(dataset), sum(lengths)
    if math.isclose(total, 1) and total <= 1:
        for i, fraction in enumerate(lengths):
            if not 0 <= fraction <= 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
        counts = [math.floor(n * fraction) for fraction in lengths]
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
        lengths = counts
        for i, length in enumerate(lengths):
            if length == 0:
                warnings.warn(f"Length of split at index {i} is 0. This might result in an empty dataset.",
                              stacklevel=2)
    if sum(lengths) != n:
        hint = (f" (fractions must sum to at most 1; these sum to {total!r})" if math.isclose(total, 1)
                else f" ({total} vs {n})")
        raise ValueError(f"Sum of input lengths does not equal the length of the input dataset!{hint}")
    order = as_generator(generator).permutation(n)
    ends = np.cumsum(lengths)
    return [Subset(dataset, order[end - length:end].tolist()) for length, end in zip(lengths, ends, strict=True)]
