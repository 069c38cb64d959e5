"""Which deal a conversation belongs to, when the source did not say.

A CRM activity names its deal; a recording, a calendar entry or an e-mail
usually does not. The rule, in order (the first that decides wins):

1. **recorded**: the interaction itself names a deal.
2. **logged activity**: a CRM activity of the same account, naming a deal,
   starts within 30 minutes of the conversation (the seller logged this
   very call or meeting).
3. **candidates**: the account's deals whose window contains the
   conversation's date (from 14 days before `created_on` to 14 days after
   `close_on`; open at the end when there is no close date). A conversation
   without a date keeps every deal of the account. When some candidates are
   owned by a seller who took part, only those stay.
4. One candidate left: that deal. Several: the one whose name or product
   shares the most words with the conversation's title (words common to all
   candidates, like the account's name, do not count). A tie, or no shared
   word: no deal; better unlinked than linked to the wrong one.

The conversation's date is its start; failing that, a `YYYY-MM-DD` date in
its title or source file name (recorders name files by date).
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from softpower.domain import Deal, Interaction

LOGGED_WITHIN = timedelta(minutes=30)
WINDOW_MARGIN = timedelta(days=14)
_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True, slots=True)
class LoggedDealActivity:
    """A CRM activity with its deal: id, start, deal id."""

    id: str
    started_at: datetime
    deal_id: str


@dataclass(frozen=True, slots=True)
class DealLink:
    deal_id: str
    rule: str  # why: which step of the rule decided, in words


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def conversation_date(interaction: Interaction) -> date | None:
    """The start date, else a date written in the title or the source file name."""
    if interaction.started_at is not None:
        return _aware(interaction.started_at).date()
    for text in (interaction.subject, interaction.source):
        match = _DATE.search(text or "")
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def _in_window(deal: Deal, day: date) -> bool:
    if deal.created_on is not None and day < deal.created_on - WINDOW_MARGIN:
        return False
    return deal.close_on is None or day <= deal.close_on + WINDOW_MARGIN


def _words(text: str | None) -> set[str]:
    return {word.lower() for word in _WORD.findall((text or "").replace("_", " "))}


def link_deal(
    interaction: Interaction,
    seller_ids: Set[str],
    deals: Sequence[Deal],
    logged: Sequence[LoggedDealActivity] = (),
) -> DealLink | None:
    """The deal of one conversation by the rule above; `deals` are its account's deals."""
    if interaction.deal_id is not None:
        return DealLink(interaction.deal_id, "recorded on the interaction")
    if interaction.started_at is not None:
        start = _aware(interaction.started_at)
        near = sorted(
            (abs(_aware(a.started_at) - start), a.id, a.deal_id)
            for a in logged
            if abs(_aware(a.started_at) - start) <= LOGGED_WITHIN
        )
        if near:
            return DealLink(near[0][2], f"CRM activity {near[0][1]} logged at the same time")
    day = conversation_date(interaction)
    candidates = [deal for deal in deals if day is None or _in_window(deal, day)]
    owned = [deal for deal in candidates if deal.owner_id in seller_ids]
    if owned:
        candidates = owned
    when = f"open on {day.isoformat()}" if day else "of the account"
    owner = " owned by a seller who took part" if owned else ""
    if len(candidates) == 1:
        return DealLink(candidates[0].id, f"the only deal {when}{owner}")
    if not candidates:
        return None
    vocabulary = {deal.id: _words(deal.name) | _words(deal.product) for deal in candidates}
    common = set.intersection(*vocabulary.values())
    title = _words(interaction.subject) | _words(interaction.source)
    shared = {deal_id: (words - common) & title for deal_id, words in vocabulary.items()}
    ranked = sorted(shared.items(), key=lambda item: -len(item[1]))
    best_id, best_words = ranked[0]
    if not best_words or len(ranked[1][1]) == len(best_words):
        return None
    return DealLink(
        best_id,
        f"of the deals {when}{owner}, the one whose name shares "
        f"{', '.join(sorted(best_words))!r} with the title",
    )
