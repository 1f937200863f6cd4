"""Multi-head attention, with PyTorch's parameters (in_proj_weight, in_proj_bias, out_proj) and masks.
When keys or values have another size (kdim, vdim ≠ embed_dim), W_q, W_k, W_v are separate parameters
q_proj_weight (E, E), k_proj_weight (E, kdim) and v_proj_weight (E, vdim), as in PyTorch.

With h heads of size d = E / h, each head attends in its own d-dimensional slice of the projections:
    Q = query W_qᵀ + b_q,  K = key W_kᵀ + b_k,  V = value W_vᵀ + b_v   (W_q, W_k, W_v stacked in in_proj_weight)
    headᵢ = softmax(Qᵢ Kᵢᵀ / √d + M) Vᵢ
    output = concat(head₁, ..., head_h) W_oᵀ + b_o                       (out_proj)
"""
import numpy as np

import autograd
from autograd import Tensor
from autograd.scope import name_output

from . import init
from .functional.attention import attend
from .layers.linear import Linear
from .module import Module, Parameter


class MultiheadAttention(Module):
    """forward(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
    average_attn_weights=True) → (output, weights).

    Shapes (batch_first=False): query (L, N, E), key and value (S, N, E), output (L, N, E); weights
    (N, L, S) averaged over heads, or (N, h, L, S) with average_attn_weights=False; None when
    need_weights=False. batch_first=True puts N first in inputs and output. Unbatched inputs (L, E) work too.
    Masks, as in PyTorch: a bool mask is True where attention is NOT allowed; a float mask is added to
    the scores. attn_mask is (L, S) or (N·h, L, S); key_padding_mask (N, S) hides padded keys."""

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False,
                 kdim=None, vdim=None, batch_first=False, device=None, dtype=None):
        super().__init__()
        where = {"device": device, "dtype": dtype}
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(f"embed_dim and num_heads must be greater than 0, got embed_dim={embed_dim} and "
                             f"num_heads={num_heads} instead")
        if embed_dim % num_heads:
            raise AssertionError(  # (PyTorch's type)
                f"MultiheadAttention: embed_dim {embed_dim} must be divisible by num_heads {num_heads}")
        if add_bias_kv or add_zero_attn:
            raise NotImplementedError("MultiheadAttention: add_bias_kv and add_zero_attn are not implemented")
        self.embed_dim = embed_dim
        self.kdim = embed_dim if kdim is None else kdim
        self.vdim = embed_dim if vdim is None else vdim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.num_heads = num_heads
        self.head_dim = embed_dim // num_heads
        self.dropout = dropout
        self.batch_first = batch_first
        if self._qkv_same_embed_dim:
            self.in_proj_weight = Parameter(autograd.zeros(3 * embed_dim, embed_dim, **where))
            for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                self.register_parameter(name, None)
        else:
            self.q_proj_weight = Parameter(autograd.zeros(embed_dim, embed_dim, **where))
            self.k_proj_weight = Parameter(autograd.zeros(embed_dim, self.kdim, **where))
            self.v_proj_weight = Parameter(autograd.zeros(embed_dim, self.vdim, **where))
            self.register_parameter("in_proj_weight", None)
        self.register_parameter("in_proj_bias", Parameter(autograd.zeros(3 * embed_dim, **where)) if bias else None)
        self.out_proj = Linear(embed_dim, embed_dim, bias=bias, **where)
        self._reset_parameters()

    def _reset_parameters(self):
        """PyTorch's: in_proj_weight (or each of q/k/v_proj_weight) Xavier-uniform, biases zero
        (out_proj.weight keeps Linear's init)."""
        for weight in (self.in_proj_weight, self.q_proj_weight, self.k_proj_weight, self.v_proj_weight):
            if weight is not None:
                init.xavier_uniform_(weight)
        if self.in_proj_bias is not None:
            init.zeros_(self.in_proj_bias)
            init.zeros_(self.out_proj.bias)

    def extra_repr(self):
        text = f"embed_dim={self.embed_dim}, num_heads={self.num_heads}"
        return text + (", batch_first=True" if self.batch_first else "")

    def forward(self, query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
                average_attn_weights=True, is_causal=False):
        if is_causal and attn_mask is None:  # (PyTorch's: is_causal is only a hint that attn_mask is causal)
            raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
                               "method `generate_square_subsequent_mask` to create this mask.")
        for name, x, size in (("query", query, self.embed_dim), ("key", key, self.kdim), ("value", value, self.vdim)):
            if x.ndim not in (2, 3) or x.shape[-1] != size:
                raise ValueError(
                    f"MultiheadAttention: expected {name} of shape (*, {size}) with 2 or 3 axes, got {x.shape}"
                )
        batched = query.ndim == 3
        _check_layouts(query, key, value, batched, self.batch_first)
        if not batched:
            query, key, value = _each_once(lambda x: x.unsqueeze(1), query, key, value)
            if key_padding_mask is not None:
                key_padding_mask = _array_or_tensor(key_padding_mask).reshape(1, -1)
        elif self.batch_first:
            query, key, value = _each_once(lambda x: x.transpose(0, 1), query, key, value)
        length, batch, _ = query.shape
        source_length = key.shape[0]
        rows = _each_once(lambda x: x.reshape(x.shape[0] * x.shape[1], x.shape[2]), query, key, value)
        for name, x in reversed(tuple(zip(("query", "key", "value"), rows, strict=True))):  # query's name first
            name_output(x, "x as rows" if rows[0] is rows[1] is rows[2] else f"{name} as rows")
        q, k, v = (name_output(self._project(x, i, length if i == 0 else source_length, batch), "qkv"[i])
                   for i, x in enumerate(rows))  # named for the explorer (autograd/scope.py)
        mask = self._additive_mask(attn_mask, key_padding_mask, batch, length, source_length, query.dtype)
        # need_weights=False is PyTorch's scaled_dot_product_attention path: a query masked off every key gets 0
        output, weights = attend(q, k, v, mask, self.dropout if self.training else 0.0,
                                 zero_blocked_rows=not need_weights)
        by_position = name_output(output.permute(2, 0, 1, 3), "weights v by position")  # (L, N, h, d)
        output = self.out_proj(name_output(by_position.reshape(length, batch, self.embed_dim), "heads joined"))
        if not batched:
            output = output.squeeze(1)
        elif self.batch_first:
            output = output.transpose(0, 1)
        if not need_weights:
            return output, None
        if average_attn_weights:
            weights = weights.mean(dim=1)
        return output, (weights if batched else weights.squeeze(0))

    def _project(self, x, which, length, batch):
        """x (T·N, E_x), the rows of a (T, N, E_x) input, through W_q, W_k or W_v (which = 0, 1, 2: a block of
        in_proj_weight, or q/k/v_proj_weight), split into heads: (N, h, T, d)."""
        rows, letter = slice(which * self.embed_dim, (which + 1) * self.embed_dim), "qkv"[which]
        if self._qkv_same_embed_dim:
            weight = name_output(self.in_proj_weight[rows], f"W_{letter}")  # named for the explorer (scope.py)
        else:
            weight = (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight)[which]
        projected = name_output(x @ name_output(weight.mT, f"W_{letter}ᵀ"), f"x W_{letter}ᵀ")
        if self.in_proj_bias is not None:
            projected = name_output(projected + name_output(self.in_proj_bias[rows], f"b_{letter}"),
                                    f"x W_{letter}ᵀ + b_{letter}")
        heads = projected.reshape(length, batch, self.num_heads, self.head_dim)
        return name_output(heads, f"{letter} split into heads").permute(1, 2, 0, 3)

    def _additive_mask(self, attn_mask, key_padding_mask, batch, length, source_length, dtype):
        """attn_mask and key_padding_mask merged into one float mask broadcastable to (N, h, L, S)."""
        mask = None
        if attn_mask is not None:
            attn_mask = _as_additive(attn_mask, dtype, "attn_mask")
            if attn_mask.shape == (batch * self.num_heads, length, source_length):
                attn_mask = attn_mask.reshape(batch, self.num_heads, length, source_length)
            elif attn_mask.shape != (length, source_length):
                raise ValueError(
                    f"MultiheadAttention: attn_mask must have shape {(length, source_length)} or "
                    f"{(batch * self.num_heads, length, source_length)}, got {attn_mask.shape}"
                )
            mask = attn_mask
        if key_padding_mask is not None:
            key_padding_mask = _as_additive(key_padding_mask, dtype, "key_padding_mask")
            if key_padding_mask.shape != (batch, source_length):
                raise ValueError(
                    f"MultiheadAttention: key_padding_mask must have shape {(batch, source_length)}, "
                    f"got {key_padding_mask.shape}"
                )
            padding = key_padding_mask.reshape(batch, 1, 1, source_length)
            mask = padding if mask is None else mask + padding
        return mask


def _check_layouts(query, key, value, batched, batch_first):
    """PyTorch's checks, with its error types: key and value with query's number of axes, the same source length
    and batch (AssertionError), and the batch of query (a RuntimeError, as PyTorch's reshape fails there)."""
    shapes = tuple(tuple(x.shape) for x in (query, key, value))
    if key.ndim != query.ndim or value.ndim != query.ndim:
        raise AssertionError(f"For {'batched (3-D)' if batched else 'unbatched (2-D)'} `query`, expected `key` and "
                             f"`value` to be {query.ndim}-D but found {key.ndim}-D and {value.ndim}-D tensors "
                             f"respectively")
    if shapes[1][:-1] != shapes[2][:-1]:
        raise AssertionError(f"MultiheadAttention: key shape {shapes[1]} does not match value shape {shapes[2]} "
                             "(their lengths and batches must agree)")
    batch_axis = 0 if batch_first else 1
    if batched and shapes[1][batch_axis] != shapes[0][batch_axis]:
        raise RuntimeError(f"MultiheadAttention: key and value have batch size {shapes[1][batch_axis]}, but query "
                           f"has {shapes[0][batch_axis]} (query {shapes[0]}, key {shapes[1]}, value {shapes[2]})")


def _each_once(reshape, *tensors):
    """`reshape` applied to each distinct tensor once: self-attention passes one tensor as query, key and value,
    and reshapes it once, as PyTorch does (the graph, and a drawing of it, then shows one tensor, not three)."""
    done = {}
    for x in tensors:
        if id(x) not in done:
            done[id(x)] = reshape(x)
    return tuple(done[id(x)] for x in tensors)


def _array_or_tensor(mask):
    return mask if isinstance(mask, Tensor) else Tensor(np.asarray(mask))


def _as_additive(mask, dtype, name):
    """A bool mask (True = masked out) as −inf / 0; a float mask unchanged; any other dtype refused, as PyTorch
    (an integer mask of 0 / 1 would otherwise be added to the scores)."""
    mask = _array_or_tensor(mask)
    if mask.dtype == np.bool_:
        return Tensor(np.where(mask.detach().numpy(), -np.inf, 0.0).astype(dtype))
    if mask.dtype.kind != "f":
        raise AssertionError(f"only bool and floating types of {name} are supported")
    if mask.dtype != dtype:  # PyTorch refuses it too (a float64 causal mask passed to a Transformer stack is
        raise RuntimeError(  # recognised there and replaced: nn/transformer.py)
            f"Expected attn_mask dtype to be bool or float or to match query dtype, but got {name}.dtype: "
            f"{mask.dtype} and query.dtype: {np.dtype(dtype)} instead.")
    return mask
