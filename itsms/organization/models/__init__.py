from .groups import Appointment, AppointmentStatus, Group, GroupKind, GroupMember
from .planning import (
    ContextIssue,
    InterestedParty,
    IssueKind,
    Objective,
    ObjectiveResult,
    Policy,
    RaciAssignment,
    RaciLetter,
    Risk,
    RiskKind,
    ScopeStatement,
)

__all__ = [
    "Appointment",
    "AppointmentStatus",
    "ContextIssue",
    "Group",
    "GroupKind",
    "GroupMember",
    "InterestedParty",
    "IssueKind",
    "Objective",
    "ObjectiveResult",
    "Policy",
    "RaciAssignment",
    "RaciLetter",
    "Risk",
    "RiskKind",
    "ScopeStatement",
]
