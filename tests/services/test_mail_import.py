"""Mail import into the store on SQLite and PostgreSQL: dedup, threads, titles, identities."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from softpower.cli import app
from softpower.domain import InteractionKind
from softpower.errors import SoftpowerError, UnknownRecord
from softpower.services.crm_import import import_crm
from softpower.services.mail_import import import_mail
from softpower.services.people import list_people, merge_people, split_address
from softpower.services.store import store_of
from softpower.store import communications, schema
from softpower.workspace import Workspace


def mail(
    number: int,
    sender: str,
    to: str,
    subject: str,
    body: str,
    *,
    reply_to: int | None = None,
    message_id: bool = True,
    day: int = 1,
) -> bytes:
    lines = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Date: Mon, {day} Jul 2024 10:{number:02d}:00 -0400",
    ]
    if message_id:
        lines.append(f"Message-ID: <m{number}@cust.example>")
    if reply_to is not None:
        lines.append(f"In-Reply-To: <m{reply_to}@cust.example>")
    return ("\n".join(lines) + "\n\n" + body + "\n").encode()


def mbox(path: Path, *messages: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(b"From x Mon Jul  1 10:00:00 2024\n" + m + b"\n" for m in messages))
    return path


ANN = "Ann Seller <ann.seller@ourco.example>"
BOB = '"Buyer, Bob" <bob.buyer@cust.example>'
BOB2 = "bbuyer@cust.example"
SIGNATURE = "Bob Buyer\nVP, Operations | Operations\nCust Inc.\nT: +1 614 555 0101"


def count(workspace: Workspace, table: object) -> int:
    with store_of(workspace) as engine, engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(table)) or 0)  # type: ignore[arg-type]


def test_import_dedups_threads_titles_and_resolves(workspace: Workspace, tmp_path: Path) -> None:
    mbox(
        tmp_path / "mail/inbox.mbox",
        mail(1, ANN, BOB, "Q3 plan", "Can we meet?\n\nAnn"),
        mail(2, BOB, ANN, "RE: Q3 plan", f"Yes, Thursday.\n\n{SIGNATURE}", reply_to=1),
        mail(3, BOB2, ANN, "Re: Q3 plan", "Also Friday.", message_id=False, day=2),
    )
    mbox(
        tmp_path / "mail/sent.mbox",
        mail(1, ANN, BOB, "Q3 plan", "Can we meet?\n\nAnn"),  # same message, other folder
        mail(4, ANN, BOB, "Pricing", "Numbers attached."),
    )
    eml = tmp_path / "mail/loose/one.eml"
    eml.parent.mkdir()
    eml.write_bytes(mail(3, BOB2, ANN, "Re: Q3 plan", "Also Friday.", message_id=False, day=2))
    summary, resolution = import_mail(workspace, [tmp_path / "mail"])
    assert summary.problems == []
    assert summary.written["messages"] == 4
    assert summary.written["duplicates"] == 2
    assert summary.written["titles"] == 1
    with store_of(workspace) as engine, engine.connect() as connection:
        messages = {m.id: m for m in communications.load_interactions(connection)}
        people = {p.person.id: p for p in _people(workspace)}
        titles = list(connection.execute(select(schema.person_titles)))
    assert set(messages) >= {"mail:m1@cust.example", "mail:m2@cust.example"}
    assert all(m.kind is InteractionKind.EMAIL for m in messages.values())
    threads = {m.subject: m.thread_id for m in messages.values()}
    assert threads["RE: Q3 plan"] == threads["Q3 plan"] == threads["Re: Q3 plan"]
    assert threads["Pricing"] != threads["Q3 plan"]
    reply = messages["mail:m2@cust.example"]
    assert reply.turns[0].text == "Yes, Thursday."
    assert reply.started_at is not None and reply.started_at.hour == 14  # 10:02 -0400, in UTC
    assert {(p.role.value, p.address) for p in reply.participants} == {
        ("from", "bob.buyer@cust.example"),
        ("to", "ann.seller@ourco.example"),
    }
    bob = people["email:bob.buyer@cust.example"]
    assert sorted(bob.person.addresses) == ["bbuyer@cust.example", "bob.buyer@cust.example"]
    assert bob.person.title == "VP, Operations" and bob.person.department == "Operations"
    assert bob.person.phone == "+1 614 555 0101"
    assert bob.interactions == 4 and bob.lowest_confidence == 0.7
    assert people["email:ann.seller@ourco.example"].person.is_internal
    assert [(t.title, t.source) for t in titles] == [("VP, Operations", "signature")]
    assert resolution is not None and [m.address for m in resolution.moved] == [BOB2]

    again, _ = import_mail(workspace, [tmp_path / "mail"])
    assert len(again.files_unchanged) == 3 and not again.written


def _people(workspace: Workspace) -> list:  # type: ignore[type-arg]
    return list_people(workspace)


def test_manual_split_and_merge_survive_reimport(workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    mbox(
        folder / "a.mbox",
        mail(1, BOB, ANN, "Hello", "hi"),
        mail(2, BOB2, ANN, "Hello again", "hi again"),
        mail(3, "Robert Q. Public <rqp@home.example>", ANN, "From home", "hi from home"),
    )
    import_mail(workspace, [folder])
    old, new = split_address(workspace, BOB2)
    assert (old, new) == ("email:bob.buyer@cust.example", "email:bbuyer@cust.example")
    kept, moved = merge_people(workspace, "bob.buyer@cust.example", "rqp@home.example")
    assert kept == "email:bob.buyer@cust.example" and moved == ["rqp@home.example"]

    def owners() -> dict[str, str]:
        with store_of(workspace) as engine, engine.connect() as connection:
            rows = connection.execute(
                select(schema.participants.c.address, schema.participants.c.person_id).where(
                    schema.participants.c.role == "from"
                )
            )
            return {row.address: row.person_id for row in rows}

    expected = {
        "bob.buyer@cust.example": "email:bob.buyer@cust.example",
        "bbuyer@cust.example": "email:bbuyer@cust.example",
        "rqp@home.example": "email:bob.buyer@cust.example",
    }
    assert owners() == expected
    mbox(folder / "b.mbox", mail(4, BOB2, ANN, "Later", "still me"))
    (folder / "a.mbox").write_bytes((folder / "a.mbox").read_bytes() + b"\n")  # changed file
    import_mail(workspace, [folder])
    assert owners() == expected
    assert count(workspace, schema.identity_decisions) == 3
    with pytest.raises(SoftpowerError, match="already one person"):
        merge_people(workspace, "rqp@home.example", "email:bob.buyer@cust.example")
    assert count(workspace, schema.identity_decisions) == 3


def test_cli_import_mail_and_people(workspace: Workspace, tmp_path: Path) -> None:
    path = mbox(tmp_path / "m.mbox", mail(1, ANN, BOB, "Hello", "hi"), b"garbage\x00\n")
    runner = CliRunner()
    base = ["-w", str(workspace.root), "--database-url", workspace.database_url]
    result = runner.invoke(app, [*base, "import", "mail", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 message," in result.output and "; 1 problem\n" in result.output
    assert f"{path}, line 10" in result.output.replace("\n", "")
    listed = runner.invoke(app, [*base, "people", "list"])
    assert "Bob" in listed.output and "ourco" not in listed.output.split("Ann")[0]
    merged = runner.invoke(app, [*base, "people", "merge", "nobody@x.example", "ann@x.example"])
    assert isinstance(merged.exception, UnknownRecord)  # main() turns it into one line, exit 1


REFERENCES = (  # (table, column, referenced table): every row the mail import writes
    ("participants", "interaction_id", "interactions"),
    ("participants", "person_id", "people"),
    ("turns", "interaction_id", "interactions"),
    ("turns", "speaker_id", "people"),
    ("attachments", "interaction_id", "interactions"),
    ("interactions", "source_file_id", "source_files"),
    ("person_addresses", "person_id", "people"),
    ("person_titles", "person_id", "people"),
)


def dangling(workspace: Workspace) -> dict[str, int]:
    """Rows whose reference points at nothing, per (table.column); SQLite's own check too."""
    found: dict[str, int] = {}
    with store_of(workspace) as engine, engine.connect() as connection:
        for table, column, target in REFERENCES:
            count = connection.exec_driver_sql(
                f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {target} r WHERE r.id = t.{column})"
            ).scalar()
            if count:
                found[f"{table}.{column}"] = int(count)
        if connection.dialect.name == "sqlite":
            for row in connection.exec_driver_sql("PRAGMA foreign_key_check"):
                found[f"sqlite:{row[0]}"] = found.get(f"sqlite:{row[0]}", 0) + 1
    return found


def test_import_and_reimport_leave_no_dangling_reference(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The bulk writer appends rows without going through the ORM: every reference must hold."""
    inbox = mbox(
        tmp_path / "mail/inbox.mbox",
        mail(1, ANN, f"{BOB}, Cat <cat@cust.example>", "Q3 plan", "Can we meet?\n\nAnn"),
        mail(2, BOB, ANN, "RE: Q3 plan", f"Yes.\n\n{SIGNATURE}", reply_to=1),
    )
    mbox(
        tmp_path / "mail/sent.mbox",
        mail(1, ANN, BOB, "Q3 plan", "Can we meet?\n\nAnn"),
        mail(3, ANN, "dan@other.example", "Intro", "Meet Dan."),
    )
    import_mail(workspace, [tmp_path / "mail"])
    assert dangling(workspace) == {}
    before = count(workspace, schema.participants)
    mbox(inbox, mail(2, BOB, ANN, "RE: Q3 plan", "Changed.", reply_to=1))  # file replaced
    summary, _ = import_mail(workspace, [tmp_path / "mail"])
    assert len(summary.files_imported) == 1 and len(summary.files_unchanged) == 1
    assert dangling(workspace) == {}
    # m1 stays, handed over to sent.mbox, which has it too; m2's rows were replaced
    assert count(workspace, schema.interactions) == 3
    assert count(workspace, schema.participants) == before


def test_a_message_shared_with_an_unchanged_file_survives_a_change(
    workspace: Workspace, tmp_path: Path
) -> None:
    one, two, three = (mail(n, BOB, ANN, f"Topic {n}", f"Body {n}.") for n in (1, 2, 3))
    first, second = tmp_path / "a.mbox", tmp_path / "b.mbox"

    def stored() -> list[str]:
        with store_of(workspace) as engine, engine.connect() as connection:
            return sorted(i.id for i in communications.load_interactions(connection))

    mbox(first, one, two)
    mbox(second, two, three)  # message 2 is stored under the first file
    import_mail(workspace, [first, second])
    mbox(first, one)  # the first file loses message 2; the second still has it
    summary, _ = import_mail(workspace, [first, second])
    assert summary.files_imported == [str(first.resolve())]
    assert stored() == ["mail:m1@cust.example", "mail:m2@cust.example", "mail:m3@cust.example"]
    mbox(first, one, two)  # back in the first file: a copy of what the second stores
    import_mail(workspace, [first, second])
    mbox(second, three)  # the second loses it: the first still has it
    import_mail(workspace, [first, second])
    assert stored() == ["mail:m1@cust.example", "mail:m2@cust.example", "mail:m3@cust.example"]
    mbox(first, one)  # now no file has it
    import_mail(workspace, [first, second])
    assert stored() == ["mail:m1@cust.example", "mail:m3@cust.example"]
    assert count(workspace, schema.interaction_copies) == 0


def test_a_mailbox_label_is_not_taken_for_a_name(workspace: Workspace, tmp_path: Path) -> None:
    path = mbox(
        tmp_path / "m.mbox",
        mail(1, "legal <mark.taylor@cust.example>", ANN, "Contract", "see attached"),
        mail(2, "houston <kim.ward@cust.example>", ANN, "Update", "fine"),
        mail(3, "Bob <bob.buyer@cust.example>", ANN, "Hi", "hello"),
    )
    import_mail(workspace, [path])
    names = {address: r.person.name for r in _people(workspace) for address in r.person.addresses}
    assert names["mark.taylor@cust.example"] == "Mark Taylor"  # from the address
    assert names["kim.ward@cust.example"] == "Kim Ward"
    assert names["bob.buyer@cust.example"] == "Bob"  # a capitalised word is kept


def _bob_in_the_crm(workspace: Workspace, tmp_path: Path) -> None:
    """Bob Buyer as CRM contact C1 of account CU, with his bob.buyer@ address."""
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "contact_id,account_id,name,email,title,department,phone,reports_to_id\n"
        "C1,CU,Bob Buyer,bob.buyer@cust.example,VP Operations,Operations,,\n",
        encoding="utf-8",
    )
    import_crm(workspace, [contacts])


def test_splitting_an_address_off_a_crm_contact_leaves_the_contact_its_own(
    workspace: Workspace, tmp_path: Path
) -> None:
    _bob_in_the_crm(workspace, tmp_path)
    folder = tmp_path / "mail"
    mbox(
        folder / "a.mbox",
        mail(1, BOB, ANN, "Hello", "hi"),
        mail(2, f"Bob Buyer <{BOB2}>", ANN, "Hello again", "hi again"),
    )
    import_mail(workspace, [folder])

    def holders() -> dict[str, str]:
        with store_of(workspace) as engine, engine.connect() as connection:
            table = schema.person_addresses
            rows = connection.execute(select(table.c.address, table.c.person_id))
            return {row.address: row.person_id for row in rows if "cust.example" in row.address}

    assert holders() == {"bob.buyer@cust.example": "C1", BOB2: "C1"}
    assert split_address(workspace, BOB2) == ("C1", f"email:{BOB2}")
    assert holders() == {"bob.buyer@cust.example": "C1", BOB2: f"email:{BOB2}"}
    # splitting again changes nothing; a person's only address has nothing to split from
    assert split_address(workspace, BOB2) == (f"email:{BOB2}", f"email:{BOB2}")
    with pytest.raises(SoftpowerError, match="only address of C1"):
        split_address(workspace, "bob.buyer@cust.example")
    assert holders() == {"bob.buyer@cust.example": "C1", BOB2: f"email:{BOB2}"}


def test_one_of_ours_and_a_customer_contact_are_never_merged(
    workspace: Workspace, tmp_path: Path
) -> None:
    _bob_in_the_crm(workspace, tmp_path)
    import_mail(workspace, [mbox(tmp_path / "a.mbox", mail(1, ANN, BOB, "Hello", "hi"))])
    with pytest.raises(SoftpowerError, match="cannot be one person"):
        merge_people(workspace, "ann.seller@ourco.example", "C1")
    with pytest.raises(SoftpowerError, match="cannot be one person"):
        merge_people(workspace, "C1", "ann.seller@ourco.example")
    assert count(workspace, schema.identity_decisions) == 0
