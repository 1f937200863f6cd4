"""hostile24c S6: copy.copy and pickle of a Parameter subclass give a plain Parameter, as PyTorch's (its
Parameter.__reduce_ex__ rebuilds a Parameter); deepcopy keeps the subclass; Tensor subclasses keep their class."""
import copy
import pickle

import pytest

import autograd
import nn

torch = pytest.importorskip("torch")

LIBRARIES = {"glassgrad": (autograd, nn.Parameter), "torch": (torch, torch.nn.Parameter)}
COPIES = {"copy": copy.copy, "deepcopy": copy.deepcopy, "pickle": lambda value: pickle.loads(pickle.dumps(value))}


def subclass_copy(name, how, requires_grad):
    lib, parameter = LIBRARIES[name]

    class MyParameter(parameter):
        pass

    p = MyParameter(lib.tensor([1.0, 2.0]), requires_grad=requires_grad)
    p.tag = "kept"
    copied = COPIES[how](p)
    shares = None
    if how == "copy":  # a shallow copy shares the memory
        with lib.no_grad():
            copied.mul_(3)
        shares = p.tolist() == [3.0, 6.0]
    kind = type(copied).__name__
    return ("MyParameter" if kind == "MyParameter" else kind, copied.requires_grad, getattr(copied, "tag", None),
            copied.tolist(), shares)


@pytest.mark.parametrize("requires_grad", [True, False])
@pytest.mark.parametrize("how", COPIES)
def test_copies_of_a_parameter_subclass_are_of_pytorchs_class(how, requires_grad):
    ours = subclass_copy("glassgrad", how, requires_grad)
    theirs = subclass_copy("torch", how, requires_grad)
    assert ours == theirs
    assert ours[0] == ("MyParameter" if how == "deepcopy" else "Parameter")


class MyTensor(autograd.Tensor):  # (at the top level: pickle finds a class by its name)
    pass


class MyTorchTensor(torch.Tensor):
    pass


def tensor_subclass_copy(name, how):
    t = {"glassgrad": MyTensor, "torch": MyTorchTensor}[name]([1.0, 2.0])
    t.tag = "kept"
    copied = COPIES[how](t)
    return type(copied).__name__.replace("Torch", ""), copied.requires_grad, getattr(copied, "tag", None), \
        copied.tolist()


@pytest.mark.parametrize("how", ["copy", "pickle"])
def test_copies_of_a_tensor_subclass_keep_its_class_as_pytorchs(how):
    assert tensor_subclass_copy("glassgrad", how) == tensor_subclass_copy("torch", how) == (
        "MyTensor", False, "kept", [1.0, 2.0])


def test_a_module_holding_a_parameter_subclass_pickles_with_plain_parameters():
    class Tagged(nn.Parameter):
        pass

    model = nn.Linear(2, 1)
    model.weight = Tagged(model.weight.detach().clone())
    copied = pickle.loads(pickle.dumps(model))
    assert type(copied.weight) is nn.Parameter and copied.weight.tolist() == model.weight.tolist()
    assert dict(copied.named_parameters()).keys() == {"weight", "bias"}
