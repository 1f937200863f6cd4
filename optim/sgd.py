"""Stochastic gradient descent, with momentum, dampening, Nesterov momentum and weight decay."""
from .optimizer import Optimizer, kernel_options, weak


class SGD(Optimizer):
    r"""Stochastic gradient descent (PyTorch's update rule).

    With learning rate γ, momentum μ, dampening τ and weight decay λ, at step t:

        g_t = ∇θ f(θ_{t-1})                 (−∇θ f when maximize)
        g_t = g_t + λ θ_{t-1}               if λ ≠ 0
        b_t = g_t                           at t = 1, if μ ≠ 0
        b_t = μ b_{t-1} + (1 − τ) g_t       at t > 1, if μ ≠ 0
        g_t = g_t + μ b_t  (nesterov)  or  g_t = b_t        if μ ≠ 0
        θ_t = θ_{t-1} − γ g_t

    foreach, differentiable, fused: accepted and checked as PyTorch's (see optimizer.kernel_options); they
    change nothing in glassgrad's arithmetic.
    """

    own_state = ("momentum_buffer",)  # (the state its step keeps as NumPy arrays)
    # what PyTorch's __setstate__ writes into a loaded group that lacks these options:
    filled_on_load = {"nesterov": False, "maximize": False, "foreach": None, "differentiable": False, "fused": False}

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *, maximize=False,
                 foreach=None, differentiable=False, fused=None):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                        nesterov=nesterov, maximize=maximize,
                        **kernel_options(foreach=foreach, differentiable=differentiable, fused=fused))
        super().__init__(params, defaults)

    def step(self, closure=None):
        # PyTorch reads every momentum buffer before it updates any: a parameter listed twice in a group (which
        # it warns about) starts its buffer afresh at each place on its first step, and the last one is kept
        self._buffers_made = set()
        return super().step(closure)

    def update(self, param, grad, state, group):
        momentum = group["momentum"]
        if group["weight_decay"] != 0:
            grad = grad + weak(group["weight_decay"]) * param
        if momentum != 0:
            buffer = state.get("momentum_buffer")
            if buffer is None or id(buffer) in self._buffers_made:
                buffer = state["momentum_buffer"] = grad.copy()
                self._buffers_made.add(id(buffer))
            else:
                buffer *= weak(momentum)
                buffer += weak(1 - group["dampening"]) * grad
            grad = grad + weak(momentum) * buffer if group["nesterov"] else buffer
        param -= weak(group["lr"]) * grad
