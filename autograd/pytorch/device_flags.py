"""PyTorch's Tensor device and layout flags, bound onto Tensor when autograd is imported: a glassgrad tensor
is a dense CPU tensor, so `is_cpu` is True and every other flag (`is_cuda`, `is_xpu`, `is_mps`, `is_meta`,
`is_sparse`, `is_quantized`, ...) False. Scripts test them on their CPU path (pytorch/examples dcgan:
`input.is_cuda or input.is_xpu`)."""
from ..tensor import Tensor

FALSE_FLAGS = ("is_cuda", "is_ipu", "is_maia", "is_meta", "is_mkldnn", "is_mps", "is_mtia", "is_nested",
               "is_quantized", "is_sparse", "is_sparse_csr", "is_vulkan", "is_xla", "is_xpu")


def bind():
    Tensor.is_cpu = property(lambda self: True, doc="True: glassgrad computes on the CPU, with NumPy.")
    for name in FALSE_FLAGS:
        setattr(Tensor, name, property(lambda self: False, doc="False: a glassgrad tensor is a dense CPU tensor."))


bind()
