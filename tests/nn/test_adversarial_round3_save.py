"""Issue 19, third adversarial pass: nn.save / nn.load round trips against torch.save / torch.load.
xfail(strict=True) until fixed."""
import io

import pytest

import autograd
import nn

torch = pytest.importorskip("torch")


@pytest.mark.xfail(strict=True, reason="a view saved beside its base comes back as a separate tensor: a write "
                                       "through it no longer reaches the base (torch.load keeps the sharing)")
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
