"""The document-control REST API, mounted by config/api.py under /api/v1/o/{org}/."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router

from itsms.core.api.params import Id
from itsms.core.api.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut  # noqa: F401 (re-exported to the package)
from itsms.core.api_auth import OrgTokenAuth, api_membership

from .. import selectors, services
from ..models import Document, Receipt, Revision
from ..permissions import can_acknowledge, can_view_documents
from .schemas import DocumentDetailOut, DocumentPageOut, ReceiptOut, RegisterFilters

router = Router(auth=OrgTokenAuth(), tags=["documents"])

PENDING_LIMIT = 200


@router.get(
    "/documents",
    response={200: DocumentPageOut, **READ_ERRORS},
    summary="The document register, filtered and searched",
)
def document_list(request: HttpRequest, org: Path[str], filters: Query[RegisterFilters]) -> dict[str, Any]:
    membership = api_membership(request, can_view_documents)
    qs = selectors.register(
        membership.organization,
        selectors.RegisterFilters(
            q=filters.q,
            level=filters.level or "",
            department=filters.department,
            status=filters.status,
            requirement=filters.requirement,
            external=filters.external,
        ),
    )
    # Numbers are unique in an organization and the register is ordered by them: a keyset, never an offset.
    if filters.after:
        qs = qs.filter(number__gt=filters.after)
    rows = list(qs[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    return {"items": rows, "next_after": rows[-1].number if more else None}


@router.get(
    "/documents/{id}",
    response={200: DocumentDetailOut, **READ_ERRORS},
    summary="One document with its revisions and their signatures",
)
def document_detail(request: HttpRequest, org: Path[str], id: Id) -> Document:
    membership = api_membership(request, can_view_documents)
    return get_object_or_404(
        selectors.documents_for_org(membership.organization).prefetch_related(
            Prefetch("revisions", queryset=Revision.objects.order_by("-pk").prefetch_related("signatures")),
            "requirements",
        ),
        pk=id,
    )


@router.get(
    "/acknowledgements",
    response={200: list[ReceiptOut], **READ_ERRORS},
    summary="Copies waiting for the token's user to acknowledge (签收)",
)
def my_pending(request: HttpRequest, org: Path[str]) -> list[Receipt]:
    membership = api_membership(request, can_acknowledge)
    return list(selectors.receipts_pending_for(membership.organization, membership.user)[:PENDING_LIMIT])


@router.post(
    "/documents/{id}/acknowledge",
    response={200: list[ReceiptOut], **WRITE_ERRORS},
    summary="Acknowledge the released revision of a document (every copy waiting for the token's user)",
)
def document_acknowledge(request: HttpRequest, org: Path[str], id: Id) -> list[Receipt]:
    membership = api_membership(request, can_acknowledge)
    document = selectors.document_get(membership.organization, id)
    receipts = services.document_acknowledge(
        actor=membership.user, organization=membership.organization, document=document
    )
    return list(
        Receipt.objects.filter(pk__in=[r.pk for r in receipts])
        .select_related("revision__document", "campaign")
        .order_by("pk")
    )
