"""Walking a tensor's history: every tensor it was computed from, inputs first."""


def node_inputs(tensor):
    """The tensors its op read, () for a leaf, or None when backward() already freed them."""
    if tensor._ctx is None:
        return ()
    return tensor._ctx.inputs


def walk(root):
    """All tensors that `root` was computed from (leaves included), each after its inputs; root last.

    Depth-first with an explicit stack, so a chain of a million ops does not hit Python's
    recursion limit. Inputs are visited in argument order, which makes the order deterministic."""
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        tensor, inputs_done = stack.pop()
        if inputs_done:
            order.append(tensor)
            continue
        if id(tensor) in visited:
            continue
        visited.add(id(tensor))
        stack.append((tensor, True))
        for t in reversed(node_inputs(tensor) or ()):
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
