"""Fifth adversarial pass (#19): RNN/LSTM/GRU constructor options against PyTorch."""
import warnings

import pytest

import nn


@pytest.mark.parametrize("sizes", [(3, 0), (0, 4), (-1, 4), (3, -2)])
@pytest.mark.parametrize("layer", ["RNN", "LSTM", "GRU"])
def test_a_size_that_is_not_positive_is_refused_as_pytorch_refuses_it(layer, sizes):
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError) as expected:
        getattr(torch.nn, layer)(*sizes)
    with pytest.raises(ValueError, match="must be greater than zero") as got:
        getattr(nn, layer)(*sizes)
    assert str(got.value) == str(expected.value)


@pytest.mark.parametrize("sizes", [(3, 4.0), (3.0, 4)])
def test_a_size_that_is_not_an_int_is_refused_with_pytorchs_message(sizes):
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError) as expected:
        torch.nn.GRU(*sizes)
    with pytest.raises(TypeError) as got:
        nn.GRU(*sizes)
    assert str(got.value) == str(expected.value)


@pytest.mark.parametrize("layer", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("num_layers, warns", [(1, True), (2, False)])
def test_dropout_with_one_layer_warns_as_in_pytorch(layer, num_layers, warns):
    torch = pytest.importorskip("torch")
    for module in (torch.nn, nn):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            getattr(module, layer)(3, 4, num_layers=num_layers, dropout=0.5)
        assert any("dropout" in str(w.message) for w in caught) == warns, module


def test_proj_size_is_refused_for_gru_as_in_pytorch_and_clearly_for_lstm():
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError) as expected:
        torch.nn.GRU(3, 4, proj_size=2)
    with pytest.raises(ValueError) as got:
        nn.GRU(3, 4, proj_size=2)
    assert str(got.value) == str(expected.value)
    with pytest.raises(NotImplementedError, match="proj_size"):
        nn.LSTM(3, 4, proj_size=2)
    assert nn.LSTM(3, 4, proj_size=0).hidden_size == 4


@pytest.mark.parametrize("layer", ["RNN", "LSTM", "GRU"])
def test_flatten_parameters_is_accepted_as_in_pytorch(layer):
    module = getattr(nn, layer)(3, 4)
    before = [p.detach().numpy().copy() for p in module.parameters()]
    assert module.flatten_parameters() is None
    assert all((a == p.detach().numpy()).all() for a, p in zip(before, module.parameters(), strict=True))
