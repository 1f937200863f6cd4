"""nn.utils.rnn: batching sequences of different lengths for the recurrent layers (PyTorch's torch.nn.utils.rnn).

pad_sequence is composed of autograd's operations (a cast, cat and stack): the gradient of each sequence is the
gradient of its slot in the padded batch, and the padding's own gradient is dropped.
"""
from collections.abc import Iterable

import autograd
from autograd import Tensor


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack sequences of shapes (Lᵢ, *) into one tensor (L, B, *) (batch_first: (B, L, *)), L = max Lᵢ, each
    filled up to L with padding_value after its values (padding_side='left': before them).

    As PyTorch's: the result has the first sequence's dtype and trailing shape *, the others are cast to it and
    broadcast into their slots; a padding_value that the dtype cannot hold is cast (0.5 in int64 is 0)."""
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
    longest = max(len(sequence) for sequence in sequences)
    padded = [_padded(sequence, longest, first, padding_value, padding_side) for sequence in sequences]
    return autograd.stack(padded, dim=0 if batch_first else 1)


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
