"""Module._apply and the conversions that go through it (to, double, float, half, type, cpu) against PyTorch's.

Each test runs the same code on glassgrad and on PyTorch (`lib` is either) and compares what happened: which
tensors fn saw and in what order, how often a user's _apply override was called, which objects stayed the same."""
import types

import numpy as np
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")

GLASS = types.SimpleNamespace(name="glassgrad", nn=nn, tensor=autograd.tensor, ones=autograd.ones,
                              float16=autograd.float16, float64=autograd.float64)
TORCH = types.SimpleNamespace(name="torch", nn=torch.nn, tensor=torch.tensor, ones=torch.ones,
                              float16=torch.float16, float64=torch.float64)
LIBS = (GLASS, TORCH)


def dtype_name(t):
    return str(t.dtype).replace("torch.", "")


def table_module(lib, calls):
    """A module keeping a plain tensor (not a buffer) that it converts in an _apply override."""

    class Table(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.table = lib.tensor([0.1, 0.2, 0.3])

        def _apply(self, fn, *args, **kwargs):
            calls.append(type(self).__name__)
            self.table = fn(self.table)
            return super()._apply(fn, *args, **kwargs)

        def forward(self, x):
            return x + self.table

    return Table()


def small_model(lib, calls):
    return lib.nn.Sequential(lib.nn.Linear(3, 3), lib.nn.BatchNorm1d(3), table_module(lib, calls))


def conversions(lib):
    return {
        "double": lambda m: m.double(),
        "float": lambda m: m.float(),
        "half": lambda m: m.half(),
        "to(float64)": lambda m: m.to(lib.float64),
        "to(dtype=float16)": lambda m: m.to(dtype=lib.float16),
        "to(cpu)": lambda m: m.to("cpu"),
        "cpu": lambda m: m.cpu(),
        "type(float64)": lambda m: m.type(lib.float64),
        "_apply": lambda m: m._apply(lambda t: t.double() if t.is_floating_point() else t),
    }


@pytest.mark.parametrize("name", list(conversions(TORCH)))
def test_every_conversion_calls_the_override_once_and_converts_the_cache(name):
    """Was: the override never called (the cache kept float32, the half model's output came out float32)."""
    seen = []
    for lib in LIBS:
        calls = []
        model = small_model(lib, calls)
        assert conversions(lib)[name](model) is model
        seen.append((calls, dtype_name(model[2].table), [dtype_name(t) for t in model.state_dict().values()]))
    assert seen[0] == seen[1]


def test_the_half_model_computes_in_half_with_its_converted_cache():
    outputs = []
    for lib in LIBS:
        model = small_model(lib, []).half().eval()
        outputs.append(dtype_name(model(lib.ones(2, 3, dtype=lib.float16))))
    assert outputs == ["float16", "float16"]


def test_fn_sees_children_first_then_parameters_gradients_and_buffers():
    seen = []
    for lib in LIBS:
        model = lib.nn.Sequential(lib.nn.Linear(2, 3), lib.nn.Sequential(lib.nn.BatchNorm1d(3)))
        model.add_module("head", lib.nn.Linear(3, 1, bias=False))
        model[0].weight.grad = lib.ones(3, 2)
        visited = []

        def fn(t, visited=visited):
            visited.append((tuple(t.shape), dtype_name(t), t.requires_grad))
            return t

        model._apply(fn)
        visited_here_only = []
        model[0]._apply(lambda t, v=visited_here_only: v.append(tuple(t.shape)) or t, recurse=False)
        seen.append((visited, visited_here_only))
    assert seen[0] == seen[1]


def test_parameters_and_their_gradients_stay_the_same_objects_buffers_are_replaced():
    seen = []
    for lib in LIBS:
        model = lib.nn.Sequential(lib.nn.Linear(2, 2), lib.nn.BatchNorm1d(2))
        weight, mean, steps = model[0].weight, model[1].running_mean, model[1].num_batches_tracked
        model[0].weight.grad = lib.ones(2, 2)
        grad = model[0].weight.grad
        model.double()
        converted = (model[0].weight is weight, model[0].weight.grad is grad, dtype_name(grad),
                     model[1].running_mean is mean, model[1].num_batches_tracked is steps)
        mean = model[1].running_mean
        model.to("cpu")
        unchanged = (model[1].running_mean is mean, model[0].weight.requires_grad)
        seen.append((converted, unchanged, model[0].weight.is_leaf))
    assert seen[0] == seen[1]
    assert seen[0][0] == (True, True, "float64", False, True)


def test_a_module_shared_by_two_parents_is_converted_once_per_parent_as_pytorchs():
    seen = []
    for lib in LIBS:
        calls = []
        shared = table_module(lib, calls)
        model = lib.nn.Sequential(lib.nn.Sequential(shared), lib.nn.Sequential(shared), shared)
        model.double()
        seen.append((len(calls), dtype_name(shared.table)))
    assert seen[0] == seen[1]


def test_the_optimizer_keeps_training_the_converted_parameters():
    import optim

    model = nn.Linear(2, 1)
    opt = optim.SGD(model.parameters(), lr=0.1)
    model.double()
    model(autograd.ones(3, 2, dtype=autograd.float64)).sum().backward()
    before = model.weight.detach().numpy().copy()
    opt.step()
    assert model.weight.dtype == np.float64
    np.testing.assert_allclose(model.weight.detach().numpy(), before - 0.1 * 3)


def test_converting_to_the_same_device_does_not_invalidate_a_graph():
    """to('cpu') between forward and backward changes nothing (fn returns each tensor itself), as PyTorch's."""
    for lib in LIBS:
        model = lib.nn.Linear(2, 1)
        loss = model(lib.ones(3, 2)).sum()
        model.to("cpu")
        model.float()
        loss.backward()
        assert model.weight.grad is not None


def test_refusals_stay():
    model = nn.Linear(2, 1)
    with pytest.raises(TypeError, match="only accepts floating point dtypes"):
        model.to(np.int64)
    with pytest.raises(RuntimeError, match="CPU library"):
        model.to("cuda")
    with pytest.raises(RuntimeError, match="floating point"):  # as PyTorch: a Parameter cannot become integer
        model.type(autograd.int64)
    with pytest.raises(RuntimeError, match="floating point"):
        torch.nn.Linear(2, 1).type(torch.int64)


def test_a_lazy_modules_buffers_stay_uninitialised_through_a_conversion():
    seen = []
    for lib in LIBS:
        model = lib.nn.LazyBatchNorm1d().double()
        before = type(model.running_mean).__name__
        model(lib.ones(4, 3, dtype=lib.float64))
        seen.append((before, type(model).__name__, dtype_name(model.running_mean), tuple(model.running_mean.shape)))
    assert seen[0] == seen[1] == ("UninitializedBuffer", "BatchNorm1d", "float64", (3,))


def test_train_and_eval_set_training_through_the_modules_own_setattr():
    """Was: object.__setattr__, so a module's __setattr__ override did not see 'training' (PyTorch's does)."""
    seen = []
    for lib in LIBS:
        names = []

        class Watched(lib.nn.Module):
            def __setattr__(self, name, value, names=names):
                names.append((name, value))
                super().__setattr__(name, value)

        model = lib.nn.Sequential(Watched())
        names.clear()
        model.eval()
        model.train()
        model[0].train(False)
        seen.append(list(names))
    assert seen[0] == seen[1] == [("training", False), ("training", True), ("training", False)]
