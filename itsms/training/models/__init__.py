"""Training sessions, attendance, competence requirements and awareness campaigns."""

from .awareness import AwarenessCampaign, AwarenessConfirmation
from .competence import CompetenceRequirement
from .sessions import (
    Attendance,
    SignInMethod,
    TrainingKind,
    TrainingMaterial,
    TrainingSession,
    TrainingSettings,
    TrainingStatus,
)

__all__ = [
    "Attendance",
    "AwarenessCampaign",
    "AwarenessConfirmation",
    "CompetenceRequirement",
    "SignInMethod",
    "TrainingKind",
    "TrainingMaterial",
    "TrainingSession",
    "TrainingSettings",
    "TrainingStatus",
]
