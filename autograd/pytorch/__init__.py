"""What exists only to match PyTorch, kept out of the teaching core: printing as PyTorch prints,
`Size`, devices and `cuda`, legacy type names, and the argument checks that give PyTorch's errors.
The engine does not need any of it to compute a gradient."""
