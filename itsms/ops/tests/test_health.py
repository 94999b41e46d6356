"""/healthz answers without the database; /readyz names each failing check (database, storage, worker)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone
from moto import mock_aws

from itsms.ops.models import WorkerHeartbeat

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def worker_configured(settings) -> None:  # noqa: ANN001
    settings.TASKS = DB_TASKS
    settings.HEALTH_WORKER_CHECK = True
    settings.HEALTH_WORKER_MAX_AGE_SECONDS = 120


def _beat(seconds_ago: float) -> WorkerHeartbeat:
    now = timezone.now()
    return WorkerHeartbeat.objects.create(
        worker_id=f"w{seconds_ago}",
        hostname="app1",
        pid=4242,
        started_at=now - dt.timedelta(hours=1),
        seen_at=now - dt.timedelta(seconds=seconds_ago),
    )


def _storage(settings, location: Path) -> None:  # noqa: ANN001
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }


def test_healthz_answers_ok_without_touching_the_database() -> None:
    # No django_db mark: any query would raise "Database access not allowed".
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_when_the_database_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    def down(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", down)
    assert Client().get("/healthz").status_code == 200


@pytest.mark.django_db
def test_readyz_without_a_worker_says_not_configured(settings, tmp_path: Path) -> None:  # noqa: ANN001
    _storage(settings, tmp_path / "media")
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "failing": [],
        "checks": {
            "database": {"status": "ok"},
            "storage": {"status": "ok"},
            "worker": {"status": "not configured"},
        },
    }
    # The probe leaves nothing behind in the storage.
    assert list((tmp_path / "media").rglob("*.*")) == []
    assert [p for p in (tmp_path / "media").rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_readyz_with_the_immediate_backend_never_checks_a_worker(settings) -> None:  # noqa: ANN001
    settings.HEALTH_WORKER_CHECK = True  # but the test settings run tasks in-process
    assert Client().get("/readyz").json()["checks"]["worker"] == {"status": "not configured"}


@pytest.mark.django_db
def test_readyz_is_ready_with_a_recent_heartbeat(worker_configured) -> None:  # noqa: ANN001
    _beat(500)
    _beat(10)
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == {"status": "ok", "detail": "last heartbeat 10 s ago"}


@pytest.mark.django_db
def test_readyz_fails_when_the_heartbeat_is_too_old(worker_configured) -> None:  # noqa: ANN001
    _beat(121)
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["failing"] == ["worker"]
    assert body["checks"]["worker"] == {"status": "fail", "detail": "last heartbeat 121 s ago"}
    assert body["checks"]["database"] == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_fails_when_no_worker_ever_beat(worker_configured) -> None:  # noqa: ANN001
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"status": "fail", "detail": "no heartbeat"}


@pytest.mark.django_db
def test_readyz_fails_when_the_database_does_not_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    def down(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", down)
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database"]
    assert body["checks"]["database"] == {"status": "fail", "detail": "OperationalError"}


@pytest.mark.django_db
def test_readyz_fails_when_the_storage_cannot_be_written(settings, tmp_path: Path) -> None:  # noqa: ANN001
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    _storage(settings, blocker)
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["storage"]
    assert body["checks"]["storage"]["status"] == "fail"


@pytest.fixture
def s3(settings) -> Iterator[None]:  # noqa: ANN001
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="present")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": "present",
                    "region_name": "us-east-1",
                    "access_key": "k",
                    "secret_key": "s",
                },
            },
        }
        yield


@pytest.mark.django_db
def test_readyz_with_s3_storage_writes_and_removes_its_probe(s3) -> None:  # noqa: ANN001
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["storage"] == {"status": "ok"}
    assert boto3.client("s3", region_name="us-east-1").list_objects_v2(Bucket="present")["KeyCount"] == 0


@pytest.mark.django_db
def test_readyz_fails_when_the_bucket_is_missing(s3, settings) -> None:  # noqa: ANN001
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "bucket_name": "gone"},
        },
    }
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == {"status": "fail", "detail": "NoSuchBucket"}


@pytest.mark.django_db
def test_probes_are_not_redirected_to_https(settings) -> None:  # noqa: ANN001
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301
