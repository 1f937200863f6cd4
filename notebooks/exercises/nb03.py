"""Exercises of notebook 03 (logistic regression and margins). Solutions: solutions/nb03.py."""
import numpy as np

import autograd
import nn
import nn.functional as F
import optim
from exercises import Exercise, NotAttempted, Sheet, Wrong, as_array, compare
from nn.data import make_blobs


def pair(answer, what):
    """The learner's (grad_w, grad_b) as two arrays."""
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise Wrong(f"{what} should return a pair (grad_w, grad_b)")
    return as_array(answer[0], f"{what}'s grad_w"), as_array(answer[1], f"{what}'s grad_b")


def ratio_note(got, expected):
    """' (yours is k times the right one)' when got is a constant multiple of expected, else ''."""
    scale = np.vdot(got, expected) / np.vdot(expected, expected)
    if np.allclose(got, scale * expected, rtol=1e-6, atol=1e-9) and not np.isclose(scale, 1):
        return f" (yours is {scale:.3g} times the right one)"
    return ""


# ------------------------------------------------------------------- 3.1 the gradient of the logistic loss
def logistic_problem():
    rng = np.random.default_rng(3)
    return rng.standard_normal((30, 2)), rng.choice([-1.0, 1.0], 30), rng.standard_normal(2), 0.4


def check_logistic_gradient(logistic_gradient):
    """The learner's gradient of mean ln(1 + e^(−m)), m = 2y(wᵀx + b), against backward()."""
    X, y, w, b = logistic_problem()
    got_w, got_b = pair(logistic_gradient(X, y, w, b), "logistic_gradient(X, y, w, b)")
    wt, bt = autograd.tensor(w, requires_grad=True), autograd.tensor(b, dtype=autograd.float64, requires_grad=True)
    margins = 2 * autograd.tensor(y) * (autograd.tensor(X) @ wt + bt)
    (-margins).exp().log1p().mean().backward()
    for got, want, name in ((got_w, wt.grad.numpy(), "grad_w"), (got_b, bt.grad.numpy(), "grad_b")):
        if got.shape == want.shape and not np.allclose(got, want, rtol=1e-6, atol=1e-9):
            raise Wrong(f"{name} disagrees with backward() on 30 random examples{ratio_note(got, want)}")
        compare(got, want, name)
    return "It equals backward()'s: −(1/N) Σ σ(−m_n) · 2 y_n x_n, and the same without x_n for b."


logistic_gradient = Exercise(
    "logistic_gradient", "3.1", "derive", "the gradient of the logistic loss of the margin", check_logistic_gradient,
    hint="d/dm ln(1 + e^(−m)) = −σ(−m) (the plot above), and dm/dw = 2 y x, dm/db = 2 y with this notebook's "
         "m = 2y(wᵀx + b). Average over the examples: grad_w = −(2/N) Σ σ(−m_n) y_n x_n.",
    wrong=(lambda X, y, w, b: (-(X * (y / (1 + np.exp(2 * y * (X @ w + b))))[:, None]).mean(axis=0),
                               -(y / (1 + np.exp(2 * y * (X @ w + b)))).mean()),               # the factor 2 lost
           lambda X, y, w, b: ((X * (2 * y / (1 + np.exp(2 * y * (X @ w + b))))[:, None]).mean(axis=0),
                               (2 * y / (1 + np.exp(2 * y * (X @ w + b)))).mean())),           # uphill
)


# -------------------------------------------------------------------------- 3.2 the hinge loss from primitives
def check_hinge_loss(hinge_loss):
    """The learner's mean max(0, 1 − y x) against F.hinge_loss: the value and the gradient."""
    rng = np.random.default_rng(4)
    x_values = np.r_[rng.standard_normal(12) * 2, 1.0, -1.0, 0.0]            # a few exactly on the kinks
    y_values = np.r_[rng.choice([-1.0, 1.0], 12), 1.0, -1.0, 1.0]
    x_mine, x_ref = (autograd.tensor(x_values, requires_grad=True) for _ in range(2))
    y_t = autograd.tensor(y_values)
    mine, ref = hinge_loss(x_mine, y_t), F.hinge_loss(x_ref, y_t)
    value, want = as_array(mine, "hinge_loss(x, y)"), ref.item()
    if value.shape != ():
        raise Wrong(f"hinge_loss(x, y) should be one number (the mean over the examples), not shape {value.shape}")
    if not np.isclose(value, want, rtol=1e-6, atol=1e-9):
        raise Wrong(f"on 15 examples hinge_loss(x, y) is {float(value):.6g}, F.hinge_loss gives {want:.6g}"
                    + (f" ({value / want:.0f} times the mean: the sum?)" if np.isclose(value / want, 15) else ""))
    if not hasattr(mine, "backward"):
        raise Wrong("hinge_loss should return a tensor built from tensor operations, so that backward() works")
    mine.backward()
    ref.backward()
    compare(x_mine.grad, x_ref.grad, "the gradient of your hinge_loss with respect to x")
    return "The value and the gradient match F.hinge_loss, at the kink m = 1 too."


hinge_loss = Exercise(
    "hinge_loss", "3.2", "implement", "the hinge loss from primitives", check_hinge_loss,
    hint="max(0, 1 − m) is (1 − m).relu() with m = y * x; then the mean over the examples, as F.hinge_loss's "
         "default reduction.",
    wrong=(lambda x, y: (1 - y * x).relu().sum(),          # the sum, not the mean
           lambda x, y: (-y * x).relu().mean()),           # the perceptron loss: no margin of 1
)


# ------------------------------------------------------------------------ 3.3 logistic regression from Bayes
def gaussian_log_density(x, mean, cov):
    """ln N(x; mean, cov) for the rows of x."""
    d = x - mean
    _, logdet = np.linalg.slogdet(cov)
    return -0.5 * (np.einsum("ni,ij,nj->n", d, np.linalg.inv(cov), d) + logdet + len(mean) * np.log(2 * np.pi))


def bayes_posterior(x, mu0, mu1, cov, prior1):
    """P(y = 1 | x) by Bayes' theorem, from the two densities and the prior."""
    joint1 = gaussian_log_density(x, mu1, cov) + np.log(prior1)
    joint0 = gaussian_log_density(x, mu0, cov) + np.log(1 - prior1)
    return 1 / (1 + np.exp(joint0 - joint1))


def check_gaussian_posterior(gaussian_posterior):
    """σ(wᵀx + b) from the learner's (w, b) against Bayes' theorem, on two problems."""
    rng = np.random.default_rng(5)
    for prior1 in (0.5, 0.2):
        mu0, mu1 = rng.standard_normal(2) * 2, rng.standard_normal(2) * 2
        root = rng.standard_normal((2, 2))
        cov = root @ root.T + 0.5 * np.eye(2)
        w, b = gaussian_posterior(mu0, mu1, cov, prior1)
        w, b = as_array(w, "w"), as_array(b, "b")
        if w.shape != (2,) or b.size != 1:
            raise Wrong(f"return w of shape (d,) = (2,) and a number b; got shapes {w.shape} and {b.shape}")
        x = rng.standard_normal((50, 2)) * 3
        want = bayes_posterior(x, mu0, mu1, cov, prior1)
        got = 1 / (1 + np.exp(-(x @ w + float(b))))
        if not np.allclose(got, want, rtol=1e-6, atol=1e-9):
            k = int(np.argmax(np.abs(got - want)))
            raise Wrong(f"with prior P(y=1) = {prior1}, at x = {x[k].round(2).tolist()} σ(wᵀx + b) = {got[k]:.4f} but "
                        f"Bayes' theorem gives {want[k]:.4f}")
    return "σ(wᵀx + b) equals the posterior Bayes' theorem gives, with equal and with unequal priors."


gaussian_posterior = Exercise(
    "gaussian_posterior", "3.3", "derive", "logistic regression from Bayes' theorem", check_gaussian_posterior,
    hint="The log-odds ln p(x|1)P(1) − ln p(x|0)P(0): the quadratic terms xᵀΣ⁻¹x cancel because Σ is shared. "
         "What is left is wᵀx + b with w = Σ⁻¹(μ₁ − μ₀) and b = −½μ₁ᵀΣ⁻¹μ₁ + ½μ₀ᵀΣ⁻¹μ₀ + ln(P(1)/P(0)).",
    wrong=(lambda mu0, mu1, cov, p: (np.linalg.solve(cov, mu1 - mu0),
                                     (mu0 @ np.linalg.solve(cov, mu0) - mu1 @ np.linalg.solve(cov, mu1)) / 2),
           lambda mu0, mu1, cov, p: (mu1 - mu0, (mu0 @ mu0 - mu1 @ mu1) / 2 + np.log(p / (1 - p)))),
)


# --------------------------------------------------------------------- 3.4 a loop that trains on 0/1 labels
def blobs():
    X, y01 = make_blobs(n_samples=200, centers=[[-1.5, -1.0], [1.5, 1.0]], cluster_std=1.0, random_state=0)
    return X, y01


def labels_zero_one(X, y01):
    """The broken loop of the starter cell: soft_margin_loss given the labels 0/1."""
    autograd.manual_seed(0)
    model = nn.Linear(2, 1)
    opt = optim.SGD(model.parameters(), lr=0.5)
    for _ in range(200):
        loss = F.soft_margin_loss(2 * model(X).reshape(-1), y01.float())
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


def _sign_flipped(X, y01):
    """A wrong answer: ±1 labels, but the loss ln(1 + e^m) grows with the margin."""
    autograd.manual_seed(0)
    model = nn.Linear(2, 1)
    opt = optim.SGD(model.parameters(), lr=0.5)
    y_pm = 2 * y01.float() - 1
    for _ in range(200):
        loss = (2 * y_pm * model(X).reshape(-1)).exp().log1p().mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


def check_zero_one_labels(train):
    """Train with the learner's loop; say what its model gets wrong."""
    X, y01 = blobs()
    model = train(X, y01)
    with autograd.no_grad():
        scores = model(X).reshape(-1).numpy()
    labels = y01.numpy()
    accuracy = float(((scores > 0) == (labels == 1)).mean())
    if accuracy < 0.5:
        raise Wrong(f"the trained model classifies only {accuracy:.0%} of the 200 points right: it learned the classes "
                    "the wrong way round. The loss must fall as the margin m = 2ys grows")
    if accuracy < 0.93:
        plus = int((scores > 0).sum())
        raise Wrong(f"the trained model classifies {accuracy:.0%} of the 200 points right and puts {plus} of them in "
                    "class +1. soft_margin_loss(x, y) = ln(1 + e^(−yx)) wants labels −1 and +1: a label 0 gives "
                    "ln 2 whatever the score, so those points pull on nothing")
    return f"the model classifies {accuracy:.1%} of the points right, as in section 4."


zero_one_labels = Exercise(
    "zero_one_labels", "3.4", "debug", "a loop whose model favours one class", check_zero_one_labels,
    hint="Print the labels the loss receives. The margin losses take y ∈ {−1, +1}: convert with 2·y01 − 1.",
    wrong=(labels_zero_one, _sign_flipped),
)


# ------------------------------------------------------------------------------- 3.5 the width of the margin band
def check_band_width(band_width):
    """The learner's distance between the lines m = −1 and m = +1 for a few weight vectors."""
    for w in (np.array([0.7867, 0.3857]), np.array([3.0, -4.0]), np.array([0.1, 0.2, -0.2])):
        got = float(as_array(band_width(w), f"band_width({w.tolist()})"))
        want = 1 / np.linalg.norm(w)
        if not np.isclose(got, want, rtol=1e-6):
            note = (" (that is the band of the usual margin y·s; here m = 2ys)" if np.isclose(got, 2 * want) else "")
            raise Wrong(f"band_width({w.tolist()}) is {got:.4g}, not the distance between the lines m = ±1{note}")
    return "The band between m = −1 and m = +1 is 1/‖w‖ wide: the smaller the weights, the wider the band."


band_width = Exercise(
    "band_width", "3.5", "derive", "the width of the SVM's margin band", check_band_width,
    hint="m = 2y(wᵀx + b) = ±1 means s = wᵀx + b = ±½. The distance from the line s = 0 to the line s = c is "
         "|c|/‖w‖.",
    wrong=(lambda w: 2 / np.linalg.norm(w), lambda w: 1 / (w @ w)),
)


# ------------------------------------------------------------------ 3.6 the perceptron from a zero start: predict
def perceptron_blobs():
    X, y01 = make_blobs(n_samples=100, centers=[[-1.5, 1.0], [1.5, -1.0]], cluster_std=0.7, random_state=1)
    return X, 2.0 * y01.float() - 1.0


def perceptron_epoch_from_zero(step_on_relu=True):
    """[w1, w2, b] after one epoch of the section-6 perceptron started at zero; its steps differentiate
    (−m).relu() (step_on_relu) or −m."""
    X, y = perceptron_blobs()
    model = nn.Linear(2, 1)
    with autograd.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    opt = optim.SGD(model.parameters(), lr=0.1)
    for i in np.random.default_rng(0).permutation(len(X)):
        m = 2 * y[i] * model(X[i:i + 1]).reshape(())
        if m.item() <= 0:
            opt.zero_grad()
            ((-m).relu() if step_on_relu else -m).backward()
            opt.step()
    return [*model.weight.detach().numpy().ravel().tolist(), model.bias.item()]


def check_perceptron_from_zero(prediction):
    """The learner's predicted [w1, w2, b] against one epoch of the loop."""
    if prediction is Ellipsis:
        raise NotAttempted
    got = as_array(prediction, "your prediction [w1, w2, b]")
    if got.shape != (3,):
        raise Wrong(f"give three numbers [w1, w2, b]; got shape {got.shape}")
    truth = np.array(perceptron_epoch_from_zero())
    if not np.allclose(got, truth, atol=1e-6):
        raise Wrong(f"after one epoch the parameters are not {got.round(4).tolist()}. At w = 0, b = 0 every margin "
                    "is exactly 0: what gradient does (−m).relu() send back at m = 0?")
    return ("Nothing moved: at m = 0 autograd takes relu′(0) = 0, so every step is zero, although every example "
            "counts as a mistake. Rosenblatt's rule steps at m = 0 too: differentiate −m on a mistake.")


perceptron_from_zero = Exercise(
    "perceptron_from_zero", "3.6", "predict", "the perceptron started at zero", check_perceptron_from_zero,
    hint="Start at w = 0, b = 0 and take the first example: what is its margin m, and what does backward() of "
         "(−m).relu() give at that m? The same holds for the next example, and the next.",
    wrong=([0.3, -0.2, 0.0], [1.0, 1.0, 1.0]),
)

sheet = Sheet("nb03", [logistic_gradient, hinge_loss, gaussian_posterior, zero_one_labels, band_width,
                       perceptron_from_zero])
check, hint, solution = sheet.check, sheet.hint, sheet.solution
