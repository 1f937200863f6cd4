"""once_differentiable: PyTorch's decorator for a custom Function's backward that is not itself differentiable
(torch.autograd.function.once_differentiable; here autograd.function.once_differentiable too).

The backward runs under no_grad. When the backward pass is being recorded (create_graph=True) and a gradient
coming in requires grad, the gradients going out are fresh leaves behind a DelayedError node: taking a gradient
through them raises PyTorch's error instead of silently giving zero.
"""
import functools

from .custom_function import Function
from .grad_mode import is_grad_enabled, no_grad
from .tensor import Tensor

TWICE = "trying to differentiate twice a function that was marked with @once_differentiable"


class DelayedError(Function):
    """out = the inputs (copies);  backward: PyTorch's error (these are gradients of a once-differentiable backward)."""

    @staticmethod
    def forward(ctx, *tensors):
        return tuple(t.clone() for t in tensors) if len(tensors) > 1 else tensors[0].clone()

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError(TWICE)


def once_differentiable(fn):
    """Decorate a custom Function's backward(ctx, *grads) that only runs once (see the module's docstring)."""

    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with no_grad():
            outputs = fn(ctx, *args)
        if not is_grad_enabled() or not any(isinstance(a, Tensor) and a.requires_grad for a in args):
            return outputs
        single = not isinstance(outputs, tuple)
        outputs = (outputs,) if single else outputs
        tensors = [o.detach().requires_grad_() for o in outputs if isinstance(o, Tensor)]
        if not tensors:
            return outputs[0] if single else outputs
        delayed = DelayedError.apply(*tensors)
        delayed = iter(delayed if isinstance(delayed, tuple) else (delayed,))
        wrapped = tuple(next(delayed) if isinstance(o, Tensor) else o for o in outputs)
        return wrapped[0] if single else wrapped

    return wrapper
