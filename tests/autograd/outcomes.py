"""What a program gives under glassgrad or PyTorch, as plain values to compare (the adversarial rounds' oracle)."""
import warnings

import autograd


def plain(result):
    """A result as comparable values: arrays (with their dtype) for tensors, recursively for tuples and lists."""
    import torch

    if isinstance(result, (torch.Tensor, autograd.Tensor)):
        return result.detach().numpy()
    if isinstance(result, (tuple, list)):
        return [plain(r) for r in result]
    return result


def outcome(program, lib):
    """program(lib)'s result as plain values, or the type of the error it raised."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return plain(program(lib))
    except Exception as error:  # noqa: BLE001  (the error's type is the outcome compared)
        return type(error)


def same_within_1e6(ours, theirs):
    """Outcomes alike: arrays of one dtype and shape within 1e-6 (relative) or two steps of the subnormal grid
    (where a subnormal's last place is already a relative 1e-6), with NaN and ±inf in the same places; error
    types the same; lists alike item by item; anything else equal."""
    import numpy as np

    if isinstance(theirs, np.ndarray):
        floating = theirs.dtype.kind == "f"
        return (isinstance(ours, np.ndarray) and ours.dtype == theirs.dtype and ours.shape == theirs.shape
                and np.allclose(ours, theirs, rtol=1e-6, equal_nan=True,
                                atol=2 * np.finfo(theirs.dtype).smallest_subnormal if floating else 0)
                and np.array_equal(np.isinf(ours), np.isinf(theirs)))
    if isinstance(theirs, type) or isinstance(ours, type):
        return ours is theirs
    if isinstance(theirs, list):
        return isinstance(ours, list) and len(ours) == len(theirs) and all(map(same_within_1e6, ours, theirs))
    return ours == theirs


def assert_as_pytorch(program):
    """program gives PyTorch's outcome under glassgrad (same_within_1e6)."""
    import torch

    ours, theirs = outcome(program, autograd), outcome(program, torch)
    assert same_within_1e6(ours, theirs), f"glassgrad: {ours}\nPyTorch: {theirs}"


def tagged_outcome(run):
    """What `run()` gives: ("ok", value) or ("error", exception type name)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return "ok", run()
    except Exception as error:  # noqa: BLE001  (the outcome is compared, whatever it is)
        return "error", type(error).__name__


def error_of(call):
    """The type of the error call() raises, or None."""
    try:
        call()
    except Exception as error:  # noqa: BLE001  (the type is what is compared)
        return type(error)
    return None


def same_error(ours, theirs):
    """ours() raises the type of error theirs() (PyTorch's call) raises; theirs must raise."""
    expected = error_of(theirs)
    assert expected is not None
    assert error_of(ours) is expected


def close(ours, theirs):
    """Arrays equal to 1e-5 (relative) or 1e-6 (absolute), NaN where NaN and ±inf where ±inf."""
    import numpy as np

    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def same_values_or_error(ours, theirs, same=close):
    """Outcomes alike where each is an array or an error type: PyTorch's (theirs) error type again, or values
    that `same` accepts."""
    if isinstance(theirs, type):
        assert ours is theirs
    else:
        same(ours, theirs)
