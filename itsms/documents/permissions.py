"""Who may do what with controlled documents. Views, API, services and templates ask these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from itsms.core.models import Membership, Role
from itsms.core.permissions import INTERNAL_ROLES, READ_ROLES

# Run the register: entries, distribution, inventory, assignments, campaigns, stage moves, withdrawal.
CONTROLLERS = (Role.ORG_ADMIN, Role.DOCUMENT_CONTROLLER, Role.MANAGEMENT_REP)
# Write drafts: the controllers, the working group and the departments' people who author documents.
AUTHORS = (*CONTROLLERS, Role.WORKING_GROUP, Role.DEPARTMENT_MANAGER, Role.STAFF)
# The external completeness check (完整性) is done by the consultant, who sits in the working group.
EXTERNAL_CHECKERS = (*CONTROLLERS, Role.WORKING_GROUP)
APPROVERS = (Role.ORG_ADMIN, Role.TOP_MANAGEMENT, Role.MANAGEMENT_REP)
# Set the organization's document-control rules and close anybody's writing task.
DOCUMENT_OFFICERS = (Role.ORG_ADMIN, Role.DOCUMENT_CONTROLLER)

if TYPE_CHECKING:
    from .models import WritingAssignment


def can_view_documents(m: Membership) -> bool:
    return m.is_active and m.has_role(*READ_ROLES)


def can_manage_documents(m: Membership) -> bool:
    return m.is_active and m.has_role(*CONTROLLERS)


def can_write_drafts(m: Membership) -> bool:
    return m.is_active and m.has_role(*AUTHORS)


def can_comment_documents(m: Membership) -> bool:
    """Reviewers of the departments concerned give their comments (适用性)."""
    return m.is_active and m.has_role(*INTERNAL_ROLES)


def can_check_externally(m: Membership) -> bool:
    return m.is_active and m.has_role(*EXTERNAL_CHECKERS)


def can_approve_documents(m: Membership) -> bool:
    return m.is_active and m.has_role(*APPROVERS)


def can_sign_documents(m: Membership) -> bool:
    """Signing as reviewer or approver; the service checks the meaning against the stage."""
    return can_approve_documents(m) or can_check_externally(m) or can_comment_documents(m)


def can_acknowledge(m: Membership) -> bool:
    return m.is_active and m.has_role(*INTERNAL_ROLES)


def can_view_document_files(m: Membership) -> bool:
    return can_view_documents(m)


def can_configure_document_control(m: Membership) -> bool:
    """The organization's separation-of-duties rules: its admins and document controllers."""
    return m.is_active and m.has_role(*DOCUMENT_OFFICERS)


def can_assign_writing(m: Membership) -> bool:
    return can_manage_documents(m)


def can_close_writing_tasks(m: Membership) -> bool:
    """May close some writing task (their own, or any for document officers); the service checks which."""
    return m.is_active and m.has_role(*INTERNAL_ROLES)


def can_close_assignment(m: Membership, assignment: WritingAssignment) -> bool:
    """Only the writer, a document controller or an admin marks a writing task done."""
    if not m.is_active:
        return False
    if m.has_role(*DOCUMENT_OFFICERS):
        return True
    # As can_close_writing_tasks: the writer must work inside the system (not a customer or an auditor).
    return (
        m.has_role(*INTERNAL_ROLES)
        and assignment.assignee_id is not None
        and m.person_id == assignment.assignee_id
    )


def can_cancel_assignment(m: Membership) -> bool:
    return m.is_active and m.has_role(*DOCUMENT_OFFICERS)
