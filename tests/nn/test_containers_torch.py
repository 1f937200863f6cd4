"""ModuleDict, ParameterList and ParameterDict against PyTorch's.

Each test runs the same code on glassgrad and on PyTorch (`lib` is either) and compares what it
observed: keys, orders, state_dict keys, reprs, and the type (and message) of every error."""
import collections
import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn

torch = pytest.importorskip("torch")

GLASS = types.SimpleNamespace(nn=nn, ones=autograd.ones, zeros=autograd.zeros)
TORCH = types.SimpleNamespace(nn=torch.nn, ones=torch.ones, zeros=torch.zeros)


def outcome(action):
    """What action() gives: its value, or the error type and message."""
    try:
        return action()
    except Exception as error:  # the error is the observation
        return f"{type(error).__name__}: {error}"


def error_type(action):
    try:
        action()
    except Exception as error:  # the error is the observation
        return type(error).__name__
    return "no error"


def same_on_both(run):
    """run(lib, seen) appends observations to seen; glassgrad's must equal PyTorch's."""
    glass, reference = [], []
    run(GLASS, glass)
    run(TORCH, reference)
    assert glass == reference


# ----- ModuleDict -----
def test_module_dict_registers_its_modules_in_order_with_pytorch_keys_and_repr():
    def run(lib, seen):
        blocks = lib.nn.ModuleDict({"wte": lib.nn.Embedding(5, 4), "h": lib.nn.ModuleList([lib.nn.Linear(4, 4)])})
        blocks["ln_f"] = lib.nn.LayerNorm(4)
        model = lib.nn.Module()
        model.transformer = blocks
        seen += [list(blocks.keys()), list(blocks), len(blocks), "h" in blocks, "x" in blocks,
                 list(model.state_dict()), [name for name, _ in model.named_parameters()], repr(model),
                 [type(m).__name__ for m in blocks.values()], [k for k, _ in blocks.items()]]

    same_on_both(run)


def test_module_dict_update_keeps_each_source_order_and_replaces_in_place():
    def run(lib, seen):
        d = lib.nn.ModuleDict([("b", lib.nn.ReLU()), ("a", lib.nn.Tanh())])
        d.update({"z": lib.nn.Sigmoid(), "c": lib.nn.ReLU()})
        d.update(collections.OrderedDict([("y", lib.nn.Identity()), ("b", lib.nn.Tanh())]))
        d.update(lib.nn.ModuleDict({"q": lib.nn.ReLU()}))
        d.update([["p", lib.nn.ReLU()]])
        d["a"] = lib.nn.Sigmoid()  # replacing keeps the place
        seen += [list(d.keys()), [type(m).__name__ for m in d.values()]]

    same_on_both(run)


def test_module_dict_pop_delete_clear_and_missing_keys():
    def run(lib, seen):
        d = lib.nn.ModuleDict({"a": lib.nn.ReLU(), "b": lib.nn.Tanh(), "c": lib.nn.Sigmoid()})
        seen.append(type(d.pop("b")).__name__)
        del d["a"]
        seen += [list(d.keys()), outcome(lambda: d["zz"]), outcome(lambda: d.pop("zz")),
                 error_type(lambda: d.__delitem__("zz"))]
        d.clear()
        seen += [len(d), list(d.parameters()), error_type(lambda: d(1))]

    same_on_both(run)


@pytest.mark.parametrize("key", ["a.b", "", "train", "forward", 5, None])
def test_module_dict_refuses_keys_that_cannot_name_a_module(key):
    def run(lib, seen):
        d = lib.nn.ModuleDict()
        seen += [outcome(lambda: d.__setitem__(key, lib.nn.ReLU())), len(d)]

    same_on_both(run)


@pytest.mark.parametrize("value", [5, "relu", None])
def test_module_dict_refuses_values_that_are_not_modules(value):
    def run(lib, seen):
        d = lib.nn.ModuleDict()
        seen.append(error_type(lambda: d.__setitem__("a", value)))
        seen.append(list(d.keys()))

    same_on_both(run)


@pytest.mark.parametrize("bad", [5, [5], [("a",)], [("a", 1, 2)]])
def test_module_dict_update_refuses_what_is_not_key_module_pairs(bad):
    def run(lib, seen):
        seen.append(outcome(lambda: lib.nn.ModuleDict(bad)))

    same_on_both(run)


def test_add_module_and_register_parameter_check_names_and_types_as_pytorch():
    def run(lib, seen):
        m = lib.nn.Module()
        m.plain = 3
        seen += [error_type(lambda: m.add_module("plain", lib.nn.ReLU())),
                 error_type(lambda: m.add_module("x", 5)),
                 error_type(lambda: m.register_parameter("x", lib.ones(2))),
                 error_type(lambda: m.register_parameter("a.b", lib.nn.Parameter(lib.ones(2)))),
                 error_type(lambda: m.register_parameter("train", lib.nn.Parameter(lib.ones(2)))),
                 error_type(lambda: m.register_buffer("a.b", lib.ones(2))),
                 error_type(lambda: m.register_buffer(7, lib.ones(2)))]
        m.w = lib.nn.Parameter(lib.ones(1))
        m.v = lib.nn.Parameter(lib.ones(1))
        m.w = lib.nn.Parameter(lib.zeros(1))  # assigned anew: keeps its place
        seen.append(list(m.state_dict()))

    same_on_both(run)


# ----- ParameterList -----
def test_parameter_list_registers_tensors_as_parameters_and_keeps_other_objects():
    def run(lib, seen):
        params = lib.nn.ParameterList([lib.ones(2, 3), lib.nn.Parameter(lib.ones(1), requires_grad=False), "x"])
        params.append(lib.zeros(4))
        params.extend([lib.ones(1, 1)])
        params += [7]
        owner = lib.nn.Module()
        owner.params = params
        seen += [len(params), repr(params), list(owner.state_dict()),
                 [type(p).__name__ for p in params], [getattr(p, "requires_grad", None) for p in params],
                 [tuple(p.shape) for p in owner.parameters()]]

    same_on_both(run)


def test_parameter_list_indexing_slicing_and_assignment():
    def run(lib, seen):
        params = lib.nn.ParameterList([lib.ones(1), lib.ones(2), lib.ones(3), lib.ones(4)])
        params[1] = lib.zeros(5)
        params[-1] = lib.zeros(6)
        part = params[1:4:2]
        seen += [[tuple(p.shape) for p in params], type(part).__name__, [tuple(p.shape) for p in part],
                 [tuple(p.shape) for p in params[::-1]], list(params.state_dict()), tuple(params[-4].shape),
                 outcome(lambda: params[4]), outcome(lambda: params[-5]), error_type(lambda: params["0"]),
                 error_type(lambda: params[1.0]), outcome(lambda: params.__setitem__(9, lib.ones(1)))]

    same_on_both(run)


def test_parameter_list_shares_the_tensors_values():
    for lib in (GLASS, TORCH):
        tensor = lib.ones(3)
        params = lib.nn.ParameterList([tensor])
        assert np.shares_memory(params[0].detach().numpy(), tensor.numpy())
        assert params[0].requires_grad and params[0].is_leaf


@pytest.mark.parametrize("bad", [5, "ab"])
def test_parameter_list_extend_refuses_non_iterables_and_tensors(bad):
    def run(lib, seen):
        params = lib.nn.ParameterList()
        seen += [outcome(lambda: params.extend(bad) and None), outcome(lambda: params.extend(lib.ones(2))),
                 outcome(lambda: params(1)), len(params)]

    same_on_both(run)


# ----- ParameterDict -----
def test_parameter_dict_registers_and_orders_as_pytorch():
    def run(lib, seen):
        d = lib.nn.ParameterDict({"b": lib.ones(2), "a": lib.nn.Parameter(lib.ones(1, 3)), "c": "text"})
        d.update(collections.OrderedDict([("z", lib.ones(1)), ("d", lib.ones(1))]))
        d.update([("y", lib.zeros(2)), ("b", lib.zeros(5))])
        owner = lib.nn.Module()
        owner.table = d
        seen += [list(d.keys()), list(d), repr(d), list(owner.state_dict()),
                 [type(v).__name__ for v in d.values()], [k for k, _ in d.items()], list(reversed(d)),
                 tuple(d["b"].shape), "c" in d, "q" in d, len(d)]

    same_on_both(run)


def test_parameter_dict_mapping_methods():
    def run(lib, seen):
        d = lib.nn.ParameterDict({"a": lib.ones(1), "b": lib.ones(2), "c": lib.ones(3)})
        seen.append(tuple(d.pop("b").shape))
        seen.append(d.popitem()[0])
        seen.append(tuple(d.setdefault("a", lib.zeros(9)).shape))
        seen.append(tuple(d.setdefault("n", lib.zeros(4)).shape))
        seen.append(d.get("zz", "default"))
        seen.append(list(d.copy().keys()))
        seen.append(list(d.fromkeys(["p", "q"], lib.ones(1)).keys()))
        merged = d | lib.nn.ParameterDict({"m": lib.ones(1)})
        seen.append(list(merged.keys()))
        d |= lib.nn.ParameterDict({"k": lib.ones(1)})
        seen.append(list(d.keys()))
        del d["a"]
        seen += [list(d.state_dict()), outcome(lambda: d["zz"]), error_type(lambda: d[3]), error_type(lambda: d(1))]
        d.clear()
        seen += [len(d), list(d.parameters()), error_type(d.popitem)]

    same_on_both(run)


@pytest.mark.parametrize("key", ["a.b", "", "train", "keys"])
def test_parameter_dict_refuses_keys_that_cannot_name_a_parameter(key):
    def run(lib, seen):
        d = lib.nn.ParameterDict()
        seen.append(error_type(lambda: d.__setitem__(key, lib.ones(1))))

    same_on_both(run)


@pytest.mark.parametrize("bad", [5, [5], [("a",)]])
def test_parameter_dict_update_refuses_what_is_not_pairs(bad):
    def run(lib, seen):  # (PyTorch's messages say "ParametersDict" in one place; glassgrad's do not)
        seen.append(outcome(lambda: lib.nn.ParameterDict(bad)).replace("ParametersDict", "ParameterDict"))

    same_on_both(run)


def test_containers_train_with_an_optimizer():
    """Parameters held in the containers are found by parameters() and trained."""
    import optim

    model = nn.Module()
    model.table = nn.ParameterDict({"w": autograd.ones(3)})
    model.list = nn.ParameterList([autograd.ones(3)])
    model.heads = nn.ModuleDict({"out": nn.Linear(3, 1)})
    opt = optim.SGD(model.parameters(), lr=0.1)
    before = [p.detach().numpy().copy() for p in model.parameters()]
    loss = model.heads["out"](model.table["w"] * model.list[0]).sum()
    loss.backward()
    opt.step()
    assert len(before) == 4
    assert all(not np.array_equal(b, p.detach().numpy()) for b, p in zip(before, model.parameters(), strict=True))


def test_nanogpt_layout_attribute_access_and_weight_tying():
    """nanoGPT's model: a ModuleDict reached by attribute, and the embedding tied to the output layer."""
    def run(lib, seen):
        model = lib.nn.Module()
        model.transformer = lib.nn.ModuleDict(dict(
            wte=lib.nn.Embedding(7, 4), wpe=lib.nn.Embedding(5, 4),
            h=lib.nn.ModuleList([lib.nn.Linear(4, 4) for _ in range(2)]), ln_f=lib.nn.LayerNorm(4)))
        model.lm_head = lib.nn.Linear(4, 7, bias=False)
        model.transformer.wte.weight = model.lm_head.weight
        seen += [model.transformer.wte is model.transformer["wte"], list(model.state_dict()),
                 [name for name, _ in model.named_parameters()], sum(p.numel() for p in model.parameters())]

    same_on_both(run)


@settings(max_examples=40, deadline=None)
@given(length=st.integers(0, 5), start=st.none() | st.integers(-7, 7), stop=st.none() | st.integers(-7, 7),
       step=st.none() | st.integers(-3, 3).filter(lambda s: s != 0), index=st.integers(-7, 7))
def test_parameter_list_slices_and_indices_as_pytorch(length, start, stop, step, index):
    def run(lib, seen):
        params = lib.nn.ParameterList([lib.ones(n + 1) for n in range(length)])
        seen.append([p.numel() for p in params[start:stop:step]])
        seen.append(outcome(lambda: params[index].numel()))
        seen.append(list(params[start:stop:step].state_dict()))

    same_on_both(run)


def test_module_list_indexing_deletion_pop_and_concatenation():
    def run(lib, seen):
        def names(modules):
            return [type(m).__name__ for m in modules]

        layers = lib.nn.ModuleList([lib.nn.ReLU(), lib.nn.Tanh(), lib.nn.Sigmoid(), lib.nn.Identity(), lib.nn.ReLU()])
        layers[-1] = lib.nn.Linear(2, 2)
        seen += [names(layers), outcome(lambda: layers[5]), outcome(lambda: layers[-6]), error_type(lambda: layers["0"])]
        seen.append(type(layers.pop(1)).__name__)
        del layers[0:2]
        seen += [names(layers), list(layers.state_dict()), [name for name, _ in layers.named_children()]]
        joined = layers + lib.nn.ModuleList([lib.nn.Tanh()])
        seen += [type(joined).__name__, names(joined), list(joined.state_dict()), names(layers)]
        seen += [outcome(lambda: layers.__setitem__(7, lib.nn.ReLU())), error_type(lambda: layers.extend(5))]

    same_on_both(run)
