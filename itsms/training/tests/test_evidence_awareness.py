from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from itsms.catalogue.constants import ISO20000_URN
from itsms.catalogue.models import Clause, DocumentedInfo, Requirement, Standard
from itsms.core.milestones import reached
from itsms.core.models import AuditEntry, Notification
from itsms.training import selectors, services
from itsms.training.evidence import training_evidence
from itsms.training.models import TrainingKind, TrainingStatus


@pytest.fixture
def catalogue(db):
    """The two clauses this area proves, as the shipped library names them (only what the provider reads)."""
    std = Standard.objects.create(
        urn=ISO20000_URN, ref="ISO/IEC 20000-1", version=1, name="x", loaded_at=timezone.now()
    )
    urns = {}
    for order, ref in enumerate(["7.2", "7.3"]):
        clause = Clause.objects.create(
            standard=std, urn=f"{ISO20000_URN}:c:{ref}", ref_id=ref, title=ref, order=order
        )
        req = Requirement.objects.create(clause=clause, urn=f"{clause.urn}:r1", ref=f"{ref}-a", text="x")
        urns[ref] = [clause.urn, req.urn]
    doc = DocumentedInfo.objects.create(
        standard=std,
        clause=Clause.objects.get(ref_id="7.2"),
        urn=f"{ISO20000_URN}:d:7.2",
        kind="R",
        title="x",
    )
    urns["7.2"].append(doc.urn)
    return urns


def _held_kickoff(org, manager, make_session, people):
    session = make_session(starts_at=timezone.now() - dt.timedelta(days=1))
    for p in people:
        services.attendance_record(actor=manager, organization=org, session=session, person=p, present=True)
    services.session_transition(actor=manager, organization=org, session=session, target=TrainingStatus.HELD)
    return session


def test_provider_answers_for_7_2_and_7_3_urns(org, manager, make_person, make_session, catalogue):
    _held_kickoff(org, manager, make_session, [make_person("A"), make_person("B")])
    answer = training_evidence(org)
    # One answer per clause and kind, on the clause's URN: nothing is counted twice.
    c72, c73 = catalogue["7.2"][0], catalogue["7.3"][0]
    records = reverse("training:records", kwargs={"org": org.slug})
    assert set(answer) == {
        f"{c72}#training.records",
        f"{c73}#training.awareness_sessions",
        f"{c73}#training.awareness_confirmations",
    }
    assert (answer[f"{c72}#training.records"].count, answer[f"{c72}#training.records"].url) == (2, records)
    # A kick-off tells everybody about the system: it counts for awareness too.
    sessions = answer[f"{c73}#training.awareness_sessions"]
    assert (sessions.count, sessions.url) == (2, records + "?kind=awareness&kind=kickoff")
    assert answer[f"{c73}#training.awareness_confirmations"].count == 0


def test_provider_uses_a_constant_number_of_queries(
    org, manager, make_person, make_session, catalogue, django_assert_num_queries
):
    _held_kickoff(org, manager, make_session, [make_person("A")])
    with django_assert_num_queries(4):
        training_evidence(org)
    _held_kickoff(org, manager, make_session, [make_person(f"P{i}") for i in range(10)])
    with django_assert_num_queries(4):
        training_evidence(org)


def test_milestones_follow_the_records(org, manager, make_person, make_session):
    keys = ["training.kickoff_held", "training.key_personnel_trained", "training.document_writing_trained"]
    assert [e.count for e in reached(org, keys).values()] == [0, 0, 0]
    planned = make_session()
    services.attendance_record(
        actor=manager, organization=org, session=planned, person=make_person("A"), present=True
    )
    assert reached(org, keys)["training.kickoff_held"].count == 0  # not held yet
    services.session_transition(actor=manager, organization=org, session=planned, target=TrainingStatus.HELD)
    assert [e.count for e in reached(org, keys).values()] == [1, 0, 0]


def test_awareness_campaign_lists_who_has_not_confirmed(org, manager, make_person, link_login):
    a = link_login(make_person("A"), "a-user")
    link_login(make_person("B"), "b-user")
    campaign = services.campaign_create(actor=manager, organization=org, title="Policy", version="1.0")
    assert Notification.objects.filter(organization=org).count() == 2
    services.awareness_confirm(actor=a.user, organization=org, campaign=campaign)
    assert [p.full_name for p in selectors.campaign_unconfirmed(campaign)] == ["B"]
    assert AuditEntry.objects.filter(action="awareness.confirm").count() == 1
    assert reached(org, ["training.awareness_done"])["training.awareness_done"].count == 0


def test_awareness_done_when_everybody_confirmed(org, manager, make_person, link_login):
    a = link_login(make_person("A"), "a-user")
    campaign = services.campaign_create(actor=manager, organization=org, title="Policy", version="1.0")
    services.awareness_confirm(actor=a.user, organization=org, campaign=campaign)
    assert reached(org, ["training.awareness_done"])["training.awareness_done"].count == 1


def test_closed_campaign_refuses_confirmation(org, manager, make_person, link_login):
    a = link_login(make_person("A"), "a-user")
    campaign = services.campaign_create(actor=manager, organization=org, title="Policy", version="1.0")
    services.campaign_close(actor=manager, organization=org, campaign=campaign)
    with pytest.raises(ValidationError):
        services.awareness_confirm(actor=a.user, organization=org, campaign=campaign)
    assert campaign.confirmations.count() == 0


def test_sign_in_sheet_pdf_lists_the_invited(org, manager, make_person, make_session, client_for):
    session = make_session(title="Kick-off meeting")
    services.session_invite(
        actor=manager, organization=org, session=session, people=[make_person("Zhang San")]
    )
    response = client_for(manager).get(
        reverse("training:sign_in_sheet", kwargs={"org": org.slug, "pk": session.pk}) + "?lang=en"
    )
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Sign-in sheet" in text
    assert "Zhang San" in text
    assert "Signature" in text


def test_records_xlsx_and_pdf(org, manager, make_person, make_session, client_for):
    _held_kickoff(org, manager, make_session, [make_person("Li Si")])
    client = client_for(manager)
    pdf = client.get(reverse("training:records_export", kwargs={"org": org.slug, "fmt": "pdf"}) + "?lang=en")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Training records" in text and "Li Si" in text
    xlsx = client.get(reverse("training:records_export", kwargs={"org": org.slug, "fmt": "xlsx"}))
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].endswith("training-records.xlsx")
    assert TrainingKind.KICKOFF  # the session kind exported is the kick-off
