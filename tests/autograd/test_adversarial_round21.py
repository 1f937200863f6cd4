"""The twenty-first adversarial pass's autograd findings (hostile21a), each against PyTorch: a hook that rebinds
its gradient's .data and returns None (gradient clipping in a hook), create_graph given as a non-bool, outputs and
gradients as any iterable (and PyTorch's error for a count that does not match), deepcopy and pickle of tensors
whose attributes lead back to them."""
import copy
import pickle

import numpy as np
import pytest

from .outcomes import assert_as_pytorch, outcome, same_error, same_within_1e6

torch = pytest.importorskip("torch")


def _autograd(lib):
    """torch.autograd, or what install_as_torch() gives for it."""
    from glassgrad.torch_stubs import autograd_names

    return torch.autograd if lib is torch else autograd_names


def _clip_in_tensor_hook(lib):
    w = lib.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    w.register_hook(lambda g: setattr(g, "data", g.data.clamp(-1, 1)))
    (w * 10).sum().backward()
    return w.grad


def _rebind_after_retain_grad(lib):
    w = lib.ones(3, requires_grad=True)
    y = w * 2
    y.retain_grad()
    y.register_hook(lambda g: setattr(g, "data", g.data * 3))
    (y * 1).sum().backward()
    return w.grad, y.grad


def _rebind_in_node_hook(lib):
    w = lib.ones(2, requires_grad=True)
    y = w * 2
    y.grad_fn.register_hook(lambda inputs, outputs: setattr(inputs[0], "data", inputs[0].data * 7))
    y.sum().backward()
    return w.grad


@pytest.mark.parametrize("program", [_clip_in_tensor_hook, _rebind_after_retain_grad, _rebind_in_node_hook])
def test_a_hook_that_rebinds_the_gradients_data_changes_it(program):
    assert_as_pytorch(program)


@pytest.mark.parametrize("flag", [1, 0])
def test_create_graph_may_be_any_truth_value(flag):
    def program(lib):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        g, = _autograd(lib).grad((x * x).sum(), x, create_graph=flag)
        return g, g.requires_grad
    assert_as_pytorch(program)


@pytest.mark.parametrize("outputs", [lambda y: (o for o in [y]), lambda y: {y}, lambda y: [y]],
                         ids=["generator", "set", "list"])
def test_outputs_as_any_iterable(outputs):
    def program(lib):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        _autograd(lib).backward(outputs((x * x).sum()))
        first = x.grad.clone()
        return first, _autograd(lib).grad(outputs((x * x).sum()), x)
    assert_as_pytorch(program)


def test_a_gradient_count_that_does_not_match_is_pytorchs_runtime_error():
    import autograd

    def program(lib):
        y = lib.ones(3, requires_grad=True) * 2
        y.backward(gradient=[])

    same_error(lambda: program(autograd), lambda: program(torch))


@pytest.mark.parametrize("copier", [copy.deepcopy, lambda t: pickle.loads(pickle.dumps(t))], ids=["deepcopy", "pickle"])
def test_attributes_that_lead_back_to_the_tensor(copier):
    import autograd

    x = autograd.ones(2)
    x.me = x
    a, b = autograd.ones(1), autograd.zeros(1)
    a.twin, b.twin = b, a
    copied = copier(x)
    assert copied.me is copied
    pair = copier([a, b])
    assert pair[0].twin is pair[1] and pair[1].twin is pair[0]


@pytest.mark.parametrize("gradient", ["abc", np.ones(3)], ids=["str", "ndarray"])
def test_a_gradient_that_is_not_a_tensor_is_pytorchs_type_error(gradient):
    import autograd

    same_error(lambda: (autograd.ones(3, requires_grad=True) * 2).backward(gradient),
               lambda: (torch.ones(3, requires_grad=True) * 2).backward(gradient))


def test_outputs_that_are_not_tensors_are_a_type_error():
    import autograd

    x = autograd.ones(3, requires_grad=True)
    with pytest.raises(TypeError, match="str"):
        autograd.grad({"a": (x * 2).sum()}, x)
    with pytest.raises(TypeError, match="NoneType"):
        _autograd(autograd).backward([(x * 2).sum(), None])


def test_pickle_keeps_tensors_that_wrap_one_array_apart_as_pytorch():
    def program(lib):
        x = lib.arange(4.0)
        y = pickle.loads(pickle.dumps([x, x.detach(), x.data]))
        y[0].add_(10)
        return y
    assert_as_pytorch(program)


@pytest.mark.parametrize("row", [[700.0, 80.0, 80.0, float("inf")], [100.0, float("inf")], [2.0, float("inf"), 3.0],
                                 [1e300, float("inf")], [float("-inf"), 5.0], [float("nan"), 1.0]])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_logsumexp_of_a_row_with_inf_next_to_an_element_whose_exp_overflows(row, dtype):
    """The shift is the largest finite element, so only +inf itself overflows: PyTorch's 0 at the finite ones
    (hostile22b S1)."""
    def program(lib):
        x = lib.tensor([row], dtype=getattr(lib, dtype), requires_grad=True)
        y = lib.logsumexp(x, 1)
        y.backward(lib.ones_like(y))
        return y, x.grad
    assert_as_pytorch(program)


@pytest.mark.parametrize("op", [lambda a: a ** 3, lambda a: a.sin(), lambda a: a.log(), lambda a: a / (a + 5),
                                lambda a: a.atan(), lambda a: a.erf(), lambda a: a.sinh(), lambda a: a.exp(),
                                lambda a: a * a])
@pytest.mark.parametrize("write", ["mul_", "no_grad", "setitem"])
def test_a_write_between_create_graph_and_the_second_backward(op, write):
    """The nodes recorded by a create_graph backward watch the version of the tensors they read, as PyTorch's: a
    write in between makes them refuse (hostile23a S4: they computed from the written values)."""
    def program(lib):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        a = x * 2
        g, = _autograd(lib).grad(op(a).sum(), x, create_graph=True)
        if write == "mul_":
            a.mul_(2)
        elif write == "no_grad":
            with lib.no_grad():
                a.mul_(2)
        else:
            a[0] = 5.0
        g.sum().backward()
        return x.grad
    ours, theirs = outcome(program, __import__("autograd")), outcome(program, torch)
    if not isinstance(theirs, type):  # PyTorch computes: the same values
        assert same_within_1e6(ours, theirs)
    else:  # PyTorch refuses: refused too, or (its check is coarser) the value without the write
        def reference(lib):
            x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
            g, = _autograd(lib).grad(op(x * 2).sum(), x, create_graph=True)
            g.sum().backward()
            return x.grad
        assert ours is theirs or same_within_1e6(ours, outcome(reference, torch))


def test_grad_outputs_that_are_not_tensors_are_pytorchs_type_error():
    import autograd

    x = autograd.ones(3, requires_grad=True)
    with pytest.raises(TypeError, match="gradients can be either Tensors or None"):
        autograd.grad(x * 2, x, "abc")
    with pytest.raises(RuntimeError, match="element 1 of tensors"):
        autograd.grad([(x * 2).sum(), autograd.ones(1).sum()], x)
