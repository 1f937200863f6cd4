"""Exercises of notebook 03 (logistic regression and margins). Solutions: solutions/nb03.py."""
import numpy as np

import autograd
import nn
import nn.functional as F
import optim
from exercises import Exercise, NotAttempted, Sheet, Wrong, as_array, compare, factor_note
from nn.data import make_blobs


def pair(answer, what):
    """The learner's (grad_w, grad_b) as two arrays."""
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise Wrong(f"{what} should return a pair (grad_w, grad_b)")
    return as_array(answer[0], f"{what}'s grad_w"), as_array(answer[1], f"{what}'s grad_b")


# ------------------------------------------------------------------- 3.1 the gradient of the logistic loss
def logistic_problem():
    rng = np.random.default_rng(3)
    return rng.standard_normal((30, 2)), rng.choice([-1.0, 1.0], 30), rng.standard_normal(2), 0.4


def logistic_gradient_with(X, y, w, b, dloss_dm):
    """(grad_w, grad_b) of mean ℓ(m_n), m_n = 2y_n(wᵀx_n + b), for a given derivative dℓ/dm (NumPy)."""
    pull = dloss_dm(2 * y * (X @ w + b)) * 2 * y
    return (X * pull[:, None]).mean(axis=0), pull.mean()


def check_logistic_gradient(logistic_gradient):
    """The learner's gradient of mean ln(1 + e^(−m)), m = 2y(wᵀx + b), against backward(); the typical mistakes
    (the sign inside σ, a lost factor, the sum for the mean, a shape) are named."""
    X, y, w, b = logistic_problem()
    n, d = X.shape
    got_w, got_b = pair(logistic_gradient(X, y, w, b), "logistic_gradient(X, y, w, b)")
    if got_w.shape != (d,):
        turned = " (a row or a column: this notebook's w is a flat vector)" if got_w.size == d else ""
        raise Wrong(f"grad_w has shape {got_w.shape}; it must have the shape of w, ({d},){turned}")
    if got_b.shape != ():
        raise Wrong(f"grad_b has shape {got_b.shape}; in this notebook b is a number (0-d), so grad_b is one "
                    "number too")
    wt, bt = autograd.tensor(w, requires_grad=True), autograd.tensor(b, dtype=autograd.float64, requires_grad=True)
    margins = 2 * autograd.tensor(y) * (autograd.tensor(X) @ wt + bt)
    (-margins).exp().log1p().mean().backward()
    mirrored = logistic_gradient_with(X, y, w, b, lambda m: -1 / (1 + np.exp(-m)))     # −σ(m) for −σ(−m)
    for got, want, other, name in ((got_w, wt.grad.numpy(), mirrored[0], "grad_w"),
                                   (got_b, bt.grad.numpy(), mirrored[1], "grad_b")):
        if np.allclose(got, want, rtol=1e-6, atol=1e-9):
            continue
        if np.allclose(got, other, rtol=1e-6, atol=1e-9) or np.allclose(got, -other, rtol=1e-6, atol=1e-9):
            raise Wrong(f"{name} is what you get with dℓ/dm evaluated at −m instead of m: check your dℓ/dm against the "
                        "right panel, where it is near 0 for large positive margins and near −1 for negative ones")
        note = factor_note(got, want, {0.5: "the factor 2 of m = 2y(wᵀx + b) is lost", 2.0: "a factor 2 too many",
                                       float(n): f"the sum over the {n} examples, not the mean",
                                       -float(n): f"the sign is flipped, and the sum over the {n} examples taken"})
        raise Wrong(f"{name} disagrees with backward() on 30 random examples{note}")
    return "It equals backward()'s: −(1/N) Σ σ(−m_n) · 2 y_n x_n, and the same without x_n for b."


def _descent_direction(X, y, w, b):
    """The right gradient, from which the shape and sum mistakes among the wrong answers are made."""
    return logistic_gradient_with(X, y, w, b, lambda m: -1 / (1 + np.exp(m)))


logistic_gradient = Exercise(
    "logistic_gradient", "3.1", "derive", "the gradient of the logistic loss of the margin", check_logistic_gradient,
    hint="The chain rule: dℓ/dw = dℓ/dm · dm/dw. The right panel above gives dℓ/dm (as a function of m); dm/dw and "
         "dm/db follow from this notebook's m = 2y(wᵀx + b). Then average over the N examples. Shapes: X is (N, d) "
         "and w is (d,), so grad_w is (d,); b is a number, so grad_b is a number.",
    wrong=(lambda X, y, w, b: (-(X * (y / (1 + np.exp(2 * y * (X @ w + b))))[:, None]).mean(axis=0),
                               -(y / (1 + np.exp(2 * y * (X @ w + b)))).mean()),               # the factor 2 lost
           lambda X, y, w, b: ((X * (2 * y / (1 + np.exp(2 * y * (X @ w + b))))[:, None]).mean(axis=0),
                               (2 * y / (1 + np.exp(2 * y * (X @ w + b)))).mean()),           # uphill
           lambda X, y, w, b: logistic_gradient_with(X, y, w, b, lambda m: -1 / (1 + np.exp(-m))),  # −σ(m)
           lambda X, y, w, b: tuple(30 * g for g in _descent_direction(X, y, w, b)),           # the sum
           lambda X, y, w, b: (_descent_direction(X, y, w, b)[0][None, :], _descent_direction(X, y, w, b)[1]),
           lambda X, y, w, b: (_descent_direction(X, y, w, b)[0], np.array([_descent_direction(X, y, w, b)[1]]))),)


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
        perceptron = np.maximum(0, -y_values * x_values).mean()
        note = (" (that is max(0, −y x), the perceptron loss: the hinge asks for a margin of 1)"
                if np.isclose(value, perceptron) else factor_note(value, want, {15.0: "the sum over the 15 examples, "
                                                                                "not the mean"}))
        raise Wrong(f"on 15 examples hinge_loss(x, y) is {float(value):.6g}, F.hinge_loss gives {want:.6g}{note}")
    if not hasattr(mine, "backward"):
        raise Wrong("hinge_loss should return a tensor built from tensor operations, so that backward() works")
    mine.backward()
    ref.backward()
    compare(x_mine.grad, x_ref.grad, "the gradient of your hinge_loss with respect to x")
    return "The value and the gradient match F.hinge_loss, at the kink m = 1 too."


hinge_loss = Exercise(
    "hinge_loss", "3.2", "implement", "the hinge loss from primitives", check_hinge_loss,
    hint="Elementwise max(0, z) is an activation function you know under another name, and a tensor method. "
         "Build z from x and y with tensor arithmetic, then reduce as F.hinge_loss's default reduction does.",
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
            if np.allclose(got, 1 - want, rtol=1e-6, atol=1e-9):
                raise Wrong("σ(wᵀx + b) is 1 − the posterior at every point: yours is P(y = 0 | x), the classes "
                            "swapped")
            logit_gap = (x @ w + float(b)) - (gaussian_log_density(x, mu1, cov) + np.log(prior1)
                                              - gaussian_log_density(x, mu0, cov) - np.log(1 - prior1))
            note = ""
            if np.allclose(logit_gap, logit_gap[0], atol=1e-6):
                note = (f": the boundary's direction is right, but b is off by {logit_gap[0]:.4g}"
                        + (", which is ±ln(P(1)/P(0)), the priors' part" if np.isclose(abs(logit_gap[0]),
                                                                         abs(np.log(prior1 / (1 - prior1))))
                           else ""))
            raise Wrong(f"with prior P(y=1) = {prior1}, at x = {x[k].round(2).tolist()} σ(wᵀx + b) = {got[k]:.4f} but "
                        f"Bayes' theorem gives {want[k]:.4f}{note}")
    return "σ(wᵀx + b) equals the posterior Bayes' theorem gives, with equal and with unequal priors."


gaussian_posterior = Exercise(
    "gaussian_posterior", "3.3", "derive", "logistic regression from Bayes' theorem", check_gaussian_posterior,
    hint="Write a = ln p(x|1)P(1) − ln p(x|0)P(0) with ln N(x; μ, Σ) = −½(x − μ)ᵀΣ⁻¹(x − μ) + const, and expand "
         "the quadratic forms: xᵀΣ⁻¹x and the normalising constants cancel (Σ is shared). Collect what multiplies x "
         "(that is w, shape (d,)) and what does not (b, a number; the priors end up there). Σ⁻¹v is "
         "np.linalg.solve(cov, v).",
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
                    "the wrong way round")
    if accuracy < 0.93:
        plus = int((scores > 0).sum())
        counts = np.bincount(labels.astype(int), minlength=2)
        raise Wrong(f"the trained model classifies {accuracy:.0%} of the 200 points right and puts {plus} of them in "
                    f"class 1, although the classes hold {counts[0]} and {counts[1]}: the boundary is pushed deep into "
                    "class 0, as if its points had no say")
    return f"the model classifies {accuracy:.1%} of the points right, as in section 4."


zero_one_labels = Exercise(
    "zero_one_labels", "3.4", "debug", "a loop whose model favours one class", check_zero_one_labels,
    hint="Print the labels the loss receives, and evaluate soft_margin_loss's formula ln(1 + e^(−yx)) for a point "
         "of class 0 at a few scores x: how much does it change? Which labels do section 3's margin losses expect?",
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
    hint="On which lines s = wᵀx + b = c is the margin m = 2ys equal to ±1? The lines s = c₁ and s = c₂ are "
         "parallel; walk from one to the other along the unit vector w/‖w‖ and see how fast s changes.",
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
