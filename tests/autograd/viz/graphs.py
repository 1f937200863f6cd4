"""Graphs the explorer is tested on, each built fresh: (output, params) with requires_grad leaves."""
import numpy as np

import autograd
import nn
import nn.functional as F
from autograd.engine import topological_order
from autograd.viz import retain_grads

NEURON_VALUES = {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": 6.8813735870195432}


def neuron():
    """micrograd's neuron tanh(x1*w1 + x2*w2 + b), in float64."""
    leaves = {name: autograd.tensor(np.float64(value), requires_grad=True) for name, value in NEURON_VALUES.items()}
    out = (leaves["x1"] * leaves["w1"] + leaves["x2"] * leaves["w2"] + leaves["b"]).tanh()
    return out, leaves


def mlp_loss():
    """A 2-3-2 MLP's cross-entropy on 4 points: broadcasting (the bias), matmul, indexing (the targets)."""
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 2))
    x = autograd.randn(4, 2)
    loss = F.cross_entropy(model(x), autograd.tensor([0, 1, 1, 0]))
    return loss, dict(model.named_parameters())


def reused():
    """A non-leaf reused along two paths, and a leaf reused: b = a + a; c = b * b + a."""
    a = autograd.tensor(1.5, requires_grad=True)
    b = a + a
    return b * b + a, {"a": a}


def broadcast_and_index():
    """A (3,) parameter broadcast over (2, 3) rows, indexed twice (the same entry along two paths)."""
    w = autograd.tensor([0.5, -1.0, 2.0], requires_grad=True)
    x = autograd.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    y = (x * w).exp()
    return y[0, 1] + y[:, 1].sum() + y[1].max(), {"w": w}


GRAPHS = {"neuron": neuron, "mlp": mlp_loss, "reused": reused, "broadcast_and_index": broadcast_and_index}


def engine_run(output):
    """Run the engine's backward on `output`, every intermediate retaining its grad, and return the
    nodes in the order the engine ran them (their backward rule, or their sparse gradient add)."""
    ran = []
    for node in topological_order([output._ctx]):
        for method in ("backward", "add_into"):
            if getattr(node, method, None) is not None:  # add_into exists for indexing only
                setattr(node, method, _logged(node, getattr(node, method), ran))
    retain_grads(output)
    output.backward(retain_graph=True)
    return ran


def _logged(node, method, ran):
    def run(*args):
        ran.append(node)
        return method(*args)
    return run


def rnn_loss():
    """A tanh RNN over a (2, 5, 3) batch, its outputs squared and averaged: a recurrence the panel steps through."""
    autograd.manual_seed(0)
    rnn = nn.RNN(3, 4, batch_first=True)
    out, _ = rnn(autograd.randn(2, 5, 3))
    return (out * out).mean(), dict(rnn.named_parameters())


def wide_linear():
    """A Linear(16, 8) on a (10, 16) batch: a (8, 16) weight gradient, shown as a heatmap."""
    autograd.manual_seed(0)
    model = nn.Linear(16, 8)
    return model(autograd.randn(10, 16)).tanh().sum(), dict(model.named_parameters())


GRAPHS.update(rnn=rnn_loss, wide_linear=wide_linear)
