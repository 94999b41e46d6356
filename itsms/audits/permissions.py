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


# The auditee's side works the correction, the cause and the plan; the internal auditor who raised it
# verifies it and does not plan it too (ISO 19011 independence).
PLANNERS = (Role.ORG_ADMIN, Role.MANAGEMENT_REP, Role.WORKING_GROUP, Role.DEPARTMENT_MANAGER)
# Verifying effectiveness is an audit: only the internal auditor, and never the action's own owner.
VERIFIERS = (Role.INTERNAL_AUDITOR,)
IMPROVERS = (
    Role.ORG_ADMIN,
    Role.MANAGEMENT_REP,
    Role.WORKING_GROUP,
    Role.INTERNAL_AUDITOR,
    Role.DEPARTMENT_MANAGER,
)
DECIDERS = (Role.ORG_ADMIN, Role.TOP_MANAGEMENT, Role.MANAGEMENT_REP)


def can_work_nonconformity(m: Membership, nc: Any = None) -> bool:
    """Record the correction, analyse the root cause, plan the corrective action and record it done."""
    return m.is_active and m.has_role(*PLANNERS)


def can_verify_nonconformity(m: Membership, nc: Any = None) -> bool:
    """Verify the action's effectiveness (or send it back). The independence rule (not the action owner)
    is the service's check on the object."""
    return m.is_active and m.has_role(*VERIFIERS)


def can_close_nonconformity(m: Membership, nc: Any = None) -> bool:
    return m.is_active and m.has_role(*CLOSERS)


def independent_of_action(m: Membership, nc: Any) -> bool:
    return nc.action_owner_id is None or m.person_id != nc.action_owner_id


def can_view_improvements(m: Membership) -> bool:
    return m.is_active and m.has_role(*REGISTER_READERS)


def can_propose_improvement(m: Membership) -> bool:
    return m.is_active and m.has_role(*IMPROVERS)


def can_decide_improvement(m: Membership, ofi: Any = None) -> bool:
    """Accept or reject an opportunity for improvement, and record the outcome of an accepted one."""
    return m.is_active and m.has_role(*DECIDERS)
