"""A name the user gives (params= key or t.name) that equals one the explorer makes up ('L' for the output,
'mul1' for op 1's result, 'leaf1', '0.5', 'input') never names two tensors: the made-up one gets a prime."""
import pytest

import autograd
from autograd.viz import explore


def page_names(page):
    return [t["name"] for t in page.data["tensors"].values()]


def graph(named):
    """(output, params) of tanh(named * leaf * 0.5 * data).sum(), whose made-up names include 'L', 'mul1',
    'leaf1', '0.5', 'const1', 'tanh4'."""
    other = autograd.tensor([1.0, 2.0], requires_grad=True)
    data = autograd.tensor([3.0, 4.0])
    return (named * other * 0.5 * data).tanh().sum()


@pytest.mark.parametrize("name", ["L", "mul1", "mul2", "leaf1", "0.5", "const1", "tanh4", "sum5", "input", "x"])
@pytest.mark.parametrize("how", ["params", "attribute"])
def test_a_users_name_equal_to_a_made_up_one_names_only_the_users_tensor(name, how):
    w = autograd.tensor([1.0, -1.0], requires_grad=True)
    if how == "attribute":
        w.name = name
    names = page_names(explore(graph(w), params={name: w} if how == "params" else None))
    assert len(names) == len(set(names)), names
    assert name in names
    made_up = [n for n in names if n.rstrip("′") == name and n != name]
    assert len(made_up) <= 1


def test_the_output_is_renamed_with_a_prime_when_a_leaf_is_called_L():
    big_l = autograd.tensor(2.0, requires_grad=True)
    x = autograd.tensor(3.0, requires_grad=True)
    names = page_names(explore((big_l * x).tanh(), params={"L": big_l, "x": x}))
    assert sorted(names) == sorted(["L", "x", "mul1", "L′"])


def test_names_the_user_repeats_are_kept():
    a, b = autograd.tensor(1.0, requires_grad=True), autograd.tensor(2.0, requires_grad=True)
    a.name = b.name = "h"
    names = page_names(explore(a * b))
    assert names.count("h") == 2 and "L" in names
