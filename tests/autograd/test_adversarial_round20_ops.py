"""Round 20 (hostile20b) op findings, against PyTorch: an inf or NaN upstream gradient does not reach, as NaN, the
inputs PyTorch's backward selects away (maximum/minimum, max()/min(), scatter_reduce amax/amin without self, the
class losses); mode counts NaN; bincount refuses bool; Python numbers where a tensor is required are TypeErrors;
and the smaller argument fixes (tensordot dims, alpha/value tensors, pad, pos_weight, index_put dtypes)."""
import numpy as np
import pytest

import autograd
import nn.functional as F

from .outcomes import close, same_values_or_error

torch = pytest.importorskip("torch")
TF = torch.nn.functional
inf, nan = float("inf"), float("nan")


def _grads(lib, fn, values, upstream):
    x = lib.tensor(values, requires_grad=True)
    fn(lib, x).backward(lib.tensor(upstream))
    return x.grad.numpy()


SELECTIONS = {
    "max()": (lambda L, t: t.max(), [1.0, 3.0, 2.0]),
    "max() tie": (lambda L, t: t.max(), [3.0, 3.0, 2.0]),
    "max() NaN": (lambda L, t: t.max(), [1.0, nan, 2.0]),
    "min()": (lambda L, t: t.min(), [1.0, 3.0, 2.0]),
    "min() tie": (lambda L, t: t.min(), [1.0, 1.0, 2.0]),
    "amax": (lambda L, t: t.amax(), [1.0, 3.0, 2.0]),  # amax multiplies by its mask: NaN elsewhere, as PyTorch's
    "amax dim": (lambda L, t: t.reshape(2, 2).amax(0), [1.0, 3.0, 2.0, 1.0]),
    "amin dim": (lambda L, t: t.reshape(2, 2).amin(1), [1.0, 3.0, 2.0, 1.0]),
    "max dim": (lambda L, t: t.reshape(2, 2).max(0).values, [1.0, 3.0, 2.0, 1.0]),
    "min dim": (lambda L, t: t.reshape(2, 2).min(1).values, [1.0, 3.0, 2.0, 1.0]),
    "maximum": (lambda L, t: L.maximum(t, L.zeros(4)), [-1.0, 4.0, 0.0, nan]),
    "minimum": (lambda L, t: L.minimum(t, L.zeros(4)), [-1.0, 4.0, 0.0, nan]),
    "maximum broadcast": (lambda L, t: L.maximum(t.reshape(4, 1), L.tensor([0.0, 2.0])), [-1.0, 4.0, 0.0, 1.0]),
    "minimum other": (lambda L, t: L.minimum(L.tensor([0.0, 2.0, 1.0, 9.0]), t), [-1.0, 4.0, 1.0, nan]),
}


@pytest.mark.parametrize("name", sorted(SELECTIONS))
@pytest.mark.parametrize("bad", [inf, -inf, nan])
def test_selected_gradients_stay_zero_under_a_non_finite_upstream(name, bad):
    fn, values = SELECTIONS[name]
    out_shape = tuple(fn(torch, torch.tensor(values)).shape)
    for place in range(int(np.prod(out_shape))):
        upstream = np.ones(out_shape, dtype=np.float32)
        upstream.flat[place] = bad
        close(np.abs(_grads(autograd, fn, values, upstream)), np.abs(_grads(torch, fn, values, upstream)))


def test_maximum_of_a_relu_distance_keeps_zero_gradients():
    for lib in (torch, autograd):
        x = lib.tensor([-1.0, 4.0, -2.0], requires_grad=True)
        lib.maximum(x, lib.zeros(3)).sqrt().sum().backward()
        close(x.grad.numpy(), [0.0, 0.25, 0.0])


@pytest.mark.parametrize("reduce", ["amax", "amin"])
@pytest.mark.parametrize("include_self", [False, True])
def test_scatter_reduce_extremum_masks_the_overwritten_self_under_a_non_finite_upstream(reduce, include_self):
    grads = []
    for lib in (torch, autograd):
        x = lib.tensor([1.0, 5.0, 2.0, 7.0], requires_grad=True)
        src = lib.tensor([3.0, 4.0, 9.0], requires_grad=True)
        out = x.scatter_reduce(0, lib.tensor([0, 0, 2]), src, reduce, include_self=include_self)
        out.backward(lib.tensor([inf, nan, -inf, 1.0]))
        grads.append((x.grad.numpy(), src.grad.numpy()))
    close(grads[1][0], grads[0][0])
    close(grads[1][1], grads[0][1])


@pytest.mark.parametrize("loss", ["cross_entropy", "nll_loss"])
@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("weighted", [False, True])
def test_class_losses_give_zero_to_other_classes_and_ignored_rows_under_a_non_finite_upstream(loss, reduction,
                                                                                            weighted):
    values = [[1.0, 2.0, 0.5], [3.0, 4.0, 1.0], [0.0, 1.0, 2.0], [-1.0, 0.0, 5.0]]
    results = []
    for lib, functional in ((torch, TF), (autograd, F)):
        x = lib.tensor(values, requires_grad=True)
        weight = lib.tensor([1.0, 2.0, 0.5]) if weighted else None
        out = getattr(functional, loss)(x, lib.tensor([0, -100, 2, 1]), weight=weight, reduction=reduction)
        out.backward(lib.tensor([inf, nan, 1.0, -inf]) if reduction == "none" else lib.tensor(inf))
        results.append((out.detach().numpy(), x.grad.numpy()))
    close(results[1][0], results[0][0])
    close(results[1][1], results[0][1])


@pytest.mark.parametrize("loss", ["cross_entropy", "nll_loss"])
def test_ignored_positions_of_an_unreduced_class_loss_are_plus_zero(loss):
    for target in ([1, -100], [[1, -100, 0]]):
        shape = (2, 3) if len(target) == 2 else (1, 3, 3)
        ours = getattr(F, loss)(autograd.arange(float(np.prod(shape))).reshape(shape), autograd.tensor(target),
                                reduction="none").numpy()
        theirs = getattr(TF, loss)(torch.arange(float(np.prod(shape))).reshape(shape), torch.tensor(target),
                                   reduction="none").numpy()
        np.testing.assert_array_equal(np.signbit(ours), np.signbit(theirs))
        close(ours, theirs)


@pytest.mark.parametrize("values", [[nan, nan, 1.0], [1.0, nan, nan], [nan, 1.0, nan, 1.0], [2.0, nan, 1.0, nan, 2.0],
                                    [2.0, 2.0, 1.0, 1.0, nan, 2.0], [nan], [nan, 1.0]])
def test_mode_of_a_line_with_nan_is_pytorchs(values):
    x = autograd.tensor(values, requires_grad=True)
    ours = x.mode()
    theirs = torch.tensor(values).mode()
    close(ours.values.detach().numpy(), theirs.values.numpy())
    assert ours.indices.item() == theirs.indices.item()
    ours.values.backward()
    assert x.grad.numpy()[theirs.indices.item()] == 1.0


@pytest.mark.parametrize("seed", range(4))
def test_mode_with_nan_matches_pytorch_over_random_lines_short_and_long(seed):
    rng = np.random.default_rng(seed)
    for _ in range(60):
        n = int(rng.integers(1, 120))
        x = rng.integers(0, int(rng.integers(1, 6)), (2, n)).astype(np.float32)
        x[rng.random((2, n)) < rng.random() * 0.5] = np.nan
        x[:, rng.integers(n)] = np.nan  # (lines without NaN over 16 elements may name another equal element)
        ours, theirs = autograd.tensor(x).mode(1), torch.tensor(x).mode(1)
        close(ours.values.numpy(), theirs.values.numpy())
        np.testing.assert_array_equal(ours.indices.numpy(), theirs.indices.numpy())


@pytest.mark.parametrize("weights", [None, [1.0, 2.0], [1.0, 2.0, 3.0]])
def test_bincount_refuses_bool_input_as_pytorch(weights):
    values = [True, True] if weights is None or len(weights) == 2 else [True, False, True]
    for lib in (torch, autograd):
        with pytest.raises(NotImplementedError, match="Bool"):
            lib.bincount(lib.tensor(values), weights=None if weights is None else lib.tensor(weights))


def test_bincount_of_integers_still_counts():
    for dtype in (np.uint8, np.int32, np.int64):
        values = np.array([0, 3, 3, 1], dtype=dtype)
        close(autograd.bincount(autograd.tensor(values), weights=autograd.tensor([1.0, 2.0, 0.5, 1.0])).numpy(),
              torch.bincount(torch.tensor(values), weights=torch.tensor([1.0, 2.0, 0.5, 1.0])).numpy())


NEEDS_A_TENSOR = ["exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigmoid", "relu", "neg", "floor", "ceil", "trunc",
                  "round", "mean", "sum", "prod", "max", "min", "amax", "amin", "argmax", "argmin", "std", "var", "all",
                  "any", "nansum", "cumsum", "cumprod", "sort", "argsort", "flatten", "squeeze", "t", "isnan",
                  "isfinite", "isinf", "sign", "square", "reciprocal", "rsqrt", "expm1", "log1p", "erf", "atan",
                  "tril", "softmax", "log_softmax", "logical_not", "nan_to_num", "reshape"]
NEEDS_MORE = {"cumsum": (0,), "cumprod": (0,), "softmax": (0,), "log_softmax": (0,), "reshape": ((1,),)}


@pytest.mark.parametrize("name", NEEDS_A_TENSOR)
@pytest.mark.parametrize("value", [1.0, 2, [1.0, 2.0], np.float32(2.5)], ids=["float", "int", "list", "numpy"])
def test_a_number_or_list_where_a_tensor_is_required_is_pytorchs_type_error(name, value):
    args = NEEDS_MORE.get(name, ())
    with pytest.raises(TypeError) as theirs:
        getattr(torch, name)(value, *args)
    with pytest.raises(TypeError, match=rf"^{name}\(\): argument 'input' \(position 1\) must be Tensor, not "):
        getattr(autograd, name)(value, *args)
    assert "must be Tensor" in str(theirs.value) or "invalid combination" in str(theirs.value)


@pytest.mark.parametrize("condition", [True, 1, 0.5])
def test_where_refuses_a_python_condition_as_pytorch(condition):
    with pytest.raises(TypeError):
        torch.where(condition, 1.0, 0.0)
    with pytest.raises(TypeError, match="condition"):
        autograd.where(condition, autograd.tensor(1.0), autograd.tensor(0.0))


def test_relu_through_nn_functional_refuses_a_number():
    with pytest.raises(TypeError, match="relu"):
        F.relu(1.0)


@pytest.mark.parametrize("dims", [[[0, 1], [0, 1]], [[0], [0]], [[1], [1]], [1], 1, [[1, 0], [1, 0]]])
def test_tensordot_takes_a_tensor_for_dims_as_pytorch(dims):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    if dims == [1] or dims == 1:
        b = rng.standard_normal((3, 2))
    ours = autograd.tensordot(autograd.tensor(a), autograd.tensor(b), dims=autograd.tensor(dims))
    theirs = torch.tensordot(torch.tensor(a), torch.tensor(b), dims=torch.tensor(dims))
    close(ours.numpy(), theirs.numpy())


def test_tensordot_refuses_a_flat_dims_tensor_of_two_elements():
    with pytest.raises(TypeError):
        torch.tensordot(torch.ones(2, 3), torch.ones(2, 3), dims=torch.tensor([0, 0]))
    with pytest.raises(TypeError, match="two rows"):
        autograd.tensordot(autograd.ones(2, 3), autograd.ones(2, 3), dims=autograd.tensor([0, 0]))


@pytest.mark.parametrize("dtype", [np.int64, np.float32])
@pytest.mark.parametrize("op", ["add", "sub"])
def test_alpha_may_be_a_zero_d_tensor_as_in_pytorch(dtype, op):
    values = np.array([1, 2, 5], dtype=dtype)
    for alpha in (3, 0.5, True):
        results = []
        for lib in (torch, autograd):
            x = lib.tensor(values)
            try:
                results.append(getattr(x, op)(x, alpha=lib.tensor(alpha)).numpy())
            except (RuntimeError, TypeError) as error:
                results.append(type(error))
        same_values_or_error(results[1], results[0])


@pytest.mark.parametrize("alpha", [[2.0], "grad"])
def test_alpha_as_a_tensor_of_one_element_or_requiring_grad_is_refused_as_pytorch(alpha):
    for lib in (torch, autograd):
        value = lib.tensor(2.0, requires_grad=True) if alpha == "grad" else lib.tensor(alpha)
        with pytest.raises(TypeError, match="alpha"):
            lib.ones(2).add(lib.ones(2), alpha=value)


@pytest.mark.parametrize("op", ["addcmul", "addcdiv", "addcmul_", "addcdiv_"])
@pytest.mark.parametrize("value", [3, 0.5])
def test_addcmul_and_addcdiv_take_a_zero_d_tensor_value_as_pytorch(op, value):
    results = []
    for lib in (torch, autograd):
        x, a, b = lib.tensor([1.0, 2.0]), lib.tensor([3.0, -1.0]), lib.tensor([2.0, 4.0])
        results.append(getattr(x, op)(a, b, value=lib.tensor(value)).numpy())
        with pytest.raises(TypeError, match="value"):
            getattr(x, op)(a, b, value=lib.tensor([value]))
    close(results[1], results[0])


@pytest.mark.parametrize("shape, pad", [((1, 1, 2), (2, -2)), ((1, 1, 3), (-3, 1)),
                                        ((1, 1, 3), (1, -3)), ((1, 1, 3, 3), (0, 0, -3, 1)), ((1, 1, 3), (-2, 2))])
def test_circular_pad_that_crops_a_dimension_away_is_a_clear_error(shape, pad):
    with pytest.raises(RuntimeError, match="circular padding|wrapping around"):
        F.pad(autograd.zeros(shape), pad, mode="circular")


@pytest.mark.parametrize("shape, pad", [((1, 1, 3), (-1, 1)), ((1, 1, 3), (-1, 2)), ((1, 1, 4), (2, -1)),
                                        ((1, 2, 3, 4), (-1, 1, 1, -2))])
def test_circular_pad_with_a_negative_width_that_leaves_elements_is_pytorchs(shape, pad):
    x = np.arange(float(np.prod(shape))).reshape(shape)
    close(F.pad(autograd.tensor(x), pad, mode="circular").numpy(),
          TF.pad(torch.tensor(x), pad, mode="circular").numpy())


VALUES = {"int 0-d": lambda L: L.tensor(1, dtype=L.int64), "int 1-d": lambda L: L.tensor([1, 2], dtype=L.int64),
          "python int": lambda L: 1, "float64 0-d": lambda L: L.tensor(1.0, dtype=L.float64),
          "float64 1-d": lambda L: L.tensor([1.0, 2.0], dtype=L.float64),
          "float32 1-d": lambda L: L.tensor([1.0, 2.0], dtype=L.float32)}
INDICES = {"int tensor": lambda L: L.tensor([0, 1]), "slice": lambda L: slice(0, 2), "int": lambda L: 0,
           "mask": lambda L: L.tensor([True, False, True]), "tuple of int tensor": lambda L: (L.tensor([0, 1]),),
           "list": lambda L: [0, 2], "tuple of mask": lambda L: (L.tensor([True, False, True]),),
           "int then tensor": lambda L: (0, L.tensor([0, 2]))}


@pytest.mark.parametrize("value", sorted(VALUES))
@pytest.mark.parametrize("index", sorted(INDICES))
def test_an_indexed_write_of_another_dtype_is_refused_exactly_where_pytorch_refuses(value, index):
    outcomes = []
    for lib in (torch, autograd):
        x = lib.zeros(2, 3) if index == "int then tensor" else lib.zeros(3)
        try:
            x[INDICES[index](lib)] = VALUES[value](lib)
            outcomes.append(x.numpy())
        except (RuntimeError, IndexError) as error:
            outcomes.append(type(error))
    same_values_or_error(outcomes[1], outcomes[0])
