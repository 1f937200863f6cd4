"""The panel's data without a browser: names (naming.py), clean numbers, textbook derivatives
(spelled.py), the whole-tensor budget (whole_tensors.py) and the row-by-row check (row_check.py)."""
import json
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn
import nn.functional as F
from autograd.viz import explore
from autograd.viz.preview import clean_number, clean_values
from autograd.viz.whole_tensors import PAGE_VALUES, SMALL_VALUES, TENSOR_VALUES, decoded, whole_values


def names(explorer):
    return [t["name"] for t in explorer.data["tensors"].values()]


def test_a_module_called_several_times_numbers_its_outputs_in_call_order():
    class Recurrent(nn.Module):
        def __init__(self):
            super().__init__()
            self.cell = nn.Linear(2, 2)

        def forward(self, h):
            for _ in range(3):
                h = self.cell(h).tanh()
            return h

    model = Recurrent()
    h = model(autograd.ones(1, 2)).sum()
    shown = names(explore(h, model))
    assert [n for n in shown if n.startswith("cell#")] == ["cell#1.out", "cell#2.out", "cell#3.out"]  # as the boxes
    assert "cell.weight" in shown and "Recurrent.out" in shown and shown[-1] == "L"


def test_user_names_come_first_and_the_output_keeps_its_name():
    x = autograd.tensor([1.0, -2.0], requires_grad=True)
    hidden = x * 3.0
    hidden.name = "hidden"
    loss = hidden.relu().sum()
    loss.name = "loss"
    explorer = explore(loss)
    assert names(explorer) == ["leaf1", "3", "hidden", "relu2", "loss"]  # the constant 3.0 by its value
    assert explorer.data["title"] == "backward pass of loss, the output of sum"


@pytest.mark.parametrize("text, clean", [("6.", "6"), ("-0.9900", "-0.99"), ("-0.0000", "0"), ("0.0000e+00", "0"),
                                         ("1.2500e-05", "1.25e-05"), ("-0.", "0"), ("inf", "inf"), ("12", "12")])
def test_numbers_print_without_the_zeros_that_say_nothing(text, clean):
    assert clean_number(text) == clean


def spelled(output):
    """The spelled derivatives and sums of every backward step of `output` (single numbers)."""
    steps = explore(output).data["backward"]
    return [entry.get(key) for step in steps for entry in step["inputs"] for key in ("derivative", "sum")
            if entry.get(key)]


def test_local_derivatives_in_their_textbook_form():
    a = autograd.tensor(0.5, dtype=autograd.float64, requires_grad=True)
    b = autograd.tensor(-2.0, dtype=autograd.float64, requires_grad=True)
    sig = 1 / (1 + np.exp(-0.5))
    assert spelled(a.sigmoid()) == [f"∂out/∂a = out (1 − out) = {sig:.4f} × (1 − {sig:.4f}) = "
                                    f"{sig * (1 - sig):.4f}".rstrip("0")]
    assert spelled(a / b) == ["∂out/∂a = 1 / b = 1 / (-2) = -0.5", "∂out/∂b = −a / b² = −0.5 / (-2)² = -0.125"]
    assert spelled(a.log()) == ["∂out/∂a = 1 / a = 1 / 0.5 = 2"]
    assert spelled(a - b) == ["∂out/∂a = 1", "∂out/∂b = −1"]
    assert spelled(autograd.asin(a)) == [f"∂out/∂a = 1 / √(1 − a²) = 1 / √(1 − 0.5²) = {1 / np.sqrt(0.75):.4f}"]
    assert spelled(b ** 2.0) == ["∂out/∂a = b a^(b − 1) = 2 × (-2)^(2 − 1) = -4"]


def test_a_second_path_is_summed_cleanly():
    a = autograd.tensor(6.0, dtype=autograd.float64, requires_grad=True)
    out = a * 1.0 + a * -0.99
    assert "-0.99 + 1 = 0.01" in spelled(out)  # the later path (a * -0.99) first: PyTorch's order


def test_whole_tensors_stay_within_the_budget_and_the_rest_is_summarised():
    big = autograd.randn(TENSOR_VALUES + 1, requires_grad=True)
    small = autograd.randn(3, 4, requires_grad=True)
    explorer = explore((big * 2.0).sum() + small.sum())
    tensors = {t["name"]: t for t in explorer.data["tensors"].values()}
    assert tensors["leaf1"]["summarised"] == TENSOR_VALUES + 1 and isinstance(tensors["leaf1"]["data"], str)
    assert tensors["leaf2"]["dims"] == [3, 4] and len(tensors["leaf2"]["data"]) == 12
    assert len(tensors["leaf2"]["grads"][-1][1]) == 12
    kept = sum(np.prod(t["dims"]) * (1 + len(t.get("grads", []))) for t in tensors.values() if "summarised" not in t)
    assert kept <= PAGE_VALUES


FLOAT32S = st.floats(width=32, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(FLOAT32S, min_size=SMALL_VALUES + 1, max_size=300), st.sampled_from([0, 2, 4, 5, 8]))
def test_a_whole_float32_tensor_travels_as_its_printed_digits_and_reads_back_as_the_same_texts(values, precision):
    array = np.array(values, dtype=np.float32)
    held = whole_values(array, precision)
    assert decoded(held) == clean_values(array, precision)  # every value written as the panel writes it
    assert isinstance(held, dict) or precision > 5 or np.abs(array).max() >= 2**31 / 10**precision


@pytest.mark.parametrize("array", [np.array([0.03125, -0.03125, 2.5, 1e-45, -3.4e38] * 20, np.float32),  # ties
                                   np.zeros(100, np.float32), np.arange(-50, 50, dtype=np.float32),
                                   np.array([np.nan, 1.0] * 40, np.float32), np.arange(100, dtype=np.float64)])
def test_ties_extremes_zeros_integers_nan_and_float64_read_back_as_the_texts(array):
    held = whole_values(array)
    assert decoded(held) == clean_values(array)
    assert isinstance(held, list) == (array.dtype != np.float32 or bool(np.isnan(array).any()))


def test_a_feature_map_costs_a_few_characters_a_value():
    activations = autograd.rand(4, 6, 28, 28) * 2 + 0.01  # a CNN's first feature maps: 18,816 values, '1.2345'
    gradient = autograd.randn(4, 6, 28, 28) * 1e-3  # their gradient: '-1.2345e-03'
    for array, most in ((activations.numpy(), 2.7), (gradient.numpy(), 5.4)):  # int16 digits; int32 (scientific)
        encoded, texts = (len(json.dumps(held)) / array.size for held in (whole_values(array), clean_values(array)))
        assert encoded < most < texts


def check_of(output):
    (check,) = [step["check"] for step in explore(output).data["backward"] if "check" in step]
    return check


def test_the_row_check_holds_for_cross_entropy_and_for_any_log_softmax():
    logits = autograd.randn(3, 4, requires_grad=True)
    check = check_of(F.cross_entropy(logits, autograd.tensor([0, 3, 1])))
    assert check["columns"][2] == "one-hot" and check["holds"] and [row[-1] for row in check["rows"]] == ["✓"] * 3
    smoothed = check_of(F.cross_entropy(logits, autograd.tensor([0, 3, 1]), label_smoothing=0.1))
    assert smoothed["columns"][2] == "G" and smoothed["holds"]
    weighted = check_of((F.log_softmax(logits, dim=1) * autograd.randn(3, 4)).sum())
    assert weighted["holds"] and len(weighted["rows"]) == 3
    assert all("check" not in step for step in explore(logits.softmax(dim=0).sum()).data["backward"])


@pytest.mark.parametrize("batch_first, shape", [(True, (2, 5, 3)), (False, (5, 2, 3)), (True, (5, 3))])
def test_a_recurrent_layer_reads_the_callers_input_as_it_was_given(batch_first, shape):
    lstm = nn.LSTM(3, 4, batch_first=batch_first)
    x = autograd.randn(*shape)
    x.name = "x"
    output, _ = lstm(x)
    (shown,) = [t for t in explore(output.sum(), lstm).data["tensors"].values() if t["name"] == "x"]
    assert shown["dims"] == list(shape)  # the caller's tensor, not a reshaped (10, 3) copy


def test_ops_are_numbered_in_the_order_the_code_ran_them():
    class Attention(nn.Module):
        def __init__(self):
            super().__init__()
            self.q, self.k, self.v = nn.Linear(4, 4), nn.Linear(4, 4), nn.Linear(4, 4)

        def forward(self, x):
            q, k, v = self.q(x), self.k(x), self.v(x)
            return (q @ k.mT / 2.0).softmax(dim=-1) @ v

    model = Attention()
    data = explore(model(autograd.randn(3, 4)).sum(), model).data
    modules = [data["ops"][step["op"]].get("module", "") for step in data["forward"]]
    first = [next(k for k, m in enumerate(modules) if m.endswith(f"{name}: Linear")) for name in "qkv"]
    assert first == sorted(first) and [data["ops"][step["op"]]["step"] for step in data["forward"]] == list(
        range(1, len(modules) + 1))
    names = [t["name"] for t in data["tensors"].values()]
    assert {"q.weight", "q.out", "k.out", "v.out", "max over dim 1"} <= set(names)


def test_parameters_are_named_as_the_model_names_them_without_params():
    model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Sequential(nn.Linear(3, 2)))
    shown = names(explore(model(autograd.randn(4, 2)).sum()))  # no params given
    assert [n for n in shown if n.endswith(("weight", "bias"))] == [n for n, _ in model.named_parameters()]
    inner = model[2][0]
    shown_inner = names(explore(inner(autograd.randn(4, 3)).sum()))  # a submodule called on its own
    assert "0.weight" in shown_inner and "0.bias" in shown_inner  # as its parent holds it (its scope's name)


def test_a_graph_folded_for_its_width_says_so():
    heads = nn.ModuleList([nn.Linear(2, 1) for _ in range(12)])  # 12 side-by-side branches: few ops, very wide
    x = autograd.tensor(np.ones((3, 2), dtype=np.float32))
    output = sum(head(x).tanh().sum() for head in heads)
    note = explore(output, dict(heads.named_parameters())).data["folded"]
    assert "wide" in note and "too many" not in note
    assert "too many" in explore(output, dict(heads.named_parameters()), max_nodes=10).data["folded"]


def test_a_getitem_shows_its_index():
    weight = autograd.tensor(np.arange(12.0).reshape(6, 2), requires_grad=True)  # like in_proj_weight: Q, K, V
    q, k, v = weight[0:2], weight[2:4], weight[4:]
    output = (q * k + v[[1, 0]] + weight[..., 1:].sum() + weight[1, ::2].sum()).sum()
    labels = [op["label"] for op in explore(output, {"weight": weight}).data["ops"].values()]
    assert [label for label in labels if label.startswith("getitem")] == [
        "getitem [0:2]", "getitem [2:4]", "getitem [4:]", "getitem [[1, 0]]", "getitem [..., 1:]", "getitem [1, ::2]"]


def test_constants_are_named_by_what_they_are():
    attention = nn.MultiheadAttention(4, 1, batch_first=True)
    x = autograd.tensor(np.random.default_rng(0).standard_normal((1, 3, 4)).astype(np.float32))
    output = (attention(x, x, x)[0] / 32.0).sum()  # x reshaped three times inside (Q, K, V); 1/sqrt(4) and 32
    data = explore(output, dict(attention.named_parameters())).data
    by_name = {t["name"] for t in data["tensors"].values()}
    assert "input as rows" in by_name and "0.5" in by_name and "32" in by_name  # x (1, 3, 4) read as (3, 4)
    assert not any(re.fullmatch(r"const\d+", name) for name in by_name)  # x, three times, is one 'input as rows'
    rnn = nn.RNN(3, 2, batch_first=True)
    sequence = autograd.tensor(np.ones((2, 5, 3), dtype=np.float32))
    rnn_names = set(names(explore(rnn(sequence, autograd.zeros(1, 2, 2))[0].sum(), dict(rnn.named_parameters()))))
    assert {"input", "const1"} <= rnn_names  # the sequence; h0 (zeros, not called 'input' for being equal to nothing)


def test_a_constant_the_forward_pass_makes_appears_with_the_op_that_reads_it():
    from .graphs import GRAPHS
    output, params = GRAPHS["mlp"]()
    data = explore(output, params).data
    (key,) = [k for k, t in data["tensors"].items() if t["name"] == "max over dim 1"]
    first_reader = min(op["step"] for op in data["ops"].values() if key in op["inputs"])
    assert first_reader > 1 and data["tensors"][key]["appears"] == first_reader
    assert not any("appears" in t for t in data["tensors"].values() if t["name"] != "max over dim 1")  # X, weights


def test_a_sum_of_paths_holds_this_paths_gradient_whole_beside_the_totals():
    weight = autograd.tensor(np.random.default_rng(1).standard_normal((9, 10)), requires_grad=True)  # 90 values
    output = (weight * 2.0 + weight.exp()).sum()  # weight's gradient: 2 (one path) + exp(w) (another)
    data = explore(output, {"weight": weight}).data
    key = next(k for k, t in data["tensors"].items() if t["name"] == "weight")
    sums = [(b, i) for b, step in enumerate(data["backward"]) for k, i in zip(data["ops"][step["op"]]["inputs"],
                                                                           step["inputs"], strict=True) if k == key and "sum" in i]
    (b, received), = sums
    grads = data["tensors"][key]["grads"]
    after = next(k for k, (step, _) in enumerate(grads) if step == b)
    before, this_path, total = (np.array(v, dtype=float) for v in (grads[after - 1][1], received["grad"], grads[after][1]))
    assert this_path.size == 90 and total == pytest.approx(before + this_path, abs=1e-3)
    assert total == pytest.approx(2 + np.exp(weight.detach().numpy().ravel()), abs=1e-3)


def test_a_graph_box_tells_a_gradient_whose_first_values_are_zero_from_none():
    from autograd.viz.preview import box_text
    weight = autograd.tensor(np.zeros((3, 4)), requires_grad=True)
    mask = np.zeros((3, 4))
    mask[2, 3] = -0.25  # only the last value reaches the loss
    output = (weight * autograd.tensor(mask)).sum()
    data = explore(output, {"weight": weight}).data
    key = next(k for k, t in data["tensors"].items() if t["name"] == "weight")
    (total,) = [i["total"] for step in data["backward"]
                for k, i in zip(data["ops"][step["op"]]["inputs"], step["inputs"], strict=True) if k == key]
    assert total.startswith("[0, 0, ...]") and total.endswith("max |·| 0.25")
    assert box_text(np.array([1.0, -2.0])) == "[1, -2]" and box_text(np.array(3.5)) == "3.5"


def test_the_notebooks_cnn_keeps_every_feature_map_and_gradient_whole_in_a_small_page():
    from tools.bench.explorer import cnn_model_loss

    output, params = cnn_model_loss()  # LeNet on 4 images of 28 × 28: feature maps of 18,816 values
    explorer = explore(output, params)
    tensors = {t["name"]: t for t in explorer.data["tensors"].values()}
    assert not [name for name, t in tensors.items() if "summarised" in t]
    assert tensors["0.out"]["dims"] == [4, 6, 28, 28] and isinstance(tensors["0.out"]["data"], dict)  # encoded
    output.backward(retain_graph=True)
    for name in ("0.weight", "7.weight"):  # the page's last gradient of each, every value, against the engine's
        shown = np.array(decoded(tensors[name]["grads"][-1][1]), dtype=float).reshape(params[name].shape)
        assert shown == pytest.approx(params[name].grad.numpy(), rel=1e-3, abs=1e-8)
    assert len(explorer.html) < 2_000_000  # 1.4 MB measured


def test_a_graph_box_chooses_its_number_format_from_the_values_it_shows():
    from autograd.viz.preview import box_text, box_values, values_text
    gradient = np.array([0.38878, 1.6453, -2.5806, -0.2233, 2.98e-08, 0.0], dtype=np.float32)
    assert "e" in values_text(gradient)  # PyTorch's format for the whole tensor is scientific (a tiny value)
    assert box_text(gradient) == "[0.3888, 1.6453, ...]  max |·| 2.5806"  # the box shows two ordinary values
    assert box_values(np.array([1e-06, 2.0, 3.0, 4.0, 5.0])) == "[1e-06, 2e+00, ...]"  # scientific where they are


def test_only_what_a_convolution_or_a_pooling_reads_or_makes_is_called_an_image():
    import nn
    conv = nn.Conv2d(3, 4, 3)
    pooled = nn.AvgPool2d(2)(nn.functional.max_pool2d(conv(autograd.randn(2, 3, 6, 6)).relu(), 2, stride=1))
    other = autograd.randn(2, 3, 2, 2, requires_grad=True)
    output = (pooled[:, :3] * other).sum()
    data = explore(output, {"conv.weight": conv.weight, "other": other}).data
    four_d = {t["name"]: bool(t.get("image")) for t in data["tensors"].values() if len(t["dims"]) == 4}
    images = {"input", "Conv2d.out", "relu2", "max_poold3", "AvgPool2d.out"}  # read or made by a conv or a pool
    assert {name for name, image in four_d.items() if image} >= images
    assert not any(four_d[name] for name in ("conv.weight", "getitem9", "other", "mul10"))  # 4-D, not images


def test_a_module_s_reshaped_copy_of_the_input_is_not_shown_as_the_input():
    import nn

    class Flattening(nn.Module):  # reads its (2, 3, 4) input as (4, 6)
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(6, 1)

        def forward(self, x):
            return self.fc(x.reshape(4, 6))

    def inputs(output, module):
        data = explore(output, dict(module.named_parameters())).data
        return [(t["name"], t["dims"]) for t in data["tensors"].values() if t["name"].startswith("input")]

    one_head = nn.MultiheadAttention(4, 1, batch_first=True)
    three_tokens = autograd.randn(1, 3, 4)
    out, _ = one_head(three_tokens, three_tokens, three_tokens, need_weights=False)
    assert inputs(out.sum(), one_head) == [("input as rows", [3, 4])]  # Q, K and V read one copy: named once
    lstm = nn.LSTM(3, 4, batch_first=True)
    assert inputs(lstm(autograd.randn(2, 5, 3))[0].sum(), lstm) == [("input", [2, 5, 3])]
    flattening = Flattening()
    assert inputs(flattening(autograd.randn(2, 3, 4)).sum(), flattening) == [("input reshaped", [4, 6])]
