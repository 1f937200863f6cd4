"""nn.functional: layers and losses as plain functions of tensors (PyTorch's torch.nn.functional)."""
from .activations import gelu, log_softmax, relu, sigmoid, softmax, softplus, tanh
from .conv import conv1d, conv2d
from .conv_transpose import conv_transpose1d, conv_transpose2d
from .dropout import dropout, dropout2d
from .embedding import embedding, one_hot
from .linear import linear
from .normalization import batch_norm, group_norm, layer_norm
from .padding import pad
from .resampling import interpolate, pixel_shuffle, pixel_unshuffle
from .pooling import adaptive_avg_pool2d, avg_pool2d, max_pool2d
from .attention import additive_attention, masked_softmax, scaled_dot_product_attention
from .kernels import kernel_weights, nadaraya_watson
from .losses import (
    binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy, gaussian_nll_loss, hinge_embedding_loss,
    kl_div, l1_loss, mse_loss, multi_margin_loss, nll_loss, soft_margin_loss,
)
from .penalties import hinge_loss, l1_penalty, l2_penalty
from .activations_more import elu, hardtanh, leaky_relu, logsigmoid, relu6, silu
from .activations_extra import celu, glu, hardsigmoid, hardswish, mish, selu, softsign, tanhshrink, threshold
from .distances import cosine_similarity, normalize
from .prelu import prelu
from .pooling1d import avg_pool1d, max_pool1d
from .robust_losses import huber_loss, smooth_l1_loss
