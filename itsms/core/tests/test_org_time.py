"""Times typed, stored and shown in the organization's zone: pages, the sign-in sheet PDF, the records XLSX.

A training planned at 09:30 in Shanghai is 01:30 UTC in the database and 09:30 everywhere a person reads
it; in Berlin the same holds on both sides of the change to summer time (2026-03-29), and a time the
clocks skip or repeat is refused with a message that says so.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from itsms.core.models import Organization, Role, User
from itsms.training import services as training
from itsms.training.models import TrainingSession, TrainingStatus

UTC = dt.UTC


def _trainer(org: Organization, make_member) -> User:  # noqa: ANN001
    return make_member(org, [Role.WORKING_GROUP]).user


def _plan_through_the_form(client, org: Organization, typed: str):  # noqa: ANN001, ANN202
    return client.post(
        reverse("training:session_create", kwargs={"org": org.slug}),
        {
            "kind": "kickoff",
            "title": "ITSMS kick-off",
            "starts_at": typed,
            "place": "Room 1",
            "max_score": "100",
            "duration_minutes": "90",
        },
    )


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _check_everywhere(client, org: Organization, session: TrainingSession, local: str, offset: str) -> None:  # noqa: ANN001
    """The detail page, the sign-in sheet and the records XLSX all read the typed local time."""
    page = client.get(reverse("training:session_detail", kwargs={"org": org.slug, "pk": session.pk}))
    assert f"{local} ({offset})" in page.content.decode()

    sheet = client.get(reverse("training:sign_in_sheet", kwargs={"org": org.slug, "pk": session.pk}))
    assert sheet.status_code == 200
    text = _pdf_text(sheet.content)
    assert f"{local} ({offset})" in text

    member = training.attendance_record(
        actor=None, organization=org, session=session, person=_person(org), present=True
    )
    assert member.present
    training.session_transition(actor=None, organization=org, session=session, target=TrainingStatus.HELD)
    xlsx = client.get(reverse("training:records_export", kwargs={"org": org.slug, "fmt": "xlsx"}))
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(ws.iter_rows(values_only=True))
    # The heading of a date-time column names the zone its wall times are in (in the records' language).
    zoned_cols = [i for i, title in enumerate(rows[0]) if str(title).endswith(f" ({org.time_zone})")]
    assert len(zoned_cols) == 1
    date_col = zoned_cols[0]
    assert rows[1][date_col] == dt.datetime.strptime(local, "%Y-%m-%d %H:%M")


def _person(org: Organization):  # noqa: ANN202
    from itsms.core import services as core

    return core.person_create(actor=None, organization=org, full_name="张三")


def test_shanghai_0930_is_stored_0130_utc_and_shown_0930(make_org, make_member, client_for):
    org = make_org("sh", time_zone="Asia/Shanghai")
    client = client_for(_trainer(org, make_member))
    response = _plan_through_the_form(client, org, "2026-03-05T09:30")
    assert response.status_code == 302
    session = TrainingSession.objects.get(organization=org)
    assert session.starts_at == dt.datetime(2026, 3, 5, 1, 30, tzinfo=UTC)
    _check_everywhere(client, org, session, "2026-03-05 09:30", "UTC+08:00")


@pytest.mark.parametrize(
    ("typed", "stored_utc", "offset"),
    [
        # The day before the change: winter time, UTC+1.
        ("2026-03-28T09:30", dt.datetime(2026, 3, 28, 8, 30, tzinfo=UTC), "UTC+01:00"),
        # The day after: summer time, UTC+2.
        ("2026-03-30T09:30", dt.datetime(2026, 3, 30, 7, 30, tzinfo=UTC), "UTC+02:00"),
    ],
)
def test_berlin_on_both_sides_of_the_summer_time_change(
    make_org, make_member, client_for, typed, stored_utc, offset
):
    org = make_org("berlin", time_zone="Europe/Berlin", language="en")
    client = client_for(_trainer(org, make_member))
    assert _plan_through_the_form(client, org, typed).status_code == 302
    session = TrainingSession.objects.get(organization=org)
    assert session.starts_at == stored_utc
    _check_everywhere(client, org, session, typed.replace("T", " "), offset)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "2026-03-29T02:30",
            "2026-03-29 02:30 does not exist in Europe/Berlin: the clocks are put forward at that time. "
            "Enter a time outside the hour of the change.",
        ),
        (
            "2026-10-25T02:30",
            "2026-10-25 02:30 occurs twice in Europe/Berlin: the clocks are put back at that time. "
            "Enter a time outside the hour of the change.",
        ),
    ],
)
def test_a_time_the_clocks_skip_or_repeat_is_refused_with_a_message(
    make_org, make_member, client_for, typed, message
):
    org = make_org("berlin", time_zone="Europe/Berlin", language="en")
    client = client_for(_trainer(org, make_member))
    response = _plan_through_the_form(client, org, typed)
    assert response.status_code == 400
    assert response.context["form"].errors["starts_at"] == [message]
    assert not TrainingSession.objects.filter(organization=org).exists()


def test_the_hour_after_the_change_is_accepted(make_org, make_member, client_for):
    org = make_org("berlin", time_zone="Europe/Berlin", language="en")
    client = client_for(_trainer(org, make_member))
    assert _plan_through_the_form(client, org, "2026-03-29T03:00").status_code == 302
    assert TrainingSession.objects.get(organization=org).starts_at == dt.datetime(
        2026, 3, 29, 1, 0, tzinfo=UTC
    )
