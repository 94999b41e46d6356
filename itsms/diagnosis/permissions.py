"""Who may see and do the diagnosis: the people who run it edit, leadership and external auditors read."""

from __future__ import annotations

from typing import Any

from itsms.core.models import Membership, Role

EDITORS = (Role.ORG_ADMIN, Role.MANAGEMENT_REP, Role.WORKING_GROUP, Role.INTERNAL_AUDITOR)
READERS = (*EDITORS, Role.TOP_MANAGEMENT, Role.EXTERNAL_AUDITOR)


def can_view_diagnosis(m: Membership) -> bool:
    return m.is_active and m.has_role(*READERS)


def can_edit_diagnosis(m: Membership, project: Any = None) -> bool:
    return m.is_active and m.has_role(*EDITORS)


def can_issue_diagnosis_report(m: Membership, project: Any = None) -> bool:
    """Issuing the report is the management representative's (or an admin's) call."""
    return m.is_active and m.has_role(Role.ORG_ADMIN, Role.MANAGEMENT_REP)


def can_create_writing_tasks(m: Membership, project: Any = None) -> bool:
    """Hand the report's documents to write or revise over to document control as writing tasks.

    Both areas must agree: the person carries out the diagnosis and assigns writing in document control
    (its admins and the management representative; a document controller does not diagnose).
    """
    return can_edit_diagnosis(m) and m.has_role(Role.ORG_ADMIN, Role.MANAGEMENT_REP)


def can_sign_diagnosis_report(m: Membership, project: Any) -> bool:
    """Only the person named lead of the diagnosis team signs its report, if they also carry it out.

    Reading is not enough: an external auditor is read-only and top management does not diagnose.
    """
    if not (can_edit_diagnosis(m) and m.person_id is not None):
        return False
    lead = project.team.filter(is_lead=True).values_list("person_id", flat=True).first()
    return lead is not None and lead == m.person_id
