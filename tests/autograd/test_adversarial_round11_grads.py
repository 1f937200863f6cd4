"""Eleventh adversarial pass (hostile11b S1, S2): a gradient a hook keeps is never the array that becomes
.grad, and a retained non-leaf's .grad is replaced by a new sum, not added into (PyTorch's rules)."""
import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")


def _kept_by_hooks(lib, where):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    w = lib.tensor([3.0, -1.0], requires_grad=True)
    seen = []
    if where == "leaf":
        x.register_hook(seen.append)
    for _ in range(2):
        if where == "leaf":
            y = (x * x).sum()
        elif where == "pass-through":
            h = x + w
            h.register_hook(seen.append)
            y = h.sum()
        elif where == "to":
            h = x.to(lib.float64)
            h.register_hook(seen.append)
            y = h.sum()
        else:  # a node hook, which sees the gradients its rule sent
            h = x * 3
            h.grad_fn.register_hook(lambda grad_inputs, grad_outputs: seen.append(grad_inputs[0]))
            y = h.sum()
        y.backward()
    with lib.no_grad():
        x.grad.mul_(100)  # as clipping or an optimizer step would
    return [s.detach().numpy().copy() for s in seen], x.grad.detach().numpy()


@pytest.mark.parametrize("where", ["leaf", "pass-through", "to", "node"])
def test_a_gradient_a_hook_kept_is_not_changed_by_later_accumulation(where):
    ours, theirs = _kept_by_hooks(autograd, where), _kept_by_hooks(torch, where)
    assert len(ours[0]) == len(theirs[0])
    for a, b in zip(ours[0], theirs[0], strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ours[1], theirs[1])


def test_a_logged_gradient_survives_clipping():
    w = autograd.tensor([[3.0, 4.0]], requires_grad=True)
    logged = []
    w.register_hook(logged.append)
    (w * w).sum().backward()
    norm = np.sqrt((w.grad.numpy() ** 2).sum())
    with autograd.no_grad():
        w.grad.mul_(0.01 / norm)
    np.testing.assert_array_equal(logged[0].numpy(), [[6, 8]])


def _retained_twice(lib, second):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    h = x * 2
    h.retain_grad()
    y = (h * h).sum()
    y.backward(retain_graph=True)
    first = h.grad
    if second == "backward":
        y.backward()
    else:
        (lib.autograd.grad if lib is torch else lib.grad)(y, x)
    return first.detach().numpy(), h.grad.detach().numpy(), x.grad.detach().numpy()


@pytest.mark.parametrize("second", ["backward", "grad"])
def test_a_retained_non_leaf_grad_is_replaced_not_added_into(second):
    ours, theirs = _retained_twice(autograd, second), _retained_twice(torch, second)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(a, b)
