"""The explorer's drawings in headless Chromium: a large graph opens folded, a box opens its own drawing and
Esc goes back up, zoom and fit, following the op, and the state kept in the URL hash; no request, no error."""
import time

from autograd.viz import explore
from tools.bench.explorer import loop_loss, rnn_loss

from .browser import OpenedPage, browser  # noqa: F401  (browser is a fixture)


def views_of(page):
    return int(page.evaluate("new URLSearchParams(location.hash.slice(1)).get('view')"))


def test_the_1000_op_rnn_builds_and_opens_folded(browser, tmp_path):  # noqa: F811
    output, params = rnn_loss(250)
    started = time.perf_counter()
    explorer = explore(output, params)
    seconds = time.perf_counter() - started
    path = explorer.save(tmp_path / "rnn.html")
    opened = OpenedPage(browser)
    page = opened.open(path)
    ready_ms = int(page.get_attribute("body", "data-ready-ms"))
    print(f"1,009-op nn.RNN: built in {seconds:.1f} s, {path.stat().st_size:,} bytes, script ready in {ready_ms} ms")
    # 1,009 ops: nn.RNN projects the whole input with one batched matmul (no reshape back, nn/rnn.py)
    assert len(explorer.data["forward"]) == 1009 and seconds < 60  # a benchmark's bound (3 to 5 s measured here)
    assert explorer.data["folded"] and "click a box" in page.text_content("#folded").lower()
    assert page.text_content("#crumbs") == "whole graph"
    rnn_box = next(k for k, box in explorer.data["boxes"].items() if box["name"] == "RNN")
    page.click(f"g.node:has(title:text-is('{rnn_box}'))")  # open the RNN: its time steps, folded in runs
    assert page.text_content("#crumbs") == "whole graph › RNN" and views_of(page) > 0
    runs = page.query_selector_all("g.node:has(text:text-matches('^step \\\\d+ … step \\\\d+$'))")
    assert runs
    runs[0].click()  # a run of time steps: deeper still
    assert page.text_content("#crumbs").startswith("whole graph › RNN › step ")
    page.click("#crumbs a:text-is('RNN')")  # the path above the drawing goes back up
    assert page.text_content("#crumbs") == "whole graph › RNN"
    page.keyboard.press("Escape")
    assert page.text_content("#crumbs") == "whole graph" and views_of(page) == 0
    assert opened.requests == [] and opened.errors == []
    opened.close()


def test_stepping_highlights_the_box_or_follows_the_op_into_it(browser, tmp_path):  # noqa: F811
    output, params = rnn_loss(40)
    explorer = explore(output, params, max_nodes=60)
    opened = OpenedPage(browser)
    page = opened.open(explorer.save(tmp_path / "rnn40.html"))
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    op = explorer.data["forward"][11]["op"]
    rnn_box = next(k for k, box in explorer.data["boxes"].items() if box["name"] == "RNN")
    assert opened.current() == rnn_box  # the box that holds op 12, red, not blue
    assert page.eval_on_selector("g.node.current", "g => g.classList.contains('receiving')") is False
    page.keyboard.press("f")  # follow: open the drawing that shows the op itself
    assert opened.current() == op and views_of(page) == explorer.data["ops"][op]["view"]
    page.keyboard.press("ArrowRight")
    assert opened.current() == explorer.data["forward"][12]["op"]
    inside = page.eval_on_selector("g.node.current", """g => { const a = g.getBoundingClientRect(),
        b = document.getElementById('graph').getBoundingClientRect();
        return a.top >= b.top && a.bottom <= b.bottom && a.left >= b.left && a.right <= b.right; }""")
    assert inside  # kept in view
    assert opened.requests == [] and opened.errors == []
    opened.close()


def test_zoom_fit_and_the_hash(browser, tmp_path):  # noqa: F811
    output, params = loop_loss(100)  # no module at all: folded into runs of ops
    explorer = explore(output, params)
    path = explorer.save(tmp_path / "loop.html")
    opened = OpenedPage(browser)
    page = opened.open(path)
    assert len(explorer.data["views"]) > 1 and page.text_content("#crumbs") == "whole graph"
    width = page.evaluate("document.querySelector('#graph svg').getBoundingClientRect().width")
    page.click("#zoom-in")
    wider = page.evaluate("document.querySelector('#graph svg').getBoundingClientRect().width")
    assert abs(wider / width - 1.25) < 0.01 and "zoom=" in page.evaluate("location.hash")
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert page.evaluate("document.querySelector('#graph svg').getBoundingClientRect().width") < width
    page.keyboard.press("0")  # fit: the window's width, or half size at the least
    fitted = page.evaluate("document.querySelector('#graph svg').getBoundingClientRect().width")
    assert fitted <= page.evaluate("document.getElementById('graph').clientWidth") or abs(fitted / width - 1) < 0.01
    page.mouse.move(300, 300)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -300)
    page.keyboard.up("Control")
    assert page.evaluate("document.querySelector('#graph svg').getBoundingClientRect().width") > fitted
    page.click("#zoom-in")
    page.click("#zoom-in")
    scrolled = "[document.getElementById('graph').scrollLeft, document.getElementById('graph').scrollTop]"
    before = page.evaluate(scrolled)
    page.mouse.move(400, 400)
    page.mouse.down()
    page.mouse.move(350, 300, steps=5)  # drag: pan
    page.mouse.up()
    after = page.evaluate(scrolled)
    assert (after[0] - before[0], after[1] - before[1]) == (50, 100) and page.text_content("#crumbs") == "whole graph"
    box = explorer.data["views"][1]["box"]
    page.click(f"g.node:has(title:text-is('{box}'))")
    page.keyboard.press("ArrowRight")
    assert "state=1&view=1&" in page.evaluate("location.hash")
    page.evaluate("location.hash = '#state=7&view=0&zoom=fit'")  # hashchange: the page follows the address
    page.wait_for_function("document.body.dataset.state === '7'")
    assert page.text_content("#crumbs") == "whole graph"
    reopened = OpenedPage(browser)
    reopened.open(path, state="state=3&view=1&zoom=0.8")
    assert reopened.state() == 3 and views_of(reopened.page) == 1
    assert reopened.page.evaluate("location.hash").startswith("#state=3&view=1&zoom=0.80")
    assert opened.requests == reopened.requests == [] and opened.errors == reopened.errors == []
    opened.close()
    reopened.close()


def test_a_hostile_module_name_in_the_views_path_is_text(browser, tmp_path):  # noqa: F811
    import collections

    import autograd
    import nn
    from autograd.viz.text import shown

    name = "</script><img src=x onerror=window['injected']=1><!--"
    model = nn.Sequential(collections.OrderedDict([(name, nn.Linear(3, 1))]))
    explorer = explore(model(autograd.randn(2, 3)).sum(), model, collapse_modules=True)
    opened = OpenedPage(browser)
    page = opened.open(explorer.save(tmp_path / "hostile_views.html"))
    page.click("g.node:has(title:text-is('g1'))")  # Sequential's box, then the module's inside it
    page.click("g.node:has(title:text-is('g2'))")
    assert page.text_content("#crumbs") == f"whole graph › Sequential › {shown(name)}: Linear"
    assert page.evaluate("window.injected") is None and page.evaluate("document.images.length") == 0
    assert opened.requests == [] and opened.errors == []
    opened.close()
