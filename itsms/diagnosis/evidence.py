"""What the diagnosis can prove: assessments per requirement, and the milestone "report issued"."""

from __future__ import annotations

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itsms.core.evidence import Evidence
from itsms.core.models import Organization

from .models import Assessment, AssessmentResult, DiagnosisProject, DiagnosisStatus


def assessment_evidence(organization: Organization) -> dict[str, Evidence]:
    """One aggregate query: per requirement URN, the assessments that found it met, and the latest.

    Only "conforms" counts: a gap found by the diagnosis is not evidence that the requirement is met.
    """
    url = reverse("diagnosis:project_list", kwargs={"org": organization.slug})
    rows = (
        Assessment.objects.filter(organization=organization, result=AssessmentResult.CONFORMS)
        .values("requirement__urn")
        .annotate(n=Count("pk"), latest=Max("assessed_at"))
    )
    return {
        r["requirement__urn"]: Evidence(
            count=r["n"], latest=r["latest"], url=url, label=_("Found conforming by the diagnosis")
        )
        for r in rows
    }


def report_issued(organization: Organization) -> Evidence:
    agg = DiagnosisProject.objects.filter(organization=organization, status=DiagnosisStatus.ISSUED).aggregate(
        n=Count("pk"), latest=Max("report_issued_on")
    )
    return Evidence(
        count=agg["n"],
        latest=agg["latest"],
        url=reverse("diagnosis:project_list", kwargs={"org": organization.slug}),
        label=_("Diagnosis report issued"),
    )
