"""Opportunities for improvement (10.2): proposed, decided with a reason, and the outcome of accepted ones."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from itsms.audits import services
from itsms.audits.models import Improvement
from itsms.core.models import AuditEntry, Role
from itsms.core.tests.queries import assert_constant_queries

_n = itertools.count(1)


@pytest.fixture
def top(org, make_member):  # noqa: ANN001, ANN201
    return make_member(org, [Role.TOP_MANAGEMENT], "top").user


def _propose(org, actor=None, title="自动化巡检"):  # noqa: ANN001, ANN202
    return services.improvement_propose(actor=actor, organization=org, title=title, source="self_reported")


def test_propose_is_numbered_and_audited(org, auditor):
    ofi = _propose(org, auditor)
    assert (ofi.number, ofi.status, ofi.proposed_by) == (
        f"OFI-{timezone.now().year}-0001",
        "proposed",
        auditor,
    )
    entry = AuditEntry.objects.get(organization=org, action="improvement.raise")
    assert entry.changes["title"] == [None, "自动化巡检"]


def test_staff_cannot_propose(org, staff):
    with pytest.raises(PermissionDenied):
        _propose(org, staff)
    assert not Improvement.objects.exists()


def test_accept_then_outcome(org, top):
    ofi = _propose(org)
    services.improvement_decide(actor=top, organization=org, improvement=ofi, accept=True, reason="成本低")
    services.improvement_record_outcome(actor=top, organization=org, improvement=ofi, outcome="巡检时间减半")
    ofi.refresh_from_db()
    assert (ofi.status, ofi.decision_reason, ofi.outcome) == ("done", "成本低", "巡检时间减半")
    entry = AuditEntry.objects.get(organization=org, action="improvement.accepted")
    assert entry.changes == {"status": ["proposed", "accepted"], "decision_reason": [None, "成本低"]}


def test_reject_needs_a_reason_and_ends_there(org, top):
    ofi = _propose(org)
    with pytest.raises(ValidationError):
        services.improvement_decide(actor=top, organization=org, improvement=ofi, accept=False, reason=" ")
    ofi.refresh_from_db()
    assert ofi.status == "proposed"
    services.improvement_decide(
        actor=top, organization=org, improvement=ofi, accept=False, reason="不在范围内"
    )
    with pytest.raises(ValidationError):
        services.improvement_record_outcome(actor=top, organization=org, improvement=ofi, outcome="x")
    ofi.refresh_from_db()
    assert (ofi.status, ofi.outcome) == ("rejected", "")


def test_an_auditor_does_not_decide(org, auditor):
    ofi = _propose(org)
    with pytest.raises(PermissionDenied):
        services.improvement_decide(actor=auditor, organization=org, improvement=ofi, accept=True, reason="r")
    ofi.refresh_from_db()
    assert (ofi.status, ofi.decision_reason) == ("proposed", "")


def test_the_register_and_detail_pages(org, top, client_for):
    ofi = _propose(org)
    client = client_for(top)
    kw = {"org": org.slug, "pk": ofi.pk}
    assert (
        client.post(
            reverse("audits:improvement_decide", kwargs=kw), {"accept": "1", "reason": "好"}
        ).status_code
        == 302
    )
    body = client.get(reverse("audits:improvement_detail", kwargs=kw)).content.decode()
    assert "Status changed to “Accepted”" in body and 'id="improvement-outcome"' in body


def test_improvement_list_queries_are_constant(org, admin, client_for):
    def add(k: int) -> list[str]:
        return [_propose(org, title=f"改进{next(_n)}").number for _ in range(k)]

    assert_constant_queries(
        client_for(admin), reverse("audits:improvement_list", kwargs={"org": org.slug}), add, 11
    )
