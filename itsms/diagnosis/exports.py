"""The diagnosis report (诊断报告) as PDF and DOCX, through the one export pipeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from itsms.core.exports import DOCX, PDF, docx_bytes, docx_document, render_pdf
from itsms.core.models import ExportJob, Membership, Organization

from . import selectors
from .conformity import conformity_by_clause
from .models import DiagnosisProject
from .permissions import can_view_diagnosis


def report_context(project: DiagnosisProject) -> dict[str, Any]:
    rows, total = conformity_by_clause(project)
    return {
        "project": project,
        "standards": list(project.standards.all()),
        "departments": list(project.departments.all()),
        "team": list(project.team.select_related("person")),
        "basis": list(project.basis_items.all()),
        "nonconformities": list(selectors.project_nonconformities(project)),
        "rows": rows,
        "total": total,
        "existing_documents": selectors.existing_documents(project),
        "document_needs": selectors.document_needs(project),
    }


def report_title(project: DiagnosisProject) -> str:
    return _("Diagnosis report")


def report_pdf(project: DiagnosisProject, *, language: str) -> bytes:
    with translation.override(language):
        title = f"{report_title(project)} — {project.title}"
    return render_pdf(
        "diagnosis/report_pdf.html",
        report_context(project),
        organization=project.organization,
        language=language,
        title=title,
    )


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _table(doc: Any, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def report_docx(project: DiagnosisProject, *, language: str) -> bytes:
    ctx = report_context(project)
    with translation.override(language):
        doc = docx_document(
            organization=project.organization,
            title=f"{report_title(project)} — {project.title}",
            language=language,
        )
        doc.add_paragraph(
            _("Standards: %(standards)s") % {"standards": ", ".join(s.display_name for s in ctx["standards"])}
        )
        if ctx["departments"]:
            doc.add_paragraph(
                _("Departments: %(names)s") % {"names": ", ".join(d.name for d in ctx["departments"])}
            )
        if project.report_issued_on:
            doc.add_paragraph(_("Issued on %(date)s") % {"date": project.report_issued_on.isoformat()})

        doc.add_heading(_("1. Nonconformity report"), level=2)
        _table(
            doc,
            [_("Number"), _("Requirement"), _("Department"), _("Statement"), _("Grade")],
            [
                [
                    nc.number,
                    nc.requirement.ref if nc.requirement else "",
                    nc.department.name if nc.department else "",
                    nc.statement,
                    str(nc.get_grade_display()),
                ]
                for nc in ctx["nonconformities"]
            ],
        )

        doc.add_heading(_("2. Conclusion: conformity per clause"), level=2)
        if project.conclusion:
            doc.add_paragraph(project.conclusion)
        total = ctx["total"]
        _table(
            doc,
            [
                _("Clause"),
                _("Conforms"),
                _("Partly"),
                _("Does not conform"),
                _("Not applicable"),
                _("Not assessed"),
                _("Conformity"),
            ],
            [
                [
                    f"{'  ' * r.depth}{r.clause.ref_id} {r.clause.display_title}",
                    str(r.conforms),
                    str(r.partly),
                    str(r.does_not_conform),
                    str(r.not_applicable),
                    str(r.not_assessed),
                    _pct(r.percent),
                ]
                for r in ctx["rows"]
            ]
            + [
                [
                    _("Total"),
                    str(total.conforms),
                    str(total.partly),
                    str(total.does_not_conform),
                    str(total.not_applicable),
                    str(total.not_assessed),
                    _pct(total.percent),
                ]
            ],
        )

        doc.add_heading(_("3. Current system documents"), level=2)
        _table(doc, [_("Code"), _("Title"), _("Notes")], [list(d) for d in ctx["existing_documents"]])

        doc.add_heading(_("4. Documents to write or revise"), level=2)
        _table(
            doc,
            [_("Document"), _("Action"), _("Requirement")],
            [
                [a.document_title, str(a.get_document_action_display()), a.requirement.ref]
                for a in ctx["document_needs"]
            ],
        )
    return docx_bytes(doc)


# --- the report as a background export (itsms.core.jobs, kind "diagnosis.report") ---------------------------

REPORT_FORMATS = ("pdf", "docx")


def report_job_clean(organization: Organization, posted: dict[str, str]) -> dict[str, Any]:
    """The project (404 outside the organization) and the format of a requested report."""
    fmt = posted.get("format", "")
    if fmt not in REPORT_FORMATS:
        raise ValidationError(_("Choose PDF or DOCX."), code="report_format")
    try:
        pk = int(posted.get("project", ""))
    except ValueError:
        raise Http404 from None
    project = selectors.project_get(organization, pk)
    return {"project": project.pk, "format": fmt}


def report_job(job: ExportJob, progress: Callable[[int], None]) -> tuple[str, str, bytes]:
    project = selectors.project_get(job.organization, job.params["project"])
    progress(10)
    name = f"diagnosis-report-{project.pk}-{job.language}"
    if job.params["format"] == "pdf":
        return f"{name}.pdf", PDF, report_pdf(project, language=job.language)
    return f"{name}.docx", DOCX, report_docx(project, language=job.language)


def report_job_permission(membership: Membership, params: dict[str, Any]) -> bool:
    return can_view_diagnosis(membership)
