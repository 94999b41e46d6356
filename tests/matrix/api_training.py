"""Objects the API matrix needs for the training operations (made on first use, through the services)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from itsms.core import services as core
from itsms.core.models import Membership, Organization, Person
from itsms.training import services
from itsms.training.models import TrainingKind, TrainingSession

_unique = itertools.count(1)


def training_session(org: Organization) -> dict[str, Any]:
    """A planned session of `org` that has just started; every member gets a person so that self sign-in has someone to mark."""
    session = TrainingSession.objects.filter(organization=org).order_by("pk").first()
    if session is None:
        session = services.session_create(
            actor=None,
            organization=org,
            kind=TrainingKind.KICKOFF,
            title="API matrix",
            # Under way: inside the self sign-in window, and started, so the organizer may record.
            starts_at=timezone.now() - dt.timedelta(minutes=5),
        )
    for m in Membership.objects.filter(organization=org, person__isnull=True).select_related("user"):
        # No service links an existing login to a person yet; test set-up does it directly.
        m.person = core.person_create(actor=None, organization=org, full_name=f"API {m.user.username}")
        m.save(update_fields=["person"])
    return {"id": session.pk}


def session_body() -> dict[str, Any]:
    return {"kind": "job", "title": f"Session {next(_unique)}", "starts_at": "2030-01-02T09:00:00+08:00"}


def attendance_body() -> dict[str, Any]:
    # The matrix's own organization is "api-own"; its first person is recorded present.
    person = Person.objects.filter(organization__slug="api-own").order_by("pk").first()
    return {"person": person.pk if person else 0, "present": True}
