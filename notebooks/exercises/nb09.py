"""Exercises of notebook 09 (optimisation). Solutions: solutions/nb09.py."""
import numpy as np

import autograd
import optim
from exercises import Exercise, Sheet, Wrong, as_array

BOWL_CURVATURE = np.array([0.2, 4.0])  # f(θ) = 0.1 θ₁² + 2 θ₂², ∇f = (0.2 θ₁, 4 θ₂): the notebook's bowl
START = np.array([-5.0, -2.0])


def bowl_gradient(theta):
    """∇f(θ) of the notebook's bowl f = 0.1 θ₁² + 2 θ₂²."""
    return BOWL_CURVATURE * theta


def optimizer_path(make_optimizer, steps):
    """The points optim's optimizer visits on the bowl from START: (steps + 1, 2)."""
    p = autograd.tensor(START.copy(), requires_grad=True)
    optimizer = make_optimizer([p])
    path = [START.copy()]
    for _ in range(steps):
        optimizer.zero_grad()
        (0.1 * p[0] ** 2 + 2 * p[1] ** 2).backward()
        optimizer.step()
        path.append(p.detach().numpy().copy())
    return np.array(path)


def compare_paths(got, expected, who):
    """Wrong at the first step where the learner's path leaves the optimizer's."""
    for t in range(1, len(expected)):
        if not np.allclose(got[t], expected[t], rtol=1e-6, atol=1e-9):
            raise Wrong(f"after step {t} your θ is {np.round(got[t], 6).tolist()}, {who} reaches "
                        f"{np.round(expected[t], 6).tolist()}" + (" (the very first step already differs)"
                                                                  if t == 1 else f" (steps 1 to {t - 1} agree)"))


# -------------------------------------------------------------------------------------- 9.1 momentum by hand
def check_momentum_step(momentum_step):
    """30 steps of the learner's update on the bowl against optim.SGD(lr=0.3, momentum=0.5)."""
    theta, buf = START.copy(), np.zeros(2)
    path = [theta.copy()]
    for _ in range(30):
        result = momentum_step(theta.copy(), bowl_gradient(theta), buf.copy(), 0.3, 0.5)
        if not (isinstance(result, tuple) and len(result) == 2):
            raise Wrong("momentum_step should return two arrays: (new θ, new buffer)")
        theta, buf = (as_array(r, "momentum_step's result") for r in result)
        if theta.shape != (2,) or buf.shape != (2,):
            raise Wrong(f"momentum_step returned arrays of shapes {theta.shape} and {buf.shape}; expected (2,) each")
        path.append(theta.copy())
    expected = optimizer_path(lambda ps: optim.SGD(ps, lr=0.3, momentum=0.5), 30)
    first, right = path[1] - START, expected[1] - START
    if not np.allclose(first, right) and np.allclose(first, first[0] / right[0] * right):
        size = "does not move θ at all" if np.allclose(first, 0) else f"is {first[0] / right[0]:.3g} times optim's"
        raise Wrong(f"your first step {size}; optim's, with the buffer starting at 0, is a plain SGD step of lr × g")
    compare_paths(np.array(path), expected, "optim.SGD(lr=0.3, momentum=0.5)")
    return "30 steps on the bowl land exactly where optim.SGD(lr=0.3, momentum=0.5) goes."


momentum = Exercise(
    "momentum_step", "9.2", "implement", "the momentum update of optim.SGD", check_momentum_step,
    hint="Follow PyTorch's row of the table above to the letter: which comes first, the new buffer or the step, "
         "and does the step use the old buffer or the new one? Is there a factor 1 − μ on g? With the buffer at 0 "
         "the first step must be plain SGD's.",
    wrong=(lambda theta, g, buf, lr, mu: (theta - lr * (mu * buf + (1 - mu) * g), mu * buf + (1 - mu) * g),
           lambda theta, g, buf, lr, mu: (theta - lr * buf, mu * buf + g)),
)


# -------------------------------------------------------------------------------------------- 9.2 Adam by hand
def check_adam_step(adam_step):
    """30 steps of the learner's update on the bowl against optim.Adam(lr=0.5, betas=(0.8, 0.99))."""
    theta, m, v = START.copy(), np.zeros(2), np.zeros(2)
    path = [theta.copy()]
    for t in range(1, 31):
        result = adam_step(theta.copy(), bowl_gradient(theta), m.copy(), v.copy(), t, 0.5, 0.8, 0.99, 1e-8)
        if not (isinstance(result, tuple) and len(result) == 3):
            raise Wrong("adam_step should return three arrays: (new θ, new m, new v)")
        theta, m, v = (as_array(r, "adam_step's result") for r in result)
        if theta.shape != (2,) or m.shape != (2,) or v.shape != (2,):
            raise Wrong(f"adam_step returned arrays of shapes {theta.shape}, {m.shape} and {v.shape}; expected (2,) "
                        "each, the shape of θ")
        path.append(theta.copy())
    expected = optimizer_path(lambda ps: optim.Adam(ps, lr=0.5, betas=(0.8, 0.99)), 30)
    first = path[1] - START
    if np.allclose(np.abs(first), [0.5 * 0.2 / 0.1, 0.5 * 0.2 / 0.1]):
        raise Wrong(f"your first step moves θ by {first.round(4).tolist()}, (1 − β₁)/√(1 − β₂) = 2 times Adam's "
                    "first step of lr = 0.5 per coordinate: the averages m and v, started at 0, are used as they are")
    compare_paths(np.array(path), expected, "optim.Adam(lr=0.5, betas=(0.8, 0.99))")
    return "30 steps on the bowl land exactly where optim.Adam(lr=0.5, betas=(0.8, 0.99)) goes."


def _adam_without_correction(theta, g, m, v, t, lr, beta1, beta2, eps):
    m, v = beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g * g
    return theta - lr * m / (np.sqrt(v) + eps), m, v


def _adam_correcting_m_only(theta, g, m, v, t, lr, beta1, beta2, eps):
    m, v = beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g * g
    return theta - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v) + eps), m, v


adam = Exercise(
    "adam_step", "9.3", "implement", "Adam's update with its bias correction", check_adam_step,
    hint="m and v are running averages of g and of g² with the weights β₁ and β₂ (the table's Adam row); return "
         "them uncorrected. The step uses both divided by the correction factors of the statement. Check at t = 1: "
         "the corrected averages should then be exactly g and g², so the first step is lr per coordinate.",
    wrong=(_adam_without_correction, _adam_correcting_m_only),
)


# ---------------------------------------------------------------------------- 9.3 the largest stable rate
A = np.array([[5.0, 2.0], [2.0, 2.0]])


def gradient_descent_norms(lr, steps=200):
    """|θ_t| of gradient descent with rate lr on f = ½θᵀAθ from θ₀ = (1, 1)."""
    theta, norms = np.ones(2), []
    with np.errstate(over="ignore", invalid="ignore"):   # a diverging run overflows: its norm is inf, as it should be
        for _ in range(steps):
            theta = theta - lr * A @ theta
            norms.append(np.linalg.norm(theta))
    return np.array(norms)


def check_lr_max(lr_max):
    """The largest rate with which gradient descent on ½θᵀAθ converges is 2/λ_max(A) = 2/6."""
    value = float(as_array(lr_max, "lr_max"))
    truth = 2 / np.linalg.eigvalsh(A).max()
    if abs(value - truth) > 0.01:
        verdict = "diverges" if gradient_descent_norms(value)[-1] > 1 else "still converges, so it is not the largest"
        extra = (" 2/5 reads the curvature off the diagonal; the curvature is largest along an eigenvector of A, "
                 "which is not an axis here." if abs(value - 0.4) < 0.01 else "")
        raise Wrong(f"gradient descent with lr = {value:.4g} {verdict}.{extra}")
    return (f"λ(A) = 6 and 1, so the limit is 2/6 = {truth:.4f}: along the eigenvector of λ = 6 each step multiplies "
            "the error by 1 − 6η, which has |1 − 6η| < 1 only for η < 1/3.")


lr_max = Exercise(
    "lr_max", "9.1", "predict", "where gradient descent starts to diverge", check_lr_max,
    hint="Write θ in the eigenvectors of A: gradient descent θ ← θ − ηAθ multiplies the component along an "
         "eigenvector with eigenvalue λ by 1 − ηλ each step. It shrinks when |1 − ηλ| < 1. The eigenvalues of "
         "[[a, b], [b, c]] solve λ² − (a + c)λ + (ac − b²) = 0.",
    wrong=(0.4, 0.5, 2.0, 1 / 6),
)


# ------------------------------------------------------------------------ 9.4 the variance of a minibatch mean
def check_minibatch_variance(minibatch_variance):
    """var(1/B Σ gᵢ) = σ²/B for B independent draws of variance σ²."""
    for sigma2, batch in ((1.0, 1), (1.0, 16), (4.0, 10), (0.5, 64)):
        what = f"minibatch_variance(sigma2={sigma2}, batch_size={batch})"
        got = float(as_array(minibatch_variance(sigma2, batch), what))
        if not np.isclose(got, sigma2 / batch, rtol=1e-9):
            four_times = float(as_array(minibatch_variance(1.0, 64))) / float(as_array(minibatch_variance(1.0, 16)))
            raise Wrong(f"{what} is {got:.4g}, not the variance of the minibatch mean. With 4 times the batch "
                        f"(16 → 64) yours is multiplied by {four_times:.3g}: averaging 4 times as many independent "
                        "gradients, what happens to the variance?")
    return ("var = σ²/B: the sum of B independent gradients has variance Bσ², and dividing by B divides the "
            "variance by B². The standard deviation falls only like 1/√B: 4 times the batch, half the noise.")


minibatch_variance = Exercise(
    "minibatch_variance", "9.4", "derive", "the variance of the minibatch gradient", check_minibatch_variance,
    hint="ĝ = (1/B) Σᵢ gᵢ with the gᵢ independent, each of variance σ². Two rules: var(Σ independent) = Σ var, and "
         "var(cX) = c² var(X).",
    wrong=(lambda sigma2, B: sigma2 / B ** 0.5, lambda sigma2, B: sigma2, lambda sigma2, B: sigma2 * B),
)


# ------------------------------------------------------------------------ 9.5 a loop that steps its scheduler wrong
def minibatch_loss_maker(seed=0, dim=50, noise=1.0):
    """A noisy minibatch loss for w: ½|w|² + w·ε with fresh ε ~ N(0, noise²) on each call (gradient w + ε)."""
    gen = np.random.default_rng(seed)

    def minibatch_loss(w):
        return 0.5 * (w * w).sum() + (w * autograd.tensor(gen.normal(0, noise, dim))).sum()
    return minibatch_loss


def check_train_with_steplr(train_with_steplr):
    """The learner's loop: StepLR(step_size=10, gamma=0.3) must lower the rate once per 10 epochs, and the loss
    must go down."""
    w = autograd.tensor(np.full(50, 3.0), requires_grad=True)
    lrs = as_array(train_with_steplr(w, minibatch_loss_maker()), "the learning rates your loop returns")
    expected = 0.5 * 0.3 ** (np.arange(30) // 10)
    if lrs.shape != (30,):
        raise Wrong(f"the loop should return the learning rate of each of its 30 epochs; it returned shape "
                    f"{lrs.shape}")
    wrong = np.flatnonzero(~np.isclose(lrs, expected))
    if wrong.size:
        e = int(wrong[0])
        if np.allclose(lrs, 0.5 * 0.3 ** ((np.arange(30) + 1) // 10)):
            why = "it falls one epoch early each time"
        elif lrs[e] < expected[e]:
            why = (f"it falls too early, and fast: by epoch {min(29, e + 2)} it is "
                   f"{lrs[min(29, e + 2)]:.3g}, and after 30 epochs {lrs[-1]:.3g}")
        else:
            why = "it falls too late, or not at all"
        raise Wrong(f"in epoch {e} the learning rate is {lrs[e]:.4g}, expected {expected[e]:.4g} "
                    f"(0.5 · 0.3^⌊{e}/10⌋): {why}")
    final = 0.5 * float((w.detach() ** 2).mean().item())
    if not final < 0.1:
        raise Wrong(f"the schedule is right, but after 30 epochs ½w² is {final:.3g} per coordinate (it started at "
                    "4.5, and the noise floor is about 0.01): the loss does not settle")
    return (f"The rate is 0.5, 0.15, 0.045 for ten epochs each, and ½w² ends at {final:.3f} per coordinate, near "
            "the noise floor of the last rate.")


def _step_per_minibatch(w, minibatch_loss, epochs=30, batches=10):
    opt = optim.SGD([w], lr=0.5)
    scheduler = optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.3)
    lrs = []
    for _ in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        for _ in range(batches):
            opt.zero_grad()
            minibatch_loss(w).backward()
            opt.step()
            scheduler.step()
    return lrs


def _step_before_the_epoch(w, minibatch_loss, epochs=30, batches=10):
    opt = optim.SGD([w], lr=0.5)
    scheduler = optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.3)
    lrs = []
    for _ in range(epochs):
        scheduler.step()
        lrs.append(opt.param_groups[0]["lr"])
        for _ in range(batches):
            opt.zero_grad()
            minibatch_loss(w).backward()
            opt.step()
    return lrs


def _gradients_accumulate(w, minibatch_loss, epochs=30, batches=10):
    opt = optim.SGD([w], lr=0.5)
    scheduler = optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.3)
    lrs = []
    for _ in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        for _ in range(batches):
            minibatch_loss(w).backward()
            opt.step()
        scheduler.step()
    return lrs


train_with_steplr = Exercise(
    "train_with_steplr", "9.5", "debug", "a loop that steps its scheduler wrongly", check_train_with_steplr,
    hint="A scheduler counts its own step() calls: StepLR(step_size=10) multiplies the rate by gamma after every "
         "10 calls. Look at where scheduler.step() sits: inside the minibatch loop it runs 10 times an epoch.",
    wrong=(_step_per_minibatch, _step_before_the_epoch, _gradients_accumulate),
)

sheet = Sheet("nb09", [lr_max, momentum, adam, minibatch_variance, train_with_steplr])
check, hint, solution = sheet.check, sheet.hint, sheet.solution  # what the notebook calls, as ex.check(...)
