"""Departments, positions and people of the organization."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from itsms.core.api.schemas import READ_ERRORS, WRITE_ERRORS

from .. import selectors, services
from ..api_auth import api_membership
from ..models import Department, Organization, Person, Position
from ..permissions import can_manage_directory, can_view_contact_details, can_view_directory
from .params import Id
from .schemas import (
    DepartmentCreateIn,
    DepartmentOut,
    DepartmentUpdateIn,
    PeopleFilters,
    PeoplePageOut,
    PersonCreateIn,
    PersonOut,
    PositionOut,
)

departments = Router(tags=["departments"])
positions = Router(tags=["positions"])
people = Router(tags=["people"])


def _reference(org: Organization, model: type[models.Model], field: str, pk: int | None) -> Any:
    """An id sent in a body, resolved inside the organization; an unknown id is a field error (400)."""
    if pk is None:
        return None
    obj = model._default_manager.filter(organization=org, pk=pk).first()
    if obj is None:
        raise ValidationError({field: _("There is no such record in this organization.")})
    return obj


def _with_references(org: Organization, values: dict[str, Any]) -> dict[str, Any]:
    refs = {"parent": Department, "department": Department, "position": Position}
    return {k: (_reference(org, refs[k], k, v) if k in refs else v) for k, v in values.items()}


@departments.get(
    "/departments", response={200: list[DepartmentOut], **READ_ERRORS}, summary="List departments"
)
def department_list(request: HttpRequest, org: Path[str]) -> list[Department]:
    membership = api_membership(request, can_view_directory)
    return list(selectors.departments_for_org(membership.organization).order_by("code", "name", "id"))


@departments.get("/departments/{id}", response={200: DepartmentOut, **READ_ERRORS}, summary="One department")
def department_detail(request: HttpRequest, org: Path[str], id: Id) -> Department:
    membership = api_membership(request, can_view_directory)
    return selectors.department_get(membership.organization, id)


@departments.post(
    "/departments", response={201: DepartmentOut, **WRITE_ERRORS}, summary="Create a department"
)
def department_create(
    request: HttpRequest, org: Path[str], payload: DepartmentCreateIn
) -> Status[Department]:
    membership = api_membership(request, can_manage_directory)
    organization = membership.organization
    values = _with_references(organization, payload.model_dump())
    return Status(201, services.department_create(actor=membership.user, organization=organization, **values))


@departments.patch(
    "/departments/{id}", response={200: DepartmentOut, **WRITE_ERRORS}, summary="Change a department"
)
def department_update(
    request: HttpRequest, org: Path[str], id: Id, payload: DepartmentUpdateIn
) -> Department:
    membership = api_membership(request, can_manage_directory)
    organization = membership.organization
    department = selectors.department_get(organization, id)
    values = _with_references(organization, payload.model_dump(exclude_unset=True))
    return services.department_update(
        actor=membership.user, organization=organization, department=department, **values
    )


@positions.get("/positions", response={200: list[PositionOut], **READ_ERRORS}, summary="List positions")
def position_list(request: HttpRequest, org: Path[str]) -> list[Position]:
    membership = api_membership(request, can_view_directory)
    return list(selectors.positions_for_org(membership.organization).order_by("name", "id"))


@people.get("/people", response={200: PeoplePageOut, **READ_ERRORS}, summary="List people, a page at a time")
def person_list(request: HttpRequest, org: Path[str], filters: Query[PeopleFilters]) -> dict[str, Any]:
    membership = api_membership(request, can_view_directory)
    qs = selectors.people_for_org(
        membership.organization,
        q=filters.q,
        department=filters.department,
        include_inactive=filters.include_inactive,
        search_email=can_view_contact_details(membership),
    ).order_by("id")
    if filters.after is not None:
        qs = qs.filter(id__gt=filters.after)
    # One row more than asked tells whether another page exists without a count.
    rows = list(qs[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    return {"items": rows, "next_after": rows[-1].pk if more else None}


@people.get("/people/{id}", response={200: PersonOut, **READ_ERRORS}, summary="One person")
def person_detail(request: HttpRequest, org: Path[str], id: Id) -> Person:
    membership = api_membership(request, can_view_directory)
    return selectors.person_get(membership.organization, id)


@people.post("/people", response={201: PersonOut, **WRITE_ERRORS}, summary="Add a person")
def person_create(request: HttpRequest, org: Path[str], payload: PersonCreateIn) -> Status[Person]:
    membership = api_membership(request, can_manage_directory)
    organization = membership.organization
    values = _with_references(organization, payload.model_dump())
    return Status(201, services.person_create(actor=membership.user, organization=organization, **values))
