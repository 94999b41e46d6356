from __future__ import annotations

from typing import Any

from itsms.core.models import Department, Organization
from itsms.diagnosis import services
from itsms.diagnosis.models import Assessment, BasisItem, ChecklistItem, DiagnosisProject
from itsms.diagnosis.selectors import scope_requirements
from itsms.diagnosis.tests.conftest import load_mini

from .spec import RouteSpec


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
    "diagnosis:project_list": RouteSpec(),
    "diagnosis:project_create": RouteSpec(),
    "diagnosis:project_detail": RouteSpec(kwargs=_project),
    "diagnosis:project_edit": RouteSpec(kwargs=_project),
    "diagnosis:project_transition": RouteSpec(kwargs=_project, post_only=True),
    "diagnosis:checklist": RouteSpec(kwargs=_project),
    "diagnosis:checklist_generate": RouteSpec(kwargs=_project, post_only=True),
    "diagnosis:checklist_item_edit": RouteSpec(kwargs=_checklist_item),
    "diagnosis:assessment_grid": RouteSpec(kwargs=_project),
    "diagnosis:assessment_row": RouteSpec(kwargs=_requirement),
    "diagnosis:report": RouteSpec(kwargs=_project),
    "diagnosis:report_sign": RouteSpec(kwargs=_project, post_only=True),
    "diagnosis:writing_tasks": RouteSpec(kwargs=_project, post_only=True),
    "diagnosis:dashboard": RouteSpec(kwargs=_project),
    "diagnosis:item_add": RouteSpec(kwargs=lambda org: {**_project(org), "kind": "basis"}),
    "diagnosis:item_delete": RouteSpec(kwargs=_basis, post_only=True),
}
