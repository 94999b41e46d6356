"""What document control proves: released documents per requirement and documented-information item,
and the programme milestones of the documents area. Each answer is one or a few aggregate queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itsms.core.evidence import Evidence, register_provider
from itsms.core.milestones import register_milestone
from itsms.core.models import Organization

from .models import (
    Decision,
    DocStatus,
    Document,
    InventoryItem,
    Level,
    Receipt,
    ReviewComment,
    Revision,
    RevStatus,
    WritingAssignment,
)


def _list_url(organization: Organization) -> str:
    return reverse("documents:list", kwargs={"org": organization.slug})


def released_documents(organization: Organization) -> dict[str, Evidence]:
    url = _list_url(organization)
    found: dict[str, Evidence] = {}
    released = Q(document__organization=organization, document__status=DocStatus.RELEASED)
    for through, urn_field in (
        (Document.requirements.through, "requirement__urn"),
        (Document.documented_info.through, "documentedinfo__urn"),
    ):
        rows = (
            through.objects.filter(released)
            .values(urn_field)
            .annotate(
                n=Count("document_id", distinct=True), latest=Max("document__current_revision__released_at")
            )
        )
        for row in rows:
            found[row[urn_field]] = Evidence(row["n"], row["latest"], url, _("Released documents"))
    return found


def _count(qs: Any, date_field: str) -> Evidence:
    agg = qs.aggregate(n=Count("pk"), latest=Max(date_field))
    return Evidence(agg["n"], agg["latest"])


def _released(level: str, *, edition_b: bool = False) -> Callable[[Organization], Evidence]:
    def fn(organization: Organization) -> Evidence:
        qs = Revision.objects.filter(
            organization=organization,
            document__level=level,
            status__in=[RevStatus.RELEASED, RevStatus.SUPERSEDED],
        )
        if edition_b:
            qs = qs.exclude(edition="A")
        return _count(qs, "released_at")

    return fn


def register() -> None:
    register_provider("documents", _("Document control"), released_documents)
    register_milestone(
        "documents.list_defined",
        _("Document list defined"),
        lambda o: _count(Document.objects.filter(organization=o).exclude(level=Level.EXTERNAL), "created_at"),
    )
    register_milestone(
        "documents.inventory_decided",
        _("Existing documents decided"),
        lambda o: _count(
            InventoryItem.objects.filter(organization=o).exclude(decision=Decision.PENDING), "decided_at"
        ),
    )
    register_milestone(
        "documents.assignments_made",
        _("Writing tasks assigned"),
        lambda o: _count(WritingAssignment.objects.filter(organization=o), "created_at"),
    )
    register_milestone(
        "documents.drafts_reviewed",
        _("Drafts reviewed"),
        lambda o: _count(
            ReviewComment.objects.filter(organization=o, resolved_at__isnull=False), "resolved_at"
        ),
    )
    register_milestone("documents.manual_released", _("Manual released"), _released(Level.MANUAL))
    register_milestone("documents.procedures_released", _("Procedures released"), _released(Level.PROCEDURE))
    register_milestone(
        "documents.briefing_done",
        _("Staff briefed on the documents"),
        lambda o: _count(
            Receipt.objects.filter(organization=o, campaign__isnull=False, acknowledged_at__isnull=False),
            "acknowledged_at",
        ),
    )
    register_milestone(
        "documents.second_edition_released",
        _("Second edition released"),
        _released(Level.MANUAL, edition_b=True),
    )
