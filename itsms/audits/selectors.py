"""Reads of the nonconformity register, always inside one organization."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from itsms.core.models import Organization

from .models import Nonconformity, NonconformityStatus


def nonconformities_for_org(
    organization: Organization,
    *,
    status: str = "",
    source: str = "",
    grade: str = "",
    open_only: bool = False,
    clause: str = "",
) -> QuerySet[Nonconformity]:
    qs = Nonconformity.objects.filter(organization=organization).select_related(
        "requirement__clause", "department", "raised_by"
    )
    if status:
        qs = qs.filter(status=status)
    if source:
        qs = qs.filter(source=source)
    if grade:
        qs = qs.filter(grade=grade)
    if open_only:
        qs = qs.exclude(status=NonconformityStatus.CLOSED)
    if clause:
        qs = qs.filter(requirement__clause__ref_id=clause)
    return qs.order_by("-id")


def nonconformity_get(organization: Organization, pk: int) -> Nonconformity:
    return get_object_or_404(Nonconformity, organization=organization, pk=pk)


def nonconformities_for_source(
    organization: Organization, source_type: str, source_ids: list[str] | None = None
) -> QuerySet[Nonconformity]:
    """Those raised from one kind of record (e.g. the assessments of a diagnosis)."""
    qs = nonconformities_for_org(organization).filter(source_type=source_type)
    if source_ids is not None:
        qs = qs.filter(source_id__in=source_ids)
    return qs
