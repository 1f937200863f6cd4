"""Any name draws: short names from a hostile alphabet (']' and ']]', which Graphviz rejects as the whole text of
an HTML label cell, markup, DOT syntax, escapes, control characters), rendered by the installed dot, as params=
keys and as t.name, in draw_graph's DOT and in the explorer's page (#19, hostile21c C1)."""
import random
import shutil

import pytest

import autograd
from autograd.viz import dot_source, explore
from autograd.viz.render import render

ALPHABET = "][<>&;#\\\"'{}|=-:,.!/* \t\n\x00\x7fé\u200b\u2028N"
NAMES = sorted({"".join(random.Random(seed).choices(ALPHABET, k=1 + seed % 3)) for seed in range(400)}
               | {"]", "]]", "]]]", "&#93;", "\\N", "\\G", "<b>", "]>"})


def graph(names):
    """(output, params): the sum of one named leaf per name, a second set named by t.name."""
    by_key = {name: autograd.tensor([1.0], requires_grad=True) for name in names}
    by_attribute = []
    for name in names:
        t = autograd.tensor([2.0], requires_grad=True)
        t.name = name
        by_attribute.append(t)
    total = sum((t * 2 for t in [*by_key.values(), *by_attribute]), autograd.zeros(1))
    return total.sum(), by_key


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")
@pytest.mark.parametrize("start", range(0, len(NAMES), 60))
def test_short_hostile_names_render_with_dot(start):
    names = NAMES[start:start + 60]
    output, params = graph(names)
    svg = render(dot_source(output, params=params), "svg").decode()  # raises RuntimeError if dot rejects the DOT
    assert svg.count("<g id=\"node") >= 2 * len(names)


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")
@pytest.mark.parametrize("name", ["]", "]]", "]]]", "a]", "[]"])
def test_a_bracket_name_draws_on_the_explorer_page_and_in_the_svg(name):
    w = autograd.tensor([1.0, 2.0], requires_grad=True)
    page = explore((w * 2).sum(), params={name: w})
    assert name in [t["name"] for t in page.data["tensors"].values()]
    svg = render(dot_source((w * 2).sum(), params={name: w}), "svg").decode()
    assert f">{name}<" in svg.replace("&#93;", "]")
