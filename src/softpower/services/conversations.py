"""Conversations of an account, a deal or a seller: pull score, call metrics, buyer signals.

Loads calls, meetings and email threads from the store, decides who is on
our side, runs the conversation engine, links each conversation to a deal
and returns result objects whose every finding cites its turn, sentence and
time. What counts as ours: people flagged internal, people with an address
at one of the workspace's `internal_domains`, and people who are a seller of
the CRM (same address, or same name when the person belongs to no customer
account). An e-mail thread (messages sharing a `thread_id`) is analysed as
one conversation; its findings cite the message. Only interactions with
something said or written (turns) are conversations; a calendar entry
without a transcript is not. How a conversation is linked to a deal is
documented in `softpower.analysis.conversation.deal_links`.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from sqlalchemy import Connection

from softpower.analysis.conversation import (
    CallMetrics,
    ConversationAnalysis,
    EmailThreadMetrics,
    Evidence,
    PullScore,
    SentenceAnalysis,
    aggregate_pull_scores,
    analyse_conversation,
    email_thread_metrics,
)
from softpower.analysis.conversation.cues import PULL_ACTS, PUSH_ACTS, SellerAct
from softpower.analysis.conversation.deal_links import (
    LoggedDealActivity,
    conversation_date,
    link_deal,
)
from softpower.domain import Deal, Interaction, InteractionKind, Person, Seller, Turn
from softpower.errors import UnknownRecord
from softpower.services.store import store_of
from softpower.store import communications, repository
from softpower.store import conversations as queries
from softpower.store.people import Affiliation, normalise_name
from softpower.workspace import Workspace

_LOAD_CHUNK = 500


# --- result objects -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a finding was said: the message or call, the turn, the time, the sentence."""

    interaction_id: str
    turn_seq: int
    speaker: str | None
    offset_s: float | None  # seconds from the start of a timed call
    sent_at: datetime | None  # an e-mail's send time
    sentence: str
    cue: str


@dataclass(frozen=True, slots=True)
class ExplainedDriver:
    name: str
    weight: float
    value: float
    contribution: float
    explanation: str
    evidence: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class ExplainedScore:
    """A pull score (0 push .. 100 pull) whose drivers' contributions add up to it."""

    score: float
    seller_sentences: int
    drivers: tuple[ExplainedDriver, ...]

    @property
    def measured(self) -> bool:
        """Whether anyone on our side spoke: if not, `score` is the engine's neutral
        starting point, not a reading of how they sold, and views show no score."""
        return self.seller_sentences > 0


@dataclass(frozen=True, slots=True)
class BuyerSignalFound:
    signal: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class SellerRef:
    """Someone on our side: a CRM seller (`is_seller`) or another internal person."""

    id: str
    name: str
    is_seller: bool


@dataclass(frozen=True, slots=True)
class Conversation:
    """One call, meeting or e-mail thread, analysed."""

    id: str  # the interaction id, or the thread id of an e-mail thread
    kind: str
    title: str
    started_at: datetime | None
    day: date | None
    account_id: str | None
    deal_id: str | None
    deal_rule: str | None  # why this deal (see deal_links)
    sellers: tuple[SellerRef, ...]  # our side, those who spoke
    lead_seller: SellerRef | None
    customers: tuple[str, ...]  # names of the customer-side speakers
    with_customer: bool  # someone outside our company took part (not our internal mail)
    interaction_ids: tuple[str, ...]
    pull: ExplainedScore
    pull_by_seller: dict[str, ExplainedScore]
    call_metrics: CallMetrics | None
    email_metrics: EmailThreadMetrics | None
    signals: tuple[BuyerSignalFound, ...]
    analysis: ConversationAnalysis = field(repr=False, compare=False, metadata={"export": False})
    citations: dict[tuple[int, int], Citation] = field(
        repr=False, compare=False, metadata={"export": False}
    )  # (turn seq, sentence start) in `analysis` -> where it was said
    speakers: dict[str, str] = field(
        repr=False, compare=False, metadata={"export": False}
    )  # speaker person id -> SellerRef id, for our side

    @property
    def ref(self) -> str:
        """A short reference to type instead of the id (`conversations show REF`)."""
        return short_ref(self.id)

    def top_signals(self, count: int = 3) -> list[tuple[str, int]]:
        """The buyer signals heard most often, with how often."""
        return Counter(found.signal for found in self.signals).most_common(count)


@dataclass(frozen=True, slots=True)
class Moment:
    """A sentence of the seller's worth showing them: what they did there and why it counts."""

    conversation_id: str
    conversation_title: str
    citation: Citation
    acts: tuple[str, ...]
    pull_probability: float
    push_probability: float


@dataclass(frozen=True, slots=True)
class Practice:
    """What to practise next, the driver it moves, the points it could gain, and examples."""

    driver: str
    points: float
    advice: str
    examples: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class CallHabits:
    """A seller's call metrics, averaged over the timed calls they were the only seller on."""

    calls: int
    talk_share: float | None
    question_rate_per_min: float | None
    open_question_share: float | None
    patience_s: float | None
    longest_monologue_s: float | None


@dataclass(frozen=True, slots=True)
class SellerConversation:
    id: str
    kind: str
    title: str
    day: date | None
    deal_id: str | None
    score: float


@dataclass(frozen=True, slots=True)
class SellerProfile:
    """A seller's pull profile across every conversation they spoke in."""

    seller: Seller
    pull: ExplainedScore
    conversations: tuple[SellerConversation, ...]
    strongest: tuple[Moment, ...]
    weakest: tuple[Moment, ...]
    practice: tuple[Practice, ...]
    habits: CallHabits


@dataclass(frozen=True, slots=True)
class DealPull:
    deal: Deal
    pull: ExplainedScore
    conversations: tuple[Conversation, ...]


# --- who is on our side ----------------------------------------------------------------


@dataclass(slots=True)
class _Sides:
    internal_ids: frozenset[str]
    ours: dict[str, SellerRef]  # internal person id -> the seller (or person) they are
    names: dict[str, str]
    account_of: dict[str, str]


def _sides(
    people: Iterable[Person], sellers: Sequence[Seller], internal_domains: Sequence[str]
) -> _Sides:
    affiliation = Affiliation(frozenset(d.lower() for d in internal_domains), {})
    by_address = {s.email.strip().lower(): s for s in sellers if s.email}
    by_name = {normalise_name(s.name): s for s in sellers}
    ours: dict[str, SellerRef] = {}
    names: dict[str, str] = {}
    account_of: dict[str, str] = {}
    for person in people:
        names[person.id] = person.name
        if person.account_id is not None:
            account_of[person.id] = person.account_id
        seller = next((by_address[a] for a in person.addresses if a in by_address), None)
        if seller is None and person.account_id is None:
            seller = by_name.get(normalise_name(person.name))
        if seller is not None:
            ours[person.id] = SellerRef(seller.id, seller.name, True)
        elif person.is_internal or any(affiliation.of(a)[0] for a in person.addresses):
            ours[person.id] = SellerRef(person.id, person.name, False)
    return _Sides(frozenset(ours), ours, names, account_of)


# --- building conversations ----------------------------------------------------------------


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _load(connection: Connection, ids: Sequence[str]) -> list[Interaction]:
    found: list[Interaction] = []
    for start in range(0, len(ids), _LOAD_CHUNK):
        found.extend(
            communications.load_interactions(connection, ids=ids[start : start + _LOAD_CHUNK])
        )
    return found


def _groups(interactions: Iterable[Interaction]) -> list[list[Interaction]]:
    """One group per conversation: an e-mail thread, or a single call or meeting."""
    groups: dict[str, list[Interaction]] = {}
    for interaction in interactions:
        key = interaction.id
        if interaction.kind == InteractionKind.EMAIL and interaction.thread_id:
            key = f"thread\0{interaction.thread_id}"
        groups.setdefault(key, []).append(interaction)
    for members in groups.values():
        members.sort(key=lambda i: (_aware(i.started_at) or datetime.min.replace(tzinfo=UTC), i.id))
    return list(groups.values())


def _as_one(
    members: list[Interaction],
) -> tuple[Interaction, dict[int, tuple[Interaction, Turn]]]:
    """A thread as one interaction whose turns are numbered across its messages."""
    if len(members) == 1 and members[0].kind != InteractionKind.EMAIL:
        only = members[0]
        return only, {turn.seq: (only, turn) for turn in only.turns}
    first = members[0]
    origin: dict[int, tuple[Interaction, Turn]] = {}
    turns: list[Turn] = []
    for message in members:
        for turn in sorted(message.turns, key=lambda t: t.seq):
            seq = len(turns)
            origin[seq] = (message, turn)
            turns.append(Turn(seq, turn.speaker_id, turn.text))
    participants = {(p.person_id, p.role): p for m in members for p in m.participants}
    return (
        Interaction(
            id=first.thread_id or first.id,
            kind=first.kind,
            subject=first.subject,
            started_at=first.started_at,
            ended_at=members[-1].ended_at or members[-1].started_at,
            thread_id=first.thread_id,
            account_id=next((m.account_id for m in members if m.account_id), None),
            deal_id=next((m.deal_id for m in members if m.deal_id), None),
            source=first.source,
            participants=list(participants.values()),
            turns=turns,
        ),
        origin,
    )


def _citation(
    evidence_seq: int,
    sentence: str,
    cue: str,
    origin: dict[int, tuple[Interaction, Turn]],
    sides: _Sides,
) -> Citation:
    interaction, turn = origin[evidence_seq]
    return Citation(
        interaction_id=interaction.id,
        turn_seq=turn.seq,
        speaker=sides.names.get(turn.speaker_id or "", turn.speaker_id),
        offset_s=turn.start_s,
        sent_at=_aware(interaction.started_at)
        if interaction.kind == InteractionKind.EMAIL
        else None,
        sentence=sentence,
        cue=cue,
    )


def _explained(
    score: PullScore, origin: dict[int, tuple[Interaction, Turn]], sides: _Sides
) -> ExplainedScore:
    return ExplainedScore(
        score=score.score,
        seller_sentences=score.seller_sentences,
        drivers=tuple(
            ExplainedDriver(
                d.name,
                d.weight,
                d.value,
                d.contribution,
                d.explanation,
                tuple(_cite(e, origin, sides) for e in d.evidence),
            )
            for d in score.drivers
        ),
    )


def _cite(
    evidence: Evidence, origin: dict[int, tuple[Interaction, Turn]], sides: _Sides
) -> Citation:
    return _citation(evidence.turn_seq, evidence.sentence, evidence.cue, origin, sides)


@dataclass(slots=True)
class _DealBook:
    """The deals and CRM-logged activities of each account, read once per request."""

    connection: Connection
    deals: dict[str, list[Deal]] = field(default_factory=dict)
    logged: dict[str, list[LoggedDealActivity]] = field(default_factory=dict)

    def of(self, account_id: str) -> tuple[list[Deal], list[LoggedDealActivity]]:
        if account_id not in self.deals:
            self.deals[account_id] = repository.list_deals(self.connection, account_id=account_id)
            self.logged[account_id] = [
                LoggedDealActivity(i, started, deal)
                for i, started, deal in queries.logged_deal_activities(self.connection, account_id)
            ]
        return self.deals[account_id], self.logged[account_id]


def _account_of(interaction: Interaction, sides: _Sides) -> str | None:
    if interaction.account_id:
        return interaction.account_id
    people = [p.person_id for p in interaction.participants] + [
        t.speaker_id for t in interaction.turns if t.speaker_id
    ]
    counts = Counter(
        sides.account_of[p]
        for p in dict.fromkeys(people)
        if p in sides.account_of and p not in sides.internal_ids
    )
    return counts.most_common(1)[0][0] if counts else None


def _by_seller(
    analysis: ConversationAnalysis,
    sides: _Sides,
    origin: dict[int, tuple[Interaction, Turn]],
) -> dict[str, ExplainedScore]:
    scores: dict[str, list[PullScore]] = {}
    for person_id, score in analysis.pull_by_seller.items():
        ref = sides.ours.get(person_id)
        if ref is not None:
            scores.setdefault(ref.id, []).append(score)
    return {
        ref_id: _explained(
            parts[0] if len(parts) == 1 else aggregate_pull_scores(parts), origin, sides
        )
        for ref_id, parts in scores.items()
    }


def _conversation(members: list[Interaction], sides: _Sides, book: _DealBook) -> Conversation:
    whole, origin = _as_one(members)
    analysis = analyse_conversation(whole, sides.internal_ids)
    spoken = Counter(s.speaker_id for s in analysis.sentences if s.speaker_id)
    refs: dict[str, SellerRef] = {}
    for person_id, _ in spoken.most_common():
        if person_id in sides.ours:
            ref = sides.ours[person_id]
            refs.setdefault(ref.id, ref)
    customers = tuple(
        dict.fromkeys(
            sides.names.get(person_id, person_id)
            for person_id in spoken
            if person_id not in sides.internal_ids
        )
    )
    account_id = _account_of(whole, sides)
    taking_part = {p.person_id for p in whole.participants} | set(spoken)
    deal_id = deal_rule = None
    owner: str | None = None
    if account_id is not None:
        deals, logged = book.of(account_id)
        link = link_deal(whole, {ref.id for ref in refs.values() if ref.is_seller}, deals, logged)
        if link is not None:
            deal_id, deal_rule = link.deal_id, link.rule
            owner = next((d.owner_id for d in deals if d.id == deal_id), None)
    lead = refs.get(owner or "") or next(iter(refs.values()), None)
    signals = tuple(
        BuyerSignalFound(
            str(found.signal),
            _citation(
                found.evidence.turn_seq, found.evidence.sentence, found.evidence.cue, origin, sides
            ),
        )
        for found in analysis.signals
    )
    citations = {
        (s.turn_seq, s.start): _citation(s.turn_seq, s.text, "", origin, sides)
        for s in analysis.sentences
    }
    is_thread = whole.kind == InteractionKind.EMAIL
    return Conversation(
        id=whole.id,
        kind=str(whole.kind),
        title=whole.subject or whole.id,
        started_at=_aware(whole.started_at),
        day=conversation_date(whole),
        account_id=account_id,
        deal_id=deal_id,
        deal_rule=deal_rule,
        sellers=tuple(refs.values()),
        lead_seller=lead,
        customers=customers,
        with_customer=bool(taking_part - sides.internal_ids),
        interaction_ids=tuple(m.id for m in members),
        pull=_explained(analysis.pull_score, origin, sides),
        pull_by_seller=_by_seller(analysis, sides, origin),
        call_metrics=analysis.call_metrics,
        email_metrics=email_thread_metrics(members, sides.internal_ids) if is_thread else None,
        signals=signals,
        analysis=analysis,
        citations=citations,
        speakers={p: sides.ours[p].id for p in spoken if p in sides.ours},
    )


Progress = Callable[[int, int], None]  # (conversations analysed, of how many)


def _analyse(
    connection: Connection,
    workspace: Workspace,
    ids: Sequence[str],
    progress: Progress | None = None,
) -> list[Conversation]:
    loaded = _load(connection, list(queries.with_whole_threads(connection, ids)))
    interactions = [i for i in loaded if i.turns]  # nothing said or written: nothing to analyse
    person_ids = {p.person_id for i in interactions for p in i.participants} | {
        t.speaker_id for i in interactions for t in i.turns if t.speaker_id
    }
    sides = _sides(
        queries.people_by_ids(connection, person_ids),
        repository.list_sellers(connection),
        workspace.internal_domains,
    )
    book = _DealBook(connection)
    groups = _groups(interactions)
    conversations = []
    for done, members in enumerate(groups, 1):
        conversations.append(_conversation(members, sides, book))
        if progress is not None:
            progress(done, len(groups))
    conversations.sort(key=lambda c: (c.day or date.min, c.started_at is None, c.id))
    return conversations


# --- lookups --------------------------------------------------------------------------------


def _find_seller(connection: Connection, name_or_id: str) -> Seller:
    wanted = name_or_id.strip()
    sellers = repository.list_sellers(connection)
    keys: list[Callable[[Seller], bool]] = [
        lambda s: s.id == wanted,
        lambda s: (s.email or "").lower() == wanted.lower(),
        lambda s: normalise_name(s.name) == normalise_name(wanted),
    ]
    for matches in keys:
        found = [seller for seller in sellers if matches(seller)]
        if found:
            return found[0]
    raise UnknownRecord(f"no seller {name_or_id!r} (give a seller id, e-mail or name)")


def _seller_person_ids(connection: Connection, seller: Seller) -> list[str]:
    return queries.people_named_or_addressed(connection, seller.name, seller.email)


# --- use cases ------------------------------------------------------------------------------


REF_LENGTH = 8
_REF = re.compile(r"[0-9a-f]{1,40}")


def short_ref(conversation_id: str) -> str:
    """Eight hex digits that stand for a conversation id (ids can be long message ids)."""
    return hashlib.sha1(conversation_id.encode("utf-8")).hexdigest()[:REF_LENGTH]


def _resolve_ref(connection: Connection, ref: str) -> str | None:
    """The one id whose short reference starts with `ref` (any case); an error when several do."""
    ref = ref.lower()
    if not _REF.fullmatch(ref):
        return None
    found = sorted(
        {key for key in queries.conversation_keys(connection) if short_ref(key).startswith(ref)}
    )
    if len(found) > 1:
        raise UnknownRecord(f"{ref!r} could be {len(found)} conversations; give more digits")
    return found[0] if found else None


def list_conversations(
    workspace: Workspace,
    *,
    account: str | None = None,
    seller: str | None = None,
    kind: InteractionKind | None = None,
    ours_only: bool = True,
    progress: Progress | None = None,
) -> list[Conversation]:
    """The analysed conversations, oldest first; filtered by account, seller (who spoke) and kind.

    `ours_only` keeps the conversations between one of our sellers and the
    customer: a customer's internal mail matters to the power base, and our
    own internal mail to neither, but they are not selling conversations.
    """
    with store_of(workspace) as engine, engine.connect() as connection:
        account_id = None
        if account is not None:
            found = repository.find_account(connection, account)
            if found is None:
                raise UnknownRecord(f"no account named {account!r}")
            account_id = found.id
        person_ids = None
        seller_id = None
        if seller is not None:
            chosen = _find_seller(connection, seller)
            seller_id = chosen.id
            person_ids = _seller_person_ids(connection, chosen)
        ids = queries.conversation_ids(
            connection,
            account_id=account_id,
            person_ids=person_ids,
            kinds=[kind] if kind is not None else None,
        )
        conversations = _analyse(connection, workspace, ids, progress)
    if seller_id is not None:
        conversations = [c for c in conversations if seller_id in c.pull_by_seller]
    if account_id is not None:
        conversations = [c for c in conversations if c.account_id in (account_id, None)]
    if ours_only:
        conversations = [c for c in conversations if c.sellers and c.with_customer]
    return conversations


def show_conversation(workspace: Workspace, conversation_id: str) -> Conversation:
    """One conversation by interaction id (a message stands for its whole thread) or thread id."""
    with store_of(workspace) as engine, engine.connect() as connection:
        ids = list(communications.load_interactions(connection, ids=[conversation_id]))
        wanted = [i.id for i in ids] or queries.thread_message_ids(connection, conversation_id)
        if not wanted and (full_id := _resolve_ref(connection, conversation_id)) is not None:
            return show_conversation(workspace, full_id)
        message = conversation_id.strip().strip("<>")
        if not wanted and "@" in message and not message.startswith("mail:"):
            return show_conversation(workspace, f"mail:{message}")  # a bare Message-ID
        if not wanted:
            raise UnknownRecord(
                f"no conversation {conversation_id!r}; `softpower conversations list` shows them"
            )
        conversations = _analyse(connection, workspace, wanted)
    if not conversations:
        raise UnknownRecord(f"{conversation_id!r} has no transcript or text to analyse")
    return conversations[0]


def deal_conversations(
    workspace: Workspace, deal_id: str, progress: Progress | None = None
) -> DealPull:
    """The conversations linked to one deal and their combined pull score."""
    with store_of(workspace) as engine, engine.connect() as connection:
        deal = repository.find_deal(connection, deal_id)
        if deal is None:
            raise UnknownRecord(f"no deal {deal_id!r}; `softpower deals list` shows them")
        ids = (
            queries.conversation_ids(connection, account_id=deal.account_id)
            if deal.account_id
            else []
        )
        conversations = tuple(
            c for c in _analyse(connection, workspace, ids, progress) if c.deal_id == deal.id
        )
    combined = aggregate_pull_scores([c.analysis.pull_score for c in conversations])
    return DealPull(deal, _combined(combined, conversations), conversations)


def _combined(score: PullScore, conversations: Sequence[Conversation]) -> ExplainedScore:
    """An aggregated score, its evidence cited through the conversations it came from."""
    by_id = {c.id: c for c in conversations}
    drivers = []
    for driver in score.drivers:
        evidence = []
        for item in driver.evidence:
            conversation = by_id.get(item.interaction_id)
            cited = (
                conversation.citations.get((item.turn_seq, item.start)) if conversation else None
            )
            if cited is not None:
                evidence.append(replace(cited, cue=item.cue))
        drivers.append(
            ExplainedDriver(
                driver.name,
                driver.weight,
                driver.value,
                driver.contribution,
                driver.explanation,
                tuple(evidence),
            )
        )
    return ExplainedScore(score.score, score.seller_sentences, tuple(drivers))


# --- coaching ------------------------------------------------------------------------------

MOMENTS = 3
PRACTICES = 3
ADVICE = {
    "open_questions": (
        "Ask more open questions (what, how, why, walk me through): about one in every six of "
        "your sentences. Rephrase yes-or-no questions so the customer has to tell a story."
    ),
    "listening": (
        'Play back what you heard before you answer ("So if I\'m hearing you right, ...") and '
        'check it ("Is that fair?").'
    ),
    "outcome_talk": (
        "Talk about the customer's results in their own numbers (their targets, their costs), "
        "not about our features."
    ),
    "joint_plan": (
        "Close each conversation with a next step both sides own: who does what by when, in a "
        "plan the customer helps write."
    ),
    "rapport": "Spend a minute on the person before the agenda, and thank them for specifics.",
    "pitch": (
        "Hold the product story until the customer has described the problem; then answer the "
        "need they stated in a sentence or two and ask how it would land."
    ),
    "pressure": (
        'Drop deadline pressure (quarter end, "sign today"); ask which date or event matters '
        "to them instead."
    ),
    "discount": (
        "Stop leading with concessions; ask what would make the value case hold for their "
        "finance team."
    ),
    "talk_balance": "Talk less: aim for under half of the talk time and let the customer fill it.",
    "long_monologue": "Break long explanations: stop after about a minute and ask a question.",
}


def _own_sentences(conversation: Conversation, seller_id: str) -> Iterable[SentenceAnalysis]:
    for sentence in conversation.analysis.sentences:
        if sentence.is_seller and conversation.speakers.get(sentence.speaker_id or "") == seller_id:
            yield sentence


def _moment(conversation: Conversation, sentence: SentenceAnalysis) -> Moment:
    acts = tuple(str(act) for act in sentence.acts)
    return Moment(
        conversation.id,
        conversation.title,
        replace(conversation.citations[(sentence.turn_seq, sentence.start)], cue=", ".join(acts)),
        acts,
        sentence.pull_probability,
        sentence.push_probability,
    )


def _moments(
    conversations: Sequence[Conversation], seller_id: str
) -> tuple[tuple[Moment, ...], tuple[Moment, ...]]:
    strong: list[tuple[float, Moment]] = []
    weak: list[tuple[float, Moment]] = []
    for conversation in conversations:
        for sentence in _own_sentences(conversation, seller_id):
            pull = sum(act in PULL_ACTS for act in sentence.acts)
            push = sum(act in PUSH_ACTS for act in sentence.acts)
            lean = sentence.pull_probability - sentence.push_probability
            if pull > push:
                strong.append((pull + lean, _moment(conversation, sentence)))
            elif push > pull:
                weak.append((push - lean, _moment(conversation, sentence)))
    strong.sort(key=lambda item: -item[0])
    weak.sort(key=lambda item: -item[0])
    return (
        tuple(moment for _, moment in strong[:MOMENTS]),
        tuple(moment for _, moment in weak[:MOMENTS]),
    )


def _answers_to_customer(conversation: Conversation, seller_id: str) -> list[SentenceAnalysis]:
    """The seller's first sentence after each customer turn, where playing back would fit."""
    found: list[SentenceAnalysis] = []
    customer_spoke = False  # in the turn before the current one
    turn_has_customer = False
    current_turn: int | None = None
    for sentence in conversation.analysis.sentences:
        if sentence.turn_seq != current_turn:
            customer_spoke, turn_has_customer = turn_has_customer, False
            current_turn = sentence.turn_seq
            ours = conversation.speakers.get(sentence.speaker_id or "") == seller_id
            if sentence.is_seller and customer_spoke and ours:
                found.append(sentence)
        turn_has_customer = turn_has_customer or not sentence.is_seller
    return found


def _examples(driver: str, conversations: Sequence[Conversation], seller_id: str) -> list[Citation]:
    """The seller's own sentences where the practice applies."""
    picked: list[tuple[Conversation, SentenceAnalysis]] = []
    if driver == "open_questions":
        # closed questions to rephrase, from every conversation; only a seller who asked
        # none at all is shown the pushy statements a question could have replaced
        closed = [
            (conversation, s)
            for conversation in conversations
            for s in _own_sentences(conversation, seller_id)
            if SellerAct.CLOSED_QUESTION in s.acts
        ]
        if closed:
            return [_moment(conversation, s).citation for conversation, s in closed]
    for conversation in conversations:
        own = list(_own_sentences(conversation, seller_id))
        pushy = [s for s in own if any(act in PUSH_ACTS for act in s.acts)]
        if driver == "open_questions":
            chosen = pushy
        elif driver == "listening":
            chosen = [
                s
                for s in _answers_to_customer(conversation, seller_id)
                if SellerAct.LISTENING not in s.acts
            ]
            chosen.sort(key=lambda s: -s.push_probability)
        elif driver == "joint_plan":
            chosen = [s for s in own[-1:] if SellerAct.NEXT_STEP not in s.acts]
        else:
            chosen = pushy
        picked.extend((conversation, s) for s in chosen)
    return [_moment(conversation, s).citation for conversation, s in picked]


def _practice(
    score: ExplainedScore, conversations: Sequence[Conversation], seller_id: str
) -> tuple[Practice, ...]:
    options: list[Practice] = []
    for driver in score.drivers:
        advice = ADVICE.get(driver.name)
        if advice is None:
            continue
        if driver.weight > 0:
            points = driver.weight * (1.0 - driver.value)
            examples = _examples(driver.name, conversations, seller_id)
        else:
            points = -driver.contribution
            examples = list(driver.evidence)
        if points >= 0.5:
            options.append(Practice(driver.name, points, advice, tuple(examples[:MOMENTS])))
    options.sort(key=lambda practice: -practice.points)
    return tuple(options[:PRACTICES])


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _habits(conversations: Sequence[Conversation], seller_id: str) -> CallHabits:
    calls = [
        c.call_metrics
        for c in conversations
        if c.call_metrics is not None and [r.id for r in c.sellers] == [seller_id]
    ]
    metrics = [m for m in calls if m is not None]
    return CallHabits(
        calls=len(metrics),
        talk_share=_mean([m.seller_talk_share for m in metrics]),
        question_rate_per_min=_mean([m.question_rate_per_min for m in metrics]),
        open_question_share=_mean([m.open_question_share for m in metrics]),
        patience_s=_mean([m.patience_s for m in metrics if m.patience_s is not None]),
        longest_monologue_s=max((m.longest_seller_monologue_s for m in metrics), default=None),
    )


def coach_seller(
    workspace: Workspace, seller: str, progress: Progress | None = None
) -> SellerProfile:
    """A seller's pull profile: score with drivers, best and worst moments, what to practise."""
    with store_of(workspace) as engine, engine.connect() as connection:
        chosen = _find_seller(connection, seller)
        ids = queries.conversation_ids(
            connection, person_ids=_seller_person_ids(connection, chosen)
        )
        conversations = [
            c
            for c in _analyse(connection, workspace, ids, progress)
            if chosen.id in c.pull_by_seller and c.with_customer
        ]
    raw = [
        score
        for c in conversations
        for person_id, score in c.analysis.pull_by_seller.items()
        if c.speakers.get(person_id) == chosen.id
    ]
    pull = _combined(aggregate_pull_scores(raw), conversations)
    strongest, weakest = _moments(conversations, chosen.id)
    return SellerProfile(
        seller=chosen,
        pull=pull,
        conversations=tuple(
            SellerConversation(
                c.id, c.kind, c.title, c.day, c.deal_id, c.pull_by_seller[chosen.id].score
            )
            for c in conversations
        ),
        strongest=strongest,
        weakest=weakest,
        practice=_practice(pull, conversations, chosen.id),
        habits=_habits(conversations, chosen.id),
    )
