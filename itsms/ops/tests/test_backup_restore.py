"""backup → wipe → restore gives back every row and every file; a backup that does not match is refused.

These tests commit (transaction=True): pg_dump and the SQLite backup API read committed data, and a restore
replaces the whole database. They run on the suite's database, so the SQLite run covers the online backup
API and the PostgreSQL run covers pg_dump / pg_restore; the "fresh database" case restores into a database
the test creates under a unique name (a new file, or CREATE DATABASE) and drops afterwards.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from moto import mock_aws
from PIL import Image

from itsms.core import files, services
from itsms.core.models import AuditEntry, Organization, Role, StoredFile
from itsms.ops import backup as ops_backup
from itsms.ops.backup import BackupError, storage_names

pytestmark = pytest.mark.django_db(transaction=True)


def _png(colour: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buf, "PNG")
    return buf.getvalue()


def _seed() -> None:
    """Two organizations with members, departments, files and audit entries, made through the services."""
    for n, slug in enumerate(("north", "south")):
        org = services.organization_create(actor=None, slug=slug, name_zh=f"组织{n}", name_en=f"Org {n}")
        user = services.user_create(
            username=f"{slug}-admin", email=f"{slug}@example.com", password="correct horse battery staple"
        )
        services.membership_add(actor=None, organization=org, user=user, roles=[Role.ORG_ADMIN])
        for code in ("OPS", "DEV"):
            services.department_create(actor=user, organization=org, name=f"{slug} {code}", code=code)
        for i in range(3):
            files.file_store(
                actor=user,
                organization=org,
                upload=SimpleUploadedFile(f"scan-{i}.png", _png((n * 90, i * 60, 200))),
                purpose="org.logo",
            )
        files.file_store(
            actor=user,
            organization=org,
            upload=SimpleUploadedFile("notes.txt", ("记录 " * 50_000).encode()),
            purpose="org.logo",
        )


def database_snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a digest of the full content of every table, independent of row order."""
    result: dict[str, tuple[int, str]] = {}
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            cursor.execute(f"SELECT {', '.join(qn(c) for c in columns)} FROM {qn(table)}")  # noqa: S608
            rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


def storage_snapshot() -> dict[str, str]:
    snap = {}
    for name in storage_names(default_storage):
        with default_storage.open(name, "rb") as fh:
            snap[name] = hashlib.sha256(fh.read()).hexdigest()
    return snap


def wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)
    for name in list(storage_names(default_storage)):
        default_storage.delete(name)
    assert StoredFile.objects.count() == 0
    assert storage_snapshot() == {}


@pytest.fixture
def local_storage(settings, tmp_path: Path) -> Path:  # noqa: ANN001
    media = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    return media


@pytest.fixture
def s3_storage(settings) -> Iterator[str]:  # noqa: ANN001
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="itsms-backup-test")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": "itsms-backup-test",
                    "region_name": "us-east-1",
                    "access_key": "test",
                    "secret_key": "test",
                    "file_overwrite": False,
                },
            },
        }
        yield "itsms-backup-test"


@pytest.fixture
def seeded(local_storage: Path) -> tuple[dict[str, tuple[int, str]], dict[str, str]]:
    _seed()
    snap = database_snapshot(), storage_snapshot()
    assert snap[0]["core_storedfile"][0] == 8
    assert len(snap[1]) == 8
    return snap


def _backup(tmp_path: Path) -> Path:
    out = tmp_path / "backup"
    call_command("backup", "--out", str(out), stdout=io.StringIO(), stderr=io.StringIO())
    return out


def _restore(folder: Path) -> str:
    out = io.StringIO()
    call_command("restore", str(folder), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_round_trip_gives_back_every_row_and_file(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    before_db, before_files = seeded
    folder = _backup(tmp_path)
    wipe()
    output = _restore(folder)
    assert database_snapshot() == before_db
    assert storage_snapshot() == before_files
    assert output.endswith(
        "north: 8 entries, chain intact\nsouth: 8 entries, chain intact\nAudit trail verified.\n"
    )
    # The restored database takes new rows: its sequences came back with it.
    services.organization_create(actor=None, slug="east", name_zh="东", name_en="East")
    assert Organization.objects.count() == 3


def test_manifest_lists_every_file_with_hash_and_size(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    _, before_files = seeded
    folder = _backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    db_file = "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["file"] == db_file
    assert manifest["app_version"] == "0.1.0"
    assert manifest["storage"]["files"] == 8
    assert "0001_initial" in manifest["migrations"]["ops"]
    listed = {f["path"]: (f["sha256"], f["size"]) for f in manifest["files"]}
    assert set(listed) == {db_file} | {f"files/{name}" for name in before_files}
    for name, sha in before_files.items():
        assert listed[f"files/{name}"] == (sha, (folder / "files" / name).stat().st_size)
    assert listed[db_file][0] == ops_backup.hash_file(folder / db_file)[0]


def test_round_trip_into_a_fresh_database(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    """The disaster case: a new, empty database (a new SQLite file or a new PostgreSQL database)."""
    before_db, before_files = seeded
    folder = _backup(tmp_path)
    for name in list(storage_names(default_storage)):
        default_storage.delete(name)
    original = connection.settings_dict["NAME"]
    fresh = f"itsms_restore_{uuid.uuid4().hex[:12]}"
    connection.close()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {fresh}")
    else:
        fresh = str(tmp_path / f"{fresh}.sqlite3")
    connection.settings_dict["NAME"] = fresh
    try:
        connection.close()
        _restore(folder)
        assert database_snapshot() == before_db
        assert storage_snapshot() == before_files
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {fresh}")


def test_round_trip_with_s3_storage(s3_storage: str, tmp_path: Path) -> None:
    _seed()
    before_db, before_files = database_snapshot(), storage_snapshot()
    assert len(before_files) == 8
    folder = _backup(tmp_path)
    wipe()
    _restore(folder)
    assert database_snapshot() == before_db
    assert storage_snapshot() == before_files
    keys = boto3.client("s3", region_name="us-east-1").list_objects_v2(Bucket=s3_storage)["Contents"]
    assert sorted(k["Key"] for k in keys) == sorted(before_files)


def _refused(folder: Path, message: str) -> None:
    before = database_snapshot(), storage_snapshot()
    with pytest.raises(CommandError, match=message):
        _restore(folder)
    assert (database_snapshot(), storage_snapshot()) == before


def _first_file(folder: Path) -> Path:
    return sorted((folder / "files").rglob("*"), key=str)[-1]


def test_a_changed_file_is_refused_and_nothing_changes(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    folder = _backup(tmp_path)
    victim = _first_file(folder)
    victim.write_bytes(victim.read_bytes()[:-1] + b"!")
    services.organization_create(actor=None, slug="later", name_zh="后来", name_en="Later")
    _refused(folder, r"does not match its manifest; nothing was restored\.\n  changed: files/org/")


def test_a_missing_or_extra_file_is_refused(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    folder = _backup(tmp_path)
    _first_file(folder).unlink()
    (folder / "files" / "stray.bin").write_bytes(b"x")
    _refused(folder, r"missing: files/org/(.|\n)*not in the manifest: files/stray\.bin")


def test_a_folder_without_manifest_is_refused(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    folder = _backup(tmp_path)
    (folder / "manifest.json").unlink()
    _refused(folder, "has no manifest.json: it is not a backup")


def _edit_manifest(folder: Path, edit: Any) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    edit(manifest)
    path.write_text(json.dumps(manifest))


def test_a_backup_of_another_database_vendor_is_refused(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    folder = _backup(tmp_path)
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    _edit_manifest(folder, lambda m: m["database"].update(vendor=other))
    _refused(folder, f"This is a {other} backup and the configured database is {connection.vendor}")


def test_a_backup_from_a_newer_version_is_refused(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    folder = _backup(tmp_path)
    _edit_manifest(folder, lambda m: m["migrations"]["ops"].append("0999_future"))
    _refused(folder, r"newer version of itsms \(unknown migrations: ops\.0999_future\)")


def test_a_manifest_pointing_outside_the_folder_is_refused(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    folder = _backup(tmp_path)
    _edit_manifest(folder, lambda m: m["files"].append({"path": "../outside", "sha256": "0", "size": 1}))
    _refused(folder, r"unsafe path: '\.\./outside'")


def test_backup_needs_a_new_folder(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    folder = _backup(tmp_path)
    with pytest.raises(CommandError, match="is not empty; choose a new one"):
        call_command("backup", "--out", str(folder), stdout=io.StringIO(), stderr=io.StringIO())


def test_restore_fails_when_the_restored_audit_trail_does_not_verify(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    org = Organization.objects.get(slug="south")
    entry = AuditEntry.objects.filter(organization=org).order_by("seq")[2]
    AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    folder = _backup(tmp_path)
    wipe()
    with pytest.raises(CommandError, match="Tampering found in the audit trail of: south") as info:
        _restore(folder)
    assert info.value.returncode == 1


def test_restore_fails_when_a_file_row_has_no_bytes(seeded, tmp_path: Path) -> None:  # noqa: ANN001
    stored = StoredFile.objects.order_by("storage_name").first()
    assert stored is not None
    default_storage.delete(stored.storage_name)
    folder = _backup(tmp_path)
    with pytest.raises(CommandError, match=f"file row without bytes: {stored.storage_name}"):
        _restore(folder)


def test_an_old_pg_dump_is_refused(tmp_path: Path, settings) -> None:  # noqa: ANN001
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 13.4'\n")
    fake.chmod(0o755)
    settings.PG_BIN_DIR = str(tmp_path)
    with pytest.raises(BackupError, match="pg_dump is version 13 but the server is PostgreSQL 15"):
        ops_backup.check_pg_tool("pg_dump", server_major=15)
    assert ops_backup.check_pg_tool("pg_dump", server_major=13) == str(fake)


def test_backup_and_restore_stream_files_in_bounded_memory(local_storage: Path, tmp_path: Path) -> None:
    import tracemalloc

    from django.core.files.base import File

    big = tmp_path / "big.bin"
    with big.open("wb") as fh:
        for n in range(40):
            fh.write(bytes([n]) * (1024 * 1024))
    with big.open("rb") as fh:
        default_storage.save("org/1/2026/12/big", File(fh))
    tracemalloc.start()
    try:
        folder = _backup(tmp_path)
        _, backup_peak = tracemalloc.get_traced_memory()
        default_storage.delete("org/1/2026/12/big")
        tracemalloc.reset_peak()
        _restore(folder)
        _, restore_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert ops_backup.hash_file(folder / "files/org/1/2026/12/big") == ops_backup.hash_file(big)
    assert storage_snapshot()["org/1/2026/12/big"] == ops_backup.hash_file(big)[0]
    # 40 MiB went through; never more than a few chunks of 1 MiB were held at once.
    assert backup_peak < 8 * 1024 * 1024
    assert restore_peak < 8 * 1024 * 1024
