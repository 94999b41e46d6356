"""What every service shares: find the actor's membership and check a permission function."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import require
from ..models import Membership, Organization, User, current_memberships_q


def actor_membership(actor: User | None, organization: Organization) -> Membership | None:
    if actor is None or not actor.is_authenticated:
        return None
    return (
        Membership.objects.filter(current_memberships_q(), organization=organization, user=actor)
        .prefetch_related("roles")
        .first()
    )


def authorize(actor: User | None, organization: Organization, check: Callable[[Membership], bool]) -> None:
    """Refuse unless the actor's membership passes `check`.

    actor=None is the system itself (management commands, demo data, background tasks); views and the
    API always pass the signed-in user.
    """
    if actor is None:
        return
    membership = actor_membership(actor, organization)
    require(membership is not None and check(membership))
