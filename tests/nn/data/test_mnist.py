"""load_mnist on the real test split (skipped where absent) and on damaged copies made here."""
import gzip
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from nn.data import load_mnist, read_idx

MNIST = Path(os.environ.get("GLASSGRAD_MNIST", Path(__file__).parents[3].parent / "shared/data/mnist"))
LABEL_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]  # from the folder's README
needs_mnist = pytest.mark.skipif(
    not (MNIST / "t10k-images-idx3-ubyte.gz").is_file(),
    reason=f"MNIST test split not found in {MNIST} (set GLASSGRAD_MNIST to its folder)",
)


@needs_mnist
def test_real_test_split_shapes_range_and_label_counts():
    images, labels = load_mnist(MNIST, split="test")
    assert images.shape == (10000, 28, 28) and images.dtype == np.float32
    assert labels.shape == (10000,) and labels.dtype == np.int64
    assert images._data.min() == 0.0 and images._data.max() == 1.0
    assert np.bincount(labels._data).tolist() == LABEL_COUNTS
    flat, _ = load_mnist(MNIST, flatten=True)
    assert flat.shape == (10000, 784) and np.array_equal(flat._data[3], images._data[3].ravel())


@needs_mnist
def test_the_folder_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("GLASSGRAD_MNIST", str(MNIST))
    assert load_mnist()[1].shape == (10000,)


def write_idx(path, magic_type, shape, values, compress):
    header = bytes([0, 0, magic_type, len(shape)]) + b"".join(n.to_bytes(4, "big") for n in shape)
    data = header + np.asarray(values, dtype=np.uint8).tobytes()
    path.write_bytes(gzip.compress(data) if compress else data)


@pytest.fixture
def tiny_mnist(tmp_path):
    """A 5-image MNIST-shaped test split, raw (not gzip), in tmp_path."""
    rng = np.random.default_rng(0)
    write_idx(tmp_path / "t10k-images-idx3-ubyte", 0x08, (5, 28, 28), rng.integers(0, 256, 5 * 784), False)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", 0x08, (5,), [3, 1, 4, 1, 5], False)
    return tmp_path


def test_raw_and_gzip_files_read_the_same(tiny_mnist):
    images, labels = load_mnist(tiny_mnist)
    assert labels.tolist() == [3, 1, 4, 1, 5] and images.shape == (5, 28, 28)
    raw = (tiny_mnist / "t10k-images-idx3-ubyte").read_bytes()
    assert np.array_equal(images._data, np.frombuffer(raw[16:], np.uint8).reshape(5, 28, 28) / np.float32(255))
    for name in ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
        path = tiny_mnist / name
        (tiny_mnist / f"{name}.gz").write_bytes(gzip.compress(path.read_bytes()))
        path.unlink()
    gz_images, gz_labels = load_mnist(tiny_mnist)
    assert np.array_equal(gz_images._data, images._data) and np.array_equal(gz_labels._data, labels._data)


def test_missing_folder_file_and_split(tmp_path, tiny_mnist):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_mnist(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match="looked for train-images-idx3-ubyte.gz and train-images-idx3-ubyte"):
        load_mnist(tiny_mnist, split="train")
    with pytest.raises(ValueError, match=r"split must be one of \['test', 'train'\], got 'val'"):
        load_mnist(tiny_mnist, split="val")


def test_wrong_magic_number_is_named(tiny_mnist):
    labels = tiny_mnist / "t10k-labels-idx1-ubyte"
    shutil.copy(labels, tiny_mnist / "t10k-images-idx3-ubyte")  # a labels file where the images should be
    with pytest.raises(ValueError, match="has magic number 2049, expected 2051"):
        load_mnist(tiny_mnist)
    labels.write_bytes(b"PK\x03\x04" + labels.read_bytes()[4:])
    with pytest.raises(ValueError, match="magic number 1347093252, expected 2049"):
        read_idx(labels, expected_magic=2049)
    with pytest.raises(ValueError, match="not an IDX magic number"):
        read_idx(labels)


@pytest.mark.parametrize("compress", [False, True])
def test_truncated_files_are_reported(tiny_mnist, compress):
    images = tiny_mnist / "t10k-images-idx3-ubyte"
    data = images.read_bytes()[:-100]
    images.write_bytes(gzip.compress(data) if compress else data)
    with pytest.raises(ValueError, match=r"is truncated: its header announces shape \(5, 28, 28\), 3920 bytes of "
                                         r"data, but 3820 bytes follow"):
        load_mnist(tiny_mnist)
    images.write_bytes(data[:10])
    with pytest.raises(ValueError, match="is truncated: its header needs 16 bytes, the file has 10"):
        load_mnist(tiny_mnist)


def test_truncated_gzip_stream_is_reported(tiny_mnist):
    images = tiny_mnist / "t10k-images-idx3-ubyte"
    compressed = gzip.compress(images.read_bytes())
    images.unlink()
    (tiny_mnist / "t10k-images-idx3-ubyte.gz").write_bytes(compressed[: len(compressed) // 2])
    with pytest.raises(ValueError, match="is a truncated or corrupt gzip file"):
        load_mnist(tiny_mnist)


def test_images_and_labels_must_agree(tiny_mnist):
    write_idx(tiny_mnist / "t10k-labels-idx1-ubyte", 0x08, (4,), [1, 2, 3, 4], False)
    with pytest.raises(ValueError, match=r"disagree: images of shape \(5, 28, 28\), labels of shape \(4,\)"):
        load_mnist(tiny_mnist)


def test_a_gzip_bomb_is_refused_quickly(tiny_mnist):
    """A valid header for 5 labels, then 1 GB of zeros in about 1 MB (64 gzip members of 16 MB each,
    which gzip readers concatenate): refused after inflating only what the header declares."""
    import time
    import tracemalloc

    zeros = gzip.compress(bytes(16 << 20))
    bomb = tiny_mnist / "t10k-labels-idx1-ubyte.gz"
    bomb.write_bytes(gzip.compress(bytes([0, 0, 8, 1]) + (5).to_bytes(4, "big")) + zeros * 64)
    assert bomb.stat().st_size < 2_000_000
    start = time.perf_counter()
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="inflates past the 13 bytes its header declares"):
            read_idx(bomb, expected_magic=2049)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 1.0 and peak < 10_000_000


def test_a_gzip_header_declaring_more_than_deflate_can_hold_is_refused_before_inflating(tmp_path):
    path = tmp_path / "huge.gz"
    path.write_bytes(gzip.compress(bytes([0, 0, 8, 3]) + b"".join(n.to_bytes(4, "big") for n in (60000, 1000, 1000))))
    with pytest.raises(ValueError, match="header declares 60000000016 bytes, more than a gzip file of"):
        read_idx(path)


def test_a_raw_header_declaring_an_overflowing_size_is_reported(tmp_path):
    path = tmp_path / "overflow"
    path.write_bytes(bytes([0, 0, 0x0E, 4]) + (2**32 - 1).to_bytes(4, "big") * 4 + bytes(8))
    with pytest.raises(ValueError, match="is truncated: its header announces shape"):
        read_idx(path)


def test_absurd_dimension_counts_are_named(tmp_path):
    path = tmp_path / "many-dims"
    path.write_bytes(bytes([0, 0, 8, 255]) + bytes(1020))
    with pytest.raises(ValueError, match="declares 255 dimensions"):
        read_idx(path)
