"""Login (with the second TOTP step), logout, two-factor setup, re-authentication and my account."""

from __future__ import annotations

import math
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from itsms.core.models import User

from . import lockout, services, throttle, totp
from .forms import CodeForm, LoginForm, PasswordChangeForm, ProfileForm, ReauthForm, TotpDisableForm
from .reauth import mark_reauthenticated

# The half-logged-in state between a correct password and the TOTP code: never a logged-in session.
PENDING_KEY = "accounts_pending_2fa"
PENDING_SECONDS = 5 * 60
SETUP_SECRET_KEY = "accounts_totp_setup_secret"


def _safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def _next_from(request: HttpRequest) -> str | None:
    return _safe_next(request, request.POST.get("next") or request.GET.get("next"))


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """Answer of every request axes flagged as locked out (AXES_LOCKOUT_CALLABLE)."""
    username = (credentials or {}).get("username")
    request.session.pop(PENDING_KEY, None)
    context = {
        "retry_at": lockout.retry_at(request, username),
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME * 60),
    }
    return render(request, "accounts/locked_out.html", context, status=429)


def _address_throttled(
    request: HttpRequest, form: LoginForm, next_url: str | None, wait: int
) -> HttpResponse:
    """The login page with why nothing was tried, a 429 and when to come back."""
    context = {"form": form, "next": next_url or "", "throttled_minutes": max(1, math.ceil(wait / 60))}
    response = render(request, "accounts/login.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response


@sensitive_post_parameters("password")
def login(request: HttpRequest) -> HttpResponse:
    next_url = _next_from(request)
    if request.method == "POST":
        # Checked before the password, so that a sprayer learns nothing, not even from a right guess.
        wait = throttle.login_retry_after(request)
        if wait is not None:
            return _address_throttled(request, LoginForm(request), next_url, wait)
    form = LoginForm(request, request.POST or None)
    if request.method == "POST" and not form.is_valid():
        if form.has_error("__all__", "invalid_login"):
            throttle.login_failed(request)
    elif request.method == "POST":
        assert form.user is not None
        user = form.user
        if user.totp_enabled:
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
                "until": time.time() + PENDING_SECONDS,
                "next": next_url or "",
            }
            return redirect("accounts:login_totp")
        request.session.pop(PENDING_KEY, None)
        auth_login(request, user)
        return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    return render(request, "accounts/login.html", {"form": form, "next": next_url or ""})


def _pending_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or float(pending.get("until", 0)) < time.time():
        request.session.pop(PENDING_KEY, None)
        return None, {}
    user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True, totp_enabled=True).first()
    return user, pending


def login_totp(request: HttpRequest) -> HttpResponse:
    user, pending = _pending_user(request)
    if user is None:
        if request.method == "POST":
            messages.warning(request, _("Your sign-in took too long. Enter your password again."))
            return redirect("accounts:login")
        return render(request, "accounts/login_totp.html", {"expired": True})
    if lockout.is_locked(request, user.username):
        return locked_out(request, None, lockout.credentials_for(user.username))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp.consume_code(user, form.cleaned_data["code"]):
            del request.session[PENDING_KEY]
            auth_login(request, user, backend=pending["backend"])
            next_url = _safe_next(request, pending.get("next"))
            return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
        lockout.record_failure(request, user.username)
        form.add_error("code", _("This code is not valid or was already used. Wait for the next one."))
    return render(request, "accounts/login_totp.html", {"form": form, "expired": False})


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
def totp_setup(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if user.totp_enabled:
        messages.info(request, _("Two-factor authentication is already enabled."))
        return redirect("accounts:profile")
    secret = request.session.get(SETUP_SECRET_KEY)
    if not secret:
        secret = request.session[SETUP_SECRET_KEY] = totp.new_secret()
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_totp_enable(actor=user, secret=secret, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            del request.session[SETUP_SECRET_KEY]
            messages.success(request, _("Two-factor authentication is now enabled."))
            return redirect("accounts:profile")
    uri = totp.provisioning_uri(secret, user)
    context = {"form": form, "secret": secret, "qr_svg": totp.qr_svg(uri), "uri": uri}
    return render(request, "accounts/totp_setup.html", context)


@login_required
@sensitive_post_parameters("password")
def totp_disable(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    requiring = services.organizations_requiring_2fa(user)
    form = TotpDisableForm(request, user, request.POST or None)
    if request.method == "POST" and user.totp_enabled and not requiring and form.is_valid():
        try:
            services.user_totp_disable(actor=user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Two-factor authentication is now disabled."))
            return redirect("accounts:profile")
    return render(request, "accounts/totp_disable.html", {"form": form, "requiring": requiring})


@login_required
@sensitive_post_parameters("password")
def reauth(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    next_url = _next_from(request)
    form = ReauthForm(request, user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        mark_reauthenticated(request)
        return HttpResponseRedirect(next_url or resolve_url("accounts:profile"))
    return render(request, "accounts/reauth.html", {"form": form, "next": next_url or ""})


@login_required
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    which = request.POST.get("form") if request.method == "POST" else None
    profile_form = ProfileForm(
        request.POST if which == "profile" else None,
        initial={"display_name": user.display_name, "language": user.language},
    )
    password_form = PasswordChangeForm(user, request.POST if which == "password" else None)
    if which == "profile" and profile_form.is_valid():
        try:
            services.user_update_profile(actor=user, **profile_form.cleaned_data)
        except ValidationError as exc:
            profile_form.add_error(None, exc)
        else:
            messages.success(request, _("Your account was saved."))
            return redirect("accounts:profile")
    if which == "password" and password_form.is_valid():
        try:
            services.user_change_password(
                actor=user, new_password=password_form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            password_form.add_error(None, exc)
        else:
            # Other sessions of this user end; this one stays signed in.
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password was changed."))
            return redirect("accounts:profile")
    context = {
        "profile_form": profile_form,
        "password_form": password_form,
        "requiring_2fa": services.organizations_requiring_2fa(user),
    }
    return render(request, "accounts/profile.html", context)
