"""The functional forms of every Tensor operation (`autograd.exp(x)` is `x.exp()`)."""
from .arithmetic import (
    abs, add, clamp, contiguous, cos, div, eq, exp, ge, gt, isfinite, isnan, le, log, log1p, logical_and, logical_not,
    logical_or, logical_xor, lt, masked_fill, maximum, minimum, mul, ne, neg, operands, pow, relu, sigmoid, sign, sin,
    sqrt, sub, tanh, to, true_divide, where,
)
from .reductions import (
    all, amax, amin, any, argmax, argmin, equal, logsumexp, log_softmax, max, mean, min, norm, normalize_dims, softmax,
    std, sum, var,
)
from .shapes import (
    broadcast_to, cat, chunk, expand, flatten, gather, getitem, ints_first, normalize_index, pad, permute, repeat, reshape,
    sliding_windows, split, squeeze, stack, transpose, unbind, unsqueeze, view,
)
from .linalg import bmm, dot, matmul, mm, mv
from .pointwise import cosh, sinh, square
from .rearrange import (combinations, flip, fliplr, flipud, meshgrid, repeat_interleave, rot90, swapaxes, swapdims,
                        t)
from .sorting import argsort, sort
from .decompositions import det
from .index_equations import einsum
from .elementary import acos, arccos, arcsin, arctan, arctan2, asin, atan, atan2, erf, exp2, log10, log2, tan
from .rounding import ceil, fix, floor, floor_divide, fmod, remainder, round, trunc
from .rolling import roll
from .sampling import multinomial
from .scans import cumprod, cumsum
from .selection import topk
from .triangular import tril, triu
from .complex_parts import imag, real
from .strided_views import diagonal, index_select, moveaxis, movedim, narrow
from .bitwise import (
    bitwise_and, bitwise_left_shift, bitwise_not, bitwise_or, bitwise_right_shift, bitwise_xor,
)
from .pointwise import expm1, rsqrt
from .reductions_more import count_nonzero, median, nansum, prod
from .strided_windows import as_strided, select, unflatten, unfold
from .indexed_writes import index_add, index_copy, index_fill, masked_scatter, scatter, scatter_add, scatter_reduce
from .counting import bincount, bucketize, histc, searchsorted, unique, unique_consecutive
from .cumulative import cummax, cummin, diff, logcumsumexp
from .nan_reductions import nanmean, nanmedian
from .taking import index_put, put, take, take_along_dim
from .predicates import (
    allclose, argwhere, is_complex, is_floating_point, isclose, isin, isinf, isneginf, isposinf, masked_select, nonzero,
)
from .predicates import where  # noqa: F811  (arithmetic's, which where(condition) alone also is: nonzero's tuple)
from .arithmetic import sgn
from .formulas import addcdiv, addcmul, clamp_max, clamp_min, clip, lerp, logaddexp, nan_to_num, reciprocal
from .products import diag, diag_embed, ger, inner, kron, outer, tensordot, trace
from .order_statistics import kthvalue, mode
from .moments import std_mean, var_mean
from .joining import (
    atleast_1d, atleast_2d, atleast_3d, column_stack, concat, concatenate, dstack, hstack, row_stack, tile, vstack,
)
from .extrema import aminmax, fmax, fmin
from .matrix_updates import addbmm, addmm, baddbmm
from .special_functions import erfinv, hypot, logit, xlogy
from .conjugation import conj, conj_physical, is_conj, resolve_conj
from .sections import tensor_split
from .distances import cdist
from .angles import angle, deg2rad, rad2deg
from .number_parts import frac, positive, signbit
from .matching_shapes import broadcast_tensors, reshape_as
