"""Issue 19, third adversarial pass: install_as_torch() where PyTorch code meets it. Each check runs in a
fresh interpreter (this process may hold the real torch). xfail(strict=True) until fixed."""
import pytest

from tests.test_install_as_torch import run_python  # a fresh interpreter with this checkout importable


@pytest.mark.xfail(strict=True, reason="importlib.reload(torch) finds the real PyTorch's spec and runs its "
                                       "__init__.py inside glassgrad's torch module: it fails with 'No module "
                                       "named torch.cuda.sparse' and leaves the two libraries mixed")
def test_reloading_the_installed_torch_keeps_glassgrad_or_refuses_clearly():
    result = run_python("""
        import importlib, glassgrad
        glassgrad.install_as_torch()
        import torch
        try:
            importlib.reload(torch)
        except ImportError as error:
            assert "glassgrad" in str(error) or "install_as_torch" in str(error), error
        import torch
        print(torch.__spec__.origin, type(torch.tensor([1.0])).__module__)
    """)
    assert result.returncode == 0, result.stderr
    origin, tensor_module = result.stdout.split()
    assert "site-packages/torch" not in origin
    assert tensor_module.startswith("autograd")
