"""Recurrent layers: RNN, LSTM and GRU, with PyTorch's parameters, shapes and initialisation.

Each layer l has weights W_ih (G·H, input) and W_hh (G·H, H) and biases b_ih, b_hh (G·H), where G is
the number of gate blocks (1 for RNN, 4 for LSTM, 3 for GRU), stacked in PyTorch's order. All are
initialised from U(−1/√H, 1/√H). The input projection x W_ihᵀ + b_ih of every time step is one matrix
product before the time loop; each step then costs one (batch, H) × (H, G·H) product.

Shapes (batch_first=False): input (L, N, H_in) → output (L, N, H) holding the last layer's hₜ for
every t, and the final states (num_layers, N, H) of every layer. batch_first=True swaps L and N in the
input and output (not in the states). An unbatched input (L, H_in) takes and gives states (num_layers, H).

bidirectional=True adds to every layer a second RNN that reads the sequence backwards (weights named
…_reverse); the layer's output at t is [h→ₜ, h←ₜ] (2H features, the next layer's input), and the states
are (2·num_layers, N, H) ordered layer 0 forward, layer 0 backward, layer 1 forward, ...
"""
import math
import warnings

import autograd
from autograd.scope import module_scope, name_output

from . import init
from .functional.dropout import dropout
from .functional.recurrent import gru_cell, lstm_cell
from .module import Module, Parameter
from .utils.packed import PackedSequence, run_packed
from .functional._inputs import check_tensor


class RNNBase(Module):
    """The layer stack and time loop shared by RNN, LSTM and GRU; a subclass defines `cell`, one time step."""

    gate_count = 1
    state_count = 1  # tensors in a layer's state: 1 (h), or 2 for LSTM (h, c)
    hidden_bias_outside_gates = True  # b_hh can join b_ih in the input projection (not in GRU)

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        _check_options(type(self).__name__, input_size, hidden_size, num_layers, dropout, proj_size)
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = dropout
        self.bidirectional = bidirectional
        gates, where = self.gate_count * hidden_size, {"device": device, "dtype": dtype}
        for layer in range(num_layers):
            layer_input = input_size if layer == 0 else hidden_size * self.directions
            for suffix in self._suffixes():
                setattr(self, f"weight_ih_l{layer}{suffix}", Parameter(autograd.zeros(gates, layer_input, **where)))
                setattr(self, f"weight_hh_l{layer}{suffix}", Parameter(autograd.zeros(gates, hidden_size, **where)))
                if bias:
                    setattr(self, f"bias_ih_l{layer}{suffix}", Parameter(autograd.zeros(gates, **where)))
                    setattr(self, f"bias_hh_l{layer}{suffix}", Parameter(autograd.zeros(gates, **where)))
        self.reset_parameters()

    def flatten_parameters(self):
        """Nothing to do: PyTorch packs the weights into one block for cuDNN; glassgrad's are ordinary arrays."""

    @property
    def _flat_weights_names(self):
        """The names of the weights and biases, layer by layer, in PyTorch's order (d2l reads it)."""
        return [name for name, param in self._parameters.items() if param is not None]

    @property
    def _flat_weights(self):
        return [self._parameters[name] for name in self._flat_weights_names]

    @property
    def all_weights(self):
        """[[w_ih, w_hh, b_ih, b_hh] for each layer and direction], as PyTorch's all_weights."""
        per_layer = 4 if self.bias else 2
        weights = self._flat_weights
        return [weights[i : i + per_layer] for i in range(0, len(weights), per_layer)]

    @property
    def directions(self):
        return 2 if self.bidirectional else 1

    def _suffixes(self):
        """The parameter name endings of a layer's directions: '' (forward) and '_reverse' (backward)."""
        return ("", "_reverse") if self.bidirectional else ("",)

    def reset_parameters(self):
        """Every weight and bias from U(−1/√H, 1/√H), as PyTorch."""
        bound = 1.0 / math.sqrt(self.hidden_size)
        for param in self.parameters():
            init.uniform_(param, -bound, bound)

    def extra_repr(self):
        text = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if not self.bias:
            text += ", bias=False"
        if self.batch_first:
            text += ", batch_first=True"
        if self.dropout:
            text += f", dropout={self.dropout}"
        if self.bidirectional:
            text += ", bidirectional=True"
        return text

    def cell(self, projected_input, projected_hidden, state):
        """One time step: (xₜ W_ihᵀ + b_ih (+ b_hh when it is folded in), hₜ₋₁ W_hhᵀ (+ b_hh when it is not), state)
        → the new state (a tuple, h first)."""
        raise NotImplementedError

    def forward(self, input, hx=None):
        """input (L, N, H_in) ((N, L, H_in) with batch_first, (L, H_in) unbatched) or a PackedSequence (each
        sequence then runs for its own length: nn/utils/packed.py); hx the initial state(s), zeros when None."""
        if isinstance(input, PackedSequence):
            if hx is not None:
                self._check_packed_states(hx, input)
            return run_packed(self, input, hx)
        name = type(self).__name__
        check_tensor(name, input)
        if input.ndim not in (2, 3) or input.shape[-1] != self.input_size:  # (PyTorch: ValueError, RuntimeError)
            layout = "(N, L, H_in)" if self.batch_first else "(L, N, H_in)"
            raise (ValueError if input.ndim not in (2, 3) else RuntimeError)(
                f"{name}: expected input of shape {layout} or (L, H_in) with H_in = {self.input_size}, "
                f"got {input.shape}"
            )
        if input.shape[1 if input.ndim == 3 and self.batch_first else 0] == 0:
            raise RuntimeError(f"{name}: the input sequence is empty (shape {input.shape})")
        weight_dtype = self.weight_ih_l0.dtype
        if input.dtype != weight_dtype:  # (PyTorch's check and type)
            raise ValueError(f"{name}: input dtype ({input.dtype}) does not match weight dtype ({weight_dtype}). "
                             f"Convert input: input.to({weight_dtype}), or convert model: model.to({input.dtype})")
        batched = input.ndim == 3
        # The first layer reads the caller's tensor in its own layout (a drawing then shows that tensor, not a
        # reshaped copy); every later layer reads (L, N, H).
        layout = "time first" if not batched else "batch first" if self.batch_first else "time first, batch"
        batch = 1 if not batched else input.shape[0 if self.batch_first else 1]
        states = self._initial_states(hx, batch, batched, input.dtype)
        finals = []
        x = input
        for layer in range(self.num_layers):
            outputs = []
            for direction, suffix in enumerate(self._suffixes()):
                index = layer * self.directions + direction
                state = tuple(s[index] for s in states)
                if hx is None:  # the zeros the module made: named as PyTorch's docs call them, h0 (and c0)
                    for letter, part in zip("hc"[: len(state)], state, strict=True):
                        part.name = f"{letter}0{self._state_suffix(f'{layer}{suffix}')}"
                output, final = self._run_layer(x, layout, f"{layer}{suffix}", state, direction)
                outputs.append(output)
                finals.append(final)
            layout = "time first, batch"
            x = outputs[0] if len(outputs) == 1 else autograd.cat(outputs, dim=2)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = dropout(x, self.dropout)
        final_states = tuple(autograd.stack([f[i] for f in finals]) for i in range(self.state_count))
        if not batched:
            x = x.squeeze(1)
            final_states = tuple(s.squeeze(1) for s in final_states)
        elif self.batch_first:
            x = x.transpose(0, 1)
        return x, (final_states if self.state_count > 1 else final_states[0])

    def _initial_states(self, hx, batch, batched, dtype):
        """The initial state tensors, each (directions·num_layers, N, H): zeros when hx is None."""
        shape = (self.directions * self.num_layers, batch, self.hidden_size)
        if hx is None:
            return (autograd.zeros(shape, dtype=dtype),) * self.state_count
        given = _lstm_states(hx) if self.state_count > 1 else (hx,)
        expected = shape if batched else (shape[0], self.hidden_size)
        for kind, state in zip(("hidden", "cell"), given, strict=False):
            if state.shape != expected:
                raise RuntimeError(f"{type(self).__name__}: expected {kind} state of shape {expected}, got "
                                   f"{tuple(state.shape)} (for {'batched 3-D' if batched else 'unbatched 2-D'} input)")
        return given if batched else tuple(s.unsqueeze(1) for s in given)

    def _check_packed_states(self, hx, packed):
        """PyTorch's check of hx for a PackedSequence of B sequences: each state (directions·num_layers, B, H).
        With enforce_sorted=False PyTorch first reorders hx's columns by sorted_indices, so there a state with
        more than B columns is taken (its first B, as run_packed reads them) and one with fewer refused. An
        LSTM's hx must be a tuple (PyTorch's packed LSTM refuses a bare tensor with a TypeError)."""
        name, batch = type(self).__name__, int(packed.batch_sizes[0])
        if self.state_count > 1 and isinstance(hx, autograd.Tensor):
            raise TypeError(f"{name}: hx must be a tuple (h_0, c_0) of two tensors, got a Tensor of shape "
                            f"{tuple(hx.shape)}")
        given = _lstm_states(hx) if self.state_count > 1 else (hx,)
        expected = (self.directions * self.num_layers, batch, self.hidden_size)
        for kind, state in zip(("hidden", "cell"), given, strict=False):
            shape = tuple(state.shape)
            reordered = packed.sorted_indices is not None and len(shape) == 3 and shape[1] >= batch
            if ((shape[0], batch, shape[2]) if reordered else shape) != expected:
                raise RuntimeError(f"{name}: expected {kind} state of shape {expected}, got {shape} (for a packed "
                                   f"batch of {batch} sequences)")

    def _state_suffix(self, name):
        """What tells apart the states of the layer's direction `name` ('0', '1_reverse') in the explorer: ''
        for a one-layer RNN ('h3'), else as its parameters' names end ('h3_l1', 'h3_l0_reverse')."""
        return "" if self.num_layers == 1 and self.directions == 1 else f"_l{name}"

    def _run_layer(self, x, layout, name, state, reverse):
        """Run one layer's direction (its parameters end in `name`, e.g. '0' or '1_reverse') over the
        sequence x ((L, N, in), (N, L, in) or (L, in), as `layout` says), backwards when `reverse`: the
        outputs (L, N, H) in time order and the final state."""
        weight_ih = getattr(self, f"weight_ih_l{name}")
        weight_hh = getattr(self, f"weight_hh_l{name}")
        bias_ih = getattr(self, f"bias_ih_l{name}") if self.bias else None
        bias_hh = getattr(self, f"bias_hh_l{name}") if self.bias else None
        suffix = self._state_suffix(name)  # the explorer's names (autograd/scope.py): 'weight_hh_l0ᵀ', 'h3', ...
        projected = x @ name_output(weight_ih.mT, f"weight_ih_l{name}ᵀ")
        if bias_ih is not None:
            projected = projected + bias_ih
            if self.hidden_bias_outside_gates:
                projected, bias_hh = projected + bias_hh, None
        if layout == "batch first":
            projected = projected.transpose(0, 1)
        elif layout == "time first":
            projected = projected.unsqueeze(1)
        name_output(projected, f"x W_ihᵀ + b{suffix}")
        weight_hh_t = name_output(weight_hh.mT, f"weight_hh_l{name}ᵀ")
        length = projected.shape[0]
        outputs, previous = [], 0  # the step whose h the next step reads (0: h0)
        for t in reversed(range(length)) if reverse else range(length):
            # a scope per time step, so the explorer folds a long sequence by step; steps count from 1 as the
            # explorer's ops do: step t reads input t (x[t - 1]) and makes h_t from h_(t-1), h0 the starting state
            with module_scope(f"step {t + 1}"):
                step_input = name_output(projected[t], f"x{t + 1} W_ihᵀ + b{suffix}")
                hidden = name_output(_plus_bias(state[0] @ weight_hh_t, bias_hh),
                                     f"h{previous}{suffix} W_hhᵀ" + (" + b_hh" if bias_hh is not None else ""))
                state = self.cell(step_input, hidden, state)
                for letter, part in zip("hc"[: len(state)], state, strict=True):  # PyTorch's order (h, c), whatever
                    name_output(part, f"{letter}{t + 1}{suffix}")  # the cell computed first (an LSTM's c_t)
            outputs.append(state[0])
            previous = t + 1
        return autograd.stack(outputs[::-1] if reverse else outputs), state


def _plus_bias(x, bias):
    return x if bias is None else x + bias


def _lstm_states(hx):
    """LSTM's hx, which must be a tuple (h_0, c_0). Refused with PyTorch's error types (which its indexing of hx
    gives): IndexError for a Tensor of fewer than 2 rows or a 1-tuple, RuntimeError for a larger Tensor or more
    than 2 states."""
    if isinstance(hx, autograd.Tensor):
        error = IndexError if hx.ndim == 0 or hx.shape[0] < 2 else RuntimeError
        raise error(f"LSTM: hx must be a tuple (h_0, c_0) of two tensors, got a Tensor of shape {tuple(hx.shape)}")
    states = tuple(hx)
    if len(states) != 2:
        raise (IndexError if len(states) < 2 else RuntimeError)(
            f"LSTM: hx must be a tuple (h_0, c_0) of two tensors, got {len(states)}")
    return states


class RNN(RNNBase):
    """Elman RNN:  hₜ = tanh(xₜ W_ihᵀ + b_ih + hₜ₋₁ W_hhᵀ + b_hh)  (or relu with nonlinearity='relu')."""

    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNN: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, proj_size,
                         device, dtype)
        self.nonlinearity = nonlinearity

    def extra_repr(self):
        text = super().extra_repr()
        return text if self.nonlinearity == "tanh" else text + ", nonlinearity='relu'"

    def cell(self, projected_input, projected_hidden, state):
        pre_activation = projected_input + projected_hidden
        activation = autograd.tanh if self.nonlinearity == "tanh" else autograd.relu
        return (activation(pre_activation),)


def _check_options(name, input_size, hidden_size, num_layers, dropout, proj_size):
    """Refuse the sizes and options PyTorch refuses (its error types), and warn where PyTorch warns."""
    for what, size in (("input_size", input_size), ("hidden_size", hidden_size)):
        if not isinstance(size, int):
            raise TypeError(f"{what} should be of type int, got: {type(size).__name__}")
        if size <= 0:
            raise ValueError(f"{what} must be greater than zero")
    if num_layers < 1:
        raise ValueError(f"{name}: num_layers must be at least 1, got {num_layers}")
    if isinstance(dropout, bool) or not 0 <= dropout <= 1:
        raise ValueError(f"{name}: dropout must be in [0, 1], got {dropout}")
    if dropout > 0 and num_layers == 1:
        warnings.warn(f"{name}: dropout={dropout} acts between stacked layers, after all but the last, so it does "
                      f"nothing with num_layers=1", stacklevel=3)
    if proj_size and name != "LSTM":
        raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
    if proj_size:
        raise NotImplementedError(f"LSTM(proj_size={proj_size}): glassgrad's LSTM has no projection of h "
                                  f"(PyTorch's proj_size); use proj_size=0 and a Linear layer after it")


class LSTM(RNNBase):
    """Long short-term memory, gates in PyTorch's order i, f, g, o:

        iₜ = σ(W_ii xₜ + b_ii + W_hi hₜ₋₁ + b_hi)      input gate
        fₜ = σ(W_if xₜ + b_if + W_hf hₜ₋₁ + b_hf)      forget gate
        gₜ = tanh(W_ig xₜ + b_ig + W_hg hₜ₋₁ + b_hg)   candidate cell
        oₜ = σ(W_io xₜ + b_io + W_ho hₜ₋₁ + b_ho)      output gate
        cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ
        hₜ = oₜ ⊙ tanh(cₜ)
    forward(input, (h₀, c₀)) returns (output, (h_n, c_n)).

    The gates come from one (N, 4H) block, one matrix product per step (nn.functional.recurrent.lstm_cell)."""

    gate_count = 4
    state_count = 2

    def cell(self, projected_input, projected_hidden, state):
        # three nodes (the activated gates, cₜ, hₜ) where the formulas above would record about a dozen
        return lstm_cell(projected_input, projected_hidden, state[1])


class GRU(RNNBase):
    """Gated recurrent unit, gates in PyTorch's order r, z, n:

        rₜ = σ(W_ir xₜ + b_ir + W_hr hₜ₋₁ + b_hr)              reset gate
        zₜ = σ(W_iz xₜ + b_iz + W_hz hₜ₋₁ + b_hz)              update gate
        nₜ = tanh(W_in xₜ + b_in + rₜ ⊙ (W_hn hₜ₋₁ + b_hn))     candidate state
        hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁"""

    gate_count = 3
    hidden_bias_outside_gates = False  # b_hn is multiplied by rₜ

    def cell(self, projected_input, projected_hidden, state):
        # one node where the formulas above would record about a dozen
        return (gru_cell(projected_input, projected_hidden, state[0]),)
