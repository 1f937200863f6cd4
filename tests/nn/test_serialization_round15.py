"""hostile15b: checkpoints (nn.save / nn.load, torch.save / torch.load through glassgrad) against PyTorch.

S1: two checkpoints saved one after the other into one stream or file: loading from the start reads the FIRST
(the archive that starts there), as torch.load does; a stream positioned at the second reads the second."""
import io

import numpy as np
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")


def two_in_one(lib, save, first, second):
    """A stream holding save(first) then save(second), and the position where the second starts."""
    stream = io.BytesIO()
    save(first(lib), stream)
    middle = stream.tell()
    save(second(lib), stream)
    return stream, middle


def plain(value):
    """A checkpoint as comparable Python values."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value.tolist() if hasattr(value, "tolist") else value


CHECKPOINTS = {
    "small then small": (lambda lib: {"epoch": 1, "w": lib.ones(1)}, lambda lib: {"epoch": 2, "w": lib.zeros(1)}),
    "big then small": (lambda lib: {"epoch": 1, "w": lib.arange(5000.0)}, lambda lib: {"epoch": 2}),
    "small then big": (lambda lib: {"epoch": 1}, lambda lib: {"epoch": 2, "w": lib.arange(5000.0)}),
    "same keys": (lambda lib: {"w": lib.arange(3.0)}, lambda lib: {"w": lib.arange(3.0) + 10}),
}
# torch.load finds the second archive's directory, whose offsets lead to the first archive's records when both
# have the same layout; with a big first archive it fails ("invalid header or archive is corrupted").
TORCH_READS_FIRST = {"small then small", "same keys"}


@pytest.mark.parametrize("name", CHECKPOINTS)
def test_loading_from_the_start_of_two_checkpoints_reads_the_first(name):
    first, second = CHECKPOINTS[name]
    ours, _ = two_in_one(autograd, nn.save, first, second)
    ours.seek(0)
    assert plain(nn.load(ours)) == plain(first(torch))
    if name in TORCH_READS_FIRST:
        theirs, _ = two_in_one(torch, torch.save, first, second)
        theirs.seek(0)
        assert plain(torch.load(theirs)) == plain(first(torch))


@pytest.mark.parametrize("name", CHECKPOINTS)
def test_a_stream_positioned_at_the_second_checkpoint_reads_the_second(name):
    first, second = CHECKPOINTS[name]
    ours, middle = two_in_one(autograd, nn.save, first, second)
    theirs, their_middle = two_in_one(torch, torch.save, first, second)
    ours.seek(middle)
    theirs.seek(their_middle)
    assert plain(nn.load(ours)) == plain(torch.load(theirs)) == plain(second(torch))


def test_loading_leaves_the_stream_at_the_end_of_the_checkpoint_read():
    """So that two loads in turn read the two checkpoints (torch.load leaves the stream elsewhere and fails)."""
    stream, middle = two_in_one(autograd, nn.save, *CHECKPOINTS["big then small"])
    stream.seek(0)
    assert nn.load(stream)["epoch"] == 1 and stream.tell() == middle
    assert nn.load(stream) == {"epoch": 2} and stream.tell() == len(stream.getvalue())


def test_two_checkpoints_in_one_real_file(tmp_path):
    path = tmp_path / "two.pt"
    with open(path, "wb") as file:
        nn.save({"epoch": 1}, file)
        nn.save({"epoch": 2}, file)
    with open(path, "rb") as file:
        assert nn.load(file) == {"epoch": 1}
        assert nn.load(file) == {"epoch": 2}
    assert nn.load(path) == {"epoch": 1}


def test_two_numpy_npz_archives_in_one_stream():
    stream = io.BytesIO()
    np.savez(stream, a=np.arange(3))
    middle = stream.tell()
    np.savez(stream, a=np.arange(5))
    stream.seek(0)
    assert nn.load(stream)["a"].tolist() == [0, 1, 2]
    stream.seek(middle)
    assert nn.load(stream)["a"].tolist() == [0, 1, 2, 3, 4]


def test_a_checkpoint_after_unrelated_bytes_is_read_from_its_start():
    stream = io.BytesIO(b"header of some other format" * 1000)
    stream.seek(0, io.SEEK_END)
    start = stream.tell()
    nn.save({"w": autograd.arange(4.0)}, stream)
    stream.seek(start)
    assert nn.load(stream)["w"].tolist() == [0.0, 1.0, 2.0, 3.0]


def test_a_checkpoint_followed_by_other_bytes_still_loads():
    stream = io.BytesIO()
    nn.save({"w": autograd.arange(4.0)}, stream)
    stream.write(bytes(200_000))
    stream.seek(0)
    assert nn.load(stream)["w"].tolist() == [0.0, 1.0, 2.0, 3.0]


def test_a_checkpoint_cut_before_its_end_record_is_refused_even_with_another_after_it():
    """The first archive without its directory, then a whole second one: never silently the second."""
    stream, middle = two_in_one(autograd, nn.save, *CHECKPOINTS["small then small"])
    data = stream.getvalue()
    cut = io.BytesIO(data[:middle - 30] + data[middle:])
    with pytest.raises(ValueError, match="nn.load"):
        print(nn.load(cut))


def test_two_safetensors_in_one_stream_are_refused_from_the_start_and_read_from_the_second():
    stream = io.BytesIO()
    nn.save({"a": autograd.ones(1)}, stream, format="safetensors")
    middle = stream.tell()
    nn.save({"b": autograd.zeros(1)}, stream, format="safetensors")
    stream.seek(0)
    with pytest.raises(ValueError, match="follow the header"):
        nn.load(stream)
    stream.seek(middle)
    assert list(nn.load(stream)) == ["b"]


# S3: an .npz (written by np.savez, or crafted) holding arrays of the other byte order loads as native tensors.

@pytest.mark.parametrize("dtype", [">f4", ">f8", ">i4", ">i8", ">u2", ">c8"])
def test_an_npz_of_big_endian_arrays_loads_as_native_tensors(dtype):
    stream = io.BytesIO()
    values = np.arange(6).reshape(2, 3)
    np.savez(stream, w=values.astype(dtype))
    stream.seek(0)
    loaded = nn.load(stream)["w"]
    assert loaded.dtype == np.dtype(dtype).newbyteorder("=") and loaded.numpy().dtype.isnative
    assert loaded.tolist() == values.tolist()
    assert (loaded + autograd.zeros(1, dtype=loaded.dtype)).dtype == loaded.dtype


def test_a_checkpoint_holding_a_big_endian_numpy_array_loads_it_native():
    stream = io.BytesIO()
    nn.save({"array": np.arange(3).astype(">f4"), "w": autograd.ones(2)}, stream)
    stream.seek(0)
    loaded = nn.load(stream)
    assert loaded["array"].dtype == np.float32 and loaded["array"].dtype.isnative
    assert loaded["array"].tolist() == [0.0, 1.0, 2.0]


# S4: a tensor referenced twice next to a view of it loads as one object (as torch.load gives it), its flag shared.

LAYOUTS = {
    "x, x, view": lambda x: [x, x, x[2:]],
    "view first": lambda x: [x[2:], x, x],
    "two views of one base, the base twice": lambda x: [x[1:], x, x[::2], x],
    "the same view twice": lambda x: (lambda v: [x, v, v])(x[1:4]),
    "equal views that are two objects": lambda x: [x, x[1:], x[1:]],
    "dict values": lambda x: {"a": x, "b": x[3:], "c": x},
    "nested lists": lambda x: [[x, [x[1:]]], {"d": [x]}],
    "a view of a view, twice": lambda x: (lambda v: [v, v[1:], v])(x.reshape(2, 3)),
}


def leaves(tree):
    """The tensors of a checkpoint tree, in order."""
    if isinstance(tree, dict):
        return [leaf for value in tree.values() for leaf in leaves(value)]
    if isinstance(tree, (list, tuple)):
        return [leaf for value in tree for leaf in leaves(value)]
    return [tree]


def identities(loaded):
    """Which loaded tensors are one object, which share memory, and the flags after one requires grad."""
    found = leaves(loaded)
    same = [[a is b for b in found] for a in found]
    found[0].requires_grad_()
    flags = [leaf.requires_grad for leaf in found]
    with (torch if isinstance(found[0], torch.Tensor) else autograd).no_grad():
        found[0].view(-1)[-1] = 100.0
    return same, flags, [leaf.tolist() for leaf in found]


@pytest.mark.parametrize("suffix", [".npz", ".pt"])
@pytest.mark.parametrize("name", LAYOUTS)
def test_a_tensor_referenced_twice_next_to_its_views_loads_as_one(name, suffix, tmp_path):
    nn.save(LAYOUTS[name](autograd.arange(6.0)), tmp_path / f"ours{suffix}")
    torch.save(LAYOUTS[name](torch.arange(6.0)), tmp_path / "theirs.pt")
    assert identities(nn.load(tmp_path / f"ours{suffix}")) == identities(torch.load(tmp_path / "theirs.pt"))


def test_requires_grad_of_a_tensor_saved_twice_with_its_view_is_kept():
    x = autograd.arange(6.0, requires_grad=True)
    stream = io.BytesIO()
    nn.save([x, x, x[2:].detach()], stream)
    stream.seek(0)
    loaded = nn.load(stream)
    assert loaded[0] is loaded[1] and loaded[0].requires_grad and not loaded[2].requires_grad


def damaged_object(tree):
    """A checkpoint whose view entry carries "object" of a wrong type."""
    import json
    import zipfile
    stream = io.BytesIO()
    nn.save(tree, stream)
    source = zipfile.ZipFile(io.BytesIO(stream.getvalue()))
    description = json.loads(source.read("__glassgrad__.json"))
    description["list"][0]["object"] = "zero"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("__glassgrad__.json", json.dumps(description))
        for info in source.infolist()[1:]:
            archive.writestr(info.filename, source.read(info))
    out.seek(0)
    return out


def test_a_malformed_object_number_is_refused():
    x = autograd.arange(6.0)
    with pytest.raises(ValueError, match="malformed entry"):
        nn.load(damaged_object([x, x[2:]]))


def test_a_file_without_object_numbers_still_loads_each_entry_as_its_own_tensor():
    """Files written before the numbers existed: the old behaviour (sharing memory, separate objects)."""
    import json
    import zipfile
    x = autograd.arange(6.0)
    stream = io.BytesIO()
    nn.save([x, x, x[2:]], stream)
    source = zipfile.ZipFile(io.BytesIO(stream.getvalue()))
    description = json.loads(source.read("__glassgrad__.json"))
    for entry in description["list"]:
        del entry["object"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("__glassgrad__.json", json.dumps(description))
        for info in source.infolist()[1:]:
            archive.writestr(info.filename, source.read(info))
    out.seek(0)
    loaded = nn.load(out)
    assert loaded[0] is not loaded[1]
    with autograd.no_grad():
        loaded[0][3] = 50.0
    assert loaded[1][3].item() == 50.0 and loaded[2][1].item() == 50.0
