"""The nonconformity register in the REST API (read; raising goes through the area that finds them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema

from itsms.core.api.params import Id, Limit
from itsms.core.api.schemas import ErrorOut, FiltersIn
from itsms.core.api_auth import OrgTokenAuth, api_membership

from . import selectors
from .models import Nonconformity
from .permissions import can_view_nonconformities

READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class NonconformityOut(Schema):
    id: int
    number: str
    source: str
    source_type: str
    source_id: str
    requirement_urn: str | None
    department_id: int | None
    statement: str
    grade: str
    status: str
    raised_at: datetime

    @staticmethod
    def resolve_requirement_urn(obj: Nonconformity) -> str | None:
        return obj.requirement.urn if obj.requirement else None


class NonconformityPageOut(Schema):
    items: list[NonconformityOut]
    next_after: int | None


class NonconformityFilters(FiltersIn):
    status: str = ""
    source: str = ""
    # Keyset pagination on the id, newest first.
    before: Id | None = None
    limit: Limit = 100


def nonconformity_page(qs: Any, filters: NonconformityFilters) -> dict[str, Any]:
    limit = filters.limit
    if filters.before is not None:
        qs = qs.filter(id__lt=filters.before)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_after": rows[-1].pk if more else None}


router = Router(auth=OrgTokenAuth(), tags=["nonconformities"])


@router.get(
    "o/{org}/nonconformities",
    response={200: NonconformityPageOut, **READ_ERRORS},
    summary="The nonconformity register, newest first",
)
def nonconformity_list(
    request: HttpRequest, org: Path[str], filters: Query[NonconformityFilters]
) -> dict[str, Any]:
    membership = api_membership(request, can_view_nonconformities)
    qs = selectors.nonconformities_for_org(
        membership.organization, status=filters.status, source=filters.source
    )
    return nonconformity_page(qs, filters)
