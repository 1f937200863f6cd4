"""autograd.distributions (torch.distributions under install_as_torch) against PyTorch: log_prob, entropy, mean,
variance, stddev and their gradients to the parameters match exactly; samples are glassgrad's own numbers, so
their shapes and dtypes match PyTorch's and their statistics are tested (fixed seeds, tolerances of several
standard errors); every invalid parameter or value gives PyTorch's error."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import autograd.distributions as D

torch = pytest.importorskip("torch")
TD = torch.distributions
ROOT = Path(__file__).resolve().parents[2]


def both(array, requires_grad=False):
    return autograd.tensor(array, requires_grad=requires_grad), torch.tensor(array, requires_grad=requires_grad)


def float32_rtol(dtype):
    """Sums of many float32 log-terms (Multinomial's entropy over its Binomial marginals) round differently
    from PyTorch's by a few units in the 5th digit; float64 agrees to 1e-5 and better."""
    return 1e-4 if np.dtype(dtype) == np.float32 else 1e-5


def close(mine, theirs, rtol=1e-6, atol=1e-6):
    assert mine.dtype == theirs.detach().numpy().dtype
    np.testing.assert_allclose(mine.detach().numpy(), theirs.detach().numpy(), rtol=rtol, atol=atol)


def compare(make, values, parameters, rtol=1e-6, entropy=True, entropy_atol=1e-6):
    """Build the distribution from each library's parameters; compare statistics, log_prob and the gradients of
    log_prob(values).sum() + entropy().sum() (when the distribution has one) to every parameter."""
    mine_params, their_params = zip(*(both(p, requires_grad=True) for p in parameters), strict=True)
    mine, theirs = make(D, *mine_params), make(TD, *their_params)
    assert tuple(mine.batch_shape) == tuple(theirs.batch_shape)
    assert tuple(mine.event_shape) == tuple(theirs.event_shape)
    for name in ("mean", "variance", "stddev"):
        close(getattr(mine, name), getattr(theirs, name), rtol=rtol)
    value, their_value = both(values)
    mine_out, their_out = mine.log_prob(value).sum(), theirs.log_prob(their_value).sum()
    close(mine.log_prob(value), theirs.log_prob(their_value), rtol=rtol)
    if entropy:
        close(mine.entropy(), theirs.entropy(), rtol=rtol, atol=entropy_atol)
        mine_out, their_out = mine_out + mine.entropy().sum(), their_out + theirs.entropy().sum()
    mine_out.backward()
    their_out.backward()
    for m, t in zip(mine_params, their_params, strict=True):
        # float32 gradients sum terms like 1/p and 1/(1 − p) that cancel: the two formulas round differently
        # (so in float32 an element near 0 is compared to the scale of the gradient's largest element)
        grad_rtol = rtol * 10 if m.dtype == np.float64 else 1e-4
        atol = 1e-6 if m.dtype == np.float64 else 1e-5 * max(1.0, float(np.abs(t.grad.numpy()).max()))
        np.testing.assert_allclose(m.grad.numpy(), t.grad.numpy(), rtol=grad_rtol, atol=atol)


shapes = st.sampled_from([(), (3,), (2, 3)])
dtypes = st.sampled_from([np.float32, np.float64])


@settings(max_examples=30, deadline=None)
@given(shape=shapes, dtype=dtypes, seed=st.integers(0, 2**16))
def test_normal_matches_torch(shape, dtype, seed):
    rng = np.random.default_rng(seed)
    loc, scale = rng.normal(size=shape).astype(dtype), rng.uniform(0.1, 3, size=shape).astype(dtype)
    values = rng.normal(size=(4, *shape)).astype(dtype)
    compare(lambda lib, loc, scale: lib.Normal(loc, scale), values, [loc, scale])


@settings(max_examples=30, deadline=None)
@given(shape=shapes, dtype=dtypes, use_logits=st.booleans(), seed=st.integers(0, 2**16))
def test_bernoulli_matches_torch(shape, dtype, use_logits, seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 2, size=(4, *shape)).astype(dtype)
    if use_logits:
        compare(lambda lib, x: lib.Bernoulli(logits=x), values, [rng.normal(0, 3, size=shape).astype(dtype)])
    else:
        compare(lambda lib, p: lib.Bernoulli(probs=p), values, [rng.uniform(0.01, 0.99, size=shape).astype(dtype)])


def test_gradients_at_a_zero_logit_match_torch():
    """Bernoulli(probs=0.5) has logit 0 exactly, where a max(x, 0)-based softplus would take a one-sided slope."""
    values = np.array([0.0, 1.0, 1.0], np.float32)
    compare(lambda lib, p: lib.Bernoulli(probs=p), values, [np.array([0.5, 0.5, 0.25], np.float32)])
    compare(lambda lib, x: lib.Bernoulli(logits=x), values, [np.array([0.0, 0.0, 1.0], np.float32)])
    compare(lambda lib, p: lib.Multinomial(4, probs=p), np.array([2.0, 2.0]), [np.array([0.5, 0.5])])


def test_bernoulli_at_certain_outcomes_matches_torch():
    """p = 0 and p = 1: logarithms of the clamped probabilities, as PyTorch."""
    (p, tp), (v, tv) = both(np.array([0.0, 1.0, 0.0, 1.0], np.float32)), both(np.array([0.0, 1.0, 1.0, 0.0]))
    close(D.Bernoulli(p).log_prob(v.float()), TD.Bernoulli(tp).log_prob(tv.float()))
    close(D.Bernoulli(p).entropy(), TD.Bernoulli(tp).entropy())


@settings(max_examples=30, deadline=None)
@given(batch=st.sampled_from([(), (2,), (2, 3)]), k=st.integers(1, 5), dtype=dtypes, use_logits=st.booleans(),
       seed=st.integers(0, 2**16))
def test_categorical_matches_torch(batch, k, dtype, use_logits, seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(0, k, size=(3, *batch))
    if use_logits:
        parameter = rng.normal(0, 2, size=(*batch, k)).astype(dtype)
        make = lambda lib, x: lib.Categorical(logits=x)  # noqa: E731
    else:
        parameter = rng.uniform(0.1, 5, size=(*batch, k)).astype(dtype)  # not normalised: both divide by the sum
        make = lambda lib, p: lib.Categorical(probs=p)  # noqa: E731
    mine_param, their_param = both(parameter, requires_grad=True)
    mine, theirs = make(D, mine_param), make(TD, their_param)
    assert tuple(mine.batch_shape) == tuple(theirs.batch_shape) and tuple(mine.event_shape) == ()
    close(mine.probs, theirs.probs)
    close(mine.logits, theirs.logits)
    assert np.isnan(mine.mean.numpy()).all() and mine.mean.shape == tuple(theirs.mean.shape)
    (value, their_value) = both(values)
    close(mine.log_prob(value), theirs.log_prob(their_value))
    close(mine.entropy(), theirs.entropy())
    (mine.log_prob(value).sum() + mine.entropy().sum()).backward()
    (theirs.log_prob(their_value).sum() + theirs.entropy().sum()).backward()
    np.testing.assert_allclose(mine_param.grad.numpy(), their_param.grad.numpy(), rtol=1e-5, atol=1e-6)


def test_categorical_log_prob_broadcasts_as_torch():
    (probs, their_probs) = both(np.ones((2, 3)))
    (value, their_value) = both(np.array([0, 1, 2, 1]).reshape(4, 1, 1))
    expected = TD.Categorical(their_probs).log_prob(their_value.squeeze(-1))
    close(D.Categorical(probs).log_prob(value.squeeze(-1)), expected)
    for probs, value in [(np.array([1.0, 0.0]), 0), (np.array([1.0, 0.0]), 1)]:
        (p, tp), (v, tv) = both(probs), both(np.array(value))
        close(D.Categorical(p).log_prob(v), TD.Categorical(tp).log_prob(tv))
        close(D.Categorical(p).entropy(), TD.Categorical(tp).entropy())
    (logits, their_logits) = both(np.array([0.0, -np.inf, 1.0]))
    close(D.Categorical(logits=logits).entropy(), TD.Categorical(logits=their_logits).entropy())


@settings(max_examples=25, deadline=None)
@given(batch=st.sampled_from([(), (2,)]), k=st.integers(1, 4), n=st.integers(1, 12), dtype=dtypes,
       use_logits=st.booleans(), seed=st.integers(0, 2**16))
def test_multinomial_matches_torch(batch, k, n, dtype, use_logits, seed):
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n, np.ones(k) / k, size=(3, *batch)).astype(dtype)
    # The entropy is a difference of terms about log n! ≤ 20: PyTorch's float32 sum is off by up to ~3e-5 there
    # (k = 1, whose entropy is 0, gives 2.7e-5), glassgrad's (taken in float64) by 1e-6.
    atol = 1e-4 if np.dtype(dtype) == np.float32 else 1e-6
    if use_logits:
        compare(lambda lib, x: lib.Multinomial(n, logits=x), counts, [rng.normal(size=(*batch, k)).astype(dtype)],
                rtol=float32_rtol(dtype), entropy_atol=atol)
    else:
        compare(lambda lib, p: lib.Multinomial(n, probs=p), counts,
                [rng.uniform(0.1, 2, size=(*batch, k)).astype(dtype)], rtol=float32_rtol(dtype), entropy_atol=atol)


@settings(max_examples=25, deadline=None)
@given(shape=shapes, n=st.integers(0, 12), dtype=dtypes, use_logits=st.booleans(), seed=st.integers(0, 2**16))
def test_binomial_matches_torch(shape, n, dtype, use_logits, seed):
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, n + 1, size=(3, *shape)).astype(dtype)
    if use_logits:
        compare(lambda lib, x: lib.Binomial(n, logits=x), counts, [rng.normal(size=shape).astype(dtype)], rtol=float32_rtol(dtype))
    else:
        compare(lambda lib, p: lib.Binomial(n, probs=p), counts, [rng.uniform(0.05, 0.95, size=shape).astype(dtype)],
                rtol=float32_rtol(dtype))


def test_binomial_with_a_count_per_element_matches_torch():
    (n, tn), (p, tp) = both(np.array([3.0, 5.0, 0.0])), both(np.array([0.2, 0.5, 0.7]))
    (k, tk) = both(np.array([1.0, 5.0, 0.0]))
    close(D.Binomial(n, p).log_prob(k), TD.Binomial(tn, tp).log_prob(tk))
    with pytest.raises(NotImplementedError, match="Inhomogeneous"):
        D.Binomial(n, p).entropy()


@settings(max_examples=25, deadline=None)
@given(shape=shapes, dtype=dtypes, seed=st.integers(0, 2**16))
def test_poisson_matches_torch(shape, dtype, seed):
    rng = np.random.default_rng(seed)
    rate = rng.uniform(0.1, 8, size=shape).astype(dtype)
    counts = rng.poisson(3.0, size=(3, *shape)).astype(dtype)
    compare(lambda lib, rate: lib.Poisson(rate), counts, [rate], rtol=1e-5, entropy=False)
    (zero, their_zero), (k, tk) = both(np.array([0.0, 0.0], dtype)), both(np.array([0.0, 2.0], dtype))
    close(D.Poisson(zero).log_prob(k[:1]), TD.Poisson(their_zero).log_prob(tk[:1]))


def test_multinomial_with_impossible_categories_matches_torch():
    (logits, their_logits) = both(np.array([0.0, -np.inf, 1.0]))
    (value, their_value) = both(np.array([4.0, 0.0, 2.0]))
    close(D.Multinomial(6, logits=logits).log_prob(value), TD.Multinomial(6, logits=their_logits).log_prob(their_value))
    close(D.Multinomial(6, logits=logits).entropy(), TD.Multinomial(6, logits=their_logits).entropy())
    with pytest.raises(NotImplementedError, match="require grad"):
        D.Multinomial(6, logits=logits).log_prob(autograd.tensor([4.0, 0.0, 2.0], requires_grad=True))


def test_normal_cdf_and_rsample_gradients():
    (loc, tloc), (scale, tscale) = both(np.array([0.0, 1.0]), True), both(np.array([1.0, 2.0]), True)
    (value, tvalue) = both(np.array([0.3, -1.5]))
    close(D.Normal(loc, scale).cdf(value), TD.Normal(tloc, tscale).cdf(tvalue))
    sample = D.Normal(loc, scale).rsample((5,))
    sample.sum().backward()  # d/dμ Σ(μ + σε) = 5, d/dσ = Σε = Σ (x − μ) / σ
    np.testing.assert_allclose(loc.grad.numpy(), [5.0, 5.0])
    noise = (sample.detach().numpy() - np.array([0.0, 1.0])) / np.array([1.0, 2.0])
    np.testing.assert_allclose(scale.grad.numpy(), noise.sum(0))
    assert not D.Normal(loc, scale).sample((5,)).requires_grad


def test_gradcheck_of_log_prob_in_float64():
    value = autograd.tensor(np.array([0.3, -1.2, 2.0]))
    loc = autograd.tensor(np.array([0.1, 0.2, -0.3]), requires_grad=True)
    scale = autograd.tensor(np.array([0.5, 1.5, 2.0]), requires_grad=True)
    assert autograd.gradcheck(lambda m, s: D.Normal(m, s).log_prob(value), (loc, scale))
    logits = autograd.tensor(np.array([[0.1, -0.4, 1.0], [2.0, 0.0, -1.0]]), requires_grad=True)
    counts = autograd.tensor(np.array([[1.0, 2.0, 0.0], [0.0, 0.0, 3.0]]))
    assert autograd.gradcheck(lambda x: D.Multinomial(3, logits=x).log_prob(counts), (logits,))
    assert autograd.gradcheck(lambda x: D.Multinomial(3, logits=x).entropy(), (logits,))
    assert autograd.gradcheck(lambda x: D.Bernoulli(logits=x).entropy(), (logits,))
    assert autograd.gradcheck(lambda x: D.Binomial(3, logits=x).log_prob(counts) + D.Binomial(3, logits=x).entropy(),
                              (logits,))
    rate = autograd.tensor(np.array([[0.5, 1.0, 2.0], [3.0, 0.2, 1.5]]), requires_grad=True)
    assert autograd.gradcheck(lambda r: D.Poisson(r).log_prob(counts), (rate,))


@pytest.mark.parametrize("make, sample_shape", [
    (lambda lib, T: lib.Normal(T.zeros(2, 3, dtype=T.float64), 1.0), (4,)),
    (lambda lib, T: lib.Normal(0.0, 1.0), ()),
    (lambda lib, T: lib.Bernoulli(T.full((3,), 0.3)), (2, 5)),
    (lambda lib, T: lib.Categorical(T.ones(2, 4)), (3,)),
    (lambda lib, T: lib.Multinomial(10, T.ones(2, 4)), (3,)),
    (lambda lib, T: lib.Multinomial(10, T.ones(4, dtype=T.float64)), ()),
    (lambda lib, T: lib.Binomial(10, T.full((3,), 0.3)), (2,)),
    (lambda lib, T: lib.Poisson(T.full((3,), 2.0, dtype=T.float64)), (2, 2)),
])
def test_sample_shapes_and_dtypes_are_torchs(make, sample_shape):
    mine, theirs = make(D, autograd).sample(sample_shape), make(TD, torch).sample(sample_shape)
    assert mine.shape == tuple(theirs.shape)
    assert mine.dtype == theirs.numpy().dtype


def within(estimate, expected, tolerance):
    assert np.all(np.abs(np.asarray(estimate) - expected) <= tolerance), (estimate, expected, tolerance)


def test_samples_follow_the_distribution():
    """With 20,000 draws the sample mean is within 5 standard errors of the mean (and likewise the variance)."""
    autograd.manual_seed(0)
    loc, scale = autograd.tensor([-1.0, 3.0]), autograd.tensor([0.5, 2.0])
    x = D.Normal(loc, scale).sample((20000,)).numpy()
    within(x.mean(0), [-1.0, 3.0], 5 * np.array([0.5, 2.0]) / np.sqrt(20000))
    within(x.var(0), [0.25, 4.0], 5 * np.sqrt(2 / 20000) * np.array([0.25, 4.0]))

    p = np.array([0.05, 0.5, 0.9])
    b = D.Bernoulli(autograd.tensor(p)).sample((20000,)).numpy()
    assert set(np.unique(b)) <= {0.0, 1.0}
    within(b.mean(0), p, 5 * np.sqrt(p * (1 - p) / 20000))

    probs = np.array([0.1, 0.0, 0.6, 0.3])
    c = D.Categorical(autograd.tensor(probs)).sample((20000,)).numpy()
    frequencies = np.bincount(c, minlength=4) / 20000
    assert frequencies[1] == 0  # a zero-probability category is never drawn
    within(frequencies, probs, 5 * np.sqrt(probs * (1 - probs) / 20000))

    m = D.Multinomial(10, autograd.tensor(probs)).sample((5000,)).numpy()
    assert (m.sum(-1) == 10).all() and (m[:, 1] == 0).all()
    within(m.mean(0), 10 * probs, 5 * np.sqrt(10 * probs * (1 - probs) / 5000))

    p = np.array([0.0, 0.3, 1.0])
    k = D.Binomial(8, autograd.tensor(p)).sample((5000,)).numpy()
    within(k.mean(0), 8 * p, 5 * np.sqrt(8 * p * (1 - p) / 5000))
    within(k.var(0), 8 * p * (1 - p), 0.1 * 8 * p * (1 - p))

    rate = np.array([0.0, 0.5, 6.0])
    counts = D.Poisson(autograd.tensor(rate)).sample((5000,)).numpy()
    within(counts.mean(0), rate, 5 * np.sqrt(rate / 5000))
    within(counts.var(0), rate, 0.1 * rate)


def test_manual_seed_makes_samples_repeatable():
    draws = []
    for _ in range(2):
        autograd.manual_seed(7)
        draws.append(np.concatenate([D.Normal(0.0, 1.0).sample((3,)).numpy(),
                                     D.Categorical(autograd.ones(5)).sample((3,)).numpy()]))
    np.testing.assert_array_equal(draws[0], draws[1])


BAD = [
    "D.Normal(0., -1.)", "D.Normal(0., 0.)", "D.Normal(T.tensor([0., float('nan')]), 1.)",
    "D.Normal(0., 1.).log_prob(T.tensor(float('nan')))", "D.Normal(0., 1.).log_prob(0.5)",
    "D.Normal(T.zeros(3), 1.).log_prob(T.zeros(2))", "D.Normal(0., 1.).sample(5)",
    "D.Bernoulli()", "D.Bernoulli(0.3, 0.2)", "D.Bernoulli(1.5)", "D.Bernoulli(-0.1)",
    "D.Bernoulli(logits=float('nan'))", "D.Bernoulli(0.3).log_prob(T.tensor(0.5))",
    "D.Bernoulli(0.3).log_prob(T.tensor(2.))", "D.Bernoulli(0.5).rsample()",
    "D.Categorical(T.tensor(0.5))", "D.Categorical(logits=T.tensor(0.5))", "D.Categorical(T.tensor([-0.1, 1.1]))",
    "D.Categorical(T.tensor([0., 0.]))", "D.Categorical(T.tensor([1., 3.]), T.tensor([1., 3.]))",
    "D.Categorical(logits=T.tensor([1., float('nan')]))",
    "D.Categorical(T.tensor([1., 3.])).log_prob(T.tensor(2))",
    "D.Categorical(T.tensor([1., 3.])).log_prob(T.tensor(0.5))",
    "D.Categorical(T.tensor([1., 3.])).log_prob(T.tensor(-1))", "D.Categorical(T.ones(2, 3)).log_prob(T.zeros(3))",
    "D.Multinomial(10.0, T.ones(3))", "D.Multinomial(10, T.tensor([-1., 2.]))",
    "D.Multinomial(10, T.ones(3)).log_prob(T.tensor([5., 6., 0.]))",
    "D.Multinomial(10, T.ones(3)).log_prob(T.tensor([5., -1., 0.]))",
    "D.Multinomial(10, T.ones(3)).log_prob(T.tensor([5., 1.]))",
    "D.Multinomial(10, T.ones(2, 3)).log_prob(T.ones(4, 3))",
    "D.Binomial(2.5, 0.3)", "D.Binomial(-1, 0.3)", "D.Binomial(10, 1.3)", "D.Binomial(10)",
    "D.Binomial(10, 0.3).log_prob(T.tensor(11.))", "D.Binomial(10, 0.3).log_prob(T.tensor(1.5))",
    "D.Poisson(-1.)", "D.Poisson(1.).entropy()", "D.Poisson(1.).log_prob(T.tensor(1.5))",
    "D.Poisson(1.).log_prob(T.tensor(-1.))", "D.Poisson(1.).rsample()",
]


@pytest.mark.parametrize("expression", BAD)
def test_invalid_input_gives_torchs_error(expression):
    with pytest.raises(Exception) as theirs:
        eval(expression, {"T": torch, "D": TD})
    with pytest.raises(type(theirs.value)) as mine:
        eval(expression, {"T": autograd, "D": D})
    if isinstance(theirs.value, ValueError):  # the message's first words name the same problem
        assert str(mine.value).split("(")[0].split(":")[0] == str(theirs.value).split("(")[0].split(":")[0]


@pytest.mark.parametrize("expression", [
    "D.Normal(0., -1., validate_args=False).scale", "D.Bernoulli(1.5, validate_args=False).probs",
    "D.Normal(0., 1., validate_args=False).log_prob(T.tensor(float('nan')))",
    "D.Categorical(T.tensor([1., 3.]), validate_args=False).log_prob(T.tensor(0))",
])
def test_validate_args_false_skips_the_checks_as_torch(expression):
    close(eval(expression, {"T": autograd, "D": D}), eval(expression, {"T": torch, "D": TD}))


def test_default_validation_can_be_turned_off():
    D.Distribution.set_default_validate_args(False)
    try:
        assert D.Normal(0.0, -1.0).scale.item() == -1.0
    finally:
        D.Distribution.set_default_validate_args(True)
    with pytest.raises(ValueError):
        D.Normal(0.0, -1.0)


def test_reachable_as_torch_distributions():
    code = """
        import glassgrad
        glassgrad.install_as_torch()
        import torch
        import torch.distributions as D
        from torch.distributions import Normal
        from torch.distributions.multinomial import Multinomial
        import autograd.distributions
        assert D is autograd.distributions and torch.distributions is D and Normal is D.Normal
        fair_probs = torch.ones([6]) / 6
        counts = Multinomial(1000, fair_probs).sample((10,))
        assert counts.shape == (10, 6) and (counts.sum(1) == 1000).numpy().all()
        # d2l's distributions appendix
        assert torch.distributions.binomial.Binomial(10, 0.2).sample(sample_shape=(10, 10)).shape == (10, 10)
        assert torch.distributions.poisson.Poisson(5.0).sample((10, 10)).shape == (10, 10)
        print("ok")
    """
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=300)
    assert result.stdout.strip() == "ok", result.stderr
