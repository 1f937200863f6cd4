"""hostile25c S3: default_convert converts only what PyTorch's rule converts (a type the `numpy` module itself
defines, not its strings): a numpy.ma masked array or another ndarray subclass from elsewhere is returned as
given (its mask kept), NumPy kinds no tensor holds are refused with TypeError, also through
DataLoader(batch_size=None); default_collate gives PyTorch's result for each."""
import numpy as np
import pytest

import autograd
import nn.data as ours

torch = pytest.importorskip("torch")
theirs = torch.utils.data


class UserArray(np.ndarray):
    """An ndarray subclass defined outside numpy."""


SAMPLES = {
    "masked array": lambda: np.ma.array([1.0, -999.0, 3.0], mask=[False, True, False]),
    "user ndarray subclass": lambda: np.arange(3.0).view(UserArray),
    "matrix": lambda: np.matrix([[1.0, 2.0]]),
    "datetime64 array": lambda: np.array(["2020-01-01"], dtype="datetime64[D]"),
    "datetime64": lambda: np.datetime64("2020-01-01"),
    "timedelta64": lambda: np.timedelta64(3, "s"),
    "bytes_": lambda: np.bytes_(b"a"),
    "str_": lambda: np.str_("a"),
    "void": lambda: np.void(b"ab"),
    "structured array": lambda: np.zeros(2, dtype=[("a", "i4")]),
    "object array": lambda: np.array([1, "a"], dtype=object),
    "bytes array": lambda: np.array([b"a"]),
    "longdouble": lambda: np.longdouble(1.5),
    "float16 array": lambda: np.ones(2, np.float16),
    "bool_": lambda: np.bool_(True),
}


def result(run):
    """What run() gives: ("error", its type), ("tensor", dtype, values), or (type name, the value unchanged?)."""
    try:
        value, given = run()
    except TypeError:
        return "error", TypeError
    if isinstance(value, (autograd.Tensor, torch.Tensor)):
        return "tensor", str(value.dtype).replace("torch.", ""), value.tolist()
    return type(value).__name__, value is given


def converted(convert, make):
    given = make()
    return convert(given), given


def loaded(loader_class, make):
    given = make()
    return next(iter(loader_class([given], batch_size=None))), given


@pytest.mark.parametrize("name", SAMPLES)
def test_default_convert_converts_what_pytorch_converts(name):
    assert result(lambda: converted(ours.default_convert, SAMPLES[name])) == \
        result(lambda: converted(theirs.default_convert, SAMPLES[name]))


@pytest.mark.parametrize("name", SAMPLES)
def test_an_unbatched_loader_gives_each_sample_as_pytorch_does(name):
    assert result(lambda: loaded(ours.DataLoader, SAMPLES[name])) == \
        result(lambda: loaded(theirs.DataLoader, SAMPLES[name]))


def test_a_masked_array_keeps_its_mask_through_an_unbatched_loader():
    masked = np.ma.array([1.0, -999.0, 3.0], mask=[False, True, False])
    (sample,) = list(ours.DataLoader([masked], batch_size=None))
    assert sample is masked and sample.mask.tolist() == [False, True, False]
    assert ours.default_convert({"x": (masked,)})["x"][0] is masked


def collated(collate, make):
    return collate([make(), make()]), None


@pytest.mark.parametrize("name", SAMPLES)
def test_default_collate_of_these_samples_gives_pytorchs_result(name):
    """(A masked array collates as its data in both: torch.as_tensor reads the array under the mask.)"""
    assert result(lambda: collated(ours.default_collate, SAMPLES[name])) == \
        result(lambda: collated(theirs.default_collate, SAMPLES[name]))
