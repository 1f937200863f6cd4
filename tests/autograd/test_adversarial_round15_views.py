"""Fifteenth adversarial pass (hostile15a S1-S3): every entry point reads a view as it is now. A view whose base was
written in place after it was made is recorded again before backward starts from it, before autograd.grad asks for
its gradient, and before is_leaf or retain_grad answer, as PyTorch regenerates a view's grad_fn on the write."""
import pytest

import autograd

torch = pytest.importorskip("torch")


def outcome(run, lib):
    """run(lib)'s result, tensors as lists, or the error's type."""
    try:
        result = run(lib)
    except RuntimeError:
        return "RuntimeError"
    return [r.tolist() if hasattr(r, "tolist") else r for r in (result if isinstance(result, (list, tuple)) else [result])]


def grad(lib, *args, **kwargs):
    return (torch.autograd.grad if lib is torch else autograd.grad)(*args, **kwargs)


def written_base(lib):
    x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = x * 2
    v = b[1:]
    b.mul_(x)  # v now holds 2·x[1:]²
    return x, b, v


def slot_filled_after(lib):
    x = lib.tensor(3.0, requires_grad=True)
    out = lib.zeros(3)
    last = out[2]
    out[2] = x * x
    return x, out, last


def used_then_written(lib):
    x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = x * 2
    v = b[1:]
    y = (v * 5).sum()
    b.mul_(2)  # after v was used: v as it is now is not in y's graph
    return x, v, y + (b * b).sum()


def backward_from_written_view(lib):
    x, _, v = written_base(lib)
    v.backward(lib.ones(2))
    return x.grad.tolist()


def grad_of_written_view(lib):
    x, _, v = written_base(lib)
    return grad(lib, v, x, lib.ones(2))[0].tolist()


def view_of_view_middle_written(lib):
    x = lib.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    b = x * 1
    middle = b[1:]
    inner = middle[1:]
    middle.mul_(2)
    inner.backward(lib.ones(2))
    return x.grad.tolist()


def slot_backward(lib):
    x, _, last = slot_filled_after(lib)
    last.backward()
    return x.grad.item()


def slot_is_leaf(lib):
    return slot_filled_after(lib)[2].is_leaf


def slot_retain_grad(lib):
    x, out, last = slot_filled_after(lib)
    last.retain_grad()
    (out * 1).sum().backward()
    return [last.grad, x.grad]


def slot_grad_allow_unused(lib):
    x, out, last = slot_filled_after(lib)
    return grad(lib, (out * 1).sum(), last, allow_unused=True)


def grad_wrt_used_then_written(lib):
    _, v, y = used_then_written(lib)
    return grad(lib, y, v)


def grad_wrt_used_then_written_allow_unused(lib):
    _, v, y = used_then_written(lib)
    return grad(lib, y, v, allow_unused=True)


def backward_inputs_used_then_written(lib):
    x, v, y = used_then_written(lib)
    y.backward(inputs=[v])
    return [v.grad, x.grad]


def no_grad_view_of_a_leaf(lib):
    x = lib.ones(3, requires_grad=True)
    with lib.no_grad():
        v = x[:2]
    (v * 2).sum().backward()
    return [x.grad, v.grad, v.requires_grad, v.is_leaf]


CASES = [backward_from_written_view, grad_of_written_view, view_of_view_middle_written, slot_backward, slot_is_leaf,
         slot_retain_grad, slot_grad_allow_unused, grad_wrt_used_then_written, grad_wrt_used_then_written_allow_unused,
         backward_inputs_used_then_written, no_grad_view_of_a_leaf]


@pytest.mark.parametrize("run", CASES, ids=lambda run: run.__name__)
def test_entry_points_read_a_view_as_it_is_now_as_pytorch(run):
    assert outcome(run, autograd) == outcome(run, torch)


# ----- hostile16a: views that pass no gradient (made under no_grad or before the base required grad) -----
def requires_grad_on_a_no_grad_view(lib):
    x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    with lib.no_grad():
        v = x[1:]
    v.requires_grad_()  # now a leaf of its own: it gets its gradient
    (v * 3).sum().backward()
    return [v.grad, x.grad, v.is_leaf]


def base_stops_requiring_grad(lib):
    w = lib.zeros(3)
    v = w[1:]
    w.requires_grad_()
    first = v.requires_grad
    w.requires_grad_(False)
    return [first, v.requires_grad, (v * 2).requires_grad, v.is_leaf]


VIEW_OPS = {"slice": lambda v: v[1:], "element": lambda v: v[1], "list index": lambda v: v[[1, 0]],
            "flip": lambda v: v.flip(0), "index_select": lambda v: v.index_select(0, v.new_tensor([1]).long()),
            "narrow": lambda v: v.narrow(0, 1, 1), "None": lambda v: v[None], "unbind": lambda v: v.unbind()[1],
            "split": lambda v: v.split(1)[1], "unfold": lambda v: v.unfold(0, 1, 1)}


@pytest.mark.parametrize("made", ["no_grad", "before requires_grad_"])
@pytest.mark.parametrize("op", list(VIEW_OPS))
def test_an_op_on_a_view_that_passes_no_gradient_as_pytorch(op, made):
    def run(lib):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=made == "no_grad")
        if made == "no_grad":
            with lib.no_grad():
                target = x[:2]
        else:
            target = x[:2]
            x.requires_grad_()
        w = lib.tensor([5.0], requires_grad=True)
        (w * VIEW_OPS[op](target)).sum().backward()
        return [w.grad, x.grad, target.grad]

    assert outcome(run, autograd) == outcome(run, torch)


@pytest.mark.parametrize("run", [requires_grad_on_a_no_grad_view, base_stops_requiring_grad], ids=lambda r: r.__name__)
def test_a_view_that_passes_no_gradient_follows_its_flags_as_pytorch(run):
    assert outcome(run, autograd) == outcome(run, torch)


# ----- hostile17a: a no_grad view made a leaf by hand stays one; writes into no_grad views (and views of them) -----
def leaf_made_by_hand_then_written(lib):
    w = lib.ones(4, requires_grad=True)
    with lib.no_grad():
        v = w[1:]
    v.requires_grad_()
    with lib.no_grad():
        v.mul_(0.5)  # an optimizer's step
    (v * 2).sum().backward()
    return [v.is_leaf, v.grad, w.grad]


@pytest.mark.parametrize("write", ["view", "view of the view"])
def test_a_write_with_grad_on_into_a_no_grad_view_is_refused_naming_it_as_pytorch(write):
    def run(lib):
        w = lib.ones(4, requires_grad=True)
        a = w * 2
        with lib.no_grad():
            v = a[1:]
        (v if write == "view" else v[1:]).mul_(3)
        return [a]

    with pytest.raises(RuntimeError, match="(?i)a view was created in no_grad mode"):
        run(autograd)
    assert outcome(run, torch) == "RuntimeError"


def test_a_no_grad_view_made_a_leaf_by_hand_stays_a_leaf_after_a_write():
    """PyTorch refuses the backward here (a view whose base was written in no_grad); glassgrad computes as for the
    leaf the user made, its gradient its own (before, the write recorded it again from its base)."""
    is_leaf, v_grad, w_grad = outcome(leaf_made_by_hand_then_written, autograd)
    assert is_leaf and v_grad == [2.0, 2.0, 2.0] and w_grad is None
