"""The twenty-fifth adversarial pass's autograd findings (hostile25a), against PyTorch: a grad_fn hook sees the
gradients as the node sends them, summed back to each input's shape and in its dtype (it saw a broadcast input's
un-reduced gradient), a hook's gradient of another shape is refused, and hooks are refused on the nodes of ops
glassgrad makes of several primitives (mish, einsum, cdist, ...) and on the pieces of split, chunk and unbind
(PyTorch's share one node)."""
import pytest

from .outcomes import assert_as_pytorch

torch = pytest.importorskip("torch")


def _functional(lib):
    import nn

    return torch.nn.functional if lib is torch else nn.functional


_BROADCASTING = {
    "mm + b": lambda lib, X, W, b: X.mm(W) + b, "b * mm": lambda lib, X, W, b: b * X.mm(W),
    "mm - b[0]": lambda lib, X, W, b: X.mm(W) - b[0], "where": lambda lib, X, W, b: lib.where(X.mm(W) > 3, X.mm(W), b),
    "maximum": lambda lib, X, W, b: lib.maximum(X.mm(W), b),
    "atan2": lambda lib, X, W, b: lib.atan2(X.mm(W), b), "pow": lambda lib, X, W, b: X.mm(W).abs() ** b,
}


@pytest.mark.parametrize("op", sorted(_BROADCASTING))
def test_a_grad_fn_hook_sees_gradients_in_the_inputs_shapes_and_dtypes(op):
    def program(lib):
        X = lib.tensor([[1.0, 0.0, 2.0], [0.5, 1.0, -1.0]])
        W = lib.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
        b = lib.tensor([0.1, 0.2], requires_grad=True)
        h, seen = _BROADCASTING[op](lib, X, W, b), []
        h.grad_fn.register_hook(lambda gi, go: seen.append([None if g is None else (tuple(g.shape), str(g.dtype)[-7:])
                                                             for g in gi]))
        h.grad_fn.register_hook(lambda gi, go: tuple(None if g is None else g.clamp(-1, 1) for g in gi))
        (h * lib.tensor([[1.0, 2.0], [3.0, 4.0]])).sum().backward()
        return seen, W.grad, b.grad

    assert_as_pytorch(program)


def test_a_grad_fn_hook_returning_a_gradient_of_another_shape_is_refused():
    import autograd

    x, b = autograd.ones(2, 3, requires_grad=True), autograd.ones(3, requires_grad=True)
    y = x + b
    y.grad_fn.register_hook(lambda gi, go: (gi[0], gi[1].expand(2, 3)))
    with pytest.raises(RuntimeError, match="a Tensor of its input.s shape"):
        y.sum().backward()


_REFUSED = {
    "mish": lambda lib, x, w: _functional(lib).mish(x), "hardswish": lambda lib, x, w: _functional(lib).hardswish(x),
    "glu": lambda lib, x, w: _functional(lib).glu(lib.cat([x, w])), "logaddexp": lambda lib, x, w: lib.logaddexp(x, w),
    "threshold": lambda lib, x, w: _functional(lib).threshold(x, 1.0, 0.0), "outer": lambda lib, x, w: lib.outer(x, w),
    "einsum": lambda lib, x, w: lib.einsum("i,j->ij", x, w), "erfinv": lambda lib, x, w: lib.erfinv(w),
    "cdist": lambda lib, x, w: lib.cdist(x[None], w[None]), "frac": lambda lib, x, w: x.frac(),
    "addmm": lambda lib, x, w: lib.addmm(x[:2, None] * w[None, :2], x[:2, None] * w[None, :2], x[:2, None] * w[None, :2]),
    "chunk": lambda lib, x, w: lib.cat([x, w]).chunk(2)[0], "split": lambda lib, x, w: lib.cat([x, w]).split([2, 4])[1],
    "unbind": lambda lib, x, w: lib.stack([x, w]).unbind(0)[1],
}


@pytest.mark.parametrize("op", sorted(_REFUSED))
def test_a_grad_fn_hook_on_an_op_made_of_several_primitives_is_refused_and_a_tensor_hook_is_pytorchs(op):
    import autograd

    def inputs(lib):
        return (lib.tensor([0.5, 1.2, 2.0], dtype=lib.float64, requires_grad=True),
                lib.tensor([0.3, -0.4, 0.9], dtype=lib.float64, requires_grad=True))

    with pytest.raises(NotImplementedError, match="register_hook"):
        _REFUSED[op](autograd, *inputs(autograd)).grad_fn.register_hook(lambda gi, go: None)

    def program(lib):
        x, w = inputs(lib)
        y = _REFUSED[op](lib, x, w)
        y.register_hook(lambda g: g * 10)
        y.sum().backward()
        return x.grad, w.grad

    assert_as_pytorch(program)
