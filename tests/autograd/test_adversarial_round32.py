"""The thirty-second round, against PyTorch: roll without dims returned a view of a rolled copy, so detach_() on its
result was refused (PyTorch's roll returns a new tensor); a grad_fn hook on an index of several parts (x[1, 2]) saw
the whole tensor's gradient, where PyTorch's node for the last part sees the part before it (now refused)."""
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


INDICES = {"[1, 2]": (1, 2), "[1:2]": slice(1, 2), "[:, 1]": (slice(None), 1), "[..., 1]": (Ellipsis, 1),
           "[None]": None, "[0:3, 1]": (slice(0, 3), 1), "[[0, 1]]": [0, 1], "[[0, 1], 1]": ([0, 1], 1),
           "[1, [0, 1]]": (1, [0, 1]), "[:, [0, 1]]": (slice(None), [0, 1]), "[1:, [0, 1]]": (slice(1, None), [0, 1]),
           "[-1]": -1, "[None, 1]": (None, 1), "[1, None]": (1, None), "[::2]": slice(None, None, 2),
           "[mask]": [True, False, True], "[1:, 1:]": (slice(1, None), slice(1, None)), "[...]": Ellipsis,
           "[:]": slice(None), "[0:9, 0:4]": (slice(0, 9), slice(0, 4)), "[..., None, 2]": (Ellipsis, None, 2)}


@pytest.mark.parametrize("name", sorted(INDICES))
def test_a_grad_fn_hook_on_an_index_sees_pytorchs_gradients_or_is_refused(name):
    """(hostile32a S5: x[1, 2]'s node hook saw a (3, 4) grad_input; PyTorch's, the second select's, a (4,) one)"""
    import autograd

    def seen(lib):
        index = INDICES[name]
        index = lib.tensor(index) if name == "[mask]" else index
        x = lib.arange(12.0).reshape(3, 4).requires_grad_()
        y = (x * 1)[index]
        found = []
        y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: found.append(
            [tuple(g.shape) for g in grad_inputs + grad_outputs]))
        (y * 2).sum().backward()
        return found, x.grad.tolist()

    theirs = seen(torch)
    try:
        ours = seen(autograd)
    except NotImplementedError as refusal:
        assert "an index of several parts" in str(refusal)
        assert theirs[0][0][0] != [(3, 4)]  # refused only where PyTorch's node does not take x itself
    else:
        assert ours == theirs
