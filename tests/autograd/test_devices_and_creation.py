"""Devices (CPU only), torch.cuda, and PyTorch's call forms of the creation functions."""
import numpy as np
import pytest

import autograd
from autograd import device, tensor


# ----- devices -----
def test_cpu_works_everywhere():
    x = autograd.zeros(2, 3, device="cpu")
    assert x.device == device("cpu") and str(x.device) == "cpu" and repr(x.device) == "device(type='cpu')"
    for make in [lambda d: autograd.tensor([1.0], device=d), lambda d: autograd.ones(2, device=d),
                 lambda d: autograd.arange(3, device=d), lambda d: autograd.randn(2, device=d),
                 lambda d: autograd.normal(0, 1, (2,), device=d), lambda d: autograd.eye(2, device=d)]:
        assert make("cpu").device == device("cpu") and make(device("cpu")).device.type == "cpu"
        assert make("cpu:0").device == device("cpu")
    assert x.to("cpu") is x and x.cpu() is x and x.to(device("cpu")) is x and not x.is_cuda


@pytest.mark.parametrize("where", ["cuda", "cuda:0", device("cuda", 1), "mps"])
def test_any_other_device_is_refused_clearly(where):
    with pytest.raises(RuntimeError, match="CPU library"):
        autograd.zeros(2, device=where)
    with pytest.raises(RuntimeError, match="CPU library"):
        autograd.ones(2).to(where)
    with pytest.raises(RuntimeError, match="CPU library"):
        autograd.tensor([1.0], device=where)


def test_device_objects_follow_pytorch():
    assert str(device("cuda:1")) == "cuda:1" and device("cuda", 1) == device("cuda:1")
    assert repr(device("cuda", 1)) == "device(type='cuda', index=1)"
    assert device("cpu") != "cpu"  # as PyTorch: a device never equals a string
    assert len({device("cpu"), device("cpu")}) == 1
    with pytest.raises(RuntimeError, match="device type at start of device string: gpu"):
        device("gpu")
    with pytest.raises(RuntimeError, match="Invalid device string"):
        device("cpu:x")
    with pytest.raises(RuntimeError, match="must not include an index"):
        device("cuda:0", 1)
    with pytest.raises(RuntimeError, match="CPU library"):
        device(0)
    with pytest.raises(RuntimeError, match="CPU library"):
        autograd.ones(1).cuda()


def test_device_objects_match_pytorch():
    torch = pytest.importorskip("torch")
    for args in [("cpu",), ("cuda:1",), ("cuda", 2), ("cpu", 0)]:
        assert repr(device(*args)) == repr(torch.device(*args)) and str(device(*args)) == str(torch.device(*args))


def test_cuda_reports_no_gpu():
    assert autograd.cuda.is_available() is False and autograd.cuda.device_count() == 0
    autograd.cuda.manual_seed(0)  # accepted and ignored, as PyTorch without a GPU
    with pytest.raises(RuntimeError, match="CPU library"):
        autograd.cuda.current_device()


# ----- to() -----
def test_to_takes_pytorch_forms():
    x = tensor([1.5, 2.0], requires_grad=True)
    assert x.to(autograd.float64).dtype == np.float64
    assert x.to("cpu", autograd.float64).dtype == np.float64
    assert x.to(device="cpu", dtype=autograd.float16).dtype == np.float16
    assert x.to(tensor([1], dtype=autograd.int32)).dtype == np.int32
    assert x.to(autograd.float32) is x and x.to(autograd.float32, copy=True) is not x
    assert x.to(autograd.float32, False, True) is not x and x.to(autograd.float32, True) is x
    y = x.to("cpu", autograd.float64) * 2
    y.sum().backward()
    assert x.grad.dtype == np.float32 and x.grad._data.tolist() == [2.0, 2.0]


# ----- creation -----
def test_size_keyword_and_forms():
    for fn in (autograd.zeros, autograd.ones, autograd.rand, autograd.randn):
        assert fn(size=(2, 3)).shape == (2, 3) and fn(2, 3).shape == (2, 3) and fn((2, 3)).shape == (2, 3)
        assert fn([4]).shape == (4,) and fn(()).shape == ()
        with pytest.raises(TypeError, match="not both"):
            fn(2, size=(3,))
        with pytest.raises(TypeError, match="unexpected keyword argument 'shape'"):
            fn(shape=(2,))
    with pytest.raises(TypeError, match="tuple of ints"):
        autograd.zeros(2.5)
    with pytest.raises(RuntimeError, match="negative dimension"):
        autograd.ones(-1)
    assert autograd.zeros(2, dtype=autograd.int64).dtype == np.int64
    assert autograd.rand(2, dtype=autograd.float64).dtype == np.float64


def test_randint_forms():
    autograd.manual_seed(0)
    x = autograd.randint(5, (100,))
    assert x.shape == (100,) and x.dtype == np.int64 and 0 <= x._data.min() and x._data.max() < 5
    y = autograd.randint(3, 6, size=(2, 2))
    assert y.shape == (2, 2) and 3 <= y._data.min() and y._data.max() < 6
    with pytest.raises(TypeError, match="high and size"):
        autograd.randint(5)


def test_full_takes_its_dtype_from_the_fill_value_as_pytorch():
    torch = pytest.importorskip("torch")
    for value in (3, 2.5, True):
        assert str(autograd.full((2,), value).dtype) == str(torch.full((2,), value).dtype)[len("torch."):]


def test_normal_call_forms():
    autograd.manual_seed(0)
    assert autograd.normal(0, 1, (3, 2)).shape == (3, 2)
    w = autograd.normal(mean=0.0, std=0.01, size=(4, 1), requires_grad=True)
    assert w.shape == (4, 1) and w.requires_grad and w.dtype == np.float32 and np.abs(w._data).max() < 0.1
    means = tensor([0.0, 100.0, -100.0])
    assert autograd.normal(means, 1.0).shape == (3,)
    assert np.allclose(autograd.normal(means, tensor(1e-6))._data, means._data, atol=1e-3)
    assert autograd.normal(mean=0.0, std=tensor([[1.0], [2.0]])).shape == (2, 1)
    assert autograd.normal(tensor([1.0], dtype=np.float64), tensor([1.0, 2.0])).dtype == np.float64
    big = autograd.normal(2.0, 3.0, size=(200_000,))
    assert abs(big._data.mean() - 2.0) < 0.05 and abs(big._data.std() - 3.0) < 0.05
    with pytest.raises(TypeError, match="give size="):
        autograd.normal(0.0, 1.0)
    with pytest.raises(TypeError, match="with tensors the shape is theirs"):
        autograd.normal(means, 1.0, size=(3,))
    with pytest.raises(RuntimeError, match="std >= 0.0"):
        autograd.normal(0.0, -1.0, size=(2,))


def test_from_numpy_shares_memory_and_as_tensor_avoids_copies():
    array = np.zeros(3, dtype=np.float64)
    x = autograd.from_numpy(array)
    array[0] = 5.0
    assert x.dtype == np.float64 and x._data[0] == 5.0
    x[1] = 7.0
    assert array[1] == 7.0
    with pytest.raises(TypeError, match=r"expected np.ndarray \(got list\)"):
        autograd.from_numpy([1.0, 2.0])
    assert autograd.as_tensor(array)._data is array and autograd.as_tensor(x) is x
    assert autograd.as_tensor([1, 2]).dtype == np.int64 and autograd.as_tensor(array, dtype=np.float32).dtype == np.float32
    assert autograd.as_tensor(x, dtype=autograd.float32).dtype == np.float32


def test_generator_is_pytorchs_api_over_a_numpy_generator():
    g = autograd.Generator().manual_seed(42)
    first = autograd.randn(3, generator=g)
    again = autograd.Generator().manual_seed(42)
    assert g.initial_seed() == 42 and isinstance(g, np.random.Generator)
    assert autograd.randn(3, generator=again).tolist() == first.tolist()
    state = again.get_state()
    x = again.random()
    again.set_state(state)
    assert again.random() == x
    with pytest.raises(RuntimeError, match="CPU"):
        autograd.Generator("cuda")
