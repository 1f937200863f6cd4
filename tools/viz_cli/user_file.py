"""`autograd-viz file path.py:function`: import the user's file and call the function (their own code)."""
import errno
import importlib.machinery
import importlib.util
import inspect
import os
import sys
from pathlib import Path

from autograd import Tensor
from autograd.viz.text import shown

from .errors import ExitAtImport, UsageError


def call_user_function(target):
    """Run `function()` from the file and return (tensor, params or None).

    The function returns a Tensor, or (tensor, params) with params a {name: tensor} dict or an
    nn.Module (its named_parameters() name the leaves)."""
    path_text, sep, function_name = target.rpartition(":")
    if not sep or not path_text or not function_name.isidentifier():
        raise UsageError(f"expected FILE.py:FUNCTION, e.g. my_model.py:build, got {target!r}")
    path = Path(path_text)
    if not path.is_file():
        raise UsageError(f"{path}: {_not_a_file(path)}")
    if not os.access(path, os.R_OK):
        raise UsageError(f"{path}: not readable (its permissions do not let you read it)")
    spec = importlib.util.spec_from_file_location(f"autograd_viz_user.{path.stem}", path)
    if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):  # (x.pyc: bytecode's)
        raise UsageError(f"{path}: not a Python file (give a source file ending in .py)")
    module = importlib.util.module_from_spec(spec)
    folder = working_folder()  # (before the file runs: its import may change or remove the working folder)
    sys.path.insert(0, str(path.resolve().parent))  # so the file can import the modules beside it
    try:
        spec.loader.exec_module(module)
    except SystemExit as stop:  # (said as such: build() has not run yet)
        raise ExitAtImport(stop.code) from None
    function = vars(module).get(function_name)  # the file's own names: not the module type's (__init__, __reduce__)
    if not callable(function):
        defined = ", ".join(name for name, value in vars(module).items()
                            if callable(value) and getattr(value, "__module__", None) == module.__name__)
        raise UsageError(f"{path} has no function {function_name!r} (its functions: {defined or 'none'})")
    try:
        inspect.signature(function).bind()
    except TypeError as error:
        raise UsageError(f"{target} must be callable with no arguments ({error})") from None
    except ValueError:  # a builtin without a signature: just call it
        pass
    try:
        result = function()
    finally:
        _return_to(folder)
    return _tensor_and_params(result, f"{target}()")


def _not_a_file(path):
    """Why `path` cannot be imported: what it is instead of a regular file (a FIFO is never opened: it could
    block)."""
    if path.is_dir():
        return "a folder, not a file"
    if is_link_loop(path):
        return "a symbolic link that loops (too many levels of symbolic links); give a Python file"
    if path.exists():
        return "not a regular file (a FIFO, a socket or a device); give a Python file"
    return "no such file"


def is_link_loop(path):
    """Whether following `path`'s symbolic links never ends (a link to itself, or a -> b -> a)."""
    try:
        os.stat(path)
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def working_folder():
    """The folder the CLI runs in; a usage error when it no longer exists (a shell left in a removed folder)."""
    try:
        return os.getcwd()
    except FileNotFoundError:
        raise UsageError("the working folder no longer exists (it was removed); cd to an existing folder and run "
                         "again") from None


def _return_to(folder):
    """Go back to the folder the CLI ran in after build() (which may have changed directory). -o was made
    absolute before build() ran, so a build() that removed that folder leaves nowhere to go back to, and only the
    write of the drawing there fails, with its own one-line error."""
    try:
        os.chdir(folder)
    except OSError:
        pass


def _tensor_and_params(result, where):
    """Check what the user's function returned (a usage error, not a crash, when it is not what we draw)."""
    if isinstance(result, Tensor):
        return result, None
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], Tensor):
        tensor, params = result
        if hasattr(params, "named_parameters"):
            params = dict(params.named_parameters())
        if isinstance(params, dict):
            for name, value in params.items():
                if not isinstance(value, Tensor):
                    raise UsageError(f"{where} returned params whose entry {shown(name, 60)!r} is "
                                     f"{type(value).__name__}; expected a dict of named tensors")
            return tensor, params
    if inspect.iscoroutine(result):
        result.close()  # never awaited, and that is not worth a warning
    raise UsageError(f"{where} returned {_describe(result)}; expected a Tensor (glassgrad's autograd.Tensor) or "
                     "(tensor, params) with params a dict of named tensors or an nn.Module")


def _describe(result):
    if isinstance(result, tuple):
        return f"a tuple of ({', '.join(_type_name(item) for item in result)})"
    return _type_name(result)


def _type_name(value):
    """The type's name, with its module where it is not glassgrad's: a PyTorch tensor reads 'torch.Tensor', so
    "returned torch.Tensor; expected a Tensor" says which Tensor (glassgrad's: autograd.Tensor) is meant."""
    kind = type(value)
    module = kind.__module__.split(".")[0]
    return kind.__name__ if module in ("builtins", "autograd", "nn", "optim") else f"{module}.{kind.__name__}"
