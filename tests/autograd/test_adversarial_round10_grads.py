"""Tenth adversarial pass (hostile10a): where a leaf's .grad came from, and a retained view's .grad."""
import numpy as np
import pytest

import autograd
from autograd import Tensor


def test_a_tensor_a_hook_returns_is_copied_into_grad():
    # The hook's tensor became w.grad itself: later accumulation changed it ([4, 4] and [4, 4]).
    fixed = autograd.tensor([1.0, 1.0])
    w = autograd.ones(2, requires_grad=True)
    w.register_hook(lambda g: fixed)
    for _ in range(3):
        (w * 3).sum().backward()
    np.testing.assert_array_equal(w.grad.numpy(), [3, 3])
    np.testing.assert_array_equal(fixed.numpy(), [1, 1])


def test_a_non_leaf_hook_result_is_copied_too():
    fixed = autograd.tensor([2.0, 2.0])
    w = autograd.ones(2, requires_grad=True)
    for _ in range(2):
        y = w + 0
        y.register_hook(lambda g: fixed)
        y.sum().backward()
    np.testing.assert_array_equal(w.grad.numpy(), [4, 4])
    np.testing.assert_array_equal(fixed.numpy(), [2, 2])


def test_a_node_hook_result_is_copied():
    fixed = autograd.tensor([5.0, 5.0])
    w = autograd.ones(2, requires_grad=True)
    for _ in range(2):
        y = w * 3
        y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: (fixed, None))
        y.sum().backward()
    np.testing.assert_array_equal(w.grad.numpy(), [10, 10])
    np.testing.assert_array_equal(fixed.numpy(), [5, 5])


def test_a_custom_backward_returning_a_kept_tensor_is_copied():
    kept = []

    class Double(autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            if not kept:
                kept.append(g * 2)
            return kept[0]

    w = autograd.ones(2, requires_grad=True)
    for _ in range(3):
        Double.apply(w).sum().backward()
        with autograd.no_grad():
            w.grad.mul_(1.0)
    np.testing.assert_array_equal(w.grad.numpy(), [6, 6])
    np.testing.assert_array_equal(kept[0].numpy(), [2, 2])


def test_a_retained_view_written_through_its_base_gets_only_its_new_gradient():
    # PyTorch moves retain_grad to the view's new grad_fn: v.grad is [1, 1], not the old path's 5 added.
    a = autograd.ones(2, requires_grad=True)
    b = a * 1
    v = b[:]
    v.retain_grad()
    c = v * 5
    b.mul_(2)
    (c.sum() + v.sum()).backward()
    np.testing.assert_array_equal(v.grad.numpy(), [1, 1])
    np.testing.assert_array_equal(a.grad.numpy(), [7, 7])


def test_a_retained_tensor_written_in_place_gets_its_new_gradient():
    a = autograd.ones(2, requires_grad=True)
    b = a * 1
    b.retain_grad()
    c = b * 5
    b.mul_(3)
    (c.sum() + b.sum()).backward()
    np.testing.assert_array_equal(b.grad.numpy(), [1, 1])
    np.testing.assert_array_equal(a.grad.numpy(), [8, 8])


@pytest.mark.parametrize("write", ["mul_", "setitem", "base"])
def test_retained_views_match_pytorch(write):
    torch = pytest.importorskip("torch")

    def run(lib, tensor):
        a = tensor([1.0, 2.0, 3.0], requires_grad=True)
        b = a * 2
        v = b[1:]
        v.retain_grad()
        c = v * 5 + v.exp().detach()
        if write == "mul_":
            v.mul_(3)
        elif write == "setitem":
            v[0] = 7.0
        else:
            b.add_(1)
        (c.sum() + (v * 4).sum()).backward()
        return v.grad.detach().numpy(), a.grad.detach().numpy()

    ours, theirs = run(autograd, autograd.tensor), run(torch, torch.tensor)
    for x, y in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(x, y)


def test_tensor_is_not_the_stored_grad_after_backward_with_gradient():
    g = Tensor(np.array([1.0, 2.0], dtype=np.float32))
    w = autograd.ones(2, requires_grad=True)
    (w + 0).backward(g)
    w.grad.mul_(10)
    np.testing.assert_array_equal(g.numpy(), [1, 2])


@pytest.mark.parametrize("shape", [(0, 3), (2, 0, 3), (0,), (3, 0)])
@pytest.mark.parametrize("write", ["zero_", "add_", "fill_", "copy_", "setitem", "mul_", "normal_", "masked"])
def test_writes_into_an_empty_tensor_do_nothing(shape, write):
    # NumPy gives empty arrays strides of 0: the overlap check refused every write into them (hostile10a C1).
    x = autograd.zeros(*shape)
    if write == "zero_":
        x.zero_()
    elif write == "add_":
        x.add_(1)
    elif write == "fill_":
        x.fill_(2)
    elif write == "copy_":
        x.copy_(autograd.ones(*shape))
    elif write == "setitem":
        x[:] = 1
    elif write == "mul_":
        x *= 2
    elif write == "normal_":
        x.normal_()
    else:
        x[autograd.zeros(*shape, dtype=bool)] = 5
    assert x.shape == shape and x.numel() == 0


def test_an_empty_batch_can_be_centred_and_optimised():
    x = autograd.zeros(0, 4)
    x -= x.mean(0)
    p = Tensor(np.zeros((0, 3), dtype=np.float32), requires_grad=True)
    (p * 2).sum().backward()
    with autograd.no_grad():
        p.sub_(0.1 * p.grad)
    assert p.shape == (0, 3)
