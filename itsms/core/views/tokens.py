"""The API tokens page: create a token (its secret shown once), list and revoke tokens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..access import org_view
from ..forms.base import BootstrapMixin, add_service_errors
from ..models import Membership, Role
from ..permissions import ADMIN_ROLES, can_use_api, can_view_organization


class ApiTokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What will use the token, such as “monitoring script”."),
    )
    read_only = forms.BooleanField(
        label=gettext_lazy("Read-only (the token can only read, never change anything)"), required=False
    )


def _context(membership: Membership, form: ApiTokenForm, **extra: Any) -> dict[str, Any]:
    is_admin = membership.has_role(*ADMIN_ROLES)
    others = (
        selectors.api_tokens_for_org(membership.organization)
        .exclude(membership=membership)
        .filter(revoked_at__isnull=True)
        if is_admin
        else None
    )
    return {
        "form": form,
        "tokens": selectors.api_tokens_for_membership(membership),
        "other_tokens": others,
        # An external auditor's tokens are read-only whatever the box says (the service enforces it).
        "read_only_forced": membership.has_role(Role.EXTERNAL_AUDITOR),
        **extra,
    }


@org_view(can_use_api)
def api_tokens(request: HttpRequest) -> HttpResponse:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.api_token_create(
                actor=request.user,  # type: ignore[arg-type]
                organization=membership.organization,
                name=form.cleaned_data["name"],
                read_only=form.cleaned_data["read_only"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # Rendered, not redirected: the secret must not travel in a URL or a session, and is never shown again.
            context = _context(membership, ApiTokenForm(), new_token=token, secret=secret)
            response = render(request, "core/tokens/list.html", context)
            response["Cache-Control"] = "no-store"
            return response
    status = 400 if request.method == "POST" else 200
    return render(request, "core/tokens/list.html", _context(membership, form), status=status)


# Any member may revoke their own tokens; the service refuses other people's unless the actor is an admin.
@org_view(can_view_organization)
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    organization = request.organization  # type: ignore[attr-defined]
    token = selectors.api_token_get(organization, pk)
    services.api_token_revoke(actor=request.user, organization=organization, token=token)  # type: ignore[arg-type]
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("core:api_tokens", org=organization.slug)
