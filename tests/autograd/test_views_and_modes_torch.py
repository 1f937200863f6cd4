"""Issue 19's families, against PyTorch: views of one element, views that change nothing, .data and
detach_ on views, uint8 indices, setitem broadcasting, NaN/inf in amax and log_softmax, tensor hooks,
grad-mode decorators on generators, inference_mode and anomaly mode."""
import threading
import warnings

import numpy as np
import pytest

import autograd
from autograd import tensor

torch = pytest.importorskip("torch")


def both(fn):
    """fn run on glassgrad and on PyTorch (each given its module), results as NumPy arrays."""
    ours, theirs = fn(autograd), fn(torch)
    return _numpy(ours), _numpy(theirs)


def _numpy(value):
    if isinstance(value, (list, tuple)):
        return [_numpy(v) for v in value]
    if hasattr(value, "detach"):
        return value.detach().numpy()
    return value


def assert_same(fn):
    ours, theirs = both(fn)
    np.testing.assert_array_equal(np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float))


# ----- A: indexing down to one element is a view -----
@pytest.mark.parametrize("index", [0, -1, (1,), (2, Ellipsis), (Ellipsis, 1)])
def test_one_element_of_a_vector_is_a_view(index):
    def fn(T):
        x = T.zeros(3)
        x[index].add_(1)
        return x
    assert_same(fn)


def test_one_element_of_a_matrix_is_a_view():
    def fn(T):
        x = T.zeros(2, 3)
        x[1, 2].add_(5)
        x[0][1].mul_(3).add_(2)
        return x
    assert_same(fn)


def test_writing_through_one_element_of_a_non_leaf_reaches_the_gradient():
    def fn(T):
        w = T.tensor([1.0, 2.0, 3.0], requires_grad=True)
        a = w * 1
        a[1].mul_(10)
        a.sum().backward()
        return w.grad
    assert_same(fn)


def test_iterating_gives_views():
    def fn(T):
        x = T.ones(3)
        for element in x:
            element.mul_(2)
        return x
    assert_same(fn)


# ----- B: views that change nothing are new tensors -----
def test_contiguous_of_a_transpose_is_a_copy():
    a = autograd.ones(2, 3)
    c = a.t().contiguous()
    assert not np.shares_memory(c.numpy(), a.numpy())
    assert c.is_contiguous() and not a.t().is_contiguous() and a.is_contiguous()
    assert a.contiguous() is a  # as PyTorch: already contiguous, the tensor itself
    t = torch.ones(2, 3)
    assert t.t().contiguous().is_contiguous() and not t.t().is_contiguous()


def test_contiguous_keeps_the_gradient():
    def fn(T):
        w = T.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
        (w.t().contiguous() * T.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])).sum().backward()
        return w.grad
    assert_same(fn)


@pytest.mark.parametrize("make", [
    lambda x: x.view(3), lambda x: x.reshape(3), lambda x: x.reshape(-1), lambda x: x.squeeze(),
    lambda x: x.t(), lambda x: x.permute(0), lambda x: x.expand(3), lambda x: x.broadcast_to((3,)),
    lambda x: x[...], lambda x: x[:], lambda x: x.unsqueeze(0).squeeze(0),
], ids=["view", "reshape", "reshape-1", "squeeze", "t", "permute", "expand", "broadcast_to", "ellipsis", "slice",
        "unsqueeze-squeeze"])
def test_a_view_that_changes_nothing_is_a_new_tensor(make):
    for T in (autograd, torch):
        x = T.zeros(3)
        v = make(x)
        assert v is not x
        v.requires_grad_()
        assert not x.requires_grad
        w = T.zeros(3, requires_grad=True)
        assert not make(w).is_leaf


def test_flatten_with_nothing_to_merge_is_the_tensor_itself_as_in_pytorch():
    for T in (autograd, torch):
        x, y = T.zeros(3), T.zeros(2, 3)
        assert x.flatten() is x and y.flatten(1, 1) is y and y.flatten() is not y
        assert T.tensor(1.0).flatten().shape == (1,)


def test_setting_data_on_a_no_op_view_leaves_the_base_alone():
    def fn(T):
        x = T.zeros(5)
        x.squeeze().data = T.ones(5)
        return x
    assert_same(fn)


# ----- C and D: .data and detach_ -----
def test_data_of_a_non_float_dtype_is_refused_on_a_tensor_that_requires_grad():
    for T in (autograd, torch):
        w = T.zeros(3, requires_grad=True)
        with pytest.raises(RuntimeError, match="floating point"):
            w.data = T.ones(3, dtype=T.int64)
        v = T.zeros(3)
        v.data = T.ones(2, dtype=T.int64)  # allowed on a tensor that does not require grad
        assert v.dtype == T.int64 and v.shape == (2,)


@pytest.mark.parametrize("make", [lambda x: x[0:2], lambda x: x.view(3), lambda x: x.t(), lambda x: x[1]])
def test_detach_in_place_refuses_views(make):
    for T in (autograd, torch):
        x = T.zeros(3)
        with pytest.raises(RuntimeError, match="[Cc]an't detach views in-place"):
            make(x).detach_()


def test_detach_in_place_works_on_a_tensor_that_is_not_a_view():
    def fn(T):
        w = T.tensor([1.0, 2.0], requires_grad=True)
        y = w * 2
        y.detach_()
        return [y, np.array(y.requires_grad), np.array(y.grad_fn is None)]
    ours, theirs = both(fn)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(a, b)


# ----- H: uint8 indices -----
def test_a_uint8_index_reads_as_a_mask_with_pytorchs_warning():
    def fn(T):
        x = T.arange(5.0)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = x[T.tensor([1, 0, 1, 0, 1], dtype=T.uint8)]
        assert any("uint8" in str(w.message) for w in caught)
        return out
    assert_same(fn)


def test_a_uint8_index_is_refused_in_a_write():
    for T in (autograd, torch):
        y = T.zeros(5)
        with pytest.raises(RuntimeError, match="uint8|unsigned char"):
            y[T.tensor([1, 0, 1, 0, 1], dtype=T.uint8)] = 1.0


def test_a_uint8_mask_of_the_wrong_length_is_an_index_error():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for T in (autograd, torch):
            with pytest.raises(IndexError, match="shape of the mask"):
                T.zeros(5)[T.tensor([1, 0], dtype=T.uint8)]


# ----- setitem: leading size-1 axes of the value -----
@pytest.mark.parametrize("value_shape", [(1, 1), (1, 4), (1, 1, 1, 4), ()])
def test_setitem_drops_leading_size_one_axes_of_the_value(value_shape):
    def fn(T):
        z = T.zeros(3, 4)
        z[1] = T.full(value_shape, 7.0)
        return z
    assert_same(fn)


def test_setitem_value_with_extra_axes_gets_its_own_shape_of_gradient():
    def fn(T):
        v = T.tensor([[[1.0, 2.0, 3.0]]], requires_grad=True)
        q = T.zeros(2, 3, requires_grad=True) * 1
        q[0] = v
        (q * T.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum().backward()
        return v.grad
    ours, theirs = both(fn)
    assert ours.shape == theirs.shape == (1, 1, 3)
    np.testing.assert_array_equal(ours, theirs)


def test_setitem_value_that_cannot_broadcast_is_refused():
    for T in (autograd, torch):
        z = T.zeros(3, 4)
        with pytest.raises((RuntimeError, ValueError)):
            z[1] = T.ones(2, 4)


# ----- NaN and inf in reductions -----
@pytest.mark.parametrize("reduce", [
    lambda x: x.amax(), lambda x: x.amin(), lambda x: x.amax(1).sum(), lambda x: x.max(),
    lambda x: x.min(), lambda x: x.max(1).values.sum(), lambda x: x.amax(0).sum(),
], ids=["amax", "amin", "amax1", "max", "min", "max1", "amax0"])
def test_reductions_over_nan_give_pytorchs_gradient(reduce):
    def fn(T):
        x = T.tensor([[1.0, 2.0, 3.0], [1.0, float("nan"), 1.0]], requires_grad=True)
        reduce(x).backward()
        return x.grad
    ours, theirs = both(fn)
    np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("logits", [[float("inf"), 1.0, 2.0], [float("nan"), 1.0, 2.0], [-float("inf"), 1.0, 2.0]])
def test_cross_entropy_with_an_infinite_or_nan_logit(logits):
    import nn.functional as F

    def fn(T, cross_entropy):
        x = T.tensor([logits], requires_grad=True)
        loss = cross_entropy(x, T.tensor([1]))
        loss.backward()
        return [loss, x.grad, T.log_softmax(x, 1)]
    ours = _numpy(fn(autograd, F.cross_entropy))
    theirs = _numpy(fn(torch, torch.nn.functional.cross_entropy))
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(a, b)


# ----- tensor hooks -----
def test_hooks_see_and_replace_gradients_on_leaves_and_non_leaves():
    def fn(T):
        seen = []
        w = T.tensor([1.0, 2.0, 3.0], requires_grad=True)
        h = w * 2
        h.register_hook(lambda g: seen.append(g.clone()))
        h.register_hook(lambda g: g * 10)
        handle = w.register_hook(lambda g: g + 1)
        (h * h).sum().backward()
        first = w.grad.clone()
        handle.remove()
        w.grad = None
        (w * 3).sum().backward()
        return [seen[0], first, w.grad]
    ours, theirs = both(fn)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(a, b)


def test_retain_grad_stores_the_gradient_after_the_hooks():
    def fn(T):
        w = T.tensor([1.0, 2.0], requires_grad=True)
        h = w * 3
        h.retain_grad()
        h.register_hook(lambda g: g * 2)
        h.sum().backward()
        return [h.grad, w.grad]
    ours, theirs = both(fn)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(a, b)


def test_hooks_run_in_autograd_grad_and_a_hook_on_a_tensor_without_grad_is_refused():
    w = tensor([1.0, 2.0], requires_grad=True)
    w.register_hook(lambda g: g * 0)
    (g,) = autograd.grad((w * w).sum(), w)
    assert g.tolist() == [0.0, 0.0]
    with pytest.raises(RuntimeError, match="doesn't require gradient"):
        tensor([1.0]).register_hook(print)


def test_a_hook_that_returns_the_wrong_shape_is_refused_clearly():
    w = tensor([1.0, 2.0], requires_grad=True)
    h = w * 1
    h.register_hook(lambda g: g.sum())
    with pytest.raises(RuntimeError, match="hook"):
        h.sum().backward()


def test_hooks_work_with_create_graph():
    def fn(T, grad):
        w = T.tensor([1.0, 2.0], requires_grad=True)
        h = w * w
        h.register_hook(lambda g: g * 3)
        (g,) = grad(h.sum(), w, create_graph=True)
        g.sum().backward()
        return [g, w.grad]
    ours, theirs = _numpy(fn(autograd, autograd.grad)), _numpy(fn(torch, torch.autograd.grad))
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(a, b)


# ----- E: grad-mode decorators on generator functions -----
@pytest.mark.parametrize("decorator, inside", [("no_grad", False), ("enable_grad", True), ("inference_mode", False)])
def test_grad_mode_decorators_apply_inside_generators(decorator, inside):
    for T in (autograd, torch):
        @getattr(T, decorator)()
        def generator(T=T):
            yield T.is_grad_enabled()
            yield T.is_grad_enabled()

        outer = not inside
        with T.set_grad_enabled(outer):
            gen = generator()
            assert next(gen) is inside
            assert T.is_grad_enabled() is outer  # between steps, the caller's mode
            assert next(gen) is inside


def test_a_generator_under_no_grad_records_nothing_and_returns_its_value():
    @autograd.no_grad()
    def generator(w):
        received = yield w * 2
        return received

    w = tensor([1.0], requires_grad=True)
    gen = generator(w)
    assert not next(gen).requires_grad
    with pytest.raises(StopIteration) as stop:
        gen.send("done")
    assert stop.value.value == "done"


# ----- inference_mode -----
def test_inference_mode_records_nothing_and_nests():
    for T in (autograd, torch):
        w = T.ones(2, requires_grad=True)
        with T.inference_mode():
            assert not (w * 2).requires_grad and T.is_inference_mode_enabled()
            with T.inference_mode(False):
                pass
        assert T.is_grad_enabled() and not T.is_inference_mode_enabled()

        @T.inference_mode()
        def f(x):
            return x * 2
        assert not f(w).requires_grad


# ----- F and G: anomaly mode -----
def test_detect_anomaly_without_nan_checks_keeps_the_mode_on():
    for T in (autograd, torch):
        with T.autograd.detect_anomaly(check_nan=False) if T is torch else T.detect_anomaly(check_nan=False):
            assert T.is_anomaly_enabled()
        assert not T.is_anomaly_enabled()


def test_anomaly_mode_is_seen_by_other_threads_as_in_pytorch():
    for T in (autograd, torch):
        seen = []
        detect = T.autograd.detect_anomaly if T is torch else T.detect_anomaly
        with detect():
            thread = threading.Thread(target=lambda seen=seen, T=T: seen.append(T.is_anomaly_enabled()))
            thread.start()
            thread.join()
        assert seen == [True]


def test_a_hook_on_a_node_sees_and_replaces_what_its_rule_sends():
    def fn(T):
        a = T.tensor([1.0, 2.0], requires_grad=True)
        b = T.tensor([3.0, 4.0], requires_grad=True)
        y = a * b
        seen = []

        def hook(grad_inputs, grad_outputs):
            seen.append([grad_outputs[0].clone()] + [g.clone() for g in grad_inputs])
            return grad_inputs[0] * 10, None  # a gets ten times its gradient, b nothing

        handle = y.grad_fn.register_hook(hook)
        y.sum().backward()
        handle.remove()
        return seen[0] + [a.grad, np.array(b.grad is None)]
    ours, theirs = both(fn)
    for mine, expected in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(mine, expected)
