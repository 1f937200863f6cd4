"""PyTorch as a second oracle for RNN, LSTM and GRU: the same weights (through load_state_dict), the
same input and initial states; outputs, final states and the gradients of all of them compared."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import nn  # noqa: E402

RNG = np.random.default_rng(3)


def pair(kind, *args, **kwargs):
    reference = getattr(torch.nn, kind)(*args, **kwargs).double()
    ours = getattr(nn, kind)(*args, **kwargs).double()
    ours.load_state_dict({key: value.detach().numpy() for key, value in reference.state_dict().items()})
    return ours, reference


def flatten_result(kind, result):
    output, states = result
    return [output] + (list(states) if kind == "LSTM" else [states])


def compare(kind, ours, reference, x, states):
    """Forward both, backpropagate the same random weights of every result, compare values and gradients."""
    our_inputs = [autograd.tensor(a, requires_grad=True) for a in [x] + states]
    their_inputs = [torch.tensor(a, requires_grad=True) for a in [x] + states]
    pack = (lambda s: tuple(s)) if kind == "LSTM" else (lambda s: s[0])
    our_results = flatten_result(kind, ours(our_inputs[0], pack(our_inputs[1:]) if states else None))
    their_results = flatten_result(kind, reference(their_inputs[0], pack(their_inputs[1:]) if states else None))
    our_loss, their_loss = 0, 0
    for mine, theirs in zip(our_results, their_results, strict=True):
        np.testing.assert_allclose(mine.detach().numpy(), theirs.detach().numpy(), atol=1e-12)
        weights = RNG.standard_normal(mine.shape)
        our_loss = our_loss + (mine * autograd.tensor(weights)).sum()
        their_loss = their_loss + (theirs * torch.tensor(weights)).sum()
    our_loss.backward()
    their_loss.backward()
    for mine, theirs in zip(our_inputs, their_inputs, strict=True):
        np.testing.assert_allclose(mine.grad.numpy(), theirs.grad.numpy(), atol=1e-12)
    our_params = dict(ours.named_parameters())
    for name, theirs in reference.named_parameters():
        np.testing.assert_allclose(our_params[name].grad.numpy(), theirs.grad.numpy(), atol=1e-11, err_msg=name)


@pytest.mark.parametrize("kind, options", [
    ("LSTM", {}), ("GRU", {}), ("RNN", {}), ("RNN", {"nonlinearity": "relu"}), ("LSTM", {"bias": False}),
    ("GRU", {"bias": False}),
])
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("with_states", [False, True])
def test_two_layers(kind, options, batch_first, with_states):
    ours, reference = pair(kind, 3, 5, num_layers=2, batch_first=batch_first, **options)
    x = RNG.standard_normal((4, 6, 3) if batch_first else (6, 4, 3))
    states = [RNG.standard_normal((2, 4, 5)) for _ in range(2 if kind == "LSTM" else 1)] if with_states else []
    compare(kind, ours, reference, x, states)


@pytest.mark.parametrize("kind", ["LSTM", "GRU", "RNN"])
def test_unbatched(kind):
    ours, reference = pair(kind, 2, 3, num_layers=2)
    states = [RNG.standard_normal((2, 3)) for _ in range(2 if kind == "LSTM" else 1)]
    compare(kind, ours, reference, RNG.standard_normal((5, 2)), states)


def test_same_parameter_names_and_default_init_range():
    for kind in ("LSTM", "GRU", "RNN"):
        ours, reference = getattr(nn, kind)(4, 6, num_layers=3), getattr(torch.nn, kind)(4, 6, num_layers=3)
        assert list(ours.state_dict()) == list(reference.state_dict())
        for (name, mine), theirs in zip(ours.state_dict().items(), reference.state_dict().values(), strict=True):
            assert mine.shape == tuple(theirs.shape), name
            assert np.abs(mine.detach().numpy()).max() <= 1 / np.sqrt(6) and theirs.abs().max().item() <= 1 / np.sqrt(6)


@pytest.mark.parametrize("kind", ["LSTM", "GRU", "RNN"])
@pytest.mark.parametrize("num_layers", [1, 2])
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("with_states", [False, True])
def test_bidirectional(kind, num_layers, batch_first, with_states):
    ours, reference = pair(kind, 3, 4, num_layers=num_layers, batch_first=batch_first, bidirectional=True)
    assert list(ours.state_dict()) == list(reference.state_dict()) and repr(ours) == repr(reference)
    x = RNG.standard_normal((2, 5, 3) if batch_first else (5, 2, 3))
    states = [RNG.standard_normal((2 * num_layers, 2, 4)) for _ in range(2 if kind == "LSTM" else 1)]
    compare(kind, ours, reference, x, states if with_states else [])


@pytest.mark.parametrize("kind", ["LSTM", "GRU"])
def test_bidirectional_unbatched(kind):
    ours, reference = pair(kind, 2, 3, num_layers=2, bidirectional=True)
    states = [RNG.standard_normal((4, 3)) for _ in range(2 if kind == "LSTM" else 1)]
    compare(kind, ours, reference, RNG.standard_normal((5, 2)), states)


def test_flat_weight_names_and_all_weights_match_pytorch():
    for options in ({}, {"bias": False}, {"bidirectional": True, "num_layers": 2}):
        ours, reference = pair("GRU", 3, 4, **options)
        assert ours._flat_weights_names == reference._flat_weights_names
        assert [[tuple(w.shape) for w in layer] for layer in reference.all_weights] == \
            [[w.shape for w in layer] for layer in ours.all_weights]
        assert all(a is ours._parameters[name] for a, name in zip(ours._flat_weights, ours._flat_weights_names, strict=True))
