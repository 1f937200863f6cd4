"""A checkpoint whose tensors share memory (tied weights, a tensor and a view of it) saves again after loading, as
PyTorch's does, and loads back equal and still sharing: save → load → save → load, checked against torch."""
import numpy as np
import pytest

import autograd
import nn


def resaved(save, load, obj, path, times=2):
    """obj saved, loaded and saved again `times` times; the last load."""
    for k in range(times):
        save(obj, path / f"{k}.pt")
        obj = load(path / f"{k}.pt")
    return obj


def shares(a, b, index, read):
    """Whether a write into a[index] shows in b (read: tensor -> ndarray)."""
    before = read(b).copy()
    a[index] += 100
    return not np.array_equal(read(b), before)


def gptish(nn):
    class GPTish(nn.Module):
        def __init__(self):
            super().__init__()
            self.wte = nn.Embedding(8, 4)
            self.lm_head = nn.Linear(4, 8, bias=False)
            self.lm_head.weight = self.wte.weight  # weight tying, as nanoGPT
    return GPTish()


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


def test_a_tied_checkpoint_saves_again_after_loading_and_keeps_its_tie(tmp_path, torch):
    for name, save, load, module, read, no_grad in (
            ("ours", nn.save, nn.load, nn, lambda t: t.detach().numpy(), autograd.no_grad),
            ("torch", torch.save, torch.load, torch.nn, lambda t: t.detach().numpy(), torch.no_grad)):
        (tmp_path / name).mkdir()
        model = gptish(module)
        checkpoint = resaved(save, load, {"model": model.state_dict(), "iter": 100}, tmp_path / name)
        state = checkpoint["model"]
        assert checkpoint["iter"] == 100
        assert np.array_equal(read(state["wte.weight"]), read(model.wte.weight)), name
        with no_grad():
            assert shares(state["wte.weight"], state["lm_head.weight"], (1, 2), read), name


def test_a_loaded_tensor_and_its_view_save_again_still_sharing(tmp_path, torch):
    for name, save, load, make in (("ours", nn.save, nn.load, autograd.arange),
                                   ("torch", torch.save, torch.load, torch.arange)):
        (tmp_path / name).mkdir()
        x = make(6.0)
        loaded = resaved(save, load, {"x": x, "v": x[1:4]}, tmp_path / name, times=3)
        assert loaded["v"].numpy().tolist() == [1.0, 2.0, 3.0], name
        assert shares(loaded["x"], loaded["v"], 2, lambda t: t.numpy()), name
        again = resaved(save, load, {"x": loaded["x"], "s": loaded["x"][::2]}, tmp_path / name)  # a new slice
        assert again["s"].numpy().tolist() == [0.0, 102.0, 4.0], name
        assert shares(again["x"], again["s"], 4, lambda t: t.numpy()), name


def test_a_tied_model_loaded_with_assign_saves_its_state_dict(tmp_path, torch):
    for name, save, load, module in (("ours", nn.save, nn.load, nn), ("torch", torch.save, torch.load, torch.nn)):
        (tmp_path / name).mkdir()
        save(gptish(module).state_dict(), tmp_path / name / "a.pt")
        model = gptish(module)
        model.load_state_dict(load(tmp_path / name / "a.pt"), assign=True)
        state = resaved(save, load, model.state_dict(), tmp_path / name)
        assert np.array_equal(state["wte.weight"].numpy(), model.wte.weight.detach().numpy()), name
        assert shares(state["lm_head.weight"], state["wte.weight"], (0, 0), lambda t: t.numpy()), name
