"""When a session may be signed in to, and the per-organization setting that decides it.

Attendees sign themselves in (own login or the room code) only in a window around the session, so a
record cannot say somebody was present days before or after it. The organizer's record is not limited by
the window (people without a login, corrections afterwards) but cannot precede the start.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.models import Organization, User
from itsms.core.services.base import authorize
from itsms.core.timezones import org_zone_active, zoned

from ..models import TrainingSession, TrainingSettings
from ..permissions import can_manage_training_settings

SETTINGS_FIELDS = ["sign_in_opens_minutes", "sign_in_closes_minutes"]


def training_settings(organization: Organization) -> TrainingSettings:
    """The organization's settings, or the defaults (unsaved) when nobody changed them yet."""
    found = TrainingSettings.objects.filter(organization=organization).first()
    return found or TrainingSettings(organization=organization)


@transaction.atomic
def training_settings_update(
    *,
    actor: User | None,
    organization: Organization,
    sign_in_opens_minutes: int,
    sign_in_closes_minutes: int,
) -> TrainingSettings:
    authorize(actor, organization, can_manage_training_settings)
    row, _created = TrainingSettings.objects.select_for_update().get_or_create(organization=organization)
    before = audit.snapshot(row, SETTINGS_FIELDS)
    row.sign_in_opens_minutes = sign_in_opens_minutes
    row.sign_in_closes_minutes = sign_in_closes_minutes
    row.full_clean(exclude=["organization"])
    row.save()
    changes = audit.diff(before, audit.snapshot(row, SETTINGS_FIELDS))
    if changes:
        audit.record(
            organization=organization, actor=actor, action="trainingsettings.update", obj=row, changes=changes
        )
    return row


@dataclass(frozen=True)
class Window:
    opens: dt.datetime
    closes: dt.datetime

    def __contains__(self, when: dt.datetime) -> bool:
        return self.opens <= when <= self.closes


def sign_in_window(session: TrainingSession, setting: TrainingSettings | None = None) -> Window:
    setting = setting or training_settings(session.organization)
    return Window(
        opens=session.starts_at - dt.timedelta(minutes=setting.sign_in_opens_minutes),
        closes=session.ends_at + dt.timedelta(minutes=setting.sign_in_closes_minutes),
    )


def require_in_window(session: TrainingSession, now: dt.datetime) -> None:
    window = sign_in_window(session)
    if now not in window:
        with org_zone_active(session.organization):
            opens, closes = zoned(window.opens), zoned(window.closes)
        raise ValidationError(
            _("Sign-in for this session is open from %(opens)s to %(closes)s.")
            % {"opens": opens, "closes": closes},
            code="sign_in_window",
        )


def require_started(session: TrainingSession, message: str) -> None:
    """Refuse with `message` (which names %(start)s) while the session has not started."""
    if timezone.now() < session.starts_at:
        with org_zone_active(session.organization):
            start = zoned(session.starts_at)
        raise ValidationError(message % {"start": start}, code="not_started")
