"""Who may do what in the core area. Views, API and templates ask these; templates only hide."""

from __future__ import annotations

from .models import ApiToken, Membership, Role

# Roles that work inside the management system; customers use the portal and external auditors only read.
INTERNAL_ROLES = tuple(r for r in Role.values if r not in (Role.CUSTOMER, Role.EXTERNAL_AUDITOR))
READ_ROLES = (*INTERNAL_ROLES, Role.EXTERNAL_AUDITOR)
ADMIN_ROLES = (Role.ORG_ADMIN,)
PEOPLE_MANAGERS = (Role.ORG_ADMIN, Role.MANAGEMENT_REP)
AUDIT_READERS = (
    Role.ORG_ADMIN,
    Role.TOP_MANAGEMENT,
    Role.MANAGEMENT_REP,
    Role.INTERNAL_AUDITOR,
    Role.EXTERNAL_AUDITOR,
)


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


def can_revoke_api_token(m: Membership, token: ApiToken) -> bool:
    """Anyone may revoke their own tokens (even after losing API access); an admin any token of the org."""
    return m.is_active and (token.membership_id == m.pk or m.has_role(*ADMIN_ROLES))


def can_download_internal_file(m: Membership) -> bool:
    return m.is_active and m.has_role(*READ_ROLES)


def can_upload_file(m: Membership) -> bool:
    """Storing a file at all; what it is for (its purpose) decides who may download it."""
    return m.is_active and m.has_role(*INTERNAL_ROLES)
