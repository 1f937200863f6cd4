"""Exercises of notebook 02 (linear regression). Solutions: solutions/nb02.py."""
import numpy as np

import autograd
from exercises import Exercise, NotAttempted, Sheet, Wrong, as_array, compare, factor_note
from nn.data import make_regression, make_sine


def regression_problem(n=40, d=3, seed=0):
    """A small float64 problem: X (n, d), y (n, 1), w (d, 1), b (1,), all NumPy."""
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((n, d)), rng.standard_normal((n, 1)), rng.standard_normal((d, 1)),
            rng.standard_normal(1))


def autograd_gradient(loss_of, X, y, w, b):
    """(∇w, ∂b) of loss_of(X, y, w, b), all tensors, by backward()."""
    wt, bt = autograd.tensor(w, requires_grad=True), autograd.tensor(b, requires_grad=True)
    loss_of(autograd.tensor(X), autograd.tensor(y), wt, bt).backward()
    return wt.grad.numpy(), bt.grad.numpy()


def pair(answer, what):
    """The learner's (grad_w, grad_b) as two arrays."""
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise Wrong(f"{what} should return a pair (grad_w, grad_b)")
    return as_array(answer[0], f"{what}'s grad_w"), as_array(answer[1], f"{what}'s grad_b")


def compare_gradients(got_pair, want_pair, where, known):
    """Name a shape against this notebook's convention (w (d, 1), b (1,)), a known factor, or the first entry off."""
    for got, want, name, of in ((got_pair[0], want_pair[0], "grad_w", "w"), (got_pair[1], want_pair[1], "grad_b", "b")):
        if got.shape != want.shape:
            turned = " (its transpose)" if got.shape == want.shape[::-1] else ""
            raise Wrong(f"{name} has shape {got.shape}{turned}; it must have the shape of {of}, {want.shape} in this "
                        "notebook's convention (w a column (d, 1), b of shape (1,))")
        if not np.allclose(got, want, rtol=1e-6, atol=1e-9):
            note = factor_note(got, want, known)
            if note:
                raise Wrong(f"{name} disagrees with backward() on {where}{note}")
        compare(got, want, name)


# -------------------------------------------------------------------- 2.1 the gradient of the mean squared error
def check_mse_gradient(mse_gradient):
    """The learner's gradient of (1/N) Σ (Xw + b − y)², without the ½, against backward()."""
    X, y, w, b = regression_problem()
    got = pair(mse_gradient(X, y, w, b), "mse_gradient(X, y, w, b)")
    want = autograd_gradient(lambda X, y, w, b: ((X @ w + b - y) ** 2).mean(), X, y, w, b)
    compare_gradients(got, want, "a random problem of 40 examples with 3 features",
                      {0.5: "the gradient of the ½-mean; this loss has no ½", 40.0: "the sum, not the mean over N = 40",
                       20.0: "the sum over the N = 40 examples, of the ½-loss", 2.0: "a factor 2 too many"})
    return "Both equal backward()'s: (2/N) Xᵀ(ŷ − y) and (2/N) Σ (ŷ − y), twice the ½-mean's."


mse_gradient = Exercise(
    "mse_gradient", "2.1", "derive", "the gradient of the mean squared error", check_mse_gradient,
    hint="Differentiate one term (x_nᵀw + b − y_n)² with the chain rule (the outer square, then the inner linear "
         "function of w), and average over the N examples. A sum over the examples of (a number per example) × x_n "
         "is a matrix product of Xᵀ with the column of those numbers. Shapes: grad_w is (d, 1) like w, grad_b is "
         "(1,) like b.",
    wrong=(lambda X, y, w, b: (X.T @ (X @ w + b - y) / len(X), (X @ w + b - y).mean(axis=0)),   # the ½-mean's
           lambda X, y, w, b: (2 * X.T @ (X @ w + b - y), 2 * (X @ w + b - y).sum(axis=0)),   # the sum's
           lambda X, y, w, b: (2 * (X @ w + b - y).T @ X / len(X), 2 * (X @ w + b - y).mean(axis=0)),  # (1, d)
           lambda X, y, w, b: (2 * X.T @ (X @ w + b - y) / len(X), 2 * (X @ w + b - y).mean())),      # b as ()
)


# ------------------------------------------------------------------------ 2.2 the minibatch gradient, written out
def check_minibatch_gradient(minibatch_gradient):
    """The learner's ½-mean gradient over the rows `batch`, against backward() on those rows."""
    X, y, w, b = regression_problem()
    batch = np.array([3, 17, 8, 30, 22])
    got = pair(minibatch_gradient(X, y, w, b, batch), "minibatch_gradient(X, y, w, b, batch)")
    half_mean = lambda X, y, w, b: 0.5 * ((X @ w + b - y) ** 2).mean()   # noqa: E731
    want = autograd_gradient(half_mean, X[batch], y[batch], w, b)
    full_w, _ = autograd_gradient(half_mean, X, y, w, b)
    if got[0].shape == full_w.shape and np.allclose(got[0], full_w):
        raise Wrong("that is the gradient over the whole data set (all 40 rows), not over the 5 rows in `batch`")
    compare_gradients(got, want, "the 5 rows of the batch",
                      {5 / 40: "divided by N = 40, not by |B| = 5", 5.0: "the sum over the batch, not its mean",
                       2.0: "the gradient of the mean without the ½"})
    return "It equals backward() on the batch's ½-mean loss: (1/|B|) Σ_{n∈B} (ŷ_n − y_n) x_n."


minibatch_gradient = Exercise(
    "minibatch_gradient", "2.2", "implement", "the minibatch gradient (1/|B|) Σ", check_minibatch_gradient,
    hint="Index the rows first: X[batch] and y[batch]. Then it is the ½-mean's gradient of section 1 on those "
         "|B| rows alone (the residuals have shape (|B|, 1)); grad_w is (d, 1) and grad_b is (1,).",
    wrong=(lambda X, y, w, b, batch: (X[batch].T @ (X[batch] @ w + b - y[batch]) / len(X),
                                      (X[batch] @ w + b - y[batch]).sum(axis=0) / len(X)),          # 1/N, not 1/|B|
           lambda X, y, w, b, batch: (X.T @ (X @ w + b - y) / len(X), (X @ w + b - y).mean(axis=0))),  # whole set
)


# ---------------------------------------------------------------------------- 2.3 a learning rate that diverges
def notebook_data():
    """The data of the notebook's section 1, as float64 NumPy arrays."""
    X, y, _, _ = make_regression(n_samples=200, n_features=3, noise=0.5, weight=[2.0, -1.0, 0.5], bias=1.0,
                                 random_state=0)
    return X.numpy().astype(np.float64), y.numpy().astype(np.float64)


def _descend(X, y, rate):
    """The starter cell's loop with learning rate `rate`: 100 full-batch steps on the ½-mean squared error."""
    X, y = autograd.tensor(X), autograd.tensor(y)
    w = autograd.zeros(X.shape[1], 1, dtype=autograd.float64, requires_grad=True)
    b = autograd.zeros(1, dtype=autograd.float64, requires_grad=True)
    losses = []
    for _ in range(100):
        loss = 0.5 * ((X @ w + b - y) ** 2).mean()
        loss.backward()
        with autograd.no_grad():
            w -= rate * w.grad
            b -= rate * b.grad
        w.grad = b.grad = None
        losses.append(loss.item())
    return losses


def too_large_rate(X, y):
    """The broken loop of the starter cell: η = 2.0, above 2/λ_max."""
    return _descend(X, y, 2.0)


def _too_small_rate(X, y):
    """A wrong answer: η = 0.01 converges, far too slowly."""
    return _descend(X, y, 0.01)


def check_learning_rate(train):
    """Run the learner's loop on the notebook's data; say whether it diverges, crawls or converges."""
    X, y = notebook_data()
    A = np.c_[X, np.ones(len(X))]
    optimum = 0.5 * np.mean((A @ np.linalg.lstsq(A, y, rcond=None)[0] - y) ** 2)
    with np.errstate(over="ignore", invalid="ignore"):
        losses = as_array(train(X, y), "the list train(X, y) returns")
    if losses.shape != (100,):
        raise Wrong(f"train(X, y) should return the 100 losses, one per step; it returned shape {losses.shape}")
    if not np.isfinite(losses).all() or losses[-1] > losses[0]:
        last = int(np.argmax(~np.isfinite(losses))) - 1 if not np.isfinite(losses).all() else len(losses) - 1
        growth = (losses[last] / losses[0]) ** (1 / max(last, 1))
        raise Wrong(f"the loss grows from {losses[0]:.3g} at step 0 to {losses[last]:.3g} at step {last}, by a factor "
                    f"of about {growth:.2f} per step"
                    + (f", and is {losses[last + 1]} after that" if last + 1 < len(losses) else ""))
    if losses[-1] - optimum > 1e-3:
        raise Wrong(f"the loss falls, but slowly: after 100 steps it is {losses[-1]:.4f}, still "
                    f"{losses[-1] - optimum:.3g} above the optimum {optimum:.4f}")
    return f"the loss reaches the optimum {optimum:.4f} to within 1e-3 in 100 steps."


learning_rate = Exercise(
    "learning_rate", "2.3", "debug", "a training loop whose loss blows up", check_learning_rate,
    hint="Section 3: along the Hessian's eigenvector of eigenvalue λ the error is multiplied by (1 − ηλ) per step. "
         "Which η keep every |1 − ηλ| below 1? Compute the Hessian's eigenvalues for this data (remember the column "
         "of ones for b) with np.linalg.eigvalsh.",
    wrong=(too_large_rate, _too_small_rate),
)


# --------------------------------------------------------------------------- 2.6 ridge with an enormous λ: predict
def sine_train():
    """The notebook's 12 training points of sin 2πx, float64."""
    x, y = make_sine(n_samples=12, noise=0.25, random_state=4)
    return x.numpy().astype(np.float64).ravel(), y.numpy().astype(np.float64).ravel()


def degree9_ridge_train_rmse(lam):
    """The training RMS error of the degree-9 ridge fit (w_0 not penalised) to the 12 points, by lstsq."""
    x, y = sine_train()
    A = np.vander(x, 10, increasing=True)
    rows = np.sqrt(len(x) * lam) * np.eye(10)[1:]
    w = np.linalg.lstsq(np.vstack([A, rows]), np.r_[y, np.zeros(9)], rcond=None)[0]
    return float(np.sqrt(np.mean((A @ w - y) ** 2)))


def check_huge_lambda(rmse):
    """The learner's predicted training RMSE at λ = 1e8 against the fit."""
    if rmse is Ellipsis:
        raise NotAttempted
    got, truth = float(as_array(rmse, "your prediction")), degree9_ridge_train_rmse(1e8)
    if abs(got - truth) > 2e-3:
        near_zero = degree9_ridge_train_rmse(0.0)
        if abs(got - near_zero) < 2e-3:
            raise Wrong(f"{got:.4f} is the training error at λ = 0; with λ = 1e8 every penalised weight is crushed")
        raise Wrong(f"{got:.4f} is not the training RMSE at λ = 1e8. Which weight survives an enormous penalty, "
                    "and what is the best model made of it alone?")
    return (f"the fit at λ = 1e8 has training RMSE {truth:.4f}: only the unpenalised w_0 survives, and the best "
            "constant is the mean of the targets, so the error is their standard deviation.")


huge_lambda = Exercise(
    "huge_lambda", "2.6", "predict", "ridge with an enormous λ", check_huge_lambda,
    hint="`fit` penalises every weight but one. What is left of the model when an enormous λ crushes the penalised "
         "ones, and what is the best model of that kind for the 12 training targets? Its error is a statistic of "
         "y_tr you know.",
    wrong=(0.0, 0.2),
)


# ------------------------------------------------------------------------------------- 2.5 ridge in closed form
def check_ridge_closed_form(ridge_closed_form):
    """The learner's ridge solution: the gradient of ½ mean (Xw − y)² + ½λ‖w‖² must vanish there."""
    X, y, _, _ = regression_problem(n=30, d=4, seed=1)
    lam = 0.3
    w = as_array(ridge_closed_form(X, y, lam), "ridge_closed_form(X, y, 0.3)")
    if w.shape != (4, 1):
        raise Wrong(f"ridge_closed_form(X, y, λ) should return w of shape (d, 1) = (4, 1), not {w.shape}")
    wt = autograd.tensor(w, requires_grad=True)
    (0.5 * ((autograd.tensor(X) @ wt - autograd.tensor(y)) ** 2).mean() + lam / 2 * (wt ** 2).sum()).backward()
    worst = np.abs(wt.grad.numpy()).max()
    if worst > 1e-8:
        n = len(X)
        sum_convention = np.linalg.solve(X.T @ X + lam * np.eye(4), X.T @ y)
        unpenalised = np.linalg.lstsq(X, y, rcond=None)[0]
        note = (" It minimises Σ (Xw − y)² + λ‖w‖² instead: on the ½-mean, λ is divided by N (the conventions box)"
                if np.allclose(w, sum_convention) else
                " It is the least-squares fit without the penalty" if np.allclose(w, unpenalised) else "")
        raise Wrong(f"at your w the gradient of ½ mean (Xw − y)² + ½λ‖w‖² is not zero (its largest entry is "
                    f"{worst:.3g}; N = {n}), so w is not the minimiser.{note}")
    return "the gradient of the ridge objective vanishes at your w (checked by backward()): it is the minimiser."


ridge_closed_form = Exercise(
    "ridge_closed_form", "2.5", "implement", "ridge regression in closed form", check_ridge_closed_form,
    hint="The gradient is the ½-mean's (section 1) plus the penalty's, whose gradient is λw. Set it to zero and "
         "collect the terms with w on one side: a d × d matrix times w equals a vector. λw is λ·I·w. Solve with "
         "np.linalg.solve (never form the inverse).",
    wrong=(lambda X, y, lam: np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y),    # λ on the sum
           lambda X, y, lam: np.linalg.lstsq(X, y, rcond=None)[0]),                           # λ forgotten
)


# ------------------------------------------------------------------------------------------------ 2.4 p-norms
VECTORS = (np.array([3.0, -4.0, 0.0, 1.0]), np.array([-0.5, 2.0]), np.array([1e-3, -7.0, 2.5, 0.0, -1.0]))


def check_lp_norm(lp_norm):
    """The learner's ‖v‖_p for p = 1, 1.5, 2, 3 and ∞ against NumPy's."""
    for v in VECTORS:
        for p in (1, 1.5, 2, 3, np.inf):
            got = float(as_array(lp_norm(v, p), f"lp_norm(v, {p})"))
            want = np.linalg.norm(v, p)
            if not np.isclose(got, want, rtol=1e-9):
                if p == 2 and np.isclose(got, want ** 2):
                    note = " (that is ‖v‖₂², the square: not a norm)"
                elif p != np.inf and not np.isclose(got, (np.abs(v) ** p).sum() ** (1 / p)):
                    note = (f" ({v.tolist()} has negative entries: does your formula take their size, whatever the "
                            "sign?)" if (v < 0).any() else "")
                else:
                    note = ""
                raise Wrong(f"lp_norm({v.tolist()}, {p}) is {got:.6g}, expected {want:.6g}{note}")
    return "it agrees with np.linalg.norm for p = 1, 1.5, 2, 3 and ∞."


lp_norm = Exercise(
    "lp_norm", "2.4", "apply", "the p-norms", check_lp_norm,
    hint="The definition above the exercise (Norms, the sizes the penalties measure), term by term with NumPy "
         "(np.abs, **, .sum(), .max()). The formula with the root cannot be evaluated at p = ∞: treat p == np.inf "
         "apart, as the limit the text gives.",
    wrong=(lambda v, p: np.abs(v).max() if p == np.inf else (np.abs(v) ** p).sum(),         # the root forgotten
           lambda v, p: np.abs(v).sum() if p == np.inf else (np.abs(v) ** p).sum() ** (1 / p),
           lambda v, p: np.abs(v).max() if p == np.inf else (v ** p).sum() ** (1 / p)),             # no |·|
)

sheet = Sheet("nb02", [mse_gradient, minibatch_gradient, learning_rate, huge_lambda, ridge_closed_form, lp_norm])
check, hint, solution = sheet.check, sheet.hint, sheet.solution
