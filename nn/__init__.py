"""glassgrad.nn: modules, layers, losses and initialisers, built only from autograd's operations.

    >>> import nn
    >>> model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))
    >>> nn.functional.relu, nn.init.kaiming_uniform_, nn.save, nn.load   # PyTorch's names
"""
from . import functional, init
from .containers import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from .module import Module, Parameter
from .lazy import UninitializedBuffer, UninitializedParameter
from .layers.activation import GELU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh
from .layers.conv import Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d, LazyConv1d, LazyConv2d
from .layers.dropout import Dropout, Dropout2d
from .layers.activation_more import ELU, Hardtanh, LeakyReLU, LogSigmoid, ReLU6, SiLU, Softplus
from .layers.activation_extra import CELU, GLU, SELU, Hardsigmoid, Hardswish, Mish, Softsign, Tanhshrink, Threshold
from .layers.prelu import PReLU
from .layers.pooling1d import AvgPool1d, MaxPool1d
from .layers.shape_and_distance import CosineSimilarity, Unflatten
from .layers.embedding import Embedding
from .layers.linear import Flatten, Identity, LazyLinear, Linear
from .layers.normalization import BatchNorm1d, BatchNorm2d, LayerNorm, LazyBatchNorm1d, LazyBatchNorm2d
from .layers.normalization_more import GroupNorm, InstanceNorm1d, InstanceNorm2d
from .layers.pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d
from .layers.resampling import (
    ConstantPad1d, ConstantPad2d, PixelShuffle, PixelUnshuffle, ReflectionPad1d, ReflectionPad2d, ReplicationPad1d,
    ReplicationPad2d, Upsample, UpsamplingBilinear2d, UpsamplingNearest2d, ZeroPad1d, ZeroPad2d,
)
from .serialization import load, save
from .attention import MultiheadAttention
from .transformer import (
    Transformer, TransformerDecoder, TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer,
)
from .loss import (
    BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, GaussianNLLLoss, HingeEmbeddingLoss, KLDivLoss, L1Loss, MSELoss,
    MultiMarginLoss, NLLLoss, SoftMarginLoss, SmoothL1Loss, HuberLoss,
)
from .rnn import GRU, LSTM, RNN
from .rnn_cells import GRUCell, LSTMCell, RNNCell
from . import data, utils  # noqa: E402  (nn.data.DataLoader, nn.utils.clip_grad_norm_)
from . import modules  # noqa: E402  (PyTorch's module paths: nn.modules.linear.Linear is nn.Linear)

__all__ = [
    "functional", "init", "data", "utils", "modules", "load", "save",
    "Module", "Parameter", "UninitializedBuffer", "UninitializedParameter",
    "Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict",
    "Identity", "Linear", "LazyLinear", "Flatten", "ReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Dropout",
    "Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d", "LazyConv1d", "LazyConv2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d",
    "BatchNorm1d", "BatchNorm2d", "LazyBatchNorm1d", "LazyBatchNorm2d", "LayerNorm", "Embedding",
    "RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell", "MultiheadAttention",
    "MSELoss", "L1Loss", "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "NLLLoss", "SoftMarginLoss",
    "HingeEmbeddingLoss", "MultiMarginLoss", "GaussianNLLLoss", "KLDivLoss",
    "SiLU", "ELU", "LeakyReLU", "Hardtanh", "ReLU6", "LogSigmoid", "Dropout2d", "MaxPool1d", "AvgPool1d",
    "Unflatten", "CosineSimilarity", "SmoothL1Loss", "HuberLoss",
    "Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d", "PixelShuffle", "PixelUnshuffle", "ReflectionPad1d",
    "ReflectionPad2d", "ReplicationPad1d", "ReplicationPad2d", "ZeroPad1d", "ZeroPad2d", "ConstantPad1d", "ConstantPad2d",
    "InstanceNorm1d", "InstanceNorm2d", "GroupNorm", "Transformer", "TransformerEncoder", "TransformerDecoder",
    "TransformerEncoderLayer", "TransformerDecoderLayer",
    "Mish", "Hardswish", "Hardsigmoid", "CELU", "SELU", "Softsign", "Tanhshrink", "Threshold", "GLU", "PReLU",
    "Softplus",
]
