from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone


def _expiry(client) -> dt.datetime:  # noqa: ANN001
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_idle_session_is_logged_out(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    idle_since = timezone.now() - dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1)
    # The stored expiry is the last request plus SESSION_COOKIE_AGE; move that last request into the past.
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=idle_since + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    )
    response = client.get(reverse("accounts:profile"))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_activity_extends_session(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    soon = timezone.now() + dt.timedelta(seconds=60)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=soon)
    before_request = timezone.now()
    assert client.get(reverse("accounts:profile")).status_code == 200
    expected = before_request + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((_expiry(client) - expected).total_seconds()) < 5
