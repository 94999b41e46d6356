"""The demo organization reads like one real year: `seed_demo` is run once and its records checked."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from itsms.core import demo
from itsms.core.models import AuditEntry, Organization
from itsms.core.timezones import org_zone_active
from itsms.documents.models import Document, Level, Meaning, Revision, RevStatus, Signature
from itsms.organization.models import Appointment, Policy, ScopeStatement
from itsms.training.models import Attendance

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        org = Organization.objects.get(slug=demo.DEMO_SLUG)
        yield org
        from django.core.management import call_command as cc

        cc("flush", interactive=False, verbosity=0)


def _local(org, when):
    with org_zone_active(org):
        return timezone.localtime(when)


def test_audit_trail_in_time_order_and_never_after_today(seeded):
    times = list(
        AuditEntry.objects.filter(organization=seeded).order_by("seq").values_list("created_at", flat=True)
    )
    assert len(times) > 500
    assert times == sorted(times)
    assert times[-1] <= timezone.now()
    first = _local(seeded, times[1])
    assert (timezone.localdate() - first.date()).days > 300  # a year of preparation, not one instant


def test_no_record_dated_after_the_seeding_day(seeded):
    from itsms.training.models import TrainingSession

    today = timezone.localdate()
    assert not Revision.objects.filter(organization=seeded, effective_date__gt=today).exists()
    assert not TrainingSession.objects.filter(organization=seeded, starts_at__gt=timezone.now()).exists()
    assert not Policy.objects.filter(organization=seeded, released_on__gt=today).exists()
    assert not Appointment.objects.filter(organization=seeded, effective_date__gt=today).exists()


def test_people_acted_in_working_hours_on_working_days(seeded):
    entries = AuditEntry.objects.filter(organization=seeded, actor__isnull=False)
    assert entries.count() > 300
    for entry in entries:
        local = _local(seeded, entry.created_at)
        assert local.weekday() < 5 and 8 <= local.hour < 18, (entry.action, local)


def test_every_sign_in_at_or_after_the_session_start(seeded):
    present = Attendance.objects.filter(session__organization=seeded, present=True).select_related("session")
    assert present.count() > 10
    for attendance in present:
        assert attendance.signed_at is not None
        assert attendance.signed_at >= attendance.session.starts_at
    assert present.filter(method="self").exists() and present.filter(method="organizer").exists()


def test_released_revisions_effective_on_or_after_their_approval(seeded):
    released = Revision.objects.filter(
        organization=seeded, status__in=[RevStatus.RELEASED, RevStatus.SUPERSEDED, RevStatus.WITHDRAWN]
    )
    assert released.count() > 25
    for revision in released:
        approval = revision.signatures.get(meaning=Meaning.APPROVED)
        assert revision.effective_date >= _local(seeded, approval.signed_at).date()
        reviewers = set(
            revision.signatures.filter(meaning=Meaning.REVIEWED).values_list("signer__username", flat=True)
        )
        assert reviewers == {"mr"} and approval.signer.username == "topmgmt"
        assert revision.created_by.username == "doccontrol"


def test_signatures_have_real_actors(seeded):
    assert not Signature.objects.filter(organization=seeded, signer__isnull=True).exists()
    for action in ("revision.sign", "document.withdraw"):
        entries = AuditEntry.objects.filter(organization=seeded, action=action)
        assert entries.exists() and not entries.filter(actor__isnull=True).exists()


def test_appointment_letter_dated_on_its_signature(seeded):
    letter = Appointment.objects.get(organization=seeded)
    assert letter.status == "signed"
    assert letter.effective_date == _local(seeded, letter.status_changed_at).date()
    signed = AuditEntry.objects.filter(
        organization=seeded, object_type__icontains="appointment", changes__has_key="effective_date"
    ).get()
    assert signed.actor.username == "topmgmt"
    assert _local(seeded, signed.created_at).date() == letter.effective_date


def test_policy_approved_by_the_top_manager_signature(seeded):
    policy = Policy.objects.get(organization=seeded)
    assert policy.status == "signed" and policy.signer.employee_no == "YL001"
    signed = AuditEntry.objects.filter(
        organization=seeded, object_type__icontains="policy", changes__has_key="released_on"
    ).get()
    assert signed.actor.username == "topmgmt"
    assert _local(seeded, signed.created_at).date() == policy.released_on


def test_legal_name_identical_in_scope_policy_and_manual(seeded):
    name = demo.LEGAL_NAME_ZH
    assert seeded.name_zh == name and seeded.name_en == demo.LEGAL_NAME_EN
    assert name in ScopeStatement.objects.get(organization=seeded).statement
    assert name in Policy.objects.get(organization=seeded).text
    manual = Document.objects.get(organization=seeded, level=Level.MANUAL)
    assert name in manual.current_revision.text
    for text in (
        ScopeStatement.objects.get(organization=seeded).statement,
        Policy.objects.get(organization=seeded).text,
        manual.current_revision.text,
    ):
        assert "云岚" not in text


def test_seed_demo_again_adds_no_audit_entry(seeded):
    before = AuditEntry.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert AuditEntry.objects.count() == before
