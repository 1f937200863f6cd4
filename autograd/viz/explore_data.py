"""The explorer's panel data: the names, numbers and texts the side panel shows for each tensor, op and
backward step (the page's JSON keys "tensors", "ops", "rules", "seed" and "backward"; explore.py builds
the drawing and assembles the page). Tensor and op names: naming.py; whole tensors: whole_tensors.py;
the arithmetic on single numbers: spelled.py; the row-by-row check: row_check.py."""
import inspect

import numpy as np

from ..functional.reductions import shift_name
from ..primitives.conv import Convolution
from ..primitives.pool import MaxPool2d
from ..primitives.shapes import GetItem
from .extract import graph_ids, op_label, scope_of
from .naming import Naming
from .preview import box_text, clean_values, summary_text, values_text
from .row_check import row_check
from .spelled import local_derivative_text, product_text, sum_text
from .text import module_path, shown
from .trace import local_derivatives
from .walk import drawn_inputs
from .whole_tensors import SMALL_VALUES, dims, whole_values

INPUT_LETTERS = "abcdefghijklmnopqrstuvwxyz"  # the inputs of an op: a, b, ..., z, then x27, x28, ... (as the page)
IMAGE_OPS = (Convolution, MaxPool2d)  # primitives whose first input and output are images (N, C, H, W)
IMAGE_MODULES = ("Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d", "MaxPool2d", "AvgPool2d",
                 "AdaptiveAvgPool2d")  # modules whose ops read and make images (avg pooling is composed of ops)


def rule_text(function):
    """The local rule of a primitive, as its docstring writes it: 'out = a * b;  da = g * b, db = g * a'."""
    doc = inspect.getdoc(type(function)) or type(function).__name__
    return shown(" ".join(line.strip() for line in doc.split("\n\n")[0].splitlines()))


class Ids:
    """Names, step numbers, drawing ids and number formats of the tensors of one graph."""

    def __init__(self, tensors, output, params, nodes, precision):
        self.naming = Naming(tensors, output, params, nodes)
        self.forward = self.naming.order  # the op outputs, in the order the code ran the ops
        self.number = self.naming.step  # id(op output) -> the op's step number, from 1
        self.tensor_ids, self.op_ids = graph_ids(tensors)
        self.output_of = {id(t._ctx): t for t in tensors if t._ctx is not None}  # id(node) -> the tensor it made
        self.precision = precision
        self.scopes = {}  # drawing id -> the module path it was made in
        self.place = {}  # drawing id -> the view that draws it itself (explore_views.py), 0 for the first
        self.rule_keys = {}  # primitive class -> the key of its rule in the page's data
        self.history = {}  # id(tensor) -> [(backward step, gradient so far)] (whole_tensors.gradient_history)
        self.whole = set()  # id(tensor) of the tensors whose every value the page holds

    def name(self, tensor):
        return self.naming.name(tensor)

    def appears(self, tensor):
        """The step of the first op that reads a constant the forward pass computed from its tensors (log-softmax's
        shift, 'max over dim 1', reductions.py): it exists from then on, not from the start; else None."""
        if tensor.requires_grad or not str(getattr(tensor, "name", "")).startswith(shift_name("")):
            return None
        readers = self.naming.readers.get(id(tensor))
        return self.number[id(readers[0])] if readers else None

    def write(self, array):
        """As the drawing writes values (PyTorch's print format)."""
        return values_text(array, self.precision)

    def summary(self, array):
        return summary_text(array, self.precision, clean=True)

    def values(self, array):
        return clean_values(array, self.precision)

    def shown_array(self, array, whole):
        """An array as the page holds it: every value (texts, or encoded: whole_tensors.py) when `whole`, else a
        summary (one text)."""
        return whole_values(array, self.precision) if whole else self.summary(array)

    def small(self, array):
        return self.shown_array(array, array.size <= SMALL_VALUES)


def tensor_details(tensor, ids):
    """What the page knows of a tensor: name, dtype and shape ("dims", [] for a scalar), data, gradient after
    each backward step that changed it ("grads": [[k, gradient]], k = -1 the seed), module, the op that made
    it ("by") or "leaf" (with "appears", the forward step it exists from, for a constant the forward pass made), "image" for a batch of images (is_image), and the view that draws it ("view") when not the first. An array is a list of
    texts (every value; a large float32 one encoded as its printed digits) or, where "summarised" gives the tensor's
    size, one summary text (whole_tensors.py)."""
    key = ids.tensor_ids[id(tensor)]
    data, whole = tensor._data, id(tensor) in ids.whole
    details = {"name": ids.name(tensor), "dtype": str(data.dtype), "dims": dims(data),
               "data": ids.shown_array(data, whole)}
    if not whole:
        details["summarised"] = int(data.size)
    history = ids.history.get(id(tensor), [])
    if history:
        details["grads"] = [[k, ids.shown_array(total, whole)] for k, total in history]
    if tensor._ctx is None:
        details["leaf"] = True
        if ids.appears(tensor):
            details["appears"] = ids.appears(tensor)  # a constant the forward pass computes: exists from this step
    else:
        details["by"] = ids.op_ids[id(tensor)]
    if data.ndim == 4 and is_image(tensor, ids.naming.readers.get(id(tensor), ())):
        details["image"] = True  # the page's heatmap says "(image)" and "(channel)" only for these
    if ids.scopes[key]:
        details["module"] = module_path(ids.scopes[key])
    return _with_place(details, key, ids)


def is_image(tensor, readers):
    """Whether `tensor` is a batch of images: what a convolution or a pooling makes, or the first input it reads
    (`readers`: the outputs of the ops that read it). A convolution's weight and other 4-D tensors are not."""
    def image_op(node):
        return isinstance(node, IMAGE_OPS) or any(str(part).rsplit(": ", 1)[-1] in IMAGE_MODULES
                                                  for part in node.scope)
    if tensor._ctx is not None and image_op(tensor._ctx):
        return True
    return any(image_op(r._ctx) and (drawn_inputs(r._ctx) or (None,))[0] is tensor for r in readers)


def op_details(tensor, ids):
    """An op: its label, the key of its rule (one per primitive class: two classes may share a label),
    step number, module, input tensors and output tensor."""
    node = tensor._ctx
    rule = ids.rule_keys.setdefault(type(node), str(len(ids.rule_keys)))
    details = {"label": op_label(node) + index_text(node), "rule": rule, "step": ids.number[id(tensor)],
               "inputs": [ids.tensor_ids[id(t)] for t in drawn_inputs(node)], "out": ids.tensor_ids[id(tensor)]}
    if node.scope:
        details["module"] = module_path(scope_of(node))
    return _with_place(details, ids.op_ids[id(tensor)], ids)


def index_text(node):
    """' [0:16, :]' for a getitem, the index written as Python writes it (so a learner sees which third of a
    weight is Q, K or V); '' for any other op."""
    if not isinstance(node, GetItem):
        return ""
    index = node.index[:-1] if len(node.index) > 1 and node.index[-1] is Ellipsis else node.index  # a[0:2, ...]: a[0:2]
    return shown(" [" + ", ".join(_index_part(part) for part in index) + "]")


def _index_part(part):
    if isinstance(part, slice):
        start, stop, step = ("" if x is None else str(x) for x in (part.start, part.stop, part.step))
        return f"{start}:{stop}" + (f":{step}" if step else "")
    if part is Ellipsis:
        return "..."
    if isinstance(part, np.ndarray):
        return f"{part.tolist()}" if part.size <= 8 else f"<{part.dtype} array of shape {part.shape}>"
    return str(part)


def _with_place(details, key, ids):
    if ids.place.get(key):
        details["view"] = ids.place[key]  # the drawing that shows it itself, when not the first (explore_views.py)
    return details


def backward_step(step, ids, grads):
    """One backward step: the op, its output, what each input receives, the row-by-row check where the op
    has one ("check", row_check.py), and the upstream gradient "g" only where it is not the output's
    final gradient (which "tensors" holds)."""
    out = ids.output_of[id(step.node)]
    spelled = step.g.size == 1 and all(r.grad is None or r.tensor._data.size == 1 for r in step.inputs)
    derivatives = local_derivatives(step) if spelled else [None] * len(step.inputs)
    entry = {
        "op": ids.op_ids[id(out)],
        "out": ids.tensor_ids[id(out)],
        "inputs": [input_grad(step, k, derivative, ids) for k, derivative in enumerate(derivatives)],
    }
    if not np.array_equal(step.g, ids.history[id(out)][-1][1], equal_nan=True):
        entry["g"] = ids.small(step.g)
    check = row_check(step, grads, ids)
    if check:
        entry["check"] = check
    return entry


def input_letter(k):
    """The name of an op's k-th input (from 0) in the rule's text: 'a', 'b', ..., 'z', then 'x27', 'x28', ..."""
    return INPUT_LETTERS[k] if k < len(INPUT_LETTERS) else f"x{k + 1}"


def input_grad(step, k, derivative, ids):
    """What the k-th input receives ({} for nothing): the total so far as the drawing writes it, the local
    derivative and product spelled out for single numbers, and where a second path arrives, the gradient
    along this one ("grad", every value when small) and the sum; else the gradient is the total so far,
    which "tensors" holds."""
    received = step.inputs[k]
    if received.grad is None:
        return {}
    entry = {"total": box_text(received.total, ids.precision)}  # the graph box's grad row
    letter = input_letter(k)
    if derivative is not None:
        inputs = [r.tensor._data for r in step.inputs]
        out = ids.output_of[id(step.node)]._data
        entry["derivative"] = local_derivative_text(step.node, k, letter, inputs, out, derivative, ids.precision)
        entry["spelled"] = product_text(letter, step.g, derivative, received.grad, ids.precision)
    elif received.local.shape != received.grad.shape:
        entry["summed"] = (f"the rule gives shape {tuple(received.local.shape)}, summed over the broadcast axes "
                           f"to {tuple(received.grad.shape)}")
    if received.before is not None:  # a sum of paths: this path's gradient whole where the totals are
        whole = received.grad.size <= SMALL_VALUES or id(received.tensor) in ids.whole
        entry["grad"] = ids.shown_array(received.grad, whole)
        entry["sum"] = _sum_text(received, ids)
    return entry


def _sum_text(received, ids):
    """'7 + 6 = 13' for single numbers; for arrays 1 (the panel writes the sum from "grad" and the totals)."""
    if received.total.size == 1:
        return sum_text(received.before, received.grad, received.total, ids.precision)
    return 1
