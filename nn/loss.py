"""Loss modules: each holds its options and calls the function of the same name in
nn.functional.losses, where the formula is documented. Class weights are buffers, as in PyTorch,
so they appear in state_dict."""
from autograd import Tensor

from .functional import losses as F, robust_losses
from .module import Module


class _Loss(Module):
    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__()
        if size_average is not None or reduce is not None:
            raise TypeError(f"{type(self).__name__}: size_average and reduce (deprecated in PyTorch) are not supported; "
                            "use reduction='mean', 'sum' or 'none'")
        if reduction not in F.REDUCTIONS + ("batchmean",):
            raise ValueError(f"reduction must be one of {F.REDUCTIONS}, got {reduction!r}")
        self.reduction = reduction

    def extra_repr(self):
        return "" if self.reduction == "mean" else f"reduction={self.reduction!r}"


class _WeightedLoss(_Loss):
    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", _buffer(weight))


def _buffer(value):
    return value if value is None or isinstance(value, Tensor) else Tensor(value)


class MSELoss(_Loss):
    """ℓᵢ = (xᵢ − yᵢ)²"""

    def forward(self, input, target):
        return F.mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """ℓᵢ = |xᵢ − yᵢ|"""

    def forward(self, input, target):
        return F.l1_loss(input, target, reduction=self.reduction)


class BCELoss(_WeightedLoss):
    """ℓᵢ = −wᵢ [yᵢ ln xᵢ + (1 − yᵢ) ln(1 − xᵢ)] of probabilities x"""

    def forward(self, input, target):
        return F.binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """ℓᵢ = −wᵢ [p yᵢ ln σ(xᵢ) + (1 − yᵢ) ln(1 − σ(xᵢ))] of logits x, computed stably"""

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean", pos_weight=None):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", _buffer(weight))
        self.register_buffer("pos_weight", _buffer(pos_weight))

    def forward(self, input, target):
        return F.binary_cross_entropy_with_logits(
            input, target, weight=self.weight, reduction=self.reduction, pos_weight=self.pos_weight
        )


class CrossEntropyLoss(_WeightedLoss):
    """ℓₙ = −w_{yₙ} log softmax(xₙ)[yₙ] (with label smoothing, ignore_index; or probability targets)"""

    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean",
                 label_smoothing=0.0):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input, target):
        return F.cross_entropy(
            input, target, weight=self.weight, ignore_index=self.ignore_index, reduction=self.reduction,
            label_smoothing=self.label_smoothing,
        )


class NLLLoss(_WeightedLoss):
    """ℓₙ = −w_{yₙ} xₙ[yₙ] of log-probabilities x"""

    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        return F.nll_loss(input, target, weight=self.weight, ignore_index=self.ignore_index, reduction=self.reduction)


class SoftMarginLoss(_Loss):
    """ℓᵢ = ln(1 + e^(−yᵢxᵢ)), the logistic loss, for y ∈ {−1, 1}"""

    def forward(self, input, target):
        return F.soft_margin_loss(input, target, reduction=self.reduction)


class HingeEmbeddingLoss(_Loss):
    """ℓᵢ = xᵢ if yᵢ = 1, max(0, margin − xᵢ) if yᵢ = −1"""

    def __init__(self, margin=1.0, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input, target):
        return F.hinge_embedding_loss(input, target, margin=self.margin, reduction=self.reduction)


class MultiMarginLoss(_WeightedLoss):
    """ℓₙ = (1/C) Σ_{c ≠ yₙ} w_{yₙ} max(0, margin − xₙ[yₙ] + xₙ[c])ᵖ"""

    def __init__(self, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)
        self.p = p
        self.margin = margin

    def forward(self, input, target):
        return F.multi_margin_loss(
            input, target, p=self.p, margin=self.margin, weight=self.weight, reduction=self.reduction
        )


class GaussianNLLLoss(_Loss):
    """ℓᵢ = ½ (ln varᵢ + (xᵢ − yᵢ)² / varᵢ), var clamped at eps"""

    def __init__(self, *, full=False, eps=1e-6, reduction="mean"):
        super().__init__(reduction=reduction)
        self.full = full
        self.eps = eps

    def forward(self, input, target, var):
        return F.gaussian_nll_loss(input, target, var, full=self.full, eps=self.eps, reduction=self.reduction)


class KLDivLoss(_Loss):
    """ℓᵢ = yᵢ (ln yᵢ − xᵢ) of log-probabilities x ('batchmean' gives the KL divergence per example)"""

    def __init__(self, size_average=None, reduce=None, reduction="mean", log_target=False):
        super().__init__(size_average, reduce, reduction)
        self.log_target = log_target

    def forward(self, input, target):
        return F.kl_div(input, target, reduction=self.reduction, log_target=self.log_target)


class SmoothL1Loss(_Loss):
    """ℓᵢ = ½ dᵢ² / β where |dᵢ| < β, else |dᵢ| − ½ β, of dᵢ = xᵢ − yᵢ"""

    def __init__(self, size_average=None, reduce=None, reduction="mean", beta=1.0):
        super().__init__(size_average, reduce, reduction)
        self.beta = beta

    def forward(self, input, target):
        return robust_losses.smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class HuberLoss(_Loss):
    """ℓᵢ = ½ dᵢ² where |dᵢ| < δ, else δ (|dᵢ| − ½ δ), of dᵢ = xᵢ − yᵢ"""

    def __init__(self, reduction="mean", delta=1.0):
        super().__init__(reduction=reduction)
        self.delta = delta

    def forward(self, input, target):
        return robust_losses.huber_loss(input, target, reduction=self.reduction, delta=self.delta)
