"""Reads scoped to an organization and a user. `*_get` answers 404 for anything outside the organization."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import (
    ApiToken,
    AuditEntry,
    Department,
    Membership,
    MembershipRole,
    Organization,
    Person,
    Position,
    User,
)


def memberships_for_user(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organization")
        .order_by("organization__slug")
    )


def membership_for_user(user: User, slug: str) -> Membership:
    """The user's active membership in the organization named by `slug`, or 404 (never 403: no probing)."""
    return get_object_or_404(
        Membership.objects.select_related("organization", "person").prefetch_related("roles"),
        organization__slug=slug,
        user=user,
        is_active=True,
    )


def departments_for_org(org: Organization) -> QuerySet[Department]:
    return Department.objects.filter(organization=org).select_related("parent")


def department_tree(org: Organization) -> list[tuple[Department, int]]:
    """Departments in tree order with their depth, from one query."""
    departments = list(departments_for_org(org).order_by("code", "name"))
    children: dict[int | None, list[Department]] = {}
    for d in departments:
        children.setdefault(d.parent_id, []).append(d)
    ordered: list[tuple[Department, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for d in children.get(parent_id, []):
            ordered.append((d, depth))
            walk(d.pk, depth + 1)

    walk(None, 0)
    return ordered


def department_get(org: Organization, pk: int) -> Department:
    return get_object_or_404(Department, organization=org, pk=pk)


def positions_for_org(org: Organization) -> QuerySet[Position]:
    return Position.objects.filter(organization=org).select_related("department").order_by("name")


def position_get(org: Organization, pk: int) -> Position:
    return get_object_or_404(Position, organization=org, pk=pk)


def people_for_org(
    org: Organization, *, q: str = "", department: int | None = None, include_inactive: bool = False
) -> QuerySet[Person]:
    qs = Person.objects.filter(organization=org).select_related("department", "position", "membership__user")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if q:
        qs = qs.filter(full_name__icontains=q) | qs.filter(email__icontains=q)
    if department:
        qs = qs.filter(department_id=department)
    return qs.order_by("full_name", "id")


def person_get(org: Organization, pk: int) -> Person:
    return get_object_or_404(Person, organization=org, pk=pk)


def members_for_org(org: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization=org)
        .select_related("user", "person")
        .prefetch_related(Prefetch("roles", queryset=MembershipRole.objects.order_by("role")))
        .order_by("-is_active", "user__username")
    )


def member_get(org: Organization, pk: int) -> Membership:
    return get_object_or_404(members_for_org(org), pk=pk)


def audit_entries_for_org(org: Organization) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(organization=org).select_related("actor")


def audit_entry_get(org: Organization, seq: int) -> AuditEntry:
    return get_object_or_404(audit_entries_for_org(org), seq=seq)


def api_tokens_for_membership(membership: Membership) -> QuerySet[ApiToken]:
    # Live tokens first, on every database (PostgreSQL would sort NULL last).
    return ApiToken.objects.filter(membership=membership).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-pk"
    )


def api_tokens_for_org(org: Organization) -> QuerySet[ApiToken]:
    return (
        ApiToken.objects.filter(membership__organization=org)
        .select_related("membership__user")
        .order_by("membership__user__username", "-created_at", "-pk")
    )


def api_token_get(org: Organization, pk: int) -> ApiToken:
    return get_object_or_404(api_tokens_for_org(org), pk=pk)


def api_token_for_key_hash(key_hash: str) -> ApiToken | None:
    """The live token with this hash, with what authentication needs loaded (two queries)."""
    return (
        ApiToken.objects.filter(key_hash=key_hash, revoked_at__isnull=True)
        .select_related("membership__organization", "membership__user", "membership__person")
        .prefetch_related("membership__roles")
        .first()
    )
