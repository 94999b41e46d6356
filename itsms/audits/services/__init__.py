"""Writes of the audits area: the nonconformity register (10.1) and opportunities for improvement (10.2)."""

from .improvements import improvement_decide, improvement_propose, improvement_record_outcome
from .nonconformities import (
    FILE_PURPOSE,
    clean_why_chain,
    nonconformity_analyse_cause,
    nonconformity_close,
    nonconformity_plan_action,
    nonconformity_raise,
    nonconformity_record_correction,
    nonconformity_record_implementation,
    nonconformity_url,
    nonconformity_verify,
    reminder_topic,
)

__all__ = [
    "FILE_PURPOSE",
    "clean_why_chain",
    "improvement_decide",
    "improvement_propose",
    "improvement_record_outcome",
    "nonconformity_analyse_cause",
    "nonconformity_close",
    "nonconformity_plan_action",
    "nonconformity_raise",
    "nonconformity_record_correction",
    "nonconformity_record_implementation",
    "nonconformity_url",
    "nonconformity_verify",
    "reminder_topic",
]
