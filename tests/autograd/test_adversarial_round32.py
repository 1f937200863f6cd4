"""Between the thirty-first and thirty-second rounds, against PyTorch: roll without dims returned a view of a rolled
copy, so detach_() on its result was refused (PyTorch's roll returns a new tensor)."""
import math

import pytest

from .outcomes import assert_as_pytorch

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("shape", [(3, 4), (5,), (), (0, 3), (2, 1, 3)])
@pytest.mark.parametrize("shift", [0, 1, -7, 13])
def test_roll_without_dims_is_a_new_tensor_with_pytorchs_gradient(shape, shift):
    def program(lib):
        x = lib.arange(float(math.prod(shape))).reshape(shape)
        x.requires_grad_()
        y = x.roll(shift)
        (y * lib.arange(float(y.numel())).reshape(shape)).sum().backward()
        result = [y, x.grad, y._base is None]
        y.detach_()
        return result + [y.requires_grad]

    assert_as_pytorch(program)
