"""Reading input files in a second process while the importing process writes.

Parsing mail costs about as much CPU as storing it, and the machine has more
than one core, so a worker process reads the files (in the given order) and
sends their records back in small batches while the importer only writes.
The records must be picklable, and cheap to unpickle: plain tuples and
strings, not object graphs.

The worker is a fresh interpreter (`python -m softpower.ingest.read_ahead`)
talking pickles over its stdin and stdout, not a `multiprocessing` child: a
forked child would inherit the importer's database sockets and any lock a
progress-bar thread holds, and a spawned one re-runs the caller's main
script. The reader is named by `module:function`.

Memory stays bounded: a write blocks once the pipe's buffer (1 MiB) is
full, so the worker is never more than a few batches ahead of the writer.

Neither side can be left hanging. When the importer dies, even by SIGKILL,
the kernel closes its end of the pipe and the worker's next write fails, so
it exits; an importer that leaves by an exception closes the pipe the same
way and ends the worker. When the worker dies, the importer reads end of
file and raises `ReaderFailed`; an exception inside the worker is sent over
and raised the same way. A file the worker cannot read comes back as
`BadFile` for that file alone; the worker goes on with the next one.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

from softpower.errors import BadFile, SoftpowerError

Item = TypeVar("Item")

SEND_BATCH = 250
PIPE_BYTES = 1 << 20  # the most an unprivileged process may ask of Linux
_ITEMS, _END, _BAD_FILE, _FAILED = "items", "end", "bad-file", "failed"


class ReaderFailed(SoftpowerError):
    """The worker process reading the input died or raised an unexpected error."""


def _reader_name(read: Callable[[Path], Iterable[Any]]) -> str:
    name = f"{read.__module__}:{read.__qualname__}"
    if "<" in name:
        raise TypeError(f"a reader run in a worker must be a module-level function, not {name}")
    return name


def _reader_named(name: str) -> Callable[[Path], Iterable[Any]]:
    module, _, function = name.partition(":")
    reader: Callable[[Path], Iterable[Any]] = getattr(importlib.import_module(module), function)
    return reader


def _serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    """The worker: read the request, then stream each file's items back."""

    def send(kind: str, payload: Any) -> None:
        pickle.dump((kind, payload), replies, protocol=pickle.HIGHEST_PROTOCOL)
        replies.flush()

    try:
        name, batch_size, paths = pickle.load(requests)
        read = _reader_named(name)
        for path in paths:
            batch: list[Any] = []
            try:
                for item in read(path):
                    batch.append(item)
                    if len(batch) >= batch_size:
                        send(_ITEMS, batch)
                        batch = []
            except BadFile as error:
                send(_BAD_FILE, (error.file, error.reason))
                continue
            if batch:
                send(_ITEMS, batch)
            send(_END, None)
    except (EOFError, BrokenPipeError, ConnectionResetError):
        return  # the importer is gone: nothing left to do
    except BaseException as error:  # reported to the importer, which raises it
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        where = traceback.extract_tb(error.__traceback__)[-1:]
        place = f" at {where[0].filename}:{where[0].lineno}" if where else ""
        with contextlib.suppress(OSError):
            send(_FAILED, detail + place)


def _widen(pipe: IO[bytes]) -> None:
    """Room for a few batches in the pipe, where the system allows it (Linux, up to 1 MiB)."""
    if sys.platform == "linux":
        import fcntl

        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


class ReadAhead(Generic[Item]):
    """Items of each file, read by a worker process; use as a context manager.

    The worker starts at once (an interpreter takes a tenth of a second to
    start), and waits for `files(paths)`, which yields, per path and in
    order, an iterator over that file's items; each must be consumed whole
    before the next one is asked for.
    """

    def __init__(
        self, read: Callable[[Path], Iterable[Item]], batch_size: int = SEND_BATCH
    ) -> None:
        self._request = (_reader_name(read), batch_size)
        search_path = os.pathsep.join(p for p in sys.path if p)
        self._process = subprocess.Popen(
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": search_path},
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._requests = self._process.stdin
        self._replies = self._process.stdout
        _widen(self._replies)

    def __enter__(self) -> ReadAhead[Item]:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker: it exits at its next read or write once the pipes are closed."""
        with contextlib.suppress(OSError):
            self._requests.close()
        self._replies.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def files(self, paths: Sequence[Path]) -> Iterator[Iterator[Item]]:
        with self._requests as requests:
            pickle.dump((*self._request, list(paths)), requests)
        for _ in paths:
            yield self._file_items()

    def _file_items(self) -> Iterator[Item]:
        while True:
            kind, payload = self._receive()
            if kind == _ITEMS:
                yield from payload
            elif kind == _END:
                return
            elif kind == _BAD_FILE:
                raise BadFile(*payload)
            else:
                raise ReaderFailed(f"the process reading the input failed: {payload}")

    def _receive(self) -> tuple[str, Any]:
        try:
            message: tuple[str, Any] = pickle.load(self._replies)
        except (EOFError, OSError, pickle.UnpicklingError) as error:
            code = self._process.wait()
            raise ReaderFailed(
                f"the process reading the input stopped (exit code {code})"
            ) from error
        return message


def main() -> None:
    """Worker entry point; stdout carries the replies, so stray prints go to stderr."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        _serve(sys.stdin.buffer, replies)
    finally:
        with contextlib.suppress(OSError):  # the importer may be gone
            replies.close()


if __name__ == "__main__":
    main()
