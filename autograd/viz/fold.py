"""Folding a large graph into groups the explorer can open one at a time.

The groups are the module calls the ops were recorded in (PyTorch's module tree, from nn.Module calls:
each op's scope, where every name knows which call it was, autograd/scope.py), so a model folds into its
layers, a layer into its submodules, nn.RNN / nn.LSTM / nn.GRU into their time steps, and an RNN cell
called 165 times into its 165 calls ('cell: RNNCell #1', '#2', ...: counted from 1, as ops and steps are).
Wherever one group holds more than MOST ops and groups (a long recurrence, or a hand-written loop with no
module at all), runs of FOLD consecutive ones become a group of their own ('step 1 … step 16', 'ops 1–16'),
again and again until no group holds more than MOST: every group can then be drawn small, whatever the size
of the graph.

Each op lives in the innermost group it was recorded in; an op's output tensor with its op; a leaf in the
innermost group that holds every op reading it.
"""
from dataclasses import dataclass, field

FOLD = 16  # ops and groups folded into one run
MOST = 24  # the most ops and groups directly inside one group: more are folded into runs of FOLD


@dataclass(eq=False)
class Group:
    """A module call, or a run of consecutive ops and groups folded together.

    items: op ids and inner Groups, in the order the code ran them
    nodes: ids of the ops and tensors that live directly in it
    size:  the number of nodes in it and in every group inside it
    """

    id: str
    label: str
    parent: "Group | None" = None
    items: list = field(default_factory=list)
    nodes: list = field(default_factory=list)
    size: int = 0
    run: bool = False  # a run of consecutive ops and groups, rather than a module call

    def groups(self):
        return [item for item in self.items if isinstance(item, Group)]

    def path(self):
        """The groups from the outermost (the whole graph) to this one."""
        return ([] if self.parent is None else self.parent.path()) + [self]


def group_tree(graph, op_calls, order, number, fold=FOLD):
    """The root group of `graph`, and {node id: the group it lives in}.

    op_calls: {op id: the call numbers of the modules of its scope}; order: the op ids in the order the
    code ran them; number: {op id: its step number}, for the labels of folded runs of ops."""
    root = Group("g0", "whole graph")
    groups, home = {(): root}, {}
    for op in order:
        names, calls, group = graph.nodes[op].scope, op_calls[op], root
        for depth in range(1, len(calls) + 1):
            if calls[:depth] not in groups:
                groups[calls[:depth]] = Group(f"g{len(groups)}", names[depth - 1], group)
                group.items.append(groups[calls[:depth]])
            group = groups[calls[:depth]]
        group.items.append(op)
    counter = [len(groups)]
    for group in list(groups.values()):
        _number_repeated_calls(group)
        _fold(group, fold, number, counter)
    _place_ops(root, home)
    _place_tensors(graph, home)
    for node_id, group in home.items():
        group.nodes.append(node_id)
    _count(root)
    return root, home


def _number_repeated_calls(group):
    """Calls of one module inside one group, told apart by their number from 1: 'cell: RNNCell #1', '#2', ..."""
    children = group.groups()
    repeated = _repeated([child.label for child in children])
    seen = {}
    for child in children:
        if child.label in repeated:
            seen[child.label] = seen.get(child.label, 0) + 1
            child.label = f"{child.label} #{seen[child.label]}"


def _repeated(labels):
    counts = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    return {label for label, count in counts.items() if count > 1}


def _fold(group, fold, number, counter):
    """Replace the items of a group holding more than MOST of them by runs of `fold` consecutive ones, each
    its own group; repeat while there are still more than MOST."""
    while len(group.items) > max(MOST, fold):
        folded = []
        for start in range(0, len(group.items), fold):
            items = group.items[start:start + fold]
            if len(items) == 1:
                folded += items
                continue
            run = Group(f"g{counter[0]}", _run_label(items, number), group, items, run=True)
            counter[0] += 1
            for item in items:
                if isinstance(item, Group):
                    item.parent = run
            folded.append(run)
        group.items = folded


def _run_label(items, number):
    """What a run spans, from its first op or module call to its last: 'step 1 … step 16', 'ops 17–32'."""
    first, last = _end(items[0], 0), _end(items[-1], -1)
    if isinstance(first, Group) or isinstance(last, Group):
        return f"{_described(first, number)} … {_described(last, number)}"
    return f"ops {number[first]}–{number[last]}"


def _end(item, end):
    """The first (end=0) or last (end=-1) op or module call of an item, looking inside runs."""
    return _end(item.items[end], end) if isinstance(item, Group) and item.run else item


def _described(item, number):
    return item.label if isinstance(item, Group) else f"op {number[item]}"


def first_op(item):
    return first_op(item.items[0]) if isinstance(item, Group) else item


def last_op(item):
    return last_op(item.items[-1]) if isinstance(item, Group) else item


def _place_ops(group, home):
    for item in group.items:
        if isinstance(item, Group):
            _place_ops(item, home)
        else:
            home[item] = group


def _place_tensors(graph, home):
    """An op's output lives with its op; a leaf in the innermost group holding every op that reads it."""
    readers = {}
    for source, target in graph.edges:
        if graph.nodes[source].kind == "op":
            home[target] = home[source]
        else:
            readers.setdefault(source, []).append(home[target])
    for node_id, groups in readers.items():
        if node_id not in home:
            home[node_id] = _innermost_common(groups)


def _innermost_common(groups):
    common = groups[0].path()
    for group in groups[1:]:
        if group is common[-1]:
            continue
        path = group.path()
        depth = 0
        while depth < min(len(common), len(path)) and common[depth] is path[depth]:
            depth += 1
        common = common[:depth]
    return common[-1]


def _count(group):
    group.size = len(group.nodes) + sum(_count(child) for child in group.groups())
    return group.size


def op_summary(group, labels, number):
    """A folded group's row in its box: its ops' numbers and their kinds, each named once: 'ops 5–8: getitem,
    matmul, add, tanh' ('op 5: tanh' for one op)."""
    first, last = number[first_op(group)], number[last_op(group)]
    kinds = list(dict.fromkeys(labels[op] for op in _ops(group)))
    listed = ", ".join(kinds[:4]) + (", …" if len(kinds) > 4 else "")
    return f"op {first}: {listed}" if first == last else f"ops {first}–{last}: {listed}"


def _ops(group):
    for item in group.items:
        if isinstance(item, Group):
            yield from _ops(item)
        else:
            yield item
