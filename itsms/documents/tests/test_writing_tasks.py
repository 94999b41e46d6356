"""Writing tasks (1.5.3): assigned and reassigned with writer and due date, closed only by the writer, a
document controller or an admin, never closed twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from itsms.core import services as core
from itsms.core.models import AuditEntry, Notification, Reminder, Role
from itsms.documents import services
from itsms.documents.models import AssignmentStatus, WritingAssignment

DUE = dt.date(2026, 12, 20)


def _writer(org, make_member, username, language=""):  # noqa: ANN001, ANN201
    m = make_member(org, [Role.STAFF], username)
    m.person = core.person_create(actor=None, organization=org, full_name=username.title())
    m.save(update_fields=["person"])
    if language:
        m.user.language = language
        m.user.save(update_fields=["language"])
    return m


@pytest.fixture
def task(org, admin):  # noqa: ANN001, ANN201
    """A task as the diagnosis creates it: no writer yet."""
    return services.writing_assignment_create(
        actor=admin,
        organization=org,
        title="变更管理程序",
        kind="new",
        source="diagnosis",
        source_ref="d:1:7",
    )


@pytest.fixture
def wang(org, make_member):  # noqa: ANN001, ANN201
    return _writer(org, make_member, "wang", language="en")


@pytest.fixture
def li(org, make_member):  # noqa: ANN001, ANN201
    """Reads the organization's language (Chinese): no language of their own."""
    return _writer(org, make_member, "li")


def test_a_diagnosis_task_is_assigned_the_writer_is_told_and_reminded(
    org, controller, task, wang, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.writing_assignment_assign(
            actor=controller, organization=org, assignment=task, assignee=wang.person, due_date=DUE
        )
    task.refresh_from_db()
    assert (task.assignee, task.due_date, task.status) == (wang.person, DUE, AssignmentStatus.OPEN)
    entry = AuditEntry.objects.get(organization=org, action="writingassignment.assign")
    assert (entry.actor, entry.changes) == (
        controller,
        {"assignee": [None, wang.person.pk], "due_date": [None, "2026-12-20"]},
    )
    note = Notification.objects.get(organization=org)
    assert (note.recipient, note.subject, note.body) == (
        wang.user,
        "You are asked to write: 变更管理程序",
        "Due on 2026-12-20.",
    )
    assert [m.to for m in mail.outbox] == [["wang@example.com"]]
    reminder = Reminder.objects.get(organization=org)
    # 09:00 in the organization's zone (Asia/Shanghai) three days before: 01:00 UTC.
    assert (reminder.recipient, reminder.due_at, reminder.topic) == (
        wang.user,
        dt.datetime(2026, 12, 17, 1, 0, tzinfo=dt.UTC),
        f"documents.assignment.{task.pk}",
    )


def test_reassigning_tells_both_writers_and_moves_the_reminder(
    org, controller, task, wang, li, django_capture_on_commit_callbacks
):
    services.writing_assignment_assign(
        actor=controller, organization=org, assignment=task, assignee=wang.person, due_date=DUE
    )
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.writing_assignment_assign(
            actor=controller,
            organization=org,
            assignment=task,
            assignee=li.person,
            due_date=dt.date(2027, 1, 8),
        )
    entry = AuditEntry.objects.get(organization=org, action="writingassignment.reassign")
    assert entry.changes == {
        "assignee": [wang.person.pk, li.person.pk],
        "due_date": ["2026-12-20", "2027-01-08"],
    }
    assert sorted(Notification.objects.values_list("recipient__username", "subject")) == [
        ("li", "请编写：变更管理程序"),
        ("wang", "No longer yours to write: 变更管理程序"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["li@example.com", "wang@example.com"]
    assert list(Reminder.objects.values_list("recipient__username", "due_at", "subject")) == [
        ("li", dt.datetime(2027, 1, 5, 1, 0, tzinfo=dt.UTC), "即将到期：变更管理程序")
    ]


def test_moving_only_the_due_date_reschedules_the_reminder(org, controller, task, wang):
    services.writing_assignment_assign(
        actor=controller, organization=org, assignment=task, assignee=wang.person, due_date=DUE
    )
    services.writing_assignment_assign(
        actor=controller,
        organization=org,
        assignment=task,
        assignee=wang.person,
        due_date=dt.date(2027, 2, 1),
    )
    assert list(Reminder.objects.values_list("due_at", flat=True)) == [
        dt.datetime(2027, 1, 29, 1, tzinfo=dt.UTC)
    ]
    assert Notification.objects.order_by("-pk").first().subject == "New due date for: 变更管理程序"
    with pytest.raises(ValidationError) as exc:
        services.writing_assignment_assign(
            actor=controller,
            organization=org,
            assignment=task,
            assignee=wang.person,
            due_date=dt.date(2027, 2, 1),
        )
    assert exc.value.messages == ["The writer and the due date are unchanged."]


def test_only_controllers_assign(org, staff, task, wang):
    with pytest.raises(PermissionDenied):
        services.writing_assignment_assign(
            actor=staff, organization=org, assignment=task, assignee=wang.person, due_date=DUE
        )
    task.refresh_from_db()
    assert task.assignee is None
    assert AuditEntry.objects.filter(organization=org, action__startswith="writingassignment.a").count() == 0


def test_the_writer_closes_their_task_and_it_stays_closed(org, controller, task, wang):
    services.writing_assignment_assign(
        actor=controller, organization=org, assignment=task, assignee=wang.person, due_date=DUE
    )
    services.writing_assignment_close(actor=wang.user, organization=org, assignment=task, status="done")
    task.refresh_from_db()
    done_at = task.done_at
    assert (task.status, Reminder.objects.count()) == (AssignmentStatus.DONE, 0)
    assert AuditEntry.objects.filter(organization=org, action="writingassignment.done").count() == 1
    with pytest.raises(ValidationError) as exc:
        services.writing_assignment_close(actor=controller, organization=org, assignment=task, status="done")
    assert exc.value.messages == ["This writing task is already closed (done)."]
    task.refresh_from_db()
    assert (task.status, task.done_at) == (AssignmentStatus.DONE, done_at)
    assert AuditEntry.objects.filter(organization=org, action__startswith="writingassignment.d").count() == 1
    with pytest.raises(ValidationError):
        services.writing_assignment_assign(
            actor=controller, organization=org, assignment=task, assignee=wang.person, due_date=None
        )


@pytest.mark.parametrize("roles", [[Role.STAFF], [Role.MANAGEMENT_REP], [Role.WORKING_GROUP]])
def test_someone_else_cannot_close_the_task(org, make_member, controller, task, wang, roles):
    services.writing_assignment_assign(
        actor=controller, organization=org, assignment=task, assignee=wang.person, due_date=DUE
    )
    other = make_member(org, roles, "other").user
    with pytest.raises(PermissionDenied):
        services.writing_assignment_close(actor=other, organization=org, assignment=task, status="done")
    task.refresh_from_db()
    assert (task.status, task.done_at, Reminder.objects.count()) == (AssignmentStatus.OPEN, None, 1)


@pytest.mark.parametrize("who", ["controller", "admin"])
def test_a_document_controller_or_an_admin_closes_any_task(org, request, task, who):
    actor = request.getfixturevalue(who)
    services.writing_assignment_close(actor=actor, organization=org, assignment=task, status="cancelled")
    assert WritingAssignment.objects.get(pk=task.pk).status == AssignmentStatus.CANCELLED


def test_the_writer_cannot_cancel(org, controller, task, wang):
    services.writing_assignment_assign(
        actor=controller, organization=org, assignment=task, assignee=wang.person, due_date=DUE
    )
    with pytest.raises(PermissionDenied):
        services.writing_assignment_close(
            actor=wang.user, organization=org, assignment=task, status="cancelled"
        )
    assert WritingAssignment.objects.get(pk=task.pk).status == AssignmentStatus.OPEN
