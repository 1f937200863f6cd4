"""Every primitive against central finite differences (float64, hypothesis-drawn shapes),
and its second derivative with create_graph=True wherever that is not identically zero."""
import importlib
import pkgutil

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import primitives
import autograd.functional.activations  # noqa: F401  (elu and hardtanh: not in autograd.functional's star import)
import autograd.primitives.activations  # noqa: F401
import autograd.primitives.saved  # noqa: F401
from autograd.function import Function
from autograd.gradcheck import gradcheck, gradgradcheck
from autograd.primitives.sizes_only import Mean, ScaledAdd, Triangle
from autograd.primitives.special import Exp2, Logit, Tan

from .strategies import SHAPES, away_from_zero, broadcast_pairs, distinct_tensors, leaf, tensors, values

COVERED = set()


def covers(*classes):
    COVERED.update(classes)
    return lambda test: test


# ----- elementwise binary, with broadcasting -----
BINARY = {
    "add": (lambda a, b: a + b, values(), values(), primitives.Add, False),
    "sub": (lambda a, b: a - b, values(), values(), primitives.Sub, False),
    "mul": (lambda a, b: a * b, values(), values(), primitives.Mul, True),
    "div": (lambda a, b: a / b, values(), away_from_zero(0.5), primitives.Div, True),
    "pow": (lambda a, b: a**b, st.floats(0.5, 2.0), values(-1.5, 1.5), primitives.Pow, True),
    "atan2": (autograd.atan2, away_from_zero(0.3), away_from_zero(0.3), primitives.Atan2, True),
}


@covers(primitives.Add, primitives.Sub, primitives.Mul, primitives.Div, primitives.Pow, primitives.Atan2)
@pytest.mark.parametrize("name", sorted(BINARY))
@given(data=st.data())
def test_binary_ops_match_finite_differences(name, data):
    fn, first, second, _, curved = BINARY[name]
    a, b = data.draw(broadcast_pairs(first, second))
    assert gradcheck(fn, (a, b))
    if curved:
        assert gradgradcheck(fn, (a, b))


@given(tensors(elements=st.floats(0.5, 2.0)))
def test_pow_with_a_constant_exponent(x):
    assert gradcheck(lambda x: x**3, (x,))
    assert gradgradcheck(lambda x: x**-1.5, (x,))
    assert gradcheck(lambda x: 2.0**x, (x,))


# ----- elementwise unary -----
off_integers = st.tuples(st.integers(-3, 3), st.floats(0.1, 0.4)).map(sum)  # away from the jumps of the rounding functions

UNARY = {
    "neg": (lambda x: -x, values(), primitives.Neg, False),
    "exp": (lambda x: x.exp(), values(), primitives.Exp, True),
    "log": (lambda x: x.log(), st.floats(0.3, 3.0), primitives.Log, True),
    "log1p": (lambda x: x.log1p(), st.floats(-0.6, 3.0), primitives.Log1p, True),
    "sqrt": (lambda x: x.sqrt(), st.floats(0.3, 3.0), primitives.Sqrt, True),
    "sin": (lambda x: x.sin(), values(-4, 4), primitives.Sin, True),
    "cos": (lambda x: x.cos(), values(-4, 4), primitives.Cos, True),
    "tanh": (lambda x: x.tanh(), values(-3, 3), primitives.Tanh, True),
    "sinh": (lambda x: x.sinh(), values(-3, 3), primitives.Sinh, True),
    "cosh": (lambda x: x.cosh(), values(-3, 3), primitives.Cosh, True),
    "tan": (lambda x: x.tan(), values(-1.2, 1.2), Tan, True),
    "exp2": (lambda x: x.exp2(), values(-3, 3), Exp2, True),
    "logit": (lambda x: x.logit(), st.floats(0.1, 0.9), Logit, True),
    "sigmoid": (lambda x: x.sigmoid(), values(-5, 5), primitives.Sigmoid, True),
    "relu": (lambda x: x.relu(), away_from_zero(0.1), primitives.Relu, False),
    "abs": (lambda x: x.abs(), away_from_zero(0.1), primitives.Abs, False),
    "erf": (lambda x: x.erf(), values(-3, 3), primitives.Erf, True),
    "acos": (lambda x: x.acos(), values(-0.9, 0.9), primitives.Acos, True),
    "asin": (lambda x: x.asin(), values(-0.9, 0.9), primitives.Asin, True),
    "atan": (lambda x: x.atan(), values(-3, 3), primitives.Atan, True),
    "log2": (lambda x: x.log2(), st.floats(0.3, 3.0), primitives.Log2, True),
    "log10": (lambda x: x.log10(), st.floats(0.3, 3.0), primitives.Log10, True),
    "floor": (lambda x: x.floor(), off_integers, primitives.Floor, False),
    "ceil": (lambda x: x.ceil(), off_integers, primitives.Ceil, False),
    "round": (lambda x: x.round(), off_integers, primitives.Round, False),
    "trunc": (lambda x: x.trunc(), off_integers, primitives.Trunc, False),
}


@covers(*[spec[2] for spec in UNARY.values()])
@pytest.mark.parametrize("name", sorted(UNARY))
@given(data=st.data())
def test_unary_ops_match_finite_differences(name, data):
    fn, elements, _, curved = UNARY[name]
    x = data.draw(tensors(elements=elements))
    assert gradcheck(fn, (x,))
    if curved:
        assert gradgradcheck(fn, (x,))


@covers(primitives.TanhGrad, primitives.SigmoidGrad)
@pytest.mark.parametrize("op, y_range", [(primitives.TanhGrad, (-0.9, 0.9)), (primitives.SigmoidGrad, (0.1, 0.9))])
@given(data=st.data())
def test_fused_activation_derivatives_in_both_inputs(op, y_range, data):
    """The one-op derivatives that Tanh's and Sigmoid's backward rules return, g (1 − y²) and g y (1 − y),
    differentiated in g and in y (their own rules give the third derivatives of tanh and σ)."""
    g, y = data.draw(broadcast_pairs(values(), st.floats(*y_range)))
    assert gradcheck(op.apply, (g, y))
    assert gradgradcheck(op.apply, (g, y))


@covers(primitives.Where)
@given(pair=broadcast_pairs(), seed=st.integers(0, 2**16))
def test_where(pair, seed):
    a, b = pair
    shape = np.broadcast_shapes(a.shape, b.shape)
    condition = np.random.default_rng(seed).random(shape) > 0.5
    assert gradcheck(lambda a, b: autograd.where(condition, a, b), (a, b))
    assert gradgradcheck(lambda a, b: autograd.where(condition, a * a, b * a), (a, b))


@covers(primitives.Extremum)
@given(shapes=st.sampled_from([((3,), (3,)), ((2, 3), (3,)), ((2, 1), (1, 4)), ((), (2, 2))]), seed=st.integers(0, 2**16))
def test_maximum_and_minimum(shapes, seed):
    """Away from ties (drawn from a continuous distribution): the gradient goes to the larger (smaller) operand."""
    rng = np.random.default_rng(seed)
    a, b = (leaf(rng.normal(size=shape)) for shape in shapes)
    assert gradcheck(autograd.maximum, (a, b)) and gradcheck(autograd.minimum, (a, b))
    assert gradgradcheck(lambda a, b: autograd.maximum(a * a, b * a), (a, b))


@covers(primitives.ToDtype)
@given(tensors())
def test_dtype_conversion_passes_gradients_back(x):
    assert gradcheck(lambda x: (x.float() * 2).double(), (x,), atol=1e-4, rtol=1e-2, eps=1e-3)
    assert gradgradcheck(lambda x: x.to(np.float64, copy=True) ** 2, (x,))
    y = x.float()
    y.sum().backward()
    assert x.grad.dtype == np.float64


# ----- reductions -----
@st.composite
def tensor_and_dims(draw, source):
    x = draw(source)
    dims = draw(st.none() | st.lists(st.integers(0, max(x.ndim - 1, 0)), min_size=1, max_size=x.ndim or 1, unique=True))
    return x, dims if dims is None or x.ndim else None, draw(st.booleans())


@covers(primitives.Sum)
@given(tensor_and_dims(tensors()))
def test_sum(args):
    x, dims, keepdim = args
    assert gradcheck(lambda x: x.sum(dims, keepdim), (x,))
    assert gradgradcheck(lambda x: (x * x).sum(dims, keepdim), (x,))


@covers(primitives.Max)
@given(tensor_and_dims(distinct_tensors()))
def test_max(args):
    x, dims, keepdim = args
    assert gradcheck(lambda x: x.amax(dims, keepdim), (x,))
    assert gradgradcheck(lambda x: (x**3 + x).amax(dims, keepdim), (x,))


@covers(primitives.Cumsum, primitives.Cumprod)
@pytest.mark.parametrize("op", ["cumsum", "cumprod"])
@given(st.data())
def test_cumulative_sums_and_products(op, data):
    """Along any dim, with exact zeros in the input for cumprod (whose rule treats them apart)."""
    x = data.draw(tensors(elements=st.one_of(st.just(0.0), values()) if op == "cumprod" else values()))
    dim = data.draw(st.integers(-max(x.ndim, 1), max(x.ndim, 1) - 1))
    assert gradcheck(lambda x: getattr(x, op)(dim), (x,))
    assert gradgradcheck(lambda x: getattr(x * x, op)(dim), (x,))



@covers(primitives.scan.Prod)
@given(st.data())
def test_product(data):
    """Over all elements and along any dim, with exact zeros in the input (one or more per line: the rule
    takes the products of the others then, without dividing). No values near underflow: out / x rounds there, and
    x * x underflows (PyTorch's rule too: prod([5e-324, 1.5]) gives the first a gradient of 2, as PyTorch's)."""
    x = data.draw(tensors(elements=st.one_of(st.just(0.0), away_from_zero(1e-3, 2.0))))
    dim = data.draw(st.one_of(st.none(), st.integers(-max(x.ndim, 1), max(x.ndim, 1) - 1)))
    keepdim = data.draw(st.booleans()) and dim is not None
    product = (lambda x: x.prod()) if dim is None else (lambda x: x.prod(dim, keepdim))
    assert gradcheck(product, (x,))
    assert gradgradcheck(lambda x: product(x * x), (x,))


@covers(primitives.activations.Elu, primitives.activations.EluGrad, primitives.activations.EluInPlace)
@given(tensors(elements=away_from_zero(0.05, 3.0)), st.sampled_from([1.0, 0.5, 2.0]),
       st.sampled_from([(1.0, 1.0), (1.0507, 1.0), (1.0, 0.5)]))
def test_elu(x, alpha, scales):
    """Away from the kink at 0 (PyTorch's second derivative is 0 there, not a limit); scale and input_scale are
    selu's and celu's."""
    scale, input_scale = scales
    elu = autograd.functional.activations.elu
    assert gradcheck(lambda x: elu(x, alpha, scale, input_scale), (x,))
    assert gradgradcheck(lambda x: elu(x, alpha, scale, input_scale), (x,))
    elu_ = autograd.functional.activations.elu_  # in place: the rule reads the output
    assert gradcheck(lambda x: elu_(x * 1, alpha, scale, input_scale), (x,))
    assert gradgradcheck(lambda x: elu_(x * 1, alpha, scale, input_scale), (x,))


@covers(primitives.activations.Hardtanh, primitives.activations.HardtanhGrad)
@given(tensors(elements=st.one_of(away_from_zero(0.05, 0.95), st.floats(1.05, 2.9), st.floats(-2.9, -1.05))),
       st.sampled_from([(-1.0, 1.0), (0.0, 1.0), (-3.0, 3.0)]))
def test_hardtanh(x, bounds):
    """Away from the bounds, where finite differences see the jump of the derivative."""
    hardtanh = autograd.functional.activations.hardtanh
    assert gradcheck(lambda x: hardtanh(x, *bounds), (x,))
    assert gradgradcheck(lambda x: hardtanh(x, *bounds), (x,))


@covers(primitives.special.Reciprocal)
@given(tensors(elements=away_from_zero(0.2, 3.0)))
def test_reciprocal(x):
    """number / x is reciprocal(x) · number, as PyTorch's."""
    assert gradcheck(lambda x: 2.5 / x, (x,))
    assert gradgradcheck(lambda x: 1 / x, (x,))


@covers(primitives.saved.Saved)
@given(tensors())
def test_saved_passes_the_gradient_through(x):
    """The node of a composed op that saves its input (median, nansum, clamp, ...) or output (norm, std, ...)."""
    assert gradcheck(lambda x: x.nansum(), (x,))
    assert gradgradcheck(lambda x: (x * x).clamp(-1.0, 1.5), (x,))

# ----- shapes -----
@covers(primitives.Reshape)
@given(tensors(), st.data())
def test_reshape(x, data):
    shape = data.draw(st.permutations(x.shape)) if x.ndim else ()
    assert gradcheck(lambda x: x.reshape(-1), (x,))
    assert gradgradcheck(lambda x: (x * x).reshape(tuple(shape)), (x,))


@covers(primitives.Permute)
@given(tensors(), st.data())
def test_permute(x, data):
    dims = data.draw(st.permutations(range(x.ndim)))
    assert gradcheck(lambda x: x.permute(tuple(dims)), (x,))
    assert gradgradcheck(lambda x: (x * x).permute(tuple(dims)), (x,))


@covers(primitives.BroadcastTo)
@given(st.data())
def test_broadcast_to(data):
    x = data.draw(tensors())
    extra = data.draw(st.lists(st.integers(1, 3), max_size=2))
    target = tuple(extra) + tuple(n if n != 1 else data.draw(st.integers(1, 3)) for n in x.shape)
    assert gradcheck(lambda x: x.broadcast_to(target), (x,))
    assert gradgradcheck(lambda x: (x * x).broadcast_to(target), (x,))


@st.composite
def indices(draw, shape):
    """An index mixing ints, slices, None, Ellipsis, integer arrays (with repeats) and masks."""
    kind = draw(st.sampled_from(["basic", "integer", "mask"]))
    if kind == "mask":
        return np.array(draw(st.lists(st.booleans(), min_size=shape[0], max_size=shape[0])))
    if kind == "integer":
        picks = draw(st.lists(st.integers(-shape[0], shape[0] - 1), min_size=1, max_size=5))
        return (np.array(picks),) + tuple(draw(st.sampled_from([slice(None), 0])) for _ in shape[1:2])
    parts = [draw(st.sampled_from([slice(None), slice(0, n, 2), slice(None, None, -1), n - 1])) for n in shape]
    parts.insert(draw(st.integers(0, len(parts))), draw(st.sampled_from([None, Ellipsis])))
    return tuple(parts)


@covers(primitives.GetItem, primitives.IndexAdd)
@given(st.data())
def test_indexing(data):
    """(Through functional.getitem: the primitive takes negative steps, which Tensor's x[::-1] refuses as PyTorch.)"""
    x = data.draw(tensors(shape=SHAPES.filter(lambda s: len(s) >= 1)))
    index = data.draw(indices(x.shape))
    getitem = autograd.functional.getitem
    assert np.array_equal(getitem(x, index)._data, x._data[index])
    assert gradcheck(lambda x: getitem(x, index), (x,))
    assert gradgradcheck(lambda x: getitem(x * x, index), (x,))


@covers(primitives.TakeAlongDim, primitives.PutAlongDim)
@given(st.data())
def test_taking_one_element_per_line(data):
    """gather with an index of size 1 along dim (what max(dim) and max pooling take): np.take_along_axis
    forward, a put backward; its adjoint PutAlongDim is checked by the second derivative."""
    x = data.draw(tensors(shape=SHAPES.filter(lambda s: len(s) >= 1 and min(s) >= 1)))
    dim = data.draw(st.integers(0, x.ndim - 1))
    shape = x.shape[:dim] + (1,) + x.shape[dim + 1 :]
    index = np.random.default_rng(data.draw(st.integers(0, 2**16))).integers(0, x.shape[dim], shape)
    taken = autograd.gather(x, dim, index)
    assert isinstance(taken._ctx, primitives.TakeAlongDim)
    assert np.array_equal(taken._data, np.take_along_axis(x._data, index, dim))
    assert gradcheck(lambda x: autograd.gather(x, dim, index), (x,))
    assert gradgradcheck(lambda x: autograd.gather(x * x, dim, index), (x,))


def test_changing_an_index_in_place_after_recording_does_not_change_the_gradient():
    """Indices are copied when recorded (a deliberate difference: PyTorch raises at backward)."""
    x = leaf(np.array([[1.0, 5.0, 3.0]]))
    values, indices = x.max(1)
    indices.zero_()
    values.sum().backward()
    assert x.grad.tolist() == [[0.0, 1.0, 0.0]]

    x, index = leaf(np.array([[1.0, 5.0, 3.0]])), autograd.tensor([[1]])
    taken = x.gather(1, index)
    index.zero_()
    taken.sum().backward()
    assert x.grad.tolist() == [[0.0, 1.0, 0.0]]

    x, index = leaf(np.array([1.0, 5.0, 3.0])), autograd.tensor([1, 1])
    picked = x[index]
    index.zero_()
    picked.sum().backward()
    assert x.grad.tolist() == [0.0, 2.0, 0.0]


def test_gather_from_a_0d_tensor_and_its_index_dtypes_as_pytorch():
    x = leaf(np.array(5.0))
    assert autograd.gather(x, 0, autograd.tensor([0, 0])).tolist() == [5.0, 5.0]  # the index's shape
    assert autograd.gather(x, 0, autograd.tensor(0)).shape == ()
    assert autograd.gather(leaf(np.ones(3)), 0, autograd.tensor([2], dtype=autograd.int32)).tolist() == [1.0]
    with pytest.raises(RuntimeError, match="Expected dtype int32/int64 for index, got uint8"):
        autograd.gather(leaf(np.ones(3)), 0, np.array([0], dtype=np.uint8))
    with pytest.raises(RuntimeError, match="index 1 is out of bounds for dimension 0 with size 1"):
        autograd.gather(x, 0, autograd.tensor([1]))


def test_repeated_indices_accumulate():
    x = leaf(np.arange(4.0))
    x[[1, 1, 3, 1]].sum().backward()
    assert x.grad.tolist() == [0.0, 3.0, 0.0, 1.0]


@covers(primitives.Cat)
@given(st.data())
def test_cat(data):
    a = data.draw(tensors(shape=SHAPES.filter(lambda s: len(s) >= 1)))
    dim = data.draw(st.integers(0, a.ndim - 1))
    shape_b = list(a.shape)
    shape_b[dim] = data.draw(st.integers(1, 3))
    b = data.draw(tensors(shape=tuple(shape_b)))
    assert gradcheck(lambda a, b: autograd.cat([a, b, a], dim), (a, b))
    assert gradgradcheck(lambda a, b: autograd.cat([a * a, b * b], dim), (a, b))


@covers(primitives.Stack)
@given(st.data())
def test_stack(data):
    a = data.draw(tensors())
    b = data.draw(tensors(shape=a.shape))
    dim = data.draw(st.integers(-a.ndim - 1, a.ndim))
    assert gradcheck(lambda a, b: autograd.stack([a, b, a], dim), (a, b))
    assert gradgradcheck(lambda a, b: autograd.stack([a * a, b * b], dim), (a, b))
    assert autograd.stack([a, b], dim).shape == np.stack([a.detach().numpy(), b.detach().numpy()], dim).shape


@covers(primitives.Pad)
@given(tensors(shape=SHAPES.filter(lambda s: len(s) >= 1)), st.lists(st.integers(0, 2), min_size=2, max_size=2))
def test_pad(x, widths):
    assert gradcheck(lambda x: autograd.pad(x, tuple(widths)), (x,))
    assert gradgradcheck(lambda x: autograd.pad(x * x, tuple(widths)), (x,))


@covers(primitives.MatMul)
@given(st.data())
def test_matmul_batched_and_broadcast(data):
    n, k, m = (data.draw(st.integers(1, 3)) for _ in range(3))
    batch = data.draw(st.sampled_from([((), ()), ((2,), ()), ((), (2,)), ((2, 1), (3,)), ((1, 2), (2, 2))]))
    a = data.draw(tensors(shape=batch[0] + (n, k)))
    b = data.draw(tensors(shape=batch[1] + (k, m)))
    assert np.allclose((a @ b)._data, np.matmul(a._data, b._data))
    assert gradcheck(lambda a, b: a @ b, (a, b))
    assert gradgradcheck(lambda a, b: a @ b, (a, b))


@covers(primitives.Linear)
@given(st.data())
def test_linear_is_matmul_with_the_transposed_weight_plus_the_bias(data):
    """x Wᵀ + b as one node, for inputs with 0 to 2 leading axes, with and without a bias: the values are
    NumPy's x @ W.T + b, the gradients pass finite differences to the second order."""
    n_in, n_out = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    x = data.draw(tensors(shape=data.draw(st.sampled_from([(), (2,), (2, 3)])) + (n_in,)))
    w = data.draw(tensors(shape=(n_out, n_in)))
    b = data.draw(tensors(shape=(n_out,))) if data.draw(st.booleans()) else None
    args = (x, w) if b is None else (x, w, b)
    expected = x._data @ w._data.T + (0 if b is None else b._data)
    assert np.allclose(primitives.Linear.apply(*args)._data, expected)
    assert gradcheck(lambda *args: primitives.Linear.apply(*args), args)
    assert gradgradcheck(lambda x, *rest: primitives.Linear.apply(x * x, *rest), args)


def test_linear_refuses_what_is_not_a_tensor_and_records_one_node_for_a_layer():
    from autograd.functional.linear import linear

    x, w, b = autograd.ones(4, 3), autograd.ones(2, 3, requires_grad=True), autograd.ones(2, requires_grad=True)
    for args, name in [(([1.0], w), "input"), ((x, np.ones((2, 3))), "weight"), ((x, w, [1.0, 2.0]), "bias")]:
        with pytest.raises(TypeError, match=f"argument '{name}' must be Tensor"):
            linear(*args)
    assert isinstance(linear(x, w, b).grad_fn, primitives.Linear) and isinstance(linear(x, w).grad_fn, primitives.Linear)
    assert linear(x, w[0]).shape == (4,) and not isinstance(linear(x, w, b[:1]).grad_fn, primitives.Linear)


@covers(primitives.LSTMGates, primitives.LSTMCell, primitives.LSTMHidden)
@given(st.data())
def test_lstm_step_is_the_composed_cell_and_passes_finite_differences(data):
    """One LSTM step by its three primitives: the values and gradients are those of the composed ops
    (sigmoids, tanh, products, sums: the formulas of nn.LSTM's docstring), and finite differences agree
    to the second order, for 0 or 1 leading axes, the input gates broadcast against the hidden ones."""
    from autograd.functional.recurrent import lstm_cell

    size, lead = data.draw(st.integers(1, 3)), data.draw(st.sampled_from([(), (2,)]))
    input_gates = data.draw(tensors(shape=data.draw(st.sampled_from([lead, ()])) + (4 * size,)))
    hidden_gates, c = data.draw(tensors(shape=lead + (4 * size,))), data.draw(tensors(shape=lead + (size,)))

    def composed(x, h, c):
        z = x + h
        i, f, g, o = (z[..., k * size : (k + 1) * size] for k in range(4))
        c = i.sigmoid() * g.tanh() + f.sigmoid() * c
        return o.sigmoid() * c.tanh(), c

    args = (input_gates, hidden_gates, c)
    for ours, theirs in zip(lstm_cell(*args), composed(*args), strict=True):
        assert np.allclose(ours._data, theirs._data, rtol=1e-12, atol=1e-12)
        pairs = zip(autograd.grad(ours.sum(), args, retain_graph=True),
                    autograd.grad(theirs.sum(), args, retain_graph=True), strict=True)
        assert all(np.allclose(a._data, b._data, rtol=1e-12, atol=1e-12) for a, b in pairs)
    assert gradcheck(lambda *args: sum(t.sum() * w for t, w in zip(lstm_cell(*args), (1.0, 2.0), strict=True)), args)
    assert gradgradcheck(lambda x, h, c: lstm_cell(x, h, c)[0] + lstm_cell(x, h, c * c)[1], args)


@covers(primitives.GRUCell)
@given(st.data())
def test_gru_step_is_the_composed_cell_and_passes_finite_differences(data):
    """One GRU step as one node: the values and gradients of the composed ops (nn.GRU's docstring), and
    finite differences to the second order, for 0 or 1 leading axes, the input gates broadcast."""
    from autograd.functional.recurrent import gru_cell

    size, lead = data.draw(st.integers(1, 3)), data.draw(st.sampled_from([(), (2,)]))
    input_gates = data.draw(tensors(shape=data.draw(st.sampled_from([lead, ()])) + (3 * size,)))
    hidden_gates, h = data.draw(tensors(shape=lead + (3 * size,))), data.draw(tensors(shape=lead + (size,)))

    def composed(x, y, h):
        r, z = ((x[..., k * size : (k + 1) * size] + y[..., k * size : (k + 1) * size]).sigmoid() for k in range(2))
        n = (x[..., 2 * size :] + r * y[..., 2 * size :]).tanh()
        return (1 - z) * n + z * h

    args = (input_gates, hidden_gates, h)
    ours, theirs = gru_cell(*args), composed(*args)
    assert isinstance(ours.grad_fn, primitives.GRUCell)
    assert np.allclose(ours._data, theirs._data, rtol=1e-12, atol=1e-12)
    pairs = zip(autograd.grad(ours.sum(), args), autograd.grad(theirs.sum(), args), strict=True)
    assert all(np.allclose(a._data, b._data, rtol=1e-12, atol=1e-12) for a, b in pairs)
    assert gradcheck(gru_cell, args)
    assert gradgradcheck(lambda x, y, h: gru_cell(x * x, y, h), args)

def test_lstm_cell_refuses_what_it_cannot_compute_and_records_three_nodes():
    from autograd.functional.recurrent import lstm_cell

    gates, c = autograd.zeros(2, 8, requires_grad=True), autograd.zeros(2, 2)
    h, c_next = lstm_cell(gates, gates, c)
    assert isinstance(h.grad_fn, primitives.LSTMHidden) and isinstance(c_next.grad_fn, primitives.LSTMCell)
    assert isinstance(c_next.grad_fn.edges[0], primitives.LSTMGates)
    with pytest.raises(TypeError, match="argument 'c' must be Tensor"):
        lstm_cell(gates, gates, np.zeros((2, 2)))
    with pytest.raises(RuntimeError, match="4 × 3 columns, got 8"):
        lstm_cell(gates, gates, autograd.zeros(2, 3))
    with pytest.raises(RuntimeError, match="4 blocks"):
        lstm_cell(autograd.zeros(2, 6), autograd.zeros(2, 6), autograd.zeros(2, 2))
    with pytest.raises(RuntimeError, match="one floating dtype"):
        lstm_cell(gates, gates, autograd.zeros(2, 2, dtype=autograd.float64))
    with pytest.raises(RuntimeError, match="one floating dtype"):
        lstm_cell(*(autograd.zeros(2, n, dtype=autograd.int64) for n in (8, 8, 2)))


def test_gru_cell_refuses_what_it_cannot_compute():
    from autograd.functional.recurrent import gru_cell

    gates, h = autograd.zeros(2, 6, requires_grad=True), autograd.zeros(2, 2)
    with pytest.raises(TypeError, match="argument 'hidden_gates' must be Tensor"):
        gru_cell(gates, [0.0] * 6, h)
    with pytest.raises(RuntimeError, match="3 × 3 columns, got 6"):
        gru_cell(gates, gates, autograd.zeros(2, 3))
    with pytest.raises(RuntimeError, match="one floating dtype, got float32, float32, float64"):
        gru_cell(gates, gates, autograd.zeros(2, 2, dtype=autograd.float64))

@given(st.integers(1, 3), st.integers(1, 3))
def test_matmul_with_vectors(k, m):
    rng = np.random.default_rng(k * 10 + m)
    v, w, mat = leaf(rng.normal(size=k)), leaf(rng.normal(size=k)), leaf(rng.normal(size=(k, m)))
    assert (v @ w).shape == () and (v @ mat).shape == (m,) and (mat.T @ v).shape == (m,)
    assert gradcheck(lambda v, w, mat: (v @ w) * (v @ mat).sum() + (mat.T @ w).sum(), (v, w, mat))


@covers(primitives.Windows, primitives.WindowsAdd)
@given(st.data())
def test_sliding_windows(data):
    spatial = data.draw(st.integers(1, 2))
    kernel = tuple(data.draw(st.integers(1, 3)) for _ in range(spatial))
    stride = tuple(data.draw(st.integers(1, 2)) for _ in range(spatial))
    dilation = tuple(data.draw(st.integers(1, 2)) for _ in range(spatial))
    size = tuple(d * (k - 1) + 1 + data.draw(st.integers(0, 3)) for k, d in zip(kernel, dilation, strict=True))
    x = data.draw(tensors(shape=(data.draw(st.integers(1, 2)), data.draw(st.integers(1, 2))) + size))
    windows = autograd.sliding_windows(x, kernel, stride, dilation)
    # independent check: read one window by plain indexing
    last = tuple(n - 1 for n in windows.shape[2 : 2 + spatial])
    origin = tuple(p * s for p, s in zip(last, stride, strict=True))
    reads = tuple(slice(o, o + d * (k - 1) + 1, d) for o, d, k in zip(origin, dilation, kernel, strict=True))
    assert np.array_equal(windows._data[(0, 0) + last], x._data[(0, 0) + reads])
    assert gradcheck(lambda x: autograd.sliding_windows(x, kernel, stride, dilation), (x,))
    assert gradgradcheck(lambda x: autograd.sliding_windows(x * x, kernel, stride, dilation), (x,))


@covers(primitives.MaxPool2d, primitives.MaxPoolScatter, primitives.MaxPoolGather)
@given(st.data())
def test_max_pool2d(data):
    """Pairwise maxima over strided views: the maximum of every window (read by plain indexing), the
    gradient at each window's winner, and the second order through the scatter and gather companions."""
    kernel = tuple(data.draw(st.integers(1, 3)) for _ in range(2))
    stride = tuple(data.draw(st.integers(1, 3)) for _ in range(2))
    dilation = tuple(data.draw(st.integers(1, 2)) for _ in range(2))
    pads = tuple((data.draw(st.integers(0, k // 2)),) * 2 for k in kernel)
    size = tuple(d * (k - 1) + 1 + data.draw(st.integers(0, 3)) for k, d in zip(kernel, dilation, strict=True))
    batch, channels = data.draw(st.integers(1, 2)), data.draw(st.integers(1, 2))
    x = data.draw(distinct_tensors(shape=st.just((batch, channels) + size)))
    params = dict(kernel=kernel, stride=stride, dilation=dilation, pads=pads)
    out = primitives.MaxPool2d.apply(x, **params)
    padded = np.pad(x.detach().numpy(), ((0, 0), (0, 0)) + pads, constant_values=-np.inf)
    i, j = (data.draw(st.integers(0, n - 1)) for n in out.shape[2:])
    window = padded[:, :, i * stride[0] :: dilation[0], j * stride[1] :: dilation[1]][:, :, : kernel[0], : kernel[1]]
    np.testing.assert_array_equal(out.detach().numpy()[:, :, i, j], window.max(axis=(2, 3)))
    assert gradcheck(lambda x: primitives.MaxPool2d.apply(x, **params), (x,))
    assert gradgradcheck(lambda x: primitives.MaxPool2d.apply(x * x, **params), (x,))


@covers(primitives.IndexPut)
@given(st.data())
def test_index_put(data):
    """y[index] = value on a copy of a, recorded: the gradient of a skips the overwritten part."""
    a = data.draw(tensors(shape=SHAPES.filter(lambda s: len(s) >= 1)))
    index = (data.draw(st.integers(0, a.shape[0] - 1)),)
    value = data.draw(tensors(shape=st.sampled_from([(), a.shape[1:]])))

    def put(a, value):
        y = a * 1.0
        y[index] = value * value
        return y * y

    assert gradcheck(put, (a, value))
    assert gradgradcheck(put, (a, value))


@covers(primitives.CopySlices)
@given(tensors(shape=st.sampled_from([(2, 3), (3, 2, 2)])), st.floats(0.5, 2.0))
def test_copy_slices(x, factor):
    """A write through a view of a view (transpose, then a row) is recorded on the base."""

    def write_through_view(x):
        y = x * 1.0
        v = y.transpose(0, 1)[0]
        v.mul_(x.sum() * factor)
        return (y * y).sum() + v.sum()

    assert gradcheck(write_through_view, (x,))
    assert gradgradcheck(write_through_view, (x,))


@covers(primitives.Det, primitives.Eigvalsh)
@given(st.integers(1, 4), st.sampled_from([(), (2,)]), st.integers(0, 2**16), st.sampled_from(["L", "U"]))
def test_determinant_and_symmetric_eigenvalues(n, batch, seed, UPLO):
    """First order only: a recorded backward (create_graph) through them is refused."""
    a = leaf(np.random.default_rng(seed).normal(size=batch + (n, n)))
    assert gradcheck(autograd.linalg.det, (a,))
    assert gradcheck(lambda a: autograd.linalg.eigvalsh(a + a.mT, UPLO=UPLO), (a,))
    for fn in (autograd.linalg.det, lambda a: autograd.linalg.eigvalsh(a + a.mT)):
        with pytest.raises(RuntimeError, match="no second derivative"):
            autograd.grad(fn(a).sum(), a, create_graph=True)


@covers(primitives.EighVectors)
def test_eigenvectors_refuse_a_gradient():
    a = leaf(np.array([[1.0, 0.3], [0.1, 2.0]]))
    values, vectors = autograd.linalg.eigh(a)
    assert gradcheck(lambda a: autograd.linalg.eigh(a + a.mT).eigenvalues, (a,))
    with pytest.raises(RuntimeError, match="no gradient for the eigenvectors"):
        vectors.sum().backward()


def test_every_primitive_is_checked():
    """Every primitive class defined in autograd/primitives/ (found there, not only those listed in ALL) has a
    gradcheck test marked @covers, here or in the convolution's own test file."""
    from . import test_conv_primitive  # noqa: F401  (its tests mark convolution's primitives as covered)

    defined = set()
    for module in pkgutil.iter_modules(primitives.__path__):
        for name, cls in vars(importlib.import_module(f"autograd.primitives.{module.name}")).items():
            if isinstance(cls, type) and issubclass(cls, Function) and cls.__module__.startswith("autograd.primitives.") \
                    and not name.startswith("_"):
                defined.add(name)
    missing = (defined | {cls.__name__ for cls in primitives.ALL}) - {cls.__name__ for cls in COVERED}
    assert not missing, f"primitives without a gradcheck test: {sorted(missing)}"


@covers(Mean, ScaledAdd, Triangle)
def test_mean_scaled_add_and_triangles_gradcheck():
    a, b = leaf(np.array([[0.5, -1.5, 2.25], [3.0, -2.0, 0.7]])), leaf(np.array([1.0, -0.5, 4.0]))
    for op in (lambda a, b: a.mean(), lambda a, b: a.mean(1, keepdim=True) * b,
               lambda a, b: autograd.add(a, b, alpha=-2.5),
               lambda a, b: autograd.sub(b, a, alpha=0.5), lambda a, b: a.tril() * b, lambda a, b: a.triu(1) * b):
        assert gradcheck(op, (a, b)) and gradgradcheck(op, (a, b))


@covers(primitives.FloorDivide)
def test_floor_division_has_no_gradient_and_backward_refuses_as_pytorchs():
    a = leaf(np.array([5.0, -7.5, 0.25]))
    out = a // 2.0
    assert out.requires_grad and out.detach().numpy().tolist() == [2.0, -4.0, 0.0]
    with pytest.raises(RuntimeError, match="derivative for aten::floor_divide is not implemented"):
        out.sum().backward()


@covers(primitives.Modulo)
def test_remainders_gradcheck():
    a, b = leaf(np.array([5.0, -7.5, 0.25])), leaf(np.array([2.0, 3.0, -0.7]))
    for op in (autograd.remainder, autograd.fmod):
        assert gradcheck(op, (a, b))


@covers(primitives.special.RoundedDivide)
def test_rounded_division_has_gradient_zero_as_pytorchs():
    a, b = leaf(np.array([5.0, -7.5, 0.25])), leaf(np.array([2.0, 0.0, -0.7]))
    for mode in ("trunc", "floor"):
        out = autograd.div(a, b, rounding_mode=mode)
        assert isinstance(out.grad_fn, primitives.special.RoundedDivide)
        out.sum().backward()
    assert a.grad.tolist() == b.grad.tolist() == [0.0, 0.0, 0.0]  # (0, not 0 · inf, where b = 0)


@covers(primitives.special.ComparedInPlace)
def test_an_in_place_comparison_gives_self_and_other_zero_gradients():
    a, w = leaf(np.array([5.0, -7.5, 0.25])), leaf(np.array([2.0, 0.0, 0.5]))
    op = lambda a, w: (a * 1).lt_(w)  # noqa: E731  (piecewise constant away from ties: finite differences 0)
    assert isinstance(op(a, w).grad_fn, primitives.special.ComparedInPlace)
    assert gradcheck(op, (a, w)) and gradgradcheck(op, (a, w))


@covers(primitives.scatter.ScatterAdd, primitives.scatter.ScatterExtremum, primitives.scatter.ScatterLegacyReduce,
        primitives.scatter.ScatterProd)
def test_scatter_primitives_gradcheck_and_the_legacy_reduce_refuses():
    x, src = leaf(np.array([[0.5, 2.0], [1.5, -1.0]])), leaf(np.array([[3.0, -2.0]]))
    index = autograd.tensor(np.array([[1, 0]]))
    assert isinstance(x.scatter_add(0, index, src).grad_fn, primitives.scatter.ScatterAdd)
    assert gradcheck(lambda a, s: a.scatter_add(0, index, s), (x, src))
    assert gradgradcheck(lambda a, s: a.scatter_add(0, index, s) ** 2, (x, src))
    for reduce in ("amax", "amin"):
        assert isinstance(x.scatter_reduce(0, index, src, reduce).grad_fn, primitives.scatter.ScatterExtremum)
        assert gradcheck(lambda a, s, r=reduce: a.scatter_reduce(0, index, s, r), (x, src))
        assert gradgradcheck(lambda a, s, r=reduce: a.scatter_reduce(0, index, s, r) ** 2, (x, src))
    assert isinstance(x.scatter_reduce(0, index, src, "prod").grad_fn, primitives.scatter.ScatterProd)
    assert gradcheck(lambda a, s: a.scatter_reduce(0, index, s, "prod"), (x, src))
    assert gradgradcheck(lambda a, s: a.scatter_reduce(0, index, s, "prod", include_self=False) ** 2, (x, src))
    out = (x * 1).scatter(0, index, src, reduce="multiply")
    assert isinstance(out.grad_fn, primitives.scatter.ScatterLegacyReduce)
    with pytest.raises(RuntimeError, match="derivative for aten::scatter is not implemented"):
        out.sum().backward()


@covers(primitives.scatter.NoDerivative)
def test_unique_of_a_tensor_that_requires_grad_refuses_backward_as_pytorchs():
    out = autograd.unique(leaf(np.array([2.0, 1.0, 2.0])))
    assert isinstance(out.grad_fn, primitives.scatter.NoDerivative) and out.tolist() == [1.0, 2.0]
    with pytest.raises(NotImplementedError, match="derivative for '_unique2' is not implemented"):
        out.sum().backward()


@covers(primitives.cumulative.LogCumsumExp)
def test_logcumsumexp_gradcheck():
    x = leaf(np.array([[0.3, -1.7, 4.0], [2.0, 2.0, -3.0]]))
    for dim in (0, 1):
        assert gradcheck(lambda t, d=dim: t.logcumsumexp(d), (x,)) and gradgradcheck(lambda t, d=dim: t.logcumsumexp(d), (x,))


@covers(primitives.special.PowHalf)
def test_the_half_power_gradchecks_as_a_square_root():
    x = leaf(np.array([0.3, 1.7, 4.0]))
    assert isinstance((x ** 0.5).grad_fn, primitives.special.PowHalf)
    assert gradcheck(lambda t: t ** 0.5, (x,)) and gradgradcheck(lambda t: t ** 0.5, (x,))


@covers(primitives.special.PowMinusHalf)
def test_the_minus_half_power_gradchecks_as_a_power():
    x = leaf(np.array([0.3, 1.7, 4.0]))
    assert isinstance((x ** -0.5).grad_fn, primitives.special.PowMinusHalf)
    assert gradcheck(lambda t: t ** -0.5, (x,)) and gradgradcheck(lambda t: t ** -0.5, (x,))


@covers(primitives.special.PowOfTensors)
def test_a_tensor_exponent_gradchecks_as_a_power():
    x, exponent = leaf(np.array([0.3, 1.7, 4.0])), leaf(np.array(0.5))
    assert isinstance((x ** exponent).grad_fn, primitives.special.PowOfTensors)
    assert gradcheck(lambda t, e: t ** e, (x, exponent)) and gradgradcheck(lambda t, e: t ** e, (x, exponent))


@covers(primitives.special.XTimesLog)
def test_xlogy_product_gradchecks_and_keeps_a_zero_upstream_gradient_zero():
    x, y = leaf(np.array([0.3, 1.7, 4.0])), leaf(np.array([0.5, 2.0, 3.0]))
    assert isinstance(autograd.xlogy(x, y).grad_fn, primitives.special.XTimesLog)
    assert gradcheck(autograd.xlogy, (x, y)) and gradgradcheck(autograd.xlogy, (x, y))
    z = leaf(np.array([0.7, 0.7]))
    (autograd.xlogy(z, autograd.tensor([0.0, 2.0])) * autograd.tensor([0.0, 1.0])).sum().backward()
    assert z.grad.tolist() == [0.0, float(np.log(2.0))]  # (0 · log 0 would be NaN)


@covers(primitives.special.Rsqrt)
def test_rsqrt_gradchecks():
    x = leaf(np.array([0.3, 1.7, 4.0]))
    assert isinstance(x.rsqrt().grad_fn, primitives.special.Rsqrt)
    assert gradcheck(autograd.rsqrt, (x,)) and gradgradcheck(autograd.rsqrt, (x,))


@covers(primitives.special.PowZero)
def test_the_zeroth_power_gradchecks_as_a_constant():
    x = leaf(np.array([-0.3, 0.0, 4.0]))
    assert isinstance((x ** 0).grad_fn, primitives.special.PowZero)
    assert gradcheck(lambda t: t ** 0, (x,)) and gradgradcheck(lambda t: t ** 0 * t, (x,))


@covers(primitives.statistics.Var)
@given(shape=st.sampled_from([(5,), (3, 4), (2, 3, 2)]), correction=st.sampled_from([0, 1]), keepdim=st.booleans())
def test_variance_gradchecks_over_every_dim(shape, correction, keepdim):
    x = leaf(np.random.default_rng(0).normal(size=shape))
    for dim in [None, 0, -1, tuple(range(len(shape)))]:
        f = lambda t, dim=dim: t.var(dim, correction=correction, keepdim=keepdim)  # noqa: E731
        assert isinstance(f(x).grad_fn, primitives.statistics.Var)
        assert gradcheck(f, (x,)) and gradgradcheck(f, (x,))


@covers(primitives.statistics.CountNonzero)
def test_the_zero_norm_records_a_node_that_passes_no_gradient():
    x = leaf(np.array([[0.0, 2.0], [-1.0, 0.0]]))
    out = x.norm(p=0, dim=1)
    assert repr(out.grad_fn) == "<LinalgVectorNormBackward0>" and out.tolist() == [1.0, 1.0]  # (PyTorch's node)
    assert isinstance(out.grad_fn.next_functions[0][0], primitives.statistics.CountNonzero)
    (out.sum() + x.sum()).backward()
    assert x.grad.tolist() == [[1.0, 1.0], [1.0, 1.0]]
