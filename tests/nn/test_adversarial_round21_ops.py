"""Round 21 (hostile21b) nn.functional findings, against PyTorch: circular padding whose negative widths crop a
dimension to exactly nothing gives PyTorch's empty result (cropping beyond it is PyTorch's error)."""
import numpy as np
import pytest

import autograd
import nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional


@pytest.mark.parametrize("shape, pad", [((1, 3, 2), (-1, -1)), ((1, 3, 2), (-2, 0)), ((1, 3, 2), (0, -2)),
                                        ((1, 1, 3), (-2, -1)), ((1, 1, 1), (-2, 1)), ((1, 1, 3), (-4, 1)),
                                        ((1, 1, 3, 3), (-1, -2, 0, 0)), ((1, 1, 3, 2), (-1, -1, 1, 1)),
                                        ((1, 1, 0), (0, 0)), ((2, 2, 2, 2), (0, 0, 0, 0, -1, -1))])
def test_circular_pad_that_crops_a_dimension_to_nothing_is_pytorchs_empty_result(shape, pad):
    x = np.arange(float(np.prod(shape))).reshape(shape)
    grads = []
    for lib, pad_fn in ((torch, TF.pad), (autograd, F.pad)):
        leaf = lib.tensor(x, requires_grad=True)
        out = pad_fn(leaf, pad, mode="circular")
        out.sum().backward()  # the gradient of an empty result: zeros of the input's shape
        grads.append((tuple(out.shape), out.detach().numpy().dtype, leaf.grad.numpy()))
    assert grads[1][:2] == grads[0][:2]
    np.testing.assert_array_equal(grads[1][2], grads[0][2])


@pytest.mark.parametrize("shape, pad", [((1, 1, 3), (-4, 0)), ((1, 1, 3), (-2, -2)), ((1, 1, 3), (-3, -1))])
def test_circular_pad_that_crops_beyond_nothing_is_pytorchs_error(shape, pad):
    with pytest.raises(RuntimeError, match="empty dimension"):
        TF.pad(torch.zeros(shape), pad, mode="circular")
    with pytest.raises(RuntimeError, match="empty dimension"):
        F.pad(autograd.zeros(shape), pad, mode="circular")


FUNCTIONAL_ARGUMENTS = {  # F.name: its arguments, one a number or a list where PyTorch wants a tensor
    "elu": lambda L: (1.5,), "celu": lambda L: ([1.0],), "selu": lambda L: (np.float64(1.5),), "relu6": lambda L: (1.5,),
    "hardtanh": lambda L: ([1.0, 2.0],), "silu": lambda L: (1.5,), "mish": lambda L: ([1.0],),
    "logsigmoid": lambda L: (1.5,), "hardswish": lambda L: (np.float64(1.5),), "hardsigmoid": lambda L: (1.5,),
    "leaky_relu": lambda L: (2,), "glu": lambda L: (1.5,), "softsign": lambda L: (1.5,), "tanhshrink": lambda L: ([1.0],),
    "kl_div": lambda L: (L.ones(2), 1.5), "soft_margin_loss": lambda L: (L.ones(2), 1.5),
    "hinge_embedding_loss": lambda L: (L.ones(2), 1.5), "mse_loss": lambda L: (L.ones(2), 1.5),
    "l1_loss": lambda L: (L.ones(2), 1.5), "smooth_l1_loss": lambda L: (L.ones(2), 1.5),
    "binary_cross_entropy": lambda L: (L.ones(2) / 2, 1.5), "binary_cross_entropy_with_logits": lambda L: (L.ones(2), 1.5),
    "cosine_similarity": lambda L: (L.ones(2, 2), 1.5), "conv1d": lambda L: (L.ones(1, 1, 3), 1.5),
    "conv2d": lambda L: (2, 1), "embedding": lambda L: (L.tensor([0]), 1.5), "avg_pool1d": lambda L: (1.5, 2),
    "max_pool1d": lambda L: (1.5, 2), "dropout2d": lambda L: ([1.0],),
}


@pytest.mark.parametrize("name", sorted(FUNCTIONAL_ARGUMENTS))
def test_a_number_or_list_where_a_functional_wants_a_tensor_is_pytorchs_type_error(name):
    with pytest.raises((TypeError, AttributeError)):  # (PyTorch's Python-level functionals: an AttributeError)
        getattr(TF, name)(*FUNCTIONAL_ARGUMENTS[name](torch))
    with pytest.raises(TypeError, match="must be Tensor"):
        getattr(F, name)(*FUNCTIONAL_ARGUMENTS[name](autograd))


inf, nan = float("inf"), float("nan")
SATURATING_INPUTS = [-inf, -10.0, -3.0001, -3.0, -2.9999, -1.0, -1e-8, 0.0, -0.0, 1e-8, 1.0, 2.9999, 3.0, 3.0001,
                     6.0, 10.0, inf]


@pytest.mark.parametrize("name, inplace", [("hardswish", False), ("hardswish", True), ("hardsigmoid", False),
                                           ("hardsigmoid", True), ("relu6", False), ("hardtanh", False)])
@pytest.mark.parametrize("upstream", [inf, -inf, nan, -2.5])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_saturating_activations_give_pytorchs_gradient_under_a_non_finite_upstream(name, inplace, upstream, dtype):
    results = []
    for lib, functional in ((torch, TF), (autograd, F)):
        x = lib.tensor(SATURATING_INPUTS, dtype=getattr(lib, dtype), requires_grad=True)
        y = getattr(functional, name)(x * 1, inplace=inplace)
        y.backward(lib.full((len(SATURATING_INPUTS),), upstream, dtype=getattr(lib, dtype)))
        results.append((y.detach().numpy(), x.grad.numpy()))
    for ours, theirs in zip(results[1], results[0], strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-7)  # NaN where NaN, ±inf where ±inf
    assert np.array_equal(np.signbit(results[1][0]), np.signbit(results[0][0]))  # (−0 values included)


def test_hardswish_second_derivative_is_pytorchs():
    outs = []
    for lib in (torch, autograd):
        x = lib.tensor([-4.0, -2.0, -1.5, 0.5, 2.9, 4.0], dtype=lib.float64, requires_grad=True)
        grad = torch.autograd.grad if lib is torch else autograd.grad
        (g,) = grad((TF if lib is torch else F).hardswish(x).sum(), x, create_graph=True)
        (g2,) = grad((g * g).sum(), x)
        outs.append((g.detach().numpy(), g2.numpy()))
    np.testing.assert_allclose(outs[1][0], outs[0][0], rtol=1e-12)
    np.testing.assert_allclose(outs[1][1], outs[0][1], rtol=1e-12)


@pytest.mark.parametrize("weight_shape", [(2,), (3, 1), (2, 2, 3), (1, 4)])
def test_binary_cross_entropy_with_a_weight_that_does_not_broadcast_is_pytorchs_runtime_error(weight_shape):
    p = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
    with pytest.raises(RuntimeError):
        TF.binary_cross_entropy(torch.tensor(p), torch.tensor(p), weight=torch.ones(weight_shape, dtype=torch.float64))
    with pytest.raises(RuntimeError, match="weight of shape"):
        F.binary_cross_entropy(autograd.tensor(p), autograd.tensor(p), weight=autograd.ones(weight_shape,
                                                                                              dtype=autograd.float64))


@pytest.mark.parametrize("weight_shape", [(3,), (2, 1), (1, 3), ()])
def test_binary_cross_entropy_with_a_broadcasting_weight_is_pytorchs(weight_shape):
    p, w = np.array([[0.2, 0.3, 0.5], [0.9, 0.1, 0.4]]), np.linspace(0.5, 2.0, int(np.prod(weight_shape)))
    w = w.reshape(weight_shape)
    ours = F.binary_cross_entropy(autograd.tensor(p), autograd.tensor(p), weight=autograd.tensor(w))
    theirs = TF.binary_cross_entropy(torch.tensor(p), torch.tensor(p), weight=torch.tensor(w))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_logsigmoid_values_keep_pytorchs_signed_zeros(dtype):
    values = [inf, -inf, 0.0, -0.0, 1e-30, 50.0, 100.0, -100.0, nan, 20.0]
    ours = F.logsigmoid(autograd.tensor(values, dtype=getattr(autograd, dtype))).numpy()
    theirs = TF.logsigmoid(torch.tensor(values, dtype=getattr(torch, dtype))).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-3, atol=1e-43)  # (float32 subnormals: the last place)
    assert np.array_equal(np.signbit(ours), np.signbit(theirs))  # 1 / logsigmoid(+inf) is +inf, as PyTorch's
