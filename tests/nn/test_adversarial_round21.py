"""The twenty-first adversarial pass's nn findings (hostile21d), against PyTorch."""
import copy

import pytest

import autograd
import nn

torch = pytest.importorskip("torch")


def test_deepcopy_of_a_lazy_module_before_its_first_forward():
    for lib, lazy in ((torch, torch.nn.LazyLinear), (autograd, nn.LazyLinear)):
        copied = copy.deepcopy(lazy(3))
        assert copied(lib.ones(2, 4)).shape == (2, 3)
    for make in (lambda: torch.nn.LazyBatchNorm1d(), lambda: nn.LazyBatchNorm1d()):
        with pytest.raises(ValueError):
            copy.deepcopy(make())
