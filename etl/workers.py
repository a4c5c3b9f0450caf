"""Worker processes for the work that splits into independent pieces: documents, batches of documents, batches
of regions. One function, `map_in_workers`, used by every stage that needs it; and `InBackground`, one
call run in a forked process while this one goes on (a corpus stage beside the next ones).

Workers are forked: no re-import of the caller's main script, and large read-only arguments shared by every
call (`shared`) are inherited rather than sent. Only from the main thread: a build in a thread of the
dashboard's server works alone (forking a threaded server is not safe).
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

PARALLEL_MINIMUM = 24  # fewer pieces than this: no worker processes (they take a moment to start)
SHARED_ARGUMENTS: tuple = ()  # the arguments every call shares: set before the workers fork, inherited
WORKERS_ALLOWED = [True]  # False while this process works beside a background one


def call_with_shared(function: Callable, arguments: tuple) -> bytes:
    """function(*arguments, *SHARED_ARGUMENTS), pickled here with Arrow tables as IPC streams (etl/cache.py
    dumps): the pool's own pickling of thousands of documents' tables cost the workers and this process a third
    of the parse phase at 3,000 documents."""
    from etl.cache import dumps

    return dumps(function(*arguments, *SHARED_ARGUMENTS))


def worker_count(jobs: int | None) -> int:
    return jobs or os.cpu_count() or 1


def map_in_workers(function: Callable, arguments: list[tuple], jobs: int | None, shared: tuple = (),
                   minimum: int = PARALLEL_MINIMUM) -> list:
    """function(*a, *shared) for every a, in order: in worker processes when there are at least `minimum`
    pieces and more than one core, else here."""
    global SHARED_ARGUMENTS
    if not can_fork(jobs) or len(arguments) < minimum:
        return [function(*argument, *shared) for argument in arguments]
    SHARED_ARGUMENTS, jobs = shared, worker_count(jobs)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return [pickle.loads(result) for result in pool.map(functools.partial(call_with_shared, function),
                                                                arguments, chunksize=max(1, len(arguments) // (jobs * 8)))]
    finally:
        SHARED_ARGUMENTS = ()


def can_fork(jobs: int | None) -> bool:
    """Worker processes are allowed: more than one core asked for, and called from the main thread."""
    return (worker_count(jobs) > 1 and WORKERS_ALLOWED[0]
            and threading.current_thread() is threading.main_thread())


@contextlib.contextmanager
def no_workers():
    """Within the block, map_in_workers works in this process (another process is working beside it)."""
    allowed, WORKERS_ALLOWED[0] = WORKERS_ALLOWED[0], False
    try:
        yield
    finally:
        WORKERS_ALLOWED[0] = allowed


def send_result(sender, function: Callable, arguments: tuple) -> None:
    """In the background process: (True, result) or (False, the exception) through the pipe."""
    try:
        outcome = (True, function(*arguments))
    except BaseException as error:  # noqa: BLE001 (handed to the parent, which raises it)
        outcome = (False, error)
    try:
        sender.send(outcome)
    except Exception as error:  # noqa: BLE001 (a result or exception that cannot be pickled: say so)
        what = "its result" if outcome[0] else f"{type(outcome[1]).__name__}: {outcome[1]}"
        sender.send((False, RuntimeError(f"a background process of the build could not send {what} ({error})")))
    sender.close()


class InBackground:
    """function(*arguments) in a forked process (it inherits the arguments: nothing is copied to it) while this
    process goes on; result() waits for it and returns its result, or raises its exception. A thread here
    receives the result as soon as it is sent, so that the process ends then and gives back its memory (it
    would otherwise wait, holding it, until result() is called)."""

    def __init__(self, function: Callable, arguments: tuple):
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=send_result, args=(sender, function, arguments))
        self.process.start()
        sender.close()
        self.outcome: tuple | None = None
        self.receiving = threading.Thread(target=self.receive, daemon=True)
        self.receiving.start()

    def receive(self) -> None:
        try:
            self.outcome = self.receiver.recv()
        except EOFError:
            self.outcome = None
        finally:
            self.receiver.close()

    def result(self):
        self.receiving.join()
        self.process.join()
        if self.outcome is None:
            raise RuntimeError(f"a background process of the build ended without a result "
                               f"(exit code {self.process.exitcode})")
        succeeded, value = self.outcome
        self.outcome = None
        if not succeeded:
            raise value
        return value

    def stop(self) -> None:
        """End the process unheard (this process failed: its result is not wanted)."""
        self.process.terminate()
        self.process.join()
        self.receiving.join()
