"""Reference solutions of notebook 07's exercises."""
import numpy as np

import nn.functional as F


def rnn_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    """h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)."""
    return (x @ W_ih.T + b_ih + h @ W_hh.T + b_hh).tanh()


def two_step_grad(w, u, x1, x2, h0):
    """h₁ = tanh(w h₀ + u x₁), h₂ = tanh(w h₁ + u x₂):  dh₂/dw = (1 − h₂²)(h₁ + w (1 − h₁²) h₀)."""
    h1 = np.tanh(w * h0 + u * x1)
    h2 = np.tanh(w * h1 + u * x2)
    return (1 - h2 ** 2) * (h1 + w * (1 - h1 ** 2) * h0)


clipped_grads = ([0.6, 0.0], [0.0, 0.8])  # the joint norm is 5: every gradient times 1/5


def train_tbptt(model, optimizer, ids, chunk_length=16):
    """Consecutive chunks of ids (N, L), one step per chunk, the state carried over but detached."""
    state, losses = None, []
    for start in range(0, ids.shape[1] - chunk_length, chunk_length):
        x, y = ids[:, start:start + chunk_length], ids[:, start + 1:start + chunk_length + 1]
        if state is not None:
            state = tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()
        logits, state = model(x, state)
        loss = F.cross_entropy(logits.permute(0, 2, 1), y)
        optimizer.zero_grad(); loss.backward(); optimizer.step()
        losses.append(loss.item())
    return losses


def cell_state_grad(f):
    """c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t with gates independent of c:  ∂c_T/∂c₀ = Π_t f_t (per unit)."""
    return f.prod(axis=0)
