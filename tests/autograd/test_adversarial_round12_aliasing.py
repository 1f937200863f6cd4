"""Twelfth adversarial pass (hostile12b S1, S2): results PyTorch copies must never alias their input."""
import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")

REPEATS = [((1, 2), (3, 1)), ((2, 1), (1, 3)), ((2, 2), (1, 1)), ((3,), (2,)), ((2, 3), (2, 1, 1)), ((1,), (1,)),
           ((), (2,)), ((0, 2), (2, 1)), ((2, 2), (0, 1))]


@pytest.mark.parametrize("shape, repeats", REPEATS)
def test_repeat_is_a_copy(shape, repeats):
    def run(lib):
        x = lib.arange(int(np.prod(shape)), dtype=lib.float32).reshape(shape)
        y = x.repeat(*repeats)
        if y.numel():
            y.view(-1)[0] = -5.0
            y.add_(1)
        return x.numpy().copy(), y.numpy().copy(), y.is_contiguous()

    for a, b in zip(run(autograd), run(torch), strict=True):
        np.testing.assert_array_equal(a, b)


def test_repeat_of_a_leaf_is_not_a_view_of_it():
    for lib in (autograd, torch):
        w = lib.ones(1, 2, requires_grad=True)
        y = w.repeat(3, 1)
        y[0] = 0  # PyTorch: allowed (y is not a view of the leaf)
        y.sum().backward()
        np.testing.assert_array_equal(w.grad.numpy(), [[2, 2]])
        with lib.no_grad():
            assert not lib.ones(2, 2, requires_grad=True).repeat(1, 1).requires_grad


@pytest.mark.parametrize("kwargs", [{"n": 0}, {"n": 0, "dim": 0}, {"n": 0, "dim": 1}])
def test_diff_never_returns_its_input(kwargs):
    def run(lib, shape):
        x = lib.ones(*shape, requires_grad=True)
        y = x.diff(**kwargs)
        return y is x, y.is_leaf, y.grad_fn is None, y.shape

    for shape in [(3, 2), (0, 2)]:
        ours, theirs = run(autograd, shape), run(torch, shape)
        assert ours[:3] == theirs[:3] and tuple(ours[3]) == tuple(theirs[3])
    x = autograd.tensor([1.0, 2.0])
    x.diff(n=0).mul_(0)
    np.testing.assert_array_equal(x.numpy(), [1, 2])


@pytest.mark.parametrize("shape", [(0, 2), (2, 0, 3), (0,)])
def test_clone_of_an_empty_tensor_is_a_new_tensor(shape):
    # NumPy may give an empty array strides of 0, which clone took for an expanded tensor and returned it.
    x = autograd.ones(*shape, requires_grad=True)
    y = x.clone()
    assert y is not x and not y.is_leaf and y.grad_fn is not None and y.shape == shape


def test_diff_of_order_0_ignores_prepend_and_append_as_pytorch():
    """hostile14b S5: PyTorch returns (a copy of) x for n = 0, whatever prepend and append are."""
    for lib in (autograd, torch):
        x = lib.tensor([1.0, 2.0, 3.0])
        y = lib.diff(x, n=0, prepend=lib.tensor([9.0]), append=lib.tensor([7.0]))
        np.testing.assert_array_equal(y.numpy(), [1, 2, 3])
