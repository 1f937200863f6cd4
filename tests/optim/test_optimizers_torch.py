"""Every optimizer and option against PyTorch: 25 float64 steps, parameters equal to 1e-8 after each."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import optim  # noqa: E402

from .optim_problem import START, make_parameters, param_groups, train  # noqa: E402

CONFIGS = [
    ("SGD", dict(lr=0.01), dict(lr=0.002)),
    ("SGD", dict(lr=0.01, momentum=0.9), dict(lr=0.002)),
    ("SGD", dict(lr=0.01, momentum=0.9, dampening=0.5), dict(lr=0.002)),
    ("SGD", dict(lr=0.01, momentum=0.9, nesterov=True), dict(lr=0.002)),
    ("SGD", dict(lr=0.01, weight_decay=0.1), dict(lr=0.002, momentum=0.5)),
    ("SGD", dict(lr=0.01, momentum=0.8, nesterov=True, weight_decay=0.05), dict(lr=0.002)),
    ("SGD", dict(lr=0.001, momentum=0.5, maximize=True), dict(lr=0.0001)),
    ("Adam", dict(lr=0.01), dict(lr=0.02)),
    ("Adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6), dict(lr=0.02)),
    ("Adam", dict(lr=0.01, weight_decay=0.1), dict(lr=0.02)),
    ("Adam", dict(lr=0.01, amsgrad=True), dict(lr=0.02, betas=(0.5, 0.9))),
    ("Adam", dict(lr=0.01, amsgrad=True, weight_decay=0.1, maximize=True), dict(lr=0.001)),
    ("AdamW", dict(lr=0.01), dict(lr=0.02)),
    ("AdamW", dict(lr=0.01, weight_decay=0.3, amsgrad=True), dict(lr=0.02, weight_decay=0.0)),
    ("RMSprop", dict(lr=0.01), dict(lr=0.001)),
    ("RMSprop", dict(lr=0.01, alpha=0.9, eps=1e-6), dict(lr=0.001)),
    ("RMSprop", dict(lr=0.01, centered=True), dict(lr=0.001)),
    ("RMSprop", dict(lr=0.01, momentum=0.9), dict(lr=0.001)),
    ("RMSprop", dict(lr=0.01, centered=True, momentum=0.5, weight_decay=0.1), dict(lr=0.001)),
    ("RMSprop", dict(lr=0.01, maximize=True), dict(lr=0.001)),
    ("Adagrad", dict(lr=0.1), dict(lr=0.01)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.05), dict(lr=0.01)),
    ("Adagrad", dict(lr=0.1, weight_decay=0.1, initial_accumulator_value=0.5, eps=1e-6), dict(lr=0.01)),
    ("Adagrad", dict(lr=0.1, maximize=True), dict(lr=0.01)),
]


def trajectory(lib, optim_module, name, options, group_options, steps=25):
    params = make_parameters(lib)
    optimizer = getattr(optim_module, name)(param_groups(params, group_options), **options)
    return train(lib, optimizer, params, steps)


@pytest.mark.parametrize("name, options, group_options", CONFIGS, ids=lambda c: str(c))
def test_parameters_match_pytorch_after_every_step(name, options, group_options):
    ours = trajectory(autograd, optim, name, options, group_options)
    theirs = trajectory(torch, torch.optim, name, options, group_options)
    for step, (mine, reference) in enumerate(zip(ours, theirs, strict=True), start=1):
        for key in reference:
            np.testing.assert_allclose(mine[key], reference[key], rtol=1e-8, atol=1e-14,
                                       err_msg=f"{name}{options}: {key} after step {step}")
    assert np.array_equal(ours[-1]["unused"], START["unused"])  # no gradient: skipped
