"""autograd-viz as a hostile user drives it: expressions that begin with '-', NaN and inf values, odd
variable names, outputs in folders that do not exist or cannot be written, names that are markup or
control characters. Every refusal is one line with exit 2, found before anything runs; the user's own
exception in file mode is the only traceback."""
import re
import textwrap

import pytest

from tools.viz_cli import main as cli_main
from tools.viz_cli.variables import parse_variable

NEURON = ["-v", "x=2", "-v", "w=-3"]


def one_line_refusal(result, message):
    assert result.returncode == 2, result.stderr
    assert message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [
    ["expr", "-x*w", *NEURON, "-o", "g.dot"],
    ["expr", *NEURON, "-x*w", "-o", "g.dot"],
    ["expr", "-o", "g.dot", *NEURON, "-2*x*w"],
    ["expr", "-log(x) * w", *NEURON, "-o", "g.dot"],
    ["expr", "-log(x)*w", *NEURON, "-o", "g.dot"],
])
def test_an_expression_may_begin_with_a_minus(cli, tmp_path, args):
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    assert "neg" in (tmp_path / "g.dot").read_text() or "mul" in (tmp_path / "g.dot").read_text()


def test_a_missing_or_extra_expression_is_named(cli):
    assert "expr needs an expression" in cli("expr", *NEURON).stderr
    assert "unrecognized arguments: y" in cli("expr", "x", "y", *NEURON).stderr
    assert "unrecognized arguments: -x -w" in cli("expr", "-x", "-w", *NEURON).stderr
    assert "unrecognized arguments: --bogus" in cli("expr", "--bogus", *NEURON).stderr


def test_nan_and_inf_values_are_accepted_and_drawn(cli, tmp_path):
    result = cli("expr", "x * y + z", "-v", "x=nan", "-v", "y=[inf, -inf, 1e308]", "-v", "z=1e308",
                 "--backward", "-o", "g.dot")
    assert result.returncode == 0, result.stderr
    dot = (tmp_path / "g.dot").read_text().replace("&#93;", "]")  # (HTML labels write ']' as &#93;: dot.py)
    assert "data nan<" in dot and "data [inf, -inf, 1.0000e+308]<" in dot and "data [nan, nan, nan]<" in dot
    assert "grad 3.<" in dot  # z, added to each of the three entries
    result = cli("expr", "(x * y).sum()", "-v", "x=[nan, 1]", "-v", "y=[inf, 2]", "-o", "g.html")
    assert result.returncode == 0, result.stderr
    assert '"data":["nan","1"]' in (tmp_path / "g.html").read_text()  # the values, each as the page prints it


@pytest.mark.parametrize("option, values", [
    ("x=nan", "nan"), ("x=-inf", "-inf"), ("x=[nan, inf, -inf, 2]", "[nan, inf, -inf, 2.]"), ("x=1e999", "inf"),
])
def test_nan_and_inf_parse_as_floats(option, values):
    from autograd.viz.preview import values_text

    _, tensor = parse_variable(option)
    assert values_text(tensor.detach().numpy()) == values


@pytest.mark.parametrize("option", ["x=nan()", "x=inff", "x=[nan, [1]]", "x=-[inf]", "x=None", "x=True"])
def test_other_names_in_values_are_refused(cli, option):
    one_line_refusal(cli("expr", "x", "-v", option), "expected a number (or nan, inf)")


def test_a_variable_name_is_read_as_python_reads_it(cli, tmp_path):
    result = cli("expr", "ﬁ * 2", "-v", "ﬁ=3", "-o", "g.dot")  # Python reads the ligature as 'fi'
    assert result.returncode == 0, result.stderr
    assert "<b>fi</b>" in (tmp_path / "g.dot").read_text()


USER_FILE = textwrap.dedent('''
    import collections
    from pathlib import Path

    import autograd
    import nn

    def marked():
        Path("ran").write_text("the user's code ran")
        return (autograd.ones(2, requires_grad=True) * 2).sum()

    def hostile_names():
        x = autograd.tensor([1.0, float("nan")], requires_grad=True)
        x.name = "<!--<script>\\x00\\n" + "long" * 10000
        model = nn.Sequential(collections.OrderedDict([("</script>", nn.Linear(2, 1))]))
        return model(x).sum(), {b"w": model[0].weight, ("b",): model[0].bias, 5: x * 1}

    async def coroutine():
        return 1

    def broken_after():
        x = autograd.ones(2, requires_grad=True)
        return x.sum(), {"x": x, "y": [1, 2]}
''')


@pytest.fixture
def user_file(tmp_path):
    (tmp_path / "user.py").write_text(USER_FILE)


@pytest.mark.parametrize("output, message", [
    ("missing/g.svg", "cannot write missing/g.svg: missing does not exist"),
    ("user.py/g.svg", "cannot write user.py/g.svg: user.py is not a folder"),
    ("folder", "-o 'folder' is a folder: give a file name"),
    ("g", "-o 'g' has no suffix to say the format"),
    ("g.gif", "unknown format 'gif'"),
    ("n" * 300 + ".svg", "File name too long"),
])
def test_a_bad_output_is_refused_before_the_users_code_runs(cli, tmp_path, user_file, output, message):
    (tmp_path / "folder").mkdir()
    one_line_refusal(cli("file", "user.py:marked", "-o", output), message)
    assert not (tmp_path / "ran").exists()


def test_an_unwritable_folder_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli_main.os, "access", lambda path, mode: False)  # as a user without write permission
    assert cli_main.main(["expr", "x * 2", "-v", "x=1", "-o", "g.svg"]) == 2
    assert "cannot write g.svg: the folder . is not writable" in capsys.readouterr().err


def test_a_failed_write_is_one_line(tmp_path, monkeypatch, capsys):
    def refuse(text, path, fmt=None):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli_main, "save", refuse)
    assert cli_main.main(["expr", "x * 2", "-v", "x=1", "-o", "g.svg"]) == 2
    assert capsys.readouterr().err == "autograd-viz: error: cannot write g.svg: Permission denied\n"


@pytest.mark.parametrize("fmt", ["svg", "html", "dot"])
def test_a_users_hostile_names_draw(cli, tmp_path, user_file, fmt):
    result = cli("file", "user.py:hostile_names", "-o", f"g.{fmt}")
    assert result.returncode == 0, result.stderr
    written = (tmp_path / f"g.{fmt}").read_text()
    assert "\x00" not in written
    if fmt == "html":
        data = re.search(r'id="explorer-data">(.*?)</script>', written, re.S).group(1)
        assert "<" not in data and written.count("<script") == 3  # the data, the drawings, the script
    elif fmt == "svg":  # the text as shown: the name's NUL and newline written as Python writes them
        assert "&lt;!&#45;&#45;&lt;script&gt;\\x00\\nlonglong" in written and "b&#39;w&#39;" in written
    else:  # DOT: with '&', '<', '>' escaped, and '\\' doubled (Graphviz reads '\\N' in HTML labels)
        assert "&lt;!--&lt;script&gt;\\\\x00\\\\nlonglong" in written and "<b>b'w'</b>" in written


def test_the_explorer_of_a_leaf_is_a_usage_error(cli):
    one_line_refusal(cli("expr", "x", "-v", "x=1", "-o", "g.html"), "the tensor is a leaf")


@pytest.mark.parametrize("seed, message", [("-1", "--seed must be from 0 to 18446744073709551615, got -1"),
                                           (str(2**64), "got 18446744073709551616")])
def test_a_seed_out_of_range_is_refused(cli, seed, message):
    one_line_refusal(cli("model", "mlp", "--seed", seed, "-o", "g.dot"), message)


def test_a_coroutine_is_refused_without_a_warning(cli, user_file):
    result = cli("file", "user.py:coroutine", "-o", "g.dot")
    one_line_refusal(result, "returned coroutine; expected a Tensor")


def test_bad_params_from_a_users_function_are_named(cli, user_file):
    one_line_refusal(cli("file", "user.py:broken_after", "-o", "g.dot"), "params whose entry 'y' is list")


def test_a_folder_given_as_the_file_is_named(cli, tmp_path):
    (tmp_path / "pkg.py").mkdir()
    one_line_refusal(cli("file", "pkg.py:f", "-o", "g.dot"), "pkg.py: a folder, not a file")


def test_the_output_may_not_overwrite_the_file_being_run(cli, tmp_path, user_file):
    one_line_refusal(cli("file", "user.py:marked", "-f", "dot", "-o", "./user.py"), "is the file being run")
    assert "def marked" in (tmp_path / "user.py").read_text() and not (tmp_path / "ran").exists()


LONG_CHAIN = textwrap.dedent('''
    import autograd

    def chain():
        y = x = autograd.tensor([1.0], requires_grad=True)
        for _ in range(700):  # 2,101 nodes: an op, its output and its constant each time
            y = y * 1.0001
        return y.sum()
''')


def test_a_graph_too_large_to_lay_out_quickly_is_cut_with_a_note(cli, tmp_path):
    (tmp_path / "chain.py").write_text(LONG_CHAIN)
    result = cli("file", "chain.py:chain", "-o", "g.dot")
    assert result.returncode == 0, result.stderr
    assert f"only the {cli_main.DEFAULT_MAX_NODES} nodes nearest the output are drawn" in result.stderr
    assert "'103 more nodes' are one box" in result.stderr and "\telided [" in (tmp_path / "g.dot").read_text()
    result = cli("file", "chain.py:chain", "--max-nodes", "3000", "-o", "g.dot")
    assert result.returncode == 0 and "note" not in result.stderr
    assert "elided" not in (tmp_path / "g.dot").read_text()
