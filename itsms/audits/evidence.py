"""What the nonconformity register proves (clause 10.1) and what it blocks: an open major nonconformity
keeps its clause from being ready, whatever else the clause can show. One aggregate query each.

Corrective actions (10.1) count once an auditor has verified them effective, dated by that verification.
The internal audit (9.2) is not built yet: its evidence kind and milestone are registered as pending, with
the reason, so readiness reports them missing instead of skipping them.
When the audit programme arrives, its provider registers `audits.internal_audit` with `kinds=` and its
milestone under `audits.internal_audit_done`; the placeholders then step aside.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itsms.catalogue.constants import ISO20000_URN
from itsms.core.evidence import Blocker, Evidence, register_blocker, register_pending_kind, register_provider
from itsms.core.milestones import register_pending_milestone
from itsms.core.models import Organization

from .models import Nonconformity, NonconformityGrade, NonconformityStatus

REGISTER = "audits.nonconformities"
INTERNAL_AUDIT = "audits.internal_audit"
CORRECTIVE_ACTIONS = "audits.corrective_actions"
IMPROVEMENT_CLAUSE = "10.1"


def _list_url(organization: Organization, **params: str) -> str:
    url = reverse("audits:nonconformity_list", kwargs={"org": organization.slug})
    return url + ("?" + urlencode(params) if params else "")


VERIFIED = (NonconformityStatus.VERIFIED, NonconformityStatus.CLOSED)


def register_evidence(organization: Organization) -> dict[str, Evidence]:
    """The register itself is the record of nonconformities (10.1), dated when each was raised; the
    corrective actions verified effective are the records of the actions and their results."""
    verified = Q(status__in=VERIFIED)
    row = Nonconformity.objects.filter(organization=organization).aggregate(
        n=Count("pk"),
        latest=Max("raised_at"),
        actions=Count("pk", filter=verified),
        actions_latest=Max("verified_at", filter=verified),
    )
    found: dict[str, Evidence] = {}
    if row["n"]:
        found[f"{ISO20000_URN}:c:{IMPROVEMENT_CLAUSE}#{REGISTER}"] = Evidence(
            row["n"], row["latest"], _list_url(organization), _("Nonconformity register"), REGISTER
        )
    if row["actions"]:
        found[f"{ISO20000_URN}:c:{IMPROVEMENT_CLAUSE}#{CORRECTIVE_ACTIONS}"] = Evidence(
            row["actions"],
            row["actions_latest"],
            _list_url(organization),
            _("Corrective actions verified effective"),
            CORRECTIVE_ACTIONS,
        )
    return found


def open_major(organization: Organization) -> dict[str, Blocker]:
    """Open major nonconformities per clause (through their requirement)."""
    rows = (
        Nonconformity.objects.filter(
            organization=organization, grade=NonconformityGrade.MAJOR, requirement__isnull=False
        )
        .exclude(status=NonconformityStatus.CLOSED)
        .values("requirement__clause__urn", "requirement__clause__ref_id")
        .annotate(n=Count("pk"))
    )
    return {
        r["requirement__clause__urn"]: Blocker(
            r["n"],
            _list_url(organization, grade="major", open="1", clause=r["requirement__clause__ref_id"]),
            _("Open major nonconformities"),
        )
        for r in rows
    }


def register() -> None:
    register_provider(
        "audits",
        _("Nonconformity register"),
        register_evidence,
        kinds={REGISTER: _("Nonconformity register"), CORRECTIVE_ACTIONS: _("corrective action records")},
    )
    register_blocker("audits.open_major", open_major)
    register_pending_kind(
        INTERNAL_AUDIT, _("internal audit records"), _("the internal-audit module is not in use yet")
    )
    register_pending_milestone(
        "audits.internal_audit_done",
        _("Internal audit completed"),
        _("the internal-audit module is not in use yet"),
    )
