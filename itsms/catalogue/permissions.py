"""Who may read the catalogue. Nobody writes it through the web: libraries are loaded by a command."""

from __future__ import annotations

from itsms.core.models import Membership
from itsms.core.permissions import READ_ROLES


def can_view_catalogue(m: Membership) -> bool:
    """Every internal role and the external auditor; customers (portal only) do not see it."""
    return m.is_active and m.has_role(*READ_ROLES)
