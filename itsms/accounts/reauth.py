"""Re-authentication for electronic signatures.

An approval that counts as a signature must be made by the person at the keyboard, not by whoever found
an unlocked session. Two ways to prove it: the `reauth_required` decorator sends the user through the
re-authentication page, which marks the session for REAUTH_VALID_SECONDS; or a service takes the
password (and code) inline and calls `verify_signature_credentials`.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from itsms.core.models import User

from . import lockout, totp

SESSION_KEY = "accounts_reauth"


def mark_reauthenticated(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = {"user": request.user.pk, "at": time.time()}


def is_recently_reauthenticated(request: HttpRequest) -> bool:
    if not request.user.is_authenticated:
        return False
    mark = request.session.get(SESSION_KEY)
    if not isinstance(mark, dict) or mark.get("user") != request.user.pk:
        return False
    age = time.time() - float(mark.get("at", 0))
    return 0 <= age <= settings.REAUTH_VALID_SECONDS


def reauth_url(next_url: str) -> str:
    return f"{reverse('accounts:reauth')}?{urlencode({'next': next_url})}"


def reauth_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_recently_reauthenticated(request):
            return HttpResponseRedirect(reauth_url(request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper


def verify_signature_credentials(
    user: User, password: str, code: str = "", *, request: HttpRequest | None = None
) -> bool:
    """True when `password` (and, with 2FA on, a not yet used `code`) belong to `user`.

    With `request`, the check goes through axes: a locked-out user is refused and each failure counts
    toward the lockout. Call it before the service's transaction opens (in the form's clean), otherwise a
    refusal that rolls the transaction back also rolls back the recorded failure.
    """
    if request is not None:
        authenticated = authenticate(request, username=user.get_username(), password=password)
        if authenticated is None or authenticated.pk != user.pk:
            return False
    elif not user.check_password(password):
        return False
    if not user.totp_enabled:
        return True
    if totp.consume_code(user, code):
        return True
    if request is not None:
        lockout.record_failure(request, user.get_username())
    return False
