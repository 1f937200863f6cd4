"""Exercises of notebook 01 (autograd from scratch). Solutions: solutions/nb01.py."""
import numpy as np

import autograd
from autograd.function import Function
from exercises import Exercise, NotAttempted, Sheet, Wrong, as_array, compare, factor_note

POINTS = np.linspace(-3, 2.5, 12)          # not symmetric about 0: an odd function mistaken for an even one shows


# ------------------------------------------------------------------------------------ 1.1 the derivative of tanh
def check_tanh_grad(tanh_grad):
    """The learner's d tanh(z)/dz, at 13 points from -3 to 3, against autograd's."""
    z = autograd.tensor(POINTS, requires_grad=True)
    z.tanh().sum().backward()
    got = as_array(tanh_grad(autograd.tensor(POINTS)), "tanh_grad(z)")
    if got.shape == z.grad.shape:
        note = factor_note(got, z.grad, {2.0: "a factor 2 too many", 0.5: "half of it"})
        if note:
            raise Wrong(f"tanh_grad(z) is not d tanh/dz at 12 points from -3 to 2.5{note}")
    compare(got, z.grad, "tanh_grad(z) for z = linspace(-3, 2.5, 12)")
    return "It equals the gradient backward() computes at 12 points from -3 to 2.5."


tanh_grad = Exercise(
    "tanh_grad", "1.1", "derive", "the derivative of tanh", check_tanh_grad,
    hint="tanh(z) = (e^z − e^−z)/(e^z + e^−z); differentiate with the quotient rule and write the result with "
         "tanh(z) itself. The tensor method z.tanh() computes tanh.",
    wrong=(lambda z: 1 - z.tanh(), lambda z: (1 - z.tanh() ** 2)[:-1], lambda z: z.tanh() ** 2 - 1),
)


# ------------------------------------------------------------------------------------ 1.2 the chain rule by hand
CHAIN_LEAVES = {"u": 1.5, "v": -2.0, "w": 5.0}     # s = u·v + w,  L = s²


def chain_rule_by_engine():
    """{leaf name: dL/dleaf} for s = u·v + w, L = s², by backward()."""
    leaves = {name: autograd.tensor(value, dtype=autograd.float64, requires_grad=True)
              for name, value in CHAIN_LEAVES.items()}
    s = leaves["u"] * leaves["v"] + leaves["w"]
    (s ** 2).backward()
    return {name: leaf.grad.item() for name, leaf in leaves.items()}


def check_chain_rule(grads):
    """A dict {'u': dL/du, 'v': dL/dv, 'w': dL/dw} against backward()."""
    if not isinstance(grads, dict) or set(grads) != set(CHAIN_LEAVES):
        raise Wrong("give a dict with exactly the keys 'u', 'v' and 'w': {'u': dL/du, 'v': dL/dv, 'w': dL/dw}")
    if any(value is Ellipsis for value in grads.values()):
        raise NotAttempted
    engine = chain_rule_by_engine()
    got = {name: float(as_array(grads[name], f"your dL/d{name}")) for name in CHAIN_LEAVES}
    off = [name for name in CHAIN_LEAVES if abs(got[name] - engine[name]) > 1e-6]
    if off == ["u", "v"] and abs(got["u"] - engine["v"]) < 1e-6 and abs(got["v"] - engine["u"]) < 1e-6:
        raise Wrong(f"dL/du = {got['u']:g} and dL/dv = {got['v']:g} are swapped: which input's value does a "
                    "multiplication send back to u?")
    if off:
        ratios = {round(engine[name] / got[name], 6) for name in off if got[name] != 0}
        factor = f" ({'each' if len(off) > 1 else 'it'} is off by a factor {ratios.pop():g})" if len(ratios) == 1 else ""
        listed = ", ".join(f"dL/d{name} = {got[name]:g}" for name in off)
        raise Wrong(f"{listed}: not what backward() computes{factor}. Multiply the local derivatives along the path "
                    "from L down to the leaf")
    return f"backward() gives the same three numbers: {engine}."


chain_rule = Exercise(
    "chain_rule", "1.2", "apply", "the chain rule on a small graph", check_chain_rule,
    hint="Start at the output: what is dL/ds, and what is s at these values? Then use the local rules of the table "
         "above: what does an addition pass to each input, and what does a multiplication pass?",
    wrong=({"u": -2.0, "v": 1.5, "w": 1.0},                    # the local derivatives only: the 2s is missing
           {"u": -8.0, "v": 6.0, "w": 2.0},                    # dL/dw taken as s instead of 2s
           {"u": 6.0, "v": -8.0, "w": 4.0}),                   # each input times itself, not the other input
)


# --------------------------------------------------------------------------------- 1.3 a value used three times
def used_three_times():
    """dc/da for b = 3a, c = b·a + a at a = 2, by backward()."""
    a = autograd.tensor(2.0, dtype=autograd.float64, requires_grad=True)
    b = 3 * a
    c = b * a + a
    c.backward()
    return a.grad.item()


def check_used_twice(dc_da):
    """The learner's predicted dc/da against backward()."""
    if dc_da is Ellipsis:
        raise NotAttempted
    got, truth = float(as_array(dc_da, "your dc/da")), used_three_times()
    if abs(got - truth) > 1e-6:
        if got in (6.0, 7.0, 12.0):
            raise Wrong(f"{got:g} is the sum of only some of the paths from c back to a; "
                        "a reaches c along three paths (through b, as the mul's second input, through the add)")
        raise Wrong(f"{got:g} is not dc/da at a = 2")
    return f"backward() says dc/da = {truth:g}: 6 through b (a·3), 6 as the mul's input (b), 1 through the add."


used_twice = Exercise(
    "used_twice", "1.3", "predict", "a value that reaches the output along several paths", check_used_twice,
    hint="Draw the graph: a feeds the mul 3·a (making b), the mul b·a directly, and the final add. The gradient "
         "of a is the sum of what arrives along each path.",
    wrong=(6.0, 12.0),
)


# ---------------------------------------------------------------------------- 1.4 a loop that forgets zero_grad
STEPS, LR, START = 30, 0.1, 0.0          # gradient descent on (w − 3)² from w = 0


def forgets_zero_grad():
    """The broken loop of the starter cell: .grad is never reset, so each step follows the sum of all gradients."""
    w = autograd.tensor(START, requires_grad=True)
    path = []
    for _ in range(STEPS):
        loss = (w - 3) ** 2
        loss.backward()
        with autograd.no_grad():
            w -= LR * w.grad
        path.append(w.item())
    return path


def gradient_descent_path(accumulate=False):
    """The w after each step of GD on (w − 3)², in NumPy; accumulate=True follows the running sum of gradients."""
    w, total, path = START, 0.0, []
    for _ in range(STEPS):
        gradient = 2 * (w - 3)
        total = total + gradient if accumulate else gradient
        w -= LR * total
        path.append(w)
    return np.array(path)


def check_zero_grad_loop(train):
    """Run the learner's loop; say how its path of w differs from gradient descent's."""
    path = as_array(train(), "the list train() returns")
    if path.shape != (STEPS,):
        raise Wrong(f"train() should return the {STEPS} values of w after each step; it returned shape "
                    f"{tuple(path.shape)}")
    before = np.r_[START, path[:-1]]
    used = (before - path) / LR                       # the gradient each step actually followed
    off = np.flatnonzero(~np.isclose(used, 2 * (before - 3), rtol=1e-4, atol=1e-5))
    if off.size and np.isfinite(path).all():
        k, true = int(off[0]), 2 * (before - 3)
        if np.allclose(used, used[0] / true[0] * true, rtol=1e-4, atol=1e-5):
            ratio = used[0] / true[0]
            raise Wrong("every step moves w uphill, along +0.1 × the gradient" if ratio < 0 else
                        f"every step moves w by {ratio:.3g} × (−0.1 × the gradient): the step size is 0.1")
        raise Wrong(f"w swings past the minimum (up to {path.max():.2f}) and ends at {path[-1]:.3f}. Step {k + 1} "
                    f"took w from {before[k]:.4g} to {path[k]:.4g}, as if the gradient were {used[k]:.4g}; but "
                    f"d(w − 3)²/dw = {true[k]:.4g} there" + (f" (at step {k} it was {true[k - 1]:.4g})" if k else ""))
    if not np.isfinite(path).all() or abs(path[-1] - 3) > 0.1:
        raise Wrong(f"after {STEPS} steps w = {path[-1]:.4g}; gradient descent on (w − 3)² ends near 3")
    compare(path, gradient_descent_path(), f"w after each of the {STEPS} steps", rtol=1e-4, atol=1e-5)
    return f"w moves straight to the minimum: {path[-1]:.4f} after {STEPS} steps."


def _ascends():
    """A wrong answer: it resets .grad but steps uphill."""
    w = autograd.tensor(START, requires_grad=True)
    path = []
    for _ in range(STEPS):
        ((w - 3) ** 2).backward()
        with autograd.no_grad():
            w += LR * w.grad
        w.grad = None
        path.append(w.item())
    return path


zero_grad_loop = Exercise(
    "zero_grad_loop", "1.4", "debug", "a training loop that overshoots", check_zero_grad_loop,
    hint="Print w.grad after each backward(): is it 2(w − 3)? The cells just above this exercise show what "
         "backward() does with a .grad that is already there, and what optimizer.zero_grad() is for.",
    wrong=(forgets_zero_grad, _ascends),
)


# ------------------------------------------------------------------------- 1.5 a primitive with its backward rule
SOFTPLUS_POINTS = np.linspace(-4, 4, 9)


def check_softplus(Softplus):
    """The learner's primitive: its forward against ln(1 + eᵃ), its backward against finite differences."""
    if not (isinstance(Softplus, type) and issubclass(Softplus, Function)):
        raise Wrong("Softplus should be a class that subclasses autograd.function.Function")
    a = autograd.tensor(SOFTPLUS_POINTS, requires_grad=True)
    compare(Softplus.apply(a), np.logaddexp(0, SOFTPLUS_POINTS), "forward, Softplus.apply(a) for a = -4 … 4,")
    try:
        autograd.gradcheck(Softplus.apply, (a,))
    except autograd.GradcheckError as error:
        raise Wrong(f"forward is right, but backward disagrees with finite differences: {error}") from None
    return "forward matches ln(1 + eᵃ) and backward passes gradcheck: the engine can use your primitive."


class _SoftplusWithExpBackward(Function):
    """A wrong answer: the derivative of e^a, not of ln(1 + e^a)."""

    def forward(self, a):
        return np.logaddexp(0, a)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (g * np.exp(a),)


class _SoftplusWithoutLog(Function):
    """A wrong answer: forward computes 1 + e^a."""

    def forward(self, a):
        return 1 + np.exp(a)

    def backward(self, ops, g):
        a, = ops.inputs(self)
        return (g * np.exp(a),)


softplus = Exercise(
    "softplus", "1.5", "implement", "a primitive and its backward rule, checked by gradcheck", check_softplus,
    hint="forward(self, a) gets a NumPy array: return np.logaddexp(0, a), which is ln(1 + eᵃ) without overflow. "
         "backward(self, ops, g): read a with `a, = ops.inputs(self)` and return a tuple with one gradient, g "
         "times d softplus/da. Find that derivative with the chain rule through ln(u), u = 1 + eᵃ; dividing "
         "numerator and denominator by eᵃ turns it into a function the course uses everywhere.",
    wrong=(_SoftplusWithExpBackward, _SoftplusWithoutLog),
)

sheet = Sheet("nb01", [tanh_grad, chain_rule, used_twice, zero_grad_loop, softplus])
check, hint, solution = sheet.check, sheet.hint, sheet.solution  # what the notebook calls, as ex.check(...)
