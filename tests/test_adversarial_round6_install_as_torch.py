"""Sixth adversarial pass (#19): lines people paste from PyTorch scripts, under install_as_torch(). Each runs in
a fresh interpreter (this process may hold the real torch, the oracle)."""
import pytest

from tests.test_install_as_torch import run_python

PASTED = {
    "torch.default_generator is a Generator": """
        g = torch.default_generator
        assert type(g).__name__ == "Generator" and torch.manual_seed(3) is g and g.initial_seed() == 3
        a = torch.randn(4); g.manual_seed(3); assert torch.equal(a, torch.randn(4))
        from torch.utils.data import DataLoader, random_split
        parts = random_split(range(10), [7, 3], generator=torch.default_generator)
        assert sorted(list(parts[0]) + list(parts[1])) == list(range(10))
        assert sorted(next(iter(DataLoader(range(4), batch_size=4, shuffle=True, generator=g))).tolist()) == [0, 1, 2, 3]
        """,
    "reproducibility block": """
        torch.manual_seed(0); torch.cuda.manual_seed_all(0)
        torch.backends.cudnn.deterministic = True; torch.backends.cudnn.benchmark = False
        torch.use_deterministic_algorithms(True)
        assert torch.are_deterministic_algorithms_enabled()
        torch.use_deterministic_algorithms(False, warn_only=True)
        """,
    "dtype questions": """
        x = torch.ones(2)
        assert torch.is_floating_point(x) and not torch.is_floating_point(torch.ones(2, dtype=torch.long))
        assert torch.numel(torch.ones(2, 3)) == 6
        assert torch.get_default_dtype() == torch.float32 and str(torch.get_default_dtype()) == "torch.float32"
        torch.set_default_dtype(torch.float32)
        assert float(torch.finfo(torch.float32).eps) == 2.0 ** -23 and torch.iinfo(torch.int64).max == 2**63 - 1
        assert float(torch.finfo().tiny) == float(torch.finfo(torch.float32).tiny)
        """,
    "set_default_dtype(float64) is refused, not ignored": """
        try:
            torch.set_default_dtype(torch.float64)
        except NotImplementedError as error:
            assert "float32" in str(error)
        else:
            raise AssertionError("a float64 default must not be silently ignored")
        assert torch.tensor([1.0]).dtype == torch.float32
        """,
    "worker info": """
        from torch.utils.data import get_worker_info, ConcatDataset, TensorDataset
        assert get_worker_info() is None
        assert len(ConcatDataset([TensorDataset(torch.ones(2)), TensorDataset(torch.ones(3))])) == 5
        """,
}


@pytest.mark.parametrize("name", PASTED)
def test_pasted_pytorch_lines_run(name):
    """Were AttributeError ('glassgrad does not provide it'), ImportError, or for torch.default_generator a
    function that every `generator=` argument refused."""
    result = run_python("import glassgrad\nglassgrad.install_as_torch()\nimport torch\n"
                        + "\n".join(line[8:] for line in PASTED[name].splitlines()) + "\nprint('ok')")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_same_lines_run_on_pytorch():
    """The oracle: each snippet above is PyTorch code (set_default_dtype's refusal aside)."""
    torch = pytest.importorskip("torch")
    cudnn = torch.backends.cudnn
    flags = cudnn.deterministic, cudnn.benchmark
    try:
        for name, code in PASTED.items():
            if "refused" in name:
                continue
            exec(compile("\n".join(line[8:] for line in code.splitlines()), name, "exec"), {"torch": torch})
    finally:  # (the process's PyTorch is the oracle of later tests: leave its switches as they were)
        cudnn.deterministic, cudnn.benchmark = flags
