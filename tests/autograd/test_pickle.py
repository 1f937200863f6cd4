"""pickle of a Tensor gives PyTorch's tensor: a leaf with a copy of the values and requires_grad, no .grad and no
history, not a view of any tensor pickled beside it, and an overlapping tensor (expanded, unfold's windows) keeps
its overlap."""
import pickle

import numpy as np
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")


def round_trip(value):
    return pickle.loads(pickle.dumps(value))


def facts(t):
    return dict(values=t.tolist(), dtype=str(t.dtype).replace("torch.", ""), requires_grad=t.requires_grad,
                is_leaf=t.is_leaf, grad=None if t.grad is None else t.grad.tolist(), has_history=t.grad_fn is not None,
                base_is_none=t._base is None)


@pytest.mark.parametrize("make", [
    lambda lib: lib.ones(3, requires_grad=True),
    lambda lib: lib.ones(3, requires_grad=True) * 2,
    lambda lib: lib.arange(6.).view(2, 3).t(),
    lambda lib: lib.arange(6.)[2:5],
    lambda lib: lib.tensor([1, 2, 3], dtype=lib.int32),
    lambda lib: lib.tensor(True),
    lambda lib: lib.zeros(0, 3),
], ids=["leaf", "non-leaf", "transposed", "slice", "int32", "0-d bool", "empty"])
def test_a_pickled_tensor_is_pytorchs(make):
    ours, theirs = make(autograd), make(torch)
    for t in (ours, theirs):
        if t.is_leaf and t.requires_grad:
            t.grad = t.detach() + 1  # (a .grad is not pickled)
    assert facts(round_trip(ours)) == facts(round_trip(theirs))


def test_pickled_views_are_not_views_of_the_pickled_base():
    results = {}
    for lib in (autograd, torch):
        base = lib.arange(6.)
        b, v = round_trip((base, base[2:5]))
        v[0] = 100.0
        b.add_(1)
        b.requires_grad_()
        v.requires_grad_()
        (v * 2).sum().backward()
        results[lib] = (b.tolist(), v.tolist(), v.grad.tolist(), b.grad)
    assert results[autograd] == results[torch]


@pytest.mark.parametrize("make", [
    lambda lib: lib.ones(3).expand(2, 3),
    lambda lib: lib.arange(8.).unfold(0, 4, 2).t().flip(1),
    lambda lib: lib.arange(12.).reshape(3, 4)[1:, 1:].unfold(1, 2, 1),
], ids=["expanded", "unfold transposed and flipped", "unfold of a slice"])
def test_an_overlapping_tensor_keeps_its_overlap(make):
    ours, theirs = round_trip(make(autograd)), round_trip(make(torch))
    index = (0,) * (ours.dim() - 1) + (1,)
    ours[index], theirs[index] = -1.0, -1.0
    assert ours.tolist() == theirs.tolist()
    assert type(ours._base) is type(None)


def test_a_pickled_parameter_and_module():
    p = round_trip(nn.Parameter(autograd.ones(2)))
    assert type(p) is nn.Parameter and p.requires_grad and p.is_leaf
    layer = nn.Linear(2, 3)
    copy = round_trip(layer)
    np.testing.assert_array_equal(copy(autograd.ones(1, 2)).detach().numpy(), layer(autograd.ones(1, 2)).detach().numpy())
    assert not np.shares_memory(copy.weight.detach().numpy(), layer.weight.detach().numpy())


@pytest.mark.parametrize("how", ["copy", "deepcopy", "pickle"])
def test_python_attributes_travel_as_pytorchs(how):
    """A user's attributes, `_`-named ones too, travel with copy, deepcopy and pickle; a Parameter's deepcopy
    drops them (PyTorch's Parameter.__deepcopy__ makes a new Parameter)."""
    import copy

    copier = {"copy": copy.copy, "deepcopy": copy.deepcopy, "pickle": round_trip}[how]
    found = {}
    for lib, parameter in ((autograd, nn.Parameter), (torch, torch.nn.Parameter)):
        x, p, v = lib.ones(2), parameter(lib.ones(2)), lib.ones(3)[1:]
        for t in (x, p, v):
            t.tag, t._no_decay = "kept", True
        found[lib] = [(getattr(copier(t), "tag", None), getattr(copier(t), "_no_decay", None)) for t in (x, p, v)]
    assert found[autograd] == found[torch]
