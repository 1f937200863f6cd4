"""A hook on the node of every op glassgrad shares with PyTorch, against PyTorch: `y.grad_fn.register_hook(hook)`
either sees what PyTorch's hook sees (one gradient per input of PyTorch's node, None where PyTorch's has None, in
each input's shape and dtype, the same values and grad_outputs) and, returning changed gradients, changes the
leaves' gradients as PyTorch's does; or it is refused with NotImplementedError, on the ops glassgrad composes of
several primitives (REFUSED below, pytorch/node_hooks.py). Every function of `torch` and `torch.nn.functional`
and every method of Tensor that glassgrad also has is called in each argument form of every_op.py that PyTorch
accepts, in float64, float32 and float16 (float16 compares what the hook sees but not the gradients' last bits:
README, float16 gradients)."""
import numpy as np
import pytest

import autograd

from .every_op import FORMS, NOT_METHOD_FORMS, S, V, X, Y, shared_ops

torch = pytest.importorskip("torch")
OPS = shared_ops(torch)

# The ops whose node glassgrad does not make as PyTorch's (several primitives, or a primitive with other inputs):
# a hook there is refused, in at least one of the argument forms and dtypes. Any other op refusing is a failure, and
# so is an op listed here that is never refused (the list must say what is true).
REFUSED = set("""
F.adaptive_avg_pool2d F.avg_pool2d F.binary_cross_entropy F.binary_cross_entropy_with_logits F.celu F.conv1d
F.conv2d F.conv_transpose1d F.conv_transpose2d F.cross_entropy F.gaussian_nll_loss F.gelu F.glu F.group_norm
F.hardsigmoid F.hardswish F.hinge_embedding_loss F.huber_loss F.interpolate F.kl_div F.l1_loss F.leaky_relu
F.linear F.log_softmax F.logsigmoid F.max_pool2d F.mish F.mse_loss F.multi_margin_loss F.nll_loss F.pixel_unshuffle
F.prelu F.selu F.silu F.smooth_l1_loss F.softmax F.softplus F.threshold
addcdiv addcmul amin aminmax cdist chunk clamp clamp_max clamp_min clip deg2rad diag diag_embed diagonal diff dot
erfinv expm1 frac ger hypot index_add index_copy inner kthvalue lerp log_softmax logaddexp logit logsumexp
masked_fill matmul max mean median min mode mv nan_to_num nanmedian nansum norm outer rad2deg repeat
repeat_interleave roll rot90 rsqrt sgn softmax split square std std_mean take tensordot tile trace unbind var var_mean xlogy combinations
""".split())


def _node_output(out):
    """The result (or the first result of several) that has a node."""
    for o in out if isinstance(out, (tuple, list)) else (out,):
        if getattr(o, "grad_fn", None) is not None:
            return o
    return None


def _plain(gradients):
    return [None if g is None else (tuple(g.shape), str(g.dtype).split(".")[-1], g.detach().double().numpy())
            for g in gradients]


def _hooked(T, call, form, dtype):
    """What a hook on call's node sees, and the leaves' gradients once a second hook has tripled the gradients it
    hands on; "refused" where glassgrad refuses the hook; None where the op makes no node."""
    leaves = [T.tensor(value, dtype=getattr(T, dtype), requires_grad=True) for value in (X, Y, V, S)]
    out = _node_output(call(T, FORMS[form](T, *leaves)))
    if out is None:
        return None
    seen = []
    try:
        out.grad_fn.register_hook(lambda grad_inputs, grad_outputs: seen.append((_plain(grad_inputs), _plain(grad_outputs))))
        out.grad_fn.register_hook(lambda grad_inputs, grad_outputs: tuple(None if g is None else g * 3 for g in grad_inputs))
    except NotImplementedError:
        return "refused"
    weights = T.tensor(np.arange(1.0, out.numel() + 1).reshape(tuple(out.shape)), dtype=out.dtype)
    (out * weights).sum().backward()
    return seen, _plain(leaf.grad for leaf in leaves)


def _alike(ours, theirs, values):
    """The same structure (lengths, None, shapes, dtypes) and, with values, values within float rounding."""
    if isinstance(theirs, np.ndarray):
        scale = np.nanmax(np.abs(theirs), initial=0.0)
        return (not values or ours.shape == theirs.shape and np.allclose(
            ours, theirs, rtol=values, atol=values * scale, equal_nan=True))
    if isinstance(theirs, (list, tuple)):
        return (isinstance(ours, (list, tuple)) and len(ours) == len(theirs)
                and all(_alike(a, b, values) for a, b in zip(ours, theirs, strict=True)))
    return ours == theirs


def _outcome(T, call, form, dtype):
    try:
        return _hooked(T, call, form, dtype)
    except Exception as error:  # noqa: BLE001  (an error is compared by its type)
        return type(error)


@pytest.mark.parametrize("name", sorted(OPS))
def test_a_grad_fn_hook_sees_pytorchs_gradients_or_is_refused(name):
    refused = []
    for label, call in OPS[name]:
        for form in FORMS:
            if label.startswith("Tensor.") and form in NOT_METHOD_FORMS:
                continue
            for dtype, rtol in (("float64", 1e-9), ("float32", 1e-5), ("float16", None)):
                theirs = _outcome(torch, call, form, dtype)
                if isinstance(theirs, type) or theirs is None:
                    continue  # (PyTorch refuses these arguments, or the op makes no node)
                ours = _outcome(autograd, call, form, dtype)
                if ours == "refused":
                    refused.append(f"{label}({form}) {dtype}")
                    continue
                if isinstance(ours, type) and issubclass(ours, (RuntimeError, ValueError, TypeError)):
                    continue  # (a clear refusal of the arguments: other tests hold glassgrad to PyTorch's there)
                assert _alike(ours, theirs, rtol), f"{label}({form}) in {dtype}:\nglassgrad {ours}\nPyTorch   {theirs}"
    assert bool(refused) == (name in REFUSED), (
        f"{name}: refused in {refused}" if refused else f"{name} is listed in REFUSED but its hooks are allowed")


def test_every_refusal_is_an_op_the_list_names_and_the_list_names_only_ops():
    assert REFUSED <= set(OPS), sorted(REFUSED - set(OPS))
