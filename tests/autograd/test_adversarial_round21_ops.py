"""Round 21 (hostile21b) op findings, against PyTorch: an indexed write of a value of another dtype casts exactly
where PyTorch casts (a one-element value under a single bool mask: masked_fill) and refuses where it refuses."""
import numpy as np
import pytest

import autograd

from .outcomes import close, same_values_or_error

torch = pytest.importorskip("torch")


WRITE_INDICES = {
    "2-d mask": lambda L: L.tensor([[True, False, True], [False, True, False]]),
    "2-d mask in a tuple": lambda L: (L.tensor([[True, False, True], [False, True, False]]),),
    "row mask": lambda L: L.tensor([True, False]), "row mask, :": lambda L: (L.tensor([True, False]), slice(None)),
    ":, column mask": lambda L: (slice(None), L.tensor([True, False, True])),
    "int, column mask": lambda L: (0, L.tensor([True, False, True])),
    "row mask, int": lambda L: (L.tensor([True, False]), 1),
    "..., column mask": lambda L: (Ellipsis, L.tensor([True, False, True])),
    "None, 2-d mask": lambda L: (None, L.tensor([[True, False, True], [False, True, False]])),
    "list of bools": lambda L: [True, False], "two masks": lambda L: (L.tensor([True, False]), L.tensor([True, True, False])),
    "mask and int tensor": lambda L: (L.tensor([True, False]), L.tensor([1])),
    "int tensor": lambda L: L.tensor([0]), "int tensor, :": lambda L: (L.tensor([0, 1]), slice(None)),
    "list of ints": lambda L: [0, 1], "basic": lambda L: (0, slice(1, 2)), "0-d int tensor": lambda L: L.tensor(0),
    "0-d bool tensor": lambda L: L.tensor(True),
}
WRITE_VALUES = {
    "0-d int64": lambda L: L.tensor(7), "(1,) int64": lambda L: L.tensor([7]), "(1, 1) int64": lambda L: L.tensor([[7]]),
    "(1, 1, 1) float64": lambda L: L.tensor([[[7.5]]], dtype=L.float64), "0-d float64": lambda L: L.tensor(7.5, dtype=L.float64),
    "(2,) int64": lambda L: L.tensor([7, 8]), "(3,) int64": lambda L: L.tensor([7, 8, 9]), "0-d bool": lambda L: L.tensor(True),
    "(1,) float32": lambda L: L.tensor([7.5]),
}


def _write_outcome(lib, dtype, index, value):
    x = lib.tensor([[1.0, -1.0, 2.0], [-3.0, 4.0, -5.0]]).to(getattr(lib, dtype))
    try:
        x[WRITE_INDICES[index](lib)] = WRITE_VALUES[value](lib)
    except (RuntimeError, IndexError) as error:
        return type(error)
    return x.numpy()


@pytest.mark.parametrize("dtype", ["float32", "int64", "bool"])
@pytest.mark.parametrize("index", sorted(WRITE_INDICES))
def test_an_indexed_write_of_another_dtype_casts_exactly_where_pytorch_casts(dtype, index):
    for value in WRITE_VALUES:
        ours, theirs = _write_outcome(autograd, dtype, index, value), _write_outcome(torch, dtype, index, value)
        if isinstance(theirs, type):
            assert ours is theirs, (value, ours)
        else:
            assert not isinstance(ours, type), (value, ours)
            close(ours, theirs)


@pytest.mark.parametrize("index", ["2-d mask", "row mask, :", ":, column mask", "int, column mask"])
def test_a_one_element_value_of_another_dtype_under_a_mask_gets_pytorchs_gradient(index):
    grads = []
    for lib in (torch, autograd):
        w = lib.tensor([[1.0, -1.0, 2.0], [-3.0, 4.0, -5.0]], requires_grad=True)
        v = lib.tensor([[2.5]], dtype=lib.float64, requires_grad=True)
        x = w * 1
        x[WRITE_INDICES[index](lib)] = v
        (x * lib.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum().backward()
        grads.append((w.grad.numpy(), v.grad.numpy()))
    close(grads[1][0], grads[0][0])
    close(grads[1][1], grads[0][1])
    assert grads[1][1].dtype == grads[0][1].dtype


ONE = lambda L: L.ones(2, 2)  # noqa: E731
NUMBER_WHERE_A_TENSOR_GOES = {  # name: arguments (a lambda of the library), one of them a number or a list
    "mode": lambda L: (1.5,), "logsumexp": lambda L: (1.5, 0), "flip": lambda L: (2, 1), "fliplr": lambda L: ([1.0],),
    "flipud": lambda L: (1.5,), "rot90": lambda L: (1.5,), "topk": lambda L: (2, 1), "kthvalue": lambda L: (2, 1),
    "unsqueeze": lambda L: (1.5, 0), "stack": lambda L: ([1.0, 2.0],), "cat": lambda L: ([ONE(L), 1.0],),
    "concat": lambda L: ([1.0, 2.0],), "var_mean": lambda L: (1.5,), "std_mean": lambda L: ([1.0, 2.0],),
    "isclose": lambda L: (1.5, ONE(L)), "allclose": lambda L: (1.5, ONE(L)), "bmm": lambda L: (ONE(L), 1.5),
    "inner": lambda L: (ONE(L), 1.5), "kron": lambda L: (2, 1), "tensordot": lambda L: (ONE(L), 1.5),
    "equal": lambda L: (ONE(L), 1.5), "aminmax": lambda L: (1.5,), "broadcast_to": lambda L: (2, (1,)),
    "chunk": lambda L: (2, 1), "split": lambda L: (1.5, 2), "tensor_split": lambda L: (1.5, 2),
    "diag_embed": lambda L: (1.5,), "diagonal": lambda L: ([1.0],), "imag": lambda L: (1.5,),
    "is_complex": lambda L: ([1.0],), "isneginf": lambda L: (1.5,), "isposinf": lambda L: (np.float64(1.5),),
    "logcumsumexp": lambda L: (1.5, 0), "multinomial": lambda L: (2, 1), "repeat_interleave": lambda L: (1.5,),
    "sgn": lambda L: (1.5,), "rand_like": lambda L: (np.float64(1.5),), "randn_like": lambda L: ([1.0],),
    "addcmul": lambda L: (ONE(L), 1.5, 1), "addcdiv": lambda L: (ONE(L), ONE(L), 2),
}


@pytest.mark.parametrize("name", sorted(NUMBER_WHERE_A_TENSOR_GOES))
def test_a_number_or_list_where_a_tensor_goes_is_pytorchs_type_error(name):
    with pytest.raises((TypeError, AttributeError)):  # (PyTorch's Python-level split, tensordot: AttributeError)
        getattr(torch, name)(*NUMBER_WHERE_A_TENSOR_GOES[name](torch))
    with pytest.raises(TypeError, match="must be Tensor|expected Tensor as element"):
        getattr(autograd, name)(*NUMBER_WHERE_A_TENSOR_GOES[name](autograd))


METHOD_ARGUMENTS = {"addcmul": (1.5, 1), "addcdiv": (1, 1.5), "addcmul_": (1.5, 1), "addcdiv_": (1, 1),
                    "equal": (1.5,), "expand_as": ([1.0, 2.0],), "inner": (1,), "kron": (1.5,),
                    "masked_scatter_": (1, 1.5), "type_as": (1.5,), "view_as": ([1.0],)}


@pytest.mark.parametrize("name", sorted(METHOD_ARGUMENTS))
def test_a_tensor_method_given_a_number_for_a_tensor_is_pytorchs_type_error(name):
    with pytest.raises(TypeError):
        getattr(torch.ones(2, 2), name)(*METHOD_ARGUMENTS[name])
    with pytest.raises(TypeError, match="must be Tensor"):
        getattr(autograd.ones(2, 2), name)(*METHOD_ARGUMENTS[name])


inf, nan = float("inf"), float("nan")


@pytest.mark.parametrize("values, upstream", [([1.0, 0.0, 0.0], [1.0, 1.0, inf]), ([0.0, 0.0], [0.5, inf]),
                                              ([2.0, 0.0, 3.0, 0.0, 4.0], [1.0, -2.0, nan, inf, -inf])])
def test_cumprod_gradient_past_a_second_zero_is_pytorchs(values, upstream):
    grads = []
    for lib in (torch, autograd):
        x = lib.tensor(values, dtype=lib.float64, requires_grad=True)
        x.cumprod(0).backward(lib.tensor(upstream, dtype=lib.float64))
        grads.append(x.grad.numpy())
    close(grads[1], grads[0])


@pytest.mark.parametrize("seed", range(3))
def test_cumprod_gradient_with_zeros_and_non_finite_upstreams_matches_pytorch(seed):
    rng = np.random.default_rng(seed)
    for _ in range(100):
        n = int(rng.integers(1, 7))
        values = rng.choice([0.0, 0.0, 1.5, -2.0, 0.5, 3.0], size=(2, n))
        upstream = rng.choice([1.0, -0.5, 2.0, inf, -inf, nan], size=(2, n))
        grads = []
        for lib in (torch, autograd):
            x = lib.tensor(values, requires_grad=True)
            x.cumprod(1).backward(lib.tensor(upstream))
            grads.append(x.grad.numpy())
        np.testing.assert_allclose(grads[1], grads[0], rtol=1e-12, err_msg=f"{values.tolist()} {upstream.tolist()}")


@pytest.mark.parametrize("name", ["cumsum_", "cumprod_"])
@pytest.mark.parametrize("call", [((0,), {}), ((), {"dim": 0}), ((-1,), {}), ((1,), {"dtype": "same"}),
                                  ((0,), {"dtype": "float64"}), ((0,), {"dtype": "int64"})],
                         ids=["dim", "dim keyword", "negative dim", "own dtype", "float64", "int64"])
@pytest.mark.parametrize("dtype", ["float32", "int32", "int8", "bool", "float16"])
def test_in_place_scans_take_pytorchs_arguments(name, call, dtype):
    outcomes = []
    for lib in (torch, autograd):
        x = lib.tensor([[1, 2, 100], [3, 0, 5]]).to(getattr(lib, dtype))
        args, kwargs = call
        if "dtype" in kwargs:
            kwargs = {"dtype": x.dtype if kwargs["dtype"] == "same" else getattr(lib, kwargs["dtype"])}
        try:
            outcomes.append(getattr(x, name)(*args, **kwargs).numpy())
            assert outcomes[-1].dtype == x.numpy().dtype
            np.testing.assert_array_equal(x.numpy(), outcomes[-1])  # written into x
        except (RuntimeError, NotImplementedError) as error:
            outcomes.append(type(error))
    same_values_or_error(outcomes[1], outcomes[0], same=np.testing.assert_array_equal)


def test_in_place_cumprod_with_a_dim_keyword_gets_pytorchs_gradient():
    grads = []
    for lib in (torch, autograd):
        w = lib.tensor([[1.0, 2.0, 3.0], [0.5, 0.0, 4.0]], requires_grad=True)
        y = w * 1
        y.cumprod_(dim=1)
        (y * lib.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum().backward()
        grads.append(w.grad.numpy())
    close(grads[1], grads[0])


@pytest.mark.parametrize("dims", [True, False, 1, 0, "tensor 1.5", "tensor True", "tensor [1.]", "tensor 2.7", 1.0,
                                  "tensor -1", 2.5, None, "1"])
def test_tensordot_dims_as_pytorch(dims):
    outcomes = []
    for lib in (torch, autograd):
        a, b = lib.arange(6.0).reshape(2, 3), lib.arange(6.0).reshape(3, 2)
        given = dims
        if isinstance(dims, str) and dims.startswith("tensor"):
            given = lib.tensor(eval(dims.split(" ", 1)[1]))  # noqa: S307 (the literal above)
        try:
            outcomes.append(lib.tensordot(a, b, dims=given).numpy())
        except (RuntimeError, TypeError) as error:
            outcomes.append(RuntimeError if isinstance(error, RuntimeError) else TypeError)
    if isinstance(outcomes[0], type):
        assert outcomes[1] is RuntimeError or outcomes[1] is outcomes[0]  # (a clear error where PyTorch refuses)
    else:
        close(outcomes[1], outcomes[0])


def test_tensordot_names_a_float_dims():
    with pytest.raises(RuntimeError, match="dims to be int or"):
        autograd.tensordot(autograd.ones(2, 3), autograd.ones(3, 2), dims=1.0)


ZERO_DERIVATIVE = {"round": lambda L, x: x.round(), "round decimals": lambda L, x: x.round(decimals=1),
                   "floor": lambda L, x: x.floor(), "ceil": lambda L, x: x.ceil(), "trunc": lambda L, x: x.trunc(),
                   "sign": lambda L, x: x.sign(), "div floor": lambda L, x: L.div(x, 0.7, rounding_mode="floor"),
                   "div trunc": lambda L, x: L.div(x, 0.7, rounding_mode="trunc")}


@pytest.mark.parametrize("name", sorted(ZERO_DERIVATIVE))
def test_a_create_graph_gradient_through_a_zero_derivative_op_is_a_constant_as_pytorchs(name):
    outcomes = []
    for lib in (torch, autograd):
        grad = torch.autograd.grad if lib is torch else autograd.grad
        x, y = lib.tensor([1.3, -2.6], requires_grad=True), lib.tensor([2.0, 3.0], requires_grad=True)
        (gx,) = grad((ZERO_DERIVATIVE[name](lib, x) * y).sum(), x, create_graph=True)
        with pytest.raises(RuntimeError):  # nothing of gx requires grad: PyTorch's error
            grad(gx.sum(), y)
        outcomes.append((gx.detach().numpy(), gx.requires_grad, gx.grad_fn is None))
    close(outcomes[1][0], outcomes[0][0])
    assert outcomes[1][1:] == outcomes[0][1:] == (False, True)


def test_a_create_graph_gradient_keeps_the_other_paths_history():
    outcomes = []
    for lib in (torch, autograd):
        grad = torch.autograd.grad if lib is torch else autograd.grad
        x = lib.tensor([1.3, -2.6], requires_grad=True)
        (gx,) = grad((x.floor() * x + x * x).sum(), x, create_graph=True)
        (ggx,) = grad(gx.sum(), x)
        outcomes.append((gx.detach().numpy(), ggx.numpy()))
    close(outcomes[1][0], outcomes[0][0])
    close(outcomes[1][1], outcomes[0][1])


@pytest.mark.parametrize("values", [[-0.0, -80.0], [[-0.0, 1.0], [0.0, -0.0]], [-0.0], [-inf, -0.0], [nan, -0.0]])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_logcumsumexp_of_a_leading_minus_zero_is_plus_zero_as_pytorchs(values, dtype):
    ours = autograd.logcumsumexp(autograd.tensor(values, dtype=getattr(autograd, dtype)), -1).numpy()
    theirs = torch.logcumsumexp(torch.tensor(values, dtype=getattr(torch, dtype)), -1).numpy()
    close(ours, theirs)
    assert np.array_equal(np.signbit(ours), np.signbit(theirs))
