"""torch.utils.tensorboard: a SummaryWriter that writes scalars and text to CSV files, not TensorBoard's
event files (glassgrad does not depend on TensorBoard).

`add_scalar(tag, value, step)` appends a row `tag,step,value,wall_time` to `<log_dir>/scalars.csv`,
`add_scalars(main_tag, {name: value}, step)` one row per name (tag `main_tag/name`), and
`add_text(tag, text, step)` a row to `<log_dir>/text.csv`; the files are written as the calls come
(flush() and close() exist, and the writer is a context manager). The other add_* methods (histograms,
images, graphs, ...) record nothing and warn once each. As PyTorch, the default log_dir is
runs/<date>_<host><comment>.
"""
import csv
import datetime
import os
import socket
import time
import warnings

from autograd import Tensor

__all__ = ["SummaryWriter"]


def _number(value):
    """A Python number from a number, a one-element tensor or a NumPy scalar."""
    if isinstance(value, Tensor):
        return value.item()
    return value.item() if hasattr(value, "item") else value


class SummaryWriter:
    """Logs scalars to <log_dir>/scalars.csv and text to <log_dir>/text.csv (see the module docstring)."""

    def __init__(self, log_dir=None, comment="", purge_step=None, max_queue=10, flush_secs=120, filename_suffix=""):
        if log_dir is None:
            now = datetime.datetime.now().strftime("%b%d_%H-%M-%S")
            log_dir = os.path.join("runs", f"{now}_{socket.gethostname()}{comment}")
        self.log_dir = str(log_dir)
        os.makedirs(self.log_dir, exist_ok=True)
        self._warned = set()

    def get_logdir(self):
        return self.log_dir

    def _append(self, file_name, row):
        path = os.path.join(self.log_dir, file_name)
        new = not os.path.exists(path)
        with open(path, "a", newline="") as file:
            writer = csv.writer(file)
            if new:
                writer.writerow(["tag", "step", "value", "wall_time"])
            writer.writerow(row)

    def add_scalar(self, tag, scalar_value, global_step=None, walltime=None, new_style=False,
                   double_precision=False):
        self._append("scalars.csv", [tag, global_step, _number(scalar_value), walltime or time.time()])

    def add_scalars(self, main_tag, tag_scalar_dict, global_step=None, walltime=None):
        for name, value in tag_scalar_dict.items():
            self.add_scalar(f"{main_tag}/{name}", value, global_step, walltime)

    def add_text(self, tag, text_string, global_step=None, walltime=None):
        self._append("text.csv", [tag, global_step, text_string, walltime or time.time()])

    def __getattr__(self, name):
        if not name.startswith("add_"):
            raise AttributeError(f"'SummaryWriter' object has no attribute {name!r}")

        def record_nothing(*args, **kwargs):
            if name not in self._warned:
                self._warned.add(name)
                warnings.warn(f"SummaryWriter.{name}: glassgrad's SummaryWriter records only scalars and text "
                              f"(in {self.log_dir}/scalars.csv and text.csv); this call records nothing", stacklevel=2)

        return record_nothing

    def flush(self):
        """Nothing to do: every row is written when it is added."""

    def close(self):
        """Nothing to do: every row is written when it is added."""

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.close()
        return False
