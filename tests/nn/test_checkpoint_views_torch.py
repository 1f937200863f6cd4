"""Tensors that share memory keep sharing it through nn.save/nn.load (.npz) as through torch.save/torch.load;
.safetensors refuses them as safetensors' save_file does; a crafted view in a file is refused."""
import io

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import autograd
import nn
from nn import checkpoint_npz

torch = pytest.importorskip("torch")

# views both libraries make the same way (each needs at least a 2-D base of size >= 2 along both axes)
VIEWS = {
    "slice": lambda t: t[1:],
    "step": lambda t: t[:, ::2],
    "transpose": lambda t: t.t(),
    "row": lambda t: t[0],
    "element": lambda t: t[1, 1],
    "narrow": lambda t: t.narrow(1, 1, 1),
    "diagonal": lambda t: t.diagonal(),
    "unsqueeze": lambda t: t.unsqueeze(0),
    "reshape": lambda t: t.reshape(-1),
    "detach": lambda t: t.detach(),
    "data": lambda t: t.data,
    "view of a view": lambda t: t.t()[1:].diagonal(),
}


def round_trip(lib, shape, names, write_into, nested):
    base = lib.arange(float(np.prod(shape))).reshape(*shape)
    views = [VIEWS[name](base) for name in names]
    obj = {"views": views, "base": base} if nested else {"base": base, **{f"v{i}": v for i, v in enumerate(views)}}
    buffer = io.BytesIO()
    (torch.save if lib is torch else nn.save)(obj, buffer)
    buffer.seek(0)
    loaded = torch.load(buffer) if lib is torch else nn.load(buffer)
    loaded_views = loaded["views"] if nested else [loaded[f"v{i}"] for i in range(len(views))]
    target = loaded["base"] if write_into is None else loaded_views[write_into]
    target.mul_(-1)
    return [loaded["base"].numpy().tolist()] + [v.numpy().tolist() for v in loaded_views]


@settings(max_examples=40, deadline=None)
@given(shape=st.tuples(st.integers(2, 4), st.integers(2, 4)),
       names=st.lists(st.sampled_from(sorted(VIEWS)), min_size=1, max_size=3),
       write=st.integers(-1, 2), nested=st.booleans())
def test_writes_through_loaded_views_reach_the_others_as_in_pytorch(shape, names, write, nested):
    write_into = None if write < 0 or write >= len(names) else write
    expected = round_trip(torch, shape, names, write_into, nested)
    assert round_trip(autograd, shape, names, write_into, nested) == expected


def test_a_parameter_and_its_data_and_requires_grad_flags_survive_together():
    weight = nn.Parameter(autograd.ones(2, 3))
    buffer = io.BytesIO()
    nn.save({"weight": weight, "data": weight.data, "frozen": nn.Parameter(weight.data[0], requires_grad=False)},
            buffer)
    buffer.seek(0)
    loaded = nn.load(buffer)
    assert isinstance(loaded["weight"], nn.Parameter) and loaded["weight"].requires_grad
    assert isinstance(loaded["frozen"], nn.Parameter) and not loaded["frozen"].requires_grad
    loaded["data"][0, 0].add_(4)
    assert loaded["weight"].detach().numpy()[0, 0] == 5.0 and loaded["frozen"].detach().numpy()[0] == 5.0


def test_tensors_that_share_nothing_are_saved_as_before():
    buffer = io.BytesIO()
    nn.save({"a": autograd.ones(2), "b": autograd.ones(2)[1:]}, buffer)  # a slice of a tensor not saved
    buffer.seek(0)
    loaded = nn.load(buffer)
    assert loaded["b"].shape == (1,) and loaded["a"].tolist() == [1.0, 1.0]


@pytest.mark.parametrize("with_base", [True, False])
def test_an_expanded_tensor_loads_expanded_following_its_base_and_refusing_writes_as_in_pytorch(with_base):
    def run(T, save, load):
        base = T.arange(3.0)
        buffer = io.BytesIO()
        save({"base": base, "wide": base.expand(2, 3)} if with_base else {"wide": base.unsqueeze(1).expand(3, 4)},
             buffer)
        buffer.seek(0)
        loaded = load(buffer)
        if with_base:
            loaded["base"].add_(1)
        with pytest.raises(RuntimeError, match="single memory location"):
            loaded["wide"].add_(1)
        return loaded["wide"].tolist(), tuple(loaded["wide"].stride())

    assert run(autograd, nn.save, nn.load) == run(torch, torch.save, torch.load)


def test_safetensors_refuses_tensors_that_share_memory_as_safetensors_does(tmp_path):
    from safetensors.torch import save_file  # the reference refuses too

    base = torch.arange(3.0)
    with pytest.raises(RuntimeError, match="share memory"):
        save_file({"b": base, "t": base[1:]}, str(tmp_path / "torch.safetensors"))
    ours = autograd.arange(3.0)
    for shared in ({"b": ours, "t": ours[1:]}, {"b": ours, "c": ours}, {"b": ours, "d": ours.detach()}):
        with pytest.raises(RuntimeError, match="share memory.*npz"):
            nn.save(shared, tmp_path / "ours.safetensors")
    assert not (tmp_path / "ours.safetensors").exists()


def crafted(view, storage=None, kind="tensor", extra=None):
    buffer = io.BytesIO()
    tree = {"list": [{kind: "s", "view": view}] + (extra or [])}
    checkpoint_npz.write(buffer, tree, {"s": np.arange(6.0) if storage is None else storage})
    return buffer.getvalue()


@pytest.mark.parametrize("view, message", [
    ([0, [7], [1]], "a view outside its storage"),
    ([4, [3], [1]], "a view outside its storage"),
    ([-1, [2], [1]], "negative offset"),
    ([0, [-2], [1]], "negative offset or size"),
    ([0, [2, 2], [2**62, 1]], "a number out of range"),
    ([0, [2, 2], [2**40, 1]], "a view outside its storage"),
    ([5, [2], [-3]], None),  # inside the storage: allowed (elements 5 and 2)
    ([0, [3, 7], [0, 1]], "a view outside its storage"),
    ([0, [2**16, 2**16], [1, 0]], "a view of 4294967296 elements of a storage of 6"),  # beyond MAX_ELEMENTS
    ([0, [2**16, 2**16], [0, 0]], "a view of 4294967296 elements of a storage of 6"),  # expanded beyond MAX_ELEMENTS
    ([0, [2], [1, 1]], "a malformed view"),
    ([0, [2]], "a malformed view"),
    ([0.5, [2], [1]], "a malformed view"),
    ([0, [True], [1]], "a malformed view"),
    ("0,2,1", "a malformed view"),
    (None, "a malformed view"),
    ([7, [0], [1]], "a view outside its storage"),
    ([0, [1] * 65, [1] * 65], "a malformed view"),
    ([0, [1], [2**70]], "a number out of range"),
    ([0, [0], [2**70]], "a number out of range"),
    ([2**70, [1], [1]], "a number out of range"),
])
def test_a_crafted_view_is_refused_before_it_is_made(view, message):
    if message is None:
        assert nn.load(io.BytesIO(crafted(view)))[0].tolist() == [5.0, 2.0]
        return
    with pytest.raises(ValueError, match="is not a valid checkpoint.*" + message):
        nn.load(io.BytesIO(crafted(view)))


def test_a_crafted_expanded_view_loads_read_only():
    loaded = nn.load(io.BytesIO(crafted([1, [3, 3], [0, 1]])))[0]  # 9 elements, 3 of them distinct
    assert loaded.tolist() == [[1.0, 2.0, 3.0]] * 3 and loaded.stride() == (0, 1)
    with pytest.raises(RuntimeError, match="single memory location"):
        loaded.mul_(2)


def test_a_view_of_a_storage_that_is_not_1d_or_is_also_a_whole_tensor_is_refused():
    with pytest.raises(ValueError, match="not a 1-D storage"):
        nn.load(io.BytesIO(crafted([0, [2], [1]], storage=np.ones((2, 3)))))
    with pytest.raises(ValueError, match="the array 's' as both a storage and a tensor"):
        nn.load(io.BytesIO(crafted([0, [2], [1]], extra=[{"tensor": "s"}])))
    with pytest.raises(ValueError, match="the array 's' both as a storage and as a whole tensor"):
        buffer = io.BytesIO()
        checkpoint_npz.write(buffer, {"list": [{"tensor": "s"}, {"tensor": "s", "view": [0, [1], [1]]}]},
                             {"s": np.arange(6.0)})
        nn.load(io.BytesIO(buffer.getvalue()))
    for kind in ("array", "scalar"):
        with pytest.raises(ValueError, match="malformed entry"):
            nn.load(io.BytesIO(crafted([0, [2], [1]], kind=kind)))
