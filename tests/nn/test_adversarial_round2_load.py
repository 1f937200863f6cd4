"""Issue 19, second adversarial pass: crafted .npz trees that nn.load must refuse with its clear
"not a valid checkpoint" ValueError, and an .npz round trip that must keep what torch.save keeps."""
import io
import json
import zipfile

import numpy as np
import pytest

import nn
from nn import checkpoint_npz


def npz_with(tree, array):
    buffer = io.BytesIO()
    np.lib.format.write_array(array_bytes := io.BytesIO(), array)
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(checkpoint_npz.TREE_MEMBER, json.dumps(tree))
        archive.writestr("a.npy", array_bytes.getvalue())
    return io.BytesIO(buffer.getvalue())


@pytest.mark.parametrize("dtype", [np.int64, np.bool_, np.complex64])
def test_a_parameter_of_a_dtype_that_cannot_require_grad_is_a_damaged_file(dtype):
    with pytest.raises(ValueError, match="not a valid checkpoint"):
        nn.load(npz_with({"parameter": "a"}, np.ones(2, dtype=dtype)))


def test_npz_round_trip_keeps_requires_grad_and_parameters():
    torch = pytest.importorskip("torch")
    import autograd

    def round_trip(save, load, tree):
        buffer = io.BytesIO()
        save(tree, buffer)
        buffer.seek(0)
        return load(buffer)

    kept = []
    for lib, lib_nn, save, load in ((torch, torch.nn, torch.save, torch.load), (autograd, nn, nn.save, nn.load)):
        back = round_trip(save, load, {"t": lib.ones(2, requires_grad=True),
                                       "p": lib_nn.Parameter(lib.ones(2), requires_grad=False)})
        kept.append((back["t"].requires_grad, type(back["p"]).__name__, back["p"].requires_grad))
    assert kept[1] == kept[0] == (True, "Parameter", False)
