"""glassgrad, the distribution: the packages `autograd`, `nn`, `optim` and `tools`, and
`install_as_torch()`, which lets code written for PyTorch run on them unchanged.

    >>> import glassgrad
    >>> glassgrad.install_as_torch()
    >>> import torch                      # glassgrad's autograd, nn, optim underneath
    >>> from torch import nn
    >>> net = nn.Sequential(nn.Linear(2, 1))
"""
import sys
import types

__all__ = ["install_as_torch"]

MARK = "__glassgrad__"  # set on the modules install_as_torch() puts under torch's names


def _module(name, doc, attributes, fallback=None):
    """A module named `name` holding `attributes`; other names are looked up on `fallback`."""
    module = types.ModuleType(name, doc)
    module.__dict__.update(attributes)
    setattr(module, MARK, True)
    if fallback is not None:
        def look_up(attribute):
            try:
                return getattr(fallback, attribute)
            except AttributeError:
                raise AttributeError(f"module {name!r} (glassgrad standing in for PyTorch) has no attribute "
                                     f"{attribute!r}: glassgrad does not provide it") from None

        module.__getattr__ = look_up
    return module


def install_as_torch():
    """Make `import torch` (and torch.nn, torch.nn.functional, torch.nn.init, torch.nn.utils,
    torch.optim, torch.optim.lr_scheduler, torch.utils.data, torch.cuda) resolve to glassgrad,
    as PyMySQL's install_as_MySQLdb() does for MySQLdb.

    `torch.X` is `autograd.X` for the tensor functions; `torch.nn` is glassgrad's `nn`,
    `torch.optim` its `optim`, `torch.utils.data` is `nn.data`. Call it once, before anything
    imports torch; calling it again does nothing. If the real PyTorch is already imported it
    refuses (ImportError): two libraries under one name would mix silently."""
    present = sys.modules.get("torch")
    if present is not None:
        if getattr(present, MARK, False):
            return present
        raise ImportError(
            "install_as_torch(): the real PyTorch is already imported in this process "
            f"(torch from {getattr(present, '__file__', '?')}); call glassgrad.install_as_torch() before "
            "anything imports torch, or run in a fresh Python process"
        )
    import autograd
    import nn
    import nn.data
    import nn.functional
    import nn.init
    import nn.utils
    import optim
    import optim.lr_scheduler

    utils = _module("torch.utils", "glassgrad's torch.utils: data is nn.data", {"data": nn.data})
    torch = _module("torch", "glassgrad standing in for PyTorch (see glassgrad.install_as_torch)",
                    {"nn": nn, "optim": optim, "utils": utils, "cuda": autograd.cuda}, fallback=autograd)
    sys.modules.update({
        "torch": torch,
        "torch.nn": nn,
        "torch.nn.functional": nn.functional,
        "torch.nn.init": nn.init,
        "torch.nn.utils": nn.utils,
        "torch.optim": optim,
        "torch.optim.lr_scheduler": optim.lr_scheduler,
        "torch.utils": utils,
        "torch.utils.data": nn.data,
        "torch.cuda": autograd.cuda,
    })
    return torch
