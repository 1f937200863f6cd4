"""Real data: a LeNet-style CNN trained on MNIST reaches at least 97 % evaluation accuracy.

The folder is GLASSGRAD_MNIST or ../shared/data/mnist next to the project; by the data's convention
the first 8,000 images train and the last 2,000 evaluate, pixels scaled to [0, 1] as float32."""
import os
import time
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
import optim
from nn import functional as F
from nn.data import DataLoader, TensorDataset, load_mnist

MNIST = Path(os.environ.get("GLASSGRAD_MNIST", Path(__file__).parents[2].parent / "shared/data/mnist"))
EPOCHS = 6


def lenet():
    """LeCun et al. (1998), with ReLU and max pooling: 28×28 → 6@28×28 → 6@14×14 → 16@10×10 → 16@5×5 → 120 → 84 → 10."""
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10),
    )


def accuracy(model, images, labels, batch_size=500):
    model.eval()
    with autograd.no_grad():
        predictions = np.concatenate([
            model(autograd.tensor(images[start : start + batch_size])).detach().numpy().argmax(axis=1)
            for start in range(0, len(images), batch_size)
        ])
    model.train()
    return float((predictions == labels).float().mean())


@pytest.mark.slow
def test_lenet_reaches_97_percent_on_mnist():
    if not MNIST.is_dir():
        pytest.skip(f"MNIST folder {MNIST} is absent (set GLASSGRAD_MNIST to the folder of the IDX files)")
    images, labels = load_mnist(MNIST, split="test")
    images = images[:, None]  # (n, 1, 28, 28), float32 in [0, 1]
    train_images, train_labels = images[:8000], labels[:8000]
    eval_images, eval_labels = images[-2000:], labels[-2000:]

    autograd.manual_seed(0)
    model = lenet()
    optimizer = optim.Adam(model.parameters(), lr=2e-3)
    loader = DataLoader(TensorDataset(train_images, train_labels), batch_size=64, shuffle=True,
                        generator=np.random.default_rng(0))
    start = time.perf_counter()
    for _ in range(EPOCHS):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
    seconds = time.perf_counter() - start
    eval_accuracy = accuracy(model, eval_images, eval_labels)
    print(f"LeNet on MNIST: {eval_accuracy:.2%} evaluation accuracy after {EPOCHS} epochs, {seconds:.0f} s of training")
    assert eval_accuracy >= 0.97
