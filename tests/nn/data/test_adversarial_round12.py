"""Twelfth adversarial pass (hostile12a) on data loading: each case compared with torch.utils.data.

S1/S2: the DataLoader's one-step batch of a TensorDataset is used only where the items are glassgrad's own
TensorDataset rows (a subclass's __getitem__/__getitems__, a Subset of it, a user's get_batch are honoured).
S3: a collate_fn set after construction is used. S5: default_collate of mixed NumPy scalars and numbers
has torch.tensor's dtype.
"""
import numpy as np
import pytest

import autograd
import nn.data as ours

from .batches import outcome, plain

torch = pytest.importorskip("torch")
theirs = torch.utils.data


def negated(lib_data):
    """A TensorDataset subclass with a transform in __getitem__ (the usual augmentation)."""
    class Negated(lib_data.TensorDataset):
        def __getitem__(self, i):
            x, y = super().__getitem__(i)
            return -x, y
    return Negated


def batched_negated(lib_data):
    """A TensorDataset subclass that reads a whole batch through its own __getitems__."""
    class BatchedNegated(lib_data.TensorDataset):
        def __getitems__(self, indices):
            return [(-x, y) for x, y in (self[i] for i in indices)]
    return BatchedNegated


def with_helper(lib_data, helper):
    """A Dataset with its own attribute named get_batch (a helper the DataLoader must not call)."""
    class WithHelper(lib_data.Dataset):
        get_batch = helper

        def __len__(self):
            return 4

        def __getitem__(self, i):
            return float(i)
    return WithHelper


def make(lib_data, t, name):
    """The dataset `name` built with one library (lib_data: nn.data or torch.utils.data; t: autograd or torch)."""
    x, y = t.arange(6.0), t.arange(6)
    negated_class = negated(lib_data)
    return {
        "subclass __getitem__": lambda: negated_class(x, y),
        "subclass __getitems__": lambda: batched_negated(lib_data)(x, y),
        "Subset of subclass": lambda: lib_data.Subset(negated_class(x, y), [5, 0, 3]),
        "Subset of Subset of subclass": lambda: lib_data.Subset(lib_data.Subset(negated_class(x, y), [5, 0, 3, 1]), [3, 0]),
        "plain TensorDataset": lambda: lib_data.TensorDataset(x, y),
        "Subset of TensorDataset": lambda: lib_data.Subset(lib_data.TensorDataset(x, y), [4, 1, 2]),
        "instance __getitems__": lambda: _instance_getitems(lib_data.TensorDataset(x, y)),
        "user get_batch method": lambda: with_helper(lib_data, lambda self, n: "helper")(),
        "user get_batch None": lambda: with_helper(lib_data, None)(),
    }[name]()


def _instance_getitems(dataset):
    dataset.__getitems__ = lambda indices: [(dataset[i][0] * 10, dataset[i][1]) for i in indices]
    return dataset


NAMES = ["subclass __getitem__", "subclass __getitems__", "Subset of subclass", "Subset of Subset of subclass",
         "plain TensorDataset", "Subset of TensorDataset", "instance __getitems__", "user get_batch method",
         "user get_batch None"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("options", [{"batch_size": 2}, {"batch_size": 3, "shuffle": False, "drop_last": True},
                                     {"batch_size": 2, "sampler": [2, 0, 1]}])
def test_loader_reads_items_as_the_dataset_says(name, options):
    def batches(lib_data, t):
        return [plain(batch) for batch in lib_data.DataLoader(make(lib_data, t, name), **options)]
    assert outcome(lambda: batches(ours, autograd)) == outcome(lambda: batches(theirs, torch))


def test_transform_applies_through_the_loader_with_gradients():
    """The subclass's transform is applied, and gradients still reach the dataset's tensor."""
    x = autograd.arange(4.0).requires_grad_()
    (batch, _), = list(ours.DataLoader(negated(ours)(x, autograd.arange(4)), batch_size=4))
    batch.sum().backward()
    assert batch.detach().numpy().tolist() == [-0.0, -1.0, -2.0, -3.0]
    assert x.grad.numpy().tolist() == [-1.0] * 4


def test_subset_subclass_overriding_getitem_only_is_refused_as_in_pytorch():
    def build(lib_data, t):
        class Doubled(lib_data.Subset):
            def __getitem__(self, i):
                return super().__getitem__(i) * 2
        return Doubled(lib_data.TensorDataset(t.arange(4.0)), [0, 1])
    with pytest.raises(NotImplementedError):
        build(theirs, torch)
    with pytest.raises(NotImplementedError, match="__getitems__"):
        build(ours, autograd)


def test_subset_subclass_overriding_both_is_read_through_getitems():
    def batches(lib_data, t):
        class Doubled(lib_data.Subset):
            def __getitem__(self, i):
                return tuple(v * 2 for v in super().__getitem__(i))

            def __getitems__(self, indices):
                return [self[i] for i in indices]
        return [plain(b) for b in lib_data.DataLoader(Doubled(lib_data.TensorDataset(t.arange(4.0)), [3, 1, 2]),
                                                         batch_size=2)]
    assert batches(ours, autograd) == batches(theirs, torch)


# ----- S3: collate_fn is read when each iterator is made -----

@pytest.mark.parametrize("batch_size", [2, None])
@pytest.mark.parametrize("new", ["custom", "default_collate", "default_convert"])
def test_collate_fn_set_after_construction_is_used(batch_size, new):
    def batches(lib_data, t):
        loader = lib_data.DataLoader(lib_data.TensorDataset(t.arange(4.0)), batch_size=batch_size)
        first = plain(next(iter(loader)))
        loader.collate_fn = (lambda batch: "custom") if new == "custom" else getattr(lib_data, new)
        return first, outcome(lambda: list(loader))
    assert batches(ours, autograd) == batches(theirs, torch)


def test_collate_fn_given_then_reset_to_default():
    def batches(lib_data, t):
        loader = lib_data.DataLoader(lib_data.TensorDataset(t.arange(4.0)), batch_size=2, collate_fn=lambda b: "x")
        loader.collate_fn = lib_data.default_collate
        return plain(list(loader))
    assert batches(ours, autograd) == batches(theirs, torch)


# ----- S5: NumPy scalars collate with torch.tensor's inferred dtype -----

MIXED_SCALARS = [
    [np.int64(1), 2.5], [np.float32(1.0), 2.5], [np.float16(1), np.int64(2)], [np.float32(1), 1j],
    [np.uint64(2**63), 1], [np.bool_(True), 2], [np.bool_(True), 1.5], [np.int32(1), np.int32(2)],
    [np.int8(1), np.uint8(2)], [np.float64(1), np.complex64(1)], [np.int64(1), True], [np.bool_(True), np.bool_(False)],
    [np.int64(1), 2], [np.uint8(1), 300], [np.float32(1), "a"], [np.int64(1), None], [np.uint16(1), np.int8(1)],
    [np.uint16(1), np.float16(1)], [np.int64(2**62), 2**63], [np.float16(1), np.float32(2), 3],
    [np.int16(1), np.float16(2)], [np.uint8(200), np.int8(-1)], [np.complex64(1), 2.5], [np.float64(1), np.float32(2)],
]


@pytest.mark.parametrize("batch", MIXED_SCALARS, ids=repr)
def test_numpy_scalars_mixed_collate_as_torch(batch):
    ours_result = outcome(lambda: ours.default_collate(list(batch)))
    theirs_result = outcome(lambda: theirs.default_collate(list(batch)))
    if isinstance(theirs_result, type):  # an error: ours must refuse too (TypeError or PyTorch's type)
        assert isinstance(ours_result, type) and issubclass(ours_result, (theirs_result, TypeError, ValueError))
    else:
        assert ours_result == theirs_result


# ----- DataLoader arguments PyTorch refuses (at construction, or when its iterator is made) -----

def construct_and_iter(lib_data, options, dataset=(1.0, 2.0, 3.0)):
    """The error type (and where) of DataLoader(dataset, **options) and of iter() of it, or 'ok'."""
    try:
        loader = lib_data.DataLoader(list(dataset), **options)
    except Exception as error:  # noqa: BLE001 - an error is an outcome to compare
        return "init", type(error)
    if options.get("num_workers", 0):
        return "init ok"  # (iterating PyTorch's loader would start worker processes)
    try:
        iter(loader)
    except Exception as error:  # noqa: BLE001
        return "iter", type(error)
    return "ok"


@pytest.mark.parametrize("options", [
    {"num_workers": -1}, {"num_workers": -1.5}, {"num_workers": "2"}, {"num_workers": True},
    {"timeout": 1.5}, {"timeout": -1}, {"timeout": "a"}, {"timeout": 0.0},
    {"num_workers": 2, "prefetch_factor": -1}, {"prefetch_factor": 2}, {"num_workers": 2, "prefetch_factor": 3},
    {"multiprocessing_context": "spawn"}, {"num_workers": 1, "multiprocessing_context": "bogus"},
    {"num_workers": 1, "multiprocessing_context": 3}, {"num_workers": 1, "multiprocessing_context": "spawn"},
    {"persistent_workers": True}, {"num_workers": 0, "multiprocessing_context": None},
], ids=repr)
def test_loader_arguments_as_pytorch_checks_them(options):
    assert construct_and_iter(ours, options) == construct_and_iter(theirs, options)


def test_float_num_workers_is_pytorchs_type_error():
    """PyTorch raises it when iterating; glassgrad at once (it never starts workers to find out)."""
    with pytest.raises(TypeError, match="cannot be interpreted as an integer"):
        ours.DataLoader([1.0, 2.0], num_workers=1.0)


@pytest.mark.parametrize("options, error, message", [
    ({"timeout": 1.5}, AssertionError, "requires timeout == 0"),
    ({"num_workers": 2, "prefetch_factor": 0}, AssertionError, "prefetch_factor must be greater than 0"),
    ({"num_workers": 2, "prefetch_factor": 1.5}, TypeError, "cannot be interpreted as an integer"),
])
def test_options_pytorchs_iterators_refuse(options, error, message):
    loader = ours.DataLoader([1.0, 2.0], **options)  # (accepted at construction, as by PyTorch)
    with pytest.raises(error, match=message):
        iter(loader)


def test_bool_num_workers_and_default_prefetch_factor_as_pytorch():
    ours_loader, theirs_loader = ours.DataLoader([1.0, 2.0], num_workers=True), theirs.DataLoader([1.0], num_workers=2)
    assert [b.tolist() for b in ours_loader] == [[1.0], [2.0]]
    assert ours.DataLoader([1.0], num_workers=2).prefetch_factor == theirs_loader.prefetch_factor == 2
    assert ours.DataLoader([1.0]).prefetch_factor is theirs.DataLoader([1.0]).prefetch_factor is None


class Stream:
    @staticmethod
    def make(lib_data):
        class Numbers(lib_data.IterableDataset):
            def __iter__(self):
                return iter([1.0, 2.0, 3.0])
        return Numbers()


@pytest.mark.parametrize("options", [{"shuffle": 0}, {"shuffle": 0.0}, {"shuffle": False}, {"shuffle": True},
                                     {"shuffle": 1}, {"sampler": False}, {"sampler": []}, {"batch_sampler": False}],
                         ids=repr)
def test_iterable_dataset_options_as_pytorch(options):
    def run(lib_data):
        try:
            return [b.tolist() for b in lib_data.DataLoader(Stream.make(lib_data), batch_size=2, **options)]
        except Exception as error:  # noqa: BLE001
            return type(error)
    assert run(ours) == run(theirs)


# ----- ConcatDataset and ChainDataset: PyTorch's error types, and tensor indices -----

def test_empty_concat_dataset_and_iterable_parts_are_assertion_errors_as_in_pytorch():
    for lib_data in (ours, theirs):
        with pytest.raises(AssertionError, match="empty iterable"):
            lib_data.ConcatDataset([])
        with pytest.raises(AssertionError, match="does not support IterableDataset"):
            lib_data.ConcatDataset([[1.0], Stream.make(lib_data)])
        with pytest.raises(AssertionError, match="ChainDataset only supports IterableDataset"):
            list(lib_data.ChainDataset([[1.0, 2.0]]))


@pytest.mark.parametrize("index", [1, 3, -1, -4, 4, -5, "tensor 1", "tensor 3", "tensor -1", "tensor [2]",
                                   "tensor True", "tensor 1.0", "tensor [1, 2]", "tensor 9", 1.0, "1"], ids=repr)
def test_concat_dataset_index_as_pytorch(index):
    def read(lib_data, t):
        concat = lib_data.ConcatDataset([[10, 11], [12, 13]])
        if isinstance(index, str) and index.startswith("tensor"):
            return outcome(lambda: concat[t.tensor(eval(index[7:]))])  # a literal of this test's own list
        return outcome(lambda: concat[index])
    ours_result, theirs_result = read(ours, autograd), read(theirs, torch)
    if index in ("1", "tensor [1, 2]") or type(index) is float:
        # PyTorch fails on these later (its list's index, a tensor's truth): glassgrad's clear TypeError first
        assert ours_result is TypeError and isinstance(theirs_result, type)
    else:
        assert ours_result == theirs_result


# ----- load_mnist checks the images are 28x28, as its docstring promises -----

@pytest.mark.parametrize("shape", [(2, 3, 5), (2, 28, 27), (2, 27, 28), (2, 1, 784), (2, 56, 14), (0, 3, 5)])
def test_load_mnist_refuses_images_that_are_not_28_by_28(tmp_path, shape):
    from tests.nn.data.test_mnist import write_idx
    write_idx(tmp_path / "t10k-images-idx3-ubyte", 0x08, shape, np.zeros(int(np.prod(shape))), False)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", 0x08, shape[:1], [1] * shape[0], False)
    with pytest.raises(ValueError, match=f"must be 28x28, but .* holds images of {shape[1]}x{shape[2]}"):
        ours.load_mnist(tmp_path)


@pytest.mark.parametrize("count", [0, 3])
def test_load_mnist_still_reads_28_by_28_images(tmp_path, count):
    from tests.nn.data.test_mnist import write_idx
    write_idx(tmp_path / "t10k-images-idx3-ubyte", 0x08, (count, 28, 28), np.full(count * 784, 255), False)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", 0x08, (count,), [7] * count, False)
    images, labels = ours.load_mnist(tmp_path, flatten=True)
    assert images.shape == (count, 784) and labels.tolist() == [7] * count
    assert images.numpy().tolist() == [[1.0] * 784] * count


def test_concat_dataset_hands_a_tensor_or_array_index_on_as_pytorchs():
    """hostile13a S2: a one-element tensor index picks the dataset by value and is handed on as it is."""
    def run(lib, data):
        first, second = lib.arange(10.0).reshape(2, 5), lib.arange(10.0, 25.0).reshape(3, 5)
        concat = data.ConcatDataset([data.TensorDataset(first), data.TensorDataset(second)])
        results = []
        for index in [lib.tensor([1]), lib.tensor(True), np.array(1), lib.tensor(3), lib.tensor([3]), -1,
                      lib.tensor(-1), np.int64(4)]:
            sample = concat[index][0]
            results.append((tuple(sample.shape), sample.numpy().ravel().tolist()))
        return results

    assert run(autograd, ours) == run(torch, torch.utils.data)
