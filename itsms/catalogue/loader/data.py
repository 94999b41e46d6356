"""A library as parsed from a file, before it touches the database. Both formats produce these."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ClauseData:
    urn: str
    ref_id: str
    title: str
    title_zh: str
    parent_urn: str | None
    depth: int
    order: int
    summary: str = ""
    summary_zh: str = ""
    assessable: bool = True


@dataclass(frozen=True)
class RequirementData:
    urn: str
    clause_urn: str
    ref: str
    text: str
    text_zh: str
    order: int


@dataclass(frozen=True)
class DocumentedInfoData:
    urn: str
    clause_urn: str
    kind: str
    title: str
    title_zh: str
    description: str
    description_zh: str
    order: int


@dataclass(frozen=True)
class QuestionData:
    urn: str
    clause_urn: str
    requirement_urn: str | None
    text: str
    text_zh: str
    order: int


@dataclass(frozen=True)
class EvidenceData:
    urn: str
    clause_urn: str
    text: str
    text_zh: str
    order: int


@dataclass(frozen=True)
class LibraryData:
    source: str
    urn: str
    ref: str
    version: int
    name: str
    name_zh: str
    locale: str
    source_format: str
    description: str
    description_zh: str
    provider: str
    certifiable: bool
    clauses: tuple[ClauseData, ...]
    requirements: tuple[RequirementData, ...] = ()
    documented_info: tuple[DocumentedInfoData, ...] = ()
    questions: tuple[QuestionData, ...] = ()
    evidence: tuple[EvidenceData, ...] = ()
    sha256: str = ""


@dataclass(frozen=True)
class LinkData:
    source_ref: str
    target_ref: str
    relationship: str
    line: int


@dataclass(frozen=True)
class MappingData:
    source: str
    urn: str
    version: int
    name: str
    name_zh: str
    source_urn: str
    target_urn: str
    source_line: int
    target_line: int
    links: tuple[LinkData, ...] = field(default=())
    sha256: str = ""
