"""The primitives: the only places in glassgrad where a derivative is written down."""
from .elementwise import (
    Abs, Add, Cos, Div, Exp, Log, Log1p, Mul, Neg, Pow, Relu, Sigmoid, SigmoidGrad, Sin, Sqrt, Sub, Tanh, TanhGrad,
    ToDtype, Where,
)
from .hyperbolic import Cosh, Sinh
from .matmul import MatMul
from .pool import MaxPool2d, MaxPoolGather, MaxPoolScatter
from .reduce import Max, Sum
from .shape import BroadcastTo, Cat, GetItem, IndexAdd, Pad, Permute, PutAlongDim, Reshape, Stack, TakeAlongDim
from .window import Windows, WindowsAdd
from .writes import CopySlices, IndexPut

ALL = [
    Add, Sub, Mul, Div, Neg, Pow, Exp, Log, Log1p, Sqrt, Sin, Cos, Tanh, TanhGrad, Sigmoid, SigmoidGrad, Relu, Abs,
    Where, ToDtype, Sinh, Cosh, MatMul, Sum, Max, Reshape, Permute, BroadcastTo, GetItem, IndexAdd, TakeAlongDim,
    PutAlongDim, Cat, Stack, Pad, Windows, WindowsAdd, MaxPool2d, MaxPoolScatter, MaxPoolGather, IndexPut, CopySlices,
]
