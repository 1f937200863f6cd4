"""The twenty-fifth adversarial pass's nn findings (hostile25d), against PyTorch."""
import types

import numpy as np
import pytest

import autograd
import nn
from nn.module import _first_paths

torch = pytest.importorskip("torch")
ours = types.SimpleNamespace(nn=nn, tensor=autograd.tensor, no_grad=autograd.no_grad, float32=autograd.float32,
                             ones=autograd.ones, zeros=autograd.zeros, tanh=autograd.tanh)


def _chain(lib, depth):
    """A linked list of `depth` modules, each holding the next as 'nxt', whose forward walks it in a loop."""
    class Node(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = lib.nn.Linear(2, 2)

    class Chain(lib.nn.Module):
        def __init__(self):
            super().__init__()
            current = self
            for _ in range(depth):
                current.add_module("nxt", Node())
                current = current.nxt

        def forward(self, x):
            current = self.nxt
            while current is not None:
                x = lib.tanh(current.lin(x))
                current = current._modules.get("nxt")
            return x

    return Chain()


def test_a_module_tree_thousands_of_levels_deep_runs_forward_and_backward_as_in_pytorch():
    depth = 3000  # deeper than Python's default recursion limit
    for lib in (torch, ours):
        chain = _chain(lib, depth)
        x = lib.ones(1, 2, requires_grad=True)
        out = chain(x)
        out.sum().backward()
        assert tuple(out.shape) == (1, 2) and tuple(x.grad.shape) == (1, 2)
    assert out.grad_fn.next_functions[0][0].scope[-1] == ".".join(["nxt"] * depth) + ".lin: Linear"


def _shared_tree(lib):
    """A tree where modules are held twice, at a deeper path first and a shallower one later, and nested."""
    a, b, c = lib.nn.Linear(2, 2), lib.nn.Tanh(), lib.nn.Sequential(lib.nn.ReLU())
    inner = lib.nn.Sequential(lib.nn.Sequential(a, c), b)
    root = lib.nn.ModuleDict({"first": inner, "a": a, "second": lib.nn.Sequential(c, inner, b), "c": c})
    root.add_module("empty", None)
    root.second.add_module("loop", root)  # the root again, under itself
    return root


def test_the_forward_walk_names_each_module_by_its_first_path_in_pytorchs_named_modules_order():
    theirs = [path for path, _ in _shared_tree(torch).named_modules()]
    tree = _shared_tree(ours)
    walked = _first_paths(tree)
    by_id = {id(module): module for module in [tree, *tree.modules()]}
    assert list(walked.values()) == theirs
    assert [by_id[key] for key in walked] == [module for _, module in tree.named_modules()]


def _wrapper(lib):
    class Wrapper(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = lib.nn.Linear(2, 2)

        def forward(self, x):
            return self.inner(x)

    return Wrapper()


def test_a_value_put_straight_into_modules_that_is_not_a_module_is_ignored_by_forward_as_in_pytorch():
    results = []
    for lib in (torch, ours):
        model = _wrapper(lib)
        with lib.no_grad():
            model.inner.weight.copy_(lib.tensor([[1.0, 2.0], [3.0, -4.0]]))
            model.inner.bias.zero_()
        model._modules["fn"] = lib.tanh  # add_module would refuse it; forward never looks at it
        model.inner._modules["count"] = 3
        results.append(model(lib.ones(1, 2)).detach().numpy())
    np.testing.assert_allclose(results[1], results[0])


def _picklable_classes(lib, tag):
    """Module classes with PyTorch's common __getattr__ / __setstate__ idioms, made importable for pickle."""
    class Delegating(lib.nn.Module):  # a wrapper that forwards unknown attributes to the model it wraps
        def __init__(self, model):
            super().__init__()
            self.model = model

        def __getattr__(self, name):
            try:
                return super().__getattr__(name)
            except AttributeError:
                return getattr(self.model, name)

        def forward(self, x):
            return self.model(x) * self.in_features

    class Optional(lib.nn.Module):  # a config-style module: unset options read as None
        def __init__(self):
            super().__init__()
            self.lin = lib.nn.Linear(2, 2)

        def __getattr__(self, name):
            try:
                return super().__getattr__(name)
            except AttributeError:
                return None

        def forward(self, x):
            return self.lin(x) if self.scale is None else self.lin(x) * self.scale

    class Versioned(lib.nn.Module):  # PyTorch's backward-compatibility idiom for an attribute added later
        def __init__(self):
            super().__init__()
            self.lin = lib.nn.Linear(2, 2)
            self.scale = 3.0

        def __getstate__(self):
            state = super().__getstate__().copy()
            del state["scale"]  # as if saved by the version before `scale`
            return state

        def __setstate__(self, state):
            super().__setstate__(state)
            self.__dict__.setdefault("scale", 1.0)

        def forward(self, x):
            return self.lin(x) * self.scale

    for cls in (Delegating, Optional, Versioned):
        cls.__name__ = cls.__qualname__ = f"{cls.__name__}_{tag}"
        globals()[cls.__name__] = cls
    return Delegating, Optional, Versioned


_CLASSES = {"torch": _picklable_classes(torch, "torch"), "ours": _picklable_classes(ours, "ours")}


@pytest.mark.parametrize("kind", [0, 1, 2])
@pytest.mark.parametrize("how", ["deepcopy", "copy", "pickle"])
def test_copies_and_pickles_of_modules_with_getattr_or_setstate_idioms_work_as_in_pytorch(kind, how):
    import copy
    import pickle

    copier = {"deepcopy": copy.deepcopy, "copy": copy.copy,
              "pickle": lambda module: pickle.loads(pickle.dumps(module))}[how]
    results = []
    for name, lib in (("torch", torch), ("ours", ours)):
        cls = _CLASSES[name][kind]
        model = cls(lib.nn.Linear(2, 2)) if kind == 0 else cls()
        for parameter in model.parameters():
            with lib.no_grad():
                parameter.copy_(lib.tensor(np.arange(parameter.numel(), dtype=np.float32).reshape(parameter.shape)))
        copied = copier(model)
        out = copied(lib.tensor([[1.0, -2.0]]))
        results.append((type(copied).__name__.split("_")[0], out.detach().numpy(),
                        copied.lin is model.lin if kind else copied.model is model.model))
    assert results[1][0] == results[0][0] and results[1][2] == results[0][2]
    np.testing.assert_allclose(results[1][1], results[0][1])


@pytest.mark.parametrize("lib", [torch, ours], ids=["torch", "ours"])
def test_a_module_unpickled_from_a_state_without_later_hook_registries_gets_empty_ones_as_in_pytorch(lib):
    later = {"_forward_pre_hooks", "_forward_pre_hooks_with_kwargs", "_forward_hooks_with_kwargs",
             "_forward_hooks_always_called", "_backward_pre_hooks"}  # the ones PyTorch's __setstate__ creates
    model = lib.nn.Linear(2, 2)
    restored = lib.nn.Linear.__new__(lib.nn.Linear)
    restored.__setstate__({key: value for key, value in model.__dict__.items() if key not in later})
    calls = []
    restored.register_forward_pre_hook(lambda module, args: calls.append("pre"))
    restored.register_forward_hook(lambda module, args, kwargs, out: calls.append(tuple(out.shape)),
                                   with_kwargs=True, always_call=True)
    restored.register_full_backward_pre_hook(lambda module, grad_output: calls.append("backward"))
    restored(lib.ones(3, 2, requires_grad=True)).sum().backward()
    assert calls == ["pre", (3, 2), "backward"]


def _overriding(lib, base, method, body):
    return type(f"Custom{base}", (getattr(lib.nn, base),), {method: body})


def _constant_init(lib, value):
    """A reset_parameters override: every parameter (and the attention's in-projection) to `value`."""
    def reset(self):
        for parameter in self._parameters.values():
            if parameter is not None:
                lib.nn.init.constant_(parameter, value)
    return reset


@pytest.mark.parametrize("base, args, shape", [
    ("BatchNorm1d", (3,), (4, 3)), ("BatchNorm2d", (3,), (4, 3, 2, 2)), ("LayerNorm", (3,), (4, 3)),
    ("GroupNorm", (1, 3), (4, 3, 2)), ("InstanceNorm1d", (3,), (4, 3, 5)), ("InstanceNorm2d", (3,), (4, 3, 2, 2)),
])
def test_a_norm_layers_reset_parameters_override_sets_its_initial_values_as_in_pytorch(base, args, shape):
    values = np.linspace(-2, 3, int(np.prod(shape)), dtype=np.float32).reshape(shape)
    found = []
    for lib in (torch, ours):
        kwargs = {"affine": True} if base.startswith("Instance") else {}
        layer = _overriding(lib, base, "reset_parameters", _constant_init(lib, 0.25))(*args, **kwargs)
        found.append((layer.weight.detach().numpy().copy(), layer(lib.tensor(values)).detach().numpy()))
    np.testing.assert_array_equal(found[1][0], found[0][0])
    np.testing.assert_allclose(found[1][1], found[0][1], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("base, shape", [("BatchNorm1d", (4, 2)), ("BatchNorm2d", (4, 2, 2, 2)),
                                         ("LazyBatchNorm1d", (4, 2)), ("InstanceNorm1d", (4, 2, 3))])
def test_a_reset_running_stats_override_sets_the_initial_statistics_as_in_pytorch(base, shape):
    def reset(self):
        if self.track_running_stats:
            self.running_mean.fill_(0.5)
            self.running_var.fill_(4.0)
            self.num_batches_tracked.zero_()

    values = np.linspace(-1, 2, int(np.prod(shape)), dtype=np.float32).reshape(shape)
    found = []
    for lib in (torch, ours):
        args = () if base.startswith("Lazy") else (2,)
        layer = _overriding(lib, base, "reset_running_stats", reset)(*args, track_running_stats=True)
        layer(lib.tensor(values))
        layer.eval()
        found.append((layer.running_var.numpy().copy(), layer(lib.tensor(values)).detach().numpy()))
    np.testing.assert_allclose(found[1][0], found[0][0], rtol=1e-6)
    np.testing.assert_allclose(found[1][1], found[0][1], rtol=1e-5, atol=1e-6)


def test_multihead_attentions_reset_parameters_override_is_called_at_construction_as_in_pytorch():
    def reset(self):
        self.in_proj_weight.data.fill_(0.3)
        self.in_proj_bias.data.fill_(0.0)

    found = []
    for lib in (torch, ours):
        attention = _overriding(lib, "MultiheadAttention", "_reset_parameters", reset)(2, 1)
        found.append(attention.in_proj_weight.detach().numpy().copy())
    np.testing.assert_array_equal(found[1], found[0])
    assert not hasattr(nn.MultiheadAttention, "reset_parameters")  # PyTorch's has only _reset_parameters


def test_an_embeddings_fill_padding_idx_with_zero_override_is_called_by_reset_parameters_as_in_pytorch():
    def fill(self):
        with torch.no_grad() if isinstance(self, torch.nn.Module) else autograd.no_grad():
            self.weight[self.padding_idx] = 7.0

    rows = []
    for lib in (torch, ours):
        rows.append(_overriding(lib, "Embedding", "_fill_padding_idx_with_zero", fill)(4, 2, padding_idx=1)
                    .weight[1].detach().numpy())
    np.testing.assert_array_equal(rows[1], rows[0])


def _batch_norm_for_rank(lib, rank):
    """A direct _BatchNorm subclass for one input rank, written as for PyTorch."""
    class OneRank(lib.nn.modules.batchnorm._BatchNorm):
        def _check_input_dim(self, input):
            if input.dim() != rank:
                raise ValueError(f"expected {rank}D input (got {input.dim()}D input)")

    return OneRank


def _instance_norm_for_rank(lib, rank):
    class OneRank(lib.nn.modules.instancenorm._InstanceNorm):
        def _check_input_dim(self, input):
            if input.dim() not in (rank - 1, rank):
                raise ValueError(f"expected {rank - 1}D or {rank}D input (got {input.dim()}D input)")

        def _get_no_batch_dim(self):
            return rank - 1

    return OneRank


@pytest.mark.parametrize("make, rank, shape", [(_batch_norm_for_rank, 3, (2, 2, 3)),
                                               (_instance_norm_for_rank, 4, (2, 2, 3, 2)),
                                               (_instance_norm_for_rank, 4, (2, 3, 2))])
def test_direct_subclasses_of_the_private_norm_bases_compute_and_refuse_as_in_pytorch(make, rank, shape):
    values = np.arange(np.prod(shape), dtype=np.float32).reshape(shape) / 5
    found = []
    for lib in (torch, ours):
        layer = make(lib, rank)(2, affine=True, track_running_stats=True)
        out = layer(lib.tensor(values))
        with pytest.raises(ValueError, match=r"expected .*D input \(got 1D input\)"):
            layer(lib.ones(5))
        found.append((out.detach().numpy(), layer.running_mean.numpy().copy()))
    for got, expected in zip(found[1], found[0], strict=True):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("base, shape", [("BatchNorm1d", (2, 2, 3, 2)), ("BatchNorm2d", (2, 2, 3)),
                                         ("BatchNorm2d", (4, 2))])
def test_a_check_input_dim_override_that_allows_any_rank_lets_batch_norm_compute_as_in_pytorch(base, shape):
    values = np.arange(np.prod(shape), dtype=np.float32).reshape(shape) / 3
    outs = []
    for lib in (torch, ours):
        layer = _overriding(lib, base, "_check_input_dim", lambda self, input: None)(2)
        outs.append(layer(lib.tensor(values)).detach().numpy())
    np.testing.assert_allclose(outs[1], outs[0], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("base, shape", [("InstanceNorm1d", (2, 3)), ("BatchNorm1d", (4, 2))])
def test_a_tightening_check_input_dim_override_refuses_as_in_pytorch(base, shape):
    def only_3d(self, input):
        if input.dim() != 3:
            raise ValueError("this model feeds 3-D input only")

    for lib in (torch, ours):
        with pytest.raises(ValueError, match="3-D input only"):
            _overriding(lib, base, "_check_input_dim", only_3d)(2)(lib.ones(*shape))


def test_a_lazy_batch_norm_checks_the_rank_after_its_first_input_made_it_eager_as_in_pytorch():
    def only_3d(self, input):  # dropped with the lazy class when the first input makes it a BatchNorm1d
        if input.dim() != 3:
            raise ValueError("this model feeds 3-D input only")

    found = []
    for lib in (torch, ours):
        layer = _overriding(lib, "LazyBatchNorm1d", "_check_input_dim", only_3d)()
        out = layer(lib.tensor(np.arange(8, dtype=np.float32).reshape(4, 2)))
        with pytest.raises(ValueError, match=r"2D or 3D input|\(N, 2\) or \(N, 2, L\)"):
            layer(lib.ones(4, 2, 1, 1))
        with pytest.raises(ValueError):
            _overriding(lib, "LazyBatchNorm1d", "_check_input_dim", only_3d)()(lib.ones(4, 2, 1, 1))
        found.append((type(layer).__name__, out.detach().numpy()))
    assert found[1][0] == found[0][0] == "BatchNorm1d"
    np.testing.assert_allclose(found[1][1], found[0][1], rtol=1e-5, atol=1e-6)


def test_a_call_impl_override_runs_on_every_call_as_in_pytorch():
    def tripled(self, *args, **kwargs):
        return type(self).__mro__[1]._call_impl(self, *args, **kwargs) * 3

    outs = []
    for lib in (torch, ours):
        layer = _overriding(lib, "Linear", "_call_impl", tripled)(2, 2)
        with lib.no_grad():
            layer.weight.fill_(0.5)
            layer.bias.fill_(1.0)
        outs.append(lib.nn.Sequential(layer)(lib.ones(1, 2)).detach().numpy())
    np.testing.assert_array_equal(outs[1], outs[0])
    assert nn.Module.__call__ is nn.Module._wrapped_call_impl


def test_a_hooks_warning_points_at_the_line_that_called_the_module():
    layer = nn.Linear(2, 2)
    layer.register_forward_hook(lambda module, args, out: {"y": out})
    layer.register_full_backward_hook(lambda module, grad_input, grad_output: None)
    with pytest.warns(UserWarning, match="module output should be a Tensor") as caught:
        layer(autograd.ones(1, 2, requires_grad=True))
    assert caught[0].filename == __file__


OVERRIDABLE_CONTAINER_METHODS = ["append", "extend", "insert", "add_module", "register_module", "register_parameter",
                                 "__setitem__", "__setattr__", "__delattr__", "__iadd__", "update", "pop",
                                 "__delitem__"]


def _recording(cls, calls):
    """A subclass of `cls` whose overridable methods record their names in `calls`."""
    def wrapper(name, method):
        def record(self, *args, **kwargs):
            calls.append(name)
            return method(self, *args, **kwargs)
        return record

    return type(f"Recording{cls.__name__}", (cls,), {name: wrapper(name, getattr(cls, name))
                                                      for name in OVERRIDABLE_CONTAINER_METHODS if hasattr(cls, name)})


def _container_operations(lib):
    nn_ = lib.nn
    return {
        "Sequential": [lambda C: C(nn_.ReLU(), nn_.Tanh()), lambda s: s.append(nn_.ReLU()),
                       lambda s: s.extend([nn_.ReLU()]), lambda s: s.insert(0, nn_.ReLU()),
                       lambda s: s.__iadd__(nn_.Sequential(nn_.ReLU())), lambda s: s[0:2], lambda s: s.__delitem__(0),
                       lambda s: s.pop(0), lambda s: s.__setitem__(0, nn_.Tanh()), lambda s: s.__imul__(2),
                       lambda s: s.__delitem__(slice(1, 3))],
        "ModuleList": [lambda C: C([nn_.ReLU(), nn_.Tanh()]), lambda s: s.append(nn_.ReLU()),
                       lambda s: s.extend([nn_.ReLU()]), lambda s: s.insert(0, nn_.ReLU()),
                       lambda s: s.__iadd__([nn_.ReLU()]), lambda s: s + nn_.ModuleList([nn_.ReLU()]),
                       lambda s: s[1:3], lambda s: s.__setitem__(0, nn_.Tanh()), lambda s: s.__delitem__(0),
                       lambda s: s.pop(0), lambda s: s.__delitem__(slice(0, 2))],
        "ModuleDict": [lambda C: C({"a": nn_.ReLU()}), lambda s: s.update({"b": nn_.ReLU()}),
                       lambda s: s.__setitem__("c", nn_.ReLU()), lambda s: s.pop("a")],
        "ParameterList": [lambda C: C([nn_.Parameter(lib.ones(1))]), lambda s: s.append(nn_.Parameter(lib.ones(1))),
                          lambda s: s.extend([lib.ones(1)]), lambda s: s.__setitem__(0, nn_.Parameter(lib.ones(1))),
                          lambda s: s.__iadd__([lib.ones(1)])],
        "ParameterDict": [lambda C: C({"a": lib.ones(1)}), lambda s: s.update({"b": lib.ones(1)}),
                          lambda s: s.__setitem__("c", lib.ones(1)), lambda s: s.pop("a")],
    }


@pytest.mark.parametrize("container", ["Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict"])
def test_container_operations_call_the_overridable_methods_pytorchs_call(container):
    found = []
    for lib in (torch, ours):
        calls, steps = [], []
        cls = _recording(getattr(lib.nn, container), calls)
        held = None
        for position, operation in enumerate(_container_operations(lib)[container]):
            calls.clear()
            result = operation(cls) if position == 0 else operation(held)
            held = result if position == 0 else held
            steps.append((sorted(set(calls)), [type(m).__name__ for m in held.children()], len(held)))
        found.append(steps)
    assert found[1] == found[0]


def test_a_modulelist_whose_append_wraps_modules_wraps_only_those_appended_later_as_in_pytorch():
    outs = []
    for lib in (torch, ours):
        class Doubled(lib.nn.Module):
            def __init__(self, inner):
                super().__init__()
                self.inner = inner

            def forward(self, x):
                return self.inner(x) * 2

        class Blocks(lib.nn.ModuleList):
            def append(self, module):
                return super().append(Doubled(module))  # noqa: B023 (the class of this library)

        blocks = Blocks([lib.nn.ReLU()])
        blocks.append(lib.nn.ReLU())
        outs.append([type(m).__name__ for m in blocks] + [float(m(lib.ones(1))) for m in blocks])
    assert outs[1] == outs[0] == ["ReLU", "Doubled", 1.0, 2.0]


def test_assigning_a_tensor_to_a_buffer_goes_through_register_buffer_as_in_pytorch():
    found = []
    for lib in (torch, ours):
        calls = []

        class Recording(lib.nn.Module):
            def register_buffer(self, name, tensor, persistent=True):
                calls.append((name, persistent))  # noqa: B023 (this iteration's list)
                return super().register_buffer(name, tensor, persistent)

        class OldStyle(lib.nn.Module):  # a register_buffer override without `persistent`
            def register_buffer(self, name, tensor):
                return super().register_buffer(name, tensor)

        module = Recording()
        module.register_buffer("kept", lib.zeros(1))
        module.register_buffer("scratch", lib.zeros(1), persistent=False)
        module.kept = lib.ones(2)
        module.scratch = lib.ones(3)
        old = OldStyle()
        old.register_buffer("b", lib.zeros(1))
        old.b = lib.ones(2)
        lib.nn.Module.register_buffer(old, "s", lib.zeros(1), persistent=False)
        with pytest.raises(RuntimeError, match="non-persistent buffer"):
            old.s = lib.ones(1)
        found.append((calls, sorted(module.state_dict()), tuple(module.scratch.shape), tuple(old.b.shape)))
    assert found[1] == found[0]


def test_repr_names_modules_through_get_name_as_in_pytorch():
    texts = []
    for lib in (torch, ours):
        cls = _overriding(lib, "Linear", "_get_name", lambda self: "Dense")
        texts.append(repr(lib.nn.Sequential(cls(2, 3), lib.nn.ReLU())))
    assert texts[1] == texts[0]


@pytest.mark.parametrize("layer, args, shape, hook", [
    ("LazyLinear", (3,), (5, 4), lambda module, args: (args[0][:, :2],)),
    ("LazyConv2d", (4, 3), (1, 3, 5, 5), lambda module, args: (args[0].repeat(1, 2, 1, 1),)),
])
def test_a_lazy_modules_prepended_pre_hook_runs_before_its_sizes_are_read_as_in_pytorch(layer, args, shape, hook):
    found = []
    for lib in (torch, ours):
        module = getattr(lib.nn, layer)(*args)
        seen = []
        module.register_forward_pre_hook(lambda m, a: seen.append(type(m.weight).__name__))  # noqa: B023
        module.register_forward_pre_hook(hook, prepend=True)
        module.register_forward_pre_hook(lambda m, a: seen.append(type(m.weight).__name__), prepend=True)  # noqa: B023
        out = module(lib.ones(*shape))
        module(lib.ones(*shape))
        found.append((tuple(out.shape), tuple(module.weight.shape), type(module).__name__, seen,
                      len(module._forward_pre_hooks)))
    assert found[1] == found[0]


@pytest.mark.parametrize("call", [
    lambda lib, m: m.to(tensor=lib.ones(1, dtype=lib.float64)), lambda lib, m: m.to(lib.ones(1, dtype=lib.float64)),
    lambda lib, m: m.to("cpu", lib.float64), lambda lib, m: m.to(device="cpu", dtype=lib.float64),
    lambda lib, m: m.to(dtype=lib.ones(1, dtype=lib.float64)), lambda lib, m: m.to(dtype="float64"),
    lambda lib, m: m.to(lib.ones(1), lib.float64), lambda lib, m: m.to(tensor=lib.ones(1), dtype=lib.float64),
    lambda lib, m: m.to(lib.float64, dtype=lib.float32), lambda lib, m: m.to(tensor=3),
])
def test_module_to_takes_pytorchs_three_forms_and_refuses_the_rest_with_a_type_error(call):
    found = []
    for lib in (torch, types.SimpleNamespace(**vars(ours), float64=autograd.float64)):
        module = lib.nn.Linear(2, 2)
        try:
            result = call(lib, module)
            found.append((result is module, str(module.weight.dtype).split(".")[-1]))
        except TypeError:
            found.append("TypeError")
    assert found[1] == found[0]


@pytest.mark.parametrize("base, args", [("_ReflectionPadNd", ()), ("_ReplicationPadNd", ()), ("_ConstantPadNd", (-1.5,))])
def test_subclasses_of_the_private_pad_bases_take_pytorchs_constructor_arguments(base, args):
    found = []
    for lib in (torch, ours):
        parent = getattr(lib.nn.modules.padding, base)

        def init(self, padding, parent=parent):
            parent.__init__(self, *args)
            self.padding = (padding, padding + 1)

        layer = type("Mine", (parent,), {"__init__": init})(1)
        found.append((repr(layer), layer(lib.tensor(np.arange(8, dtype=np.float32).reshape(1, 2, 4))).numpy()))
    assert found[1][0] == found[0][0]
    np.testing.assert_array_equal(found[1][1], found[0][1])


def test_a_conv_transpose_output_padding_override_with_pytorchs_signature_is_used():
    def no_extra(self, input, output_size, stride, padding, kernel_size, num_spatial_dims, dilation=None):
        return [0] * num_spatial_dims  # ignores output_size

    shapes = []
    for lib in (torch, ours):
        layer = _overriding(lib, "ConvTranspose2d", "_output_padding", no_extra)(1, 1, 3, stride=2)
        plain = lib.nn.ConvTranspose2d(1, 1, 3, stride=2)
        x = lib.ones(1, 1, 4, 4)
        shapes.append((tuple(layer(x, output_size=[10, 10]).shape), tuple(plain(x, output_size=[10, 10]).shape)))
    assert shapes[1] == shapes[0] == ((1, 1, 9, 9), (1, 1, 10, 10))


def test_a_plateau_schedulers_reduce_lr_override_gets_the_epoch_as_in_pytorch():
    import optim

    found = []
    for lib, optimizers in ((torch, torch.optim), (ours, optim)):
        epochs = []

        class Logged(optimizers.lr_scheduler.ReduceLROnPlateau):
            def _reduce_lr(self, epoch):
                epochs.append(epoch)  # noqa: B023 (this iteration's list)
                super()._reduce_lr(epoch)

        weight = lib.nn.Parameter(lib.ones(1))
        optimizer = optimizers.SGD([weight], lr=1.0)
        scheduler = Logged(optimizer, patience=1)
        for _ in range(6):
            scheduler.step(1.0)
        found.append((epochs, optimizer.param_groups[0]["lr"]))
    assert found[1] == found[0]


@pytest.mark.parametrize("base, shape", [("Conv1d", (2, 2, 6)), ("Conv2d", (2, 2, 5, 5))])
def test_a_weight_standardised_convolution_through_conv_forward_matches_pytorch(base, shape):
    def forward(self, x):
        axes = tuple(range(1, self.weight.dim()))
        weight = self.weight - self.weight.mean(dim=axes, keepdim=True)
        return self._conv_forward(x, weight / (weight.pow(2).mean(dim=axes, keepdim=True) + 1e-5).sqrt(), self.bias)

    values = np.linspace(-1, 1, int(np.prod(shape)), dtype=np.float32).reshape(shape)
    found = []
    for lib in (torch, ours):
        layer = _overriding(lib, base, "forward", forward)(2, 3, 3)
        with lib.no_grad():
            layer.weight.copy_(lib.tensor(np.linspace(-2, 3, layer.weight.numel(), dtype=np.float32)
                                          .reshape(tuple(layer.weight.shape))))
            layer.bias.fill_(0.5)
        x = lib.tensor(values, requires_grad=True)
        out = layer(x)
        out.pow(2).sum().backward()
        found.append((out.detach().numpy(), x.grad.numpy(), layer.weight.grad.numpy()))
    for got, expected in zip(found[1], found[0], strict=True):
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("layer, args, shape", [("LazyLinear", (3,), (4, 2)), ("LazyBatchNorm1d", (), (4, 2)),
                                                ("LazyConv1d", (2, 1), (1, 2, 3))])
def test_a_pickled_lazy_module_still_infers_its_sizes_as_in_pytorch(layer, args, shape):
    import pickle

    found = []
    for lib in (torch, ours):
        restored = pickle.loads(pickle.dumps(getattr(lib.nn, layer)(*args)))
        out = restored(lib.ones(*shape))
        found.append((type(restored).__name__, tuple(out.shape), tuple(restored.weight.shape)))
    assert found[1] == found[0]
