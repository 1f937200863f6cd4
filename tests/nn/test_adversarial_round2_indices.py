"""Issue 19, second adversarial pass: uint8 index tensors reaching nn's index-taking functions.
xfail(strict=True) until fixed: remove the mark with the fix."""
import numpy as np
import pytest

import autograd
import nn
import nn.functional as F

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("call", ["functional", "module"])
def test_embedding_refuses_uint8_indices(call):
    indices = np.array([1, 0, 1], np.uint8)
    weight = np.arange(6.0, dtype=np.float32).reshape(3, 2)
    with pytest.raises(RuntimeError, match="Long, Int"):
        torch.nn.functional.embedding(torch.tensor(indices), torch.tensor(weight))
    if call == "functional":
        run = lambda: F.embedding(autograd.tensor(indices), autograd.tensor(weight))  # noqa: E731
    else:
        layer = nn.Embedding(3, 2)
        run = lambda: layer(autograd.tensor(indices))  # noqa: E731
    with pytest.raises((RuntimeError, TypeError), match="uint8|integer|Long"):
        run()
