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
