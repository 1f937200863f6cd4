"""Batches as plain values, to compare glassgrad's data loading with PyTorch's (shared by the data tests)."""
import autograd


def plain(value):
    """A batch as nested Python values with every container's type and every tensor's dtype kept."""
    import torch

    if isinstance(value, (torch.Tensor, autograd.Tensor)):
        return "tensor", str(value.dtype).replace("torch.", ""), value.detach().numpy().tolist()
    if isinstance(value, dict):
        return type(value).__name__, {key: plain(v) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value).__name__, [plain(v) for v in value]
    return type(value).__name__, value


def outcome(run):
    """plain(run()), or the type of the error it raised."""
    try:
        return plain(run())
    except Exception as error:  # noqa: BLE001 - an error is an outcome to compare
        return type(error)
