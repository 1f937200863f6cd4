"""Exercises of notebook 06 (convolutional networks). Solutions: solutions/nb06.py."""
import numpy as np

import autograd
import nn
import nn.functional as F
import optim
from autograd import tensor
from exercises import Exercise, Sheet, Wrong, as_array, compare


# ---------------------------------------------------------------------------------- 6.1 ResNet's stem, sizes
def check_stem_sizes(sizes):
    """(side after the 7×7 stride-2 convolution, side after the 3×3 stride-2 max pool) of a 64×64 image."""
    sizes = as_array(sizes, "your two sizes")
    if sizes.shape != (2,):
        raise Wrong("give two numbers: (side after the convolution, side after the pooling)")
    after_conv = F.conv2d(autograd.zeros(1, 1, 64, 64), autograd.zeros(1, 1, 7, 7), stride=2, padding=3)
    after_pool = F.max_pool2d(after_conv, 3, stride=2, padding=1)
    truth = (after_conv.shape[-1], after_pool.shape[-1])
    for what, got, want, n, k, p, s in [("after the convolution", sizes[0], truth[0], 64, 7, 3, 2),
                                        ("after the pooling", sizes[1], truth[1], truth[0], 3, 1, 2)]:
        if got != want:
            raise Wrong(f"the side {what} is not {got:g}: apply ⌊(n + 2p − k)/s⌋ + 1 with n = {n}, k = {k}, "
                        f"p = {p}, s = {s} (p on each side, the floor taken last)")
    return f"64 → {truth[0]} → {truth[1]}: the stem divides the side by 4, as in every ResNet."


stem_sizes = Exercise(
    "stem_sizes", "6.2", "apply", "the output size of ResNet's stem", check_stem_sizes,
    hint="n_out = ⌊(n + 2p − k)/s⌋ + 1 for each layer in turn; the pooling's input is the convolution's output.",
    wrong=((29, 14), (32, 15), (31, 15)),
)


# ----------------------------------------------------------------------------------- 6.2 conv1d by unfolding
def check_conv1d_unfold(conv1d_unfold):
    """The learner's conv1d (windows by indexing, then one matrix product) against F.conv1d: value and gradients."""
    rng = np.random.default_rng(6)
    x = tensor(rng.normal(size=(2, 3, 10)), requires_grad=True)
    w = tensor(rng.normal(size=(4, 3, 5)), requires_grad=True)
    b = tensor(rng.normal(size=4), requires_grad=True)
    got = conv1d_unfold(x, w, b)
    expected = F.conv1d(x, w, b)
    compare(got, expected, "conv1d_unfold(x, w, b) with x (2, 3, 10), w (4, 3, 5), b (4,)")
    if not getattr(got, "requires_grad", False):
        raise Wrong("the output does not require grad: use tensor operations (indexing, permute, reshape, @)")
    ours = autograd.grad(got.sum(), [x, w, b])
    theirs = autograd.grad(expected.sum(), [x, w, b])
    for name, g, want in zip(["x", "w", "b"], ours, theirs, strict=True):
        compare(g, want, f"the gradient with respect to {name}")
    return "it equals F.conv1d, value and gradients: a convolution is one matrix product over the windows."


def _windows_then_matmul(x, w, b, flip=False, bias=True):
    k = w.shape[-1]
    index = tensor(np.arange(x.shape[-1] - k + 1)[:, None] + np.arange(k)[None, :])
    patches = x[:, :, index].permute(0, 2, 1, 3)
    if flip:  # the convolution of mathematics: the kernel reversed
        w = w[:, :, tensor(np.arange(k)[::-1].copy())]
    out = (patches.reshape(x.shape[0], -1, x.shape[1] * k) @ w.reshape(w.shape[0], -1).T).permute(0, 2, 1)
    return out + b.reshape(1, -1, 1) if bias else out


conv1d_unfold = Exercise(
    "conv1d_unfold", "6.1", "implement", "conv1d as windows and one matrix product", check_conv1d_unfold,
    hint="Follow the shapes. windows is (N, C, L − k + 1, k); the weight is (C_out, C, k). A matrix product needs "
         "each window's C·k values along the last axis, in the order the flattened weight has them (permute, then "
         "reshape). Then put the axes back in conv1d's order (N, C_out, positions), and give the bias a shape that "
         "broadcasts over the positions.",
    wrong=(lambda x, w, b: _windows_then_matmul(x, w, b, flip=True),
           lambda x, w, b: _windows_then_matmul(x, w, b, bias=False)),
)


# -------------------------------------------------------------------------------- 6.3 max pooling's gradient
def check_maxpool_grad(maxpool_grad):
    """The learner's ∂L/∂X for L = Σ G ⊙ max_pool2d(X, 2), against autograd, on random 4×6 and 6×2 inputs."""
    rng = np.random.default_rng(7)
    for shape in ((4, 6), (6, 2)):                           # never square: rows and columns must not be swapped
        X = rng.normal(size=shape)
        G = rng.normal(size=(shape[0] // 2, shape[1] // 2))
        x = tensor(X[None, None], requires_grad=True)
        (F.max_pool2d(x, 2)[0, 0] * tensor(G)).sum().backward()
        got = as_array(maxpool_grad(X, G), "maxpool_grad(X, G)")
        want = x.grad.numpy()[0, 0]
        if got.shape == want.shape and np.allclose(got, np.kron(G, np.ones((2, 2))) / 4):
            raise Wrong("your gradient spreads each G[i, j] evenly over its 2×2 window: that is average pooling's. "
                        "Which of the four entries does the max depend on?")
        compare(got, want, f"maxpool_grad(X, G) for a random {shape[0]}×{shape[1]} X and "
                           f"{shape[0] // 2}×{shape[1] // 2} G")
    return ("each window sends its G to the position of its maximum and 0 to the other three: the gradient is "
            "sparse, one non-zero per window.")


maxpool_grad = Exercise(
    "maxpool_grad", "6.3", "derive", "the gradient of max pooling", check_maxpool_grad,
    hint="Y[i, j] is the max of the 2×2 window X[2i:2i+2, 2j:2j+2]. How does the max change when you nudge each "
         "of the four entries a little? Then the chain rule with G[i, j]. np.unravel_index(window.argmax(), (2, 2)) "
         "locates an entry in a window.",
    wrong=(lambda X, G: np.kron(G, np.ones((2, 2))) / 4,
           lambda X, G: np.kron(G, np.array([[1.0, 0.0], [0.0, 0.0]]))),
)


# ------------------------------------------------------------------------------- 6.4 images in the wrong layout
class InputRecorder(nn.Module):
    """A tiny CNN for (N, 3, 8, 6) images that keeps every batch it was given."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 8 * 6, 2))
        self.seen = []

    def forward(self, x):
        self.seen.append(x.detach().numpy().copy())
        return self.net(x)


def check_train_epoch(train_epoch):
    """The learner's loop feeds the model (N, C, H, W) batches built from channels-last images, and trains."""
    rng = np.random.default_rng(8)
    images = rng.normal(size=(40, 8, 6, 3)).astype(np.float32)           # (N, H, W, C), as stored on disk
    labels = tensor(rng.integers(0, 2, 40))
    autograd.manual_seed(0)
    model = InputRecorder()
    before = [p.detach().numpy().copy() for p in model.parameters()]
    losses = train_epoch(model, optim.SGD(model.parameters(), lr=0.1), tensor(images), labels, batch_size=16)
    if not model.seen:
        raise Wrong("the model was never called")
    first = model.seen[0]
    expected = images[:len(first)].transpose(0, 3, 1, 2)
    if first.shape != expected.shape:
        raise Wrong(f"the first batch had shape {first.shape}; the model expects (N, C, H, W) = {expected.shape}")
    if not np.array_equal(first, expected):
        c, i, j = 1, 2, 4
        raise Wrong(f"the first batch has the right shape but the wrong pixels: channel {c} at row {i}, column {j} "
                    f"of image 0 should be images[0, {i}, {j}, {c}] = {images[0, i, j, c]:.3f}, you fed "
                    f"{first[0, c, i, j]:.3f}: the model sees the images scrambled")
    if len(model.seen) != 3 or len(losses) != 3:
        raise Wrong(f"40 images in batches of 16 make 3 steps; the model was called {len(model.seen)} times")
    if all(np.array_equal(a, p.detach().numpy()) for a, p in zip(before, model.parameters(), strict=True)):
        raise Wrong("the parameters did not change: the loop does not train")
    return "the model now sees each image as (C, H, W): the same pixels, with the channel axis moved to the front."


def _train_epoch(model, optimizer, images, labels, batch_size, to_nchw):
    losses = []
    for start in range(0, len(images), batch_size):
        xb, yb = to_nchw(images[start:start + batch_size]), labels[start:start + batch_size]
        loss = F.cross_entropy(model(xb), yb)
        optimizer.zero_grad(); loss.backward(); optimizer.step()
        losses.append(loss.item())
    return losses


train_epoch = Exercise(
    "train_epoch", "6.4", "debug", "the loop that feeds images in the wrong layout", check_train_epoch,
    hint="Try both on a tiny array, e.g. np.arange(12).reshape(1, 2, 2, 3): does reshape move any number to a "
         "new position in memory order, or only cut the same sequence differently? Which Tensor method moves "
         "an axis?",
    wrong=(lambda model, opt, images, labels, batch_size: _train_epoch(
               model, opt, images, labels, batch_size,
               lambda xb: xb.reshape(xb.shape[0], xb.shape[3], xb.shape[1], xb.shape[2])),
           lambda model, opt, images, labels, batch_size: _train_epoch(
               model, opt, images, labels, batch_size, lambda xb: xb.permute(0, 3, 2, 1))),
)


# ------------------------------------------------------------------------------------ 6.5 the receptive field
def receptive_field_of_lenet():
    """Side of the input region one output of LeNet's second pooling layer depends on, measured with autograd: the
    kernels set to ones and average pooling (so that no path has a zero weight), the gradient of one output."""
    layers = nn.Sequential(nn.Conv2d(1, 1, 5, padding=2), nn.AvgPool2d(2), nn.Conv2d(1, 1, 5), nn.AvgPool2d(2))
    with autograd.no_grad():
        for conv in (layers[0], layers[2]):
            conv.weight.fill_(1.0)
    x = autograd.zeros(1, 1, 28, 28, requires_grad=True)
    layers(x)[0, 0, 2, 2].backward()
    rows, columns = np.nonzero(x.grad.numpy()[0, 0])
    return rows.max() - rows.min() + 1, columns.max() - columns.min() + 1


def check_receptive_field(predicted):
    """The predicted side of the receptive field, against the one measured by autograd."""
    predicted = as_array(predicted, "your prediction")
    if predicted.shape != ():
        raise Wrong("predict one number: the side, in pixels, of the square of input pixels")
    height, width = receptive_field_of_lenet()
    if float(predicted) != height:
        raise Wrong(f"{float(predicted):g} is not it. Work backwards from one output, one layer at a time, "
                    "counting how many positions of each layer's input it depends on")
    return (f"{height}×{width} pixels, measured by autograd: the gradient of one output of the second pooling "
            "layer is non-zero on that square. One unit there sees more than half of the 28×28 digit.")


receptive_field = Exercise(
    "receptive_field", "6.5", "predict", "the receptive field of LeNet's features", check_receptive_field,
    hint="Go backwards from one output, in one dimension. How many positions of its input does a 2×2 stride-2 pool "
         "read? A 5×5 convolution widens a span of n positions to how many? Passing back through a pool with "
         "stride 2 spaces the positions 2 apart: how wide is the span then?",
    wrong=(14, 10, 5),
)

sheet = Sheet("nb06", [stem_sizes, conv1d_unfold, maxpool_grad, train_epoch, receptive_field])
check, hint, solution = sheet.check, sheet.hint, sheet.solution  # what the notebook calls, as ex.check(...)
