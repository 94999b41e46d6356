"""The organization itself and the caller's place in it."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Router

from ..api_auth import api_membership
from ..permissions import can_view_organization
from .schemas import ErrorOut, MeOut, OrganizationOut

router = Router(tags=["organization"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.get("/organization", response={200: OrganizationOut, **ERRORS}, summary="The organization")
def organization_detail(request: HttpRequest, org: Path[str]) -> OrganizationOut:
    membership = api_membership(request, can_view_organization)
    return OrganizationOut.from_orm(membership.organization)


@router.get("/me", response={200: MeOut, **ERRORS}, summary="The token's user and roles", tags=["me"])
def me(request: HttpRequest, org: Path[str]) -> MeOut:
    membership = api_membership(request)
    return MeOut.build(membership, request.api_token)  # type: ignore[attr-defined]
