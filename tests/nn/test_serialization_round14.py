"""hostile14b S3: a tensor whose elements overlap (unfold's windows, an overlapping as_strided), saved on its own,
loads with its strides and its sharing, as torch.load gives it: a write into one element shows in every window.
(A lone view without overlap, as "unfold of a 2-d slice" is, loads as a copy: nn.checkpoint_views says so.)"""
import io

import pytest

import autograd
import nn

from .test_serialization_round12 import VIEWS

torch = pytest.importorskip("torch")

OVERLAPPING = [name for name in VIEWS if name != "unfold of a 2-d slice"]


def written(loaded):
    """(strides, values) of `loaded` after 50 is written into its element [0, 1, 0, ...]."""
    strides = loaded.stride()
    loaded[(0, 1) + (0,) * (loaded.ndim - 2)] = 50.0
    return strides, loaded.tolist()


def round_trip(lib, save, load, name):
    buffer = io.BytesIO()
    save(VIEWS[name](lib, lib.arange(6.0)), buffer)
    buffer.seek(0)
    return load(buffer)


@pytest.mark.parametrize("name", OVERLAPPING)
def test_an_overlapping_tensor_saved_alone_keeps_its_strides_and_sharing(name):
    assert written(round_trip(autograd, nn.save, nn.load, name)) == written(round_trip(torch, torch.save,
                                                                                         torch.load, name))


@pytest.mark.parametrize("name", OVERLAPPING)
def test_an_overlapping_tensor_saved_alone_in_npz_keeps_its_sharing(name, tmp_path):
    nn.save(VIEWS[name](autograd, autograd.arange(6.0)), tmp_path / "w.npz")
    assert written(nn.load(tmp_path / "w.npz")) == written(VIEWS[name](torch, torch.arange(6.0)))


def test_a_lone_view_without_overlap_loads_as_a_copy_as_documented():
    x = autograd.arange(12.0).reshape(3, 4)
    buffer = io.BytesIO()
    nn.save(x.t()[1:], buffer)
    buffer.seek(0)
    loaded = nn.load(buffer)
    assert loaded.tolist() == torch.arange(12.0).reshape(3, 4).t()[1:].tolist() and loaded.is_contiguous()
    assert "Any other lone view is saved as a copy" in nn.checkpoint_views.__doc__
