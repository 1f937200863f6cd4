"""RMSprop: divide the gradient by a running root mean square of recent gradients (Hinton, 2012)."""
import numpy as np

from .optimizer import Optimizer, kernel_options, weak


class RMSprop(Optimizer):
    r"""RMSprop (PyTorch's update rule).

    With learning rate γ, smoothing constant α, ε, weight decay λ and momentum μ
    (v_0 = ḡ_0 = b_0 = 0), at step t:

        g_t = ∇θ f(θ_{t-1})                  (−∇θ f when maximize)
        g_t = g_t + λ θ_{t-1}                if λ ≠ 0
        v_t = α v_{t-1} + (1 − α) g_t²       running mean of squares
        ḡ_t = α ḡ_{t-1} + (1 − α) g_t        if centered
        d_t = √(v_t − ḡ_t²) + ε   if centered,   √v_t + ε   otherwise   (v_t − ḡ_t² fused, see _minus_square)
        b_t = μ b_{t-1} + g_t / d_t,  θ_t = θ_{t-1} − γ b_t      if μ > 0
        θ_t = θ_{t-1} − γ g_t / d_t                              otherwise

    capturable, foreach, differentiable: accepted and checked as PyTorch's (see optimizer.kernel_options);
    they change nothing in glassgrad's arithmetic.
    """

    own_state = ("step", "square_avg", "grad_avg", "momentum_buffer")  # (the state its step keeps as NumPy arrays)
    # what PyTorch's __setstate__ writes into a loaded group that lacks these options:
    filled_on_load = {"momentum": 0, "centered": False, "foreach": None, "maximize": False, "differentiable": False,
                      "capturable": False}

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if eps < 0.0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if alpha < 0.0:
            raise ValueError(f"Invalid alpha value: {alpha}")
        kernel = kernel_options(capturable=capturable, foreach=foreach, differentiable=differentiable)
        defaults = dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered, weight_decay=weight_decay,
                        capturable=kernel["capturable"], foreach=kernel["foreach"], maximize=maximize,
                        differentiable=kernel["differentiable"])  # (PyTorch's order of the keys)
        super().__init__(params, defaults)

    def update(self, param, grad, state, group):
        alpha, momentum = group["alpha"], group["momentum"]
        if not state:
            state["step"] = 0
            state["square_avg"] = np.zeros_like(param)
            if momentum > 0:
                state["momentum_buffer"] = np.zeros_like(param)
            if group["centered"]:
                state["grad_avg"] = np.zeros_like(param)
        state["step"] += 1
        if group["weight_decay"] != 0:
            grad = grad + weak(group["weight_decay"]) * param
        square_avg = state["square_avg"]
        square_avg *= weak(alpha)
        square_avg += weak(1 - alpha) * grad * grad
        if group["centered"]:
            grad_avg = state["grad_avg"]
            grad_avg += weak(1 - alpha) * (grad - grad_avg)  # = α ḡ + (1 − α) g, in PyTorch's order (lerp)
            denominator = np.sqrt(_minus_square(square_avg, grad_avg)) + weak(group["eps"])
        else:
            denominator = np.sqrt(square_avg) + weak(group["eps"])
        if momentum > 0:
            buffer = state["momentum_buffer"]
            buffer *= weak(momentum)
            buffer += grad / denominator
            param -= weak(group["lr"]) * buffer
        else:
            param -= (weak(group["lr"]) * grad) / denominator  # PyTorch's addcdiv order: (γ g) / d


def _minus_square(square_avg, grad_avg):
    """v − ḡ² as PyTorch's square_avg.addcmul(grad_avg, grad_avg, value=-1): one fused multiply-add, whose
    product is exact (done here in a wider type and rounded once). So an overflowed v = inf with a finite ḡ
    gives inf (the step becomes 0) where rounding ḡ² first would give inf − inf = NaN once ḡ² overflows too.
    (float64's is done in NumPy's longdouble, not wide enough to be exact: a last-place difference is possible.)"""
    wide = np.longdouble if square_avg.dtype == np.float64 else np.float64
    return (square_avg.astype(wide) - np.square(grad_avg.astype(wide))).astype(square_avg.dtype)
