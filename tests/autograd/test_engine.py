"""The backward pass itself: accumulation, reuse of non-leaves, deep graphs, freeing memory,
higher-order gradients, grad modes."""
import gc
import weakref

import numpy as np
import pytest

import autograd
from autograd import Tensor, tensor
from autograd.function import Function


def test_scalar_expression_by_hand():
    x, y = tensor(3.0, requires_grad=True), tensor(-2.0, requires_grad=True)
    z = x * y + x**2  # dz/dx = y + 2x = 4, dz/dy = x = 3
    z.backward()
    assert x.grad.item() == 4.0 and y.grad.item() == 3.0


def test_reused_non_leaves_get_every_path():
    a = tensor(3.0, requires_grad=True)
    b = a + a  # 2a
    c = b * b + b  # 4a² + 2a, dc/da = 8a + 2 = 26
    c.backward()
    assert a.grad.item() == 26.0
    a2 = tensor(3.0, requires_grad=True)
    b2 = a2 + a2
    (b2 + b2).backward()
    assert a2.grad.item() == 4.0


def test_leaf_gradients_accumulate_across_backward_calls():
    w = tensor([1.0, 2.0], requires_grad=True)
    (w * 3).sum().backward()
    (w * w).sum().backward()
    assert w.grad.tolist() == [3.0 + 2.0, 3.0 + 4.0]


def test_intermediate_grads_are_not_kept_unless_retained():
    x = tensor([1.0, 2.0], requires_grad=True)
    hidden = x * 2
    kept = (x * 3).retain_grad()
    (hidden * kept).sum().backward()
    assert hidden.grad is None
    assert kept.grad.tolist() == (x._data * 2).tolist()
    assert kept.retains_grad and not hidden.retains_grad


def test_gradient_arrays_are_not_shared_between_leaves():
    a, b = tensor([1.0, 2.0], requires_grad=True), tensor([3.0, 4.0], requires_grad=True)
    (a + b).sum().backward()
    a.grad.numpy()[...] *= 10  # an in-place change (as gradient clipping makes) must not reach b
    assert b.grad.tolist() == [1.0, 1.0]


def test_million_op_chain_has_no_recursion_limit():
    x = tensor(1.0, requires_grad=True)
    step = tensor(1.0)
    y = x
    for _ in range(1_000_000):
        y = y * step
    y.backward()
    assert x.grad.item() == 1.0


def test_deep_retained_graph_can_be_freed_without_recursion():
    x = tensor(1.0, requires_grad=True)
    y = x
    for _ in range(200_000):
        y = y + 1.0
    y.backward(retain_graph=True)
    del y  # deallocating a 200k-deep chain must not overflow the C stack
    gc.collect()
    assert x.grad.item() == 1.0


def test_saved_arrays_are_released_after_backward():
    x = tensor(np.ones(1000), requires_grad=True)
    hidden = (x * 2).exp()
    watched = weakref.ref(hidden._data)
    loss = (hidden * 3).sum()
    del hidden
    assert watched() is not None  # the graph still needs it
    loss.backward()
    gc.collect()
    assert watched() is None  # freed once backward is done


def test_retained_graph_keeps_arrays_and_allows_a_second_backward():
    x = tensor(np.ones(10), requires_grad=True)
    hidden = x * 2
    watched = weakref.ref(hidden._data)
    loss = (hidden * hidden).sum()
    del hidden
    loss.backward(retain_graph=True)
    assert watched() is not None
    loss.backward()
    assert x.grad.tolist() == [16.0] * 10  # 8x twice


def _live_nodes():
    gc.collect()
    return sum(isinstance(obj, Function) for obj in gc.get_objects())


def test_training_steps_do_not_leak_graph_nodes():
    rng = np.random.default_rng(0)
    w1 = tensor(rng.normal(size=(4, 8)) * 0.5, requires_grad=True)
    w2 = tensor(rng.normal(size=(8, 3)) * 0.5, requires_grad=True)
    x = tensor(rng.normal(size=(16, 4)))
    y = rng.integers(0, 3, size=16)

    def step():
        logits = (x @ w1).relu() @ w2
        loss = -logits.log_softmax(1)[np.arange(16), y].mean()
        loss.backward()
        with autograd.no_grad():
            for w in (w1, w2):
                w -= 0.1 * w.grad
                w.grad = None
        return loss.item()

    first = step()
    baseline = _live_nodes()
    for _ in range(100):
        last = step()
    assert _live_nodes() <= baseline
    assert last < first


def test_backward_through_freed_graph_says_so():
    x = tensor(2.0, requires_grad=True)
    y = x * x
    y.backward()
    with pytest.raises(RuntimeError, match="second time.*retain_graph=True"):
        y.backward()


def test_grad_returns_gradients_without_touching_dot_grad():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = (x**3).sum()
    (dx,) = autograd.grad(y, x)
    assert dx.tolist() == [3.0, 12.0]
    assert x.grad is None


def test_grad_of_an_intermediate():
    x = tensor(2.0, requires_grad=True)
    h = x * 3
    y = h * h
    dh, dx = autograd.grad(y, [h, x])
    assert dh.item() == 12.0 and dx.item() == 36.0


def test_grad_unused_input():
    x, unused = tensor(1.0, requires_grad=True), tensor(1.0, requires_grad=True)
    with pytest.raises(RuntimeError, match="allow_unused=True"):
        autograd.grad(x * 2, [x, unused], retain_graph=True)
    assert autograd.grad(x * 2, [x, unused], allow_unused=True)[1] is None


def test_second_derivative_and_hessian_vector_product():
    x = tensor([1.0, 2.0, 3.0], dtype=np.float64, requires_grad=True)
    y = (x**3).sum()
    (g,) = autograd.grad(y, x, create_graph=True)  # 3x²
    assert g.requires_grad
    v = tensor([1.0, 0.0, -1.0], dtype=np.float64)
    (hv,) = autograd.grad((g * v).sum(), x)  # H = diag(6x)
    assert hv.tolist() == [6.0, 0.0, -18.0]


def test_third_derivative_of_tanh():
    x = tensor(0.3, dtype=np.float64, requires_grad=True)
    (d1,) = autograd.grad(x.tanh(), x, create_graph=True)
    (d2,) = autograd.grad(d1, x, create_graph=True)
    (d3,) = autograd.grad(d2, x)
    t = np.tanh(0.3)
    assert np.isclose(d3.item(), -2 * (1 - t**2) ** 2 + 4 * t**2 * (1 - t**2))


def test_backward_with_create_graph_makes_differentiable_grads():
    x = tensor(2.0, dtype=np.float64, requires_grad=True)
    (x**4).backward(create_graph=True)  # 4x³ = 32
    first = x.grad
    assert first.item() == 32.0 and first.requires_grad
    x.grad = None
    first.backward()  # 12x² = 48
    assert x.grad.item() == 48.0


def test_backward_with_inputs_only_fills_those():
    a, b = tensor(1.0, requires_grad=True), tensor(2.0, requires_grad=True)
    (a * b).backward(inputs=[a])
    assert a.grad.item() == 2.0 and b.grad is None


def test_non_scalar_backward_takes_a_gradient():
    x = tensor([1.0, 2.0], requires_grad=True)
    (x * x).backward(gradient=tensor([1.0, 0.5]))
    assert x.grad.tolist() == [2.0, 2.0]


def test_broadcasting_is_undone_in_gradients():
    bias = tensor(np.zeros((1, 3)), requires_grad=True)
    scalar = tensor(2.0, requires_grad=True)
    x = tensor(np.ones((4, 2, 3)))
    (x * scalar + bias).sum().backward()
    assert bias.grad.shape == (1, 3) and bias.grad.tolist() == [[8.0] * 3]
    assert scalar.grad.shape == () and scalar.grad.item() == 24.0


def test_float32_gradient_for_float32_leaf_mixed_with_float64():
    w = tensor([1.0, 2.0], requires_grad=True)
    (w * tensor(np.array([1.0, 1.0]))).sum().backward()
    assert w.grad.dtype == np.float32


def test_no_grad_records_nothing_and_enable_grad_restores():
    x = tensor(1.0, requires_grad=True)
    with autograd.no_grad():
        y = x * 2
        assert not autograd.is_grad_enabled()
        with autograd.enable_grad():
            z = x * 2
    assert y.grad_fn is None and not y.requires_grad
    assert z.grad_fn is not None and autograd.is_grad_enabled()


def test_grad_mode_decorators():
    @autograd.no_grad()
    def infer(t):
        return t * 2

    @autograd.enable_grad()
    def train(t):
        return t * 2

    x = tensor(1.0, requires_grad=True)
    assert not infer(x).requires_grad
    with autograd.no_grad():
        assert train(x).requires_grad


def test_detach_cuts_the_graph():
    x = tensor(2.0, requires_grad=True)
    y = (x * x).detach() * x
    y.backward()
    assert x.grad.item() == 4.0


def test_clone_keeps_the_graph():
    x = tensor(2.0, requires_grad=True)
    y = x.clone()
    y._data[...] = 5  # a copy: x unchanged
    (y * 3).backward()
    assert x.item() == 2.0 and x.grad.item() == 3.0


def test_leaf_backward_on_itself():
    x = tensor(3.0, requires_grad=True)
    x.backward()
    assert x.grad.item() == 1.0


def test_tensor_is_usable_as_a_dict_key():
    a, b = tensor(1.0), tensor(1.0)
    assert len({a: 1, b: 2}) == 2
    assert isinstance(a == b, Tensor)


def test_gradients_do_not_alias_the_seed_or_each_other_through_views():
    a, b = tensor([1.0, 2.0], requires_grad=True), tensor([[3.0, 4.0]], requires_grad=True)
    seed = tensor([1.0, 1.0])
    (a + b.reshape(2)).backward(seed)
    seed._data[0] = 100.0
    a.grad._data[1] = 50.0
    assert a.grad.tolist() == [1.0, 50.0] and b.grad.tolist() == [[1.0, 1.0]]


def test_slices_scatter_into_one_buffer_without_full_size_arrays(monkeypatch):
    from autograd.primitives import IndexAdd

    calls = []
    original = IndexAdd.forward
    monkeypatch.setattr(IndexAdd, "forward", lambda self, a: calls.append(1) or original(self, a))
    x = tensor(np.arange(12.0).reshape(6, 2), requires_grad=True)
    h = x * 1.0
    loss = sum((h[t] * (t + 1)).sum() for t in range(6)) + h[[0, 0, 5]].sum()
    loss.backward()
    assert not calls  # each slice added its gradient in place: no zero array per slice
    expected = np.repeat(np.arange(1.0, 7.0), 2).reshape(6, 2)
    expected[0] += 2
    expected[5] += 1
    assert np.array_equal(x.grad.numpy(), expected)
    (g,) = autograd.grad((h.detach().requires_grad_()[1:3] ** 2).sum(), [x], allow_unused=True)
    assert g is None


def test_slices_with_create_graph_stay_differentiable():
    x = tensor([1.0, 2.0, 3.0], dtype=np.float64, requires_grad=True)
    (g,) = autograd.grad((x[1:] ** 3).sum() + x[0] ** 2, x, create_graph=True)
    assert g.tolist() == [2.0, 12.0, 27.0]
    (h,) = autograd.grad(g.sum(), x)
    assert h.tolist() == [2.0, 12.0, 18.0]


def test_hooks_fire_in_pytorchs_order_on_a_graph_with_shared_and_independent_branches():
    """PyTorch runs the most recently recorded node whose gradient is complete first; so does the engine."""
    torch = pytest.importorskip("torch")

    def program(lib):
        order = []

        def watched(t, name):
            t.register_hook(lambda g: order.append(name))
            return t

        w = lib.tensor([1.0, 2.0], requires_grad=True)
        a, b = watched(w * 2, "a"), watched(w.exp(), "b")
        c, d = watched(a * b, "c"), watched(a.sin(), "d")
        f = watched(b * 3, "f")
        e = watched(c + d, "e")
        (e * f + d.tanh()).sum().backward()
        return order

    assert program(autograd) == program(torch)


def test_a_leafs_hooks_fire_as_soon_as_its_gradient_is_complete_as_in_pytorch():
    """PyTorch accumulates into a leaf (AccumulateGrad) as soon as no node left can send it more: x's
    hook runs right after b's node, before the other branch's a."""
    torch = pytest.importorskip("torch")

    def program(lib):
        order = []
        w, x = lib.tensor([1.0], requires_grad=True), lib.tensor([2.0], requires_grad=True)
        w.register_hook(lambda g: order.append("w"))
        x.register_hook(lambda g: order.append(f"x {x.grad}"))  # .grad is set after the hooks
        a, b = w * 2, x * 3
        a.register_hook(lambda g: order.append("a"))
        b.register_hook(lambda g: order.append("b"))
        (a + b * x).sum().backward()
        return order

    assert program(autograd) == program(torch) == ["b", "x None", "a", "w"]
