"""DataLoader: iterate over a dataset in (shuffled) minibatches."""
import math

import numpy as np

from .collate import fetch_batch
from .seeding import as_generator


class DataLoader:
    """Minibatches of `dataset`, each sample once per epoch (one pass of `for batch in loader`).

    batch_size: samples per batch; the last batch is smaller unless drop_last drops it.
    shuffle: a new random order every epoch, drawn from `generator` (a NumPy Generator or an int
    seed; by default glassgrad's generator, set by autograd.manual_seed). The same seed gives the
    same sequence of epochs.
    A TensorDataset (or a Subset of one) gives each batch with one fancy index per tensor; other
    datasets are read sample by sample and stacked with `default_collate`.
    """

    def __init__(self, dataset, batch_size=1, shuffle=False, drop_last=False, generator=None):
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size <= 0:
            raise ValueError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.generator = None if generator is None else as_generator(generator)

    def __len__(self):
        """The number of batches per epoch."""
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)

    def __iter__(self):
        n = len(self.dataset)
        order = as_generator(self.generator).permutation(n) if self.shuffle else np.arange(n)
        for start in range(0, len(self) * self.batch_size, self.batch_size):
            yield fetch_batch(self.dataset, order[start:start + self.batch_size])
