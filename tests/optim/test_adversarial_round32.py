"""The thirty-second round, against PyTorch: a learning rate given as a NumPy float16 scalar (lr=np.float16(0.1)).
PyTorch's step divides it with NumPy (lr / (1 − β₁ᵗ) stays a float16 NumPy division); glassgrad divided it as
PyTorch divides a float16 *tensor* lr (by the float32 reciprocal), 1e-4 off after a few Adam steps."""
import numpy as np
import pytest

import autograd
import nn
import optim

torch = pytest.importorskip("torch")

OPTIONS = {"Adam": {}, "AdamW": {}, "Adam amsgrad": dict(amsgrad=True, weight_decay=0.1),
           "Adagrad": dict(lr_decay=0.3), "Adagrad decayed": dict(lr_decay=0.01, weight_decay=0.1)}


@pytest.mark.parametrize("lr", [np.float16(0.1), np.float32(0.1), "float16 tensor"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(OPTIONS))
def test_a_numpy_scalar_learning_rate_steps_as_pytorch(name, dtype, lr):
    def steps(lib, nn_module, optim_module):
        p = nn_module.Parameter(lib.tensor([1.5, -2.0, 0.25], dtype=getattr(lib, dtype)))
        rate = lib.tensor(0.1, dtype=lib.float16) if isinstance(lr, str) else lr
        stepper = getattr(optim_module, name.split()[0])([p], lr=rate, **OPTIONS[name])
        for _ in range(7):
            stepper.zero_grad()
            ((p ** 3).sum() + (p * lib.tensor([0.3, -0.7, 1.1], dtype=getattr(lib, dtype))).sum()).backward()
            stepper.step()
        return np.array(p.detach().tolist())

    ours, theirs = steps(autograd, nn, optim), steps(torch, torch.nn, torch.optim)
    ulp = np.finfo(dtype).eps * 4  # (the update's own rounding, as in the other optimizer tests)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=ulp * np.abs(theirs).max())


NUMPY_OPTIONS = {  # (hostile33c S1, S2, S4: NumPy float64 options promoted float32 arrays, or were divided as tensors)
    "Adam np.float64 betas": ("Adam", dict(lr=0.03, betas=tuple(np.array([0.9, 0.999])))),
    "AdamW np.float64 lr": ("AdamW", dict(lr=np.float64(0.01))),
    "Adagrad np.float64 lr_decay": ("Adagrad", dict(lr=0.1, lr_decay=np.float64(0.01))),
    "Adagrad np.float32 lr_decay": ("Adagrad", dict(lr=0.1, lr_decay=np.float32(0.01))),
    "Adagrad np.float16 lr_decay": ("Adagrad", dict(lr=0.1, lr_decay=np.float16(0.01))),
    "SGD np.float64 weight_decay": ("SGD", dict(lr=0.05, momentum=0.5, weight_decay=np.float64(0.01))),
    "RMSprop np.float64 alpha": ("RMSprop", dict(lr=0.01, alpha=np.float64(0.9))),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", sorted(NUMPY_OPTIONS))
def test_numpy_scalar_options_step_as_pytorch(case, dtype):
    name, options = NUMPY_OPTIONS[case]

    def steps(lib, nn_module, optim_module):
        p = nn_module.Parameter(lib.tensor([1.5, -2.0, 0.25, 0.7, -0.3], dtype=getattr(lib, dtype)))
        stepper = getattr(optim_module, name)([p], **options)
        for _ in range(25):
            stepper.zero_grad()
            ((p - 0.3) ** 2 * lib.tensor([1.0, 3.0, 10.0, 0.5, 2.0], dtype=getattr(lib, dtype))).sum().backward()
            stepper.step()
        buffers = [v for v in stepper.state_dict()["state"][0].values() if getattr(v, "ndim", 0)]  # (arrays here)
        return np.array(p.detach().tolist()), {str(b.dtype).split(".")[-1] for b in buffers}

    (ours, our_dtypes), (theirs, their_dtypes) = steps(autograd, nn, optim), steps(torch, torch.nn, torch.optim)
    assert our_dtypes == their_dtypes
    ulp = np.finfo(dtype).eps * (16 if dtype == "float32" else 4)  # (float32: a few last places over 25 steps)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=ulp * np.abs(theirs).max())


@pytest.mark.parametrize("options", [dict(lr=0.1, lr_decay=np.float16(0.3)), dict(lr=np.array(0.1, dtype=np.float16)),
                                     dict(lr=np.array(0.1, dtype=np.float32), lr_decay=0.2)], ids=str)
@pytest.mark.parametrize("name", ["Adagrad", "Adam"])
def test_numpy_float16_decays_and_0d_arrays_step_as_pytorch(name, options):
    """(hostile33d S1, 33e S4: a user's np.float16 lr_decay or 0-d array lr was divided as a tensor's number)"""
    options = options if name == "Adagrad" else {k: v for k, v in options.items() if k != "lr_decay"}

    def steps(lib, nn_module, optim_module):
        p = nn_module.Parameter(lib.tensor([1.0, -2.0, 3.0], dtype=lib.float64))
        stepper = getattr(optim_module, name)([p], **options)
        for _ in range(4):
            stepper.zero_grad()
            (p ** 2).sum().backward()
            stepper.step()
        return np.array(p.detach().tolist())

    np.testing.assert_allclose(steps(autograd, nn, optim), steps(torch, torch.nn, torch.optim), rtol=1e-14)
