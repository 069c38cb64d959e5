"""Producers run in forked workers: items in order, errors carried back, no child left behind."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial

import pytest

from softpower.errors import BadFile, SoftpowerError
from softpower.services.parse_worker import InTurn, WorkerItems


def _numbers(turn: int, turns: int, upto: int) -> Iterator[tuple[int, int]]:
    for n in range(upto):
        if n % turns == turn:
            yield (n, os.getpid())


def _fails() -> Iterator[int]:
    yield 1
    raise BadFile("crm.csv", "the file is not a table")


def _dies() -> Iterator[int]:
    yield 1
    os._exit(3)


def test_workers_in_turn_give_the_job_back_in_order() -> None:
    items = InTurn([partial(_numbers, turn, 2, 7) for turn in range(2)])
    got = list(items)
    items.close()
    assert [n for n, _ in got] == list(range(7))
    pids = {pid for _, pid in got}
    assert len(pids) == 2 and os.getpid() not in pids


def test_an_error_in_the_worker_is_raised_here_with_its_type() -> None:
    items = WorkerItems(_fails)
    assert next(items) == 1
    with pytest.raises(BadFile, match="not a table"):
        next(items)


def test_a_worker_that_dies_is_reported_not_waited_for() -> None:
    items = WorkerItems(_dies)
    assert next(items) == 1
    with pytest.raises(SoftpowerError, match="stopped unexpectedly"):
        next(items)


def test_closing_early_stops_the_worker() -> None:
    items = WorkerItems(partial(_numbers, 0, 1, 10**9))
    next(items)
    items.close()
    assert not items._child.is_alive()


def test_a_finished_worker_stops_and_is_reaped_on_close() -> None:
    items = WorkerItems(partial(_numbers, 0, 1, 3))
    assert [n for n, _ in items] == [0, 1, 2]
    with pytest.raises(StopIteration):
        next(items)
    items.close()
    assert not items._child.is_alive() and items._child.exitcode == 0
