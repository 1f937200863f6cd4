"""Check analytic gradients against central finite differences.

For each input element xᵢ:  ∂f/∂xᵢ ≈ (f(x + ε eᵢ) − f(x − ε eᵢ)) / 2ε   (error O(ε²)).
The analytic Jacobian comes from one backward pass per output element. Inputs should be
float64: in float32 the rounding error of the difference quotient swamps the test.
"""
import numpy as np

from .engine import grad
from .pytorch.conversion import held_number
from .tensor import Tensor


class GradcheckError(RuntimeError):  # (PyTorch's is a RuntimeError: `except RuntimeError` catches it)
    pass


def _outputs(fn, inputs):
    out = fn(*inputs)
    return tuple(out) if isinstance(out, (tuple, list)) else (out,)


def numerical_jacobians(fn, inputs, eps):
    """For each input, a (input elements, output elements) matrix of difference quotients."""
    n_outputs = sum(o._data.size for o in _outputs(fn, inputs))
    jacobians = []
    for t in inputs:
        if t._data.size > 1 and any(step == 0 and n > 1 for step, n in zip(t._data.strides, t._data.shape, strict=True)):
            raise RuntimeError("gradcheck: an input that requires grad has overlapping memory (an expanded tensor, "
                               "a stride of 0): nudging one element nudges others; give it a contiguous copy")
        if not t._data.flags.writeable:  # (memory NumPy lent read-only: nudged in a copy, which stays with t)
            t._data = t._data.copy()
        array = t._data  # nudged where it lies (a view's elements are its base's), in row-major order
        jacobian = np.zeros((array.size, n_outputs))
        for i, index in enumerate(np.ndindex(array.shape)):
            original = array[index]
            array[index] = original + eps
            plus = np.concatenate([o._data.ravel() for o in _outputs(fn, inputs)])
            array[index] = original - eps
            minus = np.concatenate([o._data.ravel() for o in _outputs(fn, inputs)])
            array[index] = original
            jacobian[i] = (plus - minus) / (2 * eps)
        jacobians.append(jacobian)
    return jacobians


def analytic_jacobians(fn, inputs):
    """The same matrices from backward passes: row j of each is d(output element j)/d(input)."""
    outputs = _outputs(fn, inputs)
    sizes = [o._data.size for o in outputs]
    jacobians = [np.zeros((t._data.size, sum(sizes))) for t in inputs]
    column = 0
    for out, size in zip(outputs, sizes, strict=True):
        for j in range(size):
            seed = np.zeros(size, dtype=out.dtype)
            seed[j] = 1
            if out.requires_grad:
                grads = grad(out, inputs, Tensor(seed.reshape(out.shape)), retain_graph=True, allow_unused=True)
                for jac, g in zip(jacobians, grads, strict=True):
                    if g is not None:
                        jac[:, column] = g._data.ravel()
            column += 1
    return jacobians


def gradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True):
    """True when fn's gradients w.r.t. every input that requires grad match finite differences.

    On a mismatch raises GradcheckError naming the input, the element index, and both values."""
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    eps, atol, rtol = (held_number(value) for value in (eps, atol, rtol))  # (a float32 0-d tensor eps: its number)
    checked = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.requires_grad]
    if not checked:  # (nothing to check must not pass as a success)
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but none of them have "
                         "requires_grad=True.")
    for i in checked:
        if inputs[i].dtype != np.float64:
            raise GradcheckError(f"gradcheck: input {i} is {inputs[i].dtype}; use float64 for finite differences")
    tensors = [inputs[i] for i in checked]

    def fn_of_checked(*values):
        full = list(inputs)
        for i, v in zip(checked, values, strict=True):
            full[i] = v
        return fn(*full)

    numerical = numerical_jacobians(fn_of_checked, tensors, eps)
    analytic = analytic_jacobians(fn_of_checked, tensors)
    for position, num, ana in zip(checked, numerical, analytic, strict=True):
        bad = ~np.isclose(ana, num, rtol=rtol, atol=atol, equal_nan=False)
        if bad.any():
            element, out_index = np.argwhere(bad)[0]
            where = np.unravel_index(element, inputs[position].shape)
            message = (
                f"gradcheck failed for input {position} at index {tuple(int(k) for k in where)} "
                f"(output element {out_index}): numerical {num[element, out_index]:.8g}, "
                f"analytical {ana[element, out_index]:.8g}"
            )
            if raise_exception:
                raise GradcheckError(message)
            return False
    return True


def gradgradcheck(fn, inputs, grad_outputs=None, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True):
    """Check second derivatives: gradcheck of (inputs, v) ↦ vᵀ ∂fn/∂inputs, the first derivative
    computed with create_graph=True so that it is itself differentiable."""
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    if isinstance(grad_outputs, Tensor):  # (one output's, as PyTorch takes it)
        grad_outputs = (grad_outputs,)
    if grad_outputs is None:
        rng = np.random.default_rng(0)
        grad_outputs = [Tensor(rng.standard_normal(o.shape), requires_grad=True) for o in _outputs(fn, inputs)]

    def first_derivatives(*args):
        values, vs = args[: len(inputs)], args[len(inputs) :]
        used = [v for v in values if isinstance(v, Tensor) and v.requires_grad]
        grads = grad(_outputs(fn, values), used, vs, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_derivatives, inputs + tuple(grad_outputs), eps, atol, rtol, raise_exception)
