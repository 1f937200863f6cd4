"""The eleventh adversarial pass's findings on autograd semantics (#19, hostile11b), each with its neighbourhood,
against PyTorch 2.13: hooks on the node of a composed op, complex .real/.imag as views, a second backward through
nodes that save nothing, the named tuples of cummax/cummin/nanmedian, float16 times a complex number, and
explore() running a custom Function's backward."""
import copy
import pickle
import subprocess
import sys
import warnings

import numpy as np
import pytest

import autograd
from autograd.pytorch import return_types

torch = pytest.importorskip("torch")


def outcome(run):
    """What `run()` gives: ("ok", value) or ("error", exception type name)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return "ok", run()
    except Exception as error:  # noqa: BLE001  (the outcome is compared, whatever it is)
        return "error", type(error).__name__


# ---- N1. cummax, cummin, nanmedian(dim) return PyTorch's torch.return_types ---------------------------------------
NAMED_OPS = {
    "cummax": lambda lib, x: x.cummax(0),
    "cummin": lambda lib, x: lib.cummin(x, 1),
    "nanmedian": lambda lib, x: x.nanmedian(1),
    "nanmedian keepdim": lambda lib, x: lib.nanmedian(x, 0, keepdim=True),
}


@pytest.mark.parametrize("name", NAMED_OPS)
def test_named_tuples_are_pytorchs_return_types(name):
    values = [[1.0, float("nan"), 3.0], [2.0, 0.5, 0.5]]
    ours = NAMED_OPS[name](autograd, autograd.tensor(values))
    theirs = NAMED_OPS[name](torch, torch.tensor(values))
    kind = name.split()[0]
    assert isinstance(ours, getattr(return_types, kind))
    assert type(theirs).__name__ == type(ours).__name__ == kind
    assert repr(ours) == repr(theirs)
    assert ours._fields == ("values", "indices")
    for part, expected in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(part.numpy(), expected.numpy())
    for again in (pickle.loads(pickle.dumps(ours)), copy.deepcopy(ours)):
        assert type(again) is type(ours)
        np.testing.assert_array_equal(again.values.numpy(), ours.values.numpy())


def test_torch_return_types_is_mapped_under_install_as_torch():
    script = ("import glassgrad; glassgrad.install_as_torch(); import torch, torch.return_types as r; "
              "x = torch.tensor([2., 1.]); assert r is torch.return_types; "
              "assert isinstance(x.cummin(0), r.cummin) and isinstance(x.max(0), torch.return_types.max)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
