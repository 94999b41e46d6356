from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from itsms.core import services as core
from itsms.core.tests.export_flow import export_through_job
from itsms.training import services
from itsms.training.matrix import (
    DONE,
    EXPIRED,
    FAILED,
    MISSING,
    NOT_REQUIRED,
    add_months,
    competence_matrix,
    matrix_people,
)
from itsms.training.models import TrainingKind, TrainingStatus


def _held(org, manager, make_session, people, *, days_ago=10, scores=None, **values):
    session = make_session(starts_at=timezone.now() - dt.timedelta(days=days_ago), **values)
    for p in people:
        score = scores.get(p.full_name) if scores else None
        services.attendance_record(
            actor=manager, organization=org, session=session, person=p, present=True, score=score
        )
    services.session_transition(actor=manager, organization=org, session=session, target=TrainingStatus.HELD)
    return session


def test_cells_show_done_missing_expired_failed(org, manager, tree, make_person, make_session):
    agent = core.position_create(actor=None, organization=org, name="坐席", department=tree["SD"])
    clerk = core.position_create(actor=None, organization=org, name="会计", department=tree["FIN"])
    services.requirement_create(actor=None, organization=org, position=agent, kind=TrainingKind.KICKOFF)
    services.requirement_create(
        actor=None, organization=org, position=agent, kind=TrainingKind.SPECIAL_POST, validity_months=12
    )
    done = make_person("A done", tree["SD"], agent)
    expired = make_person("B expired", tree["SD"], agent)
    failed = make_person("C failed", tree["SD"], agent)
    make_person("D clerk", tree["FIN"], clerk)
    _held(org, manager, make_session, [done, expired, failed])
    _held(
        org,
        manager,
        make_session,
        [done, failed],
        kind=TrainingKind.SPECIAL_POST,
        has_assessment=True,
        pass_mark=60,
        scores={"A done": 80, "C failed": 30},
    )
    _held(
        org,
        manager,
        make_session,
        [expired],
        days_ago=400,
        kind=TrainingKind.SPECIAL_POST,
        has_assessment=True,
        pass_mark=60,
        scores={"B expired": 90},
    )
    m = competence_matrix(org, matrix_people(org))
    assert [c.kind for c in m.columns] == [TrainingKind.KICKOFF, TrainingKind.SPECIAL_POST]
    states = {r.person.full_name: [c.state for c in r.cells] for r in m.rows}
    assert states == {
        "A done": [DONE, DONE],
        "B expired": [DONE, EXPIRED],
        "C failed": [DONE, FAILED],
        "D clerk": [NOT_REQUIRED, NOT_REQUIRED],
    }
    assert m.totals == {DONE: 4, EXPIRED: 1, FAILED: 1, MISSING: 0}
    a_row = next(r for r in m.rows if r.person.full_name == "A done")
    assert a_row.cells[1].expires_on == add_months(a_row.cells[1].trained_on, 12)


def test_missing_when_nothing_attended_and_topic_must_match(org, manager, make_person, make_session):
    pos = core.position_create(actor=None, organization=org, name="工程师")
    services.requirement_create(
        actor=None, organization=org, position=pos, kind=TrainingKind.JOB, topic="变更"
    )
    p = make_person("P", position=pos)
    _held(org, manager, make_session, [p], kind=TrainingKind.JOB, topic="事件")
    m = competence_matrix(org, matrix_people(org))
    assert [c.state for c in m.rows[0].cells] == [MISSING]


def test_department_filter_includes_sub_departments(org, tree, make_person):
    make_person("Ops", tree["OPS"])
    make_person("Desk", tree["SD"])
    make_person("Fin", tree["FIN"])
    assert [p.full_name for p in matrix_people(org, department_id=tree["OPS"].pk)] == ["Desk", "Ops"]


def test_add_months_keeps_the_end_of_month():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 11, 15), 14) == dt.date(2027, 1, 15)


def _grow(org, manager, make_person, make_session, n, tag):
    positions = [core.position_create(actor=None, organization=org, name=f"{tag}-pos{i}") for i in range(3)]
    for i, pos in enumerate(positions):
        services.requirement_create(
            actor=None, organization=org, position=pos, kind=TrainingKind.JOB, topic=f"{tag}{i}"
        )
        services.requirement_create(
            actor=None, organization=org, position=pos, kind=TrainingKind.KICKOFF, topic=f"{tag}{i}"
        )
    people = [make_person(f"{tag}-{i}", position=positions[i % 3]) for i in range(n)]
    _held(org, manager, make_session, people, kind=TrainingKind.JOB, topic=f"{tag}0")


def _count_queries(client, url, django_assert_max_num_queries, n):
    with django_assert_max_num_queries(n) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _count_export_queries(client, url, capture, django_assert_max_num_queries, n):
    """The request and the background job it starts (run at commit), together."""
    with django_assert_max_num_queries(n) as ctx:
        with capture(execute=True):
            assert client.post(url, {"format": "xlsx"}).status_code == 302
    return len(ctx.captured_queries)


def test_matrix_page_and_export_queries_stay_constant(
    org,
    manager,
    make_person,
    make_session,
    client_for,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    client = client_for(manager)
    page = reverse("training:matrix", kwargs={"org": org.slug})
    export = reverse("core:export_start", kwargs={"org": org.slug, "kind": "training.matrix"})
    _grow(org, manager, make_person, make_session, 3, "a")
    small = (
        _count_queries(client, page, django_assert_max_num_queries, 30),
        _count_export_queries(
            client, export, django_capture_on_commit_callbacks, django_assert_max_num_queries, 60
        ),
    )
    _grow(org, manager, make_person, make_session, 30, "b")
    large = (
        _count_queries(client, page, django_assert_max_num_queries, 30),
        _count_export_queries(
            client, export, django_capture_on_commit_callbacks, django_assert_max_num_queries, 60
        ),
    )
    assert small == large


def test_matrix_xlsx_has_a_row_per_person(
    org, manager, make_person, make_session, client_for, django_capture_on_commit_callbacks
):
    pos = core.position_create(actor=None, organization=org, name="工程师")
    services.requirement_create(actor=None, organization=org, position=pos, kind=TrainingKind.KICKOFF)
    p = make_person("张三", position=pos)
    _held(org, manager, make_session, [p])
    job, response = export_through_job(
        client_for(manager),
        org,
        "training.matrix",
        {"format": "xlsx", "department": "", "lang": "en"},
        django_capture_on_commit_callbacks,
    )
    assert job.file.original_name == "competence-matrix.xlsx"
    assert job.params == {"format": "xlsx", "department": None}
    ws = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == (
        "Person",
        "Employee number",
        "Department",
        "Position",
        "Kick-off meeting (all staff)",
    )
    assert rows[1][0] == "张三"
    assert rows[1][4].startswith("done ")


def test_matrix_pdf_for_a_department(
    org, manager, tree, make_person, make_session, client_for, django_capture_on_commit_callbacks
):
    make_person("李四", department=tree["SD"])
    make_person("王五", department=tree["FIN"])
    job, response = export_through_job(
        client_for(manager),
        org,
        "training.matrix",
        {"format": "pdf", "department": str(tree["SD"].pk), "lang": "en"},
        django_capture_on_commit_callbacks,
    )
    assert (job.file.original_name, response["Content-Type"]) == ("competence-matrix.pdf", "application/pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.getvalue())).pages)
    assert "Competence matrix" in text and "李四" in text and "王五" not in text


def test_matrix_export_of_another_organizations_department_is_404(org, other_org, manager, client_for):
    foreign = core.department_create(actor=None, organization=other_org, name="外部")
    url = reverse("core:export_start", kwargs={"org": org.slug, "kind": "training.matrix"})
    response = client_for(manager).post(url, {"format": "xlsx", "department": str(foreign.pk)})
    assert response.status_code == 404
