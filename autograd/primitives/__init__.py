"""The primitives: the only places in glassgrad where a derivative is written down."""
from .elementwise import Abs, Add, Cos, Div, Exp, Log, Log1p, Mul, Neg, Pow, Relu, Sigmoid, Sin, Sqrt, Sub, Tanh, ToDtype, Where
from .hyperbolic import Cosh, Sinh
from .matmul import MatMul
from .reduce import Max, Sum
from .shape import BroadcastTo, Cat, GetItem, IndexAdd, Pad, Permute, Reshape
from .window import Windows, WindowsAdd
from .writes import CopySlices, IndexPut

ALL = [
    Add, Sub, Mul, Div, Neg, Pow, Exp, Log, Log1p, Sqrt, Sin, Cos, Tanh, Sigmoid, Relu, Abs, Where, ToDtype,
    Sinh, Cosh, MatMul, Sum, Max, Reshape, Permute, BroadcastTo, GetItem, IndexAdd, Cat, Pad, Windows, WindowsAdd,
    IndexPut, CopySlices,
]
