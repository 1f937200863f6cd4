"""The workloads of `python -m tools.bench --vs-torch`, each written once against a PyTorch-shaped namespace.

A workload is a function `build(T, size)` returning `step`, one call of which is timed. `T` is either
`torch` or glassgrad's packages gathered in one namespace (`glassgrad_namespace()`): both have
`T.tensor`, `T.tanh`, `T.nn`, `T.optim`, `T.no_grad`. `size` is "full" (the issue's sizes) or "tiny"
(a few elements, for the test). Every engine starts from the same weights and data (NumPy's generator).
"""
import types

import numpy as np

FACTOR = 1.0000001


def glassgrad_namespace():
    """glassgrad's `autograd` (tensor, tanh, no_grad, ...), `nn` and `optim`, as one torch-like namespace."""
    import autograd
    import nn
    import optim

    names = {name: getattr(autograd, name) for name in dir(autograd) if not name.startswith("_")}
    return types.SimpleNamespace(**names, nn=nn, optim=optim)


def set_weights(T, model, seed=0):
    """Give every parameter the same values in every engine: uniform(−1/√n, 1/√n), n the product of its
    shape's trailing sizes (its length for a vector)."""
    rng = np.random.default_rng(seed)
    with T.no_grad():
        for p in model.parameters():
            fan_in = int(np.prod(p.shape[1:])) if len(p.shape) > 1 else p.shape[0]
            bound = 1 / np.sqrt(fan_in)
            p.copy_(T.tensor(rng.uniform(-bound, bound, tuple(p.shape)).astype(np.float32)))
    return model


def training_step(T, model, inputs, loss):
    """step(): zero the gradients, loss(model(inputs)).backward(), SGD update (lr 0.01); returns the loss."""
    optimizer = T.optim.SGD(model.parameters(), lr=0.01)

    def step():
        optimizer.zero_grad()
        value = loss(model(inputs))
        value.backward()
        optimizer.step()
        return value

    return step


def classifier_step(T, model, images, classes, seed=1):
    labels = T.tensor(np.random.default_rng(seed).integers(0, classes, images.shape[0]))
    return training_step(T, model, T.tensor(images), lambda logits: T.nn.functional.cross_entropy(logits, labels))


def per_op(T, size):
    """y ← tanh(y·w) on 10 elements, `steps` times, fwd + bwd; the time is divided by the 2·steps ops."""
    steps = 500 if size == "full" else 5
    w = T.tensor(np.random.default_rng(0).normal(size=10).astype(np.float32), requires_grad=True)

    def step():
        y = w
        for _ in range(steps):
            y = T.tanh(y * w)
        T.sum(y).backward()
        w.grad = None

    return step, 2 * steps


def scalar_chain(T, size):
    """y ← y·c from a leaf x, 200,000 times, then dy/dx by backward(); the collector runs."""
    length = 200_000 if size == "full" else 200

    def step():
        x, c = T.tensor(1.0, requires_grad=True), T.tensor(FACTOR)
        y = x
        for _ in range(length):
            y = y * c
        y.backward()

    return step, 1


def mlp(T, size):
    sizes, batch = ((784, 256, 128, 10), 128) if size == "full" else ((12, 8, 6, 4), 4)
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        layers += [T.nn.Linear(fan_in, fan_out), T.nn.ReLU()]
    model = set_weights(T, T.nn.Sequential(*layers[:-1]))
    images = np.random.default_rng(1).random((batch, sizes[0]), dtype=np.float32)
    return classifier_step(T, model, images, sizes[-1]), 1


def conv_net(T, size):
    """The bench's conv net (tools/bench/conv.py): conv 1→8, pool, conv 8→16, pool, linear; batch 64, 28×28."""
    nn = T.nn
    batch, side = (64, 28) if size == "full" else (2, 8)
    model = set_weights(T, nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * (side // 4) ** 2, 10),
    ))
    images = np.random.default_rng(1).random((batch, 1, side, side), dtype=np.float32)
    return classifier_step(T, model, images, 10), 1


def vgg(T, size):
    """VGG-style: two blocks of two 3×3 convs (3→32→32, 32→64→64, padding 1, ReLU) each followed by a 2×2
    max-pool, then linear → 10; batch 32 at 64×64."""
    nn = T.nn
    batch, side = (32, 64) if size == "full" else (2, 8)

    def block(c_in, c_out):
        return [nn.Conv2d(c_in, c_out, 3, padding=1), nn.ReLU(), nn.Conv2d(c_out, c_out, 3, padding=1), nn.ReLU(),
                nn.MaxPool2d(2)]

    model = set_weights(T, nn.Sequential(*block(3, 32), *block(32, 64), nn.Flatten(),
                                         nn.Linear(64 * (side // 4) ** 2, 10)))
    images = np.random.default_rng(1).random((batch, 3, side, side), dtype=np.float32)
    return classifier_step(T, model, images, 10), 1


def lstm(T, size):
    """LSTM(64 → 128) over 35 steps × batch 32, mean squared error against a fixed target."""
    length, batch, features, hidden = (35, 32, 64, 128) if size == "full" else (3, 2, 4, 8)
    model = set_weights(T, T.nn.LSTM(features, hidden))
    rng = np.random.default_rng(1)
    inputs = T.tensor(rng.standard_normal((length, batch, features)).astype(np.float32))
    target = T.tensor(rng.standard_normal((length, batch, hidden)).astype(np.float32))
    return training_step(T, model, inputs, lambda out: T.nn.functional.mse_loss(out[0], target)), 1


# name → (title, build, unit, timed steps per round)
WORKLOADS = {
    "per_op": ("per-op overhead, 10 elements, fwd + bwd (per op)", per_op, "us", 10),
    "scalar_chain": ("200,000-op scalar chain, fwd + bwd, collector on", scalar_chain, "s", 1),
    "mlp": ("MLP 784-256-128-10 step, batch 128, SGD", mlp, "ms", 20),
    "conv": ("conv net step (the bench's, batch 64)", conv_net, "ms", 10),
    "vgg": ("VGG-style CNN step, 64×64, 3→32→32→64→64, batch 32", vgg, "ms", 3),
    "lstm": ("LSTM(64→128) step, 35 steps × batch 32", lstm, "ms", 10),
}
