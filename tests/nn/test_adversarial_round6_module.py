"""Sixth adversarial pass (#19): the nn.Module API and containers against PyTorch 2.13."""
import collections
import copy

import pytest

import autograd
import nn

torch = pytest.importorskip("torch")


def tree(N):
    """A model with a shared layer, a non-persistent buffer and a nested Sequential."""
    shared = N.Linear(2, 2)
    model = N.Sequential(collections.OrderedDict([("a", shared), ("act", N.ReLU()),
                                                  ("inner", N.Sequential(shared, N.BatchNorm1d(2)))]))
    model.register_buffer("scratch", model.a.weight.detach() * 0, persistent=False)
    return model


LOOKUPS = {
    "get_submodule": lambda m: type(m.get_submodule("inner.1")).__name__,
    "get_submodule ''": lambda m: type(m.get_submodule("")).__name__,
    "get_submodule missing": lambda m: m.get_submodule("inner.7"),
    "get_submodule through a parameter": lambda m: m.get_submodule("a.weight"),
    "get_parameter": lambda m: tuple(m.get_parameter("inner.0.bias").shape),
    "get_parameter of a buffer": lambda m: m.get_parameter("inner.1.running_mean"),
    "get_parameter missing": lambda m: m.get_parameter("a.nope"),
    "get_buffer": lambda m: m.get_buffer("inner.1.running_var").tolist(),
    "get_buffer non-persistent": lambda m: m.get_buffer("scratch").tolist(),
    "get_buffer of a parameter": lambda m: m.get_buffer("a.weight"),
    "named_parameters remove_duplicate=False":
        lambda m: [name for name, _ in m.named_parameters(remove_duplicate=False)],
    "named_parameters": lambda m: [name for name, _ in m.named_parameters()],
    "named_buffers remove_duplicate=False": lambda m: [name for name, _ in m.named_buffers(remove_duplicate=False)],
    "dir shows members": lambda m: {"a", "act", "inner", "scratch"} <= set(dir(m)),
}


@pytest.mark.parametrize("name", LOOKUPS)
def test_module_lookups_are_pytorchs(name):
    """Were missing (AttributeError from __getattr__) or, for dir(), left the members out."""
    def outcome(N):
        try:
            return LOOKUPS[name](tree(N))
        except AttributeError:
            return AttributeError
    assert outcome(nn) == outcome(torch.nn)


@pytest.mark.parametrize("edit", ["set -1", "set 0", "del 0", "del -1", "del ::2", "del 1:", "set 5", "del 5"])
def test_sequential_item_assignment_and_deletion_are_pytorchs(edit):
    """Were TypeError: 'Sequential' object does not support item assignment / deletion."""
    def outcome(N):
        model = N.Sequential(collections.OrderedDict([("x", N.ReLU()), ("y", N.Tanh()), ("z", N.Sigmoid())]))
        action, where = edit.split()
        index = slice(*[int(p) if p else None for p in where.split(":")]) if ":" in where else int(where)
        try:
            if action == "set":
                model[index] = N.Identity()
            else:
                del model[index]
        except IndexError:
            return IndexError
        return [(name, type(child).__name__) for name, child in model.named_children()]
    assert outcome(nn) == outcome(torch.nn)


@pytest.mark.parametrize("flag", ["False", 0, 1, None])
def test_requires_grad_takes_only_a_bool(flag):
    """Was: bool(flag), so model.requires_grad_("False") switched gradients on."""
    with pytest.raises(TypeError):
        torch.nn.Linear(1, 1).requires_grad_(flag)
    model = nn.Linear(1, 1).requires_grad_(False)
    with pytest.raises(TypeError, match="bool"):
        model.requires_grad_(flag)
    assert [p.requires_grad for p in model.parameters()] == [False, False]


@pytest.mark.parametrize("track", [True, False])
def test_a_batch_norm_checkpoint_without_num_batches_tracked_loads_as_in_pytorch(track):
    """Was: "missing keys: num_batches_tracked" for checkpoints written before PyTorch 0.4.1 had it."""
    def outcome(T, N):
        bn = N.BatchNorm1d(2, track_running_stats=track)
        bn(T.ones(3, 2))
        state = {key: value for key, value in bn.state_dict().items() if key != "num_batches_tracked"}
        result = bn.load_state_dict(state)
        return str(result), list(result.missing_keys), [key for key in bn.state_dict()], \
            None if bn.num_batches_tracked is None else bn.num_batches_tracked.item()
    assert outcome(autograd, nn) == outcome(torch, torch.nn)


def test_other_missing_keys_are_still_refused():
    bn = nn.BatchNorm1d(2)
    with pytest.raises(RuntimeError, match="missing keys: running_var"):
        bn.load_state_dict({k: v for k, v in bn.state_dict().items() if k != "running_var"})


def test_load_state_dict_prints_its_result_as_pytorch():
    """Was: 'IncompatibleKeys(missing_keys=[], unexpected_keys=[])' where PyTorch prints '<All keys matched
    successfully>' (what a notebook shows after model.load_state_dict(...))."""
    for N in (torch.nn, nn):
        model = N.Linear(2, 1)
        assert repr(model.load_state_dict(model.state_dict())) == "<All keys matched successfully>"
        result = model.load_state_dict({"weight": model.weight.detach()}, strict=False)
        assert repr(result).endswith("IncompatibleKeys(missing_keys=['bias'], unexpected_keys=[])")
        assert result.missing_keys == ["bias"] and tuple(result) == (["bias"], [])


def test_a_deep_copied_parameter_has_no_gradient_as_in_pytorch():
    """Was: copy.deepcopy(model) kept every parameter's .grad."""
    def outcome(T, N):
        model = N.Sequential(N.Linear(2, 2), N.Linear(2, 1))
        model(T.ones(1, 2)).sum().backward()
        clone = copy.deepcopy(model)
        frozen = N.Parameter(T.ones(2), requires_grad=False)
        return ([p.grad for p in clone.parameters()], [p.requires_grad for p in clone.parameters()],
                [type(p).__name__ for p in clone.parameters()], copy.deepcopy(frozen).requires_grad,
                all((a.detach() == b.detach()).all() for a, b in zip(model.parameters(), clone.parameters(), strict=True)))
    assert outcome(autograd, nn) == outcome(torch, torch.nn)


def test_deep_copy_keeps_a_shared_parameter_shared():
    shared = nn.Linear(2, 2)
    clone = copy.deepcopy(nn.Sequential(shared, shared))
    assert clone[0].weight is clone[1].weight and clone[0].weight is not shared.weight


def test_half_share_memory_and_bfloat16_as_pytorch_or_a_clear_refusal():
    """Were AttributeError: 'Linear' object has no attribute 'half'."""
    for lib, N in ((torch, torch.nn), (autograd, nn)):
        model = N.Linear(2, 1)
        assert model.half() is model and str(model.weight.dtype).endswith("float16")
        assert model.share_memory() is model
        model(lib.ones(3, 2, dtype=lib.float16)).sum().backward()
        assert str(model.weight.grad.dtype).endswith("float16")
    with pytest.raises(TypeError, match="bfloat16"):
        nn.Linear(2, 1).bfloat16()
