"""The system design: groups, the signed appointment and its letters, registers, RACI coverage, evidence."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from conftest import PASSWORD
from itsms.catalogue.constants import ISO20000_URN
from itsms.catalogue.models import Requirement
from itsms.core import services as core_services
from itsms.core.milestones import reached
from itsms.core.models import AuditEntry, Role
from itsms.organization import services
from itsms.organization.evidence import provider
from itsms.organization.models import Appointment, AppointmentStatus, GroupKind, Objective, Risk
from itsms.organization.selectors import coverage


@pytest.fixture
def top(org, make_member):  # noqa: ANN001, ANN201
    m = make_member(org, [Role.TOP_MANAGEMENT], "boss")
    m.person = core_services.person_create(actor=None, organization=org, full_name="刘建国")
    m.save(update_fields=["person"])
    return m


@pytest.fixture
def appointment(org, admin, top):  # noqa: ANN001, ANN201
    mr = core_services.person_create(actor=None, organization=org, full_name="王芳")
    return services.appointment_create(
        actor=admin,
        organization=org,
        appointee=mr,
        appointed_by=top.person,
        duties="Run the SMS\nReport to top management",
    )


def test_appointment_gets_a_number(appointment):
    assert appointment.number == f"RM-{dt.date.today().year}-01"
    assert appointment.status == AppointmentStatus.DRAFT


def test_only_the_appointing_top_manager_signs(org, admin, appointment):
    with pytest.raises(PermissionDenied):
        services.appointment_sign(actor=admin, organization=org, appointment=appointment)
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.DRAFT


def test_sign_with_password_through_the_page(org, top, appointment, client_for):
    client = client_for(top.user)
    url = reverse("organization:appointment_sign", kwargs={"org": org.slug, "pk": appointment.pk})
    assert client.post(url, {"password": "wrong"}).status_code == 400
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.DRAFT
    assert client.post(url, {"password": PASSWORD}).status_code == 302
    signed = Appointment.objects.get(pk=appointment.pk)
    assert (signed.status, signed.status_changed_by) == (AppointmentStatus.SIGNED, top.user)
    assert AuditEntry.objects.filter(organization=org, action="appointment.signed").count() == 1
    assert reached(org, ["organization.mr_appointed"])["organization.mr_appointed"].count == 1


def test_appointment_letter_pdf_and_docx(org, admin, appointment, client_for):
    client = client_for(admin)
    pdf = client.get(
        reverse(
            "organization:appointment_export", kwargs={"org": org.slug, "pk": appointment.pk, "fmt": "pdf"}
        )
        + "?lang=en"
    )
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Letter of appointment of the management representative" in text
    assert "Report to top management" in text
    docx = client.get(
        reverse(
            "organization:appointment_export", kwargs={"org": org.slug, "pk": appointment.pk, "fmt": "docx"}
        )
    )
    assert docx.content[:2] == b"PK"


def test_committee_member_and_milestone(org, admin, top):
    assert reached(org, ["organization.committee_formed"])["organization.committee_formed"].count == 0
    services.group_member_add(
        actor=admin, organization=org, kind=GroupKind.COMMITTEE, person=top.person, role_in_group="主任"
    )
    with pytest.raises(ValidationError):
        services.group_member_add(
            actor=admin, organization=org, kind=GroupKind.COMMITTEE, person=top.person, role_in_group="主任"
        )
    assert reached(org, ["organization.committee_formed"])["organization.committee_formed"].count == 1


def test_staff_cannot_write_registers(org, staff, top):
    with pytest.raises(PermissionDenied):
        services.record_create(
            actor=staff,
            organization=org,
            model=Risk,
            title="x",
            likelihood=1,
            impact=1,
            treatment="t",
            owner=top.person,
            review_date=dt.date(2026, 1, 1),
        )
    assert not Risk.objects.filter(organization=org).exists()


def test_risk_score_and_range(org, admin, top):
    risk = services.record_create(
        actor=admin,
        organization=org,
        model=Risk,
        title="x",
        likelihood=4,
        impact=5,
        treatment="t",
        owner=top.person,
        review_date=dt.date(2026, 1, 1),
    )
    assert risk.score == 20
    with pytest.raises(ValidationError):
        services.record_update(actor=admin, organization=org, obj=risk, likelihood=6)
    assert Risk.objects.get(pk=risk.pk).likelihood == 4


def test_objective_results_by_owner_and_chart(org, admin, top, client_for):
    objective = services.record_create(
        actor=admin,
        organization=org,
        model=Objective,
        title="SLA",
        target=Decimal("95"),
        owner=top.person,
        method="m",
        frequency="monthly",
    )
    services.objective_result_add(
        actor=top.user,
        organization=org,
        objective=objective,
        period_end=dt.date(2026, 1, 31),
        value=Decimal("96.5"),
    )
    with pytest.raises(ValidationError):
        services.objective_result_add(
            actor=top.user,
            organization=org,
            objective=objective,
            period_end=dt.date(2026, 1, 31),
            value=Decimal("90"),
        )
    body = (
        client_for(admin)
        .get(reverse("organization:objective_detail", kwargs={"org": org.slug, "pk": objective.pk}))
        .content.decode()
    )
    assert '"labels": ["2026-01-31"], "values": [96.5], "target": 95.0' in body


def test_scope_versions(org, admin):
    services.scope_create(actor=admin, organization=org, services="a", locations="b", statement="s", units=[])
    second = services.scope_create(
        actor=admin, organization=org, services="a2", locations="b", statement="s", units=[]
    )
    assert second.version == 2


def test_raci_coverage_and_evidence(org, admin, iso20000):
    qa = core_services.department_create(actor=None, organization=org, name="QA")
    ops = core_services.department_create(actor=None, organization=org, name="OPS")
    reqs = list(Requirement.objects.filter(clause__standard__urn=ISO20000_URN, clause__ref_id="4.1"))
    services.raci_set(
        actor=admin,
        organization=org,
        cells={(qa.pk, reqs[0].pk): "A", (ops.pk, reqs[0].pk): "A", (ops.pk, reqs[1].pk): "R"},
    )
    c = coverage(org)
    assert [(r.pk, names) for r, names in c.several_accountable] == [(reqs[0].pk, ["OPS", "QA"])]
    assert reqs[1] in c.without_accountable
    assert [(cl.ref_id, names) for cl, names in c.handoffs] == [("4.1", ["OPS", "QA"])]
    assert len(c.without_accountable) == c.total - 1
    services.record_create(
        actor=admin,
        organization=org,
        model=Objective,
        title="SLA",
        target=95,
        owner=core_services.person_create(actor=None, organization=org, full_name="x"),
        method="m",
        frequency="monthly",
    )
    answers = provider(org)
    assert answers[f"{ISO20000_URN}:c:6.2.1#organization.objectives"].count == 1
    assert f"{ISO20000_URN}:c:4.1#organization.context" not in answers


def test_org_chart_query_count_is_constant(org, admin, client_for, django_assert_max_num_queries):
    dept = core_services.department_create(actor=None, organization=org, name="OPS")
    client = client_for(admin)
    url = reverse("organization:org_chart", kwargs={"org": org.slug})
    for n in (3, 30):
        for i in range(n):
            core_services.person_create(actor=None, organization=org, full_name=f"P{n}-{i}", department=dept)
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
