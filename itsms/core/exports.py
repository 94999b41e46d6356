"""The one export pipeline: PDF from an HTML template (WeasyPrint), DOCX (python-docx) and XLSX (openpyxl).

Every export carries the organization's letterhead and can be produced in the organization's language or
in English (`language`). PDFs name a CJK font so Chinese renders (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Organization

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Word on the reader's machine picks the font; SimSun is on every Chinese Windows, Noto on Linux.
DOCX_EAST_ASIA_FONT = "SimSun"


def export_language(organization: Organization, requested: str | None) -> str:
    """'en' when asked for, otherwise the organization's language."""
    return "en" if requested == "en" else organization.language


def _logo_data_uri(organization: Organization) -> str | None:
    logo = organization.logo
    if logo is None:
        return None
    from .files import file_open

    with file_open(logo) as fh:
        data = fh.read()
    return f"data:{logo.content_type};base64,{base64.b64encode(data).decode()}"


def render_pdf(
    template: str, context: dict[str, Any], *, organization: Organization, language: str, title: str = ""
) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            template,
            {
                "organization": organization,
                "logo_uri": _logo_data_uri(organization),
                "generated_at": timezone.now(),
                "title": title,
                "language": language,
                **context,
            },
        )
    return HTML(string=html).write_pdf()


def docx_document(*, organization: Organization, title: str, language: str) -> Any:
    """A python-docx Document with the letterhead in the header and fonts that show Chinese."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), DOCX_EAST_ASIA_FONT)
    with translation.override(language):
        name = organization.display_name
    header = doc.sections[0].header.paragraphs[0]
    header.text = f"{name} — {title}"
    doc.add_heading(title, level=1)
    return doc


def docx_bytes(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook with one sheet per (title, header row, rows); header bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        ws.append(list(header))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for row in rows:
            ws.append([_cell(v) for v in row])
        for i, column in enumerate(header, start=1):
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(
                12, min(60, len(str(column)) + 4)
            )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return (
        value
        if value is None or isinstance(value, int | float | str) or hasattr(value, "year")
        else str(value)
    )


def attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
