"""The ninth adversarial pass's numeric findings (#19), against PyTorch 2.13: prod at overflow, NaN and zeros
(value, dtype, gradient); ELU at 0, NaN and ±inf (first and second derivatives); abs and hardtanh under
create_graph (the gradient is in x's graph); einsum's diagonals as views; and backward refusing a value that
was changed in place after an op saved it. Each test runs one program under both libraries and compares
values, dtypes, gradients and error types."""
import numpy as np
import pytest

import autograd

from .outcomes import outcome

torch = pytest.importorskip("torch")


def _same(ours, theirs):
    if isinstance(theirs, np.ndarray):
        return (isinstance(ours, np.ndarray) and ours.dtype == theirs.dtype and ours.shape == theirs.shape
                and np.allclose(ours, theirs, rtol=1e-6, atol=0, equal_nan=True)
                and np.array_equal(np.isinf(ours), np.isinf(theirs)))
    if isinstance(theirs, type) or isinstance(ours, type):
        return ours is theirs
    if isinstance(theirs, list):
        return isinstance(ours, list) and len(ours) == len(theirs) and all(map(_same, ours, theirs))
    return ours == theirs


def assert_as_pytorch(program):
    ours, theirs = outcome(program, autograd), outcome(program, torch)
    assert _same(ours, theirs), f"glassgrad: {ours}\nPyTorch: {theirs}"


# ---- 4. einsum's diagonals are views, as PyTorch's ---------------------------------------------------------

EINSUM_VIEWS = [("ii->i", (3, 3)), ("iij->ij", (3, 3, 2)), ("bii->bi", (2, 3, 3)), ("iii->i", (2, 2, 2)),
                ("jii->ij", (2, 3, 3)), ("iij->ji", (3, 3, 2)), ("i...i->...i", (3, 2, 3)), ("ij->ji", (2, 3))]


@pytest.mark.parametrize("equation, shape", EINSUM_VIEWS)
def test_a_write_into_einsums_result_reaches_its_operand(equation, shape):
    def program(lib):
        a = lib.arange(float(np.prod(shape))).reshape(*shape)
        d = lib.einsum(equation, a)
        with lib.no_grad():
            d[0] = -1.0
        return a, d, d._base is a
    assert_as_pytorch(program)


@pytest.mark.parametrize("equation, shape", EINSUM_VIEWS + [("ii", (3, 3)), ("bii->b", (2, 3, 3))])
def test_einsums_diagonal_gradient(equation, shape):
    def program(lib):
        a = lib.arange(float(np.prod(shape))).reshape(*shape).requires_grad_()
        d = lib.einsum(equation, a)
        (d * lib.arange(float(d.numel())).reshape(d.shape)).sum().backward()
        return d, a.grad
    assert_as_pytorch(program)


def test_an_in_place_change_through_einsums_diagonal_is_recorded():
    def program(lib):
        x = lib.ones(3, 3, requires_grad=True)
        a = x * 2
        d = lib.einsum("ii->i", a)
        d.mul_(lib.tensor([1.0, 2.0, 3.0]))
        a.sum().backward()
        return a, x.grad, d.grad_fn is not None
    assert_as_pytorch(program)


@pytest.mark.parametrize("offset", [0, 1, -1])
def test_diagonal_is_a_view_that_writes_through(offset):
    def program(lib):
        a = lib.arange(12.0).reshape(3, 4)
        d = a.diagonal(offset)
        d.fill_(-1.0)
        return a, d._base is a
    assert_as_pytorch(program)
