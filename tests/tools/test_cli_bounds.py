"""The CLI bounds its work before running: an expression's cost (elements and multiply-adds, summed over
its ops) is computed from the shapes alone, and anything too costly is refused in one line with exit 2.
The CLI's own checks of a user's function print one line, not a traceback."""
import textwrap

import pytest

from tools.viz_cli import cost
from tools.viz_cli.expression import cost_of, evaluate
from tools.viz_cli.variables import parse_variable

COLUMN = "[" + ",".join(["[1]"] * 249) + "]"  # (249, 1): 995 characters, under the 1,000 accepted
ROW = "[" + ",".join(["1"] * 249) + "]"  # (249,)
BATCH = "[" + ",".join(["[[1]]"] * 166) + "]"  # (166, 1, 1)


def estimate(text, **shapes):
    return cost_of(text, shapes)


@pytest.mark.parametrize("text, shapes, work, elements", [
    ("x + y", {"x": (3, 1), "y": (4,)}, 12, 12),
    ("tanh(x) * 2", {"x": (5,)}, 5 + 5, 5 + 5),  # constants and variables are not charged
    ("x @ y", {"x": (2, 3), "y": (3, 4)}, 2 * 3 * 4, 8 + 6 + 12),
    ("x @ y", {"x": (3,), "y": (3,)}, 3, 1 + 3 + 3),
    ("x @ y", {"x": (5, 2, 3), "y": (3, 4)}, 5 * 2 * 3 * 4, 40 + 5 * (6 + 12)),
    ("sum(x, dim=0)", {"x": (4, 6)}, 24, 6),
    ("x.mean()", {"x": (4, 6)}, 24, 1),
    ("softmax(x, dim=0)", {"x": (4, 6)}, 72, 72),
    ("logsumexp(x, dim=1)", {"x": (4, 6)}, 48, 4 + 24),
])
def test_cost_is_summed_from_shapes(text, shapes, work, elements):
    assert estimate(text, **shapes) == (work, elements)


@pytest.mark.parametrize("text, shapes, message", [
    ("x @ y", {"x": (2,), "y": (3,)}, r"@: shapes \(2,\) and \(3,\) cannot be multiplied"),
    ("x @ 2", {"x": (2,)}, "at least 1 dimension"),
    ("x @ y", {"x": (2, 2, 3), "y": (3, 3, 4)}, "cannot be multiplied"),
    ("x + y", {"x": (2,), "y": (3,)}, r"\+: shapes \(2,\) and \(3,\) do not broadcast"),
    ("sum(x, dim=2)", {"x": (2, 3)}, r"dim 2 is out of range for shape \(2, 3\)"),
    ("softmax(x, dim=-2)", {"x": (3,)}, r"expected to be in range of \[-1, 0\]"),
])
def test_shape_errors_are_found_before_running(text, shapes, message):
    with pytest.raises(cost.ShapeMismatch, match=message):
        estimate(text, **shapes)


def test_the_estimate_agrees_with_the_engine_on_every_accepted_op():
    variables = dict(parse_variable(option) for option in ["x=[[1,2,3],[4,5,6]]", "v=[1,2,3]", "s=2",
                                                           "b=[[[1]],[[2]]]"])
    for text in ["x @ v", "v @ v", "b * x @ v", "(b * x) @ (x * 0 + 1).sum(dim=0)", "softmax(x, dim=0) + v",
                 "logsumexp(b * x, dim=-1).mean()", "-x ** s / (x.exp() + abs(v))", "sum(x.log_softmax() @ v)"]:
        evaluate(text, variables)  # raises RuntimeError if any node's shape differs from the estimate


def test_the_bound_holds_for_the_largest_variables():
    """The issue's case, 24 batched matmuls of three 1,000-character variables, and cases at the limit."""
    shapes = {"t": (166, 1, 1), "m": (249, 1), "r": (249,)}
    with pytest.raises(cost.TooCostly, match="use smaller variables"):
        estimate(" + ".join(["sum((t*m*r)@(t*m*r))"] * 24), **shapes)
    with pytest.raises(cost.TooCostly, match="operations by @"):
        estimate("sum(" + "@".join(["(m*r)"] * 8) + ")", **shapes)
    with pytest.raises(cost.TooCostly, match="numbers alive by \\*"):
        estimate("exp(t*m*r*r)", **shapes)
    work, elements = estimate("sum((m*r)@(m*r)@(m*r)@(m*r)@(m*r)@(m*r))", **shapes)
    assert work <= cost.MAX_WORK and elements <= cost.MAX_ELEMENTS


@pytest.mark.parametrize("expression, message", [
    (" + ".join(["sum((t*m*r)@(t*m*r))"] * 24), "numbers alive by *"),
    ("sum(" + "@".join(["(m*r)"] * 8) + ")", "operations by @"),
    ("sum(exp(t*m*r))", "numbers alive by *"),
])
def test_the_cli_refuses_costly_expressions_quickly_in_one_line(cli, expression, message):
    result = cli("expr", expression, "-v", f"t={BATCH}", "-v", f"m={COLUMN}", "-v", f"r={ROW}", "-o", "never.dot")
    assert result.returncode == 2 and message in result.stderr and "use smaller variables" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.seconds < 5.0  # interpreter start-up included; the estimate itself takes milliseconds


def test_the_most_costly_accepted_expression_stays_within_seconds(cli, tmp_path):
    small_batch = "[" + ",".join(["[[1]]"] * 40) + "]"  # (40, 1, 1) * (249, 1) * (249,): 2.5 million elements
    result = cli("expr", "sum(exp(t*m*r)) + sum(sin(t*m*r))", "-v", f"t={small_batch}", "-v", f"m={COLUMN}",
                 "-v", f"r={ROW}", "--backward", "-o", "g.dot")
    assert result.returncode == 0, result.stderr
    assert result.seconds < 20.0  # about 2 s on a quiet machine; generous for a shared one


USER_FILE = textwrap.dedent('''
    import autograd

    def needs_arguments(x):
        return x

    def bad_params():
        x = autograd.ones(2, requires_grad=True)
        return x.sum(), {"x": x, "lr": 0.1}

    def pair_of_numbers():
        return 1, 2
''')


@pytest.mark.parametrize("function, message", [
    ("needs_arguments", "must be callable with no arguments"),
    ("bad_params", "returned params whose entry 'lr' is float; expected a dict of named tensors"),
    ("pair_of_numbers", "returned a tuple of (int, int); expected a Tensor"),
])
def test_the_clis_checks_of_a_users_function_print_one_line(cli, tmp_path, function, message):
    (tmp_path / "user.py").write_text(USER_FILE)
    result = cli("file", f"user.py:{function}", "-o", "out.dot")
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_variable_given_twice_is_refused(cli):
    result = cli("expr", "x", "-v", "x=[1,2]", "-v", "x=3", "-o", "g.dot")
    assert result.returncode == 2 and "-v x: the variable is given twice" in result.stderr
