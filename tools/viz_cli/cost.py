"""The cost of an expression, known from the shapes before anything runs.

The expression is walked once with `Shape` stand-ins instead of tensors: each operation computes its
output's shape by the engine's rules (broadcasting, matmul's batching, a reduction's dim) and adds

    work   = elements written (elementwise ops, reductions: the elements read) + multiply-adds (matmul)
    memory = elements kept alive by the graph: every output (softmax and log_softmax keep 3 arrays
             of its size, logsumexp 2), and for a matmul the input-shaped gradients its backward forms
             before summing the broadcast batch away.

Both are summed over the whole expression and compared with limits that keep any accepted input to a
few seconds and well under 1 GB (float64, forward and backward, every intermediate's grad retained).
"""
import math

import numpy as np

from .errors import UsageError

MAX_WORK = 100_000_000  # elements + multiply-adds, forward; backward costs about twice as much again
# float64 elements the forward graph keeps (80 MB); backward with every grad retained doubles that, and an
# op's backward briefly needs up to 4 more arrays of its size: measured, at most about 0.5 GB in all
MAX_ELEMENTS = 10_000_000


class TooCostly(UsageError):
    """The expression would run too long or use too much memory."""


class ShapeMismatch(UsageError):
    """An operation's operands have shapes it does not accept."""


class Budget:
    """The running totals of one expression, refused as soon as either passes its limit."""

    def __init__(self):
        self.work = 0
        self.elements = 0

    def charge(self, what, work, elements):
        self.work += work
        self.elements += elements
        if self.work > MAX_WORK:
            raise TooCostly(f"the expression needs about {self.work:.3g} operations by {what} "
                            f"(at most {MAX_WORK:.0e} are accepted): use smaller variables")
        if self.elements > MAX_ELEMENTS:
            raise TooCostly(f"the expression keeps about {self.elements:.3g} numbers alive by {what} "
                            f"(at most {MAX_ELEMENTS:.0e}, about {MAX_ELEMENTS * 8 // 10**6} MB, are accepted): "
                            "use smaller variables")


class Shape:
    """What an operation would produce: only its shape, and the budget it is charged to."""

    def __init__(self, shape, budget):
        self.shape = tuple(shape)
        self.budget = budget

    def result(self, shape, what, work=None, elements=0, arrays=1):
        """The Shape of an op's output, charging its work (default: its elements) and the `arrays` arrays
        of the output's size plus `elements` more that it keeps."""
        size = math.prod(shape)
        self.budget.charge(what, arrays * size if work is None else work, arrays * size + elements)
        return Shape(shape, self.budget)


def elementwise(name):
    def apply(a, b):
        try:
            shape = np.broadcast_shapes(a.shape, b.shape)
        except ValueError:
            raise ShapeMismatch(f"{name}: shapes {a.shape} and {b.shape} do not broadcast") from None
        return a.result(shape, name)
    return apply


def matmul(a, b):
    """numpy/torch matmul: a 1-D operand is a row (left) or a column (right); leading dims broadcast."""
    if not a.shape or not b.shape:
        raise ShapeMismatch(f"@: both arguments need at least 1 dimension, got shapes {a.shape} and {b.shape}")
    left = (1, *a.shape) if len(a.shape) == 1 else a.shape
    right = (*b.shape, 1) if len(b.shape) == 1 else b.shape
    (n, k), (k2, m) = left[-2:], right[-2:]
    try:
        batch = np.broadcast_shapes(left[:-2], right[:-2])
    except ValueError:
        batch = None
    if k != k2 or batch is None:
        raise ShapeMismatch(f"@: shapes {a.shape} and {b.shape} cannot be multiplied")
    shape = (*batch, *([n] if len(a.shape) > 1 else []), *([m] if len(b.shape) > 1 else []))
    batches = math.prod(batch)
    return a.result(shape, "@", work=batches * n * k * m, elements=batches * (n * k + k * m))


def same_shape(name, arrays):
    def apply(a, dim=-1):
        _dim(a, dim, name)
        return a.result(a.shape, name, arrays=arrays)
    return apply


def reduction(name, arrays=1):
    """sum, mean (reading each element once) or logsumexp (which keeps `arrays` - 1 input-sized arrays)."""
    def apply(a, dim=None):
        size = math.prod(a.shape)
        shape = ()
        if dim is not None:
            axis = _dim(a, dim, name)
            shape = a.shape[:axis] + a.shape[axis + 1:] if a.shape else ()
        return a.result(shape, name, work=arrays * size, elements=(arrays - 1) * size)
    return apply


def _dim(a, dim, name):
    """The dim as an index into the shape (checked as the engine checks it)."""
    rank = max(len(a.shape), 1)
    if not -rank <= dim < rank:
        raise ShapeMismatch(f"{name}: dim {dim} is out of range for shape {a.shape} "
                            f"(expected to be in range of [{-rank}, {rank - 1}])")
    return dim % rank


def same_shape_no_dim(name):
    """An elementwise function of one tensor (tanh, exp, ..., and unary minus)."""
    return lambda a: a.result(a.shape, name)


UNARY_NAMES = ("tanh", "exp", "log", "relu", "sigmoid", "sqrt", "abs", "sin", "cos")
FUNCTIONS = {
    **{name: same_shape_no_dim(name) for name in UNARY_NAMES},
    "sum": reduction("sum"), "mean": reduction("mean"), "logsumexp": reduction("logsumexp", arrays=2),
    "softmax": same_shape("softmax", arrays=3), "log_softmax": same_shape("log_softmax", arrays=3),
}
BINARY = {"+": elementwise("+"), "-": elementwise("-"), "*": elementwise("*"), "/": elementwise("/"),
          "**": elementwise("**"), "@": matmul}
NEGATE = same_shape_no_dim("unary -")
