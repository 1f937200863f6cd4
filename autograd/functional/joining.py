"""PyTorch's conveniences for joining and shaping, composed from cat, unsqueeze, reshape and repeat (so their
gradients are those of the pieces): atleast_1d/2d/3d, hstack, vstack (row_stack), dstack, column_stack,
concat/concatenate and tile."""
from ..tensor import Tensor
from .shapes import cat, repeat, reshape, unsqueeze
from .saved import composite

_PLACES = {1: (0,), 2: (0, 0), 3: (0, 0, 2)}  # where atleast_nd puts the missing dims: (n) → (1, n, 1) for 3-d


def _at_least(ndim, tensors):
    """Each tensor with at least `ndim` dims (a tensor already so is returned itself; the others are views);
    one tensor gives one result, several (or one list) a tuple, as PyTorch's."""
    single = len(tensors) == 1 and isinstance(tensors[0], Tensor)
    tensors = tensors[0] if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)) else tensors
    results = []
    for position, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"atleast_{ndim}d() expected Tensor as element {position}, but got {type(t).__name__}")
        for place in _PLACES[ndim][t.ndim:]:
            t = unsqueeze(t, place)
        results.append(t)
    return results[0] if single else tuple(results)


def atleast_1d(*tensors):
    """x, or a 0-d x as shape (1,)."""
    return _at_least(1, tensors)


def atleast_2d(*tensors):
    """x, or x as shape (1, 1) (0-d) or (1, n) (1-D)."""
    return _at_least(2, tensors)


def atleast_3d(*tensors):
    """x, or x as shape (1, 1, 1) (0-d), (1, n, 1) (1-D) or (m, n, 1) (2-D)."""
    return _at_least(3, tensors)


def _tensor_list(tensors, op):
    if isinstance(tensors, Tensor):
        raise TypeError(f"{op}(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor")
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError(f"{op} expects a non-empty TensorList")
    for position, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}() expected Tensor as element {position} in argument 0, but got {type(t).__name__}")
    return tensors


def hstack(tensors):
    """The tensors joined along dim 1 (along dim 0 when they are 1-D; 0-d ones count as 1-D)."""
    tensors = atleast_1d(_tensor_list(tensors, "hstack"))
    return cat(tensors, 0 if tensors[0].ndim == 1 else 1)


def vstack(tensors):
    """The tensors, made at least 2-D ((n) → (1, n)), joined along dim 0."""
    return cat(atleast_2d(_tensor_list(tensors, "vstack")), 0)


row_stack = vstack


def dstack(tensors):
    """The tensors, made at least 3-D ((n) → (1, n, 1), (m, n) → (m, n, 1)), joined along dim 2."""
    return cat(atleast_3d(_tensor_list(tensors, "dstack")), 2)


def column_stack(tensors):
    """The tensors joined along dim 1, 0-d and 1-D ones taken as columns (shape (n, 1))."""
    tensors = _tensor_list(tensors, "column_stack")
    return cat([reshape(t, (t.numel(), 1)) if t.ndim <= 1 else t for t in tensors], 1)


def concatenate(tensors, axis=None, *, dim=None):
    """cat with NumPy's keyword, axis (PyTorch's alias takes cat's dim= too; 0 by default)."""
    if axis is not None and dim is not None:
        raise TypeError("concatenate() got multiple values for argument 'dim'")
    return cat(tensors, dim if dim is not None else axis if axis is not None else 0)


concat = concatenate  # (PyTorch's concat takes axis= too)


@composite("tile")
def tile(input, dims):
    """input repeated dims[i] times along each dim; dims shorter than input's dims are padded with 1s in front
    (tile(x of shape (2, 3), (2,)) repeats the last dim), longer ones add leading dims."""
    if not isinstance(dims, (tuple, list)):
        raise TypeError(f"tile(): argument 'dims' (position 2) must be tuple of ints, not {type(dims).__name__}")
    return repeat(input, *((1,) * (input.ndim - len(dims)) + tuple(dims)))
