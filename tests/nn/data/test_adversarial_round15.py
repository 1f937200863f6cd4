"""hostile15b S3 in the data pipeline: a sample that is a NumPy array of the other byte order (">i4", ">f4",
">f8", as np.frombuffer reads big-endian files) is refused by default_collate, default_convert and the
DataLoader with PyTorch's ValueError (naming the byte order and the fix); the IDX reader gives native arrays."""
import sys

import numpy as np
import pytest

import autograd
import nn.data as ours
from nn.data import read_idx

torch = pytest.importorskip("torch")
data = pytest.importorskip("torch.utils.data")

pytestmark = pytest.mark.skipif(sys.byteorder != "little", reason="written for a little-endian machine")
SWAPPED = [">i4", ">f4", ">f8", ">i8", ">u2"]


class Samples:
    """A map-style dataset whose samples are (image of the other byte order, label)."""

    def __init__(self, dtype):
        self.dtype = dtype

    def __len__(self):
        return 4

    def __getitem__(self, index):
        return np.full((2, 3), index).astype(self.dtype), index


def refusal(call):
    with pytest.raises(ValueError) as caught:
        call()
    return str(caught.value)


@pytest.mark.parametrize("dtype", SWAPPED)
def test_collate_and_convert_refuse_an_array_of_the_other_byte_order(dtype):
    array = np.arange(6).reshape(2, 3).astype(dtype)
    for theirs, mine in ((data.default_collate, ours.default_collate), (data.default_convert, ours.default_convert)):
        for batch in ([array, array], [(array, 1), (array, 2)], [{"x": array}, {"x": array}]):
            assert "byte order" in refusal(lambda: theirs(batch))  # noqa: B023 (called at once)
            message = refusal(lambda: mine(batch))  # noqa: B023
            assert "byte order" in message and "big-endian" in message and "newbyteorder('=')" in message


@pytest.mark.parametrize("dtype", SWAPPED)
def test_a_data_loader_over_such_samples_refuses_as_pytorch(dtype):
    assert "byte order" in refusal(lambda: next(iter(data.DataLoader(Samples(dtype), batch_size=2))))
    assert "byte order" in refusal(lambda: next(iter(ours.DataLoader(Samples(dtype), batch_size=2))))


@pytest.mark.parametrize("dtype", SWAPPED)
def test_the_fixed_samples_batch_as_in_pytorch(dtype):
    class Fixed(Samples):
        def __getitem__(self, index):
            image, label = super().__getitem__(index)
            return image.astype(image.dtype.newbyteorder("=")), label

    (x, y), (tx, ty) = next(iter(ours.DataLoader(Fixed(dtype), batch_size=2))), \
        next(iter(data.DataLoader(Fixed(dtype), batch_size=2)))
    assert str(x.dtype) == str(tx.dtype).removeprefix("torch.") and x.dtype == np.dtype(dtype).newbyteorder("=")
    np.testing.assert_array_equal(x.numpy(), tx.numpy())
    assert y.tolist() == ty.tolist()


@pytest.mark.parametrize("code, dtype", [(0x0C, ">i4"), (0x0D, ">f4"), (0x0E, ">f8"), (0x0B, ">i2")])
def test_idx_files_of_every_wide_type_read_as_native_arrays(tmp_path, code, dtype):
    values = np.arange(-3, 3).reshape(2, 3)
    path = tmp_path / "x.idx"
    path.write_bytes(bytes([0, 0, code, 2]) + np.array([2, 3], ">u4").tobytes() + values.astype(dtype).tobytes())
    array = read_idx(path)
    assert array.dtype.isnative and array.dtype == np.dtype(dtype).newbyteorder("=")
    assert array.tolist() == values.tolist()
    assert autograd.tensor(array).dtype == array.dtype
