"""files_sweep: stored objects without a row, rows nobody refers to, upload temporary files."""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from itsms.core import files
from itsms.core.models import AuditEntry, StoredFile

from .test_files_store import png_bytes


def put(name: str, age_minutes: int) -> str:
    saved = default_storage.save(name, ContentFile(b"orphan"))
    then = time.time() - age_minutes * 60
    os.utime(default_storage.path(saved), (then, then))
    return saved


def summary(orphans: int, unreferenced: int = 0, temporary: int = 0, verb: str = "removed") -> str:
    return (
        f"{orphans} orphaned file(s), {unreferenced} unreferenced file(s) and {temporary} upload "
        f"temporary file(s) {verb}.\n"
    )


def sweep(*args: str) -> str:
    out = io.StringIO()
    call_command("files_sweep", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def temp_dir(settings, tmp_path_factory, db) -> Path:  # noqa: ANN001
    """The upload temporary folder of this test's own (the project's real one is never touched); every
    sweep looks at the database for unreferenced files."""
    folder = tmp_path_factory.mktemp("upload-tmp")
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


@pytest.fixture
def layout(org, media) -> dict[str, str]:  # noqa: ANN001
    recorded = files.file_store(
        actor=None, organization=org, upload=SimpleUploadedFile("logo.png", png_bytes()), purpose="org.logo"
    )
    then = time.time() - 120 * 60
    os.utime(default_storage.path(recorded.storage_name), (then, then))
    return {
        "old_orphan": put(f"org/{org.pk}/2024/01/old-orphan", 90),
        "fresh_orphan": put(f"org/{org.pk}/2024/02/fresh-orphan", 10),
        "recorded": recorded.storage_name,
        "outside": put("exports/old-export", 500),
    }


def test_sweep_removes_only_old_orphans(layout):
    assert sweep("--older-than-minutes", "60") == f"removed {layout['old_orphan']}\n" + summary(1)
    assert not default_storage.exists(layout["old_orphan"])
    assert default_storage.exists(layout["fresh_orphan"])
    assert default_storage.exists(layout["recorded"])
    assert default_storage.exists(layout["outside"])


def test_sweep_threshold_is_taken_from_the_option(layout):
    output = sweep("--older-than-minutes", "5")
    assert output == (f"removed {layout['old_orphan']}\nremoved {layout['fresh_orphan']}\n" + summary(2))
    assert default_storage.exists(layout["recorded"])


def test_sweep_default_threshold_is_an_hour(layout):
    assert sweep() == f"removed {layout['old_orphan']}\n" + summary(1)


def test_dry_run_deletes_nothing(layout):
    assert sweep("--dry-run") == f"would remove {layout['old_orphan']}\n" + summary(1, verb="found")
    assert default_storage.exists(layout["old_orphan"])


def test_sweep_with_nothing_stored(media):
    assert sweep() == summary(0)


def test_threshold_below_one_minute_is_refused(media):
    with pytest.raises(CommandError, match="at least 1"):
        sweep("--older-than-minutes", "0")


# --- upload temporary files -----------------------------------------------------------------------------


def temp_file(folder: Path, name: str, age_minutes: int) -> Path:
    path = folder / name
    path.write_bytes(b"half an upload")
    then = time.time() - age_minutes * 60
    os.utime(path, (then, then))
    return path


def test_old_upload_temp_files_are_removed(temp_dir, media):
    old = temp_file(temp_dir, "tmpa1b2c3d4.upload.docx", 90)
    fresh = temp_file(temp_dir, "tmpz9y8x7w6.upload.pdf", 10)
    foreign = temp_file(temp_dir, "notes.txt", 500)
    assert sweep() == f"removed upload temporary file {old.name}\n" + summary(0, temporary=1)
    assert (old.exists(), fresh.exists(), foreign.exists()) == (False, True, True)


def test_upload_temp_files_dry_run_keeps_them(temp_dir, media):
    old = temp_file(temp_dir, "tmpa1b2c3d4.upload", 90)
    assert sweep("--dry-run") == f"would remove upload temporary file {old.name}\n" + summary(
        0, temporary=1, verb="found"
    )
    assert old.exists()


def test_the_system_temp_folder_is_never_swept(settings, media):
    settings.FILE_UPLOAD_TEMP_DIR = None
    assert sweep() == summary(0)


def test_a_missing_temp_folder_is_fine(settings, tmp_path, media):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "never-made")
    assert sweep() == summary(0)


# --- stored files no row refers to ------------------------------------------------------------------------


def age(stored: StoredFile, days: int) -> None:
    StoredFile.objects.filter(pk=stored.pk).update(created_at=timezone.now() - dt.timedelta(days=days))


@pytest.fixture
def replaced(org, admin, media):  # noqa: ANN001, ANN201
    """A draft whose file was replaced by a second upload: the first file is referenced by no row."""
    from itsms.documents import services as documents
    from itsms.documents.models import DocType

    document = documents.document_create(
        actor=admin, organization=org, title="事件管理程序", doc_type=DocType.PROCEDURE
    )
    draft = documents.revision_start(actor=admin, organization=org, document=document)
    draft = documents.revision_save(
        actor=admin,
        organization=org,
        revision=draft,
        version=draft.version,
        text="",
        upload=SimpleUploadedFile("v1.md", "# 第一版\n".encode()),
    )
    first = draft.file
    draft = documents.revision_save(
        actor=admin,
        organization=org,
        revision=draft,
        version=draft.version,
        text="",
        upload=SimpleUploadedFile("v2.md", "# 第二版\n".encode()),
    )
    return {"first": first, "current": draft.file}


def test_an_unreferenced_file_past_the_retention_is_deleted_and_audited(
    org, replaced, media, settings, django_capture_on_commit_callbacks
):
    settings.FILES_UNREFERENCED_RETENTION_DAYS = 30
    first, current = replaced["first"], replaced["current"]
    age(first, 31)
    age(current, 31)
    with django_capture_on_commit_callbacks(execute=True):
        output = sweep()
    assert output == f"removed unreferenced {first.storage_name} (v1.md)\n" + summary(0, unreferenced=1)
    assert list(StoredFile.objects.values_list("pk", flat=True)) == [current.pk]
    assert not default_storage.exists(first.storage_name)
    assert default_storage.exists(current.storage_name)
    entry = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    assert (entry.action, entry.actor, entry.object_id) == ("file.delete", None, str(first.pk))


def test_an_unreferenced_file_within_the_retention_is_kept(replaced, media):
    age(replaced["first"], 29)
    assert sweep() == summary(0)
    assert StoredFile.objects.filter(pk=replaced["first"].pk).exists()


def test_retention_is_taken_from_the_option(replaced, media):
    age(replaced["first"], 3)
    output = sweep("--retention-days", "2")
    assert output == f"removed unreferenced {replaced['first'].storage_name} (v1.md)\n" + summary(
        0, unreferenced=1
    )


def test_unreferenced_dry_run_deletes_nothing(replaced, media):
    age(replaced["first"], 31)
    output = sweep("--dry-run")
    assert output == f"would remove unreferenced {replaced['first'].storage_name} (v1.md)\n" + summary(
        0, unreferenced=1, verb="found"
    )
    assert StoredFile.objects.count() == 2
    assert default_storage.exists(replaced["first"].storage_name)


def test_every_foreign_key_to_a_file_counts_as_a_reference(org, admin, media):
    from itsms.core.services import organization_set_logo

    logo = files.file_store(
        actor=admin, organization=org, upload=SimpleUploadedFile("logo.png", png_bytes()), purpose="org.logo"
    )
    organization_set_logo(actor=admin, organization=org, logo=logo)
    age(logo, 400)
    assert sweep() == summary(0)
    assert StoredFile.objects.filter(pk=logo.pk).exists()


def test_a_purpose_kept_unreferenced_is_never_swept(org, media, monkeypatch):
    monkeypatch.setitem(
        files._purposes,  # noqa: SLF001
        "org.logo",
        files.Purpose("org.logo", lambda m, f: True, lambda m, f: True, kept_unreferenced=True),
    )
    logo = files.file_store(
        actor=None, organization=org, upload=SimpleUploadedFile("logo.png", png_bytes()), purpose="org.logo"
    )
    age(logo, 400)
    assert sweep() == summary(0)


def test_retention_below_one_day_is_refused(media):
    with pytest.raises(CommandError, match="at least 1"):
        sweep("--retention-days", "0")


# --- object storage ----------------------------------------------------------------------------------------


def test_sweep_works_on_s3_compatible_storage(org, settings, monkeypatch):
    import boto3
    from moto import mock_aws

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="itsms-test")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {"bucket_name": "itsms-test", "region_name": "us-east-1", "file_overwrite": False},
            },
        }
        recorded = files.file_store(
            actor=None,
            organization=org,
            upload=SimpleUploadedFile("logo.png", png_bytes()),
            purpose="org.logo",
        )
        orphan = default_storage.save(f"org/{org.pk}/2024/01/orphan", ContentFile(b"orphan"))
        # Object storage sets its own modification time: a threshold in the future reaches it.
        future = timezone.now() + dt.timedelta(minutes=5)
        monkeypatch.setattr(timezone, "now", lambda: future)
        output = sweep("--older-than-minutes", "1")
        assert output == f"removed {orphan}\n" + summary(1)
        assert not default_storage.exists(orphan)
        assert default_storage.exists(recorded.storage_name)
