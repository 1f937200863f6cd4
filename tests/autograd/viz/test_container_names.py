"""Without params=, the explorer and the drawings name a parameter held in a container a model iterates or indexes
(ModuleList, ModuleDict) by its full path, as PyTorch's named_parameters() does ('enc.0.weight', not '0.weight'
twice), and label its cluster with that path. Checked against PyTorch's names and gradients for the same model."""
import re

import numpy as np
import pytest

import autograd
import nn
from autograd.viz import dot_source, explore


def make_model(nn):
    """A Sequential holding a module with a ModuleDict of ModuleLists, a ModuleList of its own whose first layer is
    also held (tied) as `proj`, and a ModuleDict head; `proj` is called twice (built with glassgrad's or torch's nn)."""

    class Router(nn.Module):
        def __init__(self):
            super().__init__()
            self.paths = nn.ModuleDict({"left": nn.ModuleList([nn.Linear(3, 3), nn.Linear(3, 3)]),
                                        "right": nn.ModuleList([nn.Linear(3, 3)])})

        def forward(self, x):
            for layer in self.paths["left"]:
                x = layer(x).tanh()
            return self.paths["right"][0](x)

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = nn.Sequential(Router())
            self.enc = nn.ModuleList([nn.Linear(3, 3)])
            self.proj = self.enc[0]  # one module reached by two paths: named_parameters() gives enc.0's
            self.heads = nn.ModuleDict({"a": nn.Linear(3, 1)})

        def forward(self, x):
            x = self.proj(self.proj(self.body(x)).tanh())  # the tied module, called twice
            return self.heads["a"](x).sum()

    return Model()


def explored_parameters(page):
    """name -> its gradient, for every leaf of the page that requires grad."""
    return {t["name"]: np.array([float(v) for v in t["grads"][-1][1]]).reshape(t["dims"])
            for t in page.data["tensors"].values() if t.get("leaf") and t.get("grads")}


def test_parameters_in_containers_are_named_as_named_parameters_with_pytorchs_gradients():
    torch = pytest.importorskip("torch")
    autograd.manual_seed(0)
    model = make_model(nn)
    x = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    page = explore(model(autograd.tensor(x)))  # no params=: the names come from the module calls
    reference = make_model(torch.nn)
    with torch.no_grad():
        for name, parameter in reference.named_parameters():
            parameter.copy_(torch.tensor(model.get_parameter(name).detach().numpy()))
    reference(torch.tensor(x)).backward()
    expected = {name: p.grad.numpy() for name, p in reference.named_parameters()}
    assert sorted(expected) == sorted(name for name, _ in model.named_parameters())
    assert "proj.weight" not in expected and "enc.0.weight" in expected  # the tied module: its first path
    found = explored_parameters(page)
    assert sorted(found) == sorted(expected)
    for name, grad in expected.items():
        assert found[name] == pytest.approx(grad, abs=1e-3), name


def test_clusters_and_outputs_are_labelled_with_the_path_inside_the_calling_module():
    autograd.manual_seed(0)
    model = make_model(nn)
    loss = model(autograd.randn(4, 3))
    dot = dot_source(loss)
    labels = set(re.findall(r'subgraph cluster_\d+ \{\n\t+label="([^"]+)"', dot))
    assert {"body: Sequential", "0: Router", "paths.left.0: Linear",
            "paths.left.1: Linear", "paths.right.0: Linear", "enc.0: Linear", "heads.a: Linear"} <= labels
    assert not labels & {"0: Linear", "1: Linear", "a: Linear", "proj: Linear"}
    data = explore(loss).data
    modules = {op["module"] for op in data["ops"].values()}
    assert "Model / body: Sequential / 0: Router / paths.right.0: Linear" in modules
    names = {t["name"] for t in data["tensors"].values()}
    assert {"enc.0#1.out", "enc.0#2.out", "body.0.paths.left.0.weight"} <= names  # the module called twice



def test_a_transformer_encoders_layers_are_told_apart():
    autograd.manual_seed(0)
    encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, batch_first=True), 2)
    page = explore(encoder(autograd.randn(1, 3, 4)).sum())  # its layers sit in a ModuleList it iterates
    assert sorted(explored_parameters(page)) == sorted(name for name, _ in encoder.named_parameters())
