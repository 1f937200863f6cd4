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
