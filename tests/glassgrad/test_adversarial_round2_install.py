"""Issue 19, second adversarial pass: install_as_torch() where PyTorch code meets it. Each check runs in a
fresh interpreter (this process may hold the real torch). xfail(strict=True) until fixed."""
from tests.test_install_as_torch import run_python  # a fresh interpreter with this checkout importable


def test_find_spec_finds_the_installed_torch():
    result = run_python("""
        import importlib.util, glassgrad
        glassgrad.install_as_torch()
        print(importlib.util.find_spec("torch") is not None, importlib.util.find_spec("torch.nn") is not None)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_torch_autograd_names_resolve():
    result = run_python("""
        import glassgrad
        glassgrad.install_as_torch()
        import torch
        import torch.autograd
        from torch.autograd import grad
        w = torch.tensor([1.0, 2.0], requires_grad=True)
        print(grad((w * w).sum(), w)[0].tolist())
        torch.autograd.set_detect_anomaly(True)
        with torch.autograd.detect_anomaly():
            print(torch.is_anomaly_enabled())
        torch.autograd.set_detect_anomaly(False)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[2.0,", "4.0]", "True"]
