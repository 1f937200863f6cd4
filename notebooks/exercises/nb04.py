"""Exercises of notebook 04 (softmax regression). Solutions: solutions/nb04.py."""
import numpy as np

import autograd
import nn
import nn.functional as F
import optim
from exercises import Exercise, NotAttempted, Sheet, Wrong, as_array, compare, factor_note

# Batches are never square: with n rows ≠ q classes a per-row quantity of shape (n,) cannot silently broadcast along
# the wrong axis (on a 4 × 4 batch `o - o.amax(dim=1)` runs and subtracts row i's maximum from column i).
ORDINARY = np.random.default_rng(7).standard_normal((5, 3)) * 2         # 5 examples, 3 classes, logits near ±2
ORDINARY_LABELS = np.array([0, 2, 1, 2, 0])
LOGITS = np.array([[2.0, 1.0, -1.0, 0.5],
                   [1000.0, 999.0, 0.0, -5.0],         # e^1000 overflows: only a shifted exponential survives
                   [-800.0, -801.0, -799.0, -850.0],   # e^-800 underflows to 0: 0/0 without the shift
                   [0.3, 0.3, 0.3, 0.3],
                   [-1000.0, 1000.0, 3.0, 2.0]])       # 5 examples, 4 classes
LABELS = np.array([0, 1, 2, 3, 0])
EDGE = "logits near ±1000"


def gradient_of(fn, logits, weights):
    """d/dlogits of Σ weights · fn(logits), by backward()."""
    o = autograd.tensor(logits, requires_grad=True)
    (fn(o) * autograd.tensor(weights)).sum().backward()
    return o.grad.numpy()


def run_on_batch(fn, logits, *args, what):
    """fn(tensor(logits), *args); a broadcasting failure is explained as one, naming the shapes involved."""
    o = autograd.tensor(logits, requires_grad=True)
    try:
        return o, fn(o, *args)
    except RuntimeError as error:  # (glassgrad raises PyTorch's RuntimeError for shapes that do not broadcast)
        if "broadcast" not in str(error):
            raise
        n, q = logits.shape
        raise Wrong(f"on a batch of n = {n} rows and q = {q} classes {what} fails ({str(error).strip()}). "
                    f"A quantity with one number per row (a row's maximum, or its sum) has shape ({n},), which lines up with the {q} "
                    f"columns, not with the rows: to broadcast over each row it needs shape ({n}, 1). (On a "
                    "square batch the same code runs, and silently mixes up rows and columns.)") from None


def first_nan_row(fn, logits, *args):
    """The first row on which fn, run on that row alone, gives something not finite (None if every row is fine)."""
    for i in range(len(logits)):
        rows = tuple(a[i:i + 1] if isinstance(a, np.ndarray) else a for a in (logits, *args))
        with np.errstate(all="ignore"):
            value = as_array(fn(autograd.tensor(rows[0]), *(autograd.tensor(a) for a in rows[1:])))
        if not np.isfinite(value).all():
            return i
    return None


# ------------------------------------------------------------------------------------ 4.1 a stable softmax
def check_softmax(softmax):
    """The learner's row-wise softmax against Tensor.softmax: on ordinary logits of a (5, 3) batch first (shapes,
    values, gradient), then on a (5, 4) batch with logits near +1000 and −800."""
    for logits, where in ((ORDINARY, "ordinary logits, a batch of 5 rows × 3 classes"), (LOGITS, EDGE)):
        _, result = run_on_batch(softmax, logits, what="softmax(o)")
        got, want = as_array(result, "softmax(o)"), autograd.tensor(logits).softmax(dim=1).numpy()
        if got.shape == want.shape and np.isnan(got).any():
            row = int(np.argwhere(np.isnan(got))[0][0])
            raise Wrong(f"softmax(o) is NaN in row {row}, whose logits are {logits[row].tolist()}: e^o overflowed to "
                        "inf, or every e^o of the row underflowed to 0 (then 0/0). Section 2 says how to keep every "
                        "exponent finite without changing the result")
        if got.shape == want.shape and np.allclose(got, autograd.tensor(logits).softmax(dim=0).numpy()):
            raise Wrong(f"on {where} each column of softmax(o) sums to 1, not each row: the softmax runs over the "
                        "classes of one example, the axis dim=1")
        compare(got, want, f"softmax(o) on {where} (one distribution per row)")
        weights = np.random.default_rng(0).standard_normal(logits.shape)
        compare(gradient_of(softmax, logits, weights), gradient_of(lambda o: o.softmax(dim=1), logits, weights),
                f"the gradient through your softmax on {where}")
    return ("Each row is a distribution equal to Tensor.softmax's, on a 5 × 3 batch of ordinary logits and on logits "
            "near ±1000, and backward() agrees.")


def _naive_softmax(o):
    e = o.exp()
    return e / e.sum(dim=1, keepdim=True)


def _columns_softmax(o):
    e = (o - o.amax(dim=0, keepdim=True)).exp()
    return e / e.sum(dim=0, keepdim=True)


def _max_without_keepdim(o):
    e = (o - o.amax(dim=1)).exp()                      # (n, q) − (n,): right only by accident, and only if n = q
    return e / e.sum(dim=1, keepdim=True)


softmax = Exercise(
    "softmax", "4.1", "implement", "a softmax that never overflows", check_softmax,
    hint="Use the shift invariance of section 2: subtracting one constant per row changes nothing, and a well-chosen "
         "one makes every exponent ≤ 0 with at least one exactly 0. Per-row quantities must keep their axis "
         "(keepdim=True, shape (n, 1)) to broadcast over the row.",
    wrong=(_naive_softmax, _columns_softmax, _max_without_keepdim),
)


# ----------------------------------------------------------------------------- 4.2 the Boltzmann distribution
ENERGIES = (np.array([0.0, 1.0, 2.0, 5.0]), np.array([1000.0, 1001.0, 1003.0]), np.array([-2.0, 0.5]))


def check_boltzmann(boltzmann):
    """The learner's Boltzmann probabilities e^(−E/T)/Z against a direct, shifted computation."""
    for energies in ENERGIES:
        for T in (1.0, 0.5, 4.0):                      # T = 1 first: an answer right only there misuses T
            got = as_array(boltzmann(energies, T), f"boltzmann({energies.tolist()}, T={T})")
            weight = np.exp(-(energies - energies.min()) / T)
            want = weight / weight.sum()
            if got.shape == want.shape and np.argmax(got) == np.argmax(energies) and not np.allclose(got, want):
                raise Wrong(f"boltzmann({energies.tolist()}, T={T}) gives the highest energy the highest probability; "
                            "in the Boltzmann distribution a state of lower energy is the more probable one")
            if got.shape == want.shape and np.isnan(got).any():
                raise Wrong(f"boltzmann({energies.tolist()}, T={T}) holds NaN: e^(−E/T) of every state underflowed "
                            "to 0 (e^-745 is the smallest non-zero float64), then 0/0. A softmax never does that")
            if T != 1.0 and got.shape == want.shape and not np.allclose(got, want):
                raise Wrong(f"boltzmann({energies.tolist()}, T={T}) is {np.round(got, 4).tolist()}, expected "
                            f"{np.round(want, 4).tolist()}; at T = 1 yours is right, so look at how T enters the "
                            "weight of a state")
            compare(got, want, f"boltzmann({energies.tolist()}, T={T})")
    return "The probabilities are e^(−E/T)/Z, energies near 1000 included: softmax(−E/T) computes them."


boltzmann = Exercise(
    "boltzmann", "4.2", "apply", "the Boltzmann distribution as a softmax", check_boltzmann,
    hint="Which logits o_i make softmax's e^(o_i) the Boltzmann weight e^(−E_i/T)? Turn them into a tensor and "
         "take their softmax over the one axis there is.",
    wrong=(lambda energies, T: autograd.tensor(energies / T).softmax(dim=0),
           lambda energies, T: np.exp(-energies / T) / np.exp(-energies / T).sum(),
           lambda energies, T: autograd.tensor(-energies * T).softmax(dim=0)),
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
            at_one = (" (that is softmax(o) at T = 1)" if np.allclose(got, autograd.tensor(SCORES).softmax(dim=0)
                                                                   .numpy(), atol=0.01) else "")
            raise Wrong(f"your {name} distribution {got.round(3).tolist()}{at_one} is not what softmax(o / T) "
                        "approaches")
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
    """The learner's mean cross-entropy against F.cross_entropy, value and gradient: on ordinary logits of a
    (5, 3) batch first (a broadcasting mistake shows up there as one), then on a (5, 4) batch near ±1000."""
    for logits, labels, where in ((ORDINARY, ORDINARY_LABELS, "ordinary logits, a batch of 5 rows × 3 classes"),
                                  (LOGITS, LABELS, EDGE)):
        n, q = logits.shape
        mine_o, mine = run_on_batch(cross_entropy, logits, autograd.tensor(labels),
                                    what="cross_entropy(logits, labels)")
        ref_o = autograd.tensor(logits, requires_grad=True)
        ref = F.cross_entropy(ref_o, autograd.tensor(labels))
        value = as_array(mine, "cross_entropy(logits, labels)")
        if value.shape != ():
            raise Wrong(f"on a batch of {n} rows × {q} classes cross_entropy returns shape {value.shape}: it should "
                        "return one number, the mean over the rows")
        if not np.isfinite(value):
            row = first_nan_row(cross_entropy, logits, labels)
            at = f" (row {row}, logits {logits[row].tolist()}, alone gives it)" if row is not None else ""
            raise Wrong(f"cross_entropy is {float(value)} on {where}{at}: e^o overflowed to inf, or a probability "
                        "underflowed to 0 and its log is −inf. Section 2 computes the log-probabilities without either")
        if not np.isclose(value, ref.item(), rtol=1e-6, atol=1e-9):
            note = factor_note(value, ref.item(), {n: f"the sum over the {n} rows, not their mean",
                                                  n / q: f"divided by the {q} classes, not the {n} rows"})
            raise Wrong(f"on {where} cross_entropy(logits, labels) is {float(value):.6g}, F.cross_entropy gives "
                        f"{ref.item():.6g}{note}")
        mine.backward()
        ref.backward()
        compare(mine_o.grad, ref_o.grad, f"the gradient of your cross_entropy on {where}")
    return ("The value and the gradient equal F.cross_entropy's, on a 5 × 3 batch of ordinary logits and on logits "
            "near ±1000.")


def _log_of_softmax(logits, labels):
    p = (logits - logits.amax(dim=1, keepdim=True)).exp()
    p = p / p.sum(dim=1, keepdim=True)
    return -(p.log() * F.one_hot(labels, logits.shape[1]).float()).sum(dim=1).mean()


def _sum_without_keepdim(logits, labels):
    """The learner's mistake: on a square batch the (n,) log-sum broadcasts along the columns and passes."""
    shifted = logits - logits.amax(dim=1, keepdim=True)
    log_p = shifted - shifted.exp().sum(dim=1).log()
    return -(log_p * F.one_hot(labels, logits.shape[1]).float()).sum(dim=1).mean()


def _max_without_keepdim_ce(logits, labels):
    shifted = logits - logits.amax(dim=1)
    log_p = shifted - shifted.exp().sum(dim=1, keepdim=True).log()
    return -(log_p * F.one_hot(labels, logits.shape[1]).float()).sum(dim=1).mean()


def _mean_over_classes(logits, labels):
    log_p = logits.log_softmax(dim=1)
    return -(log_p * F.one_hot(labels, logits.shape[1]).float()).sum(dim=0).mean()


cross_entropy = Exercise(
    "cross_entropy", "4.4", "implement", "cross-entropy from primitives", check_cross_entropy,
    hint="log softmax(o)_j = o_j − log Σ_k e^(o_k), and the shift invariance of section 2 keeps every exponent "
         "finite. Per-row results (a maximum, a sum) need shape (n, 1) to broadcast over a row: keepdim=True. "
         "F.one_hot(labels, q) is 1 at each row's true class; then one number per row, and their mean.",
    wrong=(lambda o, y: -o.log_softmax(dim=1)[autograd.arange(len(y)), y].sum(), _log_of_softmax,
           _sum_without_keepdim, _max_without_keepdim_ce, _mean_over_classes),
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
    if got.shape != want.shape:
        raise Wrong(f"cross_entropy_gradient(O, y) has shape {got.shape}; dL/dO has one entry per logit, the shape "
                    f"of O: {want.shape} (6 rows, 4 classes)")
    note = factor_note(got, want, {6.0: "the mean over the n = 6 rows is missing",
                                   -6.0: "the sign is flipped and the mean over the n = 6 rows is missing"})
    if note:
        raise Wrong(f"cross_entropy_gradient(O, y) is not backward()'s dL/dO{note}")
    e = np.exp(O - O.max(axis=0, keepdims=True))
    if np.allclose(got, (e / e.sum(axis=0, keepdims=True) - np.eye(4)[y]) / 6, atol=1e-9):
        raise Wrong("your softmax runs down the columns (over the 6 examples); each example's softmax runs over "
                    "its 4 classes, along a row")
    compare(got, want, "cross_entropy_gradient(O, y) on 6 rows × 4 classes")
    return "(softmax(O) − one-hot(y)) / n, softmax minus one-hot: exactly what backward() computes."


cross_entropy_gradient = Exercise(
    "cross_entropy_gradient", "4.5", "derive", "the gradient of the mean cross-entropy",
    check_cross_entropy_gradient,
    hint="Write one example's loss with the logits alone, using log softmax(o)_y = o_y − log Σ_k e^(o_k). "
         "Differentiate each term with respect to one logit o_j (the chain rule through log, then exp): do you "
         "recognise the result? The second term's derivative depends on whether j = y. Then the mean over n rows.",
    wrong=(lambda O, y: np.exp(O) / np.exp(O).sum(1, keepdims=True) - np.eye(O.shape[1])[y],           # no 1/n
           lambda O, y: (np.eye(O.shape[1])[y] - np.exp(O) / np.exp(O).sum(1, keepdims=True)) / len(O),  # sign
           lambda O, y: (np.exp(O) / np.exp(O).sum(0, keepdims=True) - np.eye(O.shape[1])[y]) / len(O)),  # dim
)


# -------------------------------------------------------------- 4.6 a loss that falls without end: debug
def blobs():
    return nn.data.make_blobs(300, centers=[[-2.0, -1.0], [2.0, -1.5], [0.0, 2.0]], cluster_std=1.0, random_state=0)


def _train(X, y, loss_of, steps):
    """A softmax regression 2 → 3 trained by SGD (η = 0.5) for `steps` full-batch steps on loss_of(logits, y)."""
    autograd.manual_seed(0)
    model = nn.Linear(2, 3)
    opt = optim.SGD(model.parameters(), lr=0.5)
    for _ in range(steps):
        loss = loss_of(model(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


def nll_of_logits(X, y):
    """The broken loop of the starter cell: F.nll_loss given logits instead of log-probabilities."""
    return _train(X, y, F.nll_loss, 200)


def _too_few_steps(X, y):
    """A wrong answer: the right loss, but 5 steps."""
    return _train(X, y, F.cross_entropy, 5)


def check_nll_on_logits(train):
    """Train with the learner's loop on the notebook's blobs; compare its cross-entropy with section 5's."""
    X, y = blobs()
    model = train(X, y)
    with autograd.no_grad():
        logits = model(X)
        loss = F.cross_entropy(logits, y).item()
        accuracy = (logits.argmax(dim=1) == y).float().mean().item()
        largest = logits.abs().max().item()
        own_loss = F.nll_loss(logits, y).item()          # what the broken loop minimises
    if loss > 0.16 and largest > 20:
        raise Wrong(f"the trained model classifies {accuracy:.0%} of the points right, but its cross-entropy is "
                    f"{loss:.2f} (section 5's loop reaches 0.143): its logits have grown to ±{largest:.0f}, so it is "
                    f"certain of every answer, its mistakes included. The loop's own loss ends at {own_loss:.0f}, "
                    "below 0, and keeps falling as the logits grow")
    if loss > 0.16:
        raise Wrong(f"after training, the model's cross-entropy is {loss:.3f}; section 5's loop reaches 0.143")
    return f"the model's cross-entropy is {loss:.3f}, as section 5's loop."


nll_on_logits = Exercise(
    "nll_on_logits", "4.6", "debug", "a loop whose loss falls without end", check_nll_on_logits,
    hint="F.nll_loss(input, y) computes −mean input[i, y_i] and nothing else. For that to be a negative "
         "log-likelihood, what must `input` hold, and what does the model return? Section 3 names the function that "
         "takes the model's output directly.",
    wrong=(nll_of_logits, _too_few_steps),
)

sheet = Sheet("nb04", [softmax, boltzmann, temperature_limits, cross_entropy, cross_entropy_gradient, nll_on_logits])
check, hint, solution = sheet.check, sheet.hint, sheet.solution
