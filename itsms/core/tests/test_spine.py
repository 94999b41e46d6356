"""Numbering, lifecycle, evidence providers, notifications and reminders, exports."""

import datetime as dt
import io
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from itsms.core import evidence, exports, notify
from itsms.core.lifecycle import Transition, allowed_targets, transition
from itsms.core.models import AuditEntry, IssuedNumber, Notification, Organization, Reminder, Role
from itsms.core.numbering import next_number, number_reserve


def test_numbers_follow_the_pattern_and_count_per_key(org):
    with transaction.atomic():
        a = next_number(org, "NC", "NC-{year}-{seq:04}")
        b = next_number(org, "NC", "NC-{year}-{seq:04}")
        c = next_number(org, "INC", "INC-{seq}")
    year = timezone.now().year
    assert (a, b, c) == (f"NC-{year}-0001", f"NC-{year}-0002", "INC-1")


def test_numbers_are_separate_per_organization(org, other_org):
    with transaction.atomic():
        assert next_number(org, "INC", "INC-{seq}") == "INC-1"
        assert next_number(other_org, "INC", "INC-{seq}") == "INC-1"


def test_a_number_typed_by_hand_is_skipped_and_never_reused(org):
    number_reserve(org, "PR-02")
    with transaction.atomic():
        assert next_number(org, "PR", "PR-{seq:02}") == "PR-01"
        assert next_number(org, "PR", "PR-{seq:02}") == "PR-03"
    with pytest.raises(ValidationError, match="PR-01 has been used before"):
        number_reserve(org, "PR-01")
    assert IssuedNumber.objects.filter(organization=org).count() == 3


def test_pattern_without_seq_is_a_programming_error(org):
    with transaction.atomic(), pytest.raises(ValueError, match="needs"):
        next_number(org, "X", "X-{year}")


@pytest.mark.django_db(transaction=True)
def test_concurrent_numbering_never_hands_out_a_number_twice(make_org):
    org = make_org("numbers")
    results: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            for _ in range(5):
                with transaction.atomic():
                    value = next_number(org, "T", "T-{seq}")
                with lock:
                    results.append(value)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results, key=lambda v: int(v[2:])) == [f"T-{i}" for i in range(1, 21)]


# The lifecycle helper is generic; the organization's language field stands in for a status here.
TABLE = [
    Transition("zh-hans", "en", allowed=lambda m, o: m.has_role(Role.ORG_ADMIN)),
    Transition(
        "en", "zh-hans", allowed=lambda m, o: True, guard=lambda o: "blocked" if o.name_en == "X" else None
    ),
]


def test_transition_sets_status_and_writes_the_audit_entry(org, admin):
    with transaction.atomic():
        transition(org, "en", actor=admin, organization=org, table=TABLE, field="language", note="why")
    org.refresh_from_db()
    assert org.language == "en"
    entry = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    assert entry.action == "organization.en"
    assert entry.changes == {"language": ["zh-hans", "en"], "note": [None, "why"]}


def test_transition_not_in_the_table_is_refused(org, admin):
    with transaction.atomic(), pytest.raises(ValidationError, match="cannot go from"):
        transition(org, "fr", actor=admin, organization=org, table=TABLE, field="language")
    assert Organization.objects.get(pk=org.pk).language == "zh-hans"


def test_transition_by_a_role_not_allowed_is_refused_and_changes_nothing(org, staff):
    before = AuditEntry.objects.filter(organization=org).count()
    with transaction.atomic(), pytest.raises(PermissionDenied):
        transition(org, "en", actor=staff, organization=org, table=TABLE, field="language")
    assert Organization.objects.get(pk=org.pk).language == "zh-hans"
    assert AuditEntry.objects.filter(organization=org).count() == before


def test_transition_guard_refuses_with_its_message(org, admin):
    Organization.objects.filter(pk=org.pk).update(language="en", name_en="X")
    org.refresh_from_db()
    with transaction.atomic(), pytest.raises(ValidationError, match="blocked"):
        transition(org, "zh-hans", actor=admin, organization=org, table=TABLE, field="language")


def test_allowed_targets_lists_what_the_member_may_do(org, admin, staff):
    admin_m = admin.memberships.get(organization=org)
    staff_m = staff.memberships.get(organization=org)
    assert allowed_targets(org, TABLE, admin_m, field="language") == ["en"]
    assert allowed_targets(org, TABLE, staff_m, field="language") == []


def test_evidence_collect_groups_answers_by_urn(org, monkeypatch):
    monkeypatch.setattr(evidence, "_providers", {})
    day = dt.date(2026, 1, 5)
    evidence.register_provider("a", "A", lambda o: {"urn:x": evidence.Evidence(2, day, "/a/")})
    evidence.register_provider(
        "b", "B", lambda o: {"urn:x": evidence.Evidence(1, None), "urn:y": evidence.Evidence(0, None)}
    )
    found = evidence.collect(org)
    assert [(p.name, e.count) for p, e in found["urn:x"]] == [("a", 2), ("b", 1)]
    assert "urn:y" not in found


def test_notify_records_and_emails_after_commit(org, admin, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify.notify(
                organization=org, recipients=[admin, staff, admin], subject="Review due", body="Please"
            )
    assert Notification.objects.filter(organization=org).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [admin.email, staff.email]
    assert mail.outbox[0].subject == "[Acme Chongqing] Review due"
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_due_reminders_are_sent_once(org, admin, django_capture_on_commit_callbacks):
    now = timezone.now()
    notify.reminder_schedule(
        organization=org, recipient=admin, due_at=now - dt.timedelta(minutes=1), topic="t:1", subject="Due"
    )
    notify.reminder_schedule(
        organization=org, recipient=admin, due_at=now + dt.timedelta(days=1), topic="t:2", subject="Later"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notify.send_due_reminders(now=now) == 1
    assert notify.send_due_reminders(now=now) == 0
    assert list(Notification.objects.values_list("subject", flat=True)) == ["Due"]
    assert Reminder.objects.get(topic="t:1").sent_at == now


def test_cancelled_reminders_are_not_sent(org, admin):
    notify.reminder_schedule(
        organization=org, recipient=admin, due_at=timezone.now(), topic="doc:5", subject="x"
    )
    assert notify.reminders_cancel(organization=org, topic="doc:5") == 1
    assert notify.send_due_reminders() == 0


def test_notifications_page_lists_and_marks_read(org, admin, client_for):
    with transaction.atomic():
        notify.notify(organization=org, recipients=[admin], subject="Hello there")
    client = client_for(admin)
    page = client.get(f"/o/{org.slug}/notifications/")
    assert "Hello there" in page.content.decode()
    assert 'id="unread-count">1<' in page.content.decode()
    client.post(f"/o/{org.slug}/notifications/read/")
    assert Notification.objects.get().read_at is not None


def test_pdf_export_renders_chinese_with_a_cjk_font(org):
    pdf = exports.render_pdf("exports/base.html", {}, organization=org, language="zh-hans", title="诊断报告")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert "重庆示例科技有限公司" in text and "诊断报告" in text
    fonts = {str(f["/BaseFont"]) for f in _fonts(reader.pages[0])}
    assert any("CJK" in name for name in fonts), fonts


def _fonts(page):
    resources = page["/Resources"]
    return [font.get_object() for font in resources["/Font"].values()]


def test_docx_and_xlsx_exports_open_again(org):
    from docx import Document
    from openpyxl import load_workbook

    doc = exports.docx_document(organization=org, title="培训记录", language="zh-hans")
    doc.add_paragraph("内容")
    reopened = Document(io.BytesIO(exports.docx_bytes(doc)))
    assert [p.text for p in reopened.paragraphs] == ["培训记录", "内容"]
    data = exports.xlsx_bytes([("记录", ["姓名", "分数"], [["张三", 90]])])
    ws = load_workbook(io.BytesIO(data))["记录"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [["姓名", "分数"], ["张三", 90]]


def test_attachment_headers(org):
    response = exports.attachment(b"x", "诊断报告.pdf", exports.PDF)
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=UTF-8''%E8%AF%8A%E6%96%AD%E6%8A%A5%E5%91%8A.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_milestones_answer_known_keys_only(org, monkeypatch):
    from itsms.core import milestones

    monkeypatch.setattr(milestones, "_milestones", {})
    milestones.register_milestone("x.done", "X", lambda o: evidence.Evidence(1, dt.date(2026, 3, 1), "/x/"))
    assert milestones.reached(org, ["x.done", "y.unknown"]) == {
        "x.done": evidence.Evidence(1, dt.date(2026, 3, 1), "/x/")
    }


def test_docx_drops_control_characters_stored_before_input_refused_them(org):
    """A record typed before control characters were refused still exports: they are dropped, the text
    around them kept, in paragraphs, headings, table cells and the header alike."""
    from docx import Document

    doc = exports.docx_document(organization=org, title="报告\x07", language="zh-hans")
    doc.add_paragraph("张\x07三\x1b签到")
    table = doc.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "机房\x00巡检"
    reopened = Document(io.BytesIO(exports.docx_bytes(doc)))
    assert [p.text for p in reopened.paragraphs] == ["报告", "张三签到"]
    assert reopened.tables[0].cell(0, 0).text == "机房巡检"
    assert reopened.sections[0].header.paragraphs[0].text.endswith("— 报告")
