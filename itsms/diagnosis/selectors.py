"""Reads of the diagnosis area, always from the organization in the request."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from itsms.audits.models import Nonconformity
from itsms.catalogue.models import Requirement, Standard
from itsms.core.models import Organization

from .models import Assessment, DiagnosisProject, Tailoring
from .models.assessment import GAP_RESULTS
from .scope import scope_standards
from .services.assessments import SOURCE_TYPE


def projects_for_org(organization: Organization) -> QuerySet[DiagnosisProject]:
    return (
        DiagnosisProject.objects.filter(organization=organization)
        .annotate(
            assessed=Count("assessments", distinct=True),
            gaps=Count("assessments", filter=Q(assessments__result__in=GAP_RESULTS), distinct=True),
        )
        .prefetch_related("standards")
        .order_by("-created_at", "-id")
    )


def project_get(organization: Organization, pk: int) -> DiagnosisProject:
    return get_object_or_404(DiagnosisProject, organization=organization, pk=pk)


def scope_requirements(project: DiagnosisProject) -> QuerySet[Requirement]:
    """The current requirements of the chosen standards and of the basis libraries, in document order,
    with clause and standard."""
    return (
        Requirement.objects.filter(
            clause__standard__in=scope_standards(project), retired=False, clause__retired=False
        )
        .select_related("clause__standard")
        .order_by("clause__standard__ref", "clause__order", "order", "pk")
    )


def scope_requirement_get(project: DiagnosisProject, requirement_pk: int) -> Requirement:
    return get_object_or_404(scope_requirements(project), pk=requirement_pk)


@dataclass
class GridRow:
    requirement: Requirement
    assessment: Assessment | None
    tailoring: Tailoring | None
    nonconformity: Nonconformity | None


def assessments_by_requirement(project: DiagnosisProject) -> dict[int, Assessment]:
    return {
        a.requirement_id: a
        for a in Assessment.objects.filter(project=project).select_related("department", "assessed_by")
    }


def nonconformities_by_assessment(project: DiagnosisProject) -> dict[str, Nonconformity]:
    ids = Assessment.objects.filter(project=project).values_list("pk", flat=True)
    return {
        nc.source_id: nc
        for nc in Nonconformity.objects.filter(
            organization_id=project.organization_id,
            source_type=SOURCE_TYPE,
            source_id__in=[str(i) for i in ids],
        )
    }


def grid_rows(project: DiagnosisProject) -> list[GridRow]:
    """Every requirement of the scope with its assessment, tailoring and nonconformity: four queries
    whatever the size of the library (the requirements, the assessments, the tailorings, the NCs)."""
    assessments = assessments_by_requirement(project)
    tailorings = {t.requirement_id: t for t in Tailoring.objects.filter(project=project)}
    ncs = nonconformities_by_assessment(project)
    return [
        GridRow(
            requirement=r,
            assessment=assessments.get(r.pk),
            tailoring=tailorings.get(r.pk),
            nonconformity=ncs.get(str(assessments[r.pk].pk)) if r.pk in assessments else None,
        )
        for r in scope_requirements(project)
    ]


@dataclass
class GridSection:
    standard: Standard
    is_law: bool  # a law or regulation of the basis, not one of the chosen standards
    rows: list[GridRow]


def grid_sections(project: DiagnosisProject) -> list[GridSection]:
    """The grid's rows by library: the chosen standards first, then the laws of the basis (six queries)."""
    chosen = set(project.standards.values_list("pk", flat=True))
    sections: dict[int, GridSection] = {}
    for row in grid_rows(project):
        standard = row.requirement.clause.standard
        if standard.pk not in sections:
            sections[standard.pk] = GridSection(standard, standard.pk not in chosen, [])
        sections[standard.pk].rows.append(row)
    return sorted(sections.values(), key=lambda s: s.is_law)


def grid_row(project: DiagnosisProject, requirement: Requirement) -> GridRow:
    assessment = (
        Assessment.objects.filter(project=project, requirement=requirement)
        .select_related("department", "assessed_by")
        .first()
    )
    nc = None
    if assessment is not None:
        nc = Nonconformity.objects.filter(
            organization_id=project.organization_id, source_type=SOURCE_TYPE, source_id=str(assessment.pk)
        ).first()
    return GridRow(
        requirement=requirement,
        assessment=assessment,
        tailoring=Tailoring.objects.filter(project=project, requirement=requirement).first(),
        nonconformity=nc,
    )


def project_nonconformities(project: DiagnosisProject) -> QuerySet[Nonconformity]:
    ids = [str(i) for i in Assessment.objects.filter(project=project).values_list("pk", flat=True)]
    return (
        Nonconformity.objects.filter(
            organization_id=project.organization_id, source_type=SOURCE_TYPE, source_id__in=ids
        )
        .select_related("requirement__clause", "department")
        .order_by("number")
    )


def document_needs(project: DiagnosisProject) -> list[Assessment]:
    return list(
        Assessment.objects.filter(project=project)
        .exclude(document_action="")
        .select_related("requirement__clause", "department")
        .order_by("requirement__clause__order", "requirement__order")
    )


def documents_app_installed() -> bool:
    return apps.is_installed("itsms.documents")


def existing_documents(project: DiagnosisProject) -> list[tuple[str, str, str]]:
    """(code, title, notes) of the organization's current system documents.

    With the documents area installed this is its inventory of documents found at the start (read through
    its selector); without it, the documents the diagnosis team entered in the project.
    """
    if documents_app_installed():
        from itsms.documents.selectors import inventory_for_org

        return [
            (item.reference, item.title, str(item.get_decision_display()))
            for item in inventory_for_org(project.organization).order_by("pk")
        ]
    return [(d.code, d.title, d.notes) for d in project.existing_documents.all()]
