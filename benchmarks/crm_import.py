"""CRM import speed and memory, on SQLite and PostgreSQL.

Imports (1) the public CRM sales-opportunities dataset (skipped with a
message when ../shared/data is absent) and (2) a generated, deterministic
1,000,000-row deals CSV in softpower's own format. Each import runs in a
child process that reports its peak RSS (its own plus its parsing workers',
an upper bound), so memory is per run; its speed is given as a ratio to
reading the same files with `csv.DictReader` alone, in that same process
just before the import (the median of three reads: one read of the public
dataset, a few hundredths of a second, moves by half on a shared machine,
and one of the 1M-row file by a tenth).

A small case (under `SMALL_BYTES` of input, such as the public dataset: a
tenth of a second on this machine) is measured `--repeats` times, each
import in a fresh process with its own DictReader reads, and its median
ratio reported: one run of a tenth of a second on a shared machine moves by
a third either way.

Targets: import >= 0.25x the bare read rate; peak RSS < 300 MB at 1M rows.

    .venv/bin/python benchmarks/crm_import.py [--rows N] [--repeats K] [--skip-postgres]

PostgreSQL URL: env SOFTPOWER_BENCH_POSTGRES_URL, default
postgresql+psycopg://softpower:softpower@127.0.0.1:5432/softpower (a
throw-away schema is created and dropped).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("SOFTPOWER_DATA") or ROOT.parent / "shared" / "data")
DATASET = DATA / "crm_sales_opportunities"
POSTGRES_URL = os.environ.get(
    "SOFTPOWER_BENCH_POSTGRES_URL",
    "postgresql+psycopg://softpower:softpower@127.0.0.1:5432/softpower",
)
DEAL_HEADER = (
    "deal_id", "name", "account_id", "owner_id", "product", "stage", "amount", "currency",
    "created_on", "close_on", "outcome",
)  # fmt: skip
STAGES = (("Discovery", "open"), ("Proposal", "open"), ("Closed", "won"), ("Closed", "lost"))
SMALL_BYTES = 10 << 20


def generate_deals(path: Path, rows: int, seed: int = 20240311) -> None:
    """A deterministic deals.csv: 2,000 accounts, 150 sellers, 12 products."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(DEAL_HEADER)
        for number in range(rows):
            stage, outcome = STAGES[rng.randrange(4)]
            day = 1 + rng.randrange(28)
            writer.writerow(
                (
                    f"D{number:08d}",
                    f"Deal {number}",
                    f"A{rng.randrange(2000):05d}",
                    f"S{rng.randrange(150):04d}",
                    f"Product {rng.randrange(12)}",
                    stage,
                    f"{rng.randrange(1000, 900000)}.{rng.randrange(100):02d}",
                    "USD",
                    f"2023-{1 + rng.randrange(12):02d}-{day:02d}",
                    f"2024-{1 + rng.randrange(12):02d}-{day:02d}",
                    outcome,
                )
            )


def bare_read_rate(files: list[Path]) -> tuple[int, float]:
    """Rows and seconds to read `files` with csv.DictReader and nothing else."""
    rows = 0
    start = time.perf_counter()
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            for _ in csv.DictReader(handle):
                rows += 1
    return rows, time.perf_counter() - start


def child(url: str, root: Path, files: list[Path]) -> None:
    """Read the files with DictReader, import them, in this (child) process; print what it
    measured as JSON."""
    from softpower.services.crm_import import import_crm
    from softpower.services.store import init_workspace
    from softpower.workspace import Workspace, create_workspace

    create_workspace(root)
    workspace = Workspace(root=root, database_url=url)
    init_workspace(workspace).dispose()
    reads = [bare_read_rate(files) for _ in range(3)]
    bare_rows, bare_seconds = reads[0][0], statistics.median(seconds for _, seconds in reads)
    start = time.perf_counter()
    summary = import_crm(workspace, files)
    elapsed = time.perf_counter() - start
    # the writer's own peak, plus the largest parsing worker's peak once per worker: an upper
    # bound on what the import held at once (forked workers share pages with the writer)
    from softpower.services.crm_import import parsing_processes

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak_kib = own + parsing_processes(sum(path.stat().st_size for path in files)) * workers
    print(
        json.dumps(
            {
                "rows": summary.rows,
                "seconds": elapsed,
                "peak_mib": peak_kib / 1024,
                "bare_rate": bare_rows / bare_seconds,
            }
        )
    )


def run_child(url: str, root: Path, files: list[Path]) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", url, str(root), *map(str, files)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"import failed:\n{done.stderr[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def postgres_schema() -> tuple[str, str] | None:
    """A throw-away schema's URL and name, or None when the server is unreachable."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"bench_{uuid.uuid4().hex[:10]}"
    try:
        engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        engine.dispose()
    except Exception as error:
        print(f"PostgreSQL unavailable ({str(error).splitlines()[0]}); skipping it")
        return None
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={name}"})
    return url.render_as_string(hide_password=False), name


def drop_schema(name: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    engine.dispose()


def measured(root: Path, database: str, files: list[Path]) -> dict[str, float]:
    """DictReader's rate over `files` and one import of them, both in a child process."""
    schema = None
    if database == "sqlite":
        url = f"sqlite:///{root / 'softpower.db'}"
    else:
        found = postgres_schema()
        assert found is not None
        url, schema = found
    try:
        return run_child(url, root, files)
    finally:
        if schema is not None:
            drop_schema(schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5, help="runs of a small case")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    metrics: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="softpower-bench-") as folder:
        tmp = Path(folder)
        cases: list[tuple[str, list[Path]]] = []
        if DATASET.is_dir():
            cases.append(("maven", sorted(DATASET.glob("[aps]*.csv"))))
        else:
            print(f"{DATASET} not found: skipping the public dataset (set SOFTPOWER_DATA)")
        generated = tmp / "deals.csv"
        start = time.perf_counter()
        generate_deals(generated, args.rows)
        print(f"generated {args.rows:,} deals in {time.perf_counter() - start:.1f} s")
        cases.append((f"generated_{args.rows // 1000}k", [generated]))
        databases = ["sqlite"]
        if not args.skip_postgres:
            probe = postgres_schema()
            if probe is not None:
                drop_schema(probe[1])
                databases.append("postgresql")
        for case, files in cases:
            small = sum(path.stat().st_size for path in files) < SMALL_BYTES
            for database in databases:
                runs = [
                    measured(tmp / f"{database}-{case}-{run}", database, files)
                    for run in range(args.repeats if small else 1)
                ]
                for result in runs:
                    rate, bare = result["rows"] / result["seconds"], result["bare_rate"]
                    print(
                        f"{case} -> {database}: {int(result['rows']):,} rows in "
                        f"{result['seconds']:.3f} s, {rate:,.0f} rows/s "
                        f"({rate / bare:.3f}x DictReader's {bare:,.0f} rows/s), "
                        f"peak RSS {result['peak_mib']:.0f} MiB"
                    )
                ratios = [r["rows"] / r["seconds"] / r["bare_rate"] for r in runs]
                rate = statistics.median(r["rows"] / r["seconds"] for r in runs)
                prefix = f"crm_import_{case}_{database}"
                metrics.append((f"{prefix}_rate", rate, "rows/s"))
                metrics.append((f"{prefix}_ratio_to_dictreader", statistics.median(ratios), "x"))
                metrics.append((f"{prefix}_peak_rss", max(r["peak_mib"] for r in runs), "MiB"))
    for name, value, unit in metrics:
        print(f"{name}: {value:.3f} {unit}" if unit == "x" else f"{name}: {value:.0f} {unit}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), [Path(p) for p in sys.argv[4:]])
    else:
        main()
