"""Round 24 (hostile24b) op findings, against PyTorch and finite differences: xlogy's gradient stays linear in
its upstream where that is 0 (jvp, a zero weight: S3); in-place comparisons connect `other` with zero gradients
(S6); reductions over no elements have a gradient whose own derivative is 0 (S4); a number scaling a bool or
integer write converts as PyTorch's checked conversion (S1); shape functions of a 0-d tensor (C1); PyTorch's
keyword and positional forms, and a tensor given as dtype (R)."""
import itertools

import numpy as np
import pytest

import autograd
import autograd.jacobians
import nn.functional as F

from .outcomes import outcome, same_within_1e6

torch = pytest.importorskip("torch")
import torch.nn.functional as torch_F  # noqa: E402  (after the importorskip)

def _grad(lib):
    return torch.autograd.grad if lib is torch else autograd.grad


EDGES = [0.0, -0.0, 0.3, 2.0, -1.0, np.inf, -np.inf, np.nan]


def _xlogy_derivatives(lib, dtype, x, y, g, v):
    """xlogy(x, y), its gradients under the upstream g (create_graph), and the gradients of
    Σ v·∂x + Σ reversed(v)·∂y with respect to x, y and g."""
    leaves = [lib.tensor(a, dtype=getattr(lib, dtype), requires_grad=True) for a in (x, y, g)]
    out = lib.xlogy(leaves[0], leaves[1])
    gx, gy = _grad(lib)(out, leaves[:2], leaves[2], create_graph=True)
    weights = [lib.tensor(w, dtype=getattr(lib, dtype)) for w in (v, v[::-1].copy())]
    second = _grad(lib)((gx * weights[0]).sum() + (gy * weights[1]).sum(), leaves, allow_unused=True,
                               materialize_grads=True)
    return [t.detach().numpy() for t in (out, gx, gy, *second)]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_xlogy_first_and_second_derivatives_are_pytorchs_at_every_edge_value_and_zero_upstream(dtype):
    pairs = list(itertools.product(EDGES, EDGES))
    x, y = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    g, v = np.resize([0.0, 1.5, -2.0, 0.0], len(pairs)), np.resize([0.7, 0.0, -1.3], len(pairs))
    ours = _xlogy_derivatives(autograd, dtype, x, y, g, v)
    theirs = _xlogy_derivatives(torch, dtype, x, y, g, v)
    singular = (x == 0) & (y == 0)  # ∂y = x / y at 0 / 0: its derivatives are the documented singular points
    for name, a, b in zip(["value", "dx", "dy", "d dx", "d dy", "d g"], ours, theirs, strict=True):
        keep = ~singular if name.startswith("d ") else np.ones_like(singular)
        np.testing.assert_allclose(a[keep], b[keep], rtol=1e-6, err_msg=name)


def test_the_gradient_of_xlogys_gradient_with_respect_to_a_zero_weight_is_log_y():
    x = autograd.tensor([0.5, 2.0], dtype=autograd.float64, requires_grad=True)
    w = autograd.tensor([0.0, 1.0], dtype=autograd.float64, requires_grad=True)
    y = np.array([0.3, 4.0])
    gx, = autograd.grad((w * autograd.xlogy(x, autograd.tensor(y))).sum(), x, create_graph=True)
    np.testing.assert_allclose(autograd.grad(gx.sum(), w)[0].numpy(), np.log(y))  # ∂²/∂w∂x of w·x·log y


def test_xlogy_second_derivative_at_x_zero_with_a_zero_upstream_passes_gradgradcheck():
    x = autograd.tensor([0.0, 0.5, 1.5], dtype=autograd.float64, requires_grad=True)
    y = autograd.tensor([0.3, 2.0, 0.7], dtype=autograd.float64, requires_grad=True)
    zero_upstream = autograd.tensor([0.0, 0.0, 1.0], dtype=autograd.float64, requires_grad=True)
    assert autograd.gradgradcheck(lambda a, b: autograd.xlogy(a * 1, b), (x, y), [zero_upstream])
    assert autograd.gradgradcheck(lambda a, b: autograd.xlogy(a * a, b), (x, y), [zero_upstream])


def _jvp(lib, functional, fn, point, tangent):
    inputs, vector = (lib.tensor(a, dtype=lib.float64) for a in (point, tangent))
    return functional.jvp(fn(lib), inputs, vector)[1].numpy()


@pytest.mark.parametrize("case", ["xlogy(x, x + 1)", "xlogy(x, 0.3) at x = 0", "kl_div wrt target",
                                  "kl_div wrt log target input"])
def test_jvp_through_xlogy_and_kl_div_is_pytorchs_and_the_closed_form(case):
    logp = np.array([[-1.0, -2.0, -0.5]])
    fns = {
        "xlogy(x, x + 1)": (lambda L: lambda x: L.xlogy(x, x + 1).sum(), [0.5, 1.0, 2.0],
                            lambda x: np.sum(np.log(x + 1) + x / (x + 1))),
        "xlogy(x, 0.3) at x = 0": (lambda L: lambda x: L.xlogy(x, 0.3).sum(), [0.0, 0.0],
                                   lambda x: 2 * np.log(0.3)),
        "kl_div wrt target": (lambda L: lambda t: (torch_F if L is torch else F).kl_div(L.tensor(logp), t,
                                                                                        reduction="sum"),
                              [[0.2, 0.3, 0.5]], lambda t: np.sum(np.log(t) + 1 - logp)),
        "kl_div wrt log target input": (lambda L: lambda t: (torch_F if L is torch else F).kl_div(
            t, L.tensor([[0.2, 0.0, 0.8]], dtype=L.float64), reduction="sum"), logp, lambda t: -1.0),
    }
    fn, point, closed_form = fns[case]
    point = np.array(point)
    ours = _jvp(autograd, autograd.jacobians, fn, point, np.ones_like(point))
    np.testing.assert_allclose(ours, _jvp(torch, torch.autograd.functional, fn, point, np.ones_like(point)))
    np.testing.assert_allclose(ours, closed_form(point))


IN_PLACE_COMPARISONS = ["eq_", "ne_", "lt_", "le_", "gt_", "ge_", "greater_", "greater_equal_", "less_",
                        "less_equal_", "not_equal_"]
OPERANDS = {  # (self requires grad, other: "tensor", "tensor requiring grad", "float64 tensor requiring grad",
    "both": (True, "grad"), "only other": (False, "grad"), "only self": (True, "tensor"),  # or a number)
    "self and a number": (True, "number"), "neither": (False, "tensor"), "other float64": (False, "grad64"),
    "other broadcast": (True, "grad row"),
}


def _compared_in_place(lib, op, case):
    self_grad, kind = OPERANDS[case]
    a = lib.tensor([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]], requires_grad=self_grad)
    others = {"grad": lambda: lib.tensor([[1.0, 3.0, 0.5], [2.0, 0.0, 0.0]], requires_grad=True),
              "tensor": lambda: lib.tensor([[1.0, 3.0, 0.5], [2.0, 0.0, 0.0]]),
              "grad64": lambda: lib.tensor([[1.0, 3.0, 0.5], [2.0, 0.0, 0.0]], dtype=lib.float64, requires_grad=True),
              "grad row": lambda: lib.tensor([1.0, 0.0, -1.0], requires_grad=True), "number": lambda: 0.5}
    w = others[kind]()
    z = a * 1 if self_grad else a.clone()
    result = getattr(z, op)(w)
    seen = [result is z, z.tolist(), z.dtype == lib.float32, z.requires_grad,
            z.grad_fn.name() if z.grad_fn is not None else None]
    if z.requires_grad:
        leaves = [t for t in (a, w) if isinstance(t, lib.Tensor) and t.requires_grad]
        grads = _grad(lib)(z.sum(), leaves, create_graph=True)
        seen += [[g.tolist() for g in grads], [g.requires_grad for g in grads]]
        (z * 2).sum().backward()
        seen += [[t.grad.tolist() for t in leaves]]
    return seen


@pytest.mark.parametrize("op", IN_PLACE_COMPARISONS)
@pytest.mark.parametrize("case", OPERANDS)
def test_an_in_place_comparison_connects_self_and_other_with_zero_gradients_as_pytorch(op, case):
    assert _compared_in_place(autograd, op, case) == _compared_in_place(torch, op, case)


def test_an_in_place_comparison_under_no_grad_records_nothing():
    w = autograd.tensor([1.0, 3.0], requires_grad=True)
    z = autograd.tensor([1.0, 2.0])
    with autograd.no_grad():
        z.lt_(w)
    assert z.tolist() == [0.0, 1.0] and not z.requires_grad and z.grad_fn is None


EMPTY_REDUCTIONS = {
    "mean": lambda L, x: x.mean(-1), "mean, keepdim": lambda L, x: x.mean(-1, keepdim=True), "mean, all": lambda L, x: x.mean(),
    "logsumexp": lambda L, x: L.logsumexp(x, -1), "logsumexp, all dims": lambda L, x: L.logsumexp(x, tuple(range(x.ndim))),
    "logsumexp, keepdim": lambda L, x: L.logsumexp(x, -1, keepdim=True),
    "var_mean's mean": lambda L, x: L.var_mean(x, -1)[1], "var_mean's var": lambda L, x: L.var_mean(x, -1)[0],
    "std_mean's mean": lambda L, x: L.std_mean(x, -1)[1], "std_mean's std": lambda L, x: L.std_mean(x, -1)[0],
    "std": lambda L, x: x.std(-1), "var": lambda L, x: x.var(-1), "var, correction 0": lambda L, x: x.var(-1, correction=0),
    "var, all": lambda L, x: x.var(), "std, all": lambda L, x: x.std(), "sum": lambda L, x: x.sum(-1),
    "softmax": lambda L, x: L.softmax(x, -1), "log_softmax": lambda L, x: L.log_softmax(x, -1),
    "2-norm": lambda L, x: x.norm(dim=-1), "1-norm": lambda L, x: x.norm(p=1, dim=-1), "2-norm, all": lambda L, x: x.norm(),
    "mse_loss": lambda L, x: (torch_F if L is torch else F).mse_loss(x, L.zeros_like(x)), "nanmean": lambda L, x: x.nanmean(-1),
}


def _empty_reduction(lib, name, shape):
    x = lib.zeros(shape, dtype=lib.float64, requires_grad=True)
    out = EMPTY_REDUCTIONS[name](lib, x)
    upstream = lib.ones(out.shape, dtype=lib.float64, requires_grad=True)
    gx, = _grad(lib)(out, x, upstream, create_graph=True)
    d_upstream, = _grad(lib)(gx.sum(), upstream, allow_unused=True, materialize_grads=True)
    return [t.detach().numpy() for t in (out, gx, d_upstream)]


@pytest.mark.parametrize("shape", [(2, 0), (0,), (0, 3)])
@pytest.mark.parametrize("name", EMPTY_REDUCTIONS)
def test_a_reduction_over_no_elements_has_pytorchs_value_and_a_gradient_whose_own_derivative_is_0(name, shape):
    ours, theirs = _empty_reduction(autograd, name, shape), _empty_reduction(torch, name, shape)
    for a, b in zip(ours, theirs, strict=True):
        assert a.shape == b.shape
        np.testing.assert_array_equal(a, b)


ALPHAS = [0.25, -1, -1.5, 0.5, -0.5, 2.7, 200, 127.9, -128.5, 255.5, 256, 2**40, 1e20, float("inf"), float("nan"), True]
SCALED_WRITES = {
    "index_add": lambda L, x, s, a: x.index_add(0, L.tensor([0, 1, 0]), s, alpha=a),
    "index_add_": lambda L, x, s, a: x.clone().index_add_(0, L.tensor([0, 1, 0]), s, alpha=a),
    "addcmul": lambda L, x, s, a: L.addcmul(x, s[:2], s[1:], value=a),
    "addcmul_": lambda L, x, s, a: x.clone().addcmul_(s[:2], s[1:], value=a),
    "add": lambda L, x, s, a: L.add(x, s[:2], alpha=a), "sub": lambda L, x, s, a: L.sub(x, s[:2], alpha=a),
}


@pytest.mark.parametrize("dtype", ["bool", "uint8", "int8", "int16", "int64"])
@pytest.mark.parametrize("op", SCALED_WRITES)
def test_a_number_scaling_a_bool_or_integer_write_is_converted_as_pytorch_converts_it(dtype, op):
    def program(lib):
        x = lib.tensor([[1, 0], [0, 0]]).to(getattr(lib, dtype))
        s = lib.tensor([[1, 1], [0, 1], [1, 0]]).to(getattr(lib, dtype))
        return [outcome(lambda L, a=alpha: SCALED_WRITES[op](L, x, s, a), lib) for alpha in ALPHAS]

    ours, theirs = program(autograd), program(torch)
    for alpha, a, b in zip(ALPHAS, ours, theirs, strict=True):
        assert same_within_1e6(a, b), (alpha, a, b)


def _zero_d_shape_programs():
    programs = {}
    for d0, d1 in itertools.product([0, -1, 1, -2], repeat=2):
        for name in ("transpose", "swapaxes", "swapdims", "movedim", "flatten"):
            programs[f"{name}({d0}, {d1})"] = lambda L, y, n=name, a=d0, b=d1: getattr(y, n)(a, b)
        for name in ("transpose_", "swapaxes_", "swapdims_"):
            programs[f"{name}({d0}, {d1})"] = lambda L, y, n=name, a=d0, b=d1: getattr(y.detach().clone(), n)(a, b)
        programs[f"torch.transpose({d0}, {d1})"] = lambda L, y, a=d0, b=d1: L.transpose(y, a, b)
        programs[f"diagonal(0, {d0}, {d1})"] = lambda L, y, a=d0, b=d1: y.diagonal(0, a, b)
        programs[f"narrow({d0}, {d1}, 1)"] = lambda L, y, a=d0, b=d1: y.narrow(a, b, 1)
        programs[f"unfold({d0}, {d1}, 1)"] = lambda L, y, a=d0, b=d1: y.unfold(a, b, 1)
        programs[f"roll({d1}, {d0})"] = lambda L, y, a=d0, b=d1: y.roll(b, a)
    for d in [0, -1, 1, -2]:
        for name, call in {"unflatten (1,)": lambda y, d: y.unflatten(d, (1,)), "unflatten ()": lambda y, d: y.unflatten(d, ()),
                           "select": lambda y, d: y.select(d, 0), "squeeze": lambda y, d: y.squeeze(d),
                           "unsqueeze": lambda y, d: y.unsqueeze(d), "flip": lambda y, d: y.flip(d),
                           "chunk": lambda y, d: y.chunk(1, d), "split": lambda y, d: y.split(1, d),
                           "unbind": lambda y, d: y.unbind(d), "flatten": lambda y, d: y.flatten(d),
                           "permute": lambda y, d: y.permute(d), "index_select": lambda y, d: y.index_select(d, y.new_zeros(1).long()),
                           "movedim": lambda y, d: y.movedim(d, 0)}.items():
            programs[f"{name}({d})"] = lambda L, y, c=call, d=d: c(y, d)
    for name, call in {"t": lambda y: y.t(), "T": lambda y: y.T, "t_": lambda y: y.detach().clone().t_(),
                       "repeat(())": lambda y: y.repeat(()), "repeat(2, 3)": lambda y: y.repeat(2, 3),
                       "tile(2)": lambda y: y.tile(2), "expand(2, 3)": lambda y: y.expand(2, 3),
                       "expand(-1)": lambda y: y.expand(-1), "squeeze()": lambda y: y.squeeze(),
                       "unfold(0, 2, 1)": lambda y: y.unfold(0, 2, 1), "narrow(0, 1, 0)": lambda y: y.narrow(0, 1, 0),
                       "roll(1)": lambda y: y.roll(1), "chunk(2)": lambda y: y.chunk(2), "unbind()": lambda y: y.unbind(),
                       "permute()": lambda y: y.permute(), "flatten()": lambda y: y.flatten()}.items():
        programs[name] = lambda L, y, c=call: c(y)
    return programs


ZERO_D_SHAPE_PROGRAMS = _zero_d_shape_programs()


@pytest.mark.parametrize("name", ZERO_D_SHAPE_PROGRAMS)
def test_a_shape_function_of_a_0_d_tensor_gives_pytorchs_result_or_error_type(name):
    def program(lib):
        x = lib.tensor(1.5, requires_grad=True)
        result = ZERO_D_SHAPE_PROGRAMS[name](lib, x * 1)
        pieces = result if isinstance(result, (tuple, list)) else [result]
        if pieces and pieces[0].requires_grad:
            lib.stack([p.sum() for p in pieces]).sum().backward()
        return [[p.detach().numpy() for p in pieces], [p.requires_grad for p in pieces], x.grad]

    ours, theirs = outcome(program, autograd), outcome(program, torch)
    assert same_within_1e6(ours, theirs), (ours, theirs)


def test_a_0_d_tensor_transposed_is_a_view_of_it_and_transpose_in_place_keeps_it():
    x = autograd.tensor(1.5)
    view = x.transpose(0, -1)
    view.add_(1)
    assert x.item() == 2.5 and view.grad_fn is None
    assert x.swapaxes_(0, 0) is x and x.shape == ()
    w = autograd.tensor(2.0, requires_grad=True)
    assert (w * 1).transpose(-1, 0).grad_fn.name() == torch.tensor(2.0, requires_grad=True).mul(1).transpose(-1, 0).grad_fn.name()


def test_unflatten_of_a_0_d_tensor_is_pytorchs_runtime_error():
    with pytest.raises(RuntimeError, match="Dimension specified as 0 but tensor has no dimensions"):
        autograd.tensor(1.5).unflatten(-1, (1,))
    with pytest.raises(RuntimeError, match="sizes must be non-empty"):
        autograd.tensor(1.5).unflatten(3, ())


KEYWORD_FORMS = {
    "any(axis=0)": lambda L, x: (x > 0).any(axis=0), "all(axis=0)": lambda L, x: (x > 0).all(axis=0),
    "any(axis=0, keepdims=True)": lambda L, x: (x > 0).any(axis=0, keepdims=True),
    "any(dim=0, axis=0)": lambda L, x: (x > 0).any(dim=0, axis=0),
    "prod(axis=0)": lambda L, x: x.prod(axis=0), "torch.prod(axis=1)": lambda L, x: L.prod(x, axis=1),
    "nansum(axis=0)": lambda L, x: x.nansum(axis=0), "count_nonzero(axis=0)": lambda L, x: x.count_nonzero(axis=0),
    "median(axis=0)": lambda L, x: x.median(axis=0), "sort(axis=0)": lambda L, x: x.sort(axis=0),
    "squeeze(axis=0)": lambda L, x: x[None].squeeze(axis=0), "unsqueeze(axis=0)": lambda L, x: x.unsqueeze(axis=0),
    "torch.cat(axis=0)": lambda L, x: L.cat([x, x], axis=0), "torch.sort(x, axis=1)": lambda L, x: L.sort(x, axis=1),
    "reshape(shape=(3, 2))": lambda L, x: x.reshape(shape=(3, 2)), "reshape(shape=[3, 2])": lambda L, x: x.reshape(shape=[3, 2]),
    "torch.reshape(x, shape=(3, 2))": lambda L, x: L.reshape(x, shape=(3, 2)), "view(size=(3, 2))": lambda L, x: x.view(size=(3, 2)),
    "permute(dims=(1, 0))": lambda L, x: x.permute(dims=(1, 0)), "torch.permute(x, dims=(1, 0))": lambda L, x: L.permute(x, dims=(1, 0)),
    "permute(1, dims=(1, 0))": lambda L, x: x.permute(1, dims=(1, 0)), "permute(dimz=(1, 0))": lambda L, x: x.permute(dimz=(1, 0)),
    "permute()": lambda L, x: x.permute(), "reshape()": lambda L, x: x.reshape(), "expand()": lambda L, x: x.expand(),
    "repeat()": lambda L, x: x.repeat(), "tile()": lambda L, x: x.tile(),
    "expand(size=(2, 2, 3))": lambda L, x: x.expand(size=(2, 2, 3)), "repeat(repeats=(1, 2))": lambda L, x: x.repeat(repeats=(1, 2)),
    "tile(dims=(1, 2))": lambda L, x: x.tile(dims=(1, 2)), "softmax(axis=0)": lambda L, x: x.softmax(axis=0),
    "log_softmax(1, float64)": lambda L, x: x.log_softmax(1, L.float64), "softmax(1, float64)": lambda L, x: x.softmax(1, L.float64),
    "torch.log_softmax(x, 1, float64)": lambda L, x: L.log_softmax(x, 1, L.float64),
    "F.softmax(x, 1, 3, float64)": lambda L, x: (torch_F if L is torch else F).softmax(x, 1, 3, L.float64),
    "F.log_softmax(x, 1, 3, float64)": lambda L, x: (torch_F if L is torch else F).log_softmax(x, 1, 3, L.float64),
    "lt(0.5, other=1)": lambda L, x: x.lt(0.5, other=1), "lt(othr=1)": lambda L, x: x.lt(othr=1),
    "torch.lt(input=x, other=0.5)": lambda L, x: L.lt(input=x, other=0.5),
}
for _name in ("eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal", "not_equal"):
    KEYWORD_FORMS[f"{_name}(other=0.5)"] = lambda L, x, n=_name: getattr(x, n)(other=0.5)
    KEYWORD_FORMS[f"{_name}_(other=x)"] = lambda L, x, n=_name: getattr(x.clone(), n + "_")(other=x.flip(0))
for _name in ("eq", "ne", "lt", "le", "gt", "ge"):
    KEYWORD_FORMS[f"torch.{_name}(x, other=x)"] = lambda L, x, n=_name: getattr(L, n)(x, other=x.flip(1))


@pytest.mark.parametrize("form", KEYWORD_FORMS)
def test_pytorchs_keyword_and_positional_forms_are_taken(form):
    def program(lib):
        x = lib.tensor([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]])
        result = KEYWORD_FORMS[form](lib, x)
        return list(result) if isinstance(result, tuple) else result

    ours, theirs = outcome(program, autograd), outcome(program, torch)
    assert same_within_1e6(ours, theirs), (ours, theirs)


TENSOR_AS_DTYPE = {
    "sum": lambda L, x, d: x.sum(dtype=d), "sum(0)": lambda L, x, d: x.sum(0, dtype=d), "mean": lambda L, x, d: x.mean(dtype=d),
    "prod": lambda L, x, d: x.prod(dtype=d), "nansum": lambda L, x, d: x.nansum(dtype=d), "cumsum": lambda L, x, d: x.cumsum(0, dtype=d),
    "cumprod": lambda L, x, d: x.cumprod(0, dtype=d), "norm": lambda L, x, d: x.norm(dtype=d),
    "softmax": lambda L, x, d: x.softmax(0, dtype=d), "log_softmax positional": lambda L, x, d: x.log_softmax(0, d),
    "to(dtype=)": lambda L, x, d: x.to(dtype=d), "tensor": lambda L, x, d: L.tensor(1, dtype=d),
    "as_tensor": lambda L, x, d: L.as_tensor([1], dtype=d), "zeros": lambda L, x, d: L.zeros(2, dtype=d),
    "ones": lambda L, x, d: L.ones(2, dtype=d), "empty": lambda L, x, d: L.empty(2, dtype=d),
    "full": lambda L, x, d: L.full((2,), 1.0, dtype=d), "zeros_like": lambda L, x, d: L.zeros_like(x, dtype=d),
    "ones_like": lambda L, x, d: L.ones_like(x, dtype=d), "full_like": lambda L, x, d: L.full_like(x, 2, dtype=d),
    "eye": lambda L, x, d: L.eye(2, dtype=d), "arange": lambda L, x, d: L.arange(3, dtype=d),
    "linspace": lambda L, x, d: L.linspace(0, 1, 3, dtype=d), "rand": lambda L, x, d: L.rand(2, dtype=d),
    "randn": lambda L, x, d: L.randn(2, dtype=d), "randn_like": lambda L, x, d: L.randn_like(x, dtype=d),
    "new_ones": lambda L, x, d: x.new_ones(2, dtype=d), "new_zeros": lambda L, x, d: x.new_zeros(2, dtype=d),
}


@pytest.mark.parametrize("numel", [1, 2])
@pytest.mark.parametrize("call", TENSOR_AS_DTYPE)
def test_a_tensor_given_as_dtype_is_a_type_error_naming_dtype(call, numel):
    x = autograd.tensor([1.0, 2.0][:numel])
    with pytest.raises(TypeError, match="dtype"):
        TENSOR_AS_DTYPE[call](autograd, x, x)
    t = torch.tensor([1.0, 2.0][:numel])
    with pytest.raises(TypeError):
        TENSOR_AS_DTYPE[call](torch, t, t)


def test_another_tensors_dtype_is_still_taken_positionally():
    x = autograd.tensor([1, 2])
    assert x.to(autograd.tensor([0.5], dtype=autograd.float64)).dtype == np.float64


def test_mT_of_a_0_d_tensor_is_itself_with_pytorchs_warning():
    results = []
    for lib in (autograd, torch):
        y = lib.tensor(1.5, requires_grad=True) * 1
        with pytest.warns(UserWarning, match="mT is deprecated on 0-D tensors"):
            results.append(y.mT is y)
    assert results == [True, True]
    with pytest.raises(RuntimeError, match="matrices"):
        _ = autograd.tensor([1.0, 2.0]).mT


DIM_TAKERS = {
    "select": lambda L, x, d: x.select(d, 0), "chunk": lambda L, x, d: x.chunk(1, d), "split": lambda L, x, d: x.split(1, d),
    "unbind": lambda L, x, d: x.unbind(d), "cat": lambda L, x, d: L.cat([x, x], d),
    "tensor_split": lambda L, x, d: x.tensor_split(1, d), "narrow": lambda L, x, d: x.narrow(d, 0, 1),
    "diff": lambda L, x, d: x.diff(dim=d), "cumsum": lambda L, x, d: x.cumsum(d), "unsqueeze": lambda L, x, d: x.unsqueeze(d),
}


@pytest.mark.parametrize("ndim", [0, 1])
@pytest.mark.parametrize("dim", [(0,), None, 0.0, "0", True, 0, -1])
@pytest.mark.parametrize("op", DIM_TAKERS)
def test_a_dim_of_the_wrong_type_is_refused_first_also_for_a_0_d_tensor(op, dim, ndim):
    def program(lib):
        x = lib.tensor(1.5) if ndim == 0 else lib.tensor([1.5, 2.0])
        result = DIM_TAKERS[op](lib, x, dim)
        return list(result) if isinstance(result, tuple) else result

    ours, theirs = outcome(program, autograd), outcome(program, torch)
    assert same_within_1e6(ours, theirs), (ours, theirs)
