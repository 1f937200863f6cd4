"""Context managers as decorators: a function, or a generator function, run inside a fresh context.

The grad modes (`@no_grad()`, `@inference_mode`) use this, as PyTorch's decorators do: a generator's
every step, throw() and close() runs inside the mode, and the caller's mode holds between them.
`@detect_anomaly()` uses it too, where PyTorch's detect_anomaly is a context manager only (as a decorator
it is a TypeError there: 'detect_anomaly' object is not callable).
"""
import functools
import inspect


def decorate(fn, make_context):
    """fn run inside a fresh `make_context()` at each call; for a generator function, at each step,
    each throw() and the close() too (the caller's mode holds between them)."""
    if not inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with make_context():
                return fn(*args, **kwargs)

        return wrapper

    @functools.wraps(fn)
    def generator(*args, **kwargs):
        with make_context():
            steps = fn(*args, **kwargs)
            done, value = _advance(steps.send, None)
        while not done:
            try:
                request = yield value
            except GeneratorExit:
                with make_context():
                    steps.close()
                raise
            except BaseException as error:  # thrown in by the caller: passed on, inside the mode
                with make_context():
                    done, value = _advance(steps.throw, error)
            else:
                with make_context():
                    done, value = _advance(steps.send, request)
        return value

    return generator


def _advance(step, argument):
    """(False, the generator's next value), or (True, its return value) once it has finished."""
    try:
        return False, step(argument)
    except StopIteration as stop:
        return True, stop.value
