"""What PyTorch has and a CPU-only NumPy library has no use for, so that scripts written for PyTorch run
unchanged under `glassgrad.install_as_torch()`: each module here stands under one of PyTorch's names.

    backends/      torch.backends (cuda.matmul.allow_tf32, cudnn.allow_tf32, mps.is_available(), ...)
    cuda/          torch.cuda (autograd.cuda, plus torch.cuda.amp and is_bf16_supported)
    amp.py         torch.amp and torch.autocast: autocast contexts that cast nothing, GradScaler
    distributed.py torch.distributed: importable, refusing to start a process group
    parallel.py    torch.nn.parallel: DistributedDataParallel (refuses), DataParallel (the module itself on a CPU)
    tensorboard.py torch.utils.tensorboard: a SummaryWriter that writes scalars to a CSV file
    serialization.py  torch.save / torch.load without pickle
    top_level.py   torch.compile, torch.set_float32_matmul_precision, torch.bfloat16, torch.pi, ...
    version.py     torch.__version__ and torch.version
"""
