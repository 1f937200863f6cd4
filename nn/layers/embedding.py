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

    @classmethod
    def from_pretrained(cls, embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0,
                        scale_grad_by_freq=False, sparse=False):
        """An Embedding whose weight is a copy of the 2-D `embeddings` (rows: the entries), trained only when
        freeze=False. max_norm, scale_grad_by_freq and sparse are not supported (refused unless left default)."""
        if embeddings.ndim != 2:
            raise AssertionError("Embeddings parameter is expected to be 2-dimensional")
        if max_norm is not None or scale_grad_by_freq or sparse:
            raise NotImplementedError("Embedding.from_pretrained: max_norm, scale_grad_by_freq and sparse are not "
                                      "supported by glassgrad")
        embedding_layer = cls(*embeddings.shape, padding_idx=padding_idx, dtype=embeddings.dtype)
        with autograd.no_grad():
            embedding_layer.weight.copy_(embeddings)
        embedding_layer.weight.requires_grad = not freeze
        return embedding_layer

    def extra_repr(self):
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        return text if self.padding_idx is None else text + f", padding_idx={self.padding_idx}"
