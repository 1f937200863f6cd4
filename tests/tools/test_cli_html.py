"""`autograd-viz ... -o page.html` writes the step-by-step explorer (autograd.viz.explore)."""
import json
import re

import pytest


def page_data(path):
    found = re.search(r'<script type="application/json" id="explorer-data">(.*?)</script>', path.read_text(),
                      re.DOTALL)
    return json.loads(found.group(1).replace("<\\/", "</"))


@pytest.mark.parametrize("renderer", ["graphviz-pure", None])
def test_expression_explorer(cli, tmp_path, renderer):
    result = cli("expr", "tanh(x1*w1 + x2*w2 + b)", "-v", "x1=2", "-v", "w1=-3", "-v", "x2=0", "-v", "w2=1",
                 "-v", "b=6.8813735870195432", "-o", "neuron.html", renderer=renderer)
    assert result.returncode == 0, result.stderr
    data = page_data(tmp_path / "neuron.html")
    names = {t["name"]: t for t in data["tensors"].values()}
    final_grad = {name: tensor["grads"][-1][1] for name, tensor in names.items()}  # [(step, values), ...]: the last
    assert final_grad["x1"] == ["-1.5"] and final_grad["w1"] == ["1"]
    assert len(data["backward"]) == 5


def test_model_explorer_and_explicit_format(cli, tmp_path):
    result = cli("model", "mlp", "--sizes", "2,3,1", "--collapse", "-o", "mlp.html")
    assert result.returncode == 0, result.stderr
    data = page_data(tmp_path / "mlp.html")
    assert {"fc1.weight", "fc2.bias"} <= {t["name"] for t in data["tensors"].values()}
    assert data["boxes"]  # --collapse: modules drawn as boxes
    result = cli("expr", "softmax(x * w).sum()", "-v", "x=[1,2,3]", "-v", "w=0.5", "-f", "html", "-o", "page.out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "page.out").read_text().startswith("<!DOCTYPE html>")


def test_non_scalar_output_is_seeded_with_ones(cli, tmp_path):
    result = cli("expr", "x * w", "-v", "x=[1,2,3]", "-v", "w=0.5", "-o", "vector.html")
    assert result.returncode == 0, result.stderr
    data = page_data(tmp_path / "vector.html")
    assert data["seed"]["grad"] == "[1, 1, 1]"  # as the explorer writes numbers
