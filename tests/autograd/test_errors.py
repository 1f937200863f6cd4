"""Bad input gets a clear error that says what went wrong."""
import numpy as np
import pytest

import autograd
from autograd import tensor
from autograd.function import Function
from autograd.gradcheck import GradcheckError, gradcheck


def test_shape_mismatch_names_both_shapes_and_the_op():
    with pytest.raises(RuntimeError, match=r"add: .*\(2, 3\) and \(4,\)"):
        autograd.zeros(2, 3) + autograd.zeros(4)
    with pytest.raises(RuntimeError, match=r"matmul: .*\(2, 3\) and \(4, 5\).*3 != 4"):
        autograd.zeros(2, 3) @ autograd.zeros(4, 5)
    with pytest.raises(RuntimeError, match=r"shape '\[4\]' is invalid for input of size 6"):
        autograd.zeros(6).reshape(4)


def test_non_scalar_backward_without_gradient():
    x = tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"only for scalar outputs.*shape \(2,\).*gradient"):
        (x * 2).backward()


def test_gradient_of_wrong_shape():
    x = tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"gradient has shape \(3,\) but the output has shape \(2,\)"):
        (x * 2).backward(tensor([1.0, 1.0, 1.0]))


def test_second_backward_through_freed_graph():
    x = tensor(1.0, requires_grad=True)
    y = x.exp()
    y.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        y.backward()


def test_integer_tensors_cannot_require_grad():
    with pytest.raises(RuntimeError, match="floating point.*int64"):
        tensor([1, 2, 3], requires_grad=True)
    t = tensor([1, 2])
    with pytest.raises(RuntimeError, match="floating point"):
        t.requires_grad = True


def test_backward_of_tensor_that_does_not_require_grad():
    with pytest.raises(RuntimeError, match="does not require grad"):
        tensor(1.0).backward()


def test_item_of_many_elements():
    with pytest.raises(RuntimeError, match=r"one element.*shape \(2,\)"):
        tensor([1.0, 2.0]).item()


def test_numpy_of_a_tensor_requiring_grad_points_to_detach():
    with pytest.raises(RuntimeError, match=r"detach\(\)"):
        tensor(1.0, requires_grad=True).numpy()


def test_inplace_on_leaf_requiring_grad():
    w = tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="in-place.*no_grad"):
        w += 1
    with autograd.no_grad():
        w += 1
    assert w.tolist() == [2.0]


def test_dim_out_of_range():
    with pytest.raises(IndexError, match=r"Dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)"):
        autograd.zeros(2, 3).sum(2)


def test_float_index_is_refused():
    with pytest.raises(IndexError, match="integer or bool"):
        autograd.zeros(3)[tensor([0.0, 1.0])]


def test_anomaly_mode_names_the_forward_op():
    x = tensor([-1.0, 1.0], requires_grad=True)
    with autograd.detect_anomaly():
        with pytest.raises(RuntimeError, match=r"'log' produced NaN or Inf in its forward pass.*test_errors.py"):
            x.log()
    with pytest.warns(RuntimeWarning):
        x.log()  # outside anomaly mode NumPy's NaN passes through, with NumPy's warning


def test_anomaly_mode_names_the_backward_op():
    x = tensor([0.0], requires_grad=True)
    with autograd.detect_anomaly():
        y = x.sqrt() * 0  # finite forward: sqrt(0) = 0; backward 0 / (2 sqrt(0)) is NaN
        with pytest.raises(RuntimeError, match=r"'sqrtBackward' returned NaN values.*input 0"):
            y.sum().backward()


def test_anomaly_mode_lets_an_infinite_gradient_through_as_pytorch():
    x = tensor([0.0], requires_grad=True)
    with autograd.detect_anomaly():
        x.sqrt().sum().backward()  # d sqrt(x)/dx at 0 is +inf: PyTorch's backward check looks for NaN only
    assert x.grad.numpy()[0] == np.inf
    assert autograd.anomaly.is_anomaly_check_nan_enabled()  # (the setting, True by default, as PyTorch's)


def test_gradcheck_reports_input_index_and_both_values():
    class WrongSquare(Function):
        def forward(self, a):
            return a * a

        def backward(self, ops, g):
            a, = ops.inputs(self)
            return (g * a * 3,)  # should be 2a

    x = tensor([1.0, 2.0], dtype=np.float64, requires_grad=True)
    y = tensor([0.5], dtype=np.float64, requires_grad=True)
    with pytest.raises(GradcheckError, match=r"input 1 at index \(0,\).*numerical 1, analytical 1.5"):
        gradcheck(lambda x, y: x.sum() + WrongSquare.apply(y), (x, y))


def test_gradcheck_wants_float64():
    with pytest.raises(GradcheckError, match="float64"):
        gradcheck(lambda x: x * 2, (tensor([1.0], requires_grad=True),))


def test_shape_errors_a_user_catches_are_runtime_errors_as_in_pytorch():
    """Wherever PyTorch raises RuntimeError for shapes that do not fit, so does glassgrad: a user's
    `except RuntimeError` catches both."""
    torch = pytest.importorskip("torch")
    import nn

    calls = {
        "add": lambda T: T.ones(3) + T.ones(2),
        "matmul": lambda T: T.ones(2, 3) @ T.ones(2, 3),
        "bmm": lambda T: T.bmm(T.ones(2, 3), T.ones(2, 3)),
        "stack": lambda T: T.stack([T.ones(2), T.ones(3)]),
        "stack of nothing": lambda T: T.stack([]),
        "maximum": lambda T: T.maximum(T.ones(3), T.ones(2)),
        "minimum": lambda T: T.minimum(T.ones(3), T.ones(2)),
        "masked_fill": lambda T: T.ones(3).masked_fill(T.ones(2) > 0, 1.0),
        "clamp without bounds": lambda T: T.ones(3).clamp(),
        "Linear": lambda T: (torch.nn if T is torch else nn).Linear(3, 2)(T.ones(2, 4)),
        "LSTM input size": lambda T: (torch.nn if T is torch else nn).LSTM(3, 2)(T.ones(5, 2, 4)),
    }
    for name, call in calls.items():
        for T in (torch, autograd):
            with pytest.raises(RuntimeError):
                call(T)
                raise AssertionError(f"{name}: no error")  # (not a RuntimeError: the test fails)


@pytest.mark.parametrize("args", [("yes",), (1,), (True, 1)])
def test_set_detect_anomaly_takes_only_bools_as_pytorch(args):
    from glassgrad.torch_stubs.autograd_names import set_detect_anomaly

    before = autograd.anomaly.is_anomaly_enabled()
    with pytest.raises(TypeError, match="must be bool"):
        set_detect_anomaly(*args)
    assert autograd.anomaly.is_anomaly_enabled() == before
