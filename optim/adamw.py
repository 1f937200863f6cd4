"""AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, 2019)."""
from .adam import Adam


class AdamW(Adam):
    r"""Adam whose weight decay shrinks the parameters directly instead of entering the gradient:

        θ_{t-1} = θ_{t-1} (1 − γλ)
        then Adam's update with g_t = ∇θ f(θ_{t-1}) (no λθ term), see `Adam`.

    So the decay is not rescaled by Adam's per-coordinate step size. The default λ is 1e-2.
    foreach, capturable, differentiable, fused: as Adam's (they change nothing in glassgrad's arithmetic).
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False, foreach=None, capturable=False, differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)

    def load_state_dict(self, state_dict):
        """As Optimizer's; then every group decays decoupled again, whatever the dict says (an Adam's state dict
        carries decoupled_weight_decay=False): PyTorch's AdamW sets it back to True on load (its __setstate__)."""
        super().load_state_dict(state_dict)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
