"""PyTorch's `torch.autograd.graph`: what code outside glassgrad's operations tells the engine."""
from .tensor import Tensor, bump_version


def increment_version(tensor):
    """Count an in-place change made to a tensor's memory without a glassgrad operation (an optimizer
    writing into `param.detach().numpy()`, say), as every in-place op counts its own: a graph that saved
    the old values then refuses to backward through them. Takes a tensor or an iterable of tensors
    (PyTorch's torch.autograd.graph.increment_version)."""
    for t in (tensor,) if isinstance(tensor, Tensor) else tensor:
        bump_version(t)
