"""torch.backends on a CPU-only machine: the switches scripts set exist and can be set, and change nothing.

glassgrad computes with NumPy on the CPU, in each tensor's own dtype: there is no TF32, cuDNN or MPS.
The values are those PyTorch 2.13's CPU build reports (e.g. cudnn.allow_tf32 is True, cudnn.is_available()
is False, mps.is_available() is False); setting them is allowed, as in PyTorch, and has no effect here.
"""
from . import cuda, cudnn, mps

__all__ = ["cuda", "cudnn", "mps"]
