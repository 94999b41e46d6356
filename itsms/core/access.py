"""The access helper every organization view starts with.

`org_view(check)` resolves the organization from the URL, loads the user's membership (404 when there
is none: another organization's pages do not exist for this user), asks the permission function
(403 when it says no) and enforces the organization's two-factor rule for admins.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .models import Membership, Organization, Role, User
from .selectors import membership_for_user
from .services.access_log import access_log_record
from .timezones import activate_org_zone


class OrgRequest(HttpRequest):
    """What an organization view receives: the signed-in user, the organization and the membership."""

    user: User
    organization: Organization
    membership: Membership


def needs_2fa_setup(membership: Membership) -> bool:
    return (
        membership.organization.require_2fa_for_admins
        and membership.has_role(Role.ORG_ADMIN)
        and not membership.user.totp_enabled
    )


def org_view(check: Callable[[Membership], bool]) -> Callable[..., Any]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @functools.wraps(view)
        def wrapper(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = membership_for_user(request.user, org)  # type: ignore[arg-type]
            if needs_2fa_setup(membership):
                return redirect("accounts:totp_setup")
            if not check(membership):
                raise PermissionDenied
            request.membership = membership  # type: ignore[attr-defined]
            request.organization = membership.organization  # type: ignore[attr-defined]
            activate_org_zone(membership.organization)
            if request.method == "GET":
                access_log_record(membership=membership, path=request.get_full_path())
            return view(request, *args, **kwargs)

        wrapper.org_permission = check  # type: ignore[attr-defined]
        return wrapper

    return decorator


def org_url(request: OrgRequest, name: str, **kwargs: object) -> str:
    """The URL of a page of the request's organization."""
    return reverse(name, kwargs={"org": request.organization.slug, **kwargs})
