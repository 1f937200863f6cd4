"""Embedding lookup and one-hot encoding."""
import numpy as np

import autograd
from autograd.pytorch.conversion import held_number
from autograd.tensor import Tensor

from ._inputs import check_tensor
from ._shapes import require_int


def _indices(input):
    return input.detach().numpy() if isinstance(input, Tensor) else np.asarray(input)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """out[..., :] = weight[input[...], :] — row i of the table for index i. Indices that repeat add
    their gradients into the same row; the row `padding_idx`, if given, gets no gradient. With max_norm,
    every row looked up whose p-norm (p = norm_type) exceeds max_norm is first rescaled in place, as
    PyTorch does: wᵢ ← wᵢ · max_norm / (‖wᵢ‖ₚ + 1e-7)."""
    check_tensor("embedding", input, "indices", 2)
    check_tensor("embedding", weight, "weight", 1)
    if scale_grad_by_freq or sparse:
        raise NotImplementedError("embedding: scale_grad_by_freq=True and sparse=True are not supported by glassgrad "
                                  "(it has no sparse gradients); leave them False")
    indices = _indices(input)
    if weight.ndim != 2:
        raise RuntimeError(f"embedding: 'weight' must be 2-D (rows of the table), got shape {tuple(weight.shape)}")
    rows = weight.shape[0]
    if padding_idx is not None:
        require_int("embedding", "padding_idx", padding_idx)
    if padding_idx is not None and not -rows <= padding_idx < rows:  # (padding_idx % rows would pick another row)
        raise AssertionError(  # (PyTorch's type)
            f"embedding: padding_idx {padding_idx} must be within [-{rows}, {rows - 1}] (num_embeddings)")
    if indices.dtype not in (np.int32, np.int64):  # uint8 would index as a mask: refused, as PyTorch does
        raise RuntimeError(f"Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {indices.dtype} instead (while checking arguments for embedding)")
    if indices.size and (indices.min() < 0 or indices.max() >= weight.shape[0]):
        bad = indices[(indices < 0) | (indices >= weight.shape[0])].flat[0]
        raise IndexError(f"embedding: index {bad} is out of range for a table of {rows} rows [0, {rows - 1}]")
    if max_norm is not None:
        _renorm_rows(weight, indices, held_number(max_norm), held_number(norm_type))
    picked = weight[indices]
    if padding_idx is None:
        return picked
    is_padding = (indices == padding_idx % rows)[..., None]
    return autograd.where(is_padding, picked.detach(), picked)


def _renorm_rows(weight, indices, max_norm, norm_type):
    """Rescale in place (outside the graph) the rows of weight named in indices whose norm exceeds max_norm."""
    rows = np.unique(indices)
    values = weight.detach().numpy()[rows]
    norms = np.linalg.norm(values, ord=norm_type, axis=1) if values.size else np.zeros(len(rows))
    too_long = norms > max_norm
    if np.any(too_long):
        scale = (max_norm / (norms[too_long] + 1e-7)).astype(values.dtype)[:, None]
        with autograd.no_grad():
            weight[Tensor(rows[too_long])] = Tensor(values[too_long] * scale)


def one_hot(tensor, num_classes=-1):
    """out[..., c] = 1 if tensor[...] == c else 0, as int64; num_classes = max + 1 when −1."""
    indices = _indices(tensor)
    if indices.dtype.kind not in "iu":
        raise RuntimeError(f"one_hot is only applicable to index tensor of type LongTensor: got {indices.dtype}")
    require_int("one_hot", "num_classes", num_classes)
    if num_classes == -1:
        if not indices.size:
            raise RuntimeError("one_hot: can not infer the total number of classes from an empty tensor; pass num_classes")
        num_classes = int(indices.max()) + 1
    if indices.size and (indices.min() < 0 or indices.max() >= num_classes):
        bad = indices[(indices < 0) | (indices >= num_classes)].flat[0]
        raise RuntimeError(f"one_hot: class {bad} is out of range [0, {num_classes - 1}]: class values must be "
                           f"non-negative and smaller than num_classes")
    return Tensor((indices[..., None] == np.arange(num_classes)).astype(np.int64))
