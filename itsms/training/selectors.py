"""Reads of the training area, always starting from the organization."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from itsms.core.models import Membership, Organization, Person

from .models import (
    Attendance,
    AwarenessCampaign,
    AwarenessConfirmation,
    CompetenceRequirement,
    TrainingMaterial,
    TrainingSession,
)
from .models.sessions import TOOK_PLACE


def sessions_for_org(org: Organization, *, kind: str = "", status: str = "") -> QuerySet[TrainingSession]:
    """Sessions with their invited and present counts (two subquery counts, not one query per row)."""
    qs = TrainingSession.objects.filter(organization=org)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        invited_count=Count("attendances", filter=Q(attendances__invited=True)),
        present_count=Count("attendances", filter=Q(attendances__present=True)),
    ).order_by("-starts_at", "-id")


def session_get(org: Organization, pk: int) -> TrainingSession:
    return get_object_or_404(TrainingSession, organization=org, pk=pk)


def attendances_for_session(session: TrainingSession) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(session=session)
        .select_related("person", "person__department", "person__position")
        .order_by("person__full_name", "id")
    )


def absent(session: TrainingSession, attendances: list[Attendance]) -> list[Attendance]:
    """Invited and not present, once the session took place (before that nobody is absent yet)."""
    if session.status not in TOOK_PLACE:
        return []
    return [a for a in attendances if a.invited and not a.present]


def materials_for_session(session: TrainingSession) -> QuerySet[TrainingMaterial]:
    return TrainingMaterial.objects.filter(session=session).select_related("file")


def own_attendance(session: TrainingSession, membership: Membership) -> Attendance | None:
    if membership.person_id is None:
        return None
    return Attendance.objects.filter(session=session, person_id=membership.person_id).first()


def training_records(org: Organization, kinds: list[str] | None = None) -> QuerySet[Attendance]:
    """Everybody present at a session that took place: the records of training (clause 7.2); `kinds`
    keeps those of some kinds of session (the awareness records of clause 7.3)."""
    qs = Attendance.objects.filter(organization=org, present=True, session__status__in=TOOK_PLACE)
    if kinds:
        qs = qs.filter(session__kind__in=kinds)
    return qs.select_related("session", "person", "person__department", "person__position").order_by(
        "-session__starts_at", "session_id", "person__full_name", "id"
    )


def attendance_records(org: Organization) -> QuerySet[Attendance]:
    """Sessions held: everybody present, and everybody invited who was absent (the records export)."""
    return (
        Attendance.objects.filter(organization=org, session__status__in=TOOK_PLACE)
        .filter(Q(present=True) | Q(invited=True))
        .select_related("session", "person", "person__department", "person__position")
        .order_by("-session__starts_at", "session_id", "-present", "person__full_name", "id")
    )


def sessions_held_with_counts(org: Organization) -> QuerySet[TrainingSession]:
    """Sessions held with their invited, present and absent counts (aggregates, not one query per row)."""
    return (
        TrainingSession.objects.filter(organization=org, status__in=TOOK_PLACE)
        .annotate(
            invited_count=Count("attendances", filter=Q(attendances__invited=True)),
            present_count=Count("attendances", filter=Q(attendances__present=True)),
            absent_count=Count(
                "attendances", filter=Q(attendances__invited=True, attendances__present=False)
            ),
        )
        .order_by("-starts_at", "-id")
    )


def retraining_list(org: Organization) -> QuerySet[Attendance]:
    """Failed assessments not followed by a pass in a later session of the same kind and topic."""
    later_pass = Attendance.objects.filter(
        person_id=OuterRef("person_id"),
        passed=True,
        session__kind=OuterRef("session__kind"),
        session__topic=OuterRef("session__topic"),
        session__starts_at__gt=OuterRef("session__starts_at"),
        session__status__in=TOOK_PLACE,
    )
    return (
        Attendance.objects.filter(organization=org, passed=False, session__status__in=TOOK_PLACE)
        .exclude(Exists(later_pass))
        .select_related("session", "person", "person__department")
        .order_by("person__full_name", "-session__starts_at")
    )


def requirements_for_org(org: Organization) -> QuerySet[CompetenceRequirement]:
    return CompetenceRequirement.objects.filter(organization=org).select_related(
        "position", "position__department"
    )


def requirement_get(org: Organization, pk: int) -> CompetenceRequirement:
    return get_object_or_404(CompetenceRequirement, organization=org, pk=pk)


def campaigns_for_org(org: Organization) -> QuerySet[AwarenessCampaign]:
    return (
        AwarenessCampaign.objects.filter(organization=org)
        .annotate(confirmed_count=Count("confirmations"))
        .order_by("-created_at", "-id")
    )


def campaign_get(org: Organization, pk: int) -> AwarenessCampaign:
    return get_object_or_404(AwarenessCampaign.objects.select_related("document"), organization=org, pk=pk)


def campaign_audience(org: Organization) -> QuerySet[Person]:
    """Who a campaign asks: every active person of the organization."""
    return Person.objects.filter(organization=org, is_active=True)


def campaign_unconfirmed(campaign: AwarenessCampaign) -> QuerySet[Person]:
    confirmed = AwarenessConfirmation.objects.filter(campaign=campaign, person_id=OuterRef("pk"))
    return (
        campaign_audience(campaign.organization)
        .exclude(Exists(confirmed))
        .select_related("department")
        .order_by("full_name", "id")
    )


def campaign_confirmations(campaign: AwarenessCampaign) -> QuerySet[AwarenessConfirmation]:
    return (
        AwarenessConfirmation.objects.filter(campaign=campaign)
        .select_related("person", "person__department")
        .order_by("person__full_name", "id")
    )
