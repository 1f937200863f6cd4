"""nn.data: datasets, minibatch loading, train/test splits and cross-validation, small datasets.

    >>> X, y = make_moons(200, noise=0.1, random_state=0)
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
    >>> for xb, yb in DataLoader(TensorDataset(X_train, y_train), batch_size=32, shuffle=True):
    ...     ...
"""
from .collate import default_collate, default_convert
from .dataset import ChainDataset, ConcatDataset, Dataset, IterableDataset, Subset, TensorDataset, random_split
from .loader import DataLoader, get_worker_info
from .mnist import load_mnist, read_idx
from .sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)
from .splits import KFold, train_test_split
from .synthetic import make_blobs, make_moons, make_polynomial, make_regression, make_sine, make_spirals
from .text import SONNETS, CharCorpus

__all__ = [
    "Dataset", "IterableDataset", "ChainDataset", "ConcatDataset", "TensorDataset", "Subset", "random_split", "DataLoader", "get_worker_info", "default_collate", "default_convert",
    "Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler", "BatchSampler",
    "train_test_split", "KFold",
    "make_moons", "make_spirals", "make_blobs", "make_regression", "make_sine", "make_polynomial",
    "CharCorpus", "SONNETS", "load_mnist", "read_idx",
]
