"""The twenty-first adversarial pass's optimizer findings (hostile21d), against PyTorch: an optimizer written the
PyTorch way (its own step(), state kept in self.state[p] as tensors) runs and resumes from its state_dict, and a
state dict saved before the options foreach/fused/capturable/differentiable existed still loads."""
import numpy as np
import pytest

import autograd
import nn
import optim

torch = pytest.importorskip("torch")


def _momentum_class(base, no_grad):
    class Momentum(base):
        def __init__(self, params, lr=0.1, beta=0.9):
            super().__init__(params, {"lr": lr, "beta": beta})

        def step(self, closure=None):
            with no_grad():
                for group in self.param_groups:
                    for p in group["params"]:
                        state = self.state[p]  # (PyTorch's state is a defaultdict(dict))
                        if "buf" not in state:
                            state["buf"] = p.grad.clone()
                        else:
                            state["buf"].mul_(group["beta"]).add_(p.grad)
                        p.add_(state["buf"], alpha=-group["lr"])
    return Momentum


def _run(lib, base, no_grad, parameter):
    Momentum = _momentum_class(base, no_grad)
    p = parameter(lib.tensor([1.0, 2.0]))
    opt = Momentum([p])
    for _ in range(3):
        opt.zero_grad()
        (p * p).sum().backward()
        opt.step()
    resumed = Momentum([p])
    resumed.load_state_dict(opt.state_dict())
    resumed.zero_grad()
    (p * p).sum().backward()
    resumed.step()
    return p.detach().numpy().copy(), type(resumed.state[p]["buf"]).__name__


def test_a_pytorch_style_optimizer_steps_and_resumes():
    ours = _run(autograd, optim.Optimizer, autograd.no_grad, nn.Parameter)
    theirs = _run(torch, torch.optim.Optimizer, torch.no_grad, torch.nn.Parameter)
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-6)
    assert ours[1] == theirs[1] == "Tensor"


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta"])
def test_a_state_dict_without_the_later_options_loads(name):
    for lib, module in ((torch, torch.optim), (autograd, optim)):
        p = (torch.nn.Parameter if lib is torch else nn.Parameter)(lib.ones(2))
        opt = getattr(module, name)([p], lr=0.1)
        saved = opt.state_dict()
        for group in saved["param_groups"]:
            for key in ("foreach", "fused", "capturable", "differentiable", "maximize"):
                group.pop(key, None)
        fresh = getattr(module, name)([p], lr=0.1)
        fresh.load_state_dict(saved)
        assert fresh.param_groups[0].get("maximize", False) is False

