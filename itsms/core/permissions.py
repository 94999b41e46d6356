"""Who may do what in the core area. Views, API and templates ask these; templates only hide."""

from __future__ import annotations

from .models import Membership, Role

# Roles that work inside the management system; customers use the portal and external auditors only read.
INTERNAL_ROLES = tuple(r for r in Role.values if r not in (Role.CUSTOMER, Role.EXTERNAL_AUDITOR))
READ_ROLES = (*INTERNAL_ROLES, Role.EXTERNAL_AUDITOR)
ADMIN_ROLES = (Role.ORG_ADMIN,)
PEOPLE_MANAGERS = (Role.ORG_ADMIN, Role.MANAGEMENT_REP)
AUDIT_READERS = (Role.ORG_ADMIN, Role.TOP_MANAGEMENT, Role.MANAGEMENT_REP, Role.INTERNAL_AUDITOR, Role.EXTERNAL_AUDITOR)


def can_view_organization(m: Membership) -> bool:
    return m.is_active and bool(m.role_set)


def can_view_directory(m: Membership) -> bool:
    """Departments, positions and people."""
    return m.is_active and m.has_role(*READ_ROLES)


def can_manage_directory(m: Membership) -> bool:
    return m.is_active and m.has_role(*PEOPLE_MANAGERS)


def can_manage_members(m: Membership) -> bool:
    return m.is_active and m.has_role(*ADMIN_ROLES)


def can_manage_organization(m: Membership) -> bool:
    return m.is_active and m.has_role(*ADMIN_ROLES)


def can_view_audit_trail(m: Membership) -> bool:
    return m.is_active and m.has_role(*AUDIT_READERS)


def can_use_api(m: Membership) -> bool:
    return m.is_active and m.has_role(*READ_ROLES)


def can_download_internal_file(m: Membership) -> bool:
    return m.is_active and m.has_role(*READ_ROLES)
