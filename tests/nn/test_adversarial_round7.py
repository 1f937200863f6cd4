"""Seventh adversarial pass (#19, the verifying pass on nn): each case runs the same code with glassgrad and
PyTorch 2.13 and compares the outcome (the value, or the error's type)."""
import numpy as np
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")


def outcome(fn):
    """fn()'s value, or the name of the error it raised."""
    try:
        return fn()
    except Exception as error:  # noqa: BLE001 - the error's type is the outcome
        return type(error).__name__


# ----- 1. train()/eval() call each child's train(mode), so a child's override holds -----
def frozen_backbone(N):
    class Backbone(N.Module):
        def __init__(self):
            super().__init__()
            self.bn = N.BatchNorm1d(2)
            self.block = N.Sequential(N.ReLU(), N.BatchNorm1d(2))

        def forward(self, x):
            return self.block(self.bn(x))

        def train(self, mode=True):  # the frozen batch norm ("norm_eval") pattern
            super().train(mode)
            self.bn.eval()
            return self

    return N.Sequential(Backbone(), N.Linear(2, 1))


@pytest.mark.parametrize("steps", [["train"], ["eval", "train"], ["train", "eval"], ["eval"], ["train_false"]])
def test_train_calls_each_childs_train(steps):
    results = []
    for N, lib in [(nn, autograd), (torch.nn, torch)]:
        model = frozen_backbone(N)
        for step in steps:
            model.train(False) if step == "train_false" else getattr(model, step)()
        model(lib.tensor([[1.0, 2.0], [3.0, 5.0]]))
        backbone = model[0]
        results.append((backbone.training, backbone.bn.training, backbone.block.training,
                        backbone.block[1].training, model[1].training, backbone.bn.running_mean.tolist(),
                        np.round(backbone.block[1].running_mean.tolist(), 6).tolist()))
    assert results[0] == results[1]


def test_train_reaches_a_shared_child_through_each_parent():
    calls = []
    for N in (nn, torch.nn):
        class Counting(N.Linear):
            def train(self, mode=True, lib=N.__name__):
                calls.append((lib, mode))
                return super().train(mode)

        shared = Counting(1, 1)
        N.Sequential(shared, N.Sequential(shared)).eval()
    assert [mode for lib, mode in calls if lib == "nn"] == [mode for lib, mode in calls if lib != "nn"]


# ----- 2. MultiheadAttention refuses integer masks, as PyTorch -----
MASKS = {
    "attn_mask int64": lambda lib: {"attn_mask": lib.tensor([[0, 1, 1], [0, 0, 1], [0, 0, 0]])},
    "attn_mask uint8": lambda lib: {"attn_mask": lib.tensor(np.array([[0, 1, 1], [0, 0, 1], [0, 0, 0]], np.uint8))},
    "attn_mask int32 all zero": lambda lib: {"attn_mask": lib.tensor(np.zeros((3, 3), np.int32))},
    "key_padding_mask int64": lambda lib: {"key_padding_mask": lib.tensor([[0, 1, 0]])},
    "key_padding_mask uint8": lambda lib: {"key_padding_mask": lib.tensor(np.array([[0, 1, 0]], np.uint8))},
    "attn_mask bool": lambda lib: {"attn_mask": lib.tensor([[False, True, True], [False, False, True],
                                                             [False, False, False]])},
    "attn_mask float": lambda lib: {"attn_mask": lib.tensor([[0.0, -1.0, 2.0]] * 3)},
    "key_padding_mask bool": lambda lib: {"key_padding_mask": lib.tensor([[False, True, False]])},
}


@pytest.mark.parametrize("case", MASKS)
def test_multihead_attention_mask_dtypes(case):
    results = []
    for N, lib in [(nn, autograd), (torch.nn, torch)]:
        lib.manual_seed(0)
        attention = N.MultiheadAttention(2, 1, batch_first=True)
        with lib.no_grad():
            for param in attention.parameters():
                param.copy_(lib.tensor(np.linspace(-1, 1, param.numel()).reshape(tuple(param.shape)),
                                       dtype=param.dtype))
        x = lib.tensor([[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]])
        masks = MASKS[case](lib)
        results.append(outcome(lambda a=attention, x=x, m=masks: np.round(a(x, x, x, **m)[1].tolist(), 5).tolist()))
    assert results[0] == results[1]
    if "int" in case:
        assert results[0] == "AssertionError"


def plain(value):
    """Tensors and lists of them as nested Python lists and numbers."""
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value.tolist() if hasattr(value, "tolist") else value


# ----- 4. the DataLoader fetches a batch through dataset.__getitems__; Subset has it -----
def batched_dataset(data):
    class Batched(data.Dataset):  # a dataset that reads a whole batch at once (as Hugging Face's do)
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return i

        def __getitems__(self, indices):
            return [100 + i for i in indices]

    return Batched()


LOADERS = {
    "batched": lambda data, ds: data.DataLoader(ds, batch_size=2),
    "batched, custom collate": lambda data, ds: data.DataLoader(ds, batch_size=2, collate_fn=lambda b: b),
    "unbatched": lambda data, ds: data.DataLoader(ds, batch_size=None),
    "subset": lambda data, ds: data.DataLoader(data.Subset(ds, [4, 0, 2]), batch_size=2),
    "subset of subset": lambda data, ds: data.DataLoader(data.Subset(data.Subset(ds, [4, 0, 2]), [2, 1]),
                                                         batch_size=3, collate_fn=lambda b: b),
    "subset of a tensor dataset": lambda data, ds: data.DataLoader(
        data.Subset(data.TensorDataset(autograd.arange(5) if data is nn.data else torch.arange(5)), [3, 1]),
        batch_size=2),
}


@pytest.mark.parametrize("case", LOADERS)
def test_dataloader_uses_getitems(case):
    results = []
    for data in (nn.data, torch.utils.data):
        loader = LOADERS[case](data, batched_dataset(data))
        results.append([plain(batch) for batch in loader])
    assert results[0] == results[1]


def test_subset_getitems():
    results = []
    for data in (nn.data, torch.utils.data):
        plain = data.Subset([10, 11, 12], [2, 0])
        batched = data.Subset(batched_dataset(data), [3, 1])
        results.append((plain.__getitems__([0, 1]), batched.__getitems__([1, 0]),
                        outcome(lambda plain=plain: plain.__getitems__([5]))))
    assert results[0] == results[1]
