"""The organization settings page: names, language, time zone, the two-factor rule, and the logo."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import files, services
from ..access import OrgRequest, org_view
from ..forms.base import add_service_errors
from ..forms.settings import LOGO_MAX_BYTES, LogoForm, OrganizationSettingsForm, known_time_zones
from ..models import Organization
from ..permissions import can_manage_organization

TEMPLATE = "core/settings/organization.html"


def _page(
    request: HttpRequest, org: Organization, form: OrganizationSettingsForm, logo_form: LogoForm, status: int
) -> HttpResponse:
    context = {"form": form, "logo_form": logo_form, "org": org, "time_zones": known_time_zones()}
    return render(request, TEMPLATE, context, status=status)


@require_http_methods(["GET", "POST"])
@org_view(can_manage_organization)
def org_settings(request: OrgRequest) -> HttpResponse:
    org = request.organization
    if request.method != "POST":
        form = OrganizationSettingsForm(initial=OrganizationSettingsForm.initial_for(org))
        return _page(request, org, form, LogoForm(), status=200)
    form = OrganizationSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.organization_update(actor=request.user, organization=org, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The organization settings were saved."))
            return redirect("core:org_settings", org=org.slug)
    return _page(request, org, form, LogoForm(), status=400)


@require_POST
@org_view(can_manage_organization)
def org_logo(request: OrgRequest) -> HttpResponse:
    org = request.organization
    logo_form = LogoForm(request.POST, request.FILES)
    if logo_form.is_valid():
        try:
            stored = files.file_store(
                actor=request.user,
                organization=org,
                upload=logo_form.cleaned_data["logo"],
                purpose="org.logo",
                allowed_types=(files.PNG, files.JPEG),
                max_bytes=LOGO_MAX_BYTES,
            )
        except ValidationError as exc:
            logo_form.add_error("logo", exc)
        else:
            previous = org.logo
            services.organization_set_logo(actor=request.user, organization=org, logo=stored)
            if previous is not None:
                # The replaced logo is referenced nowhere else; keeping it would only fill the storage.
                files.file_delete(actor=request.user, organization=org, stored_file=previous)
            messages.success(request, _("The logo was saved."))
            return redirect("core:org_settings", org=org.slug)
    form = OrganizationSettingsForm(initial=OrganizationSettingsForm.initial_for(org))
    return _page(request, org, form, logo_form, status=400)
