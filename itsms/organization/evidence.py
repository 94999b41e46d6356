"""What the system design proves: clauses 4, 5 and 6 (records per clause) and the organization.* milestones.

Each answer is one aggregate query per kind of record, never one per record.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itsms.catalogue.constants import ISO20000_URN
from itsms.catalogue.models import Requirement
from itsms.core.evidence import Evidence
from itsms.core.models import Organization

from .models import (
    Appointment,
    AppointmentStatus,
    ContextIssue,
    GroupKind,
    GroupMember,
    InterestedParty,
    Objective,
    Policy,
    RaciAssignment,
    RaciLetter,
    Risk,
    ScopeStatement,
)


def _agg(qs, date_field: str) -> tuple[int, dt.date | dt.datetime | None]:
    row = qs.aggregate(n=Count("pk"), latest=Max(date_field))
    return row["n"], row["latest"]


def _url(org: Organization, name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"org": org.slug, **kwargs})


def _clause(ref: str) -> str:
    return f"{ISO20000_URN}:c:{ref}"


# Evidence kinds of the design. Registers (context, parties, scope versions, risks, objectives, RACI) are
# maintained information with no date of their own: they count, undated. Records carry their own date
# (the date a group was formed, a signature's time, a release date); one without it does not count.
KINDS = {
    "organization.context": _("Context issues"),
    "organization.interested_parties": _("Interested parties"),
    "organization.scope": _("Scope statement"),
    "organization.committee": _("ISO 20000 committee"),
    "organization.policy": _("Released service management policy"),
    "organization.appointment": _("Signed appointment of the management representative"),
    "organization.raci": _("Responsibility matrix"),
    "organization.risks": _("Risks and opportunities"),
    "organization.objectives": _("Objectives"),
}


def _register(org: Organization, kind: str, qs, url: str) -> Evidence:  # noqa: ANN001
    return Evidence(qs.count(), None, url, KINDS[kind], kind)


def _dated(org: Organization, kind: str, qs, date_field: str, url: str) -> Evidence:  # noqa: ANN001
    n, latest = _agg(qs.filter(**{f"{date_field}__isnull": False}), date_field)
    return Evidence(n, latest, url, KINDS[kind], kind)


def committee(org: Organization) -> Evidence:
    """The committee's members: a register (counted whether or not the group's formation date is given),
    dated by that formation date when it is."""
    n, latest = _agg(
        GroupMember.objects.filter(organization=org, group__kind=GroupKind.COMMITTEE), "group__formed_on"
    )
    kind = "organization.committee"
    return Evidence(n, latest, _url(org, "organization:group", kind=GroupKind.COMMITTEE), KINDS[kind], kind)


def policy_released_evidence(org: Organization) -> Evidence:
    return _dated(
        org,
        "organization.policy",
        Policy.objects.filter(organization=org),
        "released_on",
        _url(org, "organization:policy"),
    )


def appointment_signed(org: Organization) -> Evidence:
    return _dated(
        org,
        "organization.appointment",
        Appointment.objects.filter(organization=org, status=AppointmentStatus.SIGNED),
        "status_changed_at",
        _url(org, "organization:appointment_list") + "?status=signed",
    )


def scope_versions(org: Organization) -> Evidence:
    return _register(
        org,
        "organization.scope",
        ScopeStatement.objects.filter(organization=org),
        _url(org, "organization:scope"),
    )


def objectives(org: Organization) -> Evidence:
    return _register(
        org,
        "organization.objectives",
        Objective.objects.filter(organization=org),
        _url(org, "organization:objective_list"),
    )


def records(org: Organization) -> dict[str, list[Evidence]]:
    """The design's evidence per clause number, one aggregate query per kind."""
    return {
        "4.1": [
            _register(
                org,
                "organization.context",
                ContextIssue.objects.filter(organization=org),
                _url(org, "organization:contextissue_list"),
            )
        ],
        "4.2": [
            _register(
                org,
                "organization.interested_parties",
                InterestedParty.objects.filter(organization=org),
                _url(org, "organization:interestedparty_list"),
            )
        ],
        "4.3": [scope_versions(org)],
        "5.1": [committee(org)],
        "5.2.1": [policy_released_evidence(org)],
        "5.3": [
            appointment_signed(org),
            _register(
                org,
                "organization.raci",
                RaciAssignment.objects.filter(organization=org),
                _url(org, "organization:raci"),
            ),
        ],
        "6.1": [
            _register(
                org,
                "organization.risks",
                Risk.objects.filter(organization=org),
                _url(org, "organization:risk_list"),
            )
        ],
        "6.2.1": [objectives(org)],
        # The objectives carry who measures them, how and how often: the plan to achieve them.
        "6.2.2": [objectives(org)],
    }


def provider(org: Organization) -> dict[str, Evidence]:
    """Per clause URN; with several kinds on one clause, each kind has its own key (`urn#kind`)."""
    answers: dict[str, Evidence] = {}
    for ref, found in records(org).items():
        for e in found:
            if e.count:
                answers[f"{_clause(ref)}#{e.kind}"] = e
    return answers


# --- milestones ----------------------------------------------------------------------------------------


def _ev(count: int, latest: dt.date | dt.datetime | None, url: str, label: object) -> Evidence:
    return Evidence(count, latest, url, label)  # type: ignore[arg-type]


def committee_formed(org: Organization) -> Evidence:
    return committee(org)


def working_group_formed(org: Organization) -> Evidence:
    n, latest = _agg(
        GroupMember.objects.filter(organization=org, group__kind=GroupKind.WORKING_GROUP), "group__formed_on"
    )
    return _ev(
        n, latest, _url(org, "organization:group", kind=GroupKind.WORKING_GROUP), _("Working-group members")
    )


def mr_appointed(org: Organization) -> Evidence:
    return appointment_signed(org)


def policy_released(org: Organization) -> Evidence:
    return policy_released_evidence(org)


def scope_defined(org: Organization) -> Evidence:
    return scope_versions(org)


def objectives_set(org: Organization) -> Evidence:
    return objectives(org)


def raci_done(org: Organization) -> Evidence:
    """Done when every current requirement of the standard has exactly one accountable department."""
    stats = Requirement.objects.filter(clause__standard__urn=ISO20000_URN, retired=False).aggregate(
        total=Count("pk", distinct=True),
    )
    accountable = (
        RaciAssignment.objects.filter(
            organization=org,
            letter=RaciLetter.ACCOUNTABLE,
            requirement__retired=False,
            requirement__clause__standard__urn=ISO20000_URN,
        )
        .values("requirement_id")
        .annotate(n=Count("pk"))
        .aggregate(one=Count("requirement_id", filter=Q(n=1)), total=Count("requirement_id"))
    )
    complete = stats["total"] > 0 and accountable["one"] == stats["total"] == accountable["total"]
    return _ev(
        1 if complete else 0,
        None,
        _url(org, "organization:raci_coverage"),
        _("Responsibility matrix complete"),
    )
