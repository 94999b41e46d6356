"""The diagnosis (gap analysis, 诊断) of an organization against the chosen standards."""

from .assessment import Assessment, AssessmentResult, DocumentAction
from .fieldwork import ChecklistItem, InspectedRecord, Interview, Observation, PlanSession
from .project import (
    BasisItem,
    BasisKind,
    DiagnosisProject,
    DiagnosisStatus,
    ExistingDocument,
    LawCategory,
    SupplementaryRequirement,
    Tailoring,
    TailoringDecision,
    TeamMember,
    TeamRole,
)

__all__ = [
    "Assessment",
    "AssessmentResult",
    "BasisItem",
    "BasisKind",
    "ChecklistItem",
    "DiagnosisProject",
    "DiagnosisStatus",
    "DocumentAction",
    "ExistingDocument",
    "InspectedRecord",
    "Interview",
    "LawCategory",
    "Observation",
    "PlanSession",
    "SupplementaryRequirement",
    "Tailoring",
    "TailoringDecision",
    "TeamMember",
    "TeamRole",
]
