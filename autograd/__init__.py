"""glassgrad's autograd engine: Tensors that record how they were computed, and backward()
that applies the chain rule through that record.

    >>> from autograd import tensor
    >>> x = tensor(2.0, requires_grad=True)
    >>> y = x * x + 3 * x
    >>> y.backward()
    >>> x.grad.item()   # dy/dx = 2x + 3
    7.0
"""
import importlib
import math

import numpy as np

from . import memory  # noqa: F401  glibc keeps freed arrays for reuse (GLASSGRAD_MALLOC=0 turns it off)
from .pytorch import numpy_warnings  # noqa: F401  NumPy's log(0)/0-by-0 warnings from glassgrad's code: silent, as PyTorch
from .tensor import Tensor  # noqa: I001  (first: every module below builds on it)
from . import tensor_methods  # noqa: F401  (binds Tensor's operators and methods)
from .pytorch import tensor_surface  # noqa: F401  (binds narrow, diagonal, stride(), next_functions, ...)
from .pytorch import device_flags  # noqa: F401  (binds is_cpu, is_cuda, is_xpu, ...)
from .pytorch import tensor_operators  # noqa: F401  (binds flip, //, <<, >>, sin_, floor_, ...)
from .pytorch.tensor_more import channels_last, channels_last_3d  # noqa: F401  (and binds scatter_, index_add_, ...)
from .pytorch import tensor_common  # noqa: F401  (binds eq, isnan, lerp, kron, kthvalue, ...)
from .pytorch import tensor_reached_for  # noqa: F401  (binds logit, xlogy, hypot, conj, tensor_split, ...)
from .pytorch import deep_copies  # noqa: F401  (binds copy.deepcopy of a Tensor)
from .pytorch.tensor_extras import (  # noqa: F401  (and binds prod, median, unfold, ... onto Tensor)
    clone, contiguous_format, memory_format, preserve_format,
)
from .pytorch import cuda
from .anomaly import detect_anomaly, is_anomaly_enabled
from .creation import (
    arange, as_tensor, asarray, empty, empty_like, eye, from_numpy, full, full_like, linspace, logspace, normal, ones,
    ones_like, rand, rand_like, randint, randn, randn_like, randperm, tensor, zeros, zeros_like,
)
from .pytorch.devices import device
from .engine import grad
from .custom_function import Function
from . import function as _function_module
from .once_differentiable import once_differentiable
_function_module.once_differentiable = once_differentiable  # autograd.function.once_differentiable, as PyTorch's path
from .functional import *  # noqa: F401,F403  the functional form of every Tensor operation
from .functional import abs, all, any, max, min, pow, round, sum  # noqa: F401  (names shadowing builtins, listed)
from .pytorch import saved_tensors  # noqa: F401  (marks the nodes a second backward may run through)
from .pytorch import node_hooks  # noqa: F401  (refuses a hook on the node of an op composed of primitives)
from .pytorch import axis_alias
axis_alias.bind(globals())  # (axis= for dim= on the ops whose signatures name dim only, as PyTorch's)
linalg = importlib.import_module(".linalg", __name__)  # torch.linalg (the star import above bound functional.linalg)
from .grad_mode import (
    enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad, set_grad_enabled,
)
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .random import Generator, default_generator, get_rng_state, initial_seed, manual_seed, set_rng_state
from .pytorch.size import Size
from .pytorch.dtypes import dtype  # torch.dtype, the class of the dtypes below
from .pytorch.layouts import layout, strided  # glassgrad's only layout

float32 = np.dtype(np.float32)
float64 = np.dtype(np.float64)
float16 = np.dtype(np.float16)
int64 = np.dtype(np.int64)
int32 = np.dtype(np.int32)
int16 = np.dtype(np.int16)
int8 = np.dtype(np.int8)
uint8 = np.dtype(np.uint8)
complex64 = np.dtype(np.complex64)
complex128 = np.dtype(np.complex128)
long = int64
half = float16
double = float64
bool = np.dtype(np.bool_)  # noqa: A001  (PyTorch's name)

pi = math.pi
e = math.e
inf = math.inf
nan = math.nan
