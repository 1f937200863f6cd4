"""Parameter groups, zero_grad, step(closure), state_dict checks and error messages."""
import numpy as np
import pytest

import autograd
import optim


def parameter(*values):
    return autograd.tensor(np.array(values, dtype=np.float64), requires_grad=True)


def backward_sum_of_squares(*params):
    sum(((p * p).sum() for p in params), autograd.tensor(0.0, dtype=np.float64)).backward()


def test_param_groups_take_their_own_options_and_fall_back_to_defaults():
    a, b = parameter(1.0), parameter(1.0)
    optimizer = optim.SGD([{"params": [a]}, {"params": b, "lr": 0.5}], lr=0.1, momentum=0.9)
    assert [g["lr"] for g in optimizer.param_groups] == [0.1, 0.5]
    assert optimizer.param_groups[1]["momentum"] == 0.9 and optimizer.param_groups[1]["params"] == [b]
    backward_sum_of_squares(a, b)
    optimizer.step()
    assert a.item() == pytest.approx(1 - 0.1 * 2) and b.item() == pytest.approx(1 - 0.5 * 2)


def test_add_param_group_trains_the_new_parameters_too():
    a, b = parameter(1.0), parameter(1.0)
    optimizer = optim.Adam([a], lr=0.1)
    optimizer.add_param_group({"params": [b], "lr": 0.2})
    assert optimizer.param_groups[1]["betas"] == (0.9, 0.999)
    backward_sum_of_squares(a, b)
    optimizer.step()
    assert a.item() == pytest.approx(0.9) and b.item() == pytest.approx(0.8)


def test_a_parameter_without_gradient_is_skipped_and_gets_no_state():
    used, unused = parameter(1.0), parameter(3.0)
    optimizer = optim.Adam([used, unused])
    backward_sum_of_squares(used)
    optimizer.step()
    assert unused.item() == 3.0 and unused not in optimizer.state and used in optimizer.state


@pytest.mark.parametrize("set_to_none", [True, False])
def test_zero_grad(set_to_none):
    p = parameter(1.0, 2.0)
    optimizer = optim.SGD([p], lr=0.1)
    backward_sum_of_squares(p)
    grad = p.grad
    optimizer.zero_grad(set_to_none=set_to_none)
    if set_to_none:
        assert p.grad is None
    else:
        assert p.grad is grad and np.array_equal(grad.numpy(), [0.0, 0.0])


def test_step_calls_the_closure_with_grad_enabled_and_returns_its_loss():
    p = parameter(2.0)
    optimizer = optim.SGD([p], lr=0.25)

    def closure():
        optimizer.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    with autograd.no_grad():
        loss = optimizer.step(closure)
    assert loss.item() == 4.0 and p.item() == 1.0


def test_step_records_no_graph_and_keeps_the_parameter_a_leaf():
    p = parameter(1.0, 2.0)
    alias = p.detach()  # shares p's memory
    optimizer = optim.RMSprop([p], momentum=0.9, centered=True)
    backward_sum_of_squares(p)
    optimizer.step()
    assert p.is_leaf and p.grad_fn is None and p.requires_grad
    assert not np.array_equal(alias.numpy(), [1.0, 2.0])  # updated in place: what shares its memory sees it
    assert np.array_equal(alias.numpy(), p.detach().numpy())


@pytest.mark.parametrize("make", [lambda ps: optim.SGD(ps, lr=0.1), lambda ps: optim.Adam(ps, lr=0.1)])
def test_step_is_an_in_place_change_that_a_saved_graph_notices(make):
    """As in PyTorch: backward through a graph that saved the parameter before step() refuses."""
    p = parameter(1.0, 2.0)
    saved = (p * p).sum()  # the product saves p
    backward_sum_of_squares(p)
    make([p]).step()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        saved.backward()


def test_float32_parameters_stay_float32():
    p = autograd.tensor([1.0, 2.0], requires_grad=True)
    for optimizer in (optim.SGD([p], lr=0.1, momentum=0.9), optim.Adam([p]), optim.Adagrad([p])):
        backward_sum_of_squares(p)
        optimizer.step()
        assert p.dtype == np.float32
        assert all(v.dtype == np.float32 for v in optimizer.state[p].values() if isinstance(v, np.ndarray))


@pytest.mark.parametrize("make, message", [
    (lambda p: optim.SGD(p, lr=-0.1), "Invalid learning rate: -0.1"),
    (lambda p: optim.SGD(p, momentum=-0.5), "Invalid momentum value: -0.5"),
    (lambda p: optim.SGD(p, weight_decay=-1), "Invalid weight_decay value: -1"),
    (lambda p: optim.SGD(p, momentum=0.9, dampening=0.1, nesterov=True),
     "Nesterov momentum requires a momentum and zero dampening"),
    (lambda p: optim.SGD(p, nesterov=True), "Nesterov momentum requires a momentum and zero dampening"),
    (lambda p: optim.Adam(p, lr=-1e-3), "Invalid learning rate: -0.001"),
    (lambda p: optim.Adam(p, eps=-1e-8), "Invalid epsilon value: -1e-08"),
    (lambda p: optim.Adam(p, betas=(1.0, 0.999)), "Invalid beta parameter at index 0: 1.0"),
    (lambda p: optim.Adam(p, betas=(0.9, -0.1)), "Invalid beta parameter at index 1: -0.1"),
    (lambda p: optim.AdamW(p, weight_decay=-0.01), "Invalid weight_decay value: -0.01"),
    (lambda p: optim.RMSprop(p, alpha=-0.99), "Invalid alpha value: -0.99"),
    (lambda p: optim.RMSprop(p, momentum=-1), "Invalid momentum value: -1"),
    (lambda p: optim.RMSprop(p, eps=-1), "Invalid epsilon value: -1"),
    (lambda p: optim.Adagrad(p, lr_decay=-0.1), "Invalid lr_decay value: -0.1"),
    (lambda p: optim.Adagrad(p, initial_accumulator_value=-1), "Invalid initial_accumulator_value value: -1"),
    (lambda p: optim.SGD([], lr=0.1), "optimizer got an empty parameter list"),
])
def test_hyper_parameters_out_of_range_are_named_with_their_value(make, message):
    with pytest.raises(ValueError) as error:
        make([parameter(1.0)])
    assert str(error.value) == message


def test_bad_params_arguments():
    p = parameter(1.0)
    with pytest.raises(TypeError, match="iterable of Tensors or dicts, but got Tensor"):
        optim.SGD(p, lr=0.1)
    with pytest.raises(TypeError, match="can only optimize Tensors, but one of the params is ndarray"):
        optim.SGD([np.zeros(2)], lr=0.1)
    with pytest.raises(ValueError, match="can't optimize a non-leaf Tensor"):
        optim.SGD([p * 2], lr=0.1)
    with pytest.raises(ValueError, match="more than one parameter group"):
        optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1)
    with pytest.raises(TypeError, match="ordered collections"):
        optim.SGD([{"params": {p}}], lr=0.1)


def test_state_dict_numbers_parameters_across_groups_and_is_a_snapshot():
    a, b, c = parameter(1.0), parameter(2.0), parameter(3.0)
    optimizer = optim.SGD([{"params": [a, b]}, {"params": [c], "lr": 0.5}], lr=0.1, momentum=0.9)
    backward_sum_of_squares(a, b, c)
    optimizer.step()
    saved = optimizer.state_dict()
    assert [g["params"] for g in saved["param_groups"]] == [[0, 1], [2]]
    assert saved["param_groups"][1]["lr"] == 0.5
    assert sorted(saved["state"]) == [0, 1, 2]
    buffer_before = saved["state"][2]["momentum_buffer"].copy()
    optimizer.step()
    assert np.array_equal(saved["state"][2]["momentum_buffer"], buffer_before)


def test_load_state_dict_of_a_mismatched_optimizer_says_what_differs():
    a, b = parameter(1.0), parameter(2.0)
    two_groups = optim.SGD([{"params": [a]}, {"params": [b]}], lr=0.1)
    one_group = optim.SGD([a, b], lr=0.1)
    with pytest.raises(ValueError, match="different number of parameter groups: 2 saved, 1 in this optimizer"):
        one_group.load_state_dict(two_groups.state_dict())
    with pytest.raises(ValueError, match="group 0 has 2 parameters saved, 1 here"):
        optim.SGD([a], lr=0.1).load_state_dict(one_group.state_dict())
    with pytest.raises(ValueError, match=r"lacks options of Adam: \['betas', 'eps'\] .*different kind of optim"):
        optim.Adam([a, b]).load_state_dict(one_group.state_dict())
    adam = optim.Adam([parameter(1.0, 2.0)])
    backward_sum_of_squares(*adam.param_groups[0]["params"])
    adam.step()
    with pytest.raises(ValueError, match=r"'exp_avg' of parameter 0 has shape \(2,\), but the parameter has shape"):
        optim.Adam([parameter(1.0)]).load_state_dict(adam.state_dict())


@pytest.mark.parametrize("make", [lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.1),
                                  lambda ps: optim.Adam(ps, lr=0.1, weight_decay=0.1, decoupled_weight_decay=True),
                                  lambda ps: optim.RMSprop(ps, momentum=0.5), lambda ps: optim.Adagrad(ps),
                                  lambda ps: optim.Adadelta(ps)])
def test_every_update_writes_into_the_parameters_memory_and_counts_one_write(make):
    p = parameter(1.0, 2.0)
    memory, before = p.detach().numpy(), p._version
    backward_sum_of_squares(p)
    make([p]).step()
    assert p.detach().numpy() is memory and not np.array_equal(memory, [1.0, 2.0])
    assert p._version == before + 1


def test_a_parameter_whose_elements_share_memory_is_refused_with_a_clear_error():
    p = autograd.tensor([1.0]).expand(3).requires_grad_()
    (p * p).sum().backward()
    with pytest.raises(RuntimeError, match="share memory"):
        optim.SGD([p], lr=0.1).step()


def test_increment_version_counts_a_write_made_outside_glassgrads_operations():
    from autograd.graph import increment_version

    a, b = parameter(1.0), parameter(2.0)
    saved = (a * b).sum()
    increment_version(a)
    increment_version([a, b])
    assert (a._version, b._version) == (2, 1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        saved.backward()
