"""The assessment grid: every requirement of the scope, each row edited in place with htmx."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view
from itsms.core.forms.base import add_service_errors

from .. import selectors, services
from ..forms import AssessmentForm, RaiseNonconformityForm
from ..models import Assessment, AssessmentResult, DiagnosisStatus
from ..permissions import can_edit_diagnosis, can_view_diagnosis
from .projects import project_url


@org_view(can_view_diagnosis)
def assessment_grid(request: OrgRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(request.organization, pk)
    rows = selectors.grid_rows(project)
    return render(
        request,
        "diagnosis/assessment_grid.html",
        {
            "project": project,
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
    form = AssessmentForm(request.POST or None, organization=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(
                actor=request.user, organization=org, project=project, requirement=req, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                return render(
                    request,
                    "diagnosis/includes/grid_row.html",
                    {"project": project, "row": selectors.grid_row(project, req), "can_edit": True},
                )
            messages.success(request, _("Assessment saved."))
            return redirect(f"{project_url(request, 'assessment_grid', project.pk)}#req-{req.pk}")
    context = {
        "project": project,
        "row": row,
        "form": form,
        "nc_form": RaiseNonconformityForm(),
        "can_edit": True,
    }
    if request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only successful answers by default, so a form with errors comes back as 200.
        return render(request, "diagnosis/includes/grid_row_form.html", context)
    return render(
        request,
        "diagnosis/assessment_form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@org_view(can_edit_diagnosis)
def assessment_nonconformity(request: OrgRequest, pk: int, requirement: int) -> HttpResponse:
    org = request.organization
    project = selectors.project_get(org, pk)
    req = selectors.scope_requirement_get(project, requirement)
    assessment = get_object_or_404(Assessment, organization=org, project=project, requirement=req)
    form = RaiseNonconformityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a grade."))
    else:
        try:
            nc = services.assessment_raise_nonconformity(
                actor=request.user, organization=org, assessment=assessment, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Nonconformity %(number)s raised.") % {"number": nc.number})
    return redirect(f"{project_url(request, 'assessment_grid', project.pk)}#req-{req.pk}")
