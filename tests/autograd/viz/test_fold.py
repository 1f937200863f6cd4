"""Folding a large graph (fold.py) and drawing it in small views (views.py), without a browser or a renderer."""
import autograd
import nn
from autograd.viz import extract
from autograd.viz.fold import MOST, Group, group_tree
from autograd.viz.views import ViewBuilder, plan_views
from autograd.viz.walk import walk
from tools.bench.explorer import cell_loss, loop_loss, lstm_loss


def folded(output, params=None, max_nodes=60):
    graph = extract(output, params)
    made = [t for t in walk(output) if t._ctx is not None]
    ids = {id(t): f"op{k}" for k, t in enumerate(made)}
    order = [ids[id(t)] for t in sorted(made, key=lambda t: t._ctx.sequence_nr)]
    calls = {ids[id(t)]: tuple(part.call for part in t._ctx.scope) for t in made}
    number = {op: k + 1 for k, op in enumerate(order)}
    root, home = group_tree(graph, calls, order, number)
    views = plan_views(root, max_nodes)
    builder = ViewBuilder(graph, home, {op: graph.nodes[op].title for op in order}, number, max_nodes)
    return graph, root, home, [builder.draw(view) for view in views]


def all_groups(group):
    yield group
    for child in group.groups():
        yield from all_groups(child)


def test_each_call_of_a_module_is_its_own_group_numbered_in_order():
    output, params = cell_loss(5)
    _, root, _, _ = folded(output, params)
    labels = [g.label for g in root.groups()]
    assert labels == [f"RNNCell #{k}" for k in range(1, 6)]  # the cell, called 5 times, told apart (from 1)
    assert [g.label for g in root.groups()[0].groups()] == ["ih: Linear", "hh: Linear"]


def test_scope_names_are_plain_names_that_know_their_call():
    cell = nn.Linear(2, 2)
    x = autograd.randn(1, 2)
    first, second = cell(x).grad_fn.scope, cell(x).grad_fn.scope
    assert first == second == ("Linear",) and first[0].call != second[0].call


def test_recurrent_layers_fold_by_time_step():
    output, params = lstm_loss(3)
    _, root, _, _ = folded(output, params)
    (lstm,) = [g for g in root.groups() if g.label == "LSTM"]
    assert [g.label for g in lstm.groups()] == ["step 1", "step 2", "step 3"]  # counted from 1, as ops are
    gru = nn.GRU(2, 3, bidirectional=True)
    out, _ = gru(autograd.randn(2, 1, 2))
    _, root, _, _ = folded(out.sum(), gru)
    steps = [g.label for g in root.groups()[0].groups()]
    assert steps == ["step 1 #1", "step 2 #1", "step 2 #2", "step 1 #2"]  # forward, then the reverse direction


def test_a_loop_without_modules_folds_into_runs_and_every_view_is_small():
    output, params = loop_loss(200)
    graph, root, home, views = folded(output, params, max_nodes=60)
    assert all(len(g.items) <= MOST for g in all_groups(root))
    assert root.groups() and all(g.run for g in root.groups()) and root.groups()[0].label.startswith("op")
    assert all(len(view.graph.nodes) <= 61 for view in views)  # the cap's box at most besides
    assert set(home) == set(graph.nodes)  # every node lives in a group
    drawn_itself = {node for view in views for node in view.graph.nodes if node in graph.nodes}
    assert drawn_itself == set(graph.nodes)  # and is drawn, itself, in some view
    assert isinstance(root, Group) and root.size == len(graph.nodes)


def test_an_open_drawing_too_wide_to_read_is_folded_instead():
    from autograd.viz import explore
    from autograd.viz.views import DRAWN_NODES

    autograd.manual_seed(0)
    branches = nn.ModuleList([nn.Linear(3, 2) for _ in range(8)])  # eight modules side by side
    x = autograd.randn(1, 3)
    output = sum(branch(x).sum() for branch in branches)
    assert len(extract(output, branches).nodes) < DRAWN_NODES  # small enough for one drawing, but too wide
    wide = explore(output, branches)
    assert len(wide.data["views"]) == 9 and wide.data["folded"]
    assert [view["title"] for view in wide.data["views"][1:]] == [f"{k}: Linear" for k in range(8)]
    assert all(view["parent"] == 0 for view in wide.data["views"][1:])
