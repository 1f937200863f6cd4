"""Parsing `-v name=value` options: a scalar or a (nested) list of numbers, checked like an expression.

A value may use `nan` and `inf` (as `float("nan")` and `float("inf")`), to watch them flow through a graph.
A name is read as Python reads identifiers (NFKC-normalized: `ﬁ` is `fi`), so that it matches the expression."""
import ast
import keyword
import unicodedata

import numpy as np

import autograd

from .expression import FUNCTIONS, MAX_LENGTH, Refused

MAX_VALUES = 100_000
SPECIAL_VALUES = {"nan": float("nan"), "inf": float("inf")}


def parse_variables(options):
    """{name: Tensor} from the -v options; a name given twice is refused (which one was meant?)."""
    variables = {}
    for option in options:
        name, tensor = parse_variable(option)
        if name in variables:
            raise Refused(f"-v {name}: the variable is given twice")
        variables[name] = tensor
    return variables


def parse_variable(option):
    """'w=[1, -2.5]' -> ('w', a float64 Tensor that requires grad and is named 'w')."""
    name, sep, text = option.partition("=")
    name = unicodedata.normalize("NFKC", name.strip())
    if not sep or not name.isidentifier() or keyword.iskeyword(name) or name in FUNCTIONS:
        raise Refused(f"-v {option!r}: expected NAME=VALUE with NAME a plain identifier that is not a "
                      f"function name, e.g. -v x=2 or -v x=[1,2,3]")
    if len(text) > MAX_LENGTH:
        raise Refused(f"-v {name}=...: the value is {len(text)} characters long; at most {MAX_LENGTH} are accepted")
    try:
        values = _numbers(ast.parse(text.strip(), mode="eval").body)
        array = np.array(values, dtype=np.float64)
    except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError, TypeError):
        raise Refused(f"-v {name}={text}: expected a number (or nan, inf) or a rectangular list of numbers, "
                      f"e.g. 2, -0.5 or [[1, 2], [3, 4]]") from None
    if array.size > MAX_VALUES:
        raise Refused(f"-v {name}: {array.size} values; at most {MAX_VALUES} are accepted")
    tensor = autograd.tensor(array, requires_grad=True)
    tensor.name = name
    return name, tensor


def _numbers(node):
    """The Python value of a literal made only of numbers, lists and unary minus (ValueError otherwise)."""
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_numbers(item) for item in node.elts]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _numbers(node.operand)
        if isinstance(value, list):
            raise ValueError("a sign applies to a number only")
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return float(node.value)
    if isinstance(node, ast.Name) and node.id in SPECIAL_VALUES:
        return SPECIAL_VALUES[node.id]
    raise ValueError(f"not a number: {type(node).__name__}")
