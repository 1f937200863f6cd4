"""One LSTM or GRU time step's gates and state update."""
# primitives with their rules: autograd/primitives/recurrent.py
from autograd.functional.recurrent import gru_cell, lstm_cell  # noqa: F401
