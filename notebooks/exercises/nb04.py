"""Exercises of notebook 04 (softmax regression). Solutions: solutions/nb04.py."""
import numpy as np

import autograd
import nn
import nn.functional as F
import optim
from exercises import Exercise, NotAttempted, Sheet, Wrong, as_array, compare

LOGITS = np.array([[2.0, 1.0, -1.0, 0.5],
                   [1000.0, 999.0, 0.0, -5.0],         # e^1000 overflows: only a shifted exponential survives
                   [-800.0, -801.0, -799.0, -850.0],   # e^-800 underflows to 0: 0/0 without the shift
                   [0.3, 0.3, 0.3, 0.3]])
LABELS = np.array([0, 1, 2, 3])


def gradient_of(fn, logits, weights):
    """d/dlogits of Σ weights · fn(logits), by backward()."""
    o = autograd.tensor(logits, requires_grad=True)
    (fn(o) * autograd.tensor(weights)).sum().backward()
    return o.grad.numpy()


# ------------------------------------------------------------------------------------ 4.1 a stable softmax
def check_softmax(softmax):
    """The learner's row-wise softmax against Tensor.softmax, on huge and tiny logits, and its gradient."""
    got = as_array(softmax(autograd.tensor(LOGITS)), "softmax(o)")
    if got.shape == LOGITS.shape and np.isnan(got).any():
        row = int(np.argwhere(np.isnan(got))[0][0])
        raise Wrong(f"softmax(o) is NaN in row {row}, whose logits are {LOGITS[row].tolist()}: e^o overflowed or "
                    "every e^o underflowed to 0. Subtract each row's maximum first")
    compare(got, autograd.tensor(LOGITS).softmax(dim=1), "softmax(o) (one distribution per row)")
    weights = np.random.default_rng(0).standard_normal(LOGITS.shape)
    compare(gradient_of(softmax, LOGITS, weights), gradient_of(lambda o: o.softmax(dim=1), LOGITS, weights),
            "the gradient through your softmax")
    return "Each row is a distribution equal to Tensor.softmax's, for logits near ±1000 too, and backward() agrees."


def _naive_softmax(o):
    e = o.exp()
    return e / e.sum(dim=1, keepdim=True)


def _columns_softmax(o):
    e = (o - o.amax(dim=0, keepdim=True)).exp()
    return e / e.sum(dim=0, keepdim=True)


softmax = Exercise(
    "softmax", "4.1", "implement", "a softmax that never overflows", check_softmax,
    hint="Per row: o − o.amax(dim=1, keepdim=True) has largest entry 0, so its exp is at most 1 and at least one "
         "entry is exactly 1; then divide by the row sums (.sum(dim=1, keepdim=True)).",
    wrong=(_naive_softmax, _columns_softmax),
)


# ----------------------------------------------------------------------------- 4.2 the Boltzmann distribution
ENERGIES = (np.array([0.0, 1.0, 2.0, 5.0]), np.array([1000.0, 1001.0, 1003.0]), np.array([-2.0, 0.5]))


def check_boltzmann(boltzmann):
    """The learner's Boltzmann probabilities e^(−E/T)/Z against a direct, shifted computation."""
    for energies in ENERGIES:
        for T in (0.5, 1.0, 4.0):
            got = as_array(boltzmann(energies, T), f"boltzmann({energies.tolist()}, T={T})")
            weight = np.exp(-(energies - energies.min()) / T)
            want = weight / weight.sum()
            if got.shape == want.shape and np.allclose(got, want[::-1] if len(want) == 2 else np.sort(want)):
                raise Wrong(f"boltzmann({energies.tolist()}, T={T}) gives the highest energy the highest probability: "
                            "the Boltzmann weight is e^(−E/T), so the logits are −E/T")
            compare(got, want, f"boltzmann({energies.tolist()}, T={T})")
    return "The probabilities are e^(−E/T)/Z, energies near 1000 included: softmax(−E/T) computes them."


boltzmann = Exercise(
    "boltzmann", "4.2", "apply", "the Boltzmann distribution as a softmax", check_boltzmann,
    hint="p_i = e^(−E_i/T) / Σ_j e^(−E_j/T) is softmax(o) with logits o_i = −E_i/T: "
         "autograd.tensor(-energies / T).softmax(dim=0).",
    wrong=(lambda energies, T: autograd.tensor(energies / T).softmax(dim=0),
           lambda energies, T: np.exp(-energies / T) / np.exp(-energies / T).sum()),
)


# ------------------------------------------------------------------------- 4.3 temperature's limits: predict
SCORES = np.array([2.0, 1.0, -1.0])


def check_temperature_limits(limits):
    """The learner's (T → 0, T → ∞) limits of softmax(o / T) against T = 0.01 and T = 1000."""
    if limits is Ellipsis or (isinstance(limits, (tuple, list)) and any(x is Ellipsis for x in limits)):
        raise NotAttempted
    if not isinstance(limits, (tuple, list)) or len(limits) != 2:
        raise Wrong("give a pair (the distribution as T → 0, the distribution as T → ∞), each three numbers")
    for guess, T, name in ((limits[0], 0.01, "T → 0"), (limits[1], 1000.0, "T → ∞")):
        got = as_array(guess, f"your {name} distribution")
        truth = autograd.tensor(SCORES / T).softmax(dim=0).numpy()
        if got.shape != (3,):
            raise Wrong(f"your {name} distribution should be three probabilities, one per class; got shape {got.shape}")
        if not np.allclose(got, truth, atol=0.01):
            raise Wrong(f"your {name} distribution {got.round(3).tolist()} is not what softmax(o / T) approaches")
    return (f"At T = 0.01 softmax(o / T) is {autograd.tensor(SCORES / 0.01).softmax(dim=0).numpy().round(3).tolist()}"
            f" and at T = 1000 {autograd.tensor(SCORES / 1000).softmax(dim=0).numpy().round(3).tolist()}: "
            "all the mass on the largest score, or spread evenly.")


temperature_limits = Exercise(
    "temperature_limits", "4.3", "predict", "softmax at very low and very high temperature", check_temperature_limits,
    hint="Divide the scores by a tiny T: the differences between them become huge. Divide by a huge T: they all "
         "become nearly 0, and softmax of equal scores is …",
    wrong=(([1.0, 0.0, 0.0], [1.0, 0.0, 0.0]), ([0.705, 0.260, 0.035], [1 / 3, 1 / 3, 1 / 3])),
)


# -------------------------------------------------------------------------- 4.4 cross-entropy from primitives
def check_cross_entropy(cross_entropy):
    """The learner's mean cross-entropy against F.cross_entropy: the value and the gradient, huge logits too."""
    mine_o, ref_o = (autograd.tensor(LOGITS, requires_grad=True) for _ in range(2))
    labels = autograd.tensor(LABELS)
    mine, ref = cross_entropy(mine_o, labels), F.cross_entropy(ref_o, labels)
    value = as_array(mine, "cross_entropy(logits, labels)")
    if value.shape != ():
        raise Wrong(f"cross_entropy should return one number, the mean over the examples, not shape {value.shape}")
    if not np.isfinite(value):
        raise Wrong(f"cross_entropy(logits, labels) is {float(value)} on logits near ±1000: compute log-softmax as "
                    "o − max − log Σ e^(o − max), never log(softmax)")
    if not np.isclose(value, ref.item(), rtol=1e-6, atol=1e-9):
        factor = value / ref.item()
        note = f" (yours is {factor:.0f} times it: the sum, not the mean?)" if np.isclose(factor, len(LABELS)) else ""
        raise Wrong(f"cross_entropy(logits, labels) is {float(value):.6g}, F.cross_entropy gives {ref.item():.6g}{note}")
    mine.backward()
    ref.backward()
    compare(mine_o.grad, ref_o.grad, "the gradient of your cross_entropy with respect to the logits")
    return "The value and the gradient equal F.cross_entropy's, for logits near ±1000 too."


def _log_of_softmax(logits, labels):
    p = (logits - logits.amax(dim=1, keepdim=True)).exp()
    p = p / p.sum(dim=1, keepdim=True)
    return -(p.log() * F.one_hot(labels, logits.shape[1]).float()).sum(dim=1).mean()


cross_entropy = Exercise(
    "cross_entropy", "4.4", "implement", "cross-entropy from primitives", check_cross_entropy,
    hint="log-softmax per row: z = o − o.amax(dim=1, keepdim=True), then z − z.exp().sum(dim=1, keepdim=True).log(). "
         "Pick each row's true class with F.one_hot(labels, q) (multiply and sum over the classes), negate, "
         "and take the mean.",
    wrong=(lambda o, y: -o.log_softmax(dim=1)[autograd.arange(len(y)), y].sum(), _log_of_softmax),
)


# ------------------------------------------------------------------------ 4.5 softmax minus one-hot, derived
def check_cross_entropy_gradient(cross_entropy_gradient):
    """The learner's dL/dO for the mean cross-entropy, in NumPy, against backward()."""
    rng = np.random.default_rng(1)
    O, y = rng.standard_normal((6, 4)) * 2, rng.integers(0, 4, 6)
    got = as_array(cross_entropy_gradient(O, y), "cross_entropy_gradient(O, y)")
    o = autograd.tensor(O, requires_grad=True)
    F.cross_entropy(o, autograd.tensor(y)).backward()
    want = o.grad.numpy()
    if got.shape == want.shape and not np.allclose(got, want, atol=1e-9):
        scale = np.vdot(got, want) / np.vdot(want, want)
        if np.allclose(got, scale * want, atol=1e-9):
            raise Wrong(f"your gradient is {scale:.3g} times backward()'s: "
                        + ("the mean over n examples divides it by n" if np.isclose(scale, 6) else "check the sign"))
    compare(got, want, "cross_entropy_gradient(O, y)")
    return "(softmax(O) − one-hot(y)) / n, exactly what backward() computes."


cross_entropy_gradient = Exercise(
    "cross_entropy_gradient", "4.5", "derive", "the gradient of the cross-entropy: softmax minus one-hot",
    check_cross_entropy_gradient,
    hint="For one example ℓ = log Σ_k e^(o_k) − o_y. The derivative of the first term with respect to o_j is "
         "softmax(o)_j; of the second, 1 if j = y else 0. For the mean over n rows, divide by n.",
    wrong=(lambda O, y: np.exp(O) / np.exp(O).sum(1, keepdims=True) - np.eye(O.shape[1])[y],           # no 1/n
           lambda O, y: (np.eye(O.shape[1])[y] - np.exp(O) / np.exp(O).sum(1, keepdims=True)) / len(O)),  # sign
)


# -------------------------------------------------------------- 4.6 a loss that falls without end: debug
def blobs():
    return nn.data.make_blobs(300, centers=[[-2.0, -1.0], [2.0, -1.5], [0.0, 2.0]], cluster_std=1.0, random_state=0)


def nll_of_logits(X, y):
    """The broken loop of the starter cell: F.nll_loss given logits instead of log-probabilities."""
    autograd.manual_seed(0)
    model = nn.Linear(2, 3)
    opt = optim.SGD(model.parameters(), lr=0.5)
    for _ in range(200):
        loss = F.nll_loss(model(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


def _too_few_steps(X, y):
    """A wrong answer: the right loss, but 5 steps."""
    autograd.manual_seed(0)
    model = nn.Linear(2, 3)
    opt = optim.SGD(model.parameters(), lr=0.5)
    for _ in range(5):
        loss = F.cross_entropy(model(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


def check_nll_on_logits(train):
    """Train with the learner's loop on the notebook's blobs; compare its cross-entropy with section 5's."""
    X, y = blobs()
    model = train(X, y)
    with autograd.no_grad():
        logits = model(X)
        loss = F.cross_entropy(logits, y).item()
        accuracy = (logits.argmax(dim=1) == y).float().mean().item()
        largest = logits.abs().max().item()
    if loss > 0.16 and largest > 20:
        raise Wrong(f"the trained model classifies {accuracy:.0%} of the points right, but its cross-entropy is "
                    f"{loss:.2f} (section 5's loop reaches 0.143): its logits have grown to ±{largest:.0f}, and it is "
                    "sure of its mistakes. The loss this loop minimises falls without end: F.nll_loss expects "
                    "log-probabilities and, given raw logits, only pushes the true class's score up")
    if loss > 0.16:
        raise Wrong(f"after training, the model's cross-entropy is {loss:.3f}; section 5's loop reaches 0.143")
    return f"the model's cross-entropy is {loss:.3f}, as section 5's loop."


nll_on_logits = Exercise(
    "nll_on_logits", "4.6", "debug", "a loop whose loss falls without end", check_nll_on_logits,
    hint="F.nll_loss(input, y) is −mean input[i, y_i]: it expects log-probabilities, as log_softmax returns. "
         "F.cross_entropy(logits, y) does the log-softmax itself.",
    wrong=(nll_of_logits, _too_few_steps),
)

sheet = Sheet("nb04", [softmax, boltzmann, temperature_limits, cross_entropy, cross_entropy_gradient, nll_on_logits])
check, hint, solution = sheet.check, sheet.hint, sheet.solution
