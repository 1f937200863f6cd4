"""`autograd-viz`: draw computation graphs from the shell (an expression, a built-in model, or a
function in your own file). Run `autograd-viz --help` for examples."""
