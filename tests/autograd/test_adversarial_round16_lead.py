"""Sixteenth adversarial pass (hostile16c S1, S9 and a refusal): float16 matrix updates as PyTorch's float16 kernels
(α = 0 keeps the product's NaNs; β and α are checked as float32), and var_mean's gradient at an infinite input is
var's."""
import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")

inf = float("inf")


def outcome(run, lib):
    """run(lib)'s tensors as text (so that NaN equals NaN), or the error's type."""
    try:
        return [str(np.asarray(r.detach().numpy(), dtype=np.float64).tolist()) for r in run(lib)]
    except RuntimeError:
        return "RuntimeError"


UPDATES = {
    "addmm α=0": lambda L, h: L.addmm(L.ones(2, 2, dtype=h), L.tensor([[inf, 1.0], [1.0, 1.0]], dtype=h),
                                      L.ones(2, 2, dtype=h), alpha=0),
    "addbmm α=0": lambda L, h: L.addbmm(L.ones(2, 2, dtype=h), L.tensor([[[inf, 1.0], [1.0, 1.0]]], dtype=h),
                                        L.ones(1, 2, 2, dtype=h), alpha=0),
    "baddbmm α=0": lambda L, h: L.baddbmm(L.ones(1, 2, 2, dtype=h), L.tensor([[[inf, 1.0], [1.0, 1.0]]], dtype=h),
                                          L.ones(1, 2, 2, dtype=h), alpha=0),
    "addmm β=7e4": lambda L, h: L.addmm(L.ones(2, 2, dtype=h), L.ones(2, 2, dtype=h), L.ones(2, 2, dtype=h),
                                        beta=7e4),
    "addmm α=1e39": lambda L, h: L.addmm(L.ones(2, 2, dtype=h), L.ones(2, 2, dtype=h), L.ones(2, 2, dtype=h),
                                         alpha=1e39),
}


@pytest.mark.parametrize("dtype", ["float16", "float32"])
@pytest.mark.parametrize("name", list(UPDATES))
def test_matrix_updates_follow_each_dtypes_kernel_as_pytorch(name, dtype):
    def run(lib):
        return [UPDATES[name](lib, getattr(lib, dtype))]

    assert outcome(run, autograd) == outcome(run, torch)


@pytest.mark.parametrize("values", [[1.0, inf, 3.0], [1.0, -inf, 3.0], [inf, inf], [1.0, float("nan")]])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_var_mean_gradient_at_an_infinite_input_is_vars_as_pytorch(values, dtype):
    def run(lib):
        x = lib.tensor(values, dtype=getattr(lib, dtype), requires_grad=True)
        spread, mean = lib.var_mean(x)
        (spread + mean).backward()
        return [spread, mean, x.grad]

    assert outcome(run, autograd) == outcome(run, torch)
