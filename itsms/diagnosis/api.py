"""The diagnosis in the REST API: projects, their assessments (list and update) and their findings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Schema

from itsms.audits.api import NonconformityFilters, NonconformityPageOut, nonconformity_page
from itsms.core.api.params import Id
from itsms.core.api.schemas import READ_ERRORS, WRITE_ERRORS, StrictIn
from itsms.core.api_auth import OrgTokenAuth, api_membership
from itsms.core.models import Department

from . import selectors, services
from .models import Assessment, DiagnosisProject
from .permissions import can_edit_diagnosis, can_view_diagnosis

router = Router(auth=OrgTokenAuth(), tags=["diagnosis"])


class ProjectOut(Schema):
    id: int
    title: str
    status: str
    standards: list[str]
    departments: list[int]
    processes: list[str]
    report_issued_on: date | None

    @staticmethod
    def resolve_standards(obj: DiagnosisProject) -> list[str]:
        return [s.urn for s in obj.standards.all()]

    @staticmethod
    def resolve_departments(obj: DiagnosisProject) -> list[int]:
        return [d.pk for d in obj.departments.all()]

    @staticmethod
    def resolve_processes(obj: DiagnosisProject) -> list[str]:
        return obj.process_list


class AssessmentOut(Schema):
    requirement_id: int
    requirement_urn: str
    requirement_ref: str
    result: str
    gap: str
    cause: str
    evidence: str
    department_id: int | None
    document_action: str
    document_title: str
    assessed_at: datetime

    @staticmethod
    def resolve_requirement_urn(obj: Assessment) -> str:
        return obj.requirement.urn

    @staticmethod
    def resolve_requirement_ref(obj: Assessment) -> str:
        return obj.requirement.ref


class AssessmentIn(StrictIn):
    result: str
    gap: str = ""
    cause: str = ""
    evidence: str = ""
    department_id: Id | None = None
    document_action: str = ""
    document_title: str = ""
    # Required with "does_not_conform" (the nonconformity it raises); optional with "partly".
    nonconformity_grade: str = ""


def _project(request: HttpRequest, id: int, *checks: Any) -> tuple[Any, DiagnosisProject]:
    membership = api_membership(request, can_view_diagnosis, *checks)
    return membership, selectors.project_get(membership.organization, id)


@router.get(
    "o/{org}/diagnosis/projects", response={200: list[ProjectOut], **READ_ERRORS}, summary="List diagnoses"
)
def project_list(request: HttpRequest, org: Path[str]) -> list[DiagnosisProject]:
    membership = api_membership(request, can_view_diagnosis)
    return list(
        DiagnosisProject.objects.filter(organization=membership.organization)
        .prefetch_related("standards", "departments")
        .order_by("-id")
    )


@router.get(
    "o/{org}/diagnosis/projects/{id}", response={200: ProjectOut, **READ_ERRORS}, summary="One diagnosis"
)
def project_detail(request: HttpRequest, org: Path[str], id: Id) -> DiagnosisProject:
    return _project(request, id)[1]


@router.get(
    "o/{org}/diagnosis/projects/{id}/assessments",
    response={200: list[AssessmentOut], **READ_ERRORS},
    summary="The assessments of a diagnosis",
)
def assessment_list(request: HttpRequest, org: Path[str], id: Id) -> list[Assessment]:
    project = _project(request, id)[1]
    return list(
        Assessment.objects.filter(project=project)
        .select_related("requirement__clause")
        .order_by("requirement__clause__order", "requirement__order")
    )


@router.put(
    "o/{org}/diagnosis/projects/{id}/assessments/{requirement_id}",
    response={200: AssessmentOut, **WRITE_ERRORS},
    summary="Set the assessment of one requirement",
)
def assessment_update(
    request: HttpRequest, org: Path[str], id: Id, requirement_id: Id, payload: AssessmentIn
) -> Assessment:
    membership, project = _project(request, id, can_edit_diagnosis)
    requirement = selectors.scope_requirement_get(project, requirement_id)
    values = payload.model_dump()
    dept_id = values.pop("department_id")
    department = (
        get_object_or_404(Department, organization=membership.organization, pk=dept_id) if dept_id else None
    )
    return services.assessment_save(
        actor=membership.user,
        organization=membership.organization,
        project=project,
        requirement=requirement,
        department=department,
        **values,
    )


@router.get(
    "o/{org}/diagnosis/projects/{id}/findings",
    response={200: NonconformityPageOut, **READ_ERRORS},
    summary="The nonconformities raised by a diagnosis",
)
def finding_list(
    request: HttpRequest, org: Path[str], id: Id, filters: Query[NonconformityFilters]
) -> dict[str, Any]:
    project = _project(request, id)[1]
    qs = selectors.project_nonconformities(project).order_by("-id")
    if filters.status:
        qs = qs.filter(status=filters.status)
    return nonconformity_page(qs, filters)
