"""hostile16b: checkpoints (nn.save / nn.load, torch.save / torch.load through glassgrad) against PyTorch.

S1: a file opened in append mode (or any stream whose writes land at its end) receives a checkpoint that loads.
C1: every value nn.save writes loads (Size with negative sizes, every device torch.device makes).
C2: file objects without seekable() (read/seek/tell, as torch.load asks for) load.
U1: a checkpoint holding another checkpoint's bytes (a uint8 tensor), followed by more bytes, loads.
S3: a NumPy dtype object loads as a NumPy dtype, a torch dtype as a torch dtype."""
import io

import numpy as np
import pytest

import autograd
import nn
from glassgrad.torch_stubs.serialization import load as glass_load
from glassgrad.torch_stubs.serialization import save as glass_save

from .test_serialization_round15 import crafted

torch = pytest.importorskip("torch")

LIBRARIES = {"glassgrad": (autograd, glass_save, glass_load), "torch": (torch, torch.save, torch.load)}


def as_list(checkpoint):
    return {key: value.tolist() if hasattr(value, "tolist") else value for key, value in checkpoint.items()}


# S1: append mode ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["ab", "a+b"])
@pytest.mark.parametrize("prefix", [b"", b"xx", b"PK\x05\x06" + bytes(18)])
def test_a_save_into_a_file_opened_for_appending_loads_from_where_it_starts(tmp_path, mode, prefix):
    results = {}
    for name, (lib, save, load) in LIBRARIES.items():
        path = tmp_path / f"{name}.pt"
        path.write_bytes(prefix)
        with open(path, mode) as file:
            save({"w": lib.arange(3.0), "epoch": 4}, file)
        with open(path, "rb") as file:
            file.seek(len(prefix))
            results[name] = as_list(load(file))
    assert results["glassgrad"] == results["torch"] == {"w": [0.0, 1.0, 2.0], "epoch": 4}


def test_a_saved_file_object_gets_the_same_bytes_as_a_saved_path(tmp_path):
    checkpoint = {"w": autograd.arange(4.0).reshape(2, 2), "b": autograd.ones(3, dtype=autograd.int64), "n": [1, 2]}
    nn.save(checkpoint, tmp_path / "by_path.npz")
    with open(tmp_path / "by_file.npz", "ab") as file:
        nn.save(checkpoint, file)
    assert (tmp_path / "by_path.npz").read_bytes() == (tmp_path / "by_file.npz").read_bytes()


@pytest.mark.parametrize("format", ["npz", "safetensors"])
def test_checkpoints_appended_to_one_file_load_in_turn_from_the_file_object(tmp_path, format):
    path = tmp_path / "log.ckpt"
    for epoch in range(3):
        with open(path, "ab") as file:
            nn.save({"w": autograd.full((2,), float(epoch))}, file, format=format)
    with open(path, "rb") as file:
        if format == "safetensors":  # (a safetensors file holds one checkpoint: its size is the file's)
            with pytest.raises(ValueError, match="nn.load"):
                nn.load(file)
            return
        loaded = [nn.load(file)["w"].tolist() for _ in range(3)]
        assert file.read() == b""
    assert loaded == [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]


class WritesAtTheEnd:
    """A stream whose writes land at its end, wherever seek() put it (as an O_APPEND descriptor's)."""

    def __init__(self):
        self.data, self.position = bytearray(), 0

    def write(self, chunk):
        self.data += chunk
        self.position = len(self.data)
        return len(chunk)

    def seek(self, offset, whence=0):
        self.position = {0: offset, 1: self.position + offset, 2: len(self.data) + offset}[whence]
        return self.position

    def tell(self):
        return self.position

    def seekable(self):
        return True

    def flush(self):
        pass


@pytest.mark.parametrize("format", ["npz", "safetensors"])
def test_a_stream_that_writes_at_its_end_gets_a_checkpoint_that_loads(format):
    stream = WritesAtTheEnd()
    nn.save({"w": autograd.arange(5.0), "v": autograd.zeros(2, 2)}, stream, format=format)
    loaded = nn.load(io.BytesIO(bytes(stream.data)))
    assert loaded["w"].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0] and loaded["v"].tolist() == [[0.0, 0.0]] * 2


def test_a_refused_save_into_a_file_object_writes_nothing():
    stream = io.BytesIO()
    with pytest.raises(TypeError, match="nn.save"):
        nn.save({"w": autograd.ones(2), "f": print}, stream)
    assert stream.getvalue() == b""


# C1: every value nn.save writes loads ---------------------------------------------------------------------------

def odd_values(lib):
    """Every kind nn/checkpoint_values.py describes, with odd members (as PyTorch keeps them)."""
    infinity, nan = float("inf"), float("nan")
    return {
        "Size": [lib.Size([]), lib.Size([-1, 2]), lib.Size([0]), lib.Size([2**40, -3]), lib.Size([-5])],
        "device": [lib.device("cpu"), lib.device("cpu:0"), lib.device("cpu", 0), lib.device("meta"),
                   lib.device("cuda"), lib.device("cuda:1"), lib.device("mps"), lib.device("xla:3"),
                   lib.device("hip"), lib.device("cpu", 12)],
        "complex": [complex(nan, 1.0), complex(infinity, -infinity), complex(-0.0, 0.0), complex(5e-324, -5e-324),
                    complex(0.0, -0.0)],
        "dtype": [torch_dtype(lib, name) for name in ("float32", "float16", "float64", "complex64", "complex128",
                                                       "int8", "int16", "int32", "int64", "uint8", "bool")],
        "numpy dtype": [np.dtype(name) for name in ("float32", "int64", "bool", "uint16", "complex128")],
    }


def torch_dtype(lib, name):
    """lib's dtype `name` as torch shows it (glassgrad's under install_as_torch: its TorchDtype)."""
    from autograd.pytorch.dtypes import TorchDtype
    return getattr(lib, name) if lib is torch else TorchDtype(np.dtype(name))


def comparable(value):
    """A value as plain Python, equal across the two libraries (NaN shown as its text)."""
    if isinstance(value, complex):
        return repr(value)
    if type(value).__name__ == "Size":
        return ("Size", list(value))
    if type(value).__name__ == "device":
        return ("device", value.type, value.index)
    if isinstance(value, np.dtype):
        return ("numpy dtype", type(value).__name__, value.str)
    return ("dtype", str(value).removeprefix("torch."))


@pytest.mark.parametrize("kind", ["Size", "device", "complex", "dtype", "numpy dtype"])
def test_every_value_kind_with_odd_members_round_trips_as_pytorch(kind):
    from autograd.pytorch.dtypes import mode
    results = {}
    was = mode.as_torch
    try:
        mode.as_torch = True  # (as under install_as_torch(): dtypes shown as torch's)
        for name, (lib, save, load) in LIBRARIES.items():
            values = odd_values(lib)[kind]
            stream = io.BytesIO()
            save({"values": values, "one": values[1]}, stream)
            stream.seek(0)
            loaded = load(stream, weights_only=False)
            assert [type(v) for v in loaded["values"]] == [type(v) for v in values]
            results[name] = [comparable(v) for v in loaded["values"]] + [comparable(loaded["one"])]
    finally:
        mode.as_torch = was
    assert results["glassgrad"] == results["torch"]


def test_a_loaded_device_equals_the_saved_one_and_a_tensor_still_refuses_it():
    stream = io.BytesIO()
    saved = [autograd.device("cuda", 1), autograd.device("cpu", 0), autograd.device("meta")]
    nn.save(saved, stream)
    stream.seek(0)
    loaded = nn.load(stream)
    assert loaded == saved and all(type(d) is autograd.device for d in loaded)
    with pytest.raises(RuntimeError, match="CPU library"):
        autograd.ones(1).to(loaded[0])


@pytest.mark.parametrize("tree", [
    {"device": "gpu"}, {"device": "cpu:"}, {"device": "cpu:-1"}, {"device": "cpu:0:1"}, {"device": "CPU"},
    {"device": "cpu:x"}, {"device": " cpu"}, {"device": "cuda:1234567890"}, {"device": 0}, {"device": None},
    {"Size": [None]}, {"Size": [-1.0]}, {"Size": [False]},
    {"numpy_dtype": "object"}, {"numpy_dtype": ">f4"}, {"numpy_dtype": 4}, {"numpy_dtype": ["float32"]},
])
def test_crafted_device_size_and_numpy_dtype_entries_are_refused(tree):
    with pytest.raises(ValueError, match="nn.load: .* not a valid checkpoint: its tree holds a malformed"):
        nn.load(crafted(tree))


def test_crafted_entries_of_every_valid_form_load():
    tree = {"list": [{"Size": [-1, 0, 2**40]}, {"device": "cuda:7"}, {"device": "meta"}, {"numpy_dtype": "int8"}]}
    shape, where, meta, dtype = nn.load(crafted(tree))
    assert list(shape) == [-1, 0, 2**40] and where == autograd.device("cuda", 7) and str(meta) == "meta"
    assert type(dtype) is type(np.dtype("int8")) and dtype == np.int8


# C2: file objects without seekable() ----------------------------------------------------------------------------

class ReadSeekTell:
    """read, readline, seek and tell only: what torch.load asks of a file object."""

    def __init__(self, data):
        self.stream = io.BytesIO(data)

    def read(self, n=-1):
        return self.stream.read(n)

    def readline(self):
        return self.stream.readline()

    def seek(self, *args):
        return self.stream.seek(*args)

    def tell(self):
        return self.stream.tell()


class ReadOnly:
    def __init__(self, data):
        self.stream = io.BytesIO(data)

    def read(self, n=-1):
        return self.stream.read(n)


@pytest.mark.parametrize("prefix", [b"", b"junk"])
def test_a_file_object_with_read_seek_tell_but_no_seekable_loads_as_pytorch(prefix):
    results = {}
    for name, (lib, save, load) in LIBRARIES.items():
        stream = io.BytesIO()
        save({"w": lib.arange(3.0), "s": "x"}, stream)
        reader = ReadSeekTell(prefix + stream.getvalue())
        reader.read(len(prefix))
        results[name] = as_list(load(reader))
    assert results["glassgrad"] == results["torch"] == {"w": [0.0, 1.0, 2.0], "s": "x"}


def test_nn_load_reads_a_file_object_without_seekable_too():
    stream = io.BytesIO()
    nn.save({"w": autograd.ones(1)}, stream)
    assert as_list(nn.load(ReadSeekTell(stream.getvalue()))) == {"w": [1.0]}


def test_a_read_only_file_object_is_read_whole_where_pytorch_refuses():
    """PyTorch raises AttributeError ("... You can only torch.load from a file that is seekable"); glassgrad reads
    the stream into memory first, as it does a pipe's (a stated leniency)."""
    stream = io.BytesIO()
    torch.save({"w": torch.ones(1)}, stream)
    with pytest.raises(AttributeError, match="seekable"):
        torch.load(ReadOnly(stream.getvalue()))
    stream = io.BytesIO()
    glass_save({"w": autograd.ones(2)}, stream)
    assert as_list(glass_load(ReadOnly(stream.getvalue()))) == {"w": [1.0, 1.0]}


def test_a_damaged_checkpoint_from_a_file_object_without_seekable_names_the_problem():
    with pytest.raises(ValueError, match="not a valid checkpoint"):
        glass_load(ReadSeekTell(b"PK\x03\x04 not a zip at all"))
    with pytest.raises(ValueError, match="not a valid checkpoint"):
        glass_load(ReadOnly(b"PK\x03\x04 not a zip at all"))


# U1: an archive stored inside a member --------------------------------------------------------------------------

def holding_a_checkpoint(lib, save, after):
    """A stream: save([1, the bytes of another checkpoint as a uint8 tensor]), then `after`."""
    inner = io.BytesIO()
    save({"inner": 7}, inner)
    blob = lib.from_numpy(np.frombuffer(inner.getvalue(), np.uint8).copy())
    stream = io.BytesIO()
    save([1, blob], stream)
    stream.write(after)
    stream.seek(0)
    return stream, inner.getvalue()


@pytest.mark.parametrize("after", [b"", b"x", b"\n", bytes(1000)])
def test_a_checkpoint_holding_another_checkpoints_bytes_loads_as_pytorch(after):
    results = {}
    for name, (lib, save, load) in LIBRARIES.items():
        stream, inner = holding_a_checkpoint(lib, save, after)
        number, blob = load(stream)
        assert bytes(blob.numpy()) == inner
        results[name] = number
    assert results["glassgrad"] == results["torch"] == 1


def test_the_stored_checkpoint_itself_loads_from_its_bytes():
    stream, _ = holding_a_checkpoint(autograd, glass_save, b"tail")
    _, blob = nn.load(stream)
    assert nn.load(io.BytesIO(bytes(blob.numpy()))) == {"inner": 7}


def test_a_checkpoint_holding_another_then_a_second_checkpoint_loads_both_in_turn():
    stream, _ = holding_a_checkpoint(autograd, glass_save, b"")
    stream.seek(0, io.SEEK_END)
    nn.save({"epoch": 2}, stream)
    stream.seek(0)
    assert nn.load(stream)[0] == 1 and nn.load(stream) == {"epoch": 2}


def test_a_truncated_checkpoint_is_still_called_truncated():
    whole, _ = holding_a_checkpoint(autograd, glass_save, b"")
    data = whole.getvalue()
    cut = data[:len(data) - 30]  # its own end record lost; the stored checkpoint's is intact
    with pytest.raises(ValueError, match=r"it is truncated\); the records found belong to archives that start "
                                         r"elsewhere \(the first at byte \d+\)"):
        nn.load(io.BytesIO(cut))
    second = io.BytesIO()
    nn.save({"epoch": 2}, second)
    with pytest.raises(ValueError, match="it is truncated"):
        nn.load(io.BytesIO(data[:200] + second.getvalue()))
    with pytest.raises(ValueError, match="it is truncated, or not a zip"):
        nn.load(io.BytesIO(second.getvalue()[:-30]))


# S3: NumPy dtypes stay NumPy dtypes -----------------------------------------------------------------------------

@pytest.mark.parametrize("as_torch", [False, True])
def test_a_numpy_dtype_loads_as_a_numpy_dtype_and_a_torch_dtype_as_the_library_shows_it(as_torch):
    from autograd.pytorch.dtypes import TorchDtype, mode, shown
    was = mode.as_torch
    try:
        mode.as_torch = as_torch
        stream = io.BytesIO()
        nn.save({"numpy": np.dtype("int64"), "torch": shown(np.dtype("float16"))}, stream)
        stream.seek(0)
        loaded = nn.load(stream)
    finally:
        mode.as_torch = was
    assert type(loaded["numpy"]) is type(np.dtype("int64")) and loaded["numpy"] == np.int64
    assert (type(loaded["torch"]) is TorchDtype) == as_torch and loaded["torch"] == np.float16
    stream = io.BytesIO()
    torch.save({"numpy": np.dtype("int64")}, stream)
    stream.seek(0)
    assert type(torch.load(stream, weights_only=False)["numpy"]) is type(loaded["numpy"])


def test_numpy_dtypes_in_files_written_before_they_had_their_own_kind_load_as_before():
    loaded = nn.load(crafted({"dtype": "int32"}))  # (as the library shows a tensor's dtype: NumPy's, here)
    assert type(loaded) is type(np.dtype("int32")) and loaded == np.int32
