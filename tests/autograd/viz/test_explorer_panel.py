"""The explorer's side panel in headless Chromium: tensors named as the drawing names them, ops in the
order the code ran them, the numbers shown equal to the engine's (and to finite differences on the
neuron), whole tensors as tables and heatmaps with their shape, the row-by-row check of cross-entropy,
the details of a node at the current step; no console error and no network request."""
import re

import numpy as np
import pytest

import autograd
import nn
from autograd.viz import explore, retain_grads, walk
from autograd.viz.extract import graph_ids
from autograd.viz.whole_tensors import decoded

from .browser import SHOWN_ARRAY, OpenedPage, browser  # noqa: F401  (browser is a fixture)
from .graphs import GRAPHS, NEURON_VALUES, neuron

ROWS = "rows => rows.map(r => Array.from(r.cells, c => c.textContent))"
PANEL_TEXT_BUT_THE_RULE = "() => Array.from(document.querySelectorAll('#panel > :not(.rule)'), e => e.textContent).join(' ')"
UNCLEAN = re.compile(r"\d\.(?=[\s,\]]|$)|-0\.0+(?![0-9e])|0\.0+e\+00|\+ -")  # '6.', '-0.0000', '0.0000e+00', '+ -'


def numbers(texts):
    return np.array([float(t) for t in texts])


def opened_at_start(browser, explorer, path):  # noqa: F811
    opened = OpenedPage(browser, width=1300, height=800)
    opened.open(explorer.save(path))
    return opened, opened.page


def explored_after_backward(name):
    """The explorer of GRAPHS[name], then backward() with every tensor's grad kept: (explorer, params, the graph's
    tensors, their ids in the page)."""
    output, params = GRAPHS[name]()
    explorer = explore(output, params)
    tensors = walk(output)
    retain_grads(output)
    output.backward(retain_graph=True)
    return explorer, params, tensors, graph_ids(tensors)[0]


def click_tensor(page, node_id):
    page.click(f"g.node:has(title:text-is('{node_id}'))")


def test_neuron_names_order_numbers_and_details(browser, tmp_path):  # noqa: F811
    output, params = GRAPHS["neuron"]()
    explorer = explore(output, params)
    opened, page = opened_at_start(browser, explorer, tmp_path / "neuron.html")
    assert page.text_content("header strong") == "backward pass of L, the output of tanh"  # what the output is (explore._title)
    v = NEURON_VALUES
    expected = [("mul", [("a", "x1", v["x1"]), ("b", "w1", v["w1"]), ("out", "mul1", v["x1"] * v["w1"])]),
                ("mul", [("a", "x2", v["x2"]), ("b", "w2", v["w2"]), ("out", "mul2", v["x2"] * v["w2"])]),
                ("add", [("a", "mul1", -6.0), ("b", "mul2", 0.0), ("out", "add3", -6.0)]),
                ("add", [("a", "add3", -6.0), ("b", "b", v["b"]), ("out", "add4", -6.0 + v["b"])]),
                ("tanh", [("a", "add4", -6.0 + v["b"]), ("out", "L", output.item())])]
    for step, (label, rows) in enumerate(expected, start=1):
        page.keyboard.press("ArrowRight")
        assert page.text_content("#panel h3") == f"forward, op {step}: {label}"
        shown = page.eval_on_selector_all("#panel tr.io", ROWS)
        assert [row[:2] for row in shown] == [[letter, name] for letter, name, _ in rows]  # letter and name apart
        assert numbers([row[2] for row in shown]) == pytest.approx([value for *_, value in rows], abs=1e-4)
    page.keyboard.press("ArrowRight")
    assert "The output, L, is what the backward pass differentiates" in page.text_content("#panel")
    page.keyboard.press("ArrowRight")  # tanh's backward step
    assert page.text_content("#panel .derivative .value") == "∂out/∂a = 1 − out² = 1 − 0.7071² = 0.5"
    assert page.text_content("#panel .upstream") == "g = dL/d(L) = 1"
    for _ in range(len(explorer.data["backward"]) - 1):
        assert not UNCLEAN.search(page.text_content("#panel")), page.text_content("#panel")
        page.keyboard.press("ArrowRight")
    for name, leaf in params.items():  # the last grad of each leaf, against finite differences
        click_tensor(page, graph_ids(walk(output))[0][id(leaf)])
        shown = float(page.eval_on_selector("#panel .section:text-is('grad') + *", "e => e.textContent"))
        assert shown == pytest.approx(finite_difference(name), abs=1e-4), name
    assert opened.requests == [] and opened.errors == []
    opened.close()


def finite_difference(name, h=1e-6):
    def value(shift):
        out, leaves = neuron()
        with autograd.no_grad():
            leaves[name].add_(shift)
        return neuron_output(leaves)

    return (value(h) - value(-h)) / (2 * h)


def neuron_output(leaves):
    return (leaves["x1"] * leaves["w1"] + leaves["x2"] * leaves["w2"] + leaves["b"]).tanh().item()


def test_details_follow_the_current_step(browser, tmp_path):  # noqa: F811
    output, params = GRAPHS["neuron"]()
    explorer = explore(output, params)
    opened, page = opened_at_start(browser, explorer, tmp_path / "neuron.html")
    output_id = explorer.data["seed"]["out"]
    click_tensor(page, output_id)
    panel = page.text_content("#panel")
    assert "not computed yet: op 5 computes it at forward step 5" in panel and "no gradient yet" in panel
    page.keyboard.press("End")
    click_tensor(page, output_id)
    assert page.eval_on_selector("#panel .section:text-is('grad') + *", "e => e.textContent") == "1"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # backward step 3, op 3's (add): its inputs are mul1 and mul2
    page.click("#panel tr.io:has(a:text-is('mul2')) td.letter")  # a click on the row, not on the name
    assert page.text_content("#panel h3:last-of-type") == "tensor mul2"
    assert page.eval_on_selector("#panel .section:text-is('grad') + *", "e => e.textContent") == "0.5"
    assert opened.errors == [] and opened.requests == []
    opened.close()
    at_forward_end = OpenedPage(browser)
    at_forward_end.open(tmp_path / "neuron.html", state=len(explorer.data["forward"]))
    click_tensor(at_forward_end.page, graph_ids(walk(output))[0][id(params["x1"])])
    assert "no gradient yet" in at_forward_end.page.text_content("#panel")  # not the final gradient, -1.5
    assert at_forward_end.errors == []
    at_forward_end.close()


def test_mlp_with_cross_entropy_in_order_by_name_with_the_row_check(browser, tmp_path):  # noqa: F811
    explorer, params, tensors, ids = explored_after_backward("mlp")
    by_name = {explorer.data["tensors"][ids[id(t)]]["name"]: t for t in tensors}
    opened, page = opened_at_start(browser, explorer, tmp_path / "mlp.html")
    headings, names = [], set()
    for _ in explorer.data["forward"]:
        page.keyboard.press("ArrowRight")
        headings.append(page.text_content("#panel h3"))
        assert not UNCLEAN.search(page.text_content("#panel table.io")), headings[-1]
        names.update(row[1] for row in page.eval_on_selector_all("#panel tr.io", ROWS))
    assert headings[:3] == ["forward, op 1: linear  (Sequential / 0: Linear)",  # x Wᵀ + b, one primitive
                            "forward, op 2: tanh  (Sequential / 1: Tanh)",
                            "forward, op 3: linear  (Sequential / 2: Linear)"]
    assert {"0.weight", "0.bias", "0.out", "1.out", "2.weight", "2.out", "max over dim 1", "one-hot targets",
            "x − max", "log_softmax.out", "loss per example", "loss"} <= names
    assert not any(re.fullmatch(r"t\d+|op\d+", name) for name in names)
    (check_step,) = [k for k, step in enumerate(explorer.data["backward"]) if "check" in step]
    for _ in range(check_step + 2):
        page.keyboard.press("ArrowRight")
        assert not UNCLEAN.search(page.evaluate(PANEL_TEXT_BUT_THE_RULE))
    rows = page.eval_on_selector_all("#panel table.check tr:not(.hint)", ROWS)
    assert len(rows) == 4
    logits = by_name["2.out"].detach().numpy().astype(np.float64)
    softmax = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    one_hot = np.eye(2)[[0, 1, 1, 0]]
    for r, row in enumerate(rows):
        assert numbers(row[1].split(", ")) == pytest.approx(softmax[r], abs=1e-4)
        assert numbers(row[2].split(", ")) == pytest.approx(one_hot[r])
        assert numbers(row[3].split(", ")) == pytest.approx((softmax[r] - one_hot[r]) / 4, abs=1e-4)
        assert numbers(row[4].split(", ")) == pytest.approx(by_name["2.out"].grad.numpy()[r], abs=1e-4)
        assert row[5] == "✓"
    page.keyboard.press("End")
    click_tensor(page, ids[id(params["0.weight"])])
    assert "(3, 2) float32" in page.text_content("#panel table.details")
    grad_view = "#panel .section:text-is('grad') + .tensor-view"
    assert page.text_content(f"{grad_view} .shape") == "shape (3, 2)"
    assert len(page.query_selector_all(f"{grad_view} tr")) == 3
    shown = page.eval_on_selector(grad_view, SHOWN_ARRAY)
    assert numbers(shown) == pytest.approx(params["0.weight"].grad.numpy().reshape(-1), abs=1e-4)
    assert opened.requests == [] and opened.errors == []
    opened.close()


def test_rnn_steps_in_order_and_shows_three_dimensional_tensors_by_their_shape(browser, tmp_path):  # noqa: F811
    explorer, params, tensors, ids = explored_after_backward("rnn")
    opened, page = opened_at_start(browser, explorer, tmp_path / "rnn.html")
    steps = []
    for _ in explorer.data["forward"]:
        page.keyboard.press("ArrowRight")
        steps.append(int(re.match(r"forward, op (\d+):", page.text_content("#panel h3")).group(1)))
        assert not any(re.fullmatch(r"t\d+", row[1]) for row in page.eval_on_selector_all("#panel tr.io", ROWS))
    assert steps == list(range(1, len(steps) + 1))
    page.keyboard.press("End")
    for name, parameter in params.items():
        click_tensor(page, ids[id(parameter)])
        shown = page.eval_on_selector("#panel .section:text-is('grad') + *", SHOWN_ARRAY)
        assert numbers(shown) == pytest.approx(parameter.grad.numpy().reshape(-1), abs=1e-4), name
    (rnn_input,) = [t for t in tensors if t.shape == (2, 5, 3)]  # the batch as the code gave it (nn/rnn.py)
    click_tensor(page, ids[id(rnn_input)])
    assert page.text_content("#panel .section:text-is('data') + .tensor-view .shape") == "shape (2, 5, 3)"
    (rnn_out,) = [t for t in tensors if explorer.data["tensors"][ids[id(t)]]["name"] == "RNN.out"]
    click_tensor(page, ids[id(rnn_out)])
    grad_view = "#panel .section:text-is('grad') + .tensor-view"
    assert page.text_content(f"{grad_view} .shape") == "shape (2, 5, 4)"
    assert page.eval_on_selector_all(f"{grad_view} .slice > .hint", "s => s.map(e => e.textContent)") == [
        "[0, :, :]", "[1, :, :]"]
    assert numbers(page.eval_on_selector(grad_view, SHOWN_ARRAY)) == pytest.approx(
        rnn_out.grad.numpy().reshape(-1), abs=1e-4)
    assert opened.requests == [] and opened.errors == []
    opened.close()


def test_a_matrix_is_a_heatmap_and_a_huge_tensor_is_summarised(browser, tmp_path):  # noqa: F811
    output, params = GRAPHS["wide_linear"]()
    explorer = explore(output, params)
    ids = graph_ids(walk(output))[0]
    output.backward(retain_graph=True)
    opened, page = opened_at_start(browser, explorer, tmp_path / "wide.html")
    page.keyboard.press("End")
    click_tensor(page, ids[id(params["weight"])])
    heatmap = "#panel .section:text-is('grad') + .tensor-view canvas.heatmap"
    box = page.eval_on_selector(heatmap, "c => [c.clientWidth, c.clientHeight]")
    cell = box[0] // 16
    assert box == [16 * cell, 8 * cell] and page.query_selector("#panel .legend canvas")
    page.hover(heatmap, position={"x": 5 * cell + cell / 2, "y": 3 * cell + cell / 2})
    hovered = page.text_content("#panel .section:text-is('grad') + .tensor-view .hover")
    assert hovered.startswith("[3, 5] = ")
    assert float(hovered.split(" = ")[1]) == pytest.approx(params["weight"].grad.numpy()[3, 5], abs=1e-4)
    assert opened.errors == [] and opened.requests == []
    opened.close()
    images = autograd.randn(2, 3, 6, 6, requires_grad=True)  # a batch of 3-channel 6×6 images
    total = (images * images).sum()
    opened, page = opened_at_start(browser, explore(total), tmp_path / "images.html")
    page.keyboard.press("End")
    click_tensor(page, graph_ids(walk(total))[0][id(images)])
    view = "#panel .section:text-is('grad') + .tensor-view"
    assert page.text_content(f"{view} .shape") == "shape (2, 3, 6, 6)"
    assert page.eval_on_selector_all(f"{view} .grid-row", "rows => rows.map(r => Array.from(r.querySelectorAll("
                                     "'.slice'), s => s.title))") == [
        [f"[{i}, {j}, :, :]" for j in range(3)] for i in range(2)]  # a row per image, a column per channel
    slices = page.query_selector_all(f"{view} canvas.heatmap")
    cell = slices[5].evaluate("c => c.clientWidth") / 6  # shown px a value
    slices[5].hover(position={"x": 4 * cell + cell / 2, "y": 1 * cell + cell / 2})
    hovered = page.text_content(f"{view} .hover")
    assert hovered.startswith("[1, 2, 1, 4] = ")
    assert float(hovered.split(" = ")[1]) == pytest.approx(2 * images.detach().numpy()[1, 2, 1, 4], abs=1e-4)
    narrow = page.eval_on_selector("#panel", "p => p.clientWidth")
    page.keyboard.press("w")  # the wide panel: the same tensor, redrawn in more room
    assert page.eval_on_selector("#panel", "p => p.clientWidth") > narrow + 200
    assert page.text_content(f"{view} .shape") == "shape (2, 3, 6, 6)"
    assert page.text_content(f"{view} .grid").startswith("a row per [i, ·], a column per [·, j]: 2 × 3 heatmaps")
    assert opened.errors == []  # not a convolution's or a pooling's: no "image" or "channel"
    opened.close()
    conv = nn.Conv2d(3, 2, 3)
    total = nn.functional.max_pool2d(conv(images).relu(), 2).sum()
    opened, page = opened_at_start(browser, explore(total, dict(conv.named_parameters())), tmp_path / "conv.html")
    page.keyboard.press("End")
    click_tensor(page, graph_ids(walk(total))[0][id(images)])
    assert page.text_content(f"{view} .grid").startswith("a row per [n, ·] (image), a column per [·, c] (channel)")
    assert opened.errors == []
    opened.close()
    big = autograd.randn(300, 250, requires_grad=True)  # more values than TENSOR_VALUES
    total = (big * 2.0).sum()
    opened, page = opened_at_start(browser, explore(total), tmp_path / "big.html")
    page.keyboard.press("End")
    click_tensor(page, graph_ids(walk(total))[0][id(big)])
    assert "too large to keep whole in this page (75000 values" in page.text_content("#panel")
    page.keyboard.press("ArrowLeft")  # the backward step that reaches it: its values summarised, and said so
    assert page.query_selector_all("#panel .input .hint.cut")
    assert opened.errors == []
    opened.close()


def test_long_names_wrap_and_tall_or_long_tensors_stay_within_the_panel(browser, tmp_path):  # noqa: F811
    layer = nn.Linear(2, 64)  # weight (64, 2): a tall thin heatmap; bias (64,): a long vector
    long_names = {"a_recurrent_block_with_a_long_name.weight": layer.weight,
                  "a_recurrent_block_with_a_long_name.bias": layer.bias}
    output = layer(autograd.tensor(np.ones((3, 2), dtype=np.float32))).tanh().sum()
    explorer = explore(output, long_names)
    output.backward(retain_graph=True)
    opened, page = opened_at_start(browser, explorer, tmp_path / "tall.html")
    assert "'input' is the model's input" in page.text_content("#panel") and "const1, const2" in page.text_content("#panel")
    page.keyboard.press("ArrowRight")  # the linear op: its inputs' names in the table, whole
    names = page.eval_on_selector_all("#panel tr.io td:nth-child(2)", "tds => tds.map(td => [td.textContent, "
                                      "td.scrollWidth <= td.clientWidth])")
    assert [name for name, _ in names][1:3] == list(long_names) and all(fits for _, fits in names)
    heights = page.eval_on_selector_all("#panel table.io table.values td", "tds => tds.map(td => td.clientHeight)")
    assert heights and max(heights) <= min(heights) * 1.5  # the input's values, one line each: no number broken
    page.keyboard.press("End")
    click_tensor(page, graph_ids(walk(output))[0][id(layer.weight)])
    view = "#panel .section:text-is('grad') + .tensor-view"
    width, height = page.eval_on_selector(f"{view} canvas.heatmap", "c => [c.clientWidth, c.clientHeight]")
    assert height <= 300 and width > height and "transposed" in page.text_content(view)
    cell, row = width // 64, height // 2  # two long rows are drawn taller than wide
    assert row >= cell
    page.hover(f"{view} canvas.heatmap", position={"x": 40 * cell + cell / 2, "y": 1 * row + row / 2})
    hovered = page.text_content(f"{view} .hover")
    assert hovered.startswith("[40, 1] = ")
    assert float(hovered.split(" = ")[1]) == pytest.approx(layer.weight.grad.numpy()[40, 1], abs=1e-4)
    click_tensor(page, graph_ids(walk(output))[0][id(layer.bias)])
    rows = page.eval_on_selector_all(f"{view} table.values tr", ROWS)
    assert [len(row) for row in rows] == [6] * 10 + [4] and "wrapped, 6 values a row" in page.text_content(view)
    assert page.eval_on_selector(f"{view} table.values", "t => t.getBoundingClientRect().right") <= page.eval_on_selector(
        "#panel", "p => p.getBoundingClientRect().right")  # within the panel, none cut off
    assert numbers(sum(rows, [])) == pytest.approx(layer.bias.grad.numpy(), abs=1e-4)
    assert opened.errors == [] and opened.requests == []
    opened.close()


def test_log_softmax_shift_is_hidden_until_the_op_that_reads_it(browser, tmp_path):  # noqa: F811
    output, params = GRAPHS["mlp"]()
    explorer = explore(output, params)
    shift = next(k for k, t in explorer.data["tensors"].items() if t["name"] == "max over dim 1")
    appears = explorer.data["tensors"][shift]["appears"]
    opened, page = opened_at_start(browser, explorer, tmp_path / "shift.html")
    click_tensor(page, shift)
    assert "not computed yet" in page.text_content("#panel") and page.query_selector("#panel .tensor-view") is None
    for _ in range(appears):
        page.keyboard.press("ArrowRight")
    click_tensor(page, shift)
    assert "not computed yet" not in page.text_content("#panel")
    assert opened.errors == [] and opened.requests == []
    opened.close()


def test_a_sum_of_paths_shows_before_this_path_and_total_whole(browser, tmp_path):  # noqa: F811
    weight = autograd.tensor(np.random.default_rng(1).standard_normal((9, 10)), requires_grad=True)
    output = (weight * 2.0 + weight.exp()).sum()
    explorer = explore(output, {"weight": weight})
    opened, page = opened_at_start(browser, explorer, tmp_path / "paths.html")
    page.keyboard.press("End")
    for _ in explorer.data["backward"]:  # back to the last step where two paths meet (bounded: never hangs)
        if "sum of paths" in page.text_content("#panel"):
            break
        page.keyboard.press("ArrowLeft")
    div = "#panel .input:has(.sum)"
    for part in ("before", "local", "total"):  # 90 values each: three heatmaps, whole (the numbers: test_panel_data)
        assert page.eval_on_selector(f"{div} .{part}", "e => e.querySelector('.shape').textContent") == "shape (9, 10)"
        assert page.query_selector(f"{div} .{part} canvas.heatmap")
    legends = [page.text_content(f"{div} .{part} .legend") for part in ("before", "local", "total")]
    assert len(legends) == 3 and len(set(legends)) == 1  # one colour scale: total = before + this path, by eye
    largest = max(2 + np.exp(weight.detach().numpy()).max(), 2.0)  # the total's largest value
    assert float(legends[0].split("+")[-1]) == pytest.approx(largest, rel=1e-3)
    assert opened.errors == [] and opened.requests == []
    opened.close()


def test_the_page_reads_every_encoded_tensor_back_as_the_texts_python_wrote(browser, tmp_path):  # noqa: F811
    autograd.manual_seed(0)
    conv = nn.Conv2d(2, 3, kernel_size=3)
    images = autograd.randn(2, 2, 8, 8) * 100  # data of every magnitude: fixed and scientific, int8 to int32 digits
    output = (conv(images).relu() * autograd.tensor(np.float32(1e-6))).sum()
    explorer = explore(output, conv)
    arrays = [t["data"] for t in explorer.data["tensors"].values()]
    arrays += [g[1] for t in explorer.data["tensors"].values() for g in t.get("grads", [])]
    encoded = [a for a in arrays if isinstance(a, dict)]
    assert {a["encoded"] for a in encoded} == {"fixed", "sci"}
    opened, page = opened_at_start(browser, explorer, tmp_path / "encoded.html")
    shown = page.evaluate("arrays => arrays.map(pageValues)", encoded)
    assert shown == [decoded(a) for a in encoded]
    assert opened.errors == [] and opened.requests == []
    opened.close()
