"""The primitives: the only places in glassgrad where a derivative is written down."""
from .elementwise import (Abs, Add, Cos, Div, Exp, Log, Log1p, Mul, Neg, Pow, Relu, Sigmoid, SigmoidGrad, Sin, Sqrt,
                          Sub, Tanh, TanhGrad, ToDtype, Where)
from .decompositions import Det, EighVectors, Eigvalsh
from .hyperbolic import Cosh, Sinh
from .linear import Linear
from .matmul import MatMul
from .pool import MaxPool2d, MaxPoolGather, MaxPoolScatter
from .recurrent import GRUCell, LSTMCell, LSTMGates, LSTMHidden
from .reductions import BroadcastTo, Max, Sum, sum_to
from .scan import Cumprod, Cumsum
from .special import Acos, Asin, Atan, Atan2, Ceil, Erf, Extremum, Floor, FloorDivide, Log2, Log10, Modulo, Round, Trunc
from .shapes import Cat, GetItem, IndexAdd, Pad, Permute, PutAlongDim, Reshape, Stack, TakeAlongDim
from .window import Windows, WindowsAdd
from .writes import CopySlices, IndexPut

ALL = [
    Add, Sub, Mul, Div, Neg, Pow, Exp, Log, Log1p, Sqrt, Sin, Cos, Tanh, TanhGrad, Sigmoid, SigmoidGrad, Relu, Abs,
    Where, ToDtype, Sinh, Cosh, MatMul, Linear, Sum, Max, Reshape, Permute, BroadcastTo, GetItem, IndexAdd,
    TakeAlongDim, PutAlongDim, Cat, Stack, Pad, Windows, WindowsAdd, MaxPool2d, MaxPoolScatter, MaxPoolGather,
    IndexPut, CopySlices, Erf, Acos, Asin, Atan, Atan2, Log2, Log10, Floor, Ceil, Round, Trunc, Cumsum, Cumprod, Det,
    Eigvalsh, EighVectors, LSTMGates, LSTMCell, LSTMHidden, GRUCell, FloorDivide, Modulo, Extremum,
]
