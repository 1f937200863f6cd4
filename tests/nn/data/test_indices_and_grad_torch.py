"""Indices reach the dataset as they are (never converted: 1.5, "1" and True are not 1), and batches keep
requires_grad — each checked against torch.utils.data."""
import warnings

import numpy as np
import pytest

import autograd
import nn.data as ours

torch = pytest.importorskip("torch")
theirs = torch.utils.data


def plain(value):
    """A batch as nested Python values, the container type kept: comparable across the two libraries."""
    if isinstance(value, (list, tuple)):
        return type(value).__name__, [plain(v) for v in value]
    if isinstance(value, dict):
        return {key: plain(v) for key, v in value.items()}
    if isinstance(value, (torch.Tensor, autograd.Tensor)):
        return str(value.dtype).replace("torch.", ""), value.detach().numpy().tolist()
    return value


def outcome(run):
    """What running gives: its value, or the type of the error it raises."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PyTorch's deprecation warning on a list index
            return plain(run())
    except Exception as error:  # noqa: BLE001 - any error is an outcome to compare
        return type(error)


def dataset(lib, tensors):
    return lib.TensorDataset(tensors.arange(5), tensors.arange(5) * 10)


WAYS = {
    "dataset[i]": lambda lib, tensors, i: dataset(lib, tensors)[i],
    "Subset(dataset, [i])[0]": lambda lib, tensors, i: lib.Subset(dataset(lib, tensors), [i])[0],
    "Subset(dataset, [0, 1, 2])[i]": lambda lib, tensors, i: lib.Subset(dataset(lib, tensors), [0, 1, 2])[i],
    "sampler": lambda lib, tensors, i: list(lib.DataLoader(dataset(lib, tensors), 2, sampler=[0, i])),
    "batch_sampler": lambda lib, tensors, i: list(lib.DataLoader(dataset(lib, tensors), batch_sampler=[[i, 0]])),
    "unbatched": lambda lib, tensors, i: list(lib.DataLoader(dataset(lib, tensors), None, sampler=[i])),
    "Subset in a loader": lambda lib, tensors, i: list(lib.DataLoader(lib.Subset(dataset(lib, tensors), [3, i]), 2)),
    "random_split part": lambda lib, tensors, i: lib.random_split(dataset(lib, tensors), [4, 1])[0][i][0].shape,
}

INDICES = {  # name: (a function of the tensor library giving the index)
    "float": lambda tensors: 1.5, "whole float": lambda tensors: 1.0, "numpy float": lambda tensors: np.float64(1.0),
    "string": lambda tensors: "1", "True": lambda tensors: True, "False": lambda tensors: False,
    "numpy int64": lambda tensors: np.int64(1), "numpy int32": lambda tensors: np.int32(2),
    "numpy uint8": lambda tensors: np.uint8(3), "negative": lambda tensors: -1, "too large": lambda tensors: 5,
    "too negative": lambda tensors: -6, "0-d int tensor": lambda tensors: tensors.tensor(1),
    "0-d float tensor": lambda tensors: tensors.tensor(1.5), "0-d bool tensor": lambda tensors: tensors.tensor(True),
    "numpy bool": lambda tensors: np.bool_(True), "None": lambda tensors: None, "0-d array": lambda tensors: np.array(1), "list": lambda tensors: [1, 2],
}
ERROR_TYPES = (IndexError, TypeError)  # glassgrad's indexing may name a bad index's type with either


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("index", INDICES)
def test_an_index_gets_pytorchs_answer(way, index):
    mine = outcome(lambda: WAYS[way](ours, autograd, INDICES[index](autograd)))
    expected = outcome(lambda: WAYS[way](theirs, torch, INDICES[index](torch)))
    if isinstance(expected, type):
        assert mine is expected or (isinstance(mine, type) and issubclass(mine, ERROR_TYPES)
                                    and issubclass(expected, ERROR_TYPES)), \
            f"{index} via {way}: glassgrad gives {mine}, PyTorch {expected}"
    else:  # (a 0-d bool tensor as a list index is 0 or 1 in both: operator.index)
        assert mine == expected


@pytest.mark.parametrize("index", [1.5, "1", True, np.float32(2.0), autograd.tensor(1.5)])
def test_the_examples_of_the_defect_are_refused(index):
    data = ours.TensorDataset(autograd.arange(5))
    for run in (lambda: list(ours.DataLoader(data, 2, sampler=[0, index])),
                lambda: list(ours.DataLoader(ours.Subset(data, [index, 0]), 2)),
                lambda: list(ours.DataLoader(data, batch_sampler=[[index]]))):
        result = outcome(run)
        if index is True:  # PyTorch indexes with True as a mask of one dimension: the whole tensor, not sample 1
            assert result == ("list", [("list", [("int64", [[[0, 1, 2, 3, 4]]])])]) or isinstance(result, type)
        else:
            assert isinstance(result, type) and issubclass(result, ERROR_TYPES)


def test_a_batch_of_a_tensor_that_requires_grad_requires_grad_and_gradients_flow_back():
    weights = np.arange(12, dtype=np.float32).reshape(6, 2)
    mine, expected = autograd.tensor(weights, requires_grad=True), torch.tensor(weights, requires_grad=True)
    labels = np.arange(6)
    for lib, tensors, source in ((ours, autograd, mine), (theirs, torch, expected)):
        for options in (dict(batch_size=4, sampler=[5, 0, 5, 2, 1]), dict(batch_size=None, sampler=[3]),
                        dict(batch_size=2, collate_fn=lib.default_collate)):
            for features, target in lib.DataLoader(lib.TensorDataset(source, tensors.tensor(labels)), **options):
                assert features.requires_grad and not target.requires_grad
                (features * (target + 1).reshape(-1, *[1] * (features.dim() - 1))).sum().backward()
        subset = lib.Subset(lib.TensorDataset(source), [4, 2])
        (batch,) = next(iter(lib.DataLoader(subset, 2)))
        assert batch.requires_grad
        batch.pow(2).sum().backward()
    np.testing.assert_allclose(mine.grad.numpy(), expected.grad.numpy())


def test_a_batch_of_a_tensor_without_grad_is_a_copy_without_grad():
    source = autograd.arange(6.0)
    (batch,) = next(iter(ours.DataLoader(ours.TensorDataset(source), 3)))
    assert not batch.requires_grad and batch.is_leaf
    with autograd.no_grad():
        batch.fill_(-1)
    assert source.numpy().min() == 0


def test_index_arrays_from_a_batch_sampler_are_never_wrapped_around():
    data = ours.TensorDataset(autograd.arange(5))
    assert [batch[0].tolist() for batch in ours.DataLoader(data, batch_sampler=[np.array([4, -1], np.int32),
                                                                                np.array([2], np.uint8)])] \
        == [[4, 4], [2]]
    with pytest.raises(ValueError, match="Overflow"):  # not -1, the last sample: PyTorch's error
        list(ours.DataLoader(data, batch_sampler=[np.array([2**64 - 1], np.uint64)]))
    with pytest.raises(ValueError, match="Overflow"):
        list(ours.DataLoader(data, sampler=[2**64 - 1], batch_size=1))
