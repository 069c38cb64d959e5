"""The reading worker process: order, bad files, crashes, and no orphan when the importer dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from softpower.errors import BadFile
from softpower.ingest.read_ahead import ReadAhead, ReaderFailed


def numbered_lines(path: Path) -> Iterator[tuple[str, int, str]]:
    """A reader: (file name, line number, text) per line; `bad` files cannot be read."""
    if path.name.startswith("bad"):
        raise BadFile(str(path), "unreadable on purpose")
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        yield (path.name, number, line)


def failing_reader(path: Path) -> Iterator[str]:
    yield "first"
    raise KeyError(f"unexpected in {path.name}")


def dying_reader(path: Path) -> Iterator[str]:
    yield "first"
    os._exit(3)


def endless_reader(path: Path) -> Iterator[str]:
    while True:
        yield "x" * 1000


def test_items_come_back_per_file_in_order(tmp_path: Path) -> None:
    paths = []
    for name, count in (("a.txt", 700), ("bad.txt", 3), ("c.txt", 2)):
        path = tmp_path / name
        path.write_text("".join(f"line {n}\n" for n in range(count)))
        paths.append(path)
    results: list[object] = []
    with ReadAhead(numbered_lines, batch_size=100) as reader:
        for items in reader.files(paths):
            try:
                results.append(list(items))
            except BadFile as error:
                results.append(error.reason)
    assert [len(r) for r in results[::2]] == [700, 2]
    assert results[0][699] == ("a.txt", 700, "line 699")  # type: ignore[index]
    assert results[1] == "unreadable on purpose"
    assert results[2] == [("c.txt", 1, "line 0"), ("c.txt", 2, "line 1")]


def test_an_exception_in_the_worker_is_raised_with_its_message(tmp_path: Path) -> None:
    (tmp_path / "m.txt").write_text("x")
    with ReadAhead(failing_reader) as reader:
        items = next(reader.files([tmp_path / "m.txt"]))
        with pytest.raises(ReaderFailed, match=r"KeyError: 'unexpected in m\.txt'"):
            list(items)


def test_a_worker_that_dies_is_an_error_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "m.txt").write_text("x")
    with ReadAhead(dying_reader, batch_size=1) as reader:
        items = next(reader.files([tmp_path / "m.txt"]))
        with pytest.raises(ReaderFailed, match="exit code 3"):
            list(items)


def test_a_reader_must_be_importable_by_the_worker(tmp_path: Path) -> None:
    def local(path: Path) -> Iterator[str]:
        yield path.name

    with pytest.raises(TypeError, match="module-level"):
        ReadAhead(local)


IMPORTER = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from softpower.ingest.read_ahead import ReadAhead
from test_read_ahead import endless_reader
reader = ReadAhead(endless_reader)
print(reader._process.pid, flush=True)
next(next(reader.files([Path(".")])))
time.sleep(600)
"""


def test_the_worker_exits_when_the_importer_is_killed() -> None:
    importer = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(Path(__file__).parent)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert importer.stdout is not None
    worker = int(importer.stdout.readline())
    importer.send_signal(signal.SIGKILL)
    importer.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.05)
    assert not _alive(worker), "the worker outlived its importer"


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status  # a zombie has exited; only its parent (gone) could reap it
