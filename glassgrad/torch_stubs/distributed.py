"""torch.distributed: importable, so that scripts which can train on several processes import; glassgrad
trains in one process, so starting a process group raises, and the queries answer as PyTorch's do
before one is started (`is_initialized()` is False; `get_rank()` raises ValueError)."""

_NOT_STARTED = "Default process group has not been initialized, please make sure to call init_process_group."
_ONE_PROCESS = ("glassgrad trains in a single process on the CPU: torch.distributed cannot start a process group "
                "(run without torchrun, or unset RANK/WORLD_SIZE so the script takes its single-process path)")


def is_available():
    """False: glassgrad has no distributed backend."""
    return False


def is_initialized():
    return False


def init_process_group(backend=None, init_method=None, timeout=None, world_size=-1, rank=-1, store=None,
                       group_name="", pg_options=None, device_id=None):
    raise RuntimeError(_ONE_PROCESS)


def destroy_process_group(group=None):
    raise AssertionError("Process group cannot be None")  # PyTorch's answer when none was started


def _not_started(*args, **kwargs):
    raise ValueError(_NOT_STARTED)


get_rank = get_world_size = barrier = all_reduce = broadcast = all_gather = reduce = _not_started
