"""Reference solutions of notebook 10's exercises."""
import numpy as np

# 3 heads in 3 flips: the likelihood θ³ is largest at the edge, θ̂ = k/N = 1
coin_mle = 1.0


def categorical_nll(logits, targets):
    """mean over rows of −ln softmax(s)[y] = −(s_y − ln Σⱼ e^{sⱼ}), with logsumexp for large scores."""
    rows = np.arange(logits.shape[0])
    return -(logits[rows, targets.numpy()] - logits.logsumexp(dim=1)).mean()


def gaussian_mle(ys):
    """∂/∂μ = 0 gives μ̂ = ȳ; ∂/∂σ² = 0 gives σ̂² = (1/N) Σ (yᵢ − ȳ)² (divided by N, not N − 1)."""
    mu = ys.mean()
    return mu, ((ys - mu) ** 2).mean()


def log_marginal(log_joint):
    """ln Σ_z e^{a_z} = m + ln Σ_z e^{a_z − m} with m = max a_z: nothing overflows or underflows to 0."""
    m = log_joint.max()
    return m + np.log(np.exp(log_joint - m).sum())


def variational_bound(q, log_joint):
    """F(q) = Σ_z q(z)[−ln P(X, z) + ln q(z)], the terms with q(z) = 0 left out (0 ln 0 = 0)."""
    kept = q > 0
    return (q[kept] * (-log_joint[kept] + np.log(q[kept]))).sum()
