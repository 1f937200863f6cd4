"""The eleventh adversarial pass's findings on autograd semantics (#19, hostile11b), each with its neighbourhood,
against PyTorch 2.13: hooks on the node of a composed op, complex .real/.imag as views, a second backward through
nodes that save nothing, the named tuples of cummax/cummin/nanmedian, float16 times a complex number, and
explore() running a custom Function's backward."""
import copy
import pickle
import subprocess
import sys

import numpy as np
import pytest

import autograd
from autograd.pytorch import return_types

from .outcomes import tagged_outcome as outcome

torch = pytest.importorskip("torch")


# ---- N1. cummax, cummin, nanmedian(dim) return PyTorch's torch.return_types ---------------------------------------
NAMED_OPS = {
    "cummax": lambda lib, x: x.cummax(0),
    "cummin": lambda lib, x: lib.cummin(x, 1),
    "nanmedian": lambda lib, x: x.nanmedian(1),
    "nanmedian keepdim": lambda lib, x: lib.nanmedian(x, 0, keepdim=True),
}


@pytest.mark.parametrize("name", NAMED_OPS)
def test_named_tuples_are_pytorchs_return_types(name):
    values = [[1.0, float("nan"), 3.0], [2.0, 0.5, 0.5]]
    ours = NAMED_OPS[name](autograd, autograd.tensor(values))
    theirs = NAMED_OPS[name](torch, torch.tensor(values))
    kind = name.split()[0]
    assert isinstance(ours, getattr(return_types, kind))
    assert type(theirs).__name__ == type(ours).__name__ == kind
    assert repr(ours) == repr(theirs)
    assert ours._fields == ("values", "indices")
    for part, expected in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(part.numpy(), expected.numpy())
    for again in (pickle.loads(pickle.dumps(ours)), copy.deepcopy(ours)):
        assert type(again) is type(ours)
        np.testing.assert_array_equal(again.values.numpy(), ours.values.numpy())


def test_torch_return_types_is_mapped_under_install_as_torch():
    script = ("import glassgrad; glassgrad.install_as_torch(); import torch, torch.return_types as r; "
              "x = torch.tensor([2., 1.]); assert r is torch.return_types; "
              "assert isinstance(x.cummin(0), r.cummin) and isinstance(x.max(0), torch.return_types.max)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# ---- R1. a second backward through nodes PyTorch saves nothing for (MeanBackward0, AddBackward0 with alpha, ...) --
SAVES_NOTHING = {
    "mean": lambda lib, x: x.mean(),
    "mean(dim)": lambda lib, x: x.mean(1),
    "mean(dims, keepdim)": lambda lib, x: x.mean((0, 1), keepdim=True),
    "mean(-1, keepdim)": lambda lib, x: lib.mean(x, -1, True),
    "add alpha": lambda lib, x: lib.add(x, x * 1, alpha=2),
    "add alpha number": lambda lib, x: lib.add(x, 3.0, alpha=2),
    "sub alpha": lambda lib, x: lib.sub(x * 1, x, alpha=0.5),
    "Tensor.add alpha": lambda lib, x: x.add(x.sum(0), alpha=-1.5),
    "Tensor.sub alpha": lambda lib, x: x.sub(x, alpha=3),
    "sign": lambda lib, x: x.sign() + x,
    "floor": lambda lib, x: x.floor() + x,
    "ceil": lambda lib, x: x.ceil(),
    "round": lambda lib, x: x.round(),
    "round(decimals)": lambda lib, x: x.round(decimals=1),
    "trunc": lambda lib, x: x.trunc(),
    "tril": lambda lib, x: x.tril(),
    "triu(1)": lambda lib, x: x.triu(1),
    "tril(-1)": lambda lib, x: lib.tril(x, -1),
    "repeat_interleave": lambda lib, x: x.repeat_interleave(2),
    "repeat_interleave(dim=0)": lambda lib, x: x.repeat_interleave(3, dim=0),
    "repeat_interleave(dim=-1)": lambda lib, x: lib.repeat_interleave(x, 2, dim=-1),
    "repeat_interleave(0)": lambda lib, x: x.repeat_interleave(0, dim=1),
    # PyTorch's nodes that save a tensor: the second backward stays refused
    "repeat_interleave(tensor)": lambda lib, x: x.repeat_interleave(lib.tensor([1, 2]), dim=0),
    "repeat_interleave(0-d tensor)": lambda lib, x: x.repeat_interleave(lib.tensor(2)),
    "x * 2": lambda lib, x: x * 2,
    "x / 3": lambda lib, x: x / 3,
    "exp": lambda lib, x: x.exp(),
    "x ** 0": lambda lib, x: x ** 0,
}


def backward_twice(lib, op, dtype):
    x = lib.tensor([[0.5, -1.5, 2.25], [3.0, -2.0, 0.0]], dtype=getattr(lib, dtype), requires_grad=True)
    y = op(lib, x)
    seed = lib.tensor(np.arange(1.0, 1 + y.numel()).reshape(tuple(y.shape)).tolist(), dtype=y.dtype)
    y.backward(seed)
    y.backward(seed)
    return y.dtype, y.detach().numpy(), x.grad.numpy()


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
@pytest.mark.parametrize("name", SAVES_NOTHING)
def test_second_backward_runs_where_pytorch_saves_nothing(name, dtype):
    ours = outcome(lambda: backward_twice(autograd, SAVES_NOTHING[name], dtype))
    theirs = outcome(lambda: backward_twice(torch, SAVES_NOTHING[name], dtype))
    assert ours[0] == theirs[0], (ours, theirs)
    if theirs[0] == "error":
        assert ours == theirs
        return
    assert str(ours[1][0]) == str(theirs[1][0]).replace("torch.", "")
    np.testing.assert_allclose(ours[1][1], theirs[1][1], rtol=1e-3)
    np.testing.assert_allclose(ours[1][2], theirs[1][2], rtol=1e-3)


@pytest.mark.parametrize("name", ["mean", "mean(dim)", "add alpha", "sub alpha", "tril", "triu(1)",
                                  "repeat_interleave(dim=-1)"])
def test_saves_nothing_nodes_keep_pytorchs_names_and_second_order_gradients(name):
    op = SAVES_NOTHING[name]
    x = autograd.tensor([[0.5, -1.5, 2.25], [3.0, -2.0, 0.0]], dtype=autograd.float64, requires_grad=True)
    tx = torch.tensor(x.detach().numpy(), requires_grad=True)
    assert repr(op(autograd, x).grad_fn) == f"<{type(op(torch, tx).grad_fn).__name__}>"
    assert autograd.gradcheck(lambda t: op(autograd, t) ** 3, x)
    assert autograd.gradgradcheck(lambda t: op(autograd, t) ** 3, x)
    (g,) = autograd.grad((op(autograd, x) ** 3).sum(), x, create_graph=True)
    (tg,) = torch.autograd.grad((op(torch, tx) ** 3).sum(), tx, create_graph=True)
    np.testing.assert_allclose(autograd.grad((g * g).sum(), x)[0].numpy(),
                               torch.autograd.grad((tg * tg).sum(), tx)[0].numpy(), rtol=1e-10)


def test_mean_and_alpha_keep_their_values_and_refusals():
    x = autograd.tensor([[1.0, 2.0], [3.0, 5.0]])
    assert x.mean().item() == 2.75 and x.mean(0).tolist() == [2.0, 3.5]
    assert autograd.tensor([], dtype=autograd.float32).mean().isnan().item()
    assert autograd.add(autograd.tensor([200], dtype=autograd.uint8), autograd.tensor([30], dtype=autograd.uint8),
                        alpha=2).tolist() == [4]  # wraps, as PyTorch's uint8
    for bad in (lambda: autograd.add(autograd.tensor([1, 2]), autograd.tensor([1, 2]), alpha=0.5),
                lambda: autograd.sub(autograd.tensor([1.0]), autograd.tensor([1.0]), alpha=True),
                lambda: autograd.tensor([1.0]).tril(),
                lambda: autograd.tensor([1, 2]).mean()):
        with pytest.raises(RuntimeError):
            bad()


# ---- S5. a float16 tensor with a complex number: PyTorch's complex32, which glassgrad refuses for every operator --
COMPLEX_WITH_HALF = {
    "x * 1j": lambda lib, x: x * 1j, "1j * x": lambda lib, x: 1j * x, "x + 1j": lambda lib, x: x + 1j,
    "1j + x": lambda lib, x: 1j + x, "x - 1j": lambda lib, x: x - 1j, "1j - x": lambda lib, x: 1j - x,
    "x / 1j": lambda lib, x: x / 1j, "1j / x": lambda lib, x: 1j / x, "x ** 1j": lambda lib, x: x ** 1j,
    "1j ** x": lambda lib, x: 1j ** x, "x // 1j": lambda lib, x: x // 1j, "x % 1j": lambda lib, x: x % 1j,
    "mul": lambda lib, x: lib.mul(x, 2 + 1j), "add": lambda lib, x: lib.add(x, 1j), "sub": lambda lib, x: lib.sub(x, 1j),
    "div": lambda lib, x: lib.div(x, 1j), "Tensor.mul": lambda lib, x: x.mul(1j), "Tensor.add": lambda lib, x: x.add(1j),
    "Tensor.pow": lambda lib, x: x.pow(1j), "fmod": lambda lib, x: x.fmod(1j), "remainder": lambda lib, x: x.remainder(1j),
    "where": lambda lib, x: lib.where(x > 1, x, 1j), "x * 0-d complex": lambda lib, x: x * lib.tensor(1j),
    "mul_": lambda lib, x: x.clone().mul_(1j), "x += 1j": lambda lib, x: x.clone().__iadd__(1j),
}


@pytest.mark.parametrize("name", COMPLEX_WITH_HALF)
def test_float16_with_a_complex_number_is_refused_not_complex64(name):
    op = COMPLEX_WITH_HALF[name]
    theirs = outcome(lambda: op(torch, torch.tensor([1.0, 2.0], dtype=torch.float16)).dtype)
    assert theirs[0] == "error" or theirs[1] == torch.complex32
    with pytest.raises((NotImplementedError, RuntimeError)) as error:
        op(autograd, autograd.tensor([1.0, 2.0], dtype=autograd.float16))
    assert "complex32" in str(error.value) or theirs[0] == "error"
    assert (autograd.tensor([1.0, 2.0], dtype=autograd.float32) * 1j).dtype == autograd.complex64  # float32: fine


# ---- S3. complex .real / .imag are views of z, as PyTorch's (and NumPy's) --------------------------------------------
COMPLEX_VIEW_PROGRAMS = {
    "write through real": lambda lib: (lambda z: (z.real.mul_(10), z)[1])(lib.tensor([1 + 2j, 3 - 1j])),
    "setitem through imag": lambda lib: (lambda z: (z.imag.__setitem__(0, 0), z)[1])(lib.tensor([1 + 2j, 3 - 1j])),
    "z's write seen by real": lambda lib: (lambda z, r: (z.add_(1), r)[1])(*(lambda z: (z, z.real))(
        lib.tensor([1 + 2j, 3 - 1j]))),
    "z's write seen by imag": lambda lib: (lambda z, i: (z.mul_(1j), i)[1])(*(lambda z: (z, z.imag))(
        lib.tensor([1 + 2j, 3 - 1j]))),
    "view of a view": lambda lib: (lambda z: (z.real.t().__setitem__((0, 1), 7), z)[1])(
        lib.tensor([[1 + 2j, 3 - 1j], [2j, 5 + 0j]])),
    "part of a slice": lambda lib: (lambda z: (z[1:].imag.fill_(-4), z)[1])(lib.tensor([1 + 2j, 3 - 1j, 1j])),
    "complex128 parts": lambda lib: (lambda z: (z.real.add_(0.5), z.imag.neg_(), z)[2])(
        lib.tensor([1 + 2j], dtype=lib.complex128)),
    "real's version": lambda lib: (lambda z, r: (z.add_(1), r._version)[1])(*(lambda z: (z, z.real))(
        lib.tensor([1 + 2j]))),
    "z's version": lambda lib: (lambda z: (z.imag.add_(1), z._version)[1])(lib.tensor([1 + 2j])),
    "stride and contiguity": lambda lib: (lambda r: (r.stride(), r.is_contiguous(), r.dtype.itemsize))(
        lib.tensor([[1 + 2j, 3 - 1j], [2j, 5 + 0j]]).imag),
    "torch.real": lambda lib: (lambda z: (lib.real(z).zero_(), z)[1])(lib.tensor([1 + 2j])),
    "imag of a real tensor": lambda lib: lib.tensor([1.0]).imag,
}


def plain(value):
    if isinstance(value, (tuple, list)):
        return tuple(plain(v) for v in value)
    if isinstance(value, (torch.Tensor, autograd.Tensor)):
        return str(value.dtype).replace("torch.", ""), value.numpy().tolist()
    return value


@pytest.mark.parametrize("name", COMPLEX_VIEW_PROGRAMS)
def test_complex_parts_are_views(name):
    program = COMPLEX_VIEW_PROGRAMS[name]
    ours, theirs = outcome(lambda: plain(program(autograd))), outcome(lambda: plain(program(torch)))
    assert ours == theirs


def test_complex_parts_share_memory_and_real_of_a_real_tensor_is_itself():
    z = autograd.tensor([1 + 2j, 3 - 1j])
    assert z.real._base is z and z.imag._base is z
    assert np.shares_memory(z.real.numpy(), z.numpy()) and np.shares_memory(z.imag.numpy(), z.numpy())
    x = autograd.tensor([1.0, 2.0], requires_grad=True)
    assert x.real is x
    with pytest.raises(RuntimeError, match="non-complex"):
        x.imag  # noqa: B018


# ---- S4. a hook on the node of an op composed of primitives is refused, clearly; a primitive's node still works ----
def _functional(lib):
    return lib.nn.functional if lib is torch else __import__("nn").functional


COMPOSED_OPS = {
    "norm": lambda lib, a: a.norm(), "norm(dim)": lambda lib, a: a.norm(dim=0), "std": lambda lib, a: a.std(),
    "logsumexp": lambda lib, a: a.logsumexp(0), "softplus": lambda lib, a: _functional(lib).softplus(a),
    "gelu": lambda lib, a: _functional(lib).gelu(a), "silu": lambda lib, a: _functional(lib).silu(a),
    "mse_loss": lambda lib, a: _functional(lib).mse_loss(a, lib.ones(3)),
    "smooth_l1_loss": lambda lib, a: _functional(lib).smooth_l1_loss(a, lib.ones(3)),
    "huber_loss": lambda lib, a: _functional(lib).huber_loss(a, lib.ones(3)),
    "cross_entropy": lambda lib, a: _functional(lib).cross_entropy(a[None], lib.tensor([1])),
    "nll_loss": lambda lib, a: _functional(lib).nll_loss(a[None], lib.tensor([1])),
    "bce_with_logits": lambda lib, a: _functional(lib).binary_cross_entropy_with_logits(a, lib.tensor([1.0, 0.0, 1.0])),
    "bce": lambda lib, a: _functional(lib).binary_cross_entropy(a.sigmoid(), lib.tensor([1.0, 0.0, 1.0])),
    "soft_margin_loss": lambda lib, a: _functional(lib).soft_margin_loss(a, lib.tensor([1.0, -1.0, 1.0])),
    "multi_margin_loss": lambda lib, a: _functional(lib).multi_margin_loss(a[None], lib.tensor([1])),
    "softmax": lambda lib, a: a.softmax(0), "log_softmax": lambda lib, a: a.log_softmax(0),
    "median": lambda lib, a: a.median(), "nansum": lambda lib, a: a.nansum(), "amin": lambda lib, a: a.amin(),
    "expm1": lambda lib, a: a.expm1(), "clamp": lambda lib, a: a.clamp(0.5, 2.0),
    "leaky_relu": lambda lib, a: _functional(lib).leaky_relu(a, 0.1),
    "logsigmoid": lambda lib, a: _functional(lib).logsigmoid(a),
    "layer_norm": lambda lib, a: _functional(lib).layer_norm(a, (3,)),
    "layer_norm affine": lambda lib, a: _functional(lib).layer_norm(a, (3,), lib.ones(3), lib.zeros(3)),
    "batch_norm": lambda lib, a: _functional(lib).batch_norm(a.reshape(3, 1), None, None, training=True),
    "group_norm": lambda lib, a: _functional(lib).group_norm(a.reshape(1, 1, 3), 1),
    "linear": lambda lib, a: _functional(lib).linear(a, lib.ones(2, 3)),
    "linear 2-d bias": lambda lib, a: _functional(lib).linear(a[None], lib.ones(2, 3), lib.ones(2)),
    "max(dim)": lambda lib, a: a.max(0).values, "min(dim)": lambda lib, a: a.min(0).values, "sgn": lambda lib, a: a.sgn(),
}
PRIMITIVE_OPS = {
    "exp": lambda lib, a: a.exp(), "x * x": lambda lib, a: a * a, "sum": lambda lib, a: a.sum(),
    "mean": lambda lib, a: a.mean(), "relu": lambda lib, a: a.relu(), "tanh": lambda lib, a: a.tanh(),
    "x / 3": lambda lib, a: a / 3, "max(dim, keepdim)": lambda lib, a: a.max(0, keepdim=True).values,
    "add alpha": lambda lib, a: lib.add(a, a, alpha=2), "tril": lambda lib, a: a[None].tril(),
    "cumsum": lambda lib, a: a.cumsum(0), "var": lambda lib, a: a.var(), "elu": lambda lib, a: _functional(lib).elu(a),
}


def node_hook_program(op, scale):
    def run(lib):
        x = lib.tensor([0.5, 1.5, 3.0], requires_grad=True)
        y = op(lib, x * 1)
        seen = []
        y.grad_fn.register_hook(lambda gi, go: (seen.append([None if g is None else g.tolist() for g in gi]),
                                                tuple(None if g is None else g * scale for g in gi))[1])
        y.sum().backward()
        return seen, x.grad.tolist()
    return run


@pytest.mark.parametrize("name", COMPOSED_OPS)
def test_a_hook_on_a_composed_ops_node_is_refused_naming_the_op(name):
    op = COMPOSED_OPS[name]
    with pytest.raises(NotImplementedError, match="register_hook.*several primitives.*input.register_hook"):
        node_hook_program(op, 10)(autograd)
    x = autograd.tensor([0.5, 1.5, 3.0], requires_grad=True)  # the suggested tensor hooks give PyTorch's values
    tx = torch.tensor([0.5, 1.5, 3.0], requires_grad=True)
    for lib, leaf in ((autograd, x), (torch, tx)):
        leaf.register_hook(lambda g: g * 10)
        y = op(lib, leaf * 1)
        y.register_hook(lambda g: g * 2)
        y.backward(lib.tensor(np.arange(1.0, 1 + y.numel()).reshape(tuple(y.shape)).tolist()))
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(force=True), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize("name", PRIMITIVE_OPS)
def test_a_hook_on_a_primitives_node_sees_pytorchs_gradients(name, scale):
    ours = node_hook_program(PRIMITIVE_OPS[name], scale)(autograd)
    theirs = node_hook_program(PRIMITIVE_OPS[name], scale)(torch)
    assert len(ours[0][0]) == len(theirs[0][0])
    for a, b in zip(ours[0][0], theirs[0][0], strict=True):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=1e-5)
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-5)


def test_composed_marks_only_the_ops_own_node_and_next_functions_are_documented():
    from autograd.functional.saved import composed

    x = autograd.tensor([1.0, 2.0], requires_grad=True)
    h = x * 2
    assert composed(h, "identity", h) is h and getattr(h.grad_fn, "composed_op", None) is None  # an input: unmarked
    h.grad_fn.register_hook(lambda gi, go: None)  # still allowed
    assert composed(x, "identity", x) is x and composed(3.0, "number") == 3.0
    y = autograd.tensor([0.5, 1.5], requires_grad=True).softmax(0)
    assert y.grad_fn.composed_op == "softmax"
    assert "composed_op" in type(y.grad_fn).next_functions.fget.__doc__


# ---- N2. explore() runs a custom Function's backward (its rule) once, as documented; it runs no hook --------------
def test_explore_runs_a_custom_functions_backward_once_and_no_hook():
    from autograd.viz import explore

    calls = {"backward": 0, "hook": 0}

    class Cube(autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            calls["backward"] += 1
            (x,) = ctx.saved_tensors
            return g * 3 * x * x

    x = autograd.tensor([1.0, 2.0], requires_grad=True)
    y = Cube.apply(x)
    y.register_hook(lambda g: calls.__setitem__("hook", calls["hook"] + 1))
    loss = y.sum()
    explore(loss, params={"x": x})
    assert calls == {"backward": 1, "hook": 0} and x.grad is None
    loss.backward()
    assert calls == {"backward": 2, "hook": 1} and x.grad.tolist() == [3.0, 12.0]
    assert "custom Function's backward" in explore.__doc__
    assert "once more per explore()" in sys.modules["autograd.viz.explore"].__doc__


# ---- README: writes whose source overlaps the destination compute as if the source were cloned first -------------
OVERLAPPING_WRITES = {
    "copy_ shifted": lambda lib, x, src: x[1:].copy_(src(x)[:-1]),
    "+= shifted": lambda lib, x, src: x[1:].add_(src(x)[:-1]),
    "mul_ transposed": lambda lib, x, src: x.view(2, 3)[:, :2].mul_(src(x).view(2, 3)[:, 1:]),
    "index_add_ self": lambda lib, x, src: x.index_add_(0, lib.tensor([1, 2]), src(x)[:2]),
    "scatter_ self": lambda lib, x, src: x.scatter_(0, lib.tensor([1, 2, 3]), src(x)),
}


@pytest.mark.parametrize("name", OVERLAPPING_WRITES)
def test_overlapping_writes_compute_as_if_the_source_were_cloned(name):
    write = OVERLAPPING_WRITES[name]
    ours = autograd.arange(6.0)
    write(autograd, ours, lambda t: t)
    theirs = torch.arange(6.0)
    write(torch, theirs, lambda t: t.clone())  # what PyTorch gives once the source is a clone
    assert ours.tolist() == theirs.tolist()


def test_a_grad_set_to_an_expanded_tensor_is_replaced_by_the_sum():
    w = autograd.tensor([1.0, 2.0, 3.0], requires_grad=True)
    start = autograd.ones(1).expand(3)
    w.grad = start
    (w * w).sum().backward()
    assert w.grad.tolist() == [3.0, 5.0, 7.0] and start.tolist() == [1.0, 1.0, 1.0]


def test_next_functions_of_a_composed_ops_node_lead_to_its_pieces_as_documented():
    x = autograd.tensor([0.5, 1.5, 3.0], requires_grad=True)
    a = x * 1
    norm = a.norm()  # a Saved node: the composed result's node, then the input whose version it checks
    pieces = [node for node, _ in norm.grad_fn.next_functions]
    assert len(pieces) == 2 and pieces[1] is a.grad_fn and pieces[0] is not a.grad_fn
    softmax = a.softmax(0)  # the last primitive (a division): its inputs are softmax's pieces
    assert all(node is not a.grad_fn for node, _ in softmax.grad_fn.next_functions)
    mean = a.mean()  # a primitive of its own: PyTorch's single edge
    assert [node for node, _ in mean.grad_fn.next_functions] == [a.grad_fn]
