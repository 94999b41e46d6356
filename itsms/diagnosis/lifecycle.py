"""The diagnosis lifecycle: planning → on site → reporting → issued, with steps back before issue."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from itsms.core.lifecycle import Transition

from .models import DiagnosisStatus as S
from .permissions import can_edit_diagnosis, can_issue_diagnosis_report


def _has_assessments(project: Any) -> str | None:
    if not project.assessments.exists():
        return _("Assess at least one requirement before issuing the report.")
    return None


def _ready_to_issue(project: Any) -> str | None:
    refusal = _has_assessments(project)
    if refusal is None and not project.is_signed:
        return _("The lead of the diagnosis team signs the report before it is issued.")
    return refusal


DIAGNOSIS_TRANSITIONS = (
    Transition(S.PLANNING, S.ON_SITE, can_edit_diagnosis),
    Transition(S.ON_SITE, S.PLANNING, can_edit_diagnosis),
    Transition(S.ON_SITE, S.REPORTING, can_edit_diagnosis),
    Transition(S.REPORTING, S.ON_SITE, can_edit_diagnosis),
    Transition(S.REPORTING, S.ISSUED, can_issue_diagnosis_report, guard=_ready_to_issue),
)
