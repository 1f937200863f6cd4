"""Benchmark: how long `autograd.viz.explore` takes to build the page of a large graph, how big the page
is, and how long headless Chromium takes to open it.

    python -m tools.bench.explorer                  # every graph, build and open
    python -m tools.bench.explorer rnn lstm --no-open

The graphs are those issue #20 names: a tanh RNN of about 1,000 ops (nn.RNN over 250 steps), the same
size as an RNN cell module called 125 times and as a hand-written loop with no module at all, and an LSTM
of about 2,500 ops (nn.LSTM over 500 steps, 5 ops a step); and the notebooks' four models (mlp, cnn, charrnn,
attention), whose pages hold every tensor whole (whole_tensors.py): their size is mostly values, not drawings.
Build time is explore()'s wall time (Graphviz included);
open time is Chromium's load event plus the page script's own start-up (the script's `data-ready-ms`).
"""
import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import autograd
import nn
import nn.functional as F


class RNNCell(nn.Module):
    """h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh), written with two Linear layers."""

    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.ih = nn.Linear(input_size, hidden_size)
        self.hh = nn.Linear(hidden_size, hidden_size)

    def forward(self, x, h):
        return (self.ih(x) + self.hh(h)).tanh()


def rnn_loss(steps=250):
    """nn.RNN(3, 4) over `steps` time steps, batch 2, mean squared output: 4 ops a step."""
    autograd.manual_seed(0)
    rnn = nn.RNN(3, 4)
    outputs, _ = rnn(autograd.randn(steps, 2, 3))
    return (outputs ** 2).mean(), dict(rnn.named_parameters())


def cell_loss(steps=125):
    """An RNN cell module called `steps` times in a Python loop: 8 ops a step."""
    autograd.manual_seed(0)
    cell, x = RNNCell(3, 4), autograd.randn(steps, 2, 3)
    h = autograd.zeros(2, 4)
    for t in range(steps):
        h = cell(x[t], h)
    return (h ** 2).mean(), dict(cell.named_parameters())


def loop_loss(steps=250):
    """A hand-written tanh recurrence with no module at all: 4 ops a step."""
    autograd.manual_seed(0)
    w = autograd.randn(3, 4, requires_grad=True)
    u = autograd.randn(4, 4, requires_grad=True)
    x, h = autograd.randn(steps, 2, 3), autograd.zeros(2, 4)
    for t in range(steps):
        h = (x[t] @ w + h @ u).tanh()
    return (h ** 2).mean(), {"w": w, "u": u}


def lstm_loss(steps=500):
    """nn.LSTM(3, 4) over `steps` time steps, batch 2, mean squared error: 5 ops a step (2,510 ops in all)."""
    autograd.manual_seed(0)
    lstm = nn.LSTM(3, 4)
    outputs, _ = lstm(autograd.randn(steps, 2, 3))
    return F.mse_loss(outputs, autograd.zeros(outputs.shape)), dict(lstm.named_parameters())


def mlp_model_loss():
    """Notebook 05's spiral MLP (2 -> 64 -> 64 -> 3, ReLU) on 4 points, cross-entropy."""
    autograd.manual_seed(0)
    x, y = nn.data.make_spirals(100, n_classes=3, noise=0.2, random_state=0)
    model = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
    return F.cross_entropy(model(x[:4]), y[:4]), dict(model.named_parameters())


def cnn_model_loss():
    """Notebook 06's LeNet (two 5 × 5 convolutions, max pooling, three Linear layers) on 4 images of 28 × 28."""
    autograd.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    images = autograd.rand(4, 1, 28, 28)
    return F.cross_entropy(model(images), autograd.tensor([8, 6, 5, 2])), dict(model.named_parameters())


class CharRNN(nn.Module):
    """Notebook 07's character model: embedding (40 -> 32), nn.RNN (32 -> 64), Linear back to 40."""

    def __init__(self):
        super().__init__()
        self.embedding, self.recurrent = nn.Embedding(40, 32), nn.RNN(32, 64, batch_first=True)
        self.output = nn.Linear(64, 40)

    def forward(self, ids):
        hidden, _ = self.recurrent(self.embedding(ids))
        return self.output(hidden)


def charrnn_model_loss(steps=32):
    """CharRNN over `steps` characters, batch 2, next-character cross-entropy."""
    autograd.manual_seed(0)
    model = CharRNN()
    ids = autograd.randint(0, 40, (2, steps + 1))
    logits = model(ids[:, :-1])
    return F.cross_entropy(logits.permute(0, 2, 1), ids[:, 1:]), dict(model.named_parameters())


def attention_model_loss():
    """Notebook 08's reversing transformer block: token and position embeddings, a pre-norm block (4 heads of
    8, a 32 -> 128 -> 32 feed-forward), a Linear head; 2 sequences of 8 digits, cross-entropy."""
    autograd.manual_seed(0)
    token, position, head = nn.Embedding(10, 32), nn.Embedding(8, 32), nn.Linear(32, 10)
    norm1, norm2 = nn.LayerNorm(32), nn.LayerNorm(32)
    attention = nn.MultiheadAttention(32, 4, batch_first=True)
    feedforward = nn.Sequential(nn.Linear(32, 128), nn.ReLU(), nn.Linear(128, 32))
    digits = autograd.randint(0, 10, (2, 8))
    h = token(digits) + position(autograd.arange(8))
    x = norm1(h)
    h = h + attention(x, x, x, need_weights=False)[0]
    h = h + feedforward(norm2(h))
    modules = nn.ModuleDict(dict(token=token, position=position, norm1=norm1, attention=attention, norm2=norm2,
                                 feedforward=feedforward, head=head))
    reversed_digits = autograd.tensor(digits.numpy()[:, ::-1].copy())
    loss = F.cross_entropy(head(h).reshape(-1, 10), reversed_digits.reshape(-1))
    return loss, dict(modules.named_parameters())


GRAPHS = {"rnn": rnn_loss, "cell": cell_loss, "loop": loop_loss, "lstm": lstm_loss, "mlp": mlp_model_loss,
          "cnn": cnn_model_loss, "charrnn": charrnn_model_loss, "attention": attention_model_loss}


def build(name):
    """(explorer, number of ops, seconds explore() took)."""
    from autograd.viz import explore

    output, params = GRAPHS[name]()
    started = time.perf_counter()
    explorer = explore(output, params)
    return explorer, len(explorer.data["forward"]), time.perf_counter() - started


def open_ms(path):
    """(load event, script start-up) in ms for the page at `path` in headless Chromium, no network."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 700})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.goto(path.resolve().as_uri())
        loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        ready = int(page.get_attribute("body", "data-ready-ms"))
        browser.close()
    return loaded, ready


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.bench.explorer", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graphs", nargs="*", metavar="graph", help=f"any of {', '.join(GRAPHS)} (default: all)")
    parser.add_argument("--no-open", action="store_true", help="do not open the pages in Chromium")
    args = parser.parse_args(argv)
    unknown = set(args.graphs) - set(GRAPHS)
    if unknown:
        parser.error(f"unknown graph(s) {', '.join(sorted(unknown))}; choose from {', '.join(GRAPHS)}")
    folder = Path(tempfile.mkdtemp(prefix="explorer-bench-"))
    print(f"{'graph':9} {'ops':>6} {'build s':>8} {'page KB':>8} {'load ms':>8} {'script ms':>9}")
    for name in args.graphs or GRAPHS:
        explorer, ops, seconds = build(name)
        path = explorer.save(folder / f"{name}.html")
        loaded, ready = (float("nan"), float("nan")) if args.no_open else open_ms(path)
        print(f"{name:9} {ops:6d} {seconds:8.2f} {path.stat().st_size / 1024:8.0f} {loaded:8.0f} {ready:9.0f}")
        sys.stdout.flush()
    print(f"pages in {folder}")


if __name__ == "__main__":
    main()
