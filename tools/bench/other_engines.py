"""MyGrad and HIPS autograd, the other NumPy autograd engines, for the benchmark tables.

Both mirror NumPy's functions, so a case writes its loss once as `loss(xp, params)`, with `xp` the engine's
NumPy-like namespace (`mygrad`, or `autograd.numpy`), and these two functions turn it into a training step
(gradients, then plain SGD on the parameters' arrays).

HIPS autograd's import name is `autograd`, as glassgrad's engine: the benchmark runs every engine in its own
process, and for HIPS drops this repository from the import path first (worker.py), so `import autograd`
finds HIPS's or nothing. With glassgrad installed in the same environment (`pip install -e .`), install HIPS
in a virtual environment of its own and pass its interpreter: `python -m tools.bench --python hips=PATH`.
"""
import numpy as np


def mygrad_trainer(loss, weights, lr):
    """step(): loss(mygrad, params).backward(), then p ← p − lr·∂loss/∂p for every parameter."""
    import mygrad

    params = [mygrad.tensor(w.copy()) for w in weights]

    def step():
        loss(mygrad, params).backward()
        for p in params:
            p.data -= lr * p.grad

    return step


def hips_numpy():
    """HIPS autograd's `autograd.numpy` and `grad`; ImportError if the `autograd` found is glassgrad's."""
    try:
        import autograd.numpy as anp
        from autograd import grad
    except ImportError:
        raise ImportError(
            "HIPS autograd is not importable here (the `autograd` found is glassgrad's, or none); install it in "
            "a virtual environment of its own and pass --python hips=PATH/bin/python"
        ) from None
    return anp, grad


def hips_trainer(loss, weights, lr):
    """step(): the gradients of loss(autograd.numpy, params) by autograd.grad, then plain SGD in place."""
    anp, grad = hips_numpy()
    params = [w.copy() for w in weights]
    gradient = grad(lambda ps: loss(anp, ps))

    def step():
        for p, g in zip(params, gradient(params), strict=True):
            p -= lr * g

    return step


def cross_entropy(xp, logits, labels):
    """Mean softmax cross-entropy from logits: −mean(zᵧ − max z − log Σ exp(z − max z))."""
    shifted = logits - xp.max(logits, axis=1, keepdims=True)
    log_probs = shifted - xp.log(xp.sum(xp.exp(shifted), axis=1, keepdims=True))
    return -xp.mean(log_probs[np.arange(len(labels)), labels])
