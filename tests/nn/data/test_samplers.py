"""DataLoader's PyTorch arguments (sampler, batch_sampler, collate_fn, batch_size=None, num_workers and the
accepted no-ops) and the samplers, checked by hand and against torch.utils.data where installed."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from nn.data import (
    BatchSampler,
    DataLoader,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    TensorDataset,
)


def dataset(n=10):
    return TensorDataset(autograd.arange(n), autograd.arange(n) * 10)


def ids(loader):
    return [batch[0].tolist() for batch in loader]


@given(n=st.integers(0, 12), batch_size=st.integers(1, 5), drop_last=st.booleans())
def test_batch_sampler_matches_pytorch(n, batch_size, drop_last):
    torch = pytest.importorskip("torch")
    ours = BatchSampler(SequentialSampler(range(n)), batch_size, drop_last)
    theirs = torch.utils.data.BatchSampler(torch.utils.data.SequentialSampler(range(n)), batch_size, drop_last)
    assert list(ours) == list(theirs) and len(ours) == len(theirs)


def test_random_samplers_draw_what_they_should():
    rng = np.random.default_rng(0)
    assert sorted(RandomSampler(range(7), generator=rng)) == list(range(7))
    long = list(RandomSampler(range(4), num_samples=10, generator=1))
    assert len(long) == 10 and sorted(long[:4]) == sorted(long[4:8]) == [0, 1, 2, 3]  # whole permutations first
    drawn = list(RandomSampler(range(3), replacement=True, num_samples=50, generator=2))
    assert len(drawn) == 50 and set(drawn) == {0, 1, 2}
    subset = SubsetRandomSampler(list(range(0, 40, 2)), generator=3)
    first, second = list(subset), list(subset)
    assert sorted(first) == sorted(second) == list(range(0, 40, 2)) and len(subset) == 20
    assert first != second  # a new order each epoch
    assert list(SubsetRandomSampler(list(range(0, 40, 2)), generator=3)) == first
    with pytest.raises(ValueError, match="num_samples should be a positive integer"):
        RandomSampler(range(3), num_samples=0)
    with pytest.raises(TypeError, match="replacement should be a boolean"):
        RandomSampler(range(3), replacement=1)
    with pytest.raises(ValueError, match="batch_size should be a positive integer"):
        BatchSampler(range(3), 0, False)
    with pytest.raises(NotImplementedError):
        iter(Sampler())


def test_sampler_batch_sampler_and_collate_fn():
    data = dataset()
    assert ids(DataLoader(data, batch_size=3, sampler=[9, 0, 4, 4])) == [[9, 0, 4], [4]]
    assert ids(DataLoader(data, batch_sampler=[[1, 2], [8]])) == [[1, 2], [8]]
    loader = DataLoader(data, batch_size=4, collate_fn=lambda samples: [int(x) for x, _ in samples])
    assert list(loader) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    subset = DataLoader(data, batch_size=2, sampler=SubsetRandomSampler([1, 3, 5], generator=0))
    assert sorted(i for batch in ids(subset) for i in batch) == [1, 3, 5] and len(subset) == 2
    unbatched = list(DataLoader(data, batch_size=None))
    assert len(unbatched) == 10 and unbatched[3][1].item() == 30


def test_workers_run_in_process_and_give_the_same_batches():
    data = dataset(13)
    plain = ids(DataLoader(data, 4, shuffle=True, generator=5))
    calls = []
    loader = DataLoader(data, 4, shuffle=True, generator=5, num_workers=3, pin_memory=True, prefetch_factor=2,
                        worker_init_fn=calls.append, timeout=1)
    assert ids(loader) == plain and calls == [0, 1, 2]
    ids(loader)
    assert calls == [0, 1, 2, 0, 1, 2]  # fresh workers every epoch
    calls.clear()
    persistent = DataLoader(data, 4, num_workers=2, persistent_workers=True, worker_init_fn=calls.append)
    ids(persistent), ids(persistent)
    assert calls == [0, 1]


@pytest.mark.parametrize("options, message", [
    (dict(batch_size=None, drop_last=True), "mutually exclusive with drop_last"),
    (dict(sampler=[0, 1], shuffle=True), "sampler option is mutually exclusive with shuffle"),
    (dict(batch_sampler=[[0]], batch_size=2), "batch_sampler option is mutually exclusive"),
    (dict(batch_sampler=[[0]], drop_last=True), "batch_sampler option is mutually exclusive"),
    (dict(num_workers=-1), "num_workers option should be non-negative"),
    (dict(persistent_workers=True), "persistent_workers option needs num_workers > 0"),
    (dict(prefetch_factor=2), "prefetch_factor option could only be specified in multiprocessing"),
    (dict(timeout=-1), "timeout option should be non-negative"),
    (dict(batch_size=0), "batch_size should be a positive integer"),
])
def test_invalid_combinations_are_refused_as_pytorch_refuses_them(options, message):
    with pytest.raises(ValueError, match=message):
        DataLoader(dataset(), **options)
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError):
        torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.arange(10)), **options)


def test_loader_attributes_and_lengths_match_pytorch():
    torch = pytest.importorskip("torch")
    for options in (dict(batch_size=3), dict(batch_size=3, drop_last=True), dict(batch_size=None),
                    dict(batch_sampler=[[0, 1], [2]]), dict(batch_size=4, sampler=[1, 2, 3, 4, 5])):
        ours = DataLoader(dataset(), **options)
        theirs = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.arange(10)), **options)
        assert len(ours) == len(theirs) and ours.batch_size == theirs.batch_size
        assert ours.drop_last == theirs.drop_last
        assert type(ours.sampler).__name__ == type(theirs.sampler).__name__ or isinstance(ours.sampler, list)


@pytest.mark.parametrize("num_samples", [True, False, 1, 5, 0, -1, 1.5, 2.0, "3", np.int64(2), None])
@pytest.mark.parametrize("replacement", [False, True])
def test_random_sampler_takes_the_num_samples_pytorch_takes(num_samples, replacement):
    torch = pytest.importorskip("torch")

    def drawn(sampler_class):  # its length and how many indices it gives, or the error's type
        try:
            sampler = sampler_class(range(3), replacement=replacement, num_samples=num_samples)
        except (TypeError, ValueError) as error:
            return type(error).__name__
        indices = list(sampler)
        return len(sampler), len(indices), all(0 <= i < 3 for i in indices)

    assert drawn(RandomSampler) == drawn(torch.utils.data.RandomSampler)
