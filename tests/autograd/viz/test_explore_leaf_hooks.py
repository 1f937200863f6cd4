"""explore() records the backward pass without running any hook (#19, round 9): a hook that counts, prints or
records runs only in the user's own backward(), as many times as their code calls it, and that backward stores the
gradient the hooks give, as PyTorch's does. The page shows the gradients as the rules give them, before any hook
(round 7 showed a leaf's gradient after its hooks, which meant running them once more)."""
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


def run(lib, hooks, graph, calls):
    w = lib.tensor([1.0, -2.0], requires_grad=True)
    c = lib.tensor([0.5, 4.0], requires_grad=True)  # a leaf without hooks beside it
    for hook in hooks:
        w.register_hook(lambda g, hook=hook: calls.append(1) or hook(g))
    return w, c, GRAPHS[graph](lib, w) * c.sum()


@pytest.mark.parametrize("graph", GRAPHS)
@pytest.mark.parametrize("hooks", HOOKS)
def test_the_page_runs_no_hook_and_shows_the_rules_gradient(hooks, graph):
    calls = []
    w, c, loss = run(autograd, HOOKS[hooks], graph, calls)
    page = explore(loss, params={"w": w, "c": c}).data
    shown = {t["name"]: t["grads"][-1][1] for t in page["tensors"].values() if t["name"] in ("w", "c")}
    _, totals = trace_backward(loss)
    assert calls == []  # recording ran none of them
    loss.backward()
    assert len(calls) == len(HOOKS[hooks])  # the user's backward ran each once
    plain = run(torch, [], graph, [])  # PyTorch without the hooks: the rules' gradient
    plain[2].backward()
    hooked = run(torch, HOOKS[hooks], graph, [])  # and with them: what backward() stores
    hooked[2].backward()
    for name, tensor, bare, theirs in (("w", w, plain[0], hooked[0]), ("c", c, plain[1], hooked[1])):
        np.testing.assert_allclose(tensor.grad.numpy(), theirs.grad.numpy(), rtol=1e-6)
        np.testing.assert_allclose(totals[id(tensor)], bare.grad.numpy(), rtol=1e-6)
        np.testing.assert_allclose([float(v) for v in shown[name]], bare.grad.numpy(), rtol=1e-3)
