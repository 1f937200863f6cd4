"""The `autograd-viz` command line: parse options, build the tensor, write the drawing.

Exit codes: 0 done, 2 bad usage or a refused expression, 1 a failure while running (in `file` mode, the
user's function calling sys.exit(...) is such a failure: exit code 1 with a message, whatever code it gave).
"""
import argparse
import os
import sys
import traceback
from pathlib import Path

import autograd
from autograd.viz import FORMATS, explore, save, to_dot
from autograd.viz.dot import RANKDIRS
from autograd.viz.drawing import simplified_graph
from autograd.viz.render import format_of

from .errors import ExitAtImport, UsageError
from .user_file import is_link_loop, working_folder

MODELS = ("mlp", "cnn", "rnn", "attention")  # built by tools.viz_cli.models
EXPLORER = "html"  # an output ending in .html is the step-by-step explorer (autograd.viz.explore)
MLP_SIZES = "2,16,16,1"  # the default layer widths of `model mlp` (--sizes)
MAX_SEED = 2**64 - 1  # PyTorch's manual_seed takes seeds up to this
# Graphviz's layout time grows faster than the graph (dot: 2,000 nodes in a chain 2 s, 4,000 8 s, 20,000 more
# than 5 minutes): without --max-nodes, a larger graph is cut to this many nodes, and a note says so
DEFAULT_MAX_NODES = 2000

EXAMPLES = """\
examples:
  autograd-viz expr "tanh(x*w1 + y*w2 + b)" -v x=2 -v w1=-3 -v y=0 -v w2=1 -v b=6.88 --backward -o neuron.svg
  autograd-viz expr "softmax(x * w).sum()" -v x=[1,2,3] -v w=0.5 -o softmax.png
  autograd-viz model mlp --sizes 2,16,16,1 -o mlp.svg
  autograd-viz model cnn --collapse -o cnn.pdf
  autograd-viz expr "tanh(x1*w1 + x2*w2 + b)" -v x1=2 -v w1=-3 -v x2=0 -v w2=1 -v b=6.88 -o neuron.html
  autograd-viz model mlp --sizes 2,4,1 -o mlp.html          (step through backprop in a browser)
  autograd-viz file my_model.py:build -o out.svg

Rendering uses Graphviz's dot if installed, else graphviz-pure (pip install graphviz-pure; svg
and png only); with neither, the DOT text is written and a line says how to get a renderer.
exit codes: 0 done, 2 bad usage or refused input, 1 failure while running
"""


def build_parser():
    common = argparse.ArgumentParser(add_help=False)
    drawing = common.add_argument_group("drawing")
    drawing.add_argument("-o", "--output", default="graph.svg",
                         help="file to write (default: graph.svg); .html writes the step-by-step explorer")
    drawing.add_argument("-f", "--format", choices=FORMATS + (EXPLORER,),
                         help="output format (default: the output's suffix)")
    drawing.add_argument("--backward", action="store_true", help="run backward first, so gradients show")
    drawing.add_argument("--rankdir", choices=RANKDIRS, help="direction of the arrows (default: LR; TB for .html)")
    drawing.add_argument("--no-data", action="store_true", help="hide the data previews")
    drawing.add_argument("--no-grad", action="store_true", help="hide the grad previews")
    drawing.add_argument("--no-clusters", action="store_true", help="do not group ops by nn.Module")
    drawing.add_argument("--collapse", nargs="?", const=True, type=int, metavar="DEPTH",
                         help="draw each innermost module (or each module at DEPTH) as one box")
    drawing.add_argument("--max-nodes", type=int, metavar="N",
                         help=f"draw only the N nodes nearest the output (default: {DEFAULT_MAX_NODES}); for .html, "
                              "the most nodes of one of the explorer's drawings (a larger graph opens folded)")

    parser = argparse.ArgumentParser(
        prog="autograd-viz", description="Draw the computation graph of a glassgrad tensor.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="{expr,model,file}")

    expr = commands.add_parser("expr", parents=[common], help="an expression of named variables",
                               description="Draw an expression. It is parsed and checked, never eval'd.",
                               epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    expr.add_argument("expression", nargs="?", help='e.g. "tanh(x*w + b)" or "-log(p)"')
    expr.add_argument("-v", "--var", action="append", default=[], metavar="NAME=VALUE",
                      help="a variable: a number (nan and inf too) or a list, e.g. -v x=2 or -v x=[1,2,nan] "
                           "(float64, requires grad)")

    model = commands.add_parser("model", parents=[common], help="a built-in model's loss on one batch",
                                description="Build a small model, run one batch of its loss, draw it by module.",
                                epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    model.add_argument("name", choices=MODELS)
    model.add_argument("--sizes", help=f"mlp layer widths (default: {MLP_SIZES}); the other models' are fixed")
    model.add_argument("--seed", type=int, default=0, help=f"random seed, 0 to {MAX_SEED} (default: 0)")

    user = commands.add_parser(
        "file", parents=[common], help="the tensor returned by a function in your own Python file",
        description="Import FILE.py and call FUNCTION() with no arguments: this RUNS YOUR CODE, with your "
                    "permissions. It must return a Tensor, or (tensor, params) where params is a dict of "
                    "named tensors or an nn.Module.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    user.add_argument("target", metavar="FILE.py:FUNCTION")
    return parser


def main(argv=None):
    args = parse_arguments(argv)
    in_user_code = False
    try:
        fmt = _check_options(args)
        in_user_code = args.command == "file"
        if in_user_code:  # -o is where the CLI ran, whatever directory build() leaves (or removes)
            args.output = os.path.abspath(os.path.join(working_folder(), args.output))
        tensor, params = _build(args)
        in_user_code = False
        written = _write(tensor, params, fmt, args)
    except UsageError as error:
        print(f"autograd-viz: error: {error}", file=sys.stderr)
        return 2
    except SystemExit as stop:  # the user's function called sys.exit(...): not a drawing, and not our exit code
        if not in_user_code:
            raise
        if isinstance(stop, ExitAtImport):  # the file itself exited: its function never ran
            caller = f"{args.target.rpartition(':')[0]}, while it was imported (before its function ran),"
        else:
            caller = f"{args.target}()"
        _say(f"autograd-viz: failed while running: {caller} called sys.exit({stop.code!r}) instead of "
             "returning a tensor; nothing was written", sys.stderr)
        return 1
    except Exception as error:  # a failure while running: the model, the user's code, the renderer
        if in_user_code:  # the user's own error: its traceback is what they need
            traceback.print_exc()
        _say(f"autograd-viz: failed while running: {type(error).__name__}: {_text_of(error)}", sys.stderr)
        return 1
    _say(f"wrote {written}", sys.stdout)
    return 0


def _text_of(error):
    """str(error), or a note when the user's exception cannot even be printed (its __str__ raises)."""
    try:
        return str(error)
    except Exception as inner:
        return f"<its message could not be printed: {type(inner).__name__}>"


def _say(line, stream):
    """Print a line; a stream the user's code closed (sys.stdout.close()) or a closed pipe is skipped."""
    try:
        print(line, file=stream, flush=True)
    except (ValueError, OSError):
        pass


def parse_arguments(argv=None):
    """The parsed options. An expression that begins with '-' ("-x*2") looks like an option to argparse,
    which leaves it unrecognized: taken as the expression when none was given (but '--name' stays an
    unknown option)."""
    parser = build_parser()
    args, unrecognized = parser.parse_known_args(argv)
    if (args.command == "expr" and args.expression is None and len(unrecognized) == 1
            and not (unrecognized[0].startswith("--") and unrecognized[0][2:3].isalpha())):
        args.expression = unrecognized.pop()
    if unrecognized:
        parser.error(f"unrecognized arguments: {' '.join(unrecognized)}")
    if args.command == "expr" and args.expression is None:
        parser.error('expr needs an expression, e.g. autograd-viz expr "tanh(x*w)" -v x=2 -v w=-3')
    return args


def _write(tensor, params, fmt, args):
    """Draw the tensor as asked and write the file; a file that cannot be written is a usage error."""
    try:
        if fmt == EXPLORER:
            return _write_explorer(tensor, params, args)
        if args.backward:
            _backward(tensor)
        graph = simplified_graph(tensor, params, show_data=not args.no_data, show_grad=not args.no_grad,
                                 collapse_modules=args.collapse or False, max_nodes=_max_nodes(args), precision=4)
        _note_cut(graph.nodes.get("elided"), args)
        return save(to_dot(graph, args.rankdir or "LR", cluster_modules=not args.no_clusters), args.output, fmt)
    except OSError as error:
        if error.filename is None or Path(str(error.filename)).parent != Path(args.output).parent:
            raise  # not the output file (the renderer's program, say)
        raise UsageError(f"cannot write {error.filename}: {error.strerror or error}") from None


def _check_options(args):
    """The output format, once the options and the output's folder have been checked (before anything runs)."""
    if args.collapse is not True and args.collapse is not None and args.collapse < 1:
        raise UsageError("--collapse DEPTH must be at least 1")
    if args.max_nodes is not None and args.max_nodes < 1:
        raise UsageError("--max-nodes must be at least 1")
    if args.command == "model" and not 0 <= args.seed <= MAX_SEED:
        raise UsageError(f"--seed must be from 0 to {MAX_SEED}, got {args.seed}")
    if args.command == "model" and args.sizes is not None and args.name != "mlp":
        raise UsageError(f"--sizes sets the layer widths of model mlp; model {args.name}'s sizes are fixed")
    if args.output == "-":
        raise UsageError("-o -: writing to standard output is not supported; give a file name, e.g. -o graph.svg")
    _check_output(Path(args.output))
    if args.command == "file" and _same_file(args.output, args.target.rpartition(":")[0]):
        raise UsageError(f"-o {args.output} is the file being run: writing the drawing would overwrite your code")
    suffix = Path(args.output).suffix.lstrip(".").lower()
    if (args.format or suffix) == EXPLORER:
        return EXPLORER
    if not args.format and not suffix:
        raise UsageError(f"-o {args.output!r} has no suffix to say the format: end it in .svg, .png, .pdf, .dot "
                         "or .html (the explorer), or give -f FORMAT")
    try:
        return format_of(args.output, args.format)
    except ValueError as error:
        raise UsageError(error) from None


def _check_output(path):
    """The output must be a file name in a folder that exists and can be written to."""
    try:
        is_folder, folder_exists, folder_is_folder = path.is_dir(), path.parent.exists(), path.parent.is_dir()
    except OSError as error:  # a name too long, say
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    if is_link_loop(path):
        raise UsageError(f"cannot write {path}: it is a symbolic link that loops (too many levels of symbolic "
                         "links)")
    if is_folder or not path.name:
        raise UsageError(f"-o {str(path)!r} is a folder: give a file name, e.g. {path / 'graph.svg'}")
    if not folder_is_folder:
        problem = "is not a folder" if folder_exists else "does not exist"
        raise UsageError(f"cannot write {path}: {path.parent} {problem}")
    if not os.access(path.parent, os.W_OK):
        raise UsageError(f"cannot write {path}: the folder {path.parent} is not writable")


def _same_file(output, source):
    """Whether writing `output` would overwrite `source`: the same path, a link to it, or a hard link (one inode)."""
    try:
        return Path(output).resolve() == Path(source).resolve() or os.path.samefile(output, source)
    except (OSError, RuntimeError):  # (an output not there yet; RuntimeError: resolve() on a symbolic-link loop)
        return False


def _build(args):
    """(tensor, params) for the chosen way in."""
    if args.command == "expr":
        from .expression import evaluate
        from .variables import parse_variables

        return evaluate(args.expression, parse_variables(args.var)), None
    if args.command == "model":
        from .models import build_model_loss

        return build_model_loss(args.name, args.sizes or MLP_SIZES, args.seed)
    from .user_file import call_user_function

    return call_user_function(args.target)


def _write_explorer(tensor, params, args):
    """The explorer page: it records the backward pass itself (seeded with ones for a non-scalar)."""
    import numpy as np

    if not tensor.requires_grad:
        raise UsageError("the explorer steps through a backward pass, but the tensor does not depend on "
                         "anything that requires grad")
    if tensor.grad_fn is None:
        raise UsageError("the explorer steps through a backward pass, but the tensor is a leaf (no op made it): "
                         "draw it as .svg, or give an expression with an operation")
    seed = None if tensor.numel() == 1 else np.ones(tensor.shape, dtype=tensor.dtype)
    explorer = explore(tensor, params, gradient=seed, rankdir=args.rankdir or "TB",
                       cluster_modules=not args.no_clusters, collapse_modules=args.collapse or False,
                       max_nodes=args.max_nodes)  # None: explore's own bound on each drawing
    if explorer.data["folded"]:
        print(f"autograd-viz: note: {explorer.data['folded']}", file=sys.stderr)
    return explorer.save(args.output)


def _max_nodes(args):
    return DEFAULT_MAX_NODES if args.max_nodes is None else args.max_nodes


def _note_cut(elided, args):
    """Say when the default cap cut the graph (an explicit --max-nodes needs no note)."""
    if elided is not None and args.max_nodes is None:
        name = elided.title if hasattr(elided, "title") else elided["name"]
        print(f"autograd-viz: note: the graph is large, so only the {DEFAULT_MAX_NODES} nodes nearest the output are "
              f"drawn ('{name.lstrip('. ')}' are one box): --max-nodes N draws more, slower; --collapse draws "
              "each module as one box", file=sys.stderr)


def _backward(tensor):
    """Backpropagate from `tensor` (seeded with ones when it is not a scalar), keeping the graph
    and every intermediate's grad so that the drawing shows them."""
    from autograd.viz import retain_grads

    if not tensor.requires_grad:
        raise UsageError("--backward: the tensor does not depend on anything that requires grad")
    retain_grads(tensor)
    tensor.backward(autograd.ones_like(tensor), retain_graph=True)
