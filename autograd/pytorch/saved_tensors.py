"""The nodes a second backward may run through after the first freed the graph: those whose PyTorch counterpart
saves no tensor, only sizes and options (AddBackward0, SumBackward0, ExpandBackward0, ViewBackward0, CatBackward0,
...). As in PyTorch, `y = (x + 1).sum(); y.backward(); y.backward()` leaves 2 in x.grad, while a second backward
through a node that saved a tensor (x * x, x.exp(), x * 2, x[index_tensor]) is refused. Function.free keeps
stand-ins of such a node's input shapes, all its rule reads. (mean, add/sub with alpha=, tril and triu have
primitives of their own that save nothing: primitives/sizes_only.py.)"""
from ..primitives import Add, BroadcastTo, Cat, GetItem, Neg, Permute, Reshape, Stack, Sub, Sum, ToDtype
from ..primitives.scan import Cumsum
from ..primitives.shapes import Pad, is_basic_index
from ..primitives.sizes_only import Mean, ScaledAdd, Triangle
from ..primitives.special import Ceil, Floor, Round, Trunc
from ..functional.named_views import Flip, NamedGetItem
from ..functional.strided_views import DiagonalIndex
from ..functional.strided_windows import AsStridedGetItem, UnfoldGetItem

# (Floor's subclass Sign too; the last five: views indexed by their own rule)
for _node in (Add, Sub, Neg, Sum, BroadcastTo, Reshape, Permute, Cat, Stack, Pad, Cumsum, ToDtype, Mean, ScaledAdd,
              Triangle, Floor, Ceil, Round, Trunc, Flip, NamedGetItem, DiagonalIndex, AsStridedGetItem, UnfoldGetItem):
    _node.saves_nothing = True
# ints and slices save sizes (SelectBackward0, SliceBackward0); an index tensor is saved (IndexBackward0)
GetItem.saves_nothing = property(lambda node: is_basic_index(node.index))
