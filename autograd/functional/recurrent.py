"""One LSTM time step's gates and cell update, for nn.LSTM (the primitives and their rules:
primitives/recurrent.py)."""
from ..primitives import LSTMCell, LSTMGates, LSTMHidden
from ..tensor import Tensor


def lstm_cell(input_gates, hidden_gates, c):
    """(hₜ, cₜ) from the gates' pre-activations z = input_gates + hidden_gates (*, 4H: xₜ W_ihᵀ + b_ih and
    hₜ₋₁ W_hhᵀ + b_hh, blocks in PyTorch's order i, f, g, o) and the cell state cₜ₋₁ = c (*, H):
        cₜ = σ(z_f) ⊙ cₜ₋₁ + σ(z_i) ⊙ tanh(z_g),   hₜ = σ(z_o) ⊙ tanh(cₜ)
    as three nodes: the activated gates, cₜ, hₜ (PyTorch's _thnn_fused_lstm_cell)."""
    for name, value in (("input_gates", input_gates), ("hidden_gates", hidden_gates), ("c", c)):
        if not isinstance(value, Tensor):
            raise TypeError(f"lstm_cell(): argument '{name}' must be Tensor, not {type(value).__name__}")
    if not input_gates.dtype == hidden_gates.dtype == c.dtype or c.dtype.kind != "f":
        raise RuntimeError("lstm_cell(): the gates and c must have one floating dtype, got "
                           f"{input_gates.dtype}, {hidden_gates.dtype} and {c.dtype}")
    gates = LSTMGates.apply(input_gates, hidden_gates)
    c = LSTMCell.apply(gates, c)
    return LSTMHidden.apply(gates, c), c
