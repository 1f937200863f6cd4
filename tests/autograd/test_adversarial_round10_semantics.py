"""The ninth adversarial pass's semantic findings (#19), each with its neighbourhood, against PyTorch 2.13:
writes into an expanded tensor, a second backward through a graph that saved nothing, custom Functions written
with vjp, the named tuples of max/min/sort/..., printing every dtype (complex crashed), schedulers filling a
tensor lr in place, and explore() running the user's hooks once more."""
import warnings

import numpy as np
import pytest

import autograd
import nn
import optim
from autograd.viz import explore
from autograd.viz.extract import extract

from .outcomes import tagged_outcome as outcome

torch = pytest.importorskip("torch")


# ---- 1. writes into an expanded tensor: refused exactly where the written part overlaps itself ------------------

WRITES = {
    "e[0] = 1": lambda lib, e: e.__setitem__(0, 1),
    "e[:, 0] = 1": lambda lib, e: e.__setitem__((slice(None), 0), 1),
    "e[0, 0] = 1": lambda lib, e: e.__setitem__((0, 0), 1),
    "e[0:1] = 1": lambda lib, e: e.__setitem__(slice(0, 1), 1),
    "e[1:] = 1": lambda lib, e: e.__setitem__(slice(1, None), 1),
    "e[...] = 1": lambda lib, e: e.__setitem__(Ellipsis, 1),
    "e[None] = 1": lambda lib, e: e.__setitem__(None, 1),
    "e[0, 1:3] = 5": lambda lib, e: e.__setitem__((0, slice(1, 3)), 5),
    "e[0][1] = 5": lambda lib, e: e[0].__setitem__(1, 5),
    "e.t()[0] = 5": lambda lib, e: e.t().__setitem__(0, 5),
    "e[0] = tensor(9.)": lambda lib, e: e.__setitem__(0, lib.tensor(9.0)),
    "e[[0]] = 1": lambda lib, e: e.__setitem__([0], 1),
    "e[[0, 1]] = rows": lambda lib, e: e.__setitem__([0, 1], lib.arange(8.0).reshape(2, 4)),
    "e[0, [1, 2]] = v": lambda lib, e: e.__setitem__((0, [1, 2]), lib.tensor([7.0, 8.0])),
    "e[[0, 0], [1, 2]] = v": lambda lib, e: e.__setitem__(([0, 0], [1, 2]), lib.tensor([7.0, 8.0])),
    "e[row mask] = 1": lambda lib, e: e.__setitem__(lib.tensor([True, False, False]), 1),
    "e[e > 2.5] = 9": lambda lib, e: e.__setitem__(e > 2.5, 9),
    "fill_": lambda lib, e: e.fill_(1),
    "fill_(tensor)": lambda lib, e: e.fill_(lib.tensor(4.0)),
    "zero_": lambda lib, e: e.zero_(),
    "masked_fill_": lambda lib, e: e.masked_fill_(lib.tensor([True, False, False, True]), 5),
    "e[0].add_(1)": lambda lib, e: e[0].add_(1),
    "e[:, 0].add_(1)": lambda lib, e: e[:, 0].add_(1),
    "e[0] += 1": lambda lib, e: e[0].__iadd__(1),
    "e[0].mul_(2)": lambda lib, e: e[0].mul_(2),
    "e[0].clamp_(max=0)": lambda lib, e: e[0].clamp_(max=0),
    "e[0].fill_(5)": lambda lib, e: e[0].fill_(5),
    "e[0].zero_()": lambda lib, e: e[0].zero_(),
    "e[0].copy_(v)": lambda lib, e: e[0].copy_(lib.tensor([7.0, 8.0, 9.0, 10.0])),
    "e.diagonal().fill_(5)": lambda lib, e: e.diagonal().fill_(5),
    "e.add_(1)": lambda lib, e: e.add_(1),
    "e += 1": lambda lib, e: e.__iadd__(1),
    "e.copy_(ones)": lambda lib, e: e.copy_(lib.ones(3, 4)),
}
BASES = {"a row expanded": [1.0, 2.0, 3.0, 4.0], "a column expanded": [[1.0], [2.0], [3.0]]}


def expanded_write(lib, base, write):
    x = lib.tensor(BASES[base])
    write(lib, x.expand(3, 4))
    return x.tolist()


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("write", WRITES)
def test_a_write_into_an_expanded_tensor_does_what_pytorch_does(write, base):
    ours = outcome(lambda: expanded_write(autograd, base, WRITES[write]))
    assert ours == outcome(lambda: expanded_write(torch, base, WRITES[write]))
    if ours[0] == "error":
        with pytest.raises(RuntimeError, match="refers to a single memory location"):
            expanded_write(autograd, base, WRITES[write])


def test_an_advanced_index_write_into_an_expanded_tensor_warns_as_pytorch():
    x = autograd.tensor([1.0, 2.0, 3.0, 4.0])
    with pytest.warns(UserWarning, match="index_put_ on expanded tensors is deprecated"):
        x.expand(3, 4)[[0, 1]] = 7
    with pytest.warns(UserWarning, match="masked_fill_ on expanded tensors is deprecated"):
        x.expand(3, 4).masked_fill_(autograd.tensor([True, False, False, False]), 0)
    assert x.tolist() == [0.0, 7.0, 7.0, 7.0]


def test_a_write_into_part_of_a_zero_dim_expanded_tensor_writes_the_element():
    for lib in (torch, autograd):
        y = lib.tensor(5.0)
        y.expand(3)[1] = 2
        assert y.item() == 2.0


RECORDED = {
    "e[0] = v": lambda e, v: e.__setitem__(0, v),
    "e[:, 0] = v": lambda e, v: e.__setitem__((slice(None), 0), v),
    "e[0, 0] = v": lambda e, v: e.__setitem__((0, 0), v),
    "e[0, [1, 2]] = v": lambda e, v: e.__setitem__((0, [1, 2]), v),
    "e[[0, 1]] = v": lambda e, v: e.__setitem__([0, 1], v),
    "e[row mask] = v": lambda e, v: e.__setitem__(autograd.tensor([True, False, False])
                                                  if isinstance(e, autograd.Tensor) else
                                                  torch.tensor([True, False, False]), v),
    "e[0].copy_(v)": lambda e, v: e[0].copy_(v),
    "e[0].fill_(v)": lambda e, v: e[0].fill_(v),
    "e[0].mul_(v)": lambda e, v: e[0].mul_(v),
    "e.fill_(v)": lambda e, v: e.fill_(v),
    "e.fill_(2)": lambda e, v: e.fill_(2),
    "e.zero_()": lambda e, v: e.zero_(),
    "e.masked_fill_": lambda e, v: e.masked_fill_(e > 2.5, v),
}


def recorded_write(lib, base, write):
    """A write into an expanded non-leaf while recording, then gradients through the base and the view."""
    w = lib.tensor(BASES[base], requires_grad=True)
    v = lib.tensor(7.0, requires_grad=True)
    base_tensor = w * 1
    e = base_tensor.expand(3, 4)
    write(e, v)
    weights = lib.arange(1.0, 1.0 + base_tensor.numel()).reshape(base_tensor.shape)
    loss = (base_tensor * weights).sum() + (e * lib.arange(12.0).reshape(3, 4)).sum()
    loss.backward()
    return base_tensor.tolist(), w.grad.tolist(), None if v.grad is None else v.grad.item()


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("write", RECORDED)
def test_a_recorded_write_into_an_expanded_tensor_gives_pytorchs_values_and_gradients(write, base):
    assert outcome(lambda: recorded_write(autograd, base, RECORDED[write])) == \
        outcome(lambda: recorded_write(torch, base, RECORDED[write]))


def test_overlapping_windows_are_filled_but_other_writes_refused_never_guessed():
    # PyTorch writes overlapping unfold windows in an order of its own (u.add_(1) adds 1 to some elements,
    # 3 to others): glassgrad refuses those writes, and does the ones whose result does not depend on the order
    x = autograd.arange(6.0)
    u = x.unfold(0, 3, 1)
    u.fill_(7)
    u[0] = 1  # the part written does not overlap itself
    assert x.tolist() == [1.0, 1.0, 1.0, 7.0, 7.0, 7.0]
    for write in (lambda: u.add_(1), lambda: u.copy_(autograd.ones(4, 3)), lambda: u.__setitem__(slice(None), 2)):
        with pytest.raises(RuntimeError, match="refers to a single memory location"):
            write()


# ---- 2. a second backward through a graph that saved nothing -------------------------------------------------

GRAPHS = {
    "add": lambda lib, x: (x + 1).sum(),
    "sub": lambda lib, x: (x - 1).sum(),
    "neg": lambda lib, x: (-x).sum(),
    "sum": lambda lib, x: x.sum(),
    "sum(dim)": lambda lib, x: x.reshape(3, 1).sum(1).sum(),
    "expand": lambda lib, x: x.expand(2, 3).sum(),
    "view": lambda lib, x: x.view(3, 1).sum(),
    "reshape": lambda lib, x: x.reshape(1, 3).sum(),
    "transpose": lambda lib, x: x.reshape(3, 1).transpose(0, 1).sum(),
    "permute": lambda lib, x: x.reshape(3, 1).permute(1, 0).sum(),
    "squeeze": lambda lib, x: x.unsqueeze(0).squeeze(0).sum(),
    "cat": lambda lib, x: lib.cat([x, x]).sum(),
    "stack": lambda lib, x: lib.stack([x, x]).sum(),
    "slice": lambda lib, x: x[1:].sum(),
    "select": lambda lib, x: x[1] + x[2],
    "split": lambda lib, x: x.split(2)[0].sum(),
    "unbind": lambda lib, x: x.unbind()[2],
    "flip": lambda lib, x: x.flip(0)[0],
    "diagonal": lambda lib, x: x.expand(3, 3).diagonal().sum(),
    "clone": lambda lib, x: x.clone().sum(),
    "to": lambda lib, x: x.to(lib.float64).sum(),
    "cumsum": lambda lib, x: x.cumsum(0).sum(),
    # these save a tensor: the second backward is refused, as PyTorch refuses it
    "mul": lambda lib, x: (x * x).sum(),
    "mul by a number": lambda lib, x: (x * 2).sum(),
    "div by a number": lambda lib, x: (x / 2).sum(),
    "exp": lambda lib, x: x.exp().sum(),
    "index tensor": lambda lib, x: x[lib.tensor([0, 1])].sum(),
    "where": lambda lib, x: lib.where(x > 1, x, lib.zeros(3)).sum(),
    "relu": lambda lib, x: x.relu().sum(),
}


def backward_twice(lib, graph):
    x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = GRAPHS[graph](lib, x)
    y.backward()
    y.backward()
    return x.grad.tolist()


@pytest.mark.parametrize("graph", GRAPHS)
def test_a_second_backward_runs_where_pytorch_saved_nothing_and_is_refused_elsewhere(graph):
    ours = outcome(lambda: backward_twice(autograd, graph))
    assert ours == outcome(lambda: backward_twice(torch, graph))
    if ours[0] == "error":
        with pytest.raises(RuntimeError, match="backward through the graph a second time"):
            backward_twice(autograd, graph)


def test_a_second_backward_reaches_retained_grads_and_hooks_again():
    results = []
    for lib in (torch, autograd):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = x + 1
        y.retain_grad()
        calls = []
        y.register_hook(lambda g, calls=calls: calls.append(g.tolist()))
        z = y.sum()
        z.backward()
        z.backward()
        results.append((y.grad.tolist(), x.grad.tolist(), calls))
    assert results[1] == results[0]


def test_a_freed_graph_that_saved_nothing_still_draws_as_freed():
    x = autograd.tensor([1.0, 2.0], requires_grad=True)
    y = (x + 1).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="already freed"):
        explore(y)
    graph = extract(y)  # the drawing of a freed graph: the add's input shows no (stand-in) values
    assert any("freed the values" in row for node in graph.nodes.values() for row in node.rows)
    assert len(graph.nodes) == 4  # x, add, sum, y: no box for the values between the ops


# ---- 3. custom Functions written with vjp ----------------------------------------------------------------------

def custom(lib, rule):
    """A custom Function y = 2x whose rule is defined as `rule` ('backward', 'vjp', 'both' or 'none')."""
    body = {"forward": staticmethod(lambda ctx, x: x * 2)}
    if rule in ("vjp", "both"):
        body["vjp"] = staticmethod(lambda ctx, g: g * 2)
    if rule in ("backward", "both"):
        body["backward"] = staticmethod(lambda ctx, g: g * 3)
    return type("Double", (lib.autograd.Function if lib is torch else lib.Function,), body)


def custom_gradient(lib, rule, twice=False, save=False):
    cls = custom(lib, rule)
    if save:
        cls.forward = staticmethod(lambda ctx, x: ctx.save_for_backward(x) or x * 2)
        cls.backward = staticmethod(lambda ctx, g: g * ctx.saved_tensors[0])
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    y = cls.apply(x).sum()
    y.backward()
    if twice:
        y.backward()
    return x.grad.tolist()


@pytest.mark.parametrize("twice", [False, True])
@pytest.mark.parametrize("rule", ["backward", "vjp", "both", "none"])
def test_a_custom_function_may_define_vjp_instead_of_backward(rule, twice):
    ours = outcome(lambda: custom_gradient(autograd, rule, twice))
    assert ours == outcome(lambda: custom_gradient(torch, rule, twice))


def test_custom_function_messages_for_vjp_are_pytorchs():
    with pytest.raises(RuntimeError, match="Implementing both 'backward' and 'vjp'"):
        custom_gradient(autograd, "both")
    with pytest.raises(NotImplementedError, match="implement either the backward or vjp"):
        custom_gradient(autograd, "none")


def test_a_second_backward_through_a_custom_function_is_refused_only_when_it_reads_saved_tensors():
    assert outcome(lambda: custom_gradient(autograd, "backward", twice=True, save=True)) == \
        outcome(lambda: custom_gradient(torch, "backward", twice=True, save=True)) == ("error", "RuntimeError")


# ---- 4. the named tuples -------------------------------------------------------------------------------------

NAMED = {
    "x.max(1)": lambda lib, x: x.max(1),
    "x.min(1)": lambda lib, x: x.min(1),
    "x.max(dim=0, keepdim=True)": lambda lib, x: x.max(dim=0, keepdim=True),
    "min(x, 1)": lambda lib, x: lib.min(x, 1),
    "max of a 0-d tensor": lambda lib, x: x[0, 0].max(0),
    "min of a 0-d tensor": lambda lib, x: x[0, 0].min(0),
    "sort": lambda lib, x: x.sort(),
    "sort(descending)": lambda lib, x: lib.sort(x, 0, descending=True),
    "topk": lambda lib, x: x.topk(2),
    "median(1)": lambda lib, x: x.median(1),
    "eigh": lambda lib, x: lib.linalg.eigh(lib.eye(2)),
}


@pytest.mark.parametrize("call", NAMED)
def test_named_tuples_have_pytorchs_type_name_fields_and_print(call):
    x = [[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]]
    ours, theirs = NAMED[call](autograd, autograd.tensor(x)), NAMED[call](torch, torch.tensor(x))
    assert type(ours).__name__ == type(theirs).__name__ and len(ours) == len(theirs)
    for field in ours._fields:  # PyTorch's fields, in its order
        np.testing.assert_allclose(getattr(ours, field).numpy(), getattr(theirs, field).numpy())
    assert repr(ours) == repr(theirs)
    values, indices = ours  # unpacks as a tuple
    assert isinstance(ours, tuple) and values is ours[0]


def test_min_is_not_named_max():
    result = autograd.tensor([[3.0, 1.0]]).min(1)
    assert type(result).__name__ == "min" and repr(result).startswith("torch.return_types.min(\nvalues=")


# ---- 5. printing every dtype -----------------------------------------------------------------------------------

PRINTED = {
    "complex64": lambda lib: lib.tensor([1 + 2j, 3 - 4j], dtype=lib.complex64),
    "complex128": lambda lib: lib.tensor([1 + 2j, 3.5 - 4j], dtype=lib.complex128),
    "complex 0-d": lambda lib: lib.tensor(1 + 2j),
    "complex empty": lambda lib: lib.zeros(0, dtype=lib.complex64),
    "complex empty 2-D": lambda lib: lib.zeros(0, 2, dtype=lib.complex128),
    "complex nan and inf": lambda lib: lib.tensor([complex(float("nan"), 1), complex(float("inf"), -float("inf"))]),
    "complex 2-D mixed scales": lambda lib: lib.tensor([[1 + 2j, 0.5j], [3, -1e-5j]]),
    "complex large": lambda lib: lib.tensor([1e10 + 2j, 1j]),
    "complex zero": lambda lib: lib.zeros(2, dtype=lib.complex64),
    "complex summarised": lambda lib: lib.arange(2000.0).to(lib.complex64) * (1 + 1j),
    "complex wide": lambda lib: lib.arange(30.0).to(lib.complex128) * (1.5 - 0.25j),
    "bool": lambda lib: lib.tensor([True, False]),
    "bool 0-d": lambda lib: lib.tensor(True),
    "int8": lambda lib: lib.tensor([1, -2], dtype=lib.int8),
    "uint8": lambda lib: lib.tensor([1, 255], dtype=lib.uint8),
    "int16": lambda lib: lib.tensor([1, 2], dtype=lib.int16),
    "int32": lambda lib: lib.tensor([1, 2], dtype=lib.int32),
    "int64": lambda lib: lib.tensor([1, 2]),
    "float16": lambda lib: lib.tensor([1.5, 2.25, float("inf")], dtype=lib.float16),
    "float64": lambda lib: lib.tensor([1.5, 2.25], dtype=lib.float64),
    "grad_fn": lambda lib: lib.tensor([1.0, 2.0], requires_grad=True) * 2,
    "requires_grad": lambda lib: lib.tensor([1.0, 2.0], requires_grad=True),
    "0-d": lambda lib: lib.tensor(3.5),
    "empty": lambda lib: lib.zeros(0, 3),
    "huge": lambda lib: lib.arange(2000.0),
    "huge 2-D": lambda lib: lib.ones(100, 100),
    "tiny and large": lambda lib: lib.tensor([1e-8, 1e8]),
}


@pytest.mark.parametrize("make", PRINTED)
def test_every_dtype_prints_as_pytorch_prints_it(make):
    ours, theirs = PRINTED[make](autograd), PRINTED[make](torch)
    assert repr(ours) == repr(theirs)
    assert str(ours) == str(theirs)


# ---- 6. schedulers fill a tensor lr in place -------------------------------------------------------------------

SCHEDULERS = {
    "LambdaLR": lambda S, opt: S.LambdaLR(opt, lambda e: 0.5 ** e),
    "MultiplicativeLR": lambda S, opt: S.MultiplicativeLR(opt, lambda e: 0.5),
    "StepLR": lambda S, opt: S.StepLR(opt, 1, 0.5),
    "MultiStepLR": lambda S, opt: S.MultiStepLR(opt, [1, 2], 0.5),
    "ConstantLR": lambda S, opt: S.ConstantLR(opt, 0.5, 2),
    "LinearLR": lambda S, opt: S.LinearLR(opt, 0.5, 1.0, 3),
    "ExponentialLR": lambda S, opt: S.ExponentialLR(opt, 0.5),
    "PolynomialLR": lambda S, opt: S.PolynomialLR(opt, 4, 1.0),
    "CosineAnnealingLR": lambda S, opt: S.CosineAnnealingLR(opt, 4),
    "CosineAnnealingWarmRestarts": lambda S, opt: S.CosineAnnealingWarmRestarts(opt, 2),
    "CyclicLR": lambda S, opt: S.CyclicLR(opt, 0.001, 0.01, step_size_up=2, cycle_momentum=False),
    "OneCycleLR": lambda S, opt: S.OneCycleLR(opt, 0.01, total_steps=10, cycle_momentum=False),
    "ReduceLROnPlateau": lambda S, opt: S.ReduceLROnPlateau(opt, patience=0),
    "SequentialLR": lambda S, opt: S.SequentialLR(opt, [S.ConstantLR(opt, 0.5, 1), S.ExponentialLR(opt, 0.5)], [1]),
    "ChainedScheduler": lambda S, opt: S.ChainedScheduler([S.ConstantLR(opt, 0.5, 1), S.ExponentialLR(opt, 0.5)]),
}


def schedule_tensor_lr(lib, optimizers, name, optimizer):
    w = lib.zeros(2, requires_grad=True)
    lr = lib.tensor(0.01)
    extra = {"momentum": 0.9} if optimizer == "SGD" else {}
    opt = getattr(optimizers, optimizer)([w], lr=lr, **extra)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scheduler = SCHEDULERS[name](optimizers.lr_scheduler, opt)
        rates, kept = [], []
        for _ in range(3):
            w.grad = lib.ones(2)
            opt.step()
            scheduler.step(1.0) if name == "ReduceLROnPlateau" else scheduler.step()
            rates.append(round(float(opt.param_groups[0]["lr"]), 9))
            kept.append(scheduler.get_last_lr()[0])
    group = opt.param_groups[0]
    return (group["lr"] is lr, rates, round(float(lr), 9), [round(float(k), 9) for k in kept],
            type(group.get("initial_lr")).__name__, group.get("initial_lr") is lr, w.tolist())


@pytest.mark.parametrize("optimizer", ["Adam", "SGD"])
@pytest.mark.parametrize("name", SCHEDULERS)
def test_schedulers_fill_a_tensor_lr_in_place_as_pytorch(name, optimizer):
    ours = schedule_tensor_lr(autograd, optim, name, optimizer)
    theirs = schedule_tensor_lr(torch, torch.optim, name, optimizer)
    assert ours[:6] == theirs[:6]
    np.testing.assert_allclose(ours[6], theirs[6], rtol=1e-5)
    assert ours[0]  # the tensor the user holds is the one the optimizer reads


# ---- 7. explore() runs no user hook ------------------------------------------------------------------------------

def test_explore_runs_no_tensor_node_or_module_hook():
    calls = {"tensor": 0, "node": 0, "leaf": 0, "module backward": 0, "module pre": 0, "forward": 0}
    model = nn.Linear(3, 2)
    model.register_full_backward_hook(lambda m, gi, go: calls.__setitem__("module backward",
                                                                          calls["module backward"] + 1))
    model.register_full_backward_pre_hook(lambda m, go: calls.__setitem__("module pre", calls["module pre"] + 1))
    model.register_forward_hook(lambda m, i, o: calls.__setitem__("forward", calls["forward"] + 1))
    x = autograd.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    x.register_hook(lambda g: calls.__setitem__("leaf", calls["leaf"] + 1))
    h = model(x)
    h.register_hook(lambda g: calls.__setitem__("tensor", calls["tensor"] + 1))
    loss = (h * h).sum()
    loss.grad_fn.register_hook(lambda gi, go: calls.__setitem__("node", calls["node"] + 1))
    after_forward = dict(calls)
    explore(loss, params=dict(model.named_parameters()))
    assert calls == after_forward  # recording ran nothing
    loss.backward()
    assert calls == {"tensor": 1, "node": 1, "leaf": 1, "module backward": 1, "module pre": 1, "forward": 1}


def test_explore_shows_the_gradient_the_rules_give_and_backward_the_hooked_one():
    w = autograd.tensor([1.0, 2.0], requires_grad=True)
    printed = []
    w.register_hook(lambda g: printed.append(g.tolist()) or g * 10)
    loss = (w * w).sum()
    page = explore(loss, params={"w": w}).data
    shown = next(t["grads"][-1][1] for t in page["tensors"].values() if t["name"] == "w")
    assert shown == ["2", "4"] and printed == []
    loss.backward()
    assert printed == [[2.0, 4.0]] and w.grad.tolist() == [20.0, 40.0]
