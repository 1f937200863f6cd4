"""Optimizer.load_state_dict: every fault is a clear ValueError, and nothing changes unless all is well."""
import copy

import numpy as np
import pytest

import autograd
import optim


def trained_adam():
    params = [autograd.tensor([1.0, 2.0], requires_grad=True), autograd.tensor([[3.0]], requires_grad=True)]
    optimizer = optim.Adam([{"params": [params[0]]}, {"params": [params[1]], "lr": 0.5}], lr=0.1)
    (params[0].sum() + params[1].sum() * 2).backward()
    optimizer.step()
    return optimizer


def snapshot(optimizer):
    return copy.deepcopy(optimizer.state_dict())


def assert_same(a, b):
    assert a["param_groups"] == b["param_groups"]
    assert a["state"].keys() == b["state"].keys()
    for index in a["state"]:
        for key, value in a["state"][index].items():
            np.testing.assert_array_equal(value, b["state"][index][key])


def saved():
    other = trained_adam()
    for group in other.param_groups:
        group["lr"] = 0.001
    return other.state_dict()


@pytest.mark.parametrize("change, message", [
    (lambda s: s["state"].update({7: {"step": 1}}),
     r"state for parameter index 7, but its parameter groups list only the indices \[0, 1\]"),
    (lambda s: s["state"].update({"0": s["state"].pop(0)}), "state for parameter index '0'"),
    (lambda s: s["state"][1].update(exp_avg=np.zeros(3)), r"'exp_avg' of parameter 1 has shape \(3,\)"),
    (lambda s: s["state"].update({1: [1, 2]}), "state of parameter 1 is not a dict"),
    (lambda s: s["param_groups"][1].update(params=[0]), "the parameter index 0: indices must be integers, distinct"),
    (lambda s: s["param_groups"][1].update(params=[1.0]), "the parameter index 1.0"),
    (lambda s: s["param_groups"][1].pop("params"), "group 1 is not a dict with a 'params' list"),
    (lambda s: s["param_groups"][0].pop("betas"), r"group 0 lacks options of Adam: \['betas'\]"),
    (lambda s: s["param_groups"].pop(), "different number of parameter groups: 1 saved, 2"),
    (lambda s: s["param_groups"][0]["params"].append(5), "group 0 has 2 parameters saved, 1 here"),
    (lambda s: s.pop("state"), "must be a dict with 'state' and 'param_groups'"),
    (lambda s: s.update(state=[1]), "'param_groups' must be a list and its 'state' a dict"),
])
def test_a_fault_raises_a_clear_error_and_changes_nothing(change, message):
    optimizer = trained_adam()
    before = snapshot(optimizer)
    state = saved()
    change(state)
    with pytest.raises(ValueError, match=message):
        optimizer.load_state_dict(state)
    assert_same(optimizer.state_dict(), before)


def test_not_a_mapping_is_refused():
    with pytest.raises(ValueError, match="got list"):
        trained_adam().load_state_dict([])


def test_a_good_state_dict_loads_and_numpy_integer_indices_work():
    optimizer = trained_adam()
    state = saved()
    state["state"] = {np.int64(index): value for index, value in state["state"].items()}
    state["param_groups"][1]["params"] = [np.int64(1)]
    optimizer.load_state_dict(state)
    assert [group["lr"] for group in optimizer.param_groups] == [0.001, 0.001]
    assert_same(optimizer.state_dict(), saved())
