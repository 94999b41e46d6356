"""What the organization-isolation and permission matrix needs to know about each route.

Every URL pattern and API route must have a RouteSpec in one of the `routes_<area>.py` files beside this
one: the matrix test fails for a route that has none. `kwargs(org)` builds the URL arguments from real
objects of `org` (the matrix calls it once with the member's organization and once with another one,
whose objects must answer 404). Objects addressed by a number that restarts in every organization (the
audit trail's `seq`) cannot be told apart that way: the foreign organization's seq 1 is also the member's
seq 1. Such routes give `foreign_kwargs`, which names no object of the member's organization, so the
matrix still proves that a number from elsewhere answers 404 rather than some other organization's row.

Who may open an organization route comes from the role model (itsms.core.roles), not from the view:
`capability` names the capability the route stands for, and the matrix checks both that the view's
`org_view` function is that capability's function and that every role answers as the model says. A
POST-only route gives `post_data(org)`, a body the matrix posts as an allowed role (a valid one, or one
the view refuses by validation): anything but 403, 404, 405 or a server error passes.
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
    # The role-model capability (itsms.core.roles.CAPABILITIES) an organization route is opened with.
    capability: str | None = None
    # For post_only routes: the body an allowed role posts. Called after the GET checks, so it may make
    # what the POST needs.
    post_data: Callable[[Organization], dict[str, Any]] | None = None
    # Who posts `post_data` when the capability is not enough (the named signer of a letter): by default
    # the allowed persona with the fewest capabilities, the one most likely to be refused by mistake.
    post_as: Callable[[Organization], Membership] | None = None
    # For public routes whose answer is fixed whoever asks (the JSON 404 for unknown paths under /api/).
    answers: frozenset[int] | None = None


# The matrix's personas: one member per role, named after it (tests/matrix/test_url_matrix.py, world).
def persona_username(role: str) -> str:
    return f"m-{role}"


def persona(role: str) -> Callable[[Organization], Membership]:
    """A post_as for the persona holding `role`."""
    return member(persona_username(role))


def member(username: str) -> Callable[[Organization], Membership]:
    """A post_as for a member that a routes module's populate() made (the named signer, the token holder)."""

    def find(org: Organization) -> Membership:
        return Membership.objects.get(organization=org, user__username=username)

    return find
