"""Moving to PyTorch in one step: a model trained here, saved with nn.save(..., "m.safetensors"), loads
into the same architecture in PyTorch (safetensors.torch.load_file + load_state_dict) and gives the same
outputs; and a PyTorch model saved with safetensors.torch.save_file loads here the same way."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")
safetensors_torch = pytest.importorskip("safetensors.torch")

import autograd  # noqa: E402
import nn  # noqa: E402
import optim  # noqa: E402


class ConvNet:
    """The same conv net in either library (`lib` is torch.nn or nn)."""

    @staticmethod
    def build(lib):
        return lib.Sequential(lib.Conv2d(1, 4, 3, padding=1), lib.BatchNorm2d(4), lib.ReLU(), lib.MaxPool2d(2),
                              lib.Conv2d(4, 6, 3), lib.ReLU(), lib.Flatten(), lib.Linear(6, 3))


class Recurrent:
    """An LSTM of two layers and a linear head on its last output."""

    @staticmethod
    def build(lib):
        class Model(lib.Module):
            def __init__(self):
                super().__init__()
                self.lstm = lib.LSTM(3, 5, num_layers=2)
                self.head = lib.Linear(5, 2)

            def forward(self, x):
                return self.head(self.lstm(x)[0][-1])
        return Model()


ARCHITECTURES = {
    "linear": (lambda lib: lib.Linear(4, 3), (5, 4)),
    "mlp": (lambda lib: lib.Sequential(lib.Linear(4, 8), lib.Tanh(), lib.Linear(8, 8), lib.ReLU(), lib.Linear(8, 2)),
            (5, 4)),
    "batchnorm mlp": (lambda lib: lib.Sequential(lib.Linear(4, 6), lib.BatchNorm1d(6), lib.ReLU(), lib.Linear(6, 2)),
                      (5, 4)),
    "conv net": (ConvNet.build, (2, 1, 6, 6)),
    "lstm": (Recurrent.build, (7, 2, 3)),
}


def train_ours(model, shape, steps=3):
    """A few Adam steps in training mode, so weights and BatchNorm buffers (num_batches_tracked too) move."""
    optimizer = optim.Adam(model.parameters(), lr=0.05)
    for _ in range(steps):
        optimizer.zero_grad()
        (model(autograd.randn(*shape)) ** 2).mean().backward()
        optimizer.step()


def train_theirs(model, shape, steps=3):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(steps):
        optimizer.zero_grad()
        (model(torch.randn(*shape)) ** 2).mean().backward()
        optimizer.step()


@pytest.mark.parametrize("name", list(ARCHITECTURES))
def test_a_model_trained_here_runs_the_same_in_pytorch(tmp_path, name):
    build, shape = ARCHITECTURES[name]
    ours = build(nn)
    train_ours(ours, shape)
    nn.save(ours.state_dict(), tmp_path / "model.safetensors")              # line 1, here

    theirs = build(torch.nn)
    theirs.load_state_dict(safetensors_torch.load_file(tmp_path / "model.safetensors"))  # line 2, in PyTorch

    for key, value in theirs.state_dict().items():
        np.testing.assert_array_equal(value.numpy(), ours.state_dict()[key]._data)
        assert value.numpy().dtype == ours.state_dict()[key].dtype
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    ours.eval(), theirs.eval()
    with torch.no_grad():
        expected = theirs(torch.tensor(x)).numpy()
    np.testing.assert_allclose(ours(autograd.tensor(x))._data, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", list(ARCHITECTURES))
def test_a_model_trained_in_pytorch_runs_the_same_here(tmp_path, name):
    build, shape = ARCHITECTURES[name]
    theirs = build(torch.nn)
    train_theirs(theirs, shape)
    safetensors_torch.save_file(theirs.state_dict(), tmp_path / "model.safetensors")

    ours = build(nn)
    ours.load_state_dict(nn.load(tmp_path / "model.safetensors"))

    if "batchnorm" in name or "conv" in name:
        counts = [v.item() for k, v in ours.state_dict().items() if k.endswith("num_batches_tracked")]
        assert counts == [3]
    x = np.random.default_rng(1).standard_normal(shape).astype(np.float32)
    ours.eval(), theirs.eval()
    with torch.no_grad():
        expected = theirs(torch.tensor(x)).numpy()
    np.testing.assert_allclose(ours(autograd.tensor(x))._data, expected, rtol=1e-5, atol=1e-5)


def test_pytorchs_own_checkpoint_format_is_refused_with_the_way_out(tmp_path):
    torch.save(torch.nn.Linear(2, 1).state_dict(), tmp_path / "model.pt")
    with pytest.raises(ValueError, match="a torch.save file: nn.load never unpickles; save it with safetensors"):
        nn.load(tmp_path / "model.pt")
