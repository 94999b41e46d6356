"""The diagnosis projects: list, create, overview with its lists, edit, status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view
from itsms.core.lifecycle import allowed_targets
from itsms.core.views.helpers import handle_form

from .. import selectors, services
from ..forms import ProjectEditForm, ProjectForm
from ..lifecycle import DIAGNOSIS_TRANSITIONS
from ..models import DiagnosisStatus, PlanSession, TeamMember
from ..permissions import can_edit_diagnosis, can_view_diagnosis


def project_url(request: OrgRequest, name: str, pk: int) -> str:
    return reverse(f"diagnosis:{name}", kwargs={"org": request.organization.slug, "pk": pk})


@org_view(can_view_diagnosis)
def project_list(request: OrgRequest) -> HttpResponse:
    return render(
        request,
        "diagnosis/project_list.html",
        {
            "projects": selectors.projects_for_org(request.organization),
            "can_edit": can_edit_diagnosis(request.membership),
        },
    )


@org_view(can_edit_diagnosis)
def project_create(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = ProjectForm(request.POST or None, organization=org)
    created: list[int] = []

    def save(data: dict) -> None:
        project = services.diagnosis_create(actor=request.user, organization=org, **data)
        created.append(project.pk)

    response = handle_form(
        request,
        form,
        save=save,
        template="diagnosis/project_form.html",
        success_url=reverse("diagnosis:project_list", kwargs={"org": org.slug}),
        success_message=_("Diagnosis created."),
    )
    if created:
        return redirect(project_url(request, "project_detail", created[0]))
    return response


@org_view(can_view_diagnosis)
def project_detail(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    project = selectors.project_get(org, pk)
    team = project.team.select_related("person")
    sessions = project.sessions.prefetch_related(
        Prefetch("team_members", TeamMember.objects.select_related("person")), "departments", "clauses"
    )
    return render(
        request,
        "diagnosis/project_detail.html",
        {
            "project": project,
            "standards": list(project.standards.all()),
            "departments": list(project.departments.all()),
            "basis": project.basis_items.select_related("source_file", "library"),
            "supplementary": project.supplementary.all(),
            "tailorings": project.tailorings.select_related("requirement__clause__standard"),
            "team": team,
            "sessions": sessions,
            "interviews": project.interviews.select_related("person"),
            "records": project.records.select_related("file"),
            "observations": project.observations.select_related("department"),
            "documents": selectors.existing_documents(project),
            "inventory_elsewhere": selectors.documents_app_installed(),
            "certifiable": any(s.certifiable for s in project.standards.all()),
            "targets": allowed_targets(project, DIAGNOSIS_TRANSITIONS, request.membership),
            "status_labels": dict(DiagnosisStatus.choices),
            "can_edit": can_edit_diagnosis(request.membership) and project.status != DiagnosisStatus.ISSUED,
            "plan_session_model": PlanSession,
        },
    )


@org_view(can_edit_diagnosis)
def project_edit(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    project = selectors.project_get(org, pk)
    form = ProjectEditForm(
        request.POST or None, organization=org, initial=ProjectEditForm.initial_for(project)
    )
    return handle_form(
        request,
        form,
        save=lambda data: services.diagnosis_update(
            actor=request.user, organization=org, project=project, **data
        ),
        template="diagnosis/project_form.html",
        success_url=project_url(request, "project_detail", project.pk),
        success_message=_("Diagnosis saved."),
        context={"project": project},
    )


@require_POST
@org_view(can_edit_diagnosis)
def project_transition(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    project = selectors.project_get(org, pk)
    try:
        services.diagnosis_transition(
            actor=request.user, organization=org, project=project, target=request.POST.get("target", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        messages.error(request, _("You may not make this change."))
    else:
        messages.success(request, _("Status changed."))
    return redirect(project_url(request, "project_detail", project.pk))
