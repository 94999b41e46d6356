"""Create an organization: a consultant's new client, with its first programme."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..forms.base import add_service_errors
from ..forms.organizations import OrganizationCreateForm
from ..forms.settings import known_time_zones
from ..models import User
from ..org_setup import starters
from ..permissions import can_create_organization


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not can_create_organization(user):
        raise PermissionDenied
    form = OrganizationCreateForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = services.organization_open(
                actor=user,
                slug=data["slug"],
                name_zh=data["name_zh"],
                name_en=data["name_en"],
                language=data["language"],
                time_zone=data["time_zone"],
                starts={s.key: data[f"start_{s.key}"] for s in starters()},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s was created and you are its admin. Next: import its departments and people.")
                % {"name": org.display_name},
            )
            return redirect("core:directory_import", org=org.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "core/organization_create.html",
        {"form": form, "time_zones": known_time_zones()},
        status=status,
    )
