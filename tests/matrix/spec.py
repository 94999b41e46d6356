"""What the organization-isolation and permission matrix needs to know about each route.

Every URL pattern and API route must have a RouteSpec in one of the `routes_<area>.py` files beside this
one: the matrix test fails for a route that has none. `kwargs(org)` builds the URL arguments from real
objects of `org` (the matrix calls it once with the member's organization and once with another one,
whose objects must answer 404). Objects addressed by a number that restarts in every organization (the
audit trail's `seq`) cannot be told apart that way: the foreign organization's seq 1 is also the member's
seq 1. Such routes give `foreign_kwargs`, which names no object of the member's organization, so the
matrix still proves that a number from elsewhere answers 404 rather than some other organization's row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from itsms.core.models import Membership, Organization


@dataclass(frozen=True)
class RouteSpec:
    # Builds URL kwargs (other than `org`) from objects of the given organization.
    kwargs: Callable[[Organization], dict[str, Any]] = field(default=lambda org: {})
    # For routes outside /o/<org>/: who may open them ("anonymous", "authenticated").
    public: str | None = None
    # Routes whose GET is not a page (POST-only actions): the matrix checks the GET answers 405
    # for allowed roles and the permission answer for others.
    post_only: bool = False
    # When set, replaces `kwargs` for "this organization's URL carrying another organization's object".
    foreign_kwargs: Callable[[Organization], dict[str, Any]] | None = None
    # For objects that belong to one member (an export job made in populate() by someone who is none of
    # the matrix's personas): which memberships may see it. Others whom the page's permission lets in
    # get 404, as for an object that does not exist for them.
    sees_object: Callable[[Membership], bool] | None = None
    # For routes outside /o/<org>/ that need more than a login: the user-level permission function the view
    # checks (403 for users it refuses), e.g. core.permissions.can_create_organization.
    user_check: Callable[[Any], bool] | None = None
