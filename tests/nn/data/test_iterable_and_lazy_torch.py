"""IterableDataset and ChainDataset with the DataLoader, and RandomSampler drawing lazily, against PyTorch."""
import time
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn.data as ours
from nn.data import DataLoader, IterableDataset, RandomSampler

torch = pytest.importorskip("torch")
theirs = torch.utils.data


def plain(value):
    if isinstance(value, (torch.Tensor, autograd.Tensor)):
        return str(value.dtype).replace("torch.", ""), value.detach().numpy().tolist()
    if isinstance(value, (list, tuple)):
        return type(value).__name__, [plain(v) for v in value]
    return value


def outcome(run):
    try:
        return plain(run())
    except Exception as error:  # noqa: BLE001 - an error is an outcome to compare
        return type(error)


def stream(lib, n, with_len=False, samples=lambda i: i):
    """An IterableDataset of `lib` giving samples(0), …, samples(n − 1); with __len__ when asked."""
    class Stream(lib.IterableDataset):
        def __iter__(self):
            return (samples(i) for i in range(n))

    class Sized(Stream):
        def __len__(self):
            return n

    return Sized() if with_len else Stream()


@settings(deadline=None, max_examples=30)
@given(n=st.integers(0, 12), batch_size=st.one_of(st.none(), st.integers(1, 5)), drop_last=st.booleans(),
       with_len=st.booleans())
def test_an_iterable_dataset_is_batched_as_in_pytorch(n, batch_size, drop_last, with_len):
    if batch_size is None:
        drop_last = False

    def batches(lib, tensors):
        def sample(i):
            return tensors.tensor([i, -i]), float(i), {"name": f"s{i}"}
        loader = lib.DataLoader(stream(lib, n, with_len, sample), batch_size=batch_size, drop_last=drop_last)
        return list(loader), list(loader), outcome(lambda: len(loader))  # two epochs, the same

    assert outcome(lambda: batches(ours, autograd)) == outcome(lambda: batches(theirs, torch))


@pytest.mark.parametrize("options", [dict(shuffle=True), dict(sampler=[0, 1]), dict(batch_sampler=[[0, 1]])])
def test_an_iterable_dataset_refuses_what_pytorch_refuses(options):
    name, value = next(iter(options.items()))
    message = f"DataLoader with IterableDataset: expected unspecified {name} option, but got {name}={value}"
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        DataLoader(stream(ours, 3), **options)
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        theirs.DataLoader(stream(theirs, 3), **options)
    DataLoader(stream(ours, 3), shuffle=False)  # unspecified or False is fine, as in PyTorch


def test_an_iterable_dataset_with_workers_is_refused_clearly():
    with pytest.raises(ValueError, match="num_workers=2 is not supported.*each iterate a copy"):
        DataLoader(stream(ours, 3), num_workers=2)


def test_len_of_a_loader_over_a_stream_without_len_is_refused():
    with pytest.raises(TypeError, match="has no len"):
        len(DataLoader(stream(ours, 3), batch_size=2))
    assert len(DataLoader(stream(ours, 5, with_len=True), batch_size=2)) == 3


def test_chained_streams_and_their_length():
    def chained(lib):
        both = stream(lib, 2) + stream(lib, 3, with_len=True)
        sized = lib.ChainDataset([stream(lib, 2, True), stream(lib, 3, True)])
        return list(lib.DataLoader(both, batch_size=2)), len(sized), outcome(lambda: len(both))

    assert outcome(lambda: chained(ours)) == outcome(lambda: chained(theirs))
    with pytest.raises(AssertionError, match="ChainDataset only supports IterableDataset"):
        list(ours.ChainDataset([stream(ours, 1), ours.TensorDataset(autograd.arange(2))]))


def test_an_iterable_dataset_must_define_iter_and_is_a_dataset():
    with pytest.raises(TypeError, match="abstract"):
        IterableDataset()
    assert isinstance(stream(ours, 1), ours.Dataset)


def test_install_as_torch_exports_iterable_dataset():
    assert ours.IterableDataset.__name__ == theirs.IterableDataset.__name__ == "IterableDataset"
    assert ours.ChainDataset.__name__ == theirs.ChainDataset.__name__


@pytest.mark.parametrize("replacement", [True, False])
def test_a_sampler_of_ten_billion_samples_draws_lazily(replacement):
    tracemalloc.start()
    try:
        start = time.perf_counter()
        sampler = RandomSampler(range(1000), replacement=replacement, num_samples=10**10, generator=0)
        first = [index for index, _ in zip(iter(sampler), range(100), strict=False)]
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(sampler) == 10**10 and len(first) == 100 and all(0 <= i < 1000 for i in first)
    assert elapsed < 1 and peak < 1_000_000  # bytes: a chunk of indices or one permutation, never 10**10


def test_makemores_endless_loader_gives_batches_at_once():
    data = ours.TensorDataset(autograd.arange(50))
    sampler = RandomSampler(data, replacement=True, num_samples=int(1e10), generator=1)
    loader = iter(DataLoader(data, batch_size=8, sampler=sampler))
    batches = [next(loader)[0].numpy() for _ in range(3)]
    assert all(batch.shape == (8,) and batch.min() >= 0 and batch.max() < 50 for batch in batches)


def test_lazy_draws_cover_what_eager_draws_covered():
    permutations = list(RandomSampler(range(5), num_samples=13, generator=3))
    assert len(permutations) == 13 and sorted(permutations[:5]) == sorted(permutations[5:10]) == list(range(5))
    assert len(set(permutations[10:])) == 3
    drawn = list(RandomSampler(range(4), replacement=True, num_samples=100, generator=4))
    assert len(drawn) == 100 and set(drawn) == {0, 1, 2, 3}
    assert drawn == list(RandomSampler(range(4), replacement=True, num_samples=100, generator=4))


def test_without_a_generator_each_epoch_follows_manual_seed_and_ignores_other_draws():
    sampler = RandomSampler(range(20), num_samples=45)
    autograd.manual_seed(5)
    first = list(sampler)
    autograd.manual_seed(5)
    order = iter(sampler)
    again = []
    for index in order:
        again.append(index)
        autograd.randn(3)  # a model drawing dropout masks between batches
    assert again == first and list(sampler) != first


def test_an_empty_dataset_is_refused_as_pytorch_refuses_it():
    with pytest.raises(ValueError, match="num_samples should be a positive integer value, but got num_samples=0"):
        RandomSampler(range(0))
    with pytest.raises(ValueError, match="num_samples should be a positive integer value, but got num_samples=0"):
        DataLoader(ours.TensorDataset(autograd.zeros(0)), shuffle=True)
    with pytest.raises(ValueError, match="cannot draw 3 samples from an empty dataset"):
        list(RandomSampler(range(0), replacement=True, num_samples=3))
    with pytest.raises(ValueError):
        theirs.RandomSampler(range(0))
    assert np.array_equal(list(RandomSampler(range(1), num_samples=3)), [0, 0, 0])


# ----- WeightedRandomSampler -----

def test_weighted_draws_follow_the_weights_and_never_draw_a_zero_weight():
    weights = [0.1, 0.0, 0.6, 0.3]
    drawn = np.array(list(ours.WeightedRandomSampler(weights, 20_000, generator=0)))
    frequencies = np.bincount(drawn, minlength=4) / len(drawn)
    assert frequencies[1] == 0 and np.allclose(frequencies, weights, atol=0.02)
    distinct = list(ours.WeightedRandomSampler([1, 5, 0.5, 2], 4, replacement=False, generator=1))
    assert sorted(distinct) == [0, 1, 2, 3]
    assert distinct == list(ours.WeightedRandomSampler([1, 5, 0.5, 2], 4, replacement=False, generator=1))
    first = [index for index, _ in zip(ours.WeightedRandomSampler([1.0] * 10, 10**10), range(50), strict=False)]
    assert len(first) == 50  # lazily, as RandomSampler


@pytest.mark.parametrize("weights, num_samples, options", [
    ([0.0, 0.0], 2, {}), ([1.0, -1.0], 2, {}), ([1.0, float("nan")], 2, {}), ([1.0, float("inf")], 2, {}),
    ([], 2, {}), ([1.0, 1.0, 1.0], 4, dict(replacement=False)),
])
def test_weights_torch_multinomial_refuses_are_refused_when_iterated(weights, num_samples, options):
    sampler = ours.WeightedRandomSampler(weights, num_samples, **options)
    with pytest.raises(RuntimeError) as mine:
        list(sampler)
    with pytest.raises(RuntimeError) as expected:
        list(theirs.WeightedRandomSampler(weights, num_samples, **options))
    if num_samples <= len(weights):
        assert str(mine.value) == str(expected.value)


@pytest.mark.parametrize("arguments", [([1.0], 0), ([1.0], 2.0), ([1.0], True), ([[1.0, 2.0]], 2), (1.0, 2),
                                       ([1.0], 2, 1)])
def test_weighted_arguments_are_checked_as_pytorch_checks_them(arguments):
    with pytest.raises(ValueError) as mine:
        ours.WeightedRandomSampler(*arguments)
    with pytest.raises(ValueError) as expected:
        theirs.WeightedRandomSampler(*arguments)
    assert str(mine.value) == str(expected.value)
