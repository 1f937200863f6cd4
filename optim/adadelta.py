"""Adadelta: learning rates from running averages of squared gradients and squared updates (Zeiler, 2012)."""
from autograd import as_tensor, enable_grad, no_grad, zeros_like

from .optimizer import Optimizer


class Adadelta(Optimizer):
    r"""Adadelta (PyTorch's update rule).

    With learning rate γ, decay ρ, weight decay λ and ε, at each step (v_0 = u_0 = 0):

        g_t = ∇θ f(θ_{t-1})                           (−∇θ f when maximize)
        g_t = g_t + λ θ_{t-1}                         if λ ≠ 0
        v_t = ρ v_{t-1} + (1 − ρ) g_t²                running average of squared gradients ("square_avg")
        Δθ_t = √(u_{t-1} + ε) / √(v_t + ε) · g_t       the update, in the units of θ
        u_t = ρ u_{t-1} + (1 − ρ) Δθ_t²               running average of squared updates ("acc_delta")
        θ_t = θ_{t-1} − γ Δθ_t

    The update runs with Tensor operations, in place, under no_grad, in PyTorch's order of operations.
    """

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
        if differentiable:
            raise NotImplementedError("Adadelta(differentiable=True) is not supported by glassgrad: "
                                      "its updates never record a graph")
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize, foreach=foreach,
                        capturable=capturable, differentiable=differentiable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns closure()'s loss when given one."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        with no_grad():
            for group in self.param_groups:
                for param in group["params"]:
                    if param.grad is not None:
                        self._update(param, self.state.setdefault(param, {}), group)
        return loss

    def _update(self, param, state, group):
        lr, rho, eps, weight_decay = group["lr"], group["rho"], group["eps"], group["weight_decay"]
        if not state:
            state["step"] = 0
            state["square_avg"] = zeros_like(param)
            state["acc_delta"] = zeros_like(param)
        state["step"] += 1
        square_avg, acc_delta = as_tensor(state["square_avg"]), as_tensor(state["acc_delta"])  # shares memory
        grad = -param.grad if group["maximize"] else param.grad
        if weight_decay != 0:
            grad = grad + weight_decay * param
        square_avg.mul_(rho).add_((1 - rho) * grad * grad)
        std = (square_avg + eps).sqrt_()
        delta = (acc_delta + eps).sqrt_().div_(std).mul_(grad)
        acc_delta.mul_(rho).add_((1 - rho) * delta * delta)
        param.add_(delta, alpha=-lr)
