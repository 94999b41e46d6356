"""Who may do what with training records. Views, API and templates ask these; templates only hide."""

from __future__ import annotations

from itsms.core.models import Membership, Role
from itsms.core.permissions import INTERNAL_ROLES, READ_ROLES

TRAINING_MANAGERS = (Role.ORG_ADMIN, Role.MANAGEMENT_REP, Role.WORKING_GROUP)


def can_view_training(m: Membership) -> bool:
    """Sessions, records, the competence matrix and campaigns (external auditors read them as evidence)."""
    return m.is_active and m.has_role(*READ_ROLES)


def can_manage_training(m: Membership) -> bool:
    """Plan sessions, invite, record attendance and scores, set competence requirements, run campaigns."""
    return m.is_active and m.has_role(*TRAINING_MANAGERS)


def can_sign_in(m: Membership) -> bool:
    """Sign oneself in at a session (from the session page or the room link)."""
    return m.is_active and m.has_role(*INTERNAL_ROLES)


def can_confirm_awareness(m: Membership) -> bool:
    return m.is_active and m.has_role(*INTERNAL_ROLES)


def can_manage_training_settings(m: Membership) -> bool:
    """The organization's training settings (the self sign-in window) are the admins' to change."""
    return m.is_active and m.has_role(Role.ORG_ADMIN)
