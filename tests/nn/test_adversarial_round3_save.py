"""Issue 19, third adversarial pass: nn.save / nn.load round trips against torch.save / torch.load."""
import io

import pytest

import autograd
import nn

torch = pytest.importorskip("torch")


def test_a_view_saved_with_its_base_still_shares_memory_after_loading():
    def round_trip(lib, save, load):
        base = lib.arange(3.0)
        buffer = io.BytesIO()
        save({"base": base, "tail": base[1:]}, buffer)
        buffer.seek(0)
        loaded = load(buffer)
        loaded["tail"][0].add_(5)
        return loaded["base"].numpy().tolist()
    expected = round_trip(torch, torch.save, torch.load)
    ours = round_trip(autograd, nn.save, nn.load)
    assert ours == expected == [0.0, 6.0, 2.0]
