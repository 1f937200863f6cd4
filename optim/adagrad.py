"""Adagrad: per-coordinate learning rates from the sum of all past squared gradients (Duchi et al., 2011)."""
import numpy as np

from .optimizer import Optimizer, divide, kernel_options, weak


class Adagrad(Optimizer):
    r"""Adagrad (PyTorch's update rule).

    With learning rate γ, learning-rate decay η, weight decay λ, ε and s_0 = initial_accumulator_value,
    at step t (starting at 1):

        g_t = ∇θ f(θ_{t-1})                  (−∇θ f when maximize)
        g_t = g_t + λ θ_{t-1}                if λ ≠ 0
        γ_t = γ / (1 + (t − 1) η)
        s_t = s_{t-1} + g_t²
        θ_t = θ_{t-1} − γ_t g_t / (√s_t + ε)

    foreach, differentiable, fused: accepted and checked as PyTorch's (see optimizer.kernel_options); they
    change nothing in glassgrad's arithmetic.
    """

    own_state = ("step", "sum")  # (the state its step keeps as NumPy arrays)
    # what PyTorch's __setstate__ writes into a loaded group that lacks these options:
    filled_on_load = {"foreach": None, "maximize": False, "differentiable": False, "fused": None}

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
                 foreach=None, *, maximize=False, differentiable=False, fused=None):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if lr_decay < 0.0:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if initial_accumulator_value < 0.0:
            raise ValueError(f"Invalid initial_accumulator_value value: {initial_accumulator_value}")
        if eps < 0.0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        kernel = kernel_options(foreach=foreach, differentiable=differentiable, fused=fused)
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, foreach=kernel["foreach"],
                        maximize=maximize, differentiable=kernel["differentiable"], fused=kernel["fused"])  # (PyTorch's order)
        super().__init__(params, defaults)
        for group in self.param_groups:  # (PyTorch's state exists from the start, also for a parameter never stepped)
            for param in group["params"]:
                self.state[param] = self._initial_state(param.detach().numpy())

    def _initial_state(self, param):
        """Step 0 and s_0: the constructor's initial_accumulator_value (not a group's, nor one changed later)."""
        return {"step": 0, "sum": np.full_like(param, self.defaults["initial_accumulator_value"])}

    def update(self, param, grad, state, group):
        if not state:  # (a parameter added by add_param_group, or left without state by load_state_dict)
            state.update(self._initial_state(param))
        state["step"] += 1
        if group["weight_decay"] != 0:
            grad = grad + weak(group["weight_decay"]) * param
        decay = group["lr_decay"]
        lr = divide(group["lr"], 1 + (state["step"] - 1) * decay, of_tensor=isinstance(decay, np.ndarray))
        state["sum"] += grad * grad
        param -= (weak(lr) * grad) / (np.sqrt(state["sum"]) + weak(group["eps"]))  # PyTorch's addcdiv order: (γ g) / d
