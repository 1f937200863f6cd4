"""Packed sequences (PyTorch's torch.nn.utils.rnn.PackedSequence, pack_padded_sequence and pad_packed_sequence;
pack_sequence is in rnn.py): a batch of sequences of different lengths stored without their padding, which nn.RNN, nn.LSTM and
nn.GRU run each for its own length (the final state of a sequence is the one after its last element).

A PackedSequence holds
    data (ΣLᵢ, *):        the elements time step by time step; at each step those of the sequences still running,
                          longest sequence first,
    batch_sizes (T,):     how many sequences run at each step (an int64 tensor),
    sorted_indices:       the batch's order longest first (None when the batch came sorted: enforce_sorted=True),
    unsorted_indices:     its inverse (back to the caller's order).
Packing and unpacking are gathers (indexing), so the gradient of each valid element flows back to its place in
the padded tensor (the padding gets none).
"""
import collections

import numpy as np

import autograd
from autograd import Tensor


class PackedSequence(collections.namedtuple("PackedSequence",
                                            ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])):
    """What pack_padded_sequence returns (see the module's docstring); a recurrent layer given one returns one."""

    __slots__ = ()

    def __new__(cls, data, batch_sizes, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = autograd.tensor(np.argsort(_numbers(sorted_indices)))
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    @property
    def is_cuda(self):
        return False


def _numbers(tensor):
    return tensor.numpy() if isinstance(tensor, Tensor) else np.asarray(tensor)


def _positions(batch_sizes):
    """(T, B) array: where the element of (sorted) sequence j at step t lies in data, −1 past its end."""
    batch_sizes = _numbers(batch_sizes)
    offsets = np.cumsum(batch_sizes) - batch_sizes
    columns = np.arange(batch_sizes[0])
    return np.where(columns[None, :] < batch_sizes[:, None], offsets[:, None] + columns[None, :], -1)


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded batch (T, B, *) (batch_first: (B, T, *)) whose sequence b has lengths[b] valid steps.
    enforce_sorted: the lengths must come in decreasing order (otherwise the batch is sorted and
    sorted_indices records how)."""
    lengths = _numbers(lengths)
    if lengths.ndim != 1 or lengths.dtype.kind not in "iu":
        raise RuntimeError(f"pack_padded_sequence: 'lengths' must be a 1-D sequence of integers, got {lengths!r}")
    if batch_first:
        input = input.transpose(0, 1)
    if lengths.size == 0:
        raise RuntimeError("Cannot pack empty tensors.")
    if len(lengths) != input.shape[1]:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got {len(lengths)} (batch_size="
                           f"{input.shape[1]})")
    if enforce_sorted:
        if np.any(np.diff(lengths) > 0):
            raise RuntimeError("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. "
                               "You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence "
                               "to sidestep this requirement if you do not need ONNX exportability.")
        order, sorted_indices = np.arange(len(lengths)), None
    else:
        order = np.argsort(-lengths, kind="stable")
        sorted_indices = autograd.tensor(order)
    if lengths.min() <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' "
                           "that is <= 0")
    if lengths.max() > input.shape[0]:
        raise RuntimeError(f"pack_padded_sequence: a length of {lengths.max()} is longer than the padded "
                           f"sequences ({input.shape[0]} steps)")
    sorted_lengths = lengths[order]
    batch_sizes = (sorted_lengths[None, :] > np.arange(sorted_lengths.max())[:, None]).sum(axis=1)
    steps, columns = np.nonzero(_positions(batch_sizes) >= 0)  # row-major: step by step, longest first
    data = input[autograd.tensor(steps), autograd.tensor(order[columns])]
    return PackedSequence(data, autograd.tensor(batch_sizes.astype(np.int64)), sorted_indices)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """The inverse of pack_padded_sequence: (padded (T, B, *) in the caller's order, lengths (B,) int64),
    T = the longest length, or total_length."""
    data, batch_sizes = sequence.data, _numbers(sequence.batch_sizes)
    positions = _positions(batch_sizes)
    steps = len(batch_sizes)
    if total_length is not None:
        if total_length < steps:
            raise ValueError("Expected total_length to be at least the length of the longest sequence in input, "
                             f"but got total_length={total_length} and max sequence length being {steps}")
        positions = np.concatenate([positions, np.full((total_length - steps, positions.shape[1]), -1)])
    padding = autograd.full((1, *data.shape[1:]), padding_value, dtype=data.dtype)
    extended = autograd.cat([data, padding])  # index −1: the padding row
    padded = extended[autograd.tensor(np.where(positions >= 0, positions, len(data)))]
    lengths = (positions >= 0).sum(axis=0)
    if sequence.unsorted_indices is not None:
        unsorted = _numbers(sequence.unsorted_indices)
        padded, lengths = padded[:, autograd.tensor(unsorted)], lengths[unsorted]
    if batch_first:
        padded = padded.transpose(0, 1)
    return padded, autograd.tensor(lengths.astype(np.int64))


def run_packed(rnn, packed, hx):
    """A recurrent layer over a PackedSequence: each sequence runs alone for its own length (rnn.forward on a
    batch of one), with its column of hx (given, and returned, in the caller's order). Returns
    (PackedSequence of the outputs, h_n) (an LSTM: (h_n, c_n)), as PyTorch's layers do."""
    positions = _positions(packed.batch_sizes)
    order = (np.arange(positions.shape[1]) if packed.sorted_indices is None
             else _numbers(packed.sorted_indices))
    outputs, finals = [], []
    for column, batch_index in enumerate(order):
        steps = positions[:, column][positions[:, column] >= 0]
        sequence = packed.data[autograd.tensor(steps)].unsqueeze(0 if rnn.batch_first else 1)
        state = None if hx is None else _column(hx, batch_index)
        output, final = rnn.forward(sequence, state)
        outputs.append(output[0] if rnn.batch_first else output[:, 0])
        finals.append(final if isinstance(final, tuple) else (final,))
    starts = np.cumsum([0] + [len(output) for output in outputs])
    steps, columns = np.nonzero(positions >= 0)
    data = autograd.cat(outputs)[autograd.tensor(starts[columns] + steps)]
    unsorted = np.argsort(order)
    states = tuple(autograd.cat([final[i] for final in finals], dim=1)[:, autograd.tensor(unsorted)]
                   for i in range(len(finals[0])))
    result = PackedSequence(data, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
    return result, (states if len(states) > 1 else states[0])


def _column(hx, index):
    """Sequence `index`'s initial state(s): column index of hx (num_layers·directions, B, H), kept 3-D."""
    if isinstance(hx, Tensor):
        return hx[:, index:index + 1]
    return tuple(part[:, index:index + 1] for part in hx)
