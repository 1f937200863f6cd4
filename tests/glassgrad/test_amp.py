"""torch.amp / torch.cuda.amp under glassgrad against PyTorch's CPU build: autocast contexts that cast
nothing, and GradScaler disabled (device 'cuda' without a GPU) or enabled (device 'cpu')."""
import re
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import autograd  # noqa: E402
import optim  # noqa: E402
from glassgrad.torch_stubs import amp, top_level  # noqa: E402
from glassgrad.torch_stubs.cuda import amp as cuda_amp  # noqa: E402


def caught(make):
    """(the object made, the warnings' (category, message) pairs)."""
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        made = make()
    return made, [(record.category, str(record.message)) for record in records]


@pytest.mark.parametrize("make_ours, make_theirs", [
    (lambda: cuda_amp.GradScaler(enabled=True), lambda: torch.cuda.amp.GradScaler(enabled=True)),
    (lambda: cuda_amp.GradScaler(enabled=False), lambda: torch.cuda.amp.GradScaler(enabled=False)),
    (lambda: amp.GradScaler(), lambda: torch.amp.GradScaler()),
    (lambda: amp.GradScaler("cuda", enabled=False), lambda: torch.amp.GradScaler("cuda", enabled=False)),
    (lambda: amp.GradScaler("cpu"), lambda: torch.amp.GradScaler("cpu")),
], ids=["cuda.amp enabled", "cuda.amp disabled", "amp default", "amp cuda disabled", "amp cpu"])
def test_grad_scaler_warns_and_enables_as_pytorch(make_ours, make_theirs):
    ours, our_warnings = caught(make_ours)
    theirs, their_warnings = caught(make_theirs)
    assert ours.is_enabled() == theirs.is_enabled()
    assert our_warnings == their_warnings
    assert ours.get_scale() == theirs.get_scale() and ours.state_dict() == theirs.state_dict()


def test_disabled_scaler_passes_everything_through():
    scaler = amp.GradScaler(enabled=False)
    param = autograd.tensor([1.0, 2.0], requires_grad=True)
    optimizer = optim.SGD([param], lr=0.5)
    loss = (param * param).sum()
    assert scaler.scale(loss) is loss
    loss.backward()
    scaler.unscale_(optimizer)
    scaler.step(optimizer)
    scaler.update()
    np.testing.assert_array_equal(param.detach().numpy(), [0.0, 0.0])  # one plain SGD step: p − 0.5 · 2p
    assert scaler.get_scale() == 1.0 and scaler.state_dict() == {}
    scaler.load_state_dict({"anything": 1})  # ignored when disabled, as in PyTorch


def scaled_training(lib, optim_module, grad_scaler, steps=12, blow_up=(3, 4, 9), **options):
    """Adam steps through a GradScaler; at the steps in blow_up the loss is multiplied by inf."""
    param = lib.tensor([0.5, -1.5, 2.0], requires_grad=True)
    optimizer = optim_module.Adam([param], lr=0.1)
    scaler = grad_scaler("cpu", **options)
    history = []
    for step in range(steps):
        optimizer.zero_grad()
        loss = ((param - 1.0) ** 2).sum() * (float("inf") if step in blow_up else 1.0)
        scaler.scale(loss).backward()
        if step % 2:
            scaler.unscale_(optimizer)
        scaler.step(optimizer)
        scaler.update()
        history.append((scaler.get_scale(), *param.detach().numpy().tolist(), scaler.state_dict()["_growth_tracker"]))
    return history, scaler.state_dict()


@pytest.mark.parametrize("options", [dict(), dict(init_scale=8.0, growth_interval=3),
                                     dict(init_scale=2.0**120, growth_factor=4.0, backoff_factor=0.25,
                                          growth_interval=2)], ids=str)
def test_enabled_cpu_scaler_follows_pytorch(options):
    ours = scaled_training(autograd, optim, amp.GradScaler, **options)
    theirs = scaled_training(torch, torch.optim, torch.amp.GradScaler, **options)
    assert ours == theirs


def test_scale_reaches_into_lists_and_tuples_and_refuses_the_rest():
    for scaler in (amp.GradScaler("cpu", init_scale=4.0), torch.amp.GradScaler("cpu", init_scale=4.0)):
        lib = torch if isinstance(scaler, torch.amp.GradScaler) else autograd
        scaled = scaler.scale([lib.tensor(1.0), (lib.tensor(2.0), lib.tensor(3.0))])
        assert [scaled[0].item(), scaled[1][0].item(), scaled[1][1].item()] == [4.0, 8.0, 12.0]
        with pytest.raises(ValueError, match="outputs must be a Tensor or an iterable of Tensors"):
            scaler.scale(3.0)


def misuse(lib, optim_module, grad_scaler, mistake):
    param = lib.tensor([1.0], requires_grad=True)
    optimizer = optim_module.SGD([param], lr=0.1)
    scaler = grad_scaler("cpu")
    scaler.scale((param * param).sum()).backward()
    mistake(scaler, optimizer)


MISTAKES = {
    "unscale twice": lambda s, o: (s.unscale_(o), s.unscale_(o)),
    "unscale after step": lambda s, o: (s.step(o), s.unscale_(o)),
    "step twice": lambda s, o: (s.step(o), s.step(o)),
    "update before step": lambda s, o: s.update(),
    "closure": lambda s, o: s.step(o, closure=lambda: None),
    "empty state": lambda s, o: s.load_state_dict({}),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_misuse_raises_as_pytorch(mistake):
    with pytest.raises((RuntimeError, AssertionError)) as theirs:
        misuse(torch, torch.optim, torch.amp.GradScaler, MISTAKES[mistake])
    with pytest.raises(theirs.type, match="^" + re.escape(str(theirs.value)) + "$"):
        misuse(autograd, optim, amp.GradScaler, MISTAKES[mistake])


def test_state_dict_round_trip_and_update_to_a_given_scale():
    scaler = amp.GradScaler("cpu", init_scale=16.0)
    scaler.update(new_scale=2.0)
    again = amp.GradScaler("cpu")
    again.load_state_dict(scaler.state_dict())
    assert again.state_dict() == {"scale": 2.0, "growth_factor": 2.0, "backoff_factor": 0.5, "growth_interval": 2000,
                                  "_growth_tracker": 0}
    again.update(new_scale=autograd.tensor(8.0))
    assert again.get_scale() == 8.0


@pytest.mark.parametrize("device_type, dtype", [("cpu", "bfloat16"), ("cpu", "float16"), ("cpu", "float32"),
                                                ("cuda", "float16"), ("cpu", None)])
def test_autocast_warns_as_pytorch_where_pytorch_disables_itself(device_type, dtype):
    def ours():
        our_dtype = {"bfloat16": top_level.bfloat16, "float16": autograd.float16, "float32": autograd.float32}
        with amp.autocast(device_type=device_type, dtype=our_dtype.get(dtype)):
            return (autograd.ones(2, 2) @ autograd.ones(2, 2)).dtype

    def theirs():
        with torch.autocast(device_type=device_type, dtype=dtype and getattr(torch, dtype)):
            return torch.ones(2, 2) @ torch.ones(2, 2)

    amp._warned.clear()
    our_dtype, our_warnings = caught(ours)
    their_result, their_warnings = caught(theirs)
    assert our_dtype == autograd.float32  # glassgrad computes in the inputs' dtype
    if their_warnings:  # PyTorch disabled autocast: the same warning
        assert our_warnings == [(UserWarning, message) for _, message in their_warnings]
    else:  # PyTorch computes in a lower precision, glassgrad does not: it says so
        assert their_result.dtype != torch.float32
        assert len(our_warnings) == 1 and "casts nothing" in our_warnings[0][1]


def test_autocast_is_also_a_decorator_and_can_be_disabled():
    @amp.autocast("cpu", enabled=False)
    def double(x):
        return x * 2

    assert double(autograd.tensor(3.0)).item() == 6.0
    with pytest.raises(RuntimeError, match="CPU library"):
        amp.autocast("mps")


def test_cuda_amp_autocast_warns_as_pytorch_and_casts_nothing():
    def ours():
        with cuda_amp.autocast():
            return (autograd.ones(2, 2) @ autograd.ones(2, 2)).dtype

    def theirs():
        with torch.cuda.amp.autocast():
            return (torch.ones(2, 2) @ torch.ones(2, 2)).dtype

    our_dtype, our_warnings = caught(ours)
    their_dtype, their_warnings = caught(theirs)
    assert our_warnings == their_warnings
    assert our_dtype == autograd.float32 and their_dtype == torch.float32
