"""Clusters by nn.Module, collapsed modules, and the node cap."""
import re

import pytest

import autograd
import nn
from autograd.viz import cap, collapse_modules, extract, to_dot


class TinyMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(2, 4)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(4, 1)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


@pytest.fixture
def mlp_loss():
    autograd.manual_seed(0)
    model = TinyMLP()
    loss = nn.MSELoss()(model(autograd.randn(5, 2)), autograd.randn(5, 1))
    return loss, dict(model.named_parameters())


def cluster_labels(dot):
    return re.findall(r'subgraph cluster_\d+ \{\n\t+label="([^"]+)"', dot)


def test_ops_cluster_by_module(mlp_loss):
    loss, params = mlp_loss
    dot = to_dot(extract(loss, params))
    assert cluster_labels(dot) == ["TinyMLP", "fc1: Linear", "act: ReLU", "fc2: Linear", "MSELoss"]
    fc1 = dot[dot.index('label="fc1: Linear"'):dot.index('label="act: ReLU"')]
    assert "<b>fc1.weight</b>" in fc1 and "<b>fc1.bias</b>" in fc1 and 'label="linear"' in fc1  # x Wᵀ + b, one op
    assert "subgraph" not in to_dot(extract(loss, params), cluster_modules=False)


def test_collapse_draws_each_innermost_module_as_one_box(mlp_loss):
    loss, params = mlp_loss
    graph = collapse_modules(extract(loss, params))
    modules = [node.title for node in graph.nodes.values() if node.kind == "module"]
    assert modules == ["fc1: Linear", "act: ReLU", "fc2: Linear", "MSELoss"]
    assert graph.count("parameter") == 4  # weights and biases stay visible as inputs
    assert graph.count("op") == 0
    dot = to_dot(graph)
    assert cluster_labels(dot) == ["TinyMLP"]
    assert "shape=box3d" in dot and "(5, 4) float32" in dot  # a module's output keeps its shape


def test_collapse_at_depth_one_makes_the_model_one_box(mlp_loss):
    loss, params = mlp_loss
    graph = collapse_modules(extract(loss, params), depth=1)
    assert [node.title for node in graph.nodes.values() if node.kind == "module"] == ["TinyMLP", "MSELoss"]
    with pytest.raises(ValueError):
        collapse_modules(extract(loss, params), depth=0)


def test_cap_keeps_the_nodes_nearest_the_output():
    x = autograd.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(2000):
        y = y.tanh()
    graph = cap(extract(y), max_nodes=50)
    assert len(graph.nodes) == 51 and graph.root in graph.nodes
    assert graph.nodes["elided"].title == f"... {2 * 2000 + 1 - 50} more nodes"
    assert sum(1 for source, _ in graph.edges if source == "elided") == 1  # a chain is cut in one place
    assert "style=dashed" in to_dot(graph)
    assert cap(extract(y), max_nodes=None).count("op") == 2000
