from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ..access import OrgRequest, org_view
from ..dashboard import widgets_for
from ..models import AuditEntry, Department, Person, User
from ..permissions import can_create_organization, can_view_organization, is_customer_only
from ..selectors import memberships_for_user
from ..services.account import user_set_language


@login_required
def home(request: OrgRequest) -> HttpResponse:
    """Straight into the only organization; a chooser when there are several."""
    memberships = list(memberships_for_user(request.user))
    if len(memberships) == 1 and not request.GET.get("choose"):
        return redirect("core:dashboard", org=memberships[0].organization.slug)
    return render(
        request,
        "core/home.html",
        {"memberships": memberships, "can_create_organization": can_create_organization(request.user)},
    )


@org_view(can_view_organization)
def dashboard(request: OrgRequest) -> HttpResponse:
    org = request.organization
    if is_customer_only(request.membership):
        # Customers land on their own page: the internal overview and its counts are not for them.
        return redirect("core:customer_home", org=org.slug)
    counts = {
        "departments": Department.objects.filter(organization=org).count(),
        "people": Person.objects.filter(organization=org, is_active=True).count(),
        "audit_entries": AuditEntry.objects.filter(organization=org).count(),
    }
    return render(
        request, "core/dashboard.html", {"counts": counts, "widgets": widgets_for(request.membership)}
    )


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: saved on the user when signed in, in a cookie otherwise."""
    from django.conf import settings

    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("core:home")
    response: HttpResponse = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    if isinstance(request.user, User):
        user_set_language(actor=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
