"""The twenty-sixth adversarial pass's autograd findings (hostile26a), against PyTorch: under autograd.grad(out, x)
or backward(inputs=[x]) a grad_fn hook gets None for an input whose gradient is not needed (and the node does not
send it), a hook on the output of a custom Function with several outputs is refused (PyTorch's outputs share one
node), and a hook returning a number, a string or an array is PyTorch's TypeError."""
import numpy as np
import pytest

from .outcomes import assert_as_pytorch, same_error

torch = pytest.importorskip("torch")


def _autograd(lib):
    from glassgrad.torch_stubs import autograd_names

    return torch.autograd if lib is torch else autograd_names


def _joint_clip(gi, go):
    total = sum((g ** 2).sum() for g in gi if g is not None) ** 0.5
    return tuple(None if g is None else g / max(total.item(), 1.0) for g in gi)


_OPS = {"x * w": lambda x, w: x * w, "x / w": lambda x, w: x / w, "x ** w": lambda x, w: x.abs() ** w,
        "atan2": lambda x, w: x.atan2(w), "maximum": lambda x, w: x.maximum(w), "broadcast": lambda x, w: x[:, None] * w}


@pytest.mark.parametrize("op", sorted(_OPS))
@pytest.mark.parametrize("call", ["grad", "backward-inputs"])
def test_a_grad_fn_hook_gets_none_for_an_input_whose_gradient_is_not_needed(op, call):
    def program(lib):
        x = lib.tensor([0.5, -1.2, 2.0], dtype=lib.float64, requires_grad=True)
        w = lib.tensor([1.5, 0.7, -0.3], dtype=lib.float64, requires_grad=True)
        y, seen = _OPS[op](x, w), []
        y.grad_fn.register_hook(lambda gi, go: seen.append([g is None for g in gi]))
        y.grad_fn.register_hook(_joint_clip)
        if call == "grad":
            return seen, _autograd(lib).grad((y * 3).sum(), x)
        (y * 3).sum().backward(inputs=[x])
        return seen, x.grad, w.grad is None

    assert_as_pytorch(program)


def test_a_grad_fn_hook_on_an_output_of_a_custom_function_with_several_is_refused():
    import autograd

    class Two(autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2, a * 3

        @staticmethod
        def backward(ctx, g1, g2):
            return g1 * 2 + g2 * 3

    p, q = Two.apply(autograd.tensor([0.5, 1.2], requires_grad=True))
    with pytest.raises(NotImplementedError, match="Two"):
        p.grad_fn.register_hook(lambda gi, go: None)


@pytest.mark.parametrize("returned", [2.0, "g", np.ones(3)], ids=["number", "string", "array"])
def test_a_hook_returning_something_not_a_tensor_is_pytorchs_type_error(returned):
    import autograd
    import nn

    def node_hook(lib):
        x = lib.tensor([0.5, 1.2, 2.0], requires_grad=True)
        y = x * 2
        y.grad_fn.register_hook(lambda gi, go: (returned,))
        y.sum().backward()

    same_error(lambda: node_hook(autograd), lambda: node_hook(torch))

    def module_hook(lib, modules):
        layer = modules.Linear(3, 1)
        layer.register_full_backward_hook(lambda module, gi, go: (returned,))
        layer(lib.ones(2, 3, requires_grad=True)).sum().backward()

    same_error(lambda: module_hook(autograd, nn), lambda: module_hook(torch, torch.nn))


def test_a_hook_left_without_a_number_returning_a_wrong_count_names_its_own_counts():
    import autograd

    x = autograd.tensor([0.5, 1.2, 2.0], requires_grad=True)
    y = x ** 3
    y.grad_fn.register_hook(lambda gi, go: (gi[0], gi[0]))
    with pytest.raises(RuntimeError, match=r"got 2, but expected 1"):
        y.sum().backward()


@pytest.mark.parametrize("op", ["masked_fill", "where", "method where"])
def test_a_mask_written_in_place_after_the_forward_does_not_change_the_gradient(op):
    import autograd

    x = autograd.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    mask = autograd.tensor([True, False, True, False])
    y = {"masked_fill": lambda: x.masked_fill(mask, 0.0), "where": lambda: autograd.where(mask, x, 0.0),
         "method where": lambda: x.where(mask, autograd.zeros(4))}[op]()
    mask.logical_not_()  # (PyTorch refuses the backward; the gradient of the forward's values is its only answer)
    y.sum().backward()
    expected = [0.0, 1.0, 0.0, 1.0] if op == "masked_fill" else [1.0, 0.0, 1.0, 0.0]
    assert x.grad.tolist() == expected
