"""Walking a tensor's history: every tensor it was computed from, inputs first.

The graph keeps arrays and edges, not the Tensors in between (autograd/function.py): the
drawings rebuild each intermediate tensor once from the array its consumer saved, and keep it
on the node that made it (`drawn_output`), so every drawing of one graph shows the same boxes.
"""
import weakref

from ..function import Function
from ..tensor import Tensor


def freed(node):
    """Whether backward() freed the values `node` held (a node that saves nothing keeps only their shapes)."""
    return node.inputs is None or getattr(node, "freed", False)


def node_inputs(tensor):
    """The tensors its op read, () for a leaf, or None when backward() already freed them."""
    return () if tensor._ctx is None else drawn_inputs(tensor._ctx)


def drawn_inputs(node):
    """The tensors `node` read, as the drawings show them (None once backward() freed them)."""
    if freed(node):
        return None
    if "drawn_inputs" not in node.__dict__:
        node.drawn_inputs = tuple(_drawn(array, edge, node.named_inputs.get(i))
                                  for i, (array, edge) in enumerate(zip(node.inputs, node.edges, strict=True)))
    return node.drawn_inputs


def _drawn(array, edge, named):
    """The tensor behind one input: a leaf that requires grad, or a tensor the user named, is itself;
    an op's output is rebuilt once per node; a constant (no edge) once per array."""
    if isinstance(edge, Tensor):
        return edge
    if named is not None and (edge is None or named._ctx is edge):
        if edge is not None:
            edge.drawn_output = named
        return named
    if edge is None:
        return _constant(array)
    if "drawn_output" not in edge.__dict__ and edge.named_output is not None:
        edge.drawn_output = edge.named_output  # the user's own tensor, which they named
    if "drawn_output" not in edge.__dict__:
        tensor = Tensor(array)
        tensor._ctx, tensor._requires_grad = edge, True
        edge.drawn_output = tensor
    return edge.drawn_output


_constants = weakref.WeakValueDictionary()  # id(array) -> the tensor drawn for that constant array


def _constant(array):
    """The tensor drawn for a constant: one per array, however many ops read it (self-attention's input, read
    for Q, K and V, is one box, not three). It keeps its array alive, so no other array takes that id meanwhile."""
    tensor = _constants.get(id(array))
    if tensor is None or tensor._data is not array:
        tensor = _constants[id(array)] = Tensor(array)
    return tensor


def walk(root):
    """All tensors that `root` was computed from (leaves included), each after its inputs; root last."""
    if root._ctx is not None and "drawn_output" not in root._ctx.__dict__:
        root._ctx.drawn_output = root  # the output is the user's own tensor
    return _depth_first(root, lambda tensor: node_inputs(tensor) or ())


def walk_edges(node):
    """After backward() freed a graph (its nodes keep their edges, not their input values): the
    nodes that led to `node` and the leaves that require grad, each after what feeds it; `node` last."""
    return _depth_first(node, _edges)


def _edges(item):
    return [edge for edge in item.edges if edge is not None] if isinstance(item, Function) else ()


def _depth_first(root, inputs_of):
    """`root` and everything it was made from, each after its inputs.

    Depth-first with an explicit stack, so a chain of a million ops does not hit Python's
    recursion limit. Inputs are visited in argument order, which makes the order deterministic."""
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        item, inputs_done = stack.pop()
        if inputs_done:
            order.append(item)
            continue
        if id(item) in visited:
            continue
        visited.add(id(item))
        stack.append((item, True))
        for t in reversed(inputs_of(item)):
            if id(t) not in visited:
                stack.append((t, False))
    return order


def retain_grads(root):
    """Ask every intermediate tensor behind `root` to keep its .grad, so a drawing after
    `root.backward(retain_graph=True)` shows the gradient at every node, as micrograd does.

    The tensors are found through the graph, which keeps arrays, not tensors: an intermediate you hold
    yourself gets its .grad when you named it (`h.name = "h"`), or call h.retain_grad() on it."""
    for tensor in walk(root):
        if tensor._ctx is not None and tensor.requires_grad:
            tensor.retain_grad()
    return root
