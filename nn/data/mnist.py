"""MNIST from its original IDX files (gzip-compressed or raw), with clear errors for damaged files."""
import gzip
import math
import os
import zlib
from pathlib import Path

import numpy as np

from autograd import Tensor

FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
IMAGES_MAGIC, LABELS_MAGIC = 2051, 2049
IDX_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
DEFLATE_MAX_RATIO = 1032  # no deflate stream inflates further: a larger declared size is a lie
CHUNK = 1 << 20  # bytes inflated at a time


def load_mnist(folder=None, split="test", flatten=False):
    """The images and labels of one MNIST split ("train" or "test") from `folder`.

    folder: holds the IDX files (t10k-images-idx3-ubyte[.gz], ...); by default the environment
    variable GLASSGRAD_MNIST. Returns images, float32 in [0, 1] (pixel / 255), shape (n, 28, 28) or
    (n, 784) with flatten, and labels, int64 in 0 … 9, shape (n,).
    """
    if split not in FILES:
        raise ValueError(f"split must be one of {sorted(FILES)}, got {split!r}")
    folder = folder if folder is not None else os.environ.get("GLASSGRAD_MNIST")
    if folder is None:
        raise ValueError("load_mnist needs the folder holding the MNIST IDX files (or set GLASSGRAD_MNIST)")
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"MNIST folder {folder} does not exist")
    images_name, labels_name = FILES[split]
    images = read_idx(_find(folder, images_name), IMAGES_MAGIC)
    labels = read_idx(_find(folder, labels_name), LABELS_MAGIC)
    if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
        raise ValueError(
            f"MNIST {split} files disagree: images of shape {images.shape}, labels of shape {labels.shape}"
        )
    if images.shape[1:] != (28, 28):
        raise ValueError(f"MNIST {split} images must be 28x28, but {folder / images_name} holds images of "
                         f"{images.shape[1]}x{images.shape[2]}: not MNIST's files")
    if labels.size and labels.max() > 9:
        raise ValueError(f"MNIST {split} labels must be digits 0-9, found {labels.max()}")
    images = images.astype(np.float32) / 255
    if flatten:
        images = images.reshape(len(images), 28 * 28)
    return Tensor(images), Tensor(labels.astype(np.int64))


def _find(folder, name):
    """The gzip-compressed file if present, else the raw one."""
    for candidate in (folder / f"{name}.gz", folder / name):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"MNIST file not found in {folder}: looked for {name}.gz and {name}")


def read_idx(path, expected_magic=None):
    """The array stored in an IDX file (gzip-compressed or raw).

    IDX layout: a 4-byte magic number (0, 0, a type code, the number of dimensions d), then d sizes as
    big-endian uint32, then the values in row-major order, big-endian.
    """
    with open(path, "rb") as file:
        compressed = file.read(2) == b"\x1f\x8b"
    raw = _inflate(Path(path)) if compressed else Path(path).read_bytes()
    if len(raw) < 4:
        raise ValueError(f"{path} is truncated: {len(raw)} bytes, fewer than the 4-byte magic number")
    magic = int.from_bytes(raw[:4], "big")
    if expected_magic is not None and magic != expected_magic:
        raise ValueError(f"{path} has magic number {magic}, expected {expected_magic}: not the IDX file it should be")
    type_code, ndim = raw[2], raw[3]
    if raw[:2] != b"\x00\x00" or type_code not in IDX_DTYPES:
        raise ValueError(f"{path} has magic number {magic}, which is not an IDX magic number")
    if ndim > 32:
        raise ValueError(f"{path} declares {ndim} dimensions; NumPy arrays have at most 32 (an IDX file has 1 to 3)")
    data_start = 4 + 4 * ndim
    if len(raw) < data_start:
        raise ValueError(f"{path} is truncated: its header needs {data_start} bytes, the file has {len(raw)}")
    shape = tuple(int(size) for size in np.frombuffer(raw, ">u4", ndim, 4))
    dtype = np.dtype(IDX_DTYPES[type_code])
    expected_bytes = math.prod(shape) * dtype.itemsize
    found_bytes = len(raw) - data_start
    if found_bytes != expected_bytes:
        problem = "truncated" if found_bytes < expected_bytes else "too long"
        raise ValueError(f"{path} is {problem}: its header announces shape {shape}, {expected_bytes} bytes of "
                         f"data, but {found_bytes} bytes follow")
    return np.frombuffer(raw, dtype, offset=data_start).reshape(shape).astype(dtype.newbyteorder("="))


def _inflate(path):
    """The decompressed bytes of a gzip file, inflated in bounded chunks and never past the size its IDX
    header declares (so a gzip bomb is refused after reading at most that much, quickly)."""
    size = path.stat().st_size
    try:
        with gzip.open(path, "rb") as stream:
            data = bytearray(stream.read(4))
            if len(data) < 4 or data[2] not in IDX_DTYPES:
                return data  # read_idx says what is wrong with the header
            data += stream.read(4 * data[3])
            if len(data) < 4 + 4 * data[3]:
                return data
            shape = np.frombuffer(bytes(data), ">u4", data[3], 4)
            declared = len(data) + math.prod(int(n) for n in shape) * np.dtype(IDX_DTYPES[data[2]]).itemsize
            if declared > DEFLATE_MAX_RATIO * size + 1024:
                raise ValueError(f"{path}: its header declares {declared} bytes, more than a gzip file of {size} "
                                 "bytes can inflate to")
            while len(data) <= declared:
                chunk = stream.read(min(CHUNK, declared + 1 - len(data)))
                if not chunk:
                    break
                data += chunk
    except (EOFError, OSError, zlib.error) as error:
        raise ValueError(f"{path} is a truncated or corrupt gzip file ({error})") from None
    if len(data) > declared:
        raise ValueError(f"{path} inflates past the {declared} bytes its header declares (a gzip bomb?)")
    return data
