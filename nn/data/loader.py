"""DataLoader: iterate over a dataset in (shuffled) minibatches, with PyTorch's arguments."""
import itertools
import multiprocessing
import operator
from typing import Generic, TypeVar

from .collate import default_collate, default_convert, fetch_samples
from .dataset import IterableDataset, fetch_batch
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler
from .seeding import as_generator

T_co = TypeVar("T_co", covariant=True)  # the type of a batch


def get_worker_info():
    """None, as PyTorch's get_worker_info() gives in the main process: glassgrad's DataLoader never starts
    worker processes (num_workers > 0 loads in this process; see DataLoader)."""
    return None


class DataLoader(Generic[T_co]):
    """Minibatches of `dataset`, each sample once per epoch (one pass of `for batch in loader`).

    batch_size: samples per batch; the last batch is smaller unless drop_last drops it. batch_size=None
    turns batching off: each sample comes as the dataset gives it.
    shuffle: a new random order every epoch, drawn from `generator` (a NumPy Generator or an int seed; by
    default glassgrad's generator, set by autograd.manual_seed). The same seed gives the same epochs.
    sampler (an iterable of indices) or batch_sampler (an iterable of lists of indices) choose the order
    instead, as in PyTorch (see nn.data.sampler); collate_fn(list of samples) makes a batch.
    A TensorDataset (or a Subset of one) with the default collate_fn gives each batch with one fancy
    index per tensor when every index is an integer and no subclass changes how items are read (the batch keeps requires_grad, as stacking the
    samples would); other datasets and other indices are read sample by sample, each index passed to
    dataset[index] as it is (never converted), and stacked with `default_collate`.
    An IterableDataset is read in its own order, batch_size samples at a time; shuffle, sampler and
    batch_sampler are refused as PyTorch refuses them, and so is num_workers > 0 (see below).

    glassgrad runs on the CPU in one process: for a map-style dataset, num_workers > 0 loads in this
    same process and gives the same batches as num_workers=0 (worker_init_fn(worker_id) is called here
    for each worker id at the start of each epoch, or once with persistent_workers); pin_memory, timeout,
    prefetch_factor, multiprocessing_context and in_order change nothing, but the values PyTorch refuses
    are refused with its errors (a timeout > 0 or a prefetch_factor of 0 when iterating, as PyTorch's
    iterators refuse them; a multiprocessing_context without workers or naming no start method). With an
    IterableDataset, num_workers > 0 is refused: PyTorch's workers would each iterate their own copy of
    the stream. Combinations PyTorch refuses are refused with its messages.
    """

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False,
                 pin_memory_device="", in_order=True):
        _check_options(batch_size, shuffle, sampler, batch_sampler, num_workers, drop_last, timeout,
                       prefetch_factor, persistent_workers)
        _check_multiprocessing_context(multiprocessing_context, num_workers)
        if isinstance(dataset, IterableDataset):
            _check_iterable_options(shuffle, sampler, batch_sampler, num_workers)
        self.dataset = dataset
        self.num_workers, self.pin_memory, self.timeout = num_workers, pin_memory, timeout
        if num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2  # PyTorch's default with workers
        self.worker_init_fn, self.persistent_workers, self.prefetch_factor = worker_init_fn, persistent_workers, prefetch_factor
        self.multiprocessing_context, self.pin_memory_device, self.in_order = multiprocessing_context, pin_memory_device, in_order
        self.generator = None if generator is None else as_generator(generator)
        if batch_sampler is not None:
            batch_size, drop_last = None, False  # the batch sampler decides
        if isinstance(dataset, IterableDataset):
            sampler = _InfiniteConstantSampler()
        elif sampler is None:
            sampler = RandomSampler(dataset, generator=self.generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_size, self.drop_last, self.sampler, self.batch_sampler = batch_size, drop_last, sampler, batch_sampler
        self.collate_fn = collate_fn if collate_fn is not None else (
            default_collate if batch_sampler is not None else default_convert
        )
        self._workers_started = False
        self._initialized = True

    _initialized = False
    _FIXED = ("batch_size", "batch_sampler", "sampler", "drop_last", "dataset", "persistent_workers")

    def __setattr__(self, name, value):
        """The options that decided how batches are drawn cannot change afterwards, as in PyTorch."""
        if self._initialized and name in self._FIXED:
            raise ValueError(f"{name} attribute should not be set after {type(self).__name__} is initialized")
        super().__setattr__(name, value)

    def __len__(self):
        """The number of batches per epoch (of samples, when batching is off); for an IterableDataset,
        from its own len() (a TypeError when it has none)."""
        if isinstance(self.dataset, IterableDataset):
            samples = len(self.dataset)
            if self.batch_size is None:
                return samples
            return samples // self.batch_size if self.drop_last else -(-samples // self.batch_size)
        return len(self.batch_sampler if self.batch_sampler is not None else self.sampler)

    def __iter__(self):
        """An iterator over the batches that also has len() (PyTorch's _SingleProcessDataLoaderIter), after
        the checks PyTorch's iterators make of the worker options (its error types and messages)."""
        if self.num_workers == 0 and self.timeout != 0:
            raise AssertionError("_SingleProcessDataLoaderIter requires timeout == 0")
        if self.num_workers > 0 and operator.index(self.prefetch_factor) <= 0:
            raise AssertionError("prefetch_factor must be greater than 0 for MultiProcessingDataLoaderIter")
        return _SingleProcessDataLoaderIter(self)

    def _batches(self):
        self._start_workers()
        if isinstance(self.dataset, IterableDataset):
            yield from self._iterate_stream()
            return
        if self.batch_sampler is None:
            for index in self.sampler:
                yield self.collate_fn(self.dataset[index])
            return
        for indices in self.batch_sampler:
            if self.collate_fn is default_collate:  # read now: a collate_fn set after __init__ counts
                yield fetch_batch(self.dataset, indices)
            else:
                yield self.collate_fn(fetch_samples(self.dataset, indices))

    def _iterate_stream(self):
        """An IterableDataset's samples in order, batch_size at a time (the last batch shorter unless
        drop_last), or one by one when batching is off."""
        samples = iter(self.dataset)
        if self.batch_size is None:
            for sample in samples:
                yield self.collate_fn(sample)
            return
        while True:
            batch = list(itertools.islice(samples, self.batch_size))
            if not batch or (self.drop_last and len(batch) < self.batch_size):
                return
            yield self.collate_fn(batch)

    def _start_workers(self):
        """Call worker_init_fn as PyTorch's workers would: for each worker, every epoch unless persistent."""
        if self.num_workers and self.worker_init_fn is not None and not (
            self.persistent_workers and self._workers_started
        ):
            for worker_id in range(self.num_workers):
                self.worker_init_fn(worker_id)
        self._workers_started = True


def _check_options(batch_size, shuffle, sampler, batch_sampler, num_workers, drop_last, timeout, prefetch_factor,
                   persistent_workers):
    """PyTorch's checks of DataLoader's arguments, with its messages."""
    if num_workers < 0:
        raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.")
    operator.index(num_workers)  # PyTorch's TypeError for a float, "cannot be interpreted as an integer"
    if timeout < 0:
        raise ValueError("timeout option should be non-negative")
    if num_workers == 0 and prefetch_factor is not None:
        raise ValueError(
            "prefetch_factor option could only be specified in multiprocessing. Let num_workers > 0 to enable "
            "multiprocessing, otherwise set prefetch_factor to None."
        )
    if prefetch_factor is not None and prefetch_factor < 0:
        raise ValueError("prefetch_factor option should be non-negative")
    if persistent_workers and num_workers == 0:
        raise ValueError("persistent_workers option needs num_workers > 0")
    if sampler is not None and shuffle:
        raise ValueError("sampler option is mutually exclusive with shuffle")
    if batch_sampler is not None and (batch_size != 1 or shuffle or sampler is not None or drop_last):
        raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last")
    if batch_sampler is None and batch_size is None and drop_last:
        raise ValueError(
            "batch_size=None option disables auto-batching and is mutually exclusive with drop_last"
        )
    if batch_sampler is None and batch_size is not None and (
        isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size <= 0
    ):
        raise ValueError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")


def _check_multiprocessing_context(context, num_workers):
    """PyTorch's checks of multiprocessing_context: only with workers, and a start method's name or a context."""
    if context is None:
        return
    if not num_workers:
        raise ValueError("multiprocessing_context can only be used with multi-process loading (num_workers > 0), "
                         f"but got num_workers={num_workers}")
    methods = multiprocessing.get_all_start_methods()
    if isinstance(context, str) and context not in methods:
        raise ValueError(f"multiprocessing_context option should specify a valid start method in {methods!r}, but "
                         f"got multiprocessing_context={context!r}")
    if not isinstance(context, (str, multiprocessing.context.BaseContext)):
        raise TypeError("multiprocessing_context option should be a valid context object or a string specifying "
                        f"the start method, but got multiprocessing_context={context}")


def _check_iterable_options(shuffle, sampler, batch_sampler, num_workers):
    """What PyTorch refuses with an IterableDataset (a shuffle other than False or None; any sampler or
    batch_sampler given), and what glassgrad's one process cannot do."""
    for name, value, unspecified in (("shuffle", shuffle, shuffle in {False, None}), ("sampler", sampler, sampler is None),
                                     ("batch_sampler", batch_sampler, batch_sampler is None)):
        if not unspecified:
            raise ValueError(f"DataLoader with IterableDataset: expected unspecified {name} option, "
                             f"but got {name}={value}")
    if num_workers:
        raise ValueError(
            f"DataLoader with IterableDataset: num_workers={num_workers} is not supported. glassgrad loads in one "
            "process, and PyTorch's workers would each iterate a copy of the dataset (every sample once per "
            "worker unless the dataset splits itself with get_worker_info); use num_workers=0"
        )


class _SingleProcessDataLoaderIter:
    """What iter(loader) returns: next() gives the next batch, len() the loader's number of batches."""

    def __init__(self, loader):
        self._loader = loader
        self._batches = loader._batches()

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._batches)

    def __len__(self):
        return len(self._loader)


class _InfiniteConstantSampler(Sampler):
    """The sampler of a DataLoader over an IterableDataset, as in PyTorch: None forever (the stream decides)."""

    def __iter__(self):
        while True:
            yield None
