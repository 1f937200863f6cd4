"""Shared fixtures: micrograd's neuron, tanh(x1*w1 + x2*w2 + b), in float64, after backward."""
import numpy as np
import pytest

import autograd
from autograd.viz import retain_grads

from .graphs import NEURON_VALUES


def named_leaf(name, value):
    leaf = autograd.tensor(np.float64(value), requires_grad=True)
    leaf.name = name
    return leaf


@pytest.fixture
def neuron():
    """(output, {name: leaf}) of micrograd's neuron, with every grad retained and computed."""
    leaves = {name: named_leaf(name, value) for name, value in NEURON_VALUES.items()}
    out = (leaves["x1"] * leaves["w1"] + leaves["x2"] * leaves["w2"] + leaves["b"]).tanh()
    retain_grads(out)
    out.backward(retain_graph=True)
    return out, leaves
