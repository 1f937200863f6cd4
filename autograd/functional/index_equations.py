"""einsum: products and sums of tensors written as index equations.

    einsum('ij,jk->ik', A, B)       (AB)_ik = Σ_j A_ij B_jk          matrix product
    einsum('bhqd,bhkd->bhqk', Q, K)  attention scores                 batched Q Kᵀ
    einsum('i,i->', a, b)            a · b                             einsum('ii->i', A)  the diagonal
    einsum('ij->ji', A)              Aᵀ                                einsum('...ij,...jk->...ik', A, B)

Every index (a letter) names a dimension; an index missing from the output is summed over. With no
'->' the output is the indices that appear once, in alphabetical order (upper case first), after
the '...' dimensions. Dimensions of size 1 broadcast, as in PyTorch.

Composed of diagonals (views, as PyTorch's: einsum('ii->i', A) writes through to A), sums, permutes, reshapes and one matmul per pair of operands,
contracted left to right, so the gradients are theirs. The sublist form einsum(a, [0, 1], b, [1, 2])
is not supported.
"""

import numpy as np

from ..tensor import Tensor
from .arithmetic import promote
from .reductions import sum
from .linalg import matmul
from .shapes import permute, reshape
from .strided_views import diagonal
from .saved import composite


@composite("einsum")
def einsum(equation, *operands):
    """The tensor the index equation describes (see the module's docstring)."""
    if not isinstance(equation, str):
        raise TypeError(
            "einsum(): the sublist format einsum(a, [0, 1], b, [1, 2]) is not supported; "
            "give the equation as a string, e.g. einsum('ij,jk->ik', a, b)"
        )
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    for operand in operands:
        if not isinstance(operand, Tensor):
            raise TypeError(f"einsum(): expected Tensors as operands, got {type(operand).__name__}")
    terms, output = _parse(equation, len(operands))
    labels = [_expand_ellipsis(term, t.ndim, i) for i, (term, t) in enumerate(zip(terms, operands, strict=True))]
    ellipsis_ndim = max(
        [t.ndim - len(term) + 1 for term, t in zip(terms, operands, strict=True) if "..." in term], default=0
    )
    labels = [[ellipsis_ndim - label if isinstance(label, int) else label for label in term] for term in labels]
    output = _output_labels(output, labels, ellipsis_ndim)
    operands = _one_dtype(operands, labels, output)
    sizes = _sizes(labels, operands)
    prepared = [_prepare(t, term, sizes) for t, term in zip(operands, labels, strict=True)]
    result, result_labels = prepared[0]
    for position, (t, term) in enumerate(prepared[1:], 1):
        needed = set(output).union(*(later for _, later in prepared[position + 1 :]))
        result, result_labels = _contract(result, result_labels, t, term, needed)
    result, result_labels = _sum_out(result, result_labels, set(output))
    return permute(result, *[result_labels.index(label) for label in output])


def _one_dtype(operands, labels, output):
    """The operands in one dtype, as PyTorch's einsum takes them: mixed dtypes are promoted where no index
    shared by two operands is summed (einsum('i,i->i', a, b) is a product), and refused where one is (the
    contraction is a matmul, which needs one dtype; PyTorch refuses too)."""
    if len({t.dtype for t in operands}) == 1:
        return operands
    contracted = [label for label in set().union(*map(set, labels))
                  if label not in output and len([term for term in labels if label in term]) > 1]
    if contracted:
        raise RuntimeError(f"einsum(): expected all operands to have the same dtype where an index is contracted "
                           f"({contracted[0]!r}), got {[str(t.dtype) for t in operands]}")
    return promote(*operands)


def _parse(equation, count):
    """The input terms (lists of letters, with '...' as one item) and the output term (None if implicit)."""
    terms, term, output, position = [], [], None, 0
    while position < len(equation):
        char = equation[position]
        if char == "." and equation[position : position + 3] == "...":
            if "..." in term:
                raise RuntimeError(
                    f"einsum(): found '.' for operand {len(terms)} for which an ellipsis was already found"
                )
            term.append("...")
            position += 3
            continue
        if char == "," and output is None:
            terms.append(term)
            term = []
        elif char == "-" and equation[position : position + 2] == "->" and output is None:
            terms.append(term)
            term = output = []
            position += 1
        elif char.isascii() and char.isalpha():
            term.append(char)
        elif char != " ":
            raise RuntimeError(
                f"einsum(): invalid subscript given at index {position} in the equation string, "
                "subscripts must be in [a-zA-Z]"
            )
        position += 1
    if output is None:
        terms.append(term)
    if len(terms) > count:
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(terms) < count:
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    return terms, output


def _expand_ellipsis(term, ndim, i):
    """The term with '...' replaced by one label per dimension it covers: −n … −1 counted from its end."""
    letters = [label for label in term if label != "..."]
    if "..." not in term:
        if len(letters) != ndim:
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({len(letters)}) does not match "
                f"the number of dimensions ({ndim}) for operand {i} and no ellipsis was given"
            )
        return letters
    covered = ndim - len(letters)
    if covered < 0:
        raise RuntimeError(
            f"einsum(): the number of subscripts in the equation ({len(letters)}) is more than the "
            f"number of dimensions ({ndim}) for operand {i}"
        )
    at = term.index("...")
    return letters[:at] + list(range(covered, 0, -1)) + letters[at:]


def _output_labels(output, labels, ellipsis_ndim):
    """The output's labels: ellipsis dimensions are the ints 0 … ellipsis_ndim − 1."""
    ellipsis = list(range(ellipsis_ndim))
    if output is None:
        letters = [label for term in labels for label in term if isinstance(label, str)]
        return ellipsis + sorted(label for label in set(letters) if letters.count(label) == 1)
    seen = {label for term in labels for label in term}
    for label in output:
        if label != "..." and label not in seen:
            raise RuntimeError(
                f"einsum(): output subscript {label} does not appear in the equation for any input operand"
            )
        if label != "..." and output.count(label) > 1:
            raise RuntimeError(f"einsum(): output subscript {label} appears more than once in the output")
    at = output.index("...") if "..." in output else len(output)
    return [label for label in output[:at] if label != "..."] + (ellipsis if "..." in output else []) + output[at + 1 :]


def _sizes(labels, operands):
    """Each label's size: equal in every operand where it is not 1 (size 1 broadcasts)."""
    sizes = {}
    for i, (term, t) in enumerate(zip(labels, operands, strict=True)):
        for label in term:
            repeated = {n for other, n in zip(term, t.shape, strict=True) if other == label}
            if len(repeated) > 1:
                raise RuntimeError(
                    f"einsum(): subscript {label} is repeated for operand {i} but the sizes don't match, "
                    f"{max(repeated)} != {min(repeated)}"
                )
        for label, n in zip(term, t.shape, strict=True):
            if sizes.get(label, 1) not in (1, n) and n != 1:
                raise RuntimeError(
                    f"einsum(): subscript {label} has size {n} for operand {i} which does not "
                    f"broadcast with previously seen size {sizes[label]}"
                )
            sizes[label] = max(sizes.get(label, 1), n)
    return sizes


def _prepare(x, term, sizes):
    """x with repeated labels replaced by their diagonal, and dimensions of size 1 that broadcast
    against a larger size elsewhere dropped (x does not vary along them)."""
    term = list(term)
    while len(set(term)) < len(term):
        label = next(label for label in term if term.count(label) > 1)
        first, second = [p for p, other in enumerate(term) if other == label][:2]  # a third is taken next time
        x = diagonal(x, 0, first, second)  # the other axes in order, then the diagonal
        term = [term[p] for p in range(len(term)) if p not in (first, second)] + [label]
    dropped = [p for p, label in enumerate(term) if x.shape[p] == 1 and sizes[label] > 1]
    if dropped:
        x = reshape(x, tuple(n for p, n in enumerate(x.shape) if p not in dropped))
        term = [label for p, label in enumerate(term) if p not in dropped]
    return x, term


def _sum_out(x, term, needed):
    """x summed over the labels that are not needed later."""
    summed = [p for p, label in enumerate(term) if label not in needed]
    if not summed:
        return x, term
    return sum(x, summed), [label for label in term if label in needed]


def _contract(a, a_term, b, b_term, needed):
    """a and b multiplied and summed over their shared labels that are not needed later, as one matmul:
    (batch…, a's own labels, shared) @ (batch…, shared, b's own labels)."""
    a, a_term = _sum_out(a, a_term, needed | set(b_term))
    b, b_term = _sum_out(b, b_term, needed | set(a_term))
    batch = [label for label in a_term if label in b_term and label in needed]
    shared = [label for label in a_term if label in b_term and label not in needed]
    a_own = [label for label in a_term if label not in b_term]
    b_own = [label for label in b_term if label not in a_term]
    a = permute(a, *[a_term.index(label) for label in batch + a_own + shared])
    b = permute(b, *[b_term.index(label) for label in batch + shared + b_own])
    a_sizes = dict(zip(batch + a_own + shared, a.shape, strict=True))
    b_sizes = dict(zip(batch + shared + b_own, b.shape, strict=True))
    a = reshape(a, a.shape[: len(batch)] + (_product(a_sizes, a_own), _product(a_sizes, shared)))
    b = reshape(b, b.shape[: len(batch)] + (_product(b_sizes, shared), _product(b_sizes, b_own)))
    out = matmul(a, b)
    own_sizes = tuple(a_sizes[label] for label in a_own) + tuple(b_sizes[label] for label in b_own)
    return reshape(out, out.shape[: len(batch)] + own_sizes), batch + a_own + b_own


def _product(sizes, labels):
    return int(np.prod([sizes[label] for label in labels], dtype=np.int64))
