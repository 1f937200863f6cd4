"""What the every-op tests against PyTorch share: the argument forms an op is tried with, and the functions and
methods glassgrad shares with PyTorch (every public name of `torch`, `torch.nn.functional` and Tensor that glassgrad
also has, but the random ones and those that are not ops)."""
import autograd
import nn

X = [[0.31, 0.52, 0.77, 0.44], [0.63, 0.28, 0.85, 0.36], [0.57, 0.71, 0.22, 0.49]]
Y = [[0.45, 0.66, 0.29, 0.81], [0.38, 0.74, 0.53, 0.27], [0.69, 0.33, 0.61, 0.42]]
V = [0.35, 0.62, 0.47, 0.58]
S = [[1.3, 0.2, 0.1], [0.2, 1.1, 0.3], [0.1, 0.3, 1.7]]  # (square, positive definite)

# The arguments an op is tried with: x, y (3, 4), v (4,), s (3, 3) require grad; T is torch or autograd.
FORMS = {
    "x": lambda T, x, y, v, s: (x,), "x, y": lambda T, x, y, v, s: (x, y), "x, v": lambda T, x, y, v, s: (x, v),
    "x, 2.0": lambda T, x, y, v, s: (x, 2.0), "2.0, x": lambda T, x, y, v, s: (2.0, x),
    "x, 1": lambda T, x, y, v, s: (x, 1), "x, -1": lambda T, x, y, v, s: (x, -1), "s": lambda T, x, y, v, s: (s,),
    "s, s @ s": lambda T, x, y, v, s: (s, s @ s), "x, y.T": lambda T, x, y, v, s: (x, y.T),
    "v": lambda T, x, y, v, s: (v,), "v, 2 v": lambda T, x, y, v, s: (v, v * 2),
    "x, y, v": lambda T, x, y, v, s: (x, y, v), "x, 1, 2": lambda T, x, y, v, s: (x, 1, 2),
    "x, 0, 1": lambda T, x, y, v, s: (x, 0, 1), "[x, y]": lambda T, x, y, v, s: ([x, y],),
    "[x, y], 1": lambda T, x, y, v, s: ([x, y], 1),
    "x, classes": lambda T, x, y, v, s: (x, T.tensor([1, 0, 3])),
    "indices, x": lambda T, x, y, v, s: (T.tensor([1, 0, 2]), x),
    "x, 1, index": lambda T, x, y, v, s: (x, 1, T.tensor([[0, 1], [2, 0], [3, 3]])),
    "x, 1, repeated": lambda T, x, y, v, s: (x, 1, T.tensor([0, 2, 2])),
    "x, 0, rows": lambda T, x, y, v, s: (x, 0, T.tensor([0, 2])),
    "x, mask": lambda T, x, y, v, s: (x, x.detach() > 0.5), "x, mask, 2.0": lambda T, x, y, v, s: (x, x.detach() > 0.5, 2.0),
    "mask, x, y": lambda T, x, y, v, s: (x.detach() > 0.5, x, y), "x, 1, True": lambda T, x, y, v, s: (x, 1, True),
    "x, (0, 1)": lambda T, x, y, v, s: (x, (0, 1)), "x, [1, 3], 1": lambda T, x, y, v, s: (x, [1, 3], 1),
    "x, 2, 1": lambda T, x, y, v, s: (x, 2, 1), "x, 1, 1, 2": lambda T, x, y, v, s: (x, 1, 1, 2),
    "x, 1, index, y": lambda T, x, y, v, s: (x, 1, T.tensor([[0, 1], [2, 0], [3, 3]]), y),
    "x, 0, rows, y[:2]": lambda T, x, y, v, s: (x, 0, T.tensor([0, 2]), y[:2]),
    "x (1, 3, 4), s (3, 3, 1)": lambda T, x, y, v, s: (x.reshape(1, 3, 4), s.reshape(3, 3, 1)),
    "x (1, 3, 2, 2), s (3, 3, 1, 1)": lambda T, x, y, v, s: (x.reshape(1, 3, 2, 2), s.reshape(3, 3, 1, 1)),
    "x (1, 3, 4), 2": lambda T, x, y, v, s: (x.reshape(1, 3, 4), 2),
    "x (1, 3, 2, 2), 2": lambda T, x, y, v, s: (x.reshape(1, 3, 2, 2), 2),
    "x (1, 3, 4), y (1, 4, 3)": lambda T, x, y, v, s: (x.reshape(1, 3, 4), y.reshape(1, 4, 3)),
    "x, y, v[:3]": lambda T, x, y, v, s: (x, y, v[:3]), "x, (4, 3)": lambda T, x, y, v, s: (x, (4, 3)),
    "x, (2, 6)": lambda T, x, y, v, s: (x, (2, 6)), "x, 1, 0": lambda T, x, y, v, s: (x, 1, 0),
}
NOT_METHOD_FORMS = {"2.0, x", "[x, y]", "[x, y], 1", "indices, x", "mask, x, y"}  # (their first is not a tensor)
RANDOM = {"dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout", "rrelu",
          "bernoulli", "multinomial", "normal", "poisson", "rand_like", "randn_like", "randint_like", "empty_like",
          "gumbel_softmax", "fractional_max_pool2d", "native_dropout", "randperm"}
NOT_OPS = {"manual_seed", "seed", "set_printoptions", "set_default_dtype", "set_grad_enabled", "compile", "save",
           "load", "set_rng_state", "use_deterministic_algorithms"}


def shared_ops(torch):
    """{name: [(label, call), ...]} for every function of torch and torch.nn.functional and every method of Tensor
    that glassgrad also has: call(T, args) applies it to the arguments a FORMS entry made (T: torch or autograd)."""
    import torch.nn.functional as torch_F

    def shared(namespace, ours):
        return sorted(n for n in dir(namespace) if not n.startswith("_") and n not in RANDOM | NOT_OPS
                      and hasattr(ours, n) and callable(getattr(namespace, n)) and not isinstance(getattr(namespace, n), type))

    ops = {}
    for name in shared(torch, autograd):
        ops.setdefault(name, []).append((f"torch.{name}", lambda T, args, name=name: getattr(T, name)(*args)))
    for name in shared(torch.Tensor, autograd.Tensor):
        if not name.endswith("_"):
            ops.setdefault(name, []).append((f"Tensor.{name}", lambda T, args, name=name: getattr(args[0], name)(*args[1:])))
    for name in shared(torch_F, nn.functional):
        ops[f"F.{name}"] = [(f"F.{name}", lambda T, args, name=name: getattr(
            torch_F if T is torch else nn.functional, name)(*args))]
    return ops
