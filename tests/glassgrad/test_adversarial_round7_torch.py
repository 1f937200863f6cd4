"""Issue 19, seventh pass (fix7b): PyTorch's legacy constructors (torch.Tensor(...), torch.FloatTensor(...)) and
view(dtype) under install_as_torch(), and a write through one view of a reshaped base seen by another view.

Each probe is a snippet that sets `out`; it runs once in a fresh interpreter under glassgrad.install_as_torch() and
once here with the real PyTorch, and the two results (dtype, shape, values, requires_grad, or the error's type)
must agree."""
import json
import math
import textwrap

import numpy as np
import pytest

from tests.test_install_as_torch import run_python

# Values of a tensor made by a shape (torch.Tensor(2, 3)) are uninitialised in PyTorch: those probes give `.shape`.
CONSTRUCTORS = {
    "no_arguments": "out = torch.Tensor()",
    "int_list": "out = torch.Tensor([1, 2])",
    "nested_list": "out = torch.Tensor([[1, 2], [3, 4]])",
    "bool_list": "out = torch.Tensor([True, False])",
    "empty_list": "out = torch.Tensor([])",
    "empty_nested": "out = torch.Tensor([[]])",
    "tuple_is_data": "out = torch.Tensor((2, 3))",
    "range_is_data": "out = torch.Tensor(range(3))",
    "list_of_tensors": "out = torch.Tensor([torch.tensor(1.5), 2])",
    "float64_array": "out = torch.Tensor(np.array([1.5, 2.0]))",
    "int_array": "out = torch.Tensor(np.array([[1, 2]]))",
    "uint8_array": "out = torch.Tensor(np.array([1, 200], dtype=np.uint8))",
    "zero_d_array": "out = torch.Tensor(np.array(3.5))",
    "one_int_is_a_size": "out = torch.Tensor(3).shape",
    "numpy_int_is_a_size": "out = torch.Tensor(np.int64(3), 2).shape",
    "ints_are_a_size": "out = torch.Tensor(2, 3).shape",
    "size_object": "out = torch.Tensor(torch.Size([2, 3])).shape",
    "zero_size": "out = torch.Tensor(0)",
    "size_dtype": "out = torch.Tensor(2, 3).dtype",
    "device_cpu": "out = torch.Tensor([1], device='cpu')",
    "device_cpu_size": "out = torch.Tensor(2, device='cpu').shape",
    "float_scalar": "out = torch.Tensor(3.5)",
    "bool_scalar": "out = torch.Tensor(True)",
    "none": "out = torch.Tensor(None)",
    "string": "out = torch.Tensor('ab')",
    "complex_list": "out = torch.Tensor([1j])",
    "ragged": "out = torch.Tensor([[1, 2], [3]])",
    "negative_size": "out = torch.Tensor(2, -1)",
    "float_in_size": "out = torch.Tensor(2, 3.0)",
    "list_after_size": "out = torch.Tensor(2, [1])",
    "two_lists": "out = torch.Tensor([1, 2], [3])",
    "dtype_keyword": "out = torch.Tensor([1], dtype=torch.float64)",
    "requires_grad_keyword": "out = torch.Tensor([1], requires_grad=True)",
    "cuda": "out = torch.Tensor(2, device='cuda')",
    "alias_float32": "x = torch.tensor([1., 2.]); out = torch.Tensor(x); out[0] = 9; out = (out, x)",
    "alias_keeps_int64": "out = torch.Tensor(torch.tensor([1, 2]))",
    "alias_keeps_float64": "out = torch.Tensor(torch.tensor([1., 2.], dtype=torch.float64))",
    "alias_zero_d": "out = torch.Tensor(torch.tensor(2))",
    "alias_passes_the_gradient": ("t = torch.ones(2, requires_grad=True); u = torch.Tensor(t); "
                                  "(u * 3).sum().backward(); out = (u.requires_grad, t.grad)"),
    "float32_array_shares_memory": "a = np.array([1., 2.], dtype=np.float32); torch.Tensor(a)[0] = 5; out = a.tolist()",
    "float64_array_is_copied": "a = np.array([1., 2.]); torch.Tensor(a)[0] = 5; out = a.tolist()",
    "FloatTensor": "out = torch.FloatTensor([1, 2])",
    "LongTensor_truncates": "out = torch.LongTensor([1.5, -2.5])",
    "LongTensor_size": "out = (torch.LongTensor(2, 3).shape, torch.LongTensor(2, 3).dtype)",
    "DoubleTensor_size": "out = (torch.DoubleTensor(2).shape, torch.DoubleTensor(2).dtype)",
    "BoolTensor": "out = torch.BoolTensor([1, 0])",
    "IntTensor": "out = torch.IntTensor([1, 2])",
    "HalfTensor": "out = torch.HalfTensor([1, 2])",
    "ByteTensor": "out = torch.ByteTensor([1, 255])",
    "CharTensor": "out = torch.CharTensor([1, -1])",
    "ShortTensor": "out = torch.ShortTensor([])",
    "FloatTensor_alias": "x = torch.ones(2); out = torch.FloatTensor(x); out[0] = 3; out = x",
    "FloatTensor_of_a_long_tensor": "out = torch.FloatTensor(torch.tensor([1, 2]))",
    "LongTensor_of_a_float_tensor": "out = torch.LongTensor(torch.tensor([1., 2.]))",
    "FloatTensor_dtype_keyword": "out = torch.FloatTensor([1], dtype=torch.float64)",
    "isinstance_legacy_types": ("out = [isinstance(torch.zeros(2), torch.FloatTensor), "
                                "isinstance(torch.zeros(2), torch.LongTensor), "
                                "isinstance(torch.zeros(2, dtype=torch.int64), torch.LongTensor), "
                                "isinstance(torch.nn.Parameter(torch.ones(1)), torch.FloatTensor), "
                                "isinstance(torch.ones(1, dtype=torch.bool), torch.BoolTensor), "
                                "isinstance(3, torch.FloatTensor), issubclass(torch.FloatTensor, torch.Tensor)]"),
    "isinstance_and_issubclass": ("out = [isinstance(torch.zeros(2), torch.Tensor), "
                                  "isinstance(torch.nn.Parameter(torch.ones(1)), torch.Tensor), "
                                  "isinstance(torch.Tensor([1]), torch.Tensor), isinstance(np.ones(1), torch.Tensor), "
                                  "isinstance(3, torch.Tensor), issubclass(torch.nn.Parameter, torch.Tensor), "
                                  "issubclass(int, torch.Tensor), issubclass(torch.Tensor, torch.Tensor)]"),
    "names": "out = [repr(torch.Tensor), repr(torch.FloatTensor), torch.Tensor.__name__, torch.LongTensor.__name__]",
    "unbound_methods": "out = (torch.Tensor.sum(torch.ones(3)), torch.Tensor.add(torch.ones(2), 1))",
    "attribute_set_on_torch_Tensor": ("torch.Tensor.twice = lambda self: self * 2; out = [torch.ones(2).twice()]; "
                                      "del torch.Tensor.twice; out.append(hasattr(torch.zeros(1), 'twice'))"),
    "singledispatch": """
import functools
@functools.singledispatch
def kind(x):
    return 'other'
@kind.register(torch.Tensor)
def _(x):
    return 'tensor'
out = [kind(torch.zeros(1)), kind(torch.nn.Parameter(torch.ones(1))), kind(3)]""",
    "subclass": """
class MyTensor(torch.Tensor):
    pass
m = MyTensor([1, 2])
out = [type(m).__name__, str(m.dtype), m.tolist(), isinstance(m, torch.Tensor), isinstance(torch.zeros(1), MyTensor),
       issubclass(MyTensor, torch.Tensor), MyTensor(2, 3).shape, (m * 2).tolist()]""",
    "pickle_and_deepcopy": ("import pickle, copy; x = torch.Tensor([1., 2.]); "
                            "out = (pickle.loads(pickle.dumps(x)), copy.deepcopy(x))"),
    "save_and_load": ("import io; buf = io.BytesIO(); torch.save({'a': torch.Tensor([[1, 2]])}, buf); buf.seek(0); "
                      "out = torch.load(buf)['a']"),
}

VIEW_DTYPE = {
    "int32": "out = torch.arange(4.).view(torch.int32)",
    "keyword": "out = torch.arange(4.).view(dtype=torch.int32)",
    "same_dtype": "out = torch.arange(4.).view(torch.float32)",
    "larger_float": "out = torch.arange(4.).view(torch.float64)",
    "smaller_int": "out = torch.arange(4.).view(torch.int16)",
    "bool": "out = torch.tensor([1, 0], dtype=torch.int8).view(torch.bool)",
    "complex": "out = torch.arange(4.).view(torch.complex64).abs()",
    "then_shape": "out = torch.arange(4.).view(torch.int32).view(2, -1)",
    "matrix": "out = torch.arange(6.).reshape(2, 3).view(torch.int16)",
    "zero_d_same_size": "out = torch.tensor(1.).view(torch.int32)",
    "zero_d_other_size": "out = torch.tensor(1.).view(torch.int16)",
    "last_axis_not_divisible": "out = torch.tensor([1, 2, 3], dtype=torch.int8).view(torch.int16)",
    "transposed_same_size": "out = torch.ones(2, 3).T.view(torch.int32)",
    "transposed_larger": "out = torch.ones(2, 4).T.view(torch.float64)",
    "row_stride_not_divisible": "out = torch.arange(6.).reshape(2, 3)[:, :2].view(torch.float64)",
    "row_stride_divisible": "out = torch.arange(8.).reshape(2, 4)[:, :2].view(torch.float64)",
    "leaf_requiring_grad": "x = torch.arange(4., requires_grad=True); out = x.view(torch.int32)",
    "leaf_requiring_grad_float": "x = torch.arange(4., requires_grad=True); out = x.view(torch.float64)",
    "non_leaf_same_dtype": "x = torch.arange(4., requires_grad=True) * 1; out = x.view(torch.float32)",
    "shares_memory": "x = torch.zeros(2); x.view(torch.int32)[0] = 1065353216; out = x",
    "shares_the_version": "x = torch.zeros(2); v = x.view(torch.int32); x.add_(1); out = (v._version, x._version)",
    "dtype_and_size": "out = torch.ones(4).view(torch.float32, 2)",
    "dtype_in_a_tuple": "out = torch.ones(4).view((torch.int32,))",
}

# a = ones(2, 3) requiring grad, b = a * 1 (or laid out otherwise); one view of b written in place, then a gradient
# through a view of b made before the write. The write is recorded on b (CopySlices) and the other view regenerated
# from b; its gradient reaches b laid out as that view's (a transpose's is column-major).
WRITTEN_VIEWS = ["b.view(-1)", "b.reshape(-1)", "b.flatten()", "b.view(2, 3)", "b.view(3, 2)", "b.view(6, 1)",
                 "b[0]", "b[:, 1]", "b.T", "b.view(-1)[::2]", "b.unsqueeze(0).expand(2, 2, 3)[0]", "b.view(3, 2)[1:]"]
READ_VIEWS = ["b.T", "b.view(3, 2)", "b[1:]", "b.permute(1, 0)[::2]", "b.unsqueeze(-1).expand(2, 3, 2)"]
BASES = ["a * 1", "(a.T * 1).T", "a.T.T * 1"]


def _write_through_views():
    lines = []
    for base in BASES:
        for written in WRITTEN_VIEWS:
            for read in READ_VIEWS:
                name = f"{base} | {written} | {read}"
                lines.append((name, f"""
a = torch.ones(2, 3, requires_grad=True); b = {base}
w = {written}; r = {read}
w.mul_(torch.arange(1., 1 + w.numel()).reshape(w.shape))
((r * torch.arange(r.numel()).reshape(r.shape)).sum() + (b * b).sum()).backward()
out = (a.grad, b.detach())"""))
    lines.append(("brief: view(-1) then T", "a = torch.ones(2, 3, requires_grad=True); b = a * 1; v1 = b.view(-1); "
                  "v2 = b.T; v1.mul_(2); (v2 * 1).sum().backward(); out = a.grad"))
    lines.append(("brief: view(2, 6)", "a = torch.ones(2, 6, requires_grad=True); b = a * 1; v1 = b.view(2, 6); "
                  "v2 = b.T; v1.mul_(2); (v2 * 1).sum().backward(); out = a.grad"))
    writes = ["w.mul_(2)", "w.add_(w)", "w.zero_()", "w.fill_(3)", "w.copy_(torch.arange(6.))", "w[0] = 7",
              "w.sub_(a.detach().reshape(-1))", "w.clamp_(max=0.5)", "w.div_(torch.tensor(4.))"]
    for write in writes:  # other in-place writes through the view, in float32 and float64
        for dtype in ("torch.float32", "torch.float64"):
            lines.append((f"{write} ({dtype})", f"""
a = torch.ones(2, 3, dtype={dtype}, requires_grad=True); b = a * 2; w = b.view(-1); r = b.T
{write}
(r * torch.arange(6.).reshape(3, 2)).sum().backward()
out = (a.grad, b.detach(), r.grad_fn is not None)"""))
    lines.append(("double backward", "a = torch.ones(2, 3, requires_grad=True); b = a * a; v1 = b.view(-1); "
                  "v2 = b.T; v1.mul_(3); g, = torch.autograd.grad((v2 * v2).sum(), a, create_graph=True); "
                  "g.sum().backward(); out = (g, a.grad)"))
    return dict(lines)


WRITES = _write_through_views()

RUNNER = """
import json, math, sys
import numpy as np
{install}
import torch

def plain(value):
    if isinstance(value, torch.Tensor):
        array = value.detach().numpy()
        values = array.tolist() if array.dtype.kind != "c" else [[z.real, z.imag] for z in array.ravel().tolist()]
        return {{"dtype": str(value.dtype), "shape": list(value.shape), "values": values,
                "requires_grad": bool(value.requires_grad)}}
    if isinstance(value, (list, tuple)) and not isinstance(value, torch.Size):
        return [plain(item) for item in value]
    if isinstance(value, torch.Size):
        return {{"size": list(value)}}
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    return str(value)

results = {{}}
for name, code in json.loads(sys.stdin.read()).items():
    scope = {{"torch": torch, "np": np}}
    try:
        exec(code, scope)
        results[name] = plain(scope["out"])
    except Exception as error:
        results[name] = {{"error": type(error).__name__}}
print(json.dumps(results))
"""


def _run(probes, install):
    import subprocess
    import sys

    from tests.test_install_as_torch import ROOT

    code = textwrap.dedent(RUNNER.format(install="import glassgrad; glassgrad.install_as_torch()" if install else ""))
    result = subprocess.run([sys.executable, "-W", "ignore", "-c", code], input=json.dumps(probes),
                            capture_output=True, text=True, cwd=ROOT, timeout=300,
                            env=dict(__import__("os").environ, PYTHONPATH=str(ROOT)))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _same(expected, found):
    if isinstance(expected, dict) and isinstance(found, dict) and expected.keys() == found.keys():
        return all(_same(expected[key], found[key]) for key in expected)
    if isinstance(expected, list) and isinstance(found, list):
        return len(expected) == len(found) and all(_same(e, f) for e, f in zip(expected, found, strict=True))
    if isinstance(expected, float) and isinstance(found, float):
        both_nan = math.isnan(expected) and math.isnan(found)
        return expected == found or math.isclose(expected, found, rel_tol=1e-6) or both_nan
    return type(expected) is type(found) and expected == found


@pytest.fixture(scope="module")
def results():
    pytest.importorskip("torch")
    probes = {**{f"ctor {k}": v for k, v in CONSTRUCTORS.items()}, **{f"view {k}": v for k, v in VIEW_DTYPE.items()},
              **{f"write {k}": v for k, v in WRITES.items()}}
    return _run(probes, install=False), _run(probes, install=True)


@pytest.mark.parametrize("name", [f"ctor {k}" for k in CONSTRUCTORS] + [f"view {k}" for k in VIEW_DTYPE]
                         + [f"write {k}" for k in WRITES])
def test_as_pytorch(results, name):
    torch_result, glassgrad_result = results
    assert _same(torch_result[name], glassgrad_result[name]), (torch_result[name], glassgrad_result[name])


# Deliberate differences, pinned.

def test_legacy_constructors_return_plain_glassgrad_tensors():
    result = run_python("""
        import glassgrad; glassgrad.install_as_torch()
        import torch, autograd
        made = [torch.Tensor([1]), torch.Tensor(2, 3), torch.Tensor(), torch.FloatTensor([1]), torch.LongTensor(2)]
        assert all(type(t) is autograd.Tensor for t in made), [type(t) for t in made]
        assert type(torch.zeros(1)) is not torch.Tensor  # PyTorch: it is; glassgrad's tensors are autograd.Tensor
        assert torch.Tensor(2, 3).abs().sum().item() == 0  # uninitialised in PyTorch; zeros here
    """)
    assert result.returncode == 0, result.stderr


def test_glassgrads_own_tensor_constructor_is_unchanged_by_install_as_torch():
    result = run_python("""
        import numpy as np, glassgrad; glassgrad.install_as_torch()
        import autograd
        assert autograd.Tensor([1, 2]).dtype == np.int64 and autograd.Tensor(np.array([1., 2.])).dtype == np.float64
        assert autograd.Tensor(3).shape == () and autograd.Tensor(np.ones(2), requires_grad=True).requires_grad
    """)
    assert result.returncode == 0, result.stderr


def test_view_dtype_in_glassgrads_own_api():
    import autograd
    x = autograd.arange(4.0, dtype=np.float32)
    assert x.view(np.int32).dtype == np.int32 and x.view(dtype=np.int16).shape == (8,)
    np.testing.assert_array_equal(x.view("int32").numpy(), np.arange(4.0, dtype=np.float32).view(np.int32))
    assert not autograd.arange(4.0, requires_grad=True).view(np.int32).requires_grad
