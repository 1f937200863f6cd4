"""PyTorch's torch.autograd.functional: the Jacobian, the Hessian and the vector products of a function,
each made with autograd.grad (one backward pass per row of a Jacobian):

    jacobian(f, x)      J[i..., j...] = ∂f(x)[i...] / ∂x[j...]      (shape f(x).shape + x.shape)
    hessian(f, x)       H = the Jacobian of ∇f, for f with one element
    vjp(f, x, v)        (f(x), vᵀJ)
    jvp(f, x, v)        (f(x), J v), by PyTorch's double-backward trick: J v = ∂(uᵀJ v)/∂u ... = grad of (uᵀJ) v by u
    vhp(f, x, v)        (f(x), vᵀH);   hvp(f, x, v): (f(x), H v), the same numbers (H is symmetric for a C² f)

`x` is a tensor or a tuple of tensors, and the results follow that form, as PyTorch's. They are computed with grad
mode on, also under no_grad (inference mode, as in PyTorch, records nothing: zeros). The outputs and results
are detached unless create_graph=True, which keeps them differentiable (with respect to x, when x requires grad).
`vectorize` and `strategy` are accepted: the results are the same, computed one row at a time (also detached as
reverse mode's, where PyTorch's forward-mode results stay attached to a tensor f closes over, and also with
create_graph, which PyTorch's forward mode refuses). `strict` is
accepted but not enforced: where PyTorch's strict=True raises (an output independent of an input, or one
that does not require grad), the results here hold zeros for that pair.
"""
from . import creation
from .engine import grad
from .functional import stack
from .grad_mode import enable_grad
from .tensor import Tensor


def _tensors(value, whose):
    """(value as a tuple of Tensors, whether it came as a tuple); anything else is PyTorch's TypeError."""
    as_tuple = isinstance(value, tuple)
    items = value if as_tuple else (value,)
    for i, x in enumerate(items):
        if not isinstance(x, Tensor):
            raise TypeError(f"{whose} must be either a Tensor or a tuple of Tensors but the value at index {i} has "
                            f"type {type(x).__name__}.")
    return items, as_tuple


def _inputs(inputs, create_graph, what):
    """(the inputs as a tuple of tensors that require grad, whether they came as a tuple)."""
    items, as_tuple = _tensors(inputs, f"The inputs given to {what}")
    return tuple(x.view_as(x) if create_graph and gradient_goes_somewhere(x) else x.detach().requires_grad_()
                 for x in items), as_tuple


def gradient_goes_somewhere(x):
    """Whether a gradient for x goes somewhere: x requires grad and is not a view made under no_grad (whose gradient
    goes nowhere: it is taken as a fresh leaf), though a view of one made with grad on has a node of its own."""
    return x.requires_grad and (x.grad_fn is not None or not x._made_without_grad)


def _outputs(result, what):
    return _tensors(result, f"The outputs of the user-provided function given to {what}")


def _grads(outputs, inputs, seeds, create_graph):
    """d(Σ seedᵢ · outputᵢ)/d(input) for each input: zeros where an input does not reach the outputs."""
    pairs = [(o, s) for o, s in zip(outputs, seeds, strict=True) if o.requires_grad]
    found = grad([o for o, _ in pairs], inputs, [s for _, s in pairs], retain_graph=True, create_graph=create_graph,
                 allow_unused=True) if pairs else (None,) * len(inputs)
    return tuple(creation.zeros_like(x) if g is None else g for g, x in zip(found, inputs, strict=True))


def _shaped(values, as_tuple):
    return tuple(values) if as_tuple else values[0]


def _kept(tensors, create_graph):
    return tuple(t if create_graph else t.detach() for t in tensors)


def _vectors(v, outputs, what):
    """The vectors v, one per output (v may be None only for one output of one element)."""
    if v is None:
        if len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError(f"The vector v can only be None if the user-provided function returns a single "
                               f"Tensor with a single element ({what}).")
        return (creation.ones_like(outputs[0]),)
    vectors = v if isinstance(v, tuple) else (v,)
    if len(vectors) != len(outputs) or any(tuple(a.shape) != tuple(b.shape) for a, b in zip(vectors, outputs, strict=True)):
        raise RuntimeError(f"{what}: v has shapes {[tuple(a.shape) for a in vectors]}, where the function's outputs "
                           f"have shapes {[tuple(o.shape) for o in outputs]}: they must match")
    return vectors


@enable_grad()  # (recorded whatever the caller's grad mode, as PyTorch's)
def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), vᵀJ): the vector-Jacobian product, one backward pass."""
    inputs, inputs_tuple = _inputs(inputs, create_graph, "vjp")
    outputs, outputs_tuple = _outputs(func(*inputs), "vjp")
    result = _grads(outputs, inputs, _vectors(v, outputs, "vjp"), create_graph)
    return _shaped(_kept(outputs, create_graph), outputs_tuple), _shaped(_kept(result, create_graph), inputs_tuple)


@enable_grad()  # (recorded whatever the caller's grad mode, as PyTorch's)
def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J v): the Jacobian-vector product, as the gradient by u of (uᵀJ)·v (two backward passes)."""
    inputs, inputs_tuple = _inputs(inputs, create_graph, "jvp")
    outputs, outputs_tuple = _outputs(func(*inputs), "jvp")
    if v is None:
        if len(inputs) != 1 or inputs[0].numel() != 1:
            raise RuntimeError("The vector v can only be None if the input to the user-provided function is a "
                               "single Tensor with a single element.")
        v = (creation.ones_like(inputs[0]),)
    vectors = v if isinstance(v, tuple) else (v,)
    us = tuple(creation.zeros_like(o).requires_grad_() for o in outputs)
    u_jacobian = _grads(outputs, inputs, us, create_graph=True)
    product = _grads(u_jacobian, us, vectors, create_graph)
    return _shaped(_kept(outputs, create_graph), outputs_tuple), _shaped(_kept(product, create_graph), outputs_tuple)


@enable_grad()  # (recorded whatever the caller's grad mode, as PyTorch's)
def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """J[i..., j...] = ∂func(inputs)[i...] / ∂inputs[j...]: one backward pass per output element; for several
    outputs or inputs, J[output][input] (a tuple of tuples)."""
    inputs, inputs_tuple = _inputs(inputs, create_graph, "jacobian")
    outputs, outputs_tuple = _outputs(func(*inputs), "jacobian")
    blocks = []
    for out in outputs:
        rows = []
        for k in range(out.numel()):
            seed = creation.zeros(out.numel(), dtype=out.dtype)
            seed[k] = 1
            rows.append(_grads((out,), inputs, (seed.reshape(out.shape),), create_graph))
        blocks.append(tuple(_stacked([row[i] for row in rows], out.shape, x, create_graph)
                            for i, x in enumerate(inputs)))
    return _shaped([_shaped(block, inputs_tuple) for block in blocks], outputs_tuple)


def _stacked(rows, out_shape, x, create_graph):
    """The rows ∂out[k]/∂x (k in out's order) as one tensor of shape out_shape + x.shape."""
    if not rows:
        return creation.zeros(tuple(out_shape) + tuple(x.shape), dtype=x.dtype)
    result = stack(rows).reshape(tuple(out_shape) + tuple(x.shape))
    return result if create_graph else result.detach()


@enable_grad()  # (recorded whatever the caller's grad mode, as PyTorch's)
def hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"):
    """H[i..., j...] = ∂²func / ∂inputs[i...] ∂inputs[j...] for a func returning one element: the Jacobian of
    its gradient (for several inputs, H[input][input])."""
    inputs, inputs_tuple = _inputs(inputs, create_graph, "hessian")

    def gradient(*xs):
        outputs, _ = _outputs(func(*xs), "hessian")
        if len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError("The function given to hessian should return a single Tensor with a single element")
        return _grads(outputs, xs, (creation.ones_like(outputs[0]),), create_graph=True)

    return jacobian(lambda *xs: _shaped(gradient(*xs), inputs_tuple), inputs if inputs_tuple else inputs[0],
                    create_graph=create_graph)


@enable_grad()  # (recorded whatever the caller's grad mode, as PyTorch's)
def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), vᵀH) for a func returning one element: the gradient of ∇f·v."""
    inputs, inputs_tuple = _inputs(inputs, create_graph, "vhp")
    outputs, _ = _outputs(func(*inputs), "vhp")
    if len(outputs) != 1 or outputs[0].numel() != 1:
        raise RuntimeError("The function given to vhp should return a single Tensor with a single element")
    vectors = _vectors(v, inputs, "vhp") if v is not None else _vectors(None, inputs, "vhp")
    gradients = _grads(outputs, inputs, (creation.ones_like(outputs[0]),), create_graph=True)
    result = _grads(gradients, inputs, vectors, create_graph)
    return _kept(outputs, create_graph)[0], _shaped(_kept(result, create_graph), inputs_tuple)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), H v) for a func returning one element: vhp's numbers, since the Hessian is symmetric."""
    return vhp(func, inputs, v, create_graph, strict)
