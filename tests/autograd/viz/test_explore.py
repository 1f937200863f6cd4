"""explore() without a browser: what it records, what it leaves alone, and the page it writes."""
import json
import re

import pytest

from autograd.viz import explore
from autograd.viz.explore import rule_text

from .graphs import GRAPHS


def test_explore_leaves_grads_and_graph_alone():
    output, params = GRAPHS["neuron"]()
    explore(output, params)
    assert all(leaf.grad is None for leaf in params.values())
    output.backward()
    assert params["x1"].grad.item() == pytest.approx(-1.5)
    with pytest.raises(RuntimeError, match="explore: backward\\(\\) already freed .* retain_graph=True"):
        explore(output, params)  # backward() freed the graph: explore says so, as draw_graph does


def test_the_page_is_one_self_contained_file(tmp_path):
    output, params = GRAPHS["mlp"]()
    page = explore(output, params).save(tmp_path / "page.html").read_text()
    assert page.count("<svg") == 1 and "<script>" in page and "<style>" in page
    assert not re.search(r"<script[^>]+src=|<link|<img|@import|url\(|https?://(?!www\.w3\.org/)", page)


def test_neuron_steps_spell_out_the_products():
    output, params = GRAPHS["neuron"]()
    data = explore(output, params).data
    assert [step["op"] for step in data["forward"]] == ["op0", "op1", "op2", "op3", "op4"]  # the order the code ran
    assert [data["ops"][f"op{k}"]["step"] for k in range(5)] == [1, 2, 3, 4, 5]
    assert [step["op"] for step in data["backward"]] == ["op4", "op3", "op2", "op1", "op0"]  # PyTorch's: latest first
    mul_x1_w1 = data["backward"][4]
    assert data["ops"]["op0"]["inputs"] == ["t0", "t1"] and data["tensors"]["t0"]["name"] == "x1"
    assert [i["spelled"] for i in mul_x1_w1["inputs"]] == ["g × ∂out/∂a = 0.5 × (-3) = -1.5",
                                                           "g × ∂out/∂b = 0.5 × 2 = 1"]
    assert [i["derivative"] for i in mul_x1_w1["inputs"]] == ["∂out/∂a = b = -3", "∂out/∂b = a = 2"]
    tanh = data["backward"][0]["inputs"][0]["derivative"]
    assert tanh == "∂out/∂a = 1 − out² = 1 − 0.7071² = 0.5"
    assert data["rules"][data["ops"]["op0"]["rule"]] == "out = a * b;  da = g * b, db = g * a"  # Mul's docstring


def test_tensors_are_summarised_and_broadcasting_is_explained():
    output, params = GRAPHS["mlp"]()
    data = explore(output, params).data
    entries = [i for step in data["backward"] for i in step["inputs"] if i]
    tanh_out = next(t for t in data["tensors"].values() if t["name"] == "1.out")
    assert tanh_out["dims"] == [4, 3] and len(tanh_out["data"]) == 12 and len(tanh_out["grads"][-1][1]) == 12
    assert any("summed over the broadcast axes to (3,)" in i.get("summed", "") for i in entries)  # the bias


def test_collapsed_modules_open_folded_and_every_op_has_a_drawing_that_shows_it():
    output, params = GRAPHS["mlp"]()
    explorer = explore(output, params, collapse_modules=True)
    data = explorer.data
    top = json.loads(re.search(r'id="explorer-views">(.*?)</script>', explorer.html, re.S)[1])[0]
    assert "one-hot targets" in top and "max over dim" not in top  # the loss box's data, not its inner row max
    first_linear = [op for op in data["ops"].values() if op.get("module", "").endswith("0: Linear")]
    (view,) = {op["view"] for op in first_linear}
    assert data["views"][view]["title"] == "0: Linear" and data["boxes"][data["views"][view]["box"]]["view"] == view
    sequential = data["views"][view]["parent"]  # the model and the loss: two boxes, neither opened in place
    assert data["views"][sequential]["title"] == "Sequential" and data["views"][sequential]["parent"] == 0
    assert [v["title"] for v in data["views"] if v["parent"] == 0] == ["Sequential", "cross_entropy"]
    small = explore(output, params, max_nodes=10)
    assert len(small.data["views"]) > 1 and small.data["folded"]
    for svg in json.loads(re.search(r'id="explorer-views">(.*?)</script>', small.html, re.S)[1]):
        assert svg.count('<g class="node">') <= 11  # the cap, and its 'N more nodes' box


def test_jupyter_gets_an_iframe_and_the_rule_text_keeps_the_docstring_spacing():
    output, params = GRAPHS["neuron"]()
    assert explore(output, params)._repr_html_().startswith("<iframe srcdoc=\"&lt;!DOCTYPE html&gt;")
    assert rule_text(output._ctx) == "out = tanh a;  da = g (1 - out²)"


def test_an_op_with_more_than_26_inputs_records_every_input():
    import autograd

    leaves = [autograd.tensor(float(i), requires_grad=True) for i in range(30)]
    explorer = explore((autograd.stack(leaves) * autograd.arange(30.0)).sum())
    (stack,) = [step for step in explorer.data["backward"] if len(explorer.data["ops"][step["op"]]["inputs"]) == 30]
    assert [entry["total"] for entry in stack["inputs"]] == [str(i) for i in range(30)]  # as the panel writes numbers


def test_two_primitives_with_one_label_keep_their_own_rules():
    import autograd
    from autograd.primitives import Mul

    class Mul2(Mul):
        """out = a * b, the user's own;  da = g * b, db = g * a"""

        def label(self):
            return "mul"

    x = autograd.tensor([1.0, 2.0], requires_grad=True)
    explorer = explore(Mul2.apply(x * 3.0, x).sum())
    rules = {op["label"]: [] for op in explorer.data["ops"].values()}
    for op in explorer.data["ops"].values():
        rules[op["label"]].append(explorer.data["rules"][op["rule"]])
    assert sorted(rules["mul"]) == sorted([rule_text(Mul()), rule_text(Mul2())])
    assert rule_text(Mul()) != rule_text(Mul2())
