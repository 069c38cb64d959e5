"""Checks on the processes an import leaves behind."""

from __future__ import annotations

import time
from pathlib import Path


def assert_no_process_left(marker: str) -> None:
    """No process whose command line holds `marker` outlives a killed import (their pipe breaks)."""
    deadline = time.monotonic() + 20
    while True:
        left = []
        for entry in Path("/proc").iterdir():
            try:
                command = (entry / "cmdline").read_bytes()
                status = (entry / "status").read_text()
            except OSError:
                continue
            if marker.encode() in command and "State:\tZ" not in status:
                left.append(entry.name)
        if not left:
            return
        assert time.monotonic() < deadline, f"processes left behind: {left}"
        time.sleep(0.1)
