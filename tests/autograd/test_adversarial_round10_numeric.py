"""The ninth adversarial pass's numeric findings (#19), against PyTorch 2.13: prod at overflow, NaN and zeros
(value, dtype, gradient); ELU at 0, NaN and ±inf (first and second derivatives); abs and hardtanh under
create_graph (the gradient is in x's graph); einsum's diagonals as views; and backward refusing a value that
was changed in place after an op saved it. Each test runs one program under both libraries and compares
values, dtypes, gradients and error types."""

import numpy as np
import pytest

import autograd

from .outcomes import outcome

torch = pytest.importorskip("torch")


def _same(ours, theirs, rtol=1e-6, atol=0.0):
    if isinstance(theirs, np.ndarray):
        return (
            isinstance(ours, np.ndarray)
            and ours.dtype == theirs.dtype
            and ours.shape == theirs.shape
            and np.allclose(ours, theirs, rtol=rtol, atol=atol, equal_nan=True)
            and np.array_equal(np.isinf(ours), np.isinf(theirs))
        )
    if isinstance(theirs, type) or isinstance(ours, type):
        return ours is theirs
    if isinstance(theirs, list):
        return (
            isinstance(ours, list)
            and len(ours) == len(theirs)
            and all(_same(a, b, rtol, atol) for a, b in zip(ours, theirs, strict=True))
        )
    return ours == theirs


def _grad(lib):
    return torch.autograd.grad if lib is torch else autograd.grad


def assert_as_pytorch(program, rtol=1e-6, atol=0.0):
    ours, theirs = outcome(program, autograd), outcome(program, torch)
    assert _same(ours, theirs, rtol, atol), f"glassgrad: {ours}\nPyTorch: {theirs}"


# ---- 4. einsum's diagonals are views, as PyTorch's ---------------------------------------------------------

EINSUM_VIEWS = [
    ("ii->i", (3, 3)),
    ("iij->ij", (3, 3, 2)),
    ("bii->bi", (2, 3, 3)),
    ("iii->i", (2, 2, 2)),
    ("jii->ij", (2, 3, 3)),
    ("iij->ji", (3, 3, 2)),
    ("i...i->...i", (3, 2, 3)),
    ("ij->ji", (2, 3)),
]


@pytest.mark.parametrize("equation, shape", EINSUM_VIEWS)
def test_a_write_into_einsums_result_reaches_its_operand(equation, shape):
    def program(lib):
        a = lib.arange(float(np.prod(shape))).reshape(*shape)
        d = lib.einsum(equation, a)
        with lib.no_grad():
            d[0] = -1.0
        return a, d, d._base is a

    assert_as_pytorch(program)


@pytest.mark.parametrize("equation, shape", EINSUM_VIEWS + [("ii", (3, 3)), ("bii->b", (2, 3, 3))])
def test_einsums_diagonal_gradient(equation, shape):
    def program(lib):
        a = lib.arange(float(np.prod(shape))).reshape(*shape).requires_grad_()
        d = lib.einsum(equation, a)
        (d * lib.arange(float(d.numel())).reshape(d.shape)).sum().backward()
        return d, a.grad

    assert_as_pytorch(program)


def test_an_in_place_change_through_einsums_diagonal_is_recorded():
    def program(lib):
        x = lib.ones(3, 3, requires_grad=True)
        a = x * 2
        d = lib.einsum("ii->i", a)
        d.mul_(lib.tensor([1.0, 2.0, 3.0]))
        a.sum().backward()
        return a, x.grad, d.grad_fn is not None

    assert_as_pytorch(program)


@pytest.mark.parametrize("offset", [0, 1, -1])
def test_diagonal_is_a_view_that_writes_through(offset):
    def program(lib):
        a = lib.arange(12.0).reshape(3, 4)
        d = a.diagonal(offset)
        d.fill_(-1.0)
        return a, d._base is a

    assert_as_pytorch(program)


# ---- 1. prod: multiplied in the input's dtype, PyTorch's gradient at zeros, NaN and inf -------------------

PRODUCTS = [
    [1e30, 1e30, 1e-30],
    [1e-30, 1e-30, 1e30, 1e30],
    [1.0, float("nan"), 0.0],
    [float("inf"), 0.0, 1.0],
    [-0.0, 2.0],
    [0.0, -2.0],
    [float("-inf"), -1.0],
    [3e38, 2.0],
    [],
    [300.0, 300.0, 0.001],
    [1e-4, 1e-4, 1e4],
]


@pytest.mark.parametrize("values", PRODUCTS)
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("form", ["prod()", "prod(0)", "prod(0, keepdim=True)", "torch.prod(x, -1)"])
def test_prod_value_and_dtype(values, dtype, form):
    def program(lib):
        x = lib.tensor(values, dtype=getattr(lib, dtype))
        return {
            "prod()": lambda: x.prod(),
            "prod(0)": lambda: x.prod(0),
            "prod(0, keepdim=True)": lambda: x.prod(0, keepdim=True),
            "torch.prod(x, -1)": lambda: lib.prod(x, -1),
        }[form]()

    assert_as_pytorch(program)


@pytest.mark.parametrize("dtype", ["bool", "uint8", "int8", "int16", "int32", "int64"])
def test_prod_of_integers_is_int64_and_wraps(dtype):
    def program(lib):
        x = lib.tensor([[1, 2, 3], [0, 1, 1]], dtype=getattr(lib, dtype))
        wrapped = lib.tensor([2**62, 4]).prod()
        return x.prod(), x.prod(1), x.prod(0, keepdim=True), x.prod(dtype=lib.float32), wrapped

    assert_as_pytorch(program)


def test_prod_over_empty_and_0d():
    def program(lib):
        x = lib.tensor(3.0, requires_grad=True)
        y = x.prod(0)
        y.backward()
        return y, x.grad, lib.ones(2, 0).prod(1), lib.ones(0, 3).prod(0), lib.ones(0).prod(), type(y.grad_fn).__name__

    ours, theirs = outcome(program, autograd), outcome(program, torch)
    assert _same(ours[:-1], theirs[:-1])
    assert (
        theirs[-1] == "ProdBackward1"
        and repr(autograd.tensor(3.0, requires_grad=True).prod(0).grad_fn) == "<ProdBackward1>"
    )


PRODUCT_GRADIENTS = [
    [2.0, 3.0, 4.0],
    [2.0, 0.0, 4.0],
    [0.0, 0.0, 4.0],
    [0.0, 3.0, float("nan")],
    [float("inf"), 0.0, 2.0],
    [1e30, 1e30, 1e-30],
    [-0.0, 2.0, 3.0],
    [float("nan"), 2.0],
    [0.0, 0.0, float("inf")],
    [0.0, float("nan"), 0.0],
    [[0.0, 2.0], [0.0, float("inf")]],
    [[1.0, 2.0], [0.0, 3.0]],
    [[0.0, 2.0, 0.0], [1.0, 2.0, 3.0]],
]


@pytest.mark.parametrize("values", PRODUCT_GRADIENTS)
@pytest.mark.parametrize("dim, keepdim", [(None, False), (0, False), (-1, False), (0, True), (-1, True)])
@pytest.mark.parametrize("create_graph", [False, True])
def test_prod_gradient(values, dim, keepdim, create_graph):
    """One zero gets the product of the others, two give zeros (over all elements and not create_graph: plain
    zeros, as PyTorch's shortcut), NaN and inf spread as in PyTorch's exclusive products."""

    def program(lib):
        x = lib.tensor(values, requires_grad=True)
        y = x.prod() if dim is None else x.prod(dim, keepdim=keepdim)
        weights = lib.arange(1.0, y.numel() + 1).reshape(y.shape)
        (g,) = _grad(lib)((y * weights).sum(), x, create_graph=create_graph)
        return y, g, g.requires_grad

    assert_as_pytorch(program)


@pytest.mark.parametrize("dim", [None, 0, 1, 2])
@pytest.mark.parametrize("zeros", [False, True])
def test_prod_second_derivative(dim, zeros):
    rng = np.random.default_rng(0)
    values = rng.uniform(0.5, 2, (3, 4, 5))
    if zeros:
        values[0, 1, 2] = 0
        values[1, :, 3] = 0
        values[2, 3, :] = 0

    def program(lib):
        x = lib.tensor(values, requires_grad=True)
        y = x.prod() if dim is None else x.prod(dim)
        (g,) = _grad(lib)(
            (y * lib.arange(1.0, y.numel() + 1, dtype=lib.float64).reshape(y.shape)).sum(), x, create_graph=True
        )
        (gg,) = _grad(lib)((g * g).sum(), x)
        return y, g, gg

    assert_as_pytorch(program)


def test_float16_prod_gradient():
    def program(lib):
        x = lib.tensor([[2.0, 0.0, 3.0], [300.0, 300.0, 0.001]], dtype=lib.float16, requires_grad=True)
        y = x.prod(1)
        y.sum().backward()
        return y, x.grad

    assert_as_pytorch(program)


# ---- 2 and 3. activations at 0, NaN and ±inf: first and second derivatives; the gradient in x's graph ------


def _functional(lib):
    import nn.functional

    return torch.nn.functional if lib is torch else nn.functional


EDGES = [0.0, -0.0, float("nan"), float("inf"), float("-inf"), -1.0, 1.0, 0.5, -1e-3, 30.0, -30.0, 6.0, 2.0]
ACTIVATIONS = {
    "elu": lambda F, x: F.elu(x),
    "elu(alpha=0.5)": lambda F, x: F.elu(x, 0.5),
    "elu(alpha=0)": lambda F, x: F.elu(x, 0.0),
    "elu(alpha=-1)": lambda F, x: F.elu(x, -1.0),
    "elu in place": lambda F, x: F.elu(x * 1, inplace=True),
    "elu(alpha=0.5) in place": lambda F, x: F.elu(x * 1, 0.5, inplace=True),
    "silu": lambda F, x: F.silu(x),
    "softplus": lambda F, x: F.softplus(x),
    "softplus(2, 5)": lambda F, x: F.softplus(x, 2.0, 5.0),
    "gelu(tanh)": lambda F, x: F.gelu(x, approximate="tanh"),
    "abs": lambda F, x: x.abs(),
    "relu": lambda F, x: F.relu(x),
    "leaky_relu": lambda F, x: F.leaky_relu(x, 0.1),
    "sign": lambda F, x: x.sign(),
    "sgn": lambda F, x: x.sgn(),
    "clamp": lambda F, x: x.clamp(-1, 1),
    "clamp(min)": lambda F, x: x.clamp(min=0.5),
    "clamp(max)": lambda F, x: x.clamp(max=0.5),
    "maximum": lambda F, x: (x * 0 + 0.5).maximum(x),
    "minimum": lambda F, x: x.minimum(-x),
}


@pytest.mark.parametrize("name", ACTIVATIONS)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_first_and_second_derivatives_at_the_edges(name, dtype):
    """The value, the create_graph gradient (its value, requires_grad and whether it has a grad_fn) and the
    gradient of its sum (an error where PyTorch's gradient is outside x's graph). float32 within 1e-4 (and
    1e-7): softplus and gelu's second derivatives are compositions here, rounded differently from PyTorch's."""

    def program(lib):
        x = lib.tensor(EDGES, dtype=getattr(lib, dtype), requires_grad=True)
        y = ACTIVATIONS[name](_functional(lib), x)
        (g,) = _grad(lib)(y.sum(), x, create_graph=True)
        try:
            (gg,) = _grad(lib)(g.sum(), x)
            gg = gg.detach().clone() + 0  # (PyTorch's zero tensors)
        except RuntimeError:
            gg = RuntimeError
        return y, g.detach() + 0, g.requires_grad, g.grad_fn is not None, gg

    assert_as_pytorch(program, *((1e-4, 1e-7) if dtype == "float32" else (1e-6, 0.0)))


@pytest.mark.parametrize("alpha", [1.0, 0.5, 2.0, 0.0, -1.0])
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_elu_gradient_at_nan_is_one_and_second_derivative_at_zero_is_zero(alpha, dtype):
    def program(lib):
        x = lib.tensor([float("nan"), 0.0, -0.0, -2.0, 3.0], dtype=getattr(lib, dtype), requires_grad=True)
        y = _functional(lib).elu(x, alpha)
        (g,) = _grad(lib)(y.sum(), x, create_graph=True)
        (gg,) = _grad(lib)((g * g).sum(), x, create_graph=True)
        (ggg,) = _grad(lib)(gg.sum(), x)
        return y, g, gg, ggg

    assert_as_pytorch(program)


@pytest.mark.parametrize("bounds", [(-1.0, 1.0), (0.0, 6.0), (0.0, 2.0), (-3.0, -1.0), (0.5, 0.5)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("form", ["hardtanh", "relu6", "in place"])
def test_hardtanh_gradient_is_in_xs_graph(bounds, dtype, form):
    """Without NaN: PyTorch's gradient at NaN depends on its vector width (1 in its scalar loop, 0 in its vector
    loop); this gives its scalar loop's 1 (the NaN test below)."""

    def program(lib):
        F = _functional(lib)
        x = lib.tensor([v for v in EDGES if v == v] + list(bounds), dtype=getattr(lib, dtype), requires_grad=True)
        y = {
            "hardtanh": lambda: F.hardtanh(x, *bounds),
            "relu6": lambda: F.relu6(x),
            "in place": lambda: F.hardtanh(x * 1, *bounds, inplace=True),
        }[form]()
        (g,) = _grad(lib)(y.sum(), x, create_graph=True)
        (gg,) = _grad(lib)(g.sum(), x)
        (g2,) = _grad(lib)((y * y).sum(), x, create_graph=True)
        (gg2,) = _grad(lib)(g2.sum(), x)
        return y, g, g.requires_grad, g.grad_fn is not None, gg, g2, gg2

    assert_as_pytorch(program)


@pytest.mark.parametrize("alpha", [1.0, 0.5, 0.0, -1.0])
def test_elu_in_place_computes_its_gradient_from_the_output_as_pytorchs(alpha):
    """elu_ saves its output (EluBackward1): the gradient is g (y + α) where y ≤ 0, and a negative α is refused in
    backward; a change to the output after it is refused too."""

    def program(lib):
        x = lib.tensor([-30.0, -1.0, 0.0, 2.0, float("nan")], requires_grad=True)
        y = x * 1
        z = _functional(lib).elu(y, alpha, inplace=True)
        (g,) = _grad(lib)(z.sum(), x, create_graph=True)
        (gg,) = _grad(lib)((g * g).sum(), x)
        return z, g, gg, z is y, z.grad_fn.name()

    assert_as_pytorch(program)

    def changed_after(lib):
        x = lib.tensor([-1.0, 2.0], requires_grad=True)
        z = _functional(lib).elu(x * 1, alpha, inplace=True)
        with lib.no_grad():
            z.mul_(2)
        z.sum().backward()
        return x.grad

    assert_as_pytorch(changed_after)


def test_hardtanh_gradient_at_nan_is_pytorchs_scalar_loops():
    def program(lib):
        x = lib.tensor([float("nan")], requires_grad=True)
        y = _functional(lib).hardtanh(x)
        y.sum().backward()
        return y, x.grad

    assert_as_pytorch(program)


def test_integer_hardtanh_still_clips():
    def program(lib):
        return _functional(lib).hardtanh(lib.tensor([-3, 0, 2])), _functional(lib).relu6(lib.tensor([-3, 7, 2]))

    assert_as_pytorch(program)


def test_abs_under_create_graph_is_in_xs_graph_in_a_larger_program():
    """L1 regularisation differentiated twice (a gradient penalty): abs's second derivative is 0, the
    gradient is in x's graph."""

    def program(lib):
        w = lib.tensor([[-1.5, 0.0], [2.0, -0.25]], requires_grad=True)
        loss = (w @ w).abs().sum() + w.abs().sum()
        (g,) = _grad(lib)(loss, w, create_graph=True)
        penalty = (g * g).sum()
        (gg,) = _grad(lib)(penalty, w)
        return g, g.requires_grad, gg

    assert_as_pytorch(program)


# ---- 5. backward refuses a value its op saved that was changed in place, and only then -------------------

SAVING_INPUT = {  # op(y): PyTorch's node saves y (or reads nothing of it, where marked in the test's outcome)
    "norm": lambda lib, y: y.norm(),
    "norm(1)": lambda lib, y: y.norm(1),
    "norm(inf)": lambda lib, y: y.norm(float("inf")),
    "norm(dim)": lambda lib, y: y.reshape(1, 3).norm(dim=1),
    "norm(fro)": lambda lib, y: y.reshape(1, 3).norm("fro"),
    "median()": lambda lib, y: y.median(),
    "median(0)": lambda lib, y: y.median(0)[0],
    "nansum": lambda lib, y: y.nansum(),
    "nansum(0)": lambda lib, y: y.nansum(0),
    "amax": lambda lib, y: y.amax(),
    "amin": lambda lib, y: y.amin(),
    "amin(0)": lambda lib, y: y.amin(0),
    "min()": lambda lib, y: y.min(),
    "min(0)": lambda lib, y: y.min(0)[0],
    "max()": lambda lib, y: y.max(),
    "var": lambda lib, y: y.var(),
    "std": lambda lib, y: y.std(),
    "std(0)": lambda lib, y: y.std(0),
    "logsumexp": lambda lib, y: y.logsumexp(0),
    "cumsum": lambda lib, y: y.cumsum(0),
    "cumprod": lambda lib, y: y.cumprod(0),
    "prod": lambda lib, y: y.prod(),
    "sort": lambda lib, y: y.sort()[0],
    "topk": lambda lib, y: y.topk(2)[0],
    "sum": lambda lib, y: y.sum(),
    "mean": lambda lib, y: y.mean(),
    "clamp": lambda lib, y: y.clamp(0, 2),
    "clamp(min)": lambda lib, y: y.clamp(min=1.5),
    "clamp(tensors)": lambda lib, y: y.clamp(lib.tensor(0.0), lib.tensor(2.0)),
    "abs": lambda lib, y: y.abs(),
    "1 / y": lambda lib, y: 1 / y,
    "3 / y": lambda lib, y: 3 / y,
    "y / 2": lambda lib, y: y / 2,
    "fmod(y, 1.5)": lambda lib, y: y.fmod(1.5),
    "y % 1.5": lambda lib, y: y % 1.5,
    "exp": lambda lib, y: y.exp(),
    "expm1": lambda lib, y: y.expm1(),
    "relu": lambda lib, y: y.relu(),
    "sigmoid": lambda lib, y: y.sigmoid(),
    "softmax": lambda lib, y: y.softmax(0),
    "elu": lambda lib, y: _functional(lib).elu(y),
    "hardtanh": lambda lib, y: _functional(lib).hardtanh(y),
    "relu6": lambda lib, y: _functional(lib).relu6(y),
    "pow 2": lambda lib, y: y**2,
    "reshape": lambda lib, y: y.reshape(3, 1),
    "y[1:]": lambda lib, y: y[1:],
    "sign": lambda lib, y: y.sign(),
    "sgn": lambda lib, y: y.sgn(),
    "softplus": lambda lib, y: _functional(lib).softplus(y),
    "gelu": lambda lib, y: _functional(lib).gelu(y),
    "gelu(tanh)": lambda lib, y: _functional(lib).gelu(y, approximate="tanh"),
    "leaky_relu": lambda lib, y: _functional(lib).leaky_relu(y, 0.2),
    "silu": lambda lib, y: _functional(lib).silu(y),
    "logsigmoid": lambda lib, y: _functional(lib).logsigmoid(y),
    "mse_loss": lambda lib, y: _functional(lib).mse_loss(y, y.detach() * 0 + 1.5),
    "l1_loss": lambda lib, y: _functional(lib).l1_loss(y, y.detach() * 0 + 1.5),
    "smooth_l1_loss": lambda lib, y: _functional(lib).smooth_l1_loss(y, y.detach() * 0 + 1.5),
    "smooth_l1_loss(beta=0)": lambda lib, y: _functional(lib).smooth_l1_loss(y, y.detach() * 0 + 1.5, beta=0.0),
    "huber_loss": lambda lib, y: _functional(lib).huber_loss(y, y.detach() * 0 + 1.5),
    "nll_loss": lambda lib, y: _functional(lib).nll_loss(y.reshape(1, 3), lib.tensor([1])),
    "cross_entropy": lambda lib, y: _functional(lib).cross_entropy(y.reshape(1, 3), lib.tensor([1])),
}


@pytest.mark.parametrize("name", SAVING_INPUT)
@pytest.mark.parametrize("under_no_grad", [True, False])
def test_changing_an_ops_input_in_place_before_backward(name, under_no_grad):
    """Refused with PyTorch's error where PyTorch's node saved the input; the gradient (of the values at the
    time, as PyTorch's) where it did not."""

    def program(lib):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = x * 1
        z = SAVING_INPUT[name](lib, y)
        if under_no_grad:
            with lib.no_grad():
                y.mul_(2)
        else:
            y.mul_(2)
        z.sum().backward()
        return x.grad

    assert_as_pytorch(program)


SAVING_OUTPUT = {
    "norm": lambda lib, y: y.norm(),
    "norm(inf)": lambda lib, y: y.norm(float("inf")),
    "std": lambda lib, y: y.std(),
    "std(0)": lambda lib, y: y.std(0),
    "logsumexp": lambda lib, y: y.logsumexp(0, keepdim=True),
    "min()": lambda lib, y: y.min(),
    "amin": lambda lib, y: y.amin(),
    "median()": lambda lib, y: y.median(),
    "expm1": lambda lib, y: y.expm1(),
    "exp": lambda lib, y: y.exp(),
    "max()": lambda lib, y: y.max(),
    "prod": lambda lib, y: y.prod(),
    "sum": lambda lib, y: y.sum(),
    "nansum": lambda lib, y: y.nansum(),
    "clamp": lambda lib, y: y.clamp(0, 2),
    "1 / y": lambda lib, y: 1 / y,
    "elu": lambda lib, y: _functional(lib).elu(y),
    "mse_loss": lambda lib, y: _functional(lib).mse_loss(y, y.detach(), reduction="none"),
    "softplus": lambda lib, y: _functional(lib).softplus(y),
    "sgn": lambda lib, y: y.sgn(),
    "sign": lambda lib, y: y.sign(),
}


@pytest.mark.parametrize("name", SAVING_OUTPUT)
def test_changing_an_ops_output_in_place_before_backward(name):
    def program(lib):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        z = SAVING_OUTPUT[name](lib, x * 1)
        z.mul_(2)
        z.sum().backward()
        return x.grad

    assert_as_pytorch(program)


@pytest.mark.parametrize("b_requires_grad", [False, True])
@pytest.mark.parametrize("changed", ["a", "b"])
def test_fmod_by_a_tensor_saves_its_inputs_only_for_bs_gradient(b_requires_grad, changed):
    def program(lib):
        x = lib.tensor([5.0, 7.0], requires_grad=True)
        a, b = x * 1, lib.tensor([2.0, 3.0], requires_grad=b_requires_grad) * 1
        z = lib.fmod(a, b)
        with lib.no_grad():
            (a if changed == "a" else b).mul_(2)
        z.sum().backward()
        return x.grad

    assert_as_pytorch(program)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int64", "bool"])
@pytest.mark.parametrize("number", [1, 2.5, -3])
def test_number_divided_by_a_tensor(dtype, number):
    """reciprocal(x) · number, as PyTorch's: values, dtype, node names and gradient."""

    def program(lib):
        x = lib.tensor([0.5, -3.0, 7.0, 0.0, float("inf")] if dtype[0] == "f" else [1, 0, 3], dtype=getattr(lib, dtype))
        if dtype[0] != "f":
            return number / x
        x.requires_grad_()
        z = number / x
        z.sum().backward()
        names = [z.grad_fn.name(), z.grad_fn.next_functions[0][0].name()]
        return z, x.grad, names

    assert_as_pytorch(program)


def test_a_target_changed_in_place_is_refused_too():
    """PyTorch's mse_loss saves its target as well."""

    def program(lib):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        target = lib.tensor([0.0, 1.0, 1.0])
        loss = _functional(lib).mse_loss(x * 1, target)
        target.add_(1)
        loss.backward()
        return x.grad

    assert_as_pytorch(program)


def test_the_refusal_names_the_node_that_saved_the_value():
    x = autograd.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 1
    z = y.norm()
    assert repr(z.grad_fn) == "<LinalgVectorNormBackward0>"
    with autograd.no_grad():
        y.mul_(2)
    with pytest.raises(RuntimeError, match=r"modified by an inplace operation.*LinalgVectorNormBackward0"):
        z.backward()
