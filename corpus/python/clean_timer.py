import time
from contextlib import contextmanager


@contextmanager
def timed(label: str, report):
    """Call report(label, seconds) with the time the block took, even when it raises."""
    start = time.perf_counter()
    try:
        yield
    finally:
        report(label, time.perf_counter() - start)
