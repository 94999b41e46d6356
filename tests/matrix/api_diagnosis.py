"""Objects the API matrix rows of the diagnosis and the nonconformity register need (made on first use)."""

from __future__ import annotations

from typing import Any

from itsms.core.models import Organization


def diagnosis_project(org: Organization) -> Any:
    from itsms.diagnosis import services
    from itsms.diagnosis.models import DiagnosisProject
    from itsms.diagnosis.tests.conftest import load_mini

    project = DiagnosisProject.objects.filter(organization=org).order_by("pk").first()
    return project or services.diagnosis_create(
        actor=None, organization=org, title="矩阵诊断", standards=[load_mini()]
    )


def project_kwargs(org: Organization) -> dict[str, Any]:
    return {"id": diagnosis_project(org).pk}


def assessment_kwargs(org: Organization) -> dict[str, Any]:
    from itsms.diagnosis.selectors import scope_requirements

    project = diagnosis_project(org)
    return {"id": project.pk, "requirement_id": scope_requirements(project).values_list("pk", flat=True)[0]}


def assessment_body() -> dict[str, Any]:
    return {"result": "conforms", "evidence": "记录"}
