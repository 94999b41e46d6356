"""Who may see and work the nonconformity register."""

from __future__ import annotations

from typing import Any

from itsms.core.models import Membership, Role

REGISTER_READERS = (
    Role.ORG_ADMIN,
    Role.TOP_MANAGEMENT,
    Role.MANAGEMENT_REP,
    Role.WORKING_GROUP,
    Role.INTERNAL_AUDITOR,
    Role.DEPARTMENT_MANAGER,
    Role.DOCUMENT_CONTROLLER,
    Role.EXTERNAL_AUDITOR,
)
RAISERS = (Role.ORG_ADMIN, Role.MANAGEMENT_REP, Role.WORKING_GROUP, Role.INTERNAL_AUDITOR)
# Closing verifies the action: the people who audit, not the department that acted.
CLOSERS = (Role.ORG_ADMIN, Role.MANAGEMENT_REP, Role.INTERNAL_AUDITOR)


def can_view_nonconformities(m: Membership) -> bool:
    return m.is_active and m.has_role(*REGISTER_READERS)


def can_raise_nonconformity(m: Membership) -> bool:
    return m.is_active and m.has_role(*RAISERS)


# The auditee's side plans the correction; the internal auditor who raised it verifies and closes it, and
# does not plan it too (ISO 19011 independence).
PLANNERS = (Role.ORG_ADMIN, Role.MANAGEMENT_REP, Role.WORKING_GROUP, Role.DEPARTMENT_MANAGER)


def can_plan_nonconformity_action(m: Membership, nc: Any = None) -> bool:
    return m.is_active and m.has_role(*PLANNERS)


def can_close_nonconformity(m: Membership, nc: Any = None) -> bool:
    return m.is_active and m.has_role(*CLOSERS)


def can_change_nonconformity_status(m: Membership) -> bool:
    """Reaching the status action at all; the lifecycle table decides each move."""
    return can_plan_nonconformity_action(m) or can_close_nonconformity(m)
