"""A safe expression language for `autograd-viz expr`: parsed with `ast`, checked against a
whitelist, evaluated on Tensors. Nothing is ever passed to `eval`.

Accepted: numbers (always floats), the declared variables, + - * / ** @, unary + and -, and calls
of the functions in FUNCTIONS, either as `tanh(x)` or as a method `(x * w).tanh()`; the reductions
also take `dim=<integer>`. Everything else is refused with `Refused`, naming what was found.
Sizes are bounded so that no input can run long: the text's length, the nesting depth, the
magnitude of exponents (9**9**9 is refused, not computed), and the work and memory the whole
expression needs, computed from the variables' shapes before anything runs (tools/viz_cli/cost.py).
"""
import ast

import numpy as np

import autograd

from . import cost
from .errors import UsageError

MAX_LENGTH = 1000  # characters
MAX_DEPTH = 40  # nesting of operations
MAX_EXPONENT = 64.0
FUNCTIONS = {
    "tanh": autograd.tanh, "exp": autograd.exp, "log": autograd.log, "relu": autograd.relu,
    "sigmoid": autograd.sigmoid, "sqrt": autograd.sqrt, "abs": autograd.abs, "sin": autograd.sin,
    "cos": autograd.cos, "sum": autograd.sum, "mean": autograd.mean, "softmax": autograd.softmax,
    "log_softmax": autograd.log_softmax, "logsumexp": autograd.logsumexp,
}
TAKES_DIM = {"sum", "mean", "softmax", "log_softmax", "logsumexp"}
BINARY = {ast.Add: autograd.add, ast.Sub: autograd.sub, ast.Mult: autograd.mul, ast.Div: autograd.div,
          ast.Pow: autograd.pow, ast.MatMult: autograd.matmul}
UNARY = {ast.USub: autograd.neg, ast.UAdd: lambda x: x}
SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.MatMult: "@"}
CONSTRUCT_NAMES = {
    ast.Attribute: "attribute access", ast.Lambda: "a lambda", ast.Subscript: "a subscript",
    ast.ListComp: "a list comprehension", ast.SetComp: "a set comprehension", ast.DictComp: "a dict comprehension",
    ast.GeneratorExp: "a generator expression", ast.JoinedStr: "an f-string", ast.Compare: "a comparison",
ast.IfExp: "a conditional expression", ast.NamedExpr: "an assignment (:=)",
    ast.List: "a list", ast.Tuple: "a tuple", ast.Dict: "a dict", ast.Set: "a set", ast.Starred: "unpacking (*)",
    ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield", ast.Slice: "a slice",
}
OPERATOR_SYMBOLS = {
    ast.FloorDiv: "//", ast.Mod: "%", ast.LShift: "<<", ast.RShift: ">>", ast.BitOr: "|", ast.BitXor: "^",
    ast.BitAnd: "&", ast.Invert: "~", ast.Not: "not", ast.And: "and", ast.Or: "or",
}
ACCEPTED = ("accepted: numbers, the variables given with -v, + - * / ** @, unary -, and calls of "
            + ", ".join(FUNCTIONS) + f" (as f(x) or x.f(); {', '.join(sorted(TAKES_DIM))} also take dim=<integer>)")


class Refused(UsageError):
    """The expression uses something outside the whitelist, or is too large."""


def parse(text):
    """The expression's syntax tree, after the checks that need no values (length, syntax, depth)."""
    if len(text) > MAX_LENGTH:
        raise Refused(f"the expression is {len(text)} characters long; at most {MAX_LENGTH} are accepted")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, MemoryError, RecursionError) as error:
        raise Refused(f"not a valid expression ({getattr(error, 'msg', error)}); {ACCEPTED}") from None
    if _depth(tree) > MAX_DEPTH:
        raise Refused(f"the expression nests deeper than {MAX_DEPTH} levels")
    return tree


def _depth(tree):
    """The tree's depth, computed without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def evaluate(text, variables):
    """The Tensor that `text` computes from `variables` ({name: Tensor}), once the whole expression has
    been checked and its cost bounded on shapes alone."""
    tree = parse(text).body
    _, shapes = _estimate(tree, {name: value.shape for name, value in variables.items()})
    return _Evaluator(variables, TENSOR_OPS, expected_shapes=shapes).visit(tree)


def cost_of(text, shapes):
    """(work, elements) that `text` needs for variables of the given shapes ({name: shape}); raises
    cost.TooCostly past the limits and cost.ShapeMismatch where the shapes do not fit."""
    budget, _ = _estimate(parse(text).body, shapes)
    return budget.work, budget.elements


def _estimate(tree, shapes):
    """The budget `tree` uses and the shape of every node's value, found with shapes in place of tensors."""
    budget = cost.Budget()
    estimator = _Evaluator({name: cost.Shape(shape, budget) for name, shape in shapes.items()}, _shape_ops(budget))
    estimator.visit(tree)
    return budget, estimator.shapes


class _Ops:
    """What an evaluation computes with: tensors, or shapes (for the cost)."""

    def __init__(self, binary, unary, functions, number):
        self.binary, self.unary, self.functions, self.number = binary, unary, functions, number


TENSOR_OPS = _Ops(BINARY, UNARY, FUNCTIONS, autograd.tensor)


def _shape_ops(budget):
    binary = {op: cost.BINARY[symbol] for op, symbol in SYMBOLS.items()}
    unary = {ast.USub: cost.NEGATE, ast.UAdd: lambda x: x}
    return _Ops(binary, unary, cost.FUNCTIONS, lambda value: cost.Shape((), budget))


class _Evaluator:
    """Walks the checked tree computing with `ops`; with `expected_shapes` (from the estimate) it checks
    that every value has the shape the cost was computed for."""

    def __init__(self, variables, ops, expected_shapes=None):
        self.variables, self.ops = variables, ops
        self.expected_shapes = expected_shapes
        self.shapes = {}  # id of an AST node -> the shape of its value

    def refuse(self, node, what):
        where = f" (column {node.col_offset + 1})" if hasattr(node, "col_offset") else ""
        return Refused(f"refused {what}{where}; {ACCEPTED}")

    def visit(self, node):
        value = self.value(node)
        self.shapes[id(node)] = tuple(value.shape)
        if self.expected_shapes is not None and self.shapes[id(node)] != self.expected_shapes[id(node)]:
            raise RuntimeError(f"the cost estimate expected shape {self.expected_shapes[id(node)]} at column "
                               f"{node.col_offset + 1}, the engine gave {self.shapes[id(node)]}")
        return value

    def value(self, node):
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
            return self.binary(node)
        if isinstance(node, ast.UnaryOp) and type(node.op) in UNARY:
            return self.ops.unary[type(node.op)](self.visit(node.operand))
        if isinstance(node, ast.Call):
            return self.call(node)
        operator = getattr(node, "op", None)
        if operator is not None:
            raise self.refuse(node, f"the operator {OPERATOR_SYMBOLS.get(type(operator), type(operator).__name__)}")
        raise self.refuse(node, CONSTRUCT_NAMES.get(type(node), f"a {type(node).__name__} expression"))

    def number(self, node):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.refuse(node, f"the {type(value).__name__} literal {value!r:.40}")
        try:
            return self.ops.number(np.float64(value))
        except OverflowError:
            raise self.refuse(node, "a number too large for a float") from None

    def name(self, node):
        if node.id not in self.variables:
            known = ", ".join(self.variables) or "none were given"
            hint = " (a function: call it)" if node.id in FUNCTIONS else f" (declared with -v: {known})"
            raise self.refuse(node, f"the unknown name {node.id!r}{hint}")
        return self.variables[node.id]

    def binary(self, node):
        left, right = self.visit(node.left), self.visit(node.right)
        if isinstance(node.op, ast.Pow) and isinstance(right, autograd.Tensor):
            largest = float(np.max(np.abs(right.detach().numpy()), initial=0.0))
            if not largest <= MAX_EXPONENT:
                raise Refused(f"refused the exponent {largest:.6g} (column {node.col_offset + 1}): "
                              f"exponents up to {MAX_EXPONENT:g} in magnitude are accepted")
        return self.ops.binary[type(node.op)](left, right)

    def call(self, node):
        """f(x) or x.f(), for f in FUNCTIONS, with at most a dim=<integer> keyword."""
        if isinstance(node.func, ast.Name):
            function_name, positional = node.func.id, node.args
            expected = "one argument"
        elif isinstance(node.func, ast.Attribute):
            function_name, positional = node.func.attr, [node.func.value, *node.args]
            expected = "no arguments"
        else:
            raise self.refuse(node, "a call of something that is not a function name")
        if function_name not in FUNCTIONS:
            raise self.refuse(node, f"a call of {function_name!r}")
        if len(positional) != 1 or any(isinstance(a, ast.Starred) for a in positional):
            raise self.refuse(node, f"{function_name} with {len(node.args)} positional arguments ({expected} expected)")
        keywords = {}
        for keyword in node.keywords:
            if keyword.arg != "dim" or function_name not in TAKES_DIM:
                raise self.refuse(node, f"the keyword argument {keyword.arg or '**'}= of {function_name}")
            keywords["dim"] = self.integer(keyword.value)
        return self.ops.functions[function_name](self.visit(positional[0]), **keywords)

    def integer(self, node):
        sign = 1
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            sign, node = -1, node.operand
        if isinstance(node, ast.Constant) and type(node.value) is int and abs(node.value) < 64:
            return sign * node.value
        raise self.refuse(node, "a dim that is not a small integer")
