"""Export jobs: start one (POST from an area's page), watch its progress, download the file, list mine."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from .. import jobs
from ..access import OrgRequest, org_view
from ..exports import export_language
from ..models import ExportJob, Role
from ..permissions import can_view_organization

# Form fields that are not parameters of the export.
_NOT_PARAMS = {"csrfmiddlewaretoken", "lang"}


@require_POST
@org_view(can_view_organization)
def export_start(request: OrgRequest, kind: str) -> HttpResponse:
    org = request.organization
    if jobs.export_kind_get(kind) is None:
        raise Http404
    params = {k: v for k, v in request.POST.items() if k not in _NOT_PARAMS}
    try:
        job = jobs.export_start(
            actor=request.user,
            organization=org,
            kind=kind,
            params=params,
            language=export_language(org, request.POST.get("lang")),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("core:export_list", org=org.slug)
    return redirect("core:export_detail", org=org.slug, pk=job.pk)


def _with_label(job: ExportJob) -> ExportJob:
    job.kind_label = jobs.export_kind_label(job.kind)  # type: ignore[attr-defined]
    return job


@require_safe
@org_view(can_view_organization)
def export_detail(request: OrgRequest, pk: int) -> HttpResponse:
    job = _with_label(jobs.export_job_get_for_member(request.membership, pk))
    # htmx polls only the status block; it stops once the block comes back without its trigger.
    template = "core/exports/detail.html#status" if request.htmx else "core/exports/detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})


@require_safe
@org_view(can_view_organization)
def export_list(request: OrgRequest) -> HttpResponse:
    everyone = request.GET.get("all") == "1"
    rows = [_with_label(j) for j in jobs.export_jobs_for_member(request.membership, everyone=everyone)]
    return render(
        request,
        "core/exports/list.html",
        {"jobs": rows, "everyone": everyone, "is_admin": request.membership.has_role(Role.ORG_ADMIN)},
    )
