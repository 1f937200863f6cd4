"""NaN, inf and empty tensors as PyTorch: NaN propagates through maximum/minimum/clamp, the gradients of
relu, abs, clamp, maximum, minimum, max and pow at NaN (or a negative or zero base) are PyTorch's, the
norm of a tensor holding inf is inf, softmax & co. accept empty tensors, and pad with negative widths
crops. The expected values below are PyTorch 2's; where it is installed it is asked again."""
import numpy as np
import pytest

import autograd
from autograd import tensor

nan, inf = float("nan"), float("inf")


def grad_of(fn, values):
    x = tensor(values, requires_grad=True)
    fn(x).sum().backward()
    return x.grad.numpy()


def grads_of(fn, a, b):
    x, y = tensor(a, requires_grad=True), tensor(b, requires_grad=True)
    fn(x, y).sum().backward()
    return x.grad.numpy(), y.grad.numpy()


def same(actual, expected):
    np.testing.assert_array_equal(np.asarray(actual, dtype=np.float32), np.asarray(expected, dtype=np.float32))


# (name, function of a glassgrad-or-torch module `t` returning an array-like, PyTorch's answer)
CASES = [
    ("maximum propagates NaN", lambda t: t.maximum(t.tensor([nan, 1.0, 2.0]), t.tensor([0.0, nan, 1.0])), [nan, nan, 2.0]),
    ("minimum propagates NaN", lambda t: t.minimum(t.tensor([nan, 1.0, 2.0]), t.tensor([0.0, nan, 1.0])), [nan, nan, 1.0]),
    ("clamp keeps NaN", lambda t: t.tensor([nan, -1.0, 2.0]).clamp(0, 1), [nan, 0.0, 1.0]),
    ("clamp with min > max gives max", lambda t: t.tensor([1.0, 2.0]).clamp(2, 1), [1.0, 1.0]),
    ("clamp with a NaN bound", lambda t: t.tensor([0.0, 2.0]).clamp(nan, 1), [nan, nan]),
    ("norm of inf", lambda t: t.tensor([inf, 1.0]).norm(), inf),
    ("norm of ±inf", lambda t: t.tensor([inf, -inf]).norm(), inf),
    ("norm of NaN", lambda t: t.tensor([nan, 1.0]).norm(), nan),
    ("-inf norm", lambda t: t.tensor([3.0, -4.0]).norm(float("-inf")), 3.0),
    ("0 norm", lambda t: t.tensor([3.0, 0.0, 1.0]).norm(0), 2.0),
    ("softmax with inf", lambda t: t.tensor([inf, 1.0]).softmax(0), [nan, nan]),
    ("logsumexp with inf", lambda t: t.tensor([inf, 1.0]).logsumexp(0), inf),
    ("logsumexp of -inf", lambda t: t.tensor([-inf, -inf]).logsumexp(0), -inf),
    ("empty softmax", lambda t: t.zeros(0, 3).softmax(1), np.zeros((0, 3))),
    ("empty softmax over the empty axis", lambda t: t.zeros(0, 3).softmax(0), np.zeros((0, 3))),
    ("empty log_softmax", lambda t: t.tensor([]).log_softmax(0), []),
    ("empty logsumexp", lambda t: t.zeros(0, 3).logsumexp(0), [-inf, -inf, -inf]),
    ("empty norm", lambda t: t.tensor([]).norm(), 0.0),
    ("empty norm over an axis", lambda t: t.zeros(0, 3).norm(dim=0), [0.0, 0.0, 0.0]),
    ("empty sum", lambda t: t.zeros(0, 3).sum(0), [0.0, 0.0, 0.0]),
    ("empty mean", lambda t: t.tensor([]).mean(), nan),
    ("empty max over a full axis", lambda t: t.zeros(0, 3).amax(1), []),
    ("max with NaN", lambda t: t.tensor([nan, 1.0, 2.0]).max(), nan),
    ("relu grad at NaN", lambda t: grad_with(t, lambda x: x.relu(), [nan, -1.0, 0.0, 1.0]), [1.0, 0.0, 0.0, 1.0]),
    ("abs grad at NaN", lambda t: grad_with(t, lambda x: x.abs(), [nan, -1.0, 0.0, 1.0]), [0.0, -1.0, 0.0, 1.0]),
    ("clamp grad at NaN", lambda t: grad_with(t, lambda x: x.clamp(0, 1), [nan, -1.0, 0.0, 0.5, 1.0, 2.0]), [0, 0, 1, 1, 1, 0]),
    ("clamp grad with a NaN bound", lambda t: grad_with(t, lambda x: x.clamp(nan, 1), [0.0, 2.0]), [0.0, 0.0]),
    ("clamp grad with min > max", lambda t: grad_with(t, lambda x: x.clamp(2, 1), [0.0, 1.5, 3.0]), [0.0, 0.0, 0.0]),
    ("max grad with NaN", lambda t: grad_with(t, lambda x: x.max(), [nan, 1.0, 2.0]), [1.0, 0.0, 0.0]),
    ("x**0 grad", lambda t: grad_with(t, lambda x: x**0, [0.0, -1.0, nan]), [0.0, 0.0, 0.0]),
    ("x**2 grad at a negative base", lambda t: grad_with(t, lambda x: x**2, [nan, -2.0, 0.0]), [nan, -4.0, 0.0]),
    ("x**0.5 grad", lambda t: grad_with(t, lambda x: x**0.5, [-4.0, 0.0, 4.0]), [nan, inf, 0.25]),
    ("x**x grad", lambda t: grad_with(t, lambda x: x**x, [0.0, -1.0]), [0.0, nan]),
    ("0**x grad", lambda t: grad_with(t, lambda x: 0**x, [0.0, 1.0, -1.0]), [0.0, 0.0, -inf]),
    ("(-2)**x grad", lambda t: grad_with(t, lambda x: t.tensor([-2.0, 0.0, 0.0]) ** x, [2.0, 2.0, 0.0]), [nan, 0.0, 0.0]),
    ("norm grad with inf", lambda t: grad_with(t, lambda x: x.norm(), [inf, 1.0]), [nan, 0.0]),
    ("norm grad at 0", lambda t: grad_with(t, lambda x: x.norm(), [0.0, 0.0]), [0.0, 0.0]),
    ("3-norm grad at 0", lambda t: grad_with(t, lambda x: x.norm(3), [0.0, 0.0]), [0.0, 0.0]),
    ("logsumexp grad with -inf", lambda t: grad_with(t, lambda x: x.logsumexp(0), [-inf, 1.0]), [0.0, 1.0]),
    ("softmax grad of an empty tensor", lambda t: grad_with(t, lambda x: x.softmax(0), []), []),
    ("pad crops with a negative width", lambda t: pad_with(t, (-1, 0)), [[1.0, 2.0], [4.0, 5.0]]),
    ("pad crops and pads", lambda t: pad_with(t, (1, -1)), [[0.0, 0.0, 1.0], [0.0, 3.0, 4.0]]),
    ("pad crops a whole axis", lambda t: pad_with(t, (0, 0, -1, 2)), [[3.0, 4.0, 5.0], [0, 0, 0], [0, 0, 0]]),
    ("pad crops everything", lambda t: pad_with(t, (-2, -1)), np.zeros((2, 0))),
]


def grad_with(t, fn, values):
    x = t.tensor(values, requires_grad=True)
    fn(x).sum().backward()
    return x.grad


def pad_with(t, widths):
    x = t.arange(6.0).reshape(2, 3)
    return t.pad(x, widths) if t is autograd else __import__("torch").nn.functional.pad(x, widths)


@pytest.mark.parametrize("name", [name for name, _, _ in CASES])
def test_stated_value(name):
    _, fn, expected = next(case for case in CASES if case[0] == name)
    result = fn(autograd)
    same(result.numpy() if isinstance(result, autograd.Tensor) else result, expected)


@pytest.mark.parametrize("name", [name for name, _, _ in CASES])
def test_pytorch_agrees(name):
    torch = pytest.importorskip("torch")
    _, fn, expected = next(case for case in CASES if case[0] == name)
    same(fn(torch).detach().numpy(), expected)


def test_maximum_and_minimum_gradients_at_nan_and_ties():
    # PyTorch: a NaN on either side sends the whole gradient to both; a tie shares it half and half
    a, b = grads_of(autograd.maximum, [nan, 1.0, 2.0, 3.0], [0.0, nan, 2.0, 1.0])
    same(a, [1.0, 1.0, 0.5, 1.0])
    same(b, [1.0, 1.0, 0.5, 0.0])
    a, b = grads_of(autograd.minimum, [nan, 1.0, 2.0, 3.0], [0.0, nan, 2.0, 1.0])
    same(a, [1.0, 1.0, 0.5, 0.0])
    same(b, [1.0, 1.0, 0.5, 1.0])


@pytest.mark.parametrize("error, call", [  # PyTorch's error types (checked in test_adversarial_round6.py)
    (RuntimeError, lambda: tensor([]).max()), (IndexError, lambda: autograd.zeros(0, 3).amax(0)),
    (IndexError, lambda: tensor([]).argmax()), (RuntimeError, lambda: autograd.zeros(0, 3).norm(float("inf"), dim=0))])
def test_reductions_without_identity_refuse_empty_tensors(error, call):
    with pytest.raises(error, match="empty dimension"):
        call()


def test_pad_refuses_a_crop_past_the_size():
    with pytest.raises(RuntimeError, match="negative output size"):
        autograd.pad(autograd.zeros(2, 3), (-2, -2))
    with pytest.raises(TypeError, match="tuple of ints"):
        autograd.pad(autograd.zeros(2, 3), (1.5, 1))


def test_pad_with_negative_widths_has_the_cropped_gradient():
    x = tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    (autograd.pad(x, (-1, 1)) * autograd.arange(4.0).reshape(2, 2)).sum().backward()
    same(x.grad.numpy(), [[0.0, 0.0], [0.0, 2.0]])


def test_pad_value_takes_the_tensors_dtype():
    assert autograd.pad(autograd.arange(3), (1, 1), value=2.5).tolist() == [2, 0, 1, 2, 2]


def test_norm_does_not_overflow_where_pytorch_does():
    """Deliberate difference: the 2-norm is computed as s·√Σ(x/s)², so float32 [1e30, 1e30] gives
    1.4142e30 (PyTorch: inf)."""
    assert tensor([1e30, 1e30]).norm().item() == pytest.approx(1.4142135e30)
