"""Dataset, Sampler, DataLoader and their subclasses are typing.Generic exactly where PyTorch's are: typed
programs (`class Pairs(Dataset[tuple])`, `Sampler[int]`, `loader: DataLoader[tuple]`) run, and a class PyTorch
does not parameterise (TensorDataset, the concrete samplers) refuses a subscript with the same TypeError."""
import typing

import numpy as np
import pytest

import autograd
import nn.data as data

NAMES = ["Dataset", "IterableDataset", "ChainDataset", "ConcatDataset", "Subset", "TensorDataset", "DataLoader",
         "Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler",
         "BatchSampler"]


def subscripted(cls, argument):
    try:
        return typing.get_origin(cls[argument]) is cls
    except TypeError as error:
        return type(error).__name__ + (": not generic" if "is not a generic class" in str(error) else f": {error}")


@pytest.mark.parametrize("name", NAMES)
def test_subscripting_works_or_fails_as_pytorchs(name):
    torch_data = pytest.importorskip("torch.utils.data")
    ours, theirs = getattr(data, name), getattr(torch_data, name)
    for argument in (int, tuple, typing.Tuple[int, int]):
        assert subscripted(ours, argument) == subscripted(theirs, argument), argument
    assert isinstance(ours.__mro__, tuple) and (typing.Generic in ours.__mro__) == (typing.Generic in theirs.__mro__)


def test_typed_subclasses_load_the_batches_pytorch_loads():
    torch = pytest.importorskip("torch")

    def run(module):
        class Pairs(module.Dataset[tuple]):
            def __len__(self):
                return 4

            def __getitem__(self, index):
                return index, 2 * index

        class Backwards(module.Sampler[int]):
            def __init__(self, n):
                self.n = n

            def __iter__(self):
                return iter(range(self.n - 1, -1, -1))

            def __len__(self):
                return self.n

        class Stream(module.IterableDataset[int]):
            def __iter__(self):
                return iter(range(3))

        def batches(loader: module.DataLoader[tuple]):  # an annotation evaluated when the function is defined
            return [[t.tolist() for t in batch] for batch in loader]

        pairs = Pairs()
        subset = module.Subset[tuple](pairs, [1, 3])
        return (batches(module.DataLoader(pairs, sampler=Backwards(4), batch_size=2)),
                batches(module.DataLoader(subset + pairs, batch_size=3)),
                [b.tolist() for b in module.DataLoader(Stream(), batch_size=2)])

    assert run(data) == run(torch.utils.data)


def test_a_generic_dataset_still_iterates_its_tensors_with_requires_grad():
    x = autograd.tensor(np.arange(6.0).reshape(3, 2), requires_grad=True)
    ((batch,),) = data.DataLoader(data.TensorDataset(x), batch_size=3)
    assert batch.requires_grad and np.array_equal(batch.detach().numpy(), x.detach().numpy())
