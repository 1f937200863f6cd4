"""One LSTM time step's gates and cell update."""
from autograd.functional.recurrent import lstm_cell  # noqa: F401  two primitives, with their rules (autograd/primitives/recurrent.py)
