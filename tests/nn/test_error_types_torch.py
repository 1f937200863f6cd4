"""Bad arguments refused with PyTorch's error types (and glassgrad's messages naming the problem).

Was (hostile20d): ValueError where PyTorch raises AssertionError (Embedding's padding_idx, heads that do not divide
the width), RuntimeError (BCE of a non-probability, NLL's (N, 1) targets, MSE of shapes that do not broadcast) or
IndexError (an LSTM given a tensor instead of (h, c)); a 3-tuple for an LSTM's (h, c) was accepted."""
import re
import types

import pytest

import autograd
import nn
import nn.functional as F

torch = pytest.importorskip("torch")

GLASS = types.SimpleNamespace(nn=nn, F=F, tensor=autograd.tensor, ones=autograd.ones, zeros=autograd.zeros)
TORCH = types.SimpleNamespace(nn=torch.nn, F=torch.nn.functional, tensor=torch.tensor, ones=torch.ones,
                              zeros=torch.zeros)


def long(lib, values):
    return lib.tensor(values)


CASES = {
    "Embedding padding_idx = num_embeddings": lambda L: L.nn.Embedding(5, 2, padding_idx=5),
    "Embedding padding_idx below -num_embeddings": lambda L: L.nn.Embedding(5, 2, padding_idx=-6),
    "Embedding.from_pretrained padding_idx": lambda L: L.nn.Embedding.from_pretrained(L.ones(5, 2), padding_idx=5),
    "F.embedding padding_idx": lambda L: L.F.embedding(long(L, [1]), L.ones(5, 2), padding_idx=5),
    "MultiheadAttention(6, 4)": lambda L: L.nn.MultiheadAttention(6, 4),
    "TransformerEncoderLayer(6, 4)": lambda L: L.nn.TransformerEncoderLayer(6, 4),
    "TransformerDecoderLayer(6, 4)": lambda L: L.nn.TransformerDecoderLayer(6, 4),
    "BCE input 1.5": lambda L: L.nn.BCELoss()(L.tensor([1.5]), L.tensor([1.0])),
    "BCE input -0.5": lambda L: L.F.binary_cross_entropy(L.tensor([-0.5]), L.tensor([1.0])),
    "BCE target 2": lambda L: L.F.binary_cross_entropy(L.tensor([0.5]), L.tensor([2.0])),
    "BCE (3, 1) vs (3,)": lambda L: L.F.binary_cross_entropy(L.ones(3, 1) / 2, L.ones(3)),
    "BCE (3,) vs (4,)": lambda L: L.F.binary_cross_entropy(L.ones(3) / 2, L.ones(4)),
    "BCE with logits (3,) vs (4,)": lambda L: L.F.binary_cross_entropy_with_logits(L.ones(3), L.ones(4)),
    "MSE (3,) vs (4,)": lambda L: L.nn.MSELoss()(L.ones(3), L.ones(4)),
    "L1 (3,) vs (4,)": lambda L: L.nn.L1Loss()(L.ones(3), L.ones(4)),
    "kl_div (3,) vs (4,)": lambda L: L.F.kl_div(L.ones(3), L.ones(4)),
    "gaussian_nll (3,) vs (4,)": lambda L: L.F.gaussian_nll_loss(L.ones(3), L.ones(4), L.ones(3)),
    "soft_margin (3,) vs (4,)": lambda L: L.F.soft_margin_loss(L.ones(3), L.ones(4)),
    "soft_margin (3, 1) vs (3,)": lambda L: L.F.soft_margin_loss(L.ones(3, 1), L.ones(3)),
    "soft_margin (1,) vs (3,)": lambda L: L.F.soft_margin_loss(L.ones(1), L.ones(3)),
    "hinge_embedding (3,) vs (4,)": lambda L: L.F.hinge_embedding_loss(L.ones(3), L.ones(4)),
}
for loss in ("nll_loss", "cross_entropy"):
    for input_shape, target in (((3, 4), [[1], [2], [0]]), ((3, 4), [1, 2]), ((3, 4), 1), ((4,), [1, 2]),
                                ((4,), [[1]]), ((2, 3, 5), [[0] * 4] * 2), ((2, 3, 5), [[0] * 5] * 3),
                                ((2, 3, 5), [0, 0]), ((2, 3, 5, 6), [[0] * 5] * 2), ((2, 3, 5, 6), [[[0] * 6] * 5] * 3)):
        CASES[f"{loss} {input_shape} vs {target}"] = (
            lambda L, f=loss, s=input_shape, t=target: getattr(L.F, f)(L.ones(*s), long(L, t)))
for target in ([1, 2], [[1], [2], [0]], 1):
    CASES[f"multi_margin_loss (3, 4) vs {target}"] = (
        lambda L, t=target: L.F.multi_margin_loss(L.ones(3, 4), long(L, t)))
for layers in (1, 2):
    CASES[f"LSTM({layers} layers) given a tensor for (h, c)"] = (
        lambda L, n=layers: L.nn.LSTM(2, 3, n)(L.zeros(4, 1, 2), L.zeros(n, 1, 3)))
    CASES[f"LSTM({layers} layers) given (h,)"] = lambda L, n=layers: L.nn.LSTM(2, 3, n)(L.zeros(4, 1, 2), (L.zeros(n, 1, 3),))
    CASES[f"LSTM({layers} layers) given (h, c, c)"] = (
        lambda L, n=layers: L.nn.LSTM(2, 3, n)(L.zeros(4, 1, 2), (L.zeros(n, 1, 3),) * 3))


def error_type(case, lib):
    try:
        case(lib)
    except Exception as error:  # noqa: BLE001 -- the type is what is compared
        return type(error)
    return None


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("name", list(CASES))
def test_refused_with_pytorchs_error_type(name):
    expected = error_type(CASES[name], TORCH)
    assert expected is not None, "PyTorch accepts this case: it does not belong here"
    assert error_type(CASES[name], GLASS) is expected


def test_the_messages_still_name_the_problem():
    with pytest.raises(AssertionError, match=r"padding_idx 5 must be within \[-5, 4\]"):
        nn.Embedding(5, 2, padding_idx=5)
    with pytest.raises(AssertionError, match="embed_dim 6 must be divisible by num_heads 4"):
        nn.TransformerEncoderLayer(6, 4)
    with pytest.raises(IndexError, match=r"hx must be a tuple \(h_0, c_0\) of two tensors, got a Tensor"):
        nn.LSTM(2, 3)(autograd.zeros(4, 1, 2), autograd.zeros(1, 1, 3))
    with pytest.raises(RuntimeError, match=r"input batch_size 3, target batch_size 2|needs class-index targets"):
        F.nll_loss(autograd.ones(3, 4), autograd.tensor([[1], [2], [0]]))
    with pytest.raises(ValueError, match=r"input batch_size 3, target batch_size 2"):
        F.nll_loss(autograd.ones(3, 4), autograd.tensor([1, 2]))


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("loss", ["mse_loss", "l1_loss", "kl_div", "gaussian_nll_loss", "soft_margin_loss"])
def test_shapes_pytorch_would_broadcast_are_refused_as_documented(loss):
    """(3,) against a (1,) target: PyTorch broadcasts; glassgrad refuses with a ValueError (each docstring says so)."""
    def call(L):
        extra = (L.ones(3),) if loss == "gaussian_nll_loss" else ()
        return getattr(L.F, loss)(L.ones(3) / 2, L.ones(1) / 4, *extra)

    assert error_type(call, TORCH) is None
    with pytest.raises(ValueError, match="must have the same shape"):
        call(GLASS)
    assert re.search("same shape|different shapes are refused", getattr(F, loss).__doc__)
