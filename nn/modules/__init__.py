"""nn.modules: glassgrad's layers under PyTorch's module paths, for code that imports them from there
(`from torch.nn.modules.linear import Linear`, `torch.nn.modules.loss._Loss`, `isinstance(m,
torch.nn.modules.batchnorm._BatchNorm)`). Each submodule holds the classes PyTorch defines in its namesake
(those glassgrad has); the classes are nn's own, so `nn.modules.linear.Linear is nn.Linear`."""
import sys
import types

from ..attention import MultiheadAttention
from ..containers import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from ..lazy import LazyModuleMixin
from ..layers import (
    activation, activation_extra, activation_more, conv, dropout, embedding, linear, normalization, normalization_more,
    pooling, pooling1d, prelu, resampling,
)
from .. import transformer
from ..layers.shape_and_distance import CosineSimilarity, Unflatten
from ..loss import (
    BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, GaussianNLLLoss, HingeEmbeddingLoss, KLDivLoss, L1Loss, MSELoss,
    MultiMarginLoss, NLLLoss, SoftMarginLoss, _Loss, _WeightedLoss, SmoothL1Loss, HuberLoss,
)
from ..module import Module
from ..rnn import GRU, LSTM, RNN, RNNBase
from ..rnn_cells import GRUCell, LSTMCell, RNNCell, RNNCellBase

SUBMODULES = {  # PyTorch's submodule -> the classes it defines that glassgrad has
    "activation": [activation.GELU, activation.LogSoftmax, MultiheadAttention, activation.ReLU, activation.Sigmoid,
                   activation.Softmax, activation.Tanh, activation_more.SiLU, activation_more.ELU,
                   activation_more.LeakyReLU, activation_more.Hardtanh, activation_more.ReLU6,
                   activation_more.LogSigmoid, activation_extra.Mish, activation_extra.Hardswish,
                   activation_extra.Hardsigmoid, activation_extra.CELU, activation_extra.SELU,
                   activation_extra.Softsign, activation_extra.Tanhshrink, activation_extra.Threshold,
                   activation_extra.GLU, prelu.PReLU, activation_more.Softplus],
    "batchnorm": [normalization._NormBase, normalization._BatchNorm, normalization.BatchNorm1d,
                  normalization.BatchNorm2d, normalization._LazyNormBase, normalization.LazyBatchNorm1d,
                  normalization.LazyBatchNorm2d],
    "container": [ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential],
    "conv": [conv._ConvNd, conv.Conv1d, conv.Conv2d, conv._ConvTransposeNd, conv.ConvTranspose1d,
             conv.ConvTranspose2d, conv.LazyConv1d, conv.LazyConv2d],
    "dropout": [dropout._DropoutNd, dropout.Dropout, dropout.Dropout2d],
    "distance": [CosineSimilarity],
    "flatten": [linear.Flatten, Unflatten],
    "lazy": [LazyModuleMixin],
    "linear": [linear.Identity, linear.LazyLinear, linear.Linear],
    "loss": [_Loss, _WeightedLoss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, GaussianNLLLoss, HingeEmbeddingLoss,
             KLDivLoss, L1Loss, MSELoss, MultiMarginLoss, NLLLoss, SoftMarginLoss, SmoothL1Loss, HuberLoss],
    "module": [Module],
    "normalization": [normalization.LayerNorm, normalization_more.GroupNorm],
    "instancenorm": [normalization_more._InstanceNorm, normalization_more.InstanceNorm1d,
                     normalization_more.InstanceNorm2d],
    "padding": [resampling._ReflectionPadNd, resampling._ReplicationPadNd, resampling._ConstantPadNd,
                resampling.ReflectionPad1d, resampling.ReflectionPad2d, resampling.ReplicationPad1d,
                resampling.ReplicationPad2d, resampling.ZeroPad1d, resampling.ZeroPad2d, resampling.ConstantPad1d,
                resampling.ConstantPad2d],
    "pixelshuffle": [resampling.PixelShuffle, resampling.PixelUnshuffle],
    "upsampling": [resampling.Upsample, resampling.UpsamplingNearest2d, resampling.UpsamplingBilinear2d],
    "transformer": [transformer.Transformer, transformer.TransformerEncoder, transformer.TransformerDecoder,
                    transformer.TransformerEncoderLayer, transformer.TransformerDecoderLayer],
    "pooling": [pooling._MaxPoolNd, pooling._AvgPoolNd, pooling._AdaptiveAvgPoolNd, pooling.AdaptiveAvgPool2d,
                pooling.AvgPool2d, pooling.MaxPool2d, pooling1d.MaxPool1d, pooling1d.AvgPool1d],
    "rnn": [RNNBase, GRU, LSTM, RNN, RNNCellBase, GRUCell, LSTMCell, RNNCell],
    "sparse": [embedding.Embedding],
}


def _submodule(name, classes):
    submodule = types.ModuleType(f"{__name__}.{name}", f"glassgrad's classes of PyTorch's torch.nn.modules.{name}")
    submodule.__dict__.update({cls.__name__: cls for cls in classes})
    sys.modules[submodule.__name__] = submodule  # `import nn.modules.linear` finds it here
    return submodule


globals().update({name: _submodule(name, classes) for name, classes in SUBMODULES.items()})
globals().update({cls.__name__: cls for classes in SUBMODULES.values() for cls in classes
                  if not cls.__name__.startswith("_")})
