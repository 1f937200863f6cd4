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


# ----- 3. state_dict / load_state_dict follow PyTorch's recursion: a child's overrides hold -----
def custom_modules(N, lib):
    """Children that override each hook of saving and loading, as real code does."""
    class Extra(N.Module):  # extra state (a config, a step counter)
        def __init__(self):
            super().__init__()
            self.k = 3
            self.lin = N.Linear(1, 1)

        def get_extra_state(self):
            return {"k": self.k}

        def set_extra_state(self, state):
            self.k = state["k"]

    class AddsKey(N.Module):  # state_dict overridden, keyword-only
        def __init__(self):
            super().__init__()
            self.lin = N.Linear(1, 1)

        def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
            d = super().state_dict(*args, destination=destination, prefix=prefix, keep_vars=keep_vars)
            d[prefix + "added"] = lib.tensor(1.0)
            return d

    class SavesDoubled(N.Module):  # _save_to_state_dict overridden
        def __init__(self):
            super().__init__()
            self.scale = N.Parameter(lib.tensor([2.0]))

        def _save_to_state_dict(self, destination, prefix, keep_vars):
            destination[prefix + "doubled"] = self.scale.detach() * 2

    class Renames(N.Module):  # _load_from_state_dict overridden: reads an old key name
        def __init__(self):
            super().__init__()
            self.new = N.Parameter(lib.tensor([0.0]))

        def _load_from_state_dict(self, state_dict, prefix, *rest):
            if prefix + "old" in state_dict:
                state_dict[prefix + "new"] = state_dict.pop(prefix + "old")
            super()._load_from_state_dict(state_dict, prefix, *rest)

    return Extra, AddsKey, SavesDoubled, Renames


def state_outcome(N, lib, action):
    Extra, AddsKey, SavesDoubled, Renames = custom_modules(N, lib)
    lib.manual_seed(0)
    model = N.Sequential(Extra(), N.Sequential(AddsKey(), SavesDoubled()), Renames())
    for param in model.parameters():
        with lib.no_grad():
            param.fill_(0.5)
    return action(model, lib)


def summary(state):
    return [(key, value.tolist() if hasattr(value, "tolist") else value) for key, value in state.items()]


def load_then_read(state, strict=True):
    def action(model, lib):
        result = outcome(lambda: tuple(model.load_state_dict(state(lib), strict=strict)))
        if result == "RuntimeError":  # PyTorch has loaded the rest; glassgrad nothing (tested below)
            return result
        return result, model[0].k, model[2].new.tolist(), model[0].lin.weight.tolist()
    return action


def state_without_extra(lib):
    return {"0.lin.weight": lib.tensor([[4.0]]), "0.lin.bias": lib.tensor([1.0]), "1.0.lin.weight": lib.tensor([[1.0]]),
            "1.0.lin.bias": lib.tensor([1.0]), "1.1.scale": lib.tensor([3.0]), "2.new": lib.tensor([9.0])}


STATE_CASES = {
    "keys": lambda model, lib: summary(model.state_dict()),
    "prefix and keep_vars": lambda model, lib: [(k, getattr(v, "requires_grad", v)) for k, v in
                                                model.state_dict(prefix="m.", keep_vars=True).items()],
    "destination": lambda model, lib: sorted(model.state_dict(destination={"given": 1})),
    "child's state_dict": lambda model, lib: sorted(model[1].state_dict()),
    "load extra state and old name": load_then_read(lambda lib: {
        "0._extra_state": {"k": 7}, "0.lin.weight": lib.tensor([[4.0]]), "0.lin.bias": lib.tensor([1.0]),
        "1.0.lin.weight": lib.tensor([[1.0]]), "1.0.lin.bias": lib.tensor([1.0]), "1.1.scale": lib.tensor([3.0]),
        "2.old": lib.tensor([9.0])}),
    "load without extra state": load_then_read(state_without_extra),
    "load without extra state, non-strict": load_then_read(state_without_extra, strict=False),
    "load non-strict with unknown keys": lambda model, lib: (
        tuple(model.load_state_dict({"0._extra_state": {"k": 5}, "2.old": lib.tensor([1.0]), "9.x": lib.tensor(1.0),
                                     "1.2.y": lib.tensor(1.0), "1.0.lin.z": lib.tensor(1.0)}, strict=False)),
        model[0].k, model[2].new.tolist()),
}


@pytest.mark.parametrize("case", STATE_CASES)
def test_state_dict_recursion_honours_overrides(case):
    assert state_outcome(nn, autograd, STATE_CASES[case]) == state_outcome(torch.nn, torch, STATE_CASES[case])


def test_state_dict_positional_arguments_warn_as_pytorch():
    results = []
    for N in (nn, torch.nn):
        with pytest.warns(FutureWarning):
            state = N.Linear(1, 1).state_dict(None, "p.")
        results.append(sorted(state))
    assert results[0] == results[1] == ["p.bias", "p.weight"]


def test_a_failed_load_leaves_extra_state_and_values_unchanged():
    Extra = custom_modules(nn, autograd)[0]
    model = nn.Sequential(Extra(), nn.Linear(1, 1))
    before = model[1].weight.tolist()
    with pytest.raises(RuntimeError, match="size mismatch for 1.weight"):
        model.load_state_dict({"0._extra_state": {"k": 9}, "0.lin.weight": autograd.tensor([[5.0]]),
                               "0.lin.bias": autograd.tensor([5.0]), "1.weight": autograd.tensor([1.0, 2.0]),
                               "1.bias": autograd.tensor([0.0])})
    assert model[0].k == 3 and model[0].lin.bias.tolist() != [5.0] and model[1].weight.tolist() == before


# ----- 7. Adam/AdamW with tensor betas -----
BETAS = {
    "both tensors": lambda lib: (lib.tensor(0.9), lib.tensor(0.999)),
    "one-element tensors": lambda lib: (lib.tensor([0.8]), lib.tensor([0.99])),
    "tensor and float": lambda lib: (lib.tensor(0.9), 0.999),
    "float and tensor": lambda lib: (0.9, lib.tensor(0.999)),
    "floats": lambda lib: (0.9, 0.999),
}


@pytest.mark.parametrize("optimizer", ["Adam", "AdamW"])
@pytest.mark.parametrize("amsgrad", [False, True])
@pytest.mark.parametrize("case", BETAS)
def test_adam_tensor_betas(optimizer, amsgrad, case):
    import optim
    results = []
    for lib, optimizers in [(autograd, optim), (torch, torch.optim)]:
        def run(lib=lib, optimizers=optimizers):
            w = lib.tensor([1.0, -2.0], requires_grad=True)
            opt = getattr(optimizers, optimizer)([w], lr=0.1, betas=BETAS[case](lib), amsgrad=amsgrad)
            for _ in range(3):
                opt.zero_grad()
                (w ** 3).sum().backward()
                opt.step()
            return w.tolist()
        results.append(outcome(run))
    if isinstance(results[1], str):
        assert results[0] == results[1]
    else:
        np.testing.assert_allclose(results[0], results[1], rtol=1e-5)


# ----- 8. layers and functionals refuse an input that is not a Tensor, with PyTorch's TypeError -----
LAYERS = {
    "Linear": lambda N: N.Linear(2, 2), "Sequential": lambda N: N.Sequential(N.Linear(2, 2)),
    "ReLU": lambda N: N.ReLU(), "Tanh": lambda N: N.Tanh(), "Sigmoid": lambda N: N.Sigmoid(),
    "GELU": lambda N: N.GELU(), "LayerNorm": lambda N: N.LayerNorm(2), "Dropout": lambda N: N.Dropout(),
    "MaxPool2d": lambda N: N.MaxPool2d(1), "AvgPool2d": lambda N: N.AvgPool2d(1),
    "Embedding": lambda N: N.Embedding(3, 2), "Conv1d": lambda N: N.Conv1d(1, 1, 1),
    "Conv2d": lambda N: N.Conv2d(1, 1, 1), "ConvTranspose2d": lambda N: N.ConvTranspose2d(1, 1, 1),
    "CrossEntropyLoss": lambda N: (lambda x: N.CrossEntropyLoss()(x, [[0.0, 1.0]])),
}


@pytest.mark.parametrize("layer", LAYERS)
@pytest.mark.parametrize("value", [[[1.0, 2.0]], np.array([[1.0, 2.0]]), 1.0], ids=["list", "ndarray", "float"])
def test_layers_refuse_non_tensors_as_pytorch(layer, value):
    errors = []
    for N in (nn, torch.nn):
        with pytest.raises(TypeError) as info:
            LAYERS[layer](N)(value)
        errors.append(str(info.value).split(" must be Tensor")[0].split(" received an invalid")[0])
    if layer.startswith("Conv"):  # PyTorch lists its overloads here; glassgrad names the argument
        assert errors[0].startswith(errors[1])
    else:
        assert errors[0] == errors[1]


@pytest.mark.parametrize("layer", ["BatchNorm1d", "RNN", "LSTM", "GRU", "Softmax", "MSELoss"])
def test_layers_where_pytorch_fails_inside_say_tensor(layer):
    """PyTorch fails here with an AttributeError from inside ('list' object has no attribute 'dim'):
    glassgrad says what is wrong."""
    module = getattr(nn, layer)(2) if layer == "BatchNorm1d" else getattr(nn, layer)(*(
        (2, 2) if layer in ("RNN", "LSTM", "GRU") else (1,) if layer == "Softmax" else ()))
    call = (lambda x: module(x, autograd.tensor([1.0]))) if layer == "MSELoss" else module
    with pytest.raises(TypeError, match="must be Tensor, not list"):
        call([[1.0, 2.0]])


# ----- 10. a small .npz whose compressed entries inflate to gigabytes is refused before inflating -----
def test_compressed_entries_are_capped(tmp_path, monkeypatch):
    from nn import checkpoint_npz
    np.savez_compressed(tmp_path / "zeros.npz", a=np.zeros(5000), b=np.zeros(3000, np.float32))  # 52 kB inflated
    assert (tmp_path / "zeros.npz").stat().st_size < 2000  # zeros compress ~100×: a small file
    assert nn.load(tmp_path / "zeros.npz")["a"].shape == (5000,)  # below the cap: read as before
    monkeypatch.setattr(checkpoint_npz, "MAX_INFLATED", 50_000)
    with pytest.raises(ValueError, match=r"compressed entries inflate to 52\d\d\d bytes .* not np.savez_compressed"):
        nn.load(tmp_path / "zeros.npz")
    np.savez(tmp_path / "plain.npz", a=np.zeros(5000), b=np.zeros(3000, np.float32))  # stored: no cap
    assert nn.load(tmp_path / "plain.npz")["b"].shape == (3000,)

