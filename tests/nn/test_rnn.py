"""RNN, LSTM and GRU: against a naive NumPy loop over time steps and examples, gradchecked in float64
(input, initial states and every parameter), shapes, parameter names, initialisation and errors."""
import numpy as np
import pytest

import autograd
import nn

RNG = np.random.default_rng(2)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def naive_cell(kind, x, h, c, w_ih, w_hh, b_ih, b_hh):
    """One example, one step, written from the equations with one vector per gate."""
    H = h.shape[0]
    gi, gh = w_ih @ x + b_ih, w_hh @ h + b_hh
    if kind == "RNN":
        return np.tanh(gi + gh), None
    if kind == "GRU":
        r = sigmoid(gi[:H] + gh[:H])
        z = sigmoid(gi[H : 2 * H] + gh[H : 2 * H])
        n = np.tanh(gi[2 * H :] + r * gh[2 * H :])
        return (1 - z) * n + z * h, None
    i, f, g, o = (gi[k * H : (k + 1) * H] + gh[k * H : (k + 1) * H] for k in range(4))
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    return sigmoid(o) * np.tanh(c), c


def naive_run(kind, module, x, h0, c0):
    """x (L, N, in) → output (L, N, H), h_n, c_n; a loop over layers, time steps and examples."""
    p = {name: t.detach().numpy() for name, t in module.named_parameters()}
    layers, (L, N, _) = module.num_layers, x.shape
    h_n, c_n = np.zeros_like(h0), np.zeros_like(c0)
    sequence = x
    for layer in range(layers):
        outputs = np.zeros((L, N, module.hidden_size))
        for n in range(N):
            h, c = h0[layer, n], c0[layer, n]
            for t in range(L):
                h, c = naive_cell(kind, sequence[t, n], h, c, *(p[f"{w}_l{layer}"] for w in
                                                                ("weight_ih", "weight_hh", "bias_ih", "bias_hh")))
                outputs[t, n] = h
            h_n[layer, n] = h
            if c is not None:
                c_n[layer, n] = c
        sequence = outputs
    return sequence, h_n, c_n


def make(kind, *args, **kwargs):
    return getattr(nn, kind)(*args, **kwargs).double()


def initial_state(kind, layers, batch, hidden):
    h0 = RNG.standard_normal((layers, batch, hidden))
    c0 = RNG.standard_normal((layers, batch, hidden)) if kind == "LSTM" else np.zeros_like(h0)
    return h0, c0


def call(module, kind, x, h0, c0):
    """Run the module with given initial states; always return (output, h_n, c_n or None)."""
    if kind == "LSTM":
        output, (h_n, c_n) = module(x, (h0, c0))
        return output, h_n, c_n
    output, h_n = module(x, h0)
    return output, h_n, None


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_matches_naive_loop(kind):
    module = make(kind, 3, 4, num_layers=2)
    x = RNG.standard_normal((5, 2, 3))
    h0, c0 = initial_state(kind, 2, 2, 4)
    output, h_n, c_n = call(module, kind, autograd.tensor(x), autograd.tensor(h0), autograd.tensor(c0))
    expected_output, expected_h, expected_c = naive_run(kind, module, x, h0, c0)
    np.testing.assert_allclose(output.detach().numpy(), expected_output, atol=1e-12)
    np.testing.assert_allclose(h_n.detach().numpy(), expected_h, atol=1e-12)
    if kind == "LSTM":
        np.testing.assert_allclose(c_n.detach().numpy(), expected_c, atol=1e-12)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("bias", [True, False])
def test_gradcheck_input_states_and_every_parameter(kind, bias):
    module = make(kind, 2, 2, num_layers=2, bias=bias)
    x = autograd.tensor(RNG.standard_normal((3, 2, 2)), requires_grad=True)
    h0, c0 = (autograd.tensor(s, requires_grad=True) for s in initial_state(kind, 2, 2, 2))
    params = list(module.parameters())
    assert len(params) == (8 if bias else 4)
    if kind == "LSTM":
        def fn(x, h0, c0, *params):
            return tuple(t for t in call(module, kind, x, h0, c0))
        assert autograd.gradcheck(fn, [x, h0, c0] + params)
    else:
        assert autograd.gradcheck(lambda x, h0, *params: call(module, kind, x, h0, None)[:2], [x, h0] + params)


def test_relu_rnn_matches_its_equation_and_gradchecks():
    module = make("RNN", 2, 3, nonlinearity="relu")
    x = autograd.tensor(RNG.standard_normal((4, 1, 2)), requires_grad=True)
    output, h_n = module(x)
    p = {name: t.detach().numpy() for name, t in module.named_parameters()}
    h = np.zeros(3)
    for t in range(4):
        h = np.maximum(p["weight_ih_l0"] @ x.detach().numpy()[t, 0] + p["bias_ih_l0"] + p["weight_hh_l0"] @ h + p["bias_hh_l0"], 0)
        np.testing.assert_allclose(output.detach().numpy()[t, 0], h)
    assert autograd.gradcheck(lambda x, *params: module(x)[0], [x] + list(module.parameters()))


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_shapes_batch_first_and_unbatched(kind):
    module = make(kind, 3, 4, num_layers=2)
    x = RNG.standard_normal((5, 2, 3))  # (L, N, in)
    output, states = module(autograd.tensor(x))
    states = states if kind == "LSTM" else (states,)
    assert output.shape == (5, 2, 4) and all(s.shape == (2, 2, 4) for s in states)
    np.testing.assert_allclose(output.detach().numpy()[-1], states[0].detach().numpy()[-1])  # the last output is the top layer's h_n

    module.batch_first = True
    output_bf, states_bf = module(autograd.tensor(x.transpose(1, 0, 2)))
    states_bf = states_bf if kind == "LSTM" else (states_bf,)
    np.testing.assert_allclose(output_bf.detach().numpy(), output.detach().numpy().transpose(1, 0, 2))
    for a, b in zip(states_bf, states, strict=True):  # states stay (layers, N, H) with batch_first
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy())

    module.batch_first = False
    single, single_states = module(autograd.tensor(x[:, 0]))
    single_states = single_states if kind == "LSTM" else (single_states,)
    assert single.shape == (5, 4) and all(s.shape == (2, 4) for s in single_states)
    np.testing.assert_allclose(single.detach().numpy(), output.detach().numpy()[:, 0], atol=1e-12)


def test_parameter_names_shapes_and_initialisation():
    module = nn.LSTM(3, 5, num_layers=2)
    shapes = {name: p.shape for name, p in module.named_parameters()}
    assert shapes == {
        "weight_ih_l0": (20, 3), "weight_hh_l0": (20, 5), "bias_ih_l0": (20,), "bias_hh_l0": (20,),
        "weight_ih_l1": (20, 5), "weight_hh_l1": (20, 5), "bias_ih_l1": (20,), "bias_hh_l1": (20,),
    }
    assert list(module.state_dict()) == list(shapes)
    bound = 1 / np.sqrt(5)
    for p in module.parameters():
        assert p.dtype == np.float32 and np.all(np.abs(p.detach().numpy()) <= bound) and p.detach().numpy().std() > bound / 4
    assert [n for n, _ in nn.GRU(2, 3, bias=False).named_parameters()] == ["weight_ih_l0", "weight_hh_l0"]
    assert nn.GRU(2, 3).weight_hh_l0.shape == (9, 3)
    assert repr(nn.LSTM(3, 5, num_layers=2, batch_first=True)) == "LSTM(3, 5, num_layers=2, batch_first=True)"


def test_dropout_between_layers_only_in_training():
    autograd.manual_seed(0)
    module = make("GRU", 3, 4, num_layers=2, dropout=0.5)
    x = autograd.tensor(RNG.standard_normal((4, 2, 3)))
    first, second = module(x)[0], module(x)[0]
    assert not np.allclose(first.detach().numpy(), second.detach().numpy())
    module.eval()
    np.testing.assert_allclose(module(x)[0].detach().numpy(), module(x)[0].detach().numpy())


def test_training_reduces_loss():
    """An LSTM learns to output the running sum's sign of its input."""
    autograd.manual_seed(0)
    lstm, head = nn.LSTM(1, 8), nn.Linear(8, 1)
    x = RNG.standard_normal((6, 16, 1)).astype(np.float32)
    y = (np.cumsum(x, axis=0) > 0).astype(np.float32)
    params = list(lstm.parameters()) + list(head.parameters())
    losses = []
    for _ in range(60):
        output, _ = lstm(autograd.tensor(x))
        loss = nn.functional.binary_cross_entropy_with_logits(head(output), autograd.tensor(y))
        for p in params:
            p.grad = None
        loss.backward()
        with autograd.no_grad():
            for p in params:
                p.add_(p.grad, alpha=-0.5)
        losses.append(loss.item())
    assert losses[-1] < 0.6 * losses[0]


def test_bad_input_names_layer_and_shapes():
    module = nn.LSTM(3, 4, num_layers=2)
    with pytest.raises(RuntimeError, match=r"LSTM: expected input of shape \(L, N, H_in\).*H_in = 3, got \(5, 2, 4\)"):
        module(autograd.zeros(5, 2, 4))
    with pytest.raises(ValueError, match=r"LSTM.*got \(5,\)"):
        module(autograd.zeros(5))
    with pytest.raises(RuntimeError, match=r"LSTM: expected hidden state of shape \(2, 2, 4\), got \(1, 2, 4\)"):
        module(autograd.zeros(5, 2, 3), (autograd.zeros(1, 2, 4), autograd.zeros(1, 2, 4)))
    with pytest.raises(RuntimeError, match=r"GRU: the input sequence is empty \(shape \(2, 0, 3\)\)"):
        nn.GRU(3, 4, batch_first=True)(autograd.zeros(2, 0, 3))
    with pytest.raises(ValueError, match="nonlinearity"):
        nn.RNN(3, 4, nonlinearity="sigmoid")


def test_bidirectional_layer_is_a_forward_and_a_backward_pass_concatenated():
    """By hand: the backward direction is the forward RNN run on the reversed sequence, its outputs reversed."""
    autograd.manual_seed(0)
    both = nn.GRU(2, 3, bidirectional=True).double()
    forward, backward = nn.GRU(2, 3).double(), nn.GRU(2, 3).double()
    state = both.state_dict()
    forward.load_state_dict({k: v for k, v in state.items() if not k.endswith("_reverse")})
    backward.load_state_dict({k[: -len("_reverse")]: v for k, v in state.items() if k.endswith("_reverse")})
    x = autograd.randn(5, 1, 2, dtype=autograd.float64)
    output, h_n = both(x)
    out_f, h_f = forward(x)
    out_b, h_b = backward(x[[4, 3, 2, 1, 0]])
    np.testing.assert_allclose(output.detach().numpy(), np.concatenate([out_f.detach().numpy(), out_b.detach().numpy()[::-1]], 2))
    np.testing.assert_allclose(h_n.detach().numpy(), np.concatenate([h_f.detach().numpy(), h_b.detach().numpy()]))


def test_bidirectional_gradcheck_and_state_shape_errors():
    lstm = nn.LSTM(2, 2, num_layers=2, bidirectional=True).double()
    x = autograd.randn(3, 1, 2, dtype=autograd.float64, requires_grad=True)
    assert autograd.gradcheck(lambda x: lstm(x)[0], (x,))
    with pytest.raises(RuntimeError, match=r"expected hidden state of shape \(4, 1, 2\)"):
        lstm(x, (autograd.zeros(2, 1, 2), autograd.zeros(2, 1, 2)))
