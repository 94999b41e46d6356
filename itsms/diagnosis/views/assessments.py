"""The assessment grid: every requirement of the scope, each row edited in place with htmx."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from itsms.core.access import OrgRequest, org_view
from itsms.core.forms.base import add_service_errors

from .. import selectors, services
from ..forms import AssessmentForm
from ..models import AssessmentResult, DiagnosisStatus
from ..permissions import can_edit_diagnosis, can_view_diagnosis
from .projects import project_url


@org_view(can_view_diagnosis)
def assessment_grid(request: OrgRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(request.organization, pk)
    sections = selectors.grid_sections(project)
    rows = [row for section in sections for row in section.rows]
    return render(
        request,
        "diagnosis/assessment_grid.html",
        {
            "project": project,
            "sections": sections,
            "rows": rows,
            "assessed": sum(1 for r in rows if r.assessment is not None),
            "can_edit": can_edit_diagnosis(request.membership) and project.status != DiagnosisStatus.ISSUED,
            "results": AssessmentResult,
        },
    )


@org_view(can_edit_diagnosis)
def assessment_row(request: OrgRequest, pk: int, requirement: int) -> HttpResponse:
    """GET: the row as a form (htmx swaps it into the grid); POST: save and answer the row as shown."""
    org = request.organization
    project = selectors.project_get(org, pk)
    req = selectors.scope_requirement_get(project, requirement)
    row = selectors.grid_row(project, req)
    a = row.assessment
    initial = (
        {
            "result": a.result,
            "gap": a.gap,
            "cause": a.cause,
            "evidence": a.evidence,
            "department": a.department,
            "document_action": a.document_action,
            "document_title": a.document_title,
        }
        if a
        else {}
    )
    form = AssessmentForm(
        request.POST or None, organization=org, initial=initial, raised=row.nonconformity is not None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(
                actor=request.user, organization=org, project=project, requirement=req, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            saved = selectors.grid_row(project, req)
            if request.htmx:  # type: ignore[attr-defined]
                return render(
                    request,
                    "diagnosis/includes/grid_row.html",
                    {"project": project, "row": saved, "can_edit": True},
                )
            if saved.nonconformity is not None and row.nonconformity is None:
                messages.success(
                    request,
                    _("Assessment saved; nonconformity %(number)s raised.")
                    % {"number": saved.nonconformity.number},
                )
            else:
                messages.success(request, _("Assessment saved."))
            return redirect(f"{project_url(request, 'assessment_grid', project.pk)}#req-{req.pk}")
    context = {"project": project, "row": row, "form": form, "can_edit": True}
    if request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only successful answers by default, so a form with errors comes back as 200.
        return render(request, "diagnosis/includes/grid_row_form.html", context)
    return render(
        request,
        "diagnosis/assessment_form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )
