"""The twenty-fourth adversarial pass's optimizer findings (hostile24d), against PyTorch: an AdamW resumed from
an Adam's state dict decays decoupled, as PyTorch's (its __setstate__ sets the flag back), and LBFGS resumes from
a state in PyTorch's own layout (its history as lists of tensors, H_diag a tensor)."""
import numpy as np
import pytest

import autograd
import nn
import optim

torch = pytest.importorskip("torch")


def _as_ours(value):
    """A PyTorch state value with every tensor (also inside lists) made a glassgrad tensor."""
    if isinstance(value, torch.Tensor):
        return autograd.tensor(value.detach().numpy())
    if isinstance(value, list):
        return [_as_ours(item) for item in value]
    return value


def _pair(weights):
    theirs = torch.nn.Parameter(torch.tensor(weights, dtype=torch.float64))
    ours = nn.Parameter(autograd.tensor(np.array(weights, dtype=np.float64)))
    return ours, theirs


def _loss(p, lib):
    return (p * p * lib.tensor(np.array([1.0, 3.0, 0.5]))).sum() + p.sum()


@pytest.mark.parametrize("saved_by", ["Adam", "AdamW with the flag off", "AdamW"])
def test_adamw_decays_decoupled_after_loading_any_adam_state_dict(saved_by):
    results = []
    for lib, library in ((torch, torch.optim), (autograd, optim)):
        p = _pair([0.5, -1.0, 2.0])[0 if lib is autograd else 1]
        if saved_by == "Adam":
            first = library.Adam([p], lr=0.1, weight_decay=0.5)
        else:
            first = library.AdamW([p], lr=0.1, weight_decay=0.5)
            first.param_groups[0]["decoupled_weight_decay"] = saved_by == "AdamW"
        for optimizer in (first, None):
            if optimizer is None:
                optimizer = library.AdamW([p], lr=0.1, weight_decay=0.5)
                optimizer.load_state_dict(first.state_dict())
            for _ in range(3):
                optimizer.zero_grad()
                _loss(p, lib).backward()
                optimizer.step()
        results.append((optimizer.param_groups[0]["decoupled_weight_decay"], p.detach().numpy().copy()))
    assert results[1][0] is results[0][0] is True
    np.testing.assert_allclose(results[1][1], results[0][1], rtol=1e-12)


@pytest.mark.parametrize("options, steps", [
    ({"lr": 0.5, "max_iter": 3}, 2), ({"lr": 1, "line_search_fn": "strong_wolfe"}, 2),
    ({"lr": 0.5, "max_iter": 4, "history_size": 2}, 2), ({"lr": 0.5, "max_iter": 1}, 1),  # (the last's t: a tensor)
])
def test_lbfgs_resumes_from_pytorchs_own_state_layout(options, steps):
    ours, theirs = _pair([0.5, -1.0, 2.0])

    def closure_of(p, lib, optimizer):
        def closure():
            optimizer.zero_grad()
            loss = _loss(p, lib) + (p ** 4).sum()
            loss.backward()
            return loss
        return closure

    their_first = torch.optim.LBFGS([theirs], **options)
    for _ in range(steps):
        their_first.step(closure_of(theirs, torch, their_first))
    saved = their_first.state_dict()
    assert isinstance(saved["state"][0]["old_dirs"], list)
    assert torch.is_tensor(saved["state"][0]["H_diag" if steps > 1 else "t"])
    with autograd.no_grad():
        ours.copy_(autograd.tensor(theirs.detach().numpy()))
    our_optimizer, their_optimizer = optim.LBFGS([ours], **options), torch.optim.LBFGS([theirs], **options)
    our_optimizer.load_state_dict({"state": {0: {key: _as_ours(value) for key, value in saved["state"][0].items()}},
                                   "param_groups": saved["param_groups"]})
    their_optimizer.load_state_dict(saved)
    for _ in range(3):
        assert our_optimizer.step(closure_of(ours, autograd, our_optimizer)).item() == pytest.approx(
            their_optimizer.step(closure_of(theirs, torch, their_optimizer)).item(), rel=1e-10)
        np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-9, atol=1e-12)


def test_lbfgs_refuses_a_pytorch_layout_history_vector_of_another_length():
    p = nn.Parameter(autograd.tensor([1.0, 2.0]))
    optimizer = optim.LBFGS([p])
    state = {"n_iter": 2, "func_evals": 2, "d": autograd.ones(2), "t": 1.0, "prev_flat_grad": autograd.ones(2),
             "prev_loss": 1.0, "H_diag": autograd.tensor(1.0), "ro": [autograd.tensor(1.0)],
             "old_dirs": [autograd.ones(3)], "old_stps": [autograd.ones(2)]}
    with pytest.raises(ValueError, match="'old_dirs' of parameter 0 has shape \\(3,\\)"):
        optimizer.load_state_dict({"state": {0: state}, "param_groups": optimizer.state_dict()["param_groups"]})
    assert not optimizer.state
