"""Round 25 (hostile25b) op findings, against PyTorch and closed forms: xlogy's y-gradient is g · x / y per element
(its derivative with respect to g is x / y, NaN at x = y = 0: jvp through t log t and kl_div's target, S5; a
broadcast y sums x / y after dividing, S1)."""
import itertools

import numpy as np
import pytest

import autograd
import autograd.jacobians
import nn.functional as F

torch = pytest.importorskip("torch")
import torch.nn.functional as torch_F  # noqa: E402  (after the importorskip)

EDGES = [0.0, -0.0, 0.3, 2.0, -1.0, np.inf, -np.inf, np.nan]


def _grad(lib):
    return torch.autograd.grad if lib is torch else autograd.grad


def _assert_same(ours, theirs, names):
    """Each pair equal within 1e-6, with NaN and ±inf (and their signs) in the same places."""
    for name, a, b in zip(names, ours, theirs, strict=True):
        assert a.shape == b.shape, name
        np.testing.assert_allclose(a, b, rtol=1e-6, err_msg=name)  # (NaN in the same places; inf with its sign)


def _xlogy_derivatives(lib, dtype, x, y, g, v):
    """xlogy(x, y), its gradients under the upstream g (create_graph), and the gradients of
    Σ v·∂x + Σ v·∂y with respect to x, y and g (x and y may broadcast)."""
    leaves = [lib.tensor(a, dtype=getattr(lib, dtype), requires_grad=True) for a in (x, y, g)]
    out = lib.xlogy(leaves[0], leaves[1])
    gx, gy = _grad(lib)(out, leaves[:2], leaves[2], create_graph=True)
    second = _grad(lib)((gx * lib.tensor(v[0], dtype=gx.dtype)).sum() + (gy * lib.tensor(v[1], dtype=gy.dtype)).sum(),
                        leaves, allow_unused=True, materialize_grads=True)
    return [t.detach().numpy() for t in (out, gx, gy, *second)]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("upstream", [[0.0, 1.5, -2.0, 0.0], [0.0], [-0.0], [1.0]])
def test_xlogy_first_and_second_derivatives_are_pytorchs_over_the_edge_grid_singular_points_included(dtype, upstream):
    pairs = list(itertools.product(EDGES, EDGES))
    x, y = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    g = np.resize(upstream, len(pairs))
    v = (np.resize([0.7, 0.0, -1.3], len(pairs)), np.resize([-0.4, 1.1], len(pairs)))
    _assert_same(_xlogy_derivatives(autograd, dtype, x, y, g, v), _xlogy_derivatives(torch, dtype, x, y, g, v),
                 ["value", "dx", "dy", "d dx", "d dy", "d g"])


@pytest.mark.parametrize("case", ["one y for three x", "a row of zeros", "x empty", "y column", "both broadcast"])
def test_xlogys_gradient_with_respect_to_a_broadcast_y_divides_before_it_sums_as_pytorch(case):
    x, y = {"one y for three x": ([0.0, 0.5, 0.5], [0.0]),
            "a row of zeros": ([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]], [0.0, 0.0, 0.0]),
            "x empty": (np.zeros(0), [0.0]),
            "y column": ([[0.0, 2.0], [1.0, 0.0], [0.0, 0.0]], [[0.0], [-1.0], [np.inf]]),
            "both broadcast": ([[0.0, 0.3, -1.0]], [[0.0], [0.5], [np.nan], [-0.0]])}[case]
    x, y = np.array(x, dtype=float), np.array(y, dtype=float)
    shape = np.broadcast_shapes(x.shape, y.shape)
    g = np.resize([1.0, 0.0, -2.0], shape)
    v = (np.resize([0.7, -1.3], x.shape), np.resize([0.5, 2.0, -1.0], y.shape))
    _assert_same(_xlogy_derivatives(autograd, "float64", x, y, g, v), _xlogy_derivatives(torch, "float64", x, y, g, v),
                 ["value", "dx", "dy", "d dx", "d dy", "d g"])


def test_xlogys_gradient_with_respect_to_a_broadcast_y_is_the_closed_form_sum_of_x_over_y():
    x = autograd.tensor([[0.5, 2.0], [1.5, 0.0]], dtype=autograd.float64)
    y = autograd.tensor([0.25, 4.0], dtype=autograd.float64, requires_grad=True)
    gy, = autograd.grad(autograd.xlogy(x, y).sum(), y)
    np.testing.assert_allclose(gy.numpy(), (x.numpy() / y.detach().numpy()).sum(0))


def _kl_div(lib, functional, reduction, log_target):
    log_p = lib.tensor([[-1.2, -0.7, -1.5], [-0.3, -2.0, -0.9]], dtype=lib.float64)
    return lambda target: functional.kl_div(log_p, target, reduction=reduction, log_target=log_target)


@pytest.mark.parametrize("reduction", ["sum", "mean", "batchmean", "none"])
@pytest.mark.parametrize("log_target", [False, True])
def test_jvp_and_vjp_through_kl_divs_target_with_exact_zeros_are_pytorchs(reduction, log_target):
    target = np.array([[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]]) if not log_target else np.log([[0.2, 0.3, 0.5], [1, 1, 1]])
    tangent = np.array([[1.0, 0.0, -2.0], [0.5, 1.0, 0.0]])
    results = []
    for lib, functional, jacobians in ((autograd, F, autograd.jacobians), (torch, torch_F, torch.autograd.functional)):
        fn = _kl_div(lib, functional, reduction, log_target)
        point, vector = lib.tensor(target), lib.tensor(tangent)
        value, jvp = jacobians.jvp(fn, point, vector)
        _, vjp = jacobians.vjp(fn, point, lib.ones_like(value))
        results.append([jvp.numpy(), vjp.numpy()])
    _assert_same(*results, ["jvp", "vjp"])


def test_the_jvp_of_t_log_t_at_an_exact_zero_is_nan_as_its_vjp_and_pytorchs():
    t, ones = np.array([0.0, 0.5, 0.3]), np.ones(3)
    ours = autograd.jacobians.jvp(lambda a: autograd.xlogy(a, a).sum(), autograd.tensor(t), autograd.tensor(ones))[1]
    theirs = torch.autograd.functional.jvp(lambda a: torch.xlogy(a, a).sum(), torch.tensor(t), torch.tensor(ones))[1]
    assert np.isnan(ours.item()) and np.isnan(theirs.item())
    at_ordinary = autograd.jacobians.jvp(lambda a: autograd.xlogy(a, a).sum(), autograd.tensor(t[1:]),
                                         autograd.tensor(ones[1:]))[1]
    np.testing.assert_allclose(at_ordinary.item(), np.sum(np.log(t[1:]) + 1))  # d/dt t log t = log t + 1


def _functional(lib):
    return torch_F if lib is torch else F


EMPTY_MEAN_LOSSES = {  # each over no elements (or no kept targets): PyTorch's value, gradient and its derivative
    "cross_entropy": lambda L, x, t: _functional(L).cross_entropy(x, t),
    "nll_loss": lambda L, x, t: _functional(L).nll_loss(x, t),
    "cross_entropy smoothed": lambda L, x, t: _functional(L).cross_entropy(x, t, label_smoothing=0.2),
    "cross_entropy zero weights": lambda L, x, t: _functional(L).cross_entropy(x, t, weight=L.zeros(3, dtype=x.dtype)),
    "nll_loss zero weights": lambda L, x, t: _functional(L).nll_loss(x, t, weight=L.zeros(3, dtype=x.dtype)),
    "cross_entropy probabilities": lambda L, x, t: _functional(L).cross_entropy(x, L.ones_like(x) / 3),
    "mse_loss": lambda L, x, t: _functional(L).mse_loss(x, L.zeros_like(x)),
    "smooth_l1_loss": lambda L, x, t: _functional(L).smooth_l1_loss(x, L.zeros_like(x)),
    "huber_loss": lambda L, x, t: _functional(L).huber_loss(x, L.zeros_like(x)),
    "binary_cross_entropy": lambda L, x, t: _functional(L).binary_cross_entropy(x.sigmoid(), L.zeros_like(x)),
    "bce_with_logits": lambda L, x, t: _functional(L).binary_cross_entropy_with_logits(x, L.zeros_like(x)),
    "kl_div": lambda L, x, t: _functional(L).kl_div(x, L.ones_like(x), reduction="batchmean"),
    "mean": lambda L, x, t: x.mean(),
    "var": lambda L, x, t: x.var(),
}
BATCHES = {"empty batch": ((0, 3), [], -100), "all ignored": ((2, 3), [-100, -100], -100),
           "empty K-dim": ((2, 3, 0), [[], []], 0)}


def _empty_mean(lib, name, batch):
    shape, targets, _ = BATCHES[batch]
    x = lib.zeros(shape, dtype=lib.float64, requires_grad=True)
    out = EMPTY_MEAN_LOSSES[name](lib, x, lib.tensor(targets, dtype=lib.int64).reshape(shape[:1] + shape[2:]))
    upstream = lib.ones(out.shape, dtype=lib.float64, requires_grad=True)
    gx, = _grad(lib)(out, x, upstream, create_graph=True)
    d_upstream, = _grad(lib)((1.5 * gx).sum(), upstream, allow_unused=True, materialize_grads=True)
    return [t.detach().numpy() for t in (out, gx, d_upstream)]


@pytest.mark.parametrize("batch", BATCHES)
@pytest.mark.parametrize("name", EMPTY_MEAN_LOSSES)
def test_a_mean_loss_over_no_elements_has_pytorchs_value_gradient_and_derivative_in_the_upstream(name, batch):
    if batch == "all ignored" and "cross_entropy" not in name and "nll" not in name:
        pytest.skip("only the class-index losses ignore targets")
    _assert_same(_empty_mean(autograd, name, batch), _empty_mean(torch, name, batch), ["value", "dx", "d upstream"])


@pytest.mark.parametrize("shape, dim", [((2, 0), 1), ((0, 3), 1), ((0,), 0)])
def test_logsumexps_second_gradient_over_an_empty_dim_is_an_empty_tensor_as_pytorchs(shape, dim):
    results = []
    for lib in (autograd, torch):
        x = lib.zeros(shape, dtype=lib.float64, requires_grad=True)
        out = x.logsumexp(dim)
        upstream = lib.ones(out.shape, dtype=lib.float64, requires_grad=True)
        gx, = _grad(lib)(out, x, upstream, create_graph=True)
        results.append([t.numpy() for t in (out.detach(), *_grad(lib)((1.5 * gx).sum(), (x, upstream)))])
    _assert_same(*results, ["value", "d x", "d upstream"])


@pytest.mark.parametrize("shape", [(2, 0), (0,), (0, 3)])
def test_cross_entropy_with_probabilities_over_no_elements_is_nan_as_pytorchs(shape):
    outs = [_functional(L).cross_entropy(L.zeros(shape, requires_grad=True), L.zeros(shape)) for L in (autograd, torch)]
    assert all(np.isnan(out.item()) for out in outs)


NUMPY_BOOL_PROGRAMS = [  # a NumPy bool is a float to PyTorch (np.True_ is 1.0), a Python bool a bool
    "x * T", "T * x", "x + T", "T + x", "x - T", "T - x", "x / T", "T / x", "x ** T", "T ** x", "F ** x", "x // T",
    "T // x", "x % T", "T % x", "torch.mul(x, T)", "torch.sub(x, T)", "torch.add(x, 1, alpha=T)", "x.pow(T)",
    "torch.pow(T, x)", "torch.remainder(x, T)", "torch.xlogy(x, T)", "x == T", "T < x", "x.eq(T)", "x >= T",
    "torch.where(x > 1, x, T)", "torch.where(x > 1, T, F)", "torch.clamp(x, T)", "x.clamp(max=T)",
    "x.clone().fill_(T)", "x.masked_fill(x > 1, T)", "torch.full((2,), T)", "torch.full((2,), F, dtype=torch.bool)",
    "x.new_full((2,), T)", "torch.arange(T)", "x.clone().add_(T)", "x.clone().mul_(T)", "x & T", "x ^ T",
    "torch.tensor(T)", "x * True", "x - True",
]


def _numpy_bool_outcome(lib, program, dtype):
    x = lib.tensor([1, 2], dtype=getattr(lib, dtype)) if dtype != "bool" else lib.tensor([True, False])
    try:
        result = eval(program, {"torch": lib, "x": x, "T": np.True_, "F": np.False_})  # noqa: S307  (the programs above)
    except Exception as error:  # noqa: BLE001  (the error's type is the outcome compared)
        return type(error).__name__
    return str(result.dtype).removeprefix("torch."), repr(result.tolist())  # (repr: NaN equals NaN)


@pytest.mark.parametrize("dtype", ["int64", "bool", "uint8", "float16", "float64"])
@pytest.mark.parametrize("program", NUMPY_BOOL_PROGRAMS)
def test_a_numpy_bool_operand_is_promoted_as_pytorch_promotes_it(program, dtype):
    with np.errstate(all="ignore"):
        ours, theirs = _numpy_bool_outcome(autograd, program, dtype), _numpy_bool_outcome(torch, program, dtype)
    assert ours == theirs, f"{program}: glassgrad {ours}, PyTorch {theirs}"


KEYWORD_FORMS = [  # PyTorch's keyword forms of calls glassgrad refused
    "torch.concat([x, y], axis=0)", "torch.concat([x, y], 1)", "torch.concat(tensors=[x, y], dim=1)",
    "torch.maximum(input=x, other=y)", "torch.minimum(input=x, other=y)", "torch.maximum(x, other=y)",
    "torch.pow(input=x, exponent=2)", "torch.pow(self=2, exponent=x)", "torch.pow(self=2.5, exponent=x)",
    "torch.pow(x, exponent=y)", "torch.pow(2, x)", "x.pow(exponent=2)", "torch.pow(x)",
    "x.cummax(axis=1)", "x.cummin(axis=1)", "torch.cummax(x, axis=0)", "torch.cummin(input=x, dim=0)",
    "x.logcumsumexp(axis=1)", "torch.logcumsumexp(x, axis=0)", "x.cummax()",
    "torch.arange(end=3)", "torch.arange(end=3, dtype=torch.float64)", "torch.arange(1, end=3)",
    "torch.arange(0, end=5, step=2)",
    "x0.masked_fill(torch.tensor([True]), 1.0)", "x0.masked_fill(torch.tensor([True, False, True]), 1.0)",
    "x[0].masked_fill(torch.tensor([[True], [False]]), 1.0)", "torch.masked_fill(x0, torch.tensor([False]), 1.0)",
    "x0.clone().masked_fill_(torch.tensor([True]), 1.0)", "x.clone().masked_fill_(torch.tensor([[[True]]]), 1.0)",
    "x.masked_fill(torch.ones(2, 2, 3, dtype=torch.bool), 1.0)", "x.masked_fill(torch.ones(3, 2, dtype=torch.bool), 1.0)",
]


def _keyword_outcome(lib, program):
    x = lib.tensor([[1.0, 5.0, 2.0], [3.0, 0.0, 4.0]])
    names = {"torch": lib, "x": x, "y": lib.tensor([[2.0, 1.0, 2.0], [0.0, 1.0, 5.0]]), "x0": lib.tensor(2.0)}
    try:
        result = eval(program, names)  # noqa: S307  (the programs above)
    except Exception as error:  # noqa: BLE001  (the error's type is the outcome compared)
        return type(error).__name__
    return [(str(t.dtype).removeprefix("torch."), t.tolist()) for t in (result if isinstance(result, tuple) else
                                                                         (result,))]


@pytest.mark.parametrize("program", KEYWORD_FORMS)
def test_pytorchs_keyword_forms_give_pytorchs_result(program):
    ours, theirs = _keyword_outcome(autograd, program), _keyword_outcome(torch, program)
    assert ours == theirs, f"{program}: glassgrad {ours}, PyTorch {theirs}"


def test_a_masked_fill_that_broadcasts_a_0d_tensor_sums_its_gradient_back():
    grads = []
    for lib in (autograd, torch):
        x0 = lib.tensor(2.0, requires_grad=True)
        x0.masked_fill(lib.tensor([True, False, False]), 1.0).backward(lib.tensor([1.0, 2.0, 3.0]))
        grads.append(x0.grad.item())
    assert grads[0] == grads[1] == 5.0  # the unmasked elements' upstreams, 2 + 3


ERROR_PROGRAMS = {  # (the program, a word the message must name) — the error type is PyTorch's
    "y.scatter(1, idx, y[0, 0])": "src", "y.scatter_add(1, idx, torch.tensor(1.0))": "src",
    "y.clone().scatter_(1, idx, y[0, 0])": "src",
    "e.min()": "min()", "e.max()": "max()", "e.max(0)": "max()", "e.min(0)": "min()", "e.amax(0)": "amax()",
    "e.amin(0)": "amin()", "e.amin()": "amin()", "e.long().min()": "min()", "e.long().amin(0)": "amin()",
    "torch.max(e, 0)": "max()", "e.argmax(0)": "argmax()",
    "x.clone().uniform_(1.5)": "from=1.5", "x.clone().uniform_([1.5])": "'from'", "x.clone().uniform_(2, 1)": "from=2",
    "x.clone().uniform_(0, float('inf'))": "to", "x.clone().uniform_(float('nan'), 1)": "from",
    "x.clone().uniform_(-1e38, 3e38)": "to",
    "y.norm(p=torch.tensor([2.0]))": "p", "y.norm(p=torch.tensor(2.0, requires_grad=True))": "p",
    "torch.arange(0, 1, 0.3, dtype=torch.int64)": "step must be nonzero",
}


@pytest.mark.parametrize("program", ERROR_PROGRAMS)
def test_a_refusal_has_pytorchs_error_type_and_names_the_problem(program):
    errors = []
    for lib in (autograd, torch):
        y, x = lib.zeros(3, 4), lib.zeros(3)
        names = {"torch": lib, "y": y, "x": x, "e": lib.zeros(0, 3), "idx": lib.tensor([[0], [1], [2]])}
        with pytest.raises(Exception) as error:  # noqa: B017, PT011  (its type is compared with PyTorch's below)
            eval(program, names)  # noqa: S307  (the programs above)
        errors.append(error.value)
    assert type(errors[0]) is type(errors[1]), f"glassgrad {errors[0]!r}, PyTorch {errors[1]!r}"
    assert ERROR_PROGRAMS[program] in str(errors[0])


@pytest.mark.parametrize("program", ["y.norm(p=torch.tensor(3.0))", "torch.norm(y, torch.tensor(1.0))",
                                     "x.clone().uniform_(torch.tensor(0.5), 1)", "x.clone().uniform_(1, 1)"])
def test_a_0d_tensor_as_a_number_argument_and_an_empty_range_are_accepted_as_in_pytorch(program):
    for lib in (autograd, torch):
        y = lib.arange(12, dtype=lib.float32).reshape(3, 4)
        result = eval(program, {"torch": lib, "y": y, "x": lib.zeros(3)})  # noqa: S307  (the programs above)
        assert result.shape in ((), (3,))
    if "norm" in program:
        np.testing.assert_allclose(eval(program, {"torch": autograd, "y": autograd.arange(12.0).reshape(3, 4)}).item(),
                                   eval(program, {"torch": torch, "y": torch.arange(12.0).reshape(3, 4)}).item(),
                                   rtol=1e-6)
