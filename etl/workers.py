"""Worker processes for the work that splits into independent pieces: documents, batches of regions, pairs of
tasks to score. One function, `map_in_workers`, used by every stage that needs it.

Workers are forked: no re-import of the caller's main script, and large read-only arguments shared by every
call (`shared`) are inherited rather than sent. Only from the main thread: a build in a thread of the
dashboard's server works alone (forking a threaded server is not safe).
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

PARALLEL_MINIMUM = 24  # fewer pieces than this: no worker processes (they take a moment to start)
SHARED_ARGUMENTS: tuple = ()  # the arguments every call shares: set before the workers fork, inherited


def call_with_shared(function: Callable, arguments: tuple):
    return function(*arguments, *SHARED_ARGUMENTS)


def worker_count(jobs: int | None) -> int:
    return jobs or os.cpu_count() or 1


def map_in_workers(function: Callable, arguments: list[tuple], jobs: int | None, shared: tuple = (),
                   minimum: int = PARALLEL_MINIMUM) -> list:
    """function(*a, *shared) for every a, in order: in worker processes when there are at least `minimum`
    pieces and more than one core, else here."""
    global SHARED_ARGUMENTS
    jobs = worker_count(jobs)
    if jobs <= 1 or len(arguments) < minimum or threading.current_thread() is not threading.main_thread():
        return [function(*argument, *shared) for argument in arguments]
    SHARED_ARGUMENTS = shared
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(functools.partial(call_with_shared, function), arguments,
                                 chunksize=max(1, len(arguments) // (jobs * 8))))
    finally:
        SHARED_ARGUMENTS = ()
