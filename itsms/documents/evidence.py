"""What document control proves: released documents per requirement and documented-information item,
and the programme milestones of the documents area. Each answer is one or a few aggregate queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itsms.core.evidence import Evidence, register_provider
from itsms.core.milestones import register_milestone
from itsms.core.models import Organization
from itsms.core.timezones import org_zone

from .models import (
    Decision,
    DocStatus,
    Document,
    InventoryItem,
    Level,
    Receipt,
    ReviewComment,
    RevStatus,
    WritingAssignment,
)

IN_FORCE = "documents.in_force"


def _list_url(organization: Organization) -> str:
    return reverse("documents:list", kwargs={"org": organization.slug})


def in_force_q(today: dt.date, prefix: str = "") -> Q:
    """A controlled document in force: released, its current revision released (not superseded or
    withdrawn), its effective date reached. The register's `in_force` filter uses the same condition."""
    p = prefix
    return (
        Q(**{f"{p}status": DocStatus.RELEASED, f"{p}current_revision__status": RevStatus.RELEASED})
        & (
            Q(**{f"{p}current_revision__effective_date__isnull": True})
            | Q(**{f"{p}current_revision__effective_date__lte": today})
        )
        & ~Q(**{f"{p}level": Level.EXTERNAL})
    )


def _latest(row: dict[str, Any]) -> dt.date | dt.datetime | None:
    """A document is in force from its effective date, or from its release when it names none."""
    return row["effective"] or row["released"]


def released_documents(organization: Organization) -> dict[str, Evidence]:
    """Documents in force, per clause (through the requirements they answer, each document once) and
    per documented-information item: two aggregate queries."""
    today = timezone.localdate(timezone=org_zone(organization))
    base = _list_url(organization) + "?in_force=1"
    found: dict[str, Evidence] = {}
    cond = in_force_q(today, "document__") & Q(document__organization=organization)
    dates = {
        "effective": Max("document__current_revision__effective_date"),
        "released": Max("document__current_revision__released_at"),
    }
    by_clause = (
        Document.requirements.through.objects.filter(cond, requirement__retired=False)
        .values("requirement__clause__urn", "requirement__clause__ref_id")
        .annotate(n=Count("document_id", distinct=True), **dates)
    )
    for row in by_clause:
        url = f"{base}&clause={quote(row['requirement__clause__ref_id'])}"
        found[row["requirement__clause__urn"] + "#" + IN_FORCE] = Evidence(
            row["n"], _latest(row), url, _("Documents in force answering its requirements"), IN_FORCE
        )
    by_item = (
        Document.documented_info.through.objects.filter(cond, documentedinfo__retired=False)
        .values("documentedinfo__urn", "documentedinfo_id")
        .annotate(n=Count("document_id", distinct=True), **dates)
    )
    for row in by_item:
        url = f"{base}&info={row['documentedinfo_id']}"
        found[row["documentedinfo__urn"]] = Evidence(
            row["n"], _latest(row), url, _("Documents in force"), IN_FORCE
        )
    return found


def _count(qs: Any, date_field: str) -> Evidence:
    agg = qs.aggregate(n=Count("pk"), latest=Max(date_field))
    return Evidence(agg["n"], agg["latest"])


def in_force_documents(organization: Organization, level: str, *, edition_b: bool = False) -> Evidence:
    """Documents of one level in force (the same rule as the provider): one aggregate query."""
    today = timezone.localdate(timezone=org_zone(organization))
    qs = Document.objects.filter(in_force_q(today), organization=organization, level=level)
    url = _list_url(organization) + f"?in_force=1&level={level}"
    if edition_b:
        qs = qs.exclude(current_revision__edition="A")
    row = qs.aggregate(
        n=Count("pk"),
        effective=Max("current_revision__effective_date"),
        released=Max("current_revision__released_at"),
    )
    return Evidence(row["n"], _latest(row), url, _("Documents in force"), IN_FORCE)


def _released(level: str, *, edition_b: bool = False) -> Callable[[Organization], Evidence]:
    def fn(organization: Organization) -> Evidence:
        return in_force_documents(organization, level, edition_b=edition_b)

    return fn


def register() -> None:
    register_provider(
        "documents", _("Document control"), released_documents, kinds={IN_FORCE: _("Documents in force")}
    )
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
