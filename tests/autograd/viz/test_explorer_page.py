"""The explorer in headless Chromium: stepping through the backward pass shows the op the engine
ran at that step and the gradients the engine computed, with no request and no JavaScript error."""
import time

import pytest

import autograd
from autograd.viz import explore, walk
from autograd.viz.explore import rule_text
from autograd.viz.extract import graph_ids
from autograd.viz.preview import box_text, clean_values, summary_text
from autograd.viz.text import short

from .browser import SHOWN_ARRAY, OpenedPage, browser  # noqa: F401  (browser is a fixture)
from .graphs import GRAPHS, engine_run


def panel_array(array):
    """What the panel shows of an array: every value (clean) when small, else its summary line."""
    return clean_values(array) if array.size <= 64 else [summary_text(array, clean=True)]


@pytest.mark.parametrize("name", ["neuron", "mlp"])
def test_each_backward_step_shows_the_engines_op_and_gradients(browser, name, tmp_path):  # noqa: F811
    output, params = GRAPHS[name]()
    explorer = explore(output, params)
    path = explorer.save(tmp_path / f"{name}.html")
    tensors = walk(output)
    tensor_ids, op_ids = graph_ids(tensors)
    op_of = {id(t._ctx): op_ids[id(t)] for t in tensors if t._ctx is not None}
    out_of = {id(t._ctx): t for t in tensors if t._ctx is not None}
    ran = engine_run(output)  # the engine's own order, every intermediate's grad retained

    opened = OpenedPage(browser)
    page = opened.open(path)
    forward_steps = len(explorer.data["forward"])
    for _ in range(forward_steps + 1):  # the forward pass, then the seed
        page.keyboard.press("ArrowRight")
    assert opened.current() == tensor_ids[id(output)]
    last_total = {}
    for step, node in enumerate(ran, start=1):
        page.keyboard.press("ArrowRight")
        assert page.text_content("#step-label") == f"backward {step} / {len(ran)}"
        assert opened.current() == op_of[id(node)], f"step {step}"
        assert page.eval_on_selector("#panel .upstream", SHOWN_ARRAY) == panel_array(out_of[id(node)].grad.numpy())
        for div in page.query_selector_all("#panel .input"):
            if div.query_selector(".total"):
                last_total[div.get_attribute("data-tensor")] = div.eval_on_selector(".total", SHOWN_ARRAY)
        if step == len(ran) // 2:
            page.screenshot(path=tmp_path / f"{name}.png")
    assert opened.state() == forward_steps + 1 + len(ran)
    with_grads = [t for t in tensors if t.grad is not None]
    assert with_grads and len(last_total) == len(with_grads) - 1  # every tensor but the output receives once at least
    for tensor in with_grads:
        key = tensor_ids[id(tensor)]
        assert opened.grad_row(key) == "grad " + box_text(tensor.grad.numpy())
        assert last_total.get(key, panel_array(tensor.grad.numpy())) == panel_array(tensor.grad.numpy())
    assert opened.requests == [] and opened.errors == []
    print(f"screenshot: {tmp_path / f'{name}.png'}")
    opened.close()


def test_controls_and_clicks(browser, tmp_path):  # noqa: F811
    output, params = GRAPHS["reused"]()
    explorer = explore(output, params)
    opened = OpenedPage(browser)
    page = opened.open(explorer.save(tmp_path / "reused.html"))
    last = len(explorer.data["forward"]) + 1 + len(explorer.data["backward"])
    page.keyboard.press("End")
    assert opened.state() == last
    assert "sum of paths" in page.text_content("#panel")  # a reaches the last op along a second path
    assert "1 + 6 = 7" in page.text_content("#panel") and "7 + 6 = 13" in page.text_content("#panel")
    page.keyboard.press("ArrowLeft")
    assert opened.state() == last - 1
    page.click("#start")
    assert opened.state() == 0 and opened.grad_row("t0") is None
    page.click("#play")
    page.wait_for_function("document.body.dataset.state >= 2")
    page.keyboard.press(" ")
    paused = opened.state()
    time.sleep(1)
    assert opened.state() == paused
    page.click("g.node:has(title:text-is('t0'))")
    assert page.text_content("#panel h3:last-of-type") == "tensor a"
    assert opened.requests == [] and opened.errors == []
    opened.close()
    linked = OpenedPage(browser)
    linked.open(tmp_path / "reused.html", state=4)
    assert linked.state() == 4 and linked.errors == []
    linked.close()


def test_jupyter_shows_the_page_in_an_iframe(browser):  # noqa: F811
    output, params = GRAPHS["neuron"]()
    params = {"</script><script>parent.injected = 1</script>" if k == "b" else k: v for k, v in params.items()}
    explorer = explore(output, params, title='"><script>parent.injected = 2</script>')
    opened = OpenedPage(browser)
    opened.page.set_content(explorer._repr_html_())
    frame = opened.page.frames[1]
    frame.wait_for_selector("g.node")
    assert frame.get_attribute("body", "data-state") == "0"
    frame.click("#end")
    last = len(explorer.data["forward"]) + 1 + len(explorer.data["backward"])
    assert frame.get_attribute("body", "data-state") == str(last)
    assert opened.page.evaluate("window.injected") is None and opened.page.evaluate("document.scripts.length") == 0
    assert frame.evaluate("document.scripts.length") == 3 and frame.evaluate("window.origin") == "null"
    assert opened.errors == []
    opened.close()


def test_a_thousand_op_graph_is_small_and_opens_quickly(browser, tmp_path):  # noqa: F811
    x = autograd.randn(3, requires_grad=True)
    y = x
    for _ in range(500):
        y = (y * 1.01).tanh()
    explorer = explore(y.sum())
    assert len(explorer.data["forward"]) == 1001
    path = explorer.save(tmp_path / "big.html")
    assert path.stat().st_size < 2_600_000  # one drawing per run of 16 ops (2.3 MB measured), the data (0.5 MB)
    opened = OpenedPage(browser)
    page = opened.open(path)
    script_ms = int(page.get_attribute("body", "data-ready-ms"))
    loaded_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    print(f"1,001-op page: {path.stat().st_size:,} bytes, script ready in {script_ms} ms, loaded in {loaded_ms:.0f} ms")
    assert script_ms < 1000  # the page's own work; parsing and drawing 2 MB is the browser's (about 1 s here)
    page.keyboard.press("End")
    assert opened.state() == 1001 + 1 + 1001 and opened.errors == []
    opened.close()


HOSTILE_NAMES = [
    "<!--<script>", "</script><script>window.injected = 1</script>", "]]>", "<img src=x onerror=window.injected=2>",
    "a\u2028b\u2029c", "grad 5.", 'q"uo\\te\\N', "&amp; &#45; -->", "x" * 100_000,
]


def test_hostile_names_show_literally_and_inject_nothing(browser, tmp_path):  # noqa: F811
    """Names as tensor names, params keys, a module's name and the title, with NaN and inf values: the
    page steps to its end without an error or a request, shows each name as text, and runs no injected code."""
    import collections

    import nn
    from autograd.viz.text import shown

    leaves = [autograd.tensor([float(i), float("nan"), float("inf")], requires_grad=True) for i in range(3)]
    for leaf, name in zip(leaves, HOSTILE_NAMES[:3], strict=True):
        leaf.name = name
    module_name = HOSTILE_NAMES[1].replace("window.injected", "window['injected']")  # no "." in a module name
    model = nn.Sequential(collections.OrderedDict([(module_name, nn.Linear(3, 1))]))
    constant = autograd.tensor([1.0, 2.0, 3.0])
    constant.name = "grad 5."  # no gradient reaches it: its title must not be taken for its grad row
    total = (leaves[0] * leaves[1] + leaves[2] * constant).sum() + model(leaves[0]).sum()
    params = {HOSTILE_NAMES[3]: model[0].weight, HOSTILE_NAMES[8]: model[0].bias}
    explorer = explore(total, params, title=HOSTILE_NAMES[0] + HOSTILE_NAMES[4])
    opened = OpenedPage(browser)
    page = opened.open(explorer.save(tmp_path / "hostile.html"))
    assert page.title() == shown(HOSTILE_NAMES[0] + HOSTILE_NAMES[4])
    last = len(explorer.data["forward"]) + 1 + len(explorer.data["backward"])
    page.keyboard.press("End")
    assert opened.state() == last
    assert page.evaluate("window.injected") is None and page.evaluate("document.scripts.length") == 3
    assert page.evaluate("document.images.length") == 0
    tensor_ids, _ = graph_ids(walk(total))
    shown_names = {id(leaves[0]): HOSTILE_NAMES[0], id(leaves[1]): HOSTILE_NAMES[1],
                   id(leaves[2]): HOSTILE_NAMES[2], id(constant): "grad 5.", id(model[0].weight): HOSTILE_NAMES[3],
                   id(model[0].bias): HOSTILE_NAMES[8]}
    for key, name in shown_names.items():
        node_id = tensor_ids[key]
        page.click(f"g.node:has(title:text-is('{node_id}'))")
        assert page.text_content("#panel h3:last-of-type") == f"tensor {shown(name)}"
        title = page.text_content(f"g.node:has(title:text-is('{node_id}')) text[font-weight='bold']")
        assert title == short(shown(name))
    constant_title = f"g.node:has(title:text-is('{tensor_ids[id(constant)]}')) text[font-weight='bold']"
    assert page.eval_on_selector(constant_title, "t => getComputedStyle(t).visibility") == "visible"
    assert "nan" in page.text_content("#panel") or "nan" in page.text_content("#graph")
    assert opened.requests == [] and opened.errors == []
    opened.close()


def test_an_op_with_more_than_26_inputs_shows_them_all(browser, tmp_path):  # noqa: F811
    leaves = [autograd.tensor(float(i), requires_grad=True) for i in range(30)]
    explorer_output = autograd.stack(leaves).sum()
    explorer = explore(explorer_output)
    opened = OpenedPage(browser)
    page = opened.open(explorer.save(tmp_path / "stack.html"))
    page.keyboard.press("End")  # the last backward step: stack's
    rows = page.eval_on_selector_all("#panel .input tr.io", "rows => rows.map(r => Array.from(r.cells, c => c.textContent))")
    assert rows[25] == ["z", "leaf26", "25"] and rows[26] == ["x27", "leaf27", "26"] and rows[29] == ["x30", "leaf30", "29"]
    assert len(page.query_selector_all("#panel .input")) == 30 and opened.errors == []
    assert page.text_content("#panel .rule") == rule_text(walk(explorer_output)[-2]._ctx)  # stack's rule
    opened.close()
