"""Fifteenth adversarial pass (#19, hostile15d): losses, nn.utils, error types, against PyTorch 2.13."""
import itertools
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
import nn.functional as GF

torch = pytest.importorskip("torch")
F = torch.nn.functional

LOGITS = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5], [0.2, 0.3, -2.0]], dtype="float32")
WEIGHTS = [None, [0.0, 0.0, 1.0], [0.0, 0.0, 0.0], [0.0, 1.0, 1.0], [1.0, 2.0, 0.5]]
TARGETS = [[0, 1, 0], [0, -100, 1], [-100, -100, -100], [2, 2, -100], [0, 1, 2]]


def cross_entropy(T, FF, logits, target, weight, **options):
    x = T.tensor(logits, requires_grad=True)
    loss = FF.cross_entropy(x, T.tensor(target), weight=None if weight is None else T.tensor(weight), **options)
    loss.sum().backward()
    return loss.detach().numpy(), x.grad.numpy()


def assert_same(ours, theirs):
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7, equal_nan=True)


@pytest.mark.parametrize("label_smoothing", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weight, target", list(itertools.product(WEIGHTS, TARGETS)))
def test_cross_entropy_with_class_weights_and_ignored_targets_is_pytorchs(weight, target, reduction, label_smoothing):
    """Was silent (S1): label smoothing, 'mean', and every kept target of class weight 0 gave inf (the smoothing
    term over a total weight 0) where PyTorch gives NaN (its (1 − ε)·0/0), with NaN gradients on the kept
    targets and 0 on the ignored ones. The neighbours (sum/none, all ignored, mixed) are checked alongside."""
    options = dict(reduction=reduction, label_smoothing=label_smoothing)
    assert_same(cross_entropy(autograd, GF, LOGITS, target, weight, **options),
                cross_entropy(torch, F, LOGITS, target, weight, **options))


@pytest.mark.parametrize("weight", WEIGHTS)
@pytest.mark.parametrize("target", [0, 2, -100])
def test_cross_entropy_of_one_example_with_zero_weights_is_pytorchs(weight, target):
    """A single example (C,) with a 0-d target: the same NaN or value as PyTorch's."""
    for smoothing in (0.0, 0.3):
        assert_same(cross_entropy(autograd, GF, LOGITS[0], target, weight, label_smoothing=smoothing),
                    cross_entropy(torch, F, LOGITS[0], target, weight, label_smoothing=smoothing))


@pytest.mark.parametrize("weight", WEIGHTS)
def test_cross_entropy_over_a_sequence_with_zero_weights_is_pytorchs(weight):
    """(N, C, d) logits with (N, d) targets, some ignored."""
    logits = np.random.default_rng(0).standard_normal((2, 3, 4)).astype("float32")
    target = [[0, 1, -100, 0], [1, 0, 0, -100]]
    for smoothing, reduction in itertools.product((0.0, 0.2), ("mean", "sum")):
        options = dict(label_smoothing=smoothing, reduction=reduction)
        assert_same(cross_entropy(autograd, GF, logits, target, weight, **options),
                    cross_entropy(torch, F, logits, target, weight, **options))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weight", WEIGHTS)
def test_cross_entropy_of_probability_targets_with_zero_weights_is_pytorchs(weight, reduction):
    """Probability targets divide 'mean' by N, not by a weight total: finite where PyTorch's is."""
    probabilities = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0], [0.0, 0.5, 0.5]], dtype="float32")
    for smoothing in (0.0, 0.3):
        options = dict(label_smoothing=smoothing, reduction=reduction)
        assert_same(cross_entropy(autograd, GF, LOGITS, probabilities, weight, **options),
                    cross_entropy(torch, F, LOGITS, probabilities, weight, **options))


# ----- S2: the total norm of gradients of mixed dtypes -----

NORM_TYPES = [2.0, 1.0, 3, 0.5, 0, float("inf"), -float("inf")]
DTYPE_MIXES = [("float32", "float64"), ("float64", "float32"), ("float16", "float32"), ("float32", "float16", "float64"),
               ("float32", "float32"), ("float16",)]


def clipped(T, N, dtypes, norm_type, max_norm=1.0):
    params = [N.Parameter(T.ones(3, dtype=getattr(T, dtype))) for dtype in dtypes]
    for i, (param, dtype) in enumerate(zip(params, dtypes, strict=True)):
        param.grad = T.tensor([2.0 + i, -1.5, 0.25 * i], dtype=getattr(T, dtype))
    total = N.utils.clip_grad_norm_(params, max_norm, norm_type)
    return total, [param.grad for param in params]


@pytest.mark.parametrize("norm_type", NORM_TYPES)
@pytest.mark.parametrize("dtypes", DTYPE_MIXES)
def test_clip_grad_norm_over_mixed_dtypes_returns_pytorchs_norm_and_dtype(dtypes, norm_type):
    """Was silent (S2): float32 + float64 gradients gave a float32 norm (the first gradient's dtype; float64 in
    the other order), where PyTorch stacks the per-tensor norms with promotion: float64 in either order."""
    (ours, our_grads), (theirs, their_grads) = clipped(autograd, nn, dtypes, norm_type), clipped(
        torch, torch.nn, dtypes, norm_type)
    assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
    tolerance = 2e-3 if "float16" in dtypes else 1e-6
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=tolerance)
    for a, b in zip(our_grads, their_grads, strict=True):
        assert a.dtype == getattr(autograd, str(b.dtype).split(".")[-1])
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=tolerance, atol=1e-7)


@pytest.mark.parametrize("norm_type", NORM_TYPES)
@pytest.mark.parametrize("dtypes", DTYPE_MIXES)
def test_get_total_norm_and_clip_grads_with_norm_are_pytorchs(dtypes, norm_type):
    """PyTorch 2.13's two halves of clip_grad_norm_, public in nn.utils."""
    def run(T, N):
        tensors = [T.tensor([3.0, -4.0 * i, 0.5], dtype=getattr(T, dtype)) for i, dtype in enumerate(dtypes)]
        total = N.utils.get_total_norm(tensors, norm_type)
        params = [N.Parameter(tensor.clone()) for tensor in tensors]
        for param, tensor in zip(params, tensors, strict=True):
            param.grad = tensor.clone()
        N.utils.clip_grads_with_norm_(params, 0.5, total)
        return total, [param.grad for param in params]
    (ours, our_grads), (theirs, their_grads) = run(autograd, nn), run(torch, torch.nn)
    assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
    tolerance = 2e-3 if "float16" in dtypes else 1e-6
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=tolerance)
    for a, b in zip(our_grads, their_grads, strict=True):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=tolerance, atol=1e-7)


@pytest.mark.parametrize("norm_type", [float("inf"), -float("inf")])
def test_an_infinity_norm_over_an_empty_gradient_is_refused_as_pytorch(norm_type):
    for T, N in [(autograd, nn), (torch, torch.nn)]:
        params = [N.Parameter(T.ones(0)), N.Parameter(T.ones(2))]
        for param in params:
            param.grad = T.ones(param.shape)
        with pytest.raises(RuntimeError, match="empty tensor"):
            N.utils.clip_grad_norm_(params, 1.0, norm_type)


def test_clip_grad_norm_of_no_gradients_and_of_an_empty_generator_is_pytorchs():
    for N in (nn, torch.nn):
        assert N.utils.clip_grad_norm_([], 1.0).item() == 0.0
        with pytest.warns(UserWarning, match="empty generator"):
            assert N.utils.clip_grad_norm_((p for p in []), 1.0).item() == 0.0
        assert N.utils.get_total_norm([]).item() == 0.0


def test_get_total_norm_of_an_integer_tensor_is_refused_as_pytorch():
    for T, N in [(autograd, nn), (torch, torch.nn)]:
        with pytest.raises(RuntimeError, match="floating point"):
            N.utils.get_total_norm([T.tensor([1, 2])])


def test_a_nonfinite_total_norm_raises_when_asked_and_is_nan_otherwise():
    for T, N in [(autograd, nn), (torch, torch.nn)]:
        params = [N.Parameter(T.ones(2)), N.Parameter(T.ones(2, dtype=T.float64))]
        params[0].grad, params[1].grad = T.tensor([float("nan"), 1.0]), T.ones(2, dtype=T.float64)
        with pytest.raises(RuntimeError, match="non-finite"):
            N.utils.clip_grad_norm_(params, 1.0, error_if_nonfinite=True)
        total = N.utils.clip_grad_norm_(params, 1.0)
        assert np.isnan(total.item()) and np.isnan(params[1].grad.numpy()).all()


# ----- error types: PyTorch's, where ours differed or accepted what PyTorch refuses -----

def _batch_norm_with_parameter(N, T, attribute, evaluating, cls="BatchNorm1d", shape=(3, 2)):
    module = getattr(N, cls)(2, track_running_stats=True)
    setattr(module, attribute, N.Parameter(T.ones(2)))
    if evaluating:
        module.eval()
    module(T.ones(*shape))


ERRORS = {
    "GRU hidden of another batch": lambda T, N, FF: N.GRU(2, 3)(T.ones(4, 2, 2), T.ones(1, 3, 3)),
    "LSTM 2-D hidden for batched input": lambda T, N, FF: N.LSTM(2, 3)(T.ones(4, 2, 2), (T.ones(2, 3), T.ones(2, 3))),
    "RNN 3-D hidden for unbatched input": lambda T, N, FF: N.RNN(2, 3)(T.ones(4, 2), T.ones(1, 1, 3)),
    "bidirectional GRU hidden of one direction": lambda T, N, FF: N.GRU(2, 3, bidirectional=True)(
        T.ones(4, 2, 2), T.ones(1, 2, 3)),
    "cross_entropy float class indices": lambda T, N, FF: FF.cross_entropy(T.ones(3, 4), T.tensor([1.0, 2.0, 0.0])),
    "cross_entropy label_smoothing 1.5": lambda T, N, FF: FF.cross_entropy(T.ones(3, 4), T.tensor([1, 2, 0]),
                                                                         label_smoothing=1.5),
    "cross_entropy probabilities label_smoothing 1.5": lambda T, N, FF: FF.cross_entropy(
        T.ones(3, 4), T.ones(3, 4) / 4, label_smoothing=1.5),
    "vector_to_parameters short vector": lambda T, N, FF: N.utils.vector_to_parameters(
        T.ones(3), [N.Parameter(T.ones(2, 2))]),
    "kl_div int64 target": lambda T, N, FF: FF.kl_div(T.ones(3), T.tensor([1, 2, 3]), reduction="sum"),
    "kl_div int64 input": lambda T, N, FF: FF.kl_div(T.tensor([1, 2, 3]), T.ones(3), reduction="sum"),
    "kl_div bool target, log_target": lambda T, N, FF: FF.kl_div(T.ones(3), T.tensor([True, False, True]),
                                                                 reduction="sum", log_target=True),
    "mse_loss int64": lambda T, N, FF: FF.mse_loss(T.tensor([1, 2]), T.tensor([1, 3])),
    "mse_loss int32 sum": lambda T, N, FF: FF.mse_loss(T.tensor([1, 2], dtype=T.int32), T.tensor([1, 3], dtype=T.int32),
                                                       reduction="sum"),
    "mse_loss bool none": lambda T, N, FF: FF.mse_loss(T.tensor([True]), T.tensor([False]), reduction="none"),
    "normalize out= of an input requiring grad": lambda T, N, FF: FF.normalize(
        T.ones(2, 3, requires_grad=True), out=T.empty(2, 3)),
    "normalize out= int64": lambda T, N, FF: FF.normalize(T.ones(2, 3), out=T.empty(2, 3, dtype=T.int64)),
    "cross_entropy int32 target": lambda T, N, FF: FF.cross_entropy(T.ones(3, 4), T.tensor([1, 2, 0], dtype=T.int32)),
    "cross_entropy int16 target (N, d)": lambda T, N, FF: FF.cross_entropy(T.ones(2, 3, 4),
                                                                          T.ones(2, 4, dtype=T.int16)),
    "cross_entropy bool target": lambda T, N, FF: FF.cross_entropy(T.ones(2, 4), T.tensor([True, False])),
    "cross_entropy 0-d int32 target": lambda T, N, FF: FF.cross_entropy(T.ones(4), T.tensor(1, dtype=T.int32)),
    "nll_loss int32 target": lambda T, N, FF: FF.nll_loss(T.ones(3, 4), T.tensor([1, 2, 0], dtype=T.int32)),
    "CrossEntropyLoss int8 target": lambda T, N, FF: N.CrossEntropyLoss()(T.ones(3, 4),
                                                                         T.tensor([1, 2, 0], dtype=T.int8)),
    "MaxPool1d int64": lambda T, N, FF: N.MaxPool1d(2)(T.ones(1, 2, 4, dtype=T.int64)),
    "max_pool1d uint8 (C, L)": lambda T, N, FF: FF.max_pool1d(T.ones(2, 4, dtype=T.uint8), 2),
    "max_pool1d bool": lambda T, N, FF: FF.max_pool1d(T.ones(1, 2, 4, dtype=T.bool), 2),
    "max_pool1d bool with indices": lambda T, N, FF: FF.max_pool1d(T.ones(1, 2, 4, dtype=T.bool), 2,
                                                                   return_indices=True),
    "nearest interpolate int64 1-D": lambda T, N, FF: FF.interpolate(T.ones(1, 2, 4, dtype=T.int64), scale_factor=2),
    "nearest interpolate int32 2-D": lambda T, N, FF: FF.interpolate(T.ones(1, 2, 2, 2, dtype=T.int32), scale_factor=2),
    "nearest-exact interpolate bool": lambda T, N, FF: FF.interpolate(T.ones(1, 2, 4, dtype=T.bool), scale_factor=2,
                                                                      mode="nearest-exact"),
    "Upsample nearest int64 3-D": lambda T, N, FF: N.Upsample(scale_factor=2)(T.ones(1, 1, 2, 2, 2, dtype=T.int64)),
    "BCEWithLogits int64 target": lambda T, N, FF: FF.binary_cross_entropy_with_logits(T.ones(3), T.tensor([1, 0, 1])),
    "BCEWithLogits bool target": lambda T, N, FF: N.BCEWithLogitsLoss()(T.ones(3), T.tensor([True, False, True])),
    "BCEWithLogits uint8 target": lambda T, N, FF: FF.binary_cross_entropy_with_logits(
        T.ones(3), T.tensor([1, 0, 1], dtype=T.uint8)),
    "calculate_gain leaky_relu True": lambda T, N, FF: N.init.calculate_gain("leaky_relu", True),
    "calculate_gain leaky_relu False": lambda T, N, FF: N.init.calculate_gain("leaky_relu", False),
    "calculate_gain leaky_relu 'a'": lambda T, N, FF: N.init.calculate_gain("leaky_relu", "a"),
    "calculate_gain leaky_relu tensor": lambda T, N, FF: N.init.calculate_gain("leaky_relu", T.tensor(0.2)),
    "load_state_dict plain lists": lambda T, N, FF: N.Linear(1, 1).load_state_dict({"weight": [[1.0]], "bias": [0.0]}),
    "load_state_dict a float": lambda T, N, FF: N.Linear(1, 1).load_state_dict({"weight": T.ones(1, 1), "bias": 0.5}),
    "load_state_dict a list, strict=False": lambda T, N, FF: N.Linear(1, 1).load_state_dict(
        {"weight": [[1.0]], "bias": T.zeros(1)}, strict=False),
    "BatchNorm running_mean Parameter": lambda T, N, FF: _batch_norm_with_parameter(N, T, "running_mean", False),
    "BatchNorm running_var Parameter, eval": lambda T, N, FF: _batch_norm_with_parameter(N, T, "running_var", True),
    "BatchNorm2d running_mean Parameter": lambda T, N, FF: _batch_norm_with_parameter(
        N, T, "running_mean", False, "BatchNorm2d", (3, 2, 2, 2)),
    "InstanceNorm1d running_var Parameter": lambda T, N, FF: _batch_norm_with_parameter(
        N, T, "running_var", False, "InstanceNorm1d", (3, 2, 4)),
    "F.batch_norm running_var requiring grad": lambda T, N, FF: FF.batch_norm(
        T.ones(3, 2), T.zeros(2), T.ones(2, requires_grad=True), training=False),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_error_types_are_pytorchs(case):
    """hostile15d's ERRTYPE and NOERR lists: each call raises the exception type PyTorch's does."""
    with pytest.raises(Exception) as theirs:
        ERRORS[case](torch, torch.nn, F)
    with pytest.raises(Exception) as ours:
        ERRORS[case](autograd, nn, GF)
    assert type(ours.value) is type(theirs.value), (ours.value, theirs.value)


ACCEPTED = {
    "cross_entropy uint8 target": lambda T, N, FF: FF.cross_entropy(T.ones(3, 4), T.tensor([1, 2, 0], dtype=T.uint8)),
    "max_pool1d int64 with indices": lambda T, N, FF: FF.max_pool1d(T.ones(1, 2, 4, dtype=T.int64), 2,
                                                                    return_indices=True)[0],
    "MaxPool2d int64": lambda T, N, FF: N.MaxPool2d(2)(T.ones(1, 2, 4, 4, dtype=T.int64)),
    "nearest interpolate uint8": lambda T, N, FF: FF.interpolate(T.ones(1, 2, 4, dtype=T.uint8), scale_factor=2),
    "BCEWithLogits int pos_weight": lambda T, N, FF: FF.binary_cross_entropy_with_logits(
        T.ones(3), T.ones(3), pos_weight=T.tensor([1, 2, 3])),
    "mse_loss float and int64": lambda T, N, FF: FF.mse_loss(T.tensor([1.0, 2.0]), T.tensor([1, 3])),
    "calculate_gain leaky_relu 1": lambda T, N, FF: T.tensor(N.init.calculate_gain("leaky_relu", 1)),
    "calculate_gain leaky_relu 0.2": lambda T, N, FF: T.tensor(N.init.calculate_gain("leaky_relu", 0.2)),
    "normalize out= float64": lambda T, N, FF: FF.normalize(T.tensor([[3.0, 4.0]]), out=T.empty(1, 2, dtype=T.float64)),
    "BatchNorm running_mean Parameter without grad": lambda T, N, FF: _normalised_by_frozen_parameter(N, T),
    "F.batch_norm running_var requiring grad under no_grad": lambda T, N, FF: _batch_norm_without_grad(T, FF),
}


def _normalised_by_frozen_parameter(N, T):
    module = N.BatchNorm1d(2)
    module.running_var = N.Parameter(T.full((2,), 4.0), requires_grad=False)
    return module.eval()(T.ones(3, 2))


def _batch_norm_without_grad(T, FF):
    with T.no_grad():
        return FF.batch_norm(T.ones(3, 2), T.zeros(2), T.full((2,), 4.0, requires_grad=True), training=False)


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_the_neighbours_pytorch_accepts_still_work(case):
    ours, theirs = ACCEPTED[case](autograd, nn, GF), ACCEPTED[case](torch, torch.nn, F)
    assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-6)


def test_normalize_writes_into_out_and_returns_it():
    out = autograd.empty(2, 3)
    result = GF.normalize(autograd.tensor([[3.0, 4.0, 0.0], [0.0, 0.0, 0.0]]), out=out)
    assert result is out
    np.testing.assert_allclose(out.numpy(), [[0.6, 0.8, 0.0], [0.0, 0.0, 0.0]])
    with pytest.raises(RuntimeError, match="does not resize"):
        GF.normalize(autograd.ones(2, 3), out=autograd.empty(3))


def test_deliberate_refusals_of_what_pytorch_lets_pass_are_clear():
    """PyTorch ignores a negative label_smoothing and the extra elements of a long vector: refused here, naming it."""
    with pytest.raises(RuntimeError, match="label_smoothing must be between 0.0 and 1.0, got -0.1"):
        GF.cross_entropy(autograd.ones(3, 4), autograd.tensor([1, 2, 0]), label_smoothing=-0.1)
    with pytest.raises(RuntimeError, match="vector has 5 elements, but the parameters have 4"):
        nn.utils.vector_to_parameters(autograd.ones(5), [nn.Parameter(autograd.ones(2, 2))])


@pytest.mark.parametrize("call", [
    lambda T, FF: FF.nll_loss(T.ones(3, 4), T.tensor([1.0, 2.0, 0.0])),
    lambda T, FF: FF.multi_margin_loss(T.ones(3, 4), T.tensor([1.0, 2.0, 0.0])),
    lambda T, FF: FF.multi_margin_loss(T.ones(3, 4), T.tensor([1, 2, 0], dtype=T.int32)),
    lambda T, FF: FF.multi_margin_loss(T.ones(3, 4), T.tensor([1, 2, 0], dtype=T.uint8)),
])
def test_class_indices_of_a_dtype_pytorch_refuses_are_its_runtime_error(call):
    """The neighbours of the int32 cross_entropy target: float indices for nll_loss, non-int64 for multi_margin."""
    with pytest.raises(RuntimeError):
        call(torch, F)
    with pytest.raises(RuntimeError, match="expected integer class indices"):
        call(autograd, GF)


# ----- nn.Softplus and nn.utils.rnn.pad_sequence -----

@pytest.mark.parametrize("beta, threshold", [(1.0, 20.0), (2.0, 5.0), (0.5, 1.0), (-1.0, 20.0)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_softplus_module_is_pytorchs(beta, threshold, dtype):
    x = np.array([-30.0, -2.0, -0.1, 0.0, 0.7, 2.5, 2.0, 10.0, 40.0], dtype=dtype)

    def run(T, N):
        module = N.Softplus(beta, threshold)
        input = T.tensor(x, requires_grad=True)
        output = module(input)
        output.sum().backward()
        return repr(module), output.detach().numpy(), input.grad.numpy()
    ours, theirs = run(autograd, nn), run(torch, torch.nn)
    assert ours[0] == theirs[0]
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-6)
    np.testing.assert_allclose(ours[2], theirs[2], rtol=1e-6)
    assert nn.Softplus().extra_repr() == "beta=1.0, threshold=20.0"
    with pytest.raises(NotImplementedError):
        nn.Softplus()(autograd.tensor([1, 2]))


SEQUENCE_SHAPES = [[(3, 2), (1, 2), (4, 2)], [(2,), (5,), (0,)], [(1, 2, 3)], [(0, 2), (0, 2)], [(2, 1, 2), (3, 1, 2)]]


@pytest.mark.parametrize("padding_side", ["right", "left"])
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("shapes", SEQUENCE_SHAPES)
def test_pad_sequence_values_and_gradients_are_pytorchs(shapes, batch_first, padding_side):
    rng = np.random.default_rng(3)
    arrays = [rng.standard_normal(shape).astype("float32") for shape in shapes]

    def run(T, N):
        sequences = [T.tensor(array, requires_grad=True) for array in arrays]
        padded = N.utils.rnn.pad_sequence(sequences, batch_first=batch_first, padding_value=-7.5,
                                          padding_side=padding_side)
        weights = T.tensor(np.arange(np.prod(padded.shape), dtype="float32").reshape(tuple(padded.shape)))
        (padded * weights).sum().backward()
        return padded.detach().numpy(), [s.grad.numpy() for s in sequences]
    (ours, our_grads), (theirs, their_grads) = run(autograd, nn), run(torch, torch.nn)
    np.testing.assert_array_equal(ours, theirs)
    for a, b in zip(our_grads, their_grads, strict=True):
        np.testing.assert_array_equal(a, b)


PAD_CALLS = {
    "empty list": lambda T, pad: pad([]),
    "trailing shapes differ": lambda T, pad: pad([T.ones(3, 2), T.ones(2, 3)]),
    "bad padding_side": lambda T, pad: pad([T.ones(2)], padding_side="middle"),
    "not iterable": lambda T, pad: pad(3),
    "lists, not tensors": lambda T, pad: pad([[1.0, 2.0], [3.0]]),
    "0-d tensors": lambda T, pad: pad([T.tensor(1.0), T.tensor(2.0)]),
}


@pytest.mark.parametrize("case", list(PAD_CALLS))
def test_pad_sequence_refuses_what_pytorch_refuses(case):
    with pytest.raises(Exception) as theirs:
        PAD_CALLS[case](torch, torch.nn.utils.rnn.pad_sequence)
    with pytest.raises(Exception) as ours:
        PAD_CALLS[case](autograd, nn.utils.rnn.pad_sequence)
    assert type(ours.value) is type(theirs.value)


@pytest.mark.parametrize("case", ["mixed dtypes", "int64 with a fractional padding", "a tensor of sequences",
                                  "a generator", "a broadcast row"])
def test_pad_sequence_accepts_what_pytorch_accepts(case):
    def run(T, N):
        pad = N.utils.rnn.pad_sequence
        return {
            "mixed dtypes": lambda: pad([T.ones(3), T.full((2,), 2.0, dtype=T.float64)]),
            "int64 with a fractional padding": lambda: pad([T.tensor([1, 2, 3]), T.tensor([4])], padding_value=0.5),
            "a tensor of sequences": lambda: pad(T.arange(6.0).reshape(2, 3), batch_first=True),
            "a generator": lambda: pad(s for s in [T.ones(2, 2), T.zeros(1, 2)]),
            "a broadcast row": lambda: pad([T.ones(3, 2), T.tensor([5.0, 6.0])]),
        }[case]()
    ours, theirs = run(autograd, nn), run(torch, torch.nn)
    assert str(ours.dtype).split(".")[-1] == str(theirs.dtype).split(".")[-1]
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_pad_sequence_is_torch_nn_utils_rnn_under_install_as_torch():
    """In a fresh interpreter (this one has the real torch): `from torch.nn.utils.rnn import pad_sequence` and
    torch.nn.Softplus are glassgrad's."""
    code = ("import glassgrad; glassgrad.install_as_torch()\n"
            "import nn, torch\n"
            "from torch.nn.utils.rnn import pad_sequence\n"
            "import torch.nn.utils.rnn as rnn\n"
            "assert pad_sequence is nn.utils.rnn.pad_sequence and rnn is nn.utils.rnn\n"
            "assert torch.nn.utils.rnn is rnn and torch.nn.Softplus is nn.Softplus\n"
            "print('ok')\n")
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root,
                            timeout=300)
    assert result.stdout.strip() == "ok", result.stderr


@pytest.mark.parametrize("clip_value", [0.5, -0.5, 0, float("inf"), float("nan")])
def test_clip_grad_value_over_mixed_dtypes_is_pytorchs(clip_value):
    """S2's neighbour: clamping each gradient in its own dtype, NaN and ±inf entries and odd clip values included
    (and PyTorch's foreach= keyword accepted)."""
    def run(T, N):
        params = [N.Parameter(T.ones(3)), N.Parameter(T.ones(2, dtype=T.float64)),
                  N.Parameter(T.ones(2, dtype=T.float16))]
        params[0].grad = T.tensor([float("nan"), -float("inf"), 0.7])
        params[1].grad = T.tensor([-2.0, 0.1], dtype=T.float64)
        params[2].grad = T.tensor([3.0, -0.25], dtype=T.float16)
        assert N.utils.clip_grad_value_(params, clip_value, foreach=None) is None
        return [param.grad for param in params]
    for a, b in zip(run(autograd, nn), run(torch, torch.nn), strict=True):
        assert str(a.dtype).split(".")[-1] == str(b.dtype).split(".")[-1]
        np.testing.assert_array_equal(a.numpy(), b.numpy())
