"""nn.save / nn.load: a round trip through .npz, no pickle, and clear errors for bad files."""
import numpy as np
import pytest

import autograd
import nn


def test_round_trip_restores_every_parameter_and_buffer(tmp_path):
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Flatten(), nn.Linear(2, 3))
    model(autograd.randn(4, 1, 3, 3))  # moves the running statistics away from their start
    path = tmp_path / "model.npz"
    nn.save(model.state_dict(), path)
    loaded = nn.load(path)
    assert list(loaded) == list(model.state_dict())
    assert loaded["1.num_batches_tracked"].dtype == np.int64 and loaded["0.weight"].dtype == np.float32
    fresh = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Flatten(), nn.Linear(2, 3))
    fresh.load_state_dict(loaded)
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(fresh.state_dict()[key]._data, value._data)


def test_saved_file_is_a_plain_npz_without_pickles(tmp_path):
    path = tmp_path / "weights.npz"
    nn.save({"w": autograd.ones(2), "step": 3}, path)
    with np.load(path, allow_pickle=False) as archive:
        assert archive.files == ["w", "step"]


def test_objects_that_would_need_pickle_are_refused(tmp_path):
    with pytest.raises(TypeError, match=r"'meta.fn' cannot be saved without pickle \(got function\)"):
        nn.save({"meta": {"fn": lambda x: x}}, tmp_path / "bad.npz")
    with pytest.raises(TypeError, match="'names' is not numeric data"):
        nn.save({"names": np.array([{}, []], dtype=object)}, tmp_path / "bad.npz")


def test_nested_checkpoint_round_trip_keeps_types(tmp_path):
    state = {"model": {"w": autograd.ones(2)}, "optimizer": {"state": {0: {"step": 3, "buf": np.arange(3.0)}},
             "param_groups": [{"lr": 0.1, "betas": (0.9, 0.999), "params": [0], "nesterov": False, "foreach": None}]},
             "epoch": 7, "note": "warm-up"}
    nn.save(state, tmp_path / "run.npz")
    loaded = nn.load(tmp_path / "run.npz")
    assert loaded["epoch"] == 7 and loaded["note"] == "warm-up"
    assert isinstance(loaded["model"]["w"], autograd.Tensor) and loaded["model"]["w"].tolist() == [1.0, 1.0]
    assert loaded["optimizer"]["state"][0]["step"] == 3
    assert loaded["optimizer"]["state"][0]["buf"].tolist() == [0.0, 1.0, 2.0]
    assert loaded["optimizer"]["param_groups"] == state["optimizer"]["param_groups"]


def test_corrupt_or_foreign_files_give_a_clear_error(tmp_path):
    text = tmp_path / "notes.npz"
    text.write_text("not a checkpoint")
    with pytest.raises(ValueError, match="is not a valid .npz checkpoint"):
        nn.load(text)
    truncated = tmp_path / "truncated.npz"
    nn.save({"w": autograd.ones(100)}, truncated)
    truncated.write_bytes(truncated.read_bytes()[:60])
    with pytest.raises(ValueError, match="is not a valid .npz checkpoint"):
        nn.load(truncated)
    single = tmp_path / "single.npy"
    np.save(single, np.ones(3))
    with pytest.raises(ValueError, match="not a .npz archive"):
        nn.load(single)
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, obj=np.array([{"a": 1}], dtype=object))
    with pytest.raises(ValueError, match="is not a valid .npz checkpoint"):
        nn.load(pickled)
    with pytest.raises(FileNotFoundError):
        nn.load(tmp_path / "missing.npz")
