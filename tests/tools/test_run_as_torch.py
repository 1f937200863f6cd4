"""`python -m tools.run_as_torch script.py args...` runs an unchanged PyTorch script on glassgrad, as
`python script.py args...` runs it on PyTorch: same argv, same `__main__`, its folder importable, same losses."""
import json
import subprocess
import sys
import textwrap

import pytest

from .conftest import ROOT

HELPER = '''
import torch
from torch import nn


class TwoLayer(nn.Module):
    """Fixed weights from numbers, so both libraries start from the same point."""
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(3, 4), nn.Linear(4, 1)
        with torch.no_grad():
            for i, p in enumerate(self.parameters()):
                p.copy_(torch.linspace(-0.5, 0.5, p.numel()).reshape(p.shape) * (i + 1))

    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x)))
'''

SCRIPT = '''
import argparse, json, sys
import torch
from helper import TwoLayer          # a module next to the script, as nanoGPT's train.py imports model.py

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=1)
args = parser.parse_args()
model = TwoLayer()
optimizer = torch.optim.AdamW(model.parameters(), lr=0.1)
x = torch.arange(12.0).reshape(4, 3) / 10
y = torch.tensor([[1.0], [-1.0], [0.5], [0.0]])
losses = []
for _ in range(args.steps):
    loss = torch.nn.functional.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
if __name__ == "__main__":
    print(json.dumps({"argv": sys.argv, "version": torch.__version__, "losses": losses}))
'''


@pytest.fixture
def script(tmp_path):
    (tmp_path / "helper.py").write_text(textwrap.dedent(HELPER))
    path = tmp_path / "train.py"
    path.write_text(textwrap.dedent(SCRIPT))
    return path


def run(*command, cwd):
    done = subprocess.run([sys.executable, *command], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}, stdin=subprocess.DEVNULL)
    return done


def test_the_script_runs_on_glassgrad_with_its_arguments(script):
    done = run("-m", "tools.run_as_torch", str(script), "--steps", "5", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["argv"] == [str(script), "--steps", "5"]
    assert out["version"].endswith("+glassgrad")
    assert len(out["losses"]) == 5 and out["losses"][-1] < out["losses"][0]


def test_the_same_file_on_pytorch_gives_the_same_losses(script):
    pytest.importorskip("torch")
    on_glassgrad = run("-m", "tools.run_as_torch", str(script), "--steps", "5", cwd=ROOT)
    on_pytorch = run(str(script), "--steps", "5", cwd=script.parent)
    assert on_glassgrad.returncode == 0 and on_pytorch.returncode == 0, on_glassgrad.stderr + on_pytorch.stderr
    glassgrad_losses = json.loads(on_glassgrad.stdout)["losses"]
    pytorch_losses = json.loads(on_pytorch.stdout)["losses"]
    assert "+glassgrad" not in json.loads(on_pytorch.stdout)["version"]
    assert glassgrad_losses == pytest.approx(pytorch_losses, rel=1e-5, abs=1e-6)


def test_the_script_s_exit_status_and_errors_come_through(tmp_path):
    failing = tmp_path / "fails.py"
    failing.write_text("import sys, torch\nsys.exit(3)\n")
    assert run("-m", "tools.run_as_torch", str(failing), cwd=ROOT).returncode == 3
    broken = tmp_path / "broken.py"
    broken.write_text("import torch\ntorch.no_such_function()\n")
    done = run("-m", "tools.run_as_torch", str(broken), cwd=ROOT)
    assert done.returncode == 1 and "no_such_function" in done.stderr


def test_a_missing_script_or_no_script_is_a_clear_error(tmp_path):
    done = run("-m", "tools.run_as_torch", str(tmp_path / "nope.py"), cwd=ROOT)
    assert done.returncode == 1 and "no script file" in done.stderr
    done = run("-m", "tools.run_as_torch", cwd=ROOT)
    assert done.returncode == 2 and "usage:" in done.stderr
    done = run("-m", "tools.run_as_torch", "--help", cwd=ROOT)
    assert done.returncode == 0 and "install_as_torch" in done.stdout
