"""A parsed message crosses the pipe from the parsing process intact."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta, timezone

from softpower.ingest.mail_bodies import SignatureFacts
from softpower.ingest.mail_rows import MailRow


def test_a_mail_row_comes_back_from_pickle_as_the_same_mail_row() -> None:
    row = MailRow(
        id="mail:<a@x>",
        source="box.mbox#12",
        subject="Re: Q3",
        thread_subject="q3",
        sent_at=datetime(2001, 5, 14, 9, 30, tzinfo=timezone(timedelta(hours=-7))),
        references=("mail:<b@x>",),
        addresses=(("from", "ann@x.example", "Ann"), ("to", "bob@y.example", None)),
        text="See below.",
        facts=SignatureFacts(title="VP Trading"),
        attachments=(("deck.pdf", "application/pdf", 1200, None),),
    )
    back = pickle.loads(pickle.dumps([row, row], protocol=5))
    assert [type(item) for item in back] == [MailRow, MailRow]
    assert back == [row, row]
    assert back[0].sender == "ann@x.example" and back[0].sent_at == row.sent_at
