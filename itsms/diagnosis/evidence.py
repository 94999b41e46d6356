"""What the diagnosis can prove: only the milestone "report issued".

Its assessments are a self-assessment (the gap analysis), not evidence that a requirement is met, so the
diagnosis registers no evidence provider: readiness never counts them.
"""

from __future__ import annotations

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itsms.core.evidence import Evidence
from itsms.core.models import Organization

from .models import DiagnosisProject, DiagnosisStatus


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
