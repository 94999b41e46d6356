"""The report page and downloads, the writing-task action and the gap dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view

from .. import selectors, services
from ..conformity import conformity_by_clause, gaps_by_department
from ..exports import report_context
from ..forms import ReportSignForm
from ..models import DiagnosisProject, DiagnosisStatus
from ..permissions import (
    can_create_writing_tasks,
    can_edit_diagnosis,
    can_sign_diagnosis_report,
    can_view_diagnosis,
)
from .projects import project_url


def _report_page(
    request: OrgRequest, project: DiagnosisProject, form: ReportSignForm | None = None, status: int = 200
) -> HttpResponse:
    context = report_context(project)
    pending = sum(1 for a in context["document_needs"] if not a.document_task_ref)
    can_sign = (
        project.status == DiagnosisStatus.REPORTING
        and not project.is_signed
        and can_sign_diagnosis_report(request.membership, project)
    )
    return render(
        request,
        "diagnosis/report.html",
        {
            **context,
            "pending_tasks": pending,
            "can_edit": can_edit_diagnosis(request.membership),
            "can_hand_over": can_create_writing_tasks(request.membership, project),
            "can_sign": can_sign,
            "sign_form": form or ReportSignForm(user=request.user),
        },
        status=status,
    )


@org_view(can_view_diagnosis)
def report(request: OrgRequest, pk: int) -> HttpResponse:
    return _report_page(request, selectors.project_get(request.organization, pk))


@require_POST
@org_view(can_view_diagnosis)
def report_sign(request: OrgRequest, pk: int) -> HttpResponse:
    """The team lead signs the report, re-authenticating with password (and code)."""
    org = request.organization
    project = selectors.project_get(org, pk)
    if not can_sign_diagnosis_report(request.membership, project):
        raise PermissionDenied
    form = ReportSignForm(request.POST, user=request.user, request=request)
    if form.is_valid():
        try:
            services.diagnosis_report_sign(actor=request.user, organization=org, project=project)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The report is signed; the management representative can issue it."))
            return redirect(project_url(request, "report", project.pk))
    return _report_page(request, project, form, status=400)


@require_POST
@org_view(can_create_writing_tasks)
def writing_tasks(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    project = selectors.project_get(org, pk)
    try:
        made = services.writing_tasks_create(actor=request.user, organization=org, project=project)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(count)d document-writing tasks created.") % {"count": made})
    return redirect(project_url(request, "report", project.pk))


@org_view(can_view_diagnosis)
def dashboard(request: OrgRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(request.organization, pk)
    rows, total = conformity_by_clause(project, max_depth=0)
    chart = {
        "labels": [f"{r.clause.ref_id} {r.clause.display_title}" for r in rows if r.clause],
        "series": [
            {"label": str(_("Conforms")), "data": [r.conforms for r in rows], "color": "#63be7b"},
            {"label": str(_("Partly conforms")), "data": [r.partly for r in rows], "color": "#ffeb84"},
            {
                "label": str(_("Does not conform")),
                "data": [r.does_not_conform for r in rows],
                "color": "#f8696b",
            },
            {"label": str(_("Not applicable")), "data": [r.not_applicable for r in rows], "color": "#9e9e9e"},
            {"label": str(_("Not assessed")), "data": [r.not_assessed for r in rows], "color": "#e0e0e0"},
        ],
    }
    return render(
        request,
        "diagnosis/dashboard.html",
        {
            "project": project,
            "rows": rows,
            "total": total,
            "chart": chart,
            "departments": gaps_by_department(project),
            "issued": project.status == DiagnosisStatus.ISSUED,
        },
    )
