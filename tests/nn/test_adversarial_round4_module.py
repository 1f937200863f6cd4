"""Issue 19, fourth adversarial pass: the nn.Module API against PyTorch 2.13."""
import pytest

import nn

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("mode", ["eval", "yes", 0, 1, None])
def test_train_takes_only_a_bool(mode):
    """Was: bool(mode), so model.train("eval") switched training on."""
    with pytest.raises(ValueError, match="boolean"):
        torch.nn.Linear(1, 1).train(mode)
    model = nn.Sequential(nn.Linear(1, 1), nn.Dropout())
    with pytest.raises(ValueError, match="boolean"):
        model.train(mode)
    assert model.training and model[1].training


def test_a_module_cannot_replace_a_parameter():
    """Was accepted: `layer.weight = nn.ReLU()` silently dropped the parameter."""
    with pytest.raises(TypeError, match="parameter 'weight'"):
        torch.nn.Linear(1, 1).weight = torch.nn.ReLU()
    layer = nn.Linear(1, 1)
    with pytest.raises(TypeError, match="parameter 'weight'"):
        layer.weight = nn.ReLU()
    assert [name for name, _ in layer.named_parameters()] == ["weight", "bias"]


INITS = ["uniform_", "normal_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_"]


@pytest.mark.parametrize("dtype", ["int64", "bool", "uint8"])
@pytest.mark.parametrize("name", INITS)
def test_random_initialisers_refuse_integer_and_bool_tensors(name, dtype):
    """Were accepted: the float draws were truncated into the tensor (mostly 0; all True for bool)."""
    import autograd

    with pytest.raises(NotImplementedError):
        getattr(torch.nn.init, name)(torch.zeros(4, 3, dtype=getattr(torch, dtype)))
    tensor = autograd.zeros(4, 3, dtype=getattr(autograd, dtype))
    with pytest.raises(NotImplementedError, match=dtype):
        getattr(nn.init, name)(tensor)
    assert not tensor.numpy().any()
