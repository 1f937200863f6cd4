"""The twenty-seventh round's indexing findings (hostile27e S1, U2), against PyTorch: an object with __index__ in an
index is the integer it stands for, so x[Idx(1)], x[..., Idx(2)], x[1, Idx(2)] are views (they were copies: a write
through them was lost and the gradient wrong), in reads, writes, in-place ops through the view and slices whose
start, stop or step is such an object (x[::Idx(2)] was an internal comparison error). A bool stays a mask, a float
is still refused, and an index glassgrad cannot read gives PyTorch's error type (a string: TypeError)."""
import enum

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .outcomes import assert_as_pytorch

torch = pytest.importorskip("torch")


class Idx:
    """A user's index type: an integer only through __index__ (as gmpy2's or SymPy's integers)."""

    def __init__(self, i):
        self.i = i

    def __index__(self):
        return self.i


class Level(enum.IntEnum):
    ONE = 1
    TWO = 2


# name: (shape of the indexed tensor, the index)
INDICES = {
    "1-D Idx": ((5,), Idx(1)),
    "1-D negative Idx": ((5,), Idx(-1)),
    "1-D (Idx,)": ((5,), (Idx(2),)),
    "2-D Idx": ((3, 4), Idx(1)),
    "int, Idx": ((3, 4), (1, Idx(2))),
    "Idx, Idx": ((3, 4), (Idx(1), Idx(2))),
    "Idx, Idx, Idx": ((2, 3, 4), (Idx(1), Idx(0), Idx(3))),
    "..., Idx": ((3, 4), (Ellipsis, Idx(2))),
    "Idx, ...": ((3, 4), (Idx(1), Ellipsis)),
    "Idx, ..., Idx": ((2, 3, 4), (Idx(1), Ellipsis, Idx(2))),
    "..., Idx, ...": ((2, 3, 4), (Ellipsis, Idx(1), Ellipsis)),
    "None, Idx": ((5,), (None, Idx(3))),
    "Idx, None, Idx": ((3, 4), (Idx(2), None, Idx(1))),
    "slice of Idx": ((5,), slice(Idx(1), Idx(4))),
    "step Idx": ((3, 4), slice(None, None, Idx(2))),
    "Idx, step Idx": ((3, 4), (Idx(0), slice(Idx(1), None, Idx(2)))),
    "numpy int, Idx": ((3, 4), (np.int64(2), Idx(3))),
    "0-d tensor, Idx": ((3, 4), "0-d"),
    "IntEnum": ((5,), Level.TWO),
    "IntEnum, Idx": ((3, 4), (Level.ONE, Idx(0))),
    "Idx and a list (a copy)": ((3, 4), (Idx(1), [0, 2])),
    "Idx and True (a copy)": ((3, 4), (Idx(1), True)),
}


def index_for(name, lib):
    shape, index = INDICES[name]
    return shape, ((lib.tensor(1), Idx(2)) if index == "0-d" else index)


@pytest.mark.parametrize("name", INDICES)
def test_a_write_through_the_indexed_part_reaches_the_base(name):
    def program(lib):
        shape, index = index_for(name, lib)
        base = lib.zeros(shape)
        part = base[index]
        part.add_(1)
        return [base, part, part._base is base]

    assert_as_pytorch(program)


@pytest.mark.parametrize("name", INDICES)
def test_an_in_place_op_through_the_indexed_part_has_pytorchs_gradient(name):
    def program(lib):
        shape, index = index_for(name, lib)
        w = lib.arange(1.0, 1.0 + np.prod(shape)).reshape(shape).requires_grad_()
        a = w * 1
        a[index].mul_(10)
        (a * lib.arange(np.prod(shape), dtype=lib.float32).reshape(shape)).sum().backward()
        return [a, w.grad]

    assert_as_pytorch(program)


@pytest.mark.parametrize("name", INDICES)
def test_a_kept_part_follows_later_writes_to_the_base(name):
    def program(lib):
        shape, index = index_for(name, lib)
        base = lib.zeros(shape)
        part = base[index]
        base.fill_(2)
        return part

    assert_as_pytorch(program)


@pytest.mark.parametrize("name", INDICES)
def test_setitem_and_augmented_setitem(name):
    def program(lib):
        shape, index = index_for(name, lib)
        w = lib.zeros(shape, requires_grad=True)
        v = lib.tensor(3.0, requires_grad=True)
        a = w * 2
        a[index] = v * v
        a[index] += 5
        (a * lib.arange(np.prod(shape), dtype=lib.float32).reshape(shape)).sum().backward()
        return [a, w.grad, v.grad]

    assert_as_pytorch(program)


def test_the_index_object_is_read_once():
    """Changing the object after indexing changes neither the view nor its gradient."""
    def program(lib):
        i = Idx(1)
        w = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        a = w * 1
        part = a[i]
        i.i = 2
        part.mul_(10)
        a.sum().backward()
        return [a, w.grad, part]

    assert_as_pytorch(program)


BAD = {  # name: (shape, index) that PyTorch refuses or reads in its own way
    "Idx out of range": ((3,), Idx(3)),
    "step Idx zero": ((3,), slice(None, None, Idx(0))),
    "step Idx negative": ((3,), slice(None, None, Idx(-1))),
    "float": ((3,), 1.5),
    "numpy float": ((3,), np.float64(1)),
    "float slice step": ((3,), slice(None, None, 1.5)),
    "float slice start": ((3,), slice(0.0, 2)),
    "object with __float__ only": ((3,), type("F", (), {"__float__": lambda self: 1.0})()),
    "__index__ raising": ((3,), type("B", (), {"__index__": lambda self: 1 // 0})()),
    "__index__ returning a float": ((3,), type("B", (), {"__index__": lambda self: 1.5})()),
    "__index__ raising in a tuple": ((3, 4), (0, type("B", (), {"__index__": lambda self: 1 // 0})())),
    "__index__ raising as a step": ((3,), slice(None, None, type("B", (), {"__index__": lambda self: 1 // 0})())),
    "True": ((3,), True),
    "False": ((3,), False),
    "Idx, True": ((3, 4), (Idx(1), True)),
    "numpy bool": ((3,), np.bool_(True)),
    "string": ((3,), "1"),
    "bytes": ((3,), b"1"),
    "string in a tuple": ((3, 4), (0, "1")),
    "list of strings": ((3, 4), ["a", "b"]),
    "list of one string": ((3,), ["a"]),
    "list of Idx": ((3,), [Idx(0), Idx(1)]),
    "nested list of Idx": ((3,), [[Idx(0)]]),
    "list with a huge int": ((3,), [2**70]),
    "object array": ((3,), np.array([1, 2], dtype=object)),
    "string array": ((3,), np.array(["a"])),
    "a dict": ((3,), {}),
    "an object": ((3,), object()),
    "tensor step": ((4,), "tensor step"),
}


@pytest.mark.parametrize("name", BAD)
@pytest.mark.parametrize("writing", [False, True], ids=["read", "write"])
def test_an_index_pytorch_refuses_or_reads_its_own_way(name, writing):
    def program(lib):
        shape, index = BAD[name]
        index = slice(None, None, lib.tensor(2)) if index == "tensor step" else index
        x = lib.arange(float(np.prod(shape))).reshape(shape)
        if writing:
            x[index] = 7.0
            return x
        return x[index]

    assert_as_pytorch(program)


SIZES = {  # PyTorch takes __index__ objects as sizes (not as dims): each gives a view
    "view": lambda x: x.view(Idx(3), Idx(4)),
    "view of a tuple": lambda x: x.view((Idx(4), Idx(3))),
    "view with -1": lambda x: x.view(-1, Idx(4)),
    "reshape": lambda x: x.reshape(Idx(3), Idx(4)),
    "reshape of a tuple": lambda x: x.reshape((Idx(12),)),
    "expand": lambda x: x[:1].expand(Idx(3), Idx(4)),
    "permute": lambda x: x.permute(Idx(1), Idx(0)),
    "as_strided": lambda x: x.as_strided((Idx(2), Idx(2)), (Idx(4), Idx(1)), Idx(1)),
}


@pytest.mark.parametrize("name", SIZES)
def test_index_objects_as_sizes_still_give_views(name):
    def program(lib):
        w = lib.arange(12.0).reshape(3, 4).requires_grad_()
        a = w * 1
        part = SIZES[name](a)
        if name != "expand":
            part.mul_(-1)
        (a * lib.arange(1.0, 13.0).reshape(3, 4)).sum().backward()
        return [a, part, w.grad]

    assert_as_pytorch(program)


ENTRY = st.one_of(st.integers(-3, 2), st.none(), st.builds(
    slice, st.one_of(st.none(), st.integers(-4, 4)), st.one_of(st.none(), st.integers(-4, 4)),
    st.one_of(st.none(), st.integers(1, 3))))


@settings(max_examples=60, deadline=None)
@given(st.lists(ENTRY, max_size=3), st.integers(0, 3), st.lists(st.booleans(), min_size=9, max_size=9))
def test_random_basic_indices_with_index_objects_are_views_as_in_pytorch(entries, ellipsis_at, wrap):
    """Any basic index (ints, slices, None, one ...) with some of its integers, slice bounds included, given as
    __index__ objects: the same view, write and gradient as PyTorch's."""
    flags = iter(wrap)

    def maybe(value):
        return Idx(value) if isinstance(value, int) and next(flags, False) else value

    def convert(entry):
        if isinstance(entry, slice):
            return slice(maybe(entry.start), maybe(entry.stop), maybe(entry.step))
        return maybe(entry)

    index = [convert(entry) for entry in entries]
    index.insert(min(ellipsis_at, len(index)), Ellipsis)
    index = tuple(index)

    def program(lib):
        w = lib.arange(24.0).reshape(2, 3, 4).requires_grad_()
        a = w * 1
        part = a[index]
        part.mul_(-2)
        (a * lib.arange(24.0).reshape(2, 3, 4)).sum().backward()
        return [a, part, w.grad, part._base is a]

    assert_as_pytorch(program)


@pytest.mark.parametrize("convert", [float, int, complex, bool, lambda t: t.item()],
                         ids=["float", "int", "complex", "bool", "item"])
@pytest.mark.parametrize("values", [[1.5, 2.5], [], [[3]]], ids=["two", "none", "one"])
def test_a_tensor_as_one_python_number_has_pytorchs_error_type(convert, values):
    """float(t) and int(t) of several elements are PyTorch's ValueError (default_collate of array.array('d') samples
    reaches it), item() and bool(t) its RuntimeError."""
    assert_as_pytorch(lambda lib: convert(lib.tensor(values)))
