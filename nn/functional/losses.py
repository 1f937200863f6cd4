"""Loss functions, PyTorch's formulas and defaults, each composed of autograd operations.

Every loss takes `reduction`: 'mean' (the default: average over the elements, or the weighted
average where PyTorch takes one), 'sum', or 'none' (the loss of each element, unreduced).
Losses of probabilities and logits use stable forms: log-softmax for cross-entropy, and
softplus(x) = ln(1 + eˣ) computed without overflow for the logistic losses.
"""
import functools
import math

import numpy as np

import autograd
from autograd import Tensor
from autograd.functional.opmath import in_float32
from autograd.functional.saved import composed, one_node
from autograd.pytorch.checks import broadcasts_to
from autograd.pytorch.conversion import held_number
from autograd.scope import module_scope, name_output

from ._inputs import check_tensor
from ._shapes import require_floating, require_int
from .activations_more import logsigmoid as _logsigmoid

REDUCTIONS = ("mean", "sum", "none")


def _reduce(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")


def _drawn_as_one(loss_function):
    """A loss recorded inside a scope named after it (autograd/scope.py), as a module call is: a drawing shows
    it as one box a learner can open on its ops, and calls its result 'loss'."""
    @functools.wraps(loss_function)
    def recorded_as_one(*args, **kwargs):
        with module_scope(loss_function.__name__):
            return name_output(loss_function(*args, **kwargs), "loss")
    return recorded_as_one


def _as_tensor(value, like):
    return value if isinstance(value, Tensor) else Tensor(np.asarray(value, dtype=like.dtype))


def _values(x):
    """The values of x (a Tensor, an array, a list or a number) as a NumPy array, outside any graph."""
    return x.detach().numpy() if isinstance(x, Tensor) else np.asarray(x)


def _broadcast_shape(first, second):
    """The shape that two shapes broadcast to, or None where they do not broadcast."""
    try:
        return np.broadcast_shapes(first, second)
    except ValueError:
        return None


def _check_same_shape(name, input, target, mismatch=RuntimeError, broadcast_to_input=False):
    """Refuse input and target of different shapes. Where PyTorch refuses them too, with its type: `mismatch`
    (RuntimeError; the BCE losses' ValueError) for shapes that do not broadcast, or, with broadcast_to_input,
    whose broadcast is not the input's shape. Where PyTorch would broadcast them (a (N, 1) output against (N,)
    targets silently becoming an (N, N) loss), glassgrad's refusal: ValueError."""
    if input.shape == target.shape:
        return
    broadcast = _broadcast_shape(input.shape, target.shape)
    pytorch_refuses = broadcast is None or (broadcast_to_input and broadcast != input.shape)
    raise (mismatch if pytorch_refuses else ValueError)(
        f"{name}: input and target must have the same shape, got input {input.shape} and target {target.shape}")


PROBABILITY_EPS = 1e-12  # PyTorch's binary_cross_entropy bounds its gradient 1/p by 1/eps


def _clamped_log(p):
    """ln p limited below at −100, as PyTorch's binary_cross_entropy does (so p = 0 gives −100, not −inf).

    Its gradient is 1/max(p, 1e-12), PyTorch's bound: below 1e-12, ln p is continued by the tangent-free
    constant max(ln p₀, −100) + (p − p₀)/1e-12 (the same value, a finite slope, kept where the clamp holds too:
    PyTorch's gradient at p = 1e-50, y = 1 is −1e12, not 0). So binary_cross_entropy(sigmoid(x), 1)
    in float32 has a gradient of about −0 at x ≈ −95, not −∞. (PyTorch's gradient is (p − y)/max(p(1 − p),
    1e-12) as a whole; the two agree except where p is within 1e-12 of a target y ∈ {0, 1}: there this one
    gives ∓1/(1 − p) or so, the derivative of the loss, and PyTorch (p − y)/1e-12, 0 where p is exactly y.)"""
    positive = _values(p) > 0
    value = autograd.where(positive, autograd.log(autograd.where(positive, p, 1.0)), -100.0)
    tiny = _values(p) < PROBABILITY_EPS  # (ln p ≥ −27.6 elsewhere: the clamp at −100 holds only here)
    if tiny.any():
        slope = (p - Tensor(_values(p))) / PROBABILITY_EPS  # 0 in value, gradient 1/eps
        value = autograd.where(tiny, autograd.clamp(value.detach(), min=-100.0) + slope, value)
    return value


def mse_loss(input, target, reduction="mean"):
    """Mean squared error: ℓᵢ = (xᵢ − yᵢ)².

    Unlike PyTorch, which broadcasts input and target of different shapes with a warning (a (N, 1) output
    against (N,) targets silently becomes an (N, N) loss), different shapes are refused: ValueError, or
    PyTorch's RuntimeError for shapes that do not broadcast."""
    check_tensor("mse_loss", input)
    check_tensor("mse_loss", target, "target", 2)
    _check_same_shape("mse_loss", input, target)
    if input.dtype.kind not in "fc" and target.dtype.kind not in "fc":  # (one float tensor: promoted, as PyTorch)
        raise NotImplementedError(f'"mse_loss" not implemented for {input.dtype} and {target.dtype} tensors: pass '
                                  "floating point tensors (x.float())")
    difference = input - target  # one node that saves input and target, as PyTorch's (autograd/functional/saved.py)
    return one_node(_reduce(difference * difference, reduction), "MseLossBackward0", input, target)


def l1_loss(input, target, reduction="mean"):
    """Mean absolute error: ℓᵢ = |xᵢ − yᵢ|. Input and target must have the same shape (see mse_loss)."""
    check_tensor("l1_loss", input)
    check_tensor("l1_loss", target, "target", 2)
    _check_same_shape("l1_loss", input, target)
    return _reduce(autograd.abs(input - target), reduction)


def binary_cross_entropy(input, target, weight=None, reduction="mean"):
    """Binary cross-entropy of probabilities x ∈ [0, 1]:

        ℓᵢ = −wᵢ [yᵢ ln xᵢ + (1 − yᵢ) ln(1 − xᵢ)],   each ln clamped at −100 (PyTorch's rule).

    Prefer binary_cross_entropy_with_logits: it never needs the clamp. Input and target must lie in [0, 1]
    (NaN is refused). As in PyTorch, float32 σ(x) is 0 below x ≈ −88.7, so BCE(σ(−95), 1) is the clamp, 100.
    One deliberate difference: where a probability is exactly its target, 0 or 1, the gradient with respect to
    the probability is the loss's derivative, ±1/N (1/(1 − x) at x = y = 0), where PyTorch's formula
    (x − y)/max(x(1 − x), 1e-12) gives 0; through a sigmoid both become 0 (σ′ is 0 where σ is exactly 0 or 1).
    Likewise the gradient with respect to the target, where x is exactly 0 or 1, is the clamped logs' slope,
    ±100/N, where PyTorch's ln(1 − x) − ln x is ±inf."""
    check_tensor("binary_cross_entropy", input)
    check_tensor("binary_cross_entropy", target, "target", 2)
    _check_same_shape("binary_cross_entropy", input, target, mismatch=ValueError)  # (PyTorch's type)
    if target.dtype != input.dtype:
        raise RuntimeError(f"binary_cross_entropy: found target of dtype {target.dtype} but expected {input.dtype}, the input's")
    if not np.all((_values(input) >= 0) & (_values(input) <= 1)):  # NaN fails too
        raise RuntimeError("binary_cross_entropy: all elements of input should be between 0 and 1")
    if not np.all((_values(target) >= 0) & (_values(target) <= 1)):
        raise RuntimeError("binary_cross_entropy: all elements of target should be between 0 and 1")
    if weight is not None and not broadcasts_to(np.shape(weight), input.shape):  # (PyTorch's error type)
        raise RuntimeError(f"binary_cross_entropy: weight of shape {tuple(np.shape(weight))} does not broadcast to "
                           f"the input's shape {tuple(input.shape)}")
    loss = _binary_cross_entropy(input, target)
    if weight is not None:
        loss = loss * weight
    return composed(_reduce(loss, reduction), "binary_cross_entropy", input, target, weight)


@in_float32
def _binary_cross_entropy(input, target):
    """Its elementwise loss, float16 computed in float32 and rounded once (PyTorch's kernel)."""
    return (target - 1) * _clamped_log(1 - input) - target * _clamped_log(input)  # (PyTorch's order: +0 at x = y)


def _grown_shape(shape, target):
    """The shape that `shape` and `target` broadcast to, where it is bigger than target; else None (also for shapes
    that do not broadcast, left to the arithmetic's own error)."""
    grown = _broadcast_shape(shape, target)
    return grown if grown != tuple(target) else None


def binary_cross_entropy_with_logits(input, target, weight=None, reduction="mean", pos_weight=None):
    """Binary cross-entropy of logits x (probability σ(x)), stable for any x:

        ℓᵢ = −wᵢ [p yᵢ ln σ(xᵢ) + (1 − yᵢ) ln(1 − σ(xᵢ))]
           = wᵢ [(1 − yᵢ) xᵢ + (1 + (p − 1) yᵢ) softplus(−xᵢ)]

    using ln σ(x) = −softplus(−x) and ln(1 − σ(x)) = −softplus(x) = −x − softplus(−x).
    With p = 1 (no pos_weight) this is max(x, 0) − x·y + ln(1 + e^(−|x|)).
    `pos_weight` p (one per class, broadcast over the last axis) weighs the positive examples.
    Computed in the first form with p = 1 too, PyTorch's: an infinite logit gives the same inf or NaN. The
    gradients are this composition's, PyTorch's for finite weights and pos_weight (logits ±inf included); an
    infinite weight or pos_weight entry (a difference) can give NaN where PyTorch's own formulas,
    ((p·y + 1 − y)·σ(x) − p·y)·w for x and (ln σ(−x) − p·ln σ(x))·w for y, give ±inf: here each term's
    gradient is added (∞ − ∞, 0·∞)."""
    check_tensor("binary_cross_entropy_with_logits", input)
    check_tensor("binary_cross_entropy_with_logits", target, "target", 2)
    _check_same_shape("binary_cross_entropy_with_logits", input, target, mismatch=ValueError)
    require_floating("binary_cross_entropy_with_logits", input)
    if target.dtype.kind not in "fc":
        raise RuntimeError(f"binary_cross_entropy_with_logits: the target's dtype {target.dtype} cannot hold the "
                           f"loss (result type {input.dtype}): pass a floating point target (y.float())")
    for name, factor in (("pos_weight", pos_weight), ("weight", weight)):  # PyTorch multiplies them in place
        grown = None if factor is None else _grown_shape(np.shape(factor), input.shape)
        if grown is not None:
            raise RuntimeError(f"binary_cross_entropy_with_logits: {name} of shape {tuple(np.shape(factor))}: output "
                               f"with shape {list(input.shape)} doesn't match the broadcast shape {list(grown)}")
    log_weight = 1 if pos_weight is None else 1 + (_as_tensor(pos_weight, input) - 1) * target
    loss = (1 - target) * input - _logsigmoid(input) * log_weight  # (PyTorch's steps: float16 rounds each, as its)
    if weight is not None:
        loss = loss * weight
    loss = loss.to(target.dtype)  # (PyTorch's loss has the target's dtype, whatever x's, weight's or pos_weight's)
    return composed(_reduce(loss, reduction), "binary_cross_entropy_with_logits", input, target, weight,
                    pos_weight)


def soft_margin_loss(input, target, reduction="mean"):
    """The logistic loss of the margin m = y·x (y ∈ {−1, 1}):  ℓᵢ = ln(1 + e^(−yᵢxᵢ)) = softplus(−yᵢxᵢ).

    Computed as PyTorch's steps compute it, log1p(exp(−y·x)), each rounded to the input's dtype (float16 too), except
    where exp overflows: there the loss is −y·x itself (its correctly rounded value), where PyTorch's is inf (a
    deliberate difference: a margin of −1e5 gives a loss of 1e5, and at x = ±inf the gradient is −y·σ(−y·x)/N,
    where PyTorch's is NaN). Input and target must have the same shape:
    PyTorch's RuntimeError where the target does not broadcast to the input's shape, ValueError where it does
    (PyTorch broadcasts it there)."""
    check_tensor("soft_margin_loss", input)
    check_tensor("soft_margin_loss", target, "target", 2)
    _check_same_shape("soft_margin_loss", input, target, broadcast_to_input=True)
    require_floating("soft_margin_loss", input)
    loss = _log1p_exp(-(input * target)).to(input.dtype)  # (PyTorch's has the input's dtype, whatever the target's)
    return composed(_reduce(loss, reduction), "soft_margin_loss", input, target)


def _log1p_exp(m):
    """ln(1 + eᵐ) as log1p(exp(m)), and m where exp(m) overflows (exp then sees 0 there, so that the unused
    branch's gradient stays finite)."""
    with np.errstate(over="ignore"):
        overflows = autograd.isinf(autograd.exp(m.detach())) & (m > 0)
    return autograd.where(overflows, m, autograd.log1p(autograd.exp(autograd.where(overflows, 0.0, m))))


def hinge_embedding_loss(input, target, margin=1.0, reduction="mean"):
    """For y ∈ {−1, 1}:  ℓᵢ = xᵢ if yᵢ = 1,  max(0, margin − xᵢ) if yᵢ = −1
    (as in PyTorch, a target that is neither adds both terms). max(0, ·) is PyTorch's clamp_min, whose
    gradient at margin − xᵢ = 0 is −1 (relu's would be 0)."""
    check_tensor("hinge_embedding_loss", input)
    check_tensor("hinge_embedding_loss", target, "target", 2)
    _check_same_shape("hinge_embedding_loss", input, target)
    require_floating("hinge_embedding_loss", input)
    y = _values(target)
    hinge = autograd.clamp(margin - input, min=0)
    loss = autograd.where(y != 1, hinge, 0.0) + autograd.where(y != -1, input, 0.0)
    return _reduce(loss, reduction)


def _class_indices(name, target, num_classes, ignore_index=None):
    """The target's class indices as an int array, after checking that each is in [0, C) (or ignored)."""
    indices = _values(target)
    if indices.dtype.kind not in "iu" or name == "multi_margin_loss" and indices.dtype != np.int64:
        raise RuntimeError(f"{name}: expected integer class indices (int64) as target, got dtype {indices.dtype}")
    valid = (indices >= 0) & (indices < num_classes)
    if ignore_index is not None:
        valid |= indices == ignore_index
    if not valid.all():
        bad = int(indices[~valid].flat[0])
        ignored = f" or ignore_index={ignore_index}" if ignore_index is not None else ""
        error = RuntimeError if name == "multi_margin_loss" else IndexError  # (PyTorch's types)
        raise error(f"{name}: target class {bad} is out of range; valid classes are 0 to {num_classes - 1}{ignored}")
    return indices


def _require_long_or_byte(name, target):
    """PyTorch's RuntimeError for integer class indices of another dtype than int64 or uint8 (int32, bool, ...)."""
    dtype = _values(target).dtype
    if dtype.kind in "iub" and dtype not in (np.int64, np.uint8):
        raise RuntimeError(f"{name}: expected target dtype to be Long or Byte (int64 or uint8), but got {dtype}")


def _check_class_shapes(name, input, target_shape):
    """input (N, C, d1, ...) or (C,) against class-index targets (N, d1, ...) or (). PyTorch's error types:
    ValueError for another batch size (a (C,) input is a batch of 1, a () target of 0), RuntimeError for
    any other shape (multi_margin_loss: RuntimeError for all)."""
    target_shape = tuple(target_shape)
    expected = input.shape[:1] + input.shape[2:] if input.ndim > 1 else ()
    if target_shape == expected:
        return
    batch, target_batch = (input.shape[0] if input.ndim > 1 else 1), (target_shape[0] if target_shape else 0)
    error = ValueError if target_batch != batch and name != "multi_margin_loss" else RuntimeError
    raise error(f"{name}: input of shape {input.shape} (N, C, d1, ...) needs class-index targets of shape "
                f"{expected}, got target of shape {target_shape}"
                + (f" (input batch_size {batch}, target batch_size {target_batch})" if error is ValueError else ""))


def _class_weights(weight, num_classes, like):
    """The class weights as an array broadcastable along axis 1 of (N, C, d1, ...)."""
    if weight is None:
        return None
    weight = _as_tensor(weight, like)
    if weight.shape != (num_classes,):  # (PyTorch's RuntimeError; multi_margin_loss's ValueError for ndim ≠ 1)
        raise RuntimeError(f"weight tensor should be defined either for all {num_classes} classes or no classes but "
                           f"got weight tensor of shape: {list(weight.shape)}")
    return weight


def _nll_of_indices(name, log_probs, target, weight, ignore_index, reduction, label_smoothing=0.0):
    """ℓₙ = (1 − ε) ℓₙᴺᴸᴸ + (ε/C) ℓₙˢ,  ℓₙᴺᴸᴸ = −w_{yₙ} log pₙ[yₙ],  ℓₙˢ = −Σ_c w_c log pₙ[c]   (0 for ignored targets),
    PyTorch's two terms; 'mean' divides each sum by Σₙ w_{yₙ} over the targets kept (PyTorch's weighted mean), a
    total of 0 giving its 0/0 = NaN or x/0 = ±∞. Each term is a sum over classes of log p times a constant matrix:
    the NLL one holds only the target's weight w_{yₙ} (a one-hot row each), so a class weight of ∞ or NaN reaches
    only the examples of that class; the smoothing one holds every class weight, as PyTorch's."""
    require_int(name, "ignore_index", ignore_index)
    squeeze = log_probs.ndim == 1
    if squeeze:  # a single example (C,) with a 0-d target
        log_probs = log_probs.unsqueeze(0)
        target = np.reshape(_values(target), (1,))
    num_classes = log_probs.shape[1]
    _require_long_or_byte(name, target)
    indices = _class_indices(name, target, num_classes, ignore_index)
    kept = indices != ignore_index
    kept_rows = np.expand_dims(kept, 1)
    one_hot = np.moveaxis(np.arange(num_classes) == np.where(kept, indices, 0)[..., None], -1, 1) & kept_rows
    class_weight = np.ones(num_classes) if weight is None else _values(weight)
    class_axis_weight = np.broadcast_to(class_weight.reshape((1, num_classes) + (1,) * (log_probs.ndim - 2)),
                                        one_hot.shape)
    total_weight = float(np.where(kept, class_weight[np.where(kept, indices, 0)], 0.0).sum())
    # a log p met by no coefficient adds 0, not 0·(−∞), and passes back exactly 0, not 0·∞ (from a total weight of
    # 0, or an upstream gradient of ±∞ or NaN): PyTorch's backward scatters the gradient into zeros
    counted = name_output(autograd.where(one_hot, log_probs, 0.0), "log p at the targets")
    one_hot_only = label_smoothing == 0 and weight is None and kept.all()
    targets = Tensor(np.where(one_hot, class_axis_weight, 0.0).astype(log_probs.dtype))
    targets.name = "one-hot targets" if one_hot_only else "target weights"  # what drawings call it
    picked = name_output(counted * targets, "log p × " + ("one-hot" if one_hot_only else "target weights"))
    loss = name_output(-name_output(picked.sum(dim=1), "log p of the target" if one_hot_only else
                                    "weighted log p of the target"), "loss per example")
    if label_smoothing > 0:
        every_class = Tensor(class_axis_weight.astype(log_probs.dtype))
        every_class.name = "class weights"
        smoothing = -(log_probs * every_class).sum(dim=1)
        if not kept.all():  # PyTorch's masked_fill after the sum: an ignored row's gradient is 0·w_c (NaN for w_c = ∞)
            smoothing = autograd.where(kept, smoothing, 0.0)
        loss, smoothing = (1 - label_smoothing) * loss, label_smoothing / num_classes * smoothing
        if reduction != "mean":
            loss = loss + smoothing
    if reduction == "none" and not kept.all():  # +0 at ignored targets (−Σ 0 is −0), as PyTorch's
        loss = autograd.where(kept, loss, 0.0)
    if squeeze:
        loss = loss.reshape(())
    if reduction != "mean":
        return _reduce(loss, reduction)
    total = name_output(loss.sum(), "sum of the losses")
    smoothing_total = smoothing.sum() if label_smoothing > 0 else 0.0
    if not kept.any():  # every target ignored, or none: PyTorch's 0/0 = NaN; the gradient with respect to x is 0
        return (total + smoothing_total) * float("nan")  # (the where's), and its derivative in the upstream NaN
    with np.errstate(divide="ignore", invalid="ignore"):  # a total weight of 0 otherwise: NaN or ±∞, as PyTorch's
        mean = total / total_weight
        return mean if label_smoothing == 0 else mean + smoothing_total / total_weight


@_drawn_as_one
def nll_loss(input, target, weight=None, ignore_index=-100, reduction="mean"):
    """Negative log-likelihood of log-probabilities x (N, C, d1, ...) and class indices y (N, d1, ...):

        ℓₙ = −w_{yₙ} xₙ[yₙ]   (0 where yₙ = ignore_index);  'mean' = Σ ℓₙ / Σ w_{yₙ} over kept targets."""
    check_tensor("nll_loss", input)
    _check_class_shapes("nll_loss", input, np.shape(_values(target)))
    weight = _class_weights(weight, input.shape[1 if input.ndim > 1 else 0], input)
    loss = _nll_of_indices("nll_loss", input, target, weight, ignore_index, reduction)
    return one_node(loss, "NllLossBackward0", input, target, weight)  # saves them, as PyTorch's


@_drawn_as_one
def cross_entropy(input, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """Cross-entropy of logits x (N, C) — or (N, C, d1, ...), e.g. (N, C, T) for a sequence — and

    class indices y (N,) or (N, d1, ...):
        ℓₙ = −(1 − ε) w_{yₙ} log pₙ[yₙ] − (ε/C) Σ_c w_c log pₙ[c],   log p = log_softmax(x, dim=1);
        ignored targets count 0, and 'mean' divides by Σ w_{yₙ} over the targets kept.
    class probabilities y (same shape as x):
        ℓₙ = −Σ_c w_c y′ₙ[c] log pₙ[c],  y′ = (1 − ε) y + ε/C;  'mean' divides by N (× d1 ...).

    ε is label_smoothing. log_softmax subtracts the max first: finite for logits of ±1e5."""
    check_tensor("cross_entropy_loss", input)
    class_dim = 1 if input.ndim > 1 else 0
    num_classes = input.shape[class_dim]
    weight = _class_weights(weight, num_classes, input)
    log_probs = autograd.log_softmax(input, dim=class_dim)
    label_smoothing = held_number(label_smoothing)
    if not 0.0 <= label_smoothing <= 1.0:  # (PyTorch ignores a negative one; refused here as the mistake it is)
        raise RuntimeError(f"cross_entropy: label_smoothing must be between 0.0 and 1.0, got {label_smoothing}")
    is_probabilities = isinstance(target, Tensor) and target.dtype.kind == "f"
    if not is_probabilities:
        _check_class_shapes("cross_entropy", input, np.shape(_values(target)))
        loss = _nll_of_indices("cross_entropy", log_probs, target, weight, ignore_index, reduction, label_smoothing)
        return composed(loss, "cross_entropy", input, target, weight)
    if ignore_index >= 0:  # PyTorch's rule: a negative one (the default, -100) is accepted and means nothing
        raise RuntimeError(f"cross_entropy: ignore_index is not supported for class-probability (floating point) "
                           f"targets, got ignore_index={ignore_index}")
    if target.shape != input.shape:  # (PyTorch's error then: expected target dtype to be Long or Byte)
        raise RuntimeError(
            f"cross_entropy: a floating point target holds class probabilities and must have the input's shape, "
            f"got input {input.shape} and target {target.shape} (class indices must be int64 or uint8)"
        )
    if label_smoothing > 0:
        target = target * (1 - label_smoothing) + label_smoothing / num_classes
    if weight is not None:
        log_probs = log_probs * weight.reshape((num_classes,) + (1,) * (input.ndim - class_dim - 1))
    loss = -(log_probs * target).sum(dim=class_dim)
    if reduction == "mean" and input.numel() == 0:  # PyTorch's mean over no elements, even of N empty rows: NaN
        return loss.sum().fill_(float("nan"))  # (as PyTorch computes it: its gradient 0, a constant)
    return composed(_reduce(loss, reduction), "cross_entropy", input, target, weight)


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, reduction="mean"):
    """Multi-class hinge loss of scores x (N, C) and class indices y (N,):

        ℓₙ = (1/C) Σ_{c ≠ yₙ, zₙ꜀ > 0} w_{yₙ} zₙ꜀ᵖ,   zₙ꜀ = margin − xₙ[yₙ] + xₙ[c],   p ∈ {1, 2}
    (max(0, z)ᵖ summed, except that a NaN z is skipped, as PyTorch's loop adds only the terms with z > 0)."""
    check_tensor("multi_margin_loss", input)
    if p not in (1, 2):
        raise ValueError(f"multi_margin_loss: p must be 1 or 2, got {p}")
    squeeze = input.ndim == 1
    if squeeze:
        input = input.unsqueeze(0)
        target = np.reshape(_values(target), (1,))
    if input.ndim != 2:
        raise ValueError(f"multi_margin_loss: expected input of shape (N, C) or (C,), got {input.shape}")
    _check_class_shapes("multi_margin_loss", input, np.shape(_values(target)))
    num_classes = input.shape[1]
    if weight is not None and np.ndim(_values(weight)) != 1:
        raise ValueError(f"multi_margin_loss: weight must be one-dimensional, got shape {np.shape(_values(weight))}")
    indices = _class_indices("multi_margin_loss", target, num_classes)
    one_hot = np.arange(num_classes) == indices[:, None]
    target_score = autograd.where(one_hot, input, 0.0).sum(dim=1, keepdim=True)
    margins = margin - target_score + input
    counted = (_values(margins) > 0) & ~one_hot  # PyTorch adds a term only where it is > 0: a NaN one is skipped
    hinge = autograd.where(counted, margins, 0.0)
    if p == 2:
        hinge = hinge * hinge
    loss = hinge.sum(dim=1) / num_classes
    if weight is not None:
        loss = loss * _class_weights(weight, num_classes, input)[indices]
    if squeeze:
        loss = loss.reshape(())
    return composed(_reduce(loss, reduction), "multi_margin_loss", input, weight)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """Negative log-likelihood of y under N(μ = x, σ² = var), the loss of a network that predicts

    its own variance (maximum likelihood with learned variance):
        ℓᵢ = ½ (ln max(varᵢ, eps) + (xᵢ − yᵢ)² / max(varᵢ, eps))  [+ ½ ln 2π if full].
    As in PyTorch, the clamp at eps changes the value but not the gradient (it is made with no
    grad). var has the input's shape, or one axis fewer, or size 1 in the last axis (shared). Input and target
    must have the same shape: PyTorch broadcasts them (a (N, 1) input against (N,) targets silently becomes an
    (N, N) loss), glassgrad refuses (ValueError; PyTorch's RuntimeError where they do not broadcast)."""
    check_tensor("gaussian_nll_loss", input)
    _check_same_shape("gaussian_nll_loss", input, target)
    var = _as_tensor(var, input)
    if var.shape != input.shape:
        if var.shape == input.shape[:-1]:
            var = var.unsqueeze(-1)
        elif not (var.shape[:-1] == input.shape[:-1] and var.shape[-1:] == (1,)):
            raise ValueError(f"gaussian_nll_loss: var of shape {var.shape} does not fit input of shape {input.shape}")
    if np.any(_values(var) < 0):
        raise ValueError("gaussian_nll_loss: var has negative entries")
    below = _values(var) < eps  # the clamp, as a constant shift there (∞ − ∞ = NaN elsewhere: var = ∞ stays ∞)
    var = var + Tensor(np.where(below, eps - _values(var), 0.0).astype(var.dtype))
    difference = input - target
    loss = 0.5 * (autograd.log(var) + difference * difference / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


def kl_div(input, target, reduction="mean", log_target=False):
    """Kullback–Leibler divergence KL(y ‖ p) with input = log p (log-probabilities):

        ℓᵢ = xlogy(yᵢ, yᵢ) − yᵢ xᵢ = yᵢ (ln yᵢ − xᵢ)   (0 where yᵢ = 0),   or with log_target:  ℓᵢ = e^{yᵢ} (yᵢ − xᵢ).
    'mean' averages over all elements (as PyTorch); 'batchmean' divides the sum by the batch size,
    which is the true KL divergence per example. Computed as PyTorch's formula, so the gradient with respect to
    a target entry of exactly 0 is xlogy's, ln y + 1 − x with y/y = NaN at 0, as PyTorch's (NaN). Input and
    target must have the same shape: PyTorch broadcasts them (a (N, 1) input against (N,) targets silently
    becomes an (N, N) loss), glassgrad refuses (ValueError; PyTorch's RuntimeError where they do not broadcast)."""
    check_tensor("kl_div", input)
    check_tensor("kl_div", target, "target", 2)
    _check_same_shape("kl_div", input, target)
    if input.dtype.kind not in "fc" or target.dtype.kind not in "fc":
        raise RuntimeError(f"kl_div: Integral inputs not supported (got {input.dtype} input and {target.dtype} "
                           "target): pass floating point tensors")
    if log_target:
        loss = autograd.exp(target) * (target - input)
    else:
        loss = autograd.xlogy(target, target) - target * input  # (NaN for a negative y, as PyTorch's)
    if reduction == "batchmean":
        return loss.sum() / (input.shape[0] if input.ndim else 1)
    return _reduce(loss, reduction)
