"""Bearer-token authentication for the REST API: one token is one user in one organization.

A token only opens the organization it was made in. Asking for another organization's path with it
answers 404, exactly as for an organization that does not exist, so a token cannot probe for tenants.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import translation
from ninja.security import HttpBearer

from .access import needs_2fa_setup
from .errors import require
from .models import Membership, Role
from .permissions import can_use_api
from .selectors import api_token_for_key_hash
from .services.access_log import access_log_record
from .services.tokens import SECRET_START, api_token_mark_used, hash_secret
from .timezones import activate_org_zone

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class OrgTokenAuth(HttpBearer):
    """`Authorization: Bearer itsms_<prefix>_<secret>`; the authenticated value is the token's membership."""

    def authenticate(self, request: HttpRequest, token: str) -> Membership | None:
        token = token.strip()
        if not token.startswith(SECRET_START):
            return None
        api_token = api_token_for_key_hash(hash_secret(token))
        if api_token is None:
            return None
        membership = api_token.membership
        if not membership.is_active or not membership.user.is_active or not membership.is_current():
            return None
        match = request.resolver_match
        if match is None or match.kwargs.get("org") != membership.organization.slug:
            raise Http404
        # An external auditor only reads, whatever token they hold (tokens made before read-only existed too).
        read_only = api_token.read_only or membership.has_role(Role.EXTERNAL_AUDITOR)
        if read_only and request.method not in SAFE_METHODS:
            raise PermissionDenied
        api_token_mark_used(api_token)
        # Messages follow the token user's saved language, as the pages do for a signed-in user.
        if membership.user.language:
            translation.activate(membership.user.language)
        request.api_token = api_token  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        request.organization = membership.organization  # type: ignore[attr-defined]
        activate_org_zone(membership.organization)
        if request.method == "GET":
            access_log_record(membership=membership, path=request.get_full_path(), via_api=True)
        return membership


def api_membership(request: HttpRequest, *checks: Callable[[Membership], bool]) -> Membership:
    """The caller's membership after the same permission functions the pages use (403 when one refuses)."""
    membership: Membership = request.auth  # type: ignore[attr-defined]
    # The organization may require two-factor authentication for admins; a token must not bypass it.
    require(not needs_2fa_setup(membership))
    require(can_use_api(membership) and all(check(membership) for check in checks))
    return membership
