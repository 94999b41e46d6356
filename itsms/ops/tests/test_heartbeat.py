"""The worker's heartbeat: `run_worker` runs db_worker and keeps a WorkerHeartbeat row fresh."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from itsms.core.tasks import email_notifications
from itsms.ops import heartbeat
from itsms.ops.heartbeat import HeartbeatThread, beat
from itsms.ops.models import WorkerHeartbeat


@pytest.mark.django_db
def test_beat_creates_the_row_then_moves_it_forward() -> None:
    started = timezone.now() - dt.timedelta(minutes=5)
    beat("w1", started_at=started)
    first = WorkerHeartbeat.objects.get(worker_id="w1")
    assert first.started_at == started
    beat("w1", started_at=started)
    second = WorkerHeartbeat.objects.get(worker_id="w1")
    assert second.seen_at > first.seen_at
    assert WorkerHeartbeat.objects.count() == 1


@pytest.mark.django_db
def test_beat_forgets_workers_gone_for_a_day() -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="dead", hostname="h", pid=1, started_at=now, seen_at=now - dt.timedelta(days=1, minutes=1)
    )
    WorkerHeartbeat.objects.create(
        worker_id="quiet", hostname="h", pid=2, started_at=now, seen_at=now - dt.timedelta(hours=23)
    )
    beat("alive", started_at=now)
    assert sorted(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["alive", "quiet"]


@pytest.mark.django_db(transaction=True)
def test_thread_beats_on_its_own_connection_until_stopped() -> None:
    thread = HeartbeatThread("threaded", interval=0.05)
    thread.start()
    deadline = time.monotonic() + 10
    seen: set[dt.datetime] = set()
    while len(seen) < 3 and time.monotonic() < deadline:
        seen.update(WorkerHeartbeat.objects.filter(worker_id="threaded").values_list("seen_at", flat=True))
        time.sleep(0.02)
    thread.stop()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert len(seen) >= 3


@pytest.mark.django_db(transaction=True)
def test_run_worker_runs_tasks_beats_and_removes_its_row_when_it_stops(
    settings,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    beats: list[str] = []
    real_beat = heartbeat.beat

    def recording_beat(worker_id: str, *, started_at: dt.datetime) -> None:
        real_beat(worker_id, started_at=started_at)
        beats.append(worker_id)
        assert WorkerHeartbeat.objects.filter(worker_id=worker_id).exists()

    monkeypatch.setattr(heartbeat, "beat", recording_beat)
    result = email_notifications.enqueue([])
    call_command(
        "run_worker",
        "--batch",
        "--no-startup-delay",
        "--worker-id",
        "batch-1",
        "--no-reload",
        stdout=io.StringIO(),
    )
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    assert beats and set(beats) == {"batch-1"}
    assert not WorkerHeartbeat.objects.filter(worker_id="batch-1").exists()
