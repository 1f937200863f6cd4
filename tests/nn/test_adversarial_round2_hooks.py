"""Issue 19, second adversarial pass: Module hooks whose result differs silently from PyTorch 2.13's.
xfail(strict=True) until fixed: remove the mark with the fix."""
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")


def test_a_full_backward_hook_returning_none_leaves_the_input_without_gradient():
    results = []
    for lib, lib_nn in ((torch, torch.nn), (autograd, nn)):
        layer = lib_nn.Linear(2, 2)
        layer.register_full_backward_hook(lambda module, grad_input, grad_output: (None,))
        x = lib.ones(1, 2, requires_grad=True)
        layer(x).sum().backward()
        results.append(x.grad)
    assert results[0] is None
    assert results[1] is None
