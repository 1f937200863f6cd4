"""Reference solutions of notebook 06's exercises."""
import numpy as np

import nn.functional as F
from autograd import tensor

stem_sizes = (32, 16)  # ⌊(64 + 6 − 7)/2⌋ + 1 = 32, then ⌊(32 + 2 − 3)/2⌋ + 1 = 16


def conv1d_unfold(x, w, b):
    """y[n, o, i] = b[o] + Σ_c Σ_a w[o, c, a] x[n, c, i + a]: the windows of x, then one matrix product."""
    n, c, length = x.shape
    out_channels, _, k = w.shape
    index = tensor(np.arange(length - k + 1)[:, None] + np.arange(k)[None, :])    # (L', k): start + offset
    windows = x[:, :, index].permute(0, 2, 1, 3).reshape(n, length - k + 1, c * k)  # (N, L', C·k)
    out = windows @ w.reshape(out_channels, c * k).T                              # (N, L', C_out)
    return out.permute(0, 2, 1) + b.reshape(1, -1, 1)


def maxpool_grad(X, G):
    """∂L/∂X for L = Σ G ⊙ maxpool2×2(X): G[i, j] at the argmax of window (i, j), 0 elsewhere."""
    grad = np.zeros_like(X)
    for i in range(G.shape[0]):
        for j in range(G.shape[1]):
            window = X[2 * i:2 * i + 2, 2 * j:2 * j + 2]
            a, b = np.unravel_index(window.argmax(), window.shape)
            grad[2 * i + a, 2 * j + b] = G[i, j]
    return grad


def train_epoch(model, optimizer, images, labels, batch_size=32):
    """One pass over channels-last images (N, H, W, C), fed to the model as (N, C, H, W)."""
    losses = []
    for start in range(0, len(images), batch_size):
        xb = images[start:start + batch_size].permute(0, 3, 1, 2)     # move the channel axis, keep every pixel
        loss = F.cross_entropy(model(xb), labels[start:start + batch_size])
        optimizer.zero_grad(); loss.backward(); optimizer.step()
        losses.append(loss.item())
    return losses


receptive_field = 16  # 2 → 2 + 4 = 6 → 2·6 = 12 (spaced 2 apart, so 11 + 1) → 12 + 4 = 16
