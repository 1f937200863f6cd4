"""Sixteenth adversarial pass (#19, hostile16d): losses and layers at non-finite weights, error types, against
PyTorch 2.13."""
import itertools
import warnings

import numpy as np
import pytest

import autograd
import nn.functional as GF

torch = pytest.importorskip("torch")
F = torch.nn.functional
INF, NAN = float("inf"), float("nan")

LOGITS = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5], [0.1, 0.2, 0.3], [2.0, 1.0, 0.0]], dtype="float32")
# 1/class_counts with an absent class, ∞ and NaN on a class some example has, weights summing to 0, all zero
WEIGHTS = [[1 / 3, 1.0, INF], [INF, 1.0, 1.0], [NAN, 1.0, 1.0], [1.0, -INF, 2.0], [-1.0, 1.0, 2.0],
           [0.0, 0.0, 1.0], [1.0, 2.0, 0.5]]
TARGETS = [[0, 1, 0, 0], [0, -100, 1, 2], [-100] * 4, [2, 2, -100, 0], [0, 1, 1, 0]]


def loss_and_grad(T, function, x, target, weight, **options):
    x = T.tensor(x, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # (NumPy's on 0/0, where PyTorch is silent)
        loss = function(x, T.tensor(target), weight=T.tensor(weight, dtype=T.float32), **options)
        loss.sum().backward()
    return loss.detach().numpy(), x.grad.numpy()


def assert_same(ours, theirs):
    for a, b in zip(ours, theirs, strict=True):
        assert a.shape == b.shape
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6, equal_nan=True)


def log_softmax(x, axis=1):
    return x - np.log(np.exp(x).sum(axis, keepdims=True))


@pytest.mark.parametrize("label_smoothing", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weight, target", list(itertools.product(WEIGHTS, TARGETS)))
def test_cross_entropy_with_nonfinite_or_cancelling_class_weights_is_pytorchs(weight, target, reduction,
                                                                              label_smoothing):
    """Was silent (S1, S2): a class weight of ∞ or NaN poisoned every example's loss (the whole weight vector times
    a one-hot row: 0·∞), where PyTorch gathers w[y] so only that class's examples see it (smoothing does use every
    weight, in PyTorch too); and target weights summing to 0 gave NaN where PyTorch divides by 0 (±∞)."""
    options = dict(reduction=reduction, label_smoothing=label_smoothing)
    assert_same(loss_and_grad(autograd, GF.cross_entropy, LOGITS, target, weight, **options),
                loss_and_grad(torch, F.cross_entropy, LOGITS, target, weight, **options))


@pytest.mark.parametrize("ignore_index", [-100, 0])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weight, target", list(itertools.product(WEIGHTS + [[0.0, 0.0, 0.0]], TARGETS)))
def test_nll_loss_with_nonfinite_cancelling_or_zero_class_weights_is_pytorchs(weight, target, reduction, ignore_index):
    """Was silent (S1, S2, S3): besides the values, the gradient is PyTorch's: ±∞ at the targets for weights summing
    to 0, NaN only at the targets (0 elsewhere) when every target's weight is 0."""
    if ignore_index == 0 and -100 in target:
        target = [0 if t == -100 else t for t in target]
    options = dict(reduction=reduction, ignore_index=ignore_index)
    log_probs = log_softmax(LOGITS)
    assert_same(loss_and_grad(autograd, GF.nll_loss, log_probs, target, weight, **options),
                loss_and_grad(torch, F.nll_loss, log_probs, target, weight, **options))


@pytest.mark.parametrize("label_smoothing", [0.0, 0.3])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weight", WEIGHTS)
def test_cross_entropy_over_a_sequence_and_of_one_example_with_nonfinite_weights_is_pytorchs(weight, reduction,
                                                                                           label_smoothing):
    """K-dim input (N, C, d) with (N, d) targets, and one example (C,) with a 0-d target."""
    options = dict(reduction=reduction, label_smoothing=label_smoothing)
    logits = np.random.default_rng(1).standard_normal((2, 3, 2)).astype("float32")
    target = np.array([[0, 1], [-100, 0]])
    assert_same(loss_and_grad(autograd, GF.cross_entropy, logits, target, weight, **options),
                loss_and_grad(torch, F.cross_entropy, logits, target, weight, **options))
    for one in (0, 2, -100):
        assert_same(loss_and_grad(autograd, GF.cross_entropy, LOGITS[0], np.int64(one), weight, **options),
                    loss_and_grad(torch, F.cross_entropy, LOGITS[0], np.int64(one), weight, **options))


@pytest.mark.parametrize("label_smoothing", [0.0, 0.3])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weight", WEIGHTS)
def test_cross_entropy_of_probability_targets_with_nonfinite_weights_is_pytorchs(weight, reduction, label_smoothing):
    """Class-probability targets: PyTorch multiplies log p by every class weight (0·∞ = NaN included)."""
    options = dict(reduction=reduction, label_smoothing=label_smoothing)
    probabilities = np.eye(3, dtype="float32")[[0, 1, 2, 0]]
    probabilities[3] = [0.5, 0.5, 0.0]
    assert_same(loss_and_grad(autograd, GF.cross_entropy, LOGITS, probabilities, weight, **options),
                loss_and_grad(torch, F.cross_entropy, LOGITS, probabilities, weight, **options))


def test_the_report_example_inverse_class_counts_with_an_absent_class_stays_finite():
    """S1's own example: weight = 1/class_counts with class 2 absent; PyTorch's loss and gradient are finite."""
    counts = np.array([3.0, 1.0, 0.0], dtype="float32")
    with np.errstate(divide="ignore"):
        weight = 1 / counts
    ours = loss_and_grad(autograd, GF.cross_entropy, LOGITS, [0, 1, 0, 0], weight)
    assert np.isfinite(ours[0]) and np.isfinite(ours[1]).all()
    assert_same(ours, loss_and_grad(torch, F.cross_entropy, LOGITS, [0, 1, 0, 0], weight))


def test_a_batch_of_only_ignored_targets_is_nan_with_zero_gradients_and_no_warning():
    """Every target ignored ('mean'): NaN, gradients 0, as PyTorch; a batch of padding must not warn either."""
    x = autograd.tensor(LOGITS, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = GF.cross_entropy(x, autograd.tensor([-100] * 4), label_smoothing=0.1)
        loss.backward()
    assert np.isnan(loss.item()) and (x.grad.numpy() == 0).all()


def values_and_grads(T, make, *arrays, dtype="float32"):
    """make(T, *tensors) on tensors that require grad; its value and every input's gradient, as float64 arrays."""
    tensors = [T.tensor(np.asarray(a, dtype=dtype), requires_grad=True) for a in arrays]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out = make(T, *tensors)
        out.sum().backward()
    return [out.detach().numpy().astype(np.float64)] + [t.grad.numpy().astype(np.float64) for t in tensors]


def assert_all_same(ours, theirs, rtol=1e-5):
    for a, b in zip(ours, theirs, strict=True):
        assert a.shape == b.shape
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
        np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-6, equal_nan=True)


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
@pytest.mark.parametrize("slope", [NAN, INF, -INF, 0.25, 0.0, 1e5])
def test_prelu_with_a_nonfinite_slope_keeps_the_positive_inputs_gradient_one(slope, dtype):
    """Was silent (S6): a slope of NaN or ∞ (or a float16 one that overflowed, 1e5) leaked NaN into the gradient of
    the positive inputs (0·NaN through the unused branch); PyTorch's is 1 there, and w at x ≤ 0."""
    def make(T, x, w):
        return (F if T is torch else GF).prelu(x, w)
    x = [-2.0, 0.0, 0.5, 3.0]
    assert_all_same(values_and_grads(autograd, make, x, [slope], dtype=dtype),
                    values_and_grads(torch, make, x, [slope], dtype=dtype), rtol=1e-3)


def test_prelu_module_with_an_infinite_init_is_pytorchs():
    import nn
    ours, theirs = nn.PReLU(init=INF), torch.nn.PReLU(init=INF)
    grads = []
    for T, module in ((autograd, ours), (torch, theirs)):
        x = T.tensor([-2.0, 0.5, 3.0], requires_grad=True)
        module(x).sum().backward()
        grads.append(x.grad.numpy())
    np.testing.assert_array_equal(grads[0], grads[1])
    assert grads[0].tolist() == [INF, 1.0, 1.0]


@pytest.mark.parametrize("threshold", [20.0, 0.0, -1.0])
@pytest.mark.parametrize("beta", [0.0, -0.0, 1.0, 2.0, -1.0])
def test_softplus_of_beta_zero_has_pytorchs_gradient(beta, threshold):
    """Was silent (S5): β = 0 gave NaN gradients (the chain's (1/β)·σ·β = ∞·0); PyTorch's is σ(βx) = ½ (its
    values ±∞ agree). Its neighbours in β and threshold alongside."""
    def make(T, x):
        return (F if T is torch else GF).softplus(x, beta=beta, threshold=threshold)
    x = [-2.0, 0.0, 3.0]
    assert_all_same(values_and_grads(autograd, make, x), values_and_grads(torch, make, x))
    module = autograd.tensor(x, requires_grad=True)
    import nn
    nn.Softplus(beta=beta, threshold=threshold)(module).sum().backward()
    assert_all_same([module.grad.numpy()], values_and_grads(torch, make, x)[1:])


SCORES = [[[0.5, NAN, 2.0], [1.0, 0.0, 3.0]], [[NAN, 0.1, 2.0], [1.0, INF, 3.0]], [[0.5, -INF, 2.0], [INF, INF, 3.0]],
          [[0.5, 1.5, 0.2], [1.0, 0.0, 0.0]]]


@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("weight", [None, [1.0, 2.0, INF]])
@pytest.mark.parametrize("p", [1, 2])
@pytest.mark.parametrize("scores", SCORES)
def test_multi_margin_loss_skips_a_nan_term_as_pytorch(scores, p, weight, reduction):
    """Was silent (S10): a NaN score at a non-target class made the loss NaN; PyTorch adds a term only where
    margin − x[y] + x[c] > 0, so a NaN term is skipped (its gradient 0). ∞ scores and class weights alongside."""
    def make(T, x):
        w = None if weight is None else T.tensor(weight, dtype=T.float32)
        return (F if T is torch else GF).multi_margin_loss(x, T.tensor([0, 1]), p=p, weight=w, reduction=reduction)
    assert_all_same(values_and_grads(autograd, make, scores), values_and_grads(torch, make, scores))


@pytest.mark.parametrize("beta", [1.0, 0.5, 1e30])
@pytest.mark.parametrize("difference", [[-1e30], [1e20], [0.3, -2.0, INF], [0.5, -0.5]])
def test_smooth_l1_loss_with_a_huge_beta_is_pytorchs(difference, beta):
    """Was silent (S12): β(|d| − ½β)/β overflowed to ∞ for β = 1e30 where PyTorch's |d| − ½β is 5e29."""
    def make(T, x):
        return (F if T is torch else GF).smooth_l1_loss(x, T.zeros(len(difference)), beta=beta, reduction="sum")
    assert_all_same(values_and_grads(autograd, make, difference), values_and_grads(torch, make, difference))


@pytest.mark.parametrize("var, eps", [([INF, 0.0], 0.0), ([INF, 1e-3], 1e-6), ([0.5, 2.0], 1e-6), ([1e-8, 2.0], 1e-6),
                                      ([0.0, 0.0], 1e-6)])
def test_gaussian_nll_loss_with_an_infinite_variance_is_pytorchs(var, eps):
    """Was silent (S12): var = ∞ became NaN (the clamp's shift ∞ − ∞); PyTorch's loss is ∞ there and the input's
    gradient −0. The clamp below eps still changes the value only."""
    def make(T, x, v):
        return (F if T is torch else GF).gaussian_nll_loss(x, T.tensor([1.0, 0.0]), v, eps=eps, reduction="none")
    assert_all_same(values_and_grads(autograd, make, [0.5, 0.0], var), values_and_grads(torch, make, [0.5, 0.0], var),
                    rtol=1e-4)


def error_of(call):
    try:
        call()
    except Exception as error:  # (its type is what is compared)
        return type(error)
    return None


def error_cases(T, FF):
    nn_ = torch.nn if T is torch else __import__("nn")
    return {
        "int64 input, float weight": lambda: FF.prelu(T.tensor([1, -2]), T.tensor([0.25])),
        "int64 input and weight": lambda: FF.prelu(T.tensor([1, -2]), T.tensor([1])),
        "nn.PReLU on int64": lambda: nn_.PReLU()(T.tensor([1, -2])),
        "cross_entropy weight too short": lambda: FF.cross_entropy(T.ones(2, 3), T.tensor([0, 1]), weight=T.ones(2)),
        "cross_entropy weight too long": lambda: FF.cross_entropy(T.ones(2, 3), T.tensor([0, 1]), weight=T.ones(4)),
        "cross_entropy weight 2-d": lambda: FF.cross_entropy(T.ones(2, 3), T.tensor([0, 1]), weight=T.ones(3, 1)),
        "cross_entropy K-dim weight": lambda: FF.cross_entropy(T.ones(2, 3, 4), T.zeros(2, 4, dtype=T.int64),
                                                               weight=T.ones(2)),
        "nll_loss weight too short": lambda: FF.nll_loss(T.ones(2, 3), T.tensor([0, 1]), weight=T.ones(2)),
        "multi_margin_loss weight too short": lambda: FF.multi_margin_loss(T.ones(2, 3), T.tensor([0, 1]),
                                                                           weight=T.ones(2)),
        "multi_margin_loss weight 2-d": lambda: FF.multi_margin_loss(T.ones(2, 3), T.tensor([0, 1]),
                                                                     weight=T.ones(3, 1)),
    }


@pytest.mark.parametrize("case", list(error_cases(torch, F)))
def test_error_types_are_pytorchs(case):
    """Were the wrong type: prelu on int64 with nn.PReLU's float weight (NotImplementedError, PyTorch's
    RuntimeError: it checks the dtypes agree first), a class weight of the wrong length (ValueError)."""
    theirs = error_of(error_cases(torch, F)[case])
    assert theirs is not None
    assert error_of(error_cases(autograd, GF)[case]) is theirs


@pytest.mark.parametrize("dtype, value", [("float32", 1e40), ("float16", 70000.0), ("float16", 65519.0),
                                          ("uint8", -1), ("uint8", 256), ("uint8", 255.9), ("int8", 300),
                                          ("int64", NAN), ("int64", INF), ("int32", 2**31)])
def test_pad_sequence_refuses_a_padding_value_the_dtype_cannot_hold(dtype, value):
    """Was accepted (inf, or −1 wrapped to 255): PyTorch's "value cannot be converted ... without overflow"."""
    from nn.utils.rnn import pad_sequence
    with pytest.raises(RuntimeError, match="cannot be converted"):
        torch.nn.utils.rnn.pad_sequence([torch.ones(2, dtype=getattr(torch, dtype)), torch.ones(1, dtype=getattr(
            torch, dtype))], padding_value=value)
    with pytest.raises(RuntimeError, match=f"padding_value .* cannot be converted to type {dtype} without overflow"):
        pad_sequence([autograd.tensor(np.ones(2, dtype=dtype)), autograd.tensor(np.ones(1, dtype=dtype))],
                     padding_value=value)


@pytest.mark.parametrize("dtype, value", [("float32", INF), ("float32", NAN), ("float16", -65504.0), ("int64", 2.5),
                                          ("bool", -5), ("uint8", 255), ("float64", 1e300)])
def test_pad_sequence_accepts_the_padding_values_pytorch_accepts(dtype, value):
    from nn.utils.rnn import pad_sequence
    theirs = torch.nn.utils.rnn.pad_sequence([torch.ones(2, dtype=getattr(torch, dtype)),
                                              torch.ones(1, dtype=getattr(torch, dtype))], padding_value=value)
    ours = pad_sequence([autograd.tensor(np.ones(2, dtype=dtype)), autograd.tensor(np.ones(1, dtype=dtype))],
                        padding_value=value)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("name", ["Adagrad", "Adam", "AdamW", "SGD", "RMSprop", "Adadelta"])
def test_a_step_after_p_data_changed_shape_is_a_runtime_error_naming_the_state(name):
    """Was NumPy's ValueError ("operands could not be broadcast together with shapes (2,) (3,) (2,)") for Adagrad;
    PyTorch raises RuntimeError. The message says which state no longer fits the parameter, and why."""
    import nn
    import optim
    results = []
    for T, parameter, module in ((torch, torch.nn.Parameter, torch.optim), (autograd, nn.Parameter, optim)):
        p = parameter(T.tensor([1.0, 2.0]))
        opt = getattr(module, name)([p], **(dict(lr=0.1, momentum=0.9) if name == "SGD" else {}))
        p.grad = T.tensor([1.0, 1.0])
        opt.step()
        p.data = T.tensor([1.0, 2.0, 3.0])
        p.grad = T.tensor([1.0, 1.0, 1.0])
        with pytest.raises(RuntimeError) as raised:
            opt.step()
        results.append(str(raised.value))
    assert f"{name}: the optimizer state" in results[1] and "(2,)" in results[1] and "(3,)" in results[1]
