"""The session lifecycle: planned → held → closed, or planned → cancelled."""

from __future__ import annotations

from django.utils.translation import gettext as _

from itsms.core.lifecycle import Transition

from .models import TrainingSession, TrainingStatus
from .permissions import can_manage_training


def _closable(session: TrainingSession) -> str | None:
    present = session.attendances.filter(present=True)
    if not present.exists():
        return _("Record who was present before closing the session.")
    if session.has_assessment and present.filter(score__isnull=True).exists():
        return _("Enter the assessment score of everybody present before closing the session.")
    return None


SESSION_TRANSITIONS = (
    Transition(TrainingStatus.PLANNED, TrainingStatus.HELD, lambda m, s: can_manage_training(m)),
    Transition(TrainingStatus.PLANNED, TrainingStatus.CANCELLED, lambda m, s: can_manage_training(m)),
    Transition(TrainingStatus.HELD, TrainingStatus.CLOSED, lambda m, s: can_manage_training(m), _closable),
)
