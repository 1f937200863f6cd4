"""Nadaraya–Watson kernel regression against a naive double loop, hand-worked cases and gradcheck."""
import math

import numpy as np
import pytest

import autograd
from nn import functional as F

RNG = np.random.default_rng(6)

KERNEL_FORMULAS = {
    "gaussian": lambda u: math.exp(-u * u / 2),
    "boxcar": lambda u: 1.0 if abs(u) <= 1 else 0.0,
    "epanechnikov": lambda u: 0.75 * (1 - u * u) if abs(u) <= 1 else 0.0,
}


def leaf(array):
    return autograd.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


def naive_nadaraya_watson(queries, keys, values, kernel, bandwidth):
    predictions = []
    for x in queries:
        k = [KERNEL_FORMULAS[kernel](np.linalg.norm(np.atleast_1d(x - xi)) / bandwidth) for xi in keys]
        predictions.append(sum(ki * yi for ki, yi in zip(k, values, strict=True)) / sum(k))
    return np.array(predictions)


@pytest.mark.parametrize("kernel", ["gaussian", "boxcar", "epanechnikov"])
@pytest.mark.parametrize("bandwidth", [0.7, 2.0])
def test_matches_naive_double_loop(kernel, bandwidth):
    keys = np.sort(RNG.uniform(0, 5, 30))
    values = 2 * np.sin(keys) + keys
    queries = np.linspace(0.5, 4.5, 7)
    predictions = F.nadaraya_watson(leaf(queries), leaf(keys), leaf(values), kernel=kernel, bandwidth=bandwidth)
    np.testing.assert_allclose(predictions.detach().numpy(), naive_nadaraya_watson(queries, keys, values, kernel, bandwidth))


def test_vector_features_and_vector_values():
    queries, keys, values = RNG.standard_normal((3, 2)), RNG.standard_normal((6, 2)), RNG.standard_normal((6, 2))
    predictions = F.nadaraya_watson(leaf(queries), leaf(keys), leaf(values), bandwidth=1.5)
    for column in range(2):
        np.testing.assert_allclose(
            predictions.detach().numpy()[:, column], naive_nadaraya_watson(queries, keys, values[:, column], "gaussian", 1.5)
        )


def test_hand_worked_cases():
    # a query halfway between two keys weighs them equally
    halfway = F.nadaraya_watson(leaf([1.0]), leaf([0.0, 2.0]), leaf([10.0, 20.0]))
    np.testing.assert_allclose(halfway.detach().numpy(), [15.0])
    # the boxcar averages exactly the keys within the bandwidth
    box = F.nadaraya_watson(leaf([0.0]), leaf([-0.5, 0.5, 3.0]), leaf([1.0, 2.0, 100.0]), kernel="boxcar")
    np.testing.assert_allclose(box.detach().numpy(), [1.5])
    # a tiny bandwidth picks the nearest key; the Gaussian weights stay finite far from every key
    nearest = F.nadaraya_watson(leaf([0.9, 1e4]), leaf([0.0, 1.0]), leaf([5.0, 7.0]), bandwidth=0.01)
    np.testing.assert_allclose(nearest.detach().numpy(), [7.0, 7.0])
    weights = F.kernel_weights(leaf([0.0, 1.0]), leaf([0.0, 1.0, 2.0]), kernel="epanechnikov", bandwidth=1.5)
    np.testing.assert_allclose(weights.detach().numpy().sum(1), 1.0)


@pytest.mark.parametrize("kernel", ["gaussian", "epanechnikov"])
def test_gradcheck_queries_keys_values_and_learned_bandwidth(kernel):
    queries, keys, values = RNG.uniform(0, 1, 3), RNG.uniform(0, 1, 4), RNG.standard_normal(4)
    inputs = [leaf(queries), leaf(keys), leaf(values), leaf(2.0)]
    assert autograd.gradcheck(lambda q, k, v, h: F.nadaraya_watson(q, k, v, kernel=kernel, bandwidth=h), inputs)


def test_boxcar_gradient_reaches_only_values():
    values = leaf([1.0, 2.0, 3.0])
    assert autograd.gradcheck(
        lambda v: F.nadaraya_watson(leaf([0.2]).detach(), leaf([0.0, 0.5, 3.0]).detach(), v, kernel="boxcar"),
        [values],
    )


def test_bad_input():
    with pytest.raises(ValueError, match="kernel must be one of"):
        F.nadaraya_watson(leaf([0.0]), leaf([0.0]), leaf([1.0]), kernel="cosine")
    with pytest.raises(ValueError, match=r"no key lies within the bandwidth 0.5 of queries \[1\]"):
        F.nadaraya_watson(leaf([0.0, 9.0]), leaf([0.0, 1.0]), leaf([1.0, 2.0]), kernel="boxcar", bandwidth=0.5)
    with pytest.raises(ValueError, match="same length"):
        F.nadaraya_watson(leaf([0.0]), leaf([0.0, 1.0]), leaf([1.0]))
    with pytest.raises(ValueError, match="same number of features"):
        F.kernel_weights(leaf(np.zeros((2, 2))), leaf(np.zeros((3, 3))))
