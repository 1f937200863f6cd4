"""NumPy's axis= (and keepdims=) for dim= (and keepdim=) on the ops whose signatures name only dim.

PyTorch's argument parser takes `axis` wherever an op takes `dim` (torch.stack(xs, axis=1), x.gather(axis=1, index=i):
d2l writes both), so these functions and Tensor methods are wrapped in checks.numpy_names, as the reductions and
sort are where they are defined. Python-level PyTorch functions (split, unique, unflatten's method) do not take it."""
from ..tensor import Tensor
from .checks import numpy_names

FUNCTIONS = ("aminmax", "argsort", "chunk", "diff", "gather", "index_add", "index_copy", "index_fill", "index_select",
             "kthvalue", "mode", "nanmean", "nanmedian", "narrow", "repeat_interleave", "scatter", "scatter_add",
             "scatter_reduce", "select", "stack", "std_mean", "take_along_dim", "tensor_split", "unbind", "unflatten",
             "var_mean")
METHODS = tuple(name for name in FUNCTIONS if name not in ("stack", "std_mean", "var_mean", "unflatten")) + (
    "cumprod_", "cumsum_", "index_add_", "index_copy_", "index_fill_", "scatter_", "scatter_add_", "scatter_reduce_",
    "size", "squeeze_", "unsqueeze_")


def bind(namespace):
    """Wrap the FUNCTIONS of `namespace` (the autograd package's) and Tensor's METHODS."""
    for name in FUNCTIONS:
        namespace[name] = numpy_names(namespace[name])
    for name in METHODS:
        setattr(Tensor, name, numpy_names(getattr(Tensor, name)))
