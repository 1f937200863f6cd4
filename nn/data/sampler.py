"""Samplers: the order in which a DataLoader visits a dataset (PyTorch's torch.utils.data samplers).

A sampler is an iterable of dataset indices; a BatchSampler groups another sampler's indices into lists.
Random samplers draw from `generator` (a NumPy Generator or an int seed; by default glassgrad's generator,
set by autograd.manual_seed), a new order each time they are iterated.
"""
from typing import Generic, TypeVar

import numpy as np

import autograd

from .seeding import as_generator

T_co = TypeVar("T_co", covariant=True)  # the type of what a sampler yields


class Sampler(Generic[T_co]):
    """Base class: subclasses define __iter__ (indices) and usually __len__. Generic, as PyTorch's:
    `class Backwards(Sampler[int])`."""

    def __iter__(self):
        raise NotImplementedError(f"{type(self).__name__} has no __iter__() method")


class SequentialSampler(Sampler[int]):
    """0, 1, …, len(data_source) − 1."""

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


def _check_generator(generator):
    return None if generator is None else as_generator(generator)


class RandomSampler(Sampler[int]):
    """A random permutation of the indices (without replacement; num_samples > len gives whole permutations
    one after another, then part of one), or num_samples indices drawn uniformly with replacement.

    Indices are drawn lazily, as PyTorch draws them: a permutation when the previous one is used up, or
    32 indices with replacement at a time, so `num_samples=10**10` costs nothing until iterated. With a
    `generator`, each iteration continues drawing from it; without one, each iteration draws one seed
    from glassgrad's generator (autograd.manual_seed makes it repeatable) and uses a generator of its
    own, so random draws elsewhere during an epoch do not change its order (as in PyTorch).
    """

    chunk = 32  # indices drawn at once with replacement

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        if not isinstance(replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got replacement={replacement}")
        self.data_source, self.replacement = data_source, replacement
        self._num_samples, self.generator = num_samples, _check_generator(generator)
        num_samples = self.num_samples
        if not isinstance(num_samples, int) or num_samples <= 0:  # True is 1, as in PyTorch (bool is an int)
            raise ValueError(f"num_samples should be a positive integer value, but got num_samples={num_samples}")

    @property
    def num_samples(self):
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self):
        n = len(self.data_source)
        if n == 0:
            raise ValueError(f"RandomSampler cannot draw {self.num_samples} samples from an empty dataset")
        rng = self.generator if self.generator is not None else np.random.default_rng(
            int(as_generator(None).integers(2**63)))
        left = int(self.num_samples)  # (True counts as 1)
        while left > 0:
            drawn = rng.integers(0, n, size=min(self.chunk, left)) if self.replacement else rng.permutation(n)
            yield from drawn[:left].tolist()
            left -= len(drawn)

    def __len__(self):
        return self.num_samples


class WeightedRandomSampler(Sampler[int]):
    """num_samples indices drawn with probability weights[i] / sum(weights), with replacement (lazily,
    32 at a time, so an endless sampler costs nothing until iterated) or without (distinct indices).

    Weights that are negative, infinite or NaN, that sum to 0, or too few positive weights to draw
    num_samples distinct indices, give a RuntimeError when iterated, as torch.multinomial's do (PyTorch,
    short of positive weights without replacement, goes on to draw zero-weight indices; glassgrad refuses).
    """

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        if not isinstance(num_samples, int) or isinstance(num_samples, bool) or num_samples <= 0:  # (as PyTorch's)
            raise ValueError(f"num_samples should be a positive integer value, but got num_samples={num_samples}")
        if not isinstance(replacement, bool):
            raise ValueError(f"replacement should be a boolean value, but got replacement={replacement}")
        weights = autograd.as_tensor(weights, dtype=autograd.float64)
        if weights.dim() != 1:
            raise ValueError(f"weights should be a 1d sequence but given weights have shape {tuple(weights.shape)}")
        self.weights, self.num_samples, self.replacement = weights, num_samples, replacement
        self.generator = _check_generator(generator)

    def __iter__(self):
        probabilities = _probabilities(self.weights.detach().numpy())
        if not self.replacement and np.count_nonzero(probabilities) < self.num_samples:
            raise RuntimeError(f"cannot draw {self.num_samples} distinct indices: only "
                               f"{np.count_nonzero(probabilities)} of the weights are positive")
        rng = self.generator if self.generator is not None else np.random.default_rng(
            int(as_generator(None).integers(2**63)))
        if not self.replacement:
            yield from rng.choice(len(probabilities), self.num_samples, replace=False, p=probabilities).tolist()
            return
        for start in range(0, self.num_samples, RandomSampler.chunk):
            size = min(RandomSampler.chunk, self.num_samples - start)
            yield from rng.choice(len(probabilities), size, p=probabilities).tolist()

    def __len__(self):
        return self.num_samples


def _probabilities(weights):
    """weights / sum(weights), refusing what torch.multinomial refuses, with its messages."""
    if np.any(np.isinf(weights)):
        raise RuntimeError("invalid multinomial distribution (encountering probability entry = infinity or NaN)")
    if np.any(~(weights >= 0)):  # NaN too
        raise RuntimeError("invalid multinomial distribution (encountering probability entry < 0)")
    total = weights.sum()
    if not total > 0:
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    return weights / total


class SubsetRandomSampler(Sampler[int]):
    """The given indices, in a random order (a new one each time)."""

    def __init__(self, indices, generator=None):
        self.indices, self.generator = indices, _check_generator(generator)

    def __iter__(self):
        order = as_generator(self.generator).permutation(len(self.indices))
        return iter([self.indices[i] for i in order])

    def __len__(self):
        return len(self.indices)


class BatchSampler(Sampler[list[int]]):
    """Lists of batch_size consecutive indices from `sampler`; the last list is shorter unless drop_last
    drops it.  list(BatchSampler(SequentialSampler(range(5)), 2, False)) == [[0, 1], [2, 3], [4]]"""

    def __init__(self, sampler, batch_size, drop_last):
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size <= 0:
            raise ValueError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")
        if not isinstance(drop_last, bool):  # PyTorch raises ValueError here, not TypeError
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")  # noqa: TRY004
        self.sampler, self.batch_size, self.drop_last = sampler, batch_size, drop_last

    def __iter__(self):
        batch = []
        for index in self.sampler:
            batch.append(index)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self):
        n = len(self.sampler)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
