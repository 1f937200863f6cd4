""".safetensors checkpoints: the no-pickle format PyTorch users read with `safetensors.torch.load_file`.

Layout (https://github.com/huggingface/safetensors): 8 bytes, the header's length N as a little-endian
unsigned 64-bit integer; N bytes of JSON, {name: {"dtype": "F32", "shape": [2, 3], "data_offsets":
[begin, end]}, optionally "__metadata__": {str: str}}, padded with spaces; then the tensors' bytes,
row-major and little-endian, `data_offsets` counting from the end of the header.

Reading checks what the reference implementation checks, before allocating anything: the header
fits in the file, every entry is well formed, each tensor's byte range matches its shape and dtype,
and the ranges tile the data exactly (no gap, no overlap, nothing after). Every check is linear in the
header's size (100,000 names load in about a second). It is stricter in two places, where a file
could mean two things: an entry with keys besides dtype, shape and data_offsets, and a key repeated
inside __metadata__, are refused (the reference ignores the first and keeps the last of the second).
Dtypes: those NumPy holds (BF16 and the F8 types are refused by name).
"""
import json
import math

import numpy as np

from .checkpoint_npz import MAX_DIMENSION, Damaged, parse_json

DTYPES = {"BOOL": "?", "U8": "u1", "I8": "i1", "U16": "<u2", "I16": "<i2", "F16": "<f2", "U32": "<u4",
          "I32": "<i4", "F32": "<f4", "U64": "<u8", "I64": "<i8", "F64": "<f8", "C64": "<c8"}
NUMPY_DTYPES = {code: np.dtype(numpy_dtype) for code, numpy_dtype in DTYPES.items()}
CODE_OF = {dtype: code for code, dtype in NUMPY_DTYPES.items()}
ENTRY_KEYS = {"dtype", "shape", "data_offsets"}
MAX_HEADER = 100_000_000  # bytes, the reference implementation's limit
METADATA = "__metadata__"


def write(file, arrays):
    """Write `arrays` ({name: ndarray}) to the binary `file`, in the given order."""
    header, offset, little_endian = {}, 0, []
    for name, array in arrays.items():
        code = CODE_OF.get(array.dtype.newbyteorder("<"))
        if code is None:
            raise TypeError(f"nn.save: '{name}' has dtype {array.dtype}, which safetensors cannot store "
                            f"(it stores {', '.join(str(np.dtype(d)) for d in DTYPES.values())}); use .npz")
        array = array.astype(array.dtype.newbyteorder("<"), order="C", copy=False)
        header[name] = {"dtype": code, "shape": list(array.shape), "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
        little_endian.append(array)
    text = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the tensors start 8-byte aligned, as the reference writer does
    file.write(len(text).to_bytes(8, "little"))
    file.write(text)
    for array in little_endian:
        file.write(array.tobytes())


def read(file, file_size):
    """{name: ndarray} from the safetensors data in `file`, of `file_size` bytes, in the order of the data."""
    prefix = file.read(8)
    if len(prefix) < 8:
        raise Damaged(f"it is truncated: {len(prefix)} bytes, fewer than the 8-byte header length")
    header_size = int.from_bytes(prefix, "little")
    if header_size > MAX_HEADER:
        raise Damaged(f"its header declares {header_size} bytes, more than the format's limit of {MAX_HEADER}")
    if header_size > file_size - 8:
        raise Damaged(f"its header declares {header_size} bytes, but the file has {file_size - 8} after the length")
    header = parse_json(file.read(header_size), "its header")
    if not isinstance(header, dict):
        raise Damaged("its header is not a JSON object")
    metadata = header.pop(METADATA, None)  # null, as the reference implementation allows: no metadata
    if metadata is not None and (not isinstance(metadata, dict)
                                 or not all(isinstance(v, str) for v in metadata.values())):
        raise Damaged("its __metadata__ is not a JSON object of strings")
    if not is_utf8("".join(header)):  # json turns an escaped lone surrogate into a str no file name can be
        raise Damaged("a tensor name is not valid Unicode (it holds a lone surrogate)")
    entries = sorted(((_entry(name, spec), name) for name, spec in header.items()), key=lambda e: e[0][2])
    data_size, end = file_size - 8 - header_size, 0
    for (_, _, (begin, stop)), name in entries:
        if begin != end:
            raise Damaged(f"tensor {name!r} starts at byte {begin} of the data, expected {end}: "
                          "the tensors must tile the data with no gap or overlap")
        end = stop
    if end != data_size:
        raise Damaged(f"its tensors cover {end} bytes, but {data_size} bytes of data follow the header"
                      + (" (more follows them: a .safetensors file holds one checkpoint, never a second after it)"
                         if end < data_size else ""))
    arrays = {}
    for (dtype, shape, (begin, stop)), name in entries:
        data = file.read(stop - begin)
        if len(data) != stop - begin:
            raise Damaged(f"tensor {name!r} is truncated")
        arrays[name] = np.frombuffer(data, dtype).reshape(shape).astype(dtype.newbyteorder("="))  # a copy
    return arrays


def _entry(name, spec):
    """(dtype, shape, (begin, end)) of one header entry, checked."""
    if type(spec) is not dict or spec.keys() != ENTRY_KEYS:
        raise Damaged(f"header entry {name!r} is not {{dtype, shape, data_offsets}}")
    code, shape, offsets = spec["dtype"], spec["shape"], spec["data_offsets"]
    dtype = NUMPY_DTYPES.get(code) if type(code) is str else None
    if dtype is None:
        raise Damaged(f"tensor {name!r} has dtype {str(code)[:40]!r}; glassgrad reads {', '.join(DTYPES)}")
    if not _integers(shape) or not (_integers(offsets) and len(offsets) == 2 and offsets[0] <= offsets[1]):
        raise Damaged(f"tensor {name!r} has a malformed shape {str(shape)[:80]} or data_offsets {str(offsets)[:80]}")
    if shape and max(shape) > MAX_DIMENSION:
        raise Damaged(f"tensor {name!r} has shape {shape}: a size larger than NumPy allows")
    size = math.prod(shape) * dtype.itemsize
    if offsets[1] - offsets[0] != size:
        raise Damaged(f"tensor {name!r}: shape {shape} of {code} needs {size} bytes, "
                      f"but its data_offsets span {offsets[1] - offsets[0]}")
    return dtype, tuple(shape), tuple(offsets)


def is_utf8(text):
    """Whether text encodes as UTF-8 (a lone surrogate does not)."""
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _integers(values):
    """A JSON list of non-negative integers (true and false are not integers)."""
    return type(values) is list and all(type(v) is int and v >= 0 for v in values)
