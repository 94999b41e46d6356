from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from conftest import PASSWORD
from itsms.accounts.reauth import (
    SESSION_KEY,
    is_recently_reauthenticated,
    reauth_required,
    verify_signature_credentials,
)

from .totp_clock import code


@reauth_required
def _signed_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("signed")


def _request(client, path: str = "/o/acme/sign/") -> HttpRequest:  # noqa: ANN001
    """A request carrying the test client's session and user, as the middleware would build it."""
    request = RequestFactory().get(path)
    request.session = client.session
    request.user = get_user(request)
    return request


def test_reauth_page_marks_the_session(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    response = client.post(reverse("accounts:reauth"), {"password": PASSWORD, "next": "/o/acme/sign/"})
    assert response["Location"] == "/o/acme/sign/"
    assert client.session[SESSION_KEY]["user"] == staff.pk
    assert is_recently_reauthenticated(_request(client)) is True


def test_reauth_page_refuses_wrong_password(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    response = client.post(reverse("accounts:reauth"), {"password": "wrong password here"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["The password or the code is not correct."]
    assert SESSION_KEY not in client.session


def test_reauth_ignores_unsafe_next(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    response = client.post(reverse("accounts:reauth"), {"password": PASSWORD, "next": "//evil.example.com/"})
    assert response["Location"] == reverse("accounts:profile")


def test_reauth_needs_code_when_2fa_enabled(client_for, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    client = client_for(staff)
    response = client.post(reverse("accounts:reauth"), {"password": PASSWORD})
    assert response.context["form"].errors["code"] == ["This field is required."]
    assert SESSION_KEY not in client.session


def test_reauth_with_password_and_code(client_for, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    client = client_for(staff)
    client.post(reverse("accounts:reauth"), {"password": PASSWORD, "code": code(0)})
    assert client.session[SESSION_KEY]["user"] == staff.pk


def test_reauth_expires_after_valid_seconds(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    client.post(reverse("accounts:reauth"), {"password": PASSWORD})
    session = client.session
    session[SESSION_KEY] = {"user": staff.pk, "at": time.time() - settings.REAUTH_VALID_SECONDS - 1}
    session.save()
    assert is_recently_reauthenticated(_request(client)) is False


def test_reauth_still_valid_just_inside_the_window(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    session = client.session
    session[SESSION_KEY] = {"user": staff.pk, "at": time.time() - settings.REAUTH_VALID_SECONDS + 5}
    session.save()
    assert is_recently_reauthenticated(_request(client)) is True


def test_reauth_mark_of_another_user_does_not_count(client_for, staff, auditor):  # noqa: ANN001
    client = client_for(staff)
    session = client.session
    session[SESSION_KEY] = {"user": auditor.pk, "at": time.time()}
    session.save()
    assert is_recently_reauthenticated(_request(client)) is False


def test_reauth_required_redirects_to_reauth(client_for, staff):  # noqa: ANN001
    response = _signed_view(_request(client_for(staff), "/o/acme/sign/?x=1"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:reauth") + "?next=" + quote("/o/acme/sign/?x=1", safe="")


def test_reauth_required_lets_recent_reauth_through(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    client.post(reverse("accounts:reauth"), {"password": PASSWORD})
    response = _signed_view(_request(client))
    assert response.content == b"signed"


def test_reauth_required_sends_anonymous_to_login(anon, db):  # noqa: ANN001
    response = _signed_view(_request(anon))
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_failed_reauths_lock_out(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("accounts:reauth"), {"password": "wrong password here"})
    response = client.post(reverse("accounts:reauth"), {"password": "wrong password here"})
    assert response.status_code == 429
    assert client.post(reverse("accounts:reauth"), {"password": PASSWORD}).status_code == 429
    assert SESSION_KEY not in client.session


def test_wrong_reauth_code_counts_a_failure(client_for, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    wrong = "000000" if code(0) != "000000" else "111111"
    client_for(staff).post(reverse("accounts:reauth"), {"password": PASSWORD, "code": wrong})
    assert AccessAttempt.objects.get().failures_since_start == 1


def test_verify_signature_credentials_accepts_password(staff):  # noqa: ANN001
    assert verify_signature_credentials(staff, PASSWORD, "") is True


def test_verify_signature_credentials_refuses_wrong_password(staff):  # noqa: ANN001
    assert verify_signature_credentials(staff, "wrong password here", "") is False


@pytest.mark.parametrize(("offset", "expected"), [(0, True), (-1, False), (3, False)])
def test_verify_signature_credentials_checks_code(staff, enable_2fa, offset, expected):  # noqa: ANN001
    enable_2fa(staff)
    assert verify_signature_credentials(staff, PASSWORD, code(offset)) is expected


def test_verify_signature_credentials_refuses_replayed_code(staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    assert verify_signature_credentials(staff, PASSWORD, code(0)) is True
    assert verify_signature_credentials(staff, PASSWORD, code(0)) is False


def test_verify_signature_credentials_with_request_counts_failures(client_for, staff):  # noqa: ANN001
    request = _request(client_for(staff))
    request.method = "POST"
    assert verify_signature_credentials(staff, "wrong password here", "", request=request) is False
    assert AccessAttempt.objects.get().failures_since_start == 1
