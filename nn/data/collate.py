"""Turning samples into a batch: stack what can be stacked, once per batch."""
from collections.abc import Mapping

import numpy as np

from autograd import Tensor


def default_collate(samples):
    """Stack a list of samples into one batch, as PyTorch's default_collate does.

    Tensors and arrays are stacked along a new first axis; Python floats give a float64 tensor,
    ints an int64 tensor; tuples and lists of fields give a list of batched fields; dicts a dict;
    strings stay a list.
    """
    first = samples[0]
    if isinstance(first, Tensor):
        return Tensor(np.stack([sample._data for sample in samples]))
    if isinstance(first, (np.ndarray, np.generic, int, float)):
        return Tensor(np.stack(samples) if isinstance(first, np.ndarray) else np.array(samples))
    if isinstance(first, str):
        return list(samples)
    if isinstance(first, Mapping):
        return {key: default_collate([sample[key] for sample in samples]) for key in first}
    if isinstance(first, (tuple, list)):
        if any(len(sample) != len(first) for sample in samples):
            raise RuntimeError("each element in list of batch should be of equal size")
        return [default_collate(list(field)) for field in zip(*samples)]
    raise TypeError(
        f"default_collate: samples must be tensors, NumPy arrays, numbers, strings, dicts or lists; "
        f"found {type(first).__name__}"
    )


def fetch_batch(dataset, indices):
    """The batch of `dataset` at `indices` (an int array): in one step when the dataset knows how
    (`get_batch`, as TensorDataset does with a single fancy index), else sample by sample, collated."""
    if hasattr(dataset, "get_batch"):
        return dataset.get_batch(indices)
    return default_collate([dataset[int(i)] for i in indices])
