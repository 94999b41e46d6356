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
