"""Background work for an organization runs in its zone: export jobs, notification e-mails, PDFs/DOCX
made outside a request, and the API's date-times."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from itsms.core import exports, jobs, tasks
from itsms.core.files import file_open
from itsms.core.models import ExportJob, ExportStatus, Notification, Role
from itsms.core.notify import notify, reminder_schedule, send_due_reminders

UTC = dt.UTC
# 23:30 UTC on 29 March 2026 is already 30 March, 01:30 summer time, in Berlin.
LATE_EVENING_UTC = dt.datetime(2026, 3, 29, 23, 30, tzinfo=UTC)


@pytest.fixture
def berlin(make_org):  # noqa: ANN001, ANN201
    return make_org("berlin", time_zone="Europe/Berlin", language="en")


@pytest.fixture
def zoned_kind(monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setattr(jobs, "_kinds", dict(jobs._kinds))

    def made(job, progress):  # noqa: ANN001, ANN202
        rows = [[job.created_at, timezone.localdate(), "text"]]
        return "times.xlsx", exports.XLSX, exports.xlsx_bytes([("Times", ["Requested", "Day", "Note"], rows)])

    jobs.register_export("test.times", "Times", made, lambda m, p: True)


def test_an_export_job_writes_the_organizations_local_times(
    berlin, make_member, media, zoned_kind, django_capture_on_commit_callbacks
):
    admin = make_member(berlin, [Role.ORG_ADMIN]).user
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        # The task runs after commit, outside any request: only the job itself can set the zone.
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.export_start(
                actor=admin, organization=berlin, kind="test.times", params={}, language="en"
            )
    job = ExportJob.objects.get(pk=job.pk)
    assert job.status == ExportStatus.DONE
    with file_open(job.file) as fh:
        ws = load_workbook(io.BytesIO(fh.read())).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Requested (Europe/Berlin)", "Day", "Note")
    assert rows[1] == (dt.datetime(2026, 3, 30, 1, 30), dt.datetime(2026, 3, 30, 0, 0), "text")
    assert ws["A2"].number_format == "yyyy-mm-dd hh:mm"
    # Outside the job the server's zone (UTC) is back.
    assert timezone.get_current_timezone_name() == "UTC"


def test_a_pdf_made_outside_a_request_shows_the_generation_time_with_its_offset(berlin):
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        data = exports.render_pdf(
            "training/exports/table.html",
            {"header": ["a"], "rows": [["b"]]},
            organization=berlin,
            language="en",
            title="T",
        )
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Generated 2026-03-30 01:30 (UTC+02:00)" in text


def test_a_docx_footer_shows_the_generation_time_with_its_offset(make_org):
    from docx import Document

    org = make_org("sh", time_zone="Asia/Shanghai")
    with time_machine.travel(dt.datetime(2026, 3, 5, 1, 30, tzinfo=UTC), tick=False):
        doc = exports.docx_document(organization=org, title="Report", language="en")
    reopened = Document(io.BytesIO(exports.docx_bytes(doc)))
    assert reopened.sections[0].footer.paragraphs[0].text == "Generated 2026-03-05 09:30 (UTC+08:00)"


def test_notification_emails_are_sent_in_the_organizations_zone(berlin, make_member, monkeypatch):
    user = make_member(berlin, [Role.STAFF]).user
    zones: list[str] = []
    real_send = tasks.send_mail

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        zones.append(timezone.get_current_timezone_name())
        return real_send(*args, **kwargs)

    monkeypatch.setattr(tasks, "send_mail", spy)
    rows = notify(organization=berlin, recipients=[user], subject="Review due")
    assert tasks.email_notifications.call([n.pk for n in rows]) == 1
    assert zones == ["Europe/Berlin"]
    assert [m.subject for m in mail.outbox] == [f"[{berlin.display_name}] Review due"]
    assert Notification.objects.get(pk=rows[0].pk).emailed_at is not None
    assert timezone.get_current_timezone_name() == "UTC"


def test_due_reminders_are_notified_in_their_organizations_zone(berlin, make_org, make_member, monkeypatch):
    shanghai = make_org("sh", time_zone="Asia/Shanghai")
    seen: list[tuple[str, str]] = []
    from itsms.core import notify as notify_module

    real_notify = notify_module.notify

    def spy(**kwargs):  # noqa: ANN003, ANN202
        seen.append((kwargs["organization"].slug, timezone.get_current_timezone_name()))
        return real_notify(**kwargs)

    monkeypatch.setattr(notify_module, "notify", spy)
    due = timezone.now() - dt.timedelta(minutes=1)
    for org in (berlin, shanghai):
        user = make_member(org, [Role.STAFF]).user
        reminder_schedule(organization=org, recipient=user, due_at=due, topic=f"t-{org.slug}", subject="Due")
    assert send_due_reminders() == 2
    assert sorted(seen) == [("berlin", "Europe/Berlin"), ("sh", "Asia/Shanghai")]
