"""Exercises of notebook 07 (sequences). Solutions: solutions/nb07.py."""
import numpy as np

import autograd
import nn
import nn.functional as F
import optim
from autograd import tensor
from exercises import Exercise, Sheet, Wrong, as_array, compare


# ------------------------------------------------------------------------------------------ 7.1 the RNN cell
def check_rnn_cell(rnn_cell):
    """One step of the learner's cell equals one step of nn.RNN (PyTorch's RNN cell), value and gradients."""
    autograd.manual_seed(7)
    rnn = nn.RNN(3, 4)
    rng = np.random.default_rng(7)
    x = tensor(rng.normal(size=(2, 3)).astype(np.float32))
    h = tensor(rng.normal(size=(2, 4)).astype(np.float32))
    weights = [rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0]
    got = rnn_cell(x, h, *weights)
    _, expected = rnn(x[None], h[None])
    compare(got, expected[0], "rnn_cell(x, h, ...) for a batch of 2, input size 3, hidden size 4",
            rtol=1e-4, atol=1e-6)
    if not getattr(got, "requires_grad", False):
        raise Wrong("the output does not require grad: build it from tensor operations, not NumPy")
    ours = autograd.grad(got.sum(), weights)
    theirs = autograd.grad(expected.sum(), weights)
    for name, g, want in zip(["W_ih", "W_hh", "b_ih", "b_hh"], ours, theirs, strict=True):
        compare(g, want, f"the gradient with respect to {name}", rtol=1e-4, atol=1e-6)
    return "one step of your cell is one step of nn.RNN, gradients included."


rnn_cell = Exercise(
    "rnn_cell", "7.1", "implement", "an RNN cell from tensor operations", check_rnn_cell,
    hint="h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh): both weights are stored (hidden, in), as nn.Linear's, "
         "and both biases are added.",
    wrong=(lambda x, h, W_ih, W_hh, b_ih, b_hh: (x @ W_ih.T + b_ih + h @ W_hh.T).tanh(),
           lambda x, h, W_ih, W_hh, b_ih, b_hh: (x @ W_ih.T + b_ih + h @ W_hh.T + b_hh).sigmoid()),
)


# ------------------------------------------------------------------------------ 7.2 two steps back in time
POINTS = [(0.8, -0.5, 1.0, 0.3, 0.2), (-1.3, 0.7, -0.4, 1.1, -0.6), (0.5, 1.5, 0.9, -1.2, 0.0)]


def check_two_step_grad(two_step_grad):
    """The learner's dh₂/dw for the scalar RNN h_t = tanh(w h_{t−1} + u x_t), against autograd, at 3 points."""
    for w, u, x1, x2, h0 in POINTS:
        w_t = tensor(w, dtype=autograd.float64, requires_grad=True)
        h1 = (w_t * h0 + u * x1).tanh()
        h2 = (w_t * h1 + u * x2).tanh()
        (expected,) = autograd.grad(h2, w_t)
        got = as_array(two_step_grad(w, u, x1, x2, h0), "two_step_grad(w, u, x1, x2, h0)")
        compare(got, expected, f"dh₂/dw at w = {w}, u = {u}, x₁ = {x1}, x₂ = {x2}, h₀ = {h0}")
    return ("dh₂/dw = (1 − h₂²)·(h₁ + w·(1 − h₁²)·h₀): one term per step at which w is used, the earlier one "
            "multiplied by the Jacobian w·(1 − h₁²) of the step in between. That is backpropagation through time.")


two_step_grad = Exercise(
    "two_step_grad", "7.2", "derive", "the gradient through two time steps", check_two_step_grad,
    hint="h₂ = tanh(a₂) with a₂ = w h₁ + u x₂, and h₁ itself depends on w: differentiate a₂ with the product rule, "
         "so that dh₁/dw appears, and get dh₁/dw the same way one step earlier. tanh′ = 1 − tanh². Compute h₁ and "
         "h₂ first (math.tanh or np.tanh).",
    wrong=(lambda w, u, x1, x2, h0: (1 - np.tanh(w * np.tanh(w * h0 + u * x1) + u * x2) ** 2)
           * np.tanh(w * h0 + u * x1),                                       # the last step only
           lambda w, u, x1, x2, h0: np.tanh(w * h0 + u * x1) + w * h0),      # tanh′ forgotten
)


# ----------------------------------------------------------------------------------- 7.3 clipping's effect
def check_clipped_grads(predicted):
    """The predicted gradients of a and b after clip_grad_norm_(max_norm=1) from a.grad = (3, 0), b.grad = (0, 4)."""
    if not isinstance(predicted, (tuple, list)) or len(predicted) != 2:
        raise Wrong("predict two gradients: (a.grad, b.grad) after clipping, each two numbers")
    a, b = autograd.zeros(2, requires_grad=True), autograd.zeros(2, requires_grad=True)
    a.grad, b.grad = tensor([3.0, 0.0]), tensor([0.0, 4.0])
    norm = nn.utils.clip_grad_norm_([a, b], max_norm=1.0).item()
    for name, got, truth in [("a.grad", predicted[0], a.grad), ("b.grad", predicted[1], b.grad)]:
        got = as_array(got, f"your {name}")
        if got.shape != (2,) or not np.allclose(got, truth.numpy(), atol=1e-3):
            raise Wrong(f"your {name} is {np.round(got, 3).tolist()}; after clipping it is "
                        f"{np.round(as_array(truth), 3).tolist()}. The norm clipped is that of all the gradients "
                        f"together, ‖(3, 0, 0, 4)‖ = {norm:g}, and every gradient is scaled by the same factor")
    return (f"the total norm was {norm:g}, so every gradient is multiplied by 1/{norm:g}: a.grad = (0.6, 0), "
            "b.grad = (0, 0.8). The direction of the whole update is kept; clipping each parameter on its own "
            "would have given (1, 0) and (0, 1), a different direction.")


clipped_grads = Exercise(
    "clipped_grads", "7.5", "predict", "what gradient clipping does", check_clipped_grads,
    hint="First decide what the norm is taken of: each parameter's gradient on its own, or all of them together "
         "(PyTorch's documentation of clip_grad_norm_ says). Then: which factor brings that norm down to max_norm, "
         "and is it the same for a and b?",
    wrong=(([1.0, 0.0], [0.0, 1.0]), ([3.0, 0.0], [0.0, 4.0]), ([0.6, 0.0], [0.0, 0.8], [0.0])),
)


# ------------------------------------------------------------------------- 7.4 truncated BPTT, state detached
class StateRecorder(nn.Module):
    """A tiny character model (Embedding → GRU → Linear) with the notebook's CharModel's interface,
    model(ids, state) → (logits, state), that records the state it is given and the one it returns."""

    def __init__(self, vocab_size=5):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, 4)
        self.recurrent = nn.GRU(4, 6, batch_first=True)
        self.output = nn.Linear(6, vocab_size)
        self.given, self.returned = [], []

    def forward(self, ids, state=None):
        self.given.append(state)
        hidden, state = self.recurrent(self.embedding(ids), state)
        self.returned.append(state.detach().numpy().copy())
        return self.output(hidden), state


def check_train_tbptt(train_tbptt):
    """The learner's loop carries the state from chunk to chunk (same values) but cuts its history (detached)."""
    ids = tensor(np.random.default_rng(9).integers(0, 5, size=(2, 49)))
    autograd.manual_seed(0)
    model = StateRecorder()
    try:
        losses = train_tbptt(model, optim.Adam(model.parameters(), lr=0.01), ids, chunk_length=12)
    except RuntimeError as error:
        raise Wrong(f"chunk {len(model.given)} failed in backward ({str(error).split(' (')[0].split(':')[0]}), "
                    "after chunk 1 trained: the first chunk's backward went through, the second one's did "
                    "not") from None
    if len(model.given) != 4 or len(losses) != 4:
        raise Wrong(f"49 characters make 4 chunks of 12 (inputs and their next characters); the model was called "
                    f"{len(model.given)} times")
    for k in range(1, 4):
        state = model.given[k]
        if state is None or np.allclose(state.detach().numpy(), 0):
            raise Wrong(f"chunk {k + 1} started from a zero state, not from the state chunk {k} ended with: the model "
                        "never sees more context than one chunk")
        if not np.allclose(state.detach().numpy(), model.returned[k - 1]):
            raise Wrong(f"chunk {k + 1} did not start from the state chunk {k} ended with")
        if state.requires_grad:
            raise Wrong(f"the state given to chunk {k + 1} still requires grad: its backward runs on through chunk "
                        f"{k}'s graph and every earlier one, longer at each chunk")
    return "the state is carried from chunk to chunk, and its history is cut at each boundary."


def _tbptt(model, optimizer, ids, chunk_length, carry, retain_graph=False):
    state, losses = None, []
    for start in range(0, ids.shape[1] - chunk_length, chunk_length):
        x, y = ids[:, start:start + chunk_length], ids[:, start + 1:start + chunk_length + 1]
        logits, state = model(x, carry(state))
        loss = F.cross_entropy(logits.permute(0, 2, 1), y)
        optimizer.zero_grad(); loss.backward(retain_graph=retain_graph); optimizer.step()
        losses.append(loss.item())
    return losses


train_tbptt = Exercise(
    "train_tbptt", "7.4", "debug", "truncated backpropagation through time", check_train_tbptt,
    hint="Where does a chunk's backward stop? The state handed to the next chunk is an output of this chunk's "
         "graph; section 6 says what must be kept of it and what cut, and a Tensor method returns the same values "
         "outside the graph (an LSTM's state is a pair: both parts).",
    wrong=(lambda model, opt, ids, chunk_length: _tbptt(model, opt, ids, chunk_length, lambda s: s),
           lambda model, opt, ids, chunk_length: _tbptt(model, opt, ids, chunk_length, lambda s: None),
           lambda model, opt, ids, chunk_length: _tbptt(model, opt, ids, chunk_length, lambda s: s,
                                                        retain_graph=True)),
)


# ------------------------------------------------------------------------ 7.5 the LSTM's cell-state gradient
def check_cell_state_grad(cell_state_grad):
    """The learner's ∂c_T/∂c_0 (per unit) from the forget gates, against autograd through nn.LSTM with W_hh = 0."""
    autograd.manual_seed(3)
    lstm = nn.LSTM(3, 4)
    with autograd.no_grad():
        lstm.weight_hh_l0.zero_()                              # gates from the inputs alone
    x = tensor(np.random.default_rng(3).normal(size=(6, 1, 3)).astype(np.float32))
    c0 = autograd.zeros(1, 1, 4, requires_grad=True)
    _, (_, c_last) = lstm(x, (autograd.zeros(1, 1, 4), c0))
    c_last.sum().backward()
    gates = (x[:, 0] @ lstm.weight_ih_l0.T + lstm.bias_ih_l0 + lstm.bias_hh_l0).detach().numpy()
    forget = 1 / (1 + np.exp(-gates[:, 4:8]))                  # (T, H): PyTorch's gate order i, f, g, o
    got = as_array(cell_state_grad(forget), "cell_state_grad(f)")
    compare(got, c0.grad.numpy()[0, 0], "∂c₆/∂c₀ for each of the 4 units (T = 6 steps)", rtol=1e-4, atol=1e-6)
    return ("∂c_T/∂c₀ = f₁ ⊙ f₂ ⊙ … ⊙ f_T: no weight matrix and no tanh′ in the product. A forget gate near 1 "
            "passes the gradient through many steps almost intact; the network learns when to open it.")


cell_state_grad = Exercise(
    "cell_state_grad", "7.3", "derive", "the gradient along the LSTM's cell state", check_cell_state_grad,
    hint="c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t, and with W_hh = 0 the gates f_t, i_t, g_t depend on x_t only, not on "
         "c_{t−1}. So ∂c_t/∂c_{t−1} is diagonal: what is it? Chain T of them.",
    wrong=(lambda f: f.sum(axis=0), lambda f: (1 - f).prod(axis=0), lambda f: f[-1]),
)

sheet = Sheet("nb07", [rnn_cell, two_step_grad, clipped_grads, train_tbptt, cell_state_grad])
check, hint, solution = sheet.check, sheet.hint, sheet.solution  # what the notebook calls, as ex.check(...)
