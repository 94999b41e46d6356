"""Writing tasks: a document controller gives a task from the diagnosis its writer and due date, then hands
it to someone else; the writer closes it from their own login."""

from __future__ import annotations

from playwright.sync_api import expect

from conftest import PASSWORD
from itsms.core import services
from itsms.core.models import Notification, Reminder, Role
from itsms.documents import services as documents
from itsms.documents.models import AssignmentStatus, WritingAssignment

from .conftest import log_in, nav


def _writer(org, username: str, name: str):  # noqa: ANN001, ANN202
    person = services.person_create(actor=None, organization=org, full_name=name)
    user = services.user_create(username=username, email=f"{username}@example.com", password=PASSWORD)
    services.membership_add(actor=None, organization=org, user=user, roles=[Role.STAFF], person=person)
    return user


def test_assign_reassign_and_close_a_writing_task(page, org, browser, live_server):
    controller = services.user_create(username="dc", email="dc@example.com", password=PASSWORD)
    services.membership_add(actor=None, organization=org, user=controller, roles=[Role.DOCUMENT_CONTROLLER])
    wang = _writer(org, "wang", "Wang Fang")
    li = _writer(org, "li", "Li Ming")
    task = documents.writing_assignment_create(
        actor=None,
        organization=org,
        title="Change management procedure",
        kind="new",
        source="diagnosis",
        source_ref="diagnosis:1:2",
    )

    log_in(page, "dc", PASSWORD)
    nav(page, "documents_work")
    row = page.locator(f"#task-{task.pk}")
    expect(row.locator(".task-writer")).to_have_text("—")
    row.locator("a:has-text('Assign')").click()
    page.select_option("#id_assignee", label="Wang Fang")
    page.fill("#id_due_date", "2026-12-20")
    page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("Writer and due date saved.")
    expect(row.locator(".task-writer")).to_have_text("Wang Fang")
    expect(row.locator(".task-due")).to_have_text("2026-12-20")

    row.locator("a:has-text('Reassign')").click()
    page.select_option("#id_assignee", label="Li Ming")
    page.click("main form button[type=submit]")
    expect(row.locator(".task-writer")).to_have_text("Li Ming")
    assert list(Reminder.objects.values_list("recipient__username", flat=True)) == ["li"]
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"wang", "li"}

    context = browser.new_context(locale="en-US", base_url=live_server.url)
    other = context.new_page()
    log_in(other, "li", PASSWORD)
    other.goto(f"/o/{org.slug}/documents/assignments/")
    other.locator(f"#task-{task.pk} button:has-text('Done')").click()
    expect(other.locator("main")).to_contain_text("Writing task closed.")
    expect(other.locator(f"#task-{task.pk} .task-status")).to_have_text("done")
    context.close()
    assert WritingAssignment.objects.get(pk=task.pk).status == AssignmentStatus.DONE
    assert wang.pk != li.pk
