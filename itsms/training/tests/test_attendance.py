from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from itsms.core.models import AuditEntry
from itsms.training import selectors, services, signin_links
from itsms.training.models import Attendance, SignInMethod, TrainingKind, TrainingStatus


def test_attendee_signs_in_from_own_login(org, make_person, make_session, link_login, manager):
    p = make_person("P")
    m = link_login(p, "attendee")
    session = make_session()
    services.session_invite(actor=manager, organization=org, session=session, people=[p])
    a = services.attendance_sign_in(actor=m.user, organization=org, session=session)
    assert (a.invited, a.present, a.method) == (True, True, SignInMethod.SELF)
    assert a.signed_at is not None
    entry = AuditEntry.objects.get(action="attendance.sign_in")
    assert entry.changes["present"] == [False, True]
    # Signing in twice changes nothing and writes no second entry.
    services.attendance_sign_in(actor=m.user, organization=org, session=session)
    assert AuditEntry.objects.filter(action="attendance.sign_in").count() == 1


def test_walk_in_sign_in_is_recorded_as_not_invited(org, make_person, make_session, link_login):
    m = link_login(make_person("Walk-in"), "walkin")
    a = services.attendance_sign_in(actor=m.user, organization=org, session=make_session())
    assert (a.invited, a.present) == (False, True)


def test_login_without_person_cannot_sign_in(org, staff, make_session):
    session = make_session()
    with pytest.raises(ValidationError):
        services.attendance_sign_in(actor=staff, organization=org, session=session)
    assert Attendance.objects.count() == 0


def test_closed_session_refuses_sign_in(org, manager, make_person, make_session, link_login):
    p = make_person("P")
    m = link_login(make_person("Late"), "late")
    session = make_session()
    services.attendance_record(actor=manager, organization=org, session=session, person=p, present=True)
    services.session_transition(actor=manager, organization=org, session=session, target=TrainingStatus.HELD)
    services.session_transition(
        actor=manager, organization=org, session=session, target=TrainingStatus.CLOSED
    )
    with pytest.raises(ValidationError):
        services.attendance_sign_in(actor=m.user, organization=org, session=session)
    assert not Attendance.objects.filter(person__full_name="Late").exists()


def test_organizer_records_scores_and_pass_follows_the_pass_mark(org, manager, make_person, make_session):
    session = make_session(kind=TrainingKind.SPECIAL_POST, has_assessment=True, pass_mark=60)
    good, bad = make_person("Good"), make_person("Bad")
    a = services.attendance_record(
        actor=manager, organization=org, session=session, person=good, present=True, score=60
    )
    b = services.attendance_record(
        actor=manager, organization=org, session=session, person=bad, present=True, score=59
    )
    assert (a.passed, a.method, b.passed) == (True, SignInMethod.ORGANIZER, False)
    services.session_transition(actor=manager, organization=org, session=session, target=TrainingStatus.HELD)
    assert [x.person.full_name for x in selectors.retraining_list(org)] == ["Bad"]


def test_retraining_list_drops_people_who_passed_later(org, manager, make_person, make_session):
    bad = make_person("Bad")
    first = make_session(
        kind=TrainingKind.SPECIAL_POST,
        has_assessment=True,
        pass_mark=60,
        starts_at=timezone.now() - dt.timedelta(days=8),
    )
    services.attendance_record(
        actor=manager, organization=org, session=first, person=bad, present=True, score=10
    )
    services.session_transition(actor=manager, organization=org, session=first, target=TrainingStatus.HELD)
    second = make_session(
        kind=TrainingKind.SPECIAL_POST,
        has_assessment=True,
        pass_mark=60,
        starts_at=first.starts_at + dt.timedelta(days=7),
    )
    services.attendance_record(
        actor=manager, organization=org, session=second, person=bad, present=True, score=90
    )
    services.session_transition(actor=manager, organization=org, session=second, target=TrainingStatus.HELD)
    assert list(selectors.retraining_list(org)) == []


def test_score_above_maximum_is_refused(org, manager, make_person, make_session):
    session = make_session(has_assessment=True, pass_mark=6, max_score=10)
    p = make_person("P")
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=manager, organization=org, session=session, person=p, present=True, score=11
        )
    assert Attendance.objects.count() == 0


def test_room_link_token_names_the_session_and_only_in_its_organization(org, other_org, make_session):
    session = make_session()
    token = signin_links.sign_in_token(session)
    assert signin_links.session_id_from_token(token, org.pk) == session.pk
    assert signin_links.session_id_from_token(token, other_org.pk) is None
    assert signin_links.session_id_from_token(token + "x", org.pk) is None


def test_room_link_expires(org, make_session, monkeypatch):
    session = make_session()
    token = signin_links.sign_in_token(session)
    monkeypatch.setattr(signin_links, "VALID_HOURS", 0)
    monkeypatch.setattr(signing, "time", type("T", (), {"time": staticmethod(lambda: 10**11)}))
    assert signin_links.session_id_from_token(token, org.pk) is None


def test_room_link_page_signs_the_logged_in_attendee_in(
    org, make_person, make_session, link_login, client_for
):
    m = link_login(make_person("P"), "attendee")
    session = make_session()
    url = signin_links.sign_in_path(session)
    client = client_for(m.user)
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "training:session_detail", kwargs={"org": org.slug, "pk": session.pk}
    )
    a = Attendance.objects.get(session=session)
    assert (a.present, a.method) == (True, SignInMethod.LINK)


def test_room_link_page_sends_anonymous_visitors_to_log_in(org, make_session, client):
    url = signin_links.sign_in_path(make_session())
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_qr_page_shows_an_inline_svg(org, manager, make_session, client_for):
    session = make_session()
    response = client_for(manager).get(
        reverse("training:session_qr", kwargs={"org": org.slug, "pk": session.pk})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body
    assert f"/o/{org.slug}/training/sign-in/" in body
