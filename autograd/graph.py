"""PyTorch's `torch.autograd.graph`: what code outside glassgrad's operations tells the engine."""
from .tensor import Tensor, bump_version


def increment_version(tensor):
    """Count an in-place change made to a tensor's memory without a glassgrad operation (an optimizer
    writing into `param.detach().numpy()`, say), as every in-place op counts its own: a graph that saved
    the old values then refuses to backward through them. Takes a tensor or an iterable of tensors
    (PyTorch's torch.autograd.graph.increment_version)."""
    for t in (tensor,) if isinstance(tensor, Tensor) else tensor:
        bump_version(t)


def forget_grad(tensor, set_to_none=True):
    """What zero_grad() does to one parameter (Module's and Optimizer's, as PyTorch's): its .grad set to None, or
    filled with zeros in place, cut first from any graph it belongs to (a .grad that is a view of a flat buffer
    zeroes that memory)."""
    if tensor.grad is None:
        return
    if set_to_none:
        tensor.grad = None
        return
    grad = tensor.grad
    if grad.grad_fn is not None:
        grad.detach_()
    else:
        grad.requires_grad_(False)
    grad.zero_()
