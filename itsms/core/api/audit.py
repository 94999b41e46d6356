"""The organization's audit trail, read-only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router

from .. import selectors
from ..api_auth import api_membership
from ..models import AuditEntry
from ..permissions import can_view_audit_trail
from .params import Id
from .schemas import AuditEntryOut, AuditFilters, AuditPageOut, ErrorOut

router = Router(tags=["audit trail"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get(
    "/audit-entries", response={200: AuditPageOut, **ERRORS}, summary="List audit entries, newest first"
)
def audit_entry_list(request: HttpRequest, org: Path[str], filters: Query[AuditFilters]) -> dict[str, Any]:
    membership = api_membership(request, can_view_audit_trail)
    qs = selectors.audit_entries_for_org(membership.organization).order_by("-seq")
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.actor is not None:
        qs = qs.filter(actor_id=filters.actor)
    if filters.before is not None:
        qs = qs.filter(seq__lt=filters.before)
    rows = list(qs[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    return {"items": rows, "next_before": rows[-1].seq if more else None}


@router.get("/audit-entries/{seq}", response={200: AuditEntryOut, **ERRORS}, summary="One audit entry")
def audit_entry_detail(request: HttpRequest, org: Path[str], seq: Id) -> AuditEntry:
    membership = api_membership(request, can_view_audit_trail)
    return selectors.audit_entry_get(membership.organization, seq)
