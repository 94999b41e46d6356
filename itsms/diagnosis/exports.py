"""The diagnosis report (诊断报告) as PDF and DOCX, through the one export pipeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from itsms.audits.models import Nonconformity
from itsms.catalogue.models import Requirement
from itsms.core.exports import DOCX, PDF, docx_bytes, docx_document, render_pdf
from itsms.core.models import ExportJob, Membership, Organization
from itsms.core.timezones import org_zone_active, zoned

from . import selectors
from .conformity import conformity_by_clause
from .models import Assessment, DiagnosisProject, TeamMember
from .models.assessment import GAP_RESULTS
from .permissions import can_view_diagnosis


@dataclass
class Finding:
    """One requirement found not or partly conforming, as the report shows it."""

    assessment: Assessment
    nonconformity: Nonconformity | None

    @property
    def requirement(self) -> Requirement:
        return self.assessment.requirement

    @property
    def grade(self) -> str:
        return str(self.nonconformity.get_grade_display()) if self.nonconformity else "—"

    @property
    def number(self) -> str:
        return self.nonconformity.number if self.nonconformity else "—"


def findings(project: DiagnosisProject) -> list[Finding]:
    """The gaps with their nonconformities, in document order: two queries."""
    ncs = selectors.nonconformities_by_assessment(project)
    gaps = (
        Assessment.objects.filter(project=project, result__in=GAP_RESULTS)
        .select_related("requirement__clause__standard", "department")
        .order_by("requirement__clause__standard__ref", "requirement__clause__order", "requirement__order")
    )
    return [Finding(assessment=a, nonconformity=ncs.get(str(a.pk))) for a in gaps]


def report_context(project: DiagnosisProject) -> dict[str, Any]:
    """Everything the report shows. Call it in the report's language (labels are resolved here) and with
    the organization's zone active (the signature time is shown with its zone)."""
    rows, total = conformity_by_clause(project)
    sessions = list(
        project.sessions.prefetch_related(
            Prefetch("team_members", TeamMember.objects.select_related("person")), "departments"
        )
    )
    signatory = (
        TeamMember.objects.select_related("person").filter(pk=project.report_signatory_id).first()
        if project.report_signatory_id
        else None
    )
    team = list(project.team.select_related("person"))
    return {
        "project": project,
        "standards": list(project.standards.all()),
        "laws": list(
            project.basis_items.filter(library__isnull=False).select_related("library").order_by("pk")
        ),
        "departments": list(project.departments.all()),
        "team": team,
        "lead": signatory or next((m for m in team if m.is_lead), None),
        "signed_by": str(project.report_signed_by) if project.report_signed_by_id else "",
        "signed_at": zoned(project.report_signed_at),
        "basis": list(project.basis_items.all()),
        "sessions": sessions,
        "fieldwork_dates": sorted({s.date for s in sessions}),
        "interviews": list(project.interviews.select_related("person")),
        "records": list(project.records.select_related("file")),
        "observations": list(project.observations.select_related("department")),
        "findings": findings(project),
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
        context = report_context(project)
    return render_pdf(
        "diagnosis/report_pdf.html",
        context,
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


def _pairs(doc: Any, pairs: list[tuple[str, str]]) -> None:
    """A two-column table of label and value."""
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in pairs:
        cells = table.add_row().cells
        cells[0].text = label
        for run in cells[0].paragraphs[0].runs:
            run.bold = True
        cells[1].text = value


def _member(m: TeamMember) -> str:
    extra = ", ".join(x for x in (str(m.get_role_display()), m.affiliation) if x)
    return f"{m} ({extra})"


def _docx_header(doc: Any, project: DiagnosisProject, ctx: dict[str, Any]) -> None:
    doc.add_paragraph(
        _("Standards: %(standards)s") % {"standards": ", ".join(s.display_name for s in ctx["standards"])}
    )
    if ctx["laws"]:
        doc.add_paragraph(
            _("Laws and regulations assessed: %(laws)s")
            % {"laws": "; ".join(f"{b.title} ({b.library.ref})" for b in ctx["laws"])}
        )
    if ctx["departments"]:
        doc.add_paragraph(
            _("Departments: %(names)s") % {"names": ", ".join(d.name for d in ctx["departments"])}
        )
    if ctx["team"]:
        doc.add_paragraph(_("Team: %(names)s") % {"names": "; ".join(_member(m) for m in ctx["team"])})
    if ctx["basis"]:
        doc.add_paragraph(
            _("Basis: %(items)s")
            % {
                "items": "; ".join(
                    f"{b.title} ({b.get_category_display()})" if b.category else b.title for b in ctx["basis"]
                )
            }
        )
    if project.report_issued_on:
        doc.add_paragraph(_("Issued on %(date)s") % {"date": project.report_issued_on.isoformat()})


def _docx_fieldwork(doc: Any, ctx: dict[str, Any]) -> None:
    doc.add_heading(_("Fieldwork"), level=2)
    dates = ", ".join(d.isoformat() for d in ctx["fieldwork_dates"]) or "—"
    doc.add_paragraph(_("Fieldwork dates: %(dates)s") % {"dates": dates})
    if ctx["sessions"]:
        _table(
            doc,
            [_("Date"), _("Place"), _("Team"), _("Departments")],
            [
                [
                    s.date.isoformat(),
                    s.place,
                    ", ".join(str(t) for t in s.team_members.all()),
                    ", ".join(d.name for d in s.departments.all()),
                ]
                for s in ctx["sessions"]
            ],
        )
    doc.add_heading(_("People interviewed"), level=3)
    _table(
        doc,
        [_("Interviewee"), _("Role"), _("Date"), _("Notes")],
        [[str(i), i.role, i.held_on.isoformat() if i.held_on else "", i.notes] for i in ctx["interviews"]],
    )
    doc.add_heading(_("Records sampled"), level=3)
    _table(
        doc,
        [_("Title"), _("Source"), _("Notes")],
        [[r.title, r.file.original_name if r.file_id else r.link, r.notes] for r in ctx["records"]],
    )
    doc.add_heading(_("Observations"), level=3)
    _table(
        doc,
        [_("Observation"), _("Department"), _("Date")],
        [
            [
                o.text,
                o.department.name if o.department_id else "",
                o.observed_on.isoformat() if o.observed_on else "",
            ]
            for o in ctx["observations"]
        ],
    )


def _docx_findings(doc: Any, ctx: dict[str, Any]) -> None:
    doc.add_heading(_("1. Findings and nonconformities"), level=2)
    if not ctx["findings"]:
        doc.add_paragraph(_("No requirement was found not or partly conforming."))
    for f in ctx["findings"]:
        a = f.assessment
        doc.add_heading(f"{f.requirement.ref} — {a.get_result_display()}", level=3)
        _pairs(
            doc,
            [
                (_("Requirement"), f"{f.requirement.ref} {f.requirement.display_text}"),
                (_("Finding"), a.gap),
                (_("Cause"), a.cause or "—"),
                (_("Evidence seen"), a.evidence or "—"),
                (_("Department"), a.department.name if a.department_id else "—"),
                (_("Grade"), f.grade),
                (_("Nonconformity number"), f.number),
            ],
        )


def _docx_approval(doc: Any, project: DiagnosisProject, ctx: dict[str, Any]) -> None:
    doc.add_heading(_("5. Approval"), level=2)
    lead = ctx["lead"]
    signature = (
        _("Signed electronically by %(user)s on %(time)s")
        % {"user": ctx["signed_by"] or str(lead), "time": ctx["signed_at"]}
        if project.is_signed
        else _("Not signed yet")
    )
    _pairs(
        doc,
        [
            (_("Lead of the diagnosis team"), _member(lead) if lead else "—"),
            (_("Signature"), signature),
            (
                _("Report issued on"),
                project.report_issued_on.isoformat() if project.report_issued_on else "—",
            ),
        ],
    )


def report_docx(project: DiagnosisProject, *, language: str) -> bytes:
    with translation.override(language):
        ctx = report_context(project)
        doc = docx_document(
            organization=project.organization,
            title=f"{report_title(project)} — {project.title}",
            language=language,
        )
        _docx_header(doc, project, ctx)
        _docx_fieldwork(doc, ctx)
        _docx_findings(doc, ctx)

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
                    f"{'  ' * r.depth}{r.clause.standard.ref} {r.clause.ref_id} {r.clause.display_title}",
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
        _docx_approval(doc, project, ctx)
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
    # The task runs outside any request: the signature time is shown in the organization's zone.
    with org_zone_active(job.organization):
        if job.params["format"] == "pdf":
            return f"{name}.pdf", PDF, report_pdf(project, language=job.language)
        return f"{name}.docx", DOCX, report_docx(project, language=job.language)


def report_job_permission(membership: Membership, params: dict[str, Any]) -> bool:
    return can_view_diagnosis(membership)
