"""Reads of document control, scoped to the organization; `*_get` answers 404 outside it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from itsms.core.models import Membership, Organization, User
from itsms.core.timezones import org_today

from .models import (
    BriefingCampaign,
    CopyRecall,
    DistributionTarget,
    DocStatus,
    Document,
    InventoryItem,
    Level,
    Receipt,
    ReviewComment,
    Revision,
    TargetKind,
    WritingAssignment,
)

REVIEW_DUE = "review_due"


@dataclass(frozen=True)
class RegisterFilters:
    q: str = ""
    level: str = ""
    department: int | None = None
    status: str = ""
    requirement: int | None = None
    external: bool = False
    # The readiness figures' links: exactly the documents the evidence provider counted.
    in_force: bool = False
    clause: str = ""
    info: int | None = None


def documents_for_org(org: Organization) -> QuerySet[Document]:
    return Document.objects.filter(organization=org).select_related(
        "owner_department", "author", "approver", "current_revision"
    )


def _search(qs: QuerySet[Document], q: str) -> QuerySet[Document]:
    """Every word of the query in the number, title or text (see `search`), or a number that starts with
    the query as typed (any spelling: `number_key`)."""
    from .models.register import number_key
    from .search import postgresql_q, query_terms, sqlite_q

    terms = query_terms(q)
    by_number = Q(number_key__startswith=number_key(q))
    if not terms:
        return qs.filter(by_number)
    match = postgresql_q(terms) if connection.vendor == "postgresql" else sqlite_q(terms)
    return qs.filter(match | by_number)


def register(org: Organization, filters: RegisterFilters) -> QuerySet[Document]:
    """The filtered register; external documents (外来文件) are kept on their own list."""
    qs = documents_for_org(org)
    qs = qs.filter(level=Level.EXTERNAL) if filters.external else qs.exclude(level=Level.EXTERNAL)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.department:
        qs = qs.filter(owner_department_id=filters.department)
    if filters.status == REVIEW_DUE:
        qs = qs.filter(status=DocStatus.RELEASED, next_review_on__lte=org_today(org))
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.requirement:
        qs = qs.filter(requirements__id=filters.requirement)
    if filters.in_force:
        from .evidence import in_force_q

        qs = qs.filter(in_force_q(org_today(org)))
    if filters.clause:
        from itsms.catalogue.constants import ISO20000_URN

        answering = Document.requirements.through.objects.filter(
            requirement__clause__ref_id=filters.clause,
            requirement__clause__standard__urn=ISO20000_URN,
            requirement__retired=False,
        ).values("document_id")
        qs = qs.filter(pk__in=answering)
    if filters.info:
        qs = qs.filter(
            pk__in=Document.documented_info.through.objects.filter(documentedinfo_id=filters.info).values(
                "document_id"
            )
        )
    if filters.q.strip():
        qs = _search(qs, filters.q.strip())
    # A list never shows the search columns, and they hold a whole revision's text: 50 of them would
    # carry megabytes from the database for nothing.
    return qs.defer("search_text", "search_tokens").order_by("number", "pk")


def document_get(org: Organization, pk: int) -> Document:
    return get_object_or_404(documents_for_org(org), pk=pk)


def document_detail(org: Organization, pk: int) -> Document:
    return get_object_or_404(
        documents_for_org(org).prefetch_related(
            Prefetch("revisions", queryset=Revision.objects.select_related("created_by").order_by("-pk")),
            Prefetch(
                "distribution", queryset=DistributionTarget.objects.select_related("person", "department")
            ),
            "records__record_type",
            "records__form",
            "records__owner_department",
            "requirements__clause",
            "documented_info",
            "periodic_reviews__reviewed_by",
            Prefetch("recalls", queryset=CopyRecall.objects.select_related("recalled_by", "outcome_by")),
        ),
        pk=pk,
    )


def revision_get(org: Organization, pk: int) -> Revision:
    return get_object_or_404(
        Revision.objects.filter(organization=org).select_related(
            "document__owner_department", "document__approver", "file", "created_by", "status_changed_by"
        ),
        pk=pk,
    )


def previous_revision(revision: Revision) -> Revision | None:
    return (
        Revision.objects.filter(document_id=revision.document_id, pk__lt=revision.pk).order_by("-pk").first()
    )


def comment_get(org: Organization, pk: int) -> ReviewComment:
    return get_object_or_404(ReviewComment.objects.filter(organization=org).select_related("revision"), pk=pk)


def target_get(org: Organization, pk: int) -> DistributionTarget:
    return get_object_or_404(
        DistributionTarget.objects.filter(organization=org).select_related("document"), pk=pk
    )


def receipts_for_revision(revision: Revision) -> QuerySet[Receipt]:
    return revision.receipts.select_related("department", "campaign").order_by(
        "campaign_id", "copy_number", "pk"
    )


def receipts_pending_for(org: Organization, user: User) -> QuerySet[Receipt]:
    return (
        Receipt.objects.filter(
            organization=org, recipient=user, acknowledged_at__isnull=True, ended_at__isnull=True
        )
        .select_related("revision__document", "campaign")
        .order_by("issued_at", "pk")
    )


def receipt_get(org: Organization, pk: int) -> Receipt:
    return get_object_or_404(Receipt.objects.filter(organization=org).select_related("revision"), pk=pk)


def assignments_for_org(org: Organization) -> QuerySet[WritingAssignment]:
    return WritingAssignment.objects.filter(organization=org).select_related("assignee", "document")


def assignment_get(org: Organization, pk: int) -> WritingAssignment:
    return get_object_or_404(assignments_for_org(org), pk=pk)


def inventory_for_org(org: Organization) -> QuerySet[InventoryItem]:
    return InventoryItem.objects.filter(organization=org).select_related("holder", "document", "decided_by")


def inventory_item_get(org: Organization, pk: int) -> InventoryItem:
    return get_object_or_404(inventory_for_org(org), pk=pk)


def campaigns_for_org(org: Organization) -> QuerySet[BriefingCampaign]:
    return BriefingCampaign.objects.filter(organization=org).annotate(
        total=Count("entries"), done=Count("entries", filter=Q(entries__acknowledged_at__isnull=False))
    )


def campaign_get(org: Organization, pk: int) -> BriefingCampaign:
    return get_object_or_404(campaigns_for_org(org).prefetch_related("documents", "departments"), pk=pk)


def campaign_progress(campaign: BriefingCampaign) -> list[dict[str, object]]:
    """Per department: acknowledgements asked for and given (one aggregate query)."""
    return list(
        campaign.entries.values("department__name")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(acknowledged_at__isnull=False)))
        .order_by("department__name")
    )


def approved_waiting(org: Organization) -> QuerySet[Revision]:
    """Revisions signed as approved but kept back to be released together."""
    from .models import Meaning, RevStatus

    return (
        Revision.objects.filter(
            organization=org, status=RevStatus.APPROVAL, signatures__meaning=Meaning.APPROVED
        )
        .select_related("document")
        .distinct()
        .order_by("document__number")
    )


def copies_held_by(org: Organization, membership: Membership) -> QuerySet[DistributionTarget]:
    """Controlled copies in force issued to the member's person, or to their department."""
    person = membership.person
    if person is None:
        return DistributionTarget.objects.none()
    held = Q(kind=TargetKind.PERSON, person=person)
    if person.department_id is not None:
        held |= Q(kind=TargetKind.DEPARTMENT, department_id=person.department_id)
    return (
        DistributionTarget.objects.filter(held, organization=org, is_active=True)
        .select_related("document__current_revision", "person", "department")
        .order_by("document__number", "copy_number")
    )


def recall_get(org: Organization, pk: int) -> CopyRecall:
    return get_object_or_404(CopyRecall.objects.filter(organization=org).select_related("document"), pk=pk)


def campaign_entries(campaign: BriefingCampaign) -> QuerySet[Receipt]:
    """Each acknowledgement a briefing asks for, person by person."""
    return campaign.entries.select_related("revision__document", "department", "recorded_by").order_by(
        "department__name", "recipient_name", "revision__document__number", "pk"
    )
