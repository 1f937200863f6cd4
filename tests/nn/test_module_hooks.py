"""Module hooks (forward pre-hooks, forward hooks, full backward hooks) against PyTorch's.

Each test runs the same code on glassgrad and on PyTorch (`lib` is either) and compares what the
hooks saw and what came out."""
import types
import warnings

import numpy as np
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")

GLASS = types.SimpleNamespace(name="glassgrad", nn=nn, tensor=autograd.tensor, no_grad=autograd.no_grad)
TORCH = types.SimpleNamespace(name="torch", nn=torch.nn, tensor=torch.tensor, no_grad=torch.no_grad)
BOTH = pytest.mark.parametrize("lib", [GLASS, TORCH], ids=["glassgrad", "torch"])
needs_tensor_hooks = pytest.mark.skipif(
    not hasattr(autograd.Tensor, "register_hook"),
    reason="the full backward hooks are built on Tensor.register_hook, which autograd does not have yet",
)

W = np.arange(6, dtype=np.float32).reshape(2, 3) / 7 - 0.3
B = np.array([0.25, -0.5], dtype=np.float32)
X = np.linspace(-1, 1, 12, dtype=np.float32).reshape(4, 3)


def linear(lib):
    """Linear(3, 2) with the weights W and B."""
    layer = lib.nn.Linear(3, 2)
    with lib.no_grad():
        layer.weight.copy_(lib.tensor(W))
        layer.bias.copy_(lib.tensor(B))
    return layer


def array(value):
    if value is None:
        return None
    if isinstance(value, (tuple, list)):
        return tuple(array(v) for v in value)
    return np.array(value.detach().numpy()) if hasattr(value, "detach") else value


def same(a, b):
    """Nested tuples of arrays (or None) equal, element for element."""
    if a is None or b is None:
        assert a is None and b is None
    elif isinstance(a, tuple):
        assert isinstance(b, tuple) and len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            same(x, y)
    else:
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def on_both(fn):
    """fn(lib) on glassgrad and on PyTorch; their results must be the same."""
    same(array(fn(GLASS)), array(fn(TORCH)))


# ----- forward pre-hooks -----
def test_forward_pre_hook_sees_the_arguments_and_may_replace_them():
    def run(lib):
        layer, seen = linear(lib), []
        layer.register_forward_pre_hook(lambda module, args: seen.append((module is layer, array(args))))
        layer.register_forward_pre_hook(lambda module, args: args[0] * 2)  # not a tuple: wrapped in one
        out = layer(lib.tensor(X))
        assert seen == [(True, seen[0][1])] and len(seen[0][1]) == 1
        return out, lib.tensor(seen[0][1][0])

    on_both(run)


def test_forward_pre_hook_with_kwargs_replaces_args_and_kwargs():
    class Scale(GLASS.nn.Module):
        def forward(self, x, factor=1.0):
            return x * factor

    class TorchScale(torch.nn.Module):
        def forward(self, x, factor=1.0):
            return x * factor

    def run(lib):
        module = Scale() if lib is GLASS else TorchScale()
        module.register_forward_pre_hook(lambda m, args, kwargs: ((args[0] + 1,), {"factor": kwargs["factor"] * 3}),
                                         with_kwargs=True)
        return module(lib.tensor(X), factor=2.0)

    on_both(run)


@pytest.mark.parametrize("bad", [5, (1,), (1, 2, 3), [(), {}]])
@BOTH
def test_forward_pre_hook_with_kwargs_must_return_a_pair(lib, bad):
    layer = linear(lib)
    layer.register_forward_pre_hook(lambda m, args, kwargs: bad, with_kwargs=True)
    with pytest.raises(RuntimeError, match="forward pre-hook must return None or a tuple"):
        layer(lib.tensor(X))


def test_hooks_run_in_order_prepend_first_and_remove_unregisters():
    def run(lib):
        layer, calls = linear(lib), []
        first = layer.register_forward_pre_hook(lambda m, a: calls.append("a"))
        layer.register_forward_pre_hook(lambda m, a: calls.append("b"))
        layer.register_forward_pre_hook(lambda m, a: calls.append("c"), prepend=True)
        layer.register_forward_hook(lambda m, a, o: calls.append("d"))
        layer.register_forward_hook(lambda m, a, o: calls.append("e"), prepend=True)
        layer(lib.tensor(X))
        first.remove()
        first.remove()  # a second remove does nothing
        with layer.register_forward_hook(lambda m, a, o: calls.append("f")):
            layer(lib.tensor(X))
        layer(lib.tensor(X))
        return tuple(np.array([ord(c) for c in calls]))

    on_both(run)


# ----- forward hooks -----
def test_forward_hook_records_activations_and_may_replace_the_output():
    def run(lib):
        model = lib.nn.Sequential(linear(lib), lib.nn.ReLU())
        seen = {}
        model[0].register_forward_hook(lambda m, args, out: seen.__setitem__("pre_relu", out.detach()))
        model[1].register_forward_hook(lambda m, args, out: out + 10)
        out = model(lib.tensor(X))
        return out, seen["pre_relu"]

    on_both(run)


def test_forward_hook_with_kwargs_receives_them():
    def run(lib):
        layer, seen = linear(lib), []
        layer.register_forward_hook(lambda m, args, kwargs, out: seen.append(dict(kwargs)) or out * 2,
                                    with_kwargs=True)
        out = layer(input=lib.tensor(X))
        assert list(seen[0]) == ["input"]
        return out

    on_both(run)


def test_forward_hook_output_keeps_the_gradient_path():
    def run(lib):
        layer = linear(lib)
        layer.register_forward_hook(lambda m, args, out: out * out)
        layer(lib.tensor(X)).sum().backward()
        return layer.weight.grad, layer.bias.grad

    on_both(run)


@BOTH
def test_always_call_hooks_run_when_forward_raises(lib):
    layer, calls = linear(lib), []
    layer.register_forward_hook(lambda m, args, out: calls.append(("plain", out)))
    layer.register_forward_hook(lambda m, args, out: calls.append(("always", out)), always_call=True)
    with pytest.raises((RuntimeError, ValueError)):
        layer(lib.tensor(np.ones((2, 5), dtype=np.float32)))  # wrong in_features
    assert calls == [("always", None)]


@BOTH
def test_always_call_hook_errors_are_silenced_with_a_warning_while_forward_raises(lib):
    layer = linear(lib)
    layer.register_forward_hook(lambda m, args, out: 1 / 0, always_call=True)
    with pytest.warns(UserWarning, match="always_call"), pytest.raises((RuntimeError, ValueError)):
        layer(lib.tensor(np.ones((2, 5), dtype=np.float32)))


@BOTH
def test_a_raising_forward_hook_still_lets_always_call_hooks_run_once(lib):
    layer, calls = linear(lib), []
    layer.register_forward_hook(lambda m, args, out: calls.append("always") and None, always_call=True)
    layer.register_forward_hook(lambda m, args, out: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        layer(lib.tensor(X))
    assert calls == ["always"]


# ----- devices -----
def test_module_cuda_is_refused_clearly_and_cpu_keeps_working():
    layer = linear(GLASS)
    with pytest.raises(RuntimeError, match="CPU"):
        layer.cuda()
    with pytest.raises(RuntimeError, match="CPU"):
        layer.cuda(0)
    assert layer.cpu() is layer and layer.to("cpu") is layer


# ----- full backward hooks -----
@needs_tensor_hooks
def test_full_backward_hook_gets_grad_input_and_grad_output():
    def run(lib):
        layer, seen = linear(lib), []
        layer.register_full_backward_hook(lambda m, grad_input, grad_output: seen.append((grad_input, grad_output)))
        x = lib.tensor(X, requires_grad=True)
        (layer(x) ** 2).sum().backward()
        assert len(seen) == 1
        return seen[0], x.grad, layer.weight.grad

    on_both(run)


@needs_tensor_hooks
def test_full_backward_hook_may_replace_grad_input():
    def run(lib):
        layer = linear(lib)
        layer.register_full_backward_hook(lambda m, grad_input, grad_output: (grad_input[0] * 3,))
        x = lib.tensor(X, requires_grad=True)
        (lib.nn.Tanh()(layer(x)) * 2).sum().backward()
        return x.grad, layer.weight.grad

    on_both(run)


@needs_tensor_hooks
def test_full_backward_pre_hook_may_replace_grad_output():
    def run(lib):
        layer, seen = linear(lib), []
        layer.register_full_backward_pre_hook(lambda m, grad_output: (grad_output[0] * -2,))
        layer.register_full_backward_hook(lambda m, grad_input, grad_output: seen.append(grad_output))
        x = lib.tensor(X, requires_grad=True)
        (layer(x) ** 3).sum().backward()
        return seen[0], x.grad, layer.weight.grad, layer.bias.grad

    on_both(run)


class _Pair:
    """A module of two inputs and two outputs: (x * y, x + y), built for either library."""

    @staticmethod
    def make(lib):
        class Pair(lib.nn.Module):
            def forward(self, x, y, scale=1.0):
                return x * y * scale, x + y
        return Pair()


@needs_tensor_hooks
def test_full_backward_hook_reports_none_for_inputs_and_outputs_without_gradient():
    def run(lib):
        module, seen = _Pair.make(lib), []
        module.register_full_backward_hook(lambda m, grad_input, grad_output: seen.append((grad_input, grad_output)))
        x = lib.tensor(X, requires_grad=True)
        y = lib.tensor(X[::-1].copy())  # needs no gradient
        product, _ = module(x, y, scale=2.0)
        product.sum().backward()  # the sum output receives no gradient
        return seen[0], x.grad

    on_both(run)


@needs_tensor_hooks
def test_full_backward_hook_with_mixed_float_dtypes_keeps_each_dtype():
    def run(lib):
        module, seen = _Pair.make(lib), []
        module.register_full_backward_hook(lambda m, grad_input, grad_output: seen.append(grad_input))
        x = lib.tensor(X, requires_grad=True)
        y = lib.tensor(X.astype(np.float64) / 3, requires_grad=True)
        product, total = module(x, y)
        (product.sum() + (total * total).sum()).backward()
        assert [str(g.dtype).split(".")[-1] for g in seen[0]] == ["float32", "float64"]
        return seen[0], x.grad, y.grad

    on_both(run)


@needs_tensor_hooks
def test_full_backward_hook_when_no_input_requires_grad_fires_with_none_and_warns():
    def run(lib):
        layer, seen = linear(lib), []
        layer.register_full_backward_hook(lambda m, grad_input, grad_output: seen.append((grad_input, grad_output)))
        with pytest.warns(UserWarning, match="no inputs require gradients"):
            layer(lib.tensor(X)).sum().backward()
        return seen[0], layer.weight.grad

    on_both(run)


@needs_tensor_hooks
@pytest.mark.parametrize("kind", ["hook", "pre_hook"])
@BOTH
def test_full_backward_hooks_returning_the_wrong_number_of_gradients_raise(lib, kind):
    layer = linear(lib)
    if kind == "hook":
        layer.register_full_backward_hook(lambda m, grad_input, grad_output: (None, None))
    else:
        layer.register_full_backward_pre_hook(lambda m, grad_output: (None, None))
    with pytest.raises(RuntimeError, match="invalid number of grad"):
        layer(lib.tensor(X, requires_grad=True)).sum().backward()


@needs_tensor_hooks
@BOTH
def test_full_backward_hook_removed_or_outside_grad_mode_does_not_fire(lib):
    layer, seen = linear(lib), []
    handle = layer.register_full_backward_hook(lambda m, grad_input, grad_output: seen.append(1))
    x = lib.tensor(X, requires_grad=True)
    with lib.no_grad():
        assert not layer(x).requires_grad
    handle.remove()
    layer(x).sum().backward()
    assert seen == []


@needs_tensor_hooks
def test_full_backward_hooks_on_nested_modules_fire_outer_last():
    def run(lib):
        model, order = lib.nn.Sequential(linear(lib), lib.nn.Tanh()), []
        model.register_full_backward_hook(lambda m, gi, go: order.append("outer"))
        model[0].register_full_backward_hook(lambda m, gi, go: order.append("linear"))
        model[1].register_full_backward_hook(lambda m, gi, go: order.append("tanh"))
        x = lib.tensor(X, requires_grad=True)
        model(x).sum().backward()
        assert order == ["tanh", "linear", "outer"], (lib.name, order)
        return x.grad

    on_both(run)


def test_hook_registration_without_tensor_hooks_needs_no_backward():
    """Registering a backward hook never changes the forward result."""
    def run(lib):
        layer = linear(lib)
        layer.register_full_backward_hook(lambda m, gi, go: None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with lib.no_grad():
                return layer(lib.tensor(X, requires_grad=True))

    on_both(run)


@needs_tensor_hooks
def test_full_backward_hook_with_non_tensor_arguments_unused_inputs_and_nested_outputs():
    """Non-tensors count as None; an unused input that requires grad gets zeros; a nested tuple output
    (an LSTM's (h, c)) is not a tensor, so its grad_output is None."""
    def run(lib):
        class Odd(lib.nn.Module):
            def forward(self, x, y, n):
                return x * n, (x, y)

        module, seen = Odd(), []
        module.register_full_backward_hook(lambda m, grad_input, grad_output: seen.append((grad_input, grad_output)))
        x = lib.tensor(X, requires_grad=True)
        y = lib.tensor(X + 1, requires_grad=True)
        out, _ = module(x, y, 3)
        out.sum().backward()
        return seen[0], x.grad, y.grad

    on_both(run)


@BOTH
def test_always_call_hooks_run_when_a_forward_pre_hook_raises(lib):
    layer, calls = linear(lib), []
    layer.register_forward_pre_hook(lambda m, args: 1 / 0)
    layer.register_forward_hook(lambda m, args, out: calls.append(out), always_call=True)
    with pytest.raises(ZeroDivisionError):
        layer(lib.tensor(X))
    assert calls == [None]


@needs_tensor_hooks
@BOTH
def test_full_backward_hook_warns_when_the_output_is_not_a_tensor_or_tuple(lib):
    class AsDict(lib.nn.Module):
        def forward(self, x):
            return {"out": x * 2}

    module = AsDict()
    module.register_full_backward_hook(lambda m, gi, go: None)
    with pytest.warns(UserWarning, match="module output should be a Tensor or a tuple of Tensors"):
        module(lib.tensor(X, requires_grad=True))


@needs_tensor_hooks
def test_full_backward_hook_fires_once_per_call_of_a_module_used_twice():
    def run(lib):
        layer, seen = lib.nn.Linear(3, 3), []
        with lib.no_grad():
            layer.weight.copy_(lib.tensor(np.eye(3, dtype=np.float32) * 0.5 + 0.1))
            layer.bias.zero_()
        layer.register_full_backward_hook(lambda m, grad_input, grad_output: seen.append((grad_input, grad_output)))
        x = lib.tensor(X, requires_grad=True)
        (layer(layer(x)) ** 2).sum().backward()
        assert len(seen) == 2
        return seen[0], seen[1], x.grad, layer.weight.grad

    on_both(run)
