"""The appointment letter and the policy: named top manager notified, signature with password, dated by it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from conftest import PASSWORD
from itsms.core import services as core_services
from itsms.core.models import AuditEntry, Notification, Role
from itsms.organization import services
from itsms.organization.models import Appointment, AppointmentStatus, Policy, PolicyStatus

# 17:30 UTC on 4 March is 01:30 on 5 March in Shanghai: the day must come from the organization's zone.
SIGNED_AT = dt.datetime(2026, 3, 4, 17, 30, tzinfo=dt.UTC)


@pytest.fixture
def top(org, make_member):  # noqa: ANN001, ANN201
    m = make_member(org, [Role.TOP_MANAGEMENT], "boss")
    m.person = core_services.person_create(actor=None, organization=org, full_name="Liu Jianguo")
    m.save(update_fields=["person"])
    return m


@pytest.fixture
def mr(org):  # noqa: ANN001, ANN201
    return core_services.person_create(actor=None, organization=org, full_name="Wang Fang")


@pytest.fixture
def at_signature(monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setattr(timezone, "now", lambda: SIGNED_AT)


def _pdf_text(content: bytes) -> str:
    # Lines wrap where the page ends; compare the words.
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


def _letter(org, admin, top, mr):  # noqa: ANN001, ANN202
    return services.appointment_create(
        actor=admin, organization=org, appointee=mr, appointed_by=top.person, duties="Run the SMS"
    )


def test_drafted_letter_has_no_date_and_tells_the_signer(
    org, admin, top, mr, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = _letter(org, admin, top, mr)
    assert (letter.status, letter.effective_date) == (AppointmentStatus.DRAFT, None)
    note = Notification.objects.get(organization=org)
    assert note.recipient == top.user
    assert note.subject == f"Letter of appointment {letter.number} awaits your signature"
    assert note.url == f"/o/{org.slug}/design/appointments/{letter.pk}/"
    assert [m.to for m in mail.outbox] == [[top.user.email]]
    assert (
        mail.outbox[0].subject
        == f"[Acme Chongqing] Letter of appointment {letter.number} awaits your signature"
    )


def test_letter_needs_a_top_manager_with_a_login(org, admin, mr, make_member):
    staff = make_member(org, [Role.STAFF], "clerk")
    staff.person = core_services.person_create(actor=None, organization=org, full_name="Clerk")
    staff.save(update_fields=["person"])
    for signer in (mr, staff.person):  # no login at all; a login without the top-management role
        with pytest.raises(ValidationError) as exc:
            services.appointment_create(
                actor=admin, organization=org, appointee=mr, appointed_by=signer, duties="d"
            )
        assert "appointed_by" in exc.value.error_dict
    assert not Appointment.objects.exists()
    assert not Notification.objects.exists()
    assert not AuditEntry.objects.filter(action="appointment.create").exists()


def test_letter_is_dated_the_day_it_is_signed_in_the_organizations_zone(org, admin, top, mr, at_signature):
    letter = _letter(org, admin, top, mr)
    services.appointment_sign(actor=top.user, organization=org, appointment=letter)
    signed = Appointment.objects.get(pk=letter.pk)
    assert signed.status == AppointmentStatus.SIGNED
    assert signed.status_changed_at == SIGNED_AT
    assert signed.effective_date == dt.date(2026, 3, 5)
    entry = AuditEntry.objects.get(organization=org, action="appointment.signed")
    assert entry.changes["effective_date"] == [None, "2026-03-05"]
    assert entry.changes["signed_at"] == [None, "2026-03-05 01:30 (UTC+08:00)"]


def test_somebody_else_cannot_sign_and_nothing_changes(org, admin, top, mr, make_member):
    letter = _letter(org, admin, top, mr)
    other_top = make_member(org, [Role.TOP_MANAGEMENT], "other-top")
    for actor in (admin, other_top.user):
        with pytest.raises(PermissionDenied):
            services.appointment_sign(actor=actor, organization=org, appointment=letter)
    unchanged = Appointment.objects.get(pk=letter.pk)
    assert (unchanged.status, unchanged.effective_date, unchanged.status_changed_at) == (
        AppointmentStatus.DRAFT,
        None,
        None,
    )
    assert not AuditEntry.objects.filter(action="appointment.signed").exists()


def test_signed_letter_prints_the_signature_time_with_its_zone(org, admin, top, mr, at_signature, client_for):
    letter = _letter(org, admin, top, mr)
    services.appointment_sign(actor=top.user, organization=org, appointment=letter)
    client = client_for(admin)
    base = f"/o/{org.slug}/design/appointments/{letter.pk}/export."
    text = _pdf_text(client.get(base + "pdf?lang=en").content)
    assert "as management representative, effective 2026-03-05." in text
    assert "(top management) on 2026-03-05 01:30 (UTC+08:00)." in text
    docx = Document(io.BytesIO(client.get(base + "docx?lang=en").content))
    paragraphs = [p.text for p in docx.paragraphs]
    assert (
        "Acme Chongqing appoints Wang Fang as management representative, effective 2026-03-05." in paragraphs
    )
    assert (
        "Signed electronically by Liu Jianguo (top management) on 2026-03-05 01:30 (UTC+08:00)." in paragraphs
    )
    zh = _pdf_text(client.get(base + "pdf").content)
    assert "2026-03-05 01:30 (UTC+08:00)" in zh and "电子签署" in zh


def test_draft_letter_shows_no_date(org, admin, top, mr, client_for):
    letter = _letter(org, admin, top, mr)
    text = _pdf_text(
        client_for(admin).get(f"/o/{org.slug}/design/appointments/{letter.pk}/export.pdf?lang=en").content
    )
    assert "effective the day this letter is signed." in text
    assert "Draft: not signed." in text


def _policy(org, admin, top):  # noqa: ANN001, ANN202
    return services.policy_create(
        actor=admin, organization=org, text="Customers first", signer=top.person, manual_title="Manual v1"
    )


def test_drafted_policy_is_not_approved_and_tells_the_signer(
    org, admin, top, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        policy = _policy(org, admin, top)
    assert (policy.status, policy.released_on, policy.status_changed_by) == (PolicyStatus.DRAFT, None, None)
    note = Notification.objects.get(organization=org)
    assert (note.recipient, note.subject) == (top.user, "Service management policy v1 awaits your signature")
    assert note.url == f"/o/{org.slug}/design/policy/{policy.pk}/"
    assert [m.to for m in mail.outbox] == [[top.user.email]]


def test_policy_needs_a_top_manager_with_a_login(org, admin, mr):
    with pytest.raises(ValidationError) as exc:
        services.policy_create(actor=admin, organization=org, text="t", signer=mr)
    assert "signer" in exc.value.error_dict
    assert not Policy.objects.exists()


def test_policy_author_cannot_approve_it(org, admin, top, client_for):
    policy = _policy(org, admin, top)
    with pytest.raises(PermissionDenied):
        services.policy_sign(actor=admin, organization=org, policy=policy)
    url = reverse("organization:policy_sign", kwargs={"org": org.slug, "pk": policy.pk})
    assert client_for(admin).post(url, {"password": PASSWORD}).status_code == 403
    assert Policy.objects.get(pk=policy.pk).status == PolicyStatus.DRAFT
    assert not AuditEntry.objects.filter(action="policy.signed").exists()


def test_named_top_manager_signs_the_policy_with_password(org, admin, top, at_signature, client_for):
    policy = _policy(org, admin, top)
    client = client_for(top.user)
    page = client.get(reverse("organization:policy_detail", kwargs={"org": org.slug, "pk": policy.pk}))
    assert 'id="sign-form"' in page.content.decode()
    url = reverse("organization:policy_sign", kwargs={"org": org.slug, "pk": policy.pk})
    refused = client.post(url, {"password": "wrong"})
    assert refused.status_code == 400
    assert "The password or code is not correct; nothing was signed." in refused.content.decode()
    assert Policy.objects.get(pk=policy.pk).status == PolicyStatus.DRAFT
    assert client.post(url, {"password": PASSWORD}).status_code == 302
    signed = Policy.objects.get(pk=policy.pk)
    assert (signed.status, signed.status_changed_by, signed.released_on) == (
        PolicyStatus.SIGNED,
        top.user,
        dt.date(2026, 3, 5),
    )
    entry = AuditEntry.objects.get(organization=org, action="policy.signed")
    assert entry.changes["released_on"] == [None, "2026-03-05"]
    # Signing twice is refused; the first signature stays.
    assert client.post(url, {"password": PASSWORD}).status_code == 400
    assert Policy.objects.get(pk=policy.pk).status_changed_at == SIGNED_AT
    assert AuditEntry.objects.filter(action="policy.signed").count() == 1


def test_release_order_shows_the_signature_in_both_languages(org, admin, top, at_signature, client_for):
    policy = _policy(org, admin, top)
    client = client_for(admin)
    url = reverse("organization:policy_release_order", kwargs={"org": org.slug, "pk": policy.pk})
    draft = _pdf_text(client.get(url + "?lang=en").content)
    assert "Draft: not signed. Awaiting the signature of Liu Jianguo (top management)." in draft
    assert "Released on: —" in draft
    services.policy_sign(actor=top.user, organization=org, policy=policy)
    text = _pdf_text(client.get(url + "?lang=en").content)
    assert "Customers first" in text and "Manual v1" in text
    assert "Released on: 2026-03-05" in text
    assert "Signed electronically by Liu Jianguo (top management) on 2026-03-05 01:30 (UTC+08:00)." in text
    zh = _pdf_text(client.get(url).content)
    assert "发布令" in zh and "2026-03-05 01:30 (UTC+08:00)" in zh and "电子签署" in zh


def test_appointment_list_filtered_to_signed_letters_as_readiness_links_it(org, admin, top, mr, client_for):
    signed = _letter(org, admin, top, mr)
    services.appointment_sign(actor=top.user, organization=org, appointment=signed)
    draft = _letter(org, admin, top, mr)
    url = reverse("organization:appointment_list", kwargs={"org": org.slug})
    client = client_for(admin)
    everything = client.get(url).context["rows"]
    only_signed = client.get(url + "?status=signed").context["rows"]
    assert {a.pk for a in everything} == {signed.pk, draft.pk}
    assert [a.pk for a in only_signed] == [signed.pk]
