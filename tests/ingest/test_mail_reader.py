"""Reading mail files: layouts, headers, bodies, attachments and hostile input."""

from __future__ import annotations

import base64
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from softpower.domain import ParticipantRole
from softpower.errors import BadFile, RecordProblem
from softpower.ingest.mail import MailMessage, normalise_subject, read_mail, safe_file_name
from softpower.ingest.mail_sources import mail_files

PLAIN = b"""From: "Skilling, Jeff" <jeff.skilling@enron.com>
To: Ann Buyer <ann@cust.example>, bob@cust.example
Cc: carol@ourco.example
Bcc: dave@ourco.example
Subject: Re: Q3 plan
Date: Tue, 05 Mar 2024 09:15:00 -0500
Message-ID: <abc-1@enron.com>
In-Reply-To: <root-0@cust.example>
References: <root-0@cust.example>

Thanks Ann, that works for us.

Jeff Skilling
Chief Operating Officer | Operations
Enron Corp.
T: +1 713 853 6894

-----Original Message-----
From: Ann Buyer
Sent: Monday, March 4, 2024 5:00 PM
To: Skilling, Jeff
Subject: Q3 plan

Can we meet Thursday?
"""


def items(path: Path) -> tuple[list[MailMessage], list[RecordProblem]]:
    found = list(read_mail(path))
    messages = [i for i in found if isinstance(i, MailMessage)]
    problems = [i for i in found if isinstance(i, RecordProblem)]
    return messages, problems


def test_eml_participants_time_threading_and_split(tmp_path: Path) -> None:
    path = tmp_path / "one.eml"
    path.write_bytes(PLAIN)
    (message,), problems = items(path)
    assert problems == []
    assert message.id == "mail:abc-1@enron.com"
    assert message.sent_at == datetime(2024, 3, 5, 14, 15, tzinfo=UTC)
    assert message.sent_at.utcoffset() is not None
    assert message.references == ("root-0@cust.example",)
    assert message.thread_subject == "q3 plan"
    roles = [(role.value, a.address, a.name) for role, a in message.addresses]
    assert roles == [
        ("from", "jeff.skilling@enron.com", "Skilling, Jeff"),
        ("to", "ann@cust.example", "Ann Buyer"),
        ("to", "bob@cust.example", None),
        ("cc", "carol@ourco.example", None),
        ("bcc", "dave@ourco.example", None),
    ]
    assert message.text == "Thanks Ann, that works for us."
    assert message.signature is not None and message.signature.startswith("Jeff Skilling")
    assert message.quoted is not None and "Can we meet Thursday?" in message.quoted
    assert message.facts.title == "Chief Operating Officer"
    assert message.facts.department == "Operations"
    assert message.facts.phone == "+1 713 853 6894"


def test_mbox_lotus_names_and_forwarded_block(tmp_path: Path) -> None:
    mbox = tmp_path / "sent.mbox"
    mbox.write_bytes(
        b"From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n"
        b"Message-ID: <1.JavaMail@thyme>\nDate: Thu, 27 Jan 2000 04:37:00 -0800 (PST)\n"
        b"From: phillip.allen@enron.com\nTo: john.lavorato@enron.com, beth.perlman@enron.com\n"
        b"Subject: systems\nX-From: Phillip K Allen\nX-To: John J Lavorato, Beth Perlman\n\n"
        b"See below.\n\n"
        b"---------------------- Forwarded by Phillip K Allen/HOU/ECT on 01/26/2000 ----\n"
        b"old text\n>From here on\n\n"
        b"From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n"
        b"Message-ID: <2.JavaMail@thyme>\nDate: Fri, 28 Jan 2000 04:37:00 -0800\n"
        b"From: john.lavorato@enron.com\nTo: phillip.allen@enron.com\nSubject: RE: systems\n\n"
        b"ok\n\nJohn\n"
    )
    (first, second), problems = items(mbox)
    assert problems == []
    assert [(a.address, a.name) for _, a in first.addresses] == [
        ("phillip.allen@enron.com", "Phillip K Allen"),
        ("john.lavorato@enron.com", "John J Lavorato"),
        ("beth.perlman@enron.com", "Beth Perlman"),
    ]
    assert first.text == "See below."
    assert first.quoted is not None and first.quoted.startswith("------")
    assert second.source.endswith(":16")
    assert second.text == "ok" and second.signature == "John"
    assert second.thread_subject == first.thread_subject == "systems"


def test_gmail_quote_and_html_only_body_drops_scripts(tmp_path: Path) -> None:
    path = tmp_path / "html.eml"
    path.write_bytes(
        b"From: a@x.example\nTo: b@y.example\nSubject: hi\nDate: Mon, 1 Jul 2024 10:00:00 +0100\n"
        b"Content-Type: text/html; charset=utf-8\n\n"
        b"<html><head><script>alert('x')</script><style>p{}</style></head>"
        b"<body><p>Real words</p><script>document.cookie</script>"
        b"<p>On Mon, Jul 1, 2024 at 9:00 AM Bob wrote:</p><p>&gt; old</p></body></html>\n"
    )
    (message,), problems = items(path)
    assert problems == []
    assert "alert" not in message.text and "cookie" not in message.text
    assert message.text == "Real words"
    assert message.id.startswith("mail-sha:")  # no Message-ID: content hash


def test_missing_and_absurd_dates_are_reported_and_kept(tmp_path: Path) -> None:
    for name, date in (("none.eml", b""), ("old.eml", b"Date: Mon, 1 Jan 1979 00:00:00 +0000\n")):
        path = tmp_path / name
        path.write_bytes(b"From: a@x.example\nSubject: s\n" + date + b"\nbody\n")
        (message,), problems = items(path)
        assert message.sent_at is None
        assert len(problems) == 1 and "Date" in problems[0].reason
        assert problems[0].file == str(path) and problems[0].line == 1
    path = tmp_path / "future.eml"
    path.write_bytes(b"From: a@x.example\nDate: Mon, 1 Jan 2999 00:00:00 +0000\n\nx\n")
    (message,), problems = items(path)
    assert message.sent_at is None and "absurd" in problems[0].reason


def test_undecodable_charset_is_reported_and_text_kept(tmp_path: Path) -> None:
    path = tmp_path / "charset.eml"
    path.write_bytes(
        b"From: a@x.example\nSubject: =?x-no-such?q?abc?=\nDate: Mon, 1 Jul 2024 10:00:00 +0000\n"
        b"Content-Type: text/plain; charset=x-no-such-charset\n\ncaf\xc3\xa9 \xff\xfe ok\n"
    )
    (message,), problems = items(path)
    assert [p.reason for p in problems] == [
        "unknown charset 'x-no-such-charset'; decoded as UTF-8 with replacements"
    ]
    assert message.text.startswith("café") and message.text.endswith("ok")


def test_binary_garbage_named_eml_is_refused(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.eml"
    garbage.write_bytes(bytes(range(256)) * 4000)
    noise = tmp_path / "noise.eml"
    noise.write_bytes(b"\x89PNG\r\n" + b"\xff" * 300_000)  # no newline, no NUL, no headers
    assert [type(i) for i in read_mail(garbage)] == [RecordProblem]
    (problem,) = list(read_mail(noise))
    assert isinstance(problem, RecordProblem) and "not an e-mail" in problem.reason


def test_a_file_named_mbox_that_holds_no_mail_is_refused(tmp_path: Path) -> None:
    csv_file = tmp_path / "export.mbox"
    csv_file.write_text("id,name\n1,Acme\n", encoding="utf-8")
    garbage = tmp_path / "garbage.mbox"
    garbage.write_bytes(bytes(range(256)) * 100)
    empty = tmp_path / "empty.mbox"
    empty.write_bytes(b"\n\n")  # an empty mailbox is a mailbox
    for refused in (csv_file, garbage):
        with pytest.raises(BadFile, match="not an mbox file"):
            list(read_mail(refused))
    assert list(read_mail(empty)) == []


def nested(depth: int) -> bytes:
    head = b"From: a@x.example\nSubject: deep\nDate: Mon, 1 Jul 2024 10:00:00 +0000\n"
    opening = b""
    closing = b""
    for level in range(depth):
        opening += b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (level, level)
        closing = b"\n--b%d--\n" % level + closing
    return head + opening + b"Content-Type: text/plain\n\ninnermost\n" + closing


def test_deeply_nested_mime(tmp_path: Path) -> None:
    shallow = tmp_path / "shallow.eml"
    shallow.write_bytes(nested(20))
    (message,), problems = items(shallow)
    assert message.text == "innermost" and problems == []
    deep = tmp_path / "deep.eml"
    deep.write_bytes(nested(5000))
    (problem,) = list(read_mail(deep))
    assert isinstance(problem, RecordProblem) and "nested too deeply" in problem.reason


def test_attachments_names_sizes_text_and_path_traversal(tmp_path: Path) -> None:
    notes = base64.encodebytes(b"Budget notes: approve in Q3.\n").decode()
    blob = base64.encodebytes(bytes(1000)).decode()
    path = tmp_path / "att.eml"
    path.write_text(
        "From: a@x.example\nSubject: files\nDate: Mon, 1 Jul 2024 10:00:00 +0000\n"
        'Content-Type: multipart/mixed; boundary="XX"\n\n--XX\nContent-Type: text/plain\n\n'
        "see attached\n--XX\nContent-Type: text/plain\n"
        'Content-Disposition: attachment; filename="../../etc/passwd.txt"\n'
        f"Content-Transfer-Encoding: base64\n\n{notes}--XX\n"
        'Content-Type: application/octet-stream; name="..\\\\..\\\\boot.ini"\n'
        f"Content-Transfer-Encoding: base64\n\n{blob}--XX--\n"
    )
    (message,), _ = items(path)
    assert message.text == "see attached"
    first, second = message.attachments
    assert first.name == "passwd.txt" and first.size == 29
    assert first.text == "Budget notes: approve in Q3."
    assert second.name == "boot.ini" and second.size == 1000 and second.text is None
    assert safe_file_name("../..", 0) == "attachment-1"
    assert safe_file_name("a\x00b\n.pdf", 1) == "ab.pdf"


def test_two_hundred_megabyte_attachment_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "big.eml"
    chunk = base64.encodebytes(b"\x00\x01" * 28_500)  # 57,000 bytes per 1,000 lines of 76
    repeats = 200 * 1024 * 1024 // 57_000 + 1
    with path.open("wb") as handle:
        handle.write(
            b"From: a@x.example\nSubject: big\nDate: Mon, 1 Jul 2024 10:00:00 +0000\n"
            b'Content-Type: multipart/mixed; boundary="ZZ"\n\n--ZZ\nContent-Type: text/plain\n\n'
            b"the big file\n--ZZ\nContent-Type: application/zip\n"
            b'Content-Disposition: attachment; filename="big.zip"\n'
            b"Content-Transfer-Encoding: base64\n\n"
        )
        for _ in range(repeats):
            handle.write(chunk)
        handle.write(b"--ZZ--\n")
    script = (  # VmHWM: this process's own peak (ru_maxrss would include the forking parent's)
        "import re,sys\n"
        "from softpower.ingest.mail import read_mail, MailMessage\n"
        "(m,) = [i for i in read_mail(__import__('pathlib').Path(sys.argv[1]))"
        " if isinstance(i, MailMessage)]\n"
        "a = m.attachments[0]\n"
        "print(m.text, a.name, a.size, a.text is None,"
        " int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]) // 1024)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    ).stdout.split()
    text, name, size, no_text = output[0:3], output[3], int(output[4]), output[5]
    peak_mb = int(output[6])
    assert " ".join(text) == "the big file" and name == "big.zip" and no_text == "True"
    assert abs(size - repeats * 57_000) < 1000
    assert peak_mb < 150, f"reading a 200 MB attachment peaked at {peak_mb} MB"


def test_mail_files_finds_mbox_maildir_and_eml(tmp_path: Path) -> None:
    for folder in ("user/inbox/cur", "user/inbox/new", "user/inbox/tmp", "user/sent"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "user/inbox/cur/1700000000.M1P1.host:2,S").write_bytes(PLAIN)
    (tmp_path / "user/inbox/new/1700000001.M2P2.host").write_bytes(PLAIN)
    (tmp_path / "user/inbox/tmp/partial").write_bytes(PLAIN)
    (tmp_path / "user/sent/1.").write_bytes(PLAIN)  # CMU Enron style
    (tmp_path / "user/archive.mbox").write_bytes(b"From x\n" + PLAIN)
    (tmp_path / "user/dovecot-uidlist").write_bytes(b"3 V1 N2\n")
    (tmp_path / "user/.DS_Store").write_bytes(b"\x00\x01")
    names = [p.name for p in mail_files([tmp_path])]
    assert names == ["archive.mbox", "1700000000.M1P1.host:2,S", "1700000001.M2P2.host", "1."]


def test_normalise_subject() -> None:
    assert normalise_subject("RE: Fw: re[2]:  Q3   Plan") == "q3 plan"
    assert normalise_subject("Re: hi") is None
    assert normalise_subject(None) is None


def test_roles_are_domain_roles(tmp_path: Path) -> None:
    path = tmp_path / "one.eml"
    path.write_bytes(PLAIN)
    (message,), _ = items(path)
    assert message.sender is not None and message.sender.address == "jeff.skilling@enron.com"
    assert {role for role, _ in message.addresses} == set(ParticipantRole) & {
        ParticipantRole.FROM,
        ParticipantRole.TO,
        ParticipantRole.CC,
        ParticipantRole.BCC,
    }
