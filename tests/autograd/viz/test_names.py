"""Any name draws: tensor names, params keys, module names, op labels and titles that are ints, bytes,
None, tuples, objects whose __str__ raises, strings with NUL, control characters, quotes, backslashes,
markup or 100,000 characters. Checked on the DOT text, through the renderer (which must parse it and
show the name as expected), and on the explorer's page (its data block holds no markup)."""
import collections
import html
import json
import re
import shutil

import pytest

import autograd
import nn
from autograd.primitives import Mul
from autograd.viz import dot_source, draw_graph, explore, render
from autograd.viz.text import ELLIPSIS, LABEL_LENGTH, NAME_LENGTH, shown, short


class Unprintable:
    def __str__(self):
        raise ValueError("no str for you")

    __repr__ = __str__


class PlainStrFails(str):
    def __str__(self):
        raise ValueError("a str subclass whose __str__ fails")


# name -> how it is shown in full (text.shown), written out by hand
NAMES = [
    (5, "5"),
    (b"ab\x00c", "b'ab\\x00c'"),
    (("a", 1), "('a', 1)"),
    (Unprintable(), "<Unprintable object>"),
    (PlainStrFails("plain"), "plain"),
    ("a\x00b", "a\\x00b"),
    ("tab\tnew\nline\r\x1b[31m\x7f", "tab\\tnew\\nline\\r\\x1b[31m\\x7f"),
    ("<!--<script>", "<!--<script>"),
    ("</script><script>window.injected = 1</script>", "</script><script>window.injected = 1</script>"),
    ("]]>", "]]>"),
    ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
    ('q"uo\\te\\', 'q"uo\\te\\'),
    ("<b>&amp;</b>", "<b>&amp;</b>"),
    ("\\N \\G \\l \\n", "\\N \\G \\l \\n"),
    ("lone \ud800 surrogate", "lone \\ud800 surrogate"),
    ("&#45; --> {} ; -> [label=x]", "&#45; --> {} ; -> [label=x]"),
    ("grad 1.", "grad 1."),
    ("ünïcödé 🙂 名前", "ünïcödé 🙂 名前"),
]
IDS = [f"name{i}" for i in range(len(NAMES))]
RENDERERS = ["graphviz-pure", pytest.param("dot", marks=pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz's dot is not installed"))]


@pytest.mark.parametrize("value, expected", NAMES, ids=IDS)
def test_any_object_is_shown_as_printable_text(value, expected):
    assert shown(value) == expected
    assert shown(value).isprintable()


def test_none_and_empty_are_no_name_and_long_names_are_bounded():
    assert shown(None) == "" and shown("") == ""
    long = "x" * 40_000 + "END"
    assert len(shown(long)) == NAME_LENGTH and shown(long).endswith("END") and ELLIPSIS in shown(long)
    assert short("abcdefghij", 7) == "abcd" + ELLIPSIS + "ij"
    assert short("abc", 7) == "abc" and len(short("y" * 1000)) == LABEL_LENGTH
    assert shown(10 ** 5000) == "<int object>"  # str() refuses ints this long: the fallback, not an error
    assert len(shown(Unprintable.__new__(type("L" * 5000, (Unprintable,), {})))) == NAME_LENGTH


def named_graph(name, role):
    """(output, params) where `name` is the leaf's own .name, its params key, or its module's name."""
    x = autograd.tensor([1.0, -2.0], requires_grad=True)
    if role == "tensor":
        x.name = name
        return (x * 3.0).sum(), None
    if role == "params":
        return (x * 3.0).sum(), {name: x}
    model = nn.Sequential(collections.OrderedDict([(name, nn.Linear(2, 1))]))
    return model(x).sum(), model


def bold_texts(svg):
    """The bold text of an SVG drawing (the titles of the boxes), unescaped."""
    return [html.unescape(text) for text in re.findall(r'<text[^>]*font-weight="bold"[^>]*>(.*?)</text>', svg)]


def tooltips(svg):
    return [html.unescape(text) for text in re.findall(r'xlink:title="([^"]*)"', svg)]


def cluster_texts(svg):
    return [html.unescape(text) for text in re.findall(r'class="cluster">.*?<text[^>]*>(.*?)</text>', svg, re.S)]


@pytest.mark.parametrize("name, expected", NAMES, ids=IDS)
@pytest.mark.parametrize("role", ["tensor", "params"])
def test_a_tensor_or_parameter_name_draws(name, expected, role, monkeypatch):
    monkeypatch.setenv("AUTOGRAD_VIZ_RENDERER", "graphviz-pure")
    out, params = named_graph(name, role)
    dot = dot_source(out, params)
    assert "\x00" not in dot and all(line.isprintable() for line in dot.replace("\t", "").splitlines())
    assert f"<b>{html.escape(expected, quote=False).replace(chr(92), chr(92) * 2).replace(']', '&#93;')}</b>" in dot  # \\N, ]]
    assert draw_graph(out, params).source == dot
    assert bold_texts(render(dot, "svg").decode()) == [expected]


@pytest.mark.parametrize("renderer", RENDERERS)
def test_every_hostile_name_at_once_renders(renderer, monkeypatch):
    monkeypatch.setenv("AUTOGRAD_VIZ_RENDERER", renderer)
    leaves = [autograd.tensor(float(i), requires_grad=True) for i in range(len(NAMES))]
    for leaf, (name, _) in zip(leaves, NAMES, strict=True):
        leaf.name = name
    out = autograd.stack(leaves).sum()
    svg = render(dot_source(out), "svg").decode()
    assert sorted(bold_texts(svg)) == sorted(expected for _, expected in NAMES)


# Module names are strings without "." (nn refuses others, as PyTorch does).
@pytest.mark.parametrize("name, expected", [(n, e) for n, e in NAMES if type(n) is str and "." not in n],
                         ids=[i for i, (n, _) in zip(IDS, NAMES, strict=True) if type(n) is str and "." not in n])
def test_a_module_name_draws_as_its_cluster_label(name, expected, monkeypatch):
    monkeypatch.setenv("AUTOGRAD_VIZ_RENDERER", "graphviz-pure")
    out, model = named_graph(name, "module")
    dot = dot_source(out, model)
    svg = render(dot, "svg").decode()
    assert cluster_texts(svg)[-1] == short(f"{expected}: Linear")
    assert f"Sequential / {expected}: Linear" in tooltips(svg)  # the module path of the ops inside it
    # an nn.Module given as params names its parameters
    assert sorted(bold_texts(svg)) == sorted(short(f"{expected}.{p}") for p in ("bias", "weight"))


def test_a_long_name_is_shortened_in_the_box_and_whole_in_the_tooltip(monkeypatch):
    monkeypatch.setenv("AUTOGRAD_VIZ_RENDERER", "graphviz-pure")
    name = "layer." * 20_000 + "weight"  # 120,006 characters
    out, params = named_graph(name, "params")
    dot = dot_source(out, params)
    assert len(dot) < 5_000
    svg = render(dot, "svg").decode()
    (title,) = bold_texts(svg)
    assert len(title) == LABEL_LENGTH and title.startswith("layer.layer.") and title.endswith("weight")
    assert ELLIPSIS in title
    assert shown(name) in tooltips(svg) and len(shown(name)) == NAME_LENGTH and shown(name).endswith("weight")


def test_module_paths_and_op_names_of_any_text_draw(monkeypatch):
    monkeypatch.setenv("AUTOGRAD_VIZ_RENDERER", "graphviz-pure")
    odd_module = type("Odd</script>\x01", (nn.Module,), {"forward": lambda self, v: v * 2.0})
    odd_op = type("Odd<!--Op", (Mul,), {"__doc__": "out = a * b <!--<script>; da = g * b"})
    x = autograd.tensor([1.0, 2.0], requires_grad=True)
    out = odd_op.apply(odd_module()(x), autograd.tensor([3.0, 4.0])).sum()
    svg = render(dot_source(out), "svg").decode()
    assert "Odd</script>\\x01" in cluster_texts(svg)
    assert "odd<!--_op" in [html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)]
    page = explore(out).html
    assert data_block(page).count("<") == 0 and page.count("<script") == 3
    assert not re.search(r"<!|</s", drawings_block(page), re.I)  # the drawings' JSON can neither end nor comment


def test_params_must_map_names_to_tensors():
    x = autograd.tensor([1.0, 2.0], requires_grad=True)
    out = (x * 2.0).sum()
    with pytest.raises(TypeError, match=r"params must be a dict \{name: tensor\}.*got list"):
        dot_source(out, [x])
    with pytest.raises(TypeError, match=r"params must map names to tensors, but params\['x'\] is ndarray"):
        dot_source(out, {"x": x.detach().numpy()})
    with pytest.raises(TypeError, match="params must map names to tensors"):
        explore(out, {"x": 1.0})


# ----- the explorer's page -----

DATA_BLOCK = re.compile(r'<script type="application/json" id="explorer-data">(.*?)</script>', re.S)


def data_block(page):
    return DATA_BLOCK.search(page).group(1)


def drawings_block(page):
    return re.search(r'<script type="application/json" id="explorer-views">(.*?)</script>', page, re.S).group(1)


@pytest.mark.parametrize("name, expected", NAMES, ids=IDS)
def test_the_explorer_page_holds_any_name_as_data_not_markup(name, expected):
    x = autograd.tensor([1.0, -2.0], requires_grad=True)
    x.name = name
    module_name = shown(name).replace(".", "_")  # nn refuses "." in a module name, as PyTorch does
    model = nn.Sequential(collections.OrderedDict([(module_name, nn.Linear(2, 1))]))
    explorer = explore(model(x).sum(), {name: model[0].weight}, title=name)
    page = explorer.html
    block = data_block(page)
    assert "<" not in block and ">" not in block and "&" not in block and "\u2028" not in block
    assert json.loads(block) == explorer.data  # the same data, escaped
    assert page.count("<script") == 3 and page.count("</script>") == 3  # the data, the drawings, the page's script
    assert not re.search(r"<!|</s", drawings_block(page), re.I)
    assert explorer.data["title"] == expected
    assert re.search(r"<title>(.*?)</title>", page, re.S).group(1) == html.escape(expected)
    names = {details["name"] for details in explorer.data["tensors"].values()}
    assert expected in names
    modules = {details.get("module") for details in explorer.data["ops"].values()}
    assert f"Sequential / {expected.replace('.', '_')}: Linear" in modules


def test_the_explorer_of_a_long_name_stays_small():
    name = "n" * 100_000
    x = autograd.tensor([1.0, -2.0], requires_grad=True)
    x.name = name
    explorer = explore((x * 2.0).sum(), title=name)
    x.name = "n"
    short_named = explore((x * 2.0).sum(), title="n")
    assert len(explorer.html) < len(short_named.html) + 12 * NAME_LENGTH  # each place the name is shown, cut
    assert explorer.data["title"] == shown(name) and len(shown(name)) == NAME_LENGTH


def test_a_deep_path_of_long_module_names_stays_bounded():
    model = nn.Linear(2, 1)
    for depth in range(5):
        model = nn.Sequential(collections.OrderedDict([(f"{depth}" + "m" * 5000, model)]))
    out = model(autograd.tensor([1.0, 2.0], requires_grad=True)).sum()
    explorer = explore(out, model)
    modules = [op["module"] for op in explorer.data["ops"].values() if "module" in op]
    assert modules and all(len(path) == NAME_LENGTH and ELLIPSIS in path for path in modules)
    assert all(len(t) <= 2 * NAME_LENGTH + 1 for t in tooltips(render(dot_source(out, model), "svg").decode()))
    assert len(explorer.html) < 200_000
