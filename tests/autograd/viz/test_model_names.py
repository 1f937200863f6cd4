"""What the explorer calls the pieces of real models, and how it groups them: a loss is one box named after its
call, an LSTM's states are h and c in PyTorch's order, a starting state is h0, time steps count from 1 as ops
do, and self-attention's one input is one tensor. Checked against the values the modules themselves return."""
import json
import re

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd.scope import module_scope, name_output
from autograd.viz import dot_source, explore
from autograd.viz.walk import walk


def tensors_by_name(explorer):
    by_name = {}
    for tensor in explorer.data["tensors"].values():
        by_name.setdefault(tensor["name"], []).append(tensor)
    return by_name


def values(tensor):
    return np.array([float(v) for v in tensor["data"]]).reshape(tensor["dims"])


def test_cross_entropy_is_one_box_named_loss_with_log_softmax_inside_its_pieces_named():
    logits = autograd.tensor(np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32), requires_grad=True)
    loss = F.cross_entropy(logits, autograd.tensor([0, 2, 1, 2]))
    data = explore(loss, {"logits": logits}).data
    assert data["title"] == "backward pass of loss, the output of cross_entropy"
    ops = sorted(data["ops"].values(), key=lambda op: op["step"])
    assert [op["module"] for op in ops] == ["cross_entropy / log_softmax"] * 5 + ["cross_entropy"] * 6
    made = [data["tensors"][op["out"]]["name"] for op in ops]
    assert made == ["x − max", "exp(x − max)", "Σ exp(x − max)", "ln Σ exp(x − max)", "log_softmax.out",
                    "log p at the targets", "log p × one-hot", "log p of the target", "loss per example", "sum of the losses", "loss"]
    by_name = tensors_by_name(explore(loss, {"logits": logits}))
    x = logits.detach().numpy().astype(np.float64)
    shifted = x - x.max(axis=1, keepdims=True)
    assert values(by_name["x − max"][0]) == pytest.approx(shifted, abs=1e-4)
    assert values(by_name["ln Σ exp(x − max)"][0]).ravel() == pytest.approx(np.log(np.exp(shifted).sum(1)), abs=1e-4)
    assert float(by_name["loss"][0]["data"][0]) == pytest.approx(loss.item(), abs=1e-4)


def test_a_loss_named_by_the_user_keeps_that_name_and_a_loss_inside_a_larger_output_is_loss():
    logits = autograd.randn(2, 3, requires_grad=True)
    loss = F.cross_entropy(logits, autograd.tensor([0, 1]))
    total = loss + (logits * logits).sum() * 0.01
    names = {t["name"] for t in explore(total).data["tensors"].values()}
    assert "loss" in names and "L" in names  # cross_entropy's result, and the sum differentiated
    loss.name = "my loss"
    assert explore(loss).data["title"].startswith("backward pass of my loss, the output of cross_entropy")


def test_cross_entropy_with_a_masked_class_keeps_the_where_that_makes_its_0_times_inf_zero():
    logits = autograd.tensor([[0.0, -np.inf, 1.0]], requires_grad=True)
    loss = F.cross_entropy(logits, autograd.tensor([2]))
    loss.backward()
    assert np.isfinite(loss.item()) and np.isfinite(logits.grad.numpy()).all()
    ops = explore(F.cross_entropy(logits, autograd.tensor([2]))).data["ops"].values()
    assert "where" in [op["label"] for op in ops]


def test_an_lstms_states_are_h_then_c_as_pytorch_returns_them():  # in a model: 'recurrent.h2' (naming.py)
    autograd.manual_seed(0)
    lstm = nn.LSTM(3, 4, batch_first=True)
    output, (h_n, c_n) = lstm(autograd.randn(2, 2, 3))
    by_name = tensors_by_name(explore(output.sum() + c_n.sum(), dict(lstm.named_parameters())))
    assert values(by_name["h2"][0]) == pytest.approx(h_n.detach().numpy()[0], abs=2e-4)
    assert values(by_name["c2"][0]) == pytest.approx(c_n.detach().numpy()[0], abs=2e-4)
    assert values(by_name["h1"][0]) == pytest.approx(output.detach().numpy()[:, 0], abs=2e-4)
    assert {"h0", "c0"} <= set(by_name) and not np.any(values(by_name["h0"][0]))  # the zeros the module made
    weight_hh = lstm.weight_hh_l0.detach().numpy()
    assert values(by_name["weight_hh_l0ᵀ"][0]) == pytest.approx(weight_hh.T, abs=2e-4)  # the transpose h @ W_hhᵀ reads
    assert {"x1 W_ihᵀ + b", "x2 W_ihᵀ + b", "weight_ih_l0ᵀ"} <= set(by_name)
    h1 = output.detach().numpy()[:, 0]
    assert values(by_name["h1 W_hhᵀ"][0]) == pytest.approx(h1 @ weight_hh.T, abs=2e-4)  # what step 2 reads of h1
    assert not np.any(values(by_name["h0 W_hhᵀ"][0]))


def test_a_deeper_or_two_way_rnns_states_are_named_as_its_parameters_end():
    rnn = nn.RNN(2, 3, num_layers=2, bidirectional=True)
    output, _ = rnn(autograd.randn(2, 1, 2))
    names = {t["name"] for t in explore(output.sum(), dict(rnn.named_parameters())).data["tensors"].values()}
    assert {"h0_l0", "h0_l1_reverse", "h1_l0", "h2_l1", "h1_l1_reverse", "h2_l0_reverse"} <= names
    assert {"h0_l0_reverse W_hhᵀ", "h2_l0_reverse W_hhᵀ", "h1_l1 W_hhᵀ"} <= names  # reversed: step 1 reads h2


def test_a_state_the_caller_gives_keeps_the_callers_name():
    rnn = nn.RNN(2, 3)
    start = autograd.zeros(1, 1, 3)
    start.name = "start"
    output, _ = rnn(autograd.randn(2, 1, 2), start)
    names = {t["name"] for t in explore(output.sum(), dict(rnn.named_parameters())).data["tensors"].values()}
    assert "h0" not in names and "h1" in names


def test_time_steps_count_from_1_as_ops_do_and_the_page_says_so():
    rnn = nn.RNN(2, 3, batch_first=True)
    output, _ = rnn(autograd.randn(1, 3, 2))
    data = explore(output.sum(), dict(rnn.named_parameters())).data
    steps = sorted({op["module"] for op in data["ops"].values() if "step" in op.get("module", "")})
    assert steps == ["RNN / step 1", "RNN / step 2", "RNN / step 3"]
    assert min(op["step"] for op in data["ops"].values()) == 1
    assert "step t" in data["counting"] and "h0" in data["counting"] and "#1" not in data["counting"]
    assert "counting" not in explore((autograd.randn(2, requires_grad=True) * 2).sum()).data


def test_self_attentions_input_is_one_tensor_and_q_k_v_and_the_weights_are_named():
    autograd.manual_seed(0)
    attention = nn.MultiheadAttention(4, 2, batch_first=True)
    x = autograd.randn(1, 3, 4)
    output, weights = attention(x, x, x, average_attn_weights=False)
    by_name = tensors_by_name(explore(output.sum(), dict(attention.named_parameters())))
    assert len(by_name["input as rows"]) == 1  # x (1, 3, 4) read as (3, 4) for Q, K and V: one box, not three
    assert "input" not in by_name  # not shown as the user's tensor, whose shape is (1, 3, 4)
    assert {"q", "k", "v", "scores"} <= set(by_name)
    assert values(by_name["weights"][0]) == pytest.approx(weights.detach().numpy(), abs=2e-4)
    data = explore(output.sum()).data
    (key,) = [key for key, t in data["tensors"].items() if t["name"] == "input as rows"]  # transposed once
    assert [op["label"] for op in data["ops"].values() if key in op["inputs"]] == ["matmul"] * 3  # for Q, K, V
    x.requires_grad_()
    output, _ = attention(x, x, x)
    data = explore(output.sum(), {"x": x}).data
    (key,) = [key for key, t in data["tensors"].items() if t["name"] == "x"]
    assert [op["label"] for op in data["ops"].values() if key in op["inputs"]] == ["permute(1, 0, 2)"]  # as PyTorch


def test_cross_attention_still_reads_its_query_and_its_memory_apart():
    attention = nn.MultiheadAttention(4, 1, batch_first=True)
    query, memory = autograd.randn(1, 2, 4, requires_grad=True), autograd.randn(1, 5, 4, requires_grad=True)
    output, weights = attention(query, memory, memory)
    assert output.shape == (1, 2, 4) and weights.shape == (1, 2, 5)
    names = {t["name"] for t in explore(output.sum(), {"query": query, "memory": memory}).data["tensors"].values()}
    assert {"query", "memory", "q", "k", "v", "query as rows", "key as rows"} <= names and "value as rows" not in names


def test_one_constant_array_read_by_several_ops_is_one_tensor():
    x = autograd.tensor(np.ones((2, 2), dtype=np.float32))
    w = autograd.randn(2, 2, requires_grad=True)
    output = (x @ w + x * w).sum()
    constants = [t for t in walk(output) if t._ctx is None and not t.requires_grad]
    assert len(constants) == 1 and np.shares_memory(constants[0].numpy(), x.numpy())


def test_a_name_given_in_a_scope_is_kept_by_the_scope_not_the_tensor():
    x = autograd.randn(3, requires_grad=True)
    with module_scope("mine"):
        y = name_output(x * 2, "doubled")
        z = name_output(x.detach() * 2, "no op recorded")  # nothing to name: no error
    outside = name_output(x * 3, "made outside any scope")
    assert y.name is None and z.name is None and outside.name is None  # no cycle tensor -> node -> tensor
    names = {t["name"] for t in explore((y + outside).sum(), {"x": x}).data["tensors"].values()}
    assert "doubled" in names and "made outside any scope" not in names


def test_attentions_projections_and_layer_norms_pieces_are_named_by_their_formulas():
    autograd.manual_seed(0)
    attention, norm = nn.MultiheadAttention(4, 1, batch_first=True), nn.LayerNorm(4)
    x = autograd.randn(1, 3, 4, requires_grad=True)
    h = norm(x)
    output, _ = attention(h, h, h)
    params = {"x": x, **dict(attention.named_parameters()), **{"norm." + k: v for k, v in norm.named_parameters()}}
    by_name = tensors_by_name(explore(output.sum(), params))
    weight = attention.in_proj_weight.detach().numpy()
    for k, letter in enumerate("qkv"):
        assert values(by_name[f"W_{letter}"][0]) == pytest.approx(weight[4 * k: 4 * (k + 1)], abs=2e-4)
        assert {f"W_{letter}ᵀ", f"x W_{letter}ᵀ + b_{letter}", letter} <= set(by_name)
    pieces = {"q × scale", "kᵀ", "weights v", "heads joined", "q split into heads", "weights v by position",
              "x as rows"}
    assert pieces <= set(by_name)
    rows = x.detach().numpy().astype(np.float64)
    normalized = (rows - rows.mean(-1, keepdims=True)) / np.sqrt(rows.var(-1, keepdims=True) + 1e-5)
    assert values(by_name["normalized"][0]) == pytest.approx(normalized, abs=2e-4)
    assert {"mean", "x − mean", "var", "√(var + eps)"} <= set(by_name)  # a model called at the top: no prefix


def test_a_model_is_drawn_as_one_column_its_layers_one_under_the_other():
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 3))
    x = autograd.randn(4, 2)
    dot = dot_source(model(x).sum(), dict(model.named_parameters()), rankdir="TB")
    assert dot.count("[style=invis]") == 4  # layers 2 and 3: weight and bias ranked after the tensor coming in
    svg = explore(F.cross_entropy(model(x), autograd.tensor([0, 1, 2, 0])), dict(model.named_parameters())).html
    width, height = (float(v) for v in re.search(r'viewBox=\\"[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)', svg).groups())
    assert height > 3 * width and width < 1000  # side by side, the layers made it 1,482 points wide


def test_draw_graph_calls_the_pieces_what_the_explorer_calls_them():
    rnn = nn.RNN(2, 3)
    output, _ = rnn(autograd.randn(2, 1, 2))
    loss = F.cross_entropy(output[-1], autograd.tensor([2]))
    dot = dot_source(loss, dict(rnn.named_parameters()))
    for name in ("x − max", "ln Σ exp(x − max)", "loss per example", "loss", "h1", "h2", "h0", "weight_hh_l0ᵀ"):
        assert f"<b>{name}</b>" in dot, name
    assert 'label="cross_entropy"' in dot and 'label="log_softmax"' in dot and 'label="step 2"' in dot


def test_a_name_given_twice_is_numbered_in_the_order_the_code_ran():
    logits = autograd.randn(2, 3, requires_grad=True)
    first = F.cross_entropy(logits, autograd.tensor([0, 1]))
    second = F.cross_entropy(logits * 2, autograd.tensor([2, 1]))
    data = explore(first + second, {"logits": logits}).data
    made = {data["tensors"][op["out"]]["name"]: op["step"] for op in data["ops"].values()}
    assert made["loss#1"] < made["x − max#2"] < made["loss#2"] and "loss" not in made
    folded = explore(first + second, {"logits": logits}, collapse_modules=True)
    titles = {view["title"] for view in folded.data["views"]}
    assert {"cross_entropy #1", "cross_entropy #2"} <= titles  # the boxes the names follow
    assert "#1, #2" in data["counting"] and "step t" not in data["counting"]  # and the page says so
    assert float(next(t for t in data["tensors"].values() if t["name"] == "loss#2")["data"][0]) == pytest.approx(
        second.item(), abs=1e-4)


def test_a_convolution_is_one_op_reading_the_input_the_weight_and_the_bias_by_name():
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 3, kernel_size=3, padding=1), nn.ReLU(),
                          nn.Conv2d(3, 2, kernel_size=3, stride=2))
    images = autograd.randn(2, 1, 6, 6)
    output = model(images)
    data = explore(output.sum(), dict(model.named_parameters())).data
    convolutions = [op for op in data["ops"].values() if op["label"].startswith("conv2d")]
    assert [op["label"] for op in convolutions] == ["conv2d(padding=1)", "conv2d(stride=2)"]
    assert [[data["tensors"][i]["name"] for i in op["inputs"]] for op in convolutions] == [
        ["input", "0.weight", "0.bias"], ["1.out", "2.weight", "2.bias"]]
    assert data["rules"][convolutions[0]["rule"]].startswith("out = a ⋆ b + c: the input a = x")  # the rule's letters
    first = data["tensors"][convolutions[0]["inputs"][0]]
    assert first["dims"] == [2, 1, 6, 6] and "summarised" not in first  # the images, whole
    images.name = "images"
    named = explore(model(images).sum(), dict(model.named_parameters())).data
    assert "images" in {t["name"] for t in named["tensors"].values()}


def test_a_folded_box_does_not_show_a_row_max_its_own_ops_computed_as_data_it_reads():
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Softmax(dim=1))
    loss = F.cross_entropy(model(autograd.randn(2, 3)), autograd.tensor([0, 1]))
    explorer = explore(loss, dict(model.named_parameters()), collapse_modules=True)
    assert explorer.data["views"][0]["title"] == "whole graph"
    drawn = json.loads(re.search(r'id="explorer-views">(.*?)</script>', explorer.html, re.S)[1])[0]
    assert "max over dim" not in drawn and "Sequential" in drawn and "cross_entropy" in drawn


def test_a_modules_calls_are_numbered_from_1_as_its_boxes_and_a_calls_outputs_are_indexed():
    class Split(nn.Module):
        def forward(self, x):
            return x * 2.0, x * 3.0

    class Twice(nn.Module):
        def __init__(self):
            super().__init__()
            self.split = Split()

        def forward(self, x):
            a, b = self.split(x)
            c, d = self.split(a + b)
            return (c * d).sum()

    x = autograd.randn(3, requires_grad=True)
    data = explore(Twice()(x), {"x": x}, collapse_modules=True).data
    names = [data["tensors"][op["out"]]["name"] for op in sorted(data["ops"].values(), key=lambda op: op["step"])]
    assert names[:2] == ["split#1.out[0]", "split#1.out[1]"] and names[3:5] == ["split#2.out[0]", "split#2.out[1]"]
    assert {"split: Split #1", "split: Split #2"} <= {view["title"] for view in data["views"]}


def test_every_rule_of_the_notebooks_layers_writes_the_output_out_and_the_inputs_a_b_c():
    autograd.manual_seed(0)
    x = autograd.randn(2, 3, 4)
    lstm, gru = nn.LSTM(4, 4, batch_first=True), nn.GRU(4, 4, batch_first=True)
    attention, conv = nn.MultiheadAttention(4, 2, batch_first=True), nn.Conv2d(2, 1, 2)
    outputs = [lstm(x)[0], gru(x)[0], attention(x, x, x)[0], conv(x.reshape(1, 2, 3, 4)),
               F.cross_entropy(nn.Linear(4, 3)(x[:, 0]), autograd.tensor([0, 2]))]
    rules = {rule for output in outputs for rule in explore(output.sum()).data["rules"].values()}
    assert all(rule.startswith("out = ") for rule in rules), [r for r in rules if not r.startswith("out = ")]


def test_a_time_steps_box_has_no_arrow_back_from_what_it_made_and_reads_itself():
    autograd.manual_seed(0)
    lstm = nn.LSTM(2, 3)
    output, _ = lstm(autograd.randn(3, 1, 2))
    explorer = explore(output.sum(), dict(lstm.named_parameters()), collapse_modules=True)
    data = explorer.data
    svg = json.loads(re.search(r'id="explorer-views">(.*?)</script>', explorer.html, re.S)[1])[0]  # the LSTM, open
    edges = {title.replace("&#45;&gt;", "->") for title in re.findall(r"<title>([^<]*)</title>", svg)}
    c1 = {t["name"]: k for k, t in data["tensors"].items()}["c1"]
    step1, step2 = (view["box"] for view in data["views"] if view["title"] in ("step 1", "step 2"))
    assert f"{step1}->{c1}" in edges and f"{c1}->{step2}" in edges  # made by step 1, read by step 2
    assert f"{c1}->{step1}" not in edges  # read inside step 1 too (h1 = o ⊙ tanh(c1)): no arrow back
