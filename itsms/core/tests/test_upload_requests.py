"""A body over the limit is refused before it touches the disk (middleware) or as it streams (handler)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files import uploadedfile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from itsms.core.models import AuditEntry, StoredFile
from itsms.documents import services
from itsms.documents.models import DocType, Revision

MB = 1024 * 1024


@pytest.fixture
def temp_dir(settings, tmp_path: Path) -> Path:
    """Every upload goes to a temporary file (none kept in memory), in a folder this test can list."""
    folder = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.FILE_UPLOAD_MAX_BYTES = 1 * MB
    settings.REQUEST_BODY_MAX_BYTES = 4 * MB
    return folder


@pytest.fixture
def created_temp_files(monkeypatch) -> list[str]:  # noqa: ANN001
    """The names of the temporary files Django's upload handling opens."""
    created: list[str] = []
    original = uploadedfile.tempfile.NamedTemporaryFile

    def recording(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        fh = original(*args, **kwargs)
        created.append(fh.name)
        return fh

    monkeypatch.setattr(uploadedfile.tempfile, "NamedTemporaryFile", recording)
    return created


@pytest.fixture
def draft(org, admin, media):  # noqa: ANN001, ANN201
    document = services.document_create(
        actor=admin, organization=org, title="事件管理程序", doc_type=DocType.PROCEDURE
    )
    return services.revision_start(actor=admin, organization=org, document=document)


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def logged_in(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def test_a_200_mb_body_is_refused_before_it_is_read(
    org, admin, draft, temp_dir, created_temp_files, settings
):
    settings.REQUEST_BODY_MAX_BYTES = None  # the default: the file limit and 1 MB for the fields
    settings.FILE_UPLOAD_MAX_BYTES = 25 * MB
    entries = AuditEntry.objects.filter(organization=org).count()
    response = logged_in(admin).generic(
        "POST",
        f"/o/{org.slug}/documents/revisions/{draft.pk}/edit/",
        b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * MB),
    )
    assert response.status_code == 413
    assert response.content.decode() == "The upload is larger than the limit of 25 MB; nothing was saved."
    assert created_temp_files == []
    assert files_in(temp_dir) == []
    assert StoredFile.objects.count() == 0
    assert AuditEntry.objects.filter(organization=org).count() == entries


def test_under_the_api_the_refusal_is_json(org, admin, temp_dir, created_temp_files):
    response = Client().generic(
        "POST", "/api/v1/documents/", b"{}", content_type="application/json", CONTENT_LENGTH=str(200 * MB)
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "detail": "The upload is larger than the limit of 1 MB; nothing was saved."
    }


def test_the_refusal_is_in_the_users_language(org, admin, draft, temp_dir):
    client = logged_in(admin)
    response = client.generic(
        "POST",
        f"/o/{org.slug}/documents/revisions/{draft.pk}/edit/",
        b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * MB),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    with translation.override("zh-hans"):
        expected = "上传的内容超过 1 MB 的上限，未保存任何内容。"
    assert response.status_code == 413
    assert response.content.decode() == expected


def test_a_file_over_the_limit_in_a_small_enough_body_is_stopped_as_it_streams(
    org, admin, draft, temp_dir, created_temp_files
):
    upload = SimpleUploadedFile("程序.md", b"# big\n" + b"a" * (2 * MB))
    response = logged_in(admin).post(
        f"/o/{org.slug}/documents/revisions/{draft.pk}/edit/", {"version": 1, "text": "x", "upload": upload}
    )
    assert response.status_code == 413
    assert response.content.decode() == "The upload is larger than the limit of 1 MB; nothing was saved."
    # The temporary file the handler had started was closed, and so deleted, when the upload stopped.
    assert len(created_temp_files) == 1
    assert not Path(created_temp_files[0]).exists()
    assert files_in(temp_dir) == []
    assert StoredFile.objects.count() == 0
    draft.refresh_from_db()
    assert (draft.text, draft.version, draft.file_id) == ("", 1, None)


def test_the_handler_counts_every_file_of_the_request(org, admin, draft, temp_dir):
    halves = [SimpleUploadedFile(f"p{n}.md", b"a" * (MB // 2 + 10)) for n in range(2)]
    response = logged_in(admin).post(
        f"/o/{org.slug}/documents/revisions/{draft.pk}/edit/", {"version": 1, "text": "x", "upload": halves}
    )
    assert response.status_code == 413
    assert StoredFile.objects.count() == 0


def test_an_upload_within_the_limit_goes_through_the_project_temp_folder(
    org, admin, draft, temp_dir, created_temp_files, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("程序.md", "# 范围\n\n所有服务。\n".encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(admin).post(
            f"/o/{org.slug}/documents/revisions/{draft.pk}/edit/",
            {"version": 1, "text": "x", "upload": upload},
        )
    assert response.status_code == 302
    assert [Path(name).parent for name in created_temp_files] == [temp_dir]
    assert files_in(temp_dir) == []
    revision = Revision.objects.get(pk=draft.pk)
    assert revision.file is not None and revision.extracted_text == "# 范围\n\n所有服务。\n"
