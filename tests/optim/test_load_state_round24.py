"""hostile24c: optimizer state on load, against PyTorch.

C1: a subclass of a built-in optimizer whose own step() keeps tensors under the parent's key names keeps its
loaded state as tensors and resumes; one that overrides step() but calls super().step() resumes too.
C2: a loaded integer or floating state tensor of a floating parameter is cast to the parameter's dtype.
U3: a negative loaded step is refused clearly (PyTorch's step fails on a complex square root)."""
import io

import pytest

from glassgrad.torch_stubs.serialization import load as glass_load
from glassgrad.torch_stubs.serialization import save as glass_save

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import nn  # noqa: E402
import optim  # noqa: E402

LIBRARIES = {"glassgrad": (autograd, nn, optim, glass_save, glass_load),
             "torch": (torch, torch.nn, torch.optim, torch.save, torch.load)}


def own_momentum_sgd(lib, optim_module):
    """A user's SGD subclass with a PyTorch-style step of its own (tensor state under SGD's key name)."""
    class MySGD(optim_module.SGD):
        def step(self, closure=None):
            with lib.no_grad():
                for group in self.param_groups:
                    for p in group["params"]:
                        state = self.state[p]
                        if "momentum_buffer" not in state:
                            state["momentum_buffer"] = lib.clone(p.grad)
                        else:
                            state["momentum_buffer"].mul_(0.9).add_(p.grad)
                        p.add_(state["momentum_buffer"], alpha=-group["lr"])
    return MySGD


def calling_super(optim_module, parent):
    """A subclass that overrides step() only to count, and lets the built-in step do the work."""
    class Counting(getattr(optim_module, parent)):
        calls = 0

        def step(self, closure=None):
            type(self).calls += 1
            return super().step(closure)
    return Counting


def resume(name, make_optimizer, steps=2, **options):
    """Train `steps` steps, save and load the optimizer's state through a file, and take two more steps with a new
    optimizer; returns the parameter and the type names of the loaded state's values."""
    lib, nn_module, optim_module, save, load = LIBRARIES[name]
    p = nn_module.Parameter(lib.tensor([1.0, 2.0], dtype=lib.float64))
    optimizer = make_optimizer(lib, optim_module)([p], lr=0.1, **options)
    for _ in range(steps):
        optimizer.zero_grad()
        (p ** 2).sum().backward()
        optimizer.step()
    buffer = io.BytesIO()
    save(optimizer.state_dict(), buffer)
    buffer.seek(0)
    resumed = make_optimizer(lib, optim_module)([p], lr=0.1, **options)
    resumed.load_state_dict(load(buffer))
    kinds = {key: type(value).__name__ for key, value in resumed.state[p].items()}
    for _ in range(2):
        resumed.zero_grad()
        (p ** 2).sum().backward()
        resumed.step()
    return p.tolist(), kinds


def test_a_subclass_with_its_own_step_keeps_its_loaded_state_as_tensors_and_resumes():
    ours, our_kinds = resume("glassgrad", own_momentum_sgd)
    theirs, their_kinds = resume("torch", own_momentum_sgd)
    assert our_kinds == their_kinds == {"momentum_buffer": "Tensor"}
    assert ours == pytest.approx(theirs, rel=1e-12)  # (add_ with alpha rounds once more: a stated difference)


@pytest.mark.parametrize("parent, options", [("SGD", {"momentum": 0.9}), ("Adam", {}), ("AdamW", {}),
                                             ("RMSprop", {"momentum": 0.5, "centered": True}), ("Adagrad", {}),
                                             ("Adadelta", {})])
def test_a_subclass_that_overrides_step_and_calls_super_resumes_as_pytorch(parent, options):
    def make(lib, optim_module):
        return calling_super(optim_module, parent)
    ours, _ = resume("glassgrad", make, **options)
    theirs, _ = resume("torch", make, **options)
    assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-15)


def test_the_built_ins_still_keep_their_own_state_as_arrays_after_a_load():
    _, kinds = resume("glassgrad", lambda lib, optim_module: optim_module.SGD, momentum=0.9)
    assert kinds == {"momentum_buffer": "ndarray"}


def adam_with_state(name, dtype, **state):
    lib, nn_module, optim_module, _, _ = LIBRARIES[name]
    p = nn_module.Parameter(lib.ones(2, dtype=getattr(lib, dtype)))
    optimizer = optim_module.Adam([p], lr=0.1)
    saved = optimizer.state_dict()
    saved["state"] = {0: {"step": lib.tensor(1.0), "exp_avg": lib.zeros(2), "exp_avg_sq": lib.zeros(2)}}
    saved["state"][0].update({key: make(lib) for key, make in state.items()})
    optimizer.load_state_dict(saved)
    p.grad = lib.ones(2, dtype=getattr(lib, dtype))
    optimizer.step()
    return p.tolist()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("key, make", [
    ("exp_avg", lambda lib: lib.zeros(2, dtype=lib.int64)),
    ("exp_avg", lambda lib: lib.tensor([1, 0], dtype=lib.int32)),
    ("exp_avg_sq", lambda lib: lib.tensor([1, 2], dtype=lib.int64)),
    ("exp_avg", lambda lib: lib.tensor([True, False])),
    ("exp_avg_sq", lambda lib: lib.tensor([0.5, 0.25], dtype=lib.float16)),
])
def test_a_loaded_state_tensor_of_any_dtype_is_cast_to_a_float_parameters_dtype(dtype, key, make):
    ours = adam_with_state("glassgrad", dtype, **{key: make})
    theirs = adam_with_state("torch", dtype, **{key: make})
    assert ours == pytest.approx(theirs, rel=1e-6 if dtype == "float32" else 1e-12)


@pytest.mark.parametrize("step", [-3.0, -1])
def test_a_negative_loaded_step_is_refused_clearly(step):
    with pytest.raises(ValueError, match="'step' of parameter 0 is -.*never negative"):
        adam_with_state("glassgrad", "float32", step=lambda lib: lib.tensor(step))
    with pytest.raises(ValueError, match="never negative"):  # a plain number too
        adam_with_state("glassgrad", "float32", step=lambda lib: step)
    with pytest.raises((RuntimeError, ZeroDivisionError)):  # (PyTorch: "result type ComplexFloat can't be cast")
        adam_with_state("torch", "float32", step=lambda lib: lib.tensor(step))


def test_a_fractional_loaded_step_steps_as_pytorch():
    ours = adam_with_state("glassgrad", "float64", step=lambda lib: lib.tensor(2.5))
    theirs = adam_with_state("torch", "float64", step=lambda lib: lib.tensor(2.5))
    assert ours == pytest.approx(theirs, rel=1e-12)


# S4: a tensor lr --------------------------------------------------------------------------------------------------

def steps_with_tensor_lr(name, optimizer, lr_dtype, param_dtype, **options):
    lib, nn_module, optim_module, _, _ = LIBRARIES[name]
    p = nn_module.Parameter(lib.tensor([1.0, -2.0, 3.0], dtype=getattr(lib, param_dtype)))
    stepper = getattr(optim_module, optimizer)([p], lr=lib.tensor(0.1, dtype=getattr(lib, lr_dtype)), **options)
    for _ in range(3):
        stepper.zero_grad()
        (p ** 3).sum().backward()
        stepper.step()
    return p.tolist()


@pytest.mark.parametrize("lr_dtype", ["float32", "float64"])
@pytest.mark.parametrize("optimizer, options", [
    ("SGD", {}), ("SGD", {"momentum": 0.9, "weight_decay": 0.1}), ("Adam", {}), ("Adam", {"amsgrad": True}),
    ("Adam", {"weight_decay": 0.1}), ("AdamW", {}), ("AdamW", {"weight_decay": 0.3}), ("RMSprop", {}),
    ("Adagrad", {"lr_decay": 0.1}), ("Adadelta", {})])
def test_a_tensor_lr_on_float64_parameters_steps_as_pytorch(optimizer, options, lr_dtype):
    """What a step computes from a float32 lr (Adam's step size, AdamW's decay factor, Adagrad's decayed lr) is
    rounded to float32, as PyTorch's tensor arithmetic rounds it; a float64 lr is the number it holds."""
    ours = steps_with_tensor_lr("glassgrad", optimizer, lr_dtype, "float64", **options)
    theirs = steps_with_tensor_lr("torch", optimizer, lr_dtype, "float64", **options)
    assert ours == pytest.approx(theirs, rel=1e-13, abs=1e-300)


@pytest.mark.parametrize("optimizer", ["Adam", "Adagrad"])
def test_a_tensor_lr_on_float32_parameters_stays_as_close_as_a_float_lr(optimizer):
    ours = steps_with_tensor_lr("glassgrad", optimizer, "float64", "float32")
    theirs = steps_with_tensor_lr("torch", optimizer, "float64", "float32")
    assert ours == theirs
