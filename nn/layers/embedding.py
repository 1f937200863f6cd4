"""Embedding: a trainable lookup table."""
import autograd

from .. import init
from ..functional import embedding
from ..module import Module, Parameter
from ..functional._inputs import check_tensor


class Embedding(Module):
    """out[..., :] = weight[index[...], :], weight of shape (num_embeddings, embedding_dim) drawn from N(0, 1);
    the row padding_idx (if given) starts at zero and gets no gradient."""

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, dtype=None):
        super().__init__()
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        if padding_idx is not None and not -num_embeddings <= padding_idx < num_embeddings:
            raise ValueError(
                f"Embedding: padding_idx {padding_idx} must be within [-{num_embeddings}, {num_embeddings - 1}]"
            )
        self.padding_idx = None if padding_idx is None else padding_idx % num_embeddings
        self.weight = Parameter(autograd.zeros(num_embeddings, embedding_dim, dtype=dtype or autograd.float32))
        self.reset_parameters()

    def reset_parameters(self):
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with autograd.no_grad():
                self.weight[self.padding_idx] = 0

    def forward(self, input):
        check_tensor("embedding", input, "indices", 2)
        return embedding(input, self.weight, self.padding_idx)

    def extra_repr(self):
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        return text if self.padding_idx is None else text + f", padding_idx={self.padding_idx}"
