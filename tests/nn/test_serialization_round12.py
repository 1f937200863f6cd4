"""hostile12a S4: a tensor saved together with an overlapping view of it (unfold, as_strided with overlap)
writes a file that loads, with PyTorch's values and memory sharing; a crafted overlapping view inside its
storage loads too, and one reaching outside it, or standing for too many elements, is still refused."""
import io

import numpy as np
import pytest

import autograd
import nn
from nn import checkpoint_npz

torch = pytest.importorskip("torch")

VIEWS = {  # name: a function of (library, base tensor of 6 elements) giving the overlapping view
    "unfold": lambda t, x: x.unfold(0, 2, 1),
    "unfold step 2 size 3": lambda t, x: x.unfold(0, 3, 2),
    "as_strided (3, 2), (1, 1)": lambda t, x: x.as_strided((3, 2), (1, 1)),
    "as_strided (3, 3), (1, 1) offset 1": lambda t, x: x.as_strided((3, 3), (1, 1), 1),
    "as_strided (2, 3), (2, 1)": lambda t, x: x.as_strided((2, 3), (2, 1)),
    "as_strided (5, 5), (1, 0)": lambda t, x: x.as_strided((5, 5), (1, 0)),
    "unfold of a 2-d slice": lambda t, x: x.reshape(2, 3)[:, 1:].unfold(1, 1, 1),
    "expanded unfold": lambda t, x: x.unfold(0, 2, 1).unsqueeze(0).expand(3, 5, 2),
}


def round_trip(lib, save, load, name, tmp_path, suffix):
    x = lib.arange(6.0)
    path = tmp_path / f"{lib.__name__}{suffix}"
    save({"x": x, "w": VIEWS[name](lib, x), "list": [x[1:]]}, path)
    loaded = load(path)
    return loaded, {key: loaded[key].tolist() for key in ("x", "w")} | {"list": loaded["list"][0].tolist()}


@pytest.mark.parametrize("suffix", [".pt", ".npz"])
@pytest.mark.parametrize("name", list(VIEWS))
def test_a_tensor_saved_with_an_overlapping_view_of_it_loads_as_in_pytorch(name, suffix, tmp_path):
    ours, ours_values = round_trip(autograd, nn.save, nn.load, name, tmp_path, suffix)
    _, theirs_values = round_trip(torch, torch.save, torch.load, name, tmp_path, ".pt")
    assert ours_values == theirs_values
    with autograd.no_grad():
        ours["x"].add_(100)  # the loaded tensors still share memory, as PyTorch's do
    assert ours["w"].tolist() == (torch.tensor(theirs_values["w"]) + 100).tolist()
    assert ours["list"][0].tolist() == [v + 100 for v in theirs_values["list"]]


def test_an_overlapping_view_saved_alone_loads():
    x = autograd.arange(5.0)
    buffer = io.BytesIO()
    nn.save(x.unfold(0, 3, 1), buffer)
    buffer.seek(0)
    assert nn.load(buffer).tolist() == torch.arange(5.0).unfold(0, 3, 1).tolist()


def test_a_loaded_overlapping_view_refuses_in_place_writes_clearly():
    """As before saving: glassgrad refuses a write to a tensor whose elements overlap (not done twice)."""
    x = autograd.arange(4.0)
    buffer = io.BytesIO()
    nn.save({"x": x, "w": x.unfold(0, 2, 1)}, buffer)
    buffer.seek(0)
    loaded = nn.load(buffer)
    with pytest.raises(RuntimeError, match="single memory location"):
        loaded["w"].mul_(2)
    assert loaded["x"].tolist() == [0.0, 1.0, 2.0, 3.0]


def crafted(view):
    buffer = io.BytesIO()
    checkpoint_npz.write(buffer, {"list": [{"tensor": "s", "view": view}]}, {"s": np.arange(6.0)})
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize("view, expected", [
    ([0, [3, 3], [1, 1]], [[0, 1, 2], [1, 2, 3], [2, 3, 4]]),
    ([5, [4, 3], [-1, 0]], [[5] * 3, [4] * 3, [3] * 3, [2] * 3]),
    ([2, [2, 2, 2], [1, 1, 1]], [[[2, 3], [3, 4]], [[3, 4], [4, 5]]]),
])
def test_a_crafted_overlapping_view_inside_its_storage_loads(view, expected):
    assert nn.load(crafted(view))[0].tolist() == expected


@pytest.mark.parametrize("view, message", [
    ([0, [3, 5], [1, 1]], "outside its storage"),
    ([0, [2, 2], [-1, 1]], "outside its storage"),
    ([0, [2**16, 2**16], [1, 0]], "4294967296 elements"),
    ([0, [2**11, 2**11, 2**11], [0, 0, 0]], "elements"),
])
def test_a_crafted_overlapping_view_outside_or_too_big_is_refused(view, message):
    with pytest.raises(ValueError, match="not a valid checkpoint.*" + message):
        nn.load(crafted(view))


@pytest.mark.parametrize("suffix", [".pt", ".npz"])
def test_a_container_referenced_twice_comes_back_as_equal_copies_as_documented(tmp_path, suffix):
    """The documented difference (nn.serialization's docstring): torch.load gives one list, nn.load two equal
    ones; the tensors inside are still one object each."""
    weights = autograd.arange(3.0)
    shared = [weights, 1, "a"]
    nn.save({"a": shared, "b": shared, "c": {"d": shared}}, tmp_path / f"tree{suffix}")
    loaded = nn.load(tmp_path / f"tree{suffix}")
    assert loaded["a"] == loaded["b"] and loaded["a"] is not loaded["b"] and "two equal copies" in nn.serialization.__doc__
    assert loaded["a"][0] is loaded["b"][0] is loaded["c"]["d"][0] and loaded["a"][1:] == [1, "a"]
    torch_shared = [torch.arange(3.0)]
    torch.save({"a": torch_shared, "b": torch_shared}, tmp_path / "torch.pt")
    from_torch = torch.load(tmp_path / "torch.pt")
    assert from_torch["a"] is from_torch["b"]  # (the difference, as PyTorch behaves today)
