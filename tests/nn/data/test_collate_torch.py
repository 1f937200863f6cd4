"""default_collate and default_convert follow PyTorch's rules, each rule checked against torch.utils.data."""
import collections

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn.data as ours

from .batches import outcome, plain

torch = pytest.importorskip("torch")
theirs = torch.utils.data

Point = collections.namedtuple("Point", "x label")


BATCHES = {  # name: a function of the tensor library giving a list of samples
    "tensors": lambda t: [t.tensor([1.0, 2.0]), t.tensor([3.0, 4.0])],
    "0-d tensors": lambda t: [t.tensor(1.0), t.tensor(2.0)],
    "int and float tensors": lambda t: [t.tensor(1), t.tensor(1.5)],
    "tensors of two shapes": lambda t: [t.zeros(2), t.zeros(3)],
    "a tensor then a float": lambda t: [t.tensor(1.0), 5.0],
    "a tensor then an array": lambda t: [t.zeros(2), np.zeros(2)],
    "ints": lambda t: [1, 2],
    "floats": lambda t: [1.0, 2.0],
    "bools": lambda t: [True, False],
    "an int then a float": lambda t: [1, 2.5],
    "a float then an int": lambda t: [1.5, 2],
    "a bool then an int": lambda t: [True, 2],
    "an int then a string": lambda t: [1, "a"],
    "an int too large": lambda t: [2**70],
    "float32 arrays": lambda t: [np.zeros(2, np.float32), np.ones(2, np.float32)],
    "float64 arrays": lambda t: [np.zeros(2), np.ones(2)],
    "float32 and float64 arrays": lambda t: [np.zeros(2, np.float32), np.ones(2)],
    "arrays of two shapes": lambda t: [np.zeros(2), np.ones(3)],
    "int32 arrays": lambda t: [np.arange(3, dtype=np.int32)] * 2,
    "uint8 arrays": lambda t: [np.arange(3, dtype=np.uint8)] * 2,
    "0-d arrays": lambda t: [np.array(1.0), np.array(2.0)],
    "string arrays": lambda t: [np.array(["a"]), np.array(["b"])],
    "object arrays": lambda t: [np.array([None]), np.array([None])],
    "float32 scalars": lambda t: [np.float32(1), np.float32(2)],
    "int32 scalars": lambda t: [np.int32(1), np.int32(2)],
    "int64 scalars": lambda t: [np.int64(3)],
    "float16 scalars": lambda t: [np.float16(1)],
    "numpy bools": lambda t: [np.bool_(True), np.bool_(False)],
    "numpy strings": lambda t: [np.str_("a"), np.str_("b")],
    "strings": lambda t: ["a", "b"],
    "bytes": lambda t: [b"a", b"b"],
    "a string then an int": lambda t: ["a", 1],
    "None": lambda t: [None, None],
    "sets": lambda t: [{1}, {2}],
    "complex": lambda t: [1j, 2j],
    "objects": lambda t: [object()],
    "no samples": lambda t: [],
    "namedtuples": lambda t: [Point(1, "a"), Point(2, "b")],
    "namedtuples of tensors": lambda t: [Point(t.zeros(2), 1.5), Point(t.ones(2), 2.5)],
    "tuples with strings": lambda t: [(1, "a"), (2, "b")],
    "lists of strings": lambda t: [["a", "b"], ["c", "d"]],
    "lists": lambda t: [[1, 2], [3, 4]],
    "tuples": lambda t: [(1, 2), (3, 4)],
    "a tuple then a list": lambda t: [(1, 2), [3, 4]],
    "lists of unequal length": lambda t: [[1, 2], [3]],
    "tuples of unequal length": lambda t: [(1, 2), (3,)],
    "ranges": lambda t: [range(2), range(2)],
    "dicts": lambda t: [{"a": 1, "b": 2.0}, {"a": 3, "b": 4.0}],
    "a dict missing a key": lambda t: [{"a": 1, "b": 2.0}, {"a": 3}],
    "a dict with an extra key": lambda t: [{"a": 1}, {"a": 3, "b": 1}],
    "OrderedDicts": lambda t: [collections.OrderedDict(b=1, a=2), collections.OrderedDict(b=3, a=4)],
    "defaultdicts": lambda t: [collections.defaultdict(int, a=1), collections.defaultdict(int, a=2)],
    "nested": lambda t: [{"a": (t.zeros(2), [1, 2], "x")}, {"a": (t.ones(2), [3, 4], "y")}],
}


@pytest.mark.parametrize("name", BATCHES)
def test_default_collate_matches_pytorch(name):
    mine = outcome(lambda: ours.default_collate(BATCHES[name](autograd)))
    expected = outcome(lambda: theirs.default_collate(BATCHES[name](torch)))
    if name == "an int too large":  # PyTorch: ValueError "Overflow when unpacking long long"
        assert isinstance(mine, type) and issubclass(mine, (ValueError, RuntimeError, OverflowError))
    else:
        assert mine == expected


def test_collate_errors_name_the_problem():
    with pytest.raises(TypeError, match="expected Tensor as element 1 in argument 0, but got float"):
        ours.default_collate([autograd.tensor(1.0), 5.0])
    with pytest.raises(RuntimeError, match=r"stack expects each tensor to be equal size, but got \[2\] at entry 0 "
                                           r"and \[3\] at entry 1"):
        ours.default_collate([np.zeros(2), np.ones(3)])
    with pytest.raises(RuntimeError, match="each element in list of batch should be of equal size"):
        ours.default_collate([[1, 2], [3]])
    with pytest.raises(TypeError, match="found <class 'NoneType'>"):
        ours.default_collate([None])
    with pytest.raises(TypeError, match="found <U1"):
        ours.default_collate([np.array(["a"])])
    with pytest.raises(TypeError, match="element 0 of the batch is a NumPy array, but element 1 is float"):
        ours.default_collate([np.zeros(()), 5.0])


def test_a_loader_keeps_namedtuples_and_strings_as_pytorch_does():
    class Named:
        def __init__(self, point):
            self.point = point

        def __len__(self):
            return 3

        def __getitem__(self, i):
            return self.point(np.full(2, i, np.float32), f"item {i}")

    mine = [plain(batch) for batch in ours.DataLoader(Named(Point), 2)]
    expected = [plain(batch) for batch in theirs.DataLoader(Named(Point), 2)]
    assert mine == expected and mine[0][0] == "Point"


def test_collated_tensors_keep_requires_grad_and_gradients_flow():
    mine = [autograd.tensor([1.0, 2.0], requires_grad=True), autograd.tensor([3.0, 4.0])]
    expected = [torch.tensor([1.0, 2.0], requires_grad=True), torch.tensor([3.0, 4.0])]
    for samples in (mine, expected):
        batch = theirs.default_collate(samples) if samples is expected else ours.default_collate(samples)
        assert batch.requires_grad
        (batch * batch).sum().backward()
    np.testing.assert_allclose(mine[0].grad.numpy(), expected[0].grad.numpy())


SAMPLES = {
    "array": lambda t: np.arange(3, dtype=np.float32), "numpy scalar": lambda t: np.int32(4),
    "string array": lambda t: np.array(["a"]), "tuple": lambda t: (np.zeros(2), 1, "a"),
    "namedtuple": lambda t: Point(np.zeros(2), "a"), "list": lambda t: [np.ones(1), 2.0],
    "dict": lambda t: {"a": np.ones(2), "b": [np.zeros(1)]}, "number": lambda t: 3.5, "string": lambda t: "abc",
    "tensor": lambda t: t.ones(2), "None": lambda t: None,
}


@pytest.mark.parametrize("name", SAMPLES)
def test_default_convert_matches_pytorch(name):
    assert outcome(lambda: ours.default_convert(SAMPLES[name](autograd))) == \
        outcome(lambda: theirs.default_convert(SAMPLES[name](torch)))


def test_an_empty_batch_is_refused_as_pytorch_refuses_it():
    data = ours.TensorDataset(autograd.arange(3))
    with pytest.raises(IndexError, match="the batch is empty"):
        list(ours.DataLoader(data, batch_sampler=[[0], []]))
    with pytest.raises(IndexError):
        list(theirs.DataLoader(theirs.TensorDataset(torch.arange(3)), batch_sampler=[[0], []]))


# ----- nested structures, generated -----

LEAVES = {
    "int": lambda t, v: int(v * 10), "float": lambda t, v: v, "bool": lambda t, v: v > 0,
    "string": lambda t, v: f"s{v:.2f}", "array": lambda t, v: np.full(2, v, np.float32),
    "int32 scalar": lambda t, v: np.int32(v * 10), "tensor": lambda t, v: t.tensor([v, -v]),
    "int tensor": lambda t, v: t.tensor(int(v * 10)),
}


STRUCTURES = st.recursive(  # a leaf kind, or (container kind, children)
    st.sampled_from(sorted(LEAVES)),
    lambda children: st.one_of(
        st.tuples(st.sampled_from(["dict", "list", "tuple"]), st.lists(children, min_size=1, max_size=3)),
        st.tuples(st.just("Point"), st.lists(children, min_size=2, max_size=2)),
    ),
    max_leaves=6,
)


def build(structure, tensors, value):
    """The sample `structure` describes, its leaves made from `value` with the tensor library `tensors`."""
    if isinstance(structure, str):
        return LEAVES[structure](tensors, value)
    kind, children = structure
    fields = [build(child, tensors, value + i) for i, child in enumerate(children)]
    return {"dict": lambda: {f"k{i}": f for i, f in enumerate(fields)}, "list": lambda: fields,
            "tuple": lambda: tuple(fields), "Point": lambda: Point(*fields)}[kind]()


@settings(deadline=None, max_examples=60)
@given(structure=STRUCTURES, values=st.lists(st.floats(-4, 4, width=16), min_size=1, max_size=3))
def test_nested_samples_collate_as_in_pytorch(structure, values):
    mine = outcome(lambda: ours.default_collate([build(structure, autograd, v) for v in values]))
    expected = outcome(lambda: theirs.default_collate([build(structure, torch, v) for v in values]))
    assert mine == expected
