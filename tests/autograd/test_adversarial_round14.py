"""Fourteenth adversarial pass (hostile14a): torch.autograd.backward from several tensors is one walk, inputs=
retains a non-leaf's grad, and a custom Function returning its input under no_grad is not the input."""
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")

PROGRAM = """
    w = torch.tensor([1., 2.], requires_grad=True); a = w * 1
    calls = []
    a.register_hook(lambda g: calls.append(g.tolist()) or g * g)
    w.register_post_accumulate_grad_hook(lambda p: calls.append(p.grad.tolist()))
    torch.autograd.backward([(a * 2).sum(), (a * 3).sum()])
    v = torch.tensor([1., 2., 3.], requires_grad=True); b = v * 2
    (b * b).sum().backward(inputs=[b], retain_graph=True)
    (b * 3).sum().backward()
    print([w.grad.tolist(), calls, b.grad.tolist(), b.retains_grad, v.grad.tolist()])
"""


def _printed(prelude):
    code = prelude + textwrap.dedent(PROGRAM)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return result.stdout


def test_backward_from_several_tensors_is_one_walk_and_inputs_retain_grad_as_pytorch():
    ours = _printed("import glassgrad; glassgrad.install_as_torch(); import torch\n")
    theirs = _printed("import torch\n")
    assert ours == theirs


def test_a_custom_function_returning_its_input_under_no_grad_gives_a_tensor_outside_the_graph():
    class Identity(autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 7

    for make in (lambda: autograd.tensor([1.0, 2.0], requires_grad=True), lambda: autograd.tensor([1.0, 2.0])):
        w = make()
        with autograd.no_grad():
            y = Identity.apply(w)
        assert y is not w and not y.requires_grad and y.is_leaf and y.grad_fn is None
        y.mul_(3)  # (it shares w's memory, as PyTorch's output does)
        np.testing.assert_array_equal(w.detach().numpy(), [3, 6])
