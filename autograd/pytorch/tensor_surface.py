"""More of PyTorch's Tensor and graph-node surface, bound onto Tensor and Function when autograd is imported:
`narrow`, `diagonal`, `index_select`, `movedim` / `moveaxis`, `stride()`, `is_inference()`,
`register_post_accumulate_grad_hook`, and a node's `next_functions` (PyTorch's view of the graph's edges,
with an `AccumulateGrad` stand-in for a leaf that requires grad)."""
import weakref

from ..function import Function
from ..functional import strided_views
from ..tensor import RemovableHook, Tensor
from .checks import canonical_dim


def narrow(self, dim, start, length):
    return strided_views.narrow(self, dim, start, length)


def diagonal(self, offset=0, dim1=0, dim2=1):
    return strided_views.diagonal(self, offset, dim1, dim2)


def index_select(self, dim, index):
    return strided_views.index_select(self, dim, index)


def movedim(self, source, destination):
    return strided_views.movedim(self, source, destination)


def stride(self, dim=None):
    """How many elements apart, in memory, neighbours along each dim are (PyTorch's strides, in elements).

    A dim of size 1 has no neighbours: its stride is then given as PyTorch's unsqueeze gives it (the next
    dim's size × stride, 1 for the last), where NumPy may say 0; a new empty tensor's are those of a new
    contiguous one (NumPy says 0), an empty view's those of the memory it views (as PyTorch's)."""
    array = self.detach().numpy()
    shape = array.shape
    if array.size == 0 and not any(array.strides):
        strides = [1] * len(shape)
        for d in range(len(shape) - 2, -1, -1):
            strides[d] = strides[d + 1] * max(shape[d + 1], 1)
    else:
        strides = [s // array.itemsize for s in array.strides]
        for d in range(len(shape) - 1, -1, -1):
            if shape[d] == 1 and strides[d] == 0:
                strides[d] = strides[d + 1] * shape[d + 1] if d + 1 < len(shape) else 1
    if dim is None:
        return tuple(strides)
    dim = canonical_dim(dim, len(shape), "stride")
    if not shape:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    return strides[dim]


def is_inference(self):
    """False: glassgrad makes no inference tensors (a tensor made inside inference_mode() is an ordinary one,
    see autograd.grad_mode.inference_mode), where PyTorch's is_inference() is True for such a tensor."""
    return False


def register_post_accumulate_grad_hook(self, hook):
    """Call hook(tensor) after backward() has accumulated a gradient into this leaf's .grad (an optimizer step
    per parameter, say). Returns a handle whose remove() unregisters it, as PyTorch's."""
    if not self.requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if not self.is_leaf:
        raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
    self._post_accumulate_grad_hooks = tuple(self._post_accumulate_grad_hooks) + (hook,)
    return RemovableHook(self, hook, "_post_accumulate_grad_hooks")


def run_post_accumulate_grad_hooks(self):
    """What backward() calls once it has accumulated a gradient into this tensor's .grad."""
    for hook in self._post_accumulate_grad_hooks:
        if hook(self) is not None:
            raise RuntimeError("Tensor post accumulate grad hooks should return None.")


class AccumulateGrad:
    """PyTorch's node for a leaf that requires grad, as next_functions shows it: `variable` is the leaf."""

    next_functions = ()

    def __init__(self, variable):
        self.variable = variable

    def name(self):
        return "torch::autograd::AccumulateGrad"

    def __repr__(self):
        return "<AccumulateGrad>"


_accumulators = weakref.WeakValueDictionary()  # id(leaf): its AccumulateGrad, while someone holds it


def accumulate_grad(leaf):
    """The leaf's AccumulateGrad, the same object as long as one is held, as PyTorch's one per leaf (a walk of the
    graph that tells nodes apart by identity meets a leaf used twice once)."""
    node = _accumulators.get(id(leaf))
    if node is None or node.variable is not leaf:
        node = _accumulators[id(leaf)] = AccumulateGrad(leaf)
    return node


def next_functions(node):
    """One (node, output number) pair per input, as PyTorch's: the node that made the input and which of its
    outputs the input is (a piece of split: autograd/functional/named_views.py; else 0), an AccumulateGrad for
    a leaf that requires grad, None for an input that needs no gradient. They are glassgrad's edges: for the node
    of an op composed of several primitives (its `composed_op`, pytorch/node_hooks.py) they lead to the last
    primitive's inputs, pieces of the op (for a Saved node: the op's result, then the inputs whose versions it
    checks), not to the op's inputs as PyTorch's do. A Python number is left out where PyTorch's node does not
    count it (`x ** 3`: its `number_inputs`), and kept, as a None, where PyTorch's does (`x + 1`)."""
    return tuple((accumulate_grad(edge), 0) if isinstance(edge, Tensor) else (edge, getattr(edge, "output_nr", 0))
                 for i, edge in enumerate(node.edges) if i not in node.number_inputs)


def node_name(node):
    """PyTorch's Node.name(): 'MulBackward0'."""
    return repr(node)[1:-1]


def bind():
    for method in (narrow, diagonal, index_select, movedim, stride, is_inference, register_post_accumulate_grad_hook):
        setattr(Tensor, method.__name__, method)
    Tensor.moveaxis = movedim
    Tensor._post_accumulate_grad_hooks = ()  # the hooks register_post_accumulate_grad_hook adds
    Tensor._run_post_accumulate_grad_hooks = run_post_accumulate_grad_hooks  # the engine's backward() runs them
    Function.next_functions = property(next_functions)
    Function.name = node_name


bind()
