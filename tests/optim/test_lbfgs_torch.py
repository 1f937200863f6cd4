"""optim.LBFGS against torch.optim.LBFGS: the same parameters after each step(closure), with and without the
strong-Wolfe line search (hostile10c: pytorch/examples time_sequence_prediction trains with LBFGS)."""
import numpy as np
import pytest

import autograd
import nn
import optim

torch = pytest.importorskip("torch")


def _models():
    torch.manual_seed(0)  # (PyTorch's random init: an unlucky draw made LBFGS at lr 0.8 chaotic, the test flaky)
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 6), torch.nn.Tanh(), torch.nn.Linear(6, 1)).double()
    ours = nn.Sequential(nn.Linear(3, 6), nn.Tanh(), nn.Linear(6, 1)).double()
    ours.load_state_dict({k: autograd.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    return ours, theirs


def _closure(lib, model, optimizer):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 3))
    y = np.sin(x.sum(axis=1, keepdims=True))
    x, y = lib.tensor(x), lib.tensor(y)

    def closure():
        optimizer.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        return loss
    return closure


@pytest.mark.parametrize("options", [
    {"lr": 0.8}, {"lr": 1, "line_search_fn": "strong_wolfe"}, {"lr": 0.5, "history_size": 3, "max_iter": 7},
    {"line_search_fn": "strong_wolfe", "history_size": 2, "max_iter": 10}, {"max_iter": 4, "max_eval": 3},
    {"tolerance_change": 1e-2}, {"line_search_fn": "strong_wolfe", "max_iter": 25, "tolerance_grad": 1e-3},
])
def test_lbfgs_steps_match_torch(options):
    ours, theirs = _models()
    our_optimizer, their_optimizer = optim.LBFGS(ours.parameters(), **options), torch.optim.LBFGS(theirs.parameters(),
                                                                                                   **options)
    our_closure, their_closure = _closure(autograd, ours, our_optimizer), _closure(torch, theirs, their_optimizer)
    for _ in range(2):
        assert our_optimizer.step(our_closure).item() == pytest.approx(their_optimizer.step(their_closure).item(),
                                                                         rel=1e-9)
        for name, param in theirs.named_parameters():
            np.testing.assert_allclose(dict(ours.named_parameters())[name].detach().numpy(), param.detach().numpy(),
                                       rtol=1e-8, atol=1e-10)
    ours_state, their_state = our_optimizer.state[next(ours.parameters())], their_optimizer.state[
        next(theirs.parameters())]
    assert (ours_state["func_evals"], ours_state["n_iter"]) == (their_state["func_evals"], their_state["n_iter"])


def test_lbfgs_returns_at_once_at_a_minimum_and_refuses_what_torch_refuses():
    w = nn.Parameter(autograd.zeros(2))
    optimizer = optim.LBFGS([w])

    def closure():
        optimizer.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss
    assert optimizer.step(closure).item() == 0 and w.detach().numpy().tolist() == [0, 0]
    with pytest.raises(ValueError, match="parameter groups"):
        optim.LBFGS([{"params": [w]}, {"params": [nn.Parameter(autograd.zeros(1))]}])
    with pytest.raises(ValueError, match="learning rate"):
        optim.LBFGS([w], lr=-1)
    w.data.fill_(1.0)
    with pytest.raises(RuntimeError, match="strong_wolfe"):
        optim.LBFGS([w], line_search_fn="armijo").step(closure)
