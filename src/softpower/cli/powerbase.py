"""`softpower powerbase ACCOUNT`: the account's power base as a table, or its graph as JSON or DOT."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from softpower.cli.context import console, console_err, lazy_module, workspace_of
from softpower.errors import SoftpowerError

if TYPE_CHECKING:
    from softpower.services import powerbase as service
else:
    service = lazy_module("softpower.services.powerbase")


class ExportFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    DOT = "dot"


def powerbase(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(metavar="ACCOUNT", help="Account name or id.")],
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", help="table (default), json (everything) or dot (Graphviz)."),
    ] = ExportFormat.TABLE,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the JSON or DOT export to this file.")
    ] = None,
    compare: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--compare",
            metavar="PERSON PERSON",
            help="Of two people (names or ids), who holds more power, how sure, and why.",
        ),
    ] = None,
    top: Annotated[
        int,
        typer.Option("--top", min=0, help="Rows of the table, by power (0: everyone)."),
    ] = 25,
) -> None:
    """Who decides, who influences, the Fox, consensus by department, whom to engage next."""
    if out is not None and output_format == ExportFormat.TABLE:
        raise typer.BadParameter(
            "writes an export: add --format json or --format dot", param_hint="--out"
        )
    with _working(f"building the power base of {account}"):
        result = service.power_base(workspace_of(ctx), account)
    if compare is not None:
        if output_format == ExportFormat.DOT:
            raise typer.BadParameter("a comparison has no graph: use --format json or table")
        _print_dominance(result, *compare, as_json=output_format == ExportFormat.JSON)
        return
    if output_format != ExportFormat.TABLE:
        text = (
            service.to_json(result.power_base)
            if output_format == ExportFormat.JSON
            else service.to_dot(result.power_base)
        )
        if out is None:
            typer.echo(text, nl=False)
        else:
            try:
                out.write_text(text, encoding="utf-8")
            except OSError as error:
                raise SoftpowerError(f"cannot write {out}: {error.strerror}") from None
            console.print(f"wrote {out}", highlight=False, markup=False)
        return
    _print_tables(result, top or None)


FOXES_IN_FULL = 3


@contextmanager
def _working(what: str) -> Iterator[None]:
    """A spinner on stderr on a terminal: a large mailbox takes tens of seconds."""
    if not console_err.is_terminal:
        yield
        return
    with console_err.status(what):
        yield


def _print_tables(result: service.AccountPowerBase, top: int | None) -> None:
    base = result.power_base
    if not base.stakeholders:
        console.print(
            f"No people at {result.account_name} yet: import its CRM contacts, or mail from "
            "the domain its CRM record names (the `domain` column of accounts.csv).",
            markup=False,
            highlight=False,
        )
        return
    names = {s.person_id: s.name for s in base.stakeholders.values()} | base.outsiders
    ranked = base.ranked()
    shown = ranked[:top]
    notes = []
    if len(shown) < len(ranked):
        notes.append(f"the {len(shown):,} most powerful of {len(ranked):,}; --top 0 shows everyone")
    if any(not s.formal.title for s in shown):
        notes.append("~level: no title known, estimated from their influence percentile")
    table = Table(
        title=f"Power base of {result.account_name} ({len(base.stakeholders):,} people, "
        f"{base.interactions_used:,} interactions)",
        caption="\n".join(notes) or None,
    )
    for column in (
        "#",
        "Name",
        "Title",
        "Level",
        "Department",
        "Influence",
        "Power",
        "Stance",
        "Reports to",
        "Last met",
    ):
        table.add_column(
            column, justify="right" if column in ("#", "Influence", "Power") else "left"
        )
    for rank, s in enumerate(shown, start=1):  # by power: it tells apart what 3 decimals cannot
        name = s.name + (" [bold magenta](Fox)[/]" if s.is_fox else "")
        level = s.formal.level.label if s.formal.title else f"~{s.estimated_level.label}"
        last = s.engagement.last_at.date().isoformat() if s.engagement.last_at else "never"
        table.add_row(
            str(rank),
            name,
            _plain(s.formal.title or ""),
            level,
            _plain(s.department or ""),
            f"{s.influence.percentile:.3f}" if base.interactions_used else "—",
            f"{s.power:.3f}",
            s.stance.label,
            _plain(names.get(s.reports_to_id or "", s.reports_to_id or "")),
            last,
        )
    console.print(table)
    if not base.interactions_used:
        console.print(
            "No mail, meeting or call with these people yet: influence and stance need them "
            "(softpower import mail|calendar|transcripts); power comes from titles alone.",
            markup=False,
            highlight=False,
        )
    for fox in base.foxes[:FOXES_IN_FULL]:
        console.print(f"\n[bold magenta]The Fox: {_plain(fox.name)}[/]")
        for line in fox.fox_evidence:
            console.print(f"  - {line}", markup=False, highlight=False)
    if len(base.foxes) > FOXES_IN_FULL:
        others = ", ".join(f.name for f in base.foxes[FOXES_IN_FULL:])
        console.print(f"\nAlso far above their title: {others}", markup=False, highlight=False)
    consensus = Table(title="Consensus by department")
    for column in ("Department", "Verdict", "For", "Neutral", "Against", "Not heard"):
        consensus.add_column(column)
    for d in base.departments:
        consensus.add_row(
            _plain(d.department),
            d.verdict,
            _plain(_some(names[p] for p in d.supporters)),
            _plain(_some(names[p] for p in d.neutrals)),
            _plain(_some(names[p] for p in d.opponents)),
            _plain(_some(names[p] for p in d.unknown)),
        )
    console.print(consensus)
    for s in base.effort_starvers:
        console.print(f"\n[bold]Could starve the change of effort: {_plain(s.name)}[/]")
        for line in s.starve_reasons:
            console.print(f"  - {line}", markup=False, highlight=False)
    coverage = base.coverage
    console.print(
        f"\nCoverage: {len(coverage.engaged_centres)} of {len(coverage.power_centres)} power centres "
        f"engaged in the last {coverage.recency_days} days; {coverage.people_engaged_recently} people "
        f"engaged recently; departments not engaged: "
        f"{', '.join(coverage.departments_not_engaged) or 'none'}",
        markup=False,
        highlight=False,
    )
    nexts = Table(title="Engage next")
    for column in ("#", "Who", "Why"):
        nexts.add_column(column)
    for position, item in enumerate(base.engage_next, start=1):
        nexts.add_row(str(position), _plain(item.name), _plain("; ".join(item.reasons)))
    console.print(nexts)


EVEN = 0.5 + 1e-9  # a confidence no higher than this says nothing


def _print_dominance(
    result: service.AccountPowerBase, first: str, second: str, *, as_json: bool = False
) -> None:
    found = service.compare(result, first, second)
    people = result.power_base.stakeholders
    stronger, weaker = people[found.stronger_id].name, people[found.weaker_id].name
    if as_json:
        data = {
            "stronger": {"id": found.stronger_id, "name": stronger},
            "weaker": {"id": found.weaker_id, "name": weaker},
            "confidence": round(found.confidence, 4),
            "even": found.confidence <= EVEN,
            "reasons": list(found.reasons),
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    verdict = (
        f"{stronger} holds more power than {weaker} (confidence {found.confidence:.0%})"
        if found.confidence > EVEN
        else f"{stronger} and {weaker}: the evidence is even, neither holds more power"
    )
    console.print(verdict, markup=False, highlight=False)
    for reason in found.reasons:
        console.print(f"  - {reason}", markup=False, highlight=False)


def _some(names: Iterable[str], limit: int = 8) -> str:
    """The first names of a list (they come most powerful first), and how many more."""
    listed = list(names)
    more = f" and {len(listed) - limit} more" if len(listed) > limit else ""
    return ", ".join(listed[:limit]) + more


def _plain(text: str) -> str:
    """Text from the data, shown literally (no Rich markup)."""
    return text.replace("[", "\\[")


def register(app: typer.Typer) -> None:
    app.command("powerbase")(powerbase)
