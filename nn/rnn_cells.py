"""One time step of a recurrent layer as a module: PyTorch's nn.RNNCell, nn.LSTMCell and nn.GRUCell.

Parameters weight_ih (G·H, H_in), weight_hh (G·H, H) and, with bias, bias_ih and bias_hh (G·H), where G is
the number of gate blocks (1 for RNNCell, 4 for LSTMCell: i, f, g, o; 3 for GRUCell: r, z, n), all from
U(−1/√H, 1/√H), as PyTorch. forward(input, hx=None) takes input (N, H_in) or unbatched (H_in,) and the
state (zeros when hx is None): h (N, H) for RNNCell and GRUCell, the pair (h, c) for LSTMCell. It returns
the new state in the same form. The formulas are those of nn.RNN / nn.LSTM / nn.GRU (nn/rnn.py), computed
by the same recurrent primitives (nn.functional.recurrent).
"""
import math

import autograd

from . import init
from .functional._shapes import as_int
from .functional.recurrent import gru_cell, lstm_cell
from .module import Module, Parameter


class RNNCellBase(Module):
    gate_count = 1
    state_count = 1  # 2 for LSTMCell: (h, c)

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__()
        input_size, hidden_size = as_int(input_size), as_int(hidden_size)  # (a NumPy integer too, as PyTorch)
        for what, size in (("input_size", input_size), ("hidden_size", hidden_size)):
            if not isinstance(size, int) or isinstance(size, bool):
                raise TypeError(f"{type(self).__name__}: {what} must be an int, got {type(size).__name__}")
            if size < 0:
                raise RuntimeError(f"{type(self).__name__}: {what} must be non-negative, got {size}")
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        gates, where = self.gate_count * hidden_size, {"device": device, "dtype": dtype}
        self.weight_ih = Parameter(autograd.zeros(gates, input_size, **where))
        self.weight_hh = Parameter(autograd.zeros(gates, hidden_size, **where))
        self.bias_ih = Parameter(autograd.zeros(gates, **where)) if bias else None
        self.bias_hh = Parameter(autograd.zeros(gates, **where)) if bias else None
        self.reset_parameters()

    def reset_parameters(self):
        """Every weight and bias from U(−1/√H, 1/√H), as PyTorch."""
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for param in self.parameters():
            init.uniform_(param, -bound, bound)

    def extra_repr(self):
        return f"{self.input_size}, {self.hidden_size}" + ("" if self.bias else ", bias=False")

    def _projections(self, x, h):
        """(x W_ihᵀ + b_ih, h W_hhᵀ + b_hh): the gates' two pre-activations."""
        x_part, h_part = x @ self.weight_ih.mT, h @ self.weight_hh.mT
        if self.bias:
            x_part, h_part = x_part + self.bias_ih, h_part + self.bias_hh
        return x_part, h_part

    def _inputs(self, input, hx):
        """input as (N, H_in) and the state as a tuple of (N, H) tensors (zeros for hx None), checked as PyTorch
        checks them, and whether the input had a batch dimension."""
        name = type(self).__name__
        if not isinstance(input, autograd.Tensor):
            raise TypeError(f"{name}: input must be a Tensor, got {type(input).__name__}")
        if input.ndim not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.ndim}D instead")
        if input.shape[-1] != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {input.shape[-1]} expected {self.input_size}")
        batched = input.ndim == 2
        x = input if batched else input.unsqueeze(0)
        if hx is None:
            return x, (autograd.zeros(x.shape[0], self.hidden_size, dtype=input.dtype),) * self.state_count, batched
        states = hx if self.state_count == 2 else (hx,)
        if self.state_count == 2 and not (isinstance(hx, (tuple, list)) and len(hx) == 2):
            raise TypeError(f"{name}: hx must be a tuple (h, c) of Tensors, got {type(hx).__name__}")
        expected = (x.shape[0], self.hidden_size) if batched else (self.hidden_size,)
        for i, state in enumerate(states):
            if not isinstance(state, autograd.Tensor):
                raise TypeError(f"{name}: the state must be Tensors, got {type(state).__name__}")
            if tuple(state.shape) != expected:
                raise RuntimeError(f"{name}: hidden{i} has shape {tuple(state.shape)}, expected {expected} "
                                   f"(input of shape {tuple(input.shape)}, hidden_size {self.hidden_size})")
        return x, tuple(s if batched else s.unsqueeze(0) for s in states), batched


class RNNCell(RNNCellBase):
    """h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)  (or relu with nonlinearity='relu')."""

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        if nonlinearity not in ("tanh", "relu"):  # (PyTorch's error, raised here rather than at the first step)
            raise RuntimeError(f"Unknown nonlinearity: {nonlinearity}")
        super().__init__(input_size, hidden_size, bias, device, dtype)
        self.nonlinearity = nonlinearity

    def extra_repr(self):
        return super().extra_repr() + ("" if self.nonlinearity == "tanh" else ", nonlinearity=relu")

    def forward(self, input, hx=None):
        x, (h,), batched = self._inputs(input, hx)
        x_part, h_part = self._projections(x, h)
        h = (autograd.tanh if self.nonlinearity == "tanh" else autograd.relu)(x_part + h_part)
        return h if batched else h.squeeze(0)


class LSTMCell(RNNCellBase):
    """(h', c') from (h, c), gates in PyTorch's order i, f, g, o (the formulas of nn.LSTM):
        c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g),   h' = σ(o) ⊙ tanh(c')"""

    gate_count = 4
    state_count = 2

    def forward(self, input, hx=None):
        x, (h, c), batched = self._inputs(input, hx)
        h, c = lstm_cell(*self._projections(x, h), c)
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(RNNCellBase):
    """h' from h, gates in PyTorch's order r, z, n (the formulas of nn.GRU):
        r, z = σ(x_rz + h_rz),   n = tanh(x_n + r ⊙ h_n),   h' = (1 − z) ⊙ n + z ⊙ h"""

    gate_count = 3

    def forward(self, input, hx=None):
        x, (h,), batched = self._inputs(input, hx)
        h = gru_cell(*self._projections(x, h), h)
        return h if batched else h.squeeze(0)
