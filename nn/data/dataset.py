"""Datasets: indexable collections of samples, and random splits of them."""
import math

import numpy as np

import autograd
from autograd import Tensor

from .collate import fetch_batch
from .seeding import as_generator


class Dataset:
    """A map from an index 0 … len − 1 to a sample. Subclasses implement __getitem__ and __len__."""

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__")

    def __len__(self):
        raise NotImplementedError(f"{type(self).__name__} must implement __len__")


class TensorDataset(Dataset):
    """Samples are the rows of tensors with the same first dimension: dataset[i] = (X[i], y[i], ...).

    A batch is taken from each tensor with one fancy index (`get_batch`), never sample by sample.
    """

    def __init__(self, *tensors):
        self.tensors = tuple(t if isinstance(t, Tensor) else autograd.tensor(t) for t in tensors)
        sizes = [len(t) for t in self.tensors]
        if len(set(sizes)) > 1:
            raise ValueError(f"Size mismatch between tensors: first dimensions are {sizes}")

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return len(self.tensors[0])

    def get_batch(self, indices):
        """[X[indices], y[indices], ...] as new tensors."""
        return [Tensor(t._data[indices]) for t in self.tensors]


class Subset(Dataset):
    """The samples of `dataset` at `indices`, in that order."""

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = np.asarray(indices, dtype=np.int64)

    def __getitem__(self, index):
        return self.dataset[int(self.indices[index])]

    def __len__(self):
        return len(self.indices)

    def get_batch(self, indices):
        return fetch_batch(self.dataset, self.indices[indices])


def random_split(dataset, lengths, generator=None):
    """Split a dataset into non-overlapping random subsets of the given lengths.

    lengths: sample counts summing to len(dataset), or fractions summing to 1 (each count is then
    ⌊fraction · n⌋, and the samples left over go one each to the first subsets, as in PyTorch).
    """
    n = len(dataset)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= n:
        for i, fraction in enumerate(lengths):
            if not 0 <= fraction <= 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
        counts = [math.floor(n * fraction) for fraction in lengths]
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
        lengths = counts
    if sum(lengths) != n:
        raise ValueError(
            f"Sum of input lengths does not equal the length of the input dataset! ({sum(lengths)} vs {n})"
        )
    order = as_generator(generator).permutation(n)
    ends = np.cumsum(lengths)
    return [Subset(dataset, order[end - length:end]) for length, end in zip(lengths, ends)]
