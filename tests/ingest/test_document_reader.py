"""Document reader: sentences with page and paragraph for each type; hostile files."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from softpower.domain import Document
from softpower.errors import BadFile, RecordProblem
from softpower.ingest import documents
from softpower.ingest.documents import read_document
from softpower.ingest.sentences import split_sentences


def read(path: Path) -> tuple[Document, list[RecordProblem]]:
    items = list(read_document(path, account_id="acme"))
    found = [i for i in items if isinstance(i, Document)]
    assert len(found) == 1
    return found[0], [i for i in items if isinstance(i, RecordProblem)]


def places(document: Document) -> list[tuple[int | None, int | None, str]]:
    return [(s.page, s.paragraph, s.text) for s in document.sentences]


def test_sentence_splitting_keeps_abbreviations_and_numbers() -> None:
    assert split_sentences(
        "Dr. Lee joined Acme Inc. in 2021. Revenue rose 4.5% to $2.1bn! Why?"
    ) == [
        "Dr. Lee joined Acme Inc. in 2021.",
        "Revenue rose 4.5% to $2.1bn!",
        "Why?",
    ]


def test_text_file_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("Our priority is growth. We must cut churn.\n\nCosts come second.\n")
    document, problems = read(path)
    assert problems == []
    assert (document.title, document.kind, document.account_id) == ("memo", "txt", "acme")
    assert places(document) == [
        (None, 1, "Our priority is growth."),
        (None, 1, "We must cut churn."),
        (None, 2, "Costs come second."),
    ]
    assert [s.seq for s in document.sentences] == [0, 1, 2]


def test_markdown_structure_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(
        "# Strategy 2026\n\nWe will **expand** into [Europe](https://x.example). Fast.\n\n"
        "- First item.\n- Second item.\n\n```\ncode = 'not prose'\n```\n"
    )
    document, _ = read(path)
    assert places(document) == [
        (None, 1, "Strategy 2026"),
        (None, 2, "We will expand into Europe."),
        (None, 2, "Fast."),
        (None, 3, "First item."),
        (None, 4, "Second item."),
    ]


def test_html_scripts_and_styles_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Investor page</title><style>p {color: red}</style>"
        "<script>alert('x'); document.write('evil')</script></head><body>"
        "<h1>Results</h1><p>Sales grew. Margins fell &amp; costs rose.</p>"
        "<script>var stolen = 1;</script><div>Outlook <b>stable</b>.<br>More later.</div>"
        "<noscript>enable js</noscript></body></html>"
    )
    document, _ = read(path)
    assert document.title == "Investor page"
    assert places(document) == [
        (None, 1, "Results"),
        (None, 2, "Sales grew."),
        (None, 2, "Margins fell & costs rose."),
        (None, 3, "Outlook stable."),
        (None, 3, "More later."),
    ]
    text = " ".join(s.text for s in document.sentences)
    assert "alert" not in text and "stolen" not in text and "color" not in text


def test_pdf_pages_and_paragraphs(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.set_title("Annual report")
    pdf.add_page()
    pdf.multi_cell(0, 8, "Our first priority is cost. We will act this year.")
    pdf.ln(8)
    pdf.multi_cell(0, 8, "Second paragraph here.")
    pdf.add_page()
    pdf.multi_cell(0, 8, "Page two speaks of risk.")
    path = tmp_path / "report.pdf"
    pdf.output(str(path))
    document, problems = read(path)
    assert problems == []
    assert document.title == "Annual report"
    assert places(document) == [
        (1, 1, "Our first priority is cost."),
        (1, 1, "We will act this year."),
        (1, 2, "Second paragraph here."),
        (2, 1, "Page two speaks of risk."),
    ]


def test_docx_paragraphs(tmp_path: Path) -> None:
    word = docx.Document()
    word.core_properties.title = "RFP"
    word.add_paragraph("We need a partner. Delivery by June.")
    word.add_paragraph("")
    word.add_paragraph("Budget is fixed.")
    table = word.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Cell sentence."
    path = tmp_path / "rfp.docx"
    word.save(str(path))
    document, _ = read(path)
    assert document.title == "RFP"
    assert places(document) == [
        (None, 1, "We need a partner."),
        (None, 1, "Delivery by June."),
        (None, 2, "Budget is fixed."),
        (None, 3, "Cell sentence."),
    ]


def test_pdf_that_fails_to_parse_is_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer\n%%EOF")
    with pytest.raises(BadFile, match="PDF cannot be parsed"):
        list(read_document(path))
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(BadFile):
        list(read_document(path))


def test_binary_garbage_named_docx_or_txt(tmp_path: Path) -> None:
    for name in ("junk.docx", "junk.txt"):
        path = tmp_path / name
        path.write_bytes(b"\x00\x01\x02garbage" * 100)
        with pytest.raises(BadFile):
            list(read_document(path))


def test_huge_text_is_cut_with_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_TEXT_CHARS", 1000)
    path = tmp_path / "huge.txt"
    path.write_text("A sentence that repeats. " * 10_000)
    document, problems = read(path)
    assert sum(len(s.text) for s in document.sentences) <= 1000
    assert any("cut" in p.reason for p in problems)


def test_odd_path_names(tmp_path: Path) -> None:
    folder = tmp_path / "dossier été 'quoted' ; $(rm -rf)"
    folder.mkdir()
    path = folder / "ünïcode – name\u200b.txt"
    path.write_text("Works fine.")
    document, _ = read(path)
    assert document.sentences[0].text == "Works fine."
    assert document.source == str(path)
