"""Command line programs: the graph drawer (`autograd-viz`), the demo and the benchmarks."""
