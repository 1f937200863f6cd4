"""The lines of issue 22's programs that use its tensor ops (the "Let's build GPT" lecture, nanoGPT,
minGPT, d2l's mathematical appendix), run verbatim under install_as_torch() and under PyTorch, in
fresh interpreters, from the same inputs: the results must agree."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]

PROGRAM = """
import json, math
import numpy as np
import torch
import torch.nn as nn
from torch.nn import functional as F

rng = np.random.default_rng(0)
B, T, C = 2, 8, 4
x = torch.tensor(rng.normal(size=(B, T, C)).astype(np.float32))
results = {}

# the lecture (gpt.py): the causal mask as a buffer, masked_fill, softmax
tril = torch.tril(torch.ones(T, T))
wei = torch.zeros((T, T)).masked_fill(tril[:T, :T] == 0, float('-inf'))
results["lecture"] = (F.softmax(wei, dim=-1) @ x).tolist()

# nanoGPT: flash attention with is_causal, top-k filtering of logits, GELU in the MLP
q = x.view(B, T, 2, C // 2).transpose(1, 2)
results["sdpa"] = F.scaled_dot_product_attention(q, q, q, attn_mask=None, dropout_p=0, is_causal=True).tolist()
logits = x[:, -1, :] * 3
v, _ = torch.topk(logits, min(2, logits.size(-1)))
logits[logits < v[:, [-1]]] = -float('Inf')
probs = F.softmax(logits, dim=-1)
idx_next = torch.multinomial(probs, num_samples=1)
results["topk_filtered"] = probs.tolist()
results["sample"] = [*idx_next.shape, idx_next.dtype == torch.int64, probs.gather(1, idx_next).min().item() > 0]
results["gelu"] = nn.GELU()(x).tolist()
results["gelu_tanh"] = F.gelu(x, approximate="tanh").tolist()

# d2l's appendix: angles, eigendecompositions, einsum, cumulative sums, rounding, logs, roll
v1, v2 = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([3.0, 1.0, -1.0])
angle = torch.acos(v1.dot(v2) / (torch.norm(v1) * torch.norm(v2)))
results["angle_degrees"] = (angle * 180 / torch.pi).item()
A = torch.tensor([[2.0, 1.0], [1.0, 3.0]])
results["eigenvalues"] = sorted(torch.linalg.eig(A).eigenvalues.real.tolist())
results["eigh"] = torch.linalg.eigh(A).eigenvalues.tolist()
results["det"] = torch.linalg.det(A).item()
results["einsum"] = torch.einsum('ij,j->i', A, v1[:2]).tolist()
results["cumsum"] = torch.arange(1, 6).cumsum(0).tolist()
results["cumprod"] = torch.tensor([1.0, 2.0, 0.0, 4.0]).cumprod(dim=0).tolist()
results["rounding"] = [torch.floor(torch.tensor(2.7)).item(), *torch.tensor([2.5, 3.5]).round().tolist()]
results["logs"] = [torch.log2(torch.tensor(8.0)).item(), torch.log10(torch.tensor(1000.0)).item()]
results["roll"] = torch.roll(torch.arange(6).reshape(2, 3), 1, 1).tolist()
results["atan2"] = torch.atan2(torch.tensor([1.0, -1.0]), torch.tensor([-1.0, -1.0])).tolist()
results["erf"] = torch.erf(torch.tensor([0.5, -1.0])).tolist()
print(json.dumps(results))
"""


def run(install):
    prefix = "import glassgrad\nglassgrad.install_as_torch()\n" if install else ""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run(
        [sys.executable, "-c", prefix + textwrap.dedent(PROGRAM)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_programs_lines_give_pytorchs_results():
    pytest.importorskip("torch")
    ours, theirs = run(install=True), run(install=False)
    assert ours.keys() == theirs.keys()
    for key in theirs:
        if key == "sample":  # random: the shape, the dtype, and a category of positive probability
            assert ours[key] == theirs[key] == [2, 1, True, True]
            continue
        np.testing.assert_allclose(
            np.array(ours[key], dtype=float), np.array(theirs[key], dtype=float), rtol=1e-5, atol=1e-6, err_msg=key
        )
