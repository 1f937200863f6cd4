"""Issue 19, second adversarial pass: DataLoader attributes set after construction. PyTorch refuses
(ValueError); glassgrad accepts them and keeps batching the old way. xfail(strict=True) until fixed."""
import pytest

import autograd
import nn.data as ours

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("attribute, value", [("batch_size", 3), ("drop_last", True), ("sampler", [4, 3]),
                                              ("batch_sampler", [[0]])])
def test_setting_a_loader_option_after_construction_is_refused(attribute, value):
    theirs = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.arange(5)), batch_size=2)
    with pytest.raises(ValueError, match=attribute):
        setattr(theirs, attribute, value)
    loader = ours.DataLoader(ours.TensorDataset(autograd.arange(5)), batch_size=2)
    with pytest.raises(ValueError, match=attribute):
        setattr(loader, attribute, value)
