"""nn.RNNCell, nn.LSTMCell and nn.GRUCell against PyTorch's: parameter names, shapes and initialisation, the step's
values and gradients (PyTorch's weights copied in), the unbatched form, and PyTorch's errors."""
import numpy as np
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")

KINDS = ["RNNCell", "LSTMCell", "GRUCell"]


def _pair(kind, bias=True, **options):
    """A PyTorch cell and ours with PyTorch's weights (float64)."""
    theirs = getattr(torch.nn, kind)(4, 3, bias=bias, **options).double()
    ours = getattr(nn, kind)(4, 3, bias=bias, **options)
    with autograd.no_grad():
        for name, param in theirs.named_parameters():
            setattr(ours, name, nn.Parameter(autograd.tensor(param.detach().numpy().copy())))
    return theirs, ours


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("kind", KINDS)
def test_parameters_names_shapes_repr_and_initial_range_as_pytorch(kind, bias):
    theirs, ours = getattr(torch.nn, kind)(5, 7, bias=bias), getattr(nn, kind)(5, 7, bias=bias)
    assert [(n, tuple(p.shape)) for n, p in ours.named_parameters()] == \
        [(n, tuple(p.shape)) for n, p in theirs.named_parameters()]
    assert repr(ours) == repr(theirs)
    for param in ours.parameters():
        values = param.detach().numpy()
        assert values.dtype == np.float32 and np.abs(values).max() <= 1 / np.sqrt(7) and values.std() > 0.1


@pytest.mark.parametrize("batched", [True, False])
@pytest.mark.parametrize("with_state", [True, False])
@pytest.mark.parametrize("kind", KINDS + ["RNNCell relu"])
def test_a_step_and_its_gradients_as_pytorch(kind, with_state, batched):
    kind, options = (kind.split()[0], {"nonlinearity": "relu"}) if " " in kind else (kind, {})
    theirs, ours = _pair(kind, **options)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 4) if batched else (4,))
    states = [rng.normal(size=(2, 3) if batched else (3,)) for _ in range(2 if kind == "LSTMCell" else 1)]

    def run(T, cell):
        xt = T.tensor(x, requires_grad=True)
        st = [T.tensor(s, requires_grad=True) for s in states]
        hx = None if not with_state else tuple(st) if kind == "LSTMCell" else st[0]
        out = cell(xt, hx)
        outs = out if isinstance(out, tuple) else (out,)
        sum((o * (i + 1.5)).sum() for i, o in enumerate(outs)).backward()
        grads = [xt.grad] + ([s.grad for s in st] if with_state else []) + [p.grad for p in cell.parameters()]
        return [o.detach().numpy() for o in outs], [g.numpy() for g in grads]

    (outs, grads), (expected_outs, expected_grads) = run(autograd, ours), run(torch, theirs)
    for got, expected in zip(outs + grads, expected_outs + expected_grads, strict=True):
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)


def test_cells_unrolled_give_the_layers_output():
    """An LSTMCell stepped over a sequence gives what nn.LSTM with the same weights gives."""
    layer, cell = nn.LSTM(4, 3), nn.LSTMCell(4, 3)
    with autograd.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, name).copy_(getattr(layer, f"{name}_l0"))
    x = autograd.randn(5, 2, 4)
    output, (h_n, c_n) = layer(x)
    h = c = autograd.zeros(2, 3)
    for t in range(5):
        h, c = cell(x[t], (h, c))
        np.testing.assert_allclose(h.detach().numpy(), output[t].detach().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c.detach().numpy(), c_n[0].detach().numpy(), rtol=1e-5, atol=1e-6)


BAD_CALLS = {
    "input of the wrong size": lambda T, cell: cell(T.ones(2, 5)),
    "a 3-d input": lambda T, cell: cell(T.ones(2, 3, 4)),
    "a 0-d input": lambda T, cell: cell(T.ones(())),
    "a state of another batch size": lambda T, cell: cell(T.ones(2, 4), _state(T, cell, (3, 3))),
    "a state of another hidden size": lambda T, cell: cell(T.ones(2, 4), _state(T, cell, (2, 2))),
    "a batched state for an unbatched input": lambda T, cell: cell(T.ones(4), _state(T, cell, (1, 3))),
}


def _state(T, cell, shape):
    return (T.ones(shape), T.ones(shape)) if type(cell).__name__ == "LSTMCell" else T.ones(shape)


@pytest.mark.parametrize("call", BAD_CALLS)
@pytest.mark.parametrize("kind", KINDS)
def test_bad_inputs_raise_pytorchs_error_types(kind, call):
    errors = []
    for T, module in ((torch, torch.nn), (autograd, nn)):
        with pytest.raises((RuntimeError, ValueError, TypeError)) as caught:
            BAD_CALLS[call](T, getattr(module, kind)(4, 3))
        errors.append(caught.type)
    assert errors[1] is errors[0]


def test_an_lstm_cell_state_must_be_a_pair():
    for T, module in ((torch, torch.nn), (autograd, nn)):
        with pytest.raises(TypeError):
            module.LSTMCell(4, 3)(T.ones(2, 4), T.ones(2, 3))


@pytest.mark.parametrize("size", [4.0, "4", None])
def test_a_size_that_is_not_an_int_is_refused(size):
    for module in (torch.nn, nn):
        with pytest.raises(TypeError):
            module.GRUCell(size, 3)


def test_a_bad_nonlinearity_is_refused_with_pytorchs_error_when_made_where_pytorch_waits_for_a_step():
    with pytest.raises(RuntimeError, match="Unknown nonlinearity: sigmoid"):
        torch.nn.RNNCell(4, 3, nonlinearity="sigmoid")(torch.ones(2, 4))
    with pytest.raises(RuntimeError, match="Unknown nonlinearity: sigmoid"):
        nn.RNNCell(4, 3, nonlinearity="sigmoid")
