"""Without params=, the explorer names every parameter as the OUTERMOST module called names it in
named_parameters(), whichever module's forward used it: a layer handed to a wrapper's forward, the layers of a
Sequential slice, tied parameters and modules (the first path, as PyTorch), a module called through a plain list
or from a hook, a weight used functionally, ParameterList/ParameterDict entries. Two models called at the top
(a GAN's D(G(z))) never give one name to two parameters. Checked against PyTorch's names and gradients."""
import numpy as np
import pytest

import autograd
import nn
from autograd.viz import explore


def make_models(nn, F):
    """{case: a model} built with glassgrad's or torch's nn (F: its functional module)."""
    return {**_calling_models(nn), **_sharing_models(nn, F)}


def _calling_models(nn):
    """Models whose layers are called by a module other than their parent."""

    class Residual(nn.Module):
        def forward(self, x, fn):
            return x + fn(x)

    class Wrapper(nn.Module):  # a layer passed INTO another module's forward
        def __init__(self):
            super().__init__()
            self.res = Residual()
            self.enc = nn.ModuleList([nn.Linear(3, 3)])
            self.dec = nn.ModuleList([nn.Linear(3, 3)])

        def forward(self, x):
            for layer in self.enc:
                x = self.res(x, layer).tanh()
            for layer in self.dec:
                x = self.res(x, layer)
            return x

    class Slices(nn.Module):  # slices of two Sequentials, and two slices of one
        def __init__(self):
            super().__init__()
            self.enc = nn.Sequential(nn.Linear(3, 3), nn.Tanh(), nn.Linear(3, 3))
            self.dec = nn.Sequential(nn.Linear(3, 3), nn.Tanh())

        def forward(self, x):
            return self.dec[:1](self.enc[2:](self.enc[:2](x)))

    return {"wrapper": Wrapper(), "slices": Slices()}


def _sharing_models(nn, F):
    """Models holding one parameter or module under two names, in a plain list, or using weights functionally."""

    class TiedHeadFirst(nn.Module):  # the tied parameter's first holder is called second
        def __init__(self):
            super().__init__()
            self.head = nn.Linear(3, 3, bias=False)
            self.emb = nn.Linear(3, 3, bias=False)
            self.emb.weight = self.head.weight

        def forward(self, x):
            return self.head(self.emb(x).tanh())

    class Inner(nn.Module):
        def __init__(self):
            super().__init__()
            self.l = nn.Linear(3, 3)

        def forward(self, x):
            return self.l(x)

    class SharedModule(nn.Module):  # one module under a.l and b.l, b called first
        def __init__(self):
            super().__init__()
            self.a, self.b = Inner(), Inner()
            self.b.l = self.a.l

        def forward(self, x):
            return self.b(x) * self.a(x)

    class Block(nn.Module):
        def __init__(self, shared):
            super().__init__()
            self.own = nn.Linear(3, 3)
            self._ref = [shared]  # a plain list: not registered under the block

        def forward(self, x):
            return self._ref[0](self.own(x))

    class PlainList(nn.Module):
        def __init__(self):
            super().__init__()
            self.shared = nn.Linear(3, 3)
            self.blocks = nn.ModuleList([Block(self.shared), Block(self.shared)])

        def forward(self, x):
            for block in self.blocks:
                x = block(x).tanh()
            return x

    return {"tied": TiedHeadFirst(), "shared": SharedModule(), "plain list": PlainList(), **_other_models(nn, F)}


def _other_models(nn, F):
    """A hook that calls a sibling, and weights used without calling their module."""

    class Inner(nn.Module):
        def __init__(self):
            super().__init__()
            self.l = nn.Linear(3, 3)

    class Hooked(nn.Module):  # a hook on `a` calls the sibling `b`
        def __init__(self):
            super().__init__()
            self.a, self.b = nn.Linear(3, 3), nn.Linear(3, 3)
            self.a.register_forward_hook(lambda module, args, out: self.b(out))

        def forward(self, x):
            return self.a(x)

    class Functional(nn.Module):  # weights used without calling their module
        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(3, 3)
            self.inner = Inner()
            self.pl = nn.ParameterList([nn.Parameter(autograd_or_torch_ones(nn, 3))])
            self.pd = nn.ParameterDict({"k": nn.Parameter(autograd_or_torch_ones(nn, 3))})

        def forward(self, x):
            x = F.linear(x, self.lin.weight, self.lin.bias) * self.pl[0]
            return F.linear(x, self.inner.l.weight) + self.pd["k"]

    return {"hook": Hooked(), "functional": Functional()}


def autograd_or_torch_ones(nn, n):
    if nn.__name__ == "nn":  # glassgrad's
        return autograd.ones(n)
    import torch
    return torch.ones(n)


def leaf_grads(page):
    """[(name, gradient)] for every leaf of the page that requires grad."""
    return [(t["name"], np.array([float(v) for v in t["grads"][-1][1]]).reshape(t["dims"]))
            for t in page.data["tensors"].values() if t.get("leaf") and t.get("grads")]


@pytest.mark.parametrize("case", ["wrapper", "slices", "tied", "shared", "plain list", "hook", "functional"])
def test_parameters_are_named_as_the_outermost_models_named_parameters_with_pytorchs_gradients(case):
    torch = pytest.importorskip("torch")
    autograd.manual_seed(0)
    model = make_models(nn, nn.functional)[case]
    reference = make_models(torch.nn, torch.nn.functional)[case]
    with torch.no_grad():
        for name, parameter in reference.named_parameters():
            parameter.copy_(torch.tensor(model.get_parameter(name).detach().numpy()))
    x = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    page = explore(model(autograd.tensor(x)).sum())  # no params=: the names come from the module calls
    reference(torch.tensor(x)).sum().backward()
    expected = {name: p.grad.numpy() for name, p in reference.named_parameters() if p.grad is not None}
    found = leaf_grads(page)
    assert sorted(name for name, _ in found) == sorted(expected)  # each parameter once, by PyTorch's name
    for name, grad in found:
        assert grad == pytest.approx(expected[name], abs=1e-4), name


def test_a_layer_handed_to_a_wrapper_is_boxed_under_its_own_path():
    autograd.manual_seed(0)
    model = make_models(nn, nn.functional)["wrapper"]
    modules = {op.get("module") for op in explore(model(autograd.randn(2, 3)).sum()).data["ops"].values()}
    assert {"Wrapper / res: Residual / enc.0: Linear", "Wrapper / res: Residual / dec.0: Linear"} <= modules
    slices = make_models(nn, nn.functional)["slices"]
    modules = {op.get("module") for op in explore(slices(autograd.randn(2, 3)).sum()).data["ops"].values()}
    assert {"Slices / Sequential / enc.0: Linear", "Slices / Sequential / enc.2: Linear",
            "Slices / Sequential / dec.0: Linear"} <= modules


def test_two_models_called_at_the_top_never_share_a_name():
    autograd.manual_seed(0)
    generator = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 2))
    discriminator = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
    names = [name for name, _ in leaf_grads(explore(discriminator(generator(autograd.randn(4, 2))).mean()))]
    assert sorted(names) == sorted([f"Sequential#{k}.{n}" for k in (1, 2) for n in ("0.weight", "0.bias",
                                                                                     "2.weight", "2.bias")])
    again = [name for name, _ in leaf_grads(explore((generator(autograd.randn(4, 2)) * generator(autograd.randn(4, 2))).sum()))]
    assert sorted(again) == ["0.bias", "0.weight", "2.bias", "2.weight"]  # one model called twice: no prefix


def test_a_child_called_at_the_top_keeps_its_attribute_name():
    autograd.manual_seed(0)
    outer = nn.Sequential(nn.Linear(2, 2))
    outer.fc = nn.Linear(2, 2)
    names = [name for name, _ in leaf_grads(explore(outer.fc(autograd.randn(3, 2)).sum()))]
    assert sorted(names) == ["fc.bias", "fc.weight"]
