"""Transformer, TransformerEncoder(Layer) and TransformerDecoder(Layer), as PyTorch's, built on
MultiheadAttention, Linear, LayerNorm and Dropout (so autograd gives every gradient).

An encoder layer (norm_first=False, the default, "post-norm"):
    x ← LayerNorm₁(x + Dropout(SelfAttention(x)))
    x ← LayerNorm₂(x + Dropout(W₂ Dropout(activation(W₁ x + b₁)) + b₂))
norm_first=True ("pre-norm") normalises before each block instead: x ← x + Block(LayerNorm(x)).
A decoder layer has a cross-attention block between the two, attending from x to the encoder's memory.
TransformerEncoder and TransformerDecoder stack deep copies of one layer and may end with a LayerNorm.
"""
import copy
import warnings

import numpy as np

import autograd

from . import functional as F
from .attention import MultiheadAttention
from .containers import ModuleList
from .init import xavier_uniform_
from .layers.activation import GELU, ReLU
from .layers.dropout import Dropout
from .layers.linear import Linear
from .layers.normalization import LayerNorm
from .module import Module

__all__ = ["Transformer", "TransformerEncoder", "TransformerDecoder", "TransformerEncoderLayer",
           "TransformerDecoderLayer"]


def _activation(activation):
    """'relu' or 'gelu' as the function, or the callable itself; and PyTorch's activation_relu_or_gelu code."""
    if isinstance(activation, str):
        if activation not in ("relu", "gelu"):
            raise RuntimeError(f"activation should be relu/gelu, not {activation}")
        activation = F.relu if activation == "relu" else F.gelu
    code = 1 if activation is F.relu or isinstance(activation, ReLU) else \
        2 if activation is F.gelu or isinstance(activation, GELU) else 0
    return activation, code


def _detect_is_causal(mask, is_causal):
    """PyTorch's stacks (TransformerEncoder, TransformerDecoder) read is_causal=None as "is the mask the causal
    mask?": a square 2-D mask equal to generate_square_subsequent_mask in its own dtype (bool: True above the
    diagonal). The layers then use the causal mask in the input's dtype (a float64 causal mask works)."""
    if is_causal is not None or mask is None:
        return bool(is_causal)
    values = np.asarray(mask.detach().numpy() if isinstance(mask, autograd.Tensor) else mask)
    if values.ndim != 2 or values.shape[0] != values.shape[1]:
        return False
    causal = np.triu(np.full(values.shape, -np.inf), 1).astype(values.dtype)
    return bool(np.array_equal(values, causal))


def _attend(attention, x, memory, attn_mask, key_padding_mask, is_causal):
    """attention(x, memory, memory)'s output. With the is_causal hint and no key padding mask, PyTorch applies the
    causal mask (query i sees keys j ≤ i) in place of attn_mask, which it requires all the same."""
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
                           "method `generate_square_subsequent_mask` to create this mask.")
    if is_causal and key_padding_mask is None:
        length_axis = 1 if x.ndim == 3 and attention.batch_first else 0
        causal = autograd.full((x.shape[length_axis], memory.shape[length_axis]), float("-inf"), dtype=x.dtype)
        attn_mask = autograd.triu(causal, diagonal=1)
    return attention(x, memory, memory, attn_mask=attn_mask, key_padding_mask=key_padding_mask, need_weights=False)[0]


class TransformerEncoderLayer(Module):
    """Self-attention and a feed-forward block, each with a residual connection and a LayerNorm."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=F.relu, layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, bias=True, device=None, dtype=None):
        super().__init__()
        where = {"device": device, "dtype": dtype}
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first, **where)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, **where)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, **where)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **where)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **where)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.activation, self.activation_relu_or_gelu = _activation(activation)

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._ff_block(x))

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal):
        return self.dropout1(_attend(self.self_attn, x, x, attn_mask, key_padding_mask, is_causal))

    def _ff_block(self, x):
        return self.dropout2(self.linear2(self.dropout(self.activation(self.linear1(x)))))


class TransformerDecoderLayer(Module):
    """Self-attention, cross-attention to the memory and a feed-forward block, each with a residual
    connection and a LayerNorm."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=F.relu, layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, bias=True, device=None, dtype=None):
        super().__init__()
        where = {"device": device, "dtype": dtype}
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first, bias=bias, **where)
        self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first, bias=bias,
                                                 **where)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, **where)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, **where)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **where)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **where)
        self.norm3 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **where)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.dropout3 = Dropout(dropout)
        self.activation, _ = _activation(activation)

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False):
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask, memory_is_causal)
            return x + self._ff_block(self.norm3(x))
        x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
        x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask, memory_is_causal))
        return self.norm3(x + self._ff_block(x))

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal):
        return self.dropout1(_attend(self.self_attn, x, x, attn_mask, key_padding_mask, is_causal))

    def _mha_block(self, x, memory, attn_mask, key_padding_mask, is_causal):
        return self.dropout2(_attend(self.multihead_attn, x, memory, attn_mask, key_padding_mask, is_causal))

    def _ff_block(self, x):
        return self.dropout3(self.linear2(self.dropout(self.activation(self.linear1(x)))))


def _clones(module, n):
    return ModuleList([copy.deepcopy(module) for _ in range(n)])


class TransformerEncoder(Module):
    """num_layers copies of encoder_layer, then norm (if given)."""

    def __init__(self, encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True):
        super().__init__()
        self.layers = _clones(encoder_layer, num_layers)
        self.num_layers, self.norm = num_layers, norm
        self.enable_nested_tensor = self.use_nested_tensor = enable_nested_tensor
        self.mask_check = mask_check
        why_not = _why_no_nested_tensor(encoder_layer)
        if enable_nested_tensor and why_not:
            warnings.warn(f"enable_nested_tensor is True, but self.use_nested_tensor is False because {why_not}",
                          stacklevel=2)
            self.use_nested_tensor = False

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        zero_padding = self._pads_with_zeros(src, mask, src_key_padding_mask)
        output = src
        is_causal = _detect_is_causal(mask, is_causal)
        for layer in self.layers:
            output = layer(output, src_mask=mask, is_causal=is_causal, src_key_padding_mask=src_key_padding_mask)
        if zero_padding:
            output = autograd.where(autograd.as_tensor(src_key_padding_mask).bool().unsqueeze(-1), 0.0, output)
        return output if self.norm is None else self.norm(output)

    def _pads_with_zeros(self, src, mask, key_padding_mask):
        """PyTorch's inference fast path (evaluation, no gradient wanted, batch_first layers, a left-aligned
        key padding mask and no attention mask) packs the sequences into a nested tensor and unpacks them with
        zeros at the padded positions, before the final norm; this says when it applies."""
        if not self.use_nested_tensor or self.layers[0].training or src.ndim != 3 or key_padding_mask is None:
            return False
        if mask is not None or (autograd.is_grad_enabled() and (src.requires_grad or any(
                p.requires_grad for p in self.layers[0].parameters()))):
            return False
        kept = ~np.asarray(autograd.as_tensor(key_padding_mask).bool().numpy())
        left_aligned = np.all(kept == (np.arange(kept.shape[1]) < kept.sum(axis=1, keepdims=True)))
        return not self.mask_check or bool(left_aligned)


def _why_no_nested_tensor(layer):
    """The first reason PyTorch's TransformerEncoder gives for not using nested tensors, or ''."""
    name = "encoder_layer"
    reasons = (
        (not isinstance(layer, TransformerEncoderLayer), f"{name} was not TransformerEncoderLayer"),
        (lambda: layer.norm_first, f"{name}.norm_first was True"),
        (lambda: not layer.self_attn.batch_first,
         f"{name}.self_attn.batch_first was not True(use batch_first for better inference performance)"),
        (lambda: not layer.self_attn._qkv_same_embed_dim, f"{name}.self_attn._qkv_same_embed_dim was not True"),
        (lambda: layer.self_attn.in_proj_bias is None, f"{name}.self_attn was passed bias=False"),
        (lambda: not layer.activation_relu_or_gelu, f"{name}.activation_relu_or_gelu was not True"),
        (lambda: layer.norm1.eps != layer.norm2.eps, f"{name}.norm1.eps was not equal to {name}.norm2.eps"),
        (lambda: layer.self_attn.num_heads % 2 == 1, f"{name}.self_attn.num_heads is odd"),
    )
    for condition, reason in reasons:
        if condition is True or (callable(condition) and condition()):
            return reason
    return ""


class TransformerDecoder(Module):
    """num_layers copies of decoder_layer, then norm (if given)."""

    def __init__(self, decoder_layer, num_layers, norm=None):
        super().__init__()
        self.layers = _clones(decoder_layer, num_layers)
        self.num_layers, self.norm = num_layers, norm

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False):
        tgt_is_causal = _detect_is_causal(tgt_mask, tgt_is_causal)
        output = tgt
        for layer in self.layers:
            output = layer(output, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                           tgt_key_padding_mask=tgt_key_padding_mask, memory_key_padding_mask=memory_key_padding_mask,
                           tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)
        return output if self.norm is None else self.norm(output)


class Transformer(Module):
    """An encoder of num_encoder_layers layers and a decoder of num_decoder_layers, each ending with a LayerNorm;
    every weight matrix initialised Xavier-uniform (PyTorch's _reset_parameters)."""

    def __init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048,
                 dropout=0.1, activation=F.relu, custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-5,
                 batch_first=False, norm_first=False, bias=True, device=None, dtype=None):
        super().__init__()
        where = {"device": device, "dtype": dtype}
        options = (d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first, bias)
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            self.encoder = TransformerEncoder(TransformerEncoderLayer(*options, **where), num_encoder_layers,
                                              LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **where))
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            self.decoder = TransformerDecoder(TransformerDecoderLayer(*options, **where), num_decoder_layers,
                                              LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **where))
        self._reset_parameters()
        self.d_model, self.nhead, self.batch_first = d_model, nhead, batch_first

    def forward(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
                tgt_key_padding_mask=None, memory_key_padding_mask=None, src_is_causal=None, tgt_is_causal=None,
                memory_is_causal=False):
        batch_axis = 0 if self.batch_first else 1
        if src.ndim == 3 and src.shape[batch_axis] != tgt.shape[batch_axis]:
            raise RuntimeError("the batch number of src and tgt must be equal")
        if src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise RuntimeError("the feature number of src and tgt must be equal to d_model")
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask, is_causal=src_is_causal)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask, memory_key_padding_mask=memory_key_padding_mask,
                            tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)

    @staticmethod
    def generate_square_subsequent_mask(sz, device=None, dtype=None):
        """The (sz, sz) causal mask: −inf above the diagonal (position i may not attend to j > i), 0 elsewhere."""
        return autograd.triu(autograd.full((sz, sz), float("-inf"), dtype=dtype, device=device), diagonal=1)

    def _reset_parameters(self):
        for p in self.parameters():
            if p.ndim > 1:
                xavier_uniform_(p)
