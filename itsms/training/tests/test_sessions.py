from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from itsms.core.models import AuditEntry, Notification, Reminder
from itsms.training import services
from itsms.training.models import Attendance, TrainingKind, TrainingSession, TrainingStatus


def test_session_create_numbers_and_audits(org, manager):
    when = timezone.now() + dt.timedelta(days=2)
    s = services.session_create(
        actor=manager, organization=org, kind=TrainingKind.KICKOFF, title="Kick-off", starts_at=when
    )
    assert s.number == f"TR-{timezone.now().year}-001"
    assert s.status == TrainingStatus.PLANNED
    entry = AuditEntry.objects.get(organization=org, action="trainingsession.create")
    assert entry.object_id == str(s.pk)
    assert entry.changes["title"] == [None, "Kick-off"]


def test_session_create_refused_for_staff_changes_nothing(org, staff):
    with pytest.raises(PermissionDenied):
        services.session_create(
            actor=staff, organization=org, kind=TrainingKind.JOB, title="x", starts_at=timezone.now()
        )
    assert TrainingSession.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="trainingsession").exists()


def test_assessed_session_needs_a_pass_mark(org, manager):
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            actor=manager,
            organization=org,
            kind=TrainingKind.SPECIAL_POST,
            title="x",
            starts_at=timezone.now(),
            has_assessment=True,
        )
    assert "pass_mark" in exc.value.error_dict
    assert TrainingSession.objects.count() == 0


def test_invite_expands_departments_with_sub_departments(org, manager, tree, make_person, make_session):
    a = make_person("A", tree["OPS"])
    b = make_person("B", tree["SD"])
    make_person("C", tree["FIN"])
    d = make_person("D")
    session = make_session()
    newly = services.session_invite(
        actor=manager, organization=org, session=session, departments=[tree["OPS"]], people=[d]
    )
    assert sorted(p.full_name for p in newly) == ["A", "B", "D"]
    invited = set(
        Attendance.objects.filter(session=session, invited=True).values_list("person_id", flat=True)
    )
    assert invited == {a.pk, b.pk, d.pk}
    assert list(session.invited_departments.all()) == [tree["OPS"]]
    # Inviting again adds nobody twice.
    assert services.session_invite(actor=manager, organization=org, session=session, people=[a]) == []
    assert Attendance.objects.filter(session=session).count() == 3


def test_invite_notifies_logins_and_schedules_the_day_before_reminder(
    org, manager, tree, make_person, make_session, link_login
):
    p = make_person("Login person", tree["OPS"])
    make_person("No login", tree["OPS"])
    m = link_login(p, "attendee")
    session = make_session(starts_at=timezone.now() + dt.timedelta(days=3))
    services.session_invite(actor=manager, organization=org, session=session, departments=[tree["OPS"]])
    note = Notification.objects.get(organization=org)
    assert note.recipient == m.user
    assert "动员会" in note.subject
    reminder = Reminder.objects.get(organization=org)
    assert reminder.recipient == m.user
    assert reminder.due_at == session.starts_at - dt.timedelta(days=1)
    assert reminder.topic == f"training.session.{session.pk}"


def test_holding_the_session_cancels_unsent_reminders(org, manager, make_person, make_session, link_login):
    p = make_person("P")
    link_login(p, "attendee")
    session = make_session(starts_at=timezone.now() + dt.timedelta(days=3))
    services.session_invite(actor=manager, organization=org, session=session, people=[p])
    assert Reminder.objects.count() == 1
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=5)):
        services.session_transition(
            actor=manager, organization=org, session=session, target=TrainingStatus.HELD
        )
    assert Reminder.objects.count() == 0
    session.refresh_from_db()
    assert session.status == TrainingStatus.HELD
    assert session.status_changed_by == manager
    assert AuditEntry.objects.filter(action="trainingsession.held", object_id=str(session.pk)).exists()


def test_close_needs_attendance(org, manager, make_session):
    session = make_session()
    services.session_transition(actor=manager, organization=org, session=session, target=TrainingStatus.HELD)
    with pytest.raises(ValidationError):
        services.session_transition(
            actor=manager, organization=org, session=session, target=TrainingStatus.CLOSED
        )
    session.refresh_from_db()
    assert session.status == TrainingStatus.HELD


def test_close_needs_scores_of_an_assessed_session(org, manager, make_person, make_session):
    p = make_person("P")
    session = make_session(kind=TrainingKind.SPECIAL_POST, has_assessment=True, pass_mark=60)
    services.attendance_record(actor=manager, organization=org, session=session, person=p, present=True)
    services.session_transition(actor=manager, organization=org, session=session, target=TrainingStatus.HELD)
    with pytest.raises(ValidationError):
        services.session_transition(
            actor=manager, organization=org, session=session, target=TrainingStatus.CLOSED
        )
    services.attendance_record(
        actor=manager, organization=org, session=session, person=p, present=True, score=70
    )
    services.session_transition(
        actor=manager, organization=org, session=session, target=TrainingStatus.CLOSED
    )
    session.refresh_from_db()
    assert session.status == TrainingStatus.CLOSED


def test_staff_cannot_move_the_lifecycle(org, staff, make_session):
    session = make_session()
    with pytest.raises(PermissionDenied):
        services.session_transition(
            actor=staff, organization=org, session=session, target=TrainingStatus.HELD
        )
    session.refresh_from_db()
    assert session.status == TrainingStatus.PLANNED


def test_another_organizations_session_is_refused(org, other_org, outsider, make_session):
    session = make_session()
    with pytest.raises(PermissionDenied):
        services.session_update(actor=outsider, organization=other_org, session=session, title="hijack")
    session.refresh_from_db()
    assert session.title == "动员会"
