"""Who may do what with the programme."""

from __future__ import annotations

from itsms.core.models import Membership, Role
from itsms.core.permissions import INTERNAL_ROLES, READ_ROLES

from .models import Task

PROGRAMME_MANAGERS = (Role.ORG_ADMIN, Role.TOP_MANAGEMENT, Role.MANAGEMENT_REP, Role.WORKING_GROUP)


def can_view_programme(m: Membership) -> bool:
    return m.is_active and m.has_role(*READ_ROLES)


def can_manage_programme(m: Membership) -> bool:
    """Start the programme, plan dates, assign owners, upload templates, reopen or skip tasks."""
    return m.is_active and m.has_role(*PROGRAMME_MANAGERS)


def can_work_on_task(m: Membership, task: Task) -> bool:
    """Start a task or mark it done: its owner (working inside the system) or a programme manager."""
    if not m.is_active:
        return False
    if can_manage_programme(m):
        return True
    # A customer or an external auditor named owner does not work the programme: they only read (or
    # not even that), so ownership alone grants nothing to them.
    return m.has_role(*INTERNAL_ROLES) and m.person_id is not None and task.owner_id == m.person_id
