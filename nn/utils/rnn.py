"""nn.utils.rnn: batching sequences of different lengths for the recurrent layers (PyTorch's torch.nn.utils.rnn).

pad_sequence is composed of autograd's operations (a cast, cat and stack): the gradient of each sequence is the
gradient of its slot in the padded batch, and the padding's own gradient is dropped.
"""
from collections.abc import Iterable

import numpy as np

import autograd
from autograd import Tensor

from .packed import PackedSequence, pack_padded_sequence, pad_packed_sequence  # noqa: F401


def pack_sequence(sequences, enforce_sorted=True):
    """Pack a list of tensors (Lᵢ, *): pad_sequence, then pack_padded_sequence (nn/utils/packed.py)."""
    lengths = [len(sequence) for sequence in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack sequences of shapes (Lᵢ, *) into one tensor (L, B, *) (batch_first: (B, L, *)), L = max Lᵢ, each
    filled up to L with padding_value after its values (padding_side='left': before them).

    As PyTorch's: the result has the first sequence's dtype and trailing shape *, the others are cast to it and
    broadcast into their slots; a padding_value is cast to that dtype (0.5 in int64 is 0), and refused where it
    does not fit (1e40 in float32, −1 in uint8: RuntimeError, as PyTorch's)."""
    if isinstance(sequences, Tensor):
        sequences = list(sequences.unbind(0))
    elif not isinstance(sequences, Iterable):
        raise RuntimeError(f"pad_sequence: Expected iterable for input sequences, but got arg of type: "
                           f"{type(sequences)}")
    sequences = list(sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    for i, sequence in enumerate(sequences):
        if not isinstance(sequence, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(sequence).__name__}")
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got {padding_side}.")
    first = sequences[0]
    if first.ndim == 0:
        raise RuntimeError("pad_sequence: each sequence needs a length dimension (L, *), got a 0-d tensor first")
    _check_padding_fits(padding_value, first.dtype)
    longest = max(len(sequence) for sequence in sequences)
    padded = [_padded(sequence, longest, first, padding_value, padding_side) for sequence in sequences]
    return autograd.stack(padded, dim=0 if batch_first else 1)


def _check_padding_fits(value, dtype):
    """PyTorch's checked conversion of the padding value: a finite number beyond a float dtype's largest (±inf and
    NaN fit), or any number outside an integer dtype's range (−1 or 255.9 in uint8, NaN or inf in int64), is
    refused; bool takes any number."""
    dtype = np.dtype(dtype)
    if dtype.kind not in "fiu" or isinstance(value, complex):
        return
    if dtype.kind == "f":
        fits = not np.isfinite(value) or abs(value) <= float(np.finfo(dtype).max)
    else:
        fits = bool(np.isfinite(value)) and np.iinfo(dtype).min <= value <= np.iinfo(dtype).max
    if not fits:
        raise RuntimeError(f"pad_sequence: padding_value {value} cannot be converted to type {dtype} without overflow")


def _padded(sequence, longest, first, padding_value, padding_side):
    """One sequence cast to the first's dtype, broadcast to (Lᵢ, *) and filled up to `longest` rows."""
    trailing = tuple(first.shape[1:])
    try:
        values = sequence.to(first.dtype).expand((len(sequence),) + trailing)
    except (ValueError, RuntimeError):
        raise RuntimeError(f"pad_sequence: a sequence of shape {tuple(sequence.shape)} does not fit the rows "
                           f"{trailing} of the first sequence (shape {tuple(first.shape)})") from None
    padding = autograd.full((longest - len(sequence),) + trailing, padding_value, dtype=first.dtype)
    return autograd.cat([values, padding] if padding_side == "right" else [padding, values], dim=0)
