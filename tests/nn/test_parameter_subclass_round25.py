"""hostile25c C1: nn.Parameter subclasses written the PyTorch way, against PyTorch. PyTorch makes a Parameter in
__new__, so a subclass may define a __new__ that calls super().__new__(cls, data, requires_grad), or an __init__
that never calls Parameter's; both give working parameters, which copy, deepcopy, pickle and train as PyTorch's."""
import copy
import pickle

import pytest

import autograd
import nn
import optim

torch = pytest.importorskip("torch")

LIBRARIES = {"glassgrad": (autograd, nn, optim), "torch": (torch, torch.nn, torch.optim)}


def subclasses(nn_module):
    class TaggedParam(nn_module.Parameter):
        def __new__(cls, data=None, requires_grad=True, tag=""):
            self = super().__new__(cls, data, requires_grad)
            self.tag = tag
            return self

    class InitParam(nn_module.Parameter):
        def __init__(self, data=None, requires_grad=True):
            self.created = True

    class BothParam(nn_module.Parameter):
        def __new__(cls, data, requires_grad=True, scale=1.0):
            return super().__new__(cls, data * scale, requires_grad)

        def __init__(self, data, requires_grad=True, scale=1.0):
            super().__init__()
            self.scale = scale

    return {"tagged": lambda lib: TaggedParam(lib.ones(2), tag="enc"),
            "tagged frozen": lambda lib: TaggedParam(lib.ones(2), False, tag="enc"),
            "init": lambda lib: InitParam(lib.ones(2)),
            "both": lambda lib: BothParam(lib.ones(2), scale=3.0),
            "init, no data": lambda lib: InitParam()}


def describe(p):
    """What a parameter is: its class, values, requires_grad, Python attributes, and whether ops work on it."""
    attributes = {key: value for key, value in vars(p).items() if key in ("tag", "created", "scale")}
    return type(p).__name__, p.tolist(), p.requires_grad, attributes, (p * 2).sum().item(), repr(p).split("\n")[0]


def made(name, kind):
    lib, nn_module, _ = LIBRARIES[name]
    return subclasses(nn_module)[kind](lib)


KINDS = list(subclasses(nn))


@pytest.mark.parametrize("kind", KINDS)
def test_a_subclass_is_built_as_pytorch_builds_it(kind):
    assert describe(made("glassgrad", kind)) == describe(made("torch", kind))


@pytest.mark.parametrize("how", ["copy", "deepcopy", "pickle"])
@pytest.mark.parametrize("kind", ["tagged", "init", "both"])
def test_a_subclass_copies_as_pytorch_copies_it(kind, how):
    copier = {"copy": copy.copy, "deepcopy": copy.deepcopy, "pickle": lambda p: pickle.loads(pickle.dumps(p))}[how]
    assert describe(copier(made("glassgrad", kind))) == describe(copier(made("torch", kind)))


@pytest.mark.parametrize("kind", ["tagged", "init", "both"])
def test_a_subclass_registers_trains_and_loads_as_pytorch(kind):
    results = {}
    for name, (_, nn_module, optim_module) in LIBRARIES.items():
        module = nn_module.Module()
        module.w = made(name, kind)
        stepper = optim_module.SGD(module.parameters(), lr=0.5)
        (module.w ** 2).sum().backward()
        stepper.step()
        module.load_state_dict({"w": module.w.detach() + 1})
        results[name] = [key for key, _ in module.named_parameters()], type(module.w).__name__, module.w.tolist()
    assert results["glassgrad"] == results["torch"]


def test_a_parameter_still_refuses_arguments_it_does_not_take():
    for lib, nn_module, _ in LIBRARIES.values():
        with pytest.raises(TypeError):
            nn_module.Parameter(lib.ones(2), True, 3)
        with pytest.raises(TypeError):
            nn_module.Parameter(lib.ones(2), foo=1)
