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
    print(f"1,008-op nn.RNN: built in {seconds:.1f} s, {path.stat().st_size:,} bytes, script ready in {ready_ms} ms")
    # 1,008 ops: nn.RNN projects the whole input with one batched matmul (no reshape back, nn/rnn.py); mean is one
    # node, as PyTorch's MeanBackward0
    assert len(explorer.data["forward"]) == 1008 and seconds < 60  # a benchmark's bound (3 to 5 s measured here)
    assert explorer.data["folded"] and "click a box" in page.text_content("#folded").lower()
    assert page.text_content("#crumbs") == "whole graph"
    assert all(box["name"] != "RNN" for box in explorer.data["boxes"].values())  # the model's one module: open
    runs = page.query_selector_all("g.node:has(text:text-matches('^step \\\\d+ … step \\\\d+$'))")
    assert runs  # the RNN's time steps, folded in runs, in the first drawing
    runs[0].click()  # a run of time steps: deeper
    assert page.text_content("#crumbs").startswith("whole graph › step ") and views_of(page) > 0
    page.click("#crumbs a:text-is('whole graph')")  # the path above the drawing goes back up
    assert page.text_content("#crumbs") == "whole graph" and views_of(page) == 0
    page.query_selector_all("g.node:has(text:text-matches('^step \\\\d+ … step \\\\d+$'))")[-1].click()
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
    box = opened.current()
    assert box in explorer.data["boxes"] and box != op  # the box that holds op 12, red, not blue
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
    page.keyboard.press("0")  # fit: the window's width, or 0.75 (10 px text) at the least
    fitted = page.evaluate("document.querySelector('#graph svg').getBoundingClientRect().width")
    assert fitted <= page.evaluate("document.getElementById('graph').clientWidth") or abs(fitted / width - 1) < 0.01
    fit_error = """() => { const svg = document.querySelector('#graph svg'), full = svg.viewBox.baseVal.width * 4 / 3;
        const fit = Math.max(0.75, Math.min(1, (document.getElementById('graph').clientWidth - 16) / full));
        return Math.abs(svg.getBoundingClientRect().width - fit * full); }"""
    for window in (700, 1600, 1200):  # a resized window (or notebook frame) is fitted again
        page.set_viewport_size({"width": window, "height": 560})
        page.wait_for_timeout(50)
        assert page.evaluate(fit_error) < 1
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
    model = nn.Sequential(collections.OrderedDict([(name, nn.Linear(3, 1)), ("act", nn.ReLU())]))
    explorer = explore(model(autograd.randn(2, 3)).sum(), model, collapse_modules=True)
    opened = OpenedPage(browser)
    page = opened.open(explorer.save(tmp_path / "hostile_views.html"))
    (box,) = [k for k, box in explorer.data["boxes"].items() if box["name"].endswith(": Linear")]
    page.click(f"g.node:has(title:text-is('{box}'))")  # the module's box (the lone Sequential is open in place)
    assert page.text_content("#crumbs") == f"whole graph › {shown(name)}: Linear"
    assert page.evaluate("window.injected") is None and page.evaluate("document.images.length") == 0
    assert opened.requests == [] and opened.errors == []
    opened.close()


def test_an_attention_block_is_legible_at_fit_and_keeps_the_current_op_in_view(browser, tmp_path):  # noqa: F811
    import autograd
    import nn
    from autograd.viz.explore_views import LEGIBLE_WIDTH

    autograd.manual_seed(0)
    attention = nn.MultiheadAttention(4, 1, batch_first=True)  # notebook 08's one head: three parallel branches
    tokens = autograd.randn(1, 3, 4)
    out, _ = attention(tokens, tokens, tokens, need_weights=False)
    explorer = explore(out.sum(), attention)
    assert len(explorer.data["views"]) > 1 and str(LEGIBLE_WIDTH) in explorer.data["folded"]  # folded, not shrunk
    assert all(box["name"] != "MultiheadAttention" for box in explorer.data["boxes"].values())  # not one lone box
    opened = OpenedPage(browser, width=1200, height=800)
    page = opened.open(explorer.save(tmp_path / "one_head.html"))
    text_px = """() => { const svg = document.querySelector('#graph svg');
        return 10 * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; }"""  # 10 pt text, drawn at
    in_view = """() => { const a = document.querySelector('g.node.current').getBoundingClientRect(),
        b = document.getElementById('graph').getBoundingClientRect();
        return a.left >= b.left && a.right <= b.right && a.top >= b.top && a.bottom <= b.bottom; }"""
    page.keyboard.press("f")  # follow the op into the drawing that shows it
    for state in range(1, len(explorer.data["forward"]) * 2 + 2, 5):
        page.evaluate(f"location.hash = '#state={state}&view=0&zoom=fit&follow=1'")
        assert page.evaluate(text_px) >= 10 * 0.75 * 4 / 3 - 0.01  # 10 px at least: never shrunk below legible
        assert page.evaluate(in_view)
    assert opened.requests == [] and opened.errors == []
    opened.close()


def test_following_keeps_the_op_and_what_it_reads_and_makes_inside_the_pane(browser, tmp_path):  # noqa: F811
    import autograd
    import nn
    autograd.manual_seed(0)
    one_head = nn.MultiheadAttention(4, 1, batch_first=True)
    tokens = autograd.randn(1, 3, 4)
    out, _ = one_head(tokens, tokens, tokens, need_weights=False)
    explorer = explore(out.sum(), dict(one_head.named_parameters()))
    opened = OpenedPage(browser)
    page = opened.open(explorer.save(tmp_path / "onehead.html"))
    page.set_viewport_size({"width": 1000, "height": 700})
    page.keyboard.press("f")
    seen = """() => {  // [whether the op and its drawn neighbours are inside the pane (the op alone where they do not
        // fit), whether the pane is scrolled within the drawing]
      const pane = document.getElementById('graph'), p = pane.getBoundingClientRect();
      const data = JSON.parse(document.getElementById('explorer-data').textContent);
      const op = document.querySelector('g.node.current');
      if (!op) return [true, true];
      const id = op.querySelector('title').textContent, info = data.ops[id];
      const ids = (info ? info.inputs.concat([info.out]) : []).concat([id]);
      const boxes = ids.map(k => Array.from(document.querySelectorAll('g.node')).find(
        g => g.querySelector('title').textContent === k)).filter(g => g).map(g => g.getBoundingClientRect());
      const u = boxes.reduce((a, b) => ({left: Math.min(a.left, b.left), right: Math.max(a.right, b.right),
                                         top: Math.min(a.top, b.top), bottom: Math.max(a.bottom, b.bottom)}));
      const room = [p.left + 7, p.top + 7, p.left + pane.clientWidth - 7, p.top + pane.clientHeight - 7];
      const fits = u.right - u.left <= room[2] - room[0] && u.bottom - u.top <= room[3] - room[1];
      const b = fits ? u : op.getBoundingClientRect();
      return [b.left >= room[0] && b.top >= room[1] && b.right <= room[2] && b.bottom <= room[3],
              pane.scrollLeft >= 0 && pane.scrollLeft <= pane.scrollWidth - pane.clientWidth
              && pane.scrollTop >= 0 && pane.scrollTop <= pane.scrollHeight - pane.clientHeight];
    }"""
    states = len(explorer.data["forward"]) + 1 + len(explorer.data["backward"])
    for state in range(states):
        page.keyboard.press("ArrowRight")
        assert page.evaluate(seen) == [True, True], f"state {state + 1}"
    assert opened.requests == [] and opened.errors == []
    opened.close()
