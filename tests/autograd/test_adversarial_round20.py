"""The twentieth adversarial pass's autograd findings, each against PyTorch: `.data = other` on a view makes the
view's memory its own (an in-place op on it then works on the new values, not on the old base's slice), and a
tensor cannot be its own .grad."""
import numpy as np
import pytest

from .outcomes import assert_as_pytorch, same_error

torch = pytest.importorskip("torch")


def _view_data_then(op):
    def program(lib):
        w = lib.ones(3, requires_grad=True)
        a = w * 1
        v = op(a, lib)
        return v, a
    return program


@pytest.mark.parametrize("op", [
    lambda a, lib: _set(a[1:], lib.full((2,), 7.0)).mul_(2),
    lambda a, lib: _set(a[0], lib.tensor(7.0)).add_(1),
    lambda a, lib: _set(a.view(3), lib.full((3,), 5.0)).sqrt_(),
    lambda a, lib: _setitem(_set(a[1:], lib.full((2,), 7.0)), 0, 3.0),
    lambda a, lib: _set(a[1:], lib.full((2,), 7.0)) * 1,
], ids=["slice mul_", "element add_", "view sqrt_", "setitem", "read"])
def test_an_in_place_op_after_data_assigned_to_a_view(op):
    assert_as_pytorch(_view_data_then(op))


def _set(view, value):
    view.data = value
    return view


def _setitem(t, index, value):
    t[index] = value
    return t


def test_the_view_of_a_tensor_without_grad_keeps_working_after_data_is_assigned():
    def program(lib):
        x = lib.zeros(3)
        v = x[1:]
        v.data = lib.full((2,), 4.0)
        v.add_(1)
        return v, x
    assert_as_pytorch(program)


def test_an_in_place_op_through_a_view_after_data_assigned_to_its_base():
    """The view keeps its own (old) memory, as PyTorch's: the write works on it, not on the base's new data."""
    def program(lib):
        w = lib.zeros(3, requires_grad=True)
        a = w * 1
        v = a[1:]
        a.data = lib.full((3,), 10.0)
        v.add_(1)
        return v, a
    assert_as_pytorch(program)


@pytest.mark.parametrize("method, of_leaf", [("mul_", True), ("detach_", False), ("detach_", True)])
def test_refusals_hold_after_data_assigned_to_a_view(method, of_leaf):
    """A view of a leaf that requires grad still refuses in-place ops, and a view still refuses detach_()."""
    import autograd

    def program(lib):
        w = lib.ones(3, requires_grad=True)
        v = (w if of_leaf else w * 1)[1:]
        v.data = lib.full((2,), 7.0)
        getattr(v, method)(*([2] if method == "mul_" else []))

    same_error(lambda: program(autograd), lambda: program(torch))


def test_a_tensor_cannot_be_its_own_grad():
    import autograd

    ours, theirs = autograd.ones(3, requires_grad=True), torch.ones(3, requires_grad=True)

    def assign(t):
        t.grad = t

    same_error(lambda: assign(ours), lambda: assign(theirs))
    ours.grad = ours.detach()  # (another tensor sharing its memory is allowed, as in PyTorch)
    theirs.grad = theirs.detach()


@pytest.mark.parametrize("call", [
    lambda L, x: x.max(L.tensor(1)),
    lambda L, x: x.max(dim=L.tensor(1)),
    lambda L, x: x.max(L.tensor(1), True),
    lambda L, x: x.min(dim=L.tensor(1), keepdim=True),
    lambda L, x: L.max(x, L.tensor(0), True),
    lambda L, x: L.min(x, other=L.tensor([3.0, 2.0])),
    lambda L, x: x.max(L.tensor(1.0), True),
    lambda L, x: x.max(L.tensor([3.0, 2.0]), keepdim=True),
    lambda L, x: L.min(x, 1, False),
], ids=["other", "dim=t", "t, keepdim", "min dim=t keepdim", "torch.max(x, t, True)", "other=", "float dim",
        "other with keepdim", "min positional"])
def test_max_and_min_pick_pytorchs_overload(call):
    """A 0-d integer tensor given as dim= (or followed by keepdim) is a dim, not the elementwise `other`."""
    assert_as_pytorch(lambda lib: call(lib, lib.tensor([[1.0, 5.0], [3.0, 2.0]])))


@pytest.mark.parametrize("program", [
    lambda lib: setattr(lib.ones(2, requires_grad=True) * 2, "requires_grad", True),
    lambda lib: lib.ones(2).requires_grad_(1),
    lambda lib: setattr(lib.ones(2), "requires_grad", 1),
    lambda lib: lib.tensor([1.0], requires_grad=1),
    lambda lib: (lib.ones(2, requires_grad=True) * 2).sum().backward(2.0),
    lambda lib: (lib.ones(2, requires_grad=True) * 2).sum().backward([1.0]),
    lambda lib: lib.ones(2, 2).__setitem__(0, np.array([1.5, 2.5])),
    lambda lib: lib.ones(2, 2).__setitem__(0, [1.5, 2.5]),
    lambda lib: lib.ones(2, 2).__setitem__(0, np.float32(2.0)),
], ids=["requires_grad= on a non-leaf", "requires_grad_(1)", "requires_grad = 1", "factory requires_grad=1",
        "backward(2.0)", "backward([1.0])", "setitem ndarray", "setitem list", "setitem np.float32"])
def test_refused_as_pytorch(program):
    import autograd

    same_error(lambda: program(autograd), lambda: program(torch))


@pytest.mark.parametrize("program", [
    lambda lib: _setitem(lib.ones(2, 2), 0, np.float64(1.5)),
    lambda lib: _setitem(lib.ones(2, 2), 0, np.int64(3)),
    lambda lib: _setitem(lib.ones(2, 2), 0, True),
    lambda lib: _setitem(lib.ones(2, 2), 0, lib.tensor([4.0, 5.0])),
    lambda lib: _backward_with(lib, lambda lib: [lib.tensor(3.0)]),
    lambda lib: _backward_with(lib, lambda lib: (lib.tensor(3.0),)),
], ids=["np.float64", "np.int64", "bool", "tensor", "backward([t])", "backward((t,))"])
def test_accepted_as_pytorch(program):
    assert_as_pytorch(program)


def _backward_with(lib, gradient):
    w = lib.ones(2, requires_grad=True)
    (w * 2).sum().backward(gradient(lib))
    return w.grad


@pytest.mark.parametrize("name, args", [
    ("nonzero", ()), ("count_nonzero", ()), ("diag", ()), ("bitwise_not", ()), ("real", ()), ("permute", ((0,),)),
    ("unbind", ()), ("diff", ()),
])
def test_a_number_where_a_tensor_is_required_is_a_type_error(name, args):
    import autograd

    same_error(lambda: getattr(autograd, name)(1.0, *args), lambda: getattr(torch, name)(1.0, *args))
