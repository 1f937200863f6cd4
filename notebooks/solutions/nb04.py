"""Reference solutions of notebook 04's exercises."""
import numpy as np

import autograd
import nn
import nn.functional as F
import optim


def softmax(o):
    """Row-wise softmax(o)_j = e^(o_j − max o) / Σ_k e^(o_k − max o): the largest exponent is e^0 = 1."""
    e = (o - o.amax(dim=1, keepdim=True)).exp()
    return e / e.sum(dim=1, keepdim=True)


def boltzmann(energies, T):
    """p_i = e^(−E_i/T) / Z, Z = Σ_j e^(−E_j/T): the softmax of the logits −E/T."""
    return autograd.tensor(-np.asarray(energies) / T).softmax(dim=0)


# softmax(o / T) depends only on the differences (o_i − o_j)/T. As T → 0 they grow without bound and all the mass
# goes to the largest score (the argmax, one-hot); as T → ∞ they shrink to 0, and a softmax of equal scores is
# uniform: 1/3 each
temperature_limits = ([1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3])


def cross_entropy(logits, labels):
    """mean_i −log softmax(o_i)_{y_i}, with log-softmax z − log Σ e^z, z = o − max o."""
    z = logits - logits.amax(dim=1, keepdim=True)
    log_p = z - z.exp().sum(dim=1, keepdim=True).log()
    return -(log_p * F.one_hot(labels, logits.shape[1]).float()).sum(dim=1).mean()


def cross_entropy_gradient(O, y):
    """dL/dO = (softmax(O) − one-hot(y)) / n for the mean cross-entropy over n rows."""
    e = np.exp(O - O.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True) - np.eye(O.shape[1])[y]) / len(O)


def nll_on_logits(X, y):
    """Section 5's loop: F.cross_entropy on the logits (or F.nll_loss of their log_softmax)."""
    autograd.manual_seed(0)
    model = nn.Linear(2, 3)
    opt = optim.SGD(model.parameters(), lr=0.5)
    for _ in range(200):
        loss = F.cross_entropy(model(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model
