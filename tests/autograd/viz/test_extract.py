"""Extraction and DOT text, checked without any renderer."""
import re

import numpy as np
import pytest

import autograd
from autograd.viz import extract, to_dot
from autograd.viz.extract import FREED_NOTE


def label_of(dot, node_id):
    return re.search(rf"^\t{node_id} \[label=(.*)$", dot, re.M).group(1)


def number_after(word, label):
    return float(re.search(rf"{word} (-?[0-9.e+-]+)<", label).group(1))


def test_neuron_has_one_box_per_tensor_and_one_node_per_op(neuron):
    out, _ = neuron
    graph = extract(out)
    assert graph.count("parameter") == 5
    assert graph.count("intermediate") == 4
    assert graph.count("output") == 1
    assert [node.title for node in graph.nodes.values() if node.kind == "op"] == ["mul", "mul", "add", "add", "tanh"]
    assert len(graph.edges) == 4 * 3 + 1 * 2  # four binary ops (two inputs, one output) and one unary op


def test_neuron_labels_show_values_and_grads(neuron):
    out, leaves = neuron
    graph = extract(out)
    dot = to_dot(graph)
    ids = {node.title: node.id for node in graph.nodes.values() if node.title}
    output_label = label_of(dot, graph.root)
    assert number_after("data", output_label) == pytest.approx(0.7071, abs=1e-4)
    assert number_after("grad", output_label) == 1.0
    assert number_after("grad", label_of(dot, ids["x1"])) == pytest.approx(-1.5)
    assert number_after("grad", label_of(dot, ids["w1"])) == pytest.approx(1.0)
    assert "data 6.8814<" in label_of(dot, ids["b"])  # as PyTorch prints it
    assert "data 0.7071<" in output_label and "grad 1.<" in output_label
    precise = to_dot(extract(out, precision=8))
    assert "data 6.88137359<" in label_of(precise, ids["b"])
    assert "scalar float64" in output_label


def test_same_graph_gives_the_same_text(neuron):
    out, _ = neuron
    assert to_dot(extract(out)) == to_dot(extract(out))
    assert re.findall(r"^\t(t\d+|op\d+) \[", to_dot(extract(out)), re.M)[:3] == ["t0", "t1", "op0"]


def test_params_name_leaves_and_styles_differ():
    w = autograd.randn(3, 2, requires_grad=True)
    x = autograd.ones(4, 3)
    out = (x @ w).relu().sum()
    dot = to_dot(extract(out, params={"layer.weight": w}))
    assert "<b>layer.weight</b>" in dot
    assert "(3, 2) float32" in dot and "data [" in dot and ", ...&#93;" in dot  # (']' is written &#93; in HTML labels: dot.py)
    fills = {kind: fill for kind, fill in (("parameter", "#dbeafe"), ("constant", "#eeeeee"), ("output", "#dcfce7"))}
    for fill in fills.values():
        assert f'bgcolor="{fill}"' in dot
    assert 'label="matmul"' in dot and 'label="relu"' in dot and 'label="sum"' in dot


def test_reductions_name_their_dims():
    x = autograd.randn(2, 3, requires_grad=True)
    assert 'label="sum(dim=1)"' in to_dot(extract(x.sum(dim=1)))


def test_options_hide_data_and_grads_and_choose_direction(neuron):
    out, _ = neuron
    bare = to_dot(extract(out, show_data=False, show_grad=False), rankdir="TB")
    assert "data " not in bare and "grad " not in bare
    assert "rankdir=TB" in bare
    with pytest.raises(ValueError, match="rankdir"):
        to_dot(extract(out), rankdir="sideways")


def test_a_reused_tensor_has_one_box_and_one_edge_per_use():
    a = autograd.tensor(3.0, requires_grad=True)
    b = a * a
    c = b + b
    graph = extract(c)
    assert graph.count("parameter") == 1 and graph.count("op") == 2
    assert graph.edges.count(("t0", "op0")) == 2


def test_after_backward_the_ops_and_the_leaves_with_their_grads_are_drawn_with_a_note():
    x = autograd.tensor(2.0, requires_grad=True)
    w = autograd.tensor(-3.0, requires_grad=True)
    y = (x * w + x * 2).tanh()  # micrograd's order: backward first, then draw
    y.backward()
    graph = extract(y, params={"x": x, "w": w})
    assert [node.title for node in graph.nodes.values() if node.kind == "op"] == ["mul", "mul", "add", "tanh"]
    boxes = {node.title: node.rows for node in graph.nodes.values() if node.kind == "parameter"}
    assert boxes["x"][-1] == "grad -0.0707" and boxes["w"][-1] == "grad 0.1413"  # as .grad holds them
    assert ("op0", "op2") in graph.edges  # the values in between were freed: ops join directly
    assert FREED_NOTE in graph.nodes[graph.root].rows and len(FREED_NOTE) < 110


def test_a_leaf_alone_is_one_box():
    graph = extract(autograd.tensor([1.0, 2.0]))
    assert list(graph.nodes) == ["t0"] and graph.edges == []


def test_a_chain_of_100000_ops_needs_no_recursion():
    x = autograd.tensor(np.float64(0.5), requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    graph = extract(y, show_data=False)
    assert graph.count("op") == 100_000


@pytest.mark.parametrize("options, error, message", [
    ({"max_nodes": 0}, ValueError, "max_nodes must be at least 1, got 0"),
    ({"max_nodes": -3}, ValueError, "max_nodes must be at least 1"),
    ({"max_nodes": 2.5}, TypeError, "max_nodes must be an integer, got float"),
    ({"max_nodes": "3"}, TypeError, "max_nodes must be an integer, got str"),
    ({"max_nodes": True}, TypeError, "max_nodes must be an integer, got bool"),
    ({"precision": -1}, ValueError, "precision must be from 0 to 30, got -1"),
    ({"precision": 10**9}, ValueError, "precision must be from 0 to 30"),
    ({"precision": None}, TypeError, "precision must be an integer, got NoneType"),
    ({"precision": "4"}, TypeError, "precision must be an integer, got str"),
    ({"collapse_modules": -1}, ValueError, "collapse_modules must be True or a depth >= 1"),
    ({"rankdir": "XY"}, ValueError, "rankdir must be one of LR, TB, RL, BT"),
])
def test_bad_options_are_named(options, error, message):
    from autograd.viz import dot_source, explore

    x = autograd.tensor([0.5, 1.5], requires_grad=True)
    with pytest.raises(error, match=message):
        dot_source((x * 2.0).sum(), **options)
    with pytest.raises(error, match=message):
        explore((x * 2.0).sum(), **options)


@pytest.mark.parametrize("value", [5, None, np.ones(2), [autograd.ones(2)]])
def test_only_a_tensor_draws(value):
    from autograd.viz import dot_source, explore

    with pytest.raises(TypeError, match=f"draw_graph takes a Tensor, got {type(value).__name__}"):
        dot_source(value)
    with pytest.raises(TypeError, match=f"explore takes a Tensor, got {type(value).__name__}"):
        explore(value)


def test_an_integer_like_option_is_accepted():
    x = autograd.tensor([0.5, 1.5], requires_grad=True)
    assert to_dot(extract((x * 2.0).sum(), precision=np.int64(2))).count("0.50") == 1
