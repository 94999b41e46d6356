"""The organization settings page: names, language, time zone, two-factor rule, and the logo upload."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from itsms.core.models import AuditEntry, Organization, StoredFile

from .test_files_store import pdf_bytes, png_bytes


def stored_objects(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def settings_url(org: Organization) -> str:
    return reverse("core:org_settings", kwargs={"org": org.slug})


def logo_url(org: Organization) -> str:
    return reverse("core:org_logo", kwargs={"org": org.slug})


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "name_zh": "重庆示例科技有限公司",
        "name_en": "Acme Chongqing",
        "language": "zh-hans",
        "time_zone": "Asia/Shanghai",
    }
    data.update(changes)
    return data


def last_entry(org: Organization) -> AuditEntry:
    return AuditEntry.objects.filter(organization=org).order_by("-seq").first()  # type: ignore[return-value]


def test_admin_sees_the_current_settings(org, admin, client_for):
    response = client_for(admin).get(settings_url(org))
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["name_zh"].value(), form["name_en"].value(), form["time_zone"].value()) == (
        "重庆示例科技有限公司",
        "Acme Chongqing",
        "Asia/Shanghai",
    )
    assert 'id="org-logo-none"' in response.content.decode()


def test_admin_changes_the_names(org, admin, client_for):
    response = client_for(admin).post(
        settings_url(org), form_data(name_zh="重庆新名称有限公司", name_en="New Name")
    )
    assert (response.status_code, response["Location"]) == (302, settings_url(org))
    org.refresh_from_db()
    assert (org.name_zh, org.name_en) == ("重庆新名称有限公司", "New Name")


def test_name_change_is_audited_with_the_diff(org, admin, client_for):
    client_for(admin).post(settings_url(org), form_data(name_zh="重庆新名称有限公司", name_en="New Name"))
    entry = last_entry(org)
    assert (entry.action, entry.actor) == ("organization.update", admin)
    assert entry.changes == {
        "name_zh": ["重庆示例科技有限公司", "重庆新名称有限公司"],
        "name_en": ["Acme Chongqing", "New Name"],
    }


def test_admin_changes_language_time_zone_and_2fa_rule(org, admin, client_for):
    client_for(admin).post(
        settings_url(org), form_data(language="en", time_zone="Europe/Berlin", require_2fa_for_admins="on")
    )
    org.refresh_from_db()
    assert (org.language, org.time_zone, org.require_2fa_for_admins) == ("en", "Europe/Berlin", True)


def test_staff_cannot_open_the_page(org, staff, client_for):
    assert client_for(staff).get(settings_url(org)).status_code == 403


def test_staff_cannot_change_anything(org, staff, client_for):
    entries = AuditEntry.objects.filter(organization=org).count()
    response = client_for(staff).post(settings_url(org), form_data(name_zh="被改掉的名称"))
    assert response.status_code == 403
    org.refresh_from_db()
    assert org.name_zh == "重庆示例科技有限公司"
    assert AuditEntry.objects.filter(organization=org).count() == entries


def test_outsider_gets_404(org, outsider, client_for):
    assert client_for(outsider).get(settings_url(org)).status_code == 404


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../../etc/passwd", "Asia", ""])
def test_invalid_time_zone_shows_an_error(org, admin, client_for, zone):
    entries = AuditEntry.objects.filter(organization=org).count()
    response = client_for(admin).post(settings_url(org), form_data(time_zone=zone, name_en="Changed"))
    assert response.status_code == 400
    assert response.context["form"].errors["time_zone"] == [
        f"“{zone}” is not a known time zone. Use a name such as Asia/Shanghai."
        if zone
        else "This field is required."
    ]
    org.refresh_from_db()
    assert (org.time_zone, org.name_en) == ("Asia/Shanghai", "Acme Chongqing")
    assert AuditEntry.objects.filter(organization=org).count() == entries


def test_missing_chinese_name_shows_an_error(org, admin, client_for):
    response = client_for(admin).post(settings_url(org), form_data(name_zh=""))
    assert response.status_code == 400
    assert response.context["form"].errors["name_zh"] == ["This field is required."]


def test_admin_uploads_a_logo(org, admin, client_for, media):
    response = client_for(admin).post(logo_url(org), {"logo": SimpleUploadedFile("标志.png", png_bytes())})
    assert (response.status_code, response["Location"]) == (302, settings_url(org))
    org.refresh_from_db()
    logo = StoredFile.objects.get()
    assert (org.logo, logo.purpose, logo.content_type, logo.original_name) == (
        logo,
        "org.logo",
        "image/png",
        "标志.png",
    )
    assert stored_objects(media) == [logo.storage_name]


def test_logo_upload_is_audited(org, admin, client_for, media):
    client_for(admin).post(logo_url(org), {"logo": SimpleUploadedFile("logo.png", png_bytes())})
    logo = StoredFile.objects.get()
    actions = list(
        AuditEntry.objects.filter(organization=org).order_by("-seq").values_list("action", flat=True)[:2]
    )
    assert actions == ["organization.set_logo", "file.upload"]
    assert last_entry(org).changes == {"logo": [None, str(logo.pk)]}


def test_page_shows_the_current_logo_through_the_download_url(org, admin, client_for, media):
    client = client_for(admin)
    client.post(logo_url(org), {"logo": SimpleUploadedFile("logo.png", png_bytes())})
    logo = StoredFile.objects.get()
    download = reverse("core:file_download", kwargs={"org": org.slug, "file_id": logo.pk})
    assert f'id="org-logo" src="{download}"' in client.get(settings_url(org)).content.decode()


def test_logo_must_be_png_or_jpeg(org, admin, client_for, media):
    response = client_for(admin).post(logo_url(org), {"logo": SimpleUploadedFile("logo.pdf", pdf_bytes())})
    assert response.status_code == 400
    assert response.context["logo_form"].errors["logo"] == [
        "Files of this type cannot be uploaded here. Allowed types: PNG, JPEG."
    ]
    assert "Allowed types: PNG, JPEG." in response.content.decode()
    org.refresh_from_db()
    assert (org.logo, StoredFile.objects.count(), stored_objects(media)) == (None, 0, [])


def test_logo_over_2_mb_is_refused(org, admin, client_for, media):
    big = png_bytes() + b"\x00" * (2 * 1024 * 1024)
    response = client_for(admin).post(logo_url(org), {"logo": SimpleUploadedFile("logo.png", big)})
    assert response.status_code == 400
    assert response.context["logo_form"].errors["logo"] == ["The file is larger than the limit of 2 MB."]
    assert (StoredFile.objects.count(), stored_objects(media)) == (0, [])


def test_replacing_the_logo_deletes_the_old_one(
    org, admin, client_for, media, django_capture_on_commit_callbacks
):
    client = client_for(admin)
    client.post(logo_url(org), {"logo": SimpleUploadedFile("old.png", png_bytes())})
    old = StoredFile.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(logo_url(org), {"logo": SimpleUploadedFile("new.png", png_bytes())})
    new = StoredFile.objects.get()
    org.refresh_from_db()
    assert (org.logo, new.original_name) == (new, "new.png")
    assert stored_objects(media) == [new.storage_name]
    assert not StoredFile.objects.filter(pk=old.pk).exists()


def test_staff_cannot_upload_a_logo(org, staff, client_for, media):
    response = client_for(staff).post(logo_url(org), {"logo": SimpleUploadedFile("logo.png", png_bytes())})
    assert response.status_code == 403
    assert (StoredFile.objects.count(), stored_objects(media)) == (0, [])


def test_logo_url_answers_405_to_get(org, admin, client_for):
    assert client_for(admin).get(logo_url(org)).status_code == 405


@pytest.mark.parametrize("zone", ["posix/Asia/Shanghai", "localtime", "Factory"])
def test_a_zone_file_that_is_not_a_zone_name_is_refused(org, admin, client_for, zone):
    # These load on a Debian machine but are no zone an organization is in (or depend on the server).
    response = client_for(admin).post(settings_url(org), form_data(time_zone=zone))
    assert response.status_code == 400
    assert response.context["form"].errors["time_zone"] == [
        f"“{zone}” is not a known time zone. Use a name such as Asia/Shanghai."
    ]
    org.refresh_from_db()
    assert org.time_zone == "Asia/Shanghai"


def test_changing_the_time_zone_is_audited(org, admin, client_for):
    client = client_for(admin)
    client.post(settings_url(org), form_data(time_zone="Europe/Berlin"))
    entry = last_entry(org)
    assert (entry.action, entry.actor_id, entry.changes) == (
        "organization.update",
        admin.pk,
        {"time_zone": ["Asia/Shanghai", "Europe/Berlin"]},
    )
