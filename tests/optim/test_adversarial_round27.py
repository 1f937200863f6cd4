"""The twenty-seventh adversarial pass's optimizer findings, against PyTorch 2.13.

hostile27c S1: load_state_dict makes new group dicts and a new param_groups list from the saved groups, as PyTorch's:
keys only the current group had (a scheduler's initial_lr, a user's own) are dropped, a group dict kept from before
the load no longer drives the optimizer, and an option an older checkpoint lacks gets the optimizer's default.
hostile27d C1: a subclass with its own PyTorch-style step(), resumed from a built-in optimizer's checkpoint, gets
its state as tensors (a step count as a float32 0-d tensor), as PyTorch's.
hostile27d U1: optimizers take named parameters (named_parameters(), or groups of (name, tensor) pairs) and keep
'param_names' in their groups and state_dict, as PyTorch's."""
import io

import numpy as np
import pytest

from glassgrad.torch_stubs.serialization import load as glass_load
from glassgrad.torch_stubs.serialization import save as glass_save

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import nn  # noqa: E402
import optim  # noqa: E402

from .test_load_state_round24 import own_momentum_sgd  # noqa: E402

LIBRARIES = {"glassgrad": (autograd, nn, optim, glass_save, glass_load),
             "torch": (torch, torch.nn, torch.optim, torch.save, torch.load)}
BOTH = ("glassgrad", "torch")
OPTIMIZERS = {"SGD": {"lr": 0.1, "momentum": 0.9}, "Adam": {"lr": 0.1}, "AdamW": {"lr": 0.1},
              "RMSprop": {"lr": 0.1, "momentum": 0.5, "centered": True}, "Adagrad": {"lr": 0.1},
              "Adadelta": {"lr": 0.5}, "LBFGS": {"lr": 0.5}}


def parameter(lib_name, values=(1.0, 2.0)):
    lib, nn_module = LIBRARIES[lib_name][:2]
    return nn_module.Parameter(lib.tensor(list(values)))


def step(optimizer, p, lib_name, times=1):
    """`times` steps on the loss sum(p² · (1, 3, ...)) + sum(p) (with a closure, which LBFGS needs)."""
    lib = LIBRARIES[lib_name][0]
    weights = lib.tensor([1.0 + 2.0 * i for i in range(p.shape[0])])

    def closure():
        optimizer.zero_grad()
        loss = (p * p * weights).sum() + p.sum()
        loss.backward()
        return loss
    for _ in range(times):
        optimizer.step(closure)


# ----- S1: the loaded groups are new dicts made from the saved ones -----
def scheduler_made_after_the_load(lib_name, scheduler):
    lib, _, optim_module = LIBRARIES[lib_name][:3]
    saved = optim_module.SGD([parameter(lib_name)], lr=0.01).state_dict()  # a checkpoint saved with lr=0.01
    optimizer = optim_module.SGD([parameter(lib_name)], lr=0.1)
    optim_module.lr_scheduler.LinearLR(optimizer, start_factor=0.5, total_iters=2)  # made before the load
    optimizer.load_state_dict(saved)
    keys = sorted(optimizer.param_groups[0])
    after = scheduler(optim_module.lr_scheduler, optimizer)
    return keys, [*after.base_lrs, optimizer.param_groups[0]["lr"]]


@pytest.mark.parametrize("scheduler", [lambda s, o: s.LambdaLR(o, lambda e: 1.0 / (e + 1)),
                                       lambda s, o: s.CosineAnnealingLR(o, T_max=10),
                                       lambda s, o: s.StepLR(o, 2)])
def test_a_scheduler_made_after_the_load_starts_from_the_loaded_lr(scheduler):
    ours, theirs = (scheduler_made_after_the_load(name, scheduler) for name in BOTH)
    assert "initial_lr" not in ours[0]
    assert ours[0] == theirs[0]
    assert ours[1] == pytest.approx(theirs[1], rel=1e-15)


def test_a_resumed_scheduler_refuses_a_group_without_initial_lr_after_the_load():
    for lib_name in BOTH:
        optim_module = LIBRARIES[lib_name][2]
        saved = optim_module.SGD([parameter(lib_name)], lr=0.01).state_dict()
        optimizer = optim_module.SGD([parameter(lib_name)], lr=0.1)
        optim_module.lr_scheduler.StepLR(optimizer, 2)
        optimizer.load_state_dict(saved)
        with pytest.raises(KeyError, match="initial_lr"):
            optim_module.lr_scheduler.StepLR(optimizer, 2, last_epoch=3)


def group_kept_from_before_the_load(lib_name):
    optim_module = LIBRARIES[lib_name][2]
    p = parameter(lib_name)
    optimizer = optim_module.SGD([p], lr=0.1)
    groups, group = optimizer.param_groups, optimizer.param_groups[0]
    group["mine"] = "a user's own key"
    optimizer.load_state_dict(optim_module.SGD([parameter(lib_name)], lr=0.5).state_dict())
    group["lr"] = 0.0  # a stale dict: writing it changes nothing
    p.grad = LIBRARIES[lib_name][0].ones(2)
    optimizer.step()
    new = optimizer.param_groups[0]
    return (p.tolist(), new is group, optimizer.param_groups is groups, new["params"][0] is p, "mine" in new,
            new["lr"])


def test_the_loaded_groups_and_their_list_are_new_and_a_stale_group_drives_nothing():
    ours, theirs = (group_kept_from_before_the_load(name) for name in BOTH)
    assert ours == theirs
    assert ours[1:] == (False, False, True, False, 0.5)


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta"])
def test_an_older_checkpoint_without_maximize_gets_the_default_not_the_groups_own(name):
    results = []
    for lib_name in BOTH:
        optim_module = LIBRARIES[lib_name][2]
        p = parameter(lib_name)
        optimizer = getattr(optim_module, name)([{"params": [p], "maximize": True}], **OPTIMIZERS[name])
        saved = optimizer.state_dict()
        del saved["param_groups"][0]["maximize"]  # as written by a version before maximize
        optimizer.load_state_dict(saved)
        step(optimizer, p, lib_name, times=2)
        results.append((optimizer.param_groups[0]["maximize"], p.tolist()))
    (our_flag, ours), (their_flag, theirs) = results
    assert our_flag is their_flag is False
    assert ours == pytest.approx(theirs, rel=1e-6, abs=1e-6)  # (float32: a value near 0 after cancellation)


def test_the_loaded_group_is_a_copy_of_the_saved_one_in_its_key_order():
    for lib_name in BOTH:
        optim_module = LIBRARIES[lib_name][2]
        saved = optim_module.SGD([parameter(lib_name)], lr=0.01).state_dict()
        saved["param_groups"][0]["extra"] = [1, 2]
        optimizer = optim_module.SGD([parameter(lib_name)], lr=0.1)
        optimizer.load_state_dict(saved)
        group = optimizer.param_groups[0]
        assert list(group) == list(saved["param_groups"][0]), lib_name
        assert group["extra"] == [1, 2] and group["extra"] is not saved["param_groups"][0]["extra"]


# ----- C1: a subclass with its own step gets tensors from a built-in's checkpoint -----
def resumed_into_own_step(lib_name, parent):
    lib, _, optim_module, save, load = LIBRARIES[lib_name]

    class Own(getattr(optim_module, parent)):
        def step(self, closure=None):  # (a PyTorch-style step: reads its state as tensors)
            with lib.no_grad():
                for group in self.param_groups:
                    for p in group["params"]:
                        for value in self.state[p].values():
                            if isinstance(value, lib.Tensor):
                                value.mul_(0.5)
    p = parameter(lib_name, (1.0, -2.0, 3.0))
    optimizer = getattr(optim_module, parent)([p], **OPTIMIZERS[parent])
    step(optimizer, p, lib_name, times=2)
    buffer = io.BytesIO()
    save(optimizer.state_dict(), buffer)
    buffer.seek(0)
    resumed = Own([p], **OPTIMIZERS[parent])
    resumed.load_state_dict(load(buffer))
    state = resumed.state[p]
    kinds = {key: (type(value).__name__, str(value.dtype).replace("torch.", "") if hasattr(value, "dtype") else "")
             for key, value in state.items()}
    resumed.step()
    numbers = {key: np.asarray(value.tolist() if hasattr(value, "tolist") else value, dtype=float)
               for key, value in state.items()}
    return kinds, numbers


@pytest.mark.parametrize("parent", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta"])
def test_a_subclass_with_its_own_step_resumes_a_builtin_checkpoint_with_tensor_state(parent):
    (our_kinds, ours), (their_kinds, theirs) = (resumed_into_own_step(name, parent) for name in BOTH)
    assert our_kinds == their_kinds
    assert all(kind == "Tensor" for kind, _ in our_kinds.values())
    assert ours.keys() == theirs.keys()
    for key in ours:
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-6, err_msg=key)


def test_the_repro_pytorch_style_sgd_momentum_resumes_as_pytorch():
    results = []
    for lib_name in BOTH:
        lib, _, optim_module, save, load = LIBRARIES[lib_name]
        MySGD = own_momentum_sgd(lib, optim_module)  # noqa: N806  (hostile27d's repro: its step keeps tensors)
        p = parameter(lib_name, (1.0, -2.0, 3.0))
        optimizer = optim_module.SGD([p], lr=0.1, momentum=0.9)
        for _ in range(2):
            optimizer.zero_grad()
            (p ** 2).sum().backward()
            optimizer.step()
        buffer = io.BytesIO()
        save(optimizer.state_dict(), buffer)
        buffer.seek(0)
        resumed = MySGD([p], lr=0.1, momentum=0.9)
        resumed.load_state_dict(load(buffer))
        resumed.zero_grad()
        (p ** 2).sum().backward()
        resumed.step()
        results.append(p.tolist())
    assert results[0] == pytest.approx(results[1], rel=1e-6)


def test_the_builtins_still_step_on_arrays_after_loading_a_checkpoint():
    p = parameter("glassgrad")
    optimizer = optim.Adam([p], lr=0.1)
    step(optimizer, p, "glassgrad")
    resumed = optim.Adam([p], lr=0.1)
    resumed.load_state_dict(optimizer.state_dict())
    assert {type(value).__name__ for value in resumed.state[p].values()} == {"int", "ndarray"}


# ----- U1: named parameters -----
def named_run(lib_name, name):
    lib, nn_module, optim_module = LIBRARIES[lib_name][:3]
    model = nn_module.Linear(3, 1)
    with lib.no_grad():
        model.weight.copy_(lib.tensor([[0.5, -1.0, 0.25]]))
        model.bias.fill_(0.25)
    optimizer = getattr(optim_module, name)(model.named_parameters(), **OPTIMIZERS[name])
    x = lib.tensor([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]])

    def closure():
        optimizer.zero_grad()
        loss = (model(x) ** 2).sum()
        loss.backward()
        return loss
    for _ in range(2):
        optimizer.step(closure)
    saved = optimizer.state_dict()
    unnamed = getattr(optim_module, name)(model.parameters(), **OPTIMIZERS[name])
    unnamed.load_state_dict(saved)
    groups = saved["param_groups"][0]
    return (groups["param_names"], groups["params"], unnamed.param_groups[0].get("param_names"),
            [p.tolist() for p in model.parameters()])


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_every_optimizer_takes_named_parameters_and_keeps_their_names(name):
    ours, theirs = (named_run(lib_name, name) for lib_name in BOTH)
    assert ours[:3] == theirs[:3] == (["weight", "bias"], [0, 1], ["weight", "bias"])
    np.testing.assert_allclose(np.concatenate([np.ravel(v) for v in ours[3]]),
                               np.concatenate([np.ravel(v) for v in theirs[3]]), rtol=1e-5)


def names_in_groups(lib_name):
    optim_module = LIBRARIES[lib_name][2]
    w, b = parameter(lib_name), parameter(lib_name, (3.0,))
    optimizer = optim_module.SGD([{"params": [("w", w)]}, {"params": [("b", b)], "lr": 0.5}], lr=0.1)
    found = [group["param_names"] for group in optimizer.param_groups]
    saved = optimizer.state_dict()
    for group in saved["param_groups"]:
        del group["param_names"]  # a checkpoint without names keeps the loading optimizer's
    renamed = optim_module.SGD([{"params": [("x", w)]}, {"params": [("y", b)], "lr": 0.5}], lr=0.1)
    renamed.load_state_dict(saved)
    found.append([group["param_names"] for group in renamed.param_groups])
    found.append("param_names" in repr(renamed))
    return found


def test_groups_of_name_tensor_pairs_keep_their_names_and_a_load_without_names_keeps_them():
    assert names_in_groups("glassgrad") == names_in_groups("torch") == [["w"], ["b"], [["x"], ["y"]], True]


@pytest.mark.parametrize("groups", [
    lambda w, b: [{"params": [("w", w)]}, {"params": [b]}],
    lambda w, b: [{"params": [w]}, {"params": [("b", b)]}],
    lambda w, b: [("w", w), b],
])
def test_named_and_unnamed_parameters_mixed_are_refused_as_pytorch(groups):
    messages = []
    for lib_name in BOTH:
        optim_module = LIBRARIES[lib_name][2]
        with pytest.raises(ValueError, match="should be with/without names") as error:
            optim_module.SGD(groups(parameter(lib_name), parameter(lib_name)), lr=0.1)
        messages.append(str(error.value))
    assert messages[0] == messages[1]


def test_add_param_group_refuses_mixing_named_and_unnamed_groups():
    for lib_name in BOTH:
        optim_module = LIBRARIES[lib_name][2]
        optimizer = optim_module.SGD([("w", parameter(lib_name))], lr=0.1)
        with pytest.raises(ValueError, match="cannot add param group without names"):
            optimizer.add_param_group({"params": [parameter(lib_name)]})
        optimizer.add_param_group({"params": [("b", parameter(lib_name))]})
        assert optimizer.param_groups[1]["param_names"] == ["b"]


def test_a_named_non_tensor_is_still_refused():
    for lib_name in BOTH:
        with pytest.raises(TypeError, match="optimizer can only optimize Tensors"):
            LIBRARIES[lib_name][2].SGD([("w", [1.0, 2.0])], lr=0.1)


def lbfgs_resumed_into_a_subclass_calling_super(lib_name):
    lib, _, optim_module = LIBRARIES[lib_name][:3]

    class Counting(optim_module.LBFGS):
        def step(self, closure):
            return super().step(closure)
    p = parameter(lib_name, (1.0, -2.0, 3.0))
    optimizer = optim_module.LBFGS([p], lr=0.5, max_iter=3)
    step(optimizer, p, lib_name)
    resumed = Counting([p], lr=0.5, max_iter=3)
    resumed.load_state_dict(optimizer.state_dict())
    step(resumed, p, lib_name)
    return p.tolist()


def test_an_lbfgs_subclass_that_calls_super_resumes_an_lbfgs_checkpoint():
    ours, theirs = (lbfgs_resumed_into_a_subclass_calling_super(name) for name in BOTH)
    assert ours == pytest.approx(theirs, rel=1e-5, abs=1e-6)


@pytest.mark.parametrize("name, options, dropped", [
    ("SGD", {"lr": 0.1, "maximize": True}, ["maximize"]),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}, ["nesterov", "fused"]),
    ("Adam", {"lr": 0.1, "maximize": True, "amsgrad": True, "foreach": False},
     ["foreach", "fused", "capturable", "differentiable", "maximize", "amsgrad", "decoupled_weight_decay"]),
    ("AdamW", {"lr": 0.1, "maximize": True}, ["maximize", "decoupled_weight_decay"]),
    ("RMSprop", {"lr": 0.1, "maximize": True, "momentum": 0.5, "centered": True}, ["maximize", "momentum", "centered"]),
    ("Adagrad", {"lr": 0.1, "maximize": True}, ["maximize", "fused"]),
    ("Adadelta", {"lr": 0.5, "maximize": True}, ["maximize", "capturable"]),
])
def test_an_older_checkpoint_gets_the_options_pytorchs_setstate_writes(name, options, dropped):
    results = []
    for lib_name in BOTH:
        optim_module = LIBRARIES[lib_name][2]
        p = parameter(lib_name)
        fresh = getattr(optim_module, name)([parameter(lib_name)], lr=options["lr"])
        saved = fresh.state_dict()  # (no state: a checkpoint made before any step)
        for key in dropped:
            saved["param_groups"][0].pop(key, None)
        optimizer = getattr(optim_module, name)([p], **options)
        optimizer.load_state_dict(saved)
        step(optimizer, p, lib_name, times=2)
        results.append((sorted((key, value) for key, value in optimizer.param_groups[0].items()
                               if key != "params"), p.tolist()))
    (our_group, ours), (their_group, theirs) = results
    assert our_group == their_group
    assert ours == pytest.approx(theirs, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "LBFGS"])
def test_every_optimizer_lists_its_options_in_pytorchs_order(name):
    """(hostile28c S2: RMSprop, Adagrad and Adadelta listed them otherwise: list(group), defaults, state_dict, repr)"""
    ours = getattr(optim, name)([autograd.zeros(2, requires_grad=True)])
    theirs = getattr(torch.optim, name)([torch.zeros(2, requires_grad=True)])
    assert list(ours.defaults) == list(theirs.defaults)
    assert list(ours.param_groups[0]) == list(theirs.param_groups[0])
    assert list(ours.state_dict()["param_groups"][0]) == list(theirs.state_dict()["param_groups"][0])


def test_lbfgs_keeps_the_two_loop_alphas_in_its_state_as_pytorchs():
    """(hostile28c S3: PyTorch's state has 'al', a list of history_size entries; glassgrad's had no such key)"""
    def run(lib, optim_module):
        w = lib.tensor([1.0, -2.0, 0.5], dtype=lib.float64, requires_grad=True)
        optimizer = optim_module.LBFGS([w], history_size=7)

        def closure():
            optimizer.zero_grad()
            loss = ((w - 3) ** 4).sum()
            loss.backward()
            return loss
        optimizer.step(closure)
        optimizer.step(closure)
        state = optimizer.state[w]
        return sorted(state), [None if a is None else abs(float(a)) for a in state["al"]]

    (our_keys, ours), (their_keys, theirs) = run(autograd, optim), run(torch, torch.optim)
    assert our_keys == their_keys
    assert ours == pytest.approx(theirs, rel=1e-9)


def test_a_parameter_group_is_the_callers_own_dict_as_pytorchs():
    """(hostile30c S1: the group was a copy, so an edit of the caller's dict did not reach the step)"""
    def run(lib, optim_module):
        w, b = (lib.tensor(v, requires_grad=True) for v in ([1.0, 1.0], [0.0]))
        groups = [{"params": [w]}, {"params": (b,), "lr": 0.5}]
        optimizer = optim_module.SGD(groups, lr=0.1)
        groups[0]["lr"], groups[1]["lr"] = 1.0, 0.0
        extra = {"params": [lib.tensor([3.0], requires_grad=True)]}
        optimizer.add_param_group(extra)
        extra["lr"] = 2.0
        for p in (w, b, extra["params"][0]):
            p.grad = lib.ones_like(p)
        optimizer.step()
        return ([p.tolist() for p in (w, b, extra["params"][0])], optimizer.param_groups[0] is groups[0],
                type(groups[1]["params"]).__name__, sorted(groups[0]))

    assert run(autograd, optim) == run(torch, torch.optim)
