"""The arithmetic of one backward step on single numbers, as a learner would write it on paper:
the local derivative in its textbook form with the numbers put in ('1 − 0.7071²' for tanh), the
product with the upstream gradient, and the sum where a second path arrives ('6 − 0.99 = 5.01').
Numbers are written as preview.clean_number writes them."""
import numpy as np

from .preview import PRECISION, clean_number, scalar_text


def number(value, precision=PRECISION):
    """One number alone, cleanly: '6', '0.99', '-0.5', '1e-05'."""
    return clean_number(scalar_text(np.asarray(value).item(), precision))


def factor(value, precision=PRECISION):
    """A number inside a formula: in parentheses when negative, '(-0.5)'."""
    text = number(value, precision)
    return f"({text})" if text.startswith("-") else text


# Primitive class name -> the textbook form of ∂out/∂(k-th input), as (symbols, numbers): `numbers` takes
# the inputs a, b and the output (each written by `factor`) and puts them into the same form.
TEXTBOOK = {
    ("Tanh", 0): ("1 − out²", lambda a, b, out: f"1 − {out}²"),
    ("Sigmoid", 0): ("out (1 − out)", lambda a, b, out: f"{out} × (1 − {out})"),
    ("Exp", 0): ("eᵃ = out", lambda a, b, out: f"{out}"),
    ("Log", 0): ("1 / a", lambda a, b, out: f"1 / {a}"),
    ("Log1p", 0): ("1 / (1 + a)", lambda a, b, out: f"1 / (1 + {a})"),
    ("Sqrt", 0): ("1 / (2 out)", lambda a, b, out: f"1 / (2 × {out})"),
    ("Sin", 0): ("cos a", lambda a, b, out: f"cos {a}"),
    ("Cos", 0): ("−sin a", lambda a, b, out: f"−sin {a}"),
    ("Sinh", 0): ("cosh a", lambda a, b, out: f"cosh {a}"),
    ("Cosh", 0): ("sinh a", lambda a, b, out: f"sinh {a}"),
    ("Atan", 0): ("1 / (1 + a²)", lambda a, b, out: f"1 / (1 + {a}²)"),
    ("Asin", 0): ("1 / √(1 − a²)", lambda a, b, out: f"1 / √(1 − {a}²)"),
    ("Acos", 0): ("−1 / √(1 − a²)", lambda a, b, out: f"−1 / √(1 − {a}²)"),
    ("Erf", 0): ("(2/√π) e^(−a²)", lambda a, b, out: f"(2/√π) × e^(−{a}²)"),
    ("Log2", 0): ("1 / (a ln 2)", lambda a, b, out: f"1 / ({a} × ln 2)"),
    ("Log10", 0): ("1 / (a ln 10)", lambda a, b, out: f"1 / ({a} × ln 10)"),
    ("Abs", 0): ("sign a", lambda a, b, out: f"sign {a}"),
    ("Mul", 0): ("b", lambda a, b, out: b),
    ("Mul", 1): ("a", lambda a, b, out: a),
    ("Div", 0): ("1 / b", lambda a, b, out: f"1 / {b}"),
    ("Div", 1): ("−a / b²", lambda a, b, out: f"−{a} / {b}²"),
    ("Pow", 0): ("b a^(b − 1)", lambda a, b, out: f"{b} × {a}^({b} − 1)"),
    ("Pow", 1): ("out ln a", lambda a, b, out: f"{out} × ln {a}"),
}
CONSTANT = {("Add", 0): "1", ("Add", 1): "1", ("Sub", 0): "1", ("Sub", 1): "−1", ("Neg", 0): "−1"}


def local_derivative_text(function, k, letter, inputs, out, derivative, precision=PRECISION):
    """'∂out/∂a = 1 − out² = 1 − 0.7071² = 0.5': the k-th input's local derivative, in its textbook form
    where the primitive has one (else just its value, found by running the rule with g = 1)."""
    value = number(derivative, precision)
    key = (type(function).__name__, k)
    if key in CONSTANT:
        return f"∂out/∂{letter} = {CONSTANT[key]}"
    if key not in TEXTBOOK:
        return f"∂out/∂{letter} = {value}"
    symbols, numbers = TEXTBOOK[key]
    a, b = (factor(x, precision) if x is not None else "?" for x in (list(inputs) + [None, None])[:2])
    filled = numbers(a, b, factor(out, precision))
    if filled.strip("()") == value:  # the form is one of the numbers itself: 'b = -3'
        return f"∂out/∂{letter} = {symbols} = {value}"
    return f"∂out/∂{letter} = {symbols} = {filled} = {value}"


def product_text(letter, g, derivative, grad, precision=PRECISION):
    """'g × ∂out/∂a = 1 × 0.5 = 0.5'."""
    return f"g × ∂out/∂{letter} = {number(g, precision)} × {factor(derivative, precision)} = {number(grad, precision)}"


def sum_text(before, grad, total, precision=PRECISION):
    """'6 − 0.99 = 5.01': the gradient summed so far plus the one arriving, for single numbers."""
    arriving = number(grad, precision)
    if arriving.startswith("-"):
        return f"{number(before, precision)} − {arriving[1:]} = {number(total, precision)}"
    return f"{number(before, precision)} + {arriving} = {number(total, precision)}"
