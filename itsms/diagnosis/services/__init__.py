"""Every write of the diagnosis area."""

from .assessments import (
    assessment_raise_nonconformity,
    assessment_save,
    writing_tasks_create,
)
from .checklist import checklist_generate, checklist_item_update
from .items import ITEM_MODELS, diagnosis_item_create, diagnosis_item_delete
from .project import diagnosis_create, diagnosis_report_sign, diagnosis_transition, diagnosis_update

__all__ = [
    "ITEM_MODELS",
    "assessment_raise_nonconformity",
    "assessment_save",
    "checklist_generate",
    "checklist_item_update",
    "diagnosis_create",
    "diagnosis_item_create",
    "diagnosis_item_delete",
    "diagnosis_report_sign",
    "diagnosis_transition",
    "diagnosis_update",
    "writing_tasks_create",
]
