"""Dates that cannot contradict: held not before the start, sign-in only in its window, absent people listed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from itsms.core.models import AuditEntry, Role
from itsms.training import services, signin_links
from itsms.training.models import Attendance, SignInMethod, TrainingSession, TrainingSettings, TrainingStatus

# 10:00–12:00 in Shanghai (UTC+08:00) on 5 March 2026; default window 09:30–13:00.
START = dt.datetime(2026, 3, 5, 2, 0, tzinfo=dt.UTC)
WINDOW = "open from 2026-03-05 09:30 (UTC+08:00) to 2026-03-05 13:00 (UTC+08:00)."


def _at(hour: int, minute: int = 0, day: int = 5):  # noqa: ANN202
    """A moment given as Shanghai wall time on March `day`."""
    return time_machine.travel(dt.datetime(2026, 3, day, hour - 8, minute, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def session(org, make_session) -> TrainingSession:  # noqa: ANN001
    with _at(8):
        return make_session(starts_at=START, duration_minutes=120)


@pytest.fixture
def attendee(make_person, link_login):  # noqa: ANN001, ANN201
    return link_login(make_person("Attendee"), "attendee")


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


def test_session_cannot_be_marked_held_before_it_starts(org, manager, session):
    with _at(9, 59), pytest.raises(ValidationError) as exc:
        services.session_transition(
            actor=manager, organization=org, session=session, target=TrainingStatus.HELD
        )
    assert exc.value.messages == [
        "The session starts at 2026-03-05 10:00 (UTC+08:00); it cannot be marked as held before then."
    ]
    session.refresh_from_db()
    assert (session.status, session.status_changed_at) == (TrainingStatus.PLANNED, None)
    assert not AuditEntry.objects.filter(action="trainingsession.held").exists()
    with _at(10):
        services.session_transition(
            actor=manager, organization=org, session=session, target=TrainingStatus.HELD
        )
    session.refresh_from_db()
    assert session.status == TrainingStatus.HELD


def test_held_button_before_the_start_shows_the_refusal(org, manager, session, client_for):
    url = reverse("training:session_transition", kwargs={"org": org.slug, "pk": session.pk})
    with _at(9):
        response = client_for(manager).post(url, {"to": "held"}, follow=True)
    assert "it cannot be marked as held before then." in response.content.decode()
    assert TrainingSession.objects.get(pk=session.pk).status == TrainingStatus.PLANNED


def test_held_refusal_in_chinese(org, manager, session):
    with _at(9), translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.session_transition(
            actor=manager, organization=org, session=session, target=TrainingStatus.HELD
        )
    assert exc.value.messages == ["培训于 2026-03-05 10:00 (UTC+08:00) 开始，开始前不能标记为已举行。"]


def test_organizer_cannot_record_attendance_before_the_start(org, manager, session, make_person):
    person = make_person("P")
    with _at(9, 45), pytest.raises(ValidationError) as exc:
        services.attendance_record(
            actor=manager, organization=org, session=session, person=person, present=True
        )
    assert exc.value.messages == [
        "The session starts at 2026-03-05 10:00 (UTC+08:00); attendance can be recorded once it has started."
    ]
    assert not Attendance.objects.exists()


def test_organizer_records_after_the_window_closed(org, manager, session, make_person):
    with _at(9, day=7):
        a = services.attendance_record(
            actor=manager, organization=org, session=session, person=make_person("P"), present=True
        )
    assert (a.present, a.method) == (True, SignInMethod.ORGANIZER)


@pytest.mark.parametrize("hour,minute", [(9, 29), (13, 1)])
def test_self_sign_in_outside_the_window_is_refused(org, session, attendee, hour, minute):
    with _at(hour, minute), pytest.raises(ValidationError) as exc:
        services.attendance_sign_in(actor=attendee.user, organization=org, session=session)
    assert exc.value.messages == [f"Sign-in for this session is {WINDOW}"]
    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.filter(action="attendance.sign_in").exists()


@pytest.mark.parametrize("hour,minute", [(9, 30), (13, 0)])
def test_self_sign_in_inside_the_window_is_accepted(org, session, attendee, hour, minute):
    with _at(hour, minute):
        a = services.attendance_sign_in(actor=attendee.user, organization=org, session=session)
    assert (a.present, a.method) == (True, SignInMethod.SELF)
    assert a.signed_at == dt.datetime(2026, 3, 5, hour - 8, minute, tzinfo=dt.UTC)


def test_room_code_outside_the_window_is_refused_with_the_window(org, session, attendee, client_for):
    with _at(8):
        path = signin_links.sign_in_path(session)
        response = client_for(attendee.user).post(path)
    assert response.status_code == 200
    assert f"Sign-in for this session is {WINDOW}" in response.content.decode()
    assert not Attendance.objects.exists()


def test_self_sign_in_refusal_in_chinese(org, session, attendee):
    with _at(8), translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.attendance_sign_in(actor=attendee.user, organization=org, session=session)
    assert exc.value.messages == [
        "本次培训的签到时间为 2026-03-05 09:30 (UTC+08:00) 至 2026-03-05 13:00 (UTC+08:00)。"
    ]


def test_api_sign_in_outside_the_window_is_400(org, session, attendee):
    from itsms.core import services as core

    secret = core.api_token_create(actor=attendee.user, organization=org, name="t")[1]
    from django.test import Client

    with _at(14):
        response = Client(headers={"Authorization": f"Bearer {secret}"}).post(
            f"/api/v1/o/{org.slug}/training/sessions/{session.pk}/sign-in"
        )
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_admin_sets_the_window_and_it_applies(org, admin, session, attendee):
    with _at(8, 55), pytest.raises(ValidationError):
        services.attendance_sign_in(actor=attendee.user, organization=org, session=session)
    services.training_settings_update(
        actor=admin, organization=org, sign_in_opens_minutes=90, sign_in_closes_minutes=0
    )
    entry = AuditEntry.objects.get(organization=org, action="trainingsettings.update")
    assert entry.changes == {"sign_in_opens_minutes": [30, 90], "sign_in_closes_minutes": [60, 0]}
    with _at(8, 55):
        assert services.attendance_sign_in(actor=attendee.user, organization=org, session=session).present


def test_only_admins_change_the_window(org, manager, make_member):
    mr = make_member(org, [Role.MANAGEMENT_REP], "mrep").user
    for actor in (manager, mr):
        with pytest.raises(PermissionDenied):
            services.training_settings_update(
                actor=actor, organization=org, sign_in_opens_minutes=1, sign_in_closes_minutes=1
            )
    assert not TrainingSettings.objects.exists()
    assert not AuditEntry.objects.filter(action="trainingsettings.update").exists()
    assert services.training_settings(org).sign_in_opens_minutes == 30


def test_settings_page_saves(org, admin, client_for):
    client = client_for(admin)
    url = reverse("training:settings", kwargs={"org": org.slug})
    assert 'value="30"' in client.get(url).content.decode()
    assert (
        client.post(url, {"sign_in_opens_minutes": "15", "sign_in_closes_minutes": "-1"}).status_code == 400
    )
    assert not TrainingSettings.objects.exists()
    assert (
        client.post(url, {"sign_in_opens_minutes": "15", "sign_in_closes_minutes": "45"}).status_code == 302
    )
    row = TrainingSettings.objects.get(organization=org)
    assert (row.sign_in_opens_minutes, row.sign_in_closes_minutes) == (15, 45)


@pytest.fixture
def held(org, manager, session, make_person, link_login):  # noqa: ANN001, ANN201
    """Three invited (Ann present, Bob and Cho absent) and a walk-in (Dan), then held."""
    people = {n: make_person(n) for n in ("Ann", "Bob", "Cho", "Dan")}
    with _at(8):
        services.session_invite(
            actor=manager,
            organization=org,
            session=session,
            people=[people[n] for n in ("Ann", "Bob", "Cho")],
        )
    with _at(10, 5):
        for name in ("Ann", "Dan"):
            services.attendance_record(
                actor=manager, organization=org, session=session, person=people[name], present=True
            )
        services.session_transition(
            actor=manager, organization=org, session=session, target=TrainingStatus.HELD
        )
    session.refresh_from_db()
    return session


def test_session_page_lists_the_absent_with_the_count(org, manager, held, client_for):
    body = (
        client_for(manager)
        .get(reverse("training:session_detail", kwargs={"org": org.slug, "pk": held.pk}))
        .content.decode()
    )
    assert "Absent: 2 people invited and not present" in body
    assert '<li data-person="Bob">Bob</li><li data-person="Cho">Cho</li>' in body


def test_planned_session_lists_nobody_absent(org, manager, session, make_person, client_for):
    with _at(8):
        services.session_invite(actor=manager, organization=org, session=session, people=[make_person("Bob")])
    body = (
        client_for(manager)
        .get(reverse("training:session_detail", kwargs={"org": org.slug, "pk": session.pk}))
        .content.decode()
    )
    assert 'id="absent"' not in body


def test_sign_in_sheet_lists_the_absent_in_both_languages(org, manager, held, client_for):
    url = reverse("training:sign_in_sheet", kwargs={"org": org.slug, "pk": held.pk})
    client = client_for(manager)
    text = _pdf_text(client.get(url + "?lang=en").content)
    assert (
        "1 Ann present" in text
        and "2 Bob absent" in text
        and "3 Cho absent" in text
        and "4 Dan present" in text
    )
    assert "Invited: 3 · Present: 2 · Absent: 2" in text
    assert "Absent (2) Bob Cho" in text
    zh = _pdf_text(client.get(url).content)
    assert "应到：3 · 实到：2 · 缺席：2" in zh
    assert "缺席（2）" in zh


def test_training_records_xlsx_lists_the_absent(org, manager, held, client_for):
    client = client_for(manager)
    url = reverse("training:records_export", kwargs={"org": org.slug, "fmt": "xlsx"})
    wb = load_workbook(io.BytesIO(client.get(url + "?lang=en").content))
    records, per_session = wb["Training records"], wb["Attendance per session"]
    header = [c.value for c in records[1]]
    name, invited, attendance = header.index("Person"), header.index("Invited"), header.index("Attendance")
    rows = [(r[name], r[invited], r[attendance]) for r in records.iter_rows(min_row=2, values_only=True)]
    assert rows == [
        ("Ann", "yes", "present"),
        ("Dan", "no", "present"),
        ("Bob", "yes", "absent"),
        ("Cho", "yes", "absent"),
    ]
    assert [c.value for c in per_session[1]][3:] == ["Invited", "Present", "Absent"]
    assert list(per_session.iter_rows(min_row=2, values_only=True))[0][3:] == (3, 2, 2)
    zh = load_workbook(io.BytesIO(client.get(url).content))
    assert zh.sheetnames == ["培训记录", "各场次出勤"]
    zh_rows = list(zh["培训记录"].iter_rows(min_row=2, values_only=True))
    assert [r[attendance] for r in zh_rows] == ["出席", "出席", "缺席", "缺席"]


def test_session_page_query_count_is_constant(
    org, manager, session, make_person, client_for, django_assert_max_num_queries
):
    client = client_for(manager)
    url = reverse("training:session_detail", kwargs={"org": org.slug, "pk": session.pk})
    for n in (3, 30):
        with _at(8):
            services.session_invite(
                actor=manager,
                organization=org,
                session=session,
                people=[make_person(f"P{n}-{i}") for i in range(n)],
            )
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200
