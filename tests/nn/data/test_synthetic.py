"""The generated datasets: shapes, dtypes, classes, reproducibility, and their defining formulas."""
from functools import partial

import numpy as np
import pytest

from nn.data import make_blobs, make_moons, make_polynomial, make_regression, make_sine, make_spirals


def test_moons_lie_on_their_half_circles_without_noise():
    X, y = make_moons(101, random_state=0)
    assert X.shape == (101, 2) and X.dtype == np.float32 and y.dtype == np.int64
    assert np.bincount(y._data).tolist() == [50, 51]
    upper, lower = X._data[y._data == 0], X._data[y._data == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1, rtol=1e-6)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1, rtol=1e-6)
    assert np.all(upper[:, 1] >= 0) and np.all(lower[:, 1] <= 0.5 + 1e-6)


def test_spirals_arms_and_radii():
    X, y = make_spirals(50, n_classes=4, noise=0.0, random_state=0)
    assert X.shape == (200, 2) and np.bincount(y._data).tolist() == [50] * 4
    radius = np.hypot(*X._data.T).reshape(4, 50)
    np.testing.assert_allclose(radius, np.tile(np.linspace(0, 1, 50), (4, 1)), atol=1e-6)
    angle = np.arctan2(X._data[:, 0], X._data[:, 1]).reshape(4, 50)[:, -1]  # at the rim θ = 4(k + 1)
    np.testing.assert_allclose(np.cos(angle), np.cos(4 * np.arange(1, 5)), atol=1e-5)


def test_blobs_gather_around_their_centers():
    X, y, centers = make_blobs(1000, n_features=3, centers=4, cluster_std=0.5, random_state=1, return_centers=True)
    assert X.shape == (1000, 3) and centers.shape == (4, 3) and np.bincount(y._data).tolist() == [250] * 4
    for k in range(4):
        members = X._data[y._data == k]
        np.testing.assert_allclose(members.mean(0), centers._data[k], atol=0.15)
        np.testing.assert_allclose(members.std(0), 0.5, atol=0.08)
    X, y = make_blobs(7, centers=[[0.0, 0.0], [5.0, 5.0]], cluster_std=[0.1, 1.0], random_state=0)
    assert np.bincount(y._data).tolist() == [4, 3]


def test_regression_is_linear_in_the_returned_weights():
    data = make_regression(50, 3, noise=0.0, bias=2.5, random_state=0)
    X, y, w, b = data
    assert X.shape == (50, 3) and y.shape == (50, 1) and w.shape == (3,) and b == 2.5
    np.testing.assert_allclose(y._data[:, 0], X._data @ w._data + b, rtol=1e-5)
    noisy = make_regression(20000, weight=[2.0, -3.4], bias=4.2, noise=0.5, random_state=0)
    residual = noisy.y._data[:, 0] - noisy.X._data @ np.array([2.0, -3.4]) - 4.2
    assert abs(residual.std() - 0.5) < 0.01 and np.array_equal(noisy.weight._data, np.float32([2.0, -3.4]))


def test_curves_follow_their_formulas():
    x, y = make_sine(30, noise=0.0, random_state=0)
    assert x.shape == y.shape == (30, 1) and np.all(np.diff(x._data[:, 0]) >= 0)
    np.testing.assert_allclose(y._data, np.sin(2 * np.pi * x._data), atol=1e-6)
    x, y = make_polynomial(40, coefficients=(1.0, 0.0, -2.0), noise=0.0, x_range=(-2, 2), random_state=0)
    assert np.all(np.abs(x._data) <= 2)
    np.testing.assert_allclose(y._data, 1 - 2 * x._data**2, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "make", [partial(make_moons, noise=0.1), make_spirals, make_blobs, make_regression, make_sine, make_polynomial]
)
def test_same_seed_same_data(make):
    first, again, other = make(random_state=3), make(random_state=3), make(random_state=4)
    assert all(np.array_equal(a._data, b._data) for a, b in zip(first, again, strict=True) if hasattr(a, "data"))
    assert any(not np.array_equal(a._data, b._data) for a, b in zip(first, other, strict=True) if hasattr(a, "data"))


def test_bad_random_state():
    with pytest.raises(TypeError, match="an int seed or a numpy.random.Generator, got str"):
        make_moons(random_state="0")
