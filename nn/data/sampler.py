"""Samplers: the order in which a DataLoader visits a dataset (PyTorch's torch.utils.data samplers).

A sampler is an iterable of dataset indices; a BatchSampler groups another sampler's indices into lists.
Random samplers draw from `generator` (a NumPy Generator or an int seed; by default glassgrad's generator,
set by autograd.manual_seed), a new order each time they are iterated.
"""
import numpy as np

from .seeding import as_generator


class Sampler:
    """Base class: subclasses define __iter__ (indices) and usually __len__."""

    def __iter__(self):
        raise NotImplementedError(f"{type(self).__name__} has no __iter__() method")


class SequentialSampler(Sampler):
    """0, 1, …, len(data_source) − 1."""

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


def _check_generator(generator):
    return None if generator is None else as_generator(generator)


class RandomSampler(Sampler):
    """A random permutation of the indices (without replacement; num_samples > len gives whole permutations
    one after another, then part of one), or num_samples indices drawn uniformly with replacement."""

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        if not isinstance(replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got replacement={replacement}")
        if num_samples is not None and (isinstance(num_samples, bool) or not isinstance(num_samples, int)
                                        or num_samples <= 0):
            raise ValueError(f"num_samples should be a positive integer value, but got num_samples={num_samples}")
        self.data_source, self.replacement = data_source, replacement
        self._num_samples, self.generator = num_samples, _check_generator(generator)

    @property
    def num_samples(self):
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self):
        n, rng = len(self.data_source), as_generator(self.generator)
        if self.replacement:
            return iter(rng.integers(0, n, size=self.num_samples).tolist())
        permutations = [rng.permutation(n) for _ in range(-(-self.num_samples // n))] if n else [np.arange(0)]
        return iter(np.concatenate(permutations)[: self.num_samples].tolist())

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given indices, in a random order (a new one each time)."""

    def __init__(self, indices, generator=None):
        self.indices, self.generator = indices, _check_generator(generator)

    def __iter__(self):
        order = as_generator(self.generator).permutation(len(self.indices))
        return iter([self.indices[i] for i in order])

    def __len__(self):
        return len(self.indices)


class BatchSampler(Sampler):
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
