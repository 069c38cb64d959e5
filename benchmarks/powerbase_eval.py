"""Power base accuracy on real mail: does informal influence order Enron's people by rank?

    python benchmarks/powerbase_eval.py [--truth FILE] [--out FILE]

Reads the Enron custodian-to-custodian mail in `shared/data/enron/mbox`
(17,229 messages from 146 custodians; see its PROVENANCE.md), turns each
message into a domain `Interaction` (From/To/Cc/Bcc participants, date,
subject, the new text of the body as one turn) with the standard library,
and builds the power base of all 148 custodians with the engine's fixed,
default settings. No title is given to the engine: the ranking under test
is informal influence from behaviour alone.

Ground truth (`custodians_ground_truth.csv`, Shetty & Adibi status, or any
file with its columns given by `--truth`): ranks are grouped into strata
(CEO, President, Managing Director, Vice President = 3; Director, Manager,
In House Lawyer = 2; Trader, Employee = 1; N/A left out). Reported, for the
engine and for two baselines computed in the same run from the same graph
(degree = number of distinct correspondents; message count = messages sent
plus received): pairwise ordering accuracy over every pair of people in
different strata (ties count half), Spearman correlation with the stratum,
and the same on Perry & Wolfe's Senior/Junior seniority.

Fixed split: custodian ids hashed with SHA-1 into halves A and B. The
engine's signal weights were chosen by looking at half A only (the
accuracy of each signal alone on A's pairs); half B is the held-out
figure. "all" mixes both halves and is shown for scale only.

The published 83.88% is a degree-centrality baseline on Agarwal et al.
(2012)'s 13,724 dominance pairs, a different and finer ground truth (who is
above whom in the reporting chain); it is quoted for scale only.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import mailbox
import os
import re
import sys
import time
from collections.abc import Iterator, Sequence
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from itertools import combinations
from pathlib import Path

from scipy.stats import spearmanr

from softpower.analysis.powerbase import build_power_base
from softpower.domain import (
    Interaction,
    InteractionKind,
    Participant,
    ParticipantRole,
    Person,
    Turn,
)

DATA = Path(
    os.environ.get("SOFTPOWER_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data")
)
ENRON = DATA / "enron"
STRATA = {
    "CEO": 3,
    "President": 3,
    "Managing Director": 3,
    "Vice President": 3,
    "Director": 2,
    "Manager": 2,
    "In House Lawyer": 2,
    "Trader": 1,
    "Employee": 1,
}
PUBLISHED_DEGREE_BASELINE = 83.88
_QUOTED = re.compile(
    r"^(?:-+ ?Original Message ?-+|-+ ?Forwarded by .*|.*\bwrote:\s*$|From: .*|To: .*)$", re.M
)


def custodian_addresses(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(address -> custodian id, custodian id -> name)."""
    by_address: dict[str, str] = {}
    names: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names[row["custodian_id"]] = row["name"]
            for address in row["addresses"].split(";"):
                if address.strip():
                    by_address[address.strip().lower()] = row["custodian_id"]
    return by_address, names


def _new_text(message: Message) -> str:
    payload = message.get_payload(decode=True) if not message.is_multipart() else b""
    text = payload.decode("latin-1", "replace") if isinstance(payload, bytes) else ""
    match = _QUOTED.search(text)
    if match:
        text = text[: match.start()]
    return "\n".join(line for line in text.splitlines() if not line.startswith(">")).strip()[:5000]


def read_enron(mbox_dir: Path, by_address: dict[str, str]) -> Iterator[Interaction]:
    """Every message of every custodian's mbox as an email Interaction."""

    def person(address: str) -> str:
        address = address.strip().lower()
        return by_address.get(address, f"email:{address}")

    for path in sorted(mbox_dir.glob("*.mbox")):
        for number, message in enumerate(mailbox.mbox(path, create=False)):
            senders = [a for _, a in getaddresses(message.get_all("From", [])) if a]
            if not senders or not message["Date"]:
                continue
            try:
                started = parsedate_to_datetime(str(message["Date"]))
            except (TypeError, ValueError):
                continue
            if started.year < 1997:  # 1979 placeholder dates carry no timing
                started = None
            sender = person(senders[0])
            participants = [Participant(sender, ParticipantRole.FROM)]
            seen = {sender}
            for header, role in (
                ("To", ParticipantRole.TO),
                ("Cc", ParticipantRole.CC),
                ("Bcc", ParticipantRole.BCC),
            ):
                for _, address in getaddresses([str(v) for v in message.get_all(header, [])]):
                    if address and "@" in address and person(address) not in seen:
                        seen.add(person(address))
                        participants.append(Participant(person(address), role))
            yield Interaction(
                id=str(message["Message-ID"] or f"{path.stem}-{number}").strip(),
                kind=InteractionKind.EMAIL,
                subject=str(message["Subject"] or ""),
                started_at=started,
                source=path.name,
                participants=participants,
                turns=[Turn(0, sender, _new_text(message))],
            )


def read_truth(path: Path) -> dict[str, int]:
    strata: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            stratum = STRATA.get(row["rank"].strip())
            if stratum is not None:
                strata[row["custodian_id"]] = stratum
    return strata


def read_seniority(path: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for entry in json.loads(path.read_text(encoding="utf-8")):
        custodian = entry.get("matched_custodian_id")
        if custodian and entry.get("seniority") in ("Senior", "Junior"):
            found[custodian] = 2 if entry["seniority"] == "Senior" else 1
    return found


def pairwise_accuracy(
    scores: dict[str, float], strata: dict[str, int], people: Sequence[str]
) -> tuple[float, int]:
    right = 0.0
    pairs = 0
    for first, second in combinations([p for p in people if p in strata and p in scores], 2):
        if strata[first] == strata[second]:
            continue
        pairs += 1
        higher, lower = (first, second) if strata[first] > strata[second] else (second, first)
        if scores[higher] > scores[lower]:
            right += 1
        elif scores[higher] == scores[lower]:
            right += 0.5
    return (right / pairs if pairs else float("nan")), pairs


def spearman(scores: dict[str, float], strata: dict[str, int], people: Sequence[str]) -> float:
    chosen = [p for p in people if p in strata and p in scores]
    if len(chosen) < 3:
        return float("nan")
    return float(spearmanr([scores[p] for p in chosen], [strata[p] for p in chosen]).statistic)


def half(custodian_id: str) -> str:
    return "A" if hashlib.sha1(custodian_id.encode()).digest()[0] % 2 == 0 else "B"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--truth", type=Path, default=ENRON / "custodians_ground_truth.csv")
    parser.add_argument(
        "--out", type=Path, help="CSV: person, estimated level, influence, fox flag"
    )
    args = parser.parse_args(argv)
    if not (ENRON / "mbox").is_dir():
        print(f"skipped: {ENRON / 'mbox'} not found (set SOFTPOWER_DATA)")
        return 0
    by_address, names = custodian_addresses(ENRON / "custodian_addresses.csv")
    started = time.perf_counter()
    interactions = list(read_enron(ENRON / "mbox", by_address))
    read_s = time.perf_counter() - started
    people = [Person(cid, name, account_id="enron") for cid, name in sorted(names.items())]
    started = time.perf_counter()
    base = build_power_base(people, interactions, account_id="enron")
    build_s = time.perf_counter() - started
    strata = read_truth(args.truth)
    seniority = read_seniority(ENRON / "perry_wolfe_employees.json")

    influence = {pid: s.influence.score for pid, s in base.stakeholders.items()}
    degree: dict[str, float] = {}
    messages: dict[str, float] = {}
    from softpower.analysis.powerbase import collect_traces

    traces = collect_traces(interactions, keep_reply_text=False)
    for pid in names:
        trace = traces.people.get(pid)
        degree[pid] = float(len(trace.senders | trace.recipients)) if trace else 0.0
        messages[pid] = float(trace.sent + trace.received + trace.copied) if trace else 0.0
    methods = {"powerbase": influence, "degree": degree, "messages": messages}
    everyone = sorted(names)
    subsets = {
        "all": everyone,
        "half A": [p for p in everyone if half(p) == "A"],
        "half B": [p for p in everyone if half(p) == "B"],
    }
    print(
        f"messages read: {len(interactions)} in {read_s:.1f} s; power base built in {build_s:.1f} s"
    )
    print(
        f"people with a rank stratum: {sum(p in strata for p in everyone)}; with seniority: "
        f"{sum(p in seniority for p in everyone)}"
    )
    print(
        f"{'subset':8} {'method':10} {'pairwise acc':>13} {'pairs':>6} {'spearman':>9} {'seniority acc':>14}"
    )
    results: dict[tuple[str, str], tuple[float, float, float]] = {}
    for subset, chosen in subsets.items():
        for method, scores in methods.items():
            accuracy, pairs = pairwise_accuracy(scores, strata, chosen)
            rho = spearman(scores, strata, chosen)
            senior, _ = pairwise_accuracy(scores, seniority, chosen)
            results[(subset, method)] = (accuracy, rho, senior)
            print(f"{subset:8} {method:10} {accuracy:13.2%} {pairs:6d} {rho:9.3f} {senior:14.2%}")
    print(
        f"published degree baseline (Agarwal et al. 2012 dominance pairs, a different, finer truth): "
        f"{PUBLISHED_DEGREE_BASELINE:.2f}%"
    )
    if args.out is not None:
        _write_out(args.out, people, interactions, args.truth, base)
        print(f"wrote {args.out}")
    for method in methods:
        accuracy, rho, senior = results[("all", method)]
        print(f"{method}_pairwise_accuracy: {accuracy * 100:.2f} %")
        print(f"{method}_spearman: {rho:.3f} rho")
        print(f"{method}_seniority_accuracy: {senior * 100:.2f} %")
    accuracy, _, _ = results[("half B", "powerbase")]
    print(f"powerbase_pairwise_accuracy_half_b: {accuracy * 100:.2f} %")
    accuracy, _, _ = results[("half B", "degree")]
    print(f"degree_pairwise_accuracy_half_b: {accuracy * 100:.2f} %")
    print(f"build_seconds: {build_s:.1f} s")
    return 0


def _write_out(
    path: Path, people: list[Person], interactions: list[Interaction], truth: Path, base: object
) -> None:
    """Each person's estimated level, influence and Fox flag; the Fox flag compares with the
    truth file's rank used as a title (the evaluation above never sees titles)."""
    titles: dict[str, str] = {}
    with truth.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["rank"].strip() and row["rank"].strip() != "N/A":
                titles[row["custodian_id"]] = row["rank"].strip()
    titled = [Person(p.id, p.name, account_id=p.account_id, title=titles.get(p.id)) for p in people]
    with_titles = build_power_base(titled, interactions, account_id="enron")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "person",
                "name",
                "estimated_level",
                "influence",
                "influence_percentile",
                "fox",
                "title",
            ]
        )
        for s in sorted(with_titles.stakeholders.values(), key=lambda s: -s.influence.score):
            blind = base.stakeholders[s.person_id]  # type: ignore[attr-defined]
            writer.writerow(
                [
                    s.person_id,
                    s.name,
                    blind.estimated_level.label,
                    f"{blind.influence.score:.4f}",
                    f"{blind.influence.percentile:.4f}",
                    int(s.is_fox),
                    titles.get(s.person_id, ""),
                ]
            )


if __name__ == "__main__":
    sys.exit(main())
