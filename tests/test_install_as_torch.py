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
        assert torch.tensor is autograd.tensor and torch.Tensor is autograd.Tensor and torch.float32 == autograd.float32
        assert torch_nn is nn and F is nn.functional and init is nn.init and utils is nn.utils
        assert torch.optim is optim and torch.optim.lr_scheduler is optim.lr_scheduler
        assert data is nn.data and torch.utils.data.DataLoader is nn.data.DataLoader
        assert torch.cuda.is_available() is False and torch.cuda.device_count() == 0
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
