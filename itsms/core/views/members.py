"""Who has a login in the organization, and with which roles."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..access import OrgRequest, org_view
from ..forms.directory import MemberAddForm, MemberRolesForm
from ..models import Membership, User
from ..permissions import can_manage_members
from .helpers import handle_form


def _list_url(request: OrgRequest) -> str:
    return reverse("core:member_list", kwargs={"org": request.organization.slug})


@org_view(can_manage_members)
def member_list(request: OrgRequest) -> HttpResponse:
    org = request.organization
    return render(request, "core/members/member_list.html", {"members": selectors.members_for_org(org)})


@transaction.atomic
def _add_member(actor: User, org: Any, data: dict[str, Any]) -> Membership:
    """Add an existing user by e-mail, or create the login first: one transaction, so no orphan login."""
    user = User.objects.filter(email__iexact=data["email"]).first()
    if user is None:
        if not data["username"] or not data["password"]:
            raise ValidationError(
                {
                    "username": _(
                        "No user has this e-mail: give a user name and an initial password to create one."
                    )
                }
            )
        user = services.user_create(
            username=data["username"],
            email=data["email"],
            password=data["password"],
            display_name=data["display_name"],
        )
    return services.membership_add(
        actor=actor,
        organization=org,
        user=user,
        roles=data["roles"],
        person=data["person"],
        valid_from=data["valid_from"],
        valid_until=data["valid_until"],
    )


@org_view(can_manage_members)
def member_add(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = MemberAddForm(request.POST or None, organization=org)
    return handle_form(
        request,
        form,
        save=lambda data: _add_member(request.user, org, data),
        template="core/members/member_form.html",
        success_url=_list_url(request),
        success_message=_("Member added."),
    )


@org_view(can_manage_members)
def member_edit(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    member = selectors.member_get(org, pk)
    form = MemberRolesForm(
        request.POST or None,
        initial={
            "roles": sorted(member.role_set),
            "valid_from": member.valid_from,
            "valid_until": member.valid_until,
        },
    )
    return handle_form(
        request,
        form,
        save=lambda data: services.membership_update(
            actor=request.user,
            organization=org,
            membership=member,
            roles=data["roles"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
        ),
        template="core/members/member_form.html",
        success_url=_list_url(request),
        success_message=_("Roles saved."),
        context={"member": member},
    )


@require_POST
@org_view(can_manage_members)
def member_deactivate(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    member = selectors.member_get(org, pk)
    try:
        services.membership_deactivate(actor=request.user, organization=org, membership=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Membership deactivated."))
    return redirect(_list_url(request))
