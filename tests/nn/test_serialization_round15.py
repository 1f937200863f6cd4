"""hostile15b: checkpoints (nn.save / nn.load, torch.save / torch.load through glassgrad) against PyTorch.

S1: two checkpoints saved one after the other into one stream or file: loading from the start reads the FIRST
(the archive that starts there), as torch.load does; a stream positioned at the second reads the second."""
import io

import numpy as np
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")


def two_in_one(lib, save, first, second):
    """A stream holding save(first) then save(second), and the position where the second starts."""
    stream = io.BytesIO()
    save(first(lib), stream)
    middle = stream.tell()
    save(second(lib), stream)
    return stream, middle


def plain(value):
    """A checkpoint as comparable Python values."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value.tolist() if hasattr(value, "tolist") else value


CHECKPOINTS = {
    "small then small": (lambda lib: {"epoch": 1, "w": lib.ones(1)}, lambda lib: {"epoch": 2, "w": lib.zeros(1)}),
    "big then small": (lambda lib: {"epoch": 1, "w": lib.arange(5000.0)}, lambda lib: {"epoch": 2}),
    "small then big": (lambda lib: {"epoch": 1}, lambda lib: {"epoch": 2, "w": lib.arange(5000.0)}),
    "same keys": (lambda lib: {"w": lib.arange(3.0)}, lambda lib: {"w": lib.arange(3.0) + 10}),
}
# torch.load finds the second archive's directory, whose offsets lead to the first archive's records when both
# have the same layout; with a big first archive it fails ("invalid header or archive is corrupted").
TORCH_READS_FIRST = {"small then small", "same keys"}


@pytest.mark.parametrize("name", CHECKPOINTS)
def test_loading_from_the_start_of_two_checkpoints_reads_the_first(name):
    first, second = CHECKPOINTS[name]
    ours, _ = two_in_one(autograd, nn.save, first, second)
    ours.seek(0)
    assert plain(nn.load(ours)) == plain(first(torch))
    if name in TORCH_READS_FIRST:
        theirs, _ = two_in_one(torch, torch.save, first, second)
        theirs.seek(0)
        assert plain(torch.load(theirs)) == plain(first(torch))


@pytest.mark.parametrize("name", CHECKPOINTS)
def test_a_stream_positioned_at_the_second_checkpoint_reads_the_second(name):
    first, second = CHECKPOINTS[name]
    ours, middle = two_in_one(autograd, nn.save, first, second)
    theirs, their_middle = two_in_one(torch, torch.save, first, second)
    ours.seek(middle)
    theirs.seek(their_middle)
    assert plain(nn.load(ours)) == plain(torch.load(theirs)) == plain(second(torch))


def test_loading_leaves_the_stream_at_the_end_of_the_checkpoint_read():
    """So that two loads in turn read the two checkpoints (torch.load leaves the stream elsewhere and fails)."""
    stream, middle = two_in_one(autograd, nn.save, *CHECKPOINTS["big then small"])
    stream.seek(0)
    assert nn.load(stream)["epoch"] == 1 and stream.tell() == middle
    assert nn.load(stream) == {"epoch": 2} and stream.tell() == len(stream.getvalue())


def test_two_checkpoints_in_one_real_file(tmp_path):
    path = tmp_path / "two.pt"
    with open(path, "wb") as file:
        nn.save({"epoch": 1}, file)
        nn.save({"epoch": 2}, file)
    with open(path, "rb") as file:
        assert nn.load(file) == {"epoch": 1}
        assert nn.load(file) == {"epoch": 2}
    assert nn.load(path) == {"epoch": 1}


def test_two_numpy_npz_archives_in_one_stream():
    stream = io.BytesIO()
    np.savez(stream, a=np.arange(3))
    middle = stream.tell()
    np.savez(stream, a=np.arange(5))
    stream.seek(0)
    assert nn.load(stream)["a"].tolist() == [0, 1, 2]
    stream.seek(middle)
    assert nn.load(stream)["a"].tolist() == [0, 1, 2, 3, 4]


def test_a_checkpoint_after_unrelated_bytes_is_read_from_its_start():
    stream = io.BytesIO(b"header of some other format" * 1000)
    stream.seek(0, io.SEEK_END)
    start = stream.tell()
    nn.save({"w": autograd.arange(4.0)}, stream)
    stream.seek(start)
    assert nn.load(stream)["w"].tolist() == [0.0, 1.0, 2.0, 3.0]


def test_a_checkpoint_followed_by_other_bytes_still_loads():
    stream = io.BytesIO()
    nn.save({"w": autograd.arange(4.0)}, stream)
    stream.write(bytes(200_000))
    stream.seek(0)
    assert nn.load(stream)["w"].tolist() == [0.0, 1.0, 2.0, 3.0]


def test_a_checkpoint_cut_before_its_end_record_is_refused_even_with_another_after_it():
    """The first archive without its directory, then a whole second one: never silently the second."""
    stream, middle = two_in_one(autograd, nn.save, *CHECKPOINTS["small then small"])
    data = stream.getvalue()
    cut = io.BytesIO(data[:middle - 30] + data[middle:])
    with pytest.raises(ValueError, match="nn.load"):
        print(nn.load(cut))


def test_two_safetensors_in_one_stream_are_refused_from_the_start_and_read_from_the_second():
    stream = io.BytesIO()
    nn.save({"a": autograd.ones(1)}, stream, format="safetensors")
    middle = stream.tell()
    nn.save({"b": autograd.zeros(1)}, stream, format="safetensors")
    stream.seek(0)
    with pytest.raises(ValueError, match="follow the header .more follows them: a .safetensors file holds one"):
        nn.load(stream)
    stream.seek(middle)
    assert list(nn.load(stream)) == ["b"]



@pytest.mark.parametrize("chunk", [4, 5, 7, 1 << 22])
@pytest.mark.parametrize("zip64", [False, True], ids=["zip", "zip64 end records"])
def test_three_checkpoints_load_in_turn_whatever_the_scan_chunk_and_end_record(monkeypatch, chunk, zip64):
    """The end record is found across chunk boundaries, and in zip64 form (written here for archives of more
    than one entry; real ones have it beyond 65,535 entries or 4 GB)."""
    import zipfile

    import nn.checkpoint_npz
    trees = [{"e": 1, "w": autograd.ones(3)}, {"e": 2}, {"e": 3, "v": autograd.arange(2.0)}]
    stream = io.BytesIO()
    with monkeypatch.context() as patch:
        if zip64:
            patch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 1)
        for tree in trees:
            nn.save(tree, stream)
    assert stream.getvalue().count(b"PK\x06\x07") == (2 if zip64 else 0)
    monkeypatch.setattr(nn.checkpoint_npz, "SCAN_CHUNK", chunk)
    stream.seek(0)
    assert [plain(nn.load(stream)) for _ in trees] == [plain(tree) for tree in trees]


def test_a_lone_checkpoint_is_not_scanned(monkeypatch):
    """The usual case (the record that ends the stream is the archive's own) reads no chunk."""
    import nn.checkpoint_npz
    stream = io.BytesIO()
    nn.save({"w": autograd.ones(100)}, stream)
    stream.seek(0)
    monkeypatch.setattr(nn.checkpoint_npz, "SCAN_CHUNK", None)  # a scan would fail on it
    assert nn.load(stream)["w"].shape == (100,)

# S3: an .npz (written by np.savez, or crafted) holding arrays of the other byte order loads as native tensors.

@pytest.mark.parametrize("dtype", [">f4", ">f8", ">i4", ">i8", ">u2", ">c8"])
def test_an_npz_of_big_endian_arrays_loads_as_native_tensors(dtype):
    stream = io.BytesIO()
    values = np.arange(6).reshape(2, 3)
    np.savez(stream, w=values.astype(dtype))
    stream.seek(0)
    loaded = nn.load(stream)["w"]
    assert loaded.dtype == np.dtype(dtype).newbyteorder("=") and loaded.numpy().dtype.isnative
    assert loaded.tolist() == values.tolist()
    assert (loaded + autograd.zeros(1, dtype=loaded.dtype)).dtype == loaded.dtype


def test_a_checkpoint_holding_a_big_endian_numpy_array_loads_it_native():
    stream = io.BytesIO()
    nn.save({"array": np.arange(3).astype(">f4"), "w": autograd.ones(2)}, stream)
    stream.seek(0)
    loaded = nn.load(stream)
    assert loaded["array"].dtype == np.float32 and loaded["array"].dtype.isnative
    assert loaded["array"].tolist() == [0.0, 1.0, 2.0]


# S4: a tensor referenced twice next to a view of it loads as one object (as torch.load gives it), its flag shared.

LAYOUTS = {
    "x, x, view": lambda x: [x, x, x[2:]],
    "view first": lambda x: [x[2:], x, x],
    "two views of one base, the base twice": lambda x: [x[1:], x, x[::2], x],
    "the same view twice": lambda x: (lambda v: [x, v, v])(x[1:4]),
    "equal views that are two objects": lambda x: [x, x[1:], x[1:]],
    "dict values": lambda x: {"a": x, "b": x[3:], "c": x},
    "nested lists": lambda x: [[x, [x[1:]]], {"d": [x]}],
    "a view of a view, twice": lambda x: (lambda v: [v, v[1:], v])(x.reshape(2, 3)),
}


def leaves(tree):
    """The tensors of a checkpoint tree, in order."""
    if isinstance(tree, dict):
        return [leaf for value in tree.values() for leaf in leaves(value)]
    if isinstance(tree, (list, tuple)):
        return [leaf for value in tree for leaf in leaves(value)]
    return [tree]


def identities(loaded):
    """Which loaded tensors are one object, which share memory, and the flags after one requires grad."""
    found = leaves(loaded)
    same = [[a is b for b in found] for a in found]
    found[0].requires_grad_()
    flags = [leaf.requires_grad for leaf in found]
    with (torch if isinstance(found[0], torch.Tensor) else autograd).no_grad():
        found[0].view(-1)[-1] = 100.0
    return same, flags, [leaf.tolist() for leaf in found]


@pytest.mark.parametrize("suffix", [".npz", ".pt"])
@pytest.mark.parametrize("name", LAYOUTS)
def test_a_tensor_referenced_twice_next_to_its_views_loads_as_one(name, suffix, tmp_path):
    nn.save(LAYOUTS[name](autograd.arange(6.0)), tmp_path / f"ours{suffix}")
    torch.save(LAYOUTS[name](torch.arange(6.0)), tmp_path / "theirs.pt")
    assert identities(nn.load(tmp_path / f"ours{suffix}")) == identities(torch.load(tmp_path / "theirs.pt"))


def test_requires_grad_of_a_tensor_saved_twice_with_its_view_is_kept():
    x = autograd.arange(6.0, requires_grad=True)
    stream = io.BytesIO()
    nn.save([x, x, x[2:].detach()], stream)
    stream.seek(0)
    loaded = nn.load(stream)
    assert loaded[0] is loaded[1] and loaded[0].requires_grad and not loaded[2].requires_grad


def rewritten(tree, change):
    """A checkpoint of `tree` whose description (its JSON tree) `change` has edited in place."""
    import json
    import zipfile
    stream = io.BytesIO()
    nn.save(tree, stream)
    source = zipfile.ZipFile(io.BytesIO(stream.getvalue()))
    description = json.loads(source.read("__glassgrad__.json"))
    change(description)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("__glassgrad__.json", json.dumps(description))
        for info in source.infolist()[1:]:
            archive.writestr(info.filename, source.read(info))
    out.seek(0)
    return out


def test_a_malformed_object_number_is_refused():
    """A view entry whose "object" number has a wrong type."""
    x = autograd.arange(6.0)
    with pytest.raises(ValueError, match="malformed entry"):
        nn.load(rewritten([x, x[2:]], lambda description: description["list"][0].update(object="zero")))


def test_a_file_without_object_numbers_still_loads_each_entry_as_its_own_tensor():
    """Files written before the numbers existed: the old behaviour (sharing memory, separate objects)."""
    def without_numbers(description):
        for entry in description["list"]:
            del entry["object"]

    x = autograd.arange(6.0)
    out = rewritten([x, x, x[2:]], without_numbers)
    loaded = nn.load(out)
    assert loaded[0] is not loaded[1]
    with autograd.no_grad():
        loaded[0][3] = 50.0
    assert loaded[1][3].item() == 50.0 and loaded[2][1].item() == 50.0


# E1: every scheduler's state_dict (MultiStepLR's milestones are a collections.Counter) saves, loads into a fresh
# scheduler, and steps on with PyTorch's learning rates; Size, dtype, device, set, frozenset, complex and Counter
# values save without pickle and load as the same type.

SCHEDULERS = {
    "LambdaLR": lambda L, o: L.LambdaLR(o, lambda epoch: 0.9 ** epoch),
    "MultiplicativeLR": lambda L, o: L.MultiplicativeLR(o, lambda epoch: 0.95),
    "StepLR": lambda L, o: L.StepLR(o, step_size=2, gamma=0.5),
    "MultiStepLR": lambda L, o: L.MultiStepLR(o, milestones=[2, 5, 5], gamma=0.1),
    "ConstantLR": lambda L, o: L.ConstantLR(o, factor=0.5, total_iters=4),
    "LinearLR": lambda L, o: L.LinearLR(o, start_factor=0.2, total_iters=5),
    "ExponentialLR": lambda L, o: L.ExponentialLR(o, gamma=0.8),
    "PolynomialLR": lambda L, o: L.PolynomialLR(o, total_iters=6, power=2.0),
    "CosineAnnealingLR": lambda L, o: L.CosineAnnealingLR(o, T_max=5, eta_min=0.01),
    "SequentialLR": lambda L, o: L.SequentialLR(o, [L.ConstantLR(o, factor=0.5, total_iters=2),
                                                    L.MultiStepLR(o, milestones=[3, 5])], milestones=[2]),
    "ChainedScheduler": lambda L, o: L.ChainedScheduler([L.StepLR(o, 2, 0.5), L.MultiStepLR(o, [3, 6], 0.3)]),
    "ReduceLROnPlateau": lambda L, o: L.ReduceLROnPlateau(o, patience=1, factor=0.5),
    "CyclicLR": lambda L, o: L.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=3),
    "OneCycleLR": lambda L, o: L.OneCycleLR(o, max_lr=0.5, total_steps=12),
    "CosineAnnealingWarmRestarts": lambda L, o: L.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2),
}
LOSSES = [5.0, 4.0, 4.0, 4.0, 4.0, 3.0, 3.0, 3.0, 3.0]  # (what ReduceLROnPlateau is given)


def resumed_learning_rates(lib, optim, save, load, name):
    """The learning rates of 4 steps, then of 5 more steps after a checkpoint reloaded into fresh objects."""
    def fresh():
        weight = lib.nn.Parameter(lib.ones(2))
        optimizer = optim.SGD([weight], lr=0.1, momentum=0.9)
        return weight, optimizer, SCHEDULERS[name](optim.lr_scheduler, optimizer)

    def run(weight, optimizer, scheduler, steps):
        rates = []
        for loss in steps:
            optimizer.zero_grad()
            (weight * weight).sum().backward()
            optimizer.step()
            scheduler.step(loss) if name == "ReduceLROnPlateau" else scheduler.step()
            rates.append(optimizer.param_groups[0]["lr"])
        return rates

    weight, optimizer, scheduler = fresh()
    rates = run(weight, optimizer, scheduler, LOSSES[:4])
    stream = io.BytesIO()
    save({"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(), "weight": weight}, stream)
    stream.seek(0)
    checkpoint = load(stream)
    weight, optimizer, scheduler = fresh()
    with lib.no_grad():
        weight.copy_(checkpoint["weight"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    scheduler.load_state_dict(checkpoint["scheduler"])
    return rates + run(weight, optimizer, scheduler, LOSSES[4:])


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name", SCHEDULERS)
def test_every_scheduler_checkpoint_resumes_as_in_pytorch(name):
    import optim
    ours = resumed_learning_rates(_ours(), optim, nn.save, nn.load, name)
    theirs = resumed_learning_rates(torch, torch.optim, torch.save, torch.load, name)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def _ours():
    """autograd with the `nn` namespace these tests use as `lib.nn.Parameter`."""
    class Lib:
        ones = staticmethod(autograd.ones)
        no_grad = staticmethod(autograd.no_grad)
        nn = nn
    return Lib


def test_multisteplr_milestones_load_as_a_counter():
    import collections

    import optim
    weight = nn.Parameter(autograd.ones(1))
    scheduler = optim.lr_scheduler.MultiStepLR(optim.SGD([weight], lr=1.0), milestones=[3, 3, 7])
    stream = io.BytesIO()
    nn.save(scheduler.state_dict(), stream)
    stream.seek(0)
    milestones = nn.load(stream)["milestones"]
    assert type(milestones) is collections.Counter and milestones == collections.Counter({3: 2, 7: 1})


def value_cases(lib):
    import collections
    return {
        "shape": lib.ones(2, 3).shape, "empty shape": lib.ones(()).shape, "dtype": lib.float32,
        "int dtype": lib.ones(2, dtype=lib.int64).dtype, "bool dtype": lib.bool, "device": lib.device("cpu"),
        "set": {1, 2.5, "a", None, (1, 2)}, "frozenset": frozenset({3, 4}), "empty set": set(),
        "complex": 1.5 - 2j, "complex infinity": complex(float("inf"), -0.0),
        "counter": collections.Counter({"a": 3, "b": -1}), "tuple of shapes": (lib.ones(1).shape, lib.ones(4, 1).shape),
    }


def as_comparable(value):
    """(type name, value) with PyTorch's and glassgrad's types named alike."""
    names = {"TorchDtype": "dtype", "Float32DType": "dtype", "Int64DType": "dtype", "BoolDType": "dtype"}
    name = type(value).__name__
    if isinstance(value, tuple) and name == "tuple":
        return name, tuple(as_comparable(item) for item in value)
    shown = str(value).removeprefix("torch.") if name in names or "DType" in name or name == "dtype" else value
    shown = list(value) if name == "Size" else shown
    shown = str(value) if name == "device" else shown
    return names.get(name, "dtype" if "DType" in name else name), shown


@pytest.mark.parametrize("case", list(value_cases(torch)))
def test_checkpoint_values_load_as_the_same_type_and_value(case):
    mine, theirs = value_cases(autograd)[case], value_cases(torch)[case]
    stream = io.BytesIO()
    nn.save({"value": mine}, stream)
    stream.seek(0)
    loaded = nn.load(stream)["value"]
    assert type(loaded) is type(mine) and loaded == mine
    stream = io.BytesIO()
    torch.save({"value": theirs}, stream)
    stream.seek(0)
    assert as_comparable(loaded) == as_comparable(torch.load(stream, weights_only=False)["value"])  # (frozenset)


def test_under_install_as_torch_a_saved_dtype_loads_as_torch_shows_it():
    """(install_as_torch() cannot run here, where the real torch is imported: its dtype mode is set directly.)"""
    from autograd.pytorch.dtypes import mode, shown
    was = mode.as_torch
    try:
        mode.as_torch = True
        stream = io.BytesIO()
        nn.save({"dtype": shown(autograd.float16)}, stream)
        stream.seek(0)
        loaded = nn.load(stream)["dtype"]
        assert repr(loaded) == "torch.float16" and loaded == np.float16
    finally:
        mode.as_torch = was


@pytest.mark.parametrize("value, message", [
    (np.dtype(">f4"), "the dtype >f4, which no tensor has"),
    (np.dtype("U3"), "which no tensor has"),
    (np.dtype("float128") if hasattr(np, "float128") else np.dtype("V4"), "which no tensor has"),
    (b"abc", r"convert it with list\(value\), or save np.frombuffer"),
    (bytearray(b"x"), r"convert it with list\(value\)"),
    (range(3), r"convert it with list\(value\)"),
    ({1: {2}}.items(), "cannot be saved without pickle"),
    ({frozenset({1}): 1}, "keys must be str, int, float, bool or None"),
])
def test_values_still_refused_name_what_to_convert_to(value, message):
    with pytest.raises(TypeError, match=message):
        nn.save({"value": value}, io.BytesIO())


def crafted(tree):
    """A checkpoint holding only the JSON tree `tree`."""
    import json
    import zipfile
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("__glassgrad__.json", json.dumps(tree))
    stream.seek(0)
    return stream


@pytest.mark.parametrize("tree", [
    {"Size": [1.5]}, {"Size": [True]}, {"Size": "2"}, {"Size": [None]},  # (Size([-1]) is valid: round16)
    {"dtype": "object"}, {"dtype": ">f4"}, {"dtype": 4}, {"device": "gpu"}, {"device": ["cpu"]},
    {"complex": [1.0]}, {"complex": [1.0, "a"]}, {"complex": [True, 0.0]}, {"complex": 3.0},
    {"set": [{"list": []}]}, {"frozenset": [{"dict": []}]}, {"set": "ab"},
    {"Counter": [[{"list": []}, {"value": 1}]]}, {"Counter": [["a", {"value": 1}], ["a", {"value": 2}]]},
])
def test_crafted_value_entries_are_refused(tree):
    with pytest.raises(ValueError, match="nn.load"):
        nn.load(crafted(tree))


def test_crafted_value_entries_that_nn_save_writes_load():
    tree = {"list": [{"Size": [2, 0]}, {"dtype": "complex64"}, {"device": "cpu"}, {"complex": [0.5, -1.0]},
                     {"set": [{"value": 1}, {"tuple": [{"value": "x"}]}]}, {"Counter": [["k", {"value": 2}]]}]}
    shape, dtype, where, number, values, counts = nn.load(crafted(tree))
    assert shape == (2, 0) and type(shape).__name__ == "Size" and dtype == np.complex64
    assert str(where) == "cpu" and number == 0.5 - 1j and values == {1, ("x",)} and counts["k"] == 2


# S5: a surrogate pair held as two code points would load as one character: refused at save time, clearly.

PAIR = "\ud83d\ude00"  # two code points (what surrogateescape or os.fsdecode can give)


@pytest.mark.parametrize("tree, where", [
    ({"name": PAIR}, "'name'"), ({"names": ["ok", "a" + PAIR + "b"]}, r"'names\[1\]'"),
    ({PAIR: 1}, "the key .*"), ({"meta": {PAIR: 1}}, "the key .* of 'meta'"), ((PAIR,), r"'\[0\]'"),
    ({"set": {PAIR}}, r"'set\[0\]'"),
])
def test_a_surrogate_pair_as_two_code_points_is_refused_at_save_time(tree, where, tmp_path):
    with pytest.raises(ValueError, match=f"{where} holds the surrogates U\\+D83D U\\+DE00 as two code points.*join"):
        nn.save(tree, tmp_path / "s.npz")
    assert not list(tmp_path.iterdir())  # nothing written


@pytest.mark.parametrize("text", ["😀", "\ud83d", "\ude00", "\ude00\ud83d", "x\udc80y", "\ud83d-\ude00", "ü€"])
def test_other_strings_round_trip_exactly_as_through_torch(text):
    stream = io.BytesIO()
    nn.save({text: [text]}, stream)
    stream.seek(0)
    loaded = nn.load(stream)
    theirs = io.BytesIO()
    torch.save({text: [text]}, theirs)
    theirs.seek(0)
    assert loaded == {text: [text]} == torch.load(theirs)
    assert [len(key) for key in loaded] == [len(text)]


def test_the_fix_the_message_names_gives_a_string_that_round_trips():
    joined = PAIR.encode("utf-16", "surrogatepass").decode("utf-16")
    stream = io.BytesIO()
    nn.save({"name": joined}, stream)
    stream.seek(0)
    assert nn.load(stream)["name"] == joined == "😀"


def test_separate_from_numpy_tensors_on_one_array_load_sharing_the_memory_they_share():
    """hostile15b S6, a documented difference (nn/checkpoint_views.py): PyTorch loads them independent; glassgrad
    cannot tell them from `w` and `w.data`, which PyTorch too loads sharing (checked here against it)."""
    array = np.arange(10.0)
    stream = io.BytesIO()
    nn.save({"a": autograd.from_numpy(array), "b": autograd.from_numpy(array)[::2]}, stream)
    stream.seek(0)
    loaded = nn.load(stream)
    with autograd.no_grad():
        loaded["a"][0] = 99.0
    assert loaded["b"][0].item() == 99.0
    for lib, save, load in ((autograd, nn.save, nn.load), (torch, torch.save, torch.load)):
        weight = (torch.nn.Parameter if lib is torch else nn.Parameter)(lib.arange(4.0))
        stream = io.BytesIO()
        save({"w": weight, "data": weight.data}, stream)
        stream.seek(0)
        both = load(stream)
        with lib.no_grad():
            both["data"][1] = 50.0
        assert both["w"][1].item() == 50.0


def test_glassgrads_torch_save_takes_the_standard_resume_recipe_with_multisteplr(tmp_path):
    import optim
    from glassgrad.torch_stubs.serialization import load, save
    weight = nn.Parameter(autograd.ones(2))
    optimizer = optim.SGD([weight], lr=0.1)
    scheduler = optim.lr_scheduler.MultiStepLR(optimizer, milestones=[30, 80], gamma=0.1)
    save({"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(), "shape": weight.shape,
          "dtype": weight.dtype}, tmp_path / "e1.pt")
    checkpoint = load(tmp_path / "e1.pt")
    fresh = optim.lr_scheduler.MultiStepLR(optim.SGD([weight], lr=0.1), milestones=[1])
    fresh.load_state_dict(checkpoint["scheduler"])
    assert fresh.milestones == scheduler.milestones and checkpoint["shape"] == (2,)
    assert checkpoint["dtype"] == autograd.float32
