"""Adam: adaptive moment estimation (Kingma & Ba, 2015), with AMSGrad and weight decay."""

import numpy as np

from autograd import Tensor

from .optimizer import Optimizer, divide, kernel_options, weak


class Adam(Optimizer):
    r"""Adam (PyTorch's update rule).

    With learning rate γ, betas (β₁, β₂), weight decay λ and ε, at step t (starting at 1,
    m_0 = v_0 = v̂max_0 = 0):

        g_t = ∇θ f(θ_{t-1})                  (−∇θ f when maximize)
        θ_{t-1} = θ_{t-1} (1 − γλ)           if decoupled_weight_decay (this is AdamW)
        g_t = g_t + λ θ_{t-1}                otherwise, if λ ≠ 0 (L2 penalty in the gradient)
        m_t = β₁ m_{t-1} + (1 − β₁) g_t      first moment
        v_t = β₂ v_{t-1} + (1 − β₂) g_t²     second moment
        v̂max_t = max(v̂max_{t-1}, v_t)        if amsgrad; the denominator then uses v̂max_t for v_t
        θ_t = θ_{t-1} − γ / (1 − β₁ᵗ) · m_t / (√v_t / √(1 − β₂ᵗ) + ε)

    The factors 1 − βᵗ correct the bias of moments that start at zero.

    foreach, capturable, differentiable, fused: accepted and checked as PyTorch's (see
    optimizer.kernel_options); they change nothing in glassgrad's arithmetic.
    """

    own_state = ("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq")  # (the state its step keeps as NumPy arrays)
    # what PyTorch's __setstate__ writes into a loaded group that lacks these options:
    filled_on_load = {"amsgrad": False, "maximize": False, "foreach": None, "capturable": False,
                      "differentiable": False, "decoupled_weight_decay": False, "fused": None}

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 foreach=None, maximize=False, capturable=False, differentiable=False, fused=None,
                 decoupled_weight_decay=False):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if eps < 0.0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if isinstance(betas[0], Tensor) != isinstance(betas[1], Tensor):
            raise ValueError("betas must be either both floats or both Tensors")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                        maximize=maximize, **kernel_options(foreach=foreach, capturable=capturable,
                                                            differentiable=differentiable, fused=fused),
                        decoupled_weight_decay=decoupled_weight_decay)  # (PyTorch's order of the keys)
        super().__init__(params, defaults)

    def update(self, param, grad, state, group):
        lr, weight_decay, (beta1, beta2) = group["lr"], group["weight_decay"], group["betas"]
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(param)
            state["exp_avg_sq"] = np.zeros_like(param)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = np.zeros_like(param)
        state["step"] += 1
        step = state["step"]
        if weight_decay != 0:
            if group["decoupled_weight_decay"]:
                param *= weak(1 - lr * weight_decay)
            else:
                grad = grad + weak(weight_decay) * param
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        exp_avg += weak(1 - beta1) * (grad - exp_avg)  # = β₁ m + (1 − β₁) g, in PyTorch's order (lerp)
        exp_avg_sq *= weak(beta2)
        exp_avg_sq += weak(1 - beta2) * grad * grad
        if group["amsgrad"]:
            np.maximum(state["max_exp_avg_sq"], exp_avg_sq, out=state["max_exp_avg_sq"])
            exp_avg_sq = state["max_exp_avg_sq"]
        step_size = divide(lr, 1 - beta1**step, of_tensor=isinstance(beta1, np.ndarray))
        denominator = np.sqrt(exp_avg_sq) / weak((1 - beta2**step) ** 0.5) + weak(group["eps"])  # (PyTorch's ** 0.5)
        param -= (weak(step_size) * exp_avg) / denominator  # PyTorch's addcdiv order: (γ m) / d, which may overflow
