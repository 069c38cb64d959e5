"""Identity resolution: which e-mail addresses belong to the same human being.

People write from several addresses (jeff.skilling@, jskilling@) and mail
clients show their names several ways ("Jeff Skilling", "Skilling, Jeff",
"Jeffrey K Skilling"). This is a pure function over what the store knows of
each address (the names it was shown with, how often, its current person,
the user's manual decisions) that returns, for every address, the person it
belongs to with a confidence and the evidence.

Method (see docs/methodology/identity.md):
1. Each address gets a name key (first, middle initial, last): from the name
   it is shown with in at least half of its sightings, else from its local
   part when that reads `first.last`, `first_m_last`, `f.last`.
2. Addresses of one organisation (registered domain) with the same last name
   are compared pairwise: first names must agree exactly (0.95), as
   nicknames or spelling variants of each other (0.85, `nicknames` data),
   or as an initial (0.7). A local part with no separator (`jskilling`,
   `skillingj`, `jeffskilling`) is matched to the one named cluster of its
   domain it spells (0.7).
3. Links are applied strongest first (union-find); a link is refused when
   it would put two incompatible first names, two CRM contacts, or an
   address the user split off into one person.
4. Manual merges are applied before everything, with confidence 1.0.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache

from nicknames import NickNamer

AUTOMATIC_PREFIX = "email:"  # a person first met as this address
NAME_PREFIX = "name:"  # a person first met as this name only (a transcript speaker)
UNLINKED = "no other address matched"
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_NAME_WORDS = frozenset(
    [
        "the",
        "team",
        "all",
        "group",
        "list",
        "dept",
        "department",
        "office",
        "support",
        "admin",
        "info",
        "mail",
        "service",
        "services",
        "desk",
        "help",
        "enron",
        "announcements",
        "everyone",
        "staff",
        "committee",
    ]
)
_SECOND_LEVEL = frozenset(["co", "com", "net", "org", "ac", "gov", "edu", "ltd", "plc"])


@dataclass(frozen=True, slots=True)
class AddressFacts:
    """What the store knows of one address."""

    address: str
    person_id: str
    names: dict[str, int] = field(default_factory=dict)  # name shown -> sightings
    split: bool = False  # the user split it off: never merged automatically
    merged_into: str | None = None  # the user merged it into this person


@dataclass(frozen=True, slots=True)
class IdentityLink:
    """The person an address belongs to, how sure we are, and why."""

    address: str
    person_id: str
    confidence: float
    evidence: str


@dataclass(frozen=True, slots=True)
class NameKey:
    first: str
    middle: str
    last: str
    shown: str  # the name or local part it was read from
    from_address: bool


def _ascii_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return [w for w in re.split(r"[^a-z']+", text) if w]


def _name_words(name: str) -> list[str]:
    name = _PARENTHESES.sub(" ", name)
    if name.count(",") == 1:
        last, first = name.split(",")
        name = f"{first} {last}"
    words = [w.strip("'") for w in _ascii_words(name)]
    return [w for w in words if w and w not in ("jr", "sr", "ii", "iii", "mr", "ms", "mrs", "dr")]


def name_key_of_name(name: str) -> NameKey | None:
    words = _name_words(name)
    if len(words) < 2 or len(words) > 4 or any(w in _NOT_NAME_WORDS for w in words):
        return None
    if len(words[-1]) < 2:
        return None
    middle = words[1][0] if len(words) > 2 else ""
    return NameKey(words[0], middle, words[-1], name, from_address=False)


_MIDDLE_INITIAL_FORM = re.compile(r"^([a-z])\.\.([a-z]{2,})$")


def name_key_of_address(address: str) -> NameKey | None:
    local = address.partition("@")[0]
    middle_form = _MIDDLE_INITIAL_FORM.match(local)
    if middle_form:  # `k..allen`: Exchange's form for Phillip K Allen, first name left out
        return NameKey("", middle_form.group(1), middle_form.group(2), local, from_address=True)
    words = [w for w in re.split(r"[._\-]+", re.sub(r"\d+$", "", local)) if w]
    if len(words) < 2 or not all(w.isalpha() for w in words) or len(words[-1]) < 2:
        return None
    if any(w in _NOT_NAME_WORDS for w in words):
        return None
    middle = words[1][0] if len(words) > 2 else ""
    return NameKey(words[0], middle, words[-1], local, from_address=True)


def organisation(address: str) -> str:
    """The registered domain: `mail.enron.com` -> `enron.com`, `x.co.uk` -> `x.co.uk`."""
    labels = address.rpartition("@")[2].split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


@cache
def _namer() -> NickNamer:
    return NickNamer()


@cache
def _name_family(first: str) -> frozenset[str]:
    namer = _namer()
    family = {first} | namer.nicknames_of(first) | namer.canonicals_of(first)
    return frozenset(family)


def first_names_agree(a: str, b: str) -> tuple[float, str] | None:
    """(confidence, how) when two first names can be the same person's, else None."""
    if a == b:
        return (0.95, "same first name") if len(a) > 1 else (0.7, "same initial")
    if len(a) == 1 or len(b) == 1:
        return (0.7, "initial") if a[0] == b[0] else None
    if a in _name_family(b) or b in _name_family(a):
        return 0.85, f"{a}/{b} are forms of one name"
    namer = _namer()
    if namer.canonicals_of(a) & namer.canonicals_of(b):
        return 0.85, f"{a}/{b} are short forms of one name"
    if _spelling_variants(a, b):
        return 0.8, f"{a}/{b} are spellings of one name"
    return None


def _spelling_variants(a: str, b: str) -> bool:
    """`steven`/`stephen`: one name spelt two ways, not two names sharing a nickname.

    Two full names that merely share a short form (Stephanie and Stephen both
    go by Steph; Christopher and Christine by Chris) are different people.
    """
    close = a[:3] == b[:3] and a[-1] == b[-1] and abs(len(a) - len(b)) <= 1
    return close and SequenceMatcher(None, a, b).ratio() >= 0.75


def _dominant_key(facts: AddressFacts) -> NameKey | None:
    total = sum(facts.names.values())
    ranked = sorted(facts.names.items(), key=lambda item: (-item[1], item[0]))
    for name, seen in ranked:
        if seen * 2 < total:
            break
        key = name_key_of_name(name)
        if key is not None:
            return key if key.middle else _with_middle_shown(key, ranked)
    return name_key_of_address(facts.address)


def _with_middle_shown(key: NameKey, ranked: list[tuple[str, int]]) -> NameKey:
    """`Susan Scott` shown more often, `Susan M Scott` too: her middle initial is M.

    Only a rarer form of the very same first and last name counts, and only
    when all such forms agree on the initial.
    """
    middles = {
        other.middle
        for name, _ in ranked
        if (other := name_key_of_name(name)) is not None
        and other.middle
        and (other.first, other.last) == (key.first, key.last)
    }
    if len(middles) != 1:
        return key
    return NameKey(key.first, middles.pop(), key.last, key.shown, key.from_address)


class _Clusters:
    """Union-find over addresses that refuses merges breaking a constraint."""

    def __init__(self, facts: list[AddressFacts], keys: dict[str, NameKey | None]) -> None:
        self.parent = {f.address: f.address for f in facts}
        self.firsts: dict[str, set[str]] = {
            f.address: ({k.first} if (k := keys[f.address]) and not k.from_address else set())
            for f in facts
        }
        self.contacts: dict[str, set[str]] = {
            f.address: (set() if f.person_id.startswith(AUTOMATIC_PREFIX) else {f.person_id})
            for f in facts
        }
        self.manual: dict[str, set[str]] = {
            f.address: ({f.merged_into} if f.merged_into else set()) for f in facts
        }

    def find(self, address: str) -> str:
        while self.parent[address] != address:
            self.parent[address] = self.parent[self.parent[address]]
            address = self.parent[address]
        return address

    def union(self, a: str, b: str, forced: bool = False) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return False
        if not forced:
            if len(self.contacts[root_a] | self.contacts[root_b]) > 1:
                return False
            if len(self.manual[root_a] | self.manual[root_b]) > 1:
                return False
            for first_a in self.firsts[root_a]:
                for first_b in self.firsts[root_b]:
                    if first_names_agree(first_a, first_b) is None:
                        return False
        self.parent[root_b] = root_a
        self.firsts[root_a] |= self.firsts.pop(root_b)
        self.contacts[root_a] |= self.contacts.pop(root_b)
        self.manual[root_a] |= self.manual.pop(root_b)
        return True


def _candidate_links(
    facts: list[AddressFacts], keys: dict[str, NameKey | None]
) -> list[tuple[float, str, str, str]]:
    """(confidence, address, address, evidence) for every plausible pair, strongest first."""
    blocks: dict[tuple[str, str], list[str]] = {}
    for fact in facts:
        key = keys[fact.address]
        if key is not None and not fact.split and not _needs_unique_match(key):
            blocks.setdefault((organisation(fact.address), key.last), []).append(fact.address)
    links: list[tuple[float, str, str, str]] = []
    for members in blocks.values():
        for index, a in enumerate(members):
            for b in members[index + 1 :]:
                key_a, key_b = keys[a], keys[b]
                assert key_a is not None and key_b is not None
                agreed = first_names_agree(key_a.first, key_b.first) or _by_middle_name(
                    key_a, key_b
                )
                if agreed is None:
                    continue
                if key_a.middle and key_b.middle and key_a.middle != key_b.middle:
                    continue
                confidence, how = agreed
                if key_a.from_address and key_b.from_address:
                    if len(key_a.first) < 2 or len(key_b.first) < 2:
                        continue  # two bare initials say too little
                    confidence = min(confidence, 0.75)
                elif key_a.from_address or key_b.from_address:
                    confidence = min(confidence, 0.8)
                evidence = f"{key_a.shown!r} and {key_b.shown!r}: same last name, {how}"
                links.append((confidence, a, b, evidence))
    links.sort(key=lambda link: (-link[0], link[1], link[2]))
    return links


def _by_middle_name(a: NameKey, b: NameKey) -> tuple[float, str] | None:
    """`V Charles Weldon` and `charles.weldon`: someone who goes by their middle name."""
    for initial, full in ((a, b), (b, a)):
        if len(initial.first) == 1 and len(full.first) > 1 and full.first[0] == initial.middle:
            return 0.7, "goes by the middle name"
    return None


def _needs_unique_match(key: NameKey) -> bool:
    """An address read as a bare initial (`j.smith`, `k..allen`) fits too many people to pair."""
    return key.from_address and len(key.first) < 2


def _fits_initials(key: NameKey, named: NameKey) -> str | None:
    if key.first == "":
        return "middle initial" if named.middle == key.middle else None
    if named.first.startswith(key.first) and (not key.middle or key.middle == named.middle):
        return "initial"
    if named.middle == key.first:
        return "middle initial"
    return None


def _spellings(key: NameKey) -> set[str]:
    first, last = key.first, key.last
    spelled = {first[0] + last, last + first[0], first + last, last + first}
    if key.middle:
        spelled |= {first[0] + key.middle + last, first + key.middle + last}
    return spelled


def _unique_fit_links(
    facts: list[AddressFacts], keys: dict[str, NameKey | None], cluster_of: Callable[[str], str]
) -> Iterator[tuple[float, str, str, str]]:
    """Addresses too terse to pair (`k..allen`, `j.smith`, `jskilling`, `kaminski`): each is
    linked to the one named person of its organisation it fits, and to nobody when it fits
    several."""
    by_surname: dict[tuple[str, str], list[tuple[str, NameKey]]] = {}
    by_spelling: dict[tuple[str, str], list[tuple[str, NameKey]]] = {}
    for fact in facts:
        key = keys[fact.address]
        if key is not None and not key.from_address and len(key.first) > 1 and not fact.split:
            domain = organisation(fact.address)
            by_surname.setdefault((domain, key.last), []).append((fact.address, key))
            for spelling in _spellings(key):
                by_spelling.setdefault((domain, spelling), []).append((fact.address, key))
    for fact in facts:
        if fact.split:
            continue
        key = keys[fact.address]
        domain = organisation(fact.address)
        fits: list[tuple[str, NameKey, float, str]] = []
        if key is not None:
            if not _needs_unique_match(key):
                continue
            for address, named in by_surname.get((domain, key.last), []):
                how = _fits_initials(key, named)
                if how:
                    fits.append(
                        (address, named, 0.7, f"{key.shown!r} fits {named.shown!r} by {how}")
                    )
        else:
            local = re.sub(r"\d+$", "", fact.address.partition("@")[0]).lower()
            if not local.isalpha() or len(local) < 4:
                continue
            surname = by_surname.get((domain, local), []) if len(local) >= 5 else []
            for address, named in surname:
                fits.append(
                    (address, named, 0.6, f"local part {local!r} is {named.shown!r}'s surname")
                )
            if not surname:
                fits.extend(
                    (address, named, 0.7, f"local part {local!r} spells {named.shown!r}")
                    for address, named in by_spelling.get((domain, local), [])
                )
        if fits and len({cluster_of(address) for address, _, _, _ in fits}) == 1:
            address, _, confidence, why = fits[0]
            yield confidence, address, fact.address, why


def _person_of_cluster(members: list[AddressFacts]) -> str:
    # an address split off by hand claims no one, not even the person it was taken from
    # (else that person's other addresses lose them to it)
    kept = [m for m in members if not m.split or m.merged_into]
    if not kept:
        return f"{AUTOMATIC_PREFIX}{members[0].address}"
    members = kept
    manual = sorted({m.merged_into for m in members if m.merged_into})
    if manual:
        return manual[0]
    contacts = sorted(
        {m.person_id for m in members if not m.person_id.startswith(AUTOMATIC_PREFIX)}
    )
    if contacts:
        return contacts[0]
    holders: dict[str, int] = {}
    for member in members:
        holders[member.person_id] = holders.get(member.person_id, 0) + 1
    sightings = {m.person_id: sum(m.names.values()) for m in members}
    return min(holders, key=lambda pid: (-holders[pid], -sightings.get(pid, 0), pid))


def _distinct_people(
    groups: list[list[AddressFacts]],
) -> list[tuple[list[AddressFacts], str]]:
    """A person id per cluster, never the same for two: the id's own address claims it first."""
    wanted = [(group, _person_of_cluster(group)) for group in groups]
    owns = [
        any(f"{AUTOMATIC_PREFIX}{fact.address}" == person or fact.merged_into for fact in group)
        or not person.startswith(AUTOMATIC_PREFIX)
        for group, person in wanted
    ]
    order = sorted(range(len(wanted)), key=lambda i: (not owns[i], -len(wanted[i][0])))
    taken: set[str] = set()
    chosen: list[tuple[list[AddressFacts], str]] = []
    for index in order:
        group, person = wanted[index]
        if person in taken:
            person = next(
                (
                    f"{AUTOMATIC_PREFIX}{fact.address}"
                    for fact in sorted(group, key=lambda f: (-sum(f.names.values()), f.address))
                    if f"{AUTOMATIC_PREFIX}{fact.address}" not in taken
                ),
                f"{AUTOMATIC_PREFIX}{min(fact.address for fact in group)}#{len(taken)}",
            )
        taken.add(person)
        chosen.append((group, person))
    return chosen


def _keep_evidence(
    evidence: dict[str, tuple[float, str]], addresses: tuple[str, ...], confidence: float, why: str
) -> None:
    for address in addresses:
        if address not in evidence or evidence[address][0] < confidence:
            evidence[address] = (confidence, why)


def resolve(facts: list[AddressFacts]) -> list[IdentityLink]:
    """The person of every address, with confidence and evidence (see the module's method)."""
    keys = {fact.address: _dominant_key(fact) for fact in facts}
    clusters = _Clusters(facts, keys)
    evidence: dict[str, tuple[float, str]] = {}
    by_person: dict[str, list[str]] = {}
    for fact in facts:
        if fact.merged_into:
            by_person.setdefault(fact.merged_into, []).append(fact.address)
    for person_id, addresses in by_person.items():
        owner = person_id.removeprefix(AUTOMATIC_PREFIX)
        if owner != person_id and owner in clusters.parent:
            addresses = [owner, *addresses]  # the address whose person was chosen goes along
        for other in addresses[1:]:
            clusters.union(addresses[0], other, forced=True)
    for fact in facts:
        if fact.merged_into:
            evidence[fact.address] = (1.0, "merged by hand")
        elif fact.split:
            evidence[fact.address] = (1.0, "split off by hand")
    for confidence, a, b, why in _candidate_links(facts, keys):
        if clusters.union(a, b):
            _keep_evidence(evidence, (a, b), confidence, why)
    for confidence, a, b, why in list(_unique_fit_links(facts, keys, clusters.find)):
        if clusters.union(a, b):
            _keep_evidence(evidence, (b,), confidence, why)
    members: dict[str, list[AddressFacts]] = {}
    for fact in facts:
        members.setdefault(clusters.find(fact.address), []).append(fact)
    links: list[IdentityLink] = []
    for group, person_id in _distinct_people(list(members.values())):
        for fact in group:
            confidence, why = evidence.get(fact.address, (1.0, UNLINKED))
            if fact.split and not fact.merged_into:
                person_id_of_fact = f"{AUTOMATIC_PREFIX}{fact.address}"
                links.append(IdentityLink(fact.address, person_id_of_fact, 1.0, why))
                continue
            links.append(IdentityLink(fact.address, person_id, confidence, why))
    return sorted(links, key=lambda link: link.address)
