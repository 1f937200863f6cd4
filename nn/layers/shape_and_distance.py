"""Unflatten (one dim split into several) and CosineSimilarity (the cosine between two inputs along a dim)."""
from ..functional.distances import cosine_similarity
from ..module import Module


class Unflatten(Module):
    """y = x with `dim` split into the dims `unflattened_size` (Flatten's inverse)."""

    def __init__(self, dim, unflattened_size):
        super().__init__()
        if isinstance(dim, str):
            raise TypeError("Unflatten: named dims (a str dim) are not supported by glassgrad; pass an int")
        if not isinstance(unflattened_size, (tuple, list)):
            raise TypeError("unflattened_size must be tuple of ints, but found type " + type(unflattened_size).__name__)
        self.dim, self.unflattened_size = dim, unflattened_size

    def forward(self, input):
        return input.unflatten(self.dim, self.unflattened_size)

    def extra_repr(self):
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"


class CosineSimilarity(Module):
    """y = Σ x₁x₂ / (max(‖x₁‖, eps) max(‖x₂‖, eps)) along dim"""

    def __init__(self, dim=1, eps=1e-8):
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1, x2):
        return cosine_similarity(x1, x2, self.dim, self.eps)
