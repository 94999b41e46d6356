"""Reads of the nonconformity register, always inside one organization."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from itsms.core.models import AuditEntry, Organization
from itsms.core.timezones import org_today

from .models import Improvement, Nonconformity, NonconformityStatus


def nonconformities_for_org(
    organization: Organization,
    *,
    status: str = "",
    source: str = "",
    grade: str = "",
    open_only: bool = False,
    clause: str = "",
    overdue: bool = False,
) -> QuerySet[Nonconformity]:
    qs = Nonconformity.objects.filter(organization=organization).select_related(
        "requirement__clause", "department", "raised_by", "action_owner"
    )
    if overdue:
        qs = overdue_actions(organization, qs)
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
    return get_object_or_404(
        Nonconformity.objects.select_related(
            "requirement__clause",
            "department",
            "raised_by",
            "action_owner",
            "verified_by",
            "implementation_file",
        ),
        organization=organization,
        pk=pk,
    )


def local_today(organization: Organization) -> dt.date:
    return org_today(organization)


def overdue_actions(
    organization: Organization, qs: QuerySet[Nonconformity] | None = None
) -> QuerySet[Nonconformity]:
    """Corrective actions planned and not implemented by their due date (in the organization's zone)."""
    if qs is None:
        qs = Nonconformity.objects.filter(organization=organization)
    return qs.filter(status=NonconformityStatus.ACTION_PLANNED, action_due__lt=local_today(organization))


def nonconformity_history(nc: Nonconformity) -> QuerySet[AuditEntry]:
    """Every audit entry about the nonconformity, oldest first: the lifecycle moves and the raise."""
    return (
        AuditEntry.objects.filter(
            organization_id=nc.organization_id,
            object_type="audits.nonconformity",
            object_id=str(nc.pk),
        )
        .select_related("actor")
        .order_by("seq")
    )


def improvements_for_org(organization: Organization, *, status: str = "") -> QuerySet[Improvement]:
    qs = Improvement.objects.filter(organization=organization).select_related("proposed_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-id")


def improvement_get(organization: Organization, pk: int) -> Improvement:
    return get_object_or_404(Improvement, organization=organization, pk=pk)


def improvement_history(ofi: Improvement) -> QuerySet[AuditEntry]:
    return (
        AuditEntry.objects.filter(
            organization_id=ofi.organization_id, object_type="audits.improvement", object_id=str(ofi.pk)
        )
        .select_related("actor")
        .order_by("seq")
    )


def nonconformities_for_source(
    organization: Organization, source_type: str, source_ids: list[str] | None = None
) -> QuerySet[Nonconformity]:
    """Those raised from one kind of record (e.g. the assessments of a diagnosis)."""
    qs = nonconformities_for_org(organization).filter(source_type=source_type)
    if source_ids is not None:
        qs = qs.filter(source_id__in=source_ids)
    return qs
