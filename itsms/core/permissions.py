"""Who may do what in the core area. Views, API and templates ask these; templates only hide."""

from __future__ import annotations

from .models import ApiToken, Membership, MembershipRole, Role, User, current_memberships_q

# Who builds management systems for others: creating an organization is their first step with a client.
ORGANIZATION_CREATORS = (Role.ORG_ADMIN, Role.WORKING_GROUP)

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


def can_view_contact_details(m: Membership) -> bool:
    """Staff e-mail addresses and phone numbers: internal roles only, never the external auditor."""
    return m.is_active and m.has_role(*INTERNAL_ROLES)


def can_manage_directory(m: Membership) -> bool:
    return m.is_active and m.has_role(*PEOPLE_MANAGERS)


def can_manage_members(m: Membership) -> bool:
    return m.is_active and m.has_role(*ADMIN_ROLES)


def can_manage_organization(m: Membership) -> bool:
    return m.is_active and m.has_role(*ADMIN_ROLES)


def is_customer_only(m: Membership) -> bool:
    """A customer with no other role: the portal is theirs, the internal overview is not."""
    return bool(m.role_set) and m.role_set <= {Role.CUSTOMER}


def can_view_customer_home(m: Membership) -> bool:
    """The customers' welcome page; every member may open it to see what customers see."""
    return m.is_active and bool(m.role_set)


def can_view_access_log(m: Membership) -> bool:
    """What the external auditor opened: the organization's admins and its management representative."""
    return m.is_active and m.has_role(Role.ORG_ADMIN, Role.MANAGEMENT_REP)


def can_view_role_model(m: Membership) -> bool:
    """The role × capability page: whoever gives roles or runs the system checks what a role means."""
    return m.is_active and m.has_role(Role.ORG_ADMIN, Role.MANAGEMENT_REP)


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


def can_create_organization(user: User) -> bool:
    """A site operator (staff flag), or a consultant: an admin or working-group member of some organization.

    The one user-level permission (there is no membership yet in the organization being created).
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    return MembershipRole.objects.filter(
        current_memberships_q(prefix="membership__"),
        membership__user=user,
        role__in=ORGANIZATION_CREATORS,
    ).exists()
