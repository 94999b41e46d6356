"""What the training area proves: records of competence (7.2) and awareness (7.3), and four milestones.

Each answer is one or two aggregate queries; the catalogue's URNs are looked up by clause number in the
shipped ISO/IEC 20000-1 library, so nothing here hard-codes them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itsms.core.evidence import Evidence, register_provider
from itsms.core.milestones import register_milestone
from itsms.core.models import Organization, Person

from .models import Attendance, AwarenessCampaign, AwarenessConfirmation, TrainingKind
from .models.sessions import TOOK_PLACE

COMPETENCE_CLAUSE = "7.2"
AWARENESS_CLAUSE = "7.3"


def _clause_urns() -> dict[str, str]:
    """{clause ref: clause urn} for 7.2 and 7.3 in the loaded ISO/IEC 20000-1 library (one query)."""
    from itsms.catalogue.constants import ISO20000_URN
    from itsms.catalogue.models import Clause

    return dict(
        Clause.objects.filter(
            standard__urn=ISO20000_URN, ref_id__in=(COMPETENCE_CLAUSE, AWARENESS_CLAUSE), retired=False
        ).values_list("ref_id", "urn")
    )


RECORDS = "training.records"
AWARENESS_SESSIONS = "training.awareness_sessions"
AWARENESS_CONFIRMATIONS = "training.awareness_confirmations"
KINDS = {
    RECORDS: _("Training records"),
    AWARENESS_SESSIONS: _("Attendance at awareness sessions"),
    AWARENESS_CONFIRMATIONS: _("Awareness confirmations"),
}
AWARENESS_KINDS = (TrainingKind.AWARENESS, TrainingKind.KICKOFF)


def _records(organization: Organization, *kinds: str) -> Evidence:
    """Attendance at sessions that took place, dated by the session (its own date, not the entry's)."""
    qs = Attendance.objects.filter(organization=organization, present=True, session__status__in=TOOK_PLACE)
    if kinds:
        qs = qs.filter(session__kind__in=kinds)
    row = qs.aggregate(count=Count("id"), latest=Max("session__starts_at"))
    return Evidence(count=row["count"], latest=row["latest"])


def training_evidence(organization: Organization) -> dict[str, Evidence]:
    urns = _clause_urns()
    records_url = reverse("training:records", kwargs={"org": organization.slug})
    competence = _records(organization)
    competence = Evidence(competence.count, competence.latest, records_url, KINDS[RECORDS], RECORDS)
    sessions = _records(organization, *AWARENESS_KINDS)
    sessions = Evidence(
        sessions.count,
        sessions.latest,
        records_url + "?" + "&".join(f"kind={k}" for k in AWARENESS_KINDS),
        KINDS[AWARENESS_SESSIONS],
        AWARENESS_SESSIONS,
    )
    row = AwarenessConfirmation.objects.filter(organization=organization).aggregate(
        count=Count("id"), latest=Max("confirmed_at")
    )
    confirmations = Evidence(
        row["count"],
        row["latest"],
        reverse("training:campaign_list", kwargs={"org": organization.slug}),
        KINDS[AWARENESS_CONFIRMATIONS],
        AWARENESS_CONFIRMATIONS,
    )
    # One answer per clause and kind (on the clause's URN), so that nothing is counted twice.
    answer: dict[str, Evidence] = {}
    if COMPETENCE_CLAUSE in urns:
        answer[f"{urns[COMPETENCE_CLAUSE]}#{RECORDS}"] = competence
    if AWARENESS_CLAUSE in urns:
        answer[f"{urns[AWARENESS_CLAUSE]}#{AWARENESS_SESSIONS}"] = sessions
        answer[f"{urns[AWARENESS_CLAUSE]}#{AWARENESS_CONFIRMATIONS}"] = confirmations
    return answer


def _kind_held(kind: str) -> Callable[[Organization], Evidence]:
    def fn(organization: Organization) -> Evidence:
        row = Attendance.objects.filter(
            organization=organization, present=True, session__kind=kind, session__status__in=TOOK_PLACE
        ).aggregate(count=Count("session_id", distinct=True), latest=Max("session__starts_at"))
        return Evidence(
            count=row["count"],
            latest=row["latest"],
            url=reverse("training:session_list", kwargs={"org": organization.slug}) + f"?kind={kind}",
        )

    return fn


def awareness_done(organization: Organization) -> Evidence:
    """An awareness session with attendance, or a campaign every active person confirmed."""
    held = _kind_held(TrainingKind.AWARENESS)(organization)
    audience = Person.objects.filter(organization=organization, is_active=True).count()
    complete = (
        AwarenessCampaign.objects.filter(organization=organization)
        .annotate(
            n=Count("confirmations", filter=Q(confirmations__person__is_active=True)),
            latest=Max("confirmations__confirmed_at"),
        )
        .filter(n__gte=audience, n__gt=0)
    )
    # Campaigns are few; their dates are combined here rather than aggregating an aggregate.
    dates = [d for d in complete.values_list("latest", flat=True) if d is not None]
    latest = max([d for d in (held.latest, *dates) if d is not None], default=None)
    return Evidence(
        count=held.count + len(dates),
        latest=latest,
        url=reverse("training:campaign_list", kwargs={"org": organization.slug}),
    )


def register_training_evidence() -> None:
    register_provider("training", _("Training and awareness records"), training_evidence, kinds=KINDS)
    register_milestone("training.kickoff_held", _("Kick-off meeting held"), _kind_held(TrainingKind.KICKOFF))
    register_milestone(
        "training.key_personnel_trained",
        _("Key personnel trained"),
        _kind_held(TrainingKind.KEY_PERSONNEL),
    )
    register_milestone(
        "training.document_writing_trained",
        _("Document-writing training held"),
        _kind_held(TrainingKind.DOCUMENT_WRITING),
    )
    register_milestone("training.awareness_done", _("Policy and objectives awareness done"), awareness_done)
