"""The glassgrad demo: train a small MLP on 2-D spirals, then draw what it learned and how it computes.

    python -m tools.demo [--out demo-output] [--epochs 150]

Writes into the output folder
  decision_boundary.png   the three spiral arms and the class the network predicts at each point
  forward_graph.svg       the computation graph of one forward pass and loss, clustered by layer
Everything is generated offline (nn.data.make_spirals) and runs in well under a minute.
"""
import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no window
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from tqdm import tqdm  # noqa: E402

import autograd  # noqa: E402
import nn  # noqa: E402
import optim  # noqa: E402
from autograd.viz import dot_source, retain_grads, save  # noqa: E402
from nn.data import DataLoader, TensorDataset, make_spirals, train_test_split  # noqa: E402
from tools.viz_cli.models import MLP  # noqa: E402

CLASSES = 3
HIDDEN = 32
COLOURS = ["#2563eb", "#dc2626", "#16a34a"]


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m tools.demo", description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="demo-output", help="output folder (default: ./demo-output)")
    parser.add_argument("--epochs", type=int, default=150, help="passes over the training set (default: 150)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    return parser.parse_args(argv)


def train(model, loader, epochs):
    """Adam on cross-entropy, one progress bar tick per epoch."""
    optimizer = optim.Adam(model.parameters(), lr=0.02)
    loss_fn = nn.CrossEntropyLoss()
    progress = tqdm(range(epochs), desc="training", unit="epoch")
    for _ in progress:
        losses = []
        for x, y in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        progress.set_postfix(loss=f"{np.mean(losses):.3f}", refresh=False)


def accuracy(model, x, y):
    with autograd.no_grad():
        return float((model(x).argmax(dim=1).numpy() == y.numpy()).mean())


def plot_decision_boundary(model, x, y, path):
    """Colour the plane by the predicted class and draw the points on top."""
    grid = np.linspace(-1.2, 1.2, 300)
    gx, gy = np.meshgrid(grid, grid)
    points = autograd.tensor(np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32))
    with autograd.no_grad():
        predicted = model(points).argmax(dim=1).numpy().reshape(gx.shape)
    figure, axes = plt.subplots(figsize=(6, 6), dpi=100)
    cmap = matplotlib.colors.ListedColormap(COLOURS)
    axes.contourf(gx, gy, predicted, levels=np.arange(CLASSES + 1) - 0.5, cmap=cmap, alpha=0.25)
    axes.scatter(x.numpy()[:, 0], x.numpy()[:, 1], c=y.numpy(), cmap=cmap, s=14, edgecolors="white", linewidths=0.4)
    axes.set(title="MLP 2-32-32-3 on three spirals: predicted class", xlim=(-1.2, 1.2), ylim=(-1.2, 1.2), aspect="equal")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def draw_forward_pass(model, x, y, path):
    """The graph of the loss on four points, after backward, so every box shows its gradient."""
    loss = nn.CrossEntropyLoss()(model(x[:4]), y[:4])
    retain_grads(loss)
    loss.backward(retain_graph=True)
    return save(dot_source(loss, dict(model.named_parameters()), rankdir="TB"), path)


def main(argv=None):
    args = parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    autograd.manual_seed(args.seed)
    features, labels = make_spirals(100, CLASSES, noise=0.2, random_state=args.seed)
    x_train, x_test, y_train, y_test = train_test_split(features, labels, test_size=0.2, random_state=args.seed)
    model = MLP([2, HIDDEN, HIDDEN, CLASSES])
    train(model, DataLoader(TensorDataset(x_train, y_train), batch_size=32, shuffle=True), args.epochs)
    print(f"accuracy: {accuracy(model, x_train, y_train):.1%} on the training set, "
          f"{accuracy(model, x_test, y_test):.1%} on the {len(y_test)} held-out points")
    plot_decision_boundary(model, features, labels, out / "decision_boundary.png")
    graph = draw_forward_pass(model, x_train, y_train, out / "forward_graph.svg")
    print(f"wrote {out / 'decision_boundary.png'} and {graph}")
    print(f"open the folder {out.resolve()} to see them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
