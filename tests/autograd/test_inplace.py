"""In-place operations with PyTorch's semantics: version counters, recorded in-place ops on
non-leaves, writes through views and into tensors that need no grad.

Each scenario runs on glassgrad and, where installed, on PyTorch; without PyTorch the stated
expectation (an error, or gradients checked against finite differences) is the oracle."""
import threading

import numpy as np
import pytest

import autograd
import optim
from autograd import tensor
from autograd.gradcheck import gradcheck

MODIFIED = "modified by an inplace operation"

# Every spelling of an in-place change, as a function of (library, tensor). `t += 1` is t.__iadd__(1).
SPELLINGS = {
    "add_": lambda lib, t: t.add_(1.0),
    "sub_": lambda lib, t: t.sub_(1.0, alpha=2),
    "mul_": lambda lib, t: t.mul_(2.0),
    "div_": lambda lib, t: t.div_(2.0),
    "zero_": lambda lib, t: t.zero_(),
    "fill_": lambda lib, t: t.fill_(3.0),
    "copy_": lambda lib, t: t.copy_(lib.ones(tuple(t.shape))),
    "clamp_": lambda lib, t: t.clamp_(min=1.5),
    "+=": lambda lib, t: t.__iadd__(1.0),
    "-=": lambda lib, t: t.__isub__(1.0),
    "*=": lambda lib, t: t.__imul__(2.0),
    "/=": lambda lib, t: t.__itruediv__(2.0),
    "setitem": lambda lib, t: t.__setitem__(0, 5.0),
}


def saved_constant(lib, change):
    a = lib.tensor([[1.0, 2.0], [3.0, 4.0]])
    w = lib.tensor([[3.0, 4.0], [5.0, 6.0]], requires_grad=True)
    y = (a * w).sum()  # the product saves a, to give w its gradient
    change(lib, a)
    y.backward()
    return w.grad


def saved_output(lib, change):
    x = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x.exp()  # exp saves its output
    change(lib, y)
    y.sum().backward()
    return x.grad


def base_of_saved_view(lib, change):
    a = lib.tensor([[1.0, 2.0], [3.0, 4.0]])
    w = lib.tensor([3.0, 4.0], requires_grad=True)
    y = (a[1] * w).sum()  # saves the view a[1], which shares a's memory and version counter
    change(lib, a)
    y.backward()
    return w.grad


def view_of_saved_base(lib, change):
    a = lib.tensor([[1.0, 2.0], [3.0, 4.0]])
    w = lib.tensor([[3.0, 4.0], [5.0, 6.0]], requires_grad=True)
    y = (a * w).sum()
    change(lib, a[1])  # a write through a view changes the saved base
    y.backward()
    return w.grad


def hand_written_optimizer_step(lib, change):
    w = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = (w * w).sum()
    with lib.no_grad():
        change(lib, w)  # an update between forward and backward
    y.backward()
    return w.grad


STALE = [saved_constant, saved_output, base_of_saved_view, view_of_saved_base, hand_written_optimizer_step]


def outcome(lib, scenario, change):
    try:
        grad = scenario(lib, change)
    except RuntimeError as error:
        return "error: " + ("modified in place" if MODIFIED in str(error) else str(error))
    return np.round(np.asarray(grad.detach().numpy()), 6).tolist()


@pytest.mark.parametrize("scenario", STALE, ids=[s.__name__ for s in STALE])
@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_backward_refuses_a_value_changed_in_place(scenario, spelling):
    assert outcome(autograd, scenario, SPELLINGS[spelling]) == "error: modified in place"


@pytest.mark.parametrize("scenario", STALE, ids=[s.__name__ for s in STALE])
@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_stale_values_match_pytorch(scenario, spelling):
    torch = pytest.importorskip("torch")
    change = SPELLINGS[spelling]
    assert outcome(autograd, scenario, change) == outcome(torch, scenario, change)


def test_the_issue_example_refuses_instead_of_giving_13_14():
    a = tensor([1.0, 2.0])
    w = tensor([3.0, 4.0], requires_grad=True)
    y = (a * w).sum()
    a += 10
    with pytest.raises(RuntimeError, match=r"\[float32 \[2\]\].*MulBackward.*version 1; expected version 0"):
        y.backward()


def test_an_optimizer_step_between_forward_and_backward_is_refused():
    w = tensor([1.0, 2.0], requires_grad=True)
    y = (w * w).sum()
    w.grad = autograd.ones(2)
    optim.SGD([w], lr=0.1).step()
    with pytest.raises(RuntimeError, match=MODIFIED):
        y.backward()


def test_a_change_that_backward_does_not_need_is_allowed():
    a = tensor([1.0, 2.0])
    w = tensor([3.0, 4.0], requires_grad=True)
    y = (a + w).sum()  # addition saves nothing
    a += 10
    y.backward()
    assert w.grad.tolist() == [1.0, 1.0]
    v = tensor([1.0, 2.0], requires_grad=True)
    y = (a * v).sum()  # a is read for v's gradient, v for a's: a needs none, so v is not saved
    with autograd.no_grad():
        v.mul_(3)
    y.backward()
    assert v.grad.tolist() == [11.0, 12.0]


# ----- recorded in-place ops on tensors that require grad -----
def recorded(lib, change):
    x = lib.tensor([[0.5, -1.0], [2.0, 1.5]], dtype=lib.float64, requires_grad=True)
    c = x * x
    d = c * 3  # recorded before the change: keeps the old value's history
    change(lib, c)
    (d * c + c).sum().backward()
    return x.grad


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_in_place_on_a_non_leaf_is_recorded(spelling):
    change = SPELLINGS[spelling]

    def f(x):
        c = x * x
        d = c * 3
        change(autograd, c)
        return (d * c + c).sum()

    x = tensor([[0.5, -1.0], [2.0, 1.5]], dtype=autograd.float64, requires_grad=True)
    assert gradcheck(f, (x,))
    torch = pytest.importorskip("torch")
    assert outcome(autograd, recorded, change) == outcome(torch, recorded, change)


def test_micrograd_sanity_check_with_in_place_intermediates():
    """micrograd's test_more_ops, whose `c += c + 1` and `d += d * 2 + (b + a).relu()` are in place."""
    a, b = tensor(-4.0, dtype=autograd.float64, requires_grad=True), tensor(2.0, dtype=autograd.float64, requires_grad=True)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    assert g.item() == pytest.approx(24.70408163265306)
    assert a.grad.item() == pytest.approx(138.83381924198252)
    assert b.grad.item() == pytest.approx(645.5772594752186)


def test_writing_values_that_require_grad_into_zeros():
    w = tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = autograd.zeros(2, 3)
    y[0] = w * 2
    y[1, 1:] = w[:2] ** 2
    assert y.requires_grad and y.grad_fn is not None
    y.sum().backward()
    assert w.grad.tolist() == [4.0, 6.0, 2.0]


def test_a_hand_written_cross_correlation_learns_its_kernel():
    """d2l's corr2d builds Y element by element with Y[i, j] = (X[...] * K).sum(); the gradients must
    reach K, and gradient descent must recover the edge-detecting kernel [1, -1]."""

    def corr2d(X, K):
        h, w = K.shape
        Y = autograd.zeros(X.shape[0] - h + 1, X.shape[1] - w + 1)
        for i in range(Y.shape[0]):
            for j in range(Y.shape[1]):
                Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
        return Y

    X = autograd.ones(6, 8)
    X[:, 2:6] = 0
    target = corr2d(X, tensor([[1.0, -1.0]]))
    K = tensor([[0.3, 0.1]], requires_grad=True)
    for _ in range(30):
        loss = ((corr2d(X, K) - target) ** 2).sum()
        loss.backward()
        with autograd.no_grad():
            K -= 0.03 * K.grad
        K.grad = None
    assert np.allclose(K.detach().numpy(), [[1.0, -1.0]], atol=0.02)


def test_write_through_a_view_is_recorded_on_its_base():
    def f(x):
        y = x * 1.0
        v = y.T[0]  # a view of a view
        v.mul_(x[0, 0])
        return (y * y).sum() + v.sum()

    x = tensor([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]], dtype=autograd.float64, requires_grad=True)
    assert gradcheck(f, (x,))


def test_other_views_follow_their_base_after_a_write():
    def f(x):
        y = x * 1.0
        row, column = y[0], y[:, 0]  # both show y[0, 0]
        row.mul_(5)
        return (column * column).sum()

    x = tensor([[1.0, 2.0], [3.0, 4.0]], dtype=autograd.float64, requires_grad=True)
    assert f(x).item() == 25 + 9
    assert gradcheck(f, (x,))


def test_retain_grad_follows_the_tensor_through_an_in_place_op():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = x * 1
    y.retain_grad()
    y.mul_(2)
    y.sum().backward()
    assert y.grad.tolist() == [1.0, 1.0] and x.grad.tolist() == [2.0, 2.0]


def test_leaves_that_require_grad_are_refused_while_recording():
    w = tensor([[1.0, 2.0]], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        w += 1
    with pytest.raises(RuntimeError, match="view of a leaf Variable"):
        w[0].mul_(2)
    with pytest.raises(RuntimeError, match="leaf Variable"):
        w[0, 0] = 3.0
    with autograd.no_grad():
        w -= 1  # how optimizers change parameters
    w.data.mul_(2)  # .data: outside the graph, as in PyTorch
    assert w.tolist() == [[0.0, 2.0]] and w.is_leaf and w.requires_grad


def test_dtype_and_shape_rules_of_in_place_ops():
    x = autograd.ones(3, dtype=autograd.int64)
    with pytest.raises(RuntimeError, match="result type float32 can't be cast to the desired output type int64"):
        x += 1.5
    x[0] = 2.7  # a write (like copy_) casts, as PyTorch does
    assert x.tolist() == [2, 1, 1]
    y = autograd.zeros(3)
    y += tensor([1.0, 2.0, 3.0], dtype=autograd.float64)  # float64 into float32: same kind, allowed
    assert y.dtype == autograd.float32 and y.tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(RuntimeError, match=r"output with shape \[3\] doesn't match the broadcast shape \[2, 3\]"):
        y += autograd.ones(2, 3)
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
        autograd.zeros(1, 3).expand(2, 3).add_(1)


def test_detach_shares_the_version_counter_and_data_does_not():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = x * x
    x.detach().add_(1)
    with pytest.raises(RuntimeError, match=MODIFIED):
        y.backward(autograd.ones(2))
    z = tensor([1.0, 2.0], requires_grad=True)
    y = z.sigmoid()
    y.data.mul_(0)  # PyTorch's escape hatch: unseen by autograd, so the gradient uses the zeros
    y.sum().backward()
    assert z.grad.tolist() == [0.0, 0.0]



def test_counters_made_on_first_need_still_see_every_write():
    """A tensor gets its own version counter only when it is first written or shared (detach, a view);
    a node that saved a tensor (or its output) before that must still see the write."""
    x = tensor([1.0, 2.0], requires_grad=True)
    y = x.tanh()  # saves its output, which has never been written
    y.detach().add_(1)  # the counter is made here, after the node saved y
    with pytest.raises(RuntimeError, match=MODIFIED):
        y.sum().backward()
    b = x * 1
    z = b * b  # saves b
    b[0:1].mul_(2)  # a view made after recording, written
    with pytest.raises(RuntimeError, match=MODIFIED):
        z.sum().backward()


def test_an_unrelated_write_does_not_hide_a_later_stale_value():
    """Backward skips its version checks while nothing at all was written since a node was recorded;
    any write turns the checks back on, and they still tell a stale tensor from an unrelated one."""
    x = tensor([1.0, 2.0], requires_grad=True)
    b = x * 1
    z, w = b * b, b.exp()  # z saves b, w saves its output
    tensor([0.0]).add_(1)  # an unrelated write: the fast path is off for both nodes
    w.sum().backward(retain_graph=True)  # nothing it saved changed
    assert np.allclose(x.grad.numpy(), np.exp([1.0, 2.0]))
    b.add_(1)
    with pytest.raises(RuntimeError, match=MODIFIED):
        z.sum().backward()

def test_data_assignment_takes_a_tensor():
    x = tensor([1.0, 2.0])
    x.data = tensor([5.0, 6.0, 7.0])
    assert x.tolist() == [5.0, 6.0, 7.0]
    with pytest.raises(TypeError, match="Variable data has to be a tensor, but got list"):
        x.data = [1.0, 2.0]


def test_random_fills_and_in_place_maths():
    autograd.manual_seed(0)
    x = autograd.zeros(1000)
    x.normal_(2.0, 0.5)
    assert abs(x.mean().item() - 2.0) < 0.1 and abs(x.std().item() - 0.5) < 0.1
    x.uniform_(-1.0, 1.0)
    assert x.min().item() >= -1.0 and x.max().item() < 1.0
    y = tensor([1.0, 4.0])
    y.sqrt_().mul_(3).neg_()
    assert y.tolist() == [-3.0, -6.0]
    assert autograd.zeros(1, dtype=autograd.float64).fill_(0.7).item() == 0.7  # not 0.7 rounded to float32
    with pytest.raises(RuntimeError, match="normal_.*int64"):
        autograd.zeros(3, dtype=autograd.int64).normal_()  # PyTorch refuses too, rather than truncating


# ----- grad mode and anomaly mode belong to a thread -----
def test_no_grad_in_one_thread_does_not_stop_recording_in_another():
    inside, done = threading.Event(), threading.Event()
    seen = {}

    def evaluator():
        with autograd.no_grad():
            inside.set()
            done.wait(5)
            seen["evaluator"] = autograd.is_grad_enabled()

    thread = threading.Thread(target=evaluator)
    thread.start()
    inside.wait(5)
    x = tensor([1.0], requires_grad=True)
    seen["trainer"] = (x * 2).requires_grad
    done.set()
    thread.join()
    assert seen == {"trainer": True, "evaluator": False}
    assert autograd.is_grad_enabled()


def test_overlapping_blocks_in_two_threads_restore_their_own_state():
    steps = [threading.Event() for _ in range(3)]
    seen = []

    def other():
        with autograd.enable_grad():
            steps[0].set()
            steps[1].wait(5)
        seen.append(autograd.is_grad_enabled())
        steps[2].set()

    with autograd.no_grad():
        thread = threading.Thread(target=other)
        thread.start()
        steps[0].wait(5)
        steps[1].set()  # the other thread leaves its block while ours is still open
        steps[2].wait(5)
        assert not autograd.is_grad_enabled()
    thread.join()
    assert seen == [True] and autograd.is_grad_enabled()


def test_anomaly_mode_is_one_setting_for_the_process_as_in_pytorch():
    seen = []
    with autograd.detect_anomaly():
        thread = threading.Thread(target=lambda: seen.append(autograd.is_anomaly_enabled()))
        thread.start()
        thread.join()
        assert autograd.is_anomaly_enabled()
    assert seen == [True]  # PyTorch 2.13: torch.is_anomaly_enabled() is global, not per thread
    assert not autograd.is_anomaly_enabled()


def test_detect_anomaly_without_nan_checks_still_turns_anomaly_mode_on():
    with autograd.detect_anomaly(check_nan=False):
        assert autograd.is_anomaly_enabled()
        x = tensor([0.0], requires_grad=True)
        x.sqrt().sum().backward()  # no NaN check: the infinite gradient goes through, as in PyTorch
        assert np.isinf(x.grad.numpy()).all()
    assert not autograd.is_anomaly_enabled()


def test_set_grad_enabled_works_as_a_call_as_in_pytorch():
    autograd.set_grad_enabled(False)
    try:
        assert not autograd.is_grad_enabled()
    finally:
        autograd.set_grad_enabled(True)
    assert autograd.is_grad_enabled()
    with autograd.set_grad_enabled(False):
        assert not autograd.is_grad_enabled()
    assert autograd.is_grad_enabled()


# ----- misuse of .grad, backward and autograd.grad -----
def test_assigning_a_grad_of_the_wrong_kind_is_refused_at_once():
    x = tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"different size.*\[2\].*\[3\]"):
        x.grad = autograd.zeros(3)
    with pytest.raises(RuntimeError, match="different type.*float32.*float64"):
        x.grad = autograd.zeros(2, dtype=autograd.float64)
    with pytest.raises(TypeError, match="Tensor or None but got grad of type list"):
        x.grad = [0.0, 0.0]
    x.grad = autograd.ones(2)
    (x * 3).sum().backward()
    assert x.grad.tolist() == [4.0, 4.0]


def test_backward_and_grad_misuse():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    with pytest.raises(RuntimeError, match="'inputs' argument to backward\\(\\) cannot be empty"):
        y.backward(inputs=[], retain_graph=True)
    with pytest.raises(RuntimeError, match="one grad_output per output: got 1 outputs and 2 grad_outputs"):
        autograd.grad(y, x, grad_outputs=[autograd.ones(()), autograd.ones(())], retain_graph=True)
    with pytest.raises(RuntimeError, match="input 0 .* does not require grad"):
        autograd.grad(y, tensor([1.0]), retain_graph=True)
    (g,) = autograd.grad(y, x)
    assert g.tolist() == [2.0, 4.0]


def test_complex_tensors_never_silently_lose_their_gradient():
    with pytest.raises(RuntimeError, match="does not differentiate complex"):
        autograd.zeros(2, dtype=np.complex64).requires_grad_()
    with pytest.raises(RuntimeError, match="only supported on matrices"):
        _ = autograd.zeros(3).mT
