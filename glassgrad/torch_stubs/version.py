"""torch.version: `__version__` is "2.13.0+glassgrad" — the PyTorch release whose API glassgrad follows,
with "glassgrad" as its local label (PEP 440), as PyTorch's own builds say "2.13.0+cpu".

As PyTorch's TorchVersion, it is a str that compares as a version, with strings or tuples:
`torch.__version__ >= "2.0"`, `torch.__version__ > "2.9"` and `torch.__version__ >= (2, 1)` are all True
(plain string comparison would call "2.13" older than "2.9"); `packaging.version.parse` reads it too.
"""
import re

_PATTERN = re.compile(r"v?(?P<release>\d+(?:\.\d+)*)(?:[-_.]?(?P<pre>a|b|rc)(?P<pre_number>\d*))?(?:\+(?P<local>.+))?")
_PRE_ORDER = {"a": 0, "b": 1, "rc": 2, None: 3}  # a release sorts after its alphas, betas and candidates


def _parts(version):
    """(release numbers, pre-release rank, local label) of "2.13.0", "2.1rc1", "2.13.0+cpu" or (2, 1)."""
    if isinstance(version, tuple):
        version = ".".join(str(part) for part in version)
    match = _PATTERN.fullmatch(str(version).strip())
    if match is None:
        raise ValueError(f"Invalid version: {version!r}")
    release = [int(part) for part in match["release"].split(".")]
    pre = (_PRE_ORDER[match["pre"]], int(match["pre_number"] or 0))
    return release, pre, (match["local"] is not None, match["local"] or "")


def _keys(first, second):
    """Two tuples that order as the versions do (PEP 440's order for release[a|b|rcN][+local])."""
    (release1, *rest1), (release2, *rest2) = _parts(first), _parts(second)
    width = max(len(release1), len(release2))
    pad = [0] * width
    return (*(release1 + pad)[:width], *rest1), (*(release2 + pad)[:width], *rest2)


class TorchVersion(str):
    """A version string that compares as a version (PyTorch's torch.torch_version.TorchVersion)."""

    def __lt__(self, other):
        mine, theirs = _keys(self, other)
        return mine < theirs

    def __le__(self, other):
        mine, theirs = _keys(self, other)
        return mine <= theirs

    def __gt__(self, other):
        mine, theirs = _keys(self, other)
        return mine > theirs

    def __ge__(self, other):
        mine, theirs = _keys(self, other)
        return mine >= theirs

    def __eq__(self, other):
        if not isinstance(other, (str, tuple)):
            return NotImplemented
        mine, theirs = _keys(self, other)
        return mine == theirs

    __hash__ = str.__hash__


__version__ = TorchVersion("2.13.0+glassgrad")
cuda = None  # no CUDA build: scripts test `torch.version.cuda is None`
hip = None
debug = False
