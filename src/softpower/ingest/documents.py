"""Customer documents (txt, md, html, pdf, docx) to sentences that engines can cite.

Each file becomes one `Document` whose sentences carry where they stand:
the paragraph (1-based, counted over the whole document) and, for PDF, the
page (1-based) with the paragraph counted within that page. That is what a
citation needs: "annual report, page 4, paragraph 2".

Everything here is hostile text. HTML is parsed by the standard library's
parser and never rendered or executed: `script`, `style` and other
non-content elements are dropped. Size is bounded: at most `MAX_TEXT_CHARS`
characters of text are taken from any document (the rest is cut with a
recorded problem, and text files are never read past that point), at most
`MAX_PDF_PAGES` pages of a PDF, and a .docx whose main part would unpack
beyond `MAX_DOCX_XML_BYTES` is refused before it is opened. A PDF or .docx
that fails to parse is a `BadFile`: reported, and the import goes on.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from softpower.domain import Document, DocumentSentence
from softpower.errors import BadFile, RecordProblem
from softpower.ingest.sentences import split_sentences
from softpower.ingest.text_files import read_bounded

MAX_TEXT_CHARS = 5_000_000
MAX_PDF_PAGES = 2000
MAX_DOCX_XML_BYTES = 100 * 1024 * 1024
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    page: int | None = None


# --- plain text and Markdown ---------------------------------------------------------


def _blank_line_paragraphs(text: str) -> Iterator[str]:
    for block in re.split(r"\n\s*\n", text):
        if block.strip():
            yield block


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"(\*\*|__|\*|`|~~)")
_MD_BLOCK_START = re.compile(r"^\s{0,3}(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)")
_TAGS = re.compile(r"<[^>]*>")


def _markdown_paragraphs(text: str) -> Iterator[str]:
    """Paragraphs of Markdown: headings and list items stand alone; code fences dropped."""
    current: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        starts_block = _MD_BLOCK_START.match(line) is not None
        if not line.strip() or starts_block:
            if current:
                yield " ".join(current)
            current = []
        if line.strip():
            cleaned = _MD_BLOCK_START.sub("", line)
            cleaned = _MD_MARK.sub("", _MD_LINK.sub(r"\1", _TAGS.sub(" ", cleaned)))
            if cleaned.strip() and not set(cleaned.strip()) <= set("-=*_|: "):
                current.append(cleaned.strip())
            if line.lstrip().startswith("#"):
                if current:
                    yield " ".join(current)
                current = []
    if current:
        yield " ".join(current)


# --- HTML -----------------------------------------------------------------------------

_SKIPPED = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "select",
        "button",
    ]
)
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "table",
        "ul",
        "ol",
        "dl",
        "dd",
        "dt",
        "aside",
        "nav",
        "main",
        "figure",
        "figcaption",
        "address",
        "form",
        "fieldset",
        "hr",
    ]
)


class _HtmlText(HTMLParser):
    """Text of an HTML page, one entry per block element; nothing is ever executed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.title: str | None = None
        self._current: list[str] = []
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _SKIPPED:
            self._skip_depth += 1
        elif tag in _BLOCKS:
            self._close()
        elif tag == "br":
            self._current.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._close()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCKS:
            self._close()

    def handle_data(self, data: str) -> None:
        if self._in_title and self.title is None and data.strip():
            self.title = " ".join(data.split())[:500]
        if self._skip_depth == 0:
            self._current.append(data)

    def _close(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.paragraphs.append(text)
        self._current = []

    def close(self) -> None:
        super().close()
        self._close()


def html_to_text(markup: str) -> str:
    """The visible text of an HTML fragment, one paragraph per block, scripts and styles dropped."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    return "\n\n".join(parser.paragraphs)


# --- PDF and Word -------------------------------------------------------------------------


def _pdf_page_paragraphs(text: str) -> Iterator[str]:
    """Paragraphs of one page's extracted text: blank lines, or a short line ending a sentence."""
    lines = [line.rstrip() for line in text.splitlines()]
    widest = max((len(line) for line in lines), default=0)
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if current:
                yield " ".join(current)
            current = []
            continue
        if current and current[-1].endswith("-") and line[:1].islower():
            current[-1] = current[-1][:-1] + line.strip()
        else:
            current.append(line.strip())
        if line.endswith((".", "!", "?", ":")) and len(line) < 0.7 * widest:
            yield " ".join(current)
            current = []
    if current:
        yield " ".join(current)


def _page_text(page: Any) -> str:
    """Layout-mode text (vertical gaps become blank lines, i.e. paragraphs); plain as fallback."""
    try:
        return str(page.extract_text(extraction_mode="layout") or "")
    except Exception:  # layout mode is stricter about odd fonts; plain mode still reads them
        return str(page.extract_text() or "")


def _pdf(path: Path, problems: list[RecordProblem]) -> tuple[str | None, list[Paragraph]]:
    from pypdf import PdfReader

    file = str(path)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise BadFile(file, "PDF is encrypted")
        pages = len(reader.pages)
        metadata = reader.metadata
        title = metadata.title if metadata is not None else None
    except BadFile:
        raise
    except Exception as error:  # pypdf raises many kinds on a broken file: hostile input
        raise BadFile(file, f"PDF cannot be parsed ({type(error).__name__}: {error})") from error
    if pages > MAX_PDF_PAGES:
        problems.append(
            RecordProblem(file, None, None, f"{pages} pages; only the first {MAX_PDF_PAGES} read")
        )
    paragraphs: list[Paragraph] = []
    for number in range(1, min(pages, MAX_PDF_PAGES) + 1):
        try:
            text = _page_text(reader.pages[number - 1])
        except Exception as error:  # one bad page must not lose the others
            problems.append(
                RecordProblem(file, None, f"page {number}", f"unreadable page ({error})")
            )
            continue
        paragraphs.extend(Paragraph(p, number) for p in _pdf_page_paragraphs(text))
    return (str(title).strip() or None) if title else None, paragraphs


def _docx(path: Path) -> tuple[str | None, list[Paragraph]]:
    import docx

    file = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise BadFile(file, f"not a Word .docx file ({error})") from error
    if info.file_size > MAX_DOCX_XML_BYTES:
        raise BadFile(file, f"document text unpacks to {info.file_size} bytes; too large to read")
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises many kinds on a broken file
        raise BadFile(file, f".docx cannot be parsed ({type(error).__name__}: {error})") from error
    paragraphs = [Paragraph(p.text) for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(Paragraph(p.text) for p in cell.paragraphs if p.text.strip())
    title = document.core_properties.title
    return (title.strip() or None) if title else None, paragraphs


# --- assembling ---------------------------------------------------------------------------


def document_id(path: Path) -> str:
    """Stable across re-imports of the same path, whatever its content."""
    return "doc:" + hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:24]


def _sentences(
    paragraphs: Iterable[Paragraph], file: str, problems: list[RecordProblem]
) -> list[DocumentSentence]:
    sentences: list[DocumentSentence] = []
    size = 0
    page_index = 0
    last_page: int | None = None
    for index, paragraph in enumerate(paragraphs, start=1):
        if paragraph.page != last_page:
            page_index, last_page = 0, paragraph.page
        page_index += 1
        where = page_index if paragraph.page is not None else index
        for text in split_sentences(paragraph.text):
            if size + len(text) > MAX_TEXT_CHARS:
                problems.append(
                    RecordProblem(file, None, None, f"text beyond {MAX_TEXT_CHARS} characters cut")
                )
                return sentences
            size += len(text)
            sentences.append(DocumentSentence(len(sentences), text, paragraph.page, where))
    return sentences


def read_document(path: Path, account_id: str | None = None) -> Iterator[Document | RecordProblem]:
    """The document in `path` as sentences with their places, preceded by its problems."""
    file = str(path)
    kind = path.suffix.lower().lstrip(".")
    problems: list[RecordProblem] = []
    title: str | None = None
    paragraphs: list[Paragraph]
    if kind == "pdf":
        title, paragraphs = _pdf(path, problems)
    elif kind == "docx":
        title, paragraphs = _docx(path)
    elif kind in ("txt", "md", "markdown", "html", "htm"):
        text, truncated = read_bounded(path, MAX_TEXT_CHARS)
        if truncated:
            problems.append(
                RecordProblem(
                    file, None, None, f"file longer than {MAX_TEXT_CHARS} characters; cut"
                )
            )
        if kind in ("html", "htm"):
            parser = _HtmlText()
            parser.feed(text)
            parser.close()
            title, paragraphs = parser.title, [Paragraph(p) for p in parser.paragraphs]
            kind = "html"
        elif kind in ("md", "markdown"):
            paragraphs = [Paragraph(p) for p in _markdown_paragraphs(text)]
            kind = "md"
        else:
            paragraphs = [Paragraph(p) for p in _blank_line_paragraphs(text)]
    else:
        raise BadFile(file, f"unsupported document type {path.suffix!r}")
    sentences = _sentences(paragraphs, file, problems)
    if not sentences:
        problems.append(RecordProblem(file, None, None, "no text found"))
    yield from problems
    yield Document(
        id=document_id(path),
        title=title or path.stem,
        account_id=account_id,
        kind=kind,
        source=file,
        sentences=sentences,
    )
