from __future__ import annotations

from django.urls import reverse

from conftest import PASSWORD
from itsms.core.models import User

NEW_PASSWORD = "a much longer new passphrase"


def _change(client, new: str, old: str = PASSWORD):  # noqa: ANN001, ANN202
    return client.post(
        reverse("accounts:profile"),
        {"form": "password", "old_password": old, "new_password1": new, "new_password2": new},
    )


def test_profile_shows_2fa_status(client_for, staff):  # noqa: ANN001
    response = client_for(staff).get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert (
        '<span class="badge text-bg-secondary" id="totp-status">Not enabled</span>'
        in response.content.decode()
    )
    assert reverse("accounts:totp_setup") in response.content.decode()


def test_profile_links_to_disable_when_enabled(client_for, staff, enable_2fa):  # noqa: ANN001
    enable_2fa(staff)
    response = client_for(staff).get(reverse("accounts:profile"))
    assert reverse("accounts:totp_disable") in response.content.decode()


def test_language_preference_saved(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    response = client.post(
        reverse("accounts:profile"), {"form": "profile", "display_name": "Li Lei", "language": "zh-hans"}
    )
    assert response["Location"] == reverse("accounts:profile")
    staff.refresh_from_db()
    assert (staff.display_name, staff.language) == ("Li Lei", "zh-hans")


def test_language_preference_applies_to_pages(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    client.post(reverse("accounts:profile"), {"form": "profile", "display_name": "", "language": "zh-hans"})
    response = client.get(reverse("accounts:profile"))
    assert response.content.decode().startswith("<!doctype html>")
    assert '<html lang="zh-Hans">' in response.content.decode()


def test_blank_language_follows_browser(client_for, staff):  # noqa: ANN001
    User.objects.filter(pk=staff.pk).update(language="en")
    client = client_for(staff)
    client.post(reverse("accounts:profile"), {"form": "profile", "display_name": "Staff", "language": ""})
    staff.refresh_from_db()
    assert staff.language == ""


def test_unknown_language_refused(client_for, staff):  # noqa: ANN001
    response = client_for(staff).post(
        reverse("accounts:profile"), {"form": "profile", "display_name": "X", "language": "fr"}
    )
    assert response.status_code == 200
    assert response.context["profile_form"].errors["language"]
    staff.refresh_from_db()
    assert (staff.display_name, staff.language) == ("Staff", "")


def test_password_change_refuses_eleven_characters(client_for, staff):  # noqa: ANN001
    response = _change(client_for(staff), "abcdefghij1")
    assert response.status_code == 200
    assert response.context["password_form"].errors["new_password2"] == [
        "This password is too short. It must contain at least 12 characters."
    ]
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_password_change_refuses_wrong_current_password(client_for, staff):  # noqa: ANN001
    response = _change(client_for(staff), NEW_PASSWORD, old="not my password")
    assert response.context["password_form"].errors["old_password"]
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_password_change_saves_and_keeps_session(client_for, staff):  # noqa: ANN001
    client = client_for(staff)
    response = _change(client, NEW_PASSWORD)
    assert response["Location"] == reverse("accounts:profile")
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)
    follow = client.get(reverse("accounts:profile"))
    assert follow.status_code == 200
    assert follow.context["user"].pk == staff.pk


def test_password_change_ends_other_sessions(client_for, staff):  # noqa: ANN001
    other = client_for(staff)
    _change(client_for(staff), NEW_PASSWORD)
    response = other.get(reverse("accounts:profile"))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_profile_requires_login(anon):  # noqa: ANN001
    response = anon.get(reverse("accounts:profile"))
    assert response["Location"] == reverse("accounts:login") + "?next=" + reverse("accounts:profile")
