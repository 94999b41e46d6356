"""Names that a spreadsheet would execute, or that XML cannot hold, come out of every training export as text."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from itsms.core import services as core
from itsms.core.tests.export_flow import export_through_job
from itsms.training import services
from itsms.training.models import TrainingKind, TrainingStatus

FORMULA = '=HYPERLINK("http://x","y")'


def _held(org, manager, make_session, people):  # noqa: ANN001, ANN202
    session = make_session(starts_at=timezone.now() - dt.timedelta(days=3))
    for p in people:
        services.attendance_record(actor=manager, organization=org, session=session, person=p, present=True)
    services.session_transition(actor=manager, organization=org, session=session, target=TrainingStatus.HELD)
    return session


def test_a_formula_name_is_a_text_cell_in_the_competence_matrix(
    org, manager, make_person, make_session, client_for, django_capture_on_commit_callbacks
):
    pos = core.position_create(actor=None, organization=org, name="+工程师")
    services.requirement_create(actor=None, organization=org, position=pos, kind=TrainingKind.KICKOFF)
    _held(org, manager, make_session, [make_person(FORMULA, position=pos)])
    _, response = export_through_job(
        client_for(manager),
        org,
        "training.matrix",
        {"format": "xlsx", "department": "", "lang": "en"},
        django_capture_on_commit_callbacks,
    )
    ws = load_workbook(io.BytesIO(response.getvalue())).active
    name, position = ws.cell(row=2, column=1), ws.cell(row=2, column=4)
    assert (name.value, name.data_type, name.quotePrefix) == (FORMULA, "s", True)
    assert (position.value, position.data_type, position.quotePrefix) == ("+工程师", "s", True)
    # Nothing in the sheet is a formula.
    assert [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"] == []


def test_a_formula_name_is_a_text_cell_in_the_training_records(
    org, manager, make_person, make_session, client_for
):
    _held(org, manager, make_session, [make_person(FORMULA), make_person("@SUM(A1)")])
    url = reverse("training:records_export", kwargs={"org": org.slug, "fmt": "xlsx"})
    ws = load_workbook(io.BytesIO(client_for(manager).get(url + "?lang=en").content))["Training records"]
    column = [c.value for c in ws[1]].index("Person") + 1
    cells = sorted((ws.cell(row=r, column=column) for r in (2, 3)), key=lambda c: c.value)
    assert [(c.value, c.data_type) for c in cells] == [(FORMULA, "s"), ("@SUM(A1)", "s")]
    assert [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"] == []


def test_a_control_character_in_a_name_no_longer_breaks_the_training_records(
    org, manager, make_person, make_session, client_for
):
    # Before: openpyxl raised IllegalCharacterError and the export answered 500 for the whole organization.
    _held(org, manager, make_session, [make_person("Bell\x07Ann"), make_person("Bob")])
    url = reverse("training:records_export", kwargs={"org": org.slug, "fmt": "xlsx"})
    response = client_for(manager).get(url + "?lang=en")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content))["Training records"]
    column = [c.value for c in ws[1]].index("Person") + 1
    assert sorted(ws.cell(row=r, column=column).value for r in (2, 3)) == ["BellAnn", "Bob"]


def test_a_control_character_in_a_name_no_longer_fails_the_matrix_job(
    org, manager, make_person, client_for, django_capture_on_commit_callbacks
):
    make_person("Tab\tand bell\x07")
    job, response = export_through_job(
        client_for(manager),
        org,
        "training.matrix",
        {"format": "xlsx", "department": "", "lang": "en"},
        django_capture_on_commit_callbacks,
    )
    ws = load_workbook(io.BytesIO(response.getvalue())).active
    assert ws.cell(row=2, column=1).value == "Tab\tand bell"
