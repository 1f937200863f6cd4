"""The pieces of split, chunk and unbind (and of iterating over a tensor, which is unbind(0)) are views that
PyTorch refuses to change in place while the change is recorded; unrecorded changes (nothing requires grad, or
under no_grad) go through to the base. Compared with PyTorch: the outcome (values or error type) and the
gradients."""
import pytest

from .outcomes import assert_as_pytorch

torch = pytest.importorskip("torch")


def _graph(lib, requires_grad=True):
    w = lib.arange(1.0, 7.0).reshape(2, 3).requires_grad_(requires_grad)
    return w, w * 1


def _split_mul(lib):
    w, b = _graph(lib)
    a, _ = b.split(1)
    a.mul_(2)
    return b


def _chunk_setitem(lib):
    w, b = _graph(lib)
    b.chunk(3, dim=1)[1][0] = 5.0
    return b


def _unbind_view_add(lib):
    w, b = _graph(lib)
    b.unbind(1)[2][:1].add_(1)
    return b


def _iteration(lib):
    w, b = _graph(lib)
    for row in b:
        row.mul_(2)
    return b


def _split_sizes_with_operand_requiring_grad(lib):
    b = lib.ones(4)
    v = lib.ones(1, requires_grad=True)
    b.split([1, 3])[0].mul_(v)
    return b


def _unrecorded_without_grad(lib):
    _, b = _graph(lib, requires_grad=False)
    for row in b:
        row.mul_(2)
    b.split(1)[1][0, 0] = -1.0
    return b


def _unrecorded_under_no_grad(lib):
    w, b = _graph(lib)
    with lib.no_grad():
        b.unbind(0)[0].zero_()
    b.sum().backward()
    return b, w.grad


def _a_detached_piece(lib):
    w, b = _graph(lib)
    b.split(1)[0].detach().mul_(3)
    return b


def _pieces_read_and_used(lib):
    w, b = _graph(lib)
    q, k = b.chunk(2, dim=0)
    (q * k).sum().backward()
    return [row for row in w.grad.detach()], w.grad


@pytest.mark.parametrize("program", [
    _split_mul, _chunk_setitem, _unbind_view_add, _iteration, _split_sizes_with_operand_requiring_grad,
    _unrecorded_without_grad, _unrecorded_under_no_grad, _a_detached_piece, _pieces_read_and_used,
])
def test_in_place_changes_to_pieces_as_pytorch(program):
    assert_as_pytorch(program)


def test_iterating_over_a_0d_tensor_is_refused_as_pytorch():
    import autograd

    with pytest.raises(TypeError, match="0-d"):
        iter(autograd.tensor(1.0))
    with pytest.raises(TypeError):
        iter(torch.tensor(1.0))


def test_the_refusal_names_the_piece():
    import autograd

    b = autograd.ones(4, requires_grad=True) * 1
    with pytest.raises(RuntimeError, match="Output 1 of Split is a view .* out-of-place"):
        b.split(2)[1].add_(1)
