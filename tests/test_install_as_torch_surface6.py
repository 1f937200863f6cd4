"""The names added for issue #19's "PyTorch code carries over" (surface6) under install_as_torch(): torch.X,
torch.nn.X, torch.nn.functional.X, torch.nn.init.X, Tensor.X and torch.autograd.function, in a script written for
PyTorch; each is checked against the real PyTorch in tests/autograd/test_tensor_extras_torch.py and tests/nn/."""
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import glassgrad
    glassgrad.install_as_torch()
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    from torch.autograd.function import Function, once_differentiable
    from torch.nn.modules.activation import SiLU, LeakyReLU
    from torch.nn.modules.pooling import MaxPool1d, AvgPool1d
    from torch.nn.modules.loss import SmoothL1Loss, HuberLoss

    x = torch.arange(1.0, 13.0).reshape(3, 4).requires_grad_()
    values = [torch.prod(x), x.prod(1), x.cumprod(0), torch.median(x), x.median(1).values, torch.nansum(x),
              torch.count_nonzero(x), x.as_strided((2, 2), (1, 2)), torch.as_strided(x, (2,), (3,)), x.unfold(1, 2, 1),
              torch.unflatten(x, 1, (2, 2)), torch.select(x, 0, 1), x.maximum(x.flip(0)), x.minimum(x),
              x.where(x > 3, x * 2), torch.expm1(x), x.rsqrt(), x.half(), x.new_zeros(2), x.remainder(5), x % 5,
              torch.fmod(-x, 5), x.clone(memory_format=torch.contiguous_format),
              x.clone(memory_format=torch.preserve_format)]
    assert x.nelement() == 12 and x.element_size() == 4 and x.numpy(force=True).shape == (3, 4)
    y = torch.zeros(3, 4)
    y.copy_(x.detach(), non_blocking=True)
    model = nn.Sequential(nn.Unflatten(1, (1, 4)), nn.MaxPool1d(2), nn.AvgPool1d(1), nn.Flatten(), nn.SiLU(),
                          nn.ELU(), nn.LeakyReLU(0.2), nn.Hardtanh(), nn.ReLU6(), nn.LogSigmoid(), nn.Dropout2d(0.0))
    out = model(x)
    losses = [nn.SmoothL1Loss()(out, out.detach() * 0), nn.HuberLoss()(out, out.detach() * 0),
              nn.CosineSimilarity()(x, x + 1).sum(), F.normalize(x).sum(), F.pad(x[None], (1, 1), mode="reflect").sum(),
              F.pad(x[None, None], (1, 1, 1, 1), mode="replicate").sum(), F.pad(x[None], (2, 2), mode="circular").sum(),
              F.silu(x).sum(), F.elu(x).sum(), F.leaky_relu(x).sum(), F.hardtanh(x).sum(), F.relu6(x).sum(),
              F.logsigmoid(x).sum(), F.smooth_l1_loss(x, y), F.huber_loss(x, y), F.cosine_similarity(x, y + 1).sum(),
              F.dropout2d(x[None], 0.0).sum(), F.max_pool1d(x[None], 2).sum(), F.avg_pool1d(x[None], 2).sum()]
    sum(losses).backward()
    assert x.grad.shape == (3, 4)
    table = nn.Embedding.from_pretrained(torch.eye(3))
    assert table(torch.tensor([2])).tolist() == [[0.0, 0.0, 1.0]] and not table.weight.requires_grad
    w = torch.empty(4, 6)
    nn.init.trunc_normal_(w, std=0.02)
    nn.init.orthogonal_(w)


    class Cube(Function):
        @staticmethod
        def forward(ctx, t):
            ctx.save_for_backward(t)
            return t ** 3

        @staticmethod
        @once_differentiable
        def backward(ctx, grad):
            (t,) = ctx.saved_tensors
            return 3 * t * t * grad


    Cube.apply(x).sum().backward()
    print("ok", len(values))
""")


def test_the_new_names_work_under_install_as_torch():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok", "24"]
