"""PyTorch as a second oracle for scaled_dot_product_attention and MultiheadAttention (same weights
through load_state_dict; bool and float masks; batch_first both ways; outputs, weights and gradients)."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import nn  # noqa: E402

RNG = np.random.default_rng(5)


def both(array, requires_grad=True):
    return autograd.tensor(array, requires_grad=requires_grad), torch.tensor(array, requires_grad=requires_grad)


def assert_close(mine, theirs):
    np.testing.assert_allclose(mine.detach().numpy(), theirs.detach().numpy(), atol=1e-12)


@pytest.mark.parametrize("mask_kind", [None, "bool", "float", "causal"])
def test_scaled_dot_product_attention(mask_kind):
    arrays = [RNG.standard_normal((2, 3, 4, 5)), RNG.standard_normal((2, 3, 6, 5)), RNG.standard_normal((2, 3, 6, 2))]
    pairs = [both(a) for a in arrays]
    options = [{}, {}]
    if mask_kind == "bool":
        allowed = RNG.random((4, 6)) < 0.7
        allowed[:, 0] = True
        options = [{"attn_mask": autograd.tensor(allowed)}, {"attn_mask": torch.tensor(allowed)}]
    elif mask_kind == "float":
        ours, theirs = both(RNG.standard_normal((2, 1, 4, 6)))
        pairs.append((ours, theirs))
        options = [{"attn_mask": ours}, {"attn_mask": theirs}]
    elif mask_kind == "causal":
        options = [{"is_causal": True}, {"is_causal": True}]
    mine = nn.functional.scaled_dot_product_attention(*(p[0] for p in pairs[:3]), **options[0])
    theirs = torch.nn.functional.scaled_dot_product_attention(*(p[1] for p in pairs[:3]), **options[1])
    assert_close(mine, theirs)
    seed = RNG.standard_normal(mine.shape)
    mine.backward(autograd.tensor(seed))
    theirs.backward(torch.tensor(seed))
    for ours_input, their_input in pairs:
        assert_close(ours_input.grad, their_input.grad)


def compare_results_and_gradients(ours, reference, mine, theirs, inputs):
    """Same outputs and attention weights; the same gradients of inputs and parameters for random weightings."""
    our_loss, their_loss = 0, 0
    for m, t in zip(mine, theirs, strict=True):
        assert_close(m, t)
        seed = RNG.standard_normal(m.shape)
        our_loss = our_loss + (m * autograd.tensor(seed)).sum()
        their_loss = their_loss + (t * torch.tensor(seed)).sum()
    our_loss.backward()
    their_loss.backward()
    for ours_input, their_input in inputs:
        assert_close(ours_input.grad, their_input.grad)
    our_params = dict(ours.named_parameters())
    for name, param in reference.named_parameters():
        np.testing.assert_allclose(our_params[name].grad.numpy(), param.grad.numpy(), atol=1e-11, err_msg=name)


def pair(**options):
    reference = torch.nn.MultiheadAttention(6, 3, **options).double()
    with torch.no_grad():
        for param in reference.parameters():  # non-zero biases, so that they are tested too
            param.copy_(torch.randn_like(param) * 0.5)
    ours = nn.MultiheadAttention(6, 3, **options).double()
    ours.load_state_dict({key: value.detach().numpy() for key, value in reference.state_dict().items()})
    return ours, reference


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("masks", ["none", "bool", "float", "per_head"])
@pytest.mark.parametrize("average", [True, False])
def test_multihead_attention(batch_first, masks, average):
    ours, reference = pair(batch_first=batch_first)
    L, S, N = 3, 4, 2
    shape = (lambda T: (N, T, 6)) if batch_first else (lambda T: (T, N, 6))
    inputs = [both(RNG.standard_normal(shape(T))) for T in (L, S, S)]
    our_masks, their_masks = {}, {}
    if masks == "bool":
        blocked, padding = np.triu(np.ones((L, S), bool), 2), np.array([[False] * 3 + [True], [False] * 4])
        our_masks = {"attn_mask": blocked, "key_padding_mask": autograd.tensor(padding)}
        their_masks = {"attn_mask": torch.tensor(blocked), "key_padding_mask": torch.tensor(padding)}
    elif masks == "float":
        mine, theirs = both(RNG.standard_normal((L, S)))
        mine_padding, their_padding = both(RNG.standard_normal((N, S)))
        inputs += [(mine, theirs), (mine_padding, their_padding)]
        our_masks = {"attn_mask": mine, "key_padding_mask": mine_padding}
        their_masks = {"attn_mask": theirs, "key_padding_mask": their_padding}
    elif masks == "per_head":
        blocked = RNG.random((N * 3, L, S)) < 0.3
        blocked[..., 0] = False
        our_masks, their_masks = {"attn_mask": blocked}, {"attn_mask": torch.tensor(blocked)}
    mine = ours(*(i[0] for i in inputs[:3]), average_attn_weights=average, **our_masks)
    theirs = reference(*(i[1] for i in inputs[:3]), average_attn_weights=average, **their_masks)
    compare_results_and_gradients(ours, reference, mine, theirs, inputs)


def test_multihead_attention_unbatched_and_without_bias():
    ours, reference = pair(bias=False)
    assert list(ours.state_dict()) == list(reference.state_dict())
    (q, tq), (k, tk) = both(RNG.standard_normal((3, 6))), both(RNG.standard_normal((5, 6)))
    padding = np.array([False, True, False, False, False])
    mine = ours(q, k, k, key_padding_mask=padding)
    theirs = reference(tq, tk, tk, key_padding_mask=torch.tensor(padding))
    for m, t in zip(mine, theirs, strict=True):
        assert_close(m, t)


def test_default_initialisation_matches_pytorch_statistics():
    ours, reference = nn.MultiheadAttention(64, 4), torch.nn.MultiheadAttention(64, 4)
    for (name, mine), theirs in zip(ours.state_dict().items(), reference.state_dict().values(), strict=True):
        assert mine.shape == tuple(theirs.shape)
        assert abs(mine.detach().numpy().std() - theirs.std().item()) < 0.2 * theirs.std().item() + 1e-12, name


@pytest.mark.parametrize("kdim, vdim", [(4, 5), (6, 2), (3, None)])
@pytest.mark.parametrize("bias", [True, False])
def test_multihead_attention_with_other_key_and_value_sizes(kdim, vdim, bias):
    ours, reference = pair(kdim=kdim, vdim=vdim, bias=bias, batch_first=True)
    assert list(ours.state_dict()) == list(reference.state_dict())
    assert ours.in_proj_weight is None and ours.k_proj_weight.shape == (6, kdim)
    inputs = [both(RNG.standard_normal((2, T, size))) for T, size in ((3, 6), (4, kdim), (4, vdim or 6))]
    mine = ours(*(i[0] for i in inputs))
    theirs = reference(*(i[1] for i in inputs))
    compare_results_and_gradients(ours, reference, mine, theirs, inputs)


def test_separate_projection_weights_initialisation_bounds():
    ours = nn.MultiheadAttention(8, 2, kdim=32, vdim=4)
    for weight, fan_in in ((ours.q_proj_weight, 8), (ours.k_proj_weight, 32), (ours.v_proj_weight, 4)):
        bound = np.sqrt(6 / (fan_in + 8))
        assert 0.8 * bound < np.abs(weight.detach().numpy()).max() <= bound
