"""The twenty-seventh round's data findings (hostile27e U1 and an error type), against torch.utils.data: samples that
are sequences whose own type cannot hold the batched fields (a bytearray, an array.array) collate to a list of them,
as PyTorch's rule (rebuild the sample's type, fall back to a list on TypeError) gives, where glassgrad failed inside
the copy with a message about tensor indices; and a string index into a TensorDataset is PyTorch's TypeError."""
import array
import collections

import numpy as np
import pytest

import autograd
import nn.data as ours

from .batches import outcome

torch = pytest.importorskip("torch")
theirs = torch.utils.data


class Idx:
    def __init__(self, i):
        self.i = i

    def __index__(self):
        return self.i


class RefusingList(collections.UserList):
    """A mutable sequence that takes no item (its copy cannot hold the batched fields)."""

    def __setitem__(self, i, value):
        raise TypeError("this list is read-only")


class NoTensorsDict(collections.UserDict):
    """A mutable mapping that refuses tensor values."""

    def __setitem__(self, key, value):
        if isinstance(value, (torch.Tensor, autograd.Tensor)):
            raise TypeError("no tensors here")
        super().__setitem__(key, value)


BATCHES = {  # name: the samples
    "bytearrays": [bytearray(b"ab"), bytearray(b"cd")],
    "one bytearray": [bytearray(b"ab")],
    "int arrays": [array.array("i", [1, 2]), array.array("i", [3, 4])],
    "one int array": [array.array("i", [1, 2])],
    "double arrays": [array.array("d", [1.0, 2.0]), array.array("d", [3.0, 4.0])],
    "one double array": [array.array("d", [1.5, 2.5])],
    "empty bytearrays": [bytearray(), bytearray()],
    "bytearrays of unequal length": [bytearray(b"ab"), bytearray(b"c")],
    "a bytearray then a list": [bytearray(b"ab"), [1, 2]],
    "bytearrays in tuples": [(bytearray(b"ab"), 1), (bytearray(b"cd"), 2)],
    "bytearrays in dicts": [{"x": bytearray(b"ab")}, {"x": bytearray(b"cd")}],
    "deques": [collections.deque([1, 2]), collections.deque([3, 4])],
    "memoryviews": [memoryview(b"ab"), memoryview(b"cd")],
    "refusing lists": [RefusingList([1, 2]), RefusingList([3, 4])],
    "dicts refusing tensors": [NoTensorsDict(a=1), NoTensorsDict(a=2)],
}


def opened(run):
    """outcome(run), a deque shown as ("deque", its items) (batches.plain compares lists and tuples only)."""
    def run_opened():
        value = run()
        return ("deque", list(value)) if isinstance(value, collections.deque) else value

    return outcome(run_opened)


@pytest.mark.parametrize("name", BATCHES)
def test_default_collate_of_sequences_that_cannot_hold_tensors(name):
    assert opened(lambda: ours.default_collate(BATCHES[name])) == opened(lambda: theirs.default_collate(BATCHES[name]))


@pytest.mark.parametrize("name", ["bytearrays", "int arrays", "double arrays", "bytearrays in tuples"])
def test_a_loader_over_such_samples(name):
    samples = BATCHES[name] * 2
    assert outcome(lambda: list(ours.DataLoader(samples, batch_size=3))) == \
        outcome(lambda: list(theirs.DataLoader(samples, batch_size=3)))


SAMPLES = {
    "bytearray": bytearray(b"ab"), "int array": array.array("i", [1, 2]), "double array": array.array("d", [1.0]),
    "refusing list of numpy ints": RefusingList([np.int64(1), 2]), "deque of numpy ints": collections.deque([np.int32(3)]),
}


@pytest.mark.parametrize("name", SAMPLES)
def test_default_convert_of_such_samples(name):
    assert opened(lambda: ours.default_convert(SAMPLES[name])) == opened(lambda: theirs.default_convert(SAMPLES[name]))


def tensor_dataset(lib):
    return (ours if lib is autograd else theirs).TensorDataset(lib.arange(6.0).reshape(3, 2), lib.arange(3))


INDEXES = {  # name: how the dataset is read
    "a string": lambda d, lib: d["1"],
    "bytes": lambda d, lib: d[b"1"],
    "a list of strings": lambda d, lib: d[["1", "0"]],
    "a float": lambda d, lib: d[1.5],
    "an __index__ object": lambda d, lib: d[Idx(2)],
    "a loader with a string sampler": lambda d, lib: list(loader(lib)(d, sampler=["1"])),
    "a loader batching a string sampler": lambda d, lib: list(loader(lib)(d, sampler=["1", "0"], batch_size=2)),
    "a loader with a string batch": lambda d, lib: list(loader(lib)(d, batch_sampler=[["1"]])),
    "a loader with __index__ objects": lambda d, lib: list(loader(lib)(d, sampler=[Idx(1), Idx(2)], batch_size=2)),
}


def loader(lib):
    return ours.DataLoader if lib is autograd else theirs.DataLoader


@pytest.mark.parametrize("name", INDEXES)
def test_tensor_dataset_reads_odd_indices_as_pytorch(name):
    assert outcome(lambda: INDEXES[name](tensor_dataset(autograd), autograd)) == \
        outcome(lambda: INDEXES[name](tensor_dataset(torch), torch))


def test_a_string_index_says_what_is_wrong():
    with pytest.raises(TypeError, match="a str cannot index a tensor"):
        tensor_dataset(autograd)["1"]


@pytest.mark.parametrize("lengths", ["[np.uint64(3), 7]", "[torch.tensor([3]), 7]", "[np.int32(2), np.int64(8)]",
                                     "[np.float32(0.5), 0.5]", "[torch.tensor(0.25), 0.75]",
                                     "torch.tensor([0.3, 0.7])", "[np.float32(0.3), np.float32(0.7)]",
                                     "torch.tensor([0.8, 0.2])", "torch.tensor([0.6, 0.4], dtype=torch.float16)",
                                     "np.array([0.9, 0.1], np.float32)", "[0.35, 0.65]"])
def test_random_split_reads_numpy_and_tensor_lengths_as_pytorch(lengths):
    """(hostile28e U2: np.uint64 or one-element tensor lengths failed inside, "slice indices must be integers";
    hostile29c S1: float32 fractions are multiplied in float32, as PyTorch's: 6 · 0.7 is 4.2, 10 · 0.7 is 7)"""
    def sizes(lib, data):
        parts = data.random_split(range(10), eval(lengths, {"np": np, "torch": lib}))
        return sorted(len(part) for part in parts)

    assert sizes(autograd, ours) == sizes(torch, torch.utils.data)


@pytest.mark.parametrize("batches", ["[iter([1, 2]), map(int, [0, 5])]", "[{5, 0}]", "[(i for i in (3, 1))]",
                                     "[{4: 0, 2: 0}.keys()]"])
def test_a_batch_samplers_batch_may_be_any_iterable(batches):
    """(hostile31c C1: an iterator, generator, set or dict view as a batch failed inside over a TensorDataset)"""
    def batches_of(lib, data):
        dataset = data.TensorDataset(lib.arange(12.0).view(6, 2), lib.arange(6))
        subset = data.Subset(dataset, [5, 4, 3, 2, 1, 0])
        return [[b[1].tolist() for b in data.DataLoader(d, batch_sampler=eval(batches))] for d in (dataset, subset)]

    assert batches_of(autograd, ours) == batches_of(torch, torch.utils.data)
