from __future__ import annotations

from typing import Any

from itsms.core import services as core_services
from itsms.core.models import Department, Membership, Organization, Role
from itsms.diagnosis import services
from itsms.diagnosis.models import Assessment, BasisItem, ChecklistItem, DiagnosisProject
from itsms.diagnosis.selectors import scope_requirements
from itsms.diagnosis.tests.conftest import load_mini

from .spec import RouteSpec, member


def populate(org: Organization) -> None:
    dept = Department.objects.get(organization=org, code="OPS")
    project = services.diagnosis_create(
        actor=None, organization=org, title="矩阵诊断", standards=[load_mini()], departments=[dept]
    )
    services.diagnosis_item_create(
        actor=None, organization=org, project=project, section="basis", kind="contract", title="合同"
    )
    services.checklist_generate(actor=None, organization=org, project=project)
    req = scope_requirements(project).first()
    assert req is not None
    a = services.assessment_save(
        actor=None,
        organization=org,
        project=project,
        requirement=req,
        result="partly",
        gap="缺",
        department=dept,
        document_action="new",
        document_title="程序",
    )
    services.assessment_raise_nonconformity(actor=None, organization=org, assessment=a)
    # The team's lead has a login, so that the report can be posted for signature by the right person.
    lead = core_services.person_create(actor=None, organization=org, full_name="矩阵诊断组长")
    user = core_services.user_create(
        username=f"matrix-lead-{org.slug}", email=f"lead@{org.slug}.example", password="x-Password-123"
    )
    core_services.membership_add(
        actor=None, organization=org, user=user, roles=[Role.INTERNAL_AUDITOR], person=lead
    )
    services.diagnosis_item_create(
        actor=None,
        organization=org,
        project=project,
        section="team",
        person=lead,
        role="internal_auditor",
        is_lead=True,
    )


def _lead(org: Organization) -> Membership:
    return member(f"matrix-lead-{org.slug}")(org)


def _project(org: Organization) -> dict[str, Any]:
    return {
        "pk": DiagnosisProject.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True)[0]
    }


def _requirement(org: Organization) -> dict[str, Any]:
    a = Assessment.objects.filter(organization=org).order_by("pk").first()
    assert a is not None
    return {"pk": a.project_id, "requirement": a.requirement_id}


def _basis(org: Organization) -> dict[str, Any]:
    item = BasisItem.objects.filter(organization=org).order_by("pk").first()
    assert item is not None
    return {"pk": item.project_id, "kind": "basis", "item": item.pk}


def _checklist_item(org: Organization) -> dict[str, Any]:
    item = ChecklistItem.objects.filter(organization=org).order_by("pk").first()
    assert item is not None
    return {"pk": item.project_id, "item": item.pk}


ROUTES: dict[str, RouteSpec] = {
    "diagnosis:project_list": RouteSpec(capability="can_view_diagnosis"),
    "diagnosis:project_create": RouteSpec(capability="can_edit_diagnosis"),
    "diagnosis:project_detail": RouteSpec(capability="can_view_diagnosis", kwargs=_project),
    "diagnosis:project_edit": RouteSpec(capability="can_edit_diagnosis", kwargs=_project),
    "diagnosis:project_transition": RouteSpec(
        capability="can_edit_diagnosis",
        kwargs=_project,
        post_only=True,
        post_data=lambda org: {"target": "in_progress"},
    ),
    "diagnosis:checklist": RouteSpec(capability="can_view_diagnosis", kwargs=_project),
    "diagnosis:checklist_generate": RouteSpec(
        capability="can_edit_diagnosis", kwargs=_project, post_only=True, post_data=lambda org: {}
    ),
    "diagnosis:checklist_item_edit": RouteSpec(capability="can_edit_diagnosis", kwargs=_checklist_item),
    "diagnosis:assessment_grid": RouteSpec(capability="can_view_diagnosis", kwargs=_project),
    "diagnosis:assessment_row": RouteSpec(capability="can_edit_diagnosis", kwargs=_requirement),
    "diagnosis:report": RouteSpec(capability="can_view_diagnosis", kwargs=_project),
    "diagnosis:report_sign": RouteSpec(
        capability="can_view_diagnosis",
        kwargs=_project,
        post_only=True,
        post_as=_lead,
        post_data=lambda org: {"password": "not the password"},
    ),
    "diagnosis:writing_tasks": RouteSpec(
        capability="can_create_writing_tasks", kwargs=_project, post_only=True, post_data=lambda org: {}
    ),
    "diagnosis:dashboard": RouteSpec(capability="can_view_diagnosis", kwargs=_project),
    "diagnosis:item_add": RouteSpec(
        capability="can_edit_diagnosis", kwargs=lambda org: {**_project(org), "kind": "basis"}
    ),
    "diagnosis:item_delete": RouteSpec(
        capability="can_edit_diagnosis", kwargs=_basis, post_only=True, post_data=lambda org: {}
    ),
}
