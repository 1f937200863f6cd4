"""Embedding: a trainable lookup table."""
import autograd
from autograd.pytorch.conversion import python_number

from .. import init
from ..functional import embedding
from ..module import Module, Parameter
from ..functional._inputs import check_tensor


class Embedding(Module):
    """out[..., :] = weight[index[...], :], weight of shape (num_embeddings, embedding_dim) drawn from N(0, 1);
    the row padding_idx (if given) starts at zero and gets no gradient. With max_norm, each row looked up is
    first rescaled in place to a p-norm of at most max_norm (p = norm_type), as in PyTorch. `_weight` (a tensor
    of that shape) becomes the weight as it is; `_freeze=True` makes it not require grad."""

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
                 scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, dtype=None):
        super().__init__()
        if scale_grad_by_freq or sparse:
            raise NotImplementedError("Embedding: scale_grad_by_freq=True and sparse=True are not supported by "
                                      "glassgrad (it has no sparse gradients); leave them False")
        num_embeddings, embedding_dim = python_number(num_embeddings), python_number(embedding_dim)  # (np.uint8(5))
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        if padding_idx is not None and not -num_embeddings <= padding_idx < num_embeddings:
            raise AssertionError(  # (PyTorch's type)
                f"Embedding: padding_idx {padding_idx} must be within [-{num_embeddings}, {num_embeddings - 1}]"
            )
        self.padding_idx = None if padding_idx is None else padding_idx % num_embeddings
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        if _weight is None:
            weight = autograd.zeros(num_embeddings, embedding_dim, device=device, dtype=dtype or autograd.float32)
            self.weight = Parameter(weight, requires_grad=not _freeze)
            self.reset_parameters()
        else:
            if tuple(_weight.shape) != (num_embeddings, embedding_dim):
                raise AssertionError("Shape of weight does not match num_embeddings and embedding_dim")
            self.weight = Parameter(_weight, requires_grad=not _freeze)

    def reset_parameters(self):
        init.normal_(self.weight)
        self._fill_padding_idx_with_zero()

    def _fill_padding_idx_with_zero(self):
        """The padding_idx row to 0 (PyTorch's name, which reset_parameters calls)."""
        if self.padding_idx is not None:
            with autograd.no_grad():
                self.weight[self.padding_idx] = 0

    def forward(self, input):
        check_tensor("embedding", input, "indices", 2)
        return embedding(input, self.weight, self.padding_idx, self.max_norm, self.norm_type)

    @classmethod
    def from_pretrained(cls, embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0,
                        scale_grad_by_freq=False, sparse=False):
        """An Embedding whose weight is the 2-D `embeddings` (rows: the entries; shared, as in PyTorch), trained
        only when freeze=False. scale_grad_by_freq and sparse are not supported (refused unless left False)."""
        if embeddings.ndim != 2:
            raise AssertionError("Embeddings parameter is expected to be 2-dimensional")
        return cls(*embeddings.shape, padding_idx=padding_idx, max_norm=max_norm, norm_type=norm_type,
                   scale_grad_by_freq=scale_grad_by_freq, sparse=sparse, _weight=embeddings, _freeze=freeze)

    def extra_repr(self):
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        text += "" if self.padding_idx is None else f", padding_idx={self.padding_idx}"
        text += "" if self.max_norm is None else f", max_norm={self.max_norm}"
        return text + ("" if self.norm_type == 2 else f", norm_type={self.norm_type}")
