"""The nonconformity lifecycle: open → action planned → closed (and reopened when the action failed)."""

from __future__ import annotations

from itsms.core.lifecycle import Transition

from .models import NonconformityStatus as S
from .permissions import can_close_nonconformity, can_plan_nonconformity_action

NONCONFORMITY_TRANSITIONS = (
    Transition(S.OPEN, S.ACTION_PLANNED, can_plan_nonconformity_action),
    Transition(S.ACTION_PLANNED, S.OPEN, can_plan_nonconformity_action),
    Transition(S.ACTION_PLANNED, S.CLOSED, can_close_nonconformity),
    Transition(S.CLOSED, S.OPEN, can_close_nonconformity),
)
