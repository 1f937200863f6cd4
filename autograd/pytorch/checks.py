"""The one place that validates dims, sizes and split sizes, with PyTorch's messages.

Every function that takes a dim, a list of dims or a size calls these, so a bad argument is refused the
same way everywhere: a dim out of range is an IndexError ("Dimension out of range (expected to be in range
of [-2, 1], but got 5)"), a bool or float where an integer belongs is a TypeError, a negative size a
RuntimeError. Nothing wraps around silently.
"""
import functools
import operator

import numpy as np


def _is_integer(value):
    """An int, a NumPy integer or a one-element integer tensor (anything with __index__), but not a bool."""
    return not isinstance(value, (bool, np.bool_, float, np.floating)) and hasattr(type(value), "__index__")


def integer(value, op, name):
    """value as a Python int; a bool, a float or anything without __index__ is a TypeError."""
    if not _is_integer(value):
        raise TypeError(f"{op + '(): ' if op else ''}argument '{name}' must be int, not {type(value).__name__}")
    return operator.index(value)


def numpy_names(function):
    """function, taking NumPy's names axis= and keepdims= for its dim= and keepdim= too, as PyTorch's argument
    parser does for every op (x.any(axis=0), x.sort(axis=0)); both names at once is a TypeError."""
    @functools.wraps(function)
    def with_numpy_names(*args, **kwargs):
        for numpy_name, name in (("axis", "dim"), ("keepdims", "keepdim")):
            if numpy_name in kwargs:
                if name in kwargs:
                    raise TypeError(f"{function.__name__}() got multiple values for argument '{name}'")
                kwargs[name] = kwargs.pop(numpy_name)
        return function(*args, **kwargs)

    return with_numpy_names


def sequence_argument(values, by_name, op, name, required=True):
    """The sizes or dims a method takes one by one or as one sequence (x.permute(1, 0), x.permute((1, 0))),
    or by PyTorch's keyword (x.permute(dims=(1, 0))): `values` as given, or (the keyword's value,). Another
    keyword, both forms at once, or (when `required`) nothing at all are PyTorch's TypeErrors."""
    unexpected = set(by_name) - {name}
    if unexpected:
        raise TypeError(f"{op}() got an unexpected keyword argument '{unexpected.pop()}'")
    if by_name and values:
        raise TypeError(f"{op}() got multiple values for argument '{name}'")
    if required and not by_name and not values:
        raise TypeError(f'{op}() missing 1 required positional arguments: "{name}"')
    return (by_name[name],) if by_name else values


def canonical_dim(dim, ndim, op=None, name="dim"):
    """dim in [-ndim, ndim) as a non-negative axis (a 0-d tensor accepts 0 and -1, as in PyTorch)."""
    dim = integer(dim, op, name)
    rank = max(ndim, 1)
    if not -rank <= dim < rank:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-rank}, {rank - 1}], but got {dim})")
    return dim % rank


def canonical_dims(dim, ndim, op=None):
    """dim (None, an int or a sequence of ints) as None (every axis) or a sorted tuple of distinct axes.

    An empty sequence means every axis, as in PyTorch's sum(dim=[]); for a 0-d tensor the result is None."""
    if dim is None:
        return None
    if isinstance(dim, (list, tuple)):
        if not dim:
            return None
        dims = [canonical_dim(d, ndim, op) for d in dim]
        repeated = {d for d in dims if dims.count(d) > 1}
        if repeated:
            raise RuntimeError(f"dim {min(repeated)} appears multiple times in the list of dims")
    else:
        dims = [canonical_dim(dim, ndim, op)]
    return tuple(sorted(dims)) if ndim else None


def int_tuple(values, op, name="size"):
    """Integers given as f(2, 3), f((2, 3)) or f([2, 3]) as a tuple of ints; a bool or float is a TypeError."""
    if len(values) == 1 and isinstance(values[0], (tuple, list)):
        values = values[0]
    for position, n in enumerate(values):
        if not _is_integer(n):
            raise TypeError(
                f"{op}(): argument '{name}' must be a tuple of ints, but found element of type "
                f"{type(n).__name__} at pos {position}"
            )
    return tuple(operator.index(n) for n in values)


def size_tuple(size, op, name="size"):
    """A size (as int_tuple takes it) whose entries are all non-negative."""
    size = int_tuple(size, op, name)
    if any(n < 0 for n in size):
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(size)}: {list(size)}")
    return size


def count(value, op, name):
    """A non-negative int count (randperm's n, linspace's steps)."""
    value = integer(value, op, name)
    if value < 0:
        raise RuntimeError(f"{op}(): {name} must be non-negative, got {value}")
    return value


def reshape_size(shape, numel, op="reshape"):
    """A target shape with at most one −1 (inferred from the number of elements, numel)."""
    shape = list(int_tuple(shape, op, "shape"))
    for position, n in enumerate(shape):
        if n < -1:
            raise RuntimeError(f"invalid shape dimension {n} at index {position} of shape {shape}")
    inferred = [i for i, n in enumerate(shape) if n == -1]
    if len(inferred) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = int(np.prod([n for n in shape if n != -1]))
    if inferred and known and numel % known == 0:
        shape[inferred[0]] = numel // known
    elif inferred or known != numel:
        raise RuntimeError(f"shape '{shape}' is invalid for input of size {numel}")
    return tuple(shape)


def split_sizes(split_size_or_sections, length, op="split"):
    """The piece lengths along an axis of `length`: pieces of split_size (the last may be shorter; an empty
    axis gives one empty piece, as in PyTorch), or the given list, which must add up to `length`."""
    if isinstance(split_size_or_sections, (list, tuple)):
        sizes = [integer(n, op, "split_sizes") for n in split_size_or_sections]
        if any(n < 0 for n in sizes) or sum(sizes) != length:
            raise RuntimeError(
                f"split_with_sizes expects split_sizes to sum exactly to {length} (input tensor's size at "
                f"dimension), but got split_sizes={sizes}"
            )
        return sizes
    size = integer(split_size_or_sections, op, "split_size")
    if size < 0:
        raise RuntimeError(f"split expects split_size be non-negative, but got split_size={size}")
    if size == 0:
        if length:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {length}")
        return [0]
    return [size] * (length // size) + ([length % size] if length % size or not length else [])


def positive_steps(index):
    """Refuse a slice with a negative or zero step (x[::-1]) in an index, as PyTorch does: its tensors have no
    negative strides (torch.flip makes a reversed copy). NumPy would give a reversed view. A step is any object
    with __index__ (a NumPy integer, a 0-d tensor, a user's index type); others (a float) are NumPy's to refuse."""
    for item in index if type(index) is tuple else (index,):
        step = item.step if type(item) is slice else None
        if hasattr(type(step), "__index__") and operator.index(step) <= 0:
            raise ValueError("slice step cannot be zero" if operator.index(step) == 0 else "step must be greater than zero")


def refuse_complex(x, op, error=NotImplementedError):
    """Refuse `op` on a complex tensor, as PyTorch does: complex numbers have no order (NumPy's sort, max, clip,
    ... order them by real part, then imaginary part, and would answer silently)."""
    if x.dtype.kind == "c":
        raise error(f'"{op}" not implemented for complex tensors ({x.dtype}): complex numbers have no order')


def broadcasts_to(shape, target):
    """Whether an array of `shape` broadcasts to exactly `target` (a value written into a region, a mask)."""
    try:
        return np.broadcast_shapes(tuple(shape), tuple(target)) == tuple(target)
    except ValueError:
        return False
