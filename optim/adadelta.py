"""Adadelta: learning rates from running averages of squared gradients and squared updates (Zeiler, 2012)."""
import numpy as np

from .optimizer import Optimizer, kernel_options, weak


class Adadelta(Optimizer):
    r"""Adadelta (PyTorch's update rule).

    With learning rate γ, decay ρ, weight decay λ and ε, at each step (v_0 = u_0 = 0):

        g_t = ∇θ f(θ_{t-1})                           (−∇θ f when maximize)
        g_t = g_t + λ θ_{t-1}                         if λ ≠ 0
        v_t = ρ v_{t-1} + (1 − ρ) g_t²                running average of squared gradients ("square_avg")
        Δθ_t = √(u_{t-1} + ε) / √(v_t + ε) · g_t       the update, in the units of θ
        u_t = ρ u_{t-1} + (1 − ρ) Δθ_t²               running average of squared updates ("acc_delta")
        θ_t = θ_{t-1} − γ Δθ_t

    The update runs on arrays in PyTorch's order of operations, writing into θ's own array.

    foreach, capturable, differentiable: accepted and checked as PyTorch's (see optimizer.kernel_options);
    they change nothing in glassgrad's arithmetic.
    """

    own_state = ("step", "square_avg", "acc_delta")  # (the state its step keeps as NumPy arrays)
    # what PyTorch's __setstate__ writes into a loaded group that lacks these options:
    filled_on_load = {"foreach": None, "maximize": False, "differentiable": False, "capturable": False}

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *, capturable=False,
                 maximize=False, differentiable=False):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        if eps < 0.0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize,
                        **kernel_options(capturable=capturable, foreach=foreach, differentiable=differentiable))
        super().__init__(params, defaults)

    def update(self, param, grad, state, group):
        lr, rho, eps, weight_decay = group["lr"], group["rho"], group["eps"], group["weight_decay"]
        if not state:
            state["step"] = 0
            state["square_avg"] = np.zeros_like(param)
            state["acc_delta"] = np.zeros_like(param)
        state["step"] += 1
        square_avg, acc_delta = state["square_avg"], state["acc_delta"]
        if weight_decay != 0:
            grad = grad + weak(weight_decay) * param
        square_avg *= weak(rho)
        square_avg += weak(1 - rho) * grad * grad
        std = np.sqrt(square_avg + weak(eps))
        delta = np.sqrt(acc_delta + weak(eps)) / std * grad
        acc_delta *= weak(rho)
        acc_delta += weak(1 - rho) * delta * delta
        param -= weak(lr) * delta
