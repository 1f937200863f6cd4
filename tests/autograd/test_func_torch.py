"""autograd.func (torch.func's grad and grad_and_value) against torch.func; the rest of torch.func is a clear
NotImplementedError."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import autograd
from autograd import func

torch = pytest.importorskip("torch")


def lib_of(name):
    return (autograd, func) if name == "ours" else (torch, torch.func)


def listed(value):
    if isinstance(value, (tuple, list)):
        return [listed(v) for v in value]
    return (np.round(value.detach().numpy(), 6).tolist(), value.requires_grad)


def results(name, values):
    lib, f = lib_of(name)
    x = lib.tensor(values)
    y = lib.tensor(values[::-1].copy())

    def cube_sum(a):
        return (a ** 3).sum()

    out = [
        f.grad(cube_sum)(x),
        f.grad(lambda a: f.grad(cube_sum)(a).sum())(x),  # nested: the second derivative
        f.grad(lambda a, b: (a * b.exp()).sum(), argnums=(0, 1))(x, y),
        f.grad(lambda a, b: (a * b).sum(), argnums=-1)(x, y),
        f.grad(lambda a, b: a.sum(), argnums=1)(x, y),  # unused: zeros
        f.grad(lambda a: ((a ** 2).sum(), {"mean": a.mean()}), has_aux=True)(x)[0],
        f.grad(lambda a: ((a ** 2).sum(), {"mean": a.mean()}), has_aux=True)(x)[1]["mean"],
        f.grad_and_value(cube_sum)(x),
        f.grad(lambda a: a.sum() * 0 + 1.5 * a[0].clamp(min=0.0))(x),
    ]
    return listed(out)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-2, 2), min_size=1, max_size=4))
def test_grad_and_grad_and_value_match_torch_func(values):
    values = np.array(values)
    assert results("ours", values) == results("torch", values)


@pytest.mark.parametrize("bad", [
    lambda lib, f, x: f.grad(lambda a: a * 2)(x),  # not a scalar
    lambda lib, f, x: f.grad(lambda a: a.sum(), argnums=2)(x),
    lambda lib, f, x: f.grad(lambda a: a.sum(), has_aux=True)(x),
    lambda lib, f, x: f.grad(lambda a: a.sum())(lib.tensor([1, 2])),
])
def test_bad_calls_raise_as_torch_func(bad):
    for name in ("torch", "ours"):
        lib, f = lib_of(name)
        with pytest.raises(RuntimeError):
            bad(lib, f, lib.tensor([1.0, 2.0]))


@pytest.mark.parametrize("name", func.MISSING)
def test_the_rest_of_torch_func_is_a_clear_not_implemented_error(name):
    assert hasattr(torch.func, name) and hasattr(func, name)  # imports work (feature probes see it)
    with pytest.raises(NotImplementedError, match=f"torch.func.{name} is not in glassgrad"):
        getattr(func, name)(lambda x: x)
    with pytest.raises(AttributeError):
        func.not_a_name  # noqa: B018


CLOSURES = {
    "a leaf it closes over": lambda T, w: func_of(T).grad(lambda x: (x * x * w).sum()),
    "a non-leaf it closes over": lambda T, w: func_of(T).grad(lambda x: (x * (w * 2).exp()).sum()),
    "the value too": lambda T, w: (lambda g: lambda x: g(x)[1])(func_of(T).grad_and_value(lambda x: (x * w).sum())),
    "aux": lambda T, w: (lambda g: lambda x: g(x)[1])(
        func_of(T).grad(lambda x: ((x * w).sum(), (w * 3, x * 3)), has_aux=True)),
    "nested": lambda T, w: func_of(T).grad(lambda x: func_of(T).grad(lambda y: (y ** 3 * w).sum())(x).sum()),
    "two argnums": lambda T, w: func_of(T).grad(lambda x, y: (x * y * w).sum(), argnums=(0, 1)),
    "an argument that requires grad": lambda T, w: (lambda g: lambda x: g(x, w))(
        func_of(T).grad(lambda x, v: (x * x * v).sum())),
}


def func_of(T):
    return T.func


@pytest.mark.parametrize("w_requires_grad", [True, False])
@pytest.mark.parametrize("case", CLOSURES)
def test_func_grad_stays_differentiable_with_respect_to_what_requires_grad_outside_as_torch_func(case, w_requires_grad):
    def run(T):
        w = T.tensor([3.0, -1.0], dtype=T.float64, requires_grad=w_requires_grad)
        x = T.tensor([2.0, 0.5], dtype=T.float64)
        result = CLOSURES[case](T, w)(*((x, x * 2) if case == "two argnums" else (x,)))
        flat = [t for t in (result if isinstance(result, tuple) else (result,))]
        flags = [t.requires_grad for t in flat]
        if any(flags):
            sum(t.sum() for t in flat if t.requires_grad).backward()
        return flags, [t.tolist() for t in flat], None if w.grad is None else w.grad.tolist()

    assert run(autograd) == run(torch)


def test_func_grad_of_a_function_without_a_second_derivative_works_when_nothing_outside_requires_grad():
    a = autograd.tensor(np.array([[2.0, 1.0], [0.5, 3.0]]))
    expected = torch.func.grad(torch.linalg.det)(torch.tensor(a.numpy()))
    got = func.grad(autograd.linalg.det)(a)
    assert not got.requires_grad
    np.testing.assert_allclose(got.numpy(), expected.numpy())
