"""The twenty-fourth adversarial pass's nn findings (hostile24d), against PyTorch."""
import types

import numpy as np
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")
ours = types.SimpleNamespace(nn=nn, tensor=autograd.tensor, no_grad=autograd.no_grad, float32=autograd.float32)

# Module methods a user's class may override with its own meaning or refuse: a forward must not call them
# (PyTorch's never does), whether the class is the module called or one of its children.
OVERRIDABLE = ["named_modules", "modules", "children", "named_children", "named_parameters", "parameters",
               "buffers", "named_buffers", "state_dict", "_get_name", "extra_repr", "__repr__", "train", "eval",
               "type", "to", "apply", "_apply", "zero_grad", "requires_grad_", "get_submodule", "load_state_dict"]


def _refusing(lib, method):
    """A Linear-holding module class whose `method` raises."""
    def refuse(self, *args, **kwargs):
        raise RuntimeError(f"{method} is not supported here")

    def init(self):
        lib.nn.Module.__init__(self)
        self.fc = lib.nn.Linear(2, 2)

    return type("Refusing", (lib.nn.Module,), {method: refuse, "__init__": init, "forward": lambda s, x: s.fc(x)})


def _wrapped(lib, inner_class):
    class Outer(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = inner_class()
            self.twice = self.inner  # held twice: the first path names it

        def forward(self, x):
            return self.twice(self.inner(x).tanh())

    return Outer()


@pytest.mark.parametrize("method", OVERRIDABLE)
@pytest.mark.parametrize("where", ["root", "child"])
def test_forward_and_backward_call_no_overridable_module_method(method, where):
    weights = np.array([[0.5, -1.0], [2.0, 0.25]]), np.array([0.1, -0.2])
    outputs = []
    for lib in (torch, ours):
        inner = _refusing(lib, method)
        module = inner() if where == "root" else _wrapped(lib, inner)
        linear = module.fc if where == "root" else module.inner.fc
        with lib.no_grad():
            linear.weight.copy_(lib.tensor(weights[0], dtype=lib.float32))
            linear.bias.copy_(lib.tensor(weights[1], dtype=lib.float32))
        lib.nn.Module.register_forward_hook(linear, lambda m, args, out: out * 2)
        lib.nn.Module.register_full_backward_hook(linear, lambda m, gin, gout: None)
        x = lib.tensor([[1.0, -2.0], [0.5, 3.0]], requires_grad=True)
        y = module(x)
        y.pow(2).sum().backward()
        outputs.append((y.detach().numpy(), x.grad.numpy(), linear.weight.grad.numpy()))
    for got, expected in zip(outputs[1], outputs[0], strict=True):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_a_module_whose_named_modules_means_something_else_runs_and_is_named_by_its_registered_children():
    class Leaves(nn.Module):
        def __init__(self):
            super().__init__()
            self.l = nn.Linear(2, 2)
            self.act = nn.ReLU()

        def named_modules(self, *args, **kwargs):
            return [self.l, self.act]  # a user's own meaning

        def forward(self, x):
            return self.act(self.l(x))

    out = Leaves()(autograd.ones(1, 2, requires_grad=True))
    assert out.grad_fn.scope == ("Leaves", "act: ReLU")
    assert out.grad_fn.next_functions[0][0].scope[-1] == "l: Linear"
