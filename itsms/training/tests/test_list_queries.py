"""Training's list pages and API lists run the same, exact number of queries at N and 3N rows."""

from __future__ import annotations

import datetime as dt
import itertools

from django.urls import reverse
from django.utils import timezone

from itsms.core import services as core
from itsms.core.models import Organization, Person
from itsms.core.tests.queries import api_client, assert_constant_queries
from itsms.training import services
from itsms.training.models import TrainingKind, TrainingStatus

_n = itertools.count(1)


def _url(name: str, org: Organization) -> str:
    return reverse(f"training:{name}", kwargs={"org": org.slug})


def _api(org: Organization, path: str) -> str:
    return f"/api/v1/o/{org.slug}/training/{path}"


def _person(org: Organization, position=None) -> Person:  # noqa: ANN001
    i = next(_n)
    dept = core.department_create(actor=None, organization=org, name=f"Dept{i}")
    return core.person_create(
        actor=None, organization=org, full_name=f"Person{i}", department=dept, position=position
    )


def _sessions(org: Organization, manager, *, held: bool = False, scores=(None,)):  # noqa: ANN001, ANN202
    """k sessions, each with two invited people of their own department, one of them present."""

    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            i = next(_n)
            session = services.session_create(
                actor=None,
                organization=org,
                kind=TrainingKind.KICKOFF,
                title=f"Session{i}",
                topic=f"Topic{i}",
                starts_at=timezone.now() - dt.timedelta(days=1, minutes=i),
                place="Room",
                has_assessment=scores != (None,),
                pass_mark=60 if scores != (None,) else None,
            )
            people = [_person(org), _person(org)]
            services.session_invite(actor=None, organization=org, session=session, people=people)
            for person, score in zip(people, itertools.cycle(scores), strict=False):
                services.attendance_record(
                    actor=manager, organization=org, session=session, person=person, present=True, score=score
                )
            if held:
                services.session_transition(
                    actor=manager, organization=org, session=session, target=TrainingStatus.HELD
                )
            shown += [f"Session{i}", *(p.full_name for p in people)]
            if held:
                shown += [str(p.department) for p in people]
        return shown

    return add


def test_session_list(org, manager, client_for):
    add = _sessions(org, manager)
    url = _url("session_list", org)
    body = assert_constant_queries(client_for(manager), url, lambda k: add(k)[::3], 11)
    assert body.count('<td class="text-end">2</td>') == 9 * 2  # invited and present, each row


def test_records(org, manager, client_for):
    # Each session has one pass and one fail: the failures fill the retraining table too.
    add = _sessions(org, manager, held=True, scores=(90, 10))
    assert_constant_queries(client_for(manager), _url("records", org), add, 12)


def test_requirement_list(org, manager, client_for):
    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            i = next(_n)
            dept = core.department_create(actor=None, organization=org, name=f"Dept{i}")
            pos = core.position_create(actor=None, organization=org, name=f"Position{i}", department=dept)
            services.requirement_create(
                actor=None, organization=org, position=pos, kind=TrainingKind.JOB, topic=f"Topic{i}"
            )
            shown += [f"Position{i}", f"Dept{i}", f"Topic{i}"]
        return shown

    assert_constant_queries(client_for(manager), _url("requirement_list", org), add, 10)


def test_campaign_list(org, manager, client_for, link_login):
    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            i = next(_n)
            campaign = services.campaign_create(
                actor=None,
                organization=org,
                title=f"Campaign{i}",
                version="1.0",
                message="Read the policy",
            )
            reader = link_login(_person(org), f"reader{i}")
            services.awareness_confirm(actor=reader.user, organization=org, campaign=campaign)
            shown += [f"Campaign{i}"]
        return shown

    body = assert_constant_queries(client_for(manager), _url("campaign_list", org), add, 11)
    assert body.count("1 / 9</td>") == 9  # one confirmation each, of the nine people asked


def test_api_sessions(org, manager):
    add = _sessions(org, manager)
    assert_constant_queries(api_client(manager, org), _api(org, "sessions"), lambda k: add(k)[::3], 3)


def test_api_attendance(org, manager):
    session = services.session_create(
        actor=None,
        organization=org,
        kind=TrainingKind.KICKOFF,
        title="Kick-off",
        starts_at=timezone.now() - dt.timedelta(minutes=10),
    )

    def add(k: int) -> list[str]:
        people = [_person(org) for _ in range(k)]
        services.session_invite(actor=None, organization=org, session=session, people=people)
        for p in people:
            services.attendance_record(
                actor=manager, organization=org, session=session, person=p, present=True
            )
        return [p.full_name for p in people]

    url = _api(org, f"sessions/{session.pk}/attendance")
    assert_constant_queries(api_client(manager, org), url, add, 4)


def test_api_competence_matrix(org, manager):
    pos = core.position_create(actor=None, organization=org, name="Engineer")
    services.requirement_create(actor=None, organization=org, position=pos, kind=TrainingKind.KICKOFF)
    services.requirement_create(actor=None, organization=org, position=pos, kind=TrainingKind.JOB, topic="T")
    held = _sessions(org, manager, held=True)

    def add(k: int) -> list[str]:
        people = [_person(org, pos) for _ in range(k)]
        held(1)
        return [p.full_name for p in people]

    assert_constant_queries(api_client(manager, org), _api(org, "competence-matrix"), add, 6)


def test_session_attendance(org, manager, client_for):
    session = services.session_create(
        actor=None,
        organization=org,
        kind=TrainingKind.KICKOFF,
        title="Kick-off",
        starts_at=timezone.now() - dt.timedelta(minutes=10),
    )

    def add(k: int) -> list[str]:
        people = [_person(org) for _ in range(k)]
        services.session_invite(actor=None, organization=org, session=session, people=people)
        for p in people[::2]:
            services.attendance_record(
                actor=manager, organization=org, session=session, person=p, present=True
            )
        return [*(p.full_name for p in people), *(str(p.department) for p in people)]

    url = reverse("training:session_attendance", kwargs={"org": org.slug, "pk": session.pk})
    assert_constant_queries(client_for(manager), url, add, 12)


def test_awareness_campaign_people(org, manager, client_for, link_login):
    campaign = services.campaign_create(actor=None, organization=org, title="Policy", version="1.0")

    def add(k: int) -> list[str]:
        shown = []
        for _ in range(k):
            waiting, reader = _person(org), _person(org)
            login = link_login(reader, f"reader{next(_n)}")
            services.awareness_confirm(actor=login.user, organization=org, campaign=campaign)
            shown += [waiting.full_name, str(waiting.department), reader.full_name]
        return shown

    url = reverse("training:campaign_detail", kwargs={"org": org.slug, "pk": campaign.pk})
    body = assert_constant_queries(client_for(manager), url, add, 13)
    assert body.count("<li>Person") == 2 * 9  # nine waiting, nine confirmed
