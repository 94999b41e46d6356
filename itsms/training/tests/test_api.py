from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from itsms.core import services as core
from itsms.training import services
from itsms.training.models import Attendance, TrainingKind, TrainingSession


def _client(membership_user, org) -> Client:
    secret = core.api_token_create(actor=membership_user, organization=org, name="t")[1]
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_api_creates_a_session(org, manager):
    response = _client(manager, org).post(
        f"/api/v1/o/{org.slug}/training/sessions",
        data={"kind": "kickoff", "title": "Kick-off", "starts_at": "2030-01-02T09:00:00+08:00"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["title"] == "Kick-off"
    assert body["status"] == "planned"
    assert TrainingSession.objects.get(pk=body["id"]).kind == TrainingKind.KICKOFF


def test_api_sign_in_marks_the_token_user_present(org, make_person, make_session, link_login):
    m = link_login(make_person("P"), "attendee")
    session = make_session()
    response = _client(m.user, org).post(f"/api/v1/o/{org.slug}/training/sessions/{session.pk}/sign-in")
    assert response.status_code == 200
    assert response.json()["present"] is True
    assert Attendance.objects.get(session=session).method == "self"


def test_api_sign_in_without_a_person_is_400(org, staff, make_session):
    session = make_session()
    response = _client(staff, org).post(f"/api/v1/o/{org.slug}/training/sessions/{session.pk}/sign-in")
    assert response.status_code == 400
    assert Attendance.objects.count() == 0


def test_api_matrix(org, manager, make_person, make_session):
    pos = core.position_create(actor=None, organization=org, name="工程师")
    services.requirement_create(actor=None, organization=org, position=pos, kind=TrainingKind.KICKOFF)
    make_person("P", position=pos)
    make_session(starts_at=timezone.now() - dt.timedelta(days=1))
    body = _client(manager, org).get(f"/api/v1/o/{org.slug}/training/competence-matrix").json()
    assert body["total_people"] == 1
    assert [c["kind"] for c in body["columns"]] == ["kickoff"]
    assert body["rows"][0]["cells"] == [{"state": "missing", "trained_on": None, "expires_on": None}]
