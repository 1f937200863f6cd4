"""Fifth adversarial pass (#19): nn.save / nn.load of views against torch.save / torch.load."""
import pytest

import autograd
import nn


def test_an_expanded_tensor_loads_with_pytorchs_strides(tmp_path):
    torch = pytest.importorskip("torch")
    torch.save({"e": torch.arange(3.0).expand(2, 3)}, tmp_path / "t.pt")
    nn.save({"e": autograd.arange(3.0).expand(2, 3)}, tmp_path / "g.pt")
    expected = torch.load(tmp_path / "t.pt")["e"]
    got = nn.load(tmp_path / "g.pt")["e"]
    assert got.tolist() == expected.tolist()
    assert tuple(got.stride()) == tuple(expected.stride())


def test_views_of_one_base_still_share_memory_after_loading(tmp_path):
    base = autograd.arange(9.0).reshape(3, 3)
    nn.save({"base": base, "diagonal": base.diagonal(), "row": base[1]}, tmp_path / "g.pt")
    loaded = nn.load(tmp_path / "g.pt")
    with autograd.no_grad():
        loaded["diagonal"].mul_(-1)
    assert loaded["base"].tolist() == [[-0.0, 1, 2], [3, -4, 5], [6, 7, -8]]
    assert loaded["row"].tolist() == [3, -4, 5]
