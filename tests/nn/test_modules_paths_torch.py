"""nn.modules holds each class where PyTorch's torch.nn.modules defines it (checked against PyTorch)."""
import inspect

import pytest

import nn
import nn.modules

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("submodule", sorted(nn.modules.SUBMODULES))
def test_each_class_is_where_pytorch_defines_it(submodule):
    for cls in nn.modules.SUBMODULES[submodule]:
        theirs = getattr(getattr(torch.nn.modules, submodule), cls.__name__)
        assert theirs.__module__ == f"torch.nn.modules.{submodule}", (cls, theirs.__module__)
        assert getattr(getattr(nn.modules, submodule), cls.__name__) is cls


def test_every_public_layer_of_nn_is_in_nn_modules_as_in_pytorch():
    for name in nn.__all__:
        value = getattr(nn, name)
        if inspect.isclass(value) and issubclass(value, nn.Module):
            module = getattr(torch.nn, name).__module__
            assert module.startswith("torch.nn.modules."), (name, module)
            assert getattr(getattr(nn.modules, module.rsplit(".", 1)[1]), name) is value
