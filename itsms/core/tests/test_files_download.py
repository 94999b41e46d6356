"""The download view: found inside the organization, allowed by the file's purpose, exact headers."""

from __future__ import annotations

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from itsms.core import files
from itsms.core.models import StoredFile

from .test_files_store import pdf_bytes, png_bytes


def store(org, name: str, data: bytes, purpose: str = "org.logo") -> StoredFile:  # noqa: ANN001
    upload = SimpleUploadedFile(name, data)
    return files.file_store(actor=None, organization=org, upload=upload, purpose=purpose)


def url(org_slug: str, file_id: uuid.UUID) -> str:
    return reverse("core:file_download", kwargs={"org": org_slug, "file_id": file_id})


def test_download_streams_the_bytes(org, admin, client_for, media):
    data = pdf_bytes()
    row = store(org, "报告 2024.pdf", data)
    response = client_for(admin).get(url(org.slug, row.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data


def test_download_headers(org, admin, client_for, media):
    data = pdf_bytes()
    row = store(org, "报告 2024.pdf", data)
    response = client_for(admin).get(url(org.slug, row.pk))
    response.close()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''%E6%8A%A5%E5%91%8A%202024.pdf"
    assert response["Content-Length"] == str(len(data))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_any_member_may_download_the_logo(org, staff, client_for, media):
    row = store(org, "logo.png", png_bytes())
    response = client_for(staff).get(url(org.slug, row.pk))
    response.close()
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")


def test_another_organizations_file_is_not_found(org, other_org, admin, client_for, media):
    foreign = store(other_org, "logo.png", png_bytes())
    assert client_for(admin).get(url(org.slug, foreign.pk)).status_code == 404


def test_another_organizations_slug_is_not_found(org, other_org, admin, client_for, media):
    foreign = store(other_org, "logo.png", png_bytes())
    assert client_for(admin).get(url(other_org.slug, foreign.pk)).status_code == 404


def test_unknown_file_is_not_found(org, admin, client_for, media):
    assert client_for(admin).get(url(org.slug, uuid.uuid4())).status_code == 404


def test_purpose_refusing_answers_403(org, admin, client_for, media, monkeypatch):
    monkeypatch.setattr(files, "_purposes", dict(files._purposes))
    files.register_purpose("test.secret", can_download=lambda m, f: False)
    row = store(org, "secret.pdf", pdf_bytes(), purpose="test.secret")
    assert client_for(admin).get(url(org.slug, row.pk)).status_code == 403


def test_file_of_an_unregistered_purpose_answers_403(org, admin, client_for, media, monkeypatch):
    row = store(org, "logo.png", png_bytes())
    monkeypatch.setattr(files, "_purposes", {})
    assert client_for(admin).get(url(org.slug, row.pk)).status_code == 403


def test_anonymous_is_sent_to_login(org, client, media):
    row = store(org, "logo.png", png_bytes())
    target = url(org.slug, row.pk)
    response = client.get(target)
    assert (response.status_code, response["Location"]) == (302, f"{reverse('accounts:login')}?next={target}")


def test_post_is_not_allowed(org, admin, client_for, media):
    row = store(org, "logo.png", png_bytes())
    assert client_for(admin).post(url(org.slug, row.pk)).status_code == 405


def test_row_whose_bytes_are_gone_is_not_found(org, admin, client_for, media):
    row = store(org, "logo.png", png_bytes())
    (media / row.storage_name).unlink()
    assert client_for(admin).get(url(org.slug, row.pk)).status_code == 404
