"""Small datasets generated on the spot, for the course's classification and regression exercises.

Features come as float32 tensors, class labels as int64 tensors. `random_state`: None (glassgrad's
generator, see autograd.manual_seed), an int seed, or a NumPy Generator.
"""
from collections import namedtuple

import numpy as np

from autograd import Tensor

from .seeding import as_generator

Regression = namedtuple("Regression", ["X", "y", "weight", "bias"])


def _features(array):
    return Tensor(np.asarray(array, dtype=np.float32))


def _labels(array):
    return Tensor(np.asarray(array, dtype=np.int64))


def make_moons(n_samples=100, noise=0.0, random_state=None):
    """Two interleaving half circles in 2-D (scikit-learn's recipe): class 0 is the upper arc
    (cos t, sin t), class 1 the lower one (1 − cos t, ½ − sin t), t ∈ [0, π], plus N(0, noise²) jitter.

    Returns X (n_samples, 2), y (n_samples,).
    """
    rng = as_generator(random_state)
    n_upper = n_samples // 2
    n_lower = n_samples - n_upper
    t_upper = np.linspace(0, np.pi, n_upper)
    t_lower = np.linspace(0, np.pi, n_lower)
    X = np.concatenate([
        np.stack([np.cos(t_upper), np.sin(t_upper)], axis=1),
        np.stack([1 - np.cos(t_lower), 0.5 - np.sin(t_lower)], axis=1),
    ])
    X += noise * rng.standard_normal(X.shape)
    y = np.repeat([0, 1], [n_upper, n_lower])
    return _features(X), _labels(y)


def make_spirals(n_samples_per_class=100, n_classes=3, noise=0.2, random_state=None):
    """n_classes interleaved spiral arms in 2-D (CS231n's dataset, not linearly separable).

    Arm k: radius r from 0 to 1 and angle θ from 4k to 4(k + 1) (plus N(0, noise²)),
    point (r sin θ, r cos θ). Returns X (n_classes · n_samples_per_class, 2), y, in class order.
    """
    rng = as_generator(random_state)
    radius = np.linspace(0.0, 1.0, n_samples_per_class)
    arm = np.arange(n_classes)[:, None]
    # θ turns with r: 4k at the centre, 4(k + 1) at the rim
    angle = 4 * (arm + radius) + noise * rng.standard_normal((n_classes, n_samples_per_class))
    X = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=-1).reshape(-1, 2)
    y = np.repeat(np.arange(n_classes), n_samples_per_class)
    return _features(X), _labels(y)


def make_blobs(n_samples=100, n_features=2, centers=3, cluster_std=1.0, center_box=(-10.0, 10.0),
               random_state=None, return_centers=False):
    """Isotropic Gaussian clusters: class k is N(c_k, cluster_std_k² I).

    centers: how many (their positions uniform in center_box), or an array (k, n_features).
    The first n_samples mod k classes get one sample more. Returns X, y (and the centers).
    """
    rng = as_generator(random_state)
    if np.ndim(centers) == 0:
        centers = rng.uniform(*center_box, size=(int(centers), n_features))
    centers = np.asarray(centers, dtype=np.float64)
    k = len(centers)
    counts = np.full(k, n_samples // k)
    counts[: n_samples % k] += 1
    y = np.repeat(np.arange(k), counts)
    std = np.broadcast_to(np.asarray(cluster_std, dtype=np.float64), (k,))
    X = centers[y] + std[y, None] * rng.standard_normal((n_samples, centers.shape[1]))
    result = (_features(X), _labels(y))
    return result + (_features(centers),) if return_centers else result


def make_regression(n_samples=100, n_features=1, noise=0.0, weight=None, bias=0.0, random_state=None):
    """A linear model with known parameters: y = X w + b + ε, X ~ N(0, I), ε ~ N(0, noise²).

    weight: the true w (n_features,), drawn from N(0, 1) when not given. Returns
    Regression(X (n_samples, n_features), y (n_samples, 1), weight (n_features,), bias), a named tuple.
    """
    rng = as_generator(random_state)
    weight = rng.standard_normal(n_features) if weight is None else np.asarray(weight, dtype=np.float64)
    X = rng.standard_normal((n_samples, len(weight)))
    y = X @ weight + bias + noise * rng.standard_normal(n_samples)
    return Regression(_features(X), _features(y[:, None]), _features(weight), float(bias))


def make_sine(n_samples=20, noise=0.1, random_state=None):
    """Noisy samples of one sine period (Bishop's curve-fitting example): x ~ U(0, 1) sorted,
    y = sin(2πx) + ε, ε ~ N(0, noise²). Returns x (n_samples, 1), y (n_samples, 1)."""
    rng = as_generator(random_state)
    x = np.sort(rng.uniform(0.0, 1.0, n_samples))
    y = np.sin(2 * np.pi * x) + noise * rng.standard_normal(n_samples)
    return _features(x[:, None]), _features(y[:, None])


def make_polynomial(n_samples=100, coefficients=(5.0, 1.2, -3.4, 5.6), noise=0.1, x_range=(-1.0, 1.0),
                    random_state=None):
    """Noisy samples of a polynomial: x ~ U(x_range) sorted, y = Σ_k c_k x^k + ε, ε ~ N(0, noise²)
    (coefficients c_0, c_1, ... in increasing degree). Returns x (n_samples, 1), y (n_samples, 1)."""
    rng = as_generator(random_state)
    x = np.sort(rng.uniform(*x_range, n_samples))
    y = np.polynomial.polynomial.polyval(x, coefficients) + noise * rng.standard_normal(n_samples)
    return _features(x[:, None]), _features(y[:, None])
