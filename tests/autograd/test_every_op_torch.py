"""Every op glassgrad shares with PyTorch (every_op.py: the functions of `torch` and `torch.nn.functional` and the
methods of Tensor), in every argument form PyTorch accepts and five dtypes, against PyTorch: each result's dtype,
shape, values, requires_grad and is_leaf, whether it is one of its inputs itself or shares memory with one (a view,
where PyTorch's is a view; a new tensor, where PyTorch's is new), and the leaves' gradients of a weighted sum of it.
A float32 result (integers give float32 for the elementwise functions) may differ in its last places, a float16 one
within float16's rounding; float16 gradients are not compared (README)."""
import numpy as np
import pytest

import autograd

from .every_op import FORMS, NOT_METHOD_FORMS, S, V, X, Y, shared_ops

torch = pytest.importorskip("torch")
OPS = shared_ops(torch)
NOT_COMPARED = {"register_hook", "register_post_accumulate_grad_hook",  # (their handle's class is named otherwise)
                "retain_grad",  # (returns its tensor, where PyTorch's returns None)
                "data_ptr", "new_empty"}  # (an address; uninitialised memory)
GRADIENT_CONSTANTS = {"F.hardsigmoid", "F.celu"}  # (PyTorch's gradients use float32 constants: docs, "Rounding")
# Where PyTorch computes and glassgrad refuses, with a clear error, in some argument forms (docs, "Arguments"); any
# other op refusing arguments PyTorch takes is a failure.
REFUSES_SOME_FORMS = {
    "F.mse_loss", "F.l1_loss", "F.kl_div", "F.hinge_embedding_loss", "F.huber_loss", "F.smooth_l1_loss",
    "F.soft_margin_loss",  # (a target of another shape or a bool one; size_average and reduce)
    "F.adaptive_avg_pool2d", "torch.einsum", "torch.tensordot", "torch.add", "Tensor.add", "add_", "Tensor.to",
    "Tensor.new_ones", "Tensor.new_zeros", "Tensor.repeat", "Tensor.tile", "resize_", "resize_as_"}
DTYPES = ("float64", "float32", "float16", "int64", "bool")
RTOL = {"float64": 1e-9, "float32": 2e-6, "float16": 2e-3}


def _leaf_values(dtype):
    if dtype == "bool":
        return [np.array(v) > 0.4 for v in (X, Y, V, S)]
    if dtype == "int64":
        return [np.round(np.array(v) * 40) for v in (X, Y, V, S)]  # (no ties: topk's choice among them differs)
    return [np.array(v) for v in (X, Y, V, S)]


def _described(out, leaves):
    """A result as comparable values: for a tensor its dtype, shape, requires_grad, is_leaf, identity with and
    memory shared with each leaf, and its values."""
    if isinstance(out, (tuple, list)):
        return [_described(o, leaves) for o in out]
    if not isinstance(out, (torch.Tensor, autograd.Tensor)):
        return out if isinstance(out, (bool, int, float, str, type(None))) else type(out).__name__.lower()
    values = out.detach().numpy()
    shared = [values.size > 0 and np.shares_memory(values, leaf.detach().numpy()) for leaf in leaves]
    return (str(out.dtype).split(".")[-1], tuple(out.shape), out.requires_grad, out.is_leaf,
            [out is leaf for leaf in leaves], shared, values.astype(np.float64))


def _run(T, call, form, dtype, gradients=True):
    """call's result described, and the leaves' gradients of a weighted sum of its first floating result."""
    floating = dtype.startswith("float")
    leaves = [T.tensor(v, dtype=getattr(T, dtype), requires_grad=floating) for v in _leaf_values(dtype)]
    out = call(T, FORMS[form](T, *leaves))
    described = _described(out, leaves)
    tensors = [o for o in (out if isinstance(out, (tuple, list)) else (out,)) if isinstance(o, (torch.Tensor, autograd.Tensor))]
    first = next((o for o in tensors if o.requires_grad), None)
    if first is None or not gradients:
        return described, None
    weights = T.tensor(np.arange(1.0, first.numel() + 1).reshape(tuple(first.shape)) / 7, dtype=first.dtype)
    (first * weights).sum().backward()
    return described, [None if leaf.grad is None else leaf.grad.double().numpy() for leaf in leaves]


def _outcome(T, call, form, dtype, gradients):
    try:
        return _run(T, call, form, dtype, gradients)
    except Exception as error:  # noqa: BLE001  (an error is compared by its type)
        return type(error)


def _alike(ours, theirs, rtol):
    if isinstance(theirs, np.ndarray):
        if not isinstance(ours, np.ndarray) or ours.shape != theirs.shape:
            return False
        finite = np.where(np.isfinite(theirs), theirs, 0)
        return (np.allclose(ours, theirs, rtol=rtol, atol=rtol * np.abs(finite).max(initial=1.0), equal_nan=True)
                and np.array_equal(np.isinf(ours), np.isinf(theirs)))
    if isinstance(theirs, (list, tuple)):
        return (isinstance(ours, (list, tuple)) and len(ours) == len(theirs)
                and all(_alike(a, b, rtol) for a, b in zip(ours, theirs, strict=True)))
    if isinstance(theirs, float) and isinstance(ours, float):
        return ours == theirs or abs(ours - theirs) <= rtol * abs(theirs) or ours != ours and theirs != theirs
    return ours == theirs


@pytest.mark.parametrize("name", sorted(set(OPS) - NOT_COMPARED))
def test_every_op_gives_pytorchs_results_views_and_gradients(name):
    for label, call in OPS[name]:
        for form in FORMS:
            if label.startswith("Tensor.") and form in NOT_METHOD_FORMS:
                continue
            for dtype in DTYPES:
                gradients = dtype != "float16" and not (name in GRADIENT_CONSTANTS and dtype == "float64")
                theirs = _outcome(torch, call, form, dtype, gradients)
                if isinstance(theirs, type):
                    continue  # (PyTorch refuses these arguments)
                ours = _outcome(autograd, call, form, dtype, gradients)
                if isinstance(ours, type) and label in REFUSES_SOME_FORMS and issubclass(ours, (RuntimeError, ValueError, TypeError)):
                    continue
                rtol = RTOL.get(dtype, 2e-6)  # (integers and bools: float32 results of the elementwise functions)
                assert _alike(ours, theirs, rtol), f"{label}({form}) in {dtype}:\nglassgrad {ours}\nPyTorch   {theirs}"


IN_PLACE = sorted(n for n in dir(torch.Tensor) if n.endswith("_") and not n.startswith("_") and hasattr(autograd.Tensor, n)
                  and n not in {"requires_grad_", "share_memory_", "detach_", "uniform_", "normal_", "random_",
                                "exponential_", "geometric_", "cauchy_", "log_normal_", "bernoulli_"})  # (random)
NOT_RECORDED_BY_PYTORCH = {"logical_and_", "logical_or_", "logical_xor_", "logical_not_"}  # (docs: their gradient)


def _in_place(T, name, form, dtype):
    """The method run on a copy of the first argument that is not a leaf: whether it returned that copy, the copy
    afterwards, and the leaves' gradients of a weighted sum of it."""
    floating = dtype.startswith("float")
    leaves = [T.tensor(v, dtype=getattr(T, dtype), requires_grad=floating) for v in _leaf_values(dtype)]
    first, *rest = FORMS[form](T, *leaves)
    target = first * 1 if floating else first.clone()
    result = getattr(target, name)(*rest)
    described = [result is target, *_described(target, leaves)[:4], target.detach().numpy().astype(np.float64)]
    if not (floating and target.requires_grad and name not in NOT_RECORDED_BY_PYTORCH):
        return described
    weights = T.tensor(np.arange(1.0, target.numel() + 1).reshape(tuple(target.shape)) / 7, dtype=target.dtype)
    (target * weights).sum().backward()
    return described, [None if leaf.grad is None else leaf.grad.double().numpy() for leaf in leaves]


@pytest.mark.parametrize("name", IN_PLACE)
def test_every_in_place_method_writes_and_differentiates_as_pytorchs(name):
    for form in FORMS:
        if form in NOT_METHOD_FORMS:
            continue
        for dtype in ("float64", "float32", "int64", "bool"):
            try:
                theirs = _in_place(torch, name, form, dtype)
            except Exception:  # noqa: BLE001  (PyTorch refuses these arguments)
                continue
            try:
                ours = _in_place(autograd, name, form, dtype)
            except (RuntimeError, ValueError, TypeError):
                if name in REFUSES_SOME_FORMS:
                    continue
                raise
            assert _alike(ours, theirs, RTOL.get(dtype, 2e-6)), f"{name}({form}) in {dtype}:\nglassgrad {ours}\nPyTorch   {theirs}"
