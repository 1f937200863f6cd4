"""torch.autograd.graph, torch.autograd.functional and torch.testing under install_as_torch(): importable, and
autograd.jacobians (torch.autograd.functional) and glassgrad's assert_close give PyTorch's results and errors."""
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import autograd
from autograd import jacobians
from glassgrad.torch_stubs import testing

torch = pytest.importorskip("torch")


def test_the_modules_import_under_install_as_torch():
    code = textwrap.dedent("""
        import glassgrad
        glassgrad.install_as_torch()
        import torch
        import torch.autograd.graph
        import torch.autograd.functional
        import torch.testing
        from torch.autograd.functional import jacobian, hessian, vjp, jvp, hvp, vhp
        from torch.testing import assert_close
        from torch.autograd.graph import increment_version
        x = torch.tensor([1.0, 2.0])
        assert_close(torch.autograd.functional.jacobian(lambda t: t * t, x), torch.diag(2 * x)
                     if hasattr(torch, "diag") else torch.tensor([[2.0, 0.0], [0.0, 4.0]]))
        assert torch.testing.assert_close is assert_close and torch.autograd.graph.increment_version is increment_version
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def f_one(x):
    return (x ** 3).sum() * x[0]


def f_vector(x):
    return x.exp() * x.sum()


def f_two(x, y):
    return (x * y.sum(), (x ** 2).sum() * y)


CASES = {
    "jacobian, one input": lambda F, x, y: F.jacobian(f_vector, x),
    "jacobian, two inputs and outputs": lambda F, x, y: F.jacobian(f_two, (x, y)),
    "jacobian, a tuple of one input": lambda F, x, y: F.jacobian(f_vector, (x,)),
    "hessian": lambda F, x, y: F.hessian(f_one, x),
    "hessian, two inputs": lambda F, x, y: F.hessian(lambda a, b: (a * b * b).sum(), (x, y)),
    "vjp": lambda F, x, y: F.vjp(f_vector, x, y),
    "vjp of a scalar": lambda F, x, y: F.vjp(f_one, x),
    "vjp, two": lambda F, x, y: F.vjp(f_two, (x, y), (y, x)),
    "jvp": lambda F, x, y: F.jvp(f_vector, x, y),
    "jvp, two": lambda F, x, y: F.jvp(f_two, (x, y), (y, x)),
    "vhp": lambda F, x, y: F.vhp(f_one, x, y),
    "hvp": lambda F, x, y: F.hvp(f_one, x, y),
    "a constant function": lambda F, x, y: F.jacobian(lambda t: y * 2, x),
}


def _flat(value):
    if isinstance(value, (tuple, list)):
        return [item for v in value for item in _flat(v)]
    return [(value.detach().numpy().tolist(), value.requires_grad)]


@pytest.mark.parametrize("create_graph", [False, True])
@pytest.mark.parametrize("case", CASES)
def test_autograd_functional_as_pytorchs(case, create_graph):
    def run(T, F):
        x = T.tensor([0.5, -1.0, 2.0], dtype=T.float64, requires_grad=True)
        y = T.tensor([1.5, 0.25, -0.5], dtype=T.float64)
        return _flat(CASES[case](_With(F, {"create_graph": create_graph}), x, y))

    got, expected = run(autograd, jacobians), run(torch, torch.autograd.functional)
    assert [flag for _, flag in got] == [flag for _, flag in expected]
    for (a, _), (b, _) in zip(got, expected, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


class _With:
    """The module's functions with extra keyword arguments."""

    def __init__(self, module, kwargs):
        self.module, self.kwargs = module, kwargs

    def __getattr__(self, name):
        return lambda *args: getattr(self.module, name)(*args, **self.kwargs)


@pytest.mark.parametrize("call", [
    lambda F, T: F.vjp(f_vector, T.ones(3)),  # v missing for a vector output
    lambda F, T: F.vjp(f_vector, T.ones(3), T.ones(2)),  # v of the wrong shape
    lambda F, T: F.hessian(f_vector, T.ones(3)),  # not a scalar
    lambda F, T: F.jacobian(lambda t: t.sum(), [T.ones(3)]),  # a list, not a tuple
    lambda F, T: F.jacobian(lambda t: 3.0, T.ones(3)),  # not a tensor out
])
def test_bad_calls_are_refused_as_pytorch_refuses_them(call):
    errors = []
    for F, T in ((torch.autograd.functional, torch), (jacobians, autograd)):
        with pytest.raises((RuntimeError, TypeError)) as caught:
            call(F, T)
        errors.append(caught.type)
    assert errors[1] is errors[0]


ASSERTS = {
    "close": (lambda T: T.tensor([1.0, 2.0]), lambda T: T.tensor([1.0, 2.000001]), {}),
    "not close": (lambda T: T.tensor([1.0, 2.0]), lambda T: T.tensor([1.0, 2.0001]), {}),
    "dtypes": (lambda T: T.tensor([1.0]), lambda T: T.tensor([1.0], dtype=T.float64), {}),
    "dtypes unchecked": (lambda T: T.tensor([1.0]), lambda T: T.tensor([1.0], dtype=T.float64), {"check_dtype": False}),
    "shapes": (lambda T: T.tensor([1.0, 2.0]), lambda T: T.tensor([[1.0, 2.0]]), {}),
    "nan": (lambda T: T.tensor([float("nan")]), lambda T: T.tensor([float("nan")]), {}),
    "nan, equal_nan": (lambda T: T.tensor([float("nan")]), lambda T: T.tensor([float("nan")]), {"equal_nan": True}),
    "inf": (lambda T: T.tensor([float("inf")]), lambda T: T.tensor([float("inf")]), {}),
    "integers": (lambda T: T.tensor([1, 2]), lambda T: T.tensor([1, 3]), {}),
    "tolerances": (lambda T: T.tensor([1.0]), lambda T: T.tensor([1.1]), {"rtol": 0.2, "atol": 0.0}),
    "rtol alone": (lambda T: T.tensor([1.0]), lambda T: T.tensor([1.1]), {"rtol": 0.2}),
    "numbers": (lambda T: 1.0, lambda T: 1.0 + 1e-9, {}),
    "number types": (lambda T: 1, lambda T: 1.0, {}),
    "lists": (lambda T: [T.tensor(1.0), 2.0], lambda T: [T.tensor(1.0), 2.0], {}),
    "lists of other lengths": (lambda T: [T.tensor(1.0)], lambda T: [T.tensor(1.0), 2.0], {}),
    "dicts": (lambda T: {"a": T.tensor(1.0)}, lambda T: {"a": T.tensor(1.5)}, {}),
    "nested": (lambda T: [{"a": T.tensor([1.0, 2.0])}], lambda T: [{"a": T.tensor([1.0, 3.0])}], {}),
    "numbers apart": (lambda T: 1.0, lambda T: 1.5, {}),
    "integers apart": (lambda T: 1, lambda T: 2, {}),
    "from zero": (lambda T: 1.0, lambda T: 0.0, {}),
    "a 0-d tensor from zero": (lambda T: T.tensor(1.0), lambda T: T.tensor(0.0), {}),
    "bools": (lambda T: T.tensor([True]), lambda T: T.tensor([False]), {}),
    "a tensor and a list": (lambda T: T.tensor([1.0]), lambda T: [1.0], {}),
    "float16": (lambda T: T.tensor([1.0], dtype=T.float16), lambda T: T.tensor([1.0005], dtype=T.float16), {}),
}


@pytest.mark.parametrize("case", ASSERTS)
def test_assert_close_as_pytorchs(case):
    actual, expected, kwargs = ASSERTS[case]
    outcomes = []
    for T, function in ((torch, torch.testing.assert_close), (autograd, testing.assert_close)):
        try:
            function(actual(T), expected(T), **kwargs)
            outcomes.append(None)
        except (AssertionError, ValueError, TypeError) as error:
            outcomes.append((type(error), re.sub(r"[\w.]*\bTensor\b|torch\.", "", str(error))))
    assert outcomes[1] == outcomes[0]


def test_assert_close_names_the_greatest_differences_as_pytorch():
    messages = []
    for T, function in ((torch, torch.testing.assert_close), (autograd, testing.assert_close)):
        with pytest.raises(AssertionError) as caught:
            function(T.tensor([[1.0, 2.0], [3.0, 4.0]]), T.tensor([[1.0, 2.5], [3.0, 4.1]]))
        messages.append(str(caught.value))
    assert messages[1] == messages[0]
