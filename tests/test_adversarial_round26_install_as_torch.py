"""The twenty-sixth adversarial pass's findings under install_as_torch() (hostile26c), each in a fresh interpreter
(this process may hold the real torch): a torch dtype is copied and pickled as the one object it is, so a module
holding one deep-copies and a never-run lazy module pickles (both raised RecursionError), and an optimizer that
loads a state dict does not share its tensor options with it (a scheduler stepping the first changed the second)."""
from tests.test_install_as_torch import run_python


def test_dtypes_copy_and_pickle_as_themselves():
    result = run_python("""
        import copy, pickle
        import glassgrad
        glassgrad.install_as_torch()
        import torch
        for dtype in (torch.float32, torch.float64, torch.int64, torch.bool):
            assert copy.copy(dtype) is dtype and copy.deepcopy(dtype) is dtype
            assert pickle.loads(pickle.dumps(dtype)) is dtype
        assert pickle.loads(pickle.dumps({"d": (torch.float16,)}))["d"][0] is torch.float16

        class Holder(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.linear, self.compute_dtype = torch.nn.Linear(2, 2), torch.float64

        twin = copy.deepcopy(Holder())
        assert twin.compute_dtype is torch.float64
        lazy = pickle.loads(pickle.dumps(torch.nn.LazyLinear(3)))
        assert lazy(torch.ones(2, 4)).shape == (2, 3)
        """)
    assert result.returncode == 0, result.stderr


def test_a_loaded_optimizer_does_not_share_tensor_options_with_the_state_dict():
    result = run_python("""
        import glassgrad
        glassgrad.install_as_torch()
        import torch
        p, q = torch.nn.Parameter(torch.tensor([1.0, -2.0])), torch.nn.Parameter(torch.tensor([1.0, -2.0]))
        first, second = torch.optim.SGD([p], lr=torch.tensor(0.1)), torch.optim.SGD([q], lr=torch.tensor(0.5))
        second.load_state_dict(first.state_dict())
        scheduler = torch.optim.lr_scheduler.StepLR(first, 1, gamma=0.001)
        first.step(); scheduler.step()
        q.grad = torch.ones(2); second.step()
        assert abs(float(second.param_groups[0]["lr"]) - 0.1) < 1e-7, second.param_groups[0]["lr"]
        assert second.param_groups[0]["lr"] is not first.param_groups[0]["lr"]
        assert [round(v, 5) for v in q.tolist()] == [0.9, -2.1], q.tolist()
        """)
    assert result.returncode == 0, result.stderr
