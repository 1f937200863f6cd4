"""The ways the d2l book's PyTorch code uses torch.nn, written afresh: lazy layers initialised by a dry run
and `net.apply(init_fn)`, blocks added with add_module, a grouped (ResNeXt-style) residual block with
global average pooling, and an RNN re-initialised through `_flat_weights_names`."""
import numpy as np
import pytest

import autograd
import nn
import optim
from nn import functional as F


class GroupedResidual(nn.Module):
    """1×1 → grouped 3×3 → 1×1 convolutions with batch norm, plus a (projected) shortcut."""

    def __init__(self, channels, groups, bottleneck, stride=1, project=False):
        super().__init__()
        self.conv1 = nn.LazyConv2d(bottleneck, kernel_size=1)
        self.conv2 = nn.LazyConv2d(bottleneck, kernel_size=3, stride=stride, padding=1, groups=bottleneck // groups)
        self.conv3 = nn.LazyConv2d(channels, kernel_size=1)
        self.bn1, self.bn2, self.bn3 = nn.LazyBatchNorm2d(), nn.LazyBatchNorm2d(), nn.LazyBatchNorm2d()
        self.shortcut = nn.LazyConv2d(channels, kernel_size=1, stride=stride) if project else None

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return F.relu(y + (x if self.shortcut is None else self.shortcut(x)))


def small_resnext(num_classes=3):
    net = nn.Sequential(nn.LazyConv2d(8, kernel_size=3, padding=1), nn.LazyBatchNorm2d(), nn.ReLU(),
                        nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    net.add_module("block1", GroupedResidual(8, groups=2, bottleneck=8))
    net.add_module("block2", GroupedResidual(16, groups=2, bottleneck=8, stride=2, project=True))
    net.add_module("head", nn.Sequential(nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.LazyLinear(num_classes)))
    return net


def xavier_for_linear_and_conv(module):
    if type(module) in (nn.Linear, nn.Conv2d):
        nn.init.xavier_uniform_(module.weight)


def test_dry_run_then_apply_then_train_a_grouped_residual_network():
    autograd.manual_seed(0)
    net = small_resnext()
    x = autograd.randn(4, 1, 12, 12)
    net(x)  # the dry run
    net.apply(xavier_for_linear_and_conv)
    assert net.block1.conv2.weight.shape == (8, 2, 3, 3) and net.block1.conv2.groups == 4
    assert net.head[2].weight.shape == (3, 16)
    assert [name for name, _ in net.named_children()] == ["0", "1", "2", "3", "block1", "block2", "head"]
    labels = autograd.tensor([0, 1, 2, 1])
    opt = optim.SGD(net.parameters(), lr=0.1)
    losses = []
    for _ in range(15):
        loss = F.cross_entropy(net(x), labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0]


def test_grouped_residual_network_matches_pytorch():
    torch = pytest.importorskip("torch")
    ours = small_resnext().double()
    ours(autograd.randn(2, 1, 8, 8, dtype=autograd.float64))
    theirs = torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(), torch.nn.MaxPool2d(3, 2, 1))

    def block(in_channels, channels, groups, bottleneck, stride=1, project=False):
        module = torch.nn.Module()
        module.conv1 = torch.nn.Conv2d(in_channels, bottleneck, 1)
        module.conv2 = torch.nn.Conv2d(bottleneck, bottleneck, 3, stride, 1, groups=bottleneck // groups)
        module.conv3 = torch.nn.Conv2d(bottleneck, channels, 1)
        module.bn1, module.bn2, module.bn3 = (torch.nn.BatchNorm2d(n) for n in (bottleneck, bottleneck, channels))
        module.shortcut = torch.nn.Conv2d(in_channels, channels, 1, stride) if project else None
        return module

    theirs.add_module("block1", block(8, 8, 2, 8))
    theirs.add_module("block2", block(8, 16, 2, 8, 2, True))
    theirs.add_module("head", torch.nn.Sequential(torch.nn.AdaptiveAvgPool2d((1, 1)), torch.nn.Flatten(),
                                                  torch.nn.Linear(16, 3)))
    theirs = theirs.double()
    assert list(ours.state_dict()) == list(theirs.state_dict())
    theirs.load_state_dict({k: torch.tensor(v.numpy()) for k, v in ours.state_dict().items()})
    data = np.random.default_rng(0).standard_normal((3, 1, 9, 9))

    def run_theirs(module, x):
        for name, child in module.named_children():
            x = run_block(child, x) if name.startswith("block") else child(x)
        return x

    def run_block(b, x):
        y = torch.relu(b.bn1(b.conv1(x)))
        y = torch.relu(b.bn2(b.conv2(y)))
        y = b.bn3(b.conv3(y))
        return torch.relu(y + (x if b.shortcut is None else b.shortcut(x)))

    x_ours, x_theirs = autograd.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    out_ours, out_theirs = ours(x_ours), run_theirs(theirs, x_theirs)
    np.testing.assert_allclose(out_ours.detach().numpy(), out_theirs.detach().numpy(), rtol=1e-9, atol=1e-12)
    out_ours.sum().backward()
    out_theirs.sum().backward()
    np.testing.assert_allclose(x_ours.grad.numpy(), x_theirs.grad.numpy(), rtol=1e-8, atol=1e-12)
    grads = dict(theirs.named_parameters())
    for name, param in ours.named_parameters():
        np.testing.assert_allclose(param.grad.numpy(), grads[name].grad.numpy(), rtol=1e-7, atol=1e-10, err_msg=name)


def test_rnn_weights_reinitialised_through_their_flat_names():
    gru = nn.GRU(3, 4, num_layers=2)
    for name in gru._flat_weights_names:
        if "weight" in name:
            nn.init.zeros_(gru._parameters[name])
    assert all(not p.detach().numpy().any() for n, p in gru.named_parameters() if "weight" in n)
    assert all(p.detach().numpy().any() for n, p in gru.named_parameters() if "bias" in n)
