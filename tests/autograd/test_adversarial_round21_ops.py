"""Round 21 (hostile21b) op findings, against PyTorch: an indexed write of a value of another dtype casts exactly
where PyTorch casts (a one-element value under a single bool mask: masked_fill) and refuses where it refuses."""
import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")


def _same(ours, theirs):
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)  # NaN where NaN, ±inf where ±inf


WRITE_INDICES = {
    "2-d mask": lambda L: L.tensor([[True, False, True], [False, True, False]]),
    "2-d mask in a tuple": lambda L: (L.tensor([[True, False, True], [False, True, False]]),),
    "row mask": lambda L: L.tensor([True, False]), "row mask, :": lambda L: (L.tensor([True, False]), slice(None)),
    ":, column mask": lambda L: (slice(None), L.tensor([True, False, True])),
    "int, column mask": lambda L: (0, L.tensor([True, False, True])),
    "row mask, int": lambda L: (L.tensor([True, False]), 1),
    "..., column mask": lambda L: (Ellipsis, L.tensor([True, False, True])),
    "None, 2-d mask": lambda L: (None, L.tensor([[True, False, True], [False, True, False]])),
    "list of bools": lambda L: [True, False], "two masks": lambda L: (L.tensor([True, False]), L.tensor([True, True, False])),
    "mask and int tensor": lambda L: (L.tensor([True, False]), L.tensor([1])),
    "int tensor": lambda L: L.tensor([0]), "int tensor, :": lambda L: (L.tensor([0, 1]), slice(None)),
    "list of ints": lambda L: [0, 1], "basic": lambda L: (0, slice(1, 2)), "0-d int tensor": lambda L: L.tensor(0),
    "0-d bool tensor": lambda L: L.tensor(True),
}
WRITE_VALUES = {
    "0-d int64": lambda L: L.tensor(7), "(1,) int64": lambda L: L.tensor([7]), "(1, 1) int64": lambda L: L.tensor([[7]]),
    "(1, 1, 1) float64": lambda L: L.tensor([[[7.5]]], dtype=L.float64), "0-d float64": lambda L: L.tensor(7.5, dtype=L.float64),
    "(2,) int64": lambda L: L.tensor([7, 8]), "(3,) int64": lambda L: L.tensor([7, 8, 9]), "0-d bool": lambda L: L.tensor(True),
    "(1,) float32": lambda L: L.tensor([7.5]),
}


def _write_outcome(lib, dtype, index, value):
    x = lib.tensor([[1.0, -1.0, 2.0], [-3.0, 4.0, -5.0]]).to(getattr(lib, dtype))
    try:
        x[WRITE_INDICES[index](lib)] = WRITE_VALUES[value](lib)
    except (RuntimeError, IndexError) as error:
        return type(error)
    return x.numpy()


@pytest.mark.parametrize("dtype", ["float32", "int64", "bool"])
@pytest.mark.parametrize("index", sorted(WRITE_INDICES))
def test_an_indexed_write_of_another_dtype_casts_exactly_where_pytorch_casts(dtype, index):
    for value in WRITE_VALUES:
        ours, theirs = _write_outcome(autograd, dtype, index, value), _write_outcome(torch, dtype, index, value)
        if isinstance(theirs, type):
            assert ours is theirs, (value, ours)
        else:
            assert not isinstance(ours, type), (value, ours)
            _same(ours, theirs)


@pytest.mark.parametrize("index", ["2-d mask", "row mask, :", ":, column mask", "int, column mask"])
def test_a_one_element_value_of_another_dtype_under_a_mask_gets_pytorchs_gradient(index):
    grads = []
    for lib in (torch, autograd):
        w = lib.tensor([[1.0, -1.0, 2.0], [-3.0, 4.0, -5.0]], requires_grad=True)
        v = lib.tensor([[2.5]], dtype=lib.float64, requires_grad=True)
        x = w * 1
        x[WRITE_INDICES[index](lib)] = v
        (x * lib.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum().backward()
        grads.append((w.grad.numpy(), v.grad.numpy()))
    _same(grads[1][0], grads[0][0])
    _same(grads[1][1], grads[0][1])
    assert grads[1][1].dtype == grads[0][1].dtype
