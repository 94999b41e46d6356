"""The one export pipeline: PDF from an HTML template (WeasyPrint), DOCX (python-docx) and XLSX (openpyxl).

Every export carries the organization's letterhead and can be produced in the organization's language or
in English (`language`). PDFs name a CJK font so Chinese renders (Debian: fonts-noto-cjk).

Times are the organization's local times (the caller has its zone active: a request under `/o/<slug>/`, or
`org_zone_active` in a task). PDFs and DOCX show a signature, acknowledgement or the generation stamp with
its UTC offset (`zoned`); XLSX cells cannot hold an offset, so a date-time is written as the local wall
time and its column heading names the zone.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Organization
from .sheets import keep_text, strip_illegal, xlsx_append
from .timezones import org_zone_active, zone_name, zoned

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

    # The organization's zone even when a caller forgot it: every time on the page is its local time.
    with translation.override(language), org_zone_active(organization):
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


def _docx_text_xml_legal() -> None:
    """Every text python-docx writes into a run passes through `CT_R.add_t` (paragraphs, runs, headings,
    table cells, headers). lxml refuses C0 control characters there, so one such character in a record
    stored before input refused them would make a whole report fail; they carry no meaning and are
    dropped, as in spreadsheets. Wrapped once, at the first DOCX made."""
    from docx.oxml.text.run import CT_R

    if getattr(CT_R.add_t, "xml_legal", False):
        return
    original = CT_R.add_t

    def add_t(self: Any, text: str) -> Any:
        return original(self, strip_illegal(text))

    add_t.xml_legal = True  # type: ignore[attr-defined]
    CT_R.add_t = add_t  # type: ignore[method-assign]


def docx_document(*, organization: Organization, title: str, language: str) -> Any:
    """A python-docx Document with the letterhead in the header and fonts that show Chinese."""
    from docx import Document

    _docx_text_xml_legal()
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), DOCX_EAST_ASIA_FONT)
    with translation.override(language), org_zone_active(organization):
        name = organization.display_name
        generated = _("Generated %(when)s") % {"when": zoned(timezone.now())}
    section = doc.sections[0]
    section.header.paragraphs[0].text = f"{name} — {title}"
    section.footer.paragraphs[0].text = generated
    doc.add_heading(title, level=1)
    return doc


def docx_bytes(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook with one sheet per (title, header row, rows); header bold and frozen.

    Aware date-times become the active zone's wall time; their column heading gets the zone's name
    ("Date (Asia/Shanghai)"), since a spreadsheet cell has no room for an offset.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    zone = zone_name()
    for title, header, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        for cell in xlsx_append(ws, list(header)):
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        zoned_columns: set[int] = set()
        for row in rows:
            cells = xlsx_append(ws, [_cell(v) for v in row])
            for i, value in enumerate(row, start=1):
                if isinstance(value, dt.datetime) and timezone.is_aware(value):
                    zoned_columns.add(i)
                    cells[i - 1].number_format = XLSX_DATETIME_FORMAT
        for i in sorted(zoned_columns):
            heading = ws.cell(row=1, column=i)
            heading.value = f"{heading.value} ({zone})"
            keep_text(heading)
        for i in range(1, len(header) + 1):
            heading = ws.cell(row=1, column=i)
            ws.column_dimensions[heading.column_letter].width = max(12, min(60, len(str(heading.value)) + 4))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
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
