"""The requirement catalogue: standards loaded from YAML libraries, and mappings between them.

Catalogue rows are global reference data, shared by every organization (the one deliberate exception to
"every row has an organization"): libraries are read-only and identical for all tenants. Rows are never
deleted; an upgrade that drops an item marks it `retired` so assessments keep their answers.
"""

from .mappings import Mapping, MappingLink, Relationship
from .standards import (
    AuditQuestion,
    Clause,
    DocumentedInfo,
    DocumentedInfoKind,
    Requirement,
    SourceFormat,
    Standard,
    TypicalEvidence,
)

__all__ = [
    "AuditQuestion",
    "Clause",
    "DocumentedInfo",
    "DocumentedInfoKind",
    "Mapping",
    "MappingLink",
    "Relationship",
    "Requirement",
    "SourceFormat",
    "Standard",
    "TypicalEvidence",
]
