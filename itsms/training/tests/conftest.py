"""Fixtures of the training area's tests: people in a small department tree, a manager, a session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from itsms.core import services as core
from itsms.core.models import Department, Membership, Organization, Person, Position, Role, User
from itsms.training import services
from itsms.training.models import TrainingKind, TrainingSession


@pytest.fixture
def manager(org, make_member) -> User:  # noqa: ANN001
    return make_member(org, [Role.WORKING_GROUP], "trainer").user


@pytest.fixture
def tree(org) -> dict[str, Department]:  # noqa: ANN001
    ops = core.department_create(actor=None, organization=org, name="运维部", code="OPS")
    sd = core.department_create(actor=None, organization=org, name="服务台", code="SD", parent=ops)
    fin = core.department_create(actor=None, organization=org, name="财务部", code="FIN")
    return {"OPS": ops, "SD": sd, "FIN": fin}


@pytest.fixture
def make_person(org) -> Callable[..., Person]:  # noqa: ANN001
    def make(name: str, department: Department | None = None, position: Position | None = None) -> Person:
        return core.person_create(
            actor=None, organization=org, full_name=name, department=department, position=position
        )

    return make


@pytest.fixture
def link_login(make_member) -> Callable[..., Membership]:  # noqa: ANN001
    """A login for a person (membership with the person), as an attendee signs in with."""

    def make(person: Person, username: str, roles: list[str] | None = None) -> Membership:
        user = core.user_create(
            username=username,
            email=f"{username}@example.com",
            password="x-Password-123",
            display_name=username,
        )
        return core.membership_add(
            actor=None,
            organization=person.organization,
            user=user,
            roles=roles or [Role.STAFF],
            person=person,
        )

    return make


@pytest.fixture
def make_session(org) -> Callable[..., TrainingSession]:  # noqa: ANN001
    def make(organization: Organization | None = None, **values: Any) -> TrainingSession:
        data: dict[str, Any] = {
            "kind": TrainingKind.KICKOFF,
            "title": "动员会",
            # Under way by default: inside the self sign-in window, and started (attendance, "held").
            "starts_at": timezone.now() - dt.timedelta(minutes=10),
            "place": "会议室",
        }
        data.update(values)
        return services.session_create(actor=None, organization=organization or org, **data)

    return make
