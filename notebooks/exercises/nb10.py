"""Exercises of notebook 10 (maximum likelihood). Solutions: solutions/nb10.py."""
import math

import numpy as np

import autograd
import nn.functional as F
from exercises import Exercise, Sheet, Wrong, as_array, compare


# -------------------------------------------------------------------------------- 10.1 the MLE of a lucky coin
def check_coin_mle(coin_mle):
    """Three heads in three flips: the likelihood θ³ is largest at θ = 1."""
    value = float(as_array(coin_mle, "coin_mle"))
    if abs(value - 0.8) < 0.01:
        raise Wrong("0.8 = (k + 1)/(N + 2) is what a prior adds (Laplace's rule; section 1 comes back to it). The MLE "
                    "uses the likelihood alone")
    if abs(value - 1.0) > 0.01:
        grid = np.array([value, 1.0])
        likelihood = np.clip(grid, 0, 1) ** 3
        raise Wrong(f"P(3 heads | θ) = θ³ is {likelihood[0]:.3g} at θ = {value:.3g}, but {likelihood[1]:.3g} at "
                    "θ = 1: which θ makes three heads in three flips most probable?")
    return ("θ̂ = k/N = 3/3 = 1: the likelihood θ³ grows all the way to θ = 1. The MLE says the coin can never "
            "land tails, after three flips.")


coin_mle = Exercise(
    "coin_mle", "10.1", "predict", "the MLE of a coin that showed 3 heads in 3 flips", check_coin_mle,
    hint="The likelihood of k heads in N flips is θᵏ(1 − θ)ᴺ⁻ᵏ; here k = N = 3. Where on [0, 1] is θ³ largest?",
    wrong=(0.5, 0.8, 0.75),
)


# ----------------------------------------------------------------------------- 10.2 the categorical NLL by hand
def check_categorical_nll(categorical_nll):
    """The learner's mean −ln softmax(s)[y] against F.cross_entropy: value and gradient, also for large logits."""
    gen = np.random.default_rng(3)
    for scale, what in ((1.0, "logits of size about 1"), (400.0, "logits of size about ±1000")):
        logits = autograd.tensor(scale * gen.normal(size=(5, 4)), requires_grad=True)   # 5 rows, 4 classes
        targets = autograd.tensor(np.array([0, 3, 1, 1, 2]))
        got = categorical_nll(logits, targets)
        expected = F.cross_entropy(logits, targets)
        got_array = as_array(got, "categorical_nll(logits, targets)")
        if got_array.shape != ():
            raise Wrong(f"categorical_nll should return one number, the mean over the 5 rows; it returned shape "
                        f"{got_array.shape}")
        if np.isclose(got_array, 5 * expected.item()):
            raise Wrong("your NLL is 5 times F.cross_entropy's: the sum over the 5 rows, not their mean")
        rows, picked = np.arange(5), targets.numpy()
        if np.isclose(got_array, -logits.detach()[rows, picked].mean().item()):
            raise Wrong(f"on {what} your NLL is −mean s_y, the target scores alone: the normalising log-sum is missing")
        if np.isclose(got_array, -logits.detach().log_softmax(dim=0)[rows, picked].mean().item()):
            raise Wrong("your softmax normalises down the columns (over the 5 examples); each example's runs over its "
                        "4 classes, along its row")
        if not np.isfinite(got_array):
            raise Wrong(f"categorical_nll is {float(got_array)} on {what}: e^1000 overflows to inf in float64 (e^709 "
                        "is the largest finite one), or a probability underflows to 0 and its log is −inf")
        compare(got_array, expected, f"categorical_nll on {what}")
        if getattr(got, "grad_fn", None) is None:
            raise Wrong("your NLL has no grad_fn: compute it with tensor operations so that backward() reaches the "
                        "logits")
        (grad_got,) = autograd.grad(got, logits)
        (grad_expected,) = autograd.grad(expected, logits)
        compare(grad_got, grad_expected, f"the gradient of your NLL with respect to the logits ({what})")
    return ("Value and gradient match F.cross_entropy, also on logits near ±1000; the gradient is "
            "(softmax(s) − one_hot(y))/N, row by row.")


def _naive_nll(logits, targets):
    probabilities = logits.exp() / logits.exp().sum(dim=1, keepdim=True)
    return -probabilities[np.arange(logits.shape[0]), targets.numpy()].log().mean()


categorical_nll = Exercise(
    "categorical_nll", "10.2", "implement", "the categorical NLL, matching F.cross_entropy", check_categorical_nll,
    hint="Shapes: logits[np.arange(N), targets.numpy()] picks one score per row, shape (N,), and "
         "logits.logsumexp(dim=1) gives one log-sum per row, shape (N,) too. Combine them as the formula says, "
         "then one number: the mean over the rows.",
    wrong=(lambda s, y: -(s.log_softmax(dim=1)[np.arange(5), y.numpy()]).sum(),
           lambda s, y: -(s[np.arange(5), y.numpy()]).mean(),
           lambda s, y: -(s.log_softmax(dim=0)[np.arange(5), y.numpy()]).mean(),
           _naive_nll),
)


# ------------------------------------------------------------------------------ 10.3 the MLE of a Gaussian
def check_gaussian_mle(gaussian_mle):
    """(μ̂, σ̂²) must be where the average Gaussian NLL has zero gradient."""
    ys = np.random.default_rng(5).normal(2.0, 1.5, size=12)
    result = gaussian_mle(ys)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise Wrong("gaussian_mle should return two numbers: (μ̂, σ̂²)")
    mu, var = (float(as_array(r, "gaussian_mle's result")) for r in result)
    if not var > 0:
        raise Wrong(f"your σ̂² is {var:.4g}: a variance must be positive")
    mu_t = autograd.tensor(mu, requires_grad=True)
    var_t = autograd.tensor(var, requires_grad=True)
    nll = F.gaussian_nll_loss(mu_t.expand(12), autograd.tensor(ys), var_t.expand(12), full=True)
    d_mu, d_var = autograd.grad(nll, (mu_t, var_t))
    if abs(d_mu.item()) > 1e-6 or abs(d_var.item()) > 1e-6:
        if abs(var - ys.var(ddof=1)) < 1e-9:
            raise Wrong(f"your σ̂² = {var:.4f} divides by N − 1 = 11 (the unbiased estimate); the NLL's slope there "
                        f"is ∂/∂σ² = {d_var.item():.3g}, not 0. The MLE divides by N")
        if abs(var - ys.std()) < 1e-9:
            raise Wrong(f"your second number {var:.4f} is the standard deviation σ̂; the exercise asks for the "
                        "variance σ̂²")
        raise Wrong(f"the average NLL's gradient at your (μ, σ²) = ({mu:.4f}, {var:.4f}) is (∂/∂μ, ∂/∂σ²) = "
                    f"({d_mu.item():.3g}, {d_var.item():.3g}), not (0, 0): that is not the minimum")
    return (f"μ̂ = {mu:.4f}, σ̂² = {var:.4f}: autograd finds the NLL's gradient there to be zero in both "
            "directions.")


gaussian_mle = Exercise(
    "gaussian_mle", "10.3", "derive", "the MLE of a Gaussian's mean and variance", check_gaussian_mle,
    hint="Differentiate with respect to μ first, treating σ² as a positive constant: σ² drops out of the equation. "
         "Then differentiate with respect to σ² as one variable v, with d/dv ln v = 1/v and d/dv (1/v) = −1/v², and "
         "solve for v at the μ you found. Enter the results with NumPy (ys is an array).",
    wrong=(lambda ys: (ys.mean(), ys.var(ddof=1)), lambda ys: (ys.mean(), ys.std()),
           lambda ys: (np.median(ys), ys.var())),
)


# ------------------------------------------------------------------------ 10.4 a log-likelihood that overflows
LOG_JOINTS = (np.array([-2.0, -1.0, -3.5]), np.array([-1000.0, -1001.0, -1003.0]), np.array([800.0, 801.0]),
              np.array([-1400.0, -1450.0]))


def _stable(a):
    m = a.max()
    return m + math.log(np.exp(a - m).sum())


def check_log_marginal(log_marginal):
    """ln Σ_z e^{a_z} for log joints of ordinary and of huge size, against the stable formula."""
    for a in LOG_JOINTS:
        with np.errstate(all="ignore"):   # an overflow is reported below, in words, not as a NumPy warning
            got = float(as_array(log_marginal(a.copy()), "log_marginal(log_joint)"))
        if not math.isfinite(got):
            raise Wrong(f"for log P(X, z) = {a.tolist()} your ln P(X) is {got}: e^({a.max():g}) "
                        f"{'overflows' if a.max() > 0 else 'underflows to 0'} in float64 (e^709 is the largest "
                        "finite one, e^-745 the smallest non-zero)")
        compare(got, _stable(a), f"log_marginal({a.tolist()})", rtol=1e-9, atol=1e-9)
    return "Right for log joints near 0, near −1000 and near +800: ln Σ eᵃ = m + ln Σ e^{a − m} never overflows."


def _naive(log_joint):
    return np.log(np.exp(log_joint).sum())


log_marginal = Exercise(
    "log_marginal", "10.4", "debug", "a log-likelihood that fails on real data", check_log_marginal,
    hint="e^{a + c} = e^a e^c: factor one well-chosen term e^m out of the sum, so that the log of the product splits "
         "into m plus the log of a sum of terms that can neither overflow nor all underflow. Which m guarantees "
         "that?",
    wrong=(_naive, lambda a: a.max(), lambda a: a.max() + np.log(np.exp(a - a.max()).mean())),
)


# --------------------------------------------------------------------------- 10.5 Jensen's variational bound
BOUND_CASES = ((np.array([0.5, 0.5]), np.array([-3.0, -4.0])),
               (np.array([0.2, 0.3, 0.5]), np.array([-10.0, -9.0, -9.5])),
               (np.array([1.0, 0.0]), np.array([-2.0, -1.0])))


def check_variational_bound(variational_bound):
    """F(q) = Σ_z q(z)[−ln P(X, z) + ln q(z)], with 0 ln 0 = 0."""
    for q, a in BOUND_CASES:
        expected = float(-(q * a).sum() + sum(qz * math.log(qz) for qz in q if qz > 0))
        what = f"variational_bound(q={q.tolist()}, log_joint={a.tolist()})"
        with np.errstate(all="ignore"):   # log(0) is reported below, in words, not as a NumPy warning
            got = float(as_array(variational_bound(q.copy(), a.copy()), what))
        if math.isfinite(got) and abs(got - float(-(q * a).sum())) < 1e-9 and abs(got - expected) > 1e-9:
            raise Wrong(f"{what} is {got:.4f} = E_q[−ln P(X, Z)]: the + E_q[ln q(Z)] term (minus q's entropy) is "
                        "missing")
        if math.isfinite(got) and abs(got + expected) < 1e-9:
            raise Wrong(f"{what} is {got:.4f}, the ELBO E_q[ln P(X, Z) − ln q(Z)]: the bound on −ln P(X) is its "
                        "negative")
        if not math.isfinite(got) and q.min() == 0:
            raise Wrong(f"{what} is {got}: q(z) = 0 makes q ln q = 0 · (−∞). Its limit is 0: leave out the terms "
                        "with q(z) = 0")
        compare(got, expected, what, rtol=1e-9, atol=1e-9)
    return "Right, including a q with a zero entry (0 ln 0 = 0)."


def _bound_without_entropy(q, log_joint):
    return -(q * log_joint).sum()


def _elbo(q, log_joint):
    kept = q > 0
    return (q[kept] * (log_joint[kept] - np.log(q[kept]))).sum()


def _bound_with_nan(q, log_joint):
    return (q * (-log_joint + np.log(q))).sum()


variational_bound = Exercise(
    "variational_bound", "10.5", "apply", "Jensen's variational bound", check_variational_bound,
    hint="F(q) = Σ_z q(z)·(−log_joint[z] + ln q(z)) with NumPy; where q(z) = 0 the term is 0 (the limit of q ln q), "
         "so sum only over q > 0, e.g. with a boolean mask.",
    wrong=(_bound_without_entropy, _elbo, _bound_with_nan),
)

sheet = Sheet("nb10", [coin_mle, categorical_nll, gaussian_mle, log_marginal, variational_bound])
check, hint, solution = sheet.check, sheet.hint, sheet.solution  # what the notebook calls, as ex.check(...)
