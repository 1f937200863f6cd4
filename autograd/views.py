"""Views: tensors that show another tensor's memory (reshape, view, permute, transpose, basic indexing, expand, ...).
A view shares its base's version counter, so an in-place change through either is seen by backward, and remembers
the ops that made it: after an in-place write to their memory it is recorded again from the base as it is now, as
PyTorch regenerates a view's grad_fn, so that gradients through the view follow the values it really holds."""
from .grad_mode import inference_mode, per_thread
from .tensor import version_counter


def become_view(view, source, op):
    """Mark `view`, made from `source` by `op` = (primitive class, params), as a view of source's base."""
    if source._base is None:
        base, ops = source, (op,)
    else:
        base, ops = source._base, source._view_ops + (op,)
    view._counter = version_counter(source)
    view._base = base
    view._view_ops = ops
    view._view_base_ctx, view._view_version = base._ctx, view._counter.item()  # what its node was made from
    if base._requires_grad and not per_thread.state.recording or source._made_without_grad:  # (a view of one too)
        view._made_without_grad = True  # an in-place write to it with grad mode on is refused (inplace.py)
        view._requires_grad = base._requires_grad  # as PyTorch's: it requires grad as its base, passing it none


def replay(tensor, ops):
    """The view `ops` of `tensor`, recorded again: (cls, params) pairs applied in order."""
    for cls, params in ops:
        tensor = cls.apply(tensor, **params)
    return tensor


def view_of_array(array, ops):
    """The same view of a NumPy array (writing into the result writes into `array`)."""
    for cls, params in ops:
        array = cls(**params).forward(array)
    return array


def refresh(view):
    """Record `view` again from its base if the base's history changed or their memory was written in place."""
    base = view._base
    written = view._counter.item() != view._view_version and not view._made_without_grad
    if base._ctx is view._view_base_ctx and not written:  # (made under no_grad, or before the base required grad:
        if view._made_without_grad or (base._requires_grad and not view._requires_grad):  # it requires grad as
            view._made_without_grad, view._requires_grad = True, base._requires_grad  # the base does and passes none)
        return
    view._view_base_ctx, view._view_version = base._ctx, view._counter.item()
    if base._requires_grad:
        with inference_mode(False):  # (recording even under no_grad or inference mode, as PyTorch remakes grad_fn)
            replay(base, view._view_ops)._ctx.set_output(view)
