from itsms.core import services
from itsms.core.models import ApiToken, Membership, Organization, Role

from .spec import RouteSpec, member


def populate(org: Organization) -> None:
    """Give each organization one API token, owned by a member created for it."""
    name = f"token-owner-{org.slug}"
    user = services.user_create(username=name, email=f"{name}@example.com", password="matrix passphrase 2024")
    services.membership_add(actor=None, organization=org, user=user, roles=[Role.STAFF])
    services.api_token_create(actor=user, organization=org, name="matrix")


def _token(org: Organization) -> dict[str, object]:
    return {
        "pk": ApiToken.objects.filter(membership__organization=org)
        .order_by("pk")
        .values_list("pk", flat=True)[0]
    }


def _token_owner(org: Organization) -> Membership:
    return member(f"token-owner-{org.slug}")(org)


ROUTES: dict[str, RouteSpec] = {
    "core:api_tokens": RouteSpec(capability="can_use_api"),
    "core:api_token_revoke": RouteSpec(
        capability="can_view_organization",
        kwargs=_token,
        post_only=True,
        post_as=_token_owner,
        post_data=lambda org: {},
    ),
}
