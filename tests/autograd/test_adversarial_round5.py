"""Fifth adversarial pass (#19): custom Functions, strided views, leaf-hook order, against PyTorch 2.13."""
import numpy as np
import pytest

import autograd
import autograd.func


class _Glass:
    """glassgrad under the names the probes use for PyTorch (T.autograd.Function, T.func.grad, T.ones, ...)."""
    autograd = autograd
    func = autograd.func

    def __getattr__(self, name):
        return getattr(autograd, name)


def _libraries():
    torch = pytest.importorskip("torch")
    return torch, _Glass()


def _function(T, forward):
    return type("F", (T.autograd.Function,), {"forward": staticmethod(forward),
                                                "backward": staticmethod(lambda ctx, g: g * 3)})


def test_an_input_returned_as_is_never_changes_that_leaf_through_an_in_place_write():
    torch, glass = _libraries()
    x = torch.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="view"):  # PyTorch: the output is a view of x, writes refused
        _function(torch, lambda ctx, x: x).apply(x).add_(1)
    x = glass.ones(3, requires_grad=True)
    y = _function(glass, lambda ctx, x: x).apply(x)
    y.add_(1)  # glassgrad: a copy (stated in custom_function's docstring); x, a leaf, must stay as it is
    y.sum().backward()
    assert x.detach().numpy().tolist() == [1, 1, 1]
    assert x.grad.numpy().tolist() == [3, 3, 3]


@pytest.mark.parametrize("write", ["output", "input"])
def test_a_view_of_an_input_returned_by_forward_is_never_silently_out_of_step_with_its_gradient(write):
    torch, glass = _libraries()

    def run(T):
        class Tail(T.autograd.Function):
            @staticmethod
            def forward(ctx, t):
                return t[1:]

            @staticmethod
            def backward(ctx, g):
                return T.cat([T.zeros(1), g])

        x = T.ones(3, requires_grad=True)
        a = x * 2
        y = Tail.apply(a)
        (y if write == "output" else a).mul_(5)
        y.sum().backward()
        return a.detach().numpy().tolist(), y.detach().numpy().tolist(), x.grad.numpy().tolist()

    with pytest.raises(RuntimeError, match="custom Function"):
        run(torch)  # PyTorch refuses; glassgrad's output is a copy, so values and gradients agree
    a, y, grad = run(glass)
    if write == "output":
        assert a == [2, 2, 2] and y == [10, 10] and grad == [0, 10, 10]
    else:
        assert a == [10, 10, 10] and y == [2, 2] and grad == [0, 2, 2]


def test_index_selects_node_has_pytorchs_name():
    torch, glass = _libraries()
    names = [T.ones(2, 3, requires_grad=True).mul(1).index_select(0, T.tensor([0])).grad_fn.name()
             for T in (torch, glass)]
    assert names[1] == names[0]


def _leaf_hook_order(T):
    """Three leaves whose gradients become complete at the same node (p3's addition, recorded first)."""
    x0, x1, x2 = (T.full((2,), value, requires_grad=True) for value in (0.9, 1.1, 1.3))
    order = []
    for name, leaf in (("x0", x0), ("x2", x2)):
        leaf.register_hook(lambda g, name=name: order.append(name))
    p3 = x0 + x2
    p4 = x2 - p3 * 0.5
    p5 = x0.exp() * x2.sum()
    p6 = p3 + p4
    p7 = (x0 * x1).tanh()
    p8 = p5.exp() * x2.sum()
    p9 = p5.tanh()
    sum(p.sum() for p in (p3, p4, p5, p6, p7, p8, p9)).backward()
    return order


def test_leaf_hooks_of_leaves_completed_by_one_node_run_in_pytorchs_order():
    torch, glass = _libraries()
    assert _leaf_hook_order(glass) == _leaf_hook_order(torch)


def test_one_tensor_returned_twice_by_forward_is_one_tensor_as_in_pytorch():
    torch, glass = _libraries()

    def run(T):
        def forward(ctx, x):
            y = x * 2
            return y, y
        F = type("F", (T.autograd.Function,), {"forward": staticmethod(forward),
                                                "backward": staticmethod(lambda ctx, a, b: a + b * 10)})
        x = T.ones(2, requires_grad=True)
        a, b = F.apply(x)
        (a.sum() + b.sum() * 2).backward()
        return a is b, x.grad.numpy().tolist()

    assert run(glass) == run(torch)


def test_the_custom_function_outputs_copy_keeps_dtype_and_shape():
    x = autograd.tensor(np.arange(6, dtype=np.float64).reshape(2, 3), requires_grad=True)
    y = _function(_Glass(), lambda ctx, t: t.t()).apply(x)
    assert y.dtype == x.dtype and tuple(y.shape) == (3, 2)
    assert y.detach().numpy().tolist() == x.detach().numpy().T.tolist()


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int64", "uint8", "bool"])
@pytest.mark.parametrize("number", [3.3, 0.7, 1000.0, 0.0, -2, True, float("inf")])
def test_a_number_divided_by_a_tensor_gives_pytorchs_bits(dtype, number):
    torch = pytest.importorskip("torch")
    values = np.random.default_rng(5).uniform(-10, 10, 400)
    values[:5] = [0.0, -0.0, np.inf, -np.inf, np.nan]
    values = values.astype(dtype)
    expected = number / torch.tensor(values)
    got = number / autograd.tensor(values)
    assert str(got.dtype) == str(expected.dtype).removeprefix("torch.")
    np.testing.assert_array_equal(got.numpy(), expected.numpy())


def test_a_number_divided_by_a_tensor_records_pytorchs_node():
    torch = pytest.importorskip("torch")
    names = [(3.3 / T.ones(2, requires_grad=True)).grad_fn.name() for T in (torch, autograd)]
    assert names[1] == names[0]


def test_float16_times_a_number_records_pytorchs_node():
    torch = pytest.importorskip("torch")
    names = [(T.ones(2, dtype=T.float16, requires_grad=True) * 3.3).grad_fn.name() for T in (torch, autograd)]
    assert names[1] == names[0]


@pytest.mark.parametrize("name", ["zeros", "ones", "rand", "randn"])
def test_a_creation_function_without_a_size_is_refused_as_in_pytorch(name):
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError):
        getattr(torch, name)()
    with pytest.raises(TypeError, match="size"):
        getattr(autograd, name)()
    for empty in ((), []):
        assert getattr(autograd, name)(empty).shape == getattr(torch, name)(empty).shape == ()


def test_func_grad_of_a_function_closing_over_a_tensor_that_requires_grad_stays_differentiable():
    torch, glass = _libraries()

    def run(T):
        w = T.tensor([3.0], requires_grad=True)
        result = T.func.grad(lambda x: (x * x * w).sum())(T.tensor([2.0]))
        result.sum().backward()
        return result.requires_grad, w.grad.numpy().tolist()

    assert run(glass) == run(torch)


@pytest.mark.parametrize("view", ["t", "split", "unbind"])
def test_next_functions_of_t_split_and_unbind_name_pytorchs_nodes(view):
    torch, glass = _libraries()

    def run(T):
        a = T.ones(3, 2, requires_grad=True)
        piece = {"t": lambda: a.t(), "split": lambda: a.split(2)[1], "unbind": lambda: a.unbind()[2]}[view]()
        return [(None if node is None else node.name(), index) for node, index in (piece * 1).grad_fn.next_functions]

    assert run(glass) == run(torch)
