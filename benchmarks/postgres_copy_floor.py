"""The least any PostgreSQL import of the public CRM dataset costs, as a ratio to DictReader.

`crm_import.py` measures softpower's import against reading the files with
`csv.DictReader`. This measures the floor under it on the same server: the
rows already parsed (outside the timer), one raw psycopg connection, one
transaction that drops the loaded tables' foreign keys, copies every row
with `COPY`, adds the keys back (checking every row once) and commits. No
run record, no schema check, no parsing, no indexes rebuilt. An import can
only come close to this figure, never beat it; where it is near the 0.25x
target, that target is out of reach for a real import on this server.

    .venv/bin/python benchmarks/postgres_copy_floor.py [--repeats K]

PostgreSQL URL: env SOFTPOWER_BENCH_POSTGRES_URL (as `crm_import.py`); a
throw-away schema is created and dropped for each run.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from crm_import import DATASET, POSTGRES_URL, bare_read_rate

from softpower.ingest.crm import open_crm_file, record_builder
from softpower.ingest.crm_mapping import ENTITY_ORDER, PRESETS, load_preset
from softpower.services.store import init_workspace
from softpower.store.crm_rows import COLUMNS, CrmRows
from softpower.workspace import Workspace, create_workspace

TABLES = ("teams", "sellers", "accounts", "account_domains", "products", "deals")


def parsed_rows(files: list[Path]) -> dict[str, dict[object, tuple[object, ...]]]:
    """Every table's rows for the dataset, by key, in the driver's types for PostgreSQL."""
    mappings = [load_preset(name) for name in PRESETS]
    rows_of = CrmRows("postgresql")
    tables: dict[str, dict[object, tuple[object, ...]]] = {name: {} for name in TABLES}
    opened = [open_crm_file(path, mappings) for path in files]
    for entity in ENTITY_ORDER:  # referred records first
        for crm_file in (f for f in opened if f.entity == entity):
            build = record_builder(crm_file, rows_of.natives)
            records = [build(row) for row in crm_file.table.rows]
            for write in rows_of.rows_of(entity, records):  # type: ignore[arg-type]
                keep = tables[write.table]
                for row in write.rows:
                    if write.merge or row[0] not in keep:
                        keep[row[0]] = row
            crm_file.table.close()
    return tables


def one_copy(url: str, schema: str, tables: dict[str, dict[object, tuple[object, ...]]]) -> float:
    """Seconds to load `tables` into `schema` the cheapest way a checked load can."""
    import psycopg
    from sqlalchemy.engine import make_url

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    start = time.perf_counter()
    with psycopg.connect(plain, options=f"-csearch_path={schema}") as connection:
        with connection.cursor() as cursor:
            references = cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND connamespace = %s::regnamespace "
                "AND conrelid::regclass::text = ANY(%s)",
                (schema, list(TABLES)),
            ).fetchall()
            for table, name, _ in references:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
            for table in TABLES:
                columns = ", ".join(COLUMNS[table])
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in tables[table].values():
                        copy.write_row(row)
            for table, name, definition in references:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        connection.commit()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    if not DATASET.is_dir():
        print(f"{DATASET} not found: nothing to measure (set SOFTPOWER_DATA)")
        return
    from sqlalchemy import create_engine, text

    try:
        admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        admin.connect().close()
    except Exception as error:
        print(f"PostgreSQL unavailable ({str(error).splitlines()[0]}); nothing to measure")
        return
    files = sorted(DATASET.glob("[aps]*.csv"))
    tables = parsed_rows(files)
    ratios = []
    for run in range(args.repeats):
        schema = f"floor_{uuid.uuid4().hex[:10]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
            with tempfile.TemporaryDirectory() as folder:
                create_workspace(Path(folder))
                init_workspace(Workspace(root=Path(folder), database_url=url)).dispose()
            reads = [bare_read_rate(files) for _ in range(3)]
            rows, bare = reads[0][0], statistics.median(seconds for _, seconds in reads)
            seconds = one_copy(url, schema, tables)
            ratios.append(bare / seconds)
            print(f"run {run + 1}: {rows:,} rows copied in {seconds:.3f} s, {bare / seconds:.3f}x")
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()
    print(f"postgres_copy_floor_ratio_to_dictreader: {statistics.median(ratios):.3f} x")


if __name__ == "__main__":
    main()
