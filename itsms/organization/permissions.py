"""Who may read and change the organization's system design."""

from __future__ import annotations

from itsms.core.models import Membership, Role
from itsms.core.permissions import INTERNAL_ROLES, READ_ROLES

from .models import Appointment, Objective, Policy

DESIGNERS = (Role.ORG_ADMIN, Role.TOP_MANAGEMENT, Role.MANAGEMENT_REP, Role.WORKING_GROUP)


def can_view_design(m: Membership) -> bool:
    return m.is_active and m.has_role(*READ_ROLES)


def can_manage_design(m: Membership) -> bool:
    return m.is_active and m.has_role(*DESIGNERS)


def is_named_top_manager(m: Membership, person_id: int | None) -> bool:
    """The member is the person a record names as its signer, and holds the top-management role."""
    return (
        m.is_active
        and m.has_role(Role.TOP_MANAGEMENT)
        and m.person_id is not None
        and m.person_id == person_id
    )


def can_sign_appointment(m: Membership, appointment: Appointment) -> bool:
    """Only the top manager the letter names as appointing signs it."""
    return is_named_top_manager(m, appointment.appointed_by_id)


def can_sign_policy(m: Membership, policy: Policy) -> bool:
    """Only the top manager the policy names signs it; the author never approves it by choosing."""
    return is_named_top_manager(m, policy.signer_id)


def can_record_result(m: Membership, objective: Objective | None = None) -> bool:
    """Designers, or the objective's owner, record measured results."""
    if not m.is_active:
        return False
    if can_manage_design(m):
        return True
    # Ownership counts for people working inside the system, not for a customer or an external auditor.
    return (
        objective is not None
        and m.has_role(*INTERNAL_ROLES)
        and m.person_id is not None
        and m.person_id == objective.owner_id
    )
