"""Sixth adversarial pass (#19): datasets and collation against PyTorch 2.13."""
import numpy as np
import pytest

import autograd
import nn.data

torch = pytest.importorskip("torch")
torch_data = pytest.importorskip("torch.utils.data")


def concat(T, D):
    first = D.TensorDataset(T.arange(3), T.arange(3.0))
    return first + D.TensorDataset(T.arange(10, 12), T.arange(10.0, 12.0))


@pytest.mark.parametrize("read", ["len", "items", "negative", "cumulative", "loader", "shuffled loader", "too far",
                                  "too negative", "constructed", "empty"])
def test_concat_dataset_is_pytorchs(read):
    """Was: `a + b` of two datasets a TypeError, and nn.data had no ConcatDataset."""
    def outcome(T, D):
        dataset = concat(T, D)
        try:
            if read == "len":
                return len(dataset)
            if read == "items":
                return [[t.tolist() for t in dataset[i]] for i in range(len(dataset))]
            if read == "negative":
                return [t.tolist() for t in dataset[-5]]
            if read == "cumulative":
                return list(dataset.cumulative_sizes)
            if read == "loader":
                return [[t.tolist() for t in batch] for batch in D.DataLoader(dataset, batch_size=2)]
            if read == "shuffled loader":
                batches = D.DataLoader(dataset, batch_size=2, shuffle=True)
                return sorted(value for batch in batches for value in batch[0].tolist())
            if read == "too far":
                return dataset[5]
            if read == "too negative":
                return dataset[-6]
            if read == "constructed":
                return len(D.ConcatDataset([dataset, D.TensorDataset(T.arange(4))]))
            return D.ConcatDataset([])
        except (IndexError, ValueError, AssertionError) as error:
            return "refused" if read in ("too negative", "empty") else type(error).__name__
    assert outcome(autograd, nn.data) == outcome(torch, torch_data)


def test_concat_dataset_refuses_a_stream():  # (AssertionError: PyTorch's type, hostile12a)
    class Stream(nn.data.IterableDataset):
        def __iter__(self):
            return iter(range(3))
    with pytest.raises(AssertionError, match="IterableDataset"):
        nn.data.ConcatDataset([nn.data.TensorDataset(autograd.arange(2)), Stream()])


@pytest.mark.parametrize("batch", [[2**63, 1], [1, -2**63 - 1], [[2**63], [1]], [(2**64, 0), (1, 2)]])
def test_ints_beyond_int64_are_refused_not_made_floats(batch):
    """Was: default_collate([2**63, 1]) (and autograd.tensor([2**63, 1])) a float32 tensor: NumPy makes a
    float array of ints that int64 cannot hold; PyTorch refuses them."""
    with pytest.raises((ValueError, RuntimeError), match="Overflow"):
        torch_data.default_collate(batch)
    with pytest.raises((ValueError, RuntimeError), match="Overflow"):
        nn.data.default_collate(batch)
    with pytest.raises((ValueError, RuntimeError), match="Overflow"):
        autograd.tensor(batch)


@pytest.mark.parametrize("values", [[1.5, 2**63], [2**62, 1], [-2**63, 7], [1e30, 2], [float("inf"), 1]])
def test_lists_that_torch_makes_a_tensor_of_stay_the_same(values):
    expected = torch.tensor(values)
    got = autograd.tensor(values)
    assert str(got.dtype) == str(expected.dtype).replace("torch.", "")
    np.testing.assert_array_equal(got.numpy(), expected.numpy())


def test_get_worker_info_is_none_outside_workers_as_in_pytorch():
    """Was: an ImportError for `from torch.utils.data import get_worker_info` under install_as_torch."""
    assert torch_data.get_worker_info() is None
    assert nn.data.get_worker_info() is None
