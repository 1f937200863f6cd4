"""One LSTM or GRU time step's gates and state update, for nn.LSTM and nn.GRU (the primitives and their
rules: primitives/recurrent.py)."""
from ..primitives import GRUCell, LSTMCell, LSTMGates, LSTMHidden
from ..tensor import Tensor


def lstm_cell(input_gates, hidden_gates, c):
    """(hₜ, cₜ) from the gates' pre-activations z = input_gates + hidden_gates (*, 4H: xₜ W_ihᵀ + b_ih and
    hₜ₋₁ W_hhᵀ + b_hh, blocks in PyTorch's order i, f, g, o) and the cell state cₜ₋₁ = c (*, H):
        cₜ = σ(z_f) ⊙ cₜ₋₁ + σ(z_i) ⊙ tanh(z_g),   hₜ = σ(z_o) ⊙ tanh(cₜ)
    as three nodes: the activated gates, cₜ, hₜ (PyTorch's _thnn_fused_lstm_cell)."""
    check_arguments("lstm_cell", input_gates=input_gates, hidden_gates=hidden_gates, c=c)
    gates = LSTMGates.apply(input_gates, hidden_gates)
    c = LSTMCell.apply(gates, c)
    return LSTMHidden.apply(gates, c), c


def gru_cell(input_gates, hidden_gates, h):
    """hₜ from x = input_gates (*, 3H: xₜ W_ihᵀ + b_ih), y = hidden_gates (*, 3H: hₜ₋₁ W_hhᵀ + b_hh), blocks in
    PyTorch's order r, z, n, and hₜ₋₁ = h (*, H):
        r, z = σ(x_rz + y_rz),   n = tanh(x_n + r ⊙ y_n),   hₜ = n + z ⊙ (hₜ₋₁ − n)
    as one node (PyTorch's _thnn_fused_gru_cell)."""
    check_arguments("gru_cell", input_gates=input_gates, hidden_gates=hidden_gates, h=h)
    return GRUCell.apply(input_gates, hidden_gates, h)


def check_arguments(name, **tensors):
    """Every argument a Tensor, all of one floating dtype."""
    for argument, value in tensors.items():
        if not isinstance(value, Tensor):
            raise TypeError(f"{name}(): argument '{argument}' must be Tensor, not {type(value).__name__}")
    dtypes = [t.dtype for t in tensors.values()]
    if len(set(dtypes)) > 1 or dtypes[0].kind != "f":
        listed = ", ".join(str(d) for d in dtypes)
        raise RuntimeError(f"{name}(): the gates and the state must have one floating dtype, got {listed}")
