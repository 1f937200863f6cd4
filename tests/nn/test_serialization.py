"""nn.save / nn.load: round trips through .npz and .safetensors, no pickle, atomic saves, and a clear
ValueError for every damaged or crafted file (checked before anything large is allocated)."""
import collections
import io
import json
import math
import os
import struct
import tracemalloc
import zipfile

import numpy as np
import pytest

import autograd
import nn
from nn import checkpoint_npz, serialization


def conv_bn_model():
    return nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Flatten(), nn.Linear(2, 3))


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_round_trip_restores_every_parameter_and_buffer(tmp_path, suffix):
    model = conv_bn_model()
    model(autograd.randn(4, 1, 3, 3))  # moves the running statistics away from their start
    path = tmp_path / f"model{suffix}"
    nn.save(model.state_dict(), path)
    loaded = nn.load(path)
    assert isinstance(loaded, collections.OrderedDict) and list(loaded) == list(model.state_dict())
    assert loaded["1.num_batches_tracked"].dtype == np.int64 and loaded["0.weight"].dtype == np.float32
    fresh = conv_bn_model()
    fresh.load_state_dict(loaded)
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(fresh.state_dict()[key]._data, value._data)


@pytest.mark.parametrize("name", ["ckpt", "ckpt.pt", "ckpt.bin", "ckpt.npz", "ckpt.safetensors"])
def test_save_writes_exactly_the_path_it_is_given(tmp_path, name):
    nn.save({"w": autograd.ones(2)}, tmp_path / name)
    nn.save({"w": autograd.ones(3)}, str(tmp_path / name))  # overwrites, as torch.save does
    assert sorted(os.listdir(tmp_path)) == [name]
    assert nn.load(tmp_path / name)["w"].tolist() == [1.0, 1.0, 1.0]


def test_saved_file_has_mode_from_the_umask(tmp_path):
    umask = os.umask(0o022)
    try:
        nn.save({"w": autograd.ones(2)}, tmp_path / "m.npz")
    finally:
        os.umask(umask)
    assert (tmp_path / "m.npz").stat().st_mode & 0o777 == 0o644
    (tmp_path / "m.npz").chmod(0o600)  # an existing file keeps its permissions, as with torch.save
    nn.save({"w": autograd.ones(2)}, tmp_path / "m.npz")
    assert (tmp_path / "m.npz").stat().st_mode & 0o777 == 0o600


def test_the_npz_is_plain_numpy_without_pickles(tmp_path):
    path = tmp_path / "weights.npz"
    nn.save({"w": autograd.ones(2), "step": 3}, path)
    with np.load(path, allow_pickle=False) as archive:
        assert archive["w"].tolist() == [1.0, 1.0]
        assert json.loads(archive[checkpoint_npz.TREE_MEMBER])  # the tree, as JSON bytes


def test_a_plain_npz_written_by_numpy_loads_as_a_dict_of_tensors(tmp_path):
    np.savez(tmp_path / "plain.npz", weight=np.ones((2, 2)), bias=np.zeros(2, dtype=np.float32))
    np.savez_compressed(tmp_path / "packed.npz", weight=np.ones((2, 2)))
    loaded = nn.load(tmp_path / "plain.npz")
    assert list(loaded) == ["weight", "bias"] and loaded["weight"].dtype == np.float64
    assert nn.load(tmp_path / "packed.npz")["weight"].tolist() == [[1.0, 1.0], [1.0, 1.0]]


KEYS = ["allow_pickle", "file", "__structure__", "__glassgrad__.json", "", "é中文", "\udc80", "a\x00b", "/abs",
        "a/../b", "x.npy", "dir/", "array0", "array1", "back\\slash", "x" * 300, " ", "\n"]


def test_every_string_key_round_trips(tmp_path):
    state = {key: autograd.tensor([float(i)]) for i, key in enumerate(KEYS)}
    nn.save(state, tmp_path / "keys.npz")
    loaded = nn.load(tmp_path / "keys.npz")
    assert list(loaded) == KEYS
    assert [value.tolist() for value in loaded.values()] == [[float(i)] for i in range(len(KEYS))]


def test_safetensors_takes_every_unicode_name_but_its_reserved_one(tmp_path):
    names = [key for key in KEYS if key != "\udc80"]
    nn.save({key: autograd.tensor([float(i)]) for i, key in enumerate(names)}, tmp_path / "keys.safetensors")
    assert list(nn.load(tmp_path / "keys.safetensors")) == names
    for bad in ["__metadata__", "\udc80", 3]:
        with pytest.raises(TypeError, match="safetensors names must be Unicode strings"):
            nn.save({bad: autograd.ones(1)}, tmp_path / "bad.safetensors")


SCALAR_VALUES = {"int": 3, "negative": -7, "huge int": 2**100, "float": 1.5, "negative zero": -0.0, "inf": math.inf,
                 "bool": True, "false": False, "str": "warm-up ✓", "empty str": "", "none": None,
                 "np float32": np.float32(1.25), "np float64": np.float64(-2.5), "np int64": np.int64(7),
                 "np int8": np.int8(-3), "np bool": np.bool_(True), "np complex": np.complex64(1 + 2j)}


def test_numbers_strings_and_none_come_back_as_what_they_were(tmp_path):
    nn.save({**SCALAR_VALUES, "nan": math.nan, "w": autograd.ones(1)}, tmp_path / "flat.npz")
    loaded = nn.load(tmp_path / "flat.npz")
    for key, value in SCALAR_VALUES.items():
        assert type(loaded[key]) is type(value) and loaded[key] == value, key
    assert math.copysign(1, loaded["negative zero"]) == -1
    assert type(loaded["nan"]) is float and math.isnan(loaded["nan"])


def test_nested_checkpoint_round_trip_keeps_types(tmp_path):
    state = {"model": collections.OrderedDict(w=autograd.ones(2)),
             "optimizer": {"state": {0: {"step": 3, "buf": np.arange(3.0)}},
                           "param_groups": [{"lr": 0.1, "betas": (0.9, 0.999), "params": [0], "foreach": None}]},
             "keys": {1: "int", 1.5: "float", None: "none", False: "bool", "1": "str"},
             "epoch": 7, "note": "warm-up", "history": [1.0, 0.5], "empty": {}, "nothing": []}
    nn.save(state, tmp_path / "run.npz")
    loaded = nn.load(tmp_path / "run.npz")
    assert type(loaded) is dict and type(loaded["model"]) is collections.OrderedDict
    assert isinstance(loaded["model"]["w"], autograd.Tensor) and loaded["model"]["w"].tolist() == [1.0, 1.0]
    assert type(loaded["optimizer"]["state"][0]["buf"]) is np.ndarray
    assert loaded["optimizer"]["param_groups"] == state["optimizer"]["param_groups"]
    assert type(loaded["optimizer"]["param_groups"][0]["betas"]) is tuple
    assert loaded["keys"] == state["keys"] and [type(k) for k in loaded["keys"]] == [int, float, type(None), bool, str]
    assert {k: loaded[k] for k in ("epoch", "note", "history", "empty", "nothing")} == \
        {k: state[k] for k in ("epoch", "note", "history", "empty", "nothing")}


def test_a_tensor_saved_twice_comes_back_as_one_and_parameters_stay_parameters(tmp_path):
    weight = nn.Parameter(autograd.ones(2))
    nn.save({"encoder": weight, "decoder": weight, "plain": autograd.ones(1), "single": autograd.ones(3)},
            tmp_path / "tied.npz")
    loaded = nn.load(tmp_path / "tied.npz")
    assert loaded["encoder"] is loaded["decoder"] and isinstance(loaded["encoder"], nn.Parameter)
    assert loaded["encoder"].requires_grad and type(loaded["plain"]) is autograd.Tensor
    assert nn.load(io.BytesIO(_saved({"t": autograd.ones(2)}))) is not None
    lone = _saved(autograd.arange(3))
    assert nn.load(io.BytesIO(lone)).tolist() == [0, 1, 2]  # any tree, a lone tensor included


def test_requires_grad_and_frozen_parameters_round_trip_as_torch_load_gives_them(tmp_path):
    torch = pytest.importorskip("torch")

    def tree(lib, lib_nn):
        computed = lib.ones(2, requires_grad=True) * 2  # saved as what torch.load gives: a leaf requiring grad
        return {"t": lib.ones(2, requires_grad=True), "plain": lib.ones(2), "computed": computed,
                "frozen": lib_nn.Parameter(lib.ones(2), requires_grad=False),
                "frozen_int": lib_nn.Parameter(lib.arange(3), requires_grad=False), "p": lib_nn.Parameter(lib.ones(2))}

    def summary(loaded):
        return {k: (type(v).__name__, v.requires_grad, v.is_leaf, v.tolist()) for k, v in loaded.items()}

    torch.save(tree(torch, torch.nn), tmp_path / "theirs.pt")
    nn.save(tree(autograd, nn), tmp_path / "ours.npz")
    assert summary(nn.load(tmp_path / "ours.npz")) == summary(torch.load(tmp_path / "theirs.pt"))


def test_files_written_before_the_requires_grad_flag_still_load():
    arrays = {"w": np.ones(2, np.float32), "b": np.zeros(2, np.float32), "n": np.arange(2)}
    old = with_tree({"dict": [["w", {"parameter": "w"}], ["b", {"tensor": "b"}], ["n", {"tensor": "n"}]]}, arrays)
    loaded = nn.load(io.BytesIO(old))
    assert type(loaded["w"]) is nn.Parameter and loaded["w"].requires_grad
    assert type(loaded["b"]) is autograd.Tensor and not loaded["b"].requires_grad and not loaded["n"].requires_grad
    # and what is saved without the flag is written exactly as before it existed
    assert _saved({"w": nn.Parameter(autograd.ones(2)), "b": autograd.zeros(2)}) == \
        with_tree({"dict": [["w", {"parameter": "w"}], ["b", {"tensor": "b"}]]},
                  {"w": np.ones(2, np.float32), "b": np.zeros(2, np.float32)})


@pytest.mark.parametrize("tree, message", [
    ({"tensor": "a", "requires_grad": 1}, "malformed entry"),
    ({"tensor": "a", "requires_grad": None}, "malformed entry"),
    ({"array": "a", "requires_grad": True}, "malformed entry"),
    ({"scalar": "a", "requires_grad": False}, "malformed entry"),
    ({"tensor": "a", "grad": True}, "malformed entry"),
    ({"requires_grad": True, "tensor": "a"}, "malformed entry"),
    ({"list": [{"value": 1}], "requires_grad": True}, "malformed entry"),
    ({"tensor": "a", "requires_grad": True, "x": 1}, "malformed entry"),
    ({"list": [{"tensor": "a"}, {"tensor": "a", "requires_grad": True}]},
     "the array 'a' as both a tensor and a tensor with requires_grad=True"),
    ({"list": [{"parameter": "a", "requires_grad": False}, {"parameter": "a"}]},
     "the array 'a' as both a parameter with requires_grad=False and a parameter"),
])
def test_crafted_requires_grad_flags_are_refused(tree, message):
    assert_refused(with_tree(tree, {"a": np.ones(2, np.float32)}), message)


@pytest.mark.parametrize("kind", ["tensor", "parameter"])
@pytest.mark.parametrize("dtype", [np.int64, np.bool_, np.complex64])
def test_a_flag_no_tensor_of_that_dtype_can_have_is_refused(kind, dtype):
    assert_refused(with_tree({kind: "a", "requires_grad": True}, {"a": np.ones(2, dtype)}), "that requires grad")
    loaded = nn.load(io.BytesIO(with_tree({kind: "a", "requires_grad": False}, {"a": np.ones(2, dtype)})))
    assert not loaded.requires_grad and loaded.dtype == dtype


def _saved(obj, format="npz"):
    buffer = io.BytesIO()
    nn.save(obj, buffer, format=format)
    return buffer.getvalue()


@pytest.mark.parametrize("format", ["npz", "safetensors"])
def test_layouts_and_dtypes_round_trip_exactly(format):
    base = np.arange(24, dtype=np.float64).reshape(4, 6)
    arrays = {"transposed": base.T, "strided": base[::2, ::3], "fortran": np.asfortranarray(base),
              "big endian": base.astype(">f4"), "float16": base.astype(np.float16), "int8": base.astype(np.int8),
              "uint64": base.astype(np.uint64), "bool": base > 10, "empty": np.zeros((0, 3)), "0-d": np.array(2.5)}
    # (no tensor holds an array of the other byte order: autograd.tensor refuses it, as PyTorch; the array is saved)
    loaded = nn.load(io.BytesIO(_saved({k: autograd.tensor(v) if v.dtype.isnative else v
                                        for k, v in arrays.items()}, format)))
    for key, array in arrays.items():
        got = loaded[key]._data if isinstance(loaded[key], autograd.Tensor) else loaded[key]
        assert got.shape == array.shape and got.dtype == array.dtype.newbyteorder("="), key
        np.testing.assert_array_equal(got, array)
        assert got.dtype.isnative and got.flags.writeable, key


@pytest.mark.parametrize("value, message", [
    ({"meta": {"fn": lambda x: x}}, r"'meta.fn' cannot be saved without pickle \(got function\)"),
    ({"names": np.array([{}, []], dtype=object)}, "'names' holds object data"),
    ({"text": np.array(["a", "b"])}, "'text' holds <U1 data"),
    ({"record": np.zeros(2, dtype=[("a", "f4")])}, "'record' holds"),
    ({(1, 2): autograd.ones(1)}, "has the key \\(1, 2\\) of type tuple"),
    ({"counts": collections.defaultdict(int)}, r"got defaultdict\).*convert it with dict\(value\)"),
    ({"raw": b"\x00"}, r"got bytes\).*np.frombuffer"),
])
def test_values_that_would_need_pickle_are_refused(tmp_path, value, message):
    with pytest.raises(TypeError, match=message):
        nn.save(value, tmp_path / "bad.npz")
    assert not list(tmp_path.iterdir())


def test_cycles_and_absurd_nesting_are_refused(tmp_path):
    loop = {"a": 1}
    loop["self"] = loop
    with pytest.raises(ValueError, match="'self' contains itself"):
        nn.save(loop, tmp_path / "loop.npz")
    deep = []
    for _ in range(150):
        deep = [deep]
    with pytest.raises(ValueError, match="nested more than 100 levels"):
        nn.save({"deep": deep}, tmp_path / "deep.npz")
    shared = [1, 2]
    assert nn.load(io.BytesIO(_saved({"a": shared, "b": shared}))) == {"a": [1, 2], "b": [1, 2]}  # a DAG is fine


def test_safetensors_holds_a_flat_dict_of_tensors_only(tmp_path):
    for bad, message in [({"w": autograd.ones(1), "epoch": 3}, "'epoch' is a int"),
                         ({"m": {"w": autograd.ones(1)}}, "'m' is a dict"),
                         ([autograd.ones(1)], "holds a dict of tensors, got list"),
                         ({"z": autograd.tensor(np.ones(2, dtype=np.complex128))}, "'z' has dtype complex128")]:
        with pytest.raises(TypeError, match=message):
            nn.save(bad, tmp_path / "bad.safetensors")
    with pytest.raises(ValueError, match="format must be 'npz' or 'safetensors'"):
        nn.save({}, tmp_path / "x", format="pt")


# ----- atomic saves -----

def previous_checkpoint(tmp_path, suffix=".npz"):
    path = tmp_path / f"ckpt{suffix}"
    nn.save({"w": autograd.ones(3)}, path)
    return path, path.read_bytes()


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_a_save_that_finds_an_unsavable_value_midway_keeps_the_previous_checkpoint(tmp_path, suffix):
    path, before = previous_checkpoint(tmp_path, suffix)
    values = {"a": autograd.ones(1000), "b": autograd.ones(2), "c": object()}
    with pytest.raises(TypeError):
        nn.save(values, path)
    assert path.read_bytes() == before and os.listdir(tmp_path) == [path.name]


class FullDisk:
    """A file that accepts `room` bytes, then fails as a full disk does."""

    def __init__(self, file, room):
        self.file, self.room = file, room

    def write(self, data):
        if len(data) > self.room:
            self.file.write(bytes(data)[:self.room])
            raise OSError(28, "No space left on device")
        self.room -= len(data)
        return self.file.write(data)

    def __getattr__(self, name):
        return getattr(self.file, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.file.close()


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_full_disk_midway_keeps_the_previous_checkpoint(tmp_path, monkeypatch, suffix, failing):
    path, before = previous_checkpoint(tmp_path, suffix)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "write":
        open_file = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda *args, **kwargs: FullDisk(open_file(*args, **kwargs), room=100))
    else:
        monkeypatch.setattr(os, failing, disk_full)
    with pytest.raises(OSError, match="No space left"):
        nn.save({"w": autograd.zeros(5), "v": autograd.zeros(2)}, path)
    monkeypatch.undo()
    assert path.read_bytes() == before and os.listdir(tmp_path) == [path.name]
    assert nn.load(path)["w"].tolist() == [1.0, 1.0, 1.0]


def test_a_save_interrupted_by_keyboard_interrupt_keeps_the_previous_checkpoint(tmp_path, monkeypatch):
    path, before = previous_checkpoint(tmp_path)
    calls = []

    def interrupted(*args, **kwargs):
        calls.append(1)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        nn.save({"w": autograd.zeros(5)}, path)
    assert calls and path.read_bytes() == before and os.listdir(tmp_path) == [path.name]


# ----- damaged and crafted files -----

def assert_refused(data, match="is not a valid checkpoint"):
    with pytest.raises(ValueError, match=match):
        nn.load(io.BytesIO(data))


def test_foreign_files_are_refused_with_what_they_are(tmp_path):
    assert_refused(b"not a checkpoint", "neither a .npz archive nor a safetensors file")
    assert_refused(b"", r"it is empty \(0 bytes\)")
    with pytest.raises(EOFError):  # (torch.load's type for an empty file, too)
        nn.load(io.BytesIO(b""))
    buffer = io.BytesIO()
    np.save(buffer, np.ones(3))
    assert_refused(buffer.getvalue(), "a single .npy array")
    assert_refused(b"\x80\x04\x95" + b"\x00" * 20, "a pickle, which nn.load never unpickles")
    pickled = io.BytesIO()
    np.savez(pickled, obj=np.array([{"a": 1}], dtype=object))
    assert_refused(pickled.getvalue(), "holds dtype object; only numeric arrays are read")
    torch_like = io.BytesIO()
    with zipfile.ZipFile(torch_like, "w") as archive:
        archive.writestr("archive/data.pkl", b"\x80\x02}q\x00.")
    assert_refused(torch_like.getvalue(), "a torch.save file: nn.load never unpickles; save it with safetensors")
    with pytest.raises(FileNotFoundError):
        nn.load(tmp_path / "missing.npz")
    with pytest.raises(ValueError, match="map_location must be 'cpu'"):
        nn.load(tmp_path / "missing.npz", map_location="cuda")


@pytest.mark.parametrize("format", ["npz", "safetensors"])
def test_every_truncation_is_a_clear_value_error(format):
    data = _saved({"w": autograd.ones(40), "b": autograd.zeros(3), "step": autograd.tensor(3)}, format)
    for length in range(len(data)):
        assert_refused(data[:length])


@pytest.mark.parametrize("format", ["npz", "safetensors"])
def test_corrupted_bytes_give_a_clear_error_or_the_exact_values(format):
    """A zip's CRC-32 covers every array: a flipped byte is an error or lands where no value is (a timestamp).
    safetensors has no checksum: a flipped byte may change a name or a value, but never escapes as
    anything other than ValueError."""
    state = {"w": autograd.arange(40).float(), "b": autograd.zeros(3)}
    data = _saved(state, format)
    rng = np.random.default_rng(0)
    for position in rng.choice(len(data), size=min(len(data), 300), replace=False):
        for flip in (0x01, 0x80, 0xFF):
            damaged = bytearray(data)
            damaged[position] ^= flip
            try:
                loaded = nn.load(io.BytesIO(bytes(damaged)))
            except ValueError as error:
                assert "is not a valid checkpoint" in str(error)
                continue
            if format == "npz":
                assert {k: v.tolist() for k, v in loaded.items()} == {k: v.tolist() for k, v in state.items()}


def npz_with_member(name, payload, compress=zipfile.ZIP_STORED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compress) as archive:
        archive.writestr(name, payload)
    return buffer.getvalue()


def npy_header(shape, descr="<f8"):
    header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}".encode()
    header += b" " * (-(len(header) + 11) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header


def test_a_tiny_file_declaring_a_huge_array_is_refused_before_allocating():
    crafted = npz_with_member("w.npy", npy_header((10**12,)) + b"\x00" * 16)
    tracemalloc.start()
    try:
        assert_refused(crafted, r"declares shape \(1000000000000,\) of float64, 8000000000000 bytes, "
                                r"but the entry holds 16")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000


def patch_sizes(data, name, file_size):
    """The zip with entry `name`'s uncompressed size rewritten (local header and central directory)."""
    data = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_at in [(b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)]:
        start = data.index(signature + b"", 0)
        while data[start + name_at:start + name_at + len(encoded)] != encoded:
            start = data.index(signature, start + 1)
        data[start + size_at:start + size_at + 4] = struct.pack("<I", file_size)
    return bytes(data)


def test_zip_entries_that_lie_about_their_size_are_refused():
    stored = npz_with_member("w.npy", npy_header((2,)) + b"\x00" * 16)
    assert_refused(patch_sizes(stored, "w.npy", 4_000_000_000), "declares two different sizes|more compressed bytes")
    deflated = npz_with_member("w.npy", npy_header((2,)) + b"\x00" * 16, zipfile.ZIP_DEFLATED)
    assert_refused(patch_sizes(deflated, "w.npy", 4_000_000_000), "more than deflate can produce")
    assert_refused(patch_sizes(deflated, "w.npy", 200), "is not a valid checkpoint")
    bzipped = npz_with_member("w.npy", npy_header((2,)) + b"\x00" * 16, zipfile.ZIP_BZIP2)
    assert_refused(bzipped, "compression method 12")
    encrypted = bytearray(stored)
    for signature, flags_at in [(b"PK\x03\x04", 6), (b"PK\x01\x02", 8)]:
        encrypted[encrypted.index(signature) + flags_at] |= 1
    assert_refused(bytes(encrypted), "marked encrypted")


@pytest.mark.parametrize("header, message", [
    (npy_header((2,), "|O"), "holds dtype object"),
    (npy_header((2,), "<U3"), "holds dtype <U3"),
    (npy_header((2,), "<M8[s]"), "holds dtype datetime64"),
    (npy_header((2,), "(2,)<f4"), "holds dtype"),
    (npy_header((-2,)), r"shape \(-2,\): a size is not an integer, is negative"),
    (npy_header("'x'"), "no valid .npy header"),
    (b"\x93NUMPY\x01\x00\xff\xff" + b"{" * 65535, "no valid .npy header"),
    (b"\x93NUMPY\x09\x00", "no valid .npy header"),
    (b"NOTNUMPY", "no valid .npy header"),
    (npy_header((3,)) + b"\x00" * 16, "declares shape \\(3,\\) of float64, 24 bytes, but the entry holds 16"),
])
def test_npy_headers_that_lie_or_hold_objects_are_refused(header, message):
    assert_refused(npz_with_member("w.npy", header + (b"" if b"\x00" * 16 in header else b"\x00" * 16)), message)


def with_tree(tree, arrays=None):
    buffer = io.BytesIO()
    checkpoint_npz.write(buffer, tree, arrays or {})
    return buffer.getvalue()


@pytest.mark.parametrize("tree, message", [
    ({"tensor": "absent"}, "refers to a missing array 'absent'"),
    ({"pickle": "x"}, "unknown kind 'pickle'"),
    ({"dict": [["a"]]}, "malformed dict"),
    ({"dict": [[["unhashable"], {"value": 1}]]}, "malformed dict"),
    ({"list": [{"value": 1}, {"value": 2, "extra": 3}]}, "malformed entry"),
    ({"value": [1, 2]}, "unknown kind 'value'"),
    ([1, 2], "malformed entry"),
    ({"list": "abc"}, "unknown kind 'list'"),
])
def test_crafted_trees_are_refused(tree, message):
    assert_refused(with_tree(tree), message)


def test_crafted_tree_texts_are_refused():
    assert_refused(npz_with_member(checkpoint_npz.TREE_MEMBER, b"{not json"), "its tree is not valid JSON")
    assert_refused(npz_with_member(checkpoint_npz.TREE_MEMBER, b"[" * 200_000 + b"]" * 200_000), "maximum recursion depth")
    assert_refused(npz_with_member(checkpoint_npz.TREE_MEMBER, b'{"value": 1, "value": 2}'), "repeats the key")
    assert_refused(npz_with_member(checkpoint_npz.TREE_MEMBER, b"\xff\xfe"), "is not a valid checkpoint")
    twice = io.BytesIO()
    with zipfile.ZipFile(twice, "w") as archive:
        archive.writestr("w.npy", npy_header((0,)))
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("w.npy", npy_header((0,)))
    assert_refused(twice.getvalue(), "two entries with the same name")


# ----- safetensors headers -----

def safetensors_file(header, data=b"", pad=True):
    text = json.dumps(header).encode() if not isinstance(header, bytes) else header
    return struct.pack("<Q", len(text)) + text + data


@pytest.mark.parametrize("header, data, message", [
    ({"w": {"dtype": "F32", "shape": [10**9, 10**9], "data_offsets": [0, 4 * 10**18]}}, b"\x00" * 8,
     "span|cover"),
    ({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}, b"\x00" * 4, "cover 8 bytes, but 4"),
    ({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}, b"\x00" * 12, "cover 8 bytes, but 12"),
    ({"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, b"\x00" * 8, "needs 12 bytes"),
    ({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
      "b": {"dtype": "F32", "shape": [1], "data_offsets": [2, 6]}}, b"\x00" * 8, "no gap or overlap"),
    ({"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}, b"\x00" * 8, "starts at byte 4"),
    ({"w": {"dtype": "BF16", "shape": [1], "data_offsets": [0, 2]}}, b"\x00" * 2, "dtype 'BF16'"),
    ({"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}, b"\x00" * 4, "malformed shape"),
    ({"w": {"dtype": "F32", "shape": [1.0], "data_offsets": [0, 4]}}, b"\x00" * 4, "malformed shape"),
    ({"w": {"dtype": "F32", "shape": [True], "data_offsets": [0, 4]}}, b"\x00" * 4, "malformed shape"),
    ({"w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 0]}}, b"\x00" * 4, "malformed shape"),
    ({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4], "x": 1}}, b"\x00" * 4, "is not {dtype"),
    ({"w": [1]}, b"", "is not {dtype"),
    ({"__metadata__": {"a": 1}}, b"", "__metadata__ is not a JSON object of strings"),
    ([1, 2], b"", "neither a .npz archive nor a safetensors file"),
    (b'{"a": {"dtype": "F32", "shape": [], "data_offsets": [0, 4]}, "a": 1}', b"\x00" * 4, "repeats the key"),
    (b"{\xff}", b"", "header is not valid JSON"),
    (b"{" * 100_000, b"", "header is not valid JSON"),
])
def test_safetensors_headers_are_checked_before_allocating(header, data, message):
    assert_refused(safetensors_file(header, data), message)


def test_safetensors_header_length_beyond_the_file_is_refused():
    assert_refused(struct.pack("<Q", 2**63) + b"{}", "header declares 9223372036854775808 bytes")
    assert_refused(struct.pack("<Q", 100) + b"{}", "header declares 100 bytes, but the file has 2")


def test_safetensors_with_metadata_and_padding_loads():
    data = safetensors_file(b'{"__metadata__": {"format": "pt"}, "w": {"dtype": "I64", "shape": [], '
                            b'"data_offsets": [0, 8]}}    ', struct.pack("<q", -5))
    assert nn.load(io.BytesIO(data))["w"].item() == -5


def test_load_helpers_see_the_formats_by_content_not_name(tmp_path):
    path = tmp_path / "really_safetensors.npz"
    nn.save({"w": autograd.ones(2)}, path, format="safetensors")
    assert nn.load(path)["w"].tolist() == [1.0, 1.0]
    with open(path, "rb") as file:
        assert serialization.load(file)["w"].tolist() == [1.0, 1.0]


# ----- compatibility with the safetensors package, where it is installed -----

def test_the_safetensors_package_reads_our_files_and_we_read_its(tmp_path):
    safetensors_numpy = pytest.importorskip("safetensors.numpy")
    arrays = {"w": np.arange(6, dtype=np.float32).reshape(2, 3), "n": np.array(4, dtype=np.int64),
              "mask": np.array([True, False]), "half": np.ones(3, dtype=np.float16), "é": np.zeros((0, 2))}
    nn.save({k: autograd.tensor(v) for k, v in arrays.items()}, tmp_path / "ours.safetensors")
    theirs = safetensors_numpy.load_file(str(tmp_path / "ours.safetensors"))
    safetensors_numpy.save_file(arrays, str(tmp_path / "theirs.safetensors"), metadata={"format": "np"})
    ours = nn.load(tmp_path / "theirs.safetensors")
    for key, array in arrays.items():
        for got in (theirs[key], ours[key]._data):
            assert got.dtype == array.dtype and got.shape == array.shape
            np.testing.assert_array_equal(got, array)


def test_an_archive_whose_tree_and_arrays_disagree_is_refused():
    assert_refused(with_tree({"tensor": "w"}, {"w": np.ones(2), "stray": np.ones(1)}),
                   r"holds arrays its tree never mentions: \['stray'\]")
    tree_last = io.BytesIO()
    with zipfile.ZipFile(tree_last, "w") as archive:
        archive.writestr("w.npy", npy_header((0,)))
        archive.writestr(checkpoint_npz.TREE_MEMBER, json.dumps({"tensor": "w"}))
    assert_refused(tree_last.getvalue(), "is not the archive's first entry")


def test_paths_and_file_objects_of_every_kind(tmp_path):
    nn.save({"w": autograd.ones(1)}, os.fsencode(tmp_path / "bytes.safetensors"))
    assert (tmp_path / "bytes.safetensors").read_bytes()[8:9] == b"{"  # the format from a bytes name too
    (tmp_path / "bytes.safetensors").unlink()
    nn.save({"w": autograd.ones(1)}, os.fsencode(tmp_path / "bytes.npz"))
    assert nn.load(os.fsencode(tmp_path / "bytes.npz"))["w"].tolist() == [1.0]
    with open(tmp_path / "text.npz", "w") as text, pytest.raises(TypeError, match="binary mode \\('wb'\\)"):
        nn.save({"w": autograd.ones(1)}, text)
    with open(tmp_path / "bytes.npz") as text, pytest.raises(TypeError, match="binary mode \\('rb'\\)"):
        nn.load(text)
    read_end, write_end = os.pipe()
    os.write(write_end, (tmp_path / "bytes.npz").read_bytes())
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:  # not seekable: read whole, then parsed
        assert nn.load(pipe)["w"].tolist() == [1.0]
    with pytest.raises(IsADirectoryError, match="nn.save writes a file"):
        nn.save({"w": autograd.ones(1)}, tmp_path)
    with pytest.raises(RuntimeError):  # (torch.save's type for a folder, too)
        nn.save({"w": autograd.ones(1)}, tmp_path)
    with pytest.raises(RuntimeError, match=r"Parent directory .*no does not exist"):  # (PyTorch's type)
        nn.save({"w": autograd.ones(1)}, tmp_path / "no" / "such.npz")
    assert sorted(os.listdir(tmp_path)) == ["bytes.npz", "text.npz"]  # no temporary file left behind


def test_safetensors_empty_tensors_may_share_an_offset_with_the_next():
    header = {"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
              "empty": {"dtype": "F32", "shape": [0, 3], "data_offsets": [0, 0]}}
    loaded = nn.load(io.BytesIO(safetensors_file(header, struct.pack("<f", 2.5))))
    assert loaded["w"].tolist() == [2.5] and loaded["empty"].shape == (0, 3)


def test_nothing_is_ever_unpickled(monkeypatch):
    import pickle

    def refuse(*args, **kwargs):
        raise AssertionError("nn.load unpickled something")

    for name in ("load", "loads", "Unpickler"):
        monkeypatch.setattr(pickle, name, refuse)
    state = {"model": {"w": autograd.ones(2)}, "epoch": 1, "groups": [{"lr": 0.1, "betas": (0.9, 0.99)}]}
    assert nn.load(io.BytesIO(_saved(state)))["groups"][0]["betas"] == (0.9, 0.99)
    pickled = io.BytesIO()
    np.savez(pickled, obj=np.array([{"a": 1}], dtype=object))
    assert_refused(pickled.getvalue(), "only numeric arrays are read")


def test_saving_through_a_symbolic_link_replaces_its_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "ckpt_10.npz"
    nn.save({"w": autograd.ones(1)}, target)
    (tmp_path / "latest.npz").symlink_to(target.name)
    nn.save({"w": autograd.zeros(1)}, tmp_path / "latest.npz")
    assert (tmp_path / "latest.npz").is_symlink() and nn.load(target)["w"].tolist() == [0.0]


def test_the_read_write_patterns_of_pytorch_tutorials(tmp_path, monkeypatch):
    """A lone tensor, a list, a dict of tensors, and a state dict, under names without a suffix."""
    monkeypatch.chdir(tmp_path)
    x, y = autograd.arange(4), autograd.zeros(4)
    nn.save(x, "x-file")
    assert nn.load("x-file").tolist() == [0, 1, 2, 3]
    nn.save([x, y], "x-files")
    x2, y2 = nn.load("x-files")
    assert x2.tolist() == x.tolist() and y2.tolist() == y.tolist()
    nn.save({"x": x, "y": y}, "mydict")
    assert nn.load("mydict")["y"].tolist() == [0.0] * 4
    net = nn.Sequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
    nn.save(net.state_dict(), "mlp.params")
    clone = nn.Sequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
    clone.load_state_dict(nn.load("mlp.params"))
    data = autograd.randn(2, 20)
    assert np.array_equal(clone(data).detach().numpy(), net(data).detach().numpy())
    assert sorted(os.listdir(tmp_path)) == ["mlp.params", "mydict", "x-file", "x-files"]
