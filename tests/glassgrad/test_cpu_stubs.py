"""The PyTorch-only names a CPU machine meets (torch.backends, torch.distributed, torch.nn.parallel,
torch.compile, matmul precision, bfloat16, torch.cuda's extras, SummaryWriter) against PyTorch's CPU build."""
import csv
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import nn  # noqa: E402
from glassgrad.torch_stubs import backends, cuda, distributed, parallel, tensorboard, top_level  # noqa: E402


@pytest.mark.parametrize("path", [
    "cuda.matmul.allow_tf32", "cuda.matmul.allow_fp16_reduced_precision_reduction",
    "cuda.matmul.allow_bf16_reduced_precision_reduction", "cudnn.enabled", "cudnn.allow_tf32", "cudnn.benchmark",
    "cudnn.deterministic", "cudnn.is_available()", "cudnn.version()", "mps.is_available()", "mps.is_built()",
    "cuda.is_built()", "cuda.flash_sdp_enabled()", "cuda.mem_efficient_sdp_enabled()", "cuda.math_sdp_enabled()",
])
def test_backends_answer_as_pytorchs_cpu_build(path):
    assert eval("backends." + path) == eval("torch.backends." + path)  # noqa: S307  (fixed expressions)


def test_backend_switches_can_be_set():
    before = backends.cuda.matmul.allow_tf32, backends.cudnn.allow_tf32
    try:
        backends.cuda.matmul.allow_tf32 = True
        backends.cudnn.allow_tf32 = False
        assert backends.cuda.matmul.allow_tf32 is True and backends.cudnn.allow_tf32 is False
    finally:
        backends.cuda.matmul.allow_tf32, backends.cudnn.allow_tf32 = before


def test_cuda_extras_answer_as_pytorch_without_a_gpu():
    assert cuda.is_bf16_supported() is torch.cuda.is_bf16_supported() is False
    assert cuda.is_available() is False and cuda.device_count() == 0
    cuda.manual_seed(1)
    cuda.manual_seed_all(1)
    with pytest.raises(RuntimeError, match="CPU library"):
        cuda.set_device(0)


@pytest.mark.parametrize("call", ["get_rank()", "get_world_size()", "destroy_process_group()", "is_initialized()"])
def test_distributed_queries_answer_as_pytorch_before_a_process_group(call):
    try:
        theirs = ("value", eval("torch.distributed." + call))  # noqa: S307
    except Exception as error:  # noqa: BLE001  (the answer to compare is the exception)
        theirs = ("error", type(error), str(error))
    try:
        ours = ("value", eval("distributed." + call))  # noqa: S307
    except Exception as error:  # noqa: BLE001
        ours = ("error", type(error), str(error))
    assert ours == theirs


def test_starting_a_process_group_or_wrapping_in_ddp_is_refused_clearly():
    assert distributed.is_available() is False  # glassgrad has no backend (PyTorch's CPU build has gloo)
    with pytest.raises(RuntimeError, match="single process"):
        distributed.init_process_group(backend="gloo")
    with pytest.raises(ValueError, match="Default process group has not been initialized") as error:
        parallel.DistributedDataParallel(nn.Linear(2, 2), device_ids=[0])
    with pytest.raises(ValueError, match="Default process group has not been initialized"):
        torch.nn.parallel.DistributedDataParallel(torch.nn.Linear(2, 2))
    assert "single process" in str(error.value)


def test_data_parallel_without_gpus_is_the_module_itself_as_in_pytorch():
    inner = nn.Linear(3, 2)
    wrapped = parallel.DataParallel(inner, device_ids=[0, 1])
    x = autograd.randn(4, 3)
    np.testing.assert_array_equal(wrapped(x).detach().numpy(), inner(x).detach().numpy())
    theirs = torch.nn.DataParallel(torch.nn.Linear(3, 2), device_ids=[0, 1])
    assert wrapped.device_ids == theirs.device_ids == []
    assert list(wrapped.state_dict()) == list(theirs.state_dict()) == ["module.weight", "module.bias"]


def test_compile_returns_the_model_or_function_itself():
    model = nn.Linear(2, 2)
    assert top_level.compile(model) is model
    assert top_level.compile(model, mode="max-autotune", fullgraph=True) is model

    @top_level.compile(mode="reduce-overhead")
    def square(x):
        return x * x

    assert square(autograd.tensor(3.0)).item() == 9.0
    with pytest.raises(RuntimeError, match="expected a callable"):
        top_level.compile(3)


def test_matmul_precision_is_remembered_and_a_bad_one_warns_as_pytorch():
    before = torch.get_float32_matmul_precision()
    try:
        for precision in ["high", "medium", "highest"]:
            top_level.set_float32_matmul_precision(precision)
            torch.set_float32_matmul_precision(precision)
            assert top_level.get_float32_matmul_precision() == torch.get_float32_matmul_precision() == precision
        with pytest.warns(UserWarning, match="bad is not one of 'highest', 'high', or 'medium'"):
            top_level.set_float32_matmul_precision("bad")
        assert top_level.get_float32_matmul_precision() == "highest"
    finally:
        torch.set_float32_matmul_precision(before)


def test_dtype_names_and_constants_are_pytorchs():
    assert top_level.float == autograd.float32 and top_level.int == autograd.int32
    assert top_level.short == autograd.int16 and top_level.cfloat == autograd.complex64
    assert (top_level.pi, top_level.e, top_level.inf) == (torch.pi, torch.e, torch.inf)
    assert np.isnan(top_level.nan) and np.isnan(torch.nan)
    assert repr(top_level.bfloat16) == repr(torch.bfloat16) == "torch.bfloat16"
    assert top_level.bfloat16.is_floating_point and top_level.bfloat16.itemsize == torch.bfloat16.itemsize
    assert top_level.is_tensor(autograd.ones(1)) and not top_level.is_tensor(np.ones(1))


@pytest.mark.parametrize("make", [
    lambda: autograd.zeros(2, dtype=top_level.bfloat16),
    lambda: autograd.tensor([1.0], dtype=top_level.bfloat16),
    lambda: autograd.ones(2).to(top_level.bfloat16),
], ids=["zeros", "tensor", "to"])
def test_a_bfloat16_tensor_is_refused_with_the_reason(make):
    with pytest.raises(TypeError, match="NumPy, which has no bfloat16; use torch.float32"):
        make()


def read_rows(path):
    with open(path, newline="") as file:
        return list(csv.reader(file))


def test_summary_writer_writes_scalars_and_text_to_csv(tmp_path):
    with tensorboard.SummaryWriter(log_dir=tmp_path / "run") as writer:
        writer.add_scalar("Loss/train", autograd.tensor(2.5), 10)
        writer.add_scalar("Loss/test", np.float32(3.0), global_step=10, walltime=123.0)
        writer.add_scalars("lr", {"group0": 0.1, "group1": 0.01}, 11)
        writer.add_text("note", "hello, world", 0)
        writer.flush()
    scalars = read_rows(tmp_path / "run" / "scalars.csv")
    assert scalars[0] == ["tag", "step", "value", "wall_time"]
    assert [row[:3] for row in scalars[1:]] == [["Loss/train", "10", "2.5"], ["Loss/test", "10", "3.0"],
                                               ["lr/group0", "11", "0.1"], ["lr/group1", "11", "0.01"]]
    assert scalars[2][3] == "123.0"
    assert read_rows(tmp_path / "run" / "text.csv")[1][:3] == ["note", "0", "hello, world"]
    assert writer.get_logdir() == str(tmp_path / "run")


def test_summary_writer_warns_once_for_what_it_does_not_record(tmp_path):
    writer = tensorboard.SummaryWriter(tmp_path)
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        writer.add_histogram("weights", autograd.ones(3), 0)
        writer.add_histogram("weights", autograd.ones(3), 1)
        writer.add_image("picture", autograd.ones(3, 4, 4), 0)
    assert [str(record.message).split(":")[0] for record in records] == ["SummaryWriter.add_histogram",
                                                                        "SummaryWriter.add_image"]
    with pytest.raises(AttributeError):
        writer.no_such_method  # noqa: B018
