"""Words of an uploaded revision file for search: DOCX, XLSX, PDF and text, with bounded work.

Runs in a background task after the upload committed (itsms.documents.tasks), never inside a write
transaction. Every format is read as a stream with limits: the ZIP's directory is checked before anything
inflates (itsms.core.upload_limits), each XML part is parsed incrementally and dropped element by element,
and reading stops once EXTRACTED_TEXT_MAX_CHARS characters are collected. A file that cannot be read gives
no text (search then finds the document by number and title) rather than an error.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError

from itsms.core.files import DOCX, MARKDOWN, PDF, TEXT, XLSX, file_open
from itsms.core.models import StoredFile
from itsms.core.upload_limits import MemberTooLarge, open_archive, open_member

logger = logging.getLogger(__name__)

DEFAULT_MAX_CHARS = 1_000_000
# One XML part is never inflated past this, whatever the archive's total allows.
PART_MAX_BYTES = 50 * 1024 * 1024
# pypdf's text extraction is slow per page; a longer PDF is searchable by its first pages.
PDF_MAX_PAGES = 2000
_SHEET_NAME = re.compile(r"^xl/worksheets/sheet(\d+)\.xml$")
_UNREADABLE = (
    zipfile.BadZipFile,
    ElementTree.ParseError,
    MemberTooLarge,
    ValidationError,
    NotImplementedError,
    KeyError,
    ValueError,
    OSError,
    EOFError,
)


def max_chars() -> int:
    return int(getattr(settings, "EXTRACTED_TEXT_MAX_CHARS", DEFAULT_MAX_CHARS))


def _local(tag: str) -> str:
    # Transitional and Strict OOXML name the same elements in different namespaces.
    return tag.rsplit("}", 1)[-1]


class _Collector:
    """Lines of text up to a character budget; `full` says when to stop reading."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.lines: list[str] = []
        self.size = 0

    @property
    def full(self) -> bool:
        return self.size >= self.budget

    def add(self, line: str) -> None:
        if self.full:
            return
        line = line[: self.budget - self.size]
        self.lines.append(line)
        self.size += len(line) + 1

    def text(self) -> str:
        return "\n".join(self.lines)[: self.budget]


def _events(package: zipfile.ZipFile, name: str) -> Iterator[tuple[str, ElementTree.Element]]:
    """iterparse events of one part; each element leaves the tree once its end was handled, so memory
    stays flat however long the part is (callers keep what they need from the events)."""
    info = package.getinfo(name)
    open_elements: list[ElementTree.Element] = []
    source = open_member(package, info, PART_MAX_BYTES)
    for event, el in ElementTree.iterparse(source, events=("start", "end")):
        if event == "start":
            open_elements.append(el)
            yield event, el
            continue
        open_elements.pop()
        yield event, el
        if open_elements:
            open_elements[-1].remove(el)


def _docx(package: zipfile.ZipFile, out: _Collector) -> None:
    """Every paragraph of the body in order (table cells included), one line each."""
    parts: list[str] = []
    for event, el in _events(package, "word/document.xml"):
        if event != "end":
            continue
        tag = _local(el.tag)
        if tag == "t":
            parts.append(el.text or "")
        elif tag == "tab":
            parts.append("\t")
        elif tag in ("br", "cr"):
            parts.append("\n")
        elif tag == "p":
            out.add("".join(parts))
            parts.clear()
            if out.full:
                return


def _shared_strings(package: zipfile.ZipFile, budget: int) -> list[str]:
    """The workbook's shared strings; past the budget the rest are kept empty so indexes still match."""
    if "xl/sharedStrings.xml" not in package.namelist():
        return []
    strings: list[str] = []
    used = 0
    parts: list[str] = []
    for event, el in _events(package, "xl/sharedStrings.xml"):
        if event != "end":
            continue
        tag = _local(el.tag)
        if tag == "t":
            parts.append(el.text or "")
        elif tag == "si":
            text = "".join(parts) if used < budget else ""
            used += len(text)
            strings.append(text)
            parts.clear()
    return strings


def _xlsx(package: zipfile.ZipFile, out: _Collector) -> None:
    """Each row of each sheet (in sheet order) as one line of its values."""
    shared = _shared_strings(package, out.budget)
    sheets = sorted(
        (int(m.group(1)), name) for name in package.namelist() if (m := _SHEET_NAME.match(name)) is not None
    )
    for _number, name in sheets:
        row: list[str] = []
        kind = ""
        value: list[str] = []
        for event, el in _events(package, name):
            tag = _local(el.tag)
            if event == "start":
                if tag == "c":
                    kind, value = el.get("t", ""), []
                continue
            if tag in ("v", "t"):
                value.append(el.text or "")
            elif tag == "c":
                text = "".join(value)
                if kind == "s" and text.isdigit():
                    index = int(text)
                    text = shared[index] if index < len(shared) else ""
                if text:
                    row.append(text)
            elif tag == "row":
                if row:
                    out.add(" ".join(row))
                row = []
                if out.full:
                    return


def _pdf(data: bytes, out: _Collector) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PdfStreamError

    try:
        reader = PdfReader(io.BytesIO(data))
        for number, page in enumerate(reader.pages):
            if number >= PDF_MAX_PAGES or out.full:
                return
            out.add(page.extract_text() or "")
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError):
        logger.info("PDF text could not be extracted", exc_info=True)


def extract_text(stored: StoredFile) -> str:
    """The words of a stored file for search, at most EXTRACTED_TEXT_MAX_CHARS characters."""
    out = _Collector(max_chars())
    with file_open(stored) as fh:
        data = fh.read()
    try:
        if stored.content_type in (DOCX, XLSX):
            with open_archive(io.BytesIO(data)) as package:
                (_docx if stored.content_type == DOCX else _xlsx)(package, out)
        elif stored.content_type == PDF:
            _pdf(data, out)
        elif stored.content_type in (MARKDOWN, TEXT):
            out.add(data[: out.budget * 4].decode("utf-8", errors="replace"))
    except _UNREADABLE:
        # Files stored before the archive limits existed, or damaged ones: what was read so far.
        logger.info("text of file %s extracted only in part or not at all", stored.pk, exc_info=True)
    return out.text()
