"""The demo generator: deterministic, and every file it writes is valid and consistent."""

from __future__ import annotations

import csv
import email.policy
import importlib
import io
import json
import mailbox
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    sys.path.insert(0, str(EXAMPLES))
    try:
        return importlib.import_module("generate_demo")
    finally:
        sys.path.remove(str(EXAMPLES))


@pytest.fixture(scope="module")
def demo(generator: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generator.generate(out)
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_two_runs_write_identical_bytes(generator: ModuleType, demo: Path, tmp_path: Path) -> None:
    generator.generate(tmp_path)
    first = {p.relative_to(demo): p.read_bytes() for p in demo.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert len(first) == 16
    for name, content in first.items():
        assert content == second[name], f"{name} differs between runs"


def test_crm_files_have_the_documented_headers(generator: ModuleType, demo: Path) -> None:
    expected = {
        "accounts.csv": "account_id,name,domain,sector,employees,revenue_musd,location,parent_account_id",
        "contacts.csv": "contact_id,account_id,name,email,title,department,phone,reports_to_id",
        "deals.csv": "deal_id,name,account_id,owner_id,product,stage,amount,currency,created_on,close_on,outcome",
        "activities.csv": "activity_id,account_id,deal_id,kind,subject,occurred_at,owner_id,contact_ids",
        "sellers.csv": "seller_id,name,email,team,manager,region",
    }
    for name, header in expected.items():
        first_line = (demo / "crm" / name).read_text(encoding="utf-8").splitlines()[0]
        assert first_line == header, name


def test_crm_references_resolve(demo: Path) -> None:
    accounts = {row["account_id"]: row for row in _rows(demo / "crm" / "accounts.csv")}
    contacts = {row["contact_id"]: row for row in _rows(demo / "crm" / "contacts.csv")}
    sellers = {row["seller_id"]: row for row in _rows(demo / "crm" / "sellers.csv")}
    deals = {row["deal_id"]: row for row in _rows(demo / "crm" / "deals.csv")}
    for account in accounts.values():
        assert not account["parent_account_id"] or account["parent_account_id"] in accounts
    for contact in contacts.values():
        assert contact["account_id"] in accounts
        assert not contact["reports_to_id"] or contact["reports_to_id"] in contacts
    for deal in deals.values():
        assert deal["account_id"] in accounts and deal["owner_id"] in sellers
        assert deal["outcome"] in {"open", "won", "lost", "no_decision"}
    seller_names = {row["name"] for row in sellers.values()}
    assert all(not row["manager"] or row["manager"] in seller_names for row in sellers.values())
    for activity in _rows(demo / "crm" / "activities.csv"):
        assert activity["kind"] in {"call", "meeting", "email", "note"}
        assert activity["deal_id"] in deals and activity["owner_id"] in sellers
        assert all(cid in contacts for cid in activity["contact_ids"].split(";") if cid)


def test_the_customer_is_mid_size_with_a_real_org_chart(demo: Path) -> None:
    contacts = [
        row for row in _rows(demo / "crm" / "contacts.csv") if row["account_id"] == "NW-A01"
    ]
    assert len(contacts) == 15
    assert len({row["department"] for row in contacts}) == 4
    deals = [row for row in _rows(demo / "crm" / "deals.csv") if row["account_id"] == "NW-A01"]
    outcomes = [row["outcome"] for row in deals]
    assert outcomes.count("open") == 3
    assert {"won", "lost", "no_decision"} <= set(outcomes)
    # every reporting chain ends at the top of a department, without cycles
    managers = {row["contact_id"]: row["reports_to_id"] for row in contacts}
    for start in managers:
        seen, current = set(), start
        while managers.get(current):
            assert current not in seen
            seen.add(current)
            current = managers[current]


def test_mbox_has_about_300_threaded_messages(demo: Path) -> None:
    box = mailbox.mbox(demo / "mail" / "demo.mbox")
    messages = [
        email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
        for key in box.iterkeys()
    ]
    assert 280 <= len(messages) <= 320
    ids = [m["Message-ID"] for m in messages]
    assert all(ids) and len(set(ids)) == len(ids)
    known = set(ids)
    replies = [m for m in messages if m["In-Reply-To"]]
    assert len(replies) > 150
    for message in replies:
        assert message["In-Reply-To"] in known
        references = message["References"].split()
        assert references[-1] == message["In-Reply-To"]
        assert all(ref in known for ref in references)
    plain = [m.get_body(preferencelist=("plain",)) for m in messages]
    bodies = [part.get_content() for part in plain if part is not None]
    assert len(bodies) == len(messages)
    assert any("-----Original Message-----" in body for body in bodies)
    assert any(re.search(r"^On .+ wrote:$", body, re.MULTILINE) for body in bodies)
    assert any("---------- Forwarded message" in body for body in bodies)
    assert any(
        m.get_body(preferencelist=("html",)) is not None and m.is_multipart() for m in messages
    )
    names = [part.get_filename() for m in messages for part in m.iter_attachments()]
    assert "detention_baseline_2023.txt" in names
    assert any(name and name.endswith(".pdf") for name in names)
    offsets = {m["Date"].datetime.utcoffset() for m in messages}
    assert len(offsets) >= 3  # several time zones
    senders = {m["From"].addresses[0].addr_spec for m in messages}
    assert "therrera@northwind-logistics.example" in senders  # a second address for one person
    assert "tomas.herrera@northwind-logistics.example" in senders


def test_fox_patterns_are_in_the_mail(generator: ModuleType, demo: Path) -> None:
    box = mailbox.mbox(demo / "mail" / "demo.mbox")
    fox = generator.FOX_EMAIL
    cfo_forwards = 0
    for key in box.iterkeys():
        message = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
        sender = message["From"].addresses[0].addr_spec
        to = [a.addr_spec for a in message["To"].addresses]
        if (
            sender.startswith(("robert.", "bob."))
            and fox in to
            and message["Subject"].startswith(("FW:", "Fwd:"))
        ):
            cfo_forwards += 1
    assert cfo_forwards >= 8


def test_calendar_parses(demo: Path) -> None:
    raw = (demo / "calendar" / "demo.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    lines = raw.decode("utf-8").replace("\r\n ", "").split("\r\n")
    depth: list[str] = []
    for line in lines:
        if line.startswith("BEGIN:"):
            depth.append(line[6:])
        elif line.startswith("END:"):
            assert depth.pop() == line[4:]
    assert depth == []
    events = raw.count(b"BEGIN:VEVENT")
    assert events == 6
    assert sum(1 for line in lines if line.startswith("RRULE:FREQ=WEEKLY")) == 1
    assert sum(1 for line in lines if line.startswith("ORGANIZER")) == 6
    assert any("PARTSTAT=DECLINED" in line for line in lines)
    timezones = {line[5:] for line in lines if line.startswith("TZID:")}
    starts = {
        line.split("TZID=")[1].split(":")[0] for line in lines if line.startswith("DTSTART;TZID=")
    }
    assert starts <= timezones


def test_calendar_reads_with_icalendar_when_installed(demo: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    calendar = icalendar.Calendar.from_ical((demo / "calendar" / "demo.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 6
    assert all(event.get("DTSTART").dt.tzinfo is not None for event in events)


def test_transcripts_have_speakers_and_timestamps(generator: ModuleType, demo: Path) -> None:
    files = sorted((demo / "calls").glob("*.vtt"))
    assert len(files) == 4
    cue_time = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$")
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "WEBVTT"
        speakers = {m.group(1) for line in lines if (m := re.match(r"^<v ([^>]+)>", line))}
        assert len(speakers) >= 3
        previous_end = 0.0
        for line in lines:
            if match := cue_time.match(line):
                values = [int(v) for v in match.groups()]
                start = values[0] * 3600 + values[1] * 60 + values[2] + values[3] / 1000
                end = values[4] * 3600 + values[5] * 60 + values[6] + values[7] / 1000
                assert previous_end <= start < end
                previous_end = end


def _seller_word_share(path: Path, seller_names: set[str]) -> float:
    words = {True: 0, False: 0}
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^<v ([^>]+)>(.*)$", line):
            words[match.group(1) in seller_names] += len(match.group(2).split())
    return words[True] / (words[True] + words[False])


def test_push_calls_are_seller_monologues_and_pull_calls_are_not(
    generator: ModuleType, demo: Path
) -> None:
    truth = json.loads((demo / "truth.json").read_text(encoding="utf-8"))
    sellers = {s["name"] for s in truth["sellers"]}
    pull = [_seller_word_share(demo / "calls" / name, sellers) for name in truth["calls"]["pull"]]
    push = [_seller_word_share(demo / "calls" / name, sellers) for name in truth["calls"]["push"]]
    assert max(pull) < 0.5 < 0.65 < min(push)


def test_documents_and_capabilities(demo: Path) -> None:
    docs = demo / "documents"
    assert (docs / "northwind_rfp_supply_chain_visibility.pdf").read_bytes().startswith(b"%PDF-")
    for name in ("northwind_annual_report_2023_excerpt.md", "northwind_strategy_memo_2024.txt"):
        text = (docs / name).read_text(encoding="utf-8")
        assert "97%" in text and "8%" in text and "CO2" in text
    catalog = tomllib.loads((demo / "capabilities.toml").read_text(encoding="utf-8"))
    capabilities = catalog["capability"]
    assert len(capabilities) == 8
    assert all(c["id"] and c["name"] and c["description"] and c["keywords"] for c in capabilities)


def test_truth_matches_the_files(generator: ModuleType, demo: Path) -> None:
    truth = json.loads((demo / "truth.json").read_text(encoding="utf-8"))
    assert truth == json.loads(json.dumps(generator.truth()))
    contacts = {row["contact_id"]: row for row in _rows(demo / "crm" / "contacts.csv")}
    fox = truth["fox"]
    assert contacts[fox["contact_id"]]["email"] == fox["email"] == generator.FOX_EMAIL
    assert fox["level"] == "individual_contributor"
    for line in truth["reporting_lines"]:
        assert contacts[line["contact_id"]]["reports_to_id"] == line["reports_to_id"]
    assert set(truth["supporters"]).isdisjoint(truth["opponents"])
    assert truth["effort_starver"] in truth["opponents"]
    assert [p["rank"] for p in truth["priorities"]] == [1, 2, 3]
    assert sorted(truth["calls"]["pull"] + truth["calls"]["push"]) == sorted(
        p.name for p in (demo / "calls").glob("*.vtt")
    )
    assert set(generator.PUSH_CALLS) == set(truth["calls"]["push"])


def test_csv_round_trips_without_loss(demo: Path) -> None:
    raw = (demo / "crm" / "contacts.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(raw)))
    assert all(len(row) == len(rows[0]) for row in rows)
