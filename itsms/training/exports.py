"""Exports of the training area: sign-in sheet, training records and competence matrix (PDF and XLSX)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from itsms.core.exports import PDF, XLSX, render_pdf, xlsx_bytes
from itsms.core.models import ExportJob, Membership, Organization, Person
from itsms.core.selectors import department_get

from .matrix import Matrix, competence_matrix, matrix_people
from .models import Attendance, TrainingSession
from .permissions import can_view_training


def _local(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def sign_in_sheet_pdf(
    session: TrainingSession,
    attendances: Iterable[Attendance],
    *,
    absent: Iterable[Attendance] = (),
    organization: Organization,
    language: str,
) -> bytes:
    """Invited and present people with a signature column; once held, who was absent, with the count."""
    with translation.override(language):
        title = _("Sign-in sheet")
    rows = list(attendances)
    return render_pdf(
        "training/exports/sign_in_sheet.html",
        {
            "session": session,
            "attendances": rows,
            "absent": list(absent),
            "present_count": sum(1 for a in rows if a.present),
            "invited_count": sum(1 for a in rows if a.invited),
        },
        organization=organization,
        language=language,
        title=title,
    )


def _record_header() -> list[str]:
    return [
        _("Number"),
        _("Session"),
        _("Kind"),
        _("Date"),
        _("Trainer"),
        _("Person"),
        _("Employee number"),
        _("Department"),
        _("Invited"),
        _("Attendance"),
        _("Sign-in"),
        _("Score"),
        _("Result"),
    ]


def _record_row(a: Attendance, *, time_as_text: bool = True) -> list[Any]:
    result = "" if a.passed is None else (_("passed") if a.passed else _("failed"))
    return [
        a.session.number,
        a.session.title,
        a.session.get_kind_display(),
        # XLSX gets a real date-time cell (local wall time, the zone in its heading).
        _local(a.session.starts_at) if time_as_text else a.session.starts_at,
        a.session.trainer,
        a.person.full_name,
        a.person.employee_no,
        str(a.person.department or ""),
        _("yes") if a.invited else _("no"),
        _("present") if a.present else _("absent"),
        a.get_method_display(),
        a.score,
        result,
    ]


def records_xlsx(
    records: Iterable[Attendance], *, language: str, sessions: Iterable[TrainingSession] = ()
) -> bytes:
    """Everybody present or invited at sessions held, then per session the invited, present, absent counts."""
    with translation.override(language):
        rows = (_record_row(a, time_as_text=False) for a in records)
        counts = (
            [s.number, s.title, s.starts_at, s.invited_count, s.present_count, s.absent_count]  # type: ignore[attr-defined]
            for s in sessions
        )
        header = [_("Number"), _("Session"), _("Date"), _("Invited"), _("Present"), _("Absent")]
        return xlsx_bytes(
            [(_("Training records"), _record_header(), rows), (_("Attendance per session"), header, counts)]
        )


def records_pdf(records: Iterable[Attendance], *, organization: Organization, language: str) -> bytes:
    with translation.override(language):
        title = _("Training records")
        rows = [_record_row(a) for a in records]
        header = _record_header()
    return render_pdf(
        "training/exports/table.html",
        {"header": header, "rows": rows, "landscape": True},
        organization=organization,
        language=language,
        title=title,
    )


def _person_cells(person: Person) -> list[str]:
    return [person.full_name, person.employee_no, str(person.department or ""), str(person.position or "")]


def _matrix_header(matrix: Matrix) -> list[str]:
    return [
        _("Person"),
        _("Employee number"),
        _("Department"),
        _("Position"),
        *(c.label for c in matrix.columns),
    ]


def _matrix_cell(cell: Any) -> str:
    if not cell.state:
        return ""
    parts = [cell.label]
    if cell.trained_on:
        parts.append(cell.trained_on.isoformat())
    if cell.expires_on:
        parts.append(_("until %(date)s") % {"date": cell.expires_on.isoformat()})
    return " ".join(parts)


def matrix_xlsx(matrix: Matrix, *, language: str) -> bytes:
    with translation.override(language):
        rows = ([*_person_cells(r.person), *(_matrix_cell(c) for c in r.cells)] for r in matrix.rows)
        return xlsx_bytes([(_("Competence matrix"), _matrix_header(matrix), rows)])


def matrix_pdf(matrix: Matrix, *, organization: Organization, language: str) -> bytes:
    with translation.override(language):
        title = _("Competence matrix")
        header = _matrix_header(matrix)
        rows = [[*_person_cells(r.person), *(_matrix_cell(c) for c in r.cells)] for r in matrix.rows]
    return render_pdf(
        "training/exports/table.html",
        {"header": header, "rows": rows, "landscape": True},
        organization=organization,
        language=language,
        title=title,
    )


# --- the competence matrix as a background export (itsms.core.jobs, kind "training.matrix") ----------------

MATRIX_FORMATS = ("xlsx", "pdf")


def matrix_job_clean(organization: Organization, posted: dict[str, str]) -> dict[str, Any]:
    """The format and the optional department (404 outside the organization) of a requested matrix."""
    fmt = posted.get("format", "")
    if fmt not in MATRIX_FORMATS:
        raise ValidationError(_("Choose XLSX or PDF."), code="matrix_format")
    department: int | None = None
    if posted.get("department"):
        try:
            pk = int(posted["department"])
        except ValueError:
            raise Http404 from None
        department = department_get(organization, pk).pk
    return {"format": fmt, "department": department}


def matrix_job(job: ExportJob, progress: Callable[[int], None]) -> tuple[str, str, bytes]:
    org = job.organization
    progress(5)
    data = competence_matrix(org, matrix_people(org, department_id=job.params.get("department")))
    progress(50)
    if job.params["format"] == "pdf":
        return "competence-matrix.pdf", PDF, matrix_pdf(data, organization=org, language=job.language)
    return "competence-matrix.xlsx", XLSX, matrix_xlsx(data, language=job.language)


def matrix_job_permission(membership: Membership, params: dict[str, Any]) -> bool:
    return can_view_training(membership)
