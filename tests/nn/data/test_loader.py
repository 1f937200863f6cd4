"""DataLoader, TensorDataset, Subset, random_split and default_collate."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from nn.data import DataLoader, Dataset, TensorDataset, default_collate, random_split


def indexed_dataset(n):
    """Sample i is (i, a 2×3 block filled with i): every batch says which samples it holds."""
    ids = autograd.arange(n)
    blocks = autograd.tensor(np.repeat(np.arange(n, dtype=np.float32), 6).reshape(n, 2, 3))
    return TensorDataset(ids, blocks)


class SquaresDataset(Dataset):
    """A plain map-style dataset, read sample by sample: (array, int, dict)."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return np.array([i, i * i], dtype=np.float32), i, {"half": i / 2}


@given(n=st.integers(1, 60), batch_size=st.integers(1, 20), shuffle=st.booleans(), drop_last=st.booleans(),
       seed=st.integers(0, 2**32 - 1))
def test_every_sample_once_per_epoch_with_the_right_batch_shapes(n, batch_size, shuffle, drop_last, seed):
    loader = DataLoader(indexed_dataset(n), batch_size, shuffle=shuffle, drop_last=drop_last, generator=seed)
    for _ in range(2):  # two epochs
        batches = list(loader)
        assert len(batches) == len(loader) == (n // batch_size if drop_last else -(-n // batch_size))
        seen = np.concatenate([ids._data for ids, _ in batches]) if batches else np.array([], dtype=np.int64)
        for ids, blocks in batches:
            assert ids.dtype == np.int64 and blocks.dtype == np.float32
            assert blocks.shape == (len(ids), 2, 3) and np.all(blocks._data == ids._data[:, None, None])
            assert len(ids) == batch_size or (not drop_last and ids is batches[-1][0])
        if drop_last:
            assert len(seen) == n - n % batch_size and len(set(seen.tolist())) == len(seen)
        else:
            assert sorted(seen.tolist()) == list(range(n))
        if not shuffle:
            assert seen.tolist() == list(range(len(seen)))


def epochs(loader, count=3):
    return [np.concatenate([ids._data for ids, _ in loader]).tolist() for _ in range(count)]


def test_shuffling_is_reproducible_from_a_seed_and_differs_between_epochs():
    dataset = indexed_dataset(50)
    first = epochs(DataLoader(dataset, 8, shuffle=True, generator=np.random.default_rng(7)))
    again = epochs(DataLoader(dataset, 8, shuffle=True, generator=7))
    other = epochs(DataLoader(dataset, 8, shuffle=True, generator=8))
    assert first == again and first != other
    assert first[0] != first[1]  # a new order every epoch


def test_default_generator_follows_manual_seed():
    dataset = indexed_dataset(30)
    autograd.manual_seed(3)
    first = epochs(DataLoader(dataset, 4, shuffle=True))
    autograd.manual_seed(3)
    assert epochs(DataLoader(dataset, 4, shuffle=True)) == first


def test_a_generic_dataset_is_collated_by_stacking():
    loader = DataLoader(SquaresDataset(5), batch_size=2)
    features, ids, extras = next(iter(loader))
    assert np.array_equal(features._data, [[0, 0], [1, 1]]) and features.dtype == np.float32
    assert ids.dtype == np.int64 and ids.tolist() == [0, 1]
    assert extras["half"].dtype == np.float64 and extras["half"].tolist() == [0.0, 0.5]
    assert [len(batch[1]) for batch in loader] == [2, 2, 1]


def test_default_collate_of_tensors_and_its_errors():
    batch = default_collate([autograd.tensor([1.0, 2.0]), autograd.tensor([3.0, 4.0])])
    assert batch.shape == (2, 2)
    assert default_collate(["a", "b"]) == ["a", "b"]
    with pytest.raises(RuntimeError, match="equal size"):
        default_collate([(1, 2), (1,)])
    with pytest.raises(TypeError, match="found <class .object.>"):
        default_collate([object()])


def test_batches_are_copies_of_the_data():
    dataset = indexed_dataset(4)
    _, blocks = next(iter(DataLoader(dataset, 2)))
    blocks._data[...] = -1
    assert dataset.tensors[1]._data.min() == 0


def test_tensor_dataset_indexing_and_errors():
    dataset = indexed_dataset(6)
    i, block = dataset[4]
    assert i.item() == 4 and block.shape == (2, 3) and len(dataset) == 6
    with pytest.raises(AssertionError, match=r"Size mismatch between tensors: first dimensions are \[3, 2\]"):
        TensorDataset(autograd.zeros(3), autograd.zeros(2))


@pytest.mark.parametrize("batch_size", [0, -1, 2.5, True])
def test_batch_size_must_be_a_positive_integer(batch_size):
    message = f"batch_size should be a positive integer value, but got batch_size={batch_size}"
    with pytest.raises(ValueError, match=message):
        DataLoader(indexed_dataset(3), batch_size)


@given(n=st.integers(1, 80), lengths=st.lists(st.integers(0, 30), min_size=1, max_size=4))
def test_random_split_by_counts_gives_disjoint_subsets_covering_the_data(n, lengths):
    lengths = lengths[:-1] + [n - sum(lengths[:-1])]
    if lengths[-1] < 0:
        with pytest.raises(ValueError, match="Sum of input lengths does not equal"):
            random_split(indexed_dataset(n), lengths[:-1] + [0], generator=0)
        return
    parts = random_split(indexed_dataset(n), lengths, generator=0)
    assert [len(part) for part in parts] == lengths
    ids = [part[i][0].item() for part in parts for i in range(len(part))]
    assert sorted(ids) == list(range(n))


@given(n=st.integers(3, 100), seed=st.integers(0, 100))
def test_random_split_by_fractions(n, seed):
    parts = random_split(indexed_dataset(n), [0.6, 0.2, 0.2], generator=seed)
    sizes = [len(part) for part in parts]
    assert sum(sizes) == n and all(abs(size - f * n) <= 1 for size, f in zip(sizes, [0.6, 0.2, 0.2], strict=True))
    loaded = np.concatenate([ids._data for part in parts for ids, _ in DataLoader(part, 7)])
    assert sorted(loaded.tolist()) == list(range(n))  # a Subset is loaded through its parent's fancy index


def test_random_split_is_reproducible_and_checks_its_lengths():
    dataset = indexed_dataset(10)
    first = [part.indices for part in random_split(dataset, [7, 3], generator=1)]
    assert first == [part.indices for part in random_split(dataset, [7, 3], generator=1)]
    with pytest.raises(ValueError, match=r"does not equal the length of the input dataset! \(9 vs 10\)"):
        random_split(dataset, [5, 4])
