"""Module.load_state_dict checks every entry before it changes anything: all or nothing."""
import numpy as np
import pytest

import autograd
import nn


def model_and_snapshot():
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    model(autograd.randn(4, 2))  # running statistics and num_batches_tracked move
    return model, {key: value.detach().numpy().copy() for key, value in model.state_dict().items()}


def assert_unchanged(model, snapshot):
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(value.detach().numpy(), snapshot[key])
        assert value.dtype == snapshot[key].dtype


def good_state():
    return {key: np.full(value.shape, 7, dtype=value.dtype) for key, value in
            nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3)).state_dict().items()}


@pytest.mark.parametrize("change, message", [
    (lambda s: s.pop("1.running_var"), "missing keys: 1.running_var"),
    (lambda s: s.update(extra=np.ones(1)), "unexpected keys: extra"),
    (lambda s: s.update({"0.bias": np.ones(4)}), r"size mismatch for 0.bias: checkpoint has shape \(4,\)"),
    (lambda s: s.update({"1.num_batches_tracked": np.array(2.5)}),
     "dtype mismatch for 1.num_batches_tracked: checkpoint has float64, which does not cast to the module's int64"),
    (lambda s: s.update({"0.weight": np.ones((3, 2), dtype=np.complex64)}), "dtype mismatch for 0.weight"),
    (lambda s: s.update({"0.bias": "abc"}), "invalid value for 0.bias: expected torch.Tensor .* received str"),
    (lambda s: s.update({"0.bias": None}), "invalid value for 0.bias"),
    (lambda s: s.update({"0.bias": [1, [2, 3]]}), "invalid value for 0.bias"),
])
def test_one_bad_entry_loads_nothing(change, message):
    model, snapshot = model_and_snapshot()
    state = good_state()  # every other entry is fine and would change the model
    change(state)
    with pytest.raises(RuntimeError, match=message) as error:
        model.load_state_dict(state)
    assert "nothing was loaded" in str(error.value)
    assert_unchanged(model, snapshot)


def test_every_problem_is_listed_at_once():
    model, snapshot = model_and_snapshot()
    state = good_state()
    state.pop("0.weight")
    state["0.bias"] = np.ones(5)
    state[7] = np.ones(1)  # a non-string key is named, not a crash
    with pytest.raises(RuntimeError) as error:
        model.load_state_dict(state)
    assert all(part in str(error.value) for part in ["missing keys: 0.weight", "unexpected keys: 7", "0.bias"])
    assert_unchanged(model, snapshot)


def test_a_state_dict_must_be_a_mapping():
    with pytest.raises(TypeError, match="Expected state_dict to be dict-like, got list"):
        nn.Linear(1, 1).load_state_dict([("weight", np.ones((1, 1)))])


def test_casts_within_a_kind_are_loaded_into_the_modules_own_arrays():
    model, _ = model_and_snapshot()
    weight = model[0].weight
    state = good_state()
    state["0.weight"] = np.arange(6, dtype=np.float64).reshape(3, 2)  # float64 into float32: as PyTorch
    state["1.num_batches_tracked"] = np.array(3, dtype=np.int32)
    state["1.running_mean"] = autograd.tensor([1, 2, 3])  # int64 into float32, a Tensor
    state["1.weight"] = np.array([True, False, True])
    assert model.load_state_dict(state) == ([], [])
    assert model[0].weight is weight and weight.dtype == np.float32
    assert weight.tolist() == [[0, 1], [2, 3], [4, 5]] and model[1].running_mean.tolist() == [1, 2, 3]
    assert model[1].num_batches_tracked.dtype == np.int64 and model[1].num_batches_tracked.item() == 3


def test_not_strict_still_refuses_mismatched_entries_and_loads_nothing():
    model, snapshot = model_and_snapshot()
    state = good_state()
    state["1.num_batches_tracked"] = np.array(0.5)
    with pytest.raises(RuntimeError, match="dtype mismatch"):
        model.load_state_dict(state, strict=False)
    assert_unchanged(model, snapshot)


def test_a_value_whose_conversion_raises_is_reported_not_raised():
    class Stubborn:
        def __array__(self, dtype=None, copy=None):
            raise RuntimeError("Can't call numpy() on Tensor that requires grad")

    model, snapshot = model_and_snapshot()
    state = good_state()
    state["0.bias"] = Stubborn()
    with pytest.raises(RuntimeError, match="invalid value for 0.bias: not an array \\(RuntimeError: Can't call"):
        model.load_state_dict(state)
    assert_unchanged(model, snapshot)
