"""Who may read the catalogue, and who may load libraries from the web (site operators only)."""

from __future__ import annotations

from itsms.core.models import Membership
from itsms.core.permissions import INTERNAL_ROLES, READ_ROLES


def can_view_catalogue(m: Membership) -> bool:
    """Every internal role and the external auditor; customers (portal only) do not see it."""
    return m.is_active and m.has_role(*READ_ROLES)


def can_load_library(m: Membership) -> bool:
    """Load or upgrade a library from the web. Libraries are shared by every organization of the site, so
    only a site operator (a user with the staff flag) may, working in one of their internal memberships."""
    return m.is_active and m.user.is_staff and m.has_role(*INTERNAL_ROLES)
