"""Turning samples into a batch, by PyTorch's default_collate rules."""
import collections.abc
import copy

import numpy as np

import autograd
from autograd import Tensor

NUMERIC_KINDS = "biufc"  # the NumPy dtype kinds a tensor can hold: bool, int, uint, float, complex
UNSUPPORTED = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"


def default_collate(batch):
    """A list of samples as one batch, by PyTorch's rules, decided by the first sample's type:

    tensors are stacked along a new first dimension (autograd.stack: gradients flow back to them);
    NumPy arrays and scalars become tensors of their dtype, then stacked; Python floats a float64
    tensor, ints an int64 tensor (float32 if a float follows, as torch.tensor infers), bools a bool
    tensor; strings and bytes stay as given; a dict (or any mapping) gives the same kind of mapping of
    batched values; a namedtuple the same namedtuple; a tuple of fields a list of batched fields; a list
    (or other sequence) the same kind of sequence. Other samples (None, sets, objects) are refused.
    """
    if len(batch) == 0:  # PyTorch's error type, with a message
        raise IndexError("default_collate: the batch is empty; there is no sample to collate")
    elem = batch[0]
    if isinstance(elem, Tensor):
        return _stack(batch)
    if isinstance(elem, np.ndarray):
        if elem.dtype.kind not in NUMERIC_KINDS:
            raise TypeError(UNSUPPORTED.format(elem.dtype))
        return _stack([_array_tensor(sample, i) for i, sample in enumerate(batch)])
    if isinstance(elem, (np.bool_, np.number)):
        return _scalars_tensor(batch)
    if isinstance(elem, float):
        return autograd.tensor(list(batch), dtype=autograd.float64)
    if isinstance(elem, int):  # bool too: all bools give a bool tensor, as torch.tensor infers
        return autograd.tensor(list(batch))
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        return _collate_mapping(elem, batch)
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # a namedtuple
        return type(elem)(*(default_collate(field) for field in zip(*batch, strict=True)))
    if isinstance(elem, collections.abc.Sequence):
        return _collate_sequence(elem, batch)
    raise TypeError(UNSUPPORTED.format(type(elem)))


def _stack(tensors):
    """torch.stack(tensors): every element a tensor of the first one's shape."""
    for i, tensor in enumerate(tensors):
        if not isinstance(tensor, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(tensor).__name__}")
        if tensor.shape != tensors[0].shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(tensors[0].shape)} "
                               f"at entry 0 and {list(tensor.shape)} at entry {i}")
    return autograd.stack(list(tensors))


def _array_tensor(sample, i):
    """torch.as_tensor of one array sample (a tensor sample stays itself)."""
    if isinstance(sample, Tensor):
        return sample
    if not isinstance(sample, np.ndarray) or sample.dtype.kind not in NUMERIC_KINDS:
        raise TypeError(f"default_collate: element 0 of the batch is a NumPy array, but element {i} is "
                        f"{type(sample).__name__} {getattr(sample, 'dtype', '')}".rstrip())
    return autograd.tensor(sample)


def _scalars_tensor(scalars):
    """torch.as_tensor of a list of NumPy scalars (and whatever follows them), as PyTorch collates them: the
    dtype torch.tensor infers for the list (int64 and a Python float give float32, float16 and int64 float16)."""
    return autograd.as_tensor(list(scalars))


def _collate_mapping(elem, batch):
    """The first sample's kind of mapping, each key's values batched (a key missing from a sample: KeyError)."""
    return _like_mapping(elem, {key: default_collate([sample[key] for sample in batch]) for key in elem})


def _collate_sequence(elem, batch):
    """Samples that are sequences of fields: each field batched; a tuple gives a list, a list a list,
    another sequence its own type where it can be built from a list."""
    if any(len(sample) != len(elem) for sample in batch):
        raise RuntimeError("each element in list of batch should be of equal size")
    fields = [default_collate(field) for field in zip(*batch, strict=True)]
    return fields if isinstance(elem, tuple) else _like_sequence(elem, fields)


def _like_mapping(elem, values):
    """A mapping of elem's kind holding `values` (a dict): a copy of elem updated where it is mutable
    (a defaultdict keeps its default), else elem's type built from the dict; where either raises TypeError,
    the dict (PyTorch's rule)."""
    try:
        if isinstance(elem, collections.abc.MutableMapping):
            clone = copy.copy(elem)
            clone.update(values)
            return clone
        return type(elem)(values)
    except TypeError:
        return values


def _like_sequence(elem, items):
    """A sequence of elem's kind holding `items` (a list), as _like_mapping does for mappings: where the copy
    cannot hold them (a bytearray or an array.array given tensors of several elements: TypeError) or the type
    cannot be built from a list (a range), the list, as PyTorch does."""
    try:
        if isinstance(elem, collections.abc.MutableSequence):
            clone = copy.copy(elem)
            for i, item in enumerate(items):
                clone[i] = item
            return clone
        return type(elem)(items)
    except TypeError:
        return items


def default_convert(data):
    """A sample as the DataLoader gives it when batching is off (PyTorch's default_convert): arrays and
    scalars of a type the `numpy` module itself defines become tensors (sharing memory where they can;
    arrays of strings, bytes or objects and NumPy strings stay as given, other kinds torch.as_tensor
    refuses, such as datetime64: TypeError); mappings, namedtuples and sequences are converted inside (a tuple
    becomes a list, as in PyTorch); the rest is unchanged, ndarray subclasses from elsewhere included (a
    numpy.ma masked array keeps its mask)."""
    if isinstance(data, Tensor):
        return data
    if type(data).__module__ == "numpy" and type(data).__name__ not in ("str_", "string_"):
        if isinstance(data, np.ndarray) and data.dtype.kind in "SUO":  # (PyTorch's [SaUO] on the dtype's str)
            return data
        return autograd.as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        return _like_mapping(data, {key: default_convert(value) for key, value in data.items()})
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(field) for field in data))
    if isinstance(data, tuple):
        return [default_convert(field) for field in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        return _like_sequence(data, [default_convert(field) for field in data])
    return data


def fetch_samples(dataset, indices):
    """The list of samples at `indices`: dataset.__getitems__(indices) when the dataset has one (a dataset that
    reads a whole batch at once, as PyTorch ≥ 2.1's DataLoader asks it to), else [dataset[i] for i in indices]."""
    if callable(getattr(dataset, "__getitems__", None)):
        return dataset.__getitems__(indices)
    return [dataset[index] for index in indices]


def all_integers(indices):
    """True when every index is a Python or NumPy integer (never a bool, a float or a tensor) that int64
    holds (a uint64 array is not converted: 2**64 - 1 would become -1)."""
    if isinstance(indices, np.ndarray):
        return indices.dtype.kind == "i" or (indices.dtype.kind == "u" and indices.dtype.itemsize < 8)
    return all(isinstance(i, (int, np.integer)) and not isinstance(i, bool) for i in indices)
