"""autograd.Function (PyTorch's torch.autograd.Function): custom forward/backward checked by gradcheck and
against PyTorch running the same class body, including PyTorch's errors for wrong gradients."""
import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")

LIBRARIES = {"ours": (autograd, autograd.Function, autograd.grad),
             "torch": (torch, torch.autograd.Function, torch.autograd.grad)}


def define(Function):
    """The same custom Functions, written once, for either library."""

    class Cube(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, grad):
            x, = ctx.saved_tensors
            return 3 * x ** 2 * grad

    class ScaledProduct(Function):  # a non-tensor argument, two outputs, an attribute on ctx
        @staticmethod
        def forward(ctx, x, scale, y):
            ctx.save_for_backward(x, y)
            ctx.scale = scale
            ctx.needs = ctx.needs_input_grad
            return x * y * scale, x + y

        @staticmethod
        def backward(ctx, grad_product, grad_sum):
            x, y = ctx.saved_tensors
            return grad_product * y * ctx.scale + grad_sum, None, grad_product * x * ctx.scale + grad_sum

    class ArgMaxAndDouble(Function):  # a non-differentiable output
        @staticmethod
        def forward(ctx, x):
            index = x.argmax()
            ctx.mark_non_differentiable(index)
            return x * 2, index

        @staticmethod
        def backward(ctx, grad, grad_index):
            ctx.seen = (grad_index.tolist(), str(grad_index.dtype).replace("torch.", ""))
            return grad * 2

    class Square(Function):  # PyTorch 2's form: forward without ctx, setup_context
        @staticmethod
        def forward(x):
            return x * x

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_backward(inputs[0])

        @staticmethod
        def backward(ctx, grad):
            x, = ctx.saved_tensors
            return 2 * x * grad

    return Cube, ScaledProduct, ArgMaxAndDouble, Square


def values(lib_name):
    lib, Function, grad = LIBRARIES[lib_name]
    Cube, ScaledProduct, ArgMaxAndDouble, Square = define(Function)
    x = lib.tensor(np.array([1.0, -2.0, 0.5]), requires_grad=True)
    y = lib.tensor(np.array([3.0, 0.25, -1.0]), requires_grad=True)
    out = {}
    cube = Cube.apply(x)
    out["cube"] = (cube.tolist(), type(cube.grad_fn).__name__, cube.grad_fn.name())
    product, total = ScaledProduct.apply(x, 2.0, y)
    (product * 3 + total).sum().backward()
    out["product"] = (x.grad.tolist(), y.grad.tolist())
    doubled, index = ArgMaxAndDouble.apply(x)
    out["argmax"] = (index.requires_grad, doubled.requires_grad)
    g, = grad(doubled.sum(), x, retain_graph=True)
    out["argmax grad"] = g.tolist()
    out["square"] = grad(Square.apply(x).sum(), x)[0].tolist()
    g, = grad(Cube.apply(x).sum(), x, create_graph=True)  # a second derivative through the user's backward
    out["second"] = grad(g.sum(), x)[0].tolist()
    with lib.no_grad():
        out["no grad"] = Cube.apply(x).requires_grad
    out["constant"] = Cube.apply(lib.tensor([2.0])).requires_grad
    return out


def test_custom_functions_give_pytorchs_values_gradients_and_names():
    assert values("ours") == values("torch")


def test_needs_input_grad_and_what_backward_receives_for_a_non_differentiable_output():
    seen = {}
    for name in LIBRARIES:
        lib, Function, grad = LIBRARIES[name]
        _, ScaledProduct, ArgMaxAndDouble, _ = define(Function)
        x = lib.tensor([1.0, 3.0], requires_grad=True)
        product, _ = ScaledProduct.apply(x, 1.0, lib.tensor([1.0, 1.0]))
        doubled, _ = ArgMaxAndDouble.apply(x)
        doubled.sum().backward()
        seen[name] = (product.grad_fn is not None, doubled.grad_fn is not None)
    assert seen["ours"] == seen["torch"]


def test_gradcheck_passes_through_custom_functions():
    Cube, ScaledProduct, _, Square = define(autograd.Function)
    rng = np.random.default_rng(0)
    x = autograd.tensor(rng.standard_normal(4), requires_grad=True)
    y = autograd.tensor(rng.standard_normal(4), requires_grad=True)
    assert autograd.gradcheck(Cube.apply, (x,))
    assert autograd.gradcheck(lambda a, b: ScaledProduct.apply(a, 1.5, b), (x, y))
    assert autograd.gradcheck(Square.apply, (x,))
    assert autograd.gradgradcheck(Cube.apply, (x,))


def wrong(Function, returned):
    class Wrong(Function):
        @staticmethod
        def forward(ctx, x, k):
            return x * k

        @staticmethod
        def backward(ctx, grad):
            return returned(grad)

    return Wrong


@pytest.mark.parametrize("returned", [
    lambda g: g,  # one gradient for two inputs
    lambda g: (g, None, g),  # a third, not None
    lambda g: (g, g),  # a gradient for the number k
    lambda g: (1.0, None),  # not a tensor
    lambda g: (g[:1] * 0 + g.sum(), None) if g.shape[0] > 1 else (g, None),  # shape (1,): broadcasts, allowed
    lambda g: (g.reshape(1, -1).expand(3, -1), None),  # broadcasts to the input: summed
    lambda g: (g[:2], None),  # a shape that does not fit
    lambda g: (g, None, None),  # extra Nones are allowed
])
def test_wrong_gradients_are_refused_as_pytorch_refuses_them(returned):
    outcome = {}
    for name in LIBRARIES:
        lib, Function, _ = LIBRARIES[name]
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        try:
            wrong(Function, returned).apply(x, 2.0).sum().backward()
            outcome[name] = ("ok", x.grad.tolist())
        except (RuntimeError, TypeError) as error:
            outcome[name] = (type(error).__name__, str(error).split(" ")[0].lower())
    assert outcome["ours"] == outcome["torch"]


def test_saved_tensors_are_refused_after_an_in_place_change_or_after_backward_freed_them():
    Cube, *_ = define(autograd.Function)
    x = autograd.tensor([1.0, 2.0], requires_grad=True)
    a = x * 1
    y = Cube.apply(a)
    a.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()
    y = Cube.apply(x)
    y.sum().backward()
    with pytest.raises(RuntimeError, match="retain_graph"):
        y.sum().backward()
    y = Cube.apply(x)
    y.sum().backward(retain_graph=True)
    assert y.grad_fn.saved_tensors[0] is x


def test_legacy_forms_and_missing_methods_fail_as_in_pytorch():
    for name in LIBRARIES:
        lib, Function, _ = LIBRARIES[name]

        class NoForward(Function):
            pass

        with pytest.raises(NotImplementedError):
            NoForward.apply(lib.ones(1, requires_grad=True))
        with pytest.warns(DeprecationWarning):
            instance = NoForward()
        with pytest.raises(RuntimeError, match="non-static forward"):
            instance(lib.ones(1))

        class NoBackward(Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

        with pytest.raises(NotImplementedError):
            NoBackward.apply(lib.ones(1, requires_grad=True)).sum().backward()


def test_returning_an_input_unchanged_gives_a_new_tensor_with_the_custom_node():
    for name in LIBRARIES:
        lib, Function, _ = LIBRARIES[name]

        class Identity(Function):
            @staticmethod
            def forward(ctx, x):
                return x

            @staticmethod
            def backward(ctx, grad):
                return grad * 5

        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = Identity.apply(x)
        y.sum().backward()
        assert y is not x and x.grad.tolist() == [5.0, 5.0]


def test_mark_dirty_and_mixed_output_dtypes_are_refused_clearly():
    class Dirty(autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.mark_dirty(x)
            return x

    with pytest.raises(NotImplementedError, match="mark_dirty"):
        Dirty.apply(autograd.ones(2, requires_grad=True))

    class Mixed(autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, x.double()

    with pytest.raises(NotImplementedError, match="one dtype"):
        Mixed.apply(autograd.ones(2, requires_grad=True))


def test_install_as_torch_names_it_torch_autograd_function():
    from tests.test_install_as_torch import run_python

    result = run_python("""
        import glassgrad
        glassgrad.install_as_torch()
        import torch
        from torch.autograd import Function
        import autograd
        assert Function is torch.autograd.Function is autograd.Function
    """)
    assert result.returncode == 0, result.stderr


def test_keyword_arguments_and_a_saved_output_in_a_second_derivative_as_pytorch():
    seen = {}
    for name in LIBRARIES:
        lib, Function, grad = LIBRARIES[name]

        class Exp(Function):  # saves its output: the second derivative must go through it
            @staticmethod
            def forward(ctx, x, scale=1.0):
                result = x.exp() * scale
                ctx.save_for_backward(result)
                return result

            @staticmethod
            def backward(ctx, g):
                result, = ctx.saved_tensors
                return g * result, None

        class Scale(Function):
            @staticmethod
            def forward(x, scale=1.0):
                return x * scale

            @staticmethod
            def setup_context(ctx, inputs, output):
                ctx.scale = inputs[1] if len(inputs) > 1 else 1.0

            @staticmethod
            def backward(ctx, g):
                return g * ctx.scale, None

        x = lib.tensor([0.5, -1.0], requires_grad=True)
        first, = grad(Exp.apply(x).sum(), x, create_graph=True)
        out = [Exp.apply(x, scale=2.0).tolist(), Exp.apply(x=x).tolist(), grad(first.sum(), x)[0].tolist()]
        out.append(grad(Scale.apply(x, scale=3.0).sum(), x)[0].tolist())
        out.append(grad(Scale.apply(x=x, scale=2.0).sum(), x)[0].tolist())
        with pytest.raises(TypeError):
            Exp.apply(x, unknown=1)
        seen[name] = np.round(np.array(out), 5).tolist()
    assert seen["ours"] == seen["torch"]


def test_hooks_retain_grad_and_in_place_writes_on_custom_outputs_as_pytorch():
    seen = {}
    for name in LIBRARIES:
        lib, Function, _ = LIBRARIES[name]

        class Two(Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x * 2, x * x

            @staticmethod
            def backward(ctx, grad_double, grad_square):
                x, = ctx.saved_tensors
                return grad_double * 2 + grad_square * 2 * x

        class Triple(Function):
            @staticmethod
            def forward(ctx, x):
                return x * 3

            @staticmethod
            def backward(ctx, grad):
                return grad * 3

        x = lib.tensor([1.0, 2.0], requires_grad=True)
        double, square = Two.apply(x)
        triple = Triple.apply(x)
        double.retain_grad()
        triple.retain_grad()
        hooked = []
        square.register_hook(lambda grad, hooked=hooked: hooked.append(grad.tolist()))
        triple.register_hook(lambda grad: grad * 10)
        (double * square + triple).sum().backward()
        out = [x.grad.tolist(), double.grad.tolist(), triple.grad.tolist(), hooked]
        double, square = Two.apply(x)
        double.mul_(2)
        x.grad = None
        (double + square).sum().backward()
        seen[name] = out + [x.grad.tolist()]
    assert seen["ours"] == seen["torch"]
