"""The nonconformity lifecycle (10.1), only in this order: open → correction recorded → root cause analysed
→ corrective action planned → implemented → verified effective → closed. A verification that finds the
action ineffective sends it back to planning. Opportunities for improvement (10.2): proposed → accepted or
rejected; an accepted one → done with its outcome.
"""

from __future__ import annotations

from itsms.core.lifecycle import Transition

from .models import ImprovementStatus as I
from .models import NonconformityStatus as S
from .permissions import (
    can_close_nonconformity,
    can_decide_improvement,
    can_verify_nonconformity,
    can_work_nonconformity,
)

NONCONFORMITY_TRANSITIONS = (
    Transition(S.OPEN, S.CORRECTION_RECORDED, can_work_nonconformity),
    Transition(S.CORRECTION_RECORDED, S.CAUSE_ANALYSED, can_work_nonconformity),
    Transition(S.CAUSE_ANALYSED, S.ACTION_PLANNED, can_work_nonconformity),
    Transition(S.ACTION_PLANNED, S.IMPLEMENTED, can_work_nonconformity),
    Transition(S.IMPLEMENTED, S.VERIFIED, can_verify_nonconformity),
    Transition(S.IMPLEMENTED, S.ACTION_PLANNED, can_verify_nonconformity),
    Transition(S.VERIFIED, S.CLOSED, can_close_nonconformity),
)

IMPROVEMENT_TRANSITIONS = (
    Transition(I.PROPOSED, I.ACCEPTED, can_decide_improvement),
    Transition(I.PROPOSED, I.REJECTED, can_decide_improvement),
    Transition(I.ACCEPTED, I.DONE, can_decide_improvement),
)
