"""Speed and memory of building a power base: an account with 100,000 stored messages.

    python benchmarks/powerbase_speed.py [--messages N] [--database-url URL]

A deterministic synthetic account (300 customer people in 6 departments with
titles, 10 of ours, threads of 1-6 messages with 1-4 recipients and Cc's,
short bodies that name colleagues) is written with `save_interactions` into a
fresh SQLite workspace (or the database given). In the same process it then
times (1) merely reading those rows back (`load_account_interactions`, the
baseline), (2) the engine alone on the loaded objects, and (3) the whole
`softpower powerbase` service (load + build). Peak RSS is the process's
high-water mark at the end.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from softpower.analysis.powerbase import build_power_base
from softpower.domain import (
    Account,
    Interaction,
    InteractionKind,
    Participant,
    ParticipantRole,
    Person,
    Turn,
)
from softpower.services.powerbase import load_account_inputs, power_base
from softpower.services.store import init_workspace, store_of
from softpower.store import communications, repository
from softpower.store.account_interactions import load_account_interactions
from softpower.workspace import Workspace, create_workspace

DEPARTMENTS = ("Finance", "IT", "Operations", "Procurement", "Sales", "Legal")
TITLES = (
    "CFO",
    "VP, Operations",
    "Dir., FP&A",
    "Procurement Mgr",
    "Sr. Analyst",
    "Engineer",
    "Planner",
)
SENTENCES = (
    "Let's see what {name}'s numbers say before we commit.",
    "The current system works fine for us.",
    "I recommend we take it to committee.",
    "Can you send the figures by Friday?",
    "We are worried about another failed rollout.",
    "Thanks, looks good to me.",
)


def people(rng: random.Random) -> list[Person]:
    found = []
    for number in range(300):
        found.append(
            Person(
                f"c{number}",
                f"Person{number} Name{number}",
                account_id="acme",
                title=rng.choice(TITLES),
                department=DEPARTMENTS[number % len(DEPARTMENTS)],
                reports_to_id=f"c{number // 8}" if number >= 8 else None,
            )
        )
    found += [Person(f"us{n}", f"Seller{n} Ours", is_internal=True) for n in range(10)]
    return found


def interactions(rng: random.Random, count: int, everyone: list[Person]) -> list[Interaction]:
    customers = [p for p in everyone if not p.is_internal]
    weights = [1.0 / (1 + n) ** 0.6 for n in range(len(customers))]
    ours = [p for p in everyone if p.is_internal]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    found: list[Interaction] = []
    thread = 0
    while len(found) < count:
        thread += 1
        members = rng.choices(customers, weights, k=4) + (
            [rng.choice(ours)] if rng.random() < 0.2 else []
        )
        moment = start + timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
        for step in range(rng.randint(1, 6)):
            if len(found) >= count:
                break
            sender = members[step % len(members)]
            to = [p for p in members if p is not sender][: rng.randint(1, 3)]
            cc = [rng.choice(customers)] if rng.random() < 0.3 else []
            moment += timedelta(minutes=rng.randint(3, 3000))
            text = " ".join(
                rng.choice(SENTENCES).format(name=rng.choice(customers).name.split()[0])
                for _ in range(2)
            )
            found.append(
                Interaction(
                    id=f"t{thread}-{step}",
                    kind=InteractionKind.EMAIL,
                    subject=("Re: " if step else "") + f"Topic {thread}",
                    started_at=moment,
                    thread_id=f"t{thread}",
                    account_id="acme",
                    participants=[
                        Participant(sender.id, ParticipantRole.FROM),
                        *(Participant(p.id, ParticipantRole.TO) for p in to),
                        *(
                            Participant(p.id, ParticipantRole.CC)
                            for p in cc
                            if p not in to and p is not sender
                        ),
                    ],
                    turns=[Turn(0, sender.id, text)],
                )
            )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    rng = random.Random(20241)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "ws"
        create_workspace(root)
        workspace = Workspace(
            root=root,
            database_url=args.database_url or f"sqlite:///{root / 'softpower.db'}",
            internal_domains=("ourco.example",),
        )
        init_workspace(workspace).dispose()
        everyone = people(rng)
        generated = interactions(rng, args.messages, everyone)
        started = time.perf_counter()
        with store_of(workspace) as engine, engine.begin() as connection:
            repository.save_accounts(connection, [Account("acme", "Acme")])
            repository.save_people(connection, everyone)
            for begin in range(0, len(generated), 5000):
                communications.save_interactions(connection, generated[begin : begin + 5000], None)
        write_s = time.perf_counter() - started
        del generated
        with store_of(workspace) as engine, engine.connect() as connection:
            started = time.perf_counter()
            rows = sum(1 for _ in load_account_interactions(connection, "acme"))
            read_s = time.perf_counter() - started
            loaded_people, loaded = load_account_inputs(connection, "acme")
        started = time.perf_counter()
        base = build_power_base(
            loaded_people,
            loaded,
            internal_ids={p.id for p in loaded_people if p.is_internal},
            account_id="acme",
        )
        engine_s = time.perf_counter() - started
        del loaded
        started = time.perf_counter()
        result = power_base(workspace, "acme")
        service_s = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert result.power_base.interactions_used == rows == base.interactions_used
    print(f"stored {rows} messages in {write_s:.1f} s (setup, not measured)")
    print(f"read_seconds: {read_s:.2f} s")
    print(f"engine_seconds: {engine_s:.2f} s")
    print(f"service_seconds: {service_s:.2f} s")
    print(f"service_to_read_ratio: {service_s / read_s:.2f} x")
    print(f"engine_to_read_ratio: {engine_s / read_s:.2f} x")
    print(f"peak_rss: {peak_mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
