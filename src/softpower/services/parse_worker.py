"""Running a producer in a second process, so parsing overlaps writing.

A large import is two kinds of work: Python parsing the file, and the
database writing rows. In one process they share one interpreter lock; in
two, each gets a core. `WorkerItems` forks a child that runs a producer
and sends each item back through a pipe, with `marshal` when the items are
plain tuples, lists, str, numbers, bool and None (several times faster than
`pickle` for them; both ends are the same interpreter), else with `pickle`.

The pipe is the only tie between the two and it keeps the child honest:
widened to `PIPE_BYTES` (on Linux), it lets the child run a dozen small
batches ahead and no further (memory stays flat), so several children work
at once with no thread here to drain them (a thread cost the writer a few
milliseconds to start and its interpreter lock at every batch); if the
parent dies, even by SIGKILL, the child's next send fails and it exits; an
error in the child is raised again in the parent; a child that dies is
reported, never waited for forever; a parent that stops early kills it.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import marshal
import multiprocessing
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Iterator
from functools import partial
from multiprocessing.connection import Connection
from typing import Any, Literal

from softpower.errors import SoftpowerError

_ITEM, _ERROR, _END = 0, 1, 2
PIPE_BYTES = 1 << 20  # how far ahead a child may run: about a dozen small batches
GC_YOUNG_OBJECTS = 20000  # allocations between young collections in a child (Python's default: 700)


class WorkerItems:
    """The items a forked child produces, in order; `close()` stops the child."""

    def __init__(
        self, produce: Callable[[], Iterator[Any]], codec: Literal["marshal", "pickle"] = "marshal"
    ) -> None:
        context = multiprocessing.get_context("fork")
        self._receiving, sending = context.Pipe(duplex=False)
        self._dumps: Callable[[Any], bytes] = marshal.dumps
        self._loads: Callable[[bytes], Any] = marshal.loads
        if codec == "pickle":
            self._dumps, self._loads = partial(pickle.dumps, protocol=5), pickle.loads
        self._child = context.Process(
            target=_run, args=(produce, self._receiving, sending, self._dumps), daemon=True
        )
        with contextlib.suppress(AttributeError, OSError):  # elsewhere, the default size
            fcntl.fcntl(sending.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        self._child.start()
        sending.close()
        self._done = False
        self._ended = False  # the child said it has no more

    def __iter__(self) -> WorkerItems:
        return self

    def __next__(self) -> Any:
        if self._done:
            raise StopIteration
        try:
            data = self._receiving.recv_bytes()
        except (EOFError, OSError):
            self._child.join(timeout=5)
            self.close()
            raise SoftpowerError(
                f"the parsing process stopped unexpectedly (exit code {self._child.exitcode})"
            ) from None
        kind, payload = self._loads(data)
        if kind == _ITEM:
            return payload
        if kind == _END:
            self._done = self._ended = True
            raise StopIteration
        self.close()
        raise _error_from(payload)

    def close(self) -> None:
        """Stop the child (if it still runs) and release the pipe; safe to call twice."""
        self._done = True
        if self._ended:  # it sent its end and is exiting on its own: let it
            self._child.join(timeout=5)
        if self._child.is_alive():
            self._child.kill()
        self._child.join()
        self._receiving.close()


class InTurn:
    """The items of several workers taken in turn, one from each, until one has none.

    Producers that split a job by turns (the first takes batches 0, 2, 4...,
    the second 1, 3, 5...) come back in the job's own order this way.
    """

    def __init__(self, produces: list[Callable[[], Iterator[Any]]]) -> None:
        self._workers: list[WorkerItems] = []
        try:
            for produce in produces:
                self._workers.append(WorkerItems(produce))
        except BaseException:
            self.close()
            raise
        self._turn = 0

    def __iter__(self) -> InTurn:
        return self

    def __next__(self) -> Any:
        worker = self._workers[self._turn % len(self._workers)]
        self._turn += 1
        return next(worker)

    def close(self) -> None:
        for worker in self._workers:
            worker.close()


def _run(
    produce: Callable[[], Iterator[Any]],
    receiving: Connection,
    sending: Connection,
    dumps: Callable[[Any], bytes],
) -> None:
    """The child: send every item, then an end mark, or the error that stopped it."""
    receiving.close()  # so the pipe breaks as soon as the parent is gone
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # what the parent built is never garbage here: the collector leaves it alone (and its
    # pages shared), and runs far less often over the batches' short-lived objects
    gc.freeze()
    gc.set_threshold(GC_YOUNG_OBJECTS)
    try:
        for item in produce():
            sending.send_bytes(dumps((_ITEM, item)))
        sending.send_bytes(dumps((_END, None)))
    except BrokenPipeError:
        os._exit(1)  # the parent is gone: nobody to report to
    except BaseException as error:
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        try:
            blob = pickle.dumps(error)
            pickle.loads(blob)  # only send what the parent can rebuild
        except Exception:
            blob = b""
        try:
            sending.send_bytes(dumps((_ERROR, (blob, detail))))
        except BrokenPipeError:
            os._exit(1)
    finally:
        sending.close()


def _error_from(payload: tuple[bytes, str]) -> BaseException:
    blob, detail = payload
    if blob:
        error = pickle.loads(blob)
        if isinstance(error, BaseException):
            return error
    return SoftpowerError(f"parsing failed: {detail}")
