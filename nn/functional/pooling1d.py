"""max_pool1d and avg_pool1d: the 2-D pools over an (N, C, 1, L) view of an (N, C, L) input (or (C, 1, L) of an
unbatched (C, L) one), with the kernel, stride, padding and dilation (1, k) along that extra axis, so the
values, the gradients and the checks are max_pool2d's and avg_pool2d's. The indices of max_pool1d are positions
along L (max_pool2d's flattened h·W + w with h = 0). A bad call is PyTorch's RuntimeError here (the 2-D pools
raise ValueError for some of the same calls)."""
import contextlib

from ._shapes import check_input, ntuple
from .pooling import avg_pool2d, max_pool2d
from ._inputs import check_tensor


@contextlib.contextmanager
def _runtime_errors():
    """The 2-D pools' ValueError (a bad shape, padding, or an empty output) raised as PyTorch's RuntimeError."""
    try:
        yield
    except ValueError as error:
        raise RuntimeError(str(error).replace("2d", "1d")) from None


def _pair(value, name):
    """An int or a 1-tuple as the pair (1, v) of the 2-D pool (padding 0 on the extra axis)."""
    return (0 if name == "padding" else 1,) + ntuple(value, 1, name)


def _stride(stride):
    """None (the kernel size) for None or [], PyTorch's defaults; else the pair (1, stride) (a NumPy integer is
    an int; `stride == []` compared a NumPy one elementwise)."""
    return None if stride is None or (isinstance(stride, list) and not stride) else _pair(stride, "stride")


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The maximum of each kernel_size window along L (padding counts as −∞)."""
    check_tensor("max_pool1d", input)
    if input.dtype.kind in "iub" and not return_indices:  # (with indices, PyTorch's 2-D kernel takes integers)
        raise NotImplementedError(f"max_pool1d: not implemented for {input.dtype} input, as PyTorch's (pass "
                                  "return_indices=True, or convert it to a float dtype first)")
    with _runtime_errors():
        check_input("max_pool1d", input, 1)
        stride = _stride(stride)
        out = max_pool2d(input.unsqueeze(-2), _pair(kernel_size, "kernel_size"), stride, _pair(padding, "padding"),
                         _pair(dilation, "dilation"), ceil_mode, return_indices)
    return tuple(t.squeeze(-2) for t in out) if return_indices else out.squeeze(-2)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """The mean of each kernel_size window along L (count_include_pad: the padding's zeros count)."""
    check_tensor("avg_pool1d", input)
    with _runtime_errors():
        check_input("avg_pool1d", input, 1)
        stride = _stride(stride)
        out = avg_pool2d(input.unsqueeze(-2), _pair(kernel_size, "kernel_size"), stride, _pair(padding, "padding"),
                         ceil_mode, count_include_pad)
    return out.squeeze(-2)
