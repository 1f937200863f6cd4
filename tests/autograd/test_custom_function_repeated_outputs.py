"""A custom Function whose forward returns one tensor at several places: one output, the same Tensor at
each place, its gradient given to backward at the last place (autograd/custom_function.py), as PyTorch's."""
import pytest

import autograd

torch = pytest.importorskip("torch")


def _run(T, forward, materialize=True, use=lambda outputs: sum(o.sum() * (i + 1) for i, o in enumerate(outputs))):
    received = []

    def backward(ctx, *grads):
        received.append([None if g is None else g.tolist() for g in grads])
        return sum(g * 10 ** i for i, g in enumerate(grads) if g is not None)

    def forward_with_ctx(ctx, x):
        ctx.set_materialize_grads(materialize)
        return forward(ctx, x)

    F = type("F", (T.autograd.Function if T is torch else T.Function,), {"forward": staticmethod(forward_with_ctx), "backward": staticmethod(backward)})
    x = T.tensor([1.0, 2.0], requires_grad=True)
    outputs = F.apply(x)
    use(outputs).backward()
    same = [[a is b for b in outputs] for a in outputs]
    return same, received, x.grad.tolist(), [o.requires_grad for o in outputs]


CASES = {
    "twice": lambda ctx, x: (lambda y: (y, y))(x * 2),
    "twice and another": lambda ctx, x: (lambda y: (y, x * 3, y))(x * 2),
    "three times": lambda ctx, x: (lambda y: (y, y, y))(x * 2),
    "twice, saved": lambda ctx, x: (lambda y: (ctx.save_for_backward(y), (y, y))[1])(x * 2),
}


@pytest.mark.parametrize("materialize", [True, False])
@pytest.mark.parametrize("case", CASES)
def test_one_tensor_returned_at_several_places_is_one_output_as_in_pytorch(case, materialize):
    assert _run(autograd, CASES[case], materialize) == _run(torch, CASES[case], materialize)


def test_a_repeated_output_used_only_at_its_first_place_still_gets_its_gradient_at_the_last():
    def use(outputs):
        return outputs[0].sum()

    forward = CASES["twice and another"]
    assert _run(autograd, forward, use=use) == _run(torch, forward, use=use)


def test_a_repeated_output_marked_non_differentiable_gets_no_gradient_as_in_pytorch():
    def forward(ctx, x):
        y = x * 2
        ctx.mark_non_differentiable(y)
        return y, x * 3, y

    def use(outputs):
        return outputs[1].sum()

    assert _run(autograd, forward, use=use) == _run(torch, forward, use=use)
