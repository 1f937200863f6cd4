"""Benchmark: one training step of a small conv net, in glassgrad, hand-written NumPy, PyTorch, MyGrad and HIPS.

The net (input 64×1×28×28, float32): conv 3×3 → 8 channels (pad 1), ReLU, max-pool 2, conv 3×3 → 16
channels (pad 1), ReLU, max-pool 2, linear 784 → 10, cross-entropy, SGD step (lr 0.01).

The NumPy version is the best formulation of the same algorithm found by hand: im2col through a strided
view with the channels outer, one matrix product per convolution (C_out, C_in·9) @ (C_in·9, N·H·W),
pooling as pairwise maxima over strided views that keep the winner, gradients derived on paper (col2im
adds each kernel offset's block back; the pooling gradient goes to the winner). The ratio glassgrad / NumPy is
thus the cost of the engine itself: recording the graph and running its rules. MyGrad and HIPS autograd
run the same im2col algorithm written once with NumPy's functions (a gather of the 3×3 windows).
"""
import functools

import numpy as np

from .common import Workload
from .other_engines import cross_entropy, hips_trainer, mygrad_trainer

BATCH, SIZE, CLASSES, LR = 64, 28, 10, 0.01


def _data(rng):
    images = rng.random((BATCH, 1, SIZE, SIZE), dtype=np.float32)
    labels = rng.integers(0, CLASSES, BATCH)
    return images, labels


def _problem():
    rng = np.random.default_rng(0)
    images, labels = _data(rng)
    return _weights(rng), images, labels


def _weights(rng):
    """Initial weights shared by every version: name → float32 array (PyTorch's layout)."""
    def uniform(shape, fan_in):
        bound = 1 / np.sqrt(fan_in)
        return rng.uniform(-bound, bound, shape).astype(np.float32)

    return {
        "0.weight": uniform((8, 1, 3, 3), 9), "0.bias": uniform(8, 9),
        "3.weight": uniform((16, 8, 3, 3), 72), "3.bias": uniform(16, 72),
        "7.weight": uniform((CLASSES, 16 * 7 * 7), 784), "7.bias": uniform(CLASSES, 784),
    }


# ----- glassgrad -----
def glassgrad_step():
    import autograd
    import nn
    import optim
    from nn import functional as F

    weights, images, labels = _problem()
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 7 * 7, CLASSES),
    )
    model.load_state_dict(weights)
    optimizer = optim.SGD(model.parameters(), lr=LR)
    x, y = autograd.tensor(images), autograd.tensor(labels)

    def step():
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()

    return step


# ----- NumPy by hand -----
def im2col(x, pad):
    """(N, C, H, W) → the one matrix (C·9, N·H·W) of 3×3 windows of the padded input, channels outer
    (row (c, i, j) holds x_padded[:, c, i:i+H, j:j+W] for every sample: a copy of whole image rows),
    and the padded shape."""
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (3, 3), axis=(2, 3))  # (N, C, H, W, 3, 3)
    n, c, h, w = windows.shape[:4]
    return windows.transpose(1, 4, 5, 0, 2, 3).reshape(c * 9, n * h * w), padded.shape


def col2im(columns, padded_shape, pad, out_hw):
    """The adjoint of im2col: add every window's gradient back where it was read, then unpad."""
    n, c = padded_shape[:2]
    h, w = out_hw
    blocks = columns.reshape(c, 3, 3, n, h, w)
    padded = np.zeros(padded_shape, dtype=columns.dtype)
    channels_first = padded.transpose(1, 0, 2, 3)  # a view, laid out as the blocks are
    for i in range(3):
        for j in range(3):
            channels_first[:, :, i : i + h, j : j + w] += blocks[:, i, j]
    return padded[:, :, pad : padded_shape[2] - pad, pad : padded_shape[3] - pad]


def conv_forward(x, weight, bias):
    """out = W (C_out, C_in·9) @ columns (C_in·9, N·H·W) + b: one matrix product, returned as an
    (N, C_out, H, W) view of the (C_out, N, H, W) result."""
    columns, padded_shape = im2col(x, 1)
    n, _, h, w = x.shape
    out = weight.reshape(weight.shape[0], -1) @ columns + bias[:, None]
    return out.reshape(-1, n, h, w).transpose(1, 0, 2, 3), (columns, padded_shape)


def conv_backward(grad_out, weight, cache, need_input_grad=True):
    """With g the output gradient as a (C_out, N·H·W) matrix: dW = g columnsᵀ, db = Σ g, dX = col2im(Wᵀ g)."""
    columns, padded_shape = cache
    n, c_out, h, w = grad_out.shape
    grad_matrix = grad_out.transpose(1, 0, 2, 3).reshape(c_out, n * h * w)
    grad_weight = (grad_matrix @ columns.T).reshape(weight.shape)
    grad_bias = grad_matrix.sum(axis=1)
    if not need_input_grad:
        return None, grad_weight, grad_bias
    grad_columns = weight.reshape(c_out, -1).T @ grad_matrix
    return col2im(grad_columns, padded_shape, 1, (h, w)), grad_weight, grad_bias


POOL_OFFSETS = [(0, 0), (0, 1), (1, 0), (1, 1)]  # a 2×2 window's elements in window order


def pool_forward(x):
    """2×2 max pooling by pairwise maxima of the four strided views x[:, :, i::2, j::2], keeping the offset
    that won (the first of equal maxima, as PyTorch)."""
    out = x[:, :, ::2, ::2].copy()
    winner = np.zeros(out.shape, dtype=np.uint8)
    for k, (i, j) in enumerate(POOL_OFFSETS[1:], 1):
        candidate = x[:, :, i::2, j::2]
        np.maximum(winner, np.greater(candidate, out).view(np.uint8) * np.uint8(k), out=winner)  # k > every earlier
        np.maximum(out, candidate, out=out)
    return out, winner


def pool_backward(grad_out, winner):
    """Each window's gradient goes to its winner: strided slice k of the input gradient is g where k won."""
    n, c, h, w = grad_out.shape
    grad = np.empty((n, c, 2 * h, 2 * w), dtype=grad_out.dtype)
    for k, (i, j) in enumerate(POOL_OFFSETS):
        np.multiply(grad_out, winner == k, out=grad[:, :, i::2, j::2])
    return grad


def numpy_step():
    p, images, labels = _problem()

    def step():
        z1, cache1 = conv_forward(images, p["0.weight"], p["0.bias"])
        a1 = np.maximum(z1, 0)
        h1, max1 = pool_forward(a1)
        z2, cache2 = conv_forward(h1, p["3.weight"], p["3.bias"])
        a2 = np.maximum(z2, 0)
        h2, max2 = pool_forward(a2)
        flat = h2.reshape(BATCH, -1)
        logits = flat @ p["7.weight"].T + p["7.bias"]
        shifted = logits - logits.max(axis=1, keepdims=True)
        probs = np.exp(shifted)
        probs /= probs.sum(axis=1, keepdims=True)
        grad_logits = probs
        grad_logits[np.arange(BATCH), labels] -= 1
        grad_logits /= BATCH
        grads = {"7.weight": grad_logits.T @ flat, "7.bias": grad_logits.sum(axis=0)}
        grad_h2 = (grad_logits @ p["7.weight"]).reshape(h2.shape)
        grad_z2 = pool_backward(grad_h2, max2) * (z2 > 0)
        grad_h1, grads["3.weight"], grads["3.bias"] = conv_backward(grad_z2, p["3.weight"], cache2)
        grad_z1 = pool_backward(grad_h1, max1) * (z1 > 0)
        _, grads["0.weight"], grads["0.bias"] = conv_backward(grad_z1, p["0.weight"], cache1, False)
        for key, grad in grads.items():
            p[key] -= LR * grad

    return step


# ----- PyTorch -----
def torch_step():
    import torch

    weights, images, labels = _problem()
    tnn = torch.nn
    model = tnn.Sequential(
        tnn.Conv2d(1, 8, 3, padding=1), tnn.ReLU(), tnn.MaxPool2d(2),
        tnn.Conv2d(8, 16, 3, padding=1), tnn.ReLU(), tnn.MaxPool2d(2),
        tnn.Flatten(), tnn.Linear(16 * 7 * 7, CLASSES),
    )
    model.load_state_dict({key: torch.from_numpy(value.copy()) for key, value in weights.items()})
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    x, y = torch.from_numpy(images), torch.from_numpy(labels)

    def step():
        optimizer.zero_grad()
        loss = tnn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()

    return step


# ----- MyGrad and HIPS autograd: one loss in NumPy's functions -----
@functools.cache
def _window_index(height, width):
    """For 3×3 windows with padding 1: index (9, H·W) into a flattened (H·W + 1) image whose last
    entry is zero, so that reading outside the image reads that zero."""
    rows, cols = np.divmod(np.arange(height * width), width)
    index = np.empty((9, height * width), dtype=np.int64)
    for k, (di, dj) in enumerate((di, dj) for di in (-1, 0, 1) for dj in (-1, 0, 1)):
        r, c = rows + di, cols + dj
        inside = (r >= 0) & (r < height) & (c >= 0) & (c < width)
        index[k] = np.where(inside, r * width + c, height * width)
    return index


def _conv(xp, x, weight, bias):
    """3×3 convolution, padding 1: W (C_out, C_in·9) @ columns (N, C_in·9, H·W) + b."""
    n, c, height, width = x.shape
    flat = xp.concatenate([xp.reshape(x, (n, c, height * width)), np.zeros((n, c, 1), x.dtype)], axis=2)
    columns = xp.reshape(flat[:, :, _window_index(height, width)], (n, c * 9, height * width))
    out = xp.matmul(xp.reshape(weight, (weight.shape[0], c * 9)), columns) + xp.reshape(bias, (-1, 1))
    return xp.reshape(out, (n, weight.shape[0], height, width))


def _pool(xp, x):
    n, c, height, width = x.shape
    return xp.max(xp.reshape(x, (n, c, height // 2, 2, width // 2, 2)), axis=(3, 5))


def loss(xp, params, images, labels):
    w1, b1, w2, b2, w3, b3 = params
    h = _pool(xp, xp.maximum(_conv(xp, images, w1, b1), 0))
    h = _pool(xp, xp.maximum(_conv(xp, h, w2, b2), 0))
    return cross_entropy(xp, xp.matmul(xp.reshape(h, (BATCH, -1)), w3.T) + b3, labels)


def other_engine_step(trainer):
    weights, images, labels = _problem()
    return trainer(lambda xp, params: loss(xp, params, images, labels), list(weights.values()), LR)


WORKLOADS = [
    Workload(
        "conv-net training step, input 64×1×28×28 (fwd + bwd + SGD)",
        {
            "glassgrad": glassgrad_step,
            "numpy": numpy_step,
            "torch": torch_step,
            "mygrad": lambda: other_engine_step(mygrad_trainer),
            "hips": lambda: other_engine_step(hips_trainer),
        },
    )
]
