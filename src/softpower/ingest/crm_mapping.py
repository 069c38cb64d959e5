"""Declared column mappings: which CRM column feeds which field of which record.

A mapping is a TOML file (the built-in presets live in `ingest/presets/`;
users pass their own with `--mapping`). It declares one `[[table]]` per kind
of file (accounts, contacts, deals, activities, sellers, products): the
header columns that identify such a file, the source column (or the first
present of several) behind each field, value maps (`technolgy` ->
`technology`, `Closed Won` -> `won`), scales (revenue in dollars -> millions)
and, once for the file, how ambiguous dates and decimal commas are written.
Keeping this declarative is what lets a new CRM layout be supported without
code, and makes every quirk we handle visible in one file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from softpower.errors import BadFile

ENTITIES: dict[str, tuple[str, ...]] = {
    "accounts": (
        "id", "name", "domain", "sector", "employees", "revenue_musd", "location",
        "parent_id", "year_established",
    ),
    "contacts": (
        "id", "account_id", "name", "first_name", "last_name", "email", "title",
        "department", "phone", "reports_to_id",
    ),
    "deals": (
        "id", "name", "account_id", "owner_id", "product", "stage", "amount", "currency",
        "created_on", "engaged_on", "close_on", "outcome",
    ),
    "activities": (
        "id", "account_id", "deal_id", "kind", "subject", "occurred_at", "owner_id",
        "contact_ids",
    ),
    "sellers": ("id", "name", "email", "team", "manager", "region"),
    "products": ("name", "series", "list_price"),
}  # fmt: skip

# Files are written in this order so that records exist before others refer to them.
ENTITY_ORDER = ("sellers", "accounts", "products", "contacts", "deals", "activities")

PRESETS = ("softpower", "salesforce", "hubspot", "maven")
# read as files beside this module (the package is never zipped): importlib.resources cost
# 5 ms at its first use, in every import command
PRESETS_DIR = Path(__file__).with_name("presets")


@dataclass(frozen=True, slots=True)
class TableMapping:
    """How one kind of file maps onto one kind of record."""

    entity: str
    detect: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    scale: dict[str, Decimal] = field(default_factory=dict)
    list_separator: str = ";"


@dataclass(frozen=True, slots=True)
class Mapping:
    """A whole CRM layout: its tables and its locale conventions."""

    name: str
    tables: tuple[TableMapping, ...]
    date_format: str | None = None
    decimal_comma: bool = False
    currency: str | None = None
    description: str = ""
    named_as: str = ""  # how messages name it: "the salesforce preset", "the mapping in x.toml"


@dataclass(frozen=True, slots=True)
class ResolvedTable:
    """A table mapping bound to one file's header: field -> column index and name."""

    mapping: Mapping
    table: TableMapping
    index: dict[str, int]
    column_name: dict[str, str]


def _fail(where: str, reason: str) -> BadFile:
    return BadFile(where, f"invalid mapping: {reason}")


def _strings(value: Any, where: str, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise _fail(where, f"{what} must be a column name or a list of column names")


def parse_mapping(data: dict[str, Any], where: str) -> Mapping:
    """Validate a decoded mapping file; every mistake names the table and key."""
    tables_data = data.get("table")
    if not isinstance(tables_data, list) or not tables_data:
        raise _fail(where, "declare at least one [[table]]")
    tables = []
    for number, table in enumerate(tables_data, start=1):
        label = f"table {number}"
        entity = table.get("entity")
        if entity not in ENTITIES:
            raise _fail(where, f"{label}: entity must be one of {', '.join(ENTITIES)}")
        columns_data = table.get("columns")
        if not isinstance(columns_data, dict) or not columns_data:
            raise _fail(where, f"{label}: [table.columns] maps fields to source columns")
        columns = {}
        for name, source in columns_data.items():
            if name not in ENTITIES[entity]:
                allowed = ", ".join(ENTITIES[entity])
                raise _fail(where, f"{label}: {entity} have no field {name!r} (fields: {allowed})")
            columns[name] = _strings(source, where, f"{label}: column of {name!r}")
        detect = table.get("detect") or [names[0] for names in columns.values()]
        values = {}
        for name, table_values in (table.get("values") or {}).items():
            if not isinstance(table_values, dict):
                raise _fail(where, f"{label}: values.{name} must be a table of value = value")
            values[name] = {str(k).strip().lower(): str(v) for k, v in table_values.items()}
        scale = {}
        for name, factor in (table.get("scale") or {}).items():
            if not isinstance(factor, int | float):
                raise _fail(where, f"{label}: scale.{name} must be a number")
            scale[name] = Decimal(str(factor))
        tables.append(
            TableMapping(
                entity=entity,
                detect=_strings(detect, where, f"{label}: detect"),
                columns=columns,
                values=values,
                scale=scale,
                list_separator=str(table.get("list_separator", ";")),
            )
        )
    date_format = data.get("date_format")
    if date_format is not None and not isinstance(date_format, str):
        raise _fail(where, "date_format must be a strptime pattern such as %d/%m/%Y")
    return Mapping(
        name=str(data.get("name") or Path(where).stem),
        tables=tuple(tables),
        date_format=date_format,
        decimal_comma=bool(data.get("decimal_comma", False)),
        currency=data.get("currency"),
        description=str(data.get("description", "")),
    )


def load_mapping(path: Path) -> Mapping:
    """A user's mapping file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise BadFile(str(path), error.strerror or str(error)) from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise BadFile(str(path), f"not a valid TOML mapping file ({error})") from error
    return replace(parse_mapping(data, str(path)), named_as=f"the mapping in {path}")


def load_preset(name: str) -> Mapping:
    """A built-in mapping by name."""
    if name not in PRESETS:
        raise BadFile(name, f"no preset named {name!r}; presets: {', '.join(PRESETS)}")
    text = (PRESETS_DIR / f"{name}.toml").read_text(encoding="utf-8")
    return replace(
        parse_mapping(tomllib.loads(text), f"preset {name}"), named_as=f"the {name} preset"
    )


def _normal(column: str) -> str:
    return " ".join(column.strip().lower().split())


def resolve_table(mapping: Mapping, table: TableMapping, header: list[str]) -> ResolvedTable:
    """Bind `table` to a header: for each field the first of its columns that is present."""
    positions = {_normal(name): index for index, name in reversed(list(enumerate(header)))}
    index, column_name = {}, {}
    for name, sources in table.columns.items():
        for source in sources:
            position = positions.get(_normal(source))
            if position is not None:
                index[name] = position
                column_name[name] = header[position]
                break
    return ResolvedTable(mapping, table, index, column_name)


def detect_table(header: list[str], mappings: list[Mapping], where: str) -> ResolvedTable:
    """The table whose identifying columns are all in the header, the most specific first."""
    present = {_normal(name) for name in header}
    best: tuple[tuple[int, int], Mapping, TableMapping] | None = None
    for mapping in mappings:
        for table in mapping.tables:
            if all(_normal(column) in present for column in table.detect):
                sources = {_normal(s) for names in table.columns.values() for s in names}
                score = (len(table.detect), len(sources & present))
                if best is None or score > best[0]:
                    best = (score, mapping, table)
    if best is None:
        names = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
        if len(mappings) == 1:  # the user named the layout: say what it misses
            raise BadFile(where, f"{_misfit(mappings[0], present)} (it has: {names})")
        raise BadFile(
            where,
            f"the header ({names}) matches no known CRM file; "
            "name a layout with --preset or --mapping (see docs/formats.md), "
            "or leave this file out",
        )
    return resolve_table(best[1], best[2], header)


def _misfit(mapping: Mapping, present: set[str]) -> str:
    """The identifying columns missing for the mapping's kinds of file that come closest."""
    missing = [
        (table.entity, [c for c in table.detect if _normal(c) not in present])
        for table in mapping.tables
    ]
    fewest = min(len(columns) for _, columns in missing)
    closest = "; or ".join(
        f"{', '.join(columns)} for {entity}"
        for entity, columns in missing
        if len(columns) == fewest
    )
    named = mapping.named_as or f"the {mapping.name} mapping"
    return f"the header does not fit {named}: no column {closest}"
