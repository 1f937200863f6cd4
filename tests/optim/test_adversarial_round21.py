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



def _global_step_class(base, no_grad):
    class Counting(base):
        def __init__(self, params, lr=0.1):
            super().__init__(params, {"lr": lr})

        def step(self, closure=None):
            with no_grad():
                self.state["global_step"] = self.state.get("global_step", 0) + 1
                for group in self.param_groups:
                    for p in group["params"]:
                        p.sub_(group["lr"] * p.grad)
    return Counting


def test_a_subclass_entry_in_state_under_a_string_key_is_saved_and_restored():
    found = {}
    for lib, base, no_grad, parameter in ((autograd, optim.Optimizer, autograd.no_grad, nn.Parameter),
                                          (torch, torch.optim.Optimizer, torch.no_grad, torch.nn.Parameter)):
        Counting = _global_step_class(base, no_grad)
        p = parameter(lib.ones(2))
        opt = Counting([p])
        for _ in range(3):
            (p * p).sum().backward()
            opt.step()
        resumed = Counting([p])
        resumed.load_state_dict(opt.state_dict())
        found[lib] = (list(opt.state_dict()["state"]), resumed.state.get("global_step"))
    assert found[autograd] == found[torch] == (["global_step"], 3)


def test_a_builtin_subclass_keeps_its_own_tensors_through_a_resume():
    found = {}
    for lib, adam, no_grad, parameter in ((autograd, optim.Adam, autograd.no_grad, nn.Parameter),
                                          (torch, torch.optim.Adam, torch.no_grad, torch.nn.Parameter)):
        class AdamEMA(adam):
            def step(self, closure=None, no_grad=no_grad):  # (this loop's no_grad, bound now)
                loss = super().step(closure)
                with no_grad():
                    for group in self.param_groups:
                        for p in group["params"]:
                            state = self.state[p]
                            if "ema" not in state:
                                state["ema"] = p.detach().clone()
                            else:
                                state["ema"].mul_(0.9).add_(p, alpha=0.1)
                return loss

        p = parameter(lib.tensor([0.5, 0.25]))
        opt = AdamEMA([p], lr=0.1)
        for _ in range(4):
            opt.zero_grad()
            (p * p).sum().backward()
            opt.step()
            if _ == 2:
                resumed = AdamEMA([p], lr=0.1)
                resumed.load_state_dict(opt.state_dict())
                opt = resumed
        found[lib] = opt.state[p]["ema"].detach().numpy()
    np.testing.assert_allclose(found[autograd], found[torch], rtol=1e-6)


def test_a_user_optimizers_integer_state_takes_a_float_parameters_dtype_on_load():
    """PyTorch casts every tensor in a floating parameter's state to its dtype, but the step (hostile23d S3)."""
    found = {}
    for lib, base, parameter in ((autograd, optim.Optimizer, nn.Parameter), (torch, torch.optim.Optimizer,
                                                                            torch.nn.Parameter)):
        class Counting(base):
            def __init__(self, params):
                super().__init__(params, {"lr": 0.1})

            def step(self, closure=None):
                pass

        p = parameter(lib.ones(2, dtype=lib.float64))
        opt = Counting([p])
        opt.state[p]["count"], opt.state[p]["step"] = lib.tensor(2), lib.tensor(3)
        fresh = Counting([p])
        fresh.load_state_dict(opt.state_dict())
        found[lib] = (str(fresh.state[p]["count"].dtype).replace("torch.", ""),
                      str(fresh.state[p]["step"].dtype).replace("torch.", ""))
    assert found[autograd] == found[torch]


def test_lbfgs_resumes_from_a_state_dict_that_holds_tensors():
    """PyTorch's format keeps tensors in the state: LBFGS's own entries are read back as its arrays (a review
    found them kept as tensors, so the next step failed)."""
    p = nn.Parameter(autograd.tensor([1.5, -0.5]))

    def closure():
        opt.zero_grad()
        loss = ((p - 3) ** 2).sum()
        loss.backward()
        return loss

    opt = optim.LBFGS([p], max_iter=3)
    opt.step(closure)
    saved = opt.state_dict()
    for entry in saved["state"].values():
        for key, value in entry.items():
            if isinstance(value, np.ndarray):
                entry[key] = autograd.tensor(value)
    opt = optim.LBFGS([p], max_iter=3)
    opt.load_state_dict(saved)
    opt.step(closure)
    np.testing.assert_allclose(p.detach().numpy(), [3.0, 3.0], atol=1e-4)
