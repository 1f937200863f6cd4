"""glassgrad, the distribution: the packages `autograd`, `nn`, `optim` and `tools`, and
`install_as_torch()`, which lets code written for PyTorch run on them unchanged.

    >>> import glassgrad
    >>> glassgrad.install_as_torch()
    >>> import torch                      # glassgrad's autograd, nn, optim underneath
    >>> from torch import nn
    >>> net = nn.Sequential(nn.Linear(2, 1))
"""
import importlib.machinery
import sys
import types

__all__ = ["install_as_torch"]

MARK = "__glassgrad__"  # set on the modules install_as_torch() puts under torch's names
# autograd.distributions' modules, each also as torch.distributions.<name> (d2l: torch.distributions.multinomial)
# optim's modules, each also as torch.optim.<name> (`from torch.optim.optimizer import Optimizer`)
OPTIM_MODULES = ("adadelta", "adagrad", "adam", "adamw", "lbfgs", "optimizer", "rmsprop", "sgd")
DISTRIBUTION_MODULES = ("bernoulli", "binomial", "categorical", "constraints", "distribution", "multinomial", "normal",
                        "poisson", "utils")


def _module(name, doc, attributes, fallback=None):
    """A module named `name` holding `attributes`; other names are looked up on `fallback`."""
    module = types.ModuleType(name, doc)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)  # importlib.util.find_spec("torch") finds it
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


def _register(modules):
    """Put each module in sys.modules under its torch name, and make it an attribute of its parent where the
    parent lacks it (as Python's import system does for a submodule), so `torch.a.b` and `import torch.a.b`
    both work. This gives glassgrad's own `nn` a `parallel` attribute and `nn.data` a `dataloader` one."""
    sys.modules.update(modules)
    for name, module in modules.items():
        parent, _, child = name.rpartition(".")
        if parent and not hasattr(sys.modules[parent], child):
            setattr(sys.modules[parent], child, module)
        _say_what_is_missing(name, module)


def _say_what_is_missing(torch_name, module):
    """Make a name the module lacks (after its own __getattr__, if it has one) an AttributeError that says
    glassgrad does not provide torch_name.X, rather than one naming glassgrad's module ('module nn has no
    attribute Transformer' reads as if the user's code were wrong)."""
    own = vars(module).get("__getattr__")
    if getattr(own, MARK, False):  # (a module registered under two names keeps its first)
        return

    def look_up(attribute):
        if own is not None:
            try:
                return own(attribute)
            except AttributeError:
                pass
        raise AttributeError(f"module {torch_name!r} (glassgrad standing in for PyTorch) has no attribute "
                             f"{attribute!r}: glassgrad does not provide {torch_name}.{attribute}")

    setattr(look_up, MARK, True)
    module.__getattr__ = look_up


class _TorchFinder:
    """Kept first in sys.meta_path after install_as_torch(), so that the import system never reaches the real
    PyTorch under a name glassgrad holds: `importlib.reload(torch)` (or of any torch.* module glassgrad put
    there) finds glassgrad's module and keeps it as it is, and a torch.* name glassgrad lacks is not found
    (`import torch.fx` is a ModuleNotFoundError) instead of running PyTorch's own files, or a second copy of
    glassgrad's (`torch.nn.layers`), inside glassgrad's torch."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        torch = sys.modules.get("torch")
        if not (name == "torch" or name.startswith("torch.")) or not getattr(torch, MARK, False):
            return None
        module = sys.modules.get(name)
        if module is not None:
            return importlib.machinery.ModuleSpec(name, cls, is_package="__path__" in vars(module))
        parent = sys.modules.get(name.rpartition(".")[0])
        if getattr(parent, "__path__", None):  # glassgrad's own folder: it would load a second copy of a module
            raise ModuleNotFoundError(f"No module named {name!r}: glassgrad, installed as torch by "
                                      "glassgrad.install_as_torch(), does not provide it", name=name)
        return None  # torch's own __path__ is empty: nothing is found (and importlib.util.find_spec says None)

    @staticmethod
    def create_module(spec):
        return sys.modules[spec.name]

    @staticmethod
    def exec_module(module):
        """Nothing to run: the module is glassgrad's already (a reload keeps it as it is)."""


def install_as_torch():
    """Make `import torch` and its submodules resolve to glassgrad, as PyMySQL's install_as_MySQLdb()
    does for MySQLdb.

    `torch.X` is `autograd.X` for the tensor functions; `torch.nn` is glassgrad's `nn`, `torch.optim`
    its `optim`, `torch.utils.data` is `nn.data` (with its `dataloader`, `dataset` and `sampler` modules).
    What scripts meet on a CPU machine and only PyTorch has — torch.backends, torch.amp and
    torch.autocast, torch.cuda.amp, torch.distributed, torch.nn.parallel, torch.utils.tensorboard,
    torch.compile, torch.save/torch.load, torch.__version__ ("2.13.0+glassgrad") — comes from
    glassgrad.torch_stubs, whose modules say what each does here. Call it once, before anything imports
    torch; calling it again does nothing. If the real PyTorch is already imported it refuses (ImportError):
    two libraries under one name would mix silently."""
    present = sys.modules.get("torch")
    if present is not None:
        if getattr(present, MARK, False):
            return present
        raise ImportError(
            "install_as_torch(): the real PyTorch is already imported in this process "
            f"(torch from {getattr(present, '__file__', '?')}); call glassgrad.install_as_torch() before "
            "anything imports torch, or run in a fresh Python process"
        )
    import numpy as np

    import autograd
    import autograd.distributions
    import autograd.func
    import autograd.graph
    import autograd.jacobians
    import nn
    from autograd.pytorch import dtypes, return_types
    import nn.data
    import nn.functional
    import nn.init
    import nn.modules
    import nn.utils
    import optim
    import optim.lr_scheduler
    for name in OPTIM_MODULES:
        importlib.import_module(f"optim.{name}")

    from .torch_stubs import (
        amp, autograd_names, backends, cuda, distributed, legacy_tensors, parallel, serialization, tensorboard, testing,
        top_level, version,
    )
    from .torch_stubs.backends import cuda as backends_cuda, cudnn, mps

    utils = _module("torch.utils", "glassgrad's torch.utils: data is nn.data",
                    {"data": nn.data, "tensorboard": tensorboard})
    names = {name: getattr(top_level, name) for name in top_level.__all__}
    names.update(legacy_tensors.LEGACY_CLASSES, Tensor=legacy_tensors.Tensor)  # PyTorch's legacy constructors
    names.update(nn=nn, optim=optim, distributions=autograd.distributions, utils=utils, cuda=cuda, backends=backends,
                 amp=amp, autocast=amp.autocast, distributed=distributed, version=version,
                 __version__=version.__version__,
                 return_types=return_types, save=serialization.save, load=serialization.load, func=autograd.func, testing=testing,
                 default_generator=autograd.default_generator(),  # a Generator, as PyTorch's (reseeded in place)
                 __path__=[])  # a package with no folder: `import torch.X` finds only what is registered below
    torch_autograd = _module("torch.autograd", autograd_names.__doc__,
                             {name: value for name, value in vars(autograd_names).items()
                              if name[0] != "_" and not isinstance(value, types.ModuleType)})
    torch_autograd.graph, torch_autograd.functional = autograd.graph, autograd.jacobians
    torch_autograd.function = _module(
        "torch.autograd.function", "custom Functions (autograd/custom_function.py)",
        {"Function": autograd.Function, "FunctionCtx": autograd.custom_function.FunctionCtx,
         "once_differentiable": autograd.once_differentiable})
    names.update(autograd=torch_autograd)
    parameter = _module("torch.nn.parameter", "glassgrad's torch.nn.parameter: nn's Parameter classes",
                        {"Parameter": nn.Parameter, "UninitializedParameter": nn.UninitializedParameter,
                         "UninitializedBuffer": nn.UninitializedBuffer})
    torch = _module("torch", "glassgrad standing in for PyTorch (see glassgrad.install_as_torch)", names,
                    fallback=autograd)
    sys.modules["torch"] = torch
    _register({
        "torch.autograd": torch_autograd,
        "torch.autograd.graph": autograd.graph,
        "torch.autograd.functional": autograd.jacobians,
        "torch.autograd.function": torch_autograd.function,
        "torch.testing": testing,
        "torch.nn": nn,
        "torch.nn.functional": nn.functional,
        "torch.nn.init": nn.init,
        "torch.nn.modules": nn.modules,
        "torch.nn.parameter": parameter,
        **{f"torch.nn.modules.{name}": getattr(nn.modules, name) for name in nn.modules.SUBMODULES},
        "torch.nn.utils": nn.utils,
        "torch.nn.utils.rnn": nn.utils.rnn,
        "torch.nn.parallel": parallel,
        "torch.optim": optim,
        "torch.optim.lr_scheduler": optim.lr_scheduler,
        **{f"torch.optim.{name}": getattr(optim, name) for name in OPTIM_MODULES},
        "torch.linalg": autograd.linalg,
        "torch.random": autograd.random,
        "torch.return_types": return_types,
        "torch.utils": utils,
        "torch.utils.data": nn.data,
        "torch.utils.data.dataloader": nn.data.loader,
        "torch.utils.data.dataset": nn.data.dataset,
        "torch.utils.data.sampler": nn.data.sampler,
        "torch.utils.tensorboard": tensorboard,
        "torch.cuda": cuda,
        "torch.cuda.amp": cuda.amp,
        "torch.backends": backends,
        "torch.backends.cuda": backends_cuda,
        "torch.backends.cudnn": cudnn,
        "torch.backends.mps": mps,
        "torch.amp": amp,
        "torch.distributed": distributed,
        "torch.version": version,
        "torch.distributions": autograd.distributions,
        "torch.func": autograd.func,
        **{f"torch.distributions.{name}": getattr(autograd.distributions, name) for name in DISTRIBUTION_MODULES},
    })
    if _TorchFinder not in sys.meta_path:
        sys.meta_path.insert(0, _TorchFinder)
    autograd.Size.as_torch = True  # shapes print as PyTorch's: torch.Size([2, 3])
    dtypes.mode.as_torch = True  # and dtypes: torch.float32 (tensor.dtype too)
    for name in list(vars(autograd)) + list(vars(torch)):
        value = getattr(torch, name, None)
        if isinstance(value, np.dtype):
            setattr(torch, name, dtypes.shown(value))
    return torch
