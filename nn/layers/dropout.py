"""Dropout as a layer."""
from ..functional import dropout, dropout2d
from ..module import Module


class _DropoutNd(Module):
    """What the dropout layers share (PyTorch's _DropoutNd): the probability p and inplace."""

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    """In training, zero each element with probability p and scale the rest by 1/(1 − p)
    (inverted dropout); in evaluation, the identity."""

    def forward(self, input):
        return dropout(input, self.p, self.training, self.inplace)


class Dropout2d(_DropoutNd):
    """In training, zero each whole channel of an (N, C, H, W) or (C, H, W) input with probability p and scale
    the rest by 1/(1 − p); in evaluation, the identity."""

    def forward(self, input):
        return dropout2d(input, self.p, self.training, self.inplace)
