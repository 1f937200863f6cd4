"""hostile25c S2: every optimizer option given as a one-element float32 or float16 tensor (betas, weight_decay,
eps, momentum, dampening, alpha, rho, lr_decay, lr) steps as PyTorch's does with it: PyTorch's arithmetic keeps
such an option in its dtype (1 − lr·λ, (t − 1)·η, 1 − βᵗ are rounded to it), and glassgrad keeps it a NumPy number
of that dtype. Compared with PyTorch over 4 steps on float64 parameters (exact up to the float64 last places) and
float32 ones (up to the documented float32 rounding)."""
import pytest

import autograd
import nn
import optim

torch = pytest.importorskip("torch")

LIBRARIES = {"glassgrad": (autograd, nn, optim), "torch": (torch, torch.nn, torch.optim)}

OPTIONS = {"Adam": dict(lr=0.037, betas=(0.9, 0.99), eps=1e-6, weight_decay=0.1),
           "AdamW": dict(lr=0.037, betas=(0.9, 0.99), eps=1e-6, weight_decay=0.1),
           "SGD": dict(lr=0.037, momentum=0.9, dampening=0.1, weight_decay=0.1),
           "RMSprop": dict(lr=0.037, alpha=0.9, eps=1e-6, weight_decay=0.1, momentum=0.5),
           "Adagrad": dict(lr=0.037, lr_decay=0.01, weight_decay=0.1, eps=1e-6, initial_accumulator_value=0.1),
           "Adadelta": dict(lr=0.9, rho=0.8, eps=1e-6, weight_decay=0.1)}
CASES = [(optimizer, key) for optimizer, options in OPTIONS.items() for key in options]


def steps(name, optimizer, key, option_dtype, param_dtype, **flags):
    lib, nn_module, optim_module = LIBRARIES[name]
    options = dict(OPTIONS[optimizer], **flags)
    as_tensor = lambda value: lib.tensor(value, dtype=getattr(lib, option_dtype))  # noqa: E731
    options[key] = tuple(map(as_tensor, options[key])) if key == "betas" else as_tensor(options[key])
    p = nn_module.Parameter(lib.tensor([1.0, 2.0, -3.0], dtype=getattr(lib, param_dtype)))
    stepper = getattr(optim_module, optimizer)([p], **options)
    for _ in range(4):
        stepper.zero_grad()
        (p ** 2 * lib.tensor([1.0, 0.5, 0.25], dtype=getattr(lib, param_dtype))).sum().backward()
        stepper.step()
    return p.detach().tolist()


@pytest.mark.parametrize("option_dtype", ["float32", "float16"])
@pytest.mark.parametrize("optimizer, key", CASES)
def test_a_tensor_option_on_float64_parameters_steps_as_pytorch(optimizer, key, option_dtype):
    ours = steps("glassgrad", optimizer, key, option_dtype, "float64")
    theirs = steps("torch", optimizer, key, option_dtype, "float64")
    # float32 betas: 1 − β₂ᵗ's square root is rounded in float32, where PyTorch's CPU sqrt is not always the
    # correctly rounded one NumPy gives (one float32 place: 4e-8 of the step)
    tolerance = 1e-7 if (key, option_dtype) == ("betas", "float32") else 1e-14
    assert ours == pytest.approx(theirs, rel=tolerance, abs=0)


@pytest.mark.parametrize("option_dtype", ["float32", "float16"])
@pytest.mark.parametrize("optimizer, key", CASES)
def test_a_tensor_option_on_float32_parameters_steps_as_pytorch(optimizer, key, option_dtype):
    ours = steps("glassgrad", optimizer, key, option_dtype, "float32")
    theirs = steps("torch", optimizer, key, option_dtype, "float32")
    assert ours == pytest.approx(theirs, rel=3e-7, abs=0)  # (float32's documented last-place rounding)


@pytest.mark.parametrize("optimizer, flags, key", [("SGD", dict(nesterov=True, dampening=0), "momentum"),
                                                   ("RMSprop", dict(centered=True), "alpha"),
                                                   ("Adam", dict(amsgrad=True), "betas")])
def test_a_tensor_option_with_other_flags_steps_as_pytorch(optimizer, flags, key):
    ours = steps("glassgrad", optimizer, key, "float16", "float64", **flags)
    theirs = steps("torch", optimizer, key, "float16", "float64", **flags)
    assert ours == pytest.approx(theirs, rel=1e-14, abs=0)


def test_betas_of_mixed_kinds_are_refused_as_pytorch_refuses_them():
    for lib, _, optim_module in LIBRARIES.values():
        p = lib.zeros(2, requires_grad=True)
        with pytest.raises(ValueError, match="both floats or both Tensors"):
            optim_module.Adam([p], betas=(0.9, lib.tensor(0.99)))
