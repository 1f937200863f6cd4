"""Helpers shared by the teaching notebooks: a progress line that leaves clean outputs, and the digits data.

`progress(iterable, desc)` shows one line that updates in place while a loop runs (at most twice a second) and stays
behind as a one-line summary, so an executed notebook stores that line and nothing else. Outside Jupyter it prints
the summary once, at the end.

`load_digits()` returns the MNIST images of the shared folder (the 10,000 of its test split: the only split the
project ships) or, when that folder is missing, a generated stand-in of the same shape: 10,000 images of 28×28,
so the notebooks' convention holds either way: the first `N_TRAIN` = 8,000 train, the last 2,000 evaluate.

`plot_regions(ax, model, X, y, title)` colours the plane by the class a 2-D classifier predicts.
"""
import os
import sys
import time
from collections import namedtuple
from pathlib import Path

import numpy as np

import nn
from autograd import tensor

N_TRAIN = 8000
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_MNIST = PROJECT_ROOT.parent / "shared" / "data" / "mnist"


# --------------------------------------------------------------------------------------------------- progress line
class progress:
    """Iterate over `iterable` (or count `total` steps by hand with `update`) showing one line of progress.

        for epoch in progress(range(10), "epochs"): ...
        bar = progress(range(400), "training")
        for step in bar: ...; bar.set_postfix(loss=f"{loss:.3f}")

    In Jupyter the line is one display updated in place, showing the seconds so far; when the loop ends it becomes
    the summary line, e.g. `epochs ██████████ 10/10 · loss 0.123`, without times, so a saved notebook holds the
    same text on every run. Elsewhere nothing is printed until the summary line at the end.
    """

    WIDTH = 20          # characters of the bar
    EVERY_S = 0.5       # seconds between redraws

    def __init__(self, iterable=None, desc="", total=None):
        self.iterable, self.desc = iterable, desc
        self.total = total if total is not None else (len(iterable) if hasattr(iterable, "__len__") else None)
        self.count, self.postfix, self.closed = 0, "", False
        self.start = self.last_draw = time.perf_counter()
        self.handle = _display_handle(self.line())

    def __iter__(self):
        try:
            for item in self.iterable:
                yield item
                self.update()
        finally:
            self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def update(self, n=1):
        self.count += n
        now = time.perf_counter()
        if self.handle is not None and now - self.last_draw >= self.EVERY_S:
            self.last_draw = now
            self.handle.update({"text/plain": self.line()}, raw=True)

    def set_postfix(self, **values):
        """Values shown after the bar, e.g. set_postfix(loss="0.123")."""
        self.postfix = "  ".join(f"{k} {v}" for k, v in values.items())

    def close(self):
        if self.closed:
            return
        self.closed = True
        if self.handle is not None:
            self.handle.update({"text/plain": self.line(timed=False)}, raw=True)
        else:
            print(self.line(timed=False), file=sys.stdout, flush=True)

    def line(self, timed=True):
        """`desc ██████░░░░ 6/10 · 0.7 s · postfix` (without the seconds when not `timed`)."""
        parts = [self.desc] if self.desc else []
        if self.total:
            filled = round(self.WIDTH * min(self.count / self.total, 1.0))
            parts.append("█" * filled + "░" * (self.WIDTH - filled) + f" {self.count}/{self.total}")
        else:
            parts.append(f"{self.count} steps")
        if timed:
            parts.append(f"· {time.perf_counter() - self.start:.1f} s")
        if self.postfix:
            parts.append("· " + self.postfix)
        return " ".join(parts)


def _display_handle(text):
    """A display that can be updated in place, when running in a Jupyter kernel; else None."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return None
    return display({"text/plain": text}, raw=True, display_id=True)


# ------------------------------------------------------------------------------------------------------ digits data
Digits = namedtuple("Digits", "images labels source is_mnist")
Digits.__doc__ = """images: Tensor (10000, 28, 28) float32 in [0, 1]; labels: Tensor (10000,) int64 in 0 … 9;
source: one line saying where they came from; is_mnist: False for the generated stand-in."""


def find_mnist():
    """The MNIST folder, or None: $GLASSGRAD_MNIST (as given, else relative to the project root), else the shared
    copy `../shared/data/mnist` beside the project (`../../shared/data/mnist` seen from notebooks/)."""
    given = os.environ.get("GLASSGRAD_MNIST")
    candidates = [Path(given), PROJECT_ROOT / given] if given else [SHARED_MNIST]
    for folder in candidates:
        if any((folder / name).is_file() for name in ("t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte")):
            return folder
    return None


def load_digits():
    """The 10,000 images of MNIST's test split from `find_mnist()`, else `generated_digits()` (said in `source`)."""
    folder = find_mnist()
    if folder is not None:
        images, labels = nn.data.load_mnist(folder, split="test")
        return Digits(images, labels, f"MNIST (its 10,000-image test split) from {folder}", True)
    images, labels = generated_digits()
    return Digits(tensor(images), tensor(labels),
                  "GENERATED stand-in for MNIST: the MNIST folder was not found (set GLASSGRAD_MNIST)", False)


def generated_digits(n=10_000, seed=0):
    """A stand-in for MNIST: the glyphs 0–9 of matplotlib's font, each image randomly scaled, rotated, sheared and
    shifted, with pixel noise. Returns images (n, 28, 28) float32 in [0, 1] and labels (n,) int64."""
    rng = np.random.default_rng(seed)
    templates = _glyph_templates(size=56)                       # (10, 56, 56), ink in [0, 1]
    labels = rng.integers(0, 10, n)
    # an inverse affine map per image: output pixel (u, v), centred, -> template coordinates
    angle = rng.uniform(-0.25, 0.25, n)
    scale = rng.uniform(0.8, 1.15, n)
    shear = rng.uniform(-0.3, 0.3, n)
    shift = rng.uniform(-2.5, 2.5, (n, 2))
    cos, sin = np.cos(angle) / scale, np.sin(angle) / scale
    u, v = np.meshgrid(np.arange(28) - 13.5, np.arange(28) - 13.5, indexing="ij")    # rows, columns
    u = u[None] - shift[:, 0, None, None]
    v = v[None] - shift[:, 1, None, None] - shear[:, None, None] * u
    rows = (cos[:, None, None] * u - sin[:, None, None] * v) * 2 + 27.5                # template is twice as fine
    cols = (sin[:, None, None] * u + cos[:, None, None] * v) * 2 + 27.5
    inside = (rows >= 0) & (rows <= 55) & (cols >= 0) & (cols <= 55)
    r, c = np.clip(np.rint(rows), 0, 55).astype(int), np.clip(np.rint(cols), 0, 55).astype(int)
    images = np.where(inside, templates[labels[:, None, None], r, c], 0.0)
    images = images * rng.uniform(0.7, 1.0, (n, 1, 1)) + rng.normal(0, 0.08, images.shape)
    return np.clip(images, 0, 1).astype(np.float32), labels.astype(np.int64)


def _glyph_templates(size):
    """The digits 0–9 drawn by matplotlib's default font, filled, centred in a size × size square."""
    from matplotlib.path import Path as MplPath
    from matplotlib.textpath import TextPath

    centres = (np.arange(size) + 0.5) / size                     # pixel centres in [0, 1]
    y, x = np.meshgrid(1 - centres, centres, indexing="ij")      # row 0 at the top
    points = np.c_[x.ravel(), y.ravel()]
    templates = np.zeros((10, size, size), np.float32)
    for digit in range(10):
        path = TextPath((0, 0), str(digit), size=1.0)
        box = path.get_extents()
        height = box.height
        verts = (path.vertices - [box.x0 + box.width / 2, box.y0 + height / 2]) / height * 0.7 + 0.5
        ink = np.zeros(len(points), bool)
        for outline in MplPath(verts, path.codes).to_polygons():      # even-odd: an inner outline is a hole
            ink ^= MplPath(outline).contains_points(points)
        templates[digit] = ink.reshape(size, size)
    return templates


# ------------------------------------------------------------------------------------------------ plotting helpers
REGION_COLOURS = np.array([[0.12, 0.47, 0.71], [1.0, 0.5, 0.05], [0.17, 0.63, 0.17], [0.84, 0.15, 0.16]])


def plot_regions(ax, model, X, y, title, lim=None, n=150):
    """The plane coloured by the class `model` predicts, paler where it is less sure, with the points X (n, 2)
    coloured by their labels y. `model` maps (m, 2) inputs to logits: one column (a sigmoid for class 1) or one per
    class (a softmax)."""
    from autograd import no_grad

    Xn = X.numpy()
    lim = lim or float(np.abs(Xn).max()) * 1.1
    g = np.linspace(-lim, lim, n)
    gx, gy = np.meshgrid(g, g)
    with no_grad():
        logits = model(tensor(np.c_[gx.ravel(), gy.ravel()].astype(np.float32)))
        P = logits.softmax(dim=1).numpy() if logits.shape[1] > 1 else np.c_[1 - logits.sigmoid().numpy(),
                                                                             logits.sigmoid().numpy()]
    k = P.shape[1]
    confidence = (P.max(1) - 1 / k) / (1 - 1 / k)                    # 0 at a uniform guess, 1 when certain
    image = 1 - (1 - REGION_COLOURS[P.argmax(1)]) * (0.1 + 0.5 * confidence[:, None])
    ax.imshow(image.reshape(n, n, 3), origin="lower", extent=(-lim, lim, -lim, lim))
    ax.scatter(*Xn.T, c=REGION_COLOURS[y.numpy()], s=8, edgecolors="k", linewidths=0.3)
    ax.set(title=title, xlim=(-lim, lim), ylim=(-lim, lim), xticks=[], yticks=[])
    ax.grid(False)
