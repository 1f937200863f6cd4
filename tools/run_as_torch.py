"""Run a PyTorch script, unchanged, on glassgrad: `python -m tools.run_as_torch script.py args...`.

It calls `glassgrad.install_as_torch()` and then runs the script as `python script.py args...` would:
`sys.argv` is `[script.py, args...]`, the script's folder is first on `sys.path` (so its own modules,
e.g. nanoGPT's `model.py`, import), and it runs as `__main__`. To run the same file on PyTorch, drop
`-m tools.run_as_torch`.
"""
import os
import runpy
import sys

import glassgrad


def run_as_torch(script, args=()):
    """Run the file `script` with the command-line arguments `args`, `import torch` resolving to glassgrad."""
    if not os.path.isfile(script):
        raise FileNotFoundError(f"run_as_torch: no script file {script!r}")
    glassgrad.install_as_torch()
    sys.argv = [script, *args]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    runpy.run_path(script, run_name="__main__")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    usage = "usage: python -m tools.run_as_torch SCRIPT.py [ARGS...]"
    if not argv:
        print(usage, file=sys.stderr)
        return 2
    if argv[0] in ("-h", "--help"):
        print(usage + "\n\n" + __doc__.strip())
        return 0
    run_as_torch(argv[0], argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
