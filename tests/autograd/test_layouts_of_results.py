"""Result layouts against PyTorch's: the strides, is_contiguous() and whether .view(-1) works, for a table of ops on
inputs of several layouts.

PyTorch's rule: elementwise ops (its TensorIterator) keep the input's memory layout (with several inputs: the first
one's, broadcast dims aside); reductions, scans, softmax, norms, sorting's and composite kernels' results are
row-major. glassgrad follows it except for the ops in DIFFERENCES, which is the README's paragraph on layouts, as a
list (a test checks the two agree). Strides of size-1 dims are not compared: they address nothing."""
import re
from pathlib import Path

import pytest

import autograd
import nn
import nn.functional as gF

torch = pytest.importorskip("torch")
tF = torch.nn.functional


def _values(lib, n):
    """n values in (0, 1), where every op in the table is defined (log, asin, logit, erfinv, ...)."""
    return (lib.arange(n, dtype=lib.float32) % 7 + 1) / 9


# Each layout: lib -> a float32 tensor with the layout named (3-d ones are (2, 3, 4), 4-d ones (2, 3, 4, 5)).
LAYOUTS = {
    "row-major": lambda lib: _values(lib, 24).reshape(2, 3, 4),
    "transposed": lambda lib: _values(lib, 24).reshape(2, 4, 3).transpose(1, 2),
    "permuted": lambda lib: _values(lib, 24).reshape(4, 2, 3).permute(1, 2, 0),
    "expanded": lambda lib: _values(lib, 4).reshape(1, 1, 4).expand(2, 3, 4),
    "sliced with step": lambda lib: _values(lib, 48).reshape(2, 3, 8)[:, :, ::2],
    "expanded and transposed": lambda lib: _values(lib, 8).reshape(4, 1, 2).expand(4, 3, 2).transpose(0, 2),
    "row-major 4-d": lambda lib: _values(lib, 120).reshape(2, 3, 4, 5),
    "channels-last": lambda lib: _values(lib, 120).reshape(2, 4, 5, 3).permute(0, 3, 1, 2),
    "permuted 4-d": lambda lib: _values(lib, 120).reshape(5, 4, 3, 2).permute(3, 2, 1, 0),
    "expanded and permuted": lambda lib: _values(lib, 20).reshape(1, 4, 5, 1).expand(2, 4, 5, 3).permute(0, 3, 1, 2),
}
FOUR_D = {name for name in LAYOUTS if "4-d" in name or name in ("channels-last", "expanded and permuted")}

UNARY_METHODS = [
    "exp", "expm1", "log", "log1p", "log2", "log10", "sqrt", "rsqrt", "sin", "cos", "tan", "asin", "acos", "atan",
    "sinh", "cosh", "tanh", "sigmoid", "erf", "erfinv", "abs", "neg", "sign", "sgn", "floor", "ceil", "round",
    "trunc", "frac", "reciprocal", "square", "relu", "exp2", "logit", "nan_to_num", "signbit", "isnan", "isinf",
    "isfinite", "positive", "deg2rad", "rad2deg", "logical_not", "clone", "contiguous", "float", "double", "half",
    "long", "bool", "tril", "triu",
]
BINARY_OPERATORS = ["+", "-", "*", "/", "**", "//", "%", "==", "<", ">=", "!="]
BINARY_METHODS = ["atan2", "maximum", "minimum", "fmax", "fmin", "hypot", "xlogy", "fmod", "remainder", "logaddexp",
                  "pow", "lerp"]
ACTIVATIONS = ["relu", "relu6", "elu", "selu", "celu", "gelu", "silu", "mish", "sigmoid", "tanh", "softplus",
               "softsign", "hardtanh", "hardsigmoid", "hardswish", "leaky_relu", "logsigmoid", "tanhshrink"]


# The operands of a binary op, from x: the pair (first, second); a number stays a number for operators (2.0 ** x) and
# is a 0-d tensor for methods (x.atan2(tensor(2.)))
OPERANDS = {
    "x": lambda lib, x: (x, x),
    "contiguous second": lambda lib, x: (x, x.contiguous()),
    "contiguous first": lambda lib, x: (x.contiguous(), x),
    "scalar": lambda lib, x: (x, 2.0),
    "broadcast": lambda lib, x: (x, x[..., :1, :]),
    "scalar first": lambda lib, x: (2.0, x),
}


def _binary(op, operands):
    def run(lib, F, x):
        a, b = OPERANDS[operands](lib, x)
        if not op.isidentifier():
            return eval(f"a {op} b")  # noqa: S307 (an operator of the table below)
        b = lib.tensor(b) if isinstance(b, float) else b
        return a.lerp(b, 0.5) if op == "lerp" else getattr(a, op)(b)
    return run


def _method(name):
    return lambda lib, F, x: getattr(x, name)()


def _activation(name):
    return lambda lib, F, x: getattr(F, name)(x)


OPS = {f"x.{name}()": _method(name) for name in UNARY_METHODS}
OPS.update({f"F.{name}(x)": _activation(name) for name in ACTIVATIONS})
OPS.update({f"x {op} ({operands})": _binary(op, operands) for op in BINARY_OPERATORS + BINARY_METHODS
            for operands in OPERANDS if operands != "scalar first" or not op.isidentifier()})
OPS.update({
    "x.to(float64)": lambda lib, F, x: x.to(lib.float64),
    "x.to(float32)": lambda lib, F, x: x.to(lib.float32),
    "x.clamp(-0.5, 0.5)": lambda lib, F, x: x.clamp(-0.5, 0.5),
    "x.where(x > 0, 0.0)": lambda lib, F, x: x.where(x > 0, 0.0),
    "x.masked_fill(x > 0, 0)": lambda lib, F, x: x.masked_fill(x > 0, 0.0),
    "x.sum(1)": lambda lib, F, x: x.sum(1),
    "x.sum(1, keepdim=True)": lambda lib, F, x: x.sum(1, keepdim=True),
    "x.mean(-1)": lambda lib, F, x: x.mean(-1),
    "x.amax(1)": lambda lib, F, x: x.amax(1),
    "x.max(1).values": lambda lib, F, x: x.max(1).values,
    "x.var(1)": lambda lib, F, x: x.var(1),
    "x.prod(1)": lambda lib, F, x: x.prod(1),
    "x.norm(dim=1)": lambda lib, F, x: x.norm(dim=1),
    "x.logsumexp(1)": lambda lib, F, x: x.logsumexp(1),
    "(x > 0).all(1)": lambda lib, F, x: (x > 0).all(1),
    "(x > 0).any(1)": lambda lib, F, x: (x > 0).any(1),
    "x.cumsum(1)": lambda lib, F, x: x.cumsum(1),
    "x.cumprod(-1)": lambda lib, F, x: x.cumprod(-1),
    "x.cummax(1).values": lambda lib, F, x: x.cummax(1).values,
    "x.softmax(1)": lambda lib, F, x: x.softmax(1),
    "x.log_softmax(-1)": lambda lib, F, x: x.log_softmax(-1),
    "F.softmax(x, 1)": lambda lib, F, x: F.softmax(x, 1),
    "F.normalize(x, dim=1)": lambda lib, F, x: F.normalize(x, dim=1),
    "F.layer_norm(x, last dim)": lambda lib, F, x: F.layer_norm(x, x.shape[-1:]),
    "F.group_norm(x, 1)": lambda lib, F, x: F.group_norm(x, 1),
    "F.batch_norm(x, training)": lambda lib, F, x: F.batch_norm(x, None, None, training=True),
    "lib.cat([x, x], 1)": lambda lib, F, x: lib.cat([x, x], 1),
    "lib.stack([x, x])": lambda lib, F, x: lib.stack([x, x]),
    "x.flip(1)": lambda lib, F, x: x.flip(1),
    "x.roll(1, 1)": lambda lib, F, x: x.roll(1, 1),
    "x.rot90(1, (1, 2))": lambda lib, F, x: x.rot90(1, (1, 2)),
    "x.flip(1, 2)": lambda lib, F, x: x.flip(1, 2),
    "x.sort(1).values": lambda lib, F, x: x.sort(1).values,
    "x.sort(-1).indices": lambda lib, F, x: x.sort(-1).indices,
    "x.argsort(1)": lambda lib, F, x: x.argsort(1),
    "x.topk(2, 1).values": lambda lib, F, x: x.topk(2, 1).values,
    "x.clone(row-major)": lambda lib, F, x: x.clone(memory_format=lib.contiguous_format),
    "x.reshape(-1)": lambda lib, F, x: x.reshape(-1),
})
FOUR_D_OPS = {
    "F.conv2d(x, w)": lambda lib, F, x: F.conv2d(x, lib.ones(2, 3, 2, 2)),
    "F.max_pool2d(x, 2)": lambda lib, F, x: F.max_pool2d(x, 2),
    "F.avg_pool2d(x, 2)": lambda lib, F, x: F.avg_pool2d(x, 2),
    "F.adaptive_avg_pool2d(x, 1)": lambda lib, F, x: F.adaptive_avg_pool2d(x, 1),
    "F.adaptive_avg_pool2d(x, (2, 3))": lambda lib, F, x: F.adaptive_avg_pool2d(x, (2, 3)),
    "nn.InstanceNorm2d(3)(x)": lambda lib, F, x: (nn if lib is autograd else torch.nn).InstanceNorm2d(3)(x),
    "nn.BatchNorm2d(3)(x)": lambda lib, F, x: (nn if lib is autograd else torch.nn).BatchNorm2d(3)(x),
    "F.pad(x, (1, 1))": lambda lib, F, x: F.pad(x, (1, 1)),
    "F.interpolate(x, scale_factor=2)": lambda lib, F, x: F.interpolate(x, scale_factor=2),
    "F.pixel_shuffle(x[:, :1].expand(2, 4, 4, 5), 2)":
        lambda lib, F, x: F.pixel_shuffle(x[:, :1].expand(2, 4, 4, 5), 2),
}

NOT_ROW_MAJOR = ["transposed", "permuted", "channels-last", "permuted 4-d"]
# ops whose result on an expanded-then-transposed input NumPy lays out otherwise than PyTorch: elementwise ones place
# the stride-0 dim elsewhere (both not row-major), copies (to, clone, flip, sort, ...) are row-major (PyTorch's not)
_SAME_ON_EXPANDED = {"x.positive()", "x.contiguous()", "x.float()", "x.tril()", "x.triu()", "x.to(float32)",
                     "x ** (scalar first)", "F.logsigmoid(x)"}
_ELEMENTWISE = [f"x.{name}()" for name in UNARY_METHODS] + [f"F.{name}(x)" for name in ACTIVATIONS]
_ELEMENTWISE += [f"x {op} ({operands})" for op in BINARY_OPERATORS + BINARY_METHODS
                 for operands in ("x", "scalar", "broadcast", "scalar first")]
_ELEMENTWISE += ["x.clamp(-0.5, 0.5)", "x.where(x > 0, 0.0)"]
_COPIES = ["x.to(float64)", "F.normalize(x, dim=1)", "x.flip(1)", "x.flip(1, 2)", "x.rot90(1, (1, 2))",
           "x.sort(1).values", "x.sort(-1).indices", "x.argsort(1)"]
CHANNELS_LAST_ONLY = ["F.conv2d(x, w)", "F.max_pool2d(x, 2)", "F.avg_pool2d(x, 2)", "F.pad(x, (1, 1))",
                      "F.interpolate(x, scale_factor=2)", "F.group_norm(x, 1)", "x.roll(1, 1)",
                      "F.adaptive_avg_pool2d(x, (2, 3))"]

# The README's paragraph on layouts: each op it names (in backticks) -> (the table's ops, the layouts where they differ)
DIFFERENCES = {
    "x + y": ([op for op in OPS if op.endswith("(contiguous second)")], NOT_ROW_MAJOR),
    "sort": (["x.sort(1).values"], NOT_ROW_MAJOR),
    "normalize": (["F.normalize(x, dim=1)"], ["permuted", "permuted 4-d"]),
    **{re.search(r"\.(\w+)\(", op).group(1): ([op], ["channels-last"]) for op in CHANNELS_LAST_ONLY},
    "expand": ([op for op in _ELEMENTWISE + _COPIES if op in OPS and op not in _SAME_ON_EXPANDED],
               ["expanded and transposed"]),
}
EXPECTED_DIFFERENT = {(op, layout) for ops, layouts in DIFFERENCES.values() for op in ops for layout in layouts}
README_WORDS = {".view()", "stride()", "is_contiguous()"}  # the paragraph's other code, not ops that differ


def _layout(t):
    """stride() on the dims of size > 1, is_contiguous(), and whether .view(-1) works."""
    strides = tuple(s for s, n in zip(t.stride(), t.shape, strict=True) if n > 1)
    try:
        t.view(-1)
        viewable = True
    except RuntimeError:
        viewable = False
    return strides, t.is_contiguous(), viewable


def _run(op, layout):
    ours = op(autograd, gF, LAYOUTS[layout](autograd))
    theirs = op(torch, tF, LAYOUTS[layout](torch))
    return _layout(ours), _layout(theirs), tuple(ours.shape) == tuple(theirs.shape)


CASES = [(op, layout) for op in OPS for layout in LAYOUTS]
CASES += [(op, layout) for op in FOUR_D_OPS for layout in sorted(FOUR_D)]
ALL_OPS = {**OPS, **FOUR_D_OPS}


@pytest.mark.parametrize(("op", "layout"), CASES)
def test_result_layout_is_pytorchs(op, layout):
    ours, theirs, same_shape = _run(ALL_OPS[op], layout)
    assert same_shape
    if (op, layout) in EXPECTED_DIFFERENT:
        assert ours != theirs, f"{op} on a {layout} input now matches PyTorch: take it out of DIFFERENCES"
    else:
        assert ours == theirs, f"{op} on a {layout} input: ours {ours}, PyTorch's {theirs} (strides, contiguous, view)"


def test_the_readmes_paragraph_on_layouts_names_exactly_the_differences():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    paragraph = next(p for p in readme.split("\n\n") if p.startswith("Result layouts"))
    assert set(re.findall(r"`([^`]+)`", paragraph)) - README_WORDS == set(DIFFERENCES)


def test_every_expected_difference_is_a_case():
    assert EXPECTED_DIFFERENT <= set(CASES)
