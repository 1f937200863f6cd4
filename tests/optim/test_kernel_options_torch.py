"""foreach=, fused=, capturable=, differentiable= as PyTorch 2.13 takes them on the CPU.

Was (hostile20d): TypeError "unexpected keyword argument" from Adam, AdamW, SGD, Adagrad and RMSprop for fused=False
(llm.c's and several nanoGPT forks' AdamW(..., fused=use_fused) stopped at construction)."""
import inspect
import itertools

import numpy as np
import pytest

import autograd
import nn
import optim

torch = pytest.importorskip("torch")

NAMES = ("SGD", "Adam", "AdamW", "Adagrad", "RMSprop", "Adadelta", "LBFGS")
STEPPED = NAMES[:-1]
VALUES = {"foreach": (None, False, True), "fused": (None, False, True),
          "capturable": (None, False, True), "differentiable": (False, True)}


def signature(cls):
    return [(p.name, p.kind, p.default) for p in inspect.signature(cls.__init__).parameters.values()]


@pytest.mark.parametrize("name", NAMES)
def test_the_constructors_take_pytorchs_arguments_in_pytorchs_places(name):
    """Names, positional or keyword-only, and defaults (RMSprop's are all positional, Adagrad's foreach too)."""
    assert signature(getattr(optim, name)) == signature(getattr(torch.optim, name))


def outcome(lib_optim, lib, name, options):
    """What building the optimizer and taking one step gives: the group's kernel keys, or the error's type."""
    param = lib.nn.Parameter(lib.ones(2)) if lib is torch else nn.Parameter(autograd.ones(2))
    try:
        opt = getattr(lib_optim, name)([param], lr=0.1, **options)
        param.grad = (torch if lib is torch else autograd).ones(2)
        opt.step()
    except (TypeError, RuntimeError, AssertionError) as error:
        return RuntimeError if isinstance(error, RuntimeError) else type(error)
    return {key: opt.param_groups[0][key] for key in VALUES if key in opt.param_groups[0]}


CASES = [dict(zip(keys, values, strict=True))
         for keys in (("foreach",), ("fused",), ("capturable",), ("differentiable",),
                      ("fused", "foreach"), ("fused", "differentiable"), ("fused", "capturable"))
         for values in itertools.product(*(VALUES[key] for key in keys))]


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("name", STEPPED)
def test_accepted_and_refused_as_pytorch(name):
    """The same values accepted (and kept in param_groups), the same error types for the others (PyTorch raises
    capturable's AssertionError and differentiable's RuntimeError at the first step; glassgrad at construction,
    differentiable's as NotImplementedError, a RuntimeError)."""
    for options in CASES:
        assert outcome(optim, nn, name, options) == outcome(torch.optim, torch, name, options), options


@pytest.mark.parametrize("name", STEPPED)
def test_the_options_change_nothing_in_the_arithmetic(name):
    accepted = {key: False for key in signature_keys(name)}
    accepted.update({"fused": True} if "fused" in accepted else {"foreach": True})
    results = []
    for options in ({}, accepted):
        param = nn.Parameter(autograd.tensor([1.0, -2.0, 0.5]))
        opt = getattr(optim, name)([param], lr=0.1, **options)
        for step in range(5):
            param.grad = autograd.tensor([0.3, -0.1, 0.2]) * (step + 1)
            opt.step()
        results.append(param.detach().numpy().copy())
    np.testing.assert_array_equal(results[0], results[1])


def signature_keys(name):
    return [key for key in VALUES if key in inspect.signature(getattr(optim, name).__init__).parameters]


def test_the_refusals_name_the_problem():
    param = nn.Parameter(autograd.ones(2))
    with pytest.raises(RuntimeError, match="`fused` and `foreach` cannot be `True` together"):
        optim.AdamW([param], fused=True, foreach=True)
    with pytest.raises(AssertionError, match="capturable=True.*CPU"):
        optim.Adam([param], capturable=True)
    with pytest.raises(NotImplementedError, match="differentiable=True.*never record a graph"):
        optim.SGD([param], differentiable=True)
    with pytest.raises(TypeError, match="fused"):
        optim.RMSprop([param], fused=False)  # as PyTorch 2.13: RMSprop and Adadelta have no fused kernel
