"""Issue 19, third adversarial pass: install_as_torch() where PyTorch code meets it. Each check runs in a
fresh interpreter (this process may hold the real torch)."""
from tests.test_install_as_torch import run_python  # a fresh interpreter with this checkout importable


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


def test_reloading_a_torch_submodule_keeps_glassgrads_module():
    result = run_python("""
        import importlib, glassgrad
        glassgrad.install_as_torch()
        import torch, torch.autograd, torch.func, torch.cuda
        for module in (torch.autograd, torch.func, torch.cuda):
            assert importlib.reload(module) is module
        from torch.autograd import Function
        import autograd
        assert Function is autograd.Function and torch.func.grad is autograd.func.grad
    """)
    assert result.returncode == 0, result.stderr


def test_importing_a_torch_module_glassgrad_lacks_says_so_and_loads_no_second_copy():
    result = run_python("""
        import sys, glassgrad
        glassgrad.install_as_torch()
        import torch
        import importlib.util
        for name in ("torch.fx", "torch.tensor", "torch.functional", "torch.nn.layers", "torch.optim.rprop",
                     "torch.utils.data.distributed"):
            try:
                __import__(name)
            except ModuleNotFoundError as error:
                assert name in str(error), error
                under_glassgrads_folder = name.startswith(("torch.nn.", "torch.optim.", "torch.utils.data."))
                assert ("glassgrad" in str(error)) == under_glassgrads_folder, error
            else:
                raise AssertionError(f"{name} imported")
        assert importlib.util.find_spec("torch.fx") is None  # a probe for an optional module gets its answer
        # torch's real module names glassgrad has are glassgrad's own modules, never a copy loaded again
        import torch.linalg, torch.random, torch.optim.sgd, torch.optim.optimizer, autograd, optim
        from torch.nn.parameter import Parameter
        import nn
        assert torch.linalg is autograd.linalg and torch.random is autograd.random
        assert torch.optim.sgd.SGD is optim.SGD and torch.optim.optimizer.Optimizer is optim.Optimizer
        import torch.optim.lbfgs
        assert torch.optim.lbfgs.LBFGS is optim.LBFGS
        assert Parameter is nn.Parameter
        copies = [name for name in sys.modules if name.startswith("torch.") and name.split(".")[1] in
                  ("tensor", "function", "functional", "primitives", "engine")]
        assert not copies, copies
    """)
    assert result.returncode == 0, result.stderr


def test_the_nn_modules_paths_code_imports_are_glassgrads_classes():
    result = run_python("""
        import glassgrad
        glassgrad.install_as_torch()
        import torch
        from torch.nn.modules.linear import Linear
        from torch.nn.modules.loss import _Loss, MSELoss
        from torch.nn.modules.module import Module
        from torch.nn.modules.batchnorm import _BatchNorm
        from torch.nn.modules.conv import _ConvNd, Conv2d
        from torch.nn.modules.rnn import RNNBase
        import torch.nn.modules.sparse
        assert Linear is torch.nn.Linear and MSELoss is torch.nn.MSELoss and Module is torch.nn.Module
        assert isinstance(torch.nn.BatchNorm1d(3), _BatchNorm) and isinstance(torch.nn.Conv2d(1, 1, 1), _ConvNd)
        assert isinstance(torch.nn.LSTM(2, 2), RNNBase) and issubclass(MSELoss, _Loss)
        assert torch.nn.modules.sparse.Embedding is torch.nn.Embedding and torch.nn.modules.Linear is Linear
    """)
    assert result.returncode == 0, result.stderr
