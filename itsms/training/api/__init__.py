"""The training area's REST API, mounted by config/api.py under /api/v1/o/{org}/training/."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from itsms.core.api.params import Id
from itsms.core.api.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut  # noqa: F401 (re-exported to the package)
from itsms.core.api_auth import OrgTokenAuth, api_membership
from itsms.core.models import Person

from .. import selectors, services
from ..matrix import competence_matrix, matrix_people
from ..models import Attendance, TrainingSession
from ..permissions import can_manage_training, can_sign_in, can_view_training
from .schemas import (
    AttendanceOut,
    AttendanceRecordIn,
    MatrixFilters,
    MatrixOut,
    SessionCreateIn,
    SessionFilters,
    SessionOut,
    SessionPageOut,
)

router = Router(auth=OrgTokenAuth(), tags=["training"])


@router.get("/sessions", response={200: SessionPageOut, **READ_ERRORS}, summary="List training sessions")
def session_list(request: HttpRequest, org: Path[str], filters: Query[SessionFilters]) -> dict[str, Any]:
    membership = api_membership(request, can_view_training)
    qs = selectors.sessions_for_org(membership.organization, kind=filters.kind or "").order_by("-id")
    if filters.after is not None:
        qs = qs.filter(id__lt=filters.after)
    # One row more than asked tells whether another page exists without a count.
    rows = list(qs[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    return {"items": rows, "next_after": rows[-1].pk if more else None}


@router.post("/sessions", response={201: SessionOut, **WRITE_ERRORS}, summary="Plan a training session")
def session_create(request: HttpRequest, org: Path[str], payload: SessionCreateIn) -> Status[TrainingSession]:
    membership = api_membership(request, can_manage_training)
    values = payload.model_dump()
    values["kind"] = str(values["kind"])
    session = services.session_create(actor=membership.user, organization=membership.organization, **values)
    return Status(201, session)


@router.get("/sessions/{id}", response={200: SessionOut, **READ_ERRORS}, summary="One training session")
def session_detail(request: HttpRequest, org: Path[str], id: Id) -> TrainingSession:
    membership = api_membership(request, can_view_training)
    return selectors.session_get(membership.organization, id)


@router.get(
    "/sessions/{id}/attendance",
    response={200: list[AttendanceOut], **READ_ERRORS},
    summary="Invited and present people of a session",
)
def attendance_list(request: HttpRequest, org: Path[str], id: Id) -> list[Attendance]:
    membership = api_membership(request, can_view_training)
    return list(selectors.attendances_for_session(selectors.session_get(membership.organization, id)))


@router.post(
    "/sessions/{id}/sign-in",
    response={200: AttendanceOut, **WRITE_ERRORS},
    summary="Sign the token's user in as present",
)
def session_sign_in(request: HttpRequest, org: Path[str], id: Id) -> Attendance:
    membership = api_membership(request, can_sign_in)
    session = selectors.session_get(membership.organization, id)
    return services.attendance_sign_in(
        actor=membership.user, organization=membership.organization, session=session
    )


@router.post(
    "/sessions/{id}/attendance",
    response={200: AttendanceOut, **WRITE_ERRORS},
    summary="Record a person present or absent, with an assessment score",
)
def attendance_record(
    request: HttpRequest, org: Path[str], id: Id, payload: AttendanceRecordIn
) -> Attendance:
    membership = api_membership(request, can_manage_training)
    organization = membership.organization
    session = selectors.session_get(organization, id)
    person = Person.objects.filter(organization=organization, pk=payload.person).first()
    if person is None:
        raise ValidationError({"person": _("There is no such record in this organization.")})
    return services.attendance_record(
        actor=membership.user,
        organization=organization,
        session=session,
        person=person,
        present=payload.present,
        score=payload.score,
    )


@router.get(
    "/competence-matrix",
    response={200: MatrixOut, **READ_ERRORS},
    summary="People × required trainings: done, missing, expired or failed",
)
def matrix(request: HttpRequest, org: Path[str], filters: Query[MatrixFilters]) -> dict[str, Any]:
    membership = api_membership(request, can_view_training)
    organization = membership.organization
    people = matrix_people(organization, department_id=filters.department)
    page = list(people[filters.offset : filters.offset + filters.limit])
    data = competence_matrix(organization, page)
    return {
        "columns": [{"kind": c.kind, "topic": c.topic, "label": c.label} for c in data.columns],
        "rows": [
            {
                "person": r.person.pk,
                "full_name": r.person.full_name,
                "department": r.person.department_id,
                "position": r.person.position_id,
                "cells": [
                    {"state": c.state, "trained_on": c.trained_on, "expires_on": c.expires_on}
                    for c in r.cells
                ],
            }
            for r in data.rows
        ],
        "total_people": people.count(),
    }
