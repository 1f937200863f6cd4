"""float16 through autograd's composed functions, as PyTorch's CPU kernels compute it: in float32, rounded once
(autograd/functional/opmath.py), where every intermediate rounded to float16 put lerp 2,663 ulps from PyTorch's,
logaddexp 339, addmm 155, addbmm 38, expm1 2 and rsqrt 1. Values bitwise (or within 1 ulp, said where), gradients close, in float16."""
import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(15)
XS = np.concatenate([RNG.normal(0, 5, 600), RNG.normal(0, 0.1, 600)]).astype(np.float16)
OTHER = RNG.normal(0, 1, XS.size).astype(np.float16)
POSITIVE = np.abs(XS) + np.float16(0.01)
WEIGHTS = RNG.uniform(0, 1, XS.size).astype(np.float16)
GRAD = RNG.normal(0, 1, XS.size).astype(np.float16)


def ulps_apart(a, b):
    def ordered(v):
        i = np.asarray(v, np.float16).view(np.int16).astype(np.int64)
        return np.where(i < 0, -32768 - i, i)
    return np.abs(ordered(a) - ordered(b))


def run(lib, function, arrays):
    inputs = [lib.tensor(a, requires_grad=True) for a in arrays]
    out = function(lib, *inputs)
    out.backward(lib.tensor(np.resize(GRAD, tuple(out.shape))))
    return out, inputs


CASES = {  # name: (function, inputs, ulps allowed)
    "lerp_tensor_weight": (lambda L, x, y, w: L.lerp(x, y, w), [XS, OTHER, WEIGHTS], 0),
    # a number weight: PyTorch's vectorised kernel fuses weight·(end − input) + input (one rounding), 1 ulp
    "lerp_number_weight": (lambda L, x, y: L.lerp(x, y, 0.3), [XS, OTHER], 1),
    # one value in 1,200 at most: PyTorch's vectorised log1p(exp(·)) in float32
    "logaddexp": (lambda L, x, y: L.logaddexp(x, y), [XS, OTHER], 1),
    "expm1": (lambda L, x: L.expm1(x / 4), [XS], 0),
    # one value in 1,200 at most: PyTorch's vectorised 1/√x differs from NumPy's in float32's last digit
    "rsqrt": (lambda L, x: L.rsqrt(x), [POSITIVE], 1),
    # within 1 ulp: the float32 matrix products sum in another order than PyTorch's (rounding the float16 product
    # before α scaled it was up to 155 ulps off); addbmm adds each batch's product to the float16 result in turn
    "addmm": (lambda L, c, a, b: L.addmm(c.reshape(30, 40)[:, :30], a.reshape(30, 40), b.reshape(40, 30),
                                         beta=0.5, alpha=0.3), [XS, OTHER, WEIGHTS], 1),
    "baddbmm": (lambda L, c, a, b: L.baddbmm(c.reshape(3, 10, 40)[:, :, :10], a.reshape(3, 10, 40),
                                             b.reshape(3, 40, 10), beta=0.5, alpha=0.3), [XS, OTHER, WEIGHTS], 1),
    "addbmm": (lambda L, c, a, b: L.addbmm(c.reshape(30, 40)[:10, :10], a.reshape(3, 10, 40),
                                           b.reshape(3, 40, 10), beta=0.5, alpha=0.3), [XS, OTHER, WEIGHTS], 1),
    "addcmul": (lambda L, x, y, z: L.addcmul(x, y, z, value=0.3), [XS, OTHER, WEIGHTS], 0),
    "addcdiv": (lambda L, x, y, z: L.addcdiv(x, y, z, value=0.3), [XS, OTHER, POSITIVE], 0),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_float16_values_and_gradients_are_pytorchs(name):
    function, arrays, allowed = CASES[name]
    theirs, their_inputs = run(torch, function, arrays)
    ours, our_inputs = run(autograd, function, arrays)
    assert ours.dtype == autograd.float16
    assert ulps_apart(ours.detach().numpy(), theirs.detach().numpy()).max() <= allowed
    for mine, reference in zip(our_inputs, their_inputs, strict=True):
        assert mine.grad.dtype == autograd.float16
        expected = reference.grad.numpy().astype(np.float32)  # (PyTorch's expm1 backward rounds out + 1 first)
        np.testing.assert_allclose(mine.grad.numpy().astype(np.float32), expected, rtol=2e-2,
                                   atol=2e-3 * np.abs(expected).max())


@pytest.mark.parametrize("name", ["rsqrt", "expm1"])
def test_a_float16_result_changed_in_place_is_refused(name):
    """Their nodes save the result (PyTorch's RsqrtBackward0, Expm1Backward0): the rounded float16 result the
    caller holds, so a write into it makes backward refuse, as PyTorch's."""
    for lib in (torch, autograd):
        w = lib.tensor(POSITIVE[:10] / 4, requires_grad=True)
        y = getattr(lib, name)(w * 1)
        y.mul_(2)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            y.sum().backward()


def test_a_float32_weight_keeps_lerps_dtype_refusal():
    """The float16 path starts after lerp's checks: a float16 input with a float32 end is refused, as PyTorch."""
    with pytest.raises(RuntimeError, match="expected dtype"):
        autograd.lerp(autograd.tensor(XS[:3]), autograd.tensor(OTHER[:3].astype(np.float32)), 0.5)
    with pytest.raises(RuntimeError):
        torch.lerp(torch.tensor(XS[:3]), torch.tensor(OTHER[:3].astype(np.float32)), 0.5)
