"""torch.func's grad and grad_and_value: a function's gradient as a function, made with autograd.grad.

    d_loss = func.grad(loss)             # d_loss(w, x) = ∂loss(w, x)/∂w
    d2 = func.grad(func.grad(f))         # nests: the inner gradient is recorded when an outer one needs it

As in torch.func, the gradient (and the value) stay differentiable with respect to any tensor that requires
grad from outside: an argument that requires grad, or a tensor func closes over (`w` in lambda x: (x * w).sum()),
unless the caller is under no_grad or inference_mode. The gradient itself is computed under any grad mode.

vmap, jacrev, jacfwd, hessian, jvp, vjp, functional_call and the rest of torch.func are not in glassgrad:
each is there to import, and calling it raises NotImplementedError naming it (a loop over the batch, or
autograd.grad, does their work).
"""
from .creation import zeros_like
from .engine import grad as autograd_grad, reachable
from .grad_mode import inference_mode, is_grad_enabled, is_inference_mode_enabled
from .jacobians import gradient_goes_somewhere
from .tensor import Tensor

MISSING = ("vmap", "jacrev", "jacfwd", "hessian", "jvp", "vjp", "linearize", "functional_call", "stack_module_state",
           "functionalize", "replace_all_batch_norm_modules_")


def grad_and_value(func, argnums=0, has_aux=False):
    """A function returning (∂func/∂args[argnums], func(*args)); func must return a scalar Tensor, or with
    has_aux a pair (scalar, aux), and then the function returns (grads, (value, aux))."""
    def wrapper(*args, **kwargs):
        # (the caller's mode: under no_grad or inference_mode the results depend on nothing outside)
        recording = is_grad_enabled() and not is_inference_mode_enabled()
        positions = _positions(argnums, len(args))
        args, sources = list(args), set()  # sources: the nodes that made the arguments (their graph is outside)
        with inference_mode(False):  # (func and its gradient recorded under any mode, as torch.func's)
            for i in positions:
                if isinstance(args[i], (tuple, list, dict)):
                    raise NotImplementedError(f"grad(f)(*args): argument {i} is a {type(args[i]).__name__}: glassgrad's "
                                              "func.grad takes tensors only, not PyTorch's pytrees; pass each tensor "
                                              "as its own argument, with argnums=(...)")
                if not isinstance(args[i], Tensor):
                    raise ValueError(f"Thing passed to transform API must be Tensor, got {type(args[i])} (argument {i})")
                if args[i].dtype.kind != "f":
                    raise RuntimeError(f"grad(f)(*args): argument {i} must be a floating point Tensor to take a "
                                       f"gradient with respect to it, got {type(args[i]).__name__}")
                outside = gradient_goes_somewhere(args[i])  # (a gradient for it goes somewhere: its graph is outside)
                if outside and args[i].grad_fn is not None:
                    sources.add(args[i].grad_fn)
                args[i] = args[i].clone() if outside else args[i].detach().requires_grad_()
            made = [args[i].grad_fn for i in positions]
            result = func(*args, **kwargs)
        if any(args[i].grad_fn not in (node, None) for i, node in zip(positions, made, strict=True)):  # (a write)
            raise RuntimeError("grad(f)(*args): f wrote in place into an argument it is differentiated with respect "
                               "to: a leaf Variable that requires grad is being used in an in-place operation")
        output, aux = _split_aux(result, has_aux)
        if not isinstance(output, Tensor) or output.ndim != 0:
            got = f"tensor with {output.ndim} dims" if isinstance(output, Tensor) else type(output).__name__
            raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got {got}")
        wanted = [args[i] for i in positions]
        if output.requires_grad:
            # recorded only when the gradient can depend on something outside (a det inside has no second derivative)
            grads = autograd_grad(output, wanted, create_graph=_depends_on_outside(output, wanted, sources),
                                  allow_unused=True)
        else:
            grads = (None,) * len(wanted)
        grads = tuple(zeros_like(t) if g is None else g for g, t in zip(grads, wanted, strict=True))
        grads, output, aux = (_outside_only(value, wanted, recording, sources) for value in (grads, output, aux))
        grads = grads[0] if isinstance(argnums, int) else grads
        return (grads, (output, aux)) if has_aux else (grads, output)

    return wrapper


def grad(func, argnums=0, has_aux=False):
    """A function returning ∂func/∂args[argnums] (a tuple for a tuple of argnums; with has_aux, (grads, aux)).
    An argument func does not use gets zeros, as in torch.func."""
    def wrapper(*args, **kwargs):
        grads, value = grad_and_value(func, argnums, has_aux)(*args, **kwargs)
        return (grads, value[1]) if has_aux else grads

    return wrapper


def _positions(argnums, count):
    positions = (argnums,) if isinstance(argnums, int) else argnums if isinstance(argnums, tuple) else ()
    if not positions or not all(isinstance(i, int) and not isinstance(i, bool) for i in positions):
        raise RuntimeError(f"argnums must be an int or a non-empty tuple of ints, got {argnums!r}")
    for i in positions:
        if not -count <= i < count:
            raise RuntimeError(f"Got argnums={i}, but only {count} positional inputs")
    return tuple(i % count for i in positions)


def _split_aux(result, has_aux):
    if not has_aux:
        return result, None
    if not (isinstance(result, tuple) and len(result) == 2):
        raise RuntimeError("grad_and_value(f)(*args): output of function f should be a tuple: (output, aux) "
                           "if has_aux is True")
    return result


def _outside_only(value, inner, recording, sources):
    """value with its tensors (also inside tuples, lists and dicts) cut from the graph grad used, unless the caller
    is `recording` (not under no_grad) and they depend on a tensor requiring grad from outside (a leaf other than
    the `inner` arguments grad made)."""
    if isinstance(value, Tensor):
        return value if recording and _depends_on_outside(value, inner, sources) else value.detach()
    if isinstance(value, (tuple, list)):
        return type(value)(_outside_only(v, inner, recording, sources) for v in value)
    if isinstance(value, dict):
        return {k: _outside_only(v, inner, recording, sources) for k, v in value.items()}
    return value


def _depends_on_outside(t, inner, sources):
    """Whether t's graph reaches a leaf that requires grad, other than the `inner` tensors, or one of the `sources`
    (the nodes that made the arguments: a caller may differentiate with respect to them, also where their own
    graph reaches no leaf, as a view made under no_grad's)."""
    if t.grad_fn is None:
        return t.requires_grad and all(t is not x for x in inner)
    return any(isinstance(edge, Tensor) and all(edge is not x for x in inner) or edge in sources
               for node in reachable([t.grad_fn]) for edge in node.edges)


def _missing(name):
    """A stand-in for the torch.func function `name`, which glassgrad lacks: calling it says so."""
    def missing(*args, **kwargs):
        raise NotImplementedError(f"torch.func.{name} is not in glassgrad (only grad and grad_and_value are): loop "
                                  "over the batch, or use autograd.grad, instead")

    missing.__name__ = missing.__qualname__ = name
    return missing


globals().update({name: _missing(name) for name in MISSING})
