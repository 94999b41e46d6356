"""Counting failed credentials toward the django-axes lockout.

Password failures reach axes on their own: `django.contrib.auth.authenticate` sends `user_login_failed`,
and axes' signal handler records it. A wrong TOTP code never passes through `authenticate`, so we send
the same signal ourselves with the user's canonical user name. That keeps one counter (axes' database
table, shared by every app server, per user name and address) for passwords and codes alike, rather than
a second count in the session that a new session would reset. When the limit is reached, axes flags the
request and its middleware turns the response into our `locked_out` page.
"""

from __future__ import annotations

import datetime as dt

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone


def credentials_for(username: str) -> dict[str, str]:
    return {"username": username}


def record_failure(request: HttpRequest, username: str) -> None:
    user_login_failed.send(sender=__name__, credentials=credentials_for(username), request=request)


def is_locked(request: HttpRequest, username: str) -> bool:
    return AxesProxyHandler.is_locked(request, credentials_for(username))


def retry_at(request: HttpRequest, username: str | None) -> dt.datetime | None:
    """When the lockout of this user name from this address ends (the last failure plus the cool-off)."""
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    AxesProxyHandler.update_request(request)
    attempts = AccessAttempt.objects.filter(ip_address=getattr(request, "axes_ip_address", None))
    if username:
        attempts = attempts.filter(username=username)
    last = attempts.aggregate(last=Max("attempt_time"))["last"]
    return (last or timezone.now()) + cool_off
