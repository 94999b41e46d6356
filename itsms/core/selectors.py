"""Reads scoped to an organization and a user. `*_get` answers 404 for anything outside the organization."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import (
    AccessLogEntry,
    ApiToken,
    AuditEntry,
    Department,
    Membership,
    MembershipRole,
    Organization,
    Person,
    Position,
    Role,
    User,
    current_memberships_q,
)


def memberships_for_user(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(current_memberships_q(), user=user)
        .select_related("organization")
        .order_by("organization__slug")
    )


def membership_for_user(user: User, slug: str) -> Membership:
    """The user's current membership in the organization named by `slug`, or 404 (never 403: no probing).

    Current: active and inside its period of validity, so an external auditor's access ends by itself.
    """
    return get_object_or_404(
        Membership.objects.filter(current_memberships_q())
        .select_related("organization", "person")
        .prefetch_related("roles"),
        organization__slug=slug,
        user=user,
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
    org: Organization,
    *,
    q: str = "",
    department: int | None = None,
    include_inactive: bool = False,
    search_email: bool = True,
) -> QuerySet[Person]:
    qs = Person.objects.filter(organization=org).select_related("department", "position", "membership__user")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if q and search_email:
        qs = qs.filter(full_name__icontains=q) | qs.filter(email__icontains=q)
    elif q:
        # Who may not see addresses may not find people by them either (no probing letter by letter).
        qs = qs.filter(full_name__icontains=q)
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


def watched_memberships(org: Organization) -> QuerySet[Membership]:
    """Memberships whose reads are logged (external auditors), current or not, for the access log's filter."""
    return (
        Membership.objects.filter(organization=org, roles__role=Role.EXTERNAL_AUDITOR)
        .select_related("user")
        .distinct()
        .order_by("user__username")
    )


def access_log_for_org(
    org: Organization, *, membership: int | None = None, before: int | None = None
) -> QuerySet[AccessLogEntry]:
    """Newest first; `before` is the id the previous page ended with (keyset, never an offset)."""
    qs = AccessLogEntry.objects.filter(organization=org).select_related("membership__user")
    if membership is not None:
        qs = qs.filter(membership_id=membership)
    if before is not None:
        qs = qs.filter(id__lt=before)
    return qs.order_by("-id")


def service_desk_contacts(org: Organization) -> list[Membership]:
    """Who a customer can turn to: the service agents of the organization with a current membership."""
    return list(
        Membership.objects.filter(current_memberships_q(), organization=org, roles__role=Role.SERVICE_AGENT)
        .select_related("user", "person")
        .distinct()
        .order_by("user__display_name", "user__username")[:10]
    )
