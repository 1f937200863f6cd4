"""nn.load against crafted files: every check on a header is linear (100,000 names in about a second), and
every malformed header gives nn.load's clear ValueError, never a bare TypeError, a hang or a wrong tensor.
Where the safetensors package is installed, what it reads we read the same."""
import io
import json
import struct
import time
import zipfile

import numpy as np
import pytest

import autograd
import nn
from nn import checkpoint_npz

KEYS = 100_000


def safetensors_bytes(header, data=b""):
    text = header if isinstance(header, bytes) else json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + data


def npz_bytes(tree_text, members=()):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(checkpoint_npz.TREE_MEMBER, tree_text)
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def npy_bytes(shape, dtype="<f4", body=b""):
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": dtype, "fortran_order": False, "shape": shape})
    return buffer.getvalue() + body


def refused(data, message):
    with pytest.raises(ValueError, match=message) as error:
        nn.load(io.BytesIO(data))
    assert "is not a valid checkpoint" in str(error.value)


def timed_load(data):
    """(what nn.load gives, or its ValueError; CPU seconds), printing the wall-clock seconds too (on a
    shared machine the wall clock counts other processes' time: 15 s for 2 s of CPU under load)."""
    start, cpu = time.perf_counter(), time.process_time()
    try:
        result = nn.load(io.BytesIO(data))
    except ValueError as error:
        result = error
    print(f"wall {time.perf_counter() - start:.2f} s", end=", ")
    return result, time.process_time() - cpu


def entry(begin, end, dtype="F32", shape=(1,)):
    return {"dtype": dtype, "shape": list(shape), "data_offsets": [begin, end]}


# ----- linear checks: 100,000 names (a quadratic check took minutes for 30,000) -----

def test_a_safetensors_header_of_100000_names_loads_in_about_a_second():
    header = {f"layer{i}.weight": entry(4 * i, 4 * i + 4) for i in range(KEYS)}
    loaded, seconds = timed_load(safetensors_bytes(header, np.arange(KEYS, dtype="<f4").tobytes()))
    print(f"100,000-name safetensors header: loaded in {seconds:.2f} s of CPU")
    assert len(loaded) == KEYS and loaded["layer99999.weight"].tolist() == [99999.0]
    assert seconds < 10


def test_a_safetensors_header_of_100000_names_with_one_repeated_is_refused_at_once():
    names = ",".join(f'"k{i}": {{"dtype": "F32", "shape": [0], "data_offsets": [0, 0]}}' for i in range(KEYS))
    text = ("{" + names + ', "k5": {"dtype": "F32", "shape": [0], "data_offsets": [0, 0]}}').encode()
    error, seconds = timed_load(safetensors_bytes(text))
    print(f"100,000-name safetensors header with a repeated name: refused in {seconds:.2f} s of CPU")
    assert isinstance(error, ValueError) and "repeats the key(s) ['k5']" in str(error)
    assert seconds < 10


@pytest.mark.parametrize("tree, message", [
    ("{" + ",".join(f'"k{i}": 1' for i in range(KEYS)) + ', "k7": 1}', r"a JSON object repeats the key\(s\) \['k7'\]"),
    (json.dumps({"dict": [[f"k{i}", {"value": i}] for i in range(KEYS)] + [["k7", {"value": 0}]]}),
     r"a dict that repeats the key\(s\) \['k7'\]"),
    (json.dumps({"OrderedDict": [[1, {"value": 1}], [1.0, {"value": 2}]]}), r"repeats the key\(s\) \[1.0\]"),
    (json.dumps({"dict": [[True, {"value": 1}], [1, {"value": 2}]]}), r"repeats the key\(s\) \[1\]"),
])
def test_npz_trees_with_a_repeated_key_are_refused_in_linear_time(tree, message):
    start = time.perf_counter()
    refused(npz_bytes(tree), message)
    assert time.perf_counter() - start < 10


def test_an_npz_tree_of_100000_keys_loads_in_about_a_second():
    buffer = io.BytesIO()
    nn.save({f"k{i}": i for i in range(KEYS)}, buffer)
    loaded, seconds = timed_load(buffer.getvalue())
    print(f"100,000-key npz tree: loaded in {seconds:.2f} s of CPU")
    assert loaded == {f"k{i}": i for i in range(KEYS)} and seconds < 10


# ----- a list or dict where a name belongs -----

@pytest.mark.parametrize("kind", ["tensor", "parameter", "array", "scalar"])
@pytest.mark.parametrize("name", [["w"], {"w": 1}, None, 3])
def test_an_npz_tree_naming_an_array_with_a_list_or_dict_is_not_a_valid_checkpoint(kind, name):
    refused(npz_bytes(json.dumps({"list": [{kind: name}]})), "names an array with .*, which is not a name")


@pytest.mark.parametrize("dtype", [["F32"], {"F32": 1}, 5, None, "f32", "F99", "BF16", "F8_E4M3"])
def test_a_safetensors_dtype_that_is_not_a_dtype_name_is_refused(dtype):
    refused(safetensors_bytes({"w": entry(0, 4, dtype)}, b"\x00" * 4), "has dtype .*; glassgrad reads BOOL")


def test_an_array_referred_to_as_two_kinds_is_refused():
    members = [("a.npy", npy_bytes((1,), "<f4", b"\x00" * 4))]
    refused(npz_bytes(json.dumps({"list": [{"tensor": "a"}, {"parameter": "a"}]}), members),
            "refers to the array 'a' as both a tensor and a parameter")
    shared = nn.load(io.BytesIO(npz_bytes(json.dumps({"list": [{"tensor": "a"}, {"tensor": "a"}]}), members)))
    assert shared[0] is shared[1]  # the same kind twice is one tensor, as nn.save writes it


# ----- malformed headers: each a clear ValueError naming the problem -----

@pytest.mark.parametrize("data, message", [
    (safetensors_bytes({"w": entry(0, 4, shape=[2**63, 0])}), "a size larger than NumPy allows"),
    (safetensors_bytes({"w": entry(0, 0, shape=[2**62])}), "needs 18446744073709551616 bytes"),
    (safetensors_bytes({"w": entry(0, 0, shape=[2**32] * 3)}), "needs .* bytes"),
    (safetensors_bytes({"w": entry(-4, 0)}, b"\x00" * 4), "malformed shape"),
    (safetensors_bytes({"w": entry(2**64, 2**64 + 4)}, b"\x00" * 4), "starts at byte 18446744073709551616"),
    (safetensors_bytes({"a": entry(0, 8, shape=[2]), "b": entry(4, 8)}, b"\x00" * 8), "no gap or overlap"),
    (safetensors_bytes(b'{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, ' + b"9" * 5000 + b"]}}"),
     "header is not valid JSON .*digits"),
    (safetensors_bytes(b'{"w": {"dtype": "F32", "shape": [NaN], "data_offsets": [0, 4]}}', b"\x00" * 4),
     "malformed shape"),
    (safetensors_bytes(b'{"\\ud800": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}', b"\x00" * 4),
     "not valid Unicode"),
    (safetensors_bytes(b'{"w": 1} trailing'), "header is not valid JSON"),
    (safetensors_bytes({"__metadata__": {"a": {"b": "c"}}}), "__metadata__ is not a JSON object of strings"),
    (safetensors_bytes({"__metadata__": "x"}), "__metadata__ is not a JSON object of strings"),
    (struct.pack("<Q", 100_000_001) + b"{}", "more than the format's limit of 100000000"),
    (struct.pack("<Q", 2**64 - 1) + b"{}", "declares 18446744073709551615 bytes"),
    (npz_bytes(b"\xff\xfe"), "its tree is not valid JSON .*utf-8"),
    (npz_bytes('{"list": [' * 5000 + "]}" * 5000), "its tree is not valid JSON .*recursion"),
    (npz_bytes(json.dumps({"tensor": "a"}), [("a.npy", npy_bytes((2**70, 0)))]), "larger than NumPy allows"),
    (npz_bytes(json.dumps({"tensor": "a"}), [("a.npy", npy_bytes((True,), "<f4", b"\x00" * 4))]), "not an integer"),
    (npz_bytes(json.dumps({"tensor": "a"}), [("a.npy", npy_bytes((1,), "<f16", b"\x00" * 16))]),
     "holds dtype float128, which no tensor has|no valid .npy header"),  # float128: where NumPy has it
    (npz_bytes(json.dumps({"tensor": "a"}), [("a.npy", npy_bytes((1,), "|V4", b"\x00" * 4))]), "holds dtype"),
])
def test_malformed_headers_are_refused_with_what_is_wrong(data, message):
    refused(data, message)


def test_what_the_safetensors_package_reads_we_read_the_same():
    safetensors_numpy = pytest.importorskip("safetensors.numpy")
    files = [
        safetensors_bytes({"__metadata__": None, "w": entry(0, 8, shape=[2])}, np.ones(2, "<f4").tobytes()),
        safetensors_bytes({"b": entry(4, 8), "a": entry(0, 4)}, np.arange(2, dtype="<f4").tobytes()),
        safetensors_bytes({"c": entry(0, 16, "C64", [2])}, np.array([1j, 2 - 1j], "<c8").tobytes()),
        safetensors_bytes({"": entry(0, 4), "a\x00b": entry(4, 8)}, np.arange(2, dtype="<f4").tobytes()),
        safetensors_bytes({}),
    ]
    for data in files:
        expected = safetensors_numpy.load(data)
        loaded = nn.load(io.BytesIO(data))
        assert sorted(loaded) == sorted(expected)  # the package gives its own order
        for name, array in expected.items():
            assert loaded[name].dtype == array.dtype and np.array_equal(loaded[name].numpy(), array)


def test_complex64_round_trips_through_safetensors_and_float128_is_never_saved(tmp_path):
    safetensors_numpy = pytest.importorskip("safetensors.numpy")
    values = np.array([1 + 2j, -3j], dtype=np.complex64)
    nn.save({"z": autograd.tensor(values)}, tmp_path / "z.safetensors")
    assert np.array_equal(safetensors_numpy.load_file(str(tmp_path / "z.safetensors"))["z"], values)
    assert np.array_equal(nn.load(tmp_path / "z.safetensors")["z"].numpy(), values)
    if np.dtype(np.longdouble).itemsize > 8:  # where NumPy's long double is not float64
        with pytest.raises(TypeError, match="data, which no tensor has"):
            nn.save({"x": np.zeros(1, np.longdouble)}, tmp_path / "x.npz")
