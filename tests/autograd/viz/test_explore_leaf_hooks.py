"""A hook registered on a leaf (w.register_hook) changes the gradient backward() stores: the explorer's page and
trace show that gradient too, as PyTorch's backward gives it (#19, round 7)."""
import numpy as np
import pytest

import autograd
from autograd.viz import explore
from autograd.viz.trace import trace_backward

torch = pytest.importorskip("torch")

HOOKS = {
    "adds": [lambda g: g + 100],
    "returns None": [lambda g: None],
    "two in turn": [lambda g: g * 2, lambda g: g - 1],
}
GRAPHS = {  # w reaches the loss along one path, or along two (its sum completes at the later one)
    "one path": lambda lib, w: (w * w).sum(),
    "two paths": lambda lib, w: (w * w).sum() + (w.exp() * 3).sum(),
}


def run(lib, hooks, graph):
    w = lib.tensor([1.0, -2.0], requires_grad=True)
    c = lib.tensor([0.5, 4.0], requires_grad=True)  # a leaf without hooks beside it
    for hook in HOOKS[hooks]:
        w.register_hook(hook)
    return w, c, GRAPHS[graph](lib, w) * c.sum()


@pytest.mark.parametrize("graph", GRAPHS)
@pytest.mark.parametrize("hooks", HOOKS)
def test_the_page_shows_the_gradient_after_a_leafs_hooks(hooks, graph):
    w, c, loss = run(autograd, hooks, graph)
    page = explore(loss, params={"w": w, "c": c}).data
    shown = {t["name"]: t["grads"][-1][1] for t in page["tensors"].values() if t["name"] in ("w", "c")}
    _, totals = trace_backward(loss)
    loss.backward()
    tw, tc, tloss = run(torch, hooks, graph)
    tloss.backward()
    for name, tensor, theirs in (("w", w, tw), ("c", c, tc)):
        np.testing.assert_allclose(tensor.grad.numpy(), theirs.grad.numpy(), rtol=1e-6)
        np.testing.assert_allclose(totals[id(tensor)], theirs.grad.numpy(), rtol=1e-6)
        np.testing.assert_allclose([float(v) for v in shown[name]], theirs.grad.numpy(), rtol=1e-3)
