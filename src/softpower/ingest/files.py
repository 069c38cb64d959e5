"""Facts about input files that every importer needs: content hash and size.

The hash is what makes imports incremental (an unchanged file is skipped) and
what ties each stored record to the exact file version it came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from softpower.errors import BadFile, SoftpowerError

CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except OSError as error:
        raise BadFile(str(path), error.strerror or str(error)) from error
    return digest.hexdigest()


def expand_paths(paths: list[Path], suffixes: tuple[str, ...]) -> list[Path]:
    """Files named directly, plus files under named folders whose suffix matches, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
            )
        elif path.exists():
            found.append(path)
        else:
            raise BadFile(str(path), "no such file or folder")
    return found


def nothing_found(paths: Sequence[Path], what: str) -> SoftpowerError:
    """The error for an import whose paths hold no file it reads: a wrong folder named is a
    mistake to say, not an empty success that reads as if the files had been taken in."""
    named = ", ".join(str(path) for path in paths) or "no path"
    return SoftpowerError(f"no {what} in {named}")


def found_files(paths: list[Path], suffixes: tuple[str, ...], kind: str) -> list[Path]:
    """`expand_paths`, refusing an import that would read nothing (see `nothing_found`)."""
    found = expand_paths(paths, suffixes)
    if not found:
        raise nothing_found(paths, f"{kind} file ({', '.join(suffixes)})")
    return found
