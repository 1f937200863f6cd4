"""narrow, diagonal, movedim/moveaxis, index_select, stride(), is_inference(), register_post_accumulate_grad_hook
and grad_fn.next_functions against PyTorch: values, gradients, writes through the views, and bad input."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import autograd

torch = pytest.importorskip("torch")


def both(array, requires_grad=False):
    return (autograd.tensor(array.copy(), requires_grad=requires_grad),
            torch.tensor(array.copy(), requires_grad=requires_grad))


def same(ours, theirs):
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-6, atol=1e-9)
    assert tuple(ours.shape) == tuple(theirs.shape)


shapes = st.lists(st.integers(1, 4), min_size=2, max_size=4).map(tuple)


def view_calls(draw, ndim):
    """A (name, args) call valid or invalid for an ndim-d tensor, drawn with hypothesis."""
    dims = st.integers(-ndim - 1, ndim)
    name = draw(st.sampled_from(["narrow", "diagonal", "movedim", "index_select"]))
    if name == "narrow":
        return name, (draw(dims), draw(st.integers(-5, 5)), draw(st.integers(-1, 5)))
    if name == "diagonal":
        return name, (draw(st.integers(-5, 5)), draw(dims), draw(dims))
    if name == "movedim":
        count = draw(st.integers(1, 2))
        return name, (tuple(draw(dims) for _ in range(count)), tuple(draw(dims) for _ in range(count)))
    return name, (draw(dims), draw(st.lists(st.integers(-1, 4), max_size=4)))


def call(lib, tensor, name, args):
    if name == "index_select":
        return tensor.index_select(args[0], lib.tensor(args[1], dtype=lib.int64))
    return getattr(tensor, name)(*args)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), shape=shapes)
def test_values_gradients_and_errors_match_pytorch(data, shape):
    name, args = view_calls(data.draw, len(shape))
    array = np.random.default_rng(0).standard_normal(shape)
    ours, theirs = both(array, requires_grad=True)
    try:
        expected = call(torch, theirs, name, args)
    except (IndexError, RuntimeError, TypeError) as error:
        # PyTorch's index_select says IndexError, or RuntimeError on one of its paths for gradients
        with pytest.raises(IndexError if "DATA bounds" in str(error) else type(error)):
            call(autograd, ours, name, args)
        return
    result = call(autograd, ours, name, args)
    same(result, expected)
    weights = np.random.default_rng(1).standard_normal(tuple(expected.shape))
    (expected * torch.tensor(weights)).sum().backward()
    (result * autograd.tensor(weights)).sum().backward()
    same(ours.grad, theirs.grad)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), shape=shapes)
def test_writes_through_the_views_reach_the_base_and_its_gradient_as_in_pytorch(data, shape):
    name, args = view_calls(data.draw, len(shape))
    if name == "index_select":
        return  # a copy in both libraries
    array = np.arange(float(np.prod(shape))).reshape(shape)
    results = []
    for lib in (torch, autograd):
        leaf = lib.tensor(array.copy(), requires_grad=True)
        base = leaf * 1
        try:
            view = call(lib, base, name, args)
        except (IndexError, RuntimeError, TypeError):
            results.append(None)
            continue
        view.mul_(3)
        (base * base).sum().backward()
        results.append((base.detach().numpy().tolist(), leaf.grad.numpy().tolist(), base._version == view._version))
    assert results[1] == results[0]


def test_diagonal_of_a_strided_or_transposed_tensor_is_a_view_with_pytorchs_layout():
    array = np.arange(60.0).reshape(3, 4, 5)
    for make in (lambda t: t.diagonal(1, 0, 2), lambda t: t.transpose(0, 2)[::2].diagonal(-1, 2, 0),
                 lambda t: t[:, 1:, ::2].diagonal(0, -1, -2), lambda t: t.diagonal(9, 1, 2)):
        ours, theirs = both(array)
        same(make(ours), make(theirs))
        make(ours).fill_(-1)
        make(theirs).fill_(-1)
        same(ours, theirs)
        assert ours._version == theirs._version


def test_diagonal_gradcheck_and_its_node_name():
    x = autograd.tensor(np.random.default_rng(2).standard_normal((3, 4)), requires_grad=True)
    assert autograd.gradcheck(lambda t: t.diagonal(-1) * t.diagonal(1)[:2], (x,))
    assert autograd.gradgradcheck(lambda t: (t.diagonal() ** 2).sum(), (x,))
    assert x.diagonal().grad_fn.name() == torch.ones(2, 2, requires_grad=True).diagonal().grad_fn.name()


def test_functional_forms_and_moveaxis():
    array = np.arange(24.0).reshape(2, 3, 4)
    ours, theirs = both(array)
    same(autograd.narrow(ours, 2, 1, 2), torch.narrow(theirs, 2, 1, 2))
    same(autograd.diagonal(ours, 0, 1, 2), torch.diagonal(theirs, 0, 1, 2))
    same(autograd.moveaxis(ours, (0, 2), (2, 0)), torch.moveaxis(theirs, (0, 2), (2, 0)))
    same(ours.moveaxis(-1, 0), theirs.moveaxis(-1, 0))
    index = [2, 0, 2]
    same(autograd.index_select(ours, 1, autograd.tensor(index)), torch.index_select(theirs, 1, torch.tensor(index)))
    same(ours.narrow(0, autograd.tensor(1), 1), theirs.narrow(0, torch.tensor(1), 1))


@pytest.mark.parametrize("bad", [
    lambda lib, x: x.narrow(0, 1.0, 1),
    lambda lib, x: lib.tensor(1.0).narrow(0, 0, 1),
    lambda lib, x: x.diagonal(offset=1.5),
    lambda lib, x: x.diagonal(0, 1, 1),
    lambda lib, x: lib.arange(3.0).diagonal(),
    lambda lib, x: x.index_select(0, [1]),
    lambda lib, x: x.index_select(0, lib.tensor([1.0])),
    lambda lib, x: x.index_select(0, lib.tensor([True])),
    lambda lib, x: x.index_select(0, lib.tensor([[0]])),
    lambda lib, x: x.index_select(0, lib.tensor([3])),
    lambda lib, x: x.movedim((0, 1), (1,)),
    lambda lib, x: x.movedim(0.0, 1),
    lambda lib, x: x.stride(2),
    lambda lib, x: lib.tensor(1.0).stride(0),
])
def test_bad_arguments_raise_pytorchs_error_type(bad):
    ours, theirs = both(np.ones((3, 3)))
    with pytest.raises(Exception) as expected:
        bad(torch, theirs)
    with pytest.raises(type(expected.value)):
        bad(autograd, ours)


def test_index_select_takes_int32_a_0d_index_and_a_0d_input_as_pytorch():
    ours, theirs = both(np.arange(6.0).reshape(2, 3))
    same(ours.index_select(1, autograd.tensor(np.array(2, np.int32))), theirs.index_select(1, torch.tensor(2, dtype=torch.int32)))
    same(autograd.tensor(5.0).index_select(0, autograd.tensor([0])), torch.tensor(5.0).index_select(0, torch.tensor([0])))
    same(ours.index_select(0, autograd.tensor(np.zeros(0, np.int64))), theirs.index_select(0, torch.zeros(0, dtype=torch.int64)))


@pytest.mark.parametrize("make", [
    lambda lib: lib.zeros(3, 4),
    lambda lib: lib.zeros(3, 4).t(),
    lambda lib: lib.zeros(3, 4)[:, ::2],
    lambda lib: lib.zeros(3, 4)[1:, 1:],
    lambda lib: lib.zeros(1, 4).expand(5, 4),
    lambda lib: lib.zeros(3, 1),
    lambda lib: lib.zeros(3, 4).unsqueeze(1),
    lambda lib: lib.zeros(1, 3)[:, None],
    lambda lib: lib.zeros(2, 3)[:, :, None],
    lambda lib: lib.zeros(4, 3).t().unsqueeze(0),
    lambda lib: lib.zeros(2, 0, 3),
    lambda lib: lib.zeros(3, 4).diagonal(),
    lambda lib: lib.zeros(2, 3, 4).permute(2, 0, 1),
    lambda lib: lib.tensor(1.0),
])
def test_stride_matches_pytorch(make):
    ours, theirs = make(autograd), make(torch)
    assert ours.stride() == theirs.stride()
    for dim in range(-ours.ndim, ours.ndim):
        assert ours.stride(dim) == theirs.stride(dim)


def test_is_inference_is_false_a_stated_difference():
    """glassgrad makes no inference tensors (autograd.grad_mode.inference_mode says so); PyTorch's are."""
    with autograd.inference_mode():
        made_inside = autograd.ones(2)
    assert made_inside.is_inference() is False and autograd.ones(1).is_inference() is False


def test_post_accumulate_grad_hooks_run_after_the_gradient_is_accumulated_as_in_pytorch():
    logs = {}
    for lib in (torch, autograd):
        log = logs[lib] = []
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        v = lib.tensor([3.0], requires_grad=True)
        w.register_post_accumulate_grad_hook(lambda t, log=log: log.append(("w", t.grad.tolist())))
        handle = v.register_post_accumulate_grad_hook(lambda t, log=log: log.append(("v", t.grad.tolist())))
        w.register_post_accumulate_grad_hook(lambda t: [t.grad.mul_(10)] and None)  # a change sticks
        for _ in range(2):
            ((w * v).sum() * 2).backward()
        handle.remove()
        (w * v).sum().backward()
        log.append(("final", w.grad.tolist(), v.grad.tolist()))
        (torch.autograd.grad if lib is torch else autograd.grad)((w * v).sum(), [w])  # no .grad: no hook
        (w * v).sum().backward(inputs=[w])
        log.append(("inputs", w.grad.tolist()))
    assert sorted(logs[autograd]) == sorted(logs[torch])
    assert logs[autograd][-1] == logs[torch][-1]


def test_post_accumulate_grad_hook_refusals_match_pytorch():
    for lib in (torch, autograd):
        leaf = lib.ones(2, requires_grad=True)
        with pytest.raises(RuntimeError, match="non-leaf"):
            (leaf * 2).register_post_accumulate_grad_hook(print)
        with pytest.raises(RuntimeError, match="doesn't require gradient"):
            lib.ones(2).register_post_accumulate_grad_hook(print)
        leaf.register_post_accumulate_grad_hook(lambda t: t.grad)
        with pytest.raises(RuntimeError, match="should return None"):
            leaf.sum().backward()


def walk(node):
    """The graph below a node as nested (name, [children]) tuples, read through next_functions."""
    if node is None:
        return None
    name = node.name().replace("torch::autograd::", "")
    return name, [(walk(child), number) for child, number in node.next_functions]


def test_next_functions_show_the_graph_as_pytorchs():
    trees = []
    for lib in (torch, autograd):
        w = lib.ones(2, 3, requires_grad=True)
        x = lib.ones(3)
        trees.append(walk(((w * x).exp()[1:] + w.sum() - x.sum()).sum().grad_fn))
    assert trees[1] == trees[0]
    w = autograd.ones(2, requires_grad=True)
    (accumulate, number), = (w * 1).grad_fn.next_functions[:1]
    assert accumulate.variable is w and number == 0 and accumulate.next_functions == ()
