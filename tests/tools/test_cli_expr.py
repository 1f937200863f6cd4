"""`autograd-viz expr`: the neuron example in every format, and hostile input refused with exit code 2."""
import re

import pytest

NEURON = ["expr", "tanh(x1*w1 + x2*w2 + b)", "-v", "x1=2", "-v", "x2=0", "-v", "w1=-3", "-v", "w2=1",
          "-v", "b=6.8813735870195432", "--backward"]


def test_help_shows_examples(cli):
    result = cli("--help")
    assert result.returncode == 0 and "examples:" in result.stdout and "autograd-viz expr" in result.stdout


def test_neuron_dot_has_values_and_grads(cli, tmp_path):
    result = cli(*NEURON, "-o", "neuron.dot")
    assert result.returncode == 0, result.stderr
    dot = (tmp_path / "neuron.dot").read_text()
    assert len(re.findall(r'label="(mul|add|tanh)"', dot)) == 5
    boxes = dict(re.findall(r"<b>(\w+)</b>.*?grad (-?[0-9.e-]+)<", dot))
    assert float(boxes["x1"]) == pytest.approx(-1.5) and float(boxes["w1"]) == pytest.approx(1.0)
    assert "data 0.7071<" in dot  # printed as PyTorch prints it


@pytest.mark.parametrize("fmt, magic", [("svg", b"<?xml"), ("png", b"\x89PNG"), ("dot", b"digraph")])
@pytest.mark.parametrize("renderer", ["graphviz-pure", "dot"])
def test_each_format(cli, tmp_path, fmt, magic, renderer):
    import shutil

    if renderer == "dot" and shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed")
    result = cli(*NEURON, "-o", f"neuron.{fmt}", renderer=renderer)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / f"neuron.{fmt}").read_bytes().startswith(magic)


def test_pdf(cli, tmp_path):
    import shutil

    result = cli(*NEURON, "-o", "neuron.pdf")
    assert result.returncode == 0, result.stderr
    if shutil.which("dot"):
        assert (tmp_path / "neuron.pdf").read_bytes().startswith(b"%PDF")
    else:  # graphviz-pure writes no pdf: the DOT text and a hint instead
        assert (tmp_path / "neuron.dot").exists() and "install" in result.stderr


def test_without_a_renderer_writes_dot_and_says_how_to_get_one(cli, tmp_path):
    result = cli(*NEURON, "-o", "neuron.svg", renderer="none")
    assert result.returncode == 0
    assert (tmp_path / "neuron.dot").exists() and "pip install graphviz-pure" in result.stderr


def test_list_variables_and_options(cli, tmp_path):
    result = cli("expr", "softmax(x * w, dim=0).sum() + (x ** 2).mean()", "-v", "x=[1,2,3]", "-v", "w=0.5",
                 "--backward", "--no-data", "--rankdir", "TB", "-o", "g.dot")
    assert result.returncode == 0, result.stderr
    dot = (tmp_path / "g.dot").read_text()
    assert "(3,) float64" in dot and "rankdir=TB" in dot and "data " not in dot and "grad " in dot


HOSTILE = {
    "__import__('os')": "a call of '__import__'",
    "x.__class__": "attribute access",
    "x.__class__.__bases__[0].__subclasses__()": "a call of '__subclasses__'",
    "(lambda: 1)()": "a call of something that is not a function name",
    "lambda: x": "a lambda",
    "[x for x in range(9)]": "a list comprehension",
    "9**9**9": "refused the exponent",
    "y + 1": "the unknown name 'y'",
    "x" + " + x" * 25_000: "characters long",
    "x[0]": "a subscript",
    "f'{x}'": "an f-string",
    "tanh(x, foo=1)": "the keyword argument foo=",
    "open('/etc/passwd')": "a call of 'open'",
    "'a' * 3": "the str literal",
    "x if x else x": "a conditional expression",
    "x < 1": "a comparison",
    "import os": "not a valid expression",
    "(x := 1)": "an assignment",
    "x + " + "-" * 200 + "x": "nests deeper",
    "sum(*x)": "sum with",
    "exp(x) and x": "the operator and",
    "x // 2": "the operator //",
    "True + x": "the bool literal",
}


@pytest.mark.parametrize("expression", list(HOSTILE), ids=lambda text: text[:30])
def test_hostile_or_malformed_expressions_are_refused(cli, expression):
    result = cli("expr", expression, "-v", "x=[1,2]", "-o", "never.svg")
    assert result.returncode == 2, result.stderr
    assert HOSTILE[expression] in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.seconds < 3.0  # interpreter start-up included; the check itself takes milliseconds


@pytest.mark.parametrize("option", ["x", "x=abc", "x=[1,[2]]", "tanh=1", "x=__import__('os')", "class=1"])
def test_bad_variables_are_refused(cli, option):
    result = cli("expr", "x", "-v", option)
    assert result.returncode == 2 and "-v" in result.stderr


def test_bad_usage_exits_2(cli):
    assert cli("expr").returncode == 2
    assert cli("expr", "x", "-v", "x=1", "-o", "graph.gif").returncode == 2
    assert cli("draw", "x").returncode == 2


def test_a_shape_mismatch_is_refused_before_running(cli):
    result = cli("expr", "x @ y", "-v", "x=[1,2]", "-v", "y=[1,2,3]")
    assert result.returncode == 2 and "@: shapes (2,) and (3,) cannot be multiplied" in result.stderr
