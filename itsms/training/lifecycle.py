"""The session lifecycle: planned → held → closed, or planned → cancelled."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core.lifecycle import Transition
from itsms.core.timezones import org_zone_active, zoned

from .models import TrainingSession, TrainingStatus
from .permissions import can_manage_training


def _closable(session: TrainingSession) -> str | None:
    present = session.attendances.filter(present=True)
    if not present.exists():
        return _("Record who was present before closing the session.")
    if session.has_assessment and present.filter(score__isnull=True).exists():
        return _("Enter the assessment score of everybody present before closing the session.")
    return None


def _started(session: TrainingSession) -> str | None:
    if timezone.now() >= session.starts_at:
        return None
    with org_zone_active(session.organization):
        start = zoned(session.starts_at)
    return _("The session starts at %(start)s; it cannot be marked as held before then.") % {"start": start}


SESSION_TRANSITIONS = (
    Transition(TrainingStatus.PLANNED, TrainingStatus.HELD, lambda m, s: can_manage_training(m), _started),
    Transition(TrainingStatus.PLANNED, TrainingStatus.CANCELLED, lambda m, s: can_manage_training(m)),
    Transition(TrainingStatus.HELD, TrainingStatus.CLOSED, lambda m, s: can_manage_training(m), _closable),
)
