"""One LSTM time step as three primitives, one GRU step as one: nodes where the sums, slices, sigmoids,
tanh, products and sums would record about a dozen (PyTorch fuses the same steps: _thnn_fused_lstm_cell,
_thnn_fused_gru_cell).

The pre-activations z = (xₜ W_ihᵀ + b_ih) + (hₜ₋₁ W_hhᵀ + b_hh) (*, 4H) hold the gates in PyTorch's order
i, f, g, o (blocks of H columns):
    a  = [σ(z_i), σ(z_f), tanh(z_g), σ(z_o)]       LSTMGates (the activated gates)
    cₜ = a_f ⊙ cₜ₋₁ + a_i ⊙ a_g                     LSTMCell
    hₜ = a_o ⊙ tanh(cₜ)                             LSTMHidden
The rules reuse SigmoidGrad and TanhGrad (σ' = (1 − σ)σ, tanh' = 1 − tanh², from the saved output), so
values and gradients are those of the composed ops, rounding included. LSTMCell and LSTMHidden each give
a's gradient in their own blocks and zeros elsewhere (the engine adds the two).
"""
import numpy as np

from ..function import Function
from ..rules import ARRAYS
from .elementwise import Sigmoid, SigmoidGrad, Tanh, TanhGrad
from .shapes import Cat


def blocks(x, *names):
    """The named gate blocks (views) of x (*, 4H), for names among i, f, g, o; a run of names is one block."""
    size = x.shape[-1] // 4
    start, stop = "ifgo".index(names[0]) * size, ("ifgo".index(names[-1]) + 1) * size
    return x[..., start:stop]


def joined(ops, parts, like):
    """The (*, 4H) gradient from {block name: its gradient}, zeros in the blocks not given."""
    size = like.shape[-1] // 4
    zeros = np.zeros(like.shape[:-1] + (size,), dtype=ops.array(like).dtype)
    return ops(Cat, *(parts.get(name, zeros) for name in "ifgo"), axis=like.ndim - 1)


class LSTMGates(Function):
    """out = [σ(z_i), σ(z_f), tanh(z_g), σ(z_o)], the activated gates, for z = a + b (a = xₜ W_ihᵀ + b_ih,
    b = hₜ₋₁ W_hhᵀ + b_hh: (*, 4H), blocks i, f, g, o);  da = db = [g_i (1 − out_i) out_i,
    g_f (1 − out_f) out_f, g_g (1 − out_g²), g_o (1 − out_o) out_o]. The letters are the explorer's: its
    inputs in order."""

    reads_inputs = False
    saves_output = True

    def forward(self, input_gates, hidden_gates):
        z = input_gates + hidden_gates
        if z.shape[-1] % 4:
            raise ValueError(f"the gates need 4 blocks (i, f, g, o), got {z.shape[-1]} columns")
        a = ARRAYS(Sigmoid, z)  # σ of every block, then g's replaced: one call (28 → 20 µs at 32 × 512)
        blocks(a, "g")[...] = np.tanh(blocks(z, "g"))
        return a

    def backward(self, ops, g):
        a = ops.output(self)
        sigmoid_grad = ops(SigmoidGrad, g, a)  # on every block, g's unused: one call (measured 37 → 26 µs a step)
        dz = ops(Cat, blocks(sigmoid_grad, "i", "f"), ops(TanhGrad, blocks(g, "g"), blocks(a, "g")),
                 blocks(sigmoid_grad, "o"), axis=a.ndim - 1)
        return dz, dz

    def label(self):
        return "lstm_gates"


class LSTMCell(Function):
    """out = a_f ⊙ b + a_i ⊙ a_g, the cell state cₜ, for the activated gates a (*, 4H) and b = cₜ₋₁ (*, H);
    da_i = g ⊙ a_g,  da_f = g ⊙ b,  da_g = g ⊙ a_i,  da_o = 0,  db = g ⊙ a_f"""

    def forward(self, a, c_prev):
        if a.shape[-1] != 4 * c_prev.shape[-1]:
            raise ValueError(f"the gates need 4 × {c_prev.shape[-1]} columns, got {a.shape[-1]}")
        return blocks(a, "f") * c_prev + blocks(a, "i") * blocks(a, "g")

    def backward(self, ops, g):
        a, c_prev = ops.inputs(self)
        da = joined(ops, {"i": g * blocks(a, "g"), "f": g * c_prev, "g": g * blocks(a, "i")}, a)
        return da, g * blocks(a, "f")

    def label(self):
        return "lstm_cell"


class LSTMHidden(Function):
    """out = a_o ⊙ tanh(b), the hidden state hₜ, for the activated gates a (*, 4H) and b = cₜ (*, H);
    da_o = g ⊙ tanh(b),  da_i = da_f = da_g = 0,  db = (g ⊙ a_o)(1 − tanh²(b))"""

    def forward(self, a, c):
        if a.shape[-1] != 4 * c.shape[-1]:
            raise ValueError(f"the gates need 4 × {c.shape[-1]} columns, got {a.shape[-1]}")
        return blocks(a, "o") * np.tanh(c)

    def backward(self, ops, g):
        a, c = ops.inputs(self)
        tanh_c = ops(Tanh, c)
        return joined(ops, {"o": g * tanh_c}, a), ops(TanhGrad, g * blocks(a, "o"), tanh_c)

    def label(self):
        return "lstm_hidden"


class GRUCell(Function):
    """out = n + z ⊙ (c − n), the hidden state hₜ, for r, z = σ(a_rz + b_rz), n = tanh(a_n + r ⊙ b_n),
    a = xₜ W_ihᵀ + b_ih, b = hₜ₋₁ W_hhᵀ + b_hh (*, 3H, blocks r, z, n), c = hₜ₋₁ (*, H);  with dn = g − g ⊙ z,
    dn' = dn (1 − n²),  dr' = (dn' ⊙ b_n)(1 − r)r,  dz' = (g ⊙ (c − n))(1 − z)z:
    da = [dr', dz', dn'],  db = [dr', dz', dn' ⊙ r],  dc = g ⊙ z"""

    def forward(self, input_gates, hidden_gates, h):
        if input_gates.shape[-1] != 3 * h.shape[-1]:
            raise ValueError(f"the gates need 3 × {h.shape[-1]} columns, got {input_gates.shape[-1]}")
        r, z, n = gru_gates(ARRAYS, input_gates, hidden_gates)
        return n + z * (h - n)

    def backward(self, ops, g):
        input_gates, hidden_gates, h = ops.inputs(self)
        r, z, n = gru_gates(ops, input_gates, hidden_gates)
        grad_n = ops(TanhGrad, g - g * z, n)
        grad_r = ops(SigmoidGrad, grad_n * hidden_gates[..., 2 * r.shape[-1] :], r)
        grad_z = ops(SigmoidGrad, g * (h - n), z)
        axis = g.ndim - 1
        return (ops(Cat, grad_r, grad_z, grad_n, axis=axis), ops(Cat, grad_r, grad_z, grad_n * r, axis=axis), g * z)

    def label(self):
        return "gru_cell"


def gru_gates(ops, input_gates, hidden_gates):
    """(r, z, n) of a GRU step: r, z = σ(x_rz + y_rz), n = tanh(x_n + r ⊙ y_n)."""
    size = hidden_gates.shape[-1] // 3
    reset_update = ops(Sigmoid, input_gates[..., : 2 * size] + hidden_gates[..., : 2 * size])
    r, z = reset_update[..., :size], reset_update[..., size:]
    return r, z, ops(Tanh, input_gates[..., 2 * size :] + r * hidden_gates[..., 2 * size :])
