"""torch.save / torch.load under glassgrad: state dicts and tensors without pickle, paths and file objects,
refusal of anything else, and files written by PyTorch named as such."""
import collections
import io

import numpy as np
import pytest

import autograd
import nn
import optim
from glassgrad.torch_stubs.serialization import load, save


def assert_same_tree(loaded, saved):
    assert type(loaded) is type(saved)
    if isinstance(saved, autograd.Tensor):
        assert loaded.dtype == saved.dtype
        np.testing.assert_array_equal(loaded.detach().numpy(), saved.detach().numpy())
    elif isinstance(saved, dict):
        assert list(loaded) == list(saved)
        for key in saved:
            assert_same_tree(loaded[key], saved[key])
    elif isinstance(saved, (list, tuple)):
        assert len(loaded) == len(saved)
        for mine, theirs in zip(loaded, saved, strict=True):
            assert_same_tree(mine, theirs)
    else:
        assert loaded == saved


def trained():
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    optimizer = optim.AdamW(model.parameters(), lr=0.01)
    for _ in range(3):
        optimizer.zero_grad()
        model(autograd.randn(5, 3)).pow(2).mean().backward()
        optimizer.step()
    return model, optimizer


def test_a_checkpoint_round_trips_through_a_path(tmp_path):
    model, optimizer = trained()
    checkpoint = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "iter_num": 200,
                  "best_val_loss": autograd.tensor(1.25), "config": {"n_layer": 2, "dropout": 0.0, "bias": False,
                                                                      "name": "char", "schedule": [1, 2.5, None]}}
    save(checkpoint, tmp_path / "ckpt.pt")
    loaded = load(tmp_path / "ckpt.pt", map_location="cpu", weights_only=True)
    assert_same_tree(loaded["model"], checkpoint["model"])
    assert_same_tree(loaded["config"], checkpoint["config"])
    assert loaded["iter_num"] == 200 and loaded["best_val_loss"].item() == 1.25
    assert loaded["optimizer"]["param_groups"] == checkpoint["optimizer"]["param_groups"]


def test_a_saved_state_dict_loads_into_a_fresh_model_and_optimizer(tmp_path):
    model, optimizer = trained()
    save(model.state_dict(), str(tmp_path / "model.pt"))
    save(optimizer.state_dict(), str(tmp_path / "optimizer.pt"))
    fresh = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    fresh.load_state_dict(load(str(tmp_path / "model.pt")))
    fresh_optimizer = optim.AdamW(fresh.parameters(), lr=0.01)
    fresh_optimizer.load_state_dict(load(str(tmp_path / "optimizer.pt"), weights_only=False))
    x = autograd.randn(7, 3)
    np.testing.assert_array_equal(fresh(x).detach().numpy(), model(x).detach().numpy())
    optimizer.zero_grad()  # one more step each: the same update
    fresh_optimizer.zero_grad()
    model(x).sum().backward()
    fresh(x).sum().backward()
    optimizer.step()
    fresh_optimizer.step()
    for mine, theirs in zip(fresh.parameters(), model.parameters(), strict=True):
        np.testing.assert_array_equal(mine.detach().numpy(), theirs.detach().numpy())


@pytest.mark.parametrize("value", [autograd.tensor([[1.5, -2.0]]), autograd.arange(6).reshape(2, 3),
                                   autograd.tensor(3.0, dtype=autograd.float64), autograd.tensor([True, False])],
                         ids=["float32", "int64", "0-d float64", "bool"])
def test_a_single_tensor_round_trips_through_a_file_object(value):
    buffer = io.BytesIO()
    save(value, buffer)
    buffer.seek(0)
    assert_same_tree(load(buffer), value)


def test_file_objects_opened_by_the_caller(tmp_path):
    state = collections.OrderedDict(weight=autograd.ones(2, 2), bias=autograd.zeros(2))
    with open(tmp_path / "state.pt", "wb") as file:
        save(state, file)
    with open(tmp_path / "state.pt", "rb") as file:
        assert_same_tree(load(file), state)


class Config:
    pass


@pytest.mark.parametrize("obj, named", [
    (nn.Linear(2, 2), "model.state_dict()"),
    (lambda x: x, "function"),
    ({"config": Config()}, "Config"),
    ({"values": b"12"}, "bytes"),
    ([autograd.ones(1), object()], "object"),
], ids=["module", "function", "object in a dict", "bytes", "object in a list"])
def test_anything_else_is_refused_before_writing(tmp_path, obj, named):
    path = tmp_path / "refused.pt"
    with pytest.raises(TypeError, match="saves tensors and state dicts") as error:
        save(obj, path)
    assert named in str(error.value)
    assert not path.exists()
    buffer = io.BytesIO()
    with pytest.raises(TypeError):
        save(obj, buffer)
    assert buffer.getvalue() == b""


def test_map_location_cpu_forms_are_accepted_and_a_gpu_is_refused(tmp_path):
    save({"w": autograd.ones(2)}, tmp_path / "w.pt")
    for where in ["cpu", autograd.device("cpu"), {"cuda:0": "cpu"}, lambda storage, location: storage]:
        assert load(tmp_path / "w.pt", map_location=where)["w"].tolist() == [1.0, 1.0]
    with pytest.raises(RuntimeError, match="CUDA device but torch.cuda.is_available\\(\\) is False"):
        load(tmp_path / "w.pt", map_location="cuda:0")


def test_a_file_written_by_pytorch_is_named_as_such(tmp_path):
    torch = pytest.importorskip("torch")
    torch.save({"w": torch.ones(2)}, tmp_path / "theirs.pt")
    with pytest.raises(ValueError, match="written by PyTorch's torch.save, which pickles"):
        load(tmp_path / "theirs.pt")
    with open(tmp_path / "theirs.pt", "rb") as file, pytest.raises(ValueError, match="never unpickles"):
        load(file)


def test_a_damaged_file_is_refused(tmp_path):
    (tmp_path / "junk.pt").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ValueError, match="not a valid checkpoint"):
        load(tmp_path / "junk.pt")


def test_a_text_file_is_refused_saying_so(tmp_path):
    with open(tmp_path / "text.pt", "w") as file, pytest.raises(TypeError, match="binary mode"):
        save({"w": autograd.ones(1)}, file)
    save({"w": autograd.ones(1)}, tmp_path / "w.pt")
    with open(tmp_path / "w.pt") as file, pytest.raises(TypeError, match="binary mode"):
        load(file)


def test_requires_grad_and_frozen_parameters_survive_a_round_trip_as_in_pytorch():
    buffer = io.BytesIO()
    save({"t": autograd.ones(2, requires_grad=True), "frozen": nn.Parameter(autograd.ones(2), requires_grad=False)},
         buffer)
    buffer.seek(0)
    loaded = load(buffer)
    assert loaded["t"].requires_grad and type(loaded["t"]) is autograd.Tensor
    assert type(loaded["frozen"]) is nn.Parameter and not loaded["frozen"].requires_grad


def error_types(save_, load_, tmp_path, tensor):
    """What saving to a folder, and loading an empty file or a folder, raise: (catchable as ...) per case."""
    (tmp_path / "empty.pt").write_bytes(b"")
    cases = {"save to a folder": lambda: save_({"w": tensor}, tmp_path),
             "load an empty file": lambda: load_(tmp_path / "empty.pt"),
             "load an empty buffer": lambda: load_(io.BytesIO(b"")),
             "load a folder": lambda: load_(tmp_path)}
    raised = {}
    for case, run in cases.items():
        with pytest.raises(Exception) as error:
            run()
        raised[case] = error.value
    return raised


def test_saving_to_a_folder_and_loading_an_empty_file_raise_what_torch_raises(tmp_path):
    torch = pytest.importorskip("torch")
    (tmp_path / "ours").mkdir()
    (tmp_path / "theirs").mkdir()
    ours = error_types(save, load, tmp_path / "ours", autograd.ones(1))
    theirs = error_types(torch.save, torch.load, tmp_path / "theirs", torch.ones(1))
    for case, error in theirs.items():
        assert isinstance(ours[case], type(error)), (case, ours[case], error)
    assert "nn.save writes a file" in str(ours["save to a folder"]) and "empty" in str(ours["load an empty file"])
    assert sorted(p.name for p in (tmp_path / "ours").iterdir()) == ["empty.pt"]  # nothing left behind
