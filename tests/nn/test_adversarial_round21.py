"""The twenty-first adversarial pass's nn findings (hostile21d), against PyTorch."""
import copy

import pytest

import autograd
import nn

torch = pytest.importorskip("torch")


def test_deepcopy_of_a_lazy_module_before_its_first_forward():
    for lib, lazy in ((torch, torch.nn.LazyLinear), (autograd, nn.LazyLinear)):
        copied = copy.deepcopy(lazy(3))
        assert copied(lib.ones(2, 4)).shape == (2, 3)
    for make in (lambda: torch.nn.LazyBatchNorm1d(), lambda: nn.LazyBatchNorm1d()):
        with pytest.raises(ValueError):
            copy.deepcopy(make())


@pytest.mark.parametrize("make", [
    lambda lib: lib.nn.MultiheadAttention(6, 0),
    lambda lib: lib.nn.MultiheadAttention(0, 2),
    lambda lib: lib.nn.MultiheadAttention(6, -2),
    lambda lib: lib.nn.MultiheadAttention(4, 2)(lib.ones(3, 2, 4), lib.ones(3, 2, 4), lib.ones(2, 2, 4)),
    lambda lib: lib.nn.utils.rnn.pack_padded_sequence(lib.ones(3, 0, 2), lib.tensor([], dtype=lib.int64)),
], ids=["no heads", "no width", "negative heads", "key and value lengths", "empty batch"])
def test_attention_and_packing_refuse_as_pytorch(make):
    class Ours:
        nn = nn
        ones, tensor, int64 = autograd.ones, autograd.tensor, autograd.int64

    with pytest.raises(Exception) as theirs:
        make(torch)
    with pytest.raises(type(theirs.value)):
        make(Ours)


def test_multihead_attention_takes_the_is_causal_hint():
    for lib in (torch, autograd):
        attention = (torch.nn if lib is torch else nn).MultiheadAttention(4, 2)
        x = lib.ones(3, 1, 4)
        with pytest.raises(RuntimeError, match="Need attn_mask"):
            attention(x, x, x, is_causal=True)
        mask = lib.triu(lib.full((3, 3), float("-inf")), diagonal=1)
        hinted, plain = attention(x, x, x, attn_mask=mask, is_causal=True)[0], attention(x, x, x, attn_mask=mask)[0]
        assert (hinted - plain).abs().max().item() == 0


def test_a_user_lazy_module_on_a_plain_module_runs_as_pytorchs():
    """LazyModuleMixin with a plain Module base (no reset_parameters, no cls_to_become): the values its
    initialize_parameters sets are kept, and it stays its own class (hostile23d C1)."""
    from torch.nn.modules.lazy import LazyModuleMixin as TorchLazy

    from nn.lazy import LazyModuleMixin

    def make(lib, mixin, module, uninitialized):
        class LazyScale(mixin, module):
            def __init__(self):
                super().__init__()
                self.w = uninitialized()

            def initialize_parameters(self, x):
                if self.has_uninitialized_params():
                    with lib.no_grad():
                        self.w.materialize((x.shape[-1],))
                        self.w.fill_(0.5)

            def forward(self, x):
                return x * self.w
        return LazyScale()

    ours = make(autograd, LazyModuleMixin, nn.Module, nn.UninitializedParameter)
    theirs = make(torch, TorchLazy, torch.nn.Module, torch.nn.parameter.UninitializedParameter)
    assert ours(autograd.ones(2, 3)).tolist() == theirs(torch.ones(2, 3)).tolist()
    assert type(ours).__name__ == type(theirs).__name__ == "LazyScale"
    assert ours(autograd.ones(1, 3)).tolist() == [[0.5, 0.5, 0.5]]
