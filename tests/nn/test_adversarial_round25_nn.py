"""The twenty-fifth adversarial pass's nn findings (hostile25d), against PyTorch."""
import types

import numpy as np
import pytest

import autograd
import nn
from nn.module import _first_paths

torch = pytest.importorskip("torch")
ours = types.SimpleNamespace(nn=nn, tensor=autograd.tensor, no_grad=autograd.no_grad, float32=autograd.float32,
                             ones=autograd.ones, tanh=autograd.tanh)


def _chain(lib, depth):
    """A linked list of `depth` modules, each holding the next as 'nxt', whose forward walks it in a loop."""
    class Node(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = lib.nn.Linear(2, 2)

    class Chain(lib.nn.Module):
        def __init__(self):
            super().__init__()
            current = self
            for _ in range(depth):
                current.add_module("nxt", Node())
                current = current.nxt

        def forward(self, x):
            current = self.nxt
            while current is not None:
                x = lib.tanh(current.lin(x))
                current = current._modules.get("nxt")
            return x

    return Chain()


def test_a_module_tree_thousands_of_levels_deep_runs_forward_and_backward_as_in_pytorch():
    depth = 3000  # deeper than Python's default recursion limit
    for lib in (torch, ours):
        chain = _chain(lib, depth)
        x = lib.ones(1, 2, requires_grad=True)
        out = chain(x)
        out.sum().backward()
        assert tuple(out.shape) == (1, 2) and tuple(x.grad.shape) == (1, 2)
    assert out.grad_fn.next_functions[0][0].scope[-1] == ".".join(["nxt"] * depth) + ".lin: Linear"


def _shared_tree(lib):
    """A tree where modules are held twice, at a deeper path first and a shallower one later, and nested."""
    a, b, c = lib.nn.Linear(2, 2), lib.nn.Tanh(), lib.nn.Sequential(lib.nn.ReLU())
    inner = lib.nn.Sequential(lib.nn.Sequential(a, c), b)
    root = lib.nn.ModuleDict({"first": inner, "a": a, "second": lib.nn.Sequential(c, inner, b), "c": c})
    root.add_module("empty", None)
    root.second.add_module("loop", root)  # the root again, under itself
    return root


def test_the_forward_walk_names_each_module_by_its_first_path_in_pytorchs_named_modules_order():
    theirs = [path for path, _ in _shared_tree(torch).named_modules()]
    tree = _shared_tree(ours)
    walked = _first_paths(tree)
    by_id = {id(module): module for module in [tree, *tree.modules()]}
    assert list(walked.values()) == theirs
    assert [by_id[key] for key in walked] == [module for _, module in tree.named_modules()]


def _wrapper(lib):
    class Wrapper(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = lib.nn.Linear(2, 2)

        def forward(self, x):
            return self.inner(x)

    return Wrapper()


def test_a_value_put_straight_into_modules_that_is_not_a_module_is_ignored_by_forward_as_in_pytorch():
    results = []
    for lib in (torch, ours):
        model = _wrapper(lib)
        with lib.no_grad():
            model.inner.weight.copy_(lib.tensor([[1.0, 2.0], [3.0, -4.0]]))
            model.inner.bias.zero_()
        model._modules["fn"] = lib.tanh  # add_module would refuse it; forward never looks at it
        model.inner._modules["count"] = 3
        results.append(model(lib.ones(1, 2)).detach().numpy())
    np.testing.assert_allclose(results[1], results[0])
