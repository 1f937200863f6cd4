"""Benchmarks: glassgrad against hand-written NumPy and PyTorch. Run `python -m tools.bench`."""
