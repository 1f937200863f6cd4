"""copy.deepcopy of tensors as PyTorch's (hostile17a S2): tensors sharing memory keep sharing it within one deepcopy,
the copies are leaves that are no views, .grad and requires_grad are copied, and a non-leaf is refused."""
import copy

import pytest

import autograd
import nn

torch = pytest.importorskip("torch")


def shared_after_copy(lib):
    w = lib.ones(3)
    copied = copy.deepcopy([w, w[1:], w.view(3, 1)])
    copied[1].add_(5)
    return [t.tolist() for t in copied] + [copied[1]._base is None, w.tolist()]


def test_deepcopy_keeps_sharing_within_one_copy_as_pytorch():
    assert shared_after_copy(autograd) == shared_after_copy(torch)


def test_deepcopy_copies_flags_and_grad_and_refuses_a_non_leaf():
    for lib in (autograd, torch):
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        (w * 3).sum().backward()
        c = copy.deepcopy(w)
        assert c.requires_grad and c.is_leaf and c.grad.tolist() == [3.0, 3.0] and c.grad is not w.grad
        with pytest.raises(RuntimeError):
            copy.deepcopy(w * 2)


def test_deepcopy_of_a_module_keeps_a_buffer_and_its_view_sharing():
    class Holder(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("big", autograd.zeros(4))
            self.register_buffer("part", self.big[1:])

    copied = copy.deepcopy(Holder())
    copied.part.add_(1)
    assert copied.big.tolist() == [0.0, 1.0, 1.0, 1.0]


@pytest.mark.parametrize("alias", ["detach", "data", "view of detach", "no_grad view made a leaf"])
def test_deepcopy_keeps_sharing_with_a_tensor_that_requires_grad_as_pytorch(alias):
    """(hostile18a S1: sharing was kept only along view chains, not for x.detach() or x.data)"""
    def run(lib):
        x = lib.ones(3, requires_grad=True)
        if alias == "no_grad view made a leaf":
            with lib.no_grad():
                other = x[1:]
            other.requires_grad_()
        else:
            other = {"detach": x.detach(), "data": x.data, "view of detach": x.detach()[1:]}[alias]
        copied = copy.deepcopy([x, other])
        with lib.no_grad():
            copied[1].add_(1)
        return copied[0].tolist()

    assert run(autograd) == run(torch)


def test_copy_copy_is_a_new_leaf_sharing_memory_as_pytorch():
    """(hostile19a S2: copy.copy kept the original's grad_fn, .grad and view state)"""
    def run(lib):
        w = lib.ones(3, requires_grad=True)
        w.grad = lib.ones(3)
        y = copy.copy(w * 2)
        (y * 3).sum().backward()
        shared = copy.copy(w)
        with lib.no_grad():
            shared.add_(1)
        return [y.is_leaf, y.requires_grad, y.grad.tolist(), w.grad.tolist(), copy.copy(w).grad, w.tolist()]

    assert run(autograd) == run(torch)
