"""Mail import on the real Enron corpus: speed, memory and identity resolution quality.

- Speed: messages per second of `import_mail` into SQLite and PostgreSQL, as
  a ratio to parsing the same mbox files with the standard library alone
  (`mailbox.mbox` + `email.parser.BytesParser`) in this process.
- Memory: peak RSS of a fresh process importing 10k and 100k messages (the
  corpus replayed with rewritten Message-IDs), into SQLite, and of each
  worker process that parses the mail for it.
- Identity: pairwise precision and recall of the resulting persons over the
  custodians' addresses in `custodian_addresses.csv`.

With `--stored-first`, one message is imported before the timed import, so
that it is not a first import: on PostgreSQL it then checks references row
by row instead of once per transaction (see `services.imports`).

Skips (exit 0) when the data folder is absent; PostgreSQL is skipped with a
message when no server answers. Usage: python benchmarks/mail_import.py
[--databases sqlite,postgresql] [--replay 10000,100000] (an empty --replay skips it)
[--stored-first].
"""

from __future__ import annotations

import argparse
import csv
import itertools
import mailbox
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from email.parser import BytesParser
from pathlib import Path

from sqlalchemy import create_engine, select, text

from softpower.services.mail_import import PARSERS, import_mail
from softpower.services.people import resolve_identities
from softpower.services.store import init_workspace, store_of
from softpower.store import schema
from softpower.workspace import Workspace, create_workspace

DATA = Path(
    os.environ.get("SOFTPOWER_DATA")
    or Path(__file__).resolve().parents[1].parent / "shared" / "data"
)
ENRON = DATA / "enron"
POSTGRES = os.environ.get(
    "SOFTPOWER_TEST_POSTGRES_URL",
    "postgresql+psycopg://softpower:softpower@127.0.0.1:5432/softpower",
)


def stdlib_parse(files: list[Path]) -> tuple[int, float]:
    parser = BytesParser()
    started = time.perf_counter()
    count = 0
    for path in files:
        for _message in mailbox.mbox(path, factory=parser.parse):
            count += 1
    return count, time.perf_counter() - started


SEED = (
    "From x Mon Jul  1 10:00:00 2024\nFrom: seed@example.org\nTo: someone@example.org\n"
    "Subject: Seed\nDate: Mon, 1 Jul 2024 09:00:00 +0000\nMessage-ID: <seed@example.org>\n\nHi.\n"
)
STORED_FIRST = False  # set by --stored-first


def workspace_at(root: Path, database_url: str) -> Workspace:
    create_workspace(root)
    ws = Workspace(root=root, database_url=database_url, internal_domains=("enron.com",))
    init_workspace(ws).dispose()
    if STORED_FIRST:
        seed = root / "seed"
        seed.mkdir()
        (seed / "seed.mbox").write_text(SEED)
        import_mail(ws, [seed], resolve=False)
    return ws


def timed_import(ws: Workspace, files: list[Path]) -> tuple[int, float, float]:
    started = time.perf_counter()
    summary, _ = import_mail(ws, files, resolve=False)
    imported = time.perf_counter() - started
    with store_of(ws) as engine:
        started = time.perf_counter()
        resolve_identities(engine)
        resolved = time.perf_counter() - started
    return summary.written["messages"] + summary.written["duplicates"], imported, resolved


def postgres_database() -> tuple[str, str] | None:
    name = f"softpower_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as error:  # no server: the PostgreSQL figures are skipped
        print(f"PostgreSQL unavailable ({str(error).splitlines()[0]}); skipping it")
        return None
    return name, re.sub(r"/[^/]*$", f"/{name}", POSTGRES)


def drop_database(name: str) -> None:
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    try:
        for attempt in range(10):  # FORCE may not end an autovacuum worker: wait for it
            try:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                return
            except Exception:
                if attempt == 9:
                    raise
                time.sleep(1)
    finally:
        admin.dispose()


def replay(files: list[Path], target: int, folder: Path) -> None:
    """Write `target` messages as mbox files, cycling the corpus with new Message-IDs."""
    folder.mkdir(parents=True)
    written = 0
    for round_number in itertools.count():
        for path in files:
            out = folder / f"r{round_number:02d}-{path.name}"
            with path.open("rb") as source, out.open("wb") as sink:
                for line in source:
                    if line.startswith(b"From "):
                        if written >= target:
                            return
                        written += 1
                    elif line.startswith(b"Message-ID: <"):
                        line = b"Message-ID: <r%d." % round_number + line[13:]
                    sink.write(line)
            if written >= target:
                return


PEAK_SCRIPT = r"""
import os, re, sys, threading, time
from pathlib import Path
from softpower.services.mail_import import import_mail
from softpower.services.store import init_workspace
from softpower.workspace import Workspace, create_workspace

def peak_mb(status_path):
    try:
        return int(re.search(r"VmHWM:\s+(\d+)", Path(status_path).read_text())[1]) // 1024
    except (OSError, TypeError):
        return 0

children_peak = 0
def watch_children():  # the largest parsing worker's own peak, sampled while they run
    global children_peak
    while True:
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                if f"PPid:\t{os.getpid()}\n" in status.read_text():
                    children_peak = max(children_peak, peak_mb(status))
            except OSError:
                pass
        time.sleep(0.2)

root = Path(sys.argv[1]); create_workspace(root)
ws = Workspace(root=root, database_url=f"sqlite:///{root}/softpower.db", internal_domains=("enron.com",))
init_workspace(ws).dispose()
threading.Thread(target=watch_children, daemon=True).start()
summary, _ = import_mail(ws, [Path(sys.argv[2])])
# own peak (not the parent's, as ru_maxrss of a child would be), then the worker's
print(summary.written["messages"], peak_mb("/proc/self/status"), children_peak)
"""


def peak_rss(mail_folder: Path, workspace_root: Path) -> tuple[int, int, int, float]:
    """(messages, importer's peak MB, a parsing worker's peak MB, seconds) of a fresh process."""
    started = time.perf_counter()
    output = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, str(workspace_root), str(mail_folder)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return int(output[0]), int(output[1]), int(output[2]), time.perf_counter() - started


def identity_quality(ws: Workspace) -> tuple[float, float, int, int, int]:
    """(precision, recall, addresses seen, custodians, true pairs) over custodian addresses."""
    truth: dict[str, str] = {}
    with (ENRON / "custodian_addresses.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for address in row["addresses"].split(";"):
                truth[address.strip().lower()] = row["custodian_id"]
    with store_of(ws) as engine, engine.connect() as connection:
        table = schema.person_addresses
        person = {
            row.address: row.person_id
            for row in connection.execute(
                select(table.c.address, table.c.person_id).where(table.c.address.in_(list(truth)))
            )
        }
    seen = sorted(person)
    true_pairs = predicted = correct = 0
    for a, b in itertools.combinations(seen, 2):
        same_truth = truth[a] == truth[b]
        same_person = person[a] == person[b]
        true_pairs += same_truth
        predicted += same_person
        correct += same_truth and same_person
    precision = correct / predicted if predicted else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    return precision, recall, len(seen), len({truth[a] for a in seen}), true_pairs


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--databases",
        default="sqlite,postgresql",
        help="comma-separated: sqlite, postgresql (default both)",
    )
    parser.add_argument(
        "--replay",
        default="10000,100000",
        help="comma-separated replay sizes for peak RSS; empty for none (default 10000,100000)",
    )
    parser.add_argument(
        "--stored-first",
        action="store_true",
        help="store one message before the timed import (not a first import)",
    )
    return parser.parse_args()


def sqlite_figures(
    scratch: Path, files: list[Path], baseline: float
) -> list[tuple[str, float, str]]:
    ws = workspace_at(scratch / "sqlite", f"sqlite:///{scratch / 'sqlite' / 'softpower.db'}")
    count, seconds, resolving = timed_import(ws, files)
    print(f"SQLite import: {count} messages in {seconds:.1f} s, resolution {resolving:.1f} s")
    precision, recall, addresses, custodians, pairs = identity_quality(ws)
    print(
        f"identity: {addresses} of 208 custodian addresses seen ({custodians} custodians, "
        f"{pairs} same-person pairs)"
    )
    return [
        ("sqlite_import_rate", count / seconds, "messages/s"),
        ("sqlite_ratio_to_stdlib_parse", count / seconds / baseline, "x"),
        ("identity_resolution_time", resolving, "s"),
        ("identity_precision", precision, ""),
        ("identity_recall", recall, ""),
    ]


def main() -> None:
    global STORED_FIRST
    options = arguments()
    STORED_FIRST = options.stored_first
    databases = set(options.databases.split(","))
    sizes = [int(size) for size in options.replay.split(",") if size]
    if not (ENRON / "mbox").is_dir():
        print(f"mail_import: no Enron data in {ENRON}; skipped")
        return
    files = sorted((ENRON / "mbox").glob("*.mbox"))
    results: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        stdlib_parse(files[:5])  # warm the page cache for both runs
        count, seconds = stdlib_parse(files)
        baseline = count / seconds
        print(f"stdlib parse: {count} messages in {seconds:.1f} s")
        results.append(("stdlib_parse_rate", baseline, "messages/s"))

        if "sqlite" in databases:
            results += sqlite_figures(scratch, files, baseline)
        database = postgres_database() if "postgresql" in databases else None
        if database is not None:
            name, url = database
            try:
                pg = workspace_at(scratch / "pg", url)
                count, seconds, _ = timed_import(pg, files)
                print(f"PostgreSQL import: {count} messages in {seconds:.1f} s")
                results += [
                    ("postgresql_import_rate", count / seconds, "messages/s"),
                    ("postgresql_ratio_to_stdlib_parse", count / seconds / baseline, "x"),
                ]
            finally:
                drop_database(name)

        for size in sizes:
            folder = scratch / f"replay-{size}"
            replay(files, size, folder)
            written, peak, worker, seconds = peak_rss(folder, scratch / f"rss-{size}")
            print(
                f"replay {size}: {written} messages imported in {seconds:.0f} s, "
                f"peak {peak} MB (each of {PARSERS} parsing workers up to {worker} MB)"
            )
            results.append((f"peak_rss_{size // 1000}k_messages", peak, "MB"))
            results.append((f"worker_peak_rss_{size // 1000}k_messages", worker, "MB"))
            # an upper bound on the whole import: the forked workers share pages with it
            total = peak + PARSERS * worker
            results.append((f"total_peak_rss_bound_{size // 1000}k_messages", total, "MB"))
    for name, value, unit in results:
        print(f"{name}: {value:.3f} {unit}".rstrip())


if __name__ == "__main__":
    main()
