"""`softpower conversations list|show` and `softpower coach`: pull versus push, with evidence.

Thin views over `softpower.services.conversations`: every number printed
comes from a service result, and every quote is the customer's or seller's
own text, printed as plain text (never as markup). `--format json` prints
the same result objects as JSON.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from softpower.cli.context import console, console_err, counted, lazy_module, workspace_of
from softpower.domain import InteractionKind

if TYPE_CHECKING:
    from softpower.services import accounts as account_service
    from softpower.services import conversations as service
    from softpower.services.conversations import Citation, ExplainedScore
else:
    account_service = lazy_module("softpower.services.accounts")
    service = lazy_module("softpower.services.conversations")


conversations_app = typer.Typer(
    help="Calls, meetings and e-mail threads: pull versus push.", no_args_is_help=True
)

SHOWN_QUOTES = 3
# a conversation without a sentence of ours has no reading, only the engine's starting point
NO_SELLER_SPOKE = "No pull score: no one on our side spoke"


class OutputFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"


class ConversationKind(enum.StrEnum):
    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="table for people, json for programs.")
]


# --- JSON ---------------------------------------------------------------------------------


def jsonable(value: Any) -> Any:
    """Result objects as JSON data; fields marked `export: False` (raw engine output) left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {
            f.name: jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.metadata.get("export", True)
        }
        if isinstance(value, service.ExplainedScore) and not value.measured:
            data["score"] = None  # no one on our side spoke: nothing was measured
        return data
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, Decimal):
        return str(value)  # money: the exact amount, as text
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return value


def _print_json(value: Any) -> None:
    typer.echo(json.dumps(jsonable(value), ensure_ascii=False, indent=2))


# --- text pieces ------------------------------------------------------------------------------


def _plain(text: str) -> None:
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def _where(citation: Citation) -> str:
    place = [f"turn {citation.turn_seq}"]
    if citation.offset_s is not None:
        place.append(f"at {_clock(citation.offset_s)}")
    if citation.sent_at is not None:
        place.append(f"sent {citation.sent_at:%Y-%m-%d %H:%M}")
    if citation.speaker:
        place.append(citation.speaker)
    return f"{citation.interaction_id} {' · '.join(place)}"


def _quote(citation: Citation, indent: str = "    ") -> None:
    cue = f"  [{citation.cue}]" if citation.cue else ""
    _plain(f'{indent}"{citation.sentence}"{cue}')
    _plain(f"{indent}  — {_where(citation)}")


def _score_table(score: ExplainedScore, title: str) -> None:
    table = Table(title=title, title_justify="left")
    for column in ("Driver", "Weight", "Value", "Points", "Why"):
        table.add_column(column, justify="left" if column in ("Driver", "Why") else "right")
    for driver in score.drivers:
        table.add_row(
            driver.name,
            f"{driver.weight:+.0f}",
            f"{driver.value:.2f}",
            f"{driver.contribution:+.1f}",
            Text(driver.explanation),
        )
    table.add_row("total", "", "", f"{score.score:.1f}", f"over {score.seller_sentences} sentences")
    console.print(table)


def _driver_evidence(score: ExplainedScore) -> None:
    for driver in score.drivers:
        if driver.evidence:
            _plain(f"  {driver.name} ({driver.contribution:+.1f}):")
            for citation in driver.evidence[:SHOWN_QUOTES]:
                _quote(citation)


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"


@contextmanager
def _analysing() -> Iterator[service.Progress]:
    """A bar on stderr while conversations are analysed (gone once the answer prints)."""
    if not console_err.is_terminal:
        yield lambda done, total: None
        return
    bar = Progress(
        TextColumn("analysing conversations"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console_err,
        transient=True,
    )
    task = bar.add_task("analyse", total=None)
    with bar:
        yield lambda done, total: bar.update(task, completed=done, total=total)


# --- commands ---------------------------------------------------------------------------------


@conversations_app.command("list")
def list_conversations(
    ctx: typer.Context,
    account: Annotated[
        str | None, typer.Option(help="Only conversations with this account (name or id).")
    ] = None,
    seller: Annotated[
        str | None, typer.Option(help="Only conversations this seller spoke in (id, e-mail, name).")
    ] = None,
    deal: Annotated[
        str | None,
        typer.Option(help="Only this deal's conversations (deal id), with the deal's pull score."),
    ] = None,
    kind: Annotated[ConversationKind | None, typer.Option(help="Only this kind.")] = None,
    everything: Annotated[
        bool,
        typer.Option(
            "--all", help="Also conversations none of our sellers took part in (customer mail)."
        ),
    ] = False,
    limit: Annotated[
        int, typer.Option(min=0, help="Show the most recent this many (0: all of them).")
    ] = 50,
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """List analysed conversations: when, kind, title, seller, pull score, top buyer signals."""
    workspace = workspace_of(ctx)
    if deal is not None:
        if account is not None or seller is not None or kind is not None:
            raise typer.BadParameter(
                "lists one deal's conversations: leave out --account, --seller and --kind",
                param_hint="--deal",
            )
        with _analysing() as progress:
            deal_pull = service.deal_conversations(workspace, deal, progress)
        if output == OutputFormat.JSON:
            _print_json(deal_pull)
            return
        _deal_score(deal_pull)
        listed = [c for c in deal_pull.conversations if everything or c.pull.measured]
        if listed:
            _conversation_table(listed)
        return
    with _analysing() as progress:
        found = service.list_conversations(
            workspace,
            account=account,
            seller=seller,
            kind=InteractionKind(kind.value) if kind is not None else None,
            ours_only=not everything,
            progress=progress,
        )
    shown = found[-limit:] if limit else found  # oldest first: the most recent are last
    if output == OutputFormat.JSON:
        _print_json(shown)
        return
    if not found:
        _plain(
            "No conversation between one of our sellers and a customer here; `--all` lists "
            "every analysed call, meeting and thread (our sellers come from the CRM and the "
            "workspace's internal_domains)."
            if not everything
            else "No conversation here: import calls, meetings or mail first."
        )
        return
    _conversation_table(shown, of=len(found))


def _deal_score(deal_pull: service.DealPull) -> None:
    """The deal's combined score and drivers, or why there is none."""
    name = f"{deal_pull.deal.name} ({deal_pull.deal.id})"
    count = len(deal_pull.conversations)
    if not count:
        _plain(f"{name}: no pull score, no conversation is linked to this deal.")
        return
    if not deal_pull.pull.measured:
        _plain(f"{name}: {NO_SELLER_SPOKE.lower()} in its {counted(count, 'conversation')}.")
        return
    spoken = sum(1 for c in deal_pull.conversations if c.pull.measured)
    silent = (
        f"; {count - spoken} more linked where no one on our side spoke" if spoken < count else ""
    )
    _score_table(
        deal_pull.pull,
        f"{name}: pull {deal_pull.pull.score:.1f} of 100 over "
        f"{counted(spoken, 'conversation')} where our side spoke{silent}",
    )
    _driver_evidence(deal_pull.pull)


def _conversation_table(found: Sequence[service.Conversation], of: int | None = None) -> None:
    title = counted(len(found), "conversation")
    if of is not None and of > len(found):
        title = f"The {len(found)} most recent of {of:,} conversations (--limit 0 shows all)"
    table = Table(title=title, caption="`softpower conversations show REF` explains a score")
    table.add_column("When", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Title", ratio=3, min_width=24, overflow="fold")
    table.add_column("Seller", ratio=1, min_width=10)
    table.add_column("Pull", justify="right", no_wrap=True)
    table.add_column("Top buyer signals", ratio=2, min_width=16)
    table.add_column("Ref", no_wrap=True)
    for conversation in found:
        table.add_row(
            conversation.day.isoformat() if conversation.day else "",
            conversation.kind,
            Text(conversation.title),
            Text(conversation.lead_seller.name if conversation.lead_seller else ""),
            # no seller spoke: the score would be its neutral starting point, not a reading
            f"{conversation.pull.score:.1f}" if conversation.pull.measured else "—",
            ", ".join(f"{signal} ×{count}" for signal, count in conversation.top_signals()),
            conversation.ref,
        )
    console.print(table)


@conversations_app.command("show")
def show_conversation(
    ctx: typer.Context,
    conversation_id: Annotated[
        str,
        typer.Argument(
            metavar="REF",
            help="The Ref from `conversations list`, or an id (a message id shows its thread).",
        ),
    ],
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show one conversation: pull score with drivers and evidence, call metrics, buyer signals."""
    workspace = workspace_of(ctx)
    conversation = service.show_conversation(workspace, conversation_id)
    if output == OutputFormat.JSON:
        _print_json(conversation)
        return
    _plain(
        f"{conversation.title}  ({conversation.kind}, ref {conversation.ref}, {conversation.id})"
    )
    when = conversation.started_at or conversation.day
    facts = {
        "When": when.isoformat() if when else None,
        "Account": account_service.account_names(workspace).get(conversation.account_id or "")
        or conversation.account_id,
        "Deal": f"{conversation.deal_id} ({conversation.deal_rule})"
        if conversation.deal_id
        else "not linked",
        "Our side": ", ".join(ref.name for ref in conversation.sellers) or "nobody identified",
        "Customer side": ", ".join(conversation.customers) or None,
    }
    for label, value in facts.items():
        if value:
            _plain(f"  {label}: {value}")
    if conversation.pull.measured:
        _score_table(conversation.pull, f"Pull score {conversation.pull.score:.1f} of 100")
        _driver_evidence(conversation.pull)
    else:
        _plain(f"{NO_SELLER_SPOKE} in this conversation, so there is nothing to score.")
    for seller_id, score in conversation.pull_by_seller.items():
        if len(conversation.pull_by_seller) > 1:
            name = next((r.name for r in conversation.sellers if r.id == seller_id), seller_id)
            _plain(f"  {name}'s own part: {score.score:.1f}")
    _call_metrics(conversation)
    _email_metrics(conversation)
    _signals(conversation)


def _call_metrics(conversation: service.Conversation) -> None:
    metrics = conversation.call_metrics
    if metrics is None:
        return
    table = Table(title="Call metrics", title_justify="left", show_header=False)
    table.add_column("Metric")
    table.add_column("Value", justify="right")
    rows = (
        ("Duration", _clock(metrics.duration_s)),
        (
            "Talk-to-listen (seller : customer)",
            f"{metrics.seller_talk_share:.0%} : {1 - metrics.seller_talk_share:.0%}",
        ),
        ("Longest seller monologue", _seconds(metrics.longest_seller_monologue_s)),
        ("Longest customer story", _seconds(metrics.longest_customer_story_s)),
        (
            "Seller questions (open)",
            f"{metrics.seller_questions} ({metrics.seller_open_questions})",
        ),
        ("Question rate", f"{metrics.question_rate_per_min:.2f} / min"),
        ("Open-question share", _share(metrics.open_question_share)),
        ("Interactivity (speaker switches)", f"{metrics.interactivity_per_min:.2f} / min"),
        ("Patience (pause before the seller answers)", _seconds(metrics.patience_s)),
    )
    for label, value in rows:
        table.add_row(label, value)
    console.print(table)


def _email_metrics(conversation: service.Conversation) -> None:
    metrics = conversation.email_metrics
    if metrics is None:
        return
    table = Table(title="E-mail thread", title_justify="left")
    for column in ("Side", "Messages", "Words", "Questions", "Median reply"):
        table.add_column(column, justify="left" if column == "Side" else "right")
    hours = [
        "—" if value is None else f"{value / 3600:.1f} h"
        for value in (metrics.median_seller_response_s, metrics.median_customer_response_s)
    ]
    table.add_row(
        "ours",
        str(metrics.messages_seller),
        str(metrics.words_seller),
        str(metrics.questions_seller),
        hours[0],
    )
    table.add_row(
        "customer",
        str(metrics.messages_customer),
        str(metrics.words_customer),
        str(metrics.questions_customer),
        hours[1],
    )
    console.print(table)


def _signals(conversation: service.Conversation) -> None:
    if not conversation.signals:
        _plain("Buyer signals: none heard")
        return
    _plain("Buyer signals:")
    grouped: dict[str, list[Citation]] = {}
    for found in conversation.signals:
        grouped.setdefault(found.signal, []).append(found.citation)
    for signal, citations in sorted(grouped.items(), key=lambda item: -len(item[1])):
        _plain(f"  {signal} ×{len(citations)}")
        for citation in citations[:SHOWN_QUOTES]:
            _quote(citation)


def coach(
    ctx: typer.Context,
    seller: Annotated[str, typer.Argument(metavar="SELLER", help="Seller id, e-mail or name.")],
    output: FormatOption = OutputFormat.TABLE,
) -> None:
    """A seller's pull profile: score and drivers, strongest and weakest moments, what to practise."""
    with _analysing() as progress:
        profile = service.coach_seller(workspace_of(ctx), seller, progress)
    if output == OutputFormat.JSON:
        _print_json(profile)
        return
    _plain(f"{profile.seller.name}  ({profile.seller.id})")
    if not profile.conversations:
        _plain(
            "  No conversation with them speaking among those imported: a speaker or sender is "
            "matched to the seller by the CRM's name and e-mail address."
        )
        return
    _score_table(
        profile.pull,
        f"Pull score {profile.pull.score:.1f} of 100 over {len(profile.conversations)} conversations",
    )
    table = Table(
        title="Conversations",
        title_justify="left",
        caption="Their pull: the score of their own sentences, not the whole conversation's",
    )
    for column in ("When", "Kind", "Title", "Deal", "Their pull"):
        table.add_column(column, justify="right" if column == "Their pull" else "left")
    for item in profile.conversations:
        table.add_row(
            item.day.isoformat() if item.day else "",
            item.kind,
            Text(item.title),
            item.deal_id or "",
            f"{item.score:.1f}",
        )
    console.print(table)
    _moments("Strongest moments", profile.strongest)
    _moments("Weakest moments", profile.weakest)
    habits = profile.habits
    if habits.calls:
        _plain(
            f"Call habits over {counted(habits.calls, 'call')} led alone: talk share "
            f"{_share(habits.talk_share)}, {habits.question_rate_per_min or 0:.2f} questions/min, "
            f"open questions {_share(habits.open_question_share)}, patience "
            f"{_seconds(habits.patience_s)}, longest monologue {_seconds(habits.longest_monologue_s)}"
        )
    _plain("Practise next:")
    if not profile.practice:
        _plain("  Nothing stands out: keep asking, listening and planning jointly.")
    for number, practice in enumerate(profile.practice, 1):
        _plain(
            f"  {number}. {practice.advice}  (up to {practice.points:+.1f} points, {practice.driver})"
        )
        for citation in practice.examples:
            _quote(citation, indent="       ")


def _moments(title: str, moments: Sequence[service.Moment]) -> None:
    _plain(f"{title}:")
    if not moments:
        _plain("  none found")
    for moment in moments:
        _plain(
            f"  {', '.join(moment.acts)} (model pull {moment.pull_probability:.2f}, "
            f"push {moment.push_probability:.2f}) in {moment.conversation_title}"
        )
        _quote(moment.citation)


def register(app: typer.Typer) -> None:
    app.add_typer(conversations_app, name="conversations")
    app.command("coach")(coach)
