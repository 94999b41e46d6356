"""What the system design proves: clauses 4, 5 and 6 (records per clause) and the organization.* milestones.

Each answer is one aggregate query per kind of record, never one per record.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itsms.catalogue.constants import ISO20000_URN
from itsms.catalogue.models import DocumentedInfo, Requirement
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
    ObjectiveResult,
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


def records(org: Organization) -> dict[str, tuple[int, dt.date | dt.datetime | None, str, object]]:
    """The design's records per clause number: (count, latest, url, label)."""
    found: dict[str, tuple[int, dt.date | dt.datetime | None, str, object]] = {}
    n, latest = _agg(ContextIssue.objects.filter(organization=org), "created_at")
    found["4.1"] = (n, latest, _url(org, "organization:contextissue_list"), _("Context issues"))
    n, latest = _agg(InterestedParty.objects.filter(organization=org), "created_at")
    found["4.2"] = (n, latest, _url(org, "organization:interestedparty_list"), _("Interested parties"))
    n, latest = _agg(ScopeStatement.objects.filter(organization=org), "created_at")
    found["4.3"] = (n, latest, _url(org, "organization:scope"), _("Scope statement"))
    n, latest = _agg(
        GroupMember.objects.filter(organization=org, group__kind=GroupKind.COMMITTEE), "group__formed_on"
    )
    found["5.1"] = (
        n,
        latest,
        _url(org, "organization:group", kind=GroupKind.COMMITTEE),
        _("ISO 20000 committee"),
    )
    n, latest = _agg(Policy.objects.filter(organization=org, released_on__isnull=False), "released_on")
    found["5.2"] = (n, latest, _url(org, "organization:policy"), _("Service management policy"))
    n, latest = _agg(
        Appointment.objects.filter(organization=org, status=AppointmentStatus.SIGNED), "status_changed_at"
    )
    found["5.3"] = (n, latest, _url(org, "organization:appointment_list"), _("Management representative"))
    n, latest = _agg(Risk.objects.filter(organization=org), "created_at")
    found["6.1"] = (n, latest, _url(org, "organization:risk_list"), _("Risks and opportunities"))
    n, latest = _agg(Objective.objects.filter(organization=org), "created_at")
    found["6.2.1"] = (n, latest, _url(org, "organization:objective_list"), _("Objectives"))
    n, latest = _agg(ObjectiveResult.objects.filter(organization=org), "period_end")
    found["6.2.2"] = (n, latest, _url(org, "organization:objective_list"), _("Objective results"))
    return found


def provider(org: Organization) -> dict[str, Evidence]:
    answers: dict[str, Evidence] = {}
    rec = records(org)
    for ref, (n, latest, url, label) in rec.items():
        if n:
            answers[_clause(ref)] = Evidence(n, latest, url, label)  # type: ignore[arg-type]
    # The documented-information items of these clauses are proved by the same records (one query).
    items = DocumentedInfo.objects.filter(
        standard__urn=ISO20000_URN, retired=False, clause__ref_id__in=list(rec)
    ).values_list("urn", "clause__ref_id")
    for urn, ref in items:
        n, latest, url, label = rec[ref]
        if n:
            answers[urn] = Evidence(n, latest, url, label)  # type: ignore[arg-type]
    n_raci, latest_raci = RaciAssignment.objects.filter(organization=org).count(), None
    if n_raci:
        answers[_clause("5.3") + "/raci"] = Evidence(
            n_raci, latest_raci, _url(org, "organization:raci"), _("Responsibility matrix")
        )
    return answers


# --- milestones ----------------------------------------------------------------------------------------


def _ev(count: int, latest: dt.date | dt.datetime | None, url: str, label: object) -> Evidence:
    return Evidence(count, latest, url, label)  # type: ignore[arg-type]


def committee_formed(org: Organization) -> Evidence:
    n, latest = _agg(
        GroupMember.objects.filter(organization=org, group__kind=GroupKind.COMMITTEE), "group__formed_on"
    )
    return _ev(n, latest, _url(org, "organization:group", kind=GroupKind.COMMITTEE), _("Committee members"))


def working_group_formed(org: Organization) -> Evidence:
    n, latest = _agg(
        GroupMember.objects.filter(organization=org, group__kind=GroupKind.WORKING_GROUP), "group__formed_on"
    )
    return _ev(
        n, latest, _url(org, "organization:group", kind=GroupKind.WORKING_GROUP), _("Working-group members")
    )


def mr_appointed(org: Organization) -> Evidence:
    n, latest = _agg(
        Appointment.objects.filter(organization=org, status=AppointmentStatus.SIGNED), "effective_date"
    )
    return _ev(n, latest, _url(org, "organization:appointment_list"), _("Signed appointments"))


def policy_released(org: Organization) -> Evidence:
    n, latest = _agg(Policy.objects.filter(organization=org, released_on__isnull=False), "released_on")
    return _ev(n, latest, _url(org, "organization:policy"), _("Released policies"))


def scope_defined(org: Organization) -> Evidence:
    n, latest = _agg(ScopeStatement.objects.filter(organization=org), "created_at")
    return _ev(n, latest, _url(org, "organization:scope"), _("Scope versions"))


def objectives_set(org: Organization) -> Evidence:
    n, latest = _agg(Objective.objects.filter(organization=org), "created_at")
    return _ev(n, latest, _url(org, "organization:objective_list"), _("Objectives"))


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
