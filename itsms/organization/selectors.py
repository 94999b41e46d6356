"""Reads of the system design, scoped to the organization, each in a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from itsms.catalogue.constants import ISO20000_URN
from itsms.catalogue.models import Clause, Requirement
from itsms.catalogue.selectors import requirements_for, standard_by_urn
from itsms.core.models import Department, Organization, Person
from itsms.core.selectors import department_tree

from .models import (
    Appointment,
    ContextIssue,
    Group,
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


def group_with_members(org: Organization, kind: str) -> tuple[Group | None, list[GroupMember]]:
    group = Group.objects.filter(organization=org, kind=kind).first()
    if group is None:
        return None, []
    members = list(
        GroupMember.objects.filter(group=group).select_related("person__department", "person__position")
    )
    return group, members


def group_member_get(org: Organization, pk: int) -> GroupMember:
    return get_object_or_404(GroupMember.objects.select_related("person", "group"), organization=org, pk=pk)


def appointments_for_org(org: Organization) -> QuerySet[Appointment]:
    return Appointment.objects.filter(organization=org).select_related(
        "appointee__position", "appointed_by__position", "status_changed_by"
    )


def appointment_get(org: Organization, pk: int) -> Appointment:
    return get_object_or_404(appointments_for_org(org), pk=pk)


def context_issues(org: Organization) -> QuerySet[ContextIssue]:
    return ContextIssue.objects.filter(organization=org).order_by("kind", "pk")


def interested_parties(org: Organization) -> QuerySet[InterestedParty]:
    return InterestedParty.objects.filter(organization=org).order_by("pk")


def risks(org: Organization) -> QuerySet[Risk]:
    return Risk.objects.filter(organization=org).select_related("owner").order_by("review_date", "pk")


def objectives(org: Organization) -> QuerySet[Objective]:
    return (
        Objective.objects.filter(organization=org)
        .select_related("owner")
        .prefetch_related(Prefetch("results", ObjectiveResult.objects.order_by("period_end")))
        .order_by("pk")
    )


def scopes(org: Organization) -> QuerySet[ScopeStatement]:
    return ScopeStatement.objects.filter(organization=org).prefetch_related("units").order_by("-version")


def policies(org: Organization) -> QuerySet[Policy]:
    return (
        Policy.objects.filter(organization=org)
        .select_related("signer__position", "status_changed_by")
        .order_by("-version")
    )


def policy_get(org: Organization, pk: int) -> Policy:
    return get_object_or_404(policies(org), pk=pk)


def record_get(org: Organization, model: type, pk: int):
    return get_object_or_404(model, organization=org, pk=pk)


def people_choices(org: Organization) -> QuerySet[Person]:
    return Person.objects.filter(organization=org, is_active=True).order_by("full_name")


# --- responsibility matrix ---------------------------------------------------------------------------


@dataclass
class Coverage:
    without_accountable: list[Requirement] = field(default_factory=list)
    several_accountable: list[tuple[Requirement, list[str]]] = field(default_factory=list)
    # clause ref -> departments with R or A (a process shared by several departments has hand-offs)
    handoffs: list[tuple[Clause, list[str]]] = field(default_factory=list)
    total: int = 0


def iso_requirements(clause_ref: str | None = None) -> list[Requirement]:
    standard = standard_by_urn(ISO20000_URN)
    if standard is None:
        return []
    return list(requirements_for(standard, [clause_ref] if clause_ref else None))


def raci_cells(org: Organization, requirement_ids: list[int]) -> dict[tuple[int, int], str]:
    rows = RaciAssignment.objects.filter(organization=org, requirement_id__in=requirement_ids).values_list(
        "department_id", "requirement_id", "letter"
    )
    return {(d, r): letter for d, r, letter in rows}


def coverage(org: Organization) -> Coverage:
    """Requirements with no or several accountable departments, and per clause the departments that hand
    work to each other: three queries whatever the size of the matrix."""
    reqs = iso_requirements()
    names = {d.pk: d.name for d in Department.objects.filter(organization=org)}
    accountable: dict[int, list[str]] = defaultdict(list)
    doing: dict[int, set[str]] = defaultdict(set)
    for dept, req, letter in RaciAssignment.objects.filter(organization=org).values_list(
        "department_id", "requirement_id", "letter"
    ):
        if letter == RaciLetter.ACCOUNTABLE:
            accountable[req].append(names[dept])
        if letter in (RaciLetter.ACCOUNTABLE, RaciLetter.RESPONSIBLE):
            doing[req].add(names[dept])
    result = Coverage(total=len(reqs))
    per_clause: dict[int, tuple[Clause, set[str]]] = {}
    for r in reqs:
        owners = accountable.get(r.pk, [])
        if not owners:
            result.without_accountable.append(r)
        elif len(owners) > 1:
            result.several_accountable.append((r, sorted(owners)))
        entry = per_clause.setdefault(r.clause_id, (r.clause, set()))
        entry[1].update(doing.get(r.pk, set()))
    result.handoffs = [(c, sorted(d)) for c, d in per_clause.values() if len(d) > 1]
    return result


def org_chart(org: Organization) -> list[tuple[Department, int, list[Person]]]:
    """The department tree with its people and their positions: two queries."""
    people: dict[int | None, list[Person]] = defaultdict(list)
    for p in (
        Person.objects.filter(organization=org, is_active=True)
        .select_related("position")
        .order_by("full_name")
    ):
        people[p.department_id].append(p)
    return [(d, depth, people.get(d.pk, [])) for d, depth in department_tree(org)]
