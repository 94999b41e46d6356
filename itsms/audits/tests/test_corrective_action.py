"""The corrective-action lifecycle of a nonconformity (10.1): each step in order, by the right role, with
its audit entry; refusals change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from itsms.audits import services
from itsms.audits.models import Nonconformity
from itsms.core import services as core
from itsms.core.models import AuditEntry, Reminder, Role
from itsms.core.timezones import org_zone

CHAIN = [("为什么没有变更记录?", "工程师不知道要记录"), ("为什么不知道?", "没有培训")]


@pytest.fixture
def manager(org, make_member):  # noqa: ANN001, ANN201
    return make_member(org, [Role.DEPARTMENT_MANAGER], "mgr").user


@pytest.fixture
def owner(org, make_member):  # noqa: ANN001, ANN201
    """The action owner: a person with a login, so that reminders reach someone."""
    person = core.person_create(actor=None, organization=org, full_name="李四")
    m = make_member(org, [Role.STAFF], "owner")
    m.person = person
    m.save(update_fields=["person"])
    return person


def _today(org):  # noqa: ANN001, ANN202
    return timezone.now().astimezone(org_zone(org)).date()


def _raise(org, auditor):  # noqa: ANN001, ANN202
    return services.nonconformity_raise(
        actor=auditor, organization=org, source="internal_audit", statement="未保留变更记录", grade="major"
    )


def _to_planned(org, manager, auditor, owner, due=None):  # noqa: ANN001, ANN202
    nc = _raise(org, auditor)
    services.nonconformity_record_correction(
        actor=manager, organization=org, nonconformity=nc, correction="补录"
    )
    services.nonconformity_analyse_cause(
        actor=manager,
        organization=org,
        nonconformity=nc,
        why_chain=CHAIN,
        cause_category="people",
        root_cause="缺少培训",
    )
    return services.nonconformity_plan_action(
        actor=manager,
        organization=org,
        nonconformity=nc,
        plan="培训并发布模板",
        owner=owner,
        due=due or _today(org) + dt.timedelta(days=14),
    )


def _actions(org):  # noqa: ANN001, ANN202
    return list(
        AuditEntry.objects.filter(organization=org, object_type="audits.nonconformity")
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_the_whole_lifecycle_in_order(org, manager, auditor, owner, make_member):
    nc = _to_planned(org, manager, auditor, owner)
    services.nonconformity_record_implementation(
        actor=manager, organization=org, nonconformity=nc, evidence="培训记录 TR-7"
    )
    services.nonconformity_verify(
        actor=auditor, organization=org, nonconformity=nc, effective=True, note="抽查3份"
    )
    services.nonconformity_close(actor=auditor, organization=org, nonconformity=nc)
    nc.refresh_from_db()
    assert nc.status == "closed"
    assert nc.why_chain == [
        {"why": "为什么没有变更记录?", "because": "工程师不知道要记录"},
        {"why": "为什么不知道?", "because": "没有培训"},
    ]
    assert (nc.correction, nc.cause_category, nc.root_cause) == ("补录", "people", "缺少培训")
    assert (nc.action_plan, nc.action_owner, nc.implementation_evidence) == (
        "培训并发布模板",
        owner,
        "培训记录 TR-7",
    )
    assert (nc.verification, nc.verified_by) == ("抽查3份", auditor)
    assert nc.closed_at is not None
    assert _actions(org) == [
        "nonconformity.raise",
        "nonconformity.correction_recorded",
        "nonconformity.cause_analysed",
        "nonconformity.action_planned",
        "nonconformity.implemented",
        "nonconformity.verified",
        "nonconformity.closed",
    ]
    planned = AuditEntry.objects.get(organization=org, action="nonconformity.action_planned")
    assert planned.changes == {
        "status": ["cause_analysed", "action_planned"],
        "action_plan": ["", "培训并发布模板"],
        "action_owner": [None, owner.pk],
        "action_due": [None, (_today(org) + dt.timedelta(days=14)).isoformat()],
    }


def test_a_step_out_of_order_is_refused_and_stores_nothing(org, manager, auditor):
    nc = _raise(org, auditor)
    with pytest.raises(ValidationError):
        services.nonconformity_analyse_cause(
            actor=manager,
            organization=org,
            nonconformity=nc,
            why_chain=CHAIN,
            cause_category="people",
            root_cause="x",
        )
    nc.refresh_from_db()
    assert (nc.status, nc.why_chain, nc.root_cause) == ("open", [], "")
    assert _actions(org) == ["nonconformity.raise"]


def test_the_wrong_role_is_refused_and_stores_nothing(org, staff, auditor):
    nc = _raise(org, auditor)
    for actor in (staff, auditor):
        with pytest.raises(PermissionDenied):
            services.nonconformity_record_correction(
                actor=actor, organization=org, nonconformity=nc, correction="x"
            )
    nc.refresh_from_db()
    assert (nc.status, nc.correction) == ("open", "")
    assert _actions(org) == ["nonconformity.raise"]


def test_only_an_internal_auditor_verifies(org, manager, auditor, owner, admin):
    nc = _to_planned(org, manager, auditor, owner)
    services.nonconformity_record_implementation(
        actor=manager, organization=org, nonconformity=nc, evidence="e"
    )
    for actor in (manager, admin):
        with pytest.raises(PermissionDenied):
            services.nonconformity_verify(
                actor=actor, organization=org, nonconformity=nc, effective=True, note="n"
            )
    nc.refresh_from_db()
    assert (nc.status, nc.verification, nc.verified_by) == ("implemented", "", None)


def test_an_auditor_does_not_verify_their_own_action(org, manager, make_member):
    auditor_m = make_member(org, [Role.INTERNAL_AUDITOR], "aud2")
    person = core.person_create(actor=None, organization=org, full_name="王五")
    auditor_m.person = person
    auditor_m.save(update_fields=["person"])
    nc = _to_planned(org, manager, None, person)
    services.nonconformity_record_implementation(
        actor=manager, organization=org, nonconformity=nc, evidence="e"
    )
    with pytest.raises(PermissionDenied):
        services.nonconformity_verify(
            actor=auditor_m.user, organization=org, nonconformity=nc, effective=True, note="自己验证"
        )
    nc.refresh_from_db()
    assert (nc.status, nc.verification) == ("implemented", "")
    assert "nonconformity.verified" not in _actions(org)


def test_an_ineffective_action_goes_back_to_planning_with_the_reason(org, manager, auditor, owner):
    nc = _to_planned(org, manager, auditor, owner)
    services.nonconformity_record_implementation(
        actor=manager, organization=org, nonconformity=nc, evidence="e"
    )
    services.nonconformity_verify(
        actor=auditor, organization=org, nonconformity=nc, effective=False, note="仍有两份变更无记录"
    )
    nc.refresh_from_db()
    assert nc.status == "action_planned"
    entry = AuditEntry.objects.filter(organization=org, action="nonconformity.action_planned").order_by(
        "-seq"
    )[0]
    assert entry.changes["status"] == ["implemented", "action_planned"]
    assert entry.changes["note"] == [None, "仍有两份变更无记录"]
    # The owner is reminded again about the reopened action.
    assert Reminder.objects.filter(
        organization=org, topic=services.reminder_topic(nc), sent_at__isnull=True
    ).exists()


def test_a_closed_one_cannot_be_closed_before_verification(org, manager, auditor, owner):
    nc = _to_planned(org, manager, auditor, owner)
    with pytest.raises(ValidationError):
        services.nonconformity_close(actor=auditor, organization=org, nonconformity=nc)
    nc.refresh_from_db()
    assert (nc.status, nc.closed_at) == ("action_planned", None)


def test_the_why_chain_needs_both_halves(org, manager, auditor):
    nc = _raise(org, auditor)
    services.nonconformity_record_correction(
        actor=manager, organization=org, nonconformity=nc, correction="c"
    )
    with pytest.raises(ValidationError) as exc:
        services.nonconformity_analyse_cause(
            actor=manager,
            organization=org,
            nonconformity=nc,
            why_chain=[("为什么?", "")],
            cause_category="process",
            root_cause="r",
        )
    assert exc.value.message_dict == {"why_chain": ["Each step needs both the why and the because."]}
    nc.refresh_from_db()
    assert (nc.status, nc.why_chain) == ("correction_recorded", [])


def test_planning_schedules_reminders_before_on_and_after_the_due_date(org, manager, auditor, owner):
    due = _today(org) + dt.timedelta(days=10)
    nc = _to_planned(org, manager, auditor, owner, due=due)
    zone = org_zone(org)
    times = sorted(
        r.due_at.astimezone(zone) for r in Reminder.objects.filter(topic=services.reminder_topic(nc))
    )
    assert times == [
        dt.datetime.combine(due + dt.timedelta(days=d), dt.time(9), tzinfo=zone) for d in (-3, 0, 1, 7)
    ]
    assert {r.recipient.username for r in Reminder.objects.filter(topic=services.reminder_topic(nc))} == {
        "owner"
    }
    services.nonconformity_record_implementation(
        actor=manager, organization=org, nonconformity=nc, evidence="e"
    )
    assert not Reminder.objects.filter(topic=services.reminder_topic(nc), sent_at__isnull=True).exists()


def test_a_due_date_in_the_past_is_refused(org, manager, auditor, owner):
    with pytest.raises(ValidationError):
        _to_planned(org, manager, auditor, owner, due=_today(org) - dt.timedelta(days=1))
    nc = Nonconformity.objects.get(organization=org)
    assert (nc.status, nc.action_plan, nc.action_due) == ("cause_analysed", "", None)


def test_an_owner_from_another_organization_is_refused(org, other_org, manager, auditor):
    foreign = core.person_create(actor=None, organization=other_org, full_name="外人")
    with pytest.raises(PermissionDenied):
        _to_planned(org, manager, auditor, foreign)
    assert Nonconformity.objects.get(organization=org).status == "cause_analysed"


def test_overdue_actions_show_on_the_register_and_the_dashboard(
    org, admin, manager, auditor, owner, client_for
):
    nc = _to_planned(org, manager, auditor, owner)
    Nonconformity.objects.filter(pk=nc.pk).update(action_due=_today(org) - dt.timedelta(days=2))
    client = client_for(admin)
    body = client.get(reverse("audits:nonconformity_list", kwargs={"org": org.slug})).content.decode()
    assert 'id="nc-overdue-link"' in body and "1 corrective action overdue" in body
    assert body.count('class="badge text-bg-danger nc-overdue"') == 1
    overdue = client.get(reverse("audits:nonconformity_list", kwargs={"org": org.slug}) + "?overdue=1")
    assert nc.number in overdue.content.decode()
    home = client.get(reverse("core:dashboard", kwargs={"org": org.slug})).content.decode()
    assert '<div class="fs-4" id="nc-overdue-count">1</div>' in home


def test_detail_page_shows_the_history_in_words_and_the_next_form(org, manager, auditor, client_for):
    nc = _raise(org, auditor)
    services.nonconformity_record_correction(
        actor=manager, organization=org, nonconformity=nc, correction="补录"
    )
    url = reverse("audits:nonconformity_detail", kwargs={"org": org.slug, "pk": nc.pk})
    body = client_for(manager).get(url).content.decode()
    assert "Status changed to “Correction recorded”" in body
    assert '<td class="diff-after">补录</td>' in body
    assert 'id="step-cause"' in body and 'id="step-correction"' not in body
    # The auditor reads it and has no step to take now.
    assert 'id="step-cause"' not in client_for(auditor).get(url).content.decode()


def test_the_steps_on_the_pages(org, manager, auditor, owner, client_for):
    nc = _raise(org, auditor)
    kw = {"org": org.slug, "pk": nc.pk}
    client = client_for(manager)
    assert (
        client.post(reverse("audits:nonconformity_correction", kwargs=kw), {"correction": "补录"}).status_code
        == 302
    )
    client.post(
        reverse("audits:nonconformity_cause", kwargs=kw),
        {
            "why_1": "为什么",
            "because_1": "因为",
            "why_2": "再问",
            "because_2": "根因",
            "cause_category": "process",
            "root_cause": "流程",
        },
    )
    due = (_today(org) + dt.timedelta(days=5)).isoformat()
    client.post(
        reverse("audits:nonconformity_plan", kwargs=kw),
        {"action_plan": "修订流程", "action_owner": str(owner.pk), "action_due": due},
    )
    client.post(reverse("audits:nonconformity_implement", kwargs=kw), {"evidence": "流程 B 版"})
    client_for(auditor).post(
        reverse("audits:nonconformity_verify", kwargs=kw), {"effective": "1", "note": "有效"}
    )
    client_for(auditor).post(reverse("audits:nonconformity_close", kwargs=kw), {"note": ""})
    nc.refresh_from_db()
    assert nc.status == "closed"
    assert nc.why_chain == [{"why": "为什么", "because": "因为"}, {"why": "再问", "because": "根因"}]
    assert nc.action_due.isoformat() == due


def test_a_refused_step_on_the_page_says_why_and_stores_nothing(org, manager, auditor, client_for):
    nc = _raise(org, auditor)
    kw = {"org": org.slug, "pk": nc.pk}
    response = client_for(manager).post(
        reverse("audits:nonconformity_implement", kwargs=kw), {"evidence": "太早"}, follow=True
    )
    assert "cannot go from “Open” to “Implemented”" in response.content.decode()
    nc.refresh_from_db()
    assert (nc.status, nc.implementation_evidence) == ("open", "")


def test_existing_statuses_keep_working(org, manager, auditor):
    """A row planned under the old lifecycle (action planned, no cause recorded) goes on to implementation."""
    nc = _raise(org, auditor)
    Nonconformity.objects.filter(pk=nc.pk).update(status="action_planned")
    services.nonconformity_record_implementation(
        actor=manager, organization=org, nonconformity=nc, evidence="e"
    )
    nc.refresh_from_db()
    assert nc.status == "implemented"


def test_verified_actions_are_evidence_of_clause_10_1(org, manager, auditor, owner):
    from itsms.audits.evidence import CORRECTIVE_ACTIONS, register_evidence
    from itsms.catalogue.constants import ISO20000_URN

    nc = _to_planned(org, manager, auditor, owner)
    urn = f"{ISO20000_URN}:c:10.1#{CORRECTIVE_ACTIONS}"
    assert urn not in register_evidence(org)
    services.nonconformity_record_implementation(
        actor=manager, organization=org, nonconformity=nc, evidence="e"
    )
    services.nonconformity_verify(actor=auditor, organization=org, nonconformity=nc, effective=True, note="n")
    nc.refresh_from_db()
    evidence = register_evidence(org)[urn]
    assert (evidence.count, evidence.latest, evidence.kind) == (1, nc.verified_at, CORRECTIVE_ACTIONS)


def test_api_steps_and_detail_with_history(org, manager, auditor, owner):
    from itsms.core.tests.queries import api_client

    nc = _raise(org, auditor)
    client = api_client(manager, org)
    base = f"/api/v1/o/{org.slug}/nonconformities/{nc.pk}"
    early = client.post(
        base + "/plan", {"plan": "p", "owner_id": owner.pk, "due": "2099-01-01"}, "application/json"
    )
    assert early.status_code == 400
    nc.refresh_from_db()
    assert (nc.status, nc.action_plan) == ("open", "")
    done = client.post(base + "/correction", {"correction": "补录"}, "application/json")
    assert done.status_code == 200
    body = done.json()
    assert (body["status"], body["correction"]) == ("correction_recorded", "补录")
    assert [h["action"] for h in body["history"]] == [
        "nonconformity.raise",
        "nonconformity.correction_recorded",
    ]
    assert body["history"][1]["label"] == "Status changed to “Correction recorded”"
    # The manager does not verify: 403, and nothing changed.
    refused = client.post(base + "/verification", {"effective": True, "note": "n"}, "application/json")
    assert refused.status_code == 403
    assert client.get(base).json()["status"] == "correction_recorded"
