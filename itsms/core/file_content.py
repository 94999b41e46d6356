"""What an accepted file may contain: no active PDF content, no markup under a text name, one format only.

The rules (docs/security.md, "Uploads and files"):

- **PDF**: refused when any object reachable from the trailer carries JavaScript (`/JS`, `/JavaScript`),
  an action that starts a program or pulls in data (`/S /Launch`, `/ImportData`, `/Rendition`, `/GoToE`),
  automatic actions (`/AA`; `/OpenAction` is fine when it only opens a page), embedded files
  (`/EmbeddedFiles`, `/EF`, `/Type /EmbeddedFile`) or an XFA form (`/XFA`, which carries scripts). pypdf
  reads the file, so names spelt with `#xx` escapes and objects inside object streams are seen. A PDF
  pypdf cannot read is checked on its bytes outside `stream … endstream`; an encrypted one is refused,
  since what it holds cannot be read.
- **Text** (.txt, .csv, .md): refused when it starts (after a BOM and blanks) the way a browser
  recognises HTML or XML (`<!DOCTYPE html`, `<html`, `<svg`, `<?xml`, `<script`, …), or holds anywhere
  an element that runs code or embeds content (`<script`, `<svg`, `<iframe`, `<object`, `<embed`,
  `<html`) or a tag with an event handler attribute (`<img … onerror=`).
- **One format**: a file is refused when it is readable as a second format a viewer would pick: a PDF
  header (`%PDF-`) in the first 1024 bytes of anything that is not a PDF (readers look there), a PDF
  that is also a ZIP archive, or any non-ZIP type (image, PDF, text) that is also a ZIP archive.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Where PDF readers look for the header: anywhere in the first 1024 bytes.
PDF_HEADER_WINDOW = 1024
# A PDF's objects are walked up to this many; more is refused rather than spending the worker's time.
PDF_MAX_OBJECTS = 500_000

_PDF_ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/AA": "automatic actions",
    "/EmbeddedFiles": "embedded files",
    "/EmbeddedFile": "embedded files",
    "/EF": "embedded files",
    "/XFA": "XFA form scripts",
}
_PDF_ACTIVE_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "launch actions",
    "/ImportData": "launch actions",
    "/Rendition": "launch actions",
    "/GoToE": "embedded files",
}
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")

# The first tags of the WHATWG MIME sniffing standard's HTML and XML patterns, plus SVG.
_MARKUP_START = re.compile(
    r"<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--|\?xml|svg)"
    r"(?=[\s>/]|$)",
    re.IGNORECASE,
)
_ACTIVE_MARKUP = re.compile(
    r"<\s*(?:script|svg|iframe|object|embed|html)(?=[\s>/]|$)|<[a-z][a-z0-9]*\b[^<>]*\son[a-z]+\s*=",
    re.IGNORECASE,
)
# Kept from one chunk to the next so a tag cut by a chunk boundary is still seen.
MARKUP_OVERLAP = 256


def _pdf_refused(what: str) -> ValidationError:
    labels = {
        "JavaScript": _("JavaScript"),
        "automatic actions": _("automatic actions"),
        "launch actions": _("actions that start programs or load data"),
        "embedded files": _("embedded files"),
        "XFA form scripts": _("XFA form scripts"),
    }
    return ValidationError(
        _(
            "PDF files with %(what)s cannot be uploaded; print the document to a new PDF (or export it "
            "without scripts and attachments) and upload that."
        ),
        code="file_pdf_active",
        params={"what": labels[what]},
    )


def _walk_pdf(reader: object) -> str | None:
    """The first kind of active content found in the objects reachable from the trailer."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    trailer = reader.trailer  # type: ignore[attr-defined]
    stack: list[object] = [trailer]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            raise ValidationError(
                _("This PDF has too many objects to be checked; save it again with a smaller size."),
                code="file_pdf_complex",
            )
        if isinstance(obj, DictionaryObject):
            for name, what in _PDF_ACTIVE_KEYS.items():
                if name in obj:
                    return what
            action = obj.get("/S")
            if isinstance(action, str) and action in _PDF_ACTIVE_ACTIONS:
                return _PDF_ACTIVE_ACTIONS[action]
            if obj.get("/Type") == "/EmbeddedFile":
                return "embedded files"
            # /Parent points back up the page tree: every page is reached from /Kids already.
            stack.extend(v for k, v in obj.items() if k != "/Parent")
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return None


def _scan_pdf_bytes(data: bytes) -> str | None:
    """For a PDF pypdf cannot read: the names outside streams (whose binary data would match by chance)."""
    outside = _PDF_STREAM.sub(b" ", data)
    for match in _PDF_NAME.finditer(outside):
        name = "/" + _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1)).decode("latin-1")
        if name in _PDF_ACTIVE_KEYS:
            return _PDF_ACTIVE_KEYS[name]
        if name in _PDF_ACTIVE_ACTIONS:
            return _PDF_ACTIVE_ACTIONS[name]
    return None


def check_pdf(upload: IO[bytes]) -> None:
    """Refuse a PDF with scripts, launch actions, automatic actions or embedded files (rules above)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PdfStreamError

    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _(
                    "Encrypted PDF files cannot be checked, so they cannot be uploaded; remove the password first."
                ),
                code="file_pdf_encrypted",
            )
        found = _walk_pdf(reader)
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        # A damaged PDF may still open in a reader that repairs it: look at its bytes instead.
        upload.seek(0)
        found = _scan_pdf_bytes(upload.read())
    finally:
        upload.seek(0)
    if found is not None:
        raise _pdf_refused(found)


def markup_in(text: str, *, at_start: bool) -> bool:
    """Whether decoded text holds markup a browser would run or render (rules above)."""
    if at_start and _MARKUP_START.match(text.lstrip("\ufeff \t\r\n\f")):
        return True
    return _ACTIVE_MARKUP.search(text) is not None


def markup_refused() -> ValidationError:
    return ValidationError(
        _(
            "This text file contains HTML, SVG or XML markup (such as <script> or <svg>), which cannot be "
            "uploaded as text; remove the markup or upload the document as PDF."
        ),
        code="file_markup",
    )


def _is_zip(upload: IO[bytes]) -> bool:
    from .upload_limits import DEFAULT_ARCHIVE_MAX_MEMBERS, declared_members

    count = declared_members(upload)
    if count is None:
        return False
    if count > DEFAULT_ARCHIVE_MAX_MEMBERS:
        # Too many entries to list cheaply; an end record that claims so many is a ZIP for our purpose.
        return True
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            return bool(package.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return False
    finally:
        upload.seek(0)


def check_single_format(upload: IO[bytes], head: bytes, content_type: str, *, zip_like: bool) -> None:
    """Refuse a file that is also readable as a PDF or as a ZIP archive when it is neither (rules above)."""
    is_pdf = content_type == "application/pdf"
    if not is_pdf and b"%PDF-" in head[:PDF_HEADER_WINDOW]:
        raise ValidationError(
            _(
                "This file also contains a PDF header, so it could open as a PDF; such files cannot be uploaded."
            ),
            code="file_polyglot",
        )
    if not zip_like and _is_zip(upload):
        raise ValidationError(
            _(
                "This file is also a ZIP archive, so it could open as something else; such files cannot be uploaded."
            ),
            code="file_polyglot",
        )
