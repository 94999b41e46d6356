"""Exports as background jobs: start, run with progress, store, fail cleanly, and who sees what."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from itsms.core import jobs
from itsms.core.exports import PDF, XLSX, xlsx_bytes
from itsms.core.models import AuditEntry, ExportJob, ExportStatus, Role, StoredFile


@pytest.fixture
def kinds(monkeypatch):
    """Test export kinds in a registry of this test's own (the apps' kinds stay registered too)."""
    monkeypatch.setattr(jobs, "_kinds", dict(jobs._kinds))
    seen: list[int] = []

    def sample(job, progress):
        progress(40)
        # The progress is visible to other connections at once: it is a single UPDATE of the row.
        seen.append(ExportJob.objects.get(pk=job.pk).progress)
        rows = [[k, str(v)] for k, v in sorted(job.params.items())] + [["language", job.language]]
        return "sample.xlsx", XLSX, xlsx_bytes([("Sample", ["key", "value"], rows)])

    def broken(job, progress):
        progress(30)
        raise RuntimeError("the printer is on fire")

    def mislabelled(job, progress):
        return "sample.pdf", PDF, xlsx_bytes([("Sample", ["a"], [[1]])])

    jobs.register_export("test.sample", "Sample", sample, lambda m, p: True)
    jobs.register_export("test.broken", "Broken", broken, lambda m, p: True)
    jobs.register_export("test.mislabelled", "Mislabelled", mislabelled, lambda m, p: True)
    jobs.register_export("test.admins", "Admins only", sample, lambda m, p: m.has_role(Role.ORG_ADMIN))
    return seen


def _start_url(org, kind):
    return reverse("core:export_start", kwargs={"org": org.slug, "kind": kind})


def _detail_url(org, job):
    return reverse("core:export_detail", kwargs={"org": org.slug, "pk": job.pk})


def _post(client, url, data, capture):
    with capture(execute=True):
        return client.post(url, data)


def test_start_runs_the_job_and_stores_the_file(
    org, admin, client_for, kinds, media, django_capture_on_commit_callbacks
):
    response = _post(
        client_for(admin),
        _start_url(org, "test.sample"),
        {"format": "xlsx", "lang": "en"},
        django_capture_on_commit_callbacks,
    )
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail_url(org, job)
    assert (job.status, job.progress, job.message) == (ExportStatus.DONE, 100, "")
    assert (job.kind, job.params, job.language, job.requested_by) == (
        "test.sample",
        {"format": "xlsx"},
        "en",
        admin,
    )
    assert job.finished_at is not None
    assert kinds == [40]
    stored = StoredFile.objects.get()
    assert (job.file, stored.original_name, stored.content_type, stored.purpose) == (
        stored,
        "sample.xlsx",
        XLSX,
        "export",
    )
    with open(media / stored.storage_name, "rb") as fh:
        rows = list(load_workbook(io.BytesIO(fh.read())).active.iter_rows(values_only=True))
    assert rows == [("key", "value"), ("format", "xlsx"), ("language", "en")]


def test_start_writes_the_audit_entries(org, admin, client_for, kinds, django_capture_on_commit_callbacks):
    _post(
        client_for(admin),
        _start_url(org, "test.sample"),
        {"format": "xlsx"},
        django_capture_on_commit_callbacks,
    )
    job = ExportJob.objects.get()
    entries = list(AuditEntry.objects.filter(organization=org, object_type="core.exportjob").order_by("seq"))
    assert [(e.action, e.actor_id) for e in entries] == [("export.start", admin.pk), ("export.done", None)]
    assert entries[0].changes == {"kind": "test.sample", "params": {"format": "xlsx"}, "language": "zh-hans"}
    assert entries[0].object_id == str(job.pk)


def test_a_failing_export_is_marked_failed_with_its_message_and_no_file(
    org, admin, client_for, kinds, django_capture_on_commit_callbacks
):
    response = _post(
        client_for(admin), _start_url(org, "test.broken"), {}, django_capture_on_commit_callbacks
    )
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert (job.status, job.message, job.file, job.progress) == (
        ExportStatus.FAILED,
        "the printer is on fire",
        None,
        30,
    )
    assert job.finished_at is not None
    assert StoredFile.objects.count() == 0
    assert AuditEntry.objects.filter(action="export.failed", object_id=str(job.pk)).count() == 1
    body = client_for(admin).get(_detail_url(org, job)).content.decode()
    assert "the printer is on fire" in body and 'id="export-download"' not in body


def test_a_file_that_is_not_what_the_export_says_fails_the_job(org, admin, kinds, media):
    job = jobs.export_start(actor=admin, organization=org, kind="test.mislabelled", params={}, language="en")
    assert jobs.export_run(job.pk) == ExportStatus.FAILED
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.message.startswith("Files of this type cannot be uploaded here.")
    assert StoredFile.objects.count() == 0
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_a_job_is_run_once(org, admin, kinds):
    job = jobs.export_start(actor=admin, organization=org, kind="test.sample", params={}, language="en")
    assert jobs.export_run(job.pk) == ExportStatus.DONE
    assert jobs.export_run(job.pk) == ExportStatus.DONE
    assert StoredFile.objects.count() == 1


def test_refused_permission_answers_403_and_makes_no_job(
    org, staff, client_for, kinds, django_capture_on_commit_callbacks
):
    response = _post(
        client_for(staff), _start_url(org, "test.admins"), {}, django_capture_on_commit_callbacks
    )
    assert response.status_code == 403
    assert ExportJob.objects.count() == 0
    assert AuditEntry.objects.filter(action="export.start").count() == 0


def test_an_unknown_kind_answers_404(org, admin, client_for, kinds):
    assert client_for(admin).post(_start_url(org, "test.nothing"), {}).status_code == 404
    assert ExportJob.objects.count() == 0


def test_bad_parameters_make_no_job(org, admin, client_for):
    client = client_for(admin)
    response = client.post(
        _start_url(org, "diagnosis.report"), {"format": "exe", "project": "1"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["Choose PDF or DOCX."]
    # A project that is not this organization's does not exist here.
    assert (
        client.post(_start_url(org, "diagnosis.report"), {"format": "pdf", "project": "999999"}).status_code
        == 404
    )
    assert ExportJob.objects.count() == 0


def test_another_members_job_is_404_and_an_admin_sees_it(org, admin, staff, make_member, client_for, kinds):
    job = jobs.export_start(actor=staff, organization=org, kind="test.sample", params={}, language="en")
    jobs.export_run(job.pk)
    job.refresh_from_db()
    colleague = make_member(org, [Role.STAFF], "colleague").user
    download = reverse("core:file_download", kwargs={"org": org.slug, "file_id": job.file_id})
    assert client_for(colleague).get(_detail_url(org, job)).status_code == 404
    assert client_for(colleague).get(download).status_code == 403
    for user in (staff, admin):
        assert client_for(user).get(_detail_url(org, job)).status_code == 200
        response = client_for(user).get(download)
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX


def test_another_organizations_job_is_404(org, other_org, admin, outsider, client_for, kinds):
    job = jobs.export_start(
        actor=outsider, organization=other_org, kind="test.sample", params={}, language="en"
    )
    assert client_for(admin).get(_detail_url(org, job)).status_code == 404


def test_the_detail_partial_polls_while_the_job_runs(org, admin, client_for, kinds):
    job = jobs.export_start(actor=admin, organization=org, kind="test.sample", params={}, language="en")
    client = client_for(admin)
    pending = client.get(_detail_url(org, job), HTTP_HX_REQUEST="true").content.decode()
    assert pending.lstrip().startswith('<div id="export-status"')
    assert "<html" not in pending
    assert 'hx-trigger="every 1s"' in pending and 'data-status="queued"' in pending
    jobs.export_run(job.pk)
    job.refresh_from_db()
    done = client.get(_detail_url(org, job), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and 'data-status="done"' in done
    assert reverse("core:file_download", kwargs={"org": org.slug, "file_id": job.file_id}) in done
    assert "100%" in done


def test_the_full_page_shows_the_status_block(org, admin, client_for, kinds):
    job = jobs.export_start(actor=admin, organization=org, kind="test.sample", params={}, language="en")
    body = client_for(admin).get(_detail_url(org, job)).content.decode()
    assert "<html" in body and 'id="export-status"' in body and "Sample" in body


def _jobs(org, user, n):
    for _ in range(n):
        job = jobs.export_start(actor=user, organization=org, kind="test.sample", params={}, language="en")
        jobs.export_run(job.pk)


def test_the_list_shows_mine_and_an_admin_may_see_everyones(org, admin, staff, client_for, kinds):
    _jobs(org, staff, 2)
    _jobs(org, admin, 1)
    url = reverse("core:export_list", kwargs={"org": org.slug})
    assert [j.requested_by for j in client_for(staff).get(url).context["jobs"]] == [staff, staff]
    assert [j.requested_by for j in client_for(staff).get(url + "?all=1").context["jobs"]] == [staff, staff]
    assert [j.requested_by for j in client_for(admin).get(url).context["jobs"]] == [admin]
    assert len(client_for(admin).get(url + "?all=1").context["jobs"]) == 3


def test_the_list_query_count_stays_constant(org, admin, client_for, kinds, django_assert_max_num_queries):
    client = client_for(admin)
    url = reverse("core:export_list", kwargs={"org": org.slug}) + "?all=1"

    def count() -> int:
        with django_assert_max_num_queries(20) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _jobs(org, admin, 2)
    small = count()
    _jobs(org, admin, 8)
    assert count() == small


def test_sweep_fails_jobs_whose_worker_stopped(org, admin, kinds, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    job = jobs.export_start(actor=admin, organization=org, kind="test.sample", params={}, language="en")
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    later = timezone.now() + dt.timedelta(minutes=61)
    assert jobs.export_jobs_sweep(stale_minutes=60, now=later) == (1, 0)
    job.refresh_from_db()
    assert (job.status, job.message) == (
        ExportStatus.FAILED,
        "The export did not finish in time; ask for it again.",
    )
    assert AuditEntry.objects.filter(organization=org, action="export.failed").count() == 1


def test_sweep_leaves_recent_jobs_alone(org, admin, kinds):
    job = jobs.export_start(actor=admin, organization=org, kind="test.sample", params={}, language="en")
    assert jobs.export_jobs_sweep() == (0, 0)
    assert ExportJob.objects.get(pk=job.pk).status == ExportStatus.QUEUED


def test_sweep_removes_old_jobs_with_their_files(
    org, admin, kinds, media, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    job = jobs.export_start(actor=admin, organization=org, kind="test.sample", params={}, language="en")
    jobs.export_run(job.pk)
    assert len([p for p in media.rglob("*") if p.is_file()]) == 1
    ExportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - dt.timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("exports_sweep", stdout=io.StringIO())
    assert not ExportJob.objects.filter(pk=job.pk).exists()
    assert StoredFile.objects.count() == 0
    assert [p for p in media.rglob("*") if p.is_file()] == []
