"""Behavioural traces of power in interactions: who writes, copies, forwards, answers, meets, talks.

One pass over the interactions accumulates, for every person, the counts
and delays that the influence score is built from, and the directed
communication graph. Each counted event keeps a little evidence (the
interaction id and what happened), bounded per person so a mailbox of a
million messages does not keep a million notes.

Replies are found without trusting mail clients: within a thread (the
interaction's thread id, else its subject without Re:/Fw: prefixes), a
message from B is a reply to the latest earlier message from A on which B
was a recipient, when it came within `max_reply_delay`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from softpower.analysis.powerbase.results import Evidence
from softpower.domain import Interaction, InteractionKind, ParticipantRole

EVIDENCE_PER_SIGNAL = 5
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|antw)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_FORWARD_PREFIX = re.compile(r"^\s*(?:re\s*:\s*)*(?:fw|fwd|wg|tr)\s*:", re.IGNORECASE)
_ANY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|antw|fw|fwd|wg|tr)\s*(?:\[\d+\])?\s*:\s*)+", re.I)
_RECIPIENT_WEIGHT = {ParticipantRole.TO: 1.0, ParticipantRole.CC: 0.5, ParticipantRole.BCC: 0.5}


@dataclass(slots=True)
class PersonTrace:
    """What one person did and what others did towards them."""

    sent: int = 0
    received: int = 0  # as To
    copied: int = 0  # as Cc or Bcc
    forwarded_to: int = 0
    meetings: int = 0
    organised: int = 0
    calls: int = 0
    talk_share_sum: float = 0.0  # sum over calls of (own share / fair share)
    talk_calls: int = 0
    replies_received_s: list[float] = field(default_factory=list)  # others answering them
    replies_given_s: list[float] = field(default_factory=list)  # them answering others
    senders: set[str] = field(default_factory=set)
    recipients: set[str] = field(default_factory=set)
    evidence: dict[str, list[Evidence]] = field(default_factory=lambda: defaultdict(list))

    def note(self, signal: str, evidence: Evidence) -> None:
        kept = self.evidence[signal]
        if len(kept) < EVIDENCE_PER_SIGNAL:
            kept.append(evidence)


@dataclass(slots=True)
class DyadTrace:
    """Directed traffic from one person to another."""

    messages: int = 0
    cc: int = 0
    forwards: int = 0
    meetings: int = 0
    weight: float = 0.0
    reply_delays_s: list[float] = field(default_factory=list)  # source answering target


@dataclass(frozen=True, slots=True)
class ReplyPair:
    """A message and the reply to it, for linguistic coordination."""

    original_author: str
    original_text: str
    reply_author: str
    reply_text: str


@dataclass(slots=True)
class Traces:
    people: dict[str, PersonTrace]
    dyads: dict[tuple[str, str], DyadTrace]
    reply_pairs: list[ReplyPair]
    interactions: int
    latest: datetime | None


def as_utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def thread_key(interaction: Interaction) -> str | None:
    if interaction.thread_id:
        return interaction.thread_id
    subject = _ANY_PREFIX.sub("", interaction.subject or "").strip().lower()
    return subject or None


def is_forward(interaction: Interaction) -> bool:
    return bool(interaction.subject and _FORWARD_PREFIX.match(interaction.subject))


def _text_of(interaction: Interaction, author: str) -> str:
    return "\n".join(t.text for t in interaction.turns if t.speaker_id in (author, None))


def collect_traces(
    interactions: Iterable[Interaction],
    *,
    max_reply_delay: timedelta = timedelta(days=7),
    keep_reply_text: bool = True,
) -> Traces:
    """Accumulate every person's traces and the directed graph from the interactions."""
    people: dict[str, PersonTrace] = defaultdict(PersonTrace)
    dyads: dict[tuple[str, str], DyadTrace] = defaultdict(DyadTrace)
    threads: dict[str, list[tuple[datetime, str, frozenset[str], str, str]]] = defaultdict(list)
    count = 0
    latest: datetime | None = None
    for interaction in interactions:
        count += 1
        moment = as_utc(interaction.started_at)
        if moment is not None and (latest is None or moment > latest):
            latest = moment
        if interaction.kind == InteractionKind.EMAIL:
            _add_email(interaction, people, dyads, threads, moment, keep_reply_text)
        elif interaction.kind in (InteractionKind.MEETING, InteractionKind.CALL):
            _add_meeting(interaction, people, dyads)
    reply_pairs = _add_replies(threads, people, dyads, max_reply_delay)
    return Traces(dict(people), dict(dyads), reply_pairs, count, latest)


def _add_email(
    interaction: Interaction,
    people: dict[str, PersonTrace],
    dyads: dict[tuple[str, str], DyadTrace],
    threads: dict[str, list[tuple[datetime, str, frozenset[str], str, str]]],
    moment: datetime | None,
    keep_text: bool,
) -> None:
    senders = [p.person_id for p in interaction.participants if p.role == ParticipantRole.FROM]
    if not senders:
        return
    sender = senders[0]
    recipients: dict[str, ParticipantRole] = {}
    for participant in interaction.participants:
        role = participant.role
        if role in _RECIPIENT_WEIGHT and participant.person_id != sender:
            previous = recipients.get(participant.person_id)
            if previous is None or _RECIPIENT_WEIGHT[role] > _RECIPIENT_WEIGHT[previous]:
                recipients[participant.person_id] = role
    forward = is_forward(interaction)
    trace = people[sender]
    trace.sent += 1
    subject = interaction.subject or "(no subject)"
    for recipient, role in recipients.items():
        other = people[recipient]
        dyad = dyads[(sender, recipient)]
        dyad.weight += _RECIPIENT_WEIGHT[role]
        other.senders.add(sender)
        trace.recipients.add(recipient)
        if role == ParticipantRole.TO:
            other.received += 1
            dyad.messages += 1
        else:
            other.copied += 1
            dyad.cc += 1
            other.note("copied", Evidence(interaction.id, f"copied on {subject!r}"))
        if forward:
            other.forwarded_to += 1
            dyad.forwards += 1
            other.note("forwarded_to", Evidence(interaction.id, f"forwarded {subject!r}"))
    key = thread_key(interaction)
    if key is not None and moment is not None and recipients:
        text = _text_of(interaction, sender) if keep_text else ""
        threads[key].append((moment, sender, frozenset(recipients), interaction.id, text))


def _add_replies(
    threads: dict[str, list[tuple[datetime, str, frozenset[str], str, str]]],
    people: dict[str, PersonTrace],
    dyads: dict[tuple[str, str], DyadTrace],
    max_delay: timedelta,
) -> list[ReplyPair]:
    pairs: list[ReplyPair] = []
    limit = max_delay.total_seconds()
    for messages in threads.values():
        if len(messages) < 2:
            continue
        messages.sort(key=lambda m: (m[0], m[3]))
        for index in range(1, len(messages)):
            moment, author, _, message_id, text = messages[index]
            for earlier in range(index - 1, -1, -1):
                before, original_author, recipients, _, original_text = messages[earlier]
                delay = (moment - before).total_seconds()
                if delay > limit:
                    break
                if original_author == author:
                    break  # they already spoke after it: a follow-up, not a reply
                if author not in recipients:
                    continue
                people[original_author].replies_received_s.append(delay)
                people[author].replies_given_s.append(delay)
                people[original_author].note(
                    "answered_fast",
                    Evidence(message_id, f"answered in {_duration(delay)}"),
                )
                dyads[(author, original_author)].reply_delays_s.append(delay)
                if text and original_text:
                    pairs.append(ReplyPair(original_author, original_text, author, text))
                break
    return pairs


def _add_meeting(
    interaction: Interaction,
    people: dict[str, PersonTrace],
    dyads: dict[tuple[str, str], DyadTrace],
) -> None:
    present = [
        p.person_id
        for p in interaction.participants
        if (p.response or "").lower() not in ("declined", "decline")
    ]
    present = list(
        dict.fromkeys(present + [t.speaker_id for t in interaction.turns if t.speaker_id])
    )
    label = interaction.subject or str(interaction.kind)
    for person_id in present:
        trace = people[person_id]
        if interaction.kind == InteractionKind.CALL:
            trace.calls += 1
        else:
            trace.meetings += 1
        trace.note("meetings", Evidence(interaction.id, f"in {label!r}"))
    for participant in interaction.participants:
        if participant.role == ParticipantRole.ORGANIZER:
            people[participant.person_id].organised += 1
    if 1 < len(present) <= 25:
        share = 1.0 / (len(present) - 1)
        for first in present:
            for second in present:
                if first != second:
                    dyad = dyads[(first, second)]
                    dyad.meetings += 1
                    dyad.weight += share
    _add_talk_shares(interaction, people, label)


def _add_talk_shares(interaction: Interaction, people: dict[str, PersonTrace], label: str) -> None:
    spoken: dict[str, float] = defaultdict(float)
    for turn in interaction.turns:
        if turn.speaker_id is None:
            continue
        if turn.start_s is not None and turn.end_s is not None and turn.end_s > turn.start_s:
            spoken[turn.speaker_id] += turn.end_s - turn.start_s
        else:
            spoken[turn.speaker_id] += len(turn.text.split()) / 2.5  # ~150 words a minute
    total = sum(spoken.values())
    if len(spoken) < 2 or total <= 0:
        return
    fair = 1.0 / len(spoken)
    for person_id, seconds in spoken.items():
        share = seconds / total
        trace = people[person_id]
        trace.talk_share_sum += share / fair
        trace.talk_calls += 1
        if share > fair:
            trace.note(
                "talk_share",
                Evidence(
                    interaction.id, f"spoke {share:.0%} of {label!r} ({len(spoken)} speakers)"
                ),
            )


def _duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
