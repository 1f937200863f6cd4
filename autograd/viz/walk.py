"""Walking a tensor's history: every tensor it was computed from, inputs first."""
from ..function import Function


def node_inputs(tensor):
    """The tensors its op read, () for a leaf, or None when backward() already freed them."""
    if tensor._ctx is None:
        return ()
    return tensor._ctx.inputs


def walk(root):
    """All tensors that `root` was computed from (leaves included), each after its inputs; root last."""
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
    `root.backward(retain_graph=True)` shows the gradient at every node, as micrograd does."""
    for tensor in walk(root):
        if tensor._ctx is not None and tensor.requires_grad:
            tensor.retain_grad()
    return root
