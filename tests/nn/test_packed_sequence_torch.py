"""nn.utils.rnn.pack_padded_sequence / pad_packed_sequence / pack_sequence / PackedSequence, and nn.RNN / LSTM / GRU
given a PackedSequence, against PyTorch: values, lengths, final states and gradients.

Was (hostile20d): AttributeError, the names were missing."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn
from nn.utils.rnn import PackedSequence, pack_padded_sequence, pack_sequence, pad_packed_sequence

torch = pytest.importorskip("torch")
T = torch.nn.utils.rnn


def padded_batch(lengths, features=2, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(max(lengths), len(lengths), features)).astype(np.float32)


def both(array):
    return autograd.tensor(array, requires_grad=True), torch.tensor(array, requires_grad=True)


@settings(max_examples=25, deadline=None)
@given(lengths=st.lists(st.integers(1, 5), min_size=1, max_size=4), batch_first=st.booleans(),
       enforce_sorted=st.booleans(), total=st.integers(0, 2))
def test_packing_and_unpacking_as_pytorch(lengths, batch_first, enforce_sorted, total):
    if enforce_sorted:
        lengths = sorted(lengths, reverse=True)
    array = padded_batch(lengths)
    if batch_first:
        array = array.transpose(1, 0, 2).copy()
    ours, theirs = both(array)
    packed = pack_padded_sequence(ours, lengths, batch_first=batch_first, enforce_sorted=enforce_sorted)
    expected = T.pack_padded_sequence(theirs, torch.tensor(lengths), batch_first=batch_first,
                                      enforce_sorted=enforce_sorted)
    assert isinstance(packed, PackedSequence)
    np.testing.assert_array_equal(packed.batch_sizes.numpy(), expected.batch_sizes.numpy())
    if len(set(lengths)) == len(lengths) or enforce_sorted:  # (ties: PyTorch's sort need not be stable)
        np.testing.assert_array_equal(packed.data.detach().numpy(), expected.data.detach().numpy())
    total_length = max(lengths) + total
    padded, out_lengths = pad_packed_sequence(packed, batch_first=batch_first, padding_value=-1.5,
                                              total_length=total_length)
    expected_padded, expected_lengths = T.pad_packed_sequence(expected, batch_first=batch_first, padding_value=-1.5,
                                                              total_length=total_length)
    np.testing.assert_array_equal(padded.detach().numpy(), expected_padded.detach().numpy())
    np.testing.assert_array_equal(out_lengths.numpy(), expected_lengths.numpy())
    assert out_lengths.dtype == np.int64
    weights = np.arange(padded.numel(), dtype=np.float32).reshape(padded.shape)
    (padded * autograd.tensor(weights)).sum().backward()
    (expected_padded * torch.tensor(weights)).sum().backward()
    np.testing.assert_array_equal(ours.grad.numpy(), theirs.grad.numpy())


def copy_weights(ours, theirs):
    with torch.no_grad():
        for name, param in ours.named_parameters():
            getattr(theirs, name).copy_(torch.tensor(param.detach().numpy()))


@pytest.mark.parametrize("layer, options", [
    ("RNN", {}), ("RNN", {"num_layers": 2, "nonlinearity": "relu"}), ("GRU", {"bidirectional": True}),
    ("LSTM", {}), ("LSTM", {"num_layers": 2, "bidirectional": True}), ("LSTM", {"batch_first": True}),
    ("GRU", {"num_layers": 2, "batch_first": True, "bidirectional": True}),
])
@pytest.mark.parametrize("with_state", [False, True])
def test_recurrent_layers_run_each_sequence_for_its_own_length(layer, options, with_state):
    lengths = [2, 5, 3]
    # float64: float32 sums over steps and sequences drift apart beyond 1e-5 for some random weights
    ours_layer, theirs_layer = getattr(nn, layer)(2, 3, **options).double(), getattr(torch.nn, layer)(2, 3, **options).double()
    copy_weights(ours_layer, theirs_layer)
    batch_first = options.get("batch_first", False)
    array = padded_batch(lengths).astype(np.float64)
    if batch_first:
        array = array.transpose(1, 0, 2).copy()
    ours, theirs = both(array)
    states = (2 if options.get("bidirectional") else 1) * options.get("num_layers", 1)
    hx = np.linspace(-1, 1, states * 3 * 3, dtype=np.float64).reshape(states, 3, 3)
    results = []
    for lib, module, x in ((autograd, ours_layer, ours), (torch, theirs_layer, theirs)):
        utils = nn.utils.rnn if lib is autograd else T
        packed = utils.pack_padded_sequence(x, lib.tensor(lengths), batch_first=batch_first, enforce_sorted=False)
        state = None
        if with_state:
            state = lib.tensor(hx, requires_grad=True)
            state = (state, lib.tensor(-hx, requires_grad=True)) if layer == "LSTM" else state
        output, final = module(packed, state)
        assert type(output).__name__ == "PackedSequence"
        padded, _ = utils.pad_packed_sequence(output, batch_first=batch_first)
        finals = final if isinstance(final, tuple) else (final,)
        loss = (padded * padded).sum() + sum((f * f * (i + 2)).sum() for i, f in enumerate(finals))
        loss.backward()
        grads = [x.grad] + ([p.grad for p in (state if isinstance(state, tuple) else (state,))] if with_state else [])
        grads += [p.grad for _, p in module.named_parameters()]
        results.append([t.detach().numpy() for t in (padded, *finals, *grads)])
    for mine, expected in zip(*results, strict=True):
        np.testing.assert_allclose(mine, expected, rtol=1e-5, atol=1e-6)


def test_pack_sequence_and_the_refusals():
    sequences = [autograd.ones(3, 2), autograd.ones(2, 2), autograd.ones(1, 2)]
    packed = pack_sequence(sequences)
    assert packed.batch_sizes.tolist() == T.pack_sequence([torch.ones(3, 2), torch.ones(2, 2),
                                                          torch.ones(1, 2)]).batch_sizes.tolist()
    x = autograd.ones(3, 2, 1)
    for lengths, message in (([1, 3], "sorted in decreasing order"), ([3, 0], "greater than 0"),
                             ([3, 2, 1], "equal to batch_size")):
        with pytest.raises(RuntimeError, match=message):
            pack_padded_sequence(x, lengths)
        with pytest.raises(RuntimeError, match=message):
            T.pack_padded_sequence(torch.ones(3, 2, 1), torch.tensor(lengths))
    with pytest.raises(ValueError, match="total_length"):
        pad_packed_sequence(pack_padded_sequence(x, [3, 2]), total_length=2)
    with pytest.raises(ValueError, match="total_length"):
        T.pad_packed_sequence(T.pack_padded_sequence(torch.ones(3, 2, 1), torch.tensor([3, 2])), total_length=2)
