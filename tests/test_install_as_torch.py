"""glassgrad.install_as_torch(): PyTorch's module names resolve to glassgrad. Each check runs in a
fresh interpreter, because this test process may have imported the real torch (the oracle)."""
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def run_python(code):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300)


def test_torch_names_resolve_to_glassgrad():
    result = run_python("""
        import glassgrad
        glassgrad.install_as_torch()
        glassgrad.install_as_torch()  # a second call changes nothing
        import autograd, nn, optim
        import torch
        import torch.nn.functional as F
        import torch.optim.lr_scheduler
        from torch import nn as torch_nn
        from torch.nn import init, utils
        from torch.utils import data
        assert torch.tensor is autograd.tensor and torch.float32 == autograd.float32
        assert issubclass(autograd.Tensor, torch.Tensor) and isinstance(autograd.zeros(1), torch.Tensor)  # legacy ctor
        assert torch_nn is nn and F is nn.functional and init is nn.init and utils is nn.utils
        assert torch.optim is optim and torch.optim.lr_scheduler is optim.lr_scheduler
        assert data is nn.data and torch.utils.data.DataLoader is nn.data.DataLoader
        assert torch.cuda.is_available() is False and torch.cuda.device_count() == 0
        assert torch.cuda.manual_seed_all is autograd.cuda.manual_seed_all
        try:
            torch.no_such_function
        except AttributeError as error:
            assert "glassgrad does not provide it" in str(error)
        else:
            raise AssertionError("a missing name must raise AttributeError")
        print("ok")
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_refuses_when_the_real_torch_is_already_imported():
    result = run_python("""
        import sys, types
        sys.modules["torch"] = types.ModuleType("torch")  # stands for the real PyTorch, imported first
        import glassgrad
        try:
            glassgrad.install_as_torch()
        except ImportError as error:
            print(error)
    """)
    assert result.returncode == 0, result.stderr
    assert "the real PyTorch is already imported" in result.stdout
    assert "before anything imports torch" in result.stdout


def test_readme_pytorch_example_runs_and_learns():
    block = next(b for b in re.findall(r"```python\n(.*?)```", README.read_text(), re.S) if "install_as_torch" in b)
    result = run_python(block)
    assert result.returncode == 0, result.stderr
    losses = [float(x) for x in re.findall(r"loss (\d+\.\d+)", result.stdout)]
    assert len(losses) == 3 and losses[-1] < 1e-3  # the noise is 0.01: the loss falls to about 1e-4


def test_what_gpt_training_scripts_import_and_do_on_a_cpu():
    """The lines nanoGPT's train.py and sample.py, minGPT's trainer and makemore run on a CPU-only machine."""
    result = run_python("""
        import os, tempfile, warnings
        import glassgrad
        glassgrad.install_as_torch()
        import torch
        import torch.nn as nn
        from torch.nn import functional as F
        from torch.nn.parallel import DistributedDataParallel as DDP
        from torch.distributed import init_process_group, destroy_process_group
        from torch.utils.data import Dataset
        from torch.utils.data.dataloader import DataLoader
        from torch.utils.tensorboard import SummaryWriter
        import torch.backends.cudnn, torch.utils.data.sampler, torch.utils.data.dataset
        assert torch.nn.parallel.DistributedDataParallel is DDP
        assert torch.utils.data.dataloader.DataLoader is DataLoader is torch.utils.data.DataLoader
        assert torch.utils.data.sampler.RandomSampler is torch.utils.data.RandomSampler
        assert torch.utils.data.dataset.TensorDataset is torch.utils.data.TensorDataset
        assert torch.__version__ >= "2.0" and torch.version.__version__ is torch.__version__
        assert torch.version.cuda is None

        warnings.simplefilter("ignore")
        dtype = 'bfloat16' if torch.cuda.is_available() and torch.cuda.is_bf16_supported() else 'float16'
        torch.manual_seed(1337)
        torch.cuda.manual_seed(1337)
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
        ptdtype = {'float32': torch.float32, 'bfloat16': torch.bfloat16, 'float16': torch.float16}[dtype]
        ctx = torch.amp.autocast(device_type='cpu', dtype=ptdtype)
        scaler = torch.cuda.amp.GradScaler(enabled=(dtype == 'float16'))
        assert not scaler.is_enabled()  # no GPU: PyTorch disables it too
        torch.set_float32_matmul_precision('high')
        assert not torch.backends.mps.is_available()

        model = nn.Sequential(nn.Embedding(10, 8), nn.Linear(8, 10))
        model = torch.compile(model)
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
        x = torch.randint(0, 10, (4, 6))
        for step in range(3):
            with ctx:
                logits = model(x)
                loss = F.cross_entropy(logits.view(-1, 10), x.view(-1))
            scaler.scale(loss).backward()
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad(set_to_none=True)

        out_dir = tempfile.mkdtemp()
        checkpoint = {'model': model.state_dict(), 'optimizer': optimizer.state_dict(), 'iter_num': 3,
                      'best_val_loss': loss.detach(), 'config': {'dtype': dtype, 'compile': True}}
        torch.save(checkpoint, os.path.join(out_dir, 'ckpt.pt'))
        checkpoint = torch.load(os.path.join(out_dir, 'ckpt.pt'), map_location='cpu')
        resumed = nn.Sequential(nn.Embedding(10, 8), nn.Linear(8, 10))
        resumed.load_state_dict(checkpoint['model'])
        torch.optim.AdamW(resumed.parameters(), lr=1e-2).load_state_dict(checkpoint['optimizer'])
        with torch.no_grad():
            assert (resumed(x) == model(x)).numpy().all()

        writer = SummaryWriter(log_dir=out_dir)
        writer.add_scalar("Loss/train", loss.item(), 3)
        writer.flush()
        assert open(os.path.join(out_dir, "scalars.csv")).read().startswith("tag,step,value")

        for refused in (lambda: init_process_group(backend='gloo'), lambda: DDP(model, device_ids=[0])):
            try:
                refused()
            except (RuntimeError, ValueError) as error:
                assert "single process" in str(error)
            else:
                raise AssertionError("distributed training must be refused")
        print("ok")
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_shapes_and_node_names_print_as_pytorchs():
    result = run_python("""
        import glassgrad
        glassgrad.install_as_torch()
        import torch
        x = torch.ones(8, 8, requires_grad=True)
        print(x.shape, f"{x.shape}", (x * 1).view(64).grad_fn, (x * 1)[0].grad_fn, (x @ x).grad_fn)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["torch.Size([8,", "8])", "torch.Size([8,", "8])", "<ViewBackward0>",
                                     "<SelectBackward0>", "<MmBackward0>"]
